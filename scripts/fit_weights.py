"""Fit every weight of the page decoder (tables/weights.toml) on all labelled corpora, with CV.

    python scripts/fit_weights.py               # the table: current / fitted / cross-validated
    python scripts/fit_weights.py --write       # the same, then rewrite tables/weights.toml
    python scripts/fit_weights.py --no-cv       # current and fitted only (about a third of the time)

Needs numpy (in the ``test`` extra) and ``../shared/eval/score.py``.

One command prints, for each corpus and each measure of ``../shared/eval/score.py`` (imported, not
reimplemented), three figures side by side:

* **current**: the weights in ``tables/weights.toml`` as they stand;
* **fitted**: the weights this script fits on all the corpora (what ``--write`` would install);
* **CV**: cross-validated. The pages are split into K folds (``--folds``, 5) grouped by site: all
  pages of one publisher (the host of the label's ``url``; a fixture family; a Readability test
  page) sit in one fold, and the four reuters-pages layouts (``d1``..``d4``) each make a fold of
  their own (leave one layout out). Each fold is scored with weights fitted on the other folds.
  A fitted figure far above its CV figure means features that only name the dev pages.

The corpora: ``seed``, ``reuters-pages``, ``aeb-text``, ``aeb-html``, ``fundus-dev``,
``readability-dev`` under ``--corpus`` (``../shared/corpus``), and the project's own ``fixtures/``.
Each gives what gold it has, and each unit of a page is constrained only where the gold speaks:

* full labels (seed, reuters-pages: ``paragraphs``, ``headline``, ``site``, ``byline``,
  ``boilerplate``, ``rights``): a unit whose text is a gold paragraph is body (after its dateline,
  for an inline one); the headline, banner and byline lines take their labels; listed boilerplate
  lines take one of the four boilerplate labels; every other unit is *not body*;
* fixtures: the parts of the reviewed golden record (``NAME.json``), kept only where they agree with
  the hand-written ``NAME.label.json`` paragraphs;
* a gold ``body_text`` (aeb, fundus, readability): a unit whose words (three or more) appear in it
  in order is body or dateline, a unit whose words do not appear is not; the first unit that is the
  gold ``headline`` is the headline, the first short unit below it holding every gold author is the
  byline (the others that name them are teasers of the author's other stories, or a bio); other
  units are free; where the label gives the dateline's city and the gold body opens with it, the
  units above the one that opens with the city are not body.

The model is the decoder's own: per feature a weight for each of the ten labels (the text features
of ``[emit.*]`` and the HTML markup hints of ``[hints.*]`` alike), with ``--transitions`` also the
transition, start and end weights of the grammar (which steps are allowed is kept either way), and
``[require]`` as it is. An averaged structured perceptron fits it: each page is decoded as
``wireparse.label.label`` decodes it (two passes, ``past_end``), and again constrained to the gold
(relaxed step by step when no path of the grammar meets every constraint); where the two differ,
the features of the differing units move, by ``--rate`` over the square root of how many units
differ (a long page counts no more than a short one); the prediction is loss-augmented
(``--margin``: a label the gold forbids scores that much more while fitting, so the fitted weights
must win by a margin); the HTML markup hints move ``--hint-rate`` times as fast (hand-set on few
pages, they have far to go) and the text features ``--text-rate`` times (0 by default: held as
they are, since fitted they cost reuters-pages exact bodies and aeb-text datelines under CV).
The four boilerplate labels move together, keeping the differences the current table gives them
(position features such as ``past_end``, ``bias``): which one a furniture
line is, no gold says, and fitted apart they drift until hundreds of menu lines outweigh the story.
Fitting starts from the installed text weights and the hand-set hints of ``hint_prior.toml``
(``--init prior``; ``current`` starts from the installed table, ``zero`` from nothing), and each
epoch pulls the weights back toward that start by ``--shrink``; half of each HTML page's showings
leave out its metadata hints (``--no-meta``), so that the printed markup keeps its weight; few epochs
(``--epochs``), averaging, at most ``--cap`` pages of each corpus per epoch (reuters-pages would
outweigh the rest; smaller corpora go round twice unless ``--no-balance``) and rounding to steps of
0.25 regularise it; ``--orders N`` fits on N page orders (``--seed``, ``--seed`` + 1…) and
averages the weights, so that a figure does not hang by a page on which page came first. Each
page's features are computed once (stage 3, ``wireparse.features``) and cached in ``--cache``;
only the decoder runs while fitting, so the whole command takes about three minutes with two
workers (about a minute with ``--no-cv``).

``--write`` rewrites ``tables/weights.toml`` (comments kept, each table's keys in their old order,
shared boilerplate weights factored into ``[emit.boilerplate]`` / ``[hints.boilerplate]``) and
prints the weights that changed most. Write only when the CV figures beat the current ones and the
fitted figures keep the floors of ``tests/corpus_floors.toml``; the script says whether they do.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gzip
import hashlib
import importlib
import json
import multiprocessing
import os
import pickle
import random
import re
import sys
import time
import tomllib
import types
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wireparse import features as features_mod
from wireparse import label as label_mod
from wireparse.agencies import default_registry
from wireparse.cli import fixture_options

parse_mod = importlib.import_module("wireparse.parse")  # the module: wireparse.parse is also a function

ROOT = Path(__file__).resolve().parent.parent
LABELS = label_mod.LABELS
K = len(LABELS)
NEG = float("-inf")
IX = {lab: i for i, lab in enumerate(LABELS)}
BODY = frozenset((IX["body"], IX["dateline"]))
ALL = frozenset(range(K))
NOT_BODY = ALL - BODY
BOILER = frozenset(IX[s] for s in label_mod.BOILERPLATE_STATES)
CORPORA = ("seed", "reuters-pages", "aeb-text", "aeb-html", "fundus-dev", "readability-dev")
WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")
STEP = 0.25
"""Fitted weights are rounded to multiples of this (exact in binary: sums do not depend on order)."""
MEASURES = {
    "seed": ("mean field rate",),
    "reuters-pages": (
        "body.exact", "body.no leak", "body.f1", "dateline.city", "dateline.date", "dateline.agency",
        "headline", "site", "byline", "rights.holder",
    ),
    "aeb-text": ("body.text f1", "body.text f1>=0.5", "dateline.found", "dateline.city"),
    "aeb-html": ("body.text f1", "body.text f1>=0.5", "dateline.found"),
    "fundus-dev": ("body.text f1", "body.text f1>=0.5", "headline", "byline.authors"),
    "readability-dev": ("body.text f1", "body.text f1>=0.5", "headline", "byline.authors"),
    "fixtures": ("mean field rate", "body.exact", "headline", "byline", "dateline.city"),
}  # fmt: skip


def norm(text: str | None) -> str:
    """score.py's norm: white space collapsed, casefolded."""
    return SPACE.sub(" ", str(text)).strip().casefold() if text is not None else ""


def words(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


# --- the pages --------------------------------------------------------------------------------------


@dataclass
class Page:
    """One labelled page with its stage-3 features, computed once."""

    corpus: str
    name: str
    group: str
    label: dict[str, Any]
    """The label the scorer reads."""
    reference_date: dt.date | None
    url: str | None
    source: str = ""
    units: list[Any] = field(default_factory=list)
    feats: list[features_mod.Feature] = field(default_factory=list)
    meta: Any = None
    defects: list[Any] = field(default_factory=list)
    encoding: str | None = None
    fmt: str = "text"
    allowed: list[frozenset[int]] = field(default_factory=list)
    """Per unit, the labels the gold allows."""
    front: Any = None
    """The page after ``wireparse.parse.prepare`` (stages 1-3)."""


def _host(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?([^/:?#\s]+)", url.strip(), re.I)
    if not m:
        return None
    parts = m.group(1).lower().split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net", "ac", "gov") else 2
    return ".".join(parts[-keep:])


def _group(corpus: str, stem: str, label: dict[str, Any]) -> str:
    """The fold group: a publisher, a reuters-pages layout, a fixture family."""
    if corpus == "reuters-pages":
        return "layout:" + stem.split("-", 1)[0]
    if corpus == "seed":
        return "spacedaily"  # the SpaceDaily network, as fixtures/spacedaily
    if corpus == "fixtures":
        return stem.split("/", 1)[0]
    host = _host(label.get("url"))
    if host:
        return host
    if corpus == "fundus-dev":
        return "fundus:" + stem.rsplit("_", 3)[0]
    # Readability's test pages name their site, numbered when there are several (nytimes-1..4)
    return f"{corpus}:{re.sub(r'-[0-9]+$', '', stem)}"


def _read_data(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def find_pages(corpus_root: Path, fixtures: Path) -> list[tuple[str, str, Path, Path]]:
    """(corpus, name, page file, label file) of every labelled page."""
    out = []
    for corpus in CORPORA:
        folder = corpus_root / corpus
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            stem = path.name.removesuffix(".gz").removesuffix(".html").removesuffix(".txt")
            if stem == path.name or not (folder / (stem + ".json")).exists():
                continue
            out.append((corpus, stem, path, folder / (stem + ".json")))
    if fixtures.is_dir():
        for path in sorted(p for suffix in ("*.txt", "*.html") for p in fixtures.rglob(suffix)):
            label = path.with_name(path.stem + ".label.json")
            if label.exists() and path.with_suffix(".json").exists():
                out.append(("fixtures", str(path.relative_to(fixtures).with_suffix("")), path, label))
    return out


def prepare(corpus: str, name: str, path: Path, label_path: Path) -> Page:
    """Stages 1-3 as ``wireparse.parse`` runs them, and the gold constraints of each unit."""
    label = json.loads(label_path.read_text(encoding="utf-8"))
    data = _read_data(path)
    if corpus == "fixtures":
        opts = fixture_options(path)
        ref, url = opts.get("reference_date"), opts.get("url")
        page_in: str | bytes = data
    else:
        ref, url = label.get("reference_date"), None
        # as score.py gives them: plain text as str, HTML as the saved bytes
        page_in = data.decode("utf-8") if path.name.endswith(".txt") else data
    page = Page(
        corpus, name, _group(corpus, name, label), label, dt.date.fromisoformat(ref) if ref else None, url
    )
    front = parse_mod.prepare(page_in, default_registry())
    page.front = front
    page.feats = front.feats
    page.source, page.units, page.defects = front.source, front.units, front.defects
    page.meta = front.meta
    page.encoding, page.fmt = front.encoding, front.format
    if corpus == "fixtures":
        golden = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        page.allowed = _allowed_from_parts(page, golden["parts"])
    elif "paragraphs" in label:
        page.allowed = _allowed_from_paragraphs(page)
    elif "body_text" in label:
        page.allowed = _allowed_from_body_text(page)
    else:
        page.allowed = [ALL] * len(page.units)
    return page


def _rest(page: Page, i: int) -> str | None:
    """The text of unit i after its dateline, if the dateline grammar matched it."""
    m = page.feats[i].dateline
    if m is None:
        return None
    u = page.units[i]
    return norm(page.source[u.start + m.body_start : u.end])


def _allowed_from_paragraphs(page: Page) -> list[frozenset[int]]:
    lab = page.label
    paras = {norm(p) for p in lab.get("paragraphs") or ()}
    site, headline, byline = norm(lab.get("site")), norm(lab.get("headline")), norm(lab.get("byline"))
    seen: set[str] = set()
    out = []
    for i, (u, f) in enumerate(zip(page.units, page.feats, strict=True)):
        key = norm(u.text)
        rest = _rest(page, i)
        if key in paras or (rest and rest in paras):
            out.append(frozenset((IX["body"],)))
        elif rest == "" and lab.get("dateline"):
            out.append(frozenset((IX["dateline"],)))
        elif site and "site" not in seen and key.startswith(site):
            seen.add("site")
            out.append(frozenset((IX["site"],)))
        elif headline and "headline" not in seen and key == headline:
            seen.update(("headline", "site"))
            out.append(frozenset((IX["headline"],)))
        elif byline and "body" not in seen and byline in key and len(key) <= len(byline) + 40:
            out.append(frozenset((IX["byline"],)))
        elif lab.get("rights") and "rights_agency" in f.names:
            out.append(frozenset((IX["rights"],)) | BOILER)
        else:  # a listed boilerplate line, or any other: the label names the page's every part
            out.append(BOILER | {IX["rights"]})
        if out[-1] == {IX["body"]}:
            seen.update(("body", "site", "headline"))
        elif key:
            seen.add("any")
    return out


_PART_LABELS = {
    "site": {IX["site"]},
    "headline": {IX["headline"]},
    "byline": {IX["byline"]},
    "rights": {IX["rights"]},
    "boilerplate": BOILER | {IX["rights"]},
    "dateline": {IX["dateline"]},
    "paragraph": {IX["body"]},
}


def _allowed_from_parts(page: Page, parts: Sequence[dict[str, Any]]) -> list[frozenset[int]]:
    """Fixtures: each unit's label from the golden parts over its span."""
    paras = {norm(p) for p in page.label.get("paragraphs") or ()}
    spans = sorted((p["span"][0], p["span"][1], p["kind"]) for p in parts)
    out = []
    for i, u in enumerate(page.units):
        kinds = {k for s, e, k in spans if s < u.end and e > u.start}
        if "paragraph" in kinds:
            allowed = {IX["body"]}
        elif "dateline" in kinds:
            allowed = {IX["dateline"]}
        elif len(kinds) == 1:
            allowed = set(_PART_LABELS.get(next(iter(kinds)), ALL))
        else:
            allowed = set(ALL)
        if "paragraphs" in page.label and IX["body"] in allowed:
            rest = _rest(page, i)
            if norm(u.text) not in paras and not (rest and rest in paras):
                allowed = set(ALL) - {IX["body"]} if allowed == {IX["body"]} else allowed - {IX["body"]}
        out.append(frozenset(allowed or ALL))
    return out


def _allowed_from_body_text(page: Page) -> list[frozenset[int]]:
    """A gold body_text: body where a unit's words are in it, and headline and byline only where the
    label's headline and authors allow (what the label does not name stays possible)."""
    lab = page.label
    gold = " " + words(lab["body_text"]) + " "
    headline = words(lab.get("headline") or "")
    authors = [norm(a) for a in lab.get("authors") or ()]
    keys = [words(u.text) for u in page.units]
    other = set(BOILER | {IX["site"], IX["rights"]})
    if not headline or headline not in keys:
        other.add(IX["headline"])  # no headline labelled, or the page never prints it as a line
    if "authors" not in lab:
        other.add(IX["byline"])
    not_body = frozenset(other)
    out = []
    headline_at = next((i for i, key in enumerate(keys) if key and key == headline), -1)
    # the byline is one line: the first short one naming every author below the headline (above
    # it, and further down, the names are teasers of the author's other stories, or a bio)
    byline_at = -1
    if authors:
        holds = [
            i
            for i, (u, key) in enumerate(zip(page.units, keys, strict=True))
            if i != headline_at and len(key.split()) <= 12 and all(a in norm(u.text) for a in authors)
        ]
        byline_at = next((i for i in holds if i > headline_at), holds[0] if holds else -1)
    for i, key in enumerate(keys):
        inside = bool(key) and f" {key} " in gold
        if i == headline_at:
            out.append(BODY | {IX["headline"]} if inside else frozenset((IX["headline"],)))
        elif inside and len(key.split()) >= 3:
            # an <h1> the gold body holds may be the page's headline all the same: Readability's
            # output keeps the printed title where the metadata names another
            h1 = page.fmt == "html" and "tag_h1" in page.feats[i].names
            out.append(BODY | {IX["headline"]} if h1 else BODY)
        elif inside:
            out.append(BODY | not_body)
        elif i == byline_at:
            out.append(frozenset((IX["byline"],)))
        else:
            out.append(not_body)
    # the grammar puts no body above the headline or the byline: a gold body line above the pinned
    # byline is the standfirst (a dek printed over the author's name), which the decoder labels
    # ``hboil`` and the standfirst step (``wireparse.standfirst``) takes, scored as body again
    top = max(headline_at if headline_at >= 0 and out[headline_at] == {IX["headline"]} else -1, byline_at)
    for i in range(max(top, 0)):
        if out[i] & BODY:
            out[i] = out[i] - BODY or not_body
    # a labelled dateline opens the gold body (every aeb page with one starts its body_text with
    # the city): whatever stands above the unit that opens with it is no body
    city = norm((lab.get("dateline") or {}).get("city"))
    if city and norm(lab["body_text"]).startswith(city):
        first = next((i for i, u in enumerate(page.units) if norm(u.text).startswith(city)), -1)
        for i in range(max(first, 0)):
            out[i] = out[i] - BODY or not_body
    return out


def _source_hash() -> str:
    h = hashlib.sha256()
    pkg = Path(label_mod.__file__).parent
    for p in sorted(pkg.rglob("*")):
        if p.suffix in (".py", ".toml", ".tsv") and p.name != "weights.toml":
            h.update(p.name.encode() + p.read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


def load_pages(corpus_root: Path, fixtures: Path, cache: Path | None, jobs: int) -> list[Page]:
    found = find_pages(corpus_root, fixtures)
    key = _source_hash() + hashlib.sha256(repr([(c, n) for c, n, _, _ in found]).encode()).hexdigest()[:8]
    if cache is not None and cache.exists():
        try:
            stored_key, pages = pickle.loads(cache.read_bytes())
            if stored_key == key:
                return pages  # type: ignore[no-any-return]
        except Exception:  # a damaged cache is rebuilt
            pass
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pages = pool.starmap(prepare, found, chunksize=8)
    else:
        pages = [prepare(*args) for args in found]
    if cache is not None:  # written whole, then renamed: a run reading it never sees half a file
        part = cache.with_name(f"{cache.name}.{os.getpid()}.part")
        part.write_bytes(pickle.dumps((key, pages), protocol=pickle.HIGHEST_PROTOCOL))
        part.replace(cache)
    return pages


# --- the model --------------------------------------------------------------------------------------


@dataclass
class Model:
    """The decoder's weights as arrays: W[feature, label], T[from, to], S[to], E[from]."""

    vocab: dict[str, int]
    W: np.ndarray
    T: np.ndarray
    S: np.ndarray
    E: np.ndarray
    hint_names: frozenset[str]

    def copy(self) -> Model:
        return Model(
            dict(self.vocab), self.W.copy(), self.T.copy(), self.S.copy(), self.E.copy(), self.hint_names
        )


def model_from_table(table: dict[str, Any], names: Sequence[str] = ()) -> Model:
    """The weights of a weights.toml table, laid out as wireparse.label._weights reads them."""
    hints = table.get("hints", {})
    hint_names = frozenset(k for group in hints.values() for k in group)
    vocab: dict[str, int] = {}
    for n in ("bias", "past_end", *sorted(names)):
        vocab.setdefault(n, len(vocab))
    rows: dict[str, list[float]] = {}
    shared = {**table["emit"].get("boilerplate", {}), **hints.get("boilerplate", {})}
    for li, lab in enumerate(LABELS):
        own = {**table["emit"].get(lab, {}), **hints.get(lab, {})}
        base = shared if lab in label_mod.BOILERPLATE_STATES else {}
        for feat in {*base, *own}:
            rows.setdefault(feat, [0.0] * K)[li] = float(base.get(feat, 0.0)) + float(own.get(feat, 0.0))
    for feat in sorted(rows):
        vocab.setdefault(feat, len(vocab))
    W = np.zeros((len(vocab) + 1, K))  # the last row stays zero: padding
    for feat, row in rows.items():
        W[vocab[feat]] = row
    T = np.full((K, K), NEG)
    for src, row in table["transitions"].items():
        for dst, w in row.items():
            T[IX[src], IX[dst]] = float(w)
    S = np.full(K, NEG)
    for dst, w in table["start"].items():
        S[IX[dst]] = float(w)
    E = np.full(K, NEG)
    for src, w in table["end"].items():
        E[IX[src]] = float(w)
    return Model(vocab, W, T, S, E, hint_names)


def grow(model: Model, names: Sequence[str], hint_names: Sequence[str] = ()) -> Model:
    """The model with rows for feature names it does not know yet (weight 0)."""
    new = [n for n in sorted(set(names)) if n not in model.vocab]
    m = model.copy()
    m.hint_names = model.hint_names | frozenset(hint_names)
    if not new:
        return m
    pad = m.W[-1:]
    m.W = np.vstack([m.W[:-1], np.zeros((len(new), K)), pad])
    for n in new:
        m.vocab[n] = len(m.vocab)
    return m


@dataclass
class Compiled:
    """A page as the fitter decodes it: feature indices per unit and the fixed masks."""

    idx: np.ndarray
    """(units, max features) indices into W; padded with the zero row."""
    req: np.ndarray
    """(units, K): 0 or -inf where [require] forbids a label."""
    gold: list[np.ndarray]
    """(units, K): 0 or -inf where the gold forbids a label; then the same with the headline and
    byline lines free among the labels that are not body, then only body / not body: for a page
    whose every constraint no path of the grammar can meet (a byline under a standfirst the gold
    counts as body, an author named in a bio under the story)."""
    end_marker: list[bool]
    story_start: list[bool]
    words: list[int]
    has_dateline: list[bool]


def compile_page(page: Page, model: Model, required: Sequence[tuple[int, str]]) -> Compiled:
    pad = len(model.vocab)
    lists = [
        [model.vocab["bias"], *(model.vocab[n] for n in f.names if n in model.vocab)] for f in page.feats
    ]
    width = max((len(x) for x in lists), default=1)
    idx = np.full((len(lists), width), pad, dtype=np.int64)
    for i, x in enumerate(lists):
        idx[i, : len(x)] = x
    req = np.zeros((len(lists), K))
    for i, f in enumerate(page.feats):
        for j, need in required:
            if need not in f.names:
                req[i, j] = NEG
    masks = [np.full((len(lists), K), NEG) for _ in range(3)]
    singles = ({IX["headline"]}, {IX["byline"]})
    for i, allowed in enumerate(page.allowed):
        masks[0][i, sorted(allowed)] = 0.0
        masks[1][i, sorted(NOT_BODY if allowed in singles else allowed)] = 0.0
        loose = NOT_BODY if not allowed & BODY else allowed if allowed <= BODY else ALL
        masks[2][i, sorted(loose)] = 0.0
    return Compiled(
        idx,
        req,
        masks,
        [label_mod.is_end_marker(f) for f in page.feats],
        label_mod.story_starts(page.feats),
        [f.words for f in page.feats],
        [f.dateline is not None for f in page.feats],
    )


def viterbi(em: np.ndarray, model: Model) -> list[int] | None:
    """wireparse.label.decode over emission rows ``em`` (ties to the lower label, as there)."""
    n = len(em)
    if n == 0:
        return []
    T = model.T
    score = model.S + em[0]
    back = np.zeros((n, K), dtype=np.int64)
    cols = np.arange(K)
    for t in range(1, n):
        cand = score[:, None] + T
        arg = cand.argmax(axis=0)
        back[t] = arg
        score = cand[arg, cols] + em[t]
    final = score + model.E
    state = int(final.argmax())
    if final[state] == NEG:
        return None
    path = [state]
    for t in range(n - 1, 0, -1):
        state = int(back[t, state])
        path.append(state)
    path.reverse()
    return path


def decode(model: Model, c: Compiled, cost: np.ndarray | None = None) -> tuple[list[int], int]:
    """wireparse.label.label: (the labels, the last unit before ``past_end``; -1 when none).
    ``cost`` (units, K) is added to the emissions: loss-augmented decoding while fitting."""
    base = model.W[c.idx].sum(axis=1) + c.req
    if cost is not None:
        base = base + cost
    path = viterbi(base, model) or []
    body = IX["body"]
    start = next((i for i, lab in enumerate(path) if lab == body), -1)
    if start < 0:
        return path, -1
    start = next((i for i in range(start, len(path)) if c.has_dateline[i] and path[i] == body), start)
    end, total = -1, 0
    for i in range(start, len(path)):
        if total >= label_mod.ARTICLE_WORDS and c.story_start[i]:
            end = i
            break
        if path[i] == body:
            total += c.words[i]
        elif total >= label_mod.ARTICLE_WORDS and c.end_marker[i]:
            end = i
            break
    if end < 0:
        return path, -1
    marked = base.copy()
    marked[end + 1 :] += model.W[model.vocab["past_end"]]
    second = viterbi(marked, model) or []
    if body not in second[start : end + 1]:
        return path, -1
    return second, end


def emissions_for(model: Model, c: Compiled, end: int) -> np.ndarray:
    em: np.ndarray = model.W[c.idx].sum(axis=1) + c.req
    if end >= 0:
        em[end + 1 :] += model.W[model.vocab["past_end"]]
    return em


# --- fitting ----------------------------------------------------------------------------------------


HINT_PRIOR = Path(__file__).with_name("hint_prior.toml")
"""The markup hints as first set by hand: where a fit of the hints starts (``--init prior``) and
what ``--shrink`` pulls it back toward, so that ``--write`` twice gives the same table."""
META_HINTS = ("meta_headline", "meta_site", "meta_author", "meta_other")
"""The hints that come from the page's metadata, not its printed markup."""


def _without(c: Compiled, drop: np.ndarray, pad: int) -> Compiled | None:
    """The compiled page with the features ``drop`` taken out; None when it has none of them."""
    hit = np.isin(c.idx, drop)
    if not hit.any():
        return None
    return dataclasses.replace(c, idx=np.where(hit, pad, c.idx))


def fit_once(
    pages: Sequence[Page],
    start: Model,
    *,
    epochs: int = 8,
    rate: float = 0.1,
    cap: int = 150,
    transitions: bool = False,
    seed: int = 0,
    norm_updates: bool = True,
    untied: frozenset[str] = frozenset(),
    margin: float = 2.0,
    hint_rate: float = 6.0,
    balance: bool = True,
    text_rate: float = 1.0,
    no_meta: float = 0.5,
    shrink: float = 0.0,
) -> Model:
    """An averaged structured perceptron from ``start``, pages shown in the order ``seed`` draws;
    the weights are not rounded (:func:`fit` rounds).

    ``margin``: loss-augmented prediction. ``balance``: corpora smaller than ``cap`` go round
    again, up to twice, so that each weighs about as much. ``hint_rate`` and ``text_rate``
    multiply the rate of the HTML markup hints and of the other features (0 holds them fixed).
    ``no_meta``: the share of an HTML page's showings made without its metadata hints
    (:data:`META_HINTS`), as if its ``<head>`` were stripped: almost every dev page declares its
    headline, and fitted on them alone the printed headline's markup (``<h1>``) loses its weight.
    ``untied`` names features whose four boilerplate weights are fitted apart (all others move
    together, keeping the differences ``start`` gives them)."""
    names = {n for p in pages for f in p.feats for n in f.names}
    model = grow(start, sorted(names))
    required = label_mod._required()
    compiled = [compile_page(p, model, required) for p in pages]
    meta_idx = np.array(sorted(model.vocab[n] for n in META_HINTS if n in model.vocab))
    stripped = [_without(c, meta_idx, len(model.vocab)) for c in compiled]
    # a label the gold forbids scores ``margin`` more while fitting: the fitted weights must beat
    # it by that much (a margin, as a structured SVM asks, for pages not seen)
    costs = [np.where(c.gold[0] == NEG, margin, 0.0) if margin else None for c in compiled]
    by_corpus: dict[str, list[int]] = {}
    for i, p in enumerate(pages):
        if len(p.units):
            by_corpus.setdefault(p.corpus, []).append(i)
    rnd = random.Random(seed)
    total_w, total_t = np.zeros_like(model.W), np.zeros_like(model.T)
    total_s, total_e = np.zeros_like(model.S), np.zeros_like(model.E)
    allowed_t = model.T != NEG
    allowed_s, allowed_e = model.S != NEG, model.E != NEG
    steps = 0
    pad = len(model.vocab)
    past_end = model.vocab["past_end"]
    # the four boilerplate labels move together: which one a line of furniture is, no gold says,
    # so their differences (past_end, dateline_block... in the start table) are kept as they are
    boiler_cols = np.array(sorted(BOILER))
    scale = np.full(len(model.vocab) + 1, text_rate)
    for name, i in model.vocab.items():
        if name in model.hint_names:
            scale[i] = hint_rate  # the markup hints: weights set by hand for few pages, moved faster
    tied = np.ones(len(model.vocab) + 1, dtype=bool)
    for name, i in model.vocab.items():
        tied[i] = name not in untied
    prior = model.W.copy()
    for _ in range(epochs):
        if shrink:
            # each epoch pulls the weights back toward the start by ``shrink``: what few pages say
            # moves a weight less far from what the start table (the hand-set prior) gives it
            model.W -= shrink * (model.W - prior)
        order = []
        for idxs in by_corpus.values():
            order.extend(rnd.sample(idxs, min(cap, len(idxs))))
            if balance:  # a small corpus counts as much as a large one: its pages twice at most
                order.extend(rnd.sample(idxs, max(0, min(cap, 2 * len(idxs)) - len(idxs))))
        rnd.shuffle(order)
        for i in order:
            c = compiled[i]
            if stripped[i] is not None and rnd.random() < no_meta:
                c = stripped[i]
            pred, end = decode(model, c, costs[i])
            em = emissions_for(model, c, end)
            gold = None
            for mask in c.gold:
                gold = viterbi(em + mask, model)
                if gold is not None:
                    break
            if gold is not None and pred and gold != pred:
                diff = sum(1 for g, p in zip(gold, pred, strict=True) if g != p)
                # a page moves the weights by about ``rate`` in all, however many units it gets wrong
                r = rate / diff**0.5 if norm_updates else rate
                for t, (g, p) in enumerate(zip(gold, pred, strict=True)):
                    if g == p:
                        continue
                    feats = c.idx[t][c.idx[t] != pad]
                    if end >= 0 and t > end:
                        feats = np.append(feats, past_end)
                    own = feats[~tied[feats]]
                    np.add.at(model.W[:, g], own, r * scale[own])
                    np.add.at(model.W[:, p], own, -r * scale[own])
                    shared = feats[tied[feats]]
                    if len(shared) and not (g in BOILER and p in BOILER):
                        for lab, sign in ((g, r), (p, -r)):
                            cols = boiler_cols if lab in BOILER else np.array([lab])
                            step = (sign * scale[shared])[:, None] * np.ones(len(cols))
                            np.add.at(model.W, (shared[:, None], cols[None, :]), step)
                if transitions:
                    model.S[gold[0]] += r
                    model.S[pred[0]] -= r
                    model.E[gold[-1]] += r
                    model.E[pred[-1]] -= r
                    for t in range(1, len(gold)):
                        if (gold[t - 1], gold[t]) != (pred[t - 1], pred[t]):
                            model.T[gold[t - 1], gold[t]] += r
                            model.T[pred[t - 1], pred[t]] -= r
                    model.T[~allowed_t] = NEG
                    model.S[~allowed_s] = NEG
                    model.E[~allowed_e] = NEG
            steps += 1
            total_w += model.W
            total_t += np.where(allowed_t, model.T, 0.0)
            total_s += np.where(allowed_s, model.S, 0.0)
            total_e += np.where(allowed_e, model.E, 0.0)
    n = max(steps, 1)
    out = model.copy()
    if steps:
        out.W = total_w / n
        out.T = np.where(allowed_t, total_t / n, NEG)
        out.S = np.where(allowed_s, total_s / n, NEG)
        out.E = np.where(allowed_e, total_e / n, NEG)
    return out


def fit(pages: Sequence[Page], start: Model, *, orders: int = 1, seed: int = 0, **kwargs: Any) -> Model:
    """:func:`fit_once` for each of ``orders`` page orders (seeds ``seed``, ``seed + 1``…), the
    weights averaged, then rounded to :data:`STEP`. One order's figures move by a page or two with
    the seed; the average of a few does not hang on which page came first."""
    models = [fit_once(pages, start, seed=seed + k, **kwargs) for k in range(max(orders, 1))]
    out = models[0].copy()
    for name in ("W", "T", "S", "E"):
        stack = np.stack([getattr(m, name) for m in models])
        with np.errstate(invalid="ignore"):
            mean = stack.mean(axis=0)
        setattr(out, name, np.where(np.isneginf(getattr(models[0], name)), NEG, _round(mean)))
    out.W[-1] = 0.0
    return out


def _round(a: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        r: np.ndarray = np.round(a / STEP) * STEP
    return r + 0.0  # no -0.0


def label_pages(model: Model, pages: Sequence[Page]) -> list[list[str]]:
    names = {n for p in pages for f in p.feats for n in f.names}
    m = grow(model, sorted(names))
    required = label_mod._required()
    return [[LABELS[j] for j in decode(m, compile_page(p, m, required))[0]] for p in pages]


# --- scoring ----------------------------------------------------------------------------------------


def load_scorer(path: Path) -> types.ModuleType:
    sys.path.insert(0, str(path.parent))
    import score  # type: ignore[import-not-found]  # noqa: PLC0415

    return score  # type: ignore[no-any-return]


def build(page: Page, labels: Sequence[str]) -> Any:
    """The Dispatch wireparse.parse returns when the decoder gives these labels (its stages 5-6)."""
    assert page.front is not None
    return parse_mod.finish(
        page.front, labels, default_registry(), reference_date=page.reference_date, url=page.url
    )


def score_pages(
    scorer: types.ModuleType, pages: Sequence[Page], labels: Sequence[Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Per corpus, score.py's figures (its Tally and score_page) for these labellings."""
    tallies: dict[str, Any] = {}
    for page, labs in zip(pages, labels, strict=True):
        d = build(page, labs)
        shim = types.SimpleNamespace(parse=lambda *_a, _d=d, **_k: _d)
        tally = tallies.setdefault(page.corpus, scorer.Tally())
        scorer.score_page(shim, tally, page.name, None, page.label)
    out = {}
    for corpus, tally in tallies.items():
        figures = {f: tally.rate(f) for f in tally.total}
        if tally.f1:
            figures["body.f1"] = sum(tally.f1) / len(tally.f1)
        if tally.f1_text:
            figures["body.text f1"] = sum(tally.f1_text) / len(tally.f1_text)
        rates = [v for v in figures.values() if v is not None]
        figures["mean field rate"] = sum(rates) / len(rates) if rates else 0.0
        figures["pages"] = sum(1 for p in pages if p.corpus == corpus)
        out[corpus] = figures
    return out


# --- folds ------------------------------------------------------------------------------------------


def assign_folds(pages: Sequence[Page], k: int) -> list[int]:
    """Fold of each page: the reuters-pages layouts one fold each, other groups greedily by size."""
    sizes: dict[str, int] = {}
    for p in pages:
        sizes[p.group] = sizes.get(p.group, 0) + 1
    fold_of: dict[str, int] = {}
    load_ = [0] * k
    layouts = sorted(g for g in sizes if g.startswith("layout:"))
    for i, g in enumerate(layouts):
        fold_of[g] = i % k
    for g in sorted((g for g in sizes if g not in fold_of), key=lambda g: (-sizes[g], g)):
        f = min(range(k), key=lambda j: (load_[j], j))
        fold_of[g] = f
        load_[f] += sizes[g]
    return [fold_of[p.group] for p in pages]


_POOL_STATE: dict[str, Any] = {}


def _fold_job(k: int) -> list[list[str]]:
    pages, folds, start, kwargs = (_POOL_STATE[x] for x in ("pages", "folds", "start", "kwargs"))
    train = [p for p, f in zip(pages, folds, strict=True) if f != k]
    test = [p for p, f in zip(pages, folds, strict=True) if f == k]
    return label_pages(fit(train, start, **kwargs), test)


def cross_validate(pages: Sequence[Page], start: Model, k: int, jobs: int, **kwargs: Any) -> list[list[str]]:
    folds = assign_folds(pages, k)
    _POOL_STATE.update(pages=pages, folds=folds, start=start, kwargs=kwargs)
    if jobs > 1:
        with multiprocessing.get_context("fork").Pool(min(jobs, k)) as pool:
            results = pool.map(_fold_job, range(k))
    else:
        results = [_fold_job(i) for i in range(k)]
    labels: list[list[str]] = [[] for _ in pages]
    for fold, res in enumerate(results):
        it = iter(res)
        for i, f in enumerate(folds):
            if f == fold:
                labels[i] = next(it)
    return labels


# --- writing weights.toml ---------------------------------------------------------------------------


def _fmt(w: float) -> str:
    return f"{w:.2f}".rstrip("0").rstrip(".") if w != int(w) else f"{w:.1f}"


def _table_lines(name: str, values: dict[str, float], old_order: Sequence[str]) -> list[str]:
    keys = [k for k in old_order if k in values] + sorted(
        (k for k in values if k not in old_order), key=lambda k: (-abs(values[k]), k)
    )
    return [f"[{name}]", *(f"{k} = {_fmt(values[k])}" for k in keys), ""]


def model_to_toml(model: Model, old_text: str) -> str:
    """weights.toml for ``model``: the old file's comment blocks, tables regenerated."""
    old = tomllib.loads(old_text)
    header = old_text[: old_text.index("\n[emit.") + 1]
    hints_at = old_text.find("# --- Markup hints")
    hints_header = old_text[hints_at : old_text.index("\n[hints.", hints_at) + 1] if hints_at >= 0 else ""
    emit: dict[str, dict[str, float]] = {}
    hints: dict[str, dict[str, float]] = {}
    boiler = [IX[s] for s in ("pre", "hboil", "bboil", "post")]
    for feat, i in model.vocab.items():
        row = model.W[i]
        if not row.any():
            continue
        target = hints if feat in model.hint_names else emit
        values = [float(row[j]) for j in boiler]
        shared = max(set(values), key=lambda v: (values.count(v), -abs(v)))
        if shared:
            target.setdefault("boilerplate", {})[feat] = shared
        for j, lab in enumerate(LABELS):
            w = float(row[j]) - (shared if j in boiler else 0.0)
            if w:
                target.setdefault(lab, {})[feat] = w
    groups = ("boilerplate", *LABELS)
    out = [header.rstrip("\n"), ""]
    for g in groups:
        if g in emit:
            out += _table_lines(f"emit.{g}", emit[g], list(old["emit"].get(g, {})))
    for src in LABELS:
        row = {LABELS[j]: float(model.T[IX[src], j]) for j in range(K) if model.T[IX[src], j] != NEG}
        if row:
            out += _table_lines(f"transitions.{src}", row, list(old["transitions"].get(src, {})))
    out += _table_lines(
        "start", {LABELS[j]: float(model.S[j]) for j in range(K) if model.S[j] != NEG}, list(old["start"])
    )
    out += _table_lines(
        "end", {LABELS[j]: float(model.E[j]) for j in range(K) if model.E[j] != NEG}, list(old["end"])
    )
    out += ["[require]", *(f'{k} = "{v}"' for k, v in old.get("require", {}).items()), ""]
    if hints:
        out += [hints_header.rstrip("\n"), ""]
        for g in groups:
            if g in hints:
                out += _table_lines(f"hints.{g}", hints[g], list(old.get("hints", {}).get(g, {})))
    return "\n".join(out).rstrip("\n") + "\n"


def largest_changes(a: Model, b: Model, n: int = 15) -> list[tuple[float, str, str, float, float]]:
    """(size, feature, label, old, new) of the largest changes; the four boilerplate labels as one
    (``boilerplate``) where they moved together."""
    out = []
    boiler = sorted(BOILER)
    for feat, i in b.vocab.items():
        j = a.vocab.get(feat)
        old_row = a.W[j] if j is not None else np.zeros(K)
        delta = b.W[i] - old_row
        together = bool(delta[boiler[0]]) and all(delta[x] == delta[boiler[0]] for x in boiler)
        for li, lab in enumerate(LABELS):
            if together and li in BOILER:
                if li == boiler[0]:
                    size = abs(float(delta[li]))
                    out.append(
                        (size, feat, "boilerplate", float(old_row[IX["post"]]), float(b.W[i, IX["post"]]))
                    )
                continue
            if delta[li]:
                out.append((abs(float(delta[li])), feat, lab, float(old_row[li]), float(b.W[i, li])))
    for si, src in enumerate(LABELS):
        for di, dst in enumerate(LABELS):
            if a.T[si, di] != NEG and a.T[si, di] != b.T[si, di]:
                out.append(
                    (abs(b.T[si, di] - a.T[si, di]), f"{src}->{dst}", "transition", a.T[si, di], b.T[si, di])
                )
    return sorted(out, reverse=True)[:n]


# --- the command ------------------------------------------------------------------------------------


def floors_check(figures: dict[str, dict[str, float]], floors_path: Path) -> list[str]:
    floors = tomllib.loads(floors_path.read_text(encoding="utf-8")) if floors_path.exists() else {}
    short = []
    for corpus, fields in floors.items():
        got = figures.get(corpus)
        if got is None:
            continue
        for f, rate in fields.items():
            value = got.get(f)
            if value is None or value < rate:
                short.append(f"{corpus} {f} {value if value is None else round(value, 3)} < {rate}")
    return short


def print_table(columns: dict[str, dict[str, dict[str, float]]]) -> None:
    names = list(columns)
    print(f"{'corpus':<16} {'measure':<18} {'pages':>5} " + " ".join(f"{n:>8}" for n in names))
    first = columns[names[0]]
    for corpus in (*CORPORA, "fixtures"):
        if corpus not in first:
            continue
        for m in MEASURES[corpus]:
            if m not in first[corpus]:
                continue
            vals = []
            for n in names:
                v = columns[n].get(corpus, {}).get(m)
                vals.append(f"{v:8.3f}" if v is not None else f"{'-':>8}")
            print(f"{corpus:<16} {m:<18} {int(first[corpus]['pages']):>5} " + " ".join(vals))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--scorer", type=Path, default=ROOT.parent / "shared" / "eval" / "score.py")
    ap.add_argument("--fixtures", type=Path, default=ROOT / "fixtures")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--margin", type=float, default=2.0, help="loss-augmented decoding while fitting")
    ap.add_argument("--orders", type=int, default=4, help="fit on this many page orders and average")
    ap.add_argument(
        "--no-meta",
        type=float,
        default=0.5,
        help="share of an HTML page's showings made without its metadata hints",
    )
    ap.add_argument("--shrink", type=float, default=0.2, help="pull toward the start each epoch")
    ap.add_argument("--seed", type=int, default=0, help="the order pages are shown in while fitting")
    ap.add_argument("--hint-rate", type=float, default=10.0, help="rate multiplier of the HTML hints")
    ap.add_argument("--text-rate", type=float, default=0.0, help="rate multiplier of the other features")
    ap.add_argument("--no-balance", action="store_true", help="small corpora do not go round twice")
    ap.add_argument("--cap", type=int, default=150, help="pages of each corpus per epoch")
    ap.add_argument(
        "--init",
        choices=("prior", "current", "zero"),
        default="prior",
        help="start from the installed text weights and the hand-set hints of scripts/hint_prior.toml "
        "(prior), from the installed table (current), or from nothing (zero)",
    )
    ap.add_argument("--transitions", action="store_true", help="fit the transition weights too")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (at most 2 on a shared machine)")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/wireparse-fit-pages.pkl"))
    ap.add_argument(
        "--write", action="store_true", help="rewrite tables/weights.toml with the fitted weights"
    )
    ap.add_argument("--output", type=Path, help="with --write: write the fitted table here instead")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if not args.scorer.exists():
        print(f"no scorer at {args.scorer} (give --scorer)", file=sys.stderr)
        return 2
    scorer = load_scorer(args.scorer)
    pages = load_pages(args.corpus, args.fixtures, args.cache, args.jobs)
    if not pages:
        print(f"no labelled pages in {args.corpus} or {args.fixtures}", file=sys.stderr)
        return 2
    print(f"# {len(pages)} pages, features in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    weights_path = Path(label_mod.__file__).parent / "tables" / "weights.toml"
    old_text = weights_path.read_text(encoding="utf-8")
    current = model_from_table(tomllib.loads(old_text))
    hint_names = {n for p in pages if p.fmt == "html" for f in p.feats for n in f.names} - {
        n for p in pages if p.fmt != "html" for f in p.feats for n in f.names
    }
    current = grow(current, [], sorted(hint_names))
    if args.init == "prior":
        prior = tomllib.loads(HINT_PRIOR.read_text(encoding="utf-8"))["hints"]
        start = grow(model_from_table({**tomllib.loads(old_text), "hints": prior}), [], sorted(hint_names))
    else:
        start = current if args.init == "current" else _zeroed(current)
    kwargs = {
        "epochs": args.epochs,
        "seed": args.seed,
        "orders": args.orders,
        "no_meta": args.no_meta,
        "shrink": args.shrink,
        "rate": args.rate,
        "cap": args.cap,
        "transitions": args.transitions,
        "margin": args.margin,
        "hint_rate": args.hint_rate,
        "text_rate": args.text_rate,
        "balance": not args.no_balance,
    }
    columns = {"current": score_pages(scorer, pages, label_pages(current, pages))}
    fitted = fit(pages, start, **kwargs)
    columns["fitted"] = score_pages(scorer, pages, label_pages(fitted, pages))
    print(f"# fitted in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    if not args.no_cv:
        columns["CV"] = score_pages(
            scorer, pages, cross_validate(pages, start, args.folds, args.jobs, **kwargs)
        )
        print(f"# cross-validated in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    opts = (
        f"epochs {args.epochs}, rate {args.rate} (hints x{args.hint_rate}, text x{args.text_rate}), "
        f"seed {args.seed} x{args.orders} orders, no metadata {args.no_meta}, margin {args.margin}, "
        f"cap {args.cap}{'' if args.no_balance else ' balanced'}, init {args.init}"
    )
    print(
        f"# {len(pages)} pages; CV: {args.folds} folds grouped by site, "
        f"reuters-pages leave one layout out; {opts}"
    )
    print_table(columns)
    short = floors_check(columns["fitted"], ROOT / "tests" / "corpus_floors.toml")
    print(
        "# fitted weights vs tests/corpus_floors.toml: " + ("; ".join(short) if short else "all floors kept")
    )
    print(
        "\n# largest changes (feature, label: current -> fitted; boilerplate: the four labels, post's figure)"
    )
    for _, feat, lab, old, new in largest_changes(current, fitted):
        print(f"  {feat:<24} {lab:<10} {old:7.2f} -> {new:7.2f}")
    if args.write:
        text = model_to_toml(fitted, old_text)
        again = model_from_table(tomllib.loads(text))
        if label_pages(again, pages) != label_pages(fitted, pages):
            print("the written table does not decode as the fitted model; not written", file=sys.stderr)
            return 1
        target = args.output or weights_path
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


def _zeroed(model: Model) -> Model:
    m = model.copy()
    m.W[:] = 0.0
    m.T = np.where(m.T != NEG, 0.0, NEG)
    m.S = np.where(m.S != NEG, 0.0, NEG)
    m.E = np.where(m.E != NEG, 0.0, NEG)
    return m


if __name__ == "__main__":
    sys.exit(main())
