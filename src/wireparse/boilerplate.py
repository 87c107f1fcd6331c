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

_TRIM_LEFT = regex.compile(r"\A[\s•·▪►▶*\-–—|>»›]+")
_TRIM_RIGHT = regex.compile(r"[\s:.»›>|\-–—…!]+\Z")
_COUNT = regex.compile(r"[\s(\[]*\d+[)\]]*\Z")
_SPACE = regex.compile(r"\s+")


@attrs.frozen
class PhraseMatch:
    """A phrase-table hit: the kind, and how strong the match is."""

    kind: str
    how: str
    """``line`` (the whole line), ``heading``, ``starts`` or ``contains``."""


def normalise(text: str) -> str:
    """The form lines are compared in: casefolded, single-spaced, bullets and end punctuation off."""
    t = _SPACE.sub(" ", text[:WINDOW]).casefold()
    t = _TRIM_LEFT.sub("", t)
    return _TRIM_RIGHT.sub("", t)


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str], regex.Pattern[str] | None, dict[str, str],
                       regex.Pattern[str] | None, dict[str, str]]:
    table = load("boilerplate")
    lines: dict[str, str] = {}
    headings: dict[str, str] = {}
    starts: dict[str, str] = {}
    contains: dict[str, str] = {}
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
        for phrase in entry.get("contains", ()):
            p = _SPACE.sub(" ", phrase.casefold()).strip()
            if p:
                contains.setdefault(p, kind)
    unknown = set(table) - set(BOILERPLATE_KINDS)
    if unknown:
        raise RuntimeError(f"tables/boilerplate.toml has kinds outside the vocabulary: {sorted(unknown)}")

    def alternation(phrases: dict[str, str]) -> regex.Pattern[str] | None:
        if not phrases:
            return None
        alt = "|".join(regex.escape(p) for p in sorted(phrases, key=len, reverse=True))
        return regex.compile(alt)

    return lines, headings, alternation(starts), starts, alternation(contains), contains


def classify(text: str) -> PhraseMatch | None:
    """The phrase-table kind of one line, or None."""
    lines, headings, starts_re, starts, contains_re, contains = _tables()
    key = normalise(text)
    if not key:
        return None
    bare = _COUNT.sub("", key).strip()
    for k in (key, bare):
        if k in headings:
            return PhraseMatch(headings[k], "heading")
        if k in lines:
            return PhraseMatch(lines[k], "line")
    if starts_re is not None:
        m = starts_re.match(key)
        if m and (len(key) == m.end() or not key[m.end()].isalnum() or m.group(0)[-1] in " :-"):
            return PhraseMatch(starts[m.group(0)], "starts")
    if contains_re is not None:
        m = contains_re.search(key)
        if m:
            return PhraseMatch(contains[m.group(0)], "contains")
    return None
