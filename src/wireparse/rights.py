"""Rights notices: is a line one, who holds it, which year, and is it the agency's?

A notice names its holder right after its marker (``©``, ``(c)``, ``Copyright``) and an optional
year or year range: ``(c) Copyright Thomson Reuters 1987.``, ``Copyright © 2000-2023 XINHUANET.com
All rights reserved.``, ``All rights reserved. Copyright Agence France-Presse.``. When the holder is
an agency of the registry (its ``holders`` spellings in ``tables/agencies.toml``), the notice is the
dispatch's :class:`~wireparse.records.Rights`; otherwise it is the site's own legal footer.
"""

from __future__ import annotations

import functools

import attrs
import regex

from wireparse.agencies import Registry, _key, default_registry, holder_keys, holder_names
from wireparse.records import Agency
from wireparse.tables import load

WINDOW = 600
"""How many characters of a line are read for a notice."""
MARKER_WITHIN = 100
"""A notice shows its marker within its first characters; a sentence that quotes a notice further
on ("… carries its original notice, such as "Copyright © 2019 …"") is body text."""

_YEAR = regex.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_MARK = r"(?:©|\(c\)|\(C\)|copyright|&copy;)"
_YEARS = r"\(?(?:1[89]|20|21)\d\d\)?(?:[ ]{0,2}[-–][ ]{0,2}(?:(?:1[89]|20|21)\d\d|present))?"
_AFTER_MARK = regex.compile(
    rf"{_MARK}(?:[ ]{{0,2}}(?:©|\(c\)))?[ ]{{0,2}}(?:{_YEARS}[ ]{{0,2}}[,.-]?[ ]{{0,2}})?(?:[-–][ ]{{1,2}})?",
    regex.IGNORECASE,
)
"""A marker, an optional second marker, an optional year or year range: the holder follows."""
_SUFFIX = r"(?:,?[ ](?:(?:Inc|Ltd|Co|Corp|LLC|L\.P|S\.A|GmbH|Pty[ ]Ltd|S\.p\.A|plc|AG|SE)\.?|Limited))"
_SUFFIX_END = regex.compile(rf"{_SUFFIX}\Z")
_ALL_RIGHTS = regex.compile(r"(?i)[ ]*+\ball[ ]rights\b")
_YEAR_TAIL = regex.compile(r"[ ]+(?:1[89]|20|21)\d\d\Z")
_NAME_WORD = r"[\p{Lu}\d&][\p{L}\p{M}\d.&'’\-]*+"
_GENERIC_HOLDER = regex.compile(rf"((?:The[ ])?{_NAME_WORD}(?:[ ](?:&[ ])?{_NAME_WORD}){{0,6}}+{_SUFFIX}?)")
"""Up to seven capitalised words (and a company suffix) after a marker: a holder no table names."""


@attrs.frozen
class Notice:
    """What a rights line says."""

    holder: str | None
    agency: Agency | None
    year: int | None


@functools.cache
def _markers() -> tuple[str, ...]:
    cues = load("rights").get("cues", {})
    markers = tuple(m.casefold() for m in cues.get("markers", ()))
    if not markers:
        raise RuntimeError("tables/rights.toml lists no [cues] markers")
    return markers


@functools.cache
def _holder_pattern() -> regex.Pattern[str]:
    names = sorted(holder_names(), key=len, reverse=True)
    alt = "|".join(regex.escape(n) for n in names)
    return regex.compile(rf"(?<![\w])(?:{alt})(?:{_SUFFIX})?(?![\w])", regex.IGNORECASE)


@functools.cache
def _bare_copyright() -> regex.Pattern[str]:
    """``Copyright`` followed by a year, ``©``, ``(c)``, ``by`` or a mangled ``©`` (``?``, ``Â©``)."""
    mangled = [m.casefold() for m in load("rights").get("cues", {}).get("mangled_markers", ())]
    marks = "|".join(regex.escape(m) for m in sorted({"©", "(c)", *mangled}, key=len, reverse=True))
    return regex.compile(rf"copyright[ ]{{1,3}}(?:{marks}|(?:1[89]|20|21)\d\d|by[ ])", regex.IGNORECASE)


def _first_sentence(name: str) -> str:
    """Cut a holder at its first full stop that ends a sentence, not an abbreviation:
    ``Ledger Media. All`` → ``Ledger Media``; ``Dow Jones & Co. Inc`` and ``XINHUANET.com`` stay whole."""
    for m in _STOP_SPACE.finditer(name):
        before = name[: m.start()]
        if not _SUFFIX_END.search(before + ".") and not _INITIAL.search(before):
            return before
    return name


_STOP_SPACE = regex.compile(r"\.[ ]")
_INITIAL = regex.compile(r"(?:\b\p{Lu}|\b(?:Co|Inc|Ltd|Corp|St|Mr|Dr))\Z")


def is_notice(text: str) -> bool:
    """True when a line carries a rights marker: ``©``, ``(c)``, ``all rights reserved`` (and the
    other phrases of ``tables/rights.toml``), or ``Copyright`` followed by a year, ``©`` or ``by``.
    A bare word "copyright" (``Copyright Office opens…``) is not a notice."""
    low = text[:MARKER_WITHIN].casefold()
    for m in _markers():
        if m in low:
            if m != "copyright":
                return True
            if _bare_copyright().search(low):
                return True
            at = low.find("copyright ")
            if at >= 0 and _holder_pattern().match(text, at + len("copyright ")):
                return True  # "Copyright Agence France-Presse." names a known holder
    return False


def _agency_for(holder: str, registry: Registry) -> Agency | None:
    base = holder
    for _ in range(2):
        code = holder_keys().get(_key(base))
        if code is not None:
            return registry.lookup(code)
        agency = registry.lookup(base)
        if agency is not None and agency.kind in ("agency", "site-wire"):
            return agency
        base = _SUFFIX_END.sub("", base).strip()
    return None


def read_notice(text: str, registry: Registry | None = None) -> Notice | None:
    """Holder, agency and year of a notice; None when the line is not one."""
    if not is_notice(text):
        return None
    reg = registry or default_registry()
    window = text[:WINDOW]
    holder: str | None = None
    agency: Agency | None = None
    for mark in _AFTER_MARK.finditer(window):
        at = mark.end()
        known = _holder_pattern().match(window, at)
        if known:
            holder = known.group(0)
            agency = _agency_for(holder, reg)
            break
        generic = _GENERIC_HOLDER.match(window, at)
        if generic:
            # the name stops where "All rights reserved" starts ("Acme News Ltd. All rights …")
            rights_at = _ALL_RIGHTS.search(window, generic.start(1), generic.end(1) + 8)
            name = window[generic.start(1) : rights_at.start()] if rights_at else generic.group(1)
            candidate = _first_sentence(name).strip(" ,-")
            if candidate and not candidate.casefold().startswith(("all rights", "copyright")):
                # the first holder named after a marker is the notice's; agencies named later
                # in the same footer ("AFP and UPI stories are copyright …") are not its holder
                holder = candidate
                agency = _agency_for(holder, reg)
                break
    if agency is None:
        # no holder right after a marker: an agency named elsewhere in a notice sentence
        known = _holder_pattern().search(window)
        if known and holder is None:
            holder = known.group(0)
            agency = _agency_for(holder, reg)
    years = [int(y) for y in _YEAR.findall(window)]
    if holder is not None:
        holder = _YEAR_TAIL.sub("", holder).strip(" ,")
        if holder.endswith(".") and not _SUFFIX_END.search(holder):
            holder = holder.rstrip(".")
    return Notice(holder=holder or None, agency=agency, year=max(years) if years else None)
