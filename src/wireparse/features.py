"""Stage 3, features: the named features of every unit of a page, computed for the whole page at once.

Each unit gets a small set of named features: its shape (length, ends, case, digits), its matches
against the tables (dateline grammar, agency names, rights and boilerplate phrases), its block
context and its place relative to the page's first dateline, and for HTML the markup hints of
:mod:`wireparse.html`. The names are the keys of ``tables/weights.toml``; the decoder
(:mod:`wireparse.label`, stage 4) only adds up their weights, so this stage can be made fast
without touching the decoder.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import attrs
import regex

from wireparse import boilerplate, dateline, rights
from wireparse.agencies import Registry
from wireparse.dates import find_full_date, month_tokens, month_words, weekday_tokens
from wireparse.lines import Unit

TITLE_RUN = 4
"""This many headline-shaped non-sentence lines in a row make a list of other stories."""
BEFORE_DATELINE = 15
"""How many units above the page's first dateline carry ``before_dateline`` (captions, teasers)."""
ROW_WORDS = 12
"""A table row of a wire story ("Shr 31 cts vs 22 cts", "Record April Nine") has at most this many
words and no sentence end; see :func:`_table_rows`."""

SENT_END = frozenset(".!?\"'”’…。！？」』؟।")
"""Marks that end a sentence, in the scripts with marks of their own too (CJK full stops and closing
quotes, the Arabic question mark, the Devanagari danda)."""
_PUNCT = ".,;:!?，。、；：！？،؛؟।"
"""Punctuation marks, in the scripts with marks of their own too (a line of a dozen words and none
of these is a tag cloud or a menu row)."""
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}]")
"""Letters of the scripts written without spaces between words."""
UNSPACED_CHARS_PER_WORD = 2
"""How many such letters count as one word (Chinese words run to about 1.7 characters)."""


def word_count(text: str) -> int:
    """The words of ``text``: its whitespace-split tokens, and in scripts written without spaces
    one word for every :data:`UNSPACED_CHARS_PER_WORD` letters (``国务院部署夏粮收购工作`` is
    five words, not one).

    >>> word_count("NATO ministers met"), word_count("国务院部署夏粮收购工作")
    (3, 5)
    """
    n = len(text.split())
    if text.isascii():
        return n
    unspaced = len(_UNSPACED.findall(text))
    return max(n, n - 1 + unspaced // UNSPACED_CHARS_PER_WORD) if unspaced else n


_WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")
_BYLINE = regex.compile(r"\A(?:by|By|BY|Par|par|Por|por|Von|von|Di|di)[\s:]+\p{Lu}")
_BYLINE_ROLE = regex.compile(
    r"\A(?:(?:The[ ])?(?:Associated[ ]Press|AP|Reuters|AFP|UPI|dpa|Bloomberg(?:[ ]News)?)[ ])?"
    r"(?:Staff[ ]|Senior[ ]|Chief[ ]|Sports[ ]|Business[ ]|Medical[ ]|Science[ ])?"
    r"(?:Writer|Correspondent|Reporter|Editor|Photographer)s?[ ]?=?\Z",
    regex.IGNORECASE,
)
_BANNER = regex.compile(r"\A(.{2,60}?)[ ]+[-|–—:•·][ ]+(.{2,120})\Z")
_DOMAIN = regex.compile(
    r"\A[\w\-]+(?:\.[\w\-]+)*\.(?:com|net|org|co\.uk|co|info|news|in|de|fr|es|it|io|tv)\b", regex.I
)
_FIRST_LETTER = regex.compile(r"\p{L}")
_CAP_WORD = regex.compile(r"(?<![\p{L}\p{N}'’.\-])\p{Lu}")
_LOWER = regex.compile(r"\p{Ll}")
_UPPER = regex.compile(r"\p{Lu}")
_DIGIT = regex.compile(r"\d")
_NUM_TOKEN = regex.compile(r"[\p{L}\p{N}'’.\-]++")
_URL = regex.compile(r"https?://|www\.", regex.I)
_TIMESTAMP = regex.compile(
    r"\b(?:published|updated|posted|issued|publié|publiée|mis à jour|publicado|publicada|actualizado|"
    r"atualizado|"
    r"aktualisiert|veröffentlicht|pubblicato|aggiornato|stand)\b"
    r"|\b\d{1,2}[:.h]\d\d\s*(?:[ap]\.?m\.?|gmt|utc|uhr|hrs|ist|[a-z]{1,3}t)\b|\b\d+\s*(?:m|h|d|min|mins|minutes|hrs?|hours?|days?)\s+ago\b"
    r"|\b[0-3]?\d[./][01]?\d[./](?:19|20)\d\d\b",
    regex.I,
)
_TIMESTAMP_WORDS = (
    "published", "updated", "posted", "issued", "publié", "mis à jour", "publicad", "actualizado",
    "atualizado", "aktualisiert", "veröffentlicht", "pubblicato", "aggiornato", "stand", "ago",
)  # fmt: skip
_TIMESTAMP_DIGITS = re.compile(r"\d[:.hH/]\d")
"""Cheap guards for :data:`_TIMESTAMP`: each of its forms holds one of these words (casefolded) or
a clock time or numeric date, whose digits are joined as here."""


def _has_timestamp_word(text: str) -> bool:
    low = text[:200].casefold()
    return any(w in low for w in _TIMESTAMP_WORDS)


_BULLETS = frozenset("•·▪►▶◦‣")


@attrs.frozen
class Feature:
    """Features of one unit (names are keys of ``tables/weights.toml``)."""

    names: tuple[str, ...]
    words: int
    phrase_kind: str | None
    dateline: dateline.DatelineMatch | None
    notice: rights.Notice | None


def _numeric_words(head: str) -> int:
    """How many words (runs of letters, digits, ``'’.-``) hold a digit: only the whitespace-split
    words with a digit are searched (one regex pass over the whole line costs far more)."""
    count = 0
    for word in head.split():
        if not word.isalpha() and any(c.isdecimal() for c in word):
            count += sum(1 for tok in _NUM_TOKEN.findall(word) if _DIGIT.search(tok))
    return count


def _signed_off(text: str, registry: Registry) -> bool:
    """The unit ends a sentence and then an agency's name: wire copy's sign-off (``…it said.
    REUTER``, ``…on Monday. (AFP)``, ``…said.--IANS``), which leaves the paragraph a sentence."""
    tail = text[-40:]
    k = len(tail)
    while k and (tail[k - 1] in _SIGN_OFF_CLOSE or tail[k - 1].isspace()):
        k -= 1
    m = _TAIL_WORD.search(tail, 0, k)
    if m is None:
        return False
    k = m.start()
    while k and (tail[k - 1] in _SIGN_OFF_OPEN or tail[k - 1].isspace()):
        k -= 1
    return k > 0 and tail[k - 1] in SENT_END and registry.lookup(m.group()) is not None


def _shape(text: str, signed: bool = False) -> list[str]:
    """The unit's shape: length, ends, case, digits… ``signed`` when it ends a sentence and then
    an agency's sign-off (:func:`_signed_off`)."""
    names: list[str] = []
    head = text[:2000]
    nw = word_count(head)
    last = text[-1] if text else ""
    ends_sentence = (
        signed or last in SENT_END or (last == ")" and (text[-2:-1] in SENT_END or text[:1] == "("))
    )
    m = _FIRST_LETTER.search(text, 0, 40)
    first_letter = m.group(0) if m else ""
    if nw <= 3:
        names.append("short")
    elif nw < 8:
        names.append("few_words")
    elif nw < 20:
        names.append("medium")
    else:
        names.append("long")
    if ends_sentence and nw >= 6:
        names.append("sentence")
    if nw >= 12 and not any(c in head for c in _PUNCT):
        names.append("no_punct")  # a tag cloud or menu row: a dozen words and not one mark
    if nw >= 10:
        lead = head.split(None, 10)[:10]
        if sum(1 for w in lead if w[:1].isupper()) >= 7 and _LOWER.search(head, 0, 200):
            names.append("title_start")  # a teaser: a title-case headline glued to its summary
    elif not ends_sentence and nw >= 4:
        names.append("no_end_punct")
    if (
        2 <= nw <= 24
        and not signed
        and last not in ".:;,"
        and (first_letter.isupper() or not text[:1].isalpha())
    ):
        names.append("headline_shape")
        capital = len(_CAP_WORD.findall(head, 0, 400))
        caps = _LOWER.search(head) is None and capital >= 2
        if capital >= 0.6 * nw or caps:
            names.append("title_like")
        if caps:
            names.append("caps")
    elif nw >= 2 and _LOWER.search(head) is None and _UPPER.search(head, 0, 40):
        names.append("caps")
    digit = not text[:200].isalpha() and _DIGIT.search(text, 0, 200) is not None
    if digit:
        names.append("digits")
        if nw <= 3 and first_letter:
            names.append("short_digits")  # "Pay May 29"; a bare list number ("11") is not
        if 2 <= nw <= 16 and _numeric_words(head) * 4 >= nw:
            names.append("numeric")
    if ("|" in text[:300] and (text.count("|", 0, 300) >= 2 or " | " in text[:300])) or text.count(
        " > ", 0, 300
    ) >= 2:
        names.append("pipes")
    if ("http" in text or "www." in text) and _URL.search(text, 0, 300):
        names.append("link")
    if first_letter.islower() and text[:1].isalpha():
        names.append("lower_start")
    if (
        nw <= 16
        and ((digit and _TIMESTAMP_DIGITS.search(text, 0, 200)) or _has_timestamp_word(text))
        and _TIMESTAMP.search(text, 0, 200)
    ):
        names.append("timestamp")
    if nw <= 14 and digit and find_full_date(text) is not None:
        names.append("dated")
        first = head.split(None, 1)[0].strip(",.").casefold()
        if nw <= 7 and (first[:1].isdigit() or first in weekday_tokens() or first in month_tokens()):
            names.append("date_line")
    if text[:1] in _BULLETS or text[:2] == "- ":
        names.append("bullet")
    return names


_SIGN_OFF_MARKS = " -–—=()[].,:;|/*_"
"""Characters around an agency's name on a line of its own (``--IANS``, ``(EFE)``, ``REUTER =``)."""
_SIGN_OFF_OPEN = "-–—=(["
_SIGN_OFF_CLOSE = ")]=*"
"""Marks (besides white space) before and after an agency's name signing off a paragraph
(``said. -- (AFP)``)."""
_TAIL_WORD = regex.compile(r"\p{Lu}\p{L}*+\Z")
MASTHEAD_WORDS = 4
"""A site's name printed as its masthead is this short ("The Harbour Courier"); a title-case
first line of five words or more is more likely the headline."""
PROSE_WORDS = 15
"""A unit of this many words that ends a sentence is a paragraph (see :func:`_prose_blocks`)."""


def _prose_blocks(units: Sequence[Unit], furniture: Sequence[bool]) -> set[int]:
    """Blocks of two or more units at least half of which are paragraphs, not counting the units
    that are ``furniture`` (phrase-table hits: an advertisement marker between paragraphs): prose
    whose paragraphs have no blank line between them, which is no list however many lines it has."""
    size: dict[int, int] = {}
    prose: dict[int, int] = {}
    for u, known in zip(units, furniture, strict=True):
        if known:
            continue
        size[u.block] = size.get(u.block, 0) + 1
        text = u.text
        if text[-1:] in SENT_END and word_count(text[:600]) >= PROSE_WORDS:
            prose[u.block] = prose.get(u.block, 0) + 1
    return {b for b, k in prose.items() if size[b] >= 2 and k * 2 >= size[b]}


ENUMERATED_RUN = 3
"""This many list items in a row (see :func:`_enumerated`) make the article's own list."""
_LIST_NUMBER = regex.compile(r"#?(\d{1,3})(?:[).:]|a|ª|º|st|nd|rd|th)?\Z")
_CLOCK = regex.compile(r"\d[:.]\d\d")


def _list_item(text: str) -> tuple[str, int] | None:
    """("date", 0) for a line that opens with a date and goes on (``June 9 – Tampa, FL``,
    ``10 de março – Interlagos``), ("number", n) for one that opens with a list number
    (``3) Blade Runner``, ``1a etapa: …``); None otherwise. A bare date, a timestamp and a
    gallery counter (``1 of 4``) are not list items."""
    words = text.split(None, 3)
    if len(words) < 2:
        return None
    months = month_words()
    first = words[0].rstrip(",.").casefold()
    second = words[1].rstrip(",.").casefold()
    number = None
    if first in months and words[1][:1].isdigit():
        dated = True
    else:
        number = _LIST_NUMBER.match(words[0])
        if number is None:
            return None
        third = words[2].rstrip(",.").casefold() if len(words) > 2 else ""
        dated = second in months or (second == "de" and third in months)
        if not dated and second == "of":
            return None
    if dated:
        if len(words) < 4 or _CLOCK.search(text, 0, 80) is not None:
            return None
        return "date", 0
    assert number is not None
    return "number", int(number.group(1))


def _enumerated(units: Sequence[Unit]) -> list[range]:
    """Runs of at least :data:`ENUMERATED_RUN` list items: dated items on adjacent lines, or
    numbered items counting up by one with at most one other line between them (a link under each
    pick). The lines between the items belong to the run too."""
    out: list[range] = []
    run: list[tuple[int, tuple[str, int]]] = []

    def close() -> None:
        if len(run) < ENUMERATED_RUN:
            return
        first, last = run[0][0], run[-1][0]
        if all(b[0] - a[0] == 2 for a, b in itertools.pairwise(run)):
            last = min(last + 1, len(units) - 1)  # each item has its line under it: the last one too
        if first > 0 and units[first - 1].text.endswith(":"):
            first -= 1  # the sentence that introduces the list ("Tour dates:")
        out.append(range(first, last + 1))

    for i, u in enumerate(units):
        item = _list_item(u.text)
        if item is None:
            continue
        if run:
            j, prev = run[-1]
            gap = 1 if item[0] == "date" else 2
            if i - j <= gap and item[0] == prev[0] and (item[0] == "date" or item[1] == prev[1] + 1):
                run.append((i, item))
                continue
            close()
        run = [(i, item)]
    close()
    return out


def _first_content(units: Sequence[Unit], phrases: dict[int, boilerplate.PhraseMatch | None]) -> int:
    """The first unit that is not a phrase-table hit (a cookie banner, its "OK") nor a lone word:
    where a site banner can stand. ``phrases`` keeps each classified unit's hit for later."""
    for i, u in enumerate(units[:12]):
        if " " in u.text or "." in u.text:
            phrase = phrases[i] = boilerplate.classify(u.text)
            if phrase is None:
                return i
    return 0


def features(
    units: Sequence[Unit], source: str, registry: Registry, hints: Sequence[Sequence[str]] | None = None
) -> list[Feature]:
    """Stage 3: the features of every unit. ``hints`` (one sequence per unit, from the HTML reader's
    markup: ``tag_h1``, ``in_nav``, ``cls_ad``…) are added to each unit's features as they are."""
    rows: list[tuple[list[str], int, str | None, dateline.DatelineMatch | None, rights.Notice | None]] = []
    first_dateline = -1
    trusted = False
    n = len(units)
    phrases: dict[int, boilerplate.PhraseMatch | None] = {}
    first_content = _first_content(units, phrases)
    for i, u in enumerate(units):
        text = u.text
        names = _shape(text, text[-1:] not in SENT_END and _signed_off(text, registry))
        dl = dateline.match(source[u.start : u.end], registry) if len(text) >= 4 else None
        if dl is not None:
            if first_dateline < 0:
                names.append("dateline_own" if dl.own_line else "dateline_inline")
                names.append(f"dl_{dl.evidence}")
                first_dateline = i
                trusted = dl.trusted
                if trusted:
                    names.append("dateline_trusted")
            else:
                names.append("dateline_later")
        notice = rights.read_notice(text, registry) if rights.is_notice(text) else None
        if notice is not None:
            names.append("rights_agency" if notice.agency is not None else "rights_other")
        # a photo credit glued in front of a dateline says nothing of the line after it
        if dl is not None and dl.start > 0:
            phrase = None
        elif i in phrases:
            phrase = phrases[i]
        else:
            phrase = boilerplate.classify(text)
        kind = None
        if phrase is not None:
            kind = phrase.kind
            names.append(f"bp_{phrase.how}")
            if phrase.kind in ("legal", "navigation", "caption"):
                names.append(f"bp_{phrase.kind}")
        if len(text) <= 40 and registry.lookup(text.strip(_SIGN_OFF_MARKS)) is not None:
            names.append("agency_only")  # a wire sign-off or credit line: "REUTER", "--IANS", "(EFE)"
        if _BYLINE.match(text) and len(text) <= 80:
            names.append("byline")
        elif _BYLINE_ROLE.match(text):
            names.append("byline_role")
        if i == first_content:
            names.append("first")
            if (_BANNER.match(text) and text.count("|") <= 1 and text.count(" - ") <= 1) or _DOMAIN.match(
                text
            ):
                names.append("banner")
            elif (
                phrase is None
                and "title_like" in names
                and len(text.split()) <= MASTHEAD_WORDS
                and text[-1:] not in ".!?"
            ):
                names.append("masthead")
        if u.n_lines > 1:
            names.append("wrapped")
        if i == n - 1:
            names.append("last")
        if hints is not None:
            names.extend(hints[i])
        rows.append((names, word_count(text), kind, dl, notice))
    # context: the unit's block. Paragraphs with no blank line between them (at least half of the
    # block's lines that are no phrase-table hit are paragraphs) make no list, and nor does a page
    # that is one block from top to bottom
    flat = n > 1 and units[-1].block == units[0].block
    prose_blocks = _prose_blocks(units, [row[2] is not None for row in rows])
    for u, (unit_names, *_rest) in zip(units, rows, strict=True):
        if flat:
            continue
        if u.block in prose_blocks:
            unit_names.append("in_prose")
        elif u.block_size >= 3:
            unit_names.append("in_list")
        elif u.block_size == 2:
            unit_names.append("in_pair")
        else:
            unit_names.append("single")
    # context: a run of lines that open with dates or with list numbers in order is the article's
    # own list (tour dates, a calendar, numbered picks), not a list of other stories
    enumerated: set[int] = set()
    for span in _enumerated(units):
        if span.start > 0 and rows[span.start - 1][2] is not None:
            continue  # under a phrase-table heading ("Trending now"): a numbered list of stories
        enumerated.update(span)
    for i in enumerated:
        rows[i][0].append("enumerated")
    # context: runs of headline-shaped lines that are not sentences are lists of other stories
    run: list[int] = []
    for i in range(n + 1):
        row = rows[i] if i < n else None
        if (
            row is not None
            and "headline_shape" in row[0]
            and "long" not in row[0]
            and "numeric" not in row[0]
            and row[3] is None
            and row[2] is None
            and i not in enumerated
        ):
            run.append(i)
            continue
        if len(run) >= TITLE_RUN:
            for j in run:
                rows[j][0].append("title_run")
        run = []
    # context: a "Site - tagline" banner stands above the headline. With no headline-shaped line
    # between it and the dateline, a dashed first line is the headline itself ("Grain Exports Slow
    # - Ministry"); a line that opens with a domain stays a banner
    if (
        0 <= first_content < first_dateline
        and "banner" in rows[first_content][0]
        and not _DOMAIN.match(units[first_content].text)
        and not any(
            _headline_candidate(rows[j][0], rows[j][2]) for j in range(first_content + 1, first_dateline)
        )
    ):
        rows[first_content][0].remove("banner")
    # context: where each unit sits relative to the first dateline
    if first_dateline >= 0:
        for i in range(max(0, first_dateline - BEFORE_DATELINE), first_dateline):
            rows[i][0].append("before_dateline")
        if first_dateline + 1 < n:
            rows[first_dateline + 1][0].append("after_dateline")
        # the lines set right under the dateline, with no blank line between, go on with its story;
        # so do the rows of a table the dateline opens, however they are spaced
        if not flat and trusted:
            block = units[first_dateline].block
            table = _table_rows(units, source, rows, first_dateline)
            for i in range(first_dateline + 1, n):
                if units[i].block != block and i not in table:
                    break
                rows[i][0].append("dateline_block")
        if first_dateline > 0:
            rows[first_dateline - 1][0].append("just_before_dateline")
    # one tuple per distinct feature set: a page of thousands of like lines shares a few
    shared: dict[tuple[str, ...], tuple[str, ...]] = {}
    out = []
    for names, words, kind, dl, notice in rows:
        key = tuple(names)
        out.append(Feature(shared.setdefault(key, key), words, kind, dl, notice))
    return out


def _table_rows(
    units: Sequence[Unit],
    source: str,
    rows: Sequence[tuple[list[str], int, str | None, dateline.DatelineMatch | None, rights.Notice | None]],
    first_dateline: int,
) -> range:
    """The units after the first dateline that go on with a table the dateline opens.

    A wire story can be a table: an earnings report (``Shr 31 cts vs 22 cts`` / ``Net 1,204,551 vs
    870,016``) or a dividend notice (``Qtly div 14 cts`` / ``Pay April 30`` / ``Record April Nine``),
    each row set as its own paragraph by a republishing site (a block of several lines is a list of
    other stories, not a row). When the story's first row (the
    dateline line's own text, or the unit after an own-line dateline) is such a row, the rows after
    it up to the first unit that is not one (a sentence, a phrase-table hit, a notice, a teaser
    run) are the story's too; an advertisement marker with a row on each side does not end the
    table. An empty range when the story opens with prose.
    """

    def row_shape(text: str) -> bool:
        return 0 < len(text.split()) <= ROW_WORDS and text[-1:] not in SENT_END

    def is_row(i: int) -> bool:
        names, _, kind, dl, notice = rows[i]
        return (
            (units[i].block_size == 1 or units[i].block == units[first_dateline].block)
            and kind is None
            and notice is None
            and dl is None
            and row_shape(units[i].text)
            and not any(n in names for n in ("title_run", "agency_only", "byline", "timestamp", "date_line"))
        )

    dl = rows[first_dateline][3]
    start = first_dateline + 1
    head = units[first_dateline]
    # the match's offsets are into the unit's raw source, not its joined text (a hard-wrapped unit's
    # line ends and trailing spaces are in the one, not the other)
    rest = source[head.start + dl.body_start : head.end].strip() if dl is not None else ""
    if rest:
        if not row_shape(rest):
            return range(0)
    elif start >= len(units) or not is_row(start):
        return range(0)
    end = i = start
    while i < len(units):
        if is_row(i):
            end = i = i + 1
        elif rows[i][2] == "advertisement" and i + 1 < len(units) and is_row(i + 1):
            i += 1  # an advertisement marker between two rows is an island in the table
        else:
            break
    return range(start, end)


def _headline_candidate(names: Sequence[str], phrase_kind: str | None) -> bool:
    """Could this unit be a headline: headline-shaped, no phrase-table hit, no timestamp or bare
    date line, no byline or agency credit."""
    return (
        phrase_kind is None
        and "headline_shape" in names
        and not any(n in names for n in ("timestamp", "byline", "agency_only", "date_line"))
    )
