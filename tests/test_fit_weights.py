"""scripts/fit_weights.py: its decoder is wireparse's, its records are parse()'s, and fitting
recovers from a wrong weight (a handful of fixture pages, a few seconds)."""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, ROOT
from wireparse import header
from wireparse import label as label_mod
from wireparse.agencies import default_registry
from wireparse.cli import parse_fixture

np = pytest.importorskip("numpy")

CASES = [
    "spacedaily/afp-two-date",
    "ap-us/united-nations",
    "reuters-business/earnings-table",
    "xinhua/beijing-editor",
    "afp-web/paris-double-separator",
    "mid-body-ad/advertisement-mixed-labels",
    "html/ap-local-tv",
]


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location("fit_weights", ROOT / "scripts" / "fit_weights.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fit_weights"] = module
    spec.loader.exec_module(module)
    return module


fw = _load_script()


def _pages() -> list[Any]:
    out = []
    for case in CASES:
        page = next(
            (FIXTURES / (case + s) for s in (".txt", ".html") if (FIXTURES / (case + s)).exists()), None
        )
        if page is None:
            continue
        out.append(fw.prepare("fixtures", case, page, page.with_name(page.stem + ".label.json")))
    assert len(out) == len(CASES), "the test's fixture pages were renamed"
    return out


PAGES = _pages()
TABLE = tomllib.loads(
    (Path(label_mod.__file__).parent / "tables" / "weights.toml").read_text(encoding="utf-8")
)


def _settled(page: Any, labels: list[str]) -> list[str]:
    """The labels after ``header.settle`` (stage 5), as the golden parts record them."""
    meta = page.front.meta
    people = meta.authors if meta is not None else ()
    titles = meta.titles if meta is not None else ()
    return header.settle(page.units, page.feats, labels, default_registry(), people, titles)


def _violations(model: Any) -> int:
    """Units whose label, settled, the golden parts do not allow."""
    labels = [_settled(page, labs) for page, labs in zip(PAGES, fw.label_pages(model, PAGES), strict=True)]
    return sum(
        fw.IX[lab] not in allowed
        for page, labs in zip(PAGES, labels, strict=True)
        for lab, allowed in zip(labs, page.allowed, strict=True)
    )


def test_the_fitters_decoder_is_wireparses() -> None:
    current = fw.model_from_table(TABLE)
    for page, labels in zip(PAGES, fw.label_pages(current, PAGES), strict=True):
        assert labels == label_mod.label(page.feats), page.name
        path = next(
            FIXTURES / (page.name + s) for s in (".txt", ".html") if (FIXTURES / (page.name + s)).exists()
        )
        d, _ = parse_fixture(path)
        assert fw.build(page, labels).to_dict() == d.to_dict(), page.name


def test_the_golden_parts_are_met_by_the_current_weights() -> None:
    assert _violations(fw.model_from_table(TABLE)) == 0


def test_fitting_recovers_a_wrong_weight() -> None:
    current = fw.model_from_table(TABLE)
    broken = current.copy()
    i, h = broken.vocab["headline_shape"], fw.IX["headline"]
    broken.W[i, h] = -6.0  # headlines lost: their lines go to the boilerplate
    assert _violations(broken) > 0
    fitted = fw.fit(PAGES, broken, epochs=3, rate=0.5, cap=50)
    assert _violations(fitted) < _violations(broken)
    assert fitted.W[fitted.vocab["headline_shape"], h] > -6.0


def test_the_written_table_reads_back_as_the_model() -> None:
    text = (Path(label_mod.__file__).parent / "tables" / "weights.toml").read_text(encoding="utf-8")
    current = fw.model_from_table(TABLE)
    moved = current.copy()
    moved.W[moved.vocab["sentence"], fw.IX["pre"]] = -1.25
    moved.W[moved.vocab["cls_ad"], fw.IX["hboil"]] = 3.5
    again = fw.model_from_table(tomllib.loads(fw.model_to_toml(moved, text)))
    for name, row in moved.vocab.items():
        assert list(again.W[again.vocab[name]]) == list(moved.W[row]), name
    assert (again.T == moved.T).all() and (again.S == moved.S).all() and (again.E == moved.E).all()
    assert "cls_ad" in again.hint_names


def test_folds_keep_each_site_whole_and_each_reuters_layout_apart() -> None:
    group = fw._group
    assert group("fundus-dev", "uk__BBC_2024_01_02", {"url": "https://www.bbc.co.uk/news/x"}) == "bbc.co.uk"
    assert group("aeb-text", "ab12", {"url": "https://edition.cnn.com/2019/x"}) == group(
        "aeb-html", "ab12", {"url": "https://www.cnn.com/y"}
    )
    assert group("readability-dev", "nytimes-3", {}) == group("readability-dev", "nytimes-1", {})
    pages = [
        fw.Page(corpus, name, group(corpus, name, label), label, None, None)
        for corpus, name, label in [
            *(("reuters-pages", f"d{k}-{i:05d}", {}) for k in range(1, 5) for i in range(3)),
            *(("aeb-html", f"p{i}", {"url": f"https://site{i % 4}.com/{i}"}) for i in range(12)),
        ]
    ]
    folds = fw.assign_folds(pages, 5)
    by_group: dict[str, set[int]] = {}
    for page, fold in zip(pages, folds, strict=True):
        by_group.setdefault(page.group, set()).add(fold)
    assert all(len(f) == 1 for f in by_group.values())
    layouts = [next(iter(by_group[f"layout:d{k}"])) for k in range(1, 5)]
    assert len(set(layouts)) == 4


def _body_text_page(text: str, label: dict[str, Any]) -> Any:
    """A text page with a gold ``body_text`` label, prepared as the fitter prepares one."""
    page = fw.Page("fundus-dev", "synthetic", "synthetic", label, None, None)
    front = fw.parse_mod.prepare(text, default_registry())
    page.units, page.feats, page.fmt = front.units, front.feats, front.format
    return page


def test_the_byline_gold_is_the_first_author_line_under_the_headline_and_a_dek_above_it_no_body() -> None:
    lines = [
        "Ana Ruiz: a teaser for another story of hers",
        "Harbour board approves second ferry terminal",
        "The new terminal will double the number of crossings to the islands by 2027.",
        "By Ana Ruiz",
        "The harbour board voted six to one on Tuesday to build a second ferry terminal.",
        "More from Ana Ruiz",
    ]
    label = {
        "headline": lines[1],
        "authors": ["Ana Ruiz"],
        "body_text": " ".join((lines[2], lines[4])),
    }
    page = _body_text_page("\n\n".join(lines), label)
    allowed = fw._allowed_from_body_text(page)
    byline, headline = fw.IX["byline"], fw.IX["headline"]
    assert allowed[3] == {byline} and allowed[1] == {headline}
    # the teaser above the headline and the line under the story name her too: neither is pinned
    assert byline not in allowed[0] and byline not in allowed[5]
    # the dek is in the gold body but above the byline, where the grammar has no body: no body
    assert not allowed[2] & fw.BODY
    assert allowed[4] <= fw.BODY


def test_orders_average_the_weights_of_each_page_order() -> None:
    current = fw.model_from_table(TABLE)
    broken = current.copy()
    broken.W[broken.vocab["headline_shape"], fw.IX["headline"]] = -6.0
    runs = [fw.fit_once(PAGES, broken, epochs=2, rate=0.5, cap=50, seed=s) for s in (3, 4)]
    both = fw.fit(PAGES, broken, epochs=2, rate=0.5, cap=50, seed=3, orders=2)
    mean = (runs[0].W + runs[1].W) / 2
    finite = np.isfinite(mean)
    assert np.allclose(both.W[finite], fw._round(mean)[finite])
    assert not np.allclose(runs[0].W, runs[1].W)  # the two orders differ: the average is not one of them


def test_a_page_without_its_metadata_keeps_every_other_feature() -> None:
    current = fw.model_from_table(TABLE)
    page = next(p for p in PAGES if p.fmt == "html")
    compiled = fw.compile_page(page, current, label_mod._required())
    meta = np.array([current.vocab[n] for n in fw.META_HINTS if n in current.vocab])
    pad = len(current.vocab)
    stripped = fw._without(compiled, meta, pad)
    assert stripped is not None
    assert not np.isin(stripped.idx, meta).any() and np.isin(compiled.idx, meta).any()
    kept = compiled.idx[~np.isin(compiled.idx, meta)]
    assert (stripped.idx[~np.isin(compiled.idx, meta)] == kept).all()
