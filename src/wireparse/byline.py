"""Stage 5, the credit: whom a byline names and which agencies it credits.

A byline comes in many forms besides ``By Name``: ``The Associated Press`` alone, ``Via AP news
wire``, ``Jane Doe, Reuters``, ``Reuters | Dec 1, 2021``, ``Von Lena Vogt, dpa``, ``Jane Doe,
Senior Correspondent`` (a job title is no name), ``By Jane Doe @janedoe`` (nor is a handle), author
and agency on two lines, or a credit at the end of the story (``— Reuters``, ``-AFP``, ``(Prensa
Latina)``). :func:`read_credit` reads one line; :func:`sign_off` reads an agency signing off the
story. The words are data (``tables/credits.toml``).

>>> from wireparse.agencies import default_registry
>>> c = read_credit("By Jane Doe, Associated Press", default_registry())
>>> c.byline, [a.code for a in c.agencies]
('Jane Doe', ['AP'])
>>> read_credit("Reuters | December 1, 2021", default_registry()).byline
'Reuters'
"""

from __future__ import annotations

import functools

import attrs
import regex

from wireparse.agencies import Registry
from wireparse.dates import find_full_date, month_tokens, weekday_tokens
from wireparse.records import Agency
from wireparse.tables import load

MAX_CREDIT = 160
"""A line longer than this (in characters) is no credit line."""
MAX_NAME_WORDS = 6
"""One name of a credit has at most this many words (``Jong, Michiel de`` has three)."""


@attrs.frozen
class Credit:
    """What one credit line says."""

    byline: str | None
    """The names credited (people, else a desk or an agency as printed), without ``By``; None for a
    bare ``By`` label or a line that credits only a date."""
    people: tuple[str, ...]
    """The names that are not agencies nor job titles, in order."""
    agencies: tuple[Agency, ...]
    """The registry's agencies the line credits, in order."""
    lead: bool
    """The line opens with a credit word (``By``, ``Par``, ``Von``, ``Autor:``, ``Via``)."""
    dated: bool = False
    """The line also carries a date or a clock time (``Sehernur Karsu | 05.04.2025``)."""


@functools.cache
def _other_work() -> regex.Pattern[str]:
    """The opening of a credit for other work than the writing (``Editing by``, ``Photos:``)."""
    words = sorted(load("credits")["other"], key=len, reverse=True)
    return regex.compile(
        rf"\A(?:{'|'.join(regex.escape(w) for w in words)})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE
    )


@functools.cache
def _words() -> tuple[regex.Pattern[str], frozenset[str], frozenset[str], frozenset[str]]:
    table = load("credits")
    leads = sorted({*table["lead"], *table["via"]}, key=len, reverse=True)
    alternation = "|".join(regex.escape(w) for w in leads)
    lead = regex.compile(rf"\A(?:{alternation})(?![\p{{L}}\p{{N}}])[\s:.\-–—]*", regex.IGNORECASE)
    role = frozenset(w.casefold() for w in table["role"])
    via = frozenset(w.casefold() for w in table["via"])
    glue = frozenset(w.casefold() for w in table["glue"])
    return lead, role, via, glue


_SEGMENTS = regex.compile(r"[ ]+(?:[|•·/–—]|--?)[ ]+|[|•·;]|\t")
"""What separates a credit's segments: ``Reuters | date``, ``Jane Doe • 5 min read``."""
_COMMA = regex.compile(r"\s*,\s*")
_HANDLE = regex.compile(r"(?:\A|\s)@[\w.]+|\S+@\S+\.\w+|https?://\S+|www\.\S+")
_CLOCK = regex.compile(r"\d{1,2}[:.h]\d\d")
_GLUED_DATE = regex.compile(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll}+\.?\s*\d)|(?<=\p{L})(?=\d)")
"""Where a date is glued to a name with no space: ``Jane DoeDecember 1, 2021``, ``Jane Doe2h``."""
_TIME_WORDS = frozenset(
    (
        "updated", "published", "posted", "modified", "ago", "am", "pm", "a.m.", "p.m.", "gmt",
        "utc", "est", "edt", "pst", "pdt", "cet", "cest", "uhr", "ist", "hours", "hour", "minutes",
        "min", "mins", "read", "today", "yesterday", "aktualisiert", "veröffentlicht", "publié",
        "publiée", "actualizado", "publicado", "atualizado", "pubblicato", "aggiornato", "le", "am",
        "um", "on", "à", "el", "il", "em",
    )
)  # fmt: skip
_LABEL = regex.compile(r"\p{L}+(?:[ ]\p{L}+)?")
"""A label before a colon inside a credit line (``Editor``, ``Photo``, ``Text``)."""
_STAMP_WORDS = ("updated", "published", "posted", "modified", "aktualisiert", "veröffentlicht")
"""Words that open a timestamp glued to a name with no digit before them (``Jane Doe Updated``)."""
_NAME_WORD = regex.compile(r"[\p{L}][\p{L}\p{M}'’.\-]*")
_TIDY_ENDS = " ,;:=-–—|·•()[]"


def _is_time_word(word: str) -> bool:
    low = word.casefold().strip(",.:()")
    return (
        low in _TIME_WORDS
        or low in month_tokens()
        or low in weekday_tokens()
        or any(c.isdigit() for c in low)
    )


def _cut_time(piece: str) -> str:
    """The piece up to a date, time or timestamp glued on (``Jane Doe December 1, 2021``, ``Jane
    Doe Updated 10:31 AM``, ``Jane DoeDecember 1``)."""
    digits = any(c.isdigit() for c in piece)
    if not digits:  # no date nor clock time: only a timestamp word can start the cut
        low = piece.casefold()
        if not any(w in low for w in _STAMP_WORDS):
            return piece
    else:
        m = _GLUED_DATE.search(piece)
        if m is not None and (find_full_date(piece[m.start() :]) or _CLOCK.search(piece, m.start())):
            piece = piece[: m.start()]
    words = piece.split()
    for k, word in enumerate(words):
        low = word.casefold().strip(",.:()")
        if _is_time_word(word) and (
            any(c.isdigit() for c in word)
            or low in _STAMP_WORDS
            or (k + 1 < len(words) and any(c.isdigit() for c in words[k + 1]))
        ):
            return " ".join(words[:k])
    return piece


def names_like(text: str) -> bool:
    """Could this text name someone: a capitalised word (or a word of a script without case)
    that is no month, weekday or credit word. ``05.06.2025 um 14:46``, ``před 2 hodinami``, ``By``,
    ``• 8h`` name no one."""
    lead, _role, via, glue = _words()
    months, weekdays = month_tokens(), weekday_tokens()
    for word in _NAME_WORD.findall(text):
        first = word[0]
        if first.islower():
            continue
        low = word.casefold().rstrip(".:")
        if low in months or low in weekdays or low in glue or low in via or lead.fullmatch(low):
            continue
        if not first.isupper() or len(word) >= 2:
            return True
    return False


_PARTICLES = frozenset(
    ("de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la", "le", "van", "von", "der",
     "den", "ter", "al", "el", "bin", "ibn", "y", "e", "and", "und", "et", "&", "mc", "st.")
)  # fmt: skip


def person_shaped(text: str) -> bool:
    """Is the text shaped like people's names: one to :data:`MAX_NAME_WORDS` words per name, each
    capitalised (or of a script without case, or a particle such as ``de``, ``van``, ``al``), two
    capitalised words at least, no digit and no sentence end. ``Jane Doe``, ``MARK HOLLIS``,
    ``Ana Li y Juan Gil`` are; ``Talks with AFP``, ``Updated 10:31`` are not."""
    if not text or text[-1:] in ".!?" or any(c.isdigit() for c in text):
        return False
    capital = 0
    for name in _COMMA.split(text):
        words = name.split()
        if not words or len(words) > MAX_NAME_WORDS * 2:
            return False
        for word in words:
            first = word[0]
            if word.casefold() in _PARTICLES:
                continue
            if first.isupper() or (first.isalpha() and not first.islower()):
                capital += 1
                continue
            return False
    return capital >= 2 or (capital == 1 and not text.isascii())


def is_role(piece: str) -> bool:
    """Every word of the piece is a job title's or a desk's (``Senior Correspondent``)."""
    _lead, role, _via, _glue = _words()
    words = [w.casefold().strip(".,:") for w in piece.split()]
    return bool(words) and all(w in role for w in words)


def _agency_of(piece: str, registry: Registry) -> tuple[Agency | None, str]:
    """The agency a piece names, and what is left of the piece: ``Associated Press`` → AP, "";
    ``MARK HOLLIS Associated Press`` → AP, ``MARK HOLLIS``; ``AP news wire`` → AP, ""."""
    words = piece.split()
    # the agency, then a desk's words: "AP news wire", "Reuters Staff"
    end = len(words)
    while end > 1 and is_role(words[end - 1]):
        end -= 1
    core = words[:end]
    if not core:
        return None, piece
    whole = registry.lookup(" ".join(core))
    if whole is not None:
        return whole, ""
    for k in range(min(4, len(core) - 1), 0, -1):  # the agency at the end: "MARK HOLLIS Associated Press"
        tail = " ".join(core[-k:])
        if len(tail) >= 2 and not (k == 1 and core[-1].casefold() == "the"):
            found = registry.lookup(tail)
            if found is not None and (k > 1 or not registry.is_ambiguous(tail) or tail.isupper()):
                head = core[:-k]
                if head and head[-1].casefold() == "the":
                    head = head[:-1]
                return found, " ".join(head)
    return None, piece


def has_lead(text: str) -> bool:
    """Does the line open with a credit word (``By``, ``Par``, ``Von``, ``Autor:``, ``Via``)?"""
    return _words()[0].match(text.lstrip()) is not None


def read_credit(text: str, registry: Registry) -> Credit | None:
    """What a credit line says, or None when the line is no credit (too long, or naming no one and
    no agency, and not a bare ``By`` label). Results are kept for the last lines read (the header
    reads a line more than once)."""
    if len(text) > MAX_CREDIT * 2:
        return None
    return _read_credit(text, registry)


@functools.lru_cache(maxsize=512)
def _read_credit(text: str, registry: Registry) -> Credit | None:
    text = " ".join(text.split())
    if not text or len(text) > MAX_CREDIT:
        return None
    lead_re, _role, _via, glue = _words()
    m = lead_re.match(text)
    led = m is not None and (m.end() == len(text) or not text[m.end() - 1].isalpha())
    rest = text[m.end() :] if led and m is not None else text
    if led and not rest.strip(_TIDY_ENDS):
        return Credit(None, (), (), True)  # a bare "By" label: the names are on the next line
    people: list[str] = []
    desks: list[str] = []
    agencies: list[Agency] = []
    for raw in _SEGMENTS.split(rest):
        segment = _segment(raw, lead_re)
        if not segment:
            continue
        for k, raw_piece in enumerate(_COMMA.split(segment)):
            piece = raw_piece.strip(_TIDY_ENDS)
            agency, left = _agency_of(piece, registry)
            if agency is not None:
                if agency not in agencies:
                    agencies.append(agency)
                if not left:
                    desks.append(_desk_form(piece))
                    continue
            name = left if agency is not None else piece
            if not name or not names_like(name):
                continue
            if is_role(name):
                desks.append(name)
                continue
            words = name.split()
            if len(words) > MAX_NAME_WORDS and not any(w.casefold() in glue for w in words):
                if k == 0 and not people:
                    return None  # a sentence, not a name
                continue
            if k > 0 and people and len([w for w in words if w[:1].isupper()]) < 2 and len(words) > 1:
                continue  # "Jane Doe, in Paris": a place or a note after the name
            people.append(name)
    if people:
        byline = ", ".join(people)
    elif desks:
        byline = desks[0]
    else:
        return None if not led else Credit(None, (), tuple(agencies), True)
    dated = any(c.isdigit() for c in text) and (
        _CLOCK.search(text) is not None or find_full_date(text) is not None
    )
    return Credit(byline, tuple(people), tuple(agencies), led, dated)


def _segment(raw: str, lead_re: regex.Pattern[str]) -> str:
    """One segment of a credit line without handles, links, dates and labels: ``Jane Doe
    @janedoe`` → ``Jane Doe``; ``December 1, 2021`` → ""; ``Editor: Zhou Lan`` → "" (who edited or
    shot it, not who wrote it); ``Text: Ana Li`` → ``Ana Li``."""
    segment = _HANDLE.sub(" ", raw).strip(_TIDY_ENDS)
    if _other_work().match(segment):
        return ""  # "Editing by John Roe", "Photos: dpa"
    label, colon, after = segment.partition(":")
    if colon and _LABEL.fullmatch(label.strip()):
        if not lead_re.match(label.strip() + ":"):
            return ""
        segment = after.strip(_TIDY_ENDS)
    if not segment:
        return ""
    lead = lead_re.match(segment)
    if lead is not None and lead.end() < len(segment):
        segment = segment[lead.end() :]  # "…; Additional reporting by Ana Li"
    cut = _cut_time(segment)
    if any(c.isdigit() for c in segment) and find_full_date(segment) is not None and not names_like(cut):
        return ""  # only a date
    return cut.strip(_TIDY_ENDS)


def _desk_form(piece: str) -> str:
    """A desk or agency credit as printed, without the words of a wire: ``AP news wire`` → ``AP``."""
    words = piece.split()
    end = len(words)
    while end > 1 and is_role(words[end - 1]) and words[end - 1].casefold() in ("news", "wire", "newswire"):
        end -= 1
    return " ".join(words[:end])


_SIGN_OFF = regex.compile(
    r"(?:(?<=[.!?\"'”’»)])\s*|\s+)(?:[-–—=]+\s*|\(\s*)?(?P<who>\p{Lu}[\p{L}\-/ ]{0,40}?)\s*\)?\s*\Z"
)
"""The end of a story signed off by an agency: ``…said. — Reuters``, ``…said.-AFP``, ``…(Prensa
Latina)``."""


def sign_off(text: str, registry: Registry) -> Agency | None:
    """The agency credited at the very end of a paragraph, after its last sentence, or as the
    whole (short) line: ``…it said. — Reuters``, ``…on Monday.-AFP``, ``(Prensa Latina)``."""
    tail = text[-60:].rstrip()
    if not tail:
        return None
    stripped = tail.strip(" -–—=()[]")
    if len(text) <= 50 and stripped:
        found = registry.lookup(stripped)
        if found is not None:
            return found
    m = _SIGN_OFF.search(tail)
    if m is None:
        return None
    who = m.group("who").strip()
    before = tail[: m.start()].rstrip()
    marked = any(c in m.group(0) for c in "-–—=(")
    if not before or before[-1] not in ".!?\"'”’»)":
        return None
    found = registry.lookup(who)
    if found is None:
        return None
    if not marked and (registry.is_ambiguous(who) or not who.isupper()):
        return None  # "…said Reuters" is prose; "…said. REUTERS" a sign-off
    return found
