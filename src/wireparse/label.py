"""Stage 4, label: one decoder over the page grammar.

Every unit comes with a small set of named features (stage 3, :mod:`wireparse.features`). Each
label scores a unit as the sum of the weights of its active features (``tables/weights.toml``),
and the Viterbi algorithm picks the labelling of the whole page with the best total score under
the page grammar::

    pre* site? pre* headline (byline | hboil)* dateline? (body | bboil)* (rights | post)*

where ``pre``, ``hboil``, ``bboil`` and ``post`` are boilerplate before the headline, between the
headline and the body, inside the body, and after it. Transition weights (also in the table) say what
a step costs, e.g. a page with no headline. There is no cascade of special cases: context decides.
The weights are fitted by ``scripts/fit_weights.py`` from the labelled corpora.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from wireparse.features import (
    BEFORE_DATELINE,
    ENUMERATED_RUN,
    MASTHEAD_WORDS,
    PROSE_WORDS,
    ROW_WORDS,
    TITLE_RUN,
    Feature,
    _enumerated,
    _list_item,
    _shape,
    _signed_off,
    features,
)
from wireparse.tables import load

__all__ = [  # the decoder's names, and stage 3's re-exported where they used to live
    "ARTICLE_WORDS",
    "BEFORE_DATELINE",
    "BOILERPLATE_STATES",
    "END_KINDS",
    "ENUMERATED_RUN",
    "LABELS",
    "MASTHEAD_WORDS",
    "PROSE_WORDS",
    "ROW_WORDS",
    "TITLE_RUN",
    "Feature",
    "_enumerated",
    "_list_item",
    "_shape",
    "_signed_off",
    "decode",
    "emissions",
    "features",
    "is_end_marker",
    "label",
    "story_starts",
]

LABELS = ("pre", "site", "headline", "byline", "hboil", "dateline", "body", "bboil", "rights", "post")
"""The decoder's states, in grammar order."""
ARTICLE_WORDS = 80
"""An end marker closes the article only once this many body words stand above it (a section
tag such as "Markets" under a summary does not)."""
END_KINDS = frozenset(("comments", "legal"))
"""Phrase kinds whose whole-line hits close an article (a comments heading, a footer link, a
section name): after the first one below the body, more body is unlikely (``past_end``)."""
BOILERPLATE_STATES = frozenset(("pre", "hboil", "bboil", "post"))
_CAPTION_MARKUP = frozenset(("in_figure", "tag_figcaption", "cls_caption"))
"""Markup hints of a photo's caption: a notice there credits the photo and does not end the article."""
_NEG = float("-inf")


@functools.cache
def _weights() -> tuple[dict[str, list[float]], list[list[float]], list[float], list[float]]:
    """(feature → per-label weights, transitions[from][to], start[to], end[from])."""
    table = load("weights")
    for label in table.get("require", {}):
        if label not in LABELS:
            raise RuntimeError(f"tables/weights.toml [require] names an unknown label {label!r}")
    n = len(LABELS)
    per_feature: dict[str, list[float]] = {}
    hints = table.get("hints", {})  # markup hints of HTML pages (wireparse.html), kept apart
    shared = {**table["emit"].get("boilerplate", {}), **hints.get("boilerplate", {})}
    for li, label in enumerate(LABELS):
        own = {**table["emit"].get(label, {}), **hints.get(label, {})}
        base = shared if label in BOILERPLATE_STATES else {}
        for feature in {*base, *own}:
            weight = float(base.get(feature, 0.0)) + float(own.get(feature, 0.0))
            per_feature.setdefault(feature, [0.0] * n)[li] = weight
    trans = [[_NEG] * n for _ in range(n)]
    for src, row in table["transitions"].items():
        for dst, weight in row.items():
            trans[LABELS.index(src)][LABELS.index(dst)] = float(weight)
    start = [_NEG] * n
    for dst, weight in table["start"].items():
        start[LABELS.index(dst)] = float(weight)
    end = [_NEG] * n
    for src, weight in table["end"].items():
        end[LABELS.index(src)] = float(weight)
    return per_feature, trans, start, end


@functools.cache
def _required() -> tuple[tuple[int, str], ...]:
    """Labels a unit may take only with a given feature (``[require]`` in the weights table)."""
    return tuple(
        (LABELS.index(label), feature) for label, feature in load("weights").get("require", {}).items()
    )


def is_end_marker(f: Feature) -> bool:
    """Does this unit close the article: a rights or copyright line, or a whole-line phrase hit of
    one of :data:`END_KINDS`?"""
    if f.phrase_kind == "caption" or not _CAPTION_MARKUP.isdisjoint(f.names):
        return False  # "(Image: © NASA)", a gallery's "… © DPA Images": a photo credit, not the end
    if f.notice is not None:
        return True
    if "in_main" in f.names:
        return False  # HTML: a tag list or share bar inside the article's own container
    if "date_line" in f.names:
        return True  # a line that is only a date, below the body: the next item's (a teaser, a comment)
    return f.phrase_kind in END_KINDS and ("bp_line" in f.names or "bp_heading" in f.names)


def story_starts(feats: Sequence[Feature]) -> list[bool]:
    """Per unit, does it open the next story: a headline-shaped line that is no sentence, right
    above a later dateline (a digest or tag page prints story after story, each under its headline
    and dateline; the body is the first story). Such a line closes the article as an end marker
    does (:func:`is_end_marker`), whatever the first pass labelled it."""
    out = [False] * len(feats)
    for i in range(len(feats) - 1):
        f = feats[i]
        if (
            "dateline_later" in feats[i + 1].names
            and "headline_shape" in f.names
            and "sentence" not in f.names
            and f.dateline is None
        ):
            out[i] = True
    return out


def label(feats: Sequence[Feature]) -> list[str]:
    """Stage 4: decode, then decode again knowing where the article ends.

    The first pass finds where the body starts; every unit after the first end marker below that
    start gets the ``past_end`` feature, and the second pass decodes with it. A comments section or
    a list of teasers after the footer then stays out of the body, however sentence-like it is.
    """
    rows = emissions(feats)
    labels = decode(feats, rows)
    start = next((i for i, lab in enumerate(labels) if lab == "body"), -1)
    if start < 0:
        return labels
    # the article starts at its dateline when the body holds one (a caption may come first)
    start = next((i for i in range(start, len(feats)) if feats[i].dateline and labels[i] == "body"), start)
    end, words = -1, 0
    starts = story_starts(feats)
    for i in range(start, len(feats)):
        if words >= ARTICLE_WORDS and starts[i]:
            end = i
            break
        if labels[i] == "body":
            words += feats[i].words
        elif words >= ARTICLE_WORDS and is_end_marker(feats[i]):
            end = i
            break
    if end < 0:
        return labels
    past_end = _weights()[0].get("past_end")
    if past_end is None:
        return labels
    marked = [
        row if i <= end else [a + b for a, b in zip(row, past_end, strict=True)] for i, row in enumerate(rows)
    ]
    second = decode(feats, marked)
    if "body" not in second[start : end + 1]:
        return labels  # the marker did not close the article the first pass found: keep that
    return second


_ROW_CACHE: dict[tuple[str, ...], list[float]] = {}
"""Emission rows by feature names: pages share most combinations, so rows are reused across pages
(cleared when it holds more than :data:`_ROW_CACHE_SIZE`; rows are never mutated)."""
_ROW_CACHE_SIZE = 20_000


def emissions(feats: Sequence[Feature]) -> list[list[float]]:
    """Per unit, the score of each label: the sum of its active features' weights."""
    per_feature, _trans, _start, _end = _weights()
    k = len(LABELS)
    bias = per_feature.get("bias", [0.0] * k)
    required = _required()
    rows: list[list[float]] = []
    cache = _ROW_CACHE
    if len(cache) > _ROW_CACHE_SIZE:
        cache.clear()
    for f in feats:
        row = cache.get(f.names)
        if row is None:
            row = list(bias)
            for name in f.names:
                w = per_feature.get(name)
                if w is not None:
                    row = [a + b for a, b in zip(row, w, strict=True)]
            for j, need in required:
                if need not in f.names:
                    row[j] = _NEG
            cache[f.names] = row
        rows.append(row)
    return rows


@functools.cache
def _grammar() -> tuple[tuple[tuple[tuple[int, float], ...], ...], list[float], list[float]]:
    """(for each label, its allowed predecessors with the step's weight), start, end."""
    _per_feature, trans, start, end = _weights()
    k = len(LABELS)
    preds = tuple(tuple((i, trans[i][j]) for i in range(k) if trans[i][j] != _NEG) for j in range(k))
    return preds, start, end


def decode(feats: Sequence[Feature], rows: Sequence[Sequence[float]] | None = None) -> list[str]:
    """The best-scoring labelling of the page under the grammar (Viterbi)."""
    n = len(feats)
    if n == 0:
        return []
    em_rows = rows if rows is not None else emissions(feats)
    preds, start, end = _grammar()
    k = len(LABELS)
    first = em_rows[0]
    score = [start[j] + first[j] for j in range(k)]
    back: list[bytes] = []  # each step's back-pointers as bytes (k < 256): 43 bytes, not 144
    neg = _NEG
    labels = range(k)
    for t in range(1, n):
        em = em_rows[t]
        new = [neg] * k
        ptr = [0] * k
        for j in labels:
            e = em[j]
            if e == neg:
                continue
            best, arg = neg, 0
            for i, w in preds[j]:
                s = score[i] + w
                if s > best:
                    best, arg = s, i
            new[j] = best + e
            ptr[j] = arg
        back.append(bytes(ptr))
        score = new
    final = [score[j] + end[j] for j in range(k)]
    state = max(range(k), key=final.__getitem__)
    path = [state]
    for step in reversed(back):
        state = step[state]
        path.append(state)
    path.reverse()
    return [LABELS[s] for s in path]
