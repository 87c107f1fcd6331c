"""Boilerplate phrases: which kind of page furniture a line is, by the phrase tables.

``tables/boilerplate.toml`` lists, for each kind of :data:`~wireparse.records.BOILERPLATE_KINDS`,
whole ``lines``, line ``starts``, specific ``contains`` fragments and list ``headings``. A line is
matched after casefolding, collapsing whitespace and trimming bullets and trailing punctuation.
"""

from __future__ import annotations

import functools

import attrs
import regex

from wireparse.records import BOILERPLATE_KINDS
from wireparse.tables import load

WINDOW = 300
"""How many characters of a line are compared with the phrases."""

_TRIM_LEFT_CHARS = " •·▪►▶*-–—|>»›"
_TRIM_RIGHT_CHARS = " :.»›>|-–—…!"
_COUNT_CHARS = " ()[]0123456789"
_SPACE = regex.compile(r"\s+")


@attrs.frozen
class PhraseMatch:
    """A phrase-table hit: the kind, and how strong the match is."""

    kind: str
    how: str
    """``line`` (the whole line), ``heading``, ``starts`` or ``contains``."""


def normalise(text: str) -> str:
    """The form lines are compared in: casefolded, single-spaced, bullets and end punctuation off."""
    t = " ".join(text[:WINDOW].split()).casefold()
    return t.lstrip(_TRIM_LEFT_CHARS).rstrip(_TRIM_RIGHT_CHARS)


_KEY = 4
"""Phrases are indexed by the first characters (up to this many) of their first word."""

PhraseIndex = dict[str, list[tuple[str, str]]]
"""Start of a phrase's first word → (phrase, kind), longest phrase first."""


def _index(phrases: dict[str, str]) -> PhraseIndex:
    index: PhraseIndex = {}
    for phrase, kind in phrases.items():
        index.setdefault(phrase.split(" ", 1)[0][:_KEY], []).append((phrase, kind))
    for entries in index.values():
        entries.sort(key=lambda e: len(e[0]), reverse=True)
    return index


Pattern = tuple[regex.Pattern[str], tuple[str, ...], str]
"""A compiled table pattern, the fragments one of which a line must hold first, and its kind."""

PATTERN_MAX = 400
"""Lines longer than this are not matched against the ``patterns`` regexes."""


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str], PhraseIndex, PhraseIndex, list[Pattern]]:
    """(whole lines, headings, line starts, contained fragments, patterns), from the table."""
    table = load("boilerplate")
    lines: dict[str, str] = {}
    headings: dict[str, str] = {}
    starts: dict[str, str] = {}
    contains: dict[str, str] = {}
    patterns: list[Pattern] = []
    for kind in BOILERPLATE_KINDS:
        entry = table.get(kind, {})
        for phrase in entry.get("lines", ()):
            lines.setdefault(normalise(phrase), kind)
        for phrase in entry.get("headings", ()):
            headings.setdefault(normalise(phrase), kind)
        for phrase in entry.get("starts", ()):
            p = _SPACE.sub(" ", phrase.casefold()).strip()
            if p:
                starts.setdefault(p, kind)
        for pattern in entry.get("patterns", ()):
            needs = tuple(n.casefold() for n in pattern["needs"])
            if not needs:
                raise RuntimeError(f"tables/boilerplate.toml: pattern {pattern['re']!r} has no needs")
            patterns.append((regex.compile(pattern["re"]), needs, kind))
        for phrase in entry.get("contains", ()):
            p = _SPACE.sub(" ", phrase.casefold()).strip()
            if p:
                contains.setdefault(p, kind)
    unknown = set(table) - set(BOILERPLATE_KINDS)
    if unknown:
        raise RuntimeError(f"tables/boilerplate.toml has kinds outside the vocabulary: {sorted(unknown)}")
    if not lines:
        raise RuntimeError("tables/boilerplate.toml holds no whole-line phrases")
    return lines, headings, _index(starts), _index(contains), patterns


def _find(key: str, index: PhraseIndex, *, anchored: bool) -> tuple[str, str] | None:
    """The first phrase of ``index`` that starts at a word of ``key`` (its first word when
    ``anchored``, where the phrase must also end at a word boundary): (phrase, kind)."""
    at = 0
    for word in key.split(" "):
        entries = index.get(word[:_KEY])
        if entries:
            for phrase, kind in entries:
                if key.startswith(phrase, at):
                    if not anchored:
                        return phrase, kind
                    end = len(phrase)
                    if end == len(key) or not key[end].isalnum() or not phrase[-1].isalnum():
                        return phrase, kind
        if anchored:
            return None
        at += len(word) + 1
    return None


def classify(text: str) -> PhraseMatch | None:
    """The phrase-table kind of one line, or None."""
    lines, headings, starts, contains, patterns = _tables()
    key = normalise(text)
    if not key:
        return None
    bare = key.rstrip(_COUNT_CHARS)
    for k in (key, bare):
        if k in headings:
            return PhraseMatch(headings[k], "heading")
        if k in lines:
            return PhraseMatch(lines[k], "line")
    hit = _find(key, starts, anchored=True)
    if hit is not None:
        return PhraseMatch(hit[1], "starts")
    hit = _find(key, contains, anchored=False)
    if hit is not None:
        return PhraseMatch(hit[1], "contains")
    if len(text) > PATTERN_MAX:
        return None
    present = {n for n in _needles() if n in key}  # plain substring tests turn most lines away
    if present:
        for pattern, needs, kind in patterns:
            if not present.isdisjoint(needs):
                m = pattern.search(key)
                if m is not None:
                    return PhraseMatch(kind, "line" if m.end() - m.start() == len(key) else "contains")
    return None


@functools.cache
def _needles() -> tuple[str, ...]:
    """Every pattern's needs, once each: which of them a line holds says which patterns to try."""
    return tuple(sorted({n for _p, needs, _k in _tables()[4] for n in needs}))
