"""Month names, date parsing and year inference.

Month tokens come from ``tables/months.toml`` (English in AP and Reuters styles, French, Spanish,
German, Italian, Portuguese, and any further language section the table holds, such as Dutch). A
date is read only from an isolated date slot (the dateline's date segment, a timestamp line), never
fuzzily from prose, and never with the machine's clock: a date without a year gets one only from an
anchor the caller supplies (see :func:`infer_year`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import regex
from dateutil import parser as dateutil_parser

from wireparse.tables import load

_LANGUAGES = ("en", "fr", "es", "de", "it", "pt")


@functools.cache
def month_tokens() -> dict[str, int]:
    """Lower-cased month token → month number, over the six languages (English wins a clash)."""
    table = load("months")
    out: dict[str, int] = {}
    for lang in (
        *_LANGUAGES,
        *(k for k in table if k not in _LANGUAGES and k not in ("weekdays", "ordinal_suffixes")),
    ):
        for token, month in table.get(lang, {}).items():
            if isinstance(month, int):
                out.setdefault(token.casefold(), month)
    if not out:
        raise RuntimeError("tables/months.toml holds no month tokens")
    return out


@functools.cache
def weekday_tokens() -> frozenset[str]:
    """Lower-cased weekday names and abbreviations."""
    return frozenset(k.casefold() for k in load("months").get("weekdays", {}))


def _alternation(tokens: list[str]) -> str:
    ordered = sorted({regex.escape(t.rstrip(".")) for t in tokens if t.rstrip(".")}, key=len, reverse=True)
    return "|".join(ordered)


@functools.cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    months = _alternation(list(month_tokens()))
    suffixes = load("months").get("ordinal_suffixes", {}).get("tokens", [])
    ordinal = rf"(?:{_alternation(list(suffixes))})?" if suffixes else ""
    mdy = (
        rf"(?P<mon>{months})(?:\.\s*+|\s++)(?P<day>[0-3]?\d){ordinal}(?![\d\w])"
        rf"(?:(?:\s*,\s*|\s+)(?P<year>(?:1[89]|20|21)\d\d)(?!\d))?"
    )
    dmy = (
        rf"(?P<day>[0-3]?\d){ordinal}\.?\s++(?:de\s+)?(?P<mon>{months})(?!\w)\.?"
        rf"(?:(?:\s*,\s*|\s+)(?:de\s+)?(?P<year>(?:1[89]|20|21)\d\d)(?!\d))?"
    )
    slot = regex.compile(rf"(?:{mdy}|{dmy})", regex.IGNORECASE | regex.VERSION0)
    whole = regex.compile(rf"(?:{mdy}|{dmy})\s*\Z", regex.IGNORECASE | regex.VERSION0)
    full = regex.compile(rf"(?<![\w])(?:{mdy}|{dmy})", regex.IGNORECASE | regex.VERSION0)
    return slot, whole, full


_ISO = regex.compile(r"(?<!\d)((?:19|20|21)\d\d-[01]\d-[0-3]\d)(?!\d)")
_NUMERIC = regex.compile(r"(?<![\d.])([0-3]?\d)([./])([0-3]?\d)\2((?:19|20|21)\d\d)(?!\d)")


def _numeric(m: regex.Match[str]) -> dt.date | None:
    """The date of a ``_NUMERIC`` match: day first (the order of the wires that print numeric
    dates: MAP, Bernama, Anadolu, German sites), month first only when day first makes no date
    (US ``11/24/2023``)."""
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    for day, month in ((first, second), (second, first)):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _from_match(m: regex.Match[str]) -> tuple[int, int, int | None] | None:
    groups = m.capturesdict()
    mon_text = next((c for c in groups["mon"] if c), None)
    day_text = next((c for c in groups["day"] if c), None)
    year_text = next((c for c in groups["year"] if c), None)
    if mon_text is None or day_text is None:
        return None
    month = month_tokens().get(mon_text.casefold()) or month_tokens().get(mon_text.casefold() + ".")
    day = int(day_text)
    if month is None or not 1 <= day <= 31:
        return None
    year = int(year_text) if year_text else None
    if year is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return None
    return month, day, year


def parse_date_slot(text: str) -> tuple[int, int, int | None] | None:
    """Read ``(month, day, year or None)`` from a text that is only a date (``Dec 1``, ``16 APR``,
    ``1er déc``, ``Aug 29, 2014``); None when it is not one."""
    if len(text) > 40:
        return None
    m = _patterns()[1].match(text.strip())
    return _from_match(m) if m else None


@functools.cache
def month_words() -> frozenset[str]:
    """Month tokens without their abbreviation stop, casefolded: what a date's first word must be."""
    return frozenset(t.rstrip(".").casefold() for t in month_tokens())


_LETTERS = re.compile(r"[^\W\d_]+")
_YEAR = re.compile(r"(?:1[89]|20|21)\d\d")


def match_date_prefix(text: str, pos: int = 0) -> tuple[regex.Match[str], tuple[int, int, int | None]] | None:
    """A date starting exactly at ``pos`` (used by the dateline grammar)."""
    head = text[pos : pos + 1]
    if not head:
        return None
    if head.isdigit() and (num := _NUMERIC.match(text, pos)) is not None:
        # "Rabat, 04/03/2023 (MAP) -": a numeric date with its year
        day = _numeric(num)
        return (num, (day.month, day.day, day.year)) if day is not None else None
    if not head.isdigit():
        # cheap guard (the month alternation is costly to try): a date that does not open with its
        # day opens with a whole month word, which the letters at ``pos`` must then be
        word = _LETTERS.match(text, pos)
        if word is None or word.group(0).casefold() not in month_words():
            return None
    m = _patterns()[0].match(text, pos, min(len(text), pos + 40))
    if not m:
        return None
    parsed = _from_match(m)
    return (m, parsed) if parsed else None


def find_full_date(text: str) -> dt.date | None:
    """The first complete date (with a year) in a short text such as a timestamp line."""
    window = text[:300]
    if _YEAR.search(window) is None:
        return None  # every form below holds a four-digit year
    months = month_words()
    if any(w.casefold() in months for w in _LETTERS.findall(window)):  # else the costly scan is vain
        for m in _patterns()[2].finditer(window):
            parsed = _from_match(m)
            if parsed and parsed[2] is not None:
                return dt.date(parsed[2], parsed[0], parsed[1])
    iso = _ISO.search(window)
    if iso:
        try:
            return dateutil_parser.isoparse(iso.group(1)).date()
        except ValueError:
            return None
    num = _NUMERIC.search(window)
    return _numeric(num) if num else None


def infer_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """The date ``month/day`` in the year that puts it nearest to ``anchor``.

    >>> infer_year(12, 31, dt.date(2022, 1, 1))
    datetime.date(2021, 12, 31)
    >>> infer_year(3, 16, dt.date(2023, 3, 15))
    datetime.date(2023, 3, 16)
    """
    best: dt.date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best
