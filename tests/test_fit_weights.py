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
