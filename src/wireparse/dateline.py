"""The dateline grammar: ``[(CREDIT) -] PLACE [, REGION] [, DATE] [(CREDIT)] [PAGE DATE] [SEP] body…``.

The grammar is a short sequence of anchored matches over at most :data:`WINDOW` characters of a
line, so its cost is bounded whatever the page holds. Each slot is optional in some house style
(``../shared/CONVENTIONS.md`` §0–§1); a match is accepted only with enough evidence that the text
is a dateline and not a sentence that starts with a capitalised word:

* a credit the registry knows (``(AFP)``, ``/TASS/``, ``| AFP |``, ``, AAP -``), followed by a
  separator, the end of the line, a SpaceDaily page date, or a capitalised word (PTI style); or
* an unknown credit that looks like a name (``(HawaiiNewsNow)``), followed by a separator or the
  end of the line (it becomes an unknown :class:`~wireparse.records.Agency` and a defect); or
* no credit, but a date or a dash/colon separator after a place printed in capitals, a place from
  the standalone-city table, or a known state/country region.

When that main shape fails, :func:`_match_shapes` tries the other shapes of unseen pages, each
found by its own cue and then read by the main grammar where it can be: the city in brackets
(``(Paris) –``), the date first (``March 21, Seoul:``), the source first (``Xinhua, United
Nations, May 5 –``), a timestamp first (``(07-17) 13:09 PDT BERKELEY --``), a pipe, middle dot or
full stop after a known place (``NAIROBI |``, ``Neuss ·``, ``Berlin. Die …``) and the CJK forms
(``新华社北京5月5日电``, ``【ワシントン共同】``, ``(서울=연합뉴스)``). Text before the dateline on its line
(a byline, a photo credit, an update note, an image file name, a date stamp: :func:`_lead_ins`)
moves the match's ``start`` and says what it was (:attr:`DatelineMatch.lead`).

Offsets are kept exact: the window is only translated character for character (dash look-alikes
to ``-``, no-break spaces to a space, full-width brackets and the Arabic comma to their ASCII
forms); a dash written as ``&#151;`` or lost to U+FFFD is matched as printed.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import attrs
import regex

from wireparse import dates, geo
from wireparse.agencies import Registry, default_registry, unknown
from wireparse.records import Agency, Dateline, Span, YearSource
from wireparse.tables import load

WINDOW = 320
"""How many characters of a line the grammar may read."""

_TRANSLATE_DASHES = {
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2015": "\u2014",
    "\u2212": "-",
    "\ufe58": "-",
    "\ufe63": "-",
    "\uff0d": "-",
    # Windows-1252's en and em dash bytes read as Latin-1 (C1 controls in a str page)
    "\x96": "-",
    "\x97": "\u2014",
}
_TRANSLATE = str.maketrans(
    {
        **_TRANSLATE_DASHES,
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\t": " ",
        "\uff08": "(",  # full-width brackets of CJK copy: "新华社北京5月5日电（记者 …）"
        "\uff09": ")",
        "\u060c": ",",  # the Arabic comma
    }
)
_WORD_TAIL = r"(?:[.\-][\p{L}\p{M}'’]++)*+(?:\.(?![\-\p{L}])|-(?=[ ]))?+"
"""Dots and hyphens inside a word (``St.Louis``, ``Saint-Denis``, ``U.S.``) and a closing abbreviation
stop, but never the dashes of a separator glued to the word (``CHICAGO--``, ``Lima.-``)."""
_RTL_WORD = r"[[\p{Arabic}\p{Hebrew}]&&\p{L}][[\p{Arabic}\p{Hebrew}]&&[\p{L}\p{M}]]*+"
"""A word of a script without case (Arabic, Urdu, Persian, Hebrew): a place such as ``موسكو``."""
_WORD = (
    rf"(?:\p{{Lu}}[\p{{L}}\p{{M}}'’]*+{_WORD_TAIL}|\p{{Ll}}{{1,2}}['’]\p{{Lu}}[\p{{L}}\p{{M}}]*+{_WORD_TAIL}"
    rf"|{_RTL_WORD})"
)
_CONNECT = (
    r"(?:de|del|della|di|do|da|dos|das|du|des|la|le|les|el|al|am|an|der|den|upon|on|of|and|y|e|en|sur|im|bei"
    r"|ob)"
)
_PLACE = regex.compile(
    rf"{_WORD}(?:[ ]{{1,2}}(?:{_CONNECT}[ ]{{1,2}})?{_WORD}){{0,5}}+"
    rf"(?:[ ]{{0,2}}/[ ]{{0,2}}{_WORD}(?:[ ]{{1,2}}{_WORD}){{0,4}}+){{0,2}}+",
    regex.VERSION1,
)
_COMMA = regex.compile(r"[ ]{0,2},[ ]{0,3}")
_SPACES = regex.compile(r"[ ]{1,3}")
_BRACKET_REGION = regex.compile(r"[ ]{0,2}\[([^\]\n]{2,40})\]")
_PAREN_CREDIT = regex.compile(r"[ ]{0,3}\([ ]{0,2}([^()\n]{1,60}?)[ ]{0,2}\)")
_SLASH_CREDIT = regex.compile(r"\.?[ ]{0,3}/[ ]{0,2}(\p{Lu}[\p{L}\-]{1,20})[ ]{0,2}/[ ]{0,2}\.?")
_PIPE_CREDIT = regex.compile(r"[ ]{0,3}\|[ ]{0,3}([^|\n]{1,40}?)[ ]{0,3}\|")
_COMMA_CREDIT = regex.compile(r"[ ]{0,2},?[ ]{1,2}(\p{Lu}[\p{L}\-]{1,15})(?=[ ]{0,3}[-—–])")
_ENTITY_DASH = r"&(?:#(?:150|151|8211|8212|[xX]201[34])|[mn]dash);"
"""A dash written as a character reference in a plain-text page (``BERLIN &#151; …``)."""
_SEP = regex.compile(
    r"[ ]{0,3},?[ ]{0,3}(?:\.-|[—–]{1,2}|-{1,3}|_(?=\s|\Z)|:(?=\s|\Z)|\|"
    rf"|{_ENTITY_DASH}|\ufffd(?=\s|\Z)|\u0640{{1,3}}(?=\s|\Z))"
    r"(?:[ ]{0,3}[—–-]{1,2}(?=\s|\Z))?[ ]{0,3}"
)
"""The separator after a dateline. A dash may be a character reference, an undecodable byte
(U+FFFD, the usual fate of a Windows-1252 dash in a UTF-8 page) between spaces, or an Arabic
tatweel between spaces (``القاهرة ـ``)."""
_DASHES = frozenset("—–-_&\ufffd\u0640")
_PAGE_DATE = regex.compile(r"[ ]{1,3}(\p{Lu}\p{Ll}{2})[ ]([0-3]\d),[ ]((?:19|20|21)\d\d)(?!\d)")
_BODY_START = regex.compile(r"[ ]{0,3}(?=[\p{Lu}\p{Lo}\d\"'“‘«„¿¡<(\[])")
_PLACE_SPLIT = regex.compile(r"[ /]+")
_GLUED_BODY = regex.compile(r"[ ]{0,2}\p{Lu}\p{Ll}")
_BARE_CREDIT = regex.compile(r"(\p{Lu}[\p{L}\-]{1,15})(?=[ ]{1,3}[-—–])")
_SENTENCE_START = regex.compile(r"[ ]{1,3}[\p{Lu}\p{Lo}\"“‘„']")
_LOWER = regex.compile(r"\p{Ll}")
_CASELESS = regex.compile(r"\p{Lo}")
_PROSE_WORD = regex.compile(r"(?:^|[ ])[\p{Ll}\p{Lo}]{2,}")
_UPPER = regex.compile(r"\p{Lu}")
_END = regex.compile(r"[ ]*(?:\n|\Z)")
_BY_CREDIT = regex.compile(
    r"(?:By|BY|by)[ ]{1,2}(?:(\p{Lu}[^,\n]{1,40}?),[ ]{1,2})?"
    r"(\p{Lu}[\p{L}\-]{1,20}(?:[ ]\p{Lu}[\p{L}\-]{1,20}){0,2}),[ ]{1,2}"
)
"""``By AGENCY, `` or ``By NAME, AGENCY, `` before the place: an aggregator's credit line."""
_FEED_LEAD = regex.compile(r"\p{Lu}[\p{L} ]{1,30}?=[ ]{0,2}(?=\p{Lu})")
"""A wire feed's prefix leaked before the dateline: ``Associated Press= BANGUI, … (AP) —``."""


@functools.cache
def _not_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words that never open a place, words that make a parenthesis a credit of no agency)."""
    table = load("places")
    stop = frozenset(w.casefold() for w in table["not_place"]["words"])
    not_credit = frozenset(w.casefold() for w in table["not_credit"]["words"])
    return stop, not_credit


@functools.cache
def _not_credit_re() -> re.Pattern[str]:
    """The :func:`_not_words` credit fragments as one alternation (a photo credit's cue)."""
    return re.compile("|".join(re.escape(w) for w in sorted(_not_words()[1], key=len, reverse=True)))


@functools.cache
def _places() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(standalone cities, state abbreviations, countries), casefolded."""
    table = load("places")
    cities = {c.casefold() for c in table.get("standalone", {}).get("us", [])}
    cities |= {c.casefold() for c in table.get("standalone", {}).get("world", [])}
    cities |= {c.casefold() for c in table.get("cities", {}).get("names", [])}
    cities |= {c.casefold() for c in table.get("standalone", {}).get("special", [])}
    states = {s.casefold() for s in table.get("us_states", {})}
    states |= {s.casefold() for s in table.get("ca_provinces", {})}
    countries = {c.casefold() for c in table.get("countries", {}).get("names", [])}
    return frozenset(cities), frozenset(states), frozenset(countries)


@attrs.frozen
class DatelineMatch:
    """What the grammar read from a line, with offsets relative to the text it was given."""

    start: int
    end: int
    """Where the dateline ends (after its separator)."""
    body_start: int
    """Where the body text starts (== len of the text for an own-line dateline)."""
    city: str | None
    region: str | None
    date_parts: tuple[int, int, int | None] | None
    date_text: str | None
    page_date: dt.date | None
    credits: tuple[Agency, ...]
    unknown_credit: str | None
    own_line: bool
    evidence: str
    """Which rule accepted it: ``credit``, ``unknown_credit``, ``date``, ``separator``, ``place``."""
    lead: str | None = None
    """What stands before the dateline on its line when ``start`` > 0: ``byline``, ``caption`` (a
    photo credit, an image file name), ``note`` (an update note: ``(Adds comment …)``) or ``date``
    (a date stamp)."""

    @property
    def trusted(self) -> bool:
        """Backed by more than its shape: a known agency, a date, or a known place. ``RSS - Posts``
        (a capitalised word and a dash) or ``Tourism (Economy)`` in a menu is read as a dateline
        but may be none."""
        if self.credits or self.date_parts is not None or self.page_date is not None:
            return True
        return self.city is not None and _known_place(self.city, self.region)


REST_HEAD = 80
"""How much of the text after a separator the ALL-CAPS test reads: this many characters once its
whitespace runs are collapsed, so that trailing spaces on a wrapped line change nothing."""


def _rest_head(text: str, end: int) -> str:
    """The first :data:`REST_HEAD` characters after ``end``, whitespace runs collapsed (a bounded slice:
    each character of it is at least one character of the text)."""
    return " ".join(text[end : end + WINDOW].split())[:REST_HEAD]


def _is_caps(text: str) -> bool:
    return _LOWER.search(text) is None and len(_UPPER.findall(text, 0, 8)) >= 2


def _dashlike(sep_text: str) -> bool:
    """Is a separator a dash (``—``, ``--``, ``.-``, ``&#151;``, an undecodable dash byte), as opposed to
    a colon or a pipe?"""
    return sep_text.strip(" ,").lstrip(".")[:1] in _DASHES


def _place_ok(place: str) -> bool:
    if len(place) > 48:
        return False
    words = [w for w in _PLACE_SPLIT.split(place) if w]
    if not words or len(words) > 7:
        return False
    first = words[0].strip(".'’").casefold()
    if len(words) == 1 and first in dates.weekday_tokens():
        return False  # "Tue, 04/11/2003": a site's timestamp, not a place
    caps = _is_caps(place)
    if first in dates.month_tokens() and len(words) > 1 and words[1][:1].isdigit():
        return False
    stop, _ = _not_words()
    if first in stop and not (caps and len(words) >= 2 and first == "the"):
        return False
    return all(
        w.casefold().strip(".") not in stop
        or w.casefold() in ("de", "la", "of", "and")
        or (caps and w == "THE")
        for w in words
    )


def _known_place(city: str, region: str | None) -> bool:
    cities, states, countries = _places()
    if city.casefold() in cities:
        return True
    if region is not None:
        for part in region.casefold().split(","):  # "DC, United States": either part will do
            r = part.strip()
            if r in states or r in countries or r.rstrip(".") in countries:
                return True
    # the gazetteer (cities of 15,000+, countries, capitals), when the region is none or one it knows
    return bool(city) and geo.is_place(city) and (region is None or geo.is_region(region))


def _split_postal(city: str) -> tuple[str, str | None]:
    """``Houston TX`` → (``Houston``, ``TX``); leaves ``NEW YORK`` alone."""
    head, _, last = city.rpartition(" ")
    if head and len(last) == 2 and last.isupper() and not _is_caps(head):
        _, states, _ = _places()
        if last.casefold() in states:
            return head, last
    return city, None


def _resolve_credit(raw: str, registry: Registry) -> tuple[tuple[Agency, ...], str | None]:
    """Known agencies of a credit, or (), plus the credit text when it names no known agency."""
    credit = raw.strip()
    agencies = registry.split(credit)
    if agencies:
        return tuple(agencies), None
    return (), credit


def _name_like(credit: str) -> bool:
    """Could an unknown credit name an agency or outlet (``HawaiiNewsNow``, ``Philippine Daily Inquirer``)?"""
    if not credit or len(credit) > 40 or any(c.isdigit() for c in credit):
        return False
    words = credit.split()
    if len(words) > 4:
        return False
    if _caseless(credit):
        return True  # "(الأناضول)", "(ڈیلی پاکستان)": a script with no capitals to go by
    if not credit[0].isupper():
        return False
    low = credit.casefold()
    if any(tok in low for tok in _not_words()[1]):
        return False
    if dates.parse_date_slot(credit) is not None or words[0].casefold().rstrip(".") in dates.month_tokens():
        return False
    return all(w[0].isupper() or w.casefold() in ("de", "of", "the", "and") for w in words)


_LOWER_CREDIT = regex.compile(r"\p{Ll}{2,6}+(?:[ /\-]\p{Ll}{2,6}+)?+")
"""A lower-case agency credit the registry does not know: ``(dts)``, ``(dpo)``, ``(red)``."""


def _lower_credit(credit: str) -> bool:
    if _LOWER_CREDIT.fullmatch(credit) is None:
        return False
    low = credit.casefold()
    stop = _not_words()[0]
    return low not in stop and _not_credit_re().search(low) is None and low not in dates.month_words()


def _caseless(text: str) -> bool:
    """Is the first letter of ``text`` of a script without case (Arabic, Hebrew, CJK)?"""
    for c in text:
        if c.isalpha():
            return not (c.isupper() or c.islower())
    return False


_HEAD = re.compile("[^\\n]{0,110}?(?:[(/|:_—–\x96\x97&\ufffd\\d\\[\\n]|\\s-|--|\\.-)")
"""A cheap guard: a dateline shows a parenthesis, slash, pipe, colon, underscore, dash (or a dash
byte, a character reference), bracket or digit within its first 110 characters, or is a short line
of its own (stdlib ``re``: far cheaper than the full grammar, and it turns away most body sentences)."""


def match(text: str, registry: Registry | None = None) -> DatelineMatch | None:
    """Read a dateline at the start of ``text``, or right after a byline or photo credit glued in
    front of it (``By Jane Roe Thimphu, Oct 17 (PTI) …``, ``(AP Photo/Name)WASHINGTON – …``): then
    the match's ``start`` is where the dateline begins. None when there is none."""
    if not text:
        return None
    if _CUE.search(text, 0, 2 * WINDOW) is None:
        # none of the marks a credit, date or separator needs: only a place on a line of its own
        # ("WASHINGTON") is left, and its first word has no lower-case letter
        word = _LEAD_WORD.match(text)
        if word is None:
            return None
        if _LOWER.search(word.group(0)) is not None:
            # "Berlin. Die Feuerwehr …": only the full-stop shape is left
            if not _period_cue(text):
                return None
            return _marked_place(text[:WINDOW].translate(_TRANSLATE), text, registry or default_registry())
    reg = registry or default_registry()
    found = _match_at_start(text, reg)
    if found is not None:
        return found
    # a glued byline or credit shares the dateline's line: the search never crosses a line break
    # (a hard-wrapped unit's later lines are prose, and their ends may carry any whitespace)
    first_line = text[:WINDOW].split("\n", 1)[0]
    for lead, clear, kind in _lead_ins(first_line.translate(_TRANSLATE)):
        m = _match_at_start(text[lead:], reg)
        if m is None or m.own_line or not (m.credits or (m.city and _is_caps(m.city))):
            continue
        if not clear and m.credits and m.city and not (_known_place(m.city, m.region) or _is_caps(m.city)):
            continue  # "Mehra Thimphu": the byline's last name is not part of the place
        if not clear and not m.credits and not (m.city and _known_place(m.city, m.region)):
            continue  # "12:30 PM EST MARKETS --": a guessed boundary needs a credit or a known place
        return attrs.evolve(m, start=lead, end=m.end + lead, body_start=m.body_start + lead, lead=kind)
    return None


_CUE = re.compile(
    "[(/|:_\\-\\[\\d" + "".join(k for k, v in _TRANSLATE_DASHES.items()) + "—–·•&【\uff08\ufffd]"
)
"""A character every dateline but a bare own-line place or a full-stop one holds: a credit's
parenthesis, slash or pipe, a separator's dash, colon, underscore, middle dot or character reference,
a date's digit, a CJK bracket (dashes as :data:`_TRANSLATE` reads them)."""
_LEAD_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}'’.\-]*+")
_BYLINE_LEAD = regex.compile(r"(?:By|BY|Por|POR|Par|PAR|Von|Di)[ ]+\p{Lu}")
_CAPTION_LEAD = regex.compile(r"\([^()\n]{1,100}\)(?=\p{Lu})")
_WORD_START = regex.compile(r"[ ]+(?=\p{Lu})")
_GAP = regex.compile(r"[ \t\u00a0]{2,}(?=\p{Lu})")


_NOTE_LEAD = regex.compile(r"[(\[][^()\[\]\n]{2,200}[)\]][ ]{1,3}(?=\S)")
"""A bracketed note before the dateline: ``(Adds comment from ministry)``, ``[UPDATED]``."""
_IMAGE_EXTENSIONS = (".jp", ".png", ".gif", ".webp", ".tif")
_FILE_LEAD = regex.compile(r"[\w\-]{1,80}\.(?:jpe?g|png|gif|webp|tiff?)(?![\w.])[ ]{1,3}", regex.IGNORECASE)
"""An image file name left before the dateline by a scraper: ``IMG_2045.JPG LONDON (Reuters) -``."""
_TIME_TAIL = regex.compile(
    r"(?:[ ]{0,2},?[ ]{1,2}[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?(?:[ ]?[AaPp]\.?[Mm]\.?)?"
    r"(?:[ ]{1,2}[A-Z]{2,4}\b)?)?"
    r"[ ]{0,2}[|,-]?[ ]{1,3}(?=\p{Lu})"
)
_NUMERIC_LEAD = regex.compile(r"(?:\d{4}-[01]\d-[0-3]\d|[0-3]?\d[./][01]?\d[./](?:19|20|21)\d\d)")
_WEEKDAY_LEAD = regex.compile(r"\p{L}{2,9}\.?,?[ ]{1,2}")
_CREDIT_LEAD = regex.compile(r"(?<=\p{L})/(?=\p{L})|[ ]\p{Lu}{3,}(?=[ ,(])")
"""A slash between letters (``Jane Roe/AFP``, not ``24/7``) or a word in capitals after the first: a
photo credit may stand before the dateline."""
_LETTER_SLASH = regex.compile(r"(?<=\p{L})/(?=\p{L})")
_PHOTO_LEAD = regex.compile(r"(?:Photo|Photos|Foto|Fotos|Image|Picture|Pic|Credit|Bild)\b", regex.IGNORECASE)


def _date_lead(text: str) -> int | None:
    """The end of a date stamp (with a year, maybe a weekday before and a time after) that opens
    ``text``: ``May 5, 2024 LONDON …``, ``Tue, 04/11/2003 10:32 …``."""
    if not text[:1].isdigit():
        low = _first_word(text)
        if (
            low not in dates.month_words()
            and low not in dates.weekday_tokens()
            and low + "." not in dates.weekday_tokens()
        ):
            return None
    pos = 0
    wd = _WEEKDAY_LEAD.match(text)
    if wd is not None and wd.group(0).strip(" ,.").casefold() in dates.weekday_tokens():
        pos = wd.end()
    num = _NUMERIC_LEAD.match(text, pos)
    if num is not None:
        end = num.end()
    else:
        dm = dates.match_date_prefix(text, pos)
        if dm is None or dm[1][2] is None:
            return None
        end = dm[0].end()
    tail = _TIME_TAIL.match(text, end)
    return tail.end() if tail is not None else None


def _lead_ins(text: str) -> list[tuple[int, bool, str]]:
    """Where a dateline may start after a glued byline, photo credit, update note, image file name,
    date stamp or feed prefix, best first: (where, whether the boundary is clear — a closing
    parenthesis, a run of spaces — or only a guess between words, what stands before)."""
    head = text[:120]
    feed = _FEED_LEAD.match(head)
    if feed is not None:
        return [(feed.end(), True, "caption")]
    for cm in _CAPTION_LEAD.finditer(text, 0, 300):
        if "photo" in cm.group(0).casefold():
            return [(cm.end(), True, "caption")]  # a caption ending "(AP Photo/Name)" glued to the dateline
    if _BYLINE_LEAD.match(head):
        gap = _GAP.search(head)
        if gap is not None:
            return [(gap.end(), True, "byline")]  # "Por Marta Iglesias Ferrán     Praga, 3 feb (EFE).-"
        starts = [m.end() for m in _WORD_START.finditer(head)]
        return [(s, False, "byline") for s in starts[1:6]]  # after the name's first word, up to five words in
    first = head[:1]
    if first in "([":
        note = _NOTE_LEAD.match(text)
        return [(note.end(), True, "note")] if note is not None else []
    low = head[:90].casefold()
    if "." in low and any(ext in low for ext in _IMAGE_EXTENSIONS):
        image = _FILE_LEAD.match(head)
        if image is not None:
            return [(image.end(), True, "caption")]
    stamp = _date_lead(head)
    if stamp is not None:
        return [(stamp, True, "date")]
    if (first in "PFICBpficb" and _PHOTO_LEAD.match(head)) or (
        _CREDIT_LEAD.search(head, 0, 80) is not None
        and (
            ("/" in head[:80] and _LETTER_SLASH.search(head, 0, 80) is not None)
            or _not_credit_re().search(low) is not None  # the long alternation last: it is the dear one
        )
    ):
        # "Photo: Jane Roe/AFP LONDON (AFP) -", "Getty Images BERLIN (dpa) -": the credit's end is a
        # guess between words; what stands before must look like a photo credit (a slash, a word
        # such as "photo" or "Getty"), never a menu ("Barron's | DJX | …") or a kicker ("EXCLUSIVE…")
        starts = []
        for m in _WORD_START.finditer(head, 0, 80):
            lead = head[: m.start()]
            if "|" not in lead and (
                _LETTER_SLASH.search(lead) is not None or _not_credit_re().search(lead.casefold()) is not None
            ):
                starts.append(m.end())
        return [(s, False, "caption") for s in starts[:8]]
    return []


def _match_at_start(text: str, reg: Registry) -> DatelineMatch | None:
    """The dateline grammar at position 0 of ``text``: the main shape, else the other shapes
    (:func:`_match_shapes`)."""
    found = _match_core(text, reg)
    if found is not None or not _shape_cue(text, reg):
        return found
    return _match_shapes(text, reg)


def _period_cue(text: str) -> bool:
    """Does ``text`` open with a place closed by a full stop (``Berlin. Die …``, any space after it)?"""
    if text.find(".", 0, 60) < 0:
        return False
    return _PERIOD_PLACE.match(text[:80].translate(_TRANSLATE)) is not None


def _first_word(text: str) -> str:
    """The first word of ``text``, casefolded, without a closing comma or stop (``Tue,`` → ``tue``)."""
    words = text[:16].split(None, 1)
    return words[0].rstrip(",.").casefold() if words else ""


_CAPS_RUN = regex.compile(r"(?<=[ /])\p{Lu}{3,}+(?:[ ]\p{Lu}{2,}+)*+\Z")


def _credit_in_place(city: str, reg: Registry) -> bool:
    """Is the "place" a photo credit glued before the real one: a slash part that names an agency
    (``Jane Roe/AFP LONDON``, ``REUTERS/Jane Roe LONDON``), or words in title case before a known
    place in capitals (``Getty Images BERLIN``)?"""
    if " " not in city and "/" not in city:
        return False
    if "/" in city:
        for part in city.split("/"):
            words = part.split()
            if (
                words
                and not _known_place(part.strip(), None)
                and (reg.lookup(words[0]) is not None or reg.lookup(words[-1]) is not None)
            ):
                return True
    run = _CAPS_RUN.search(city)
    if run is None or _is_caps(city[: run.start()]):
        return False
    return _LOWER.search(city[: run.start()]) is not None and _known_place(run.group(0), None)


def _shape_cue(text: str, reg: Registry) -> bool:
    """A cheap guard for :func:`_match_shapes`: the first character, or a mark in the head, that one
    of its shapes needs (most body paragraphs show none and are turned away here)."""
    first = text[:1]
    if not first:
        return False
    if first in "【[(（" or first.isdigit() or "\u3040" <= first <= "\u9fff" or "\uac00" <= first <= "\ud7af":
        return True
    if not first.isupper():
        return False
    head = text[:120]
    comma = head.find(",", 0, 40)
    if comma > 0 and reg.lookup(head[:comma]) is not None:
        return True  # the source first: "Xinhua, United Nations, May 5 –"
    if "|" in head or "·" in head or "•" in head:
        return True  # a pipe or a middle dot after the place
    if _period_cue(head):
        return True  # "Berlin. Die …"
    return _first_word(head) in dates.month_words()  # the date first


def _match_core(text: str, reg: Registry) -> DatelineMatch | None:
    """``[(CREDIT) -] PLACE [, REGION] [, DATE] [(CREDIT)] [PAGE DATE] [SEP]`` at position 0."""
    if len(text) > 60 and _HEAD.match(text) is None:
        return None
    t = text[:WINDOW].translate(_TRANSLATE)
    n = len(t)
    pos = 0
    credits: tuple[Agency, ...] = ()
    unknown_credit: str | None = None

    # (ANSA) - ROMA, 16 APR - …   and the credit-only forms (Reuters) - … / (CNN) -- …
    m = _PAREN_CREDIT.match(t, 0)
    if m and m.start() == 0:
        found, _unk = _resolve_credit(m.group(1), reg)
        if found:
            sep = _SEP.match(t, m.end())
            if sep and sep.end() > m.end():
                after = sep.end()
                place_m = _PLACE.match(t, after)
                if place_m is not None:
                    first = _match_place_part(t, after, reg)
                    if first is not None:
                        city, region, date_parts, date_text, end_place = first
                        sep2 = _SEP.match(t, end_place)
                        if sep2 and sep2.end() > end_place:
                            return DatelineMatch(
                                0,
                                sep2.end(),
                                sep2.end(),
                                city,
                                region,
                                date_parts,
                                date_text,
                                None,
                                found,
                                None,
                                sep2.end() >= n,
                                "credit",
                            )
                return DatelineMatch(
                    0, after, after, None, None, None, None, None, found, None, after >= n, "credit"
                )
            if _END.match(t, m.end()):
                return DatelineMatch(0, m.end(), n, None, None, None, None, None, found, None, True, "credit")
            if _GLUED_BODY.match(t, m.end()):
                # "(CNN)The mayor …": the credit opens the paragraph with no separator
                body = m.end() + len(t[m.end() :]) - len(t[m.end() :].lstrip(" "))
                return DatelineMatch(
                    0, m.end(), body, None, None, None, None, None, found, None, False, "credit"
                )

    # a bare agency code with a dash: "AAP - …"
    bare = _BARE_CREDIT.match(t)
    if bare:
        agency = reg.lookup(bare.group(1))
        code = bare.group(1)
        if agency is not None and len(code) >= 3 and agency.code.casefold() == code.casefold():
            sep = _SEP.match(t, bare.end())
            if sep and sep.end() > bare.end() and _BODY_START.match(t, sep.end()):
                return DatelineMatch(
                    0, sep.end(), sep.end(), None, None, None, None, None, (agency,), None, False, "credit"
                )

    # the aggregators' credit in byline form: "By IANS, Washington : …", "By Jo Roe, IANS, Kathmandu : …"
    by = _BY_CREDIT.match(t) if t[:3].casefold() == "by " else None
    if by is not None:
        agency = reg.lookup(by.group(2))
        if agency is not None:
            place = _match_place_part(t, by.end(), reg)
            if place is not None:
                city, region, date_parts, date_text, end_place = place
                sep = _SEP.match(t, end_place)
                if city and sep and sep.end() > end_place:
                    return DatelineMatch(
                        by.start(2) if by.group(1) else 0,  # a reporter's name is the byline's
                        sep.end(),
                        sep.end(),
                        city,
                        region,
                        date_parts,
                        date_text,
                        None,
                        (agency,),
                        None,
                        sep.end() >= n,
                        "credit",
                    )

    lead_date = dates.match_date_prefix(t, 0)
    if lead_date is not None and _PAREN_CREDIT.match(t, lead_date[0].end()):
        inner: tuple[str | None, str | None, tuple[int, int, int | None] | None, str | None, int] | None = (
            None,
            None,
            lead_date[1],
            lead_date[0].group(0),
            lead_date[0].end(),
        )
    else:
        inner = _match_place_part(t, pos, reg)
    if inner is None:
        return None
    city, region, date_parts, date_text, pos = inner
    if (
        city is not None
        and region is not None
        and reg.lookup(city) is not None
        and not _known_place(city, None)
        and _COMMA.match(t, len(city))
    ):
        return None  # "Xinhua, United Nations, May 5 –": the source first, read by _source_first
    if city is not None and _credit_in_place(city, reg):
        return (
            None  # "Jane Roe/AFP LONDON", "Getty Images BERLIN": a photo credit, read by match()'s lead-ins
        )

    # the credit slot
    page_date: dt.date | None = None
    # a region in parentheses before the credit: "Maribo (Denmark) (AFP) –"
    rp = _PAREN_CREDIT.match(t, pos)
    if (
        rp is not None
        and region is None
        and _known_place("", rp.group(1))
        and reg.lookup(rp.group(1)) is None
    ):
        region, pos = rp.group(1).strip(), rp.end()
        if date_parts is None:
            # "Kampala(Uganda),May 3(Xinhua)--": the date after the region in brackets
            comma = _COMMA.match(t, pos)
            region_date = dates.match_date_prefix(t, comma.end()) if comma is not None else None
            if region_date is not None:
                date_parts, date_text = region_date[1], region_date[0].group(0)
                pos = region_date[0].end()
    # "القاهرة ـ (أ ش أ) ـ", "CAIRO - (MENA) -": a known credit between two separators
    sep_before = _SEP.match(t, pos) if "(" in t[pos : pos + 12] else None
    if sep_before is not None and sep_before.end() > pos and _dashlike(t[pos : sep_before.end()]):
        between = _PAREN_CREDIT.match(t, sep_before.end())
        if between is not None and _resolve_credit(between.group(1), reg)[0]:
            sep_after = _SEP.match(t, between.end())
            if sep_after is not None and sep_after.end() > between.end():
                pos = sep_before.end()
    credit_end = pos
    for pattern in (_PAREN_CREDIT, _SLASH_CREDIT, _PIPE_CREDIT, _COMMA_CREDIT):
        cm = pattern.match(t, pos)
        if cm is None:
            continue
        inside = cm.group(1)
        found, unk = _resolve_credit(inside, reg)
        if pattern is _COMMA_CREDIT and not found:
            continue
        if found:
            credits, credit_end = found, cm.end()
        elif pattern is _PAREN_CREDIT and unk is not None and (_name_like(unk) or _lower_credit(unk)):
            unknown_credit, credit_end = unk, cm.end()
        break
    has_credit = credit_end > pos
    pos = credit_end

    if has_credit:
        # a date may follow the credit (SpaceDaily prints the page date there)
        pd = _PAGE_DATE.match(t, pos)
        if pd:
            parsed = dates.parse_date_slot(f"{pd.group(1)} {pd.group(2)}, {pd.group(3)}")
            if parsed and parsed[2] is not None:
                page_date = dt.date(parsed[2], parsed[0], parsed[1])
                pos = pd.end()
        elif date_parts is None:
            spaces = _SPACES.match(t, pos)
            after_date = dates.match_date_prefix(t, spaces.end() if spaces else pos)
            if after_date is not None and after_date[1][2] is not None:
                dm, parsed = after_date
                date_parts, date_text, pos = parsed, dm.group(0), dm.end()

    end_m = _END.match(t, pos)
    own_line = end_m is not None and (end_m.group(0).endswith("\n") or len(text) <= WINDOW)
    sep = _SEP.match(t, pos)
    has_sep = (
        sep is not None and sep.end() > pos and not (t[pos : sep.end()].strip() == "|" and not has_credit)
    )
    end = sep.end() if sep is not None and has_sep else pos

    if credits:
        # no separator (PTI, German AFP): the body must start a new sentence right away
        if not has_sep and not own_line and page_date is None and not _SENTENCE_START.match(t, pos):
            return None
        evidence = "credit"
    elif unknown_credit is not None:
        # an unknown credit needs a dash after it (or the line to itself): "England (Group A): 10th" is
        # a table row, and a one-letter word ("Group A") is no outlet's name
        dash = has_sep and (_dashlike(t[pos:end]) or t[pos:end].strip(" ,")[:1] == ".")
        # Urdu papers print no separator: "کراچی (اسٹاف رپورٹر) وزیراعلیٰ نے …" (a known place)
        urdu = (
            not has_sep
            and _caseless(unknown_credit)
            and city is not None
            and _known_place(city, region)
            and _SENTENCE_START.match(t, pos) is not None
        )
        if (
            not (dash or urdu or own_line or page_date is not None)
            or min(len(w) for w in unknown_credit.split()) < 2
        ):
            return None
        if not _name_like(unknown_credit) and not (dash and city is not None and _known_place(city, region)):
            return None  # a lower-case credit ("Kiel (dpo) -") needs a dash and a place that is one
        evidence = "unknown_credit"
    else:
        if city is None:
            return None
        caps = _is_caps(city)
        known = _known_place(city, region)
        sep_text = t[pos:end].strip(" ,") if has_sep else ""
        if date_parts is not None and (has_sep or caps or own_line):
            if not has_sep and not own_line and not _BODY_START.match(t, pos):
                return None
            evidence = "date"
        elif (has_sep and (caps or known) and _dashlike(sep_text)) or (has_sep and known and sep_text == ":"):
            evidence = "separator"
        elif own_line and caps and known:
            evidence = "place"
        else:
            return None
        if not own_line and end < n and not _BODY_START.match(t, end):
            return None
        head = _rest_head(text, end)
        if not own_line and not _LOWER.search(head) and not _CASELESS.search(head):
            return None  # an ALL-CAPS rest is a headline ("ECONOMIC SPOTLIGHT - HUNGARY"), not a body
        glued = has_sep and evidence == "separator" and " " not in t[pos:end] and end < n
        if glued and (sep_text in ("-", "–", ".-") or not _prose(text, end)):
            # glued on both sides: "DE-60314", "F.A.Z.-Archiv" are words, "AP-US--Trump-Impeachment"
            # a slug; "CHICAGO--The city …" is a dateline when prose follows
            return None
    if not own_line and end >= n and not has_sep:
        return None
    body_start = end
    if own_line:
        assert end_m is not None
        end = pos
        body_start = min(end_m.end(), len(text))
    return DatelineMatch(
        0,
        end,
        body_start,
        city,
        region,
        date_parts,
        date_text,
        page_date,
        credits,
        unknown_credit,
        own_line,
        evidence,
    )


# --- the other shapes: each finds its own cue, then reads the rest with the main grammar ---------

_STAMP = regex.compile(
    r"(?:\((?P<mon>[01]?\d)[-/](?P<day>[0-3]?\d)\)[ ]{1,3})?"
    r"(?P<time>[0-2]?\d:[0-5]\d(?:[ ]?[AaPp]\.?[Mm]\.?)?(?:[ ]{1,2}[A-Z]{2,4})?[ ]{1,3})?"
)
"""A timestamp before the place: ``(07-17) 13:09 PDT BERKELEY --`` (month-day, time, zone)."""
_LEAD_COMMA = regex.compile(r"[ ]{0,2},[ ]{1,3}")
_SOURCE_LEAD = regex.compile(
    r"(\p{Lu}[\p{L}\-]{1,20}+(?:[ ]\p{Lu}[\p{L}\-]{1,20}+){0,3}?)[ ]{0,2},[ ]{1,3}(?=\p{Lu})"
)
"""``Xinhua, United Nations, May 5 –``: the source first, then the place."""
_MARK = regex.compile(r"[ ]{1,3}[|·•][ ]{1,3}|[ ]{0,2}·[ ]{1,3}")
"""A pipe or a middle dot after the place: ``NAIROBI | …``, ``Neuss · …``."""
_PLAIN_WORD = r"\p{Lu}[\p{L}\p{M}'’]*+(?:-[\p{L}\p{M}'’]++)*+"
_PERIOD_PLACE = regex.compile(
    rf"({_PLAIN_WORD}(?:[ ]{_PLAIN_WORD}){{0,2}}+(?:/{_PLAIN_WORD}){{0,2}}+)"
    r"\.[ ]{1,3}(?=[\p{Lu}\"'„“«‚‘])"
)
"""A place closed by a full stop: ``Berlin. Die Feuerwehr …`` (German regional papers)."""
_CJK = regex.compile(
    r"[【\[]?[ ]?(?P<src>\p{Han}{1,6}?[社网網报報台])?(?P<place>\p{Han}{1,8}?)[ ]?"
    r"(?P<mon>\d{1,2})月(?P<day>\d{1,2})日[ ]?(?P<src2>\p{Han}{1,6}?[社网網报報台])?电"
    r"(?:\([^()\n]{0,30}\))?[ ]?[】\]]?[ ]{0,2}"
)
"""``新华社北京5月5日电``, ``【北京5月5日新华社电】``, ``本报上海5月5日电（记者 …）``."""
_CJK_SELF = frozenset(("本报", "本報", "本网", "本網", "本台"))
""""This paper", "this site": the publication's own dispatch, no agency."""
_CJK_SOURCE_END = frozenset("社网網报報台")
_BRACKET_DATELINE = regex.compile(
    r"【([^【】\n]{2,16})】[ ]{0,2}|\(([\p{Hangul}\p{Han}]{1,8})=([^()=\n]{1,16})\)[ ]{0,2}"
)
"""``【ワシントン共同】`` (Japanese), ``(서울=연합뉴스)`` (Korean): place and agency in one bracket."""


def _prose(text: str, end: int) -> bool:
    """Does prose follow ``end`` (two lower-case or caseless words in its head)? A menu
    (``Nairobi | Kenya | Africa``) or a title (``London | The Guardian``) does not."""
    head = _rest_head(text, end)
    return len(_PROSE_WORD.findall(head)) >= 2 and head.count("|") + head.count("·") + head.count("•") == 0


def _shifted(m: DatelineMatch, by: int, **changes: object) -> DatelineMatch:
    """A match found in ``text[by:]`` as a match of ``text`` that starts at 0."""
    return attrs.evolve(m, start=0, end=m.end + by, body_start=m.body_start + by, **changes)  # type: ignore[arg-type]


def _match_shapes(text: str, reg: Registry) -> DatelineMatch | None:
    """The shapes the main grammar does not read (issue 19): a city in brackets (``(Paris) –``), a
    date first (``March 21, Seoul:``), the source first (``Xinhua, United Nations, May 5 –``), a
    timestamp first (``(07-17) 13:09 PDT BERKELEY --``), a pipe, middle dot or full stop after the
    place, and the CJK forms (``新华社北京5月5日电``, ``【ワシントン共同】``, ``(서울=연합뉴스)``)."""
    t = text[:WINDOW].translate(_TRANSLATE)
    if not t:
        return None
    first = t[0]
    if first in "【[(" or "\u3040" <= first <= "\u9fff" or "\uac00" <= first <= "\ud7af":
        found = _cjk(t, reg)
        if found is not None:
            return found
    if first == "(":
        found = _bracket_city(t, text, reg)
        if found is not None:
            return found
    if first == "(" or first.isdigit():
        found = _timestamp_first(t, text, reg)
        if found is not None:
            return found
    if first.isdigit() or first.isupper():
        found = _date_first(t, text, reg)
        if found is not None:
            return found
    if first.isupper():
        comma = t.find(",", 0, 40)
        if comma > 0 and reg.lookup(t[:comma]) is not None:
            found = _source_first(t, text, reg)
            if found is not None:
                return found
        return _marked_place(t, text, reg)
    return None


def _bracket_city(t: str, text: str, reg: Registry) -> DatelineMatch | None:
    """``(Paris) – …``, ``(BERLIN) (dpa) - …``: the place in brackets, then a dash or colon."""
    pm = _PAREN_CREDIT.match(t, 0)
    if pm is None or pm.start() != 0:
        return None
    inside = pm.group(1).strip()
    city, _, region_text = inside.partition(",")
    city = city.strip()
    region = region_text.strip() or None
    if _PLACE.fullmatch(city) is None or not _place_ok(city) or reg.lookup(city) is not None:
        return None
    if not _known_place(city, region):
        return None  # "(UPDATE) -", "(LEAD) -": capitals alone make no place in brackets
    pos = pm.end()
    credits: tuple[Agency, ...] = ()
    cm = _PAREN_CREDIT.match(t, pos)
    if cm is not None:
        found, _unk = _resolve_credit(cm.group(1), reg)
        if not found:
            return None
        credits, pos = found, cm.end()
    sep = _SEP.match(t, pos)
    if sep is None or sep.end() == pos or not (_dashlike(t[pos : sep.end()]) or ":" in t[pos : sep.end()]):
        return None
    if not _BODY_START.match(t, sep.end()) or not _prose(text, sep.end()):
        return None
    return DatelineMatch(
        0,
        sep.end(),
        sep.end(),
        city,
        region,
        None,
        None,
        None,
        credits,
        None,
        False,
        "credit" if credits else "separator",
    )


def _timestamp_first(t: str, text: str, reg: Registry) -> DatelineMatch | None:
    """``(07-17) 13:09 PDT BERKELEY -- …``: a timestamp, then a dateline with a place."""
    st = _STAMP.match(t)
    if st is None or st.end() == 0 or st.group("time") is None:
        return None
    rest = _match_core(text[st.end() :], reg)
    if rest is None or rest.start != 0 or rest.own_line or rest.city is None:
        return None
    if not (rest.credits or _known_place(rest.city, rest.region)):
        return None  # "12:30 PM EST MARKETS -- …": a time, then a word in capitals
    if rest.date_parts is None and st.group("mon"):
        month, day = int(st.group("mon")), int(st.group("day"))
        if 1 <= month <= 12 and 1 <= day <= 31:
            text_of = f"{st.group('mon')}-{st.group('day')}"
            return _shifted(rest, st.end(), date_parts=(month, day, None), date_text=text_of)
    return _shifted(rest, st.end())


def _date_first(t: str, text: str, reg: Registry) -> DatelineMatch | None:
    """``March 21, Seoul: …``, ``12.12.2018, Warszawa (PAP) – …``: the date, then the place."""
    dm = dates.match_date_prefix(t, 0)
    if dm is None:
        return None
    gap = _LEAD_COMMA.match(t, dm[0].end())
    if gap is None:
        return None
    rest = _match_core(text[gap.end() :], reg)
    if rest is None or rest.start != 0 or rest.own_line or rest.city is None or rest.date_parts is not None:
        return None
    if rest.evidence not in ("credit", "unknown_credit", "separator"):
        return None
    if not (rest.credits or _known_place(rest.city, rest.region)):
        return None  # "May 5, UPDATE - …"
    return _shifted(rest, gap.end(), date_parts=dm[1], date_text=dm[0].group(0))


def _source_first(t: str, text: str, reg: Registry) -> DatelineMatch | None:
    """``Xinhua, United Nations, May 5 – …``: a known agency, a comma, then the dateline."""
    sm = _SOURCE_LEAD.match(t)
    if sm is None:
        return None
    agency = reg.lookup(sm.group(1))
    if agency is None or _known_place(sm.group(1), None):
        return None
    rest = _match_core(text[sm.end() :], reg)
    if rest is None or rest.start != 0 or rest.own_line or rest.city is None:
        return None
    credits = (agency, *(a for a in rest.credits if a != agency))
    return _shifted(rest, sm.end(), credits=credits, evidence="credit")


def _marked_place(t: str, text: str, reg: Registry) -> DatelineMatch | None:
    """``NAIROBI | …``, ``Neuss · …``, ``Berlin. Die …``: a known place (or one in capitals, for a
    pipe or a dot), then a pipe, a middle dot or a full stop, then prose."""
    period = _PERIOD_PLACE.match(t)
    if period is not None:
        city = period.group(1)
        if (
            _place_ok(city)
            and reg.lookup(city) is None
            and _known_place(city, None)
            and _prose(text, period.end())
        ):
            end = period.start(1) + len(city)
            return DatelineMatch(
                0, end + 1, period.end(), city, None, None, None, None, (), None, False, "separator"
            )
        return None
    head = t[:120]
    if "|" not in head and "·" not in head and "•" not in head:
        return None
    place = _match_place_part(t, 0, reg)
    if place is None:
        return None
    city, region, date_parts, date_text, pos = place
    if city is None or reg.lookup(city) is not None:
        return None
    mark = _MARK.match(t, pos)
    if mark is None or not _BODY_START.match(t, mark.end()) or not _prose(text, mark.end()):
        return None
    if not (_known_place(city, region) or (_is_caps(city) and date_parts is not None)):
        return None
    return DatelineMatch(
        0,
        mark.end(),
        mark.end(),
        city,
        region,
        date_parts,
        date_text,
        None,
        (),
        None,
        False,
        "date" if date_parts is not None else "separator",
    )


def _cjk(t: str, reg: Registry) -> DatelineMatch | None:
    """The CJK forms: ``新华社北京5月5日电``, ``【北京5月5日新华社电】``, ``【ワシントン共同】``,
    ``(서울=연합뉴스)``."""
    cm = _CJK.match(t)
    if cm is not None:
        src = cm.group("src") or cm.group("src2")
        city: str | None = cm.group("place")
        if src is None and city and city[-1] in _CJK_SOURCE_END:
            src, city = city, None  # "中新网5月5日电": a source, no place
        credits: tuple[Agency, ...] = ()
        unknown_credit = None
        if src is not None and src not in _CJK_SELF:
            agency = reg.lookup(src)
            if agency is not None:
                credits = (agency,)
            else:
                unknown_credit = src
        month, day = int(cm.group("mon")), int(cm.group("day"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        end = cm.end()
        own = _END.match(t, end) is not None
        return DatelineMatch(
            0,
            len(cm.group(0).rstrip()),
            end,
            city,
            None,
            (month, day, None),
            f"{cm.group('mon')}月{cm.group('day')}日",
            None,
            credits,
            unknown_credit,
            own,
            "credit" if credits else "date",
        )
    bm = _BRACKET_DATELINE.match(t)
    if bm is None:
        return None
    if bm.group(1) is not None:
        inner = bm.group(1).strip()
        for k in range(1, len(inner)):
            agency = reg.lookup(inner[k:])
            if agency is not None:
                city = inner[:k].strip(" =＝・")  # "【ワシントン＝共同】"
                break
        else:
            return None
    else:
        city = bm.group(2)
        agency = reg.lookup(bm.group(3))
        if agency is None:
            return None
    end = bm.end()
    return DatelineMatch(
        0,
        len(bm.group(0).rstrip()),
        end,
        city or None,
        None,
        None,
        None,
        None,
        (agency,),
        None,
        _END.match(t, end) is not None,
        "credit",
    )


def _match_place_part(
    t: str, pos: int, reg: Registry
) -> tuple[str | None, str | None, tuple[int, int, int | None] | None, str | None, int] | None:
    """PLACE [, REGION] [, DATE]: (city, region, date parts, date text, end), or None."""
    pm = _PLACE.match(t, pos)
    if pm is None:
        return None
    region: str | None = None
    city = pm.group(0).rstrip()
    end = pos + len(city)
    # the place may run into a date with no comma: "LONDON Dec 9 …"
    words = city.split(" ")
    date_parts = None
    date_text = None
    for k in range(1, len(words)):
        head = " ".join(words[:k])
        at = pos + len(head) + 1
        dm = dates.match_date_prefix(t, at)
        if dm is not None and _is_caps(head):
            city, end = head, at
            date_parts, date_text = dm[1], dm[0].group(0)
            end = dm[0].end()
            break
    if date_parts is None:
        if _prose_follows(t, end):
            return None
        city_only, postal = _split_postal(city)
        if not _place_ok(city):
            return None
        region = postal
        city = city_only
        bm = _BRACKET_REGION.match(t, end)
        if bm:
            region, end = bm.group(1).strip(), bm.end()
        # up to three comma segments: a region, its country, then a date (or a date straight away)
        for _ in range(3):
            cm = _COMMA.match(t, end)
            if cm is None:
                break
            dm = dates.match_date_prefix(t, cm.end())
            if dm is not None:
                date_parts, date_text = dm[1], dm[0].group(0)
                end = dm[0].end()
                break
            rm = _PLACE.match(t, cm.end())
            if rm is None:
                break
            candidate = rm.group(0).rstrip()
            words = candidate.split(" ")
            for k in range(1, len(words)):
                head = " ".join(words[:k])
                if words[k].rstrip(".").casefold() in dates.month_words() and dates.match_date_prefix(
                    t, cm.end() + len(head) + 1
                ):
                    candidate = head  # "ANGLETON, Tex. March 3 -": the date follows the region, no comma
                    break
            if region is not None:
                # "Washington, DC, United States:": a known country after the region joins it, once
                if "," in region or candidate.casefold() not in _places()[2]:
                    break
                region, end = f"{region}, {candidate}", cm.end() + len(candidate)
                continue
            if reg.lookup(candidate) is not None and _SEP.match(t, cm.end() + len(candidate)):
                # ", AAP -": a credit, not a region
                break
            if not _place_ok(candidate) and not _known_place("", candidate):
                break
            region, end = candidate, cm.end() + len(candidate)
        else:
            pass
        if date_parts is None:
            # "ROME 16 APR" / "Riga Dec 1" with no comma before the date
            sm = _SPACES.match(t, end)
            if sm is not None:
                dm = dates.match_date_prefix(t, sm.end())
                if dm is not None and (dm[1][2] is not None or _is_caps(city)):
                    date_parts, date_text, end = dm[1], dm[0].group(0), dm[0].end()
    elif not _place_ok(city):
        return None
    if city.endswith(".") and _is_caps(city) and len(city.rsplit(" ", 1)[-1]) > 4:
        city = city[:-1]  # "MOSCOW. Dec 1": the stop belongs to the punctuation, not the place
    # "Syrte- Libye": a hyphen glued to the city parts it from its country ("Saint-Denis" is one place)
    head, glued, tail = city.partition("- ")
    if glued and region is None and head[-1:].isalpha() and tail[:1].isupper():
        city, region = head, tail.strip()
    return city, region, date_parts, date_text, end


_NEXT_WORD = regex.compile(r"[ ,]*+(\p{Ll}[\p{L}\p{M}]*+)(.?)")


def _prose_follows(t: str, end: int) -> bool:
    """Does a lower-case word follow the place (``Moscow, which seized …``)? Nothing of a dateline
    (region, date, credit, separator) can then come next, unless the word is a month (``déc``) or
    opens a region such as ``d'Ivoire``: a cheap exit before the costlier checks."""
    m = _NEXT_WORD.match(t, end)
    if m is None:
        return False
    word = m.group(1)
    if len(word) <= 2 and m.group(2) in ("'", "’"):
        return False
    return word.casefold() not in dates.month_words()


def resolve_date(
    parts: tuple[int, int, int | None] | None,
    page_date: dt.date | None,
    page_anchor: dt.date | None,
    reference_date: dt.date | None,
) -> tuple[dt.date | None, YearSource | None]:
    """The dispatch date and where its year came from (DESIGN.md, year inference)."""
    if parts is None:
        # SpaceDaily items with only the page date after the credit: that is the dispatch date
        return (page_date, "dateline") if page_date is not None else (None, None)
    month, day, year = parts
    if year is not None:
        try:
            return dt.date(year, month, day), "dateline"
        except ValueError:
            return None, None
    anchor = page_date or page_anchor
    if anchor is not None:
        return dates.infer_year(month, day, anchor), "page"
    if reference_date is not None:
        return dates.infer_year(month, day, reference_date), "reference"
    return None, None


def build(
    m: DatelineMatch,
    text: str,
    offset: int,
    *,
    page_anchor: dt.date | None = None,
    reference_date: dt.date | None = None,
) -> Dateline:
    """The :class:`Dateline` record for a match found in ``text`` at ``offset`` of the source."""
    date, year_source = resolve_date(m.date_parts, m.page_date, page_anchor, reference_date)
    agencies = m.credits if m.credits else ((unknown(m.unknown_credit),) if m.unknown_credit else ())
    raw = text[m.start : m.end].rstrip()
    city = " ".join(m.city.split()) if m.city else None
    return Dateline(
        text=" ".join(raw.split()),
        city=city,
        region=m.region,
        date=date,
        date_text=m.date_text,
        year_source=year_source,
        agency=agencies[0] if agencies else None,
        agencies=agencies,
        span=Span(offset + m.start, offset + m.start + len(raw)),
        place=geo.resolve(city, m.region),
    )


def parse_dateline(
    text: str, *, reference_date: dt.date | None = None, registry: Registry | None = None
) -> Dateline | None:
    """Read the dateline that opens ``text`` (a line or a first paragraph); None when there is none.

    >>> d = parse_dateline("Riga, Dec 1 (AFP) Dec 01, 2021")
    >>> d.city, d.date.isoformat(), d.agency.code
    ('Riga', '2021-12-01', 'AFP')
    >>> d.place.name, d.place.country, d.place.geonames_id
    ('Riga', 'LV', 456172)
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_dateline() takes str, not {type(text).__name__}")
    lead = len(text) - len(text.lstrip())
    m = match(text[lead:], registry)
    if m is None:
        return None
    return build(m, text[lead:], lead, reference_date=reference_date)
