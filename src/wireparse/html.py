"""The HTML reader: a page's markup → block lines in reading order, with markup hints per line.

:func:`read_html` turns an HTML page into the text a browser would show, one block per line:
block elements (``p``, ``div``, ``li``, ``h1``…) and ``<br>`` break lines, a paragraph stands
between blank lines (as ``innerText`` puts it), a table row is one line with its cells separated
by tabs; scripts, styles, templates, ``noscript``, SVG, form controls, ``hidden`` and
``display:none`` elements and comments are dropped; entities are decoded; whitespace collapses as a
browser collapses it (``<pre>`` keeps its own). Three or more short link-only items of one list
(a menu, a tag list), or of any lists outside the main text, are read as one row, ``Home | World |
Business``, as a text dump prints a navigation bar. That text becomes
:attr:`Dispatch.source <wireparse.records.Dispatch.source>`, so every span indexes it.

Each line keeps short *hint* names from its markup (``tag_h1``, ``tag_p``, ``in_nav``,
``in_footer``, ``cls_ad``, ``cls_share``, ``link_dense``, ``in_main``…, see
``tables/markup.toml``); the decoder weighs them as extra features, beside the page grammar
(``[hints.*]`` in ``tables/weights.toml``). The page's metadata (``<title>``, Open Graph,
``article:published_time``, JSON-LD ``NewsArticle``) is kept in :class:`HtmlMeta`.

Two backends give the same lines: `selectolax <https://github.com/rushter/selectolax>`_ (the
lexbor engine; the optional extra ``html``) when it is installed, else the standard library's
:mod:`html.parser` with the few tree-building rules that matter here (implied end tags, void
elements), so that a core install still reads HTML.

>>> page = read_html("<h1>Rain &amp; wind</h1><p>It  rained.<br>Then it\\nblew.</p><script>x()</script>")
>>> page.text
'Rain & wind\\n\\nIt rained.\\nThen it blew.'
>>> page.hints[0]
('tag_h1',)
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

import attrs
import regex

from wireparse.tables import load

BACKENDS = ("selectolax", "stdlib")
"""The HTML parsers :func:`read_html` can use, best first."""

BIG_SHARE = 0.5
"""A container holding at least this share of the page's prose keeps only its :data:`_ALWAYS`
hints: its other region hints (``cls_ad``, ``in_form``…) describe its template, not the article
inside it (``<div class="article has-ads">``, ASP.NET's page-wide ``<form>``)."""
MAIN_BAD = 1.0
"""How much a container's other text counts against its prose when the reader looks for the
container of the page's main text (see ``_Builder._main``)."""
MAIN_NEAR = 0.8
"""A container scoring at least this share of the best score may be the main one when it holds
more prose (see ``_Builder._main``)."""
MAIN_PART = 0.25
"""The least share of the main container's prose that loose paragraphs beside it must add for the
choice to move up to their container."""
LINE_COST = 10
"""Characters of other text that a line which is not prose costs beyond its length."""
LINK_DENSE = 0.6
"""A line whose characters are at least this share link text gets ``link_dense``."""
ROW_MIN = 3
"""Link-only lines of one list that are read as one row (see ``_link_rows``)…"""
ROW_LINK = 0.9
"""…when at least this share of each is link text…"""
ROW_ITEM_CHARS = 40
"""…each is at most this long…"""
ROW_CHARS = 200
"""…and a row at most this long."""
MAX_DEPTH = 512
"""Elements nested deeper than this are read as siblings of the deepest one, as browsers build
them (WebKit's and Chromium's parsers cap the tree's depth at 512): the reader's walks up the
tree then stay bounded, and a page of 20,000 nested ``<div>`` elements reads in time linear in
its size."""
DEEP_TAGS = 5_000
"""A page with fewer ``<`` than this is never checked for deep nesting (real pages have 1,500 or
so; one nested that deep costs lexbor no more than some milliseconds)…"""
DEEP_NESTING = 1_000
"""…and one whose elements may nest deeper than this is read with the standard library's parser,
not lexbor, whose tree building takes time quadratic in the depth (40,000 nested ``<div>``
elements: 5 s)…"""
SELECT_TAGS = 2_500
MANY_ATTRIBUTES = 2_000
"""A tag with more attributes than this goes to ``html.parser``: lexbor takes time quadratic in
a tag's attributes (12,500 in one tag: 0.28 s; 50,000: 4.2 s; html.parser 0.02 s and 0.1 s)."""
_LONG_TAG = regex.compile(r"<[A-Za-z][^<>]{8000,}")
"""A tag long enough to hold :data:`MANY_ATTRIBUTES` attributes (each at least ``a=1`` and a space)."""
"""…and so is one with a ``<select>`` holding more tags than this (lexbor's select mode is quadratic
in them too: 20,000 options, 2.4 s; a list of every country is some 500)."""


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCK = _names(
    """
    address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup html legend li listing main menu
    nav ol p plaintext pre section summary table tbody tfoot thead tr ul xmp button label
    """
)
"""Elements that start and end a line (display: block, list-item, table rows; buttons and labels
too: a share bar's buttons read one per line). Table cells are not: a row is one line, its cells
separated by a tab, as ``innerText`` has it, unless a cell holds lines of its own (a layout table):
then the cell starts a line."""
_PARAGRAPH_BREAK = _names("p h1 h2 h3 h4 h5 h6 blockquote pre figure table")
"""Block elements set off by a blank line."""
_CELLS = frozenset(("td", "th"))
_CANDIDATES = _names("#root body div section article main center form td th tr table tbody ul ol")
"""Elements that may be the container of the page's main text."""
_SKIP = _names(
    """
    head script style template noscript svg math iframe object embed canvas audio video select
    datalist textarea option optgroup input img picture source track map area param base link col
    colgroup frameset frame dialog
    """
)
"""Elements whose content a reader never sees (``head`` is read for its metadata only)."""
_VOID = _names("area base br col embed hr img input link meta param source track wbr")
_PLAIN_INLINE = _names(
    "span b i em strong u s small big font abbr code q sub sup mark ins del bdi bdo kbd samp var dfn"
    " nobr tt strike acronym"
)
"""Inline elements that change nothing about a line unless their attributes say something."""
_ASIDE = frozenset(("in_nav", "in_footer", "in_aside", "cls_cookie", "cls_comment"))
"""Regions whose prose never counts as the page's main text (a cookie dialog, the comments)."""
_ALWAYS = frozenset(("in_article", "cls_body", "cls_headline", "has_time", "cls_byline", "cls_dateline"))
"""Hints a container keeps however much of the page it holds."""
_EMPTY: frozenset[str] = frozenset()
_OWN_LINE = frozenset(("cls_byline", "cls_date", "has_time"))
_RUNNING_TEXT = _names("p li dt dd h1 h2 h3 h4 h5 h6 td th blockquote figcaption pre caption legend summary")
_LDJSON = "application/ld+json"
_HTML_SPACE = " \t\n\r\f"
_COLLAPSE = regex.compile(r"[ \t\n\r\f]+")
_NEEDS_COLLAPSE = regex.compile(r"[\t\n\r\f]|  ")
_ODD_BREAK = regex.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
"""Line breaks other than ``\\n`` that character references put in text (``&#13;``, ``&#x2028;``…):
the page was newline-normalised before it was read, so its derived text must be too."""
_ODD_REFERENCE = regex.compile(r"&#(?:[xX]0*(?:[dDbBcC]|85|2028|2029)|0*(?:1[123]|133|823[23]))")
"""Character references that may stand for one of those breaks (more than do: a hint only). The
page itself was newline-normalised, so a page with none of them needs no search of its text nodes."""
_TAG_NAME = regex.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_NOT_NESTING = _names(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option"
)
"""Elements that never nest without end: void elements, and those that close one of their own kind."""
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)
_CAMEL = regex.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SENT_END = frozenset(".!?\"'”’»)")
_WORD = regex.compile(r"\w+")

_HTML_START = regex.compile(
    r"\A[\ufeff\s]*(?:<\?xml[^>]{0,300}>\s*)?(?:<!--.{0,4000}?-->\s*)*<(?:!doctype[ \t\r\n]+html|html[\s>])",
    regex.IGNORECASE | regex.DOTALL,
)
_TAG = regex.compile(
    r"</?(?:html|head|body|meta|link|title|script|style|div|span|p|a|br|img|ul|ol|li|table|tr|td|h[1-6]"
    r"|header|footer|nav|section|article|aside|main|form|input|button|iframe|noscript|strong|em|b|i)"
    r"\b[^<>]{0,1000}>",
    regex.IGNORECASE,
)
_SNIFF = 4096


def looks_like_html(page: str | bytes | bytearray | memoryview) -> bool:
    """Is this page HTML? True when it starts (after a BOM and whitespace, an XML declaration or
    comments) with a doctype or ``<html``, or when tags dominate its first kilobytes (at least three
    HTML tags, and their markup a third of the visible characters or a dozen tags).

    >>> looks_like_html(b"\\xef\\xbb\\xbf  <!DOCTYPE html><title>x</title>")
    True
    >>> looks_like_html("<div><p>One</p><p>Two</p><p>Three</p></div>")
    True
    >>> looks_like_html("BUFFALO, N.Y. (AP) — The <b> tag is bold.")
    False
    """
    if isinstance(page, bytes | bytearray | memoryview):
        head = bytes(page[:_SNIFF]).removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    elif isinstance(page, str):
        head = page[:_SNIFF]
    else:
        raise TypeError(f"looks_like_html() takes str or bytes, not {type(page).__name__}")
    if _HTML_START.match(head):
        return True
    tags = _TAG.findall(head)
    if len(tags) < 3:
        return False
    markup = sum(len(t) for t in tags)
    visible = len("".join(head.split()))
    return markup * 3 >= visible or len(tags) >= 12


# --- metadata ---------------------------------------------------------------------------------------


@attrs.frozen
class HtmlMeta:
    """What the page says about itself in its markup (each ``None`` when absent)."""

    title: str | None = None
    """The ``<title>``, whitespace tidied (often ``Headline - Site``)."""
    og_site_name: str | None = None
    """``og:site_name`` (or ``application-name``)."""
    og_title: str | None = None
    """``og:title`` (or ``twitter:title``)."""
    published: dt.date | None = None
    """``article:published_time`` (or another publication-date meta tag), as a date."""
    ld_headline: str | None = None
    """JSON-LD ``NewsArticle`` (or ``Article``, ``ReportageNewsArticle``, ``BlogPosting``) ``headline``."""
    ld_author: str | None = None
    """JSON-LD article author(s) that are people, joined with ``and``."""
    ld_date_published: dt.date | None = None
    """JSON-LD article ``datePublished``, as a date."""
    other_titles: tuple[str, ...] = ()
    """Further titles the page declares: ``dc:title`` (or ``dcterm:title``), ``parsely-title``,
    ``twitter:title`` when ``og:title`` differs, in that order."""
    people: tuple[str, ...] = ()
    """The JSON-LD article authors that are people (``@type`` ``Person`` or none), in order."""
    authors: tuple[str, ...] = ()
    """Every author the metadata credits, people and desks alike, in order: the JSON-LD article's
    ``author`` names, else the ``author`` meta tags (``author``, ``article:author``, ``dc.creator``,
    ``parsely-author``, ``sailthru.author``) that are names, not links, addresses or numbers."""
    descriptions: tuple[str, ...] = ()
    """Every summary the page declares, each once, in order: JSON-LD article ``description``,
    ``og:description``, ``twitter:description``, ``description`` (evidence for a standfirst: the
    record never takes one the page does not print)."""

    @property
    def date(self) -> dt.date | None:
        """The page's date by its metadata: ``article:published_time``, else JSON-LD ``datePublished``."""
        return self.published or self.ld_date_published

    @property
    def headline(self) -> str | None:
        """The headline by the metadata: JSON-LD ``headline``, else ``og:title``, else the first of
        :attr:`other_titles`, else the ``<title>`` without its site-name tail (``Port strike ends -
        The Harbour Times`` → ``Port strike ends``; a head of fewer than three words keeps the whole
        title; a one-word title, most often the site's name, is none)."""
        first_other = self.other_titles[0] if self.other_titles else None
        return self.ld_headline or self.og_title or first_other or _title_head(self.title)

    @property
    def titles(self) -> tuple[str, ...]:
        """Every headline the metadata declares, each once, in order: JSON-LD ``headline``,
        ``og:title``, :attr:`other_titles`, the ``<title>`` without its site-name tail."""
        out: list[str] = []
        for value in (self.ld_headline, self.og_title, *self.other_titles, _title_head(self.title)):
            if value and value not in out:
                out.append(value)
        return tuple(out)

    @property
    def title_tail(self) -> str | None:
        """The ``<title>``'s last piece after a separator (most often the site's name:
        ``Port strike ends - The Harbour Times`` → ``The Harbour Times``), or None."""
        title = self.title
        if not title:
            return None
        cut, sep = max((title.rfind(s), s) for s in _TITLE_SEPARATORS)
        tail = title[cut + len(sep) :].strip() if cut > 0 else ""
        return tail if tail and len(tail.split()) <= 5 else None


def _title_head(title: str | None) -> str | None:
    if not title:
        return None
    cut = max(title.rfind(sep) for sep in _TITLE_SEPARATORS)
    if cut > 0 and len(title[:cut].split()) >= 3:
        return title[:cut].strip()
    return title if len(title.split()) >= 2 else None  # "SpaceWar.com": a site's name, no headline


_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "date",
)
_ISO_DATE = regex.compile(r"\A\s*(\d{4})-(\d{2})-(\d{2})")
_ARTICLE_TYPES = frozenset(
    ("newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "report")
)
_ARTICLE_TYPE_SUFFIX = "newsarticle"


def _iso_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _tidy(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    out = " ".join(text.split())
    return out or None


def _ld_objects(data: object) -> Iterable[dict[str, Any]]:
    """Every JSON object in a JSON-LD document (``@graph`` and lists included)."""
    stack = [data]
    seen = 0
    while stack and seen < 500:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))


def _is_article(obj: Mapping[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(
        isinstance(k, str) and (k.casefold() in _ARTICLE_TYPES or k.casefold().endswith(_ARTICLE_TYPE_SUFFIX))
        for k in kinds
    )


def _ld_author(value: object) -> str | None:
    people: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            kind = item.get("@type")
            if isinstance(kind, str) and kind.casefold() != "person":
                continue
            name = _tidy(item.get("name"))
        else:
            name = _tidy(item)
        if name and name not in people and len(name) <= 80:
            people.append(name)
    return " and ".join(people) if people else None


_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl")
_NOT_A_NAME = regex.compile(r"://|@|\Awww\.|\A[\d\W_]+\Z")
"""A meta author value that is a link, an address or a number (``105092``), not a name."""


def _ld_names(value: object, *, people: bool = False) -> list[str]:
    """The names of a JSON-LD ``author`` value, in order: people and organisations, or with
    ``people`` only those whose ``@type`` is ``Person`` (or not given)."""
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if people and isinstance(item, dict):
            kind = item.get("@type")
            if isinstance(kind, str) and kind.casefold() != "person":
                continue
        name = _tidy(item.get("name")) if isinstance(item, dict) else _tidy(item)
        if name and name not in names and len(name) <= 80 and not _NOT_A_NAME.search(name):
            names.append(name)
    return names


_AUTHOR_PATHS = (
    "/author/",
    "/authors/",
    "/autor/",
    "/autoren/",
    "/auteur/",
    "/writer/",
    "/writers/",
    "/byline/",
)
"""Path segments of a link to an author's page (``/author/jane-doe``)."""


def _author_link(attrs: Mapping[str, str | None]) -> bool:
    """A link to the author: ``rel="author"``, or a link to an author's page (``/author/…``)."""
    rel = attrs.get("rel")
    if rel and "author" in rel.lower().split():
        return True
    href = attrs.get("href")
    if not href or "/" not in href:
        return False
    low = href[:300].lower()
    return any(path in low for path in _AUTHOR_PATHS)


_WRITTEN_BY = frozenset(
    ("written by", "author", "authors", "by", "autor", "autorin", "auteur", "von", "por", "par")
)
"""The label of a ``twitter:labelN`` / ``twitter:dataN`` pair (Yoast SEO) that names the author."""


def _meta_authors(meta: Mapping[str, str]) -> list[str]:
    for key in _AUTHOR_KEYS:
        name = _tidy(meta.get(key))
        if name and len(name) <= 120 and not _NOT_A_NAME.search(name):
            return [name]
    candidates = [meta.get("twitter:misc:written by")]
    for n in "123":
        if (_tidy(meta.get(f"twitter:label{n}")) or "").casefold() in _WRITTEN_BY:
            candidates.append(meta.get(f"twitter:data{n}"))
    for value in candidates:
        name = _tidy(value)
        if name and len(name) <= 120 and not _NOT_A_NAME.search(name):
            return [name]
    return []


_OTHER_TITLE_KEYS = (
    "dc:title",
    "dcterm:title",
    "dcterms:title",
    "dc.title",
    "parsely-title",
    "twitter:title",
)


def _other_titles(meta: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    og = _tidy(meta.get("og:title"))
    for key in _OTHER_TITLE_KEYS:
        value = _tidy(meta.get(key))
        if value and value != og and value not in out and len(value) <= 300:
            out.append(value)
    return out


_DESCRIPTION_KEYS = ("og:description", "twitter:description", "description", "dc.description")
MAX_DESCRIPTION = 2000
"""A longer declared description is the story's text, not a summary, and is not kept."""


def _metadata(meta: Mapping[str, str], title: str | None, ld_texts: Sequence[str]) -> HtmlMeta:
    published = None
    for key in _PUBLISHED_KEYS:
        published = _iso_date(meta.get(key))
        if published is not None:
            break
    headline = author = None
    ld_date = None
    authors: list[str] = []
    people: list[str] = []
    described: list[str] = []
    for raw in ld_texts:
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):  # broken, or nested deeper than the parser recurses
            continue
        for obj in _ld_objects(data):
            if not _is_article(obj):
                continue
            headline = headline or _tidy(obj.get("headline"))
            author = author or _ld_author(obj.get("author"))
            authors = authors or _ld_names(obj.get("author"))
            people = people or _ld_names(obj.get("author"), people=True)
            ld_date = ld_date or _iso_date(obj.get("datePublished"))
            if not described and (text := _tidy(obj.get("description"))) is not None:
                described.append(text)
    for key in _DESCRIPTION_KEYS:
        text = _tidy(meta.get(key))
        if text is not None and text not in described:
            described.append(text)
    return HtmlMeta(
        title=_tidy(title),
        og_site_name=_tidy(meta.get("og:site_name") or meta.get("application-name")),
        og_title=_tidy(meta.get("og:title") or meta.get("twitter:title")),
        other_titles=tuple(_other_titles(meta)),
        published=published,
        ld_headline=headline,
        ld_author=author,
        ld_date_published=ld_date,
        people=tuple(people),
        authors=tuple(authors or _meta_authors(meta)),
        descriptions=tuple(d for d in described if len(d) <= MAX_DESCRIPTION),
    )


@attrs.frozen
class HtmlPage:
    """An HTML page read into block lines."""

    text: str
    """The derived text: one block per line, paragraphs between blank lines. Every span of the
    record indexes this text (it becomes ``Dispatch.source``)."""
    hints: tuple[tuple[str, ...], ...]
    """One tuple of hint names per line of :attr:`text` (``text.split("\\n")``); blank lines have none."""
    meta: HtmlMeta
    """The page's metadata."""
    backend: str
    """The parser that read it: ``selectolax`` or ``stdlib``."""

    def span_hints(self, spans: Iterable[tuple[int, int]]) -> list[tuple[str, ...]]:
        """The hints of each ``(start, end)`` range of :attr:`text`: the union over the lines it
        touches (a unit drawn from several lines takes them all)."""
        starts = [0]
        text = self.text
        at = text.find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        out: list[tuple[str, ...]] = []
        for start, end in spans:
            first = bisect.bisect_right(starts, start) - 1
            last = bisect.bisect_right(starts, max(end - 1, start)) - 1
            if first == last:
                out.append(self.hints[first])
            else:
                seen: dict[str, None] = {}
                for k in range(first, last + 1):
                    seen.update(dict.fromkeys(self.hints[k]))
                out.append(tuple(seen))
        return out


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str], dict[str, str], tuple[str, ...]]:
    """(block tag → hint, context tag → hint, role → hint, class/id token → hint, skipped prefixes)."""
    table = load("markup")
    tokens: dict[str, str] = {}
    for hint, words in table["tokens"].items():
        for word in words:
            tokens.setdefault(word, hint)
    return (
        dict(table["block_tags"]),
        dict(table["context"]),
        dict(table["roles"]),
        tokens,
        tuple(table["skip_words"]["prefixes"]),
    )


@functools.cache
def _layout_pairs() -> frozenset[str]:
    """Token pairs that name a layout, not a region (``sidebar-grid``): ``[layout]`` of markup.toml."""
    return frozenset(load("markup").get("layout", {}).get("pairs", ()))


@functools.lru_cache(maxsize=16384)
def _word_hints(word: str) -> frozenset[str]:
    """Hints of one class word: its tokens and neighbouring token pairs looked up."""
    _, _, _, table, skip = _tables()
    if word.lower().startswith(skip):
        return _EMPTY
    out: set[str] = set()
    tokens = [t.lower() for t in _CAMEL.findall(word)]
    layout = _layout_pairs()
    for i, tok in enumerate(tokens):
        hint = table.get(tok)
        if hint is not None and not (i + 1 < len(tokens) and tok + tokens[i + 1] in layout):
            out.add(hint)
        if i:
            hint = table.get(tokens[i - 1] + tok)
            if hint is not None:
                out.add(hint)
    if len(tokens) > 2:
        hint = table.get("".join(tokens))
        if hint is not None:
            out.add(hint)
    return frozenset(out) if out else _EMPTY


@functools.lru_cache(maxsize=8192)
def _token_hints(value: str) -> frozenset[str]:
    """Hints of a class or id value (see ``tables/markup.toml``).

    >>> sorted(_token_hints("article__body share-bar has-ads"))
    ['cls_body', 'cls_share']
    >>> sorted(_token_hints("sidebar-grid__content article__content")), _token_hints("sidebar-grid__sidebar")
    (['cls_body'], frozenset({'cls_sidebar'}))
    """
    out: frozenset[str] = _EMPTY
    for word in value.split():
        hints = _word_hints(word)
        if hints:
            out = out | hints
    return out


class _Frame:
    """An element while reading; kept afterwards for the lines that point to it."""

    __slots__ = (
        "aside",
        "bad",
        "big",
        "block",
        "breaks",
        "capture",
        "closed",
        "depth",
        "eff",
        "good",
        "link",
        "loose",
        "own",
        "parent",
        "prose",
        "tag",
    )

    def __init__(self, tag: str, parent: _Frame | None, own: frozenset[str], block: bool) -> None:
        if parent is not None and parent.depth >= MAX_DEPTH:
            parent = parent.parent  # too deep: a sibling of its parent, as a browser attaches it
        self.tag = tag
        self.parent: _Frame | None = parent
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.own = own
        """Hints of the element itself (its tag, role, class and id)."""
        self.block: _Frame | None = self if block or parent is None else parent.block
        """The innermost block element holding it (itself when it is one)."""
        self.link: bool = parent is not None and (tag == "a" or parent.link)
        self.breaks = (2 if tag in _PARAGRAPH_BREAK else 1) if block else 0
        self.capture: list[str] | None = None
        self.closed = False
        self.prose = 0
        """Characters of prose lines inside it, wherever they are…"""
        self.good = 0
        """…outside furniture regions (see ``_Builder._score``)…"""
        self.bad = 0
        """…and of its other lines."""
        self.loose = 0
        """…of which in ``<p>`` elements right inside it (see ``_Builder._main``)…"""
        self.big = False
        self.aside: bool | None = None
        self.eff: frozenset[str] | None = None


class _Line:
    __slots__ = ("block", "frames", "length", "link", "text")

    def __init__(self, text: str, frames: list[_Frame], block: _Frame | None, link: int) -> None:
        self.text = text
        self.frames = frames
        """The elements whose text the line holds."""
        self.block = block
        """The block element holding its first text."""
        self.length = len(text)
        self.link = link
        """Characters of link text."""


class _Builder:
    """Turns a stream of start/end/text events into lines (the same for every backend)."""

    def __init__(self) -> None:
        block_tags, context, roles, _, _ = _tables()
        self.block_tags = block_tags
        self.context = context
        self.roles = roles
        self.root = _Frame("#root", None, _EMPTY, True)
        self.frames: list[_Frame] = [self.root]  # block elements and main-text candidates
        self.stack: list[_Frame] = [self.root]  # an element that changes nothing pushes its parent again
        self.lines: list[_Line | None] = []  # None is a blank line
        self.cur: list[str] = []
        self.cur_frames: list[_Frame] = []
        self.cur_seen: set[_Frame] = set()  # the same frames, to look one up in constant time
        self.cur_block: _Frame | None = None
        self.cur_link = 0
        self.space = ""  # the separator due before the next text: "", " " or a cell's "\t"
        self.cell: _Frame | None = None  # a table cell that began in the middle of a line…
        self.cell_at = 0  # …at this index of self.cur (its "\t"), after…
        self.cell_frames = 0  # …this many frames and…
        self.cell_link = 0  # …this much link text
        self.brk = 0  # line breaks due before the next text: 1 a new line, 2 a blank line too
        self.link_end = False  # a link ended after the last text
        self.pre = 0
        self.pre_start = False
        self.odd = True  # may the text hold line breaks other than "\n" (see _ODD_REFERENCE)
        self.capture: list[str] | None = None
        self.meta: dict[str, str] = {}
        self.title: str | None = None
        self.ld: list[str] = []

    # events

    def start(self, tag: str, attrs: Mapping[str, str | None]) -> bool:
        """An element opens; False when its content is skipped (the caller then sends no ``end``)."""
        parent = self.stack[-1]
        if tag in _PLAIN_INLINE and not attrs:
            self.stack.append(parent)
            return True
        if tag in _SKIP:
            if tag == "script" and (attrs.get("type") or "").strip().lower() == _LDJSON:
                return self._capture(tag, parent)
            return False
        if tag in _VOID:
            if tag == "br":
                self._br()
            elif tag == "meta":
                key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
                content = attrs.get("content")
                if key and content:
                    low = key.strip().lower()
                    keys = low.split()
                    if len(keys) > 1 and all(":" in k for k in keys):
                        for one in keys[:8]:  # property="og:title twitter:title": each of them
                            self.meta.setdefault(one, content)
                    else:
                        self.meta.setdefault(low, content)
            elif tag == "hr":
                self._break(2)
            return False
        if attrs:
            if "hidden" in attrs:
                return False
            style = attrs.get("style")
            if style and _HIDDEN_STYLE.search(style):
                return False
            own = self._own(tag, attrs)
        else:
            hint = self.context.get(tag)
            own = frozenset((hint,)) if hint is not None else _EMPTY
        if tag == "title":
            return self._capture(tag, parent)
        block = tag in _BLOCK or (bool(own) and _own_line(own, parent))
        if not (own or tag == "cite" or (tag == "a" and not parent.link)) and (
            tag == "body" or not (block or tag in _CANDIDATES or tag in _CELLS)
        ):
            self.stack.append(parent)  # changes nothing: read on as the parent
            return True
        frame = _Frame(tag, parent, own, block)
        self.stack.append(frame)
        if block or tag in _CANDIDATES:
            self.frames.append(frame)
        if block:
            self._break(frame.breaks)
            if tag == "pre":
                self.pre += 1
                self.pre_start = True
        elif tag in _CELLS and self.cur and not self.brk:
            self.space = "\t"
            self.cell = frame
            self.cell_at = -1  # set when the cell's first text arrives
        return True

    def end(self) -> None:
        """The innermost open element closes."""
        stack = self.stack
        if len(stack) <= 1:
            return
        frame = stack.pop()
        if frame is stack[-1]:
            return  # an element that changed nothing
        frame.closed = True
        if frame.capture is not None:
            text = "".join(frame.capture)
            self.capture = None
            if frame.tag == "title":
                if self.title is None:
                    self.title = text
            else:
                self.ld.append(text)
            return
        if frame.breaks:
            self._break(frame.breaks)
            if frame.tag == "pre":
                self.pre -= 1
        elif (frame.tag == "cite" or "cls_dateline" in frame.own) and self.cur and not self.space:
            self.space = " "  # a credit set off by style: "Hong Kong (CNN Business)" + "A muddled…"
        elif frame.tag == "a":
            self.link_end = True

    def text(self, data: str) -> None:
        """Character data (entities already decoded)."""
        if self.capture is not None:
            self.capture.append(data)
            return
        if self.odd and _ODD_BREAK.search(data):
            data = _ODD_BREAK.sub("\n" if self.pre else " ", data)
        if self.pre:
            self._pre_text(data)
            return
        core = data.strip(_HTML_SPACE)
        if not core:
            if data and self.cur and not self.space:
                self.space = " "
            return
        if self.brk:
            self._flush_break()
        if self.cur:
            if self.link_end and not self.space and self.stack[-1].link:
                self.space = " "  # links set side by side by style: "World" + "Business"
            if self.space == "\t" and self.cell is not None and self.cell_at < 0:
                self.cell_at = len(self.cur)
                self.cell_frames = len(self.cur_frames)
                self.cell_link = self.cur_link
            if self.space or data[0] in _HTML_SPACE:
                self.cur.append(self.space or " ")
        if _NEEDS_COLLAPSE.search(core):
            core = _COLLAPSE.sub(" ", core)
        self._add(core)
        self.space = " " if data[-1] in _HTML_SPACE else ""
        self.link_end = False

    def _capture(self, tag: str, parent: _Frame) -> bool:
        frame = _Frame(tag, parent, _EMPTY, False)
        frame.capture = self.capture = []
        self.stack.append(frame)
        return True

    def _own(self, tag: str, attrs: Mapping[str, str | None]) -> frozenset[str]:
        hint = self.context.get(tag)
        cls = attrs.get("class")
        ident = attrs.get("id")
        role = attrs.get("role")
        prop = attrs.get("itemprop")
        author_link = tag == "a" and _author_link(attrs)
        if not (hint or cls or ident or role or prop or author_link):
            return _EMPTY
        out: frozenset[str] = frozenset((hint,)) if hint else _EMPTY
        if author_link:
            out = out | {"cls_byline"}
        for value in (cls, ident):
            if value:
                found = _token_hints(value)
                if found:
                    out = out | found
        if role:
            found_role = self.roles.get(role.strip().lower())
            if found_role:
                out = out | {found_role}
        if prop:
            prop = prop.lower()
            if "articlebody" in prop:
                out = out | {"cls_body"}
            elif prop == "author":
                out = out | {"cls_byline"}
            elif prop == "headline":
                out = out | {"cls_headline"}
        return out

    # lines

    def _add(self, core: str) -> None:
        frame = self.stack[-1]
        self.cur.append(core)
        if frame.link:
            self.cur_link += len(core)
        frames = self.cur_frames
        if not frames or (frames[-1] is not frame and frame not in self.cur_seen):
            frames.append(frame)
            self.cur_seen.add(frame)
        if self.cur_block is None:
            self.cur_block = frame.block

    def _pre_text(self, data: str) -> None:
        if self.pre_start:
            self.pre_start = False
            if data.startswith("\n"):
                data = data[1:]
        if self.brk:
            if not data.strip():
                return
            self._flush_break()
        for k, piece in enumerate(data.split("\n")):
            if k:
                if self.cur:
                    self._end_line()
                else:
                    self.lines.append(None)
            if piece.strip():
                self._add(piece)

    def _break(self, n: int) -> None:
        self.brk = max(self.brk, n)
        self.space = ""

    def _flush_break(self) -> None:
        if self.cur:
            self._end_line()
        if self.brk >= 2 and self.lines and self.lines[-1] is not None:
            self.lines.append(None)
        self.brk = 0

    def _br(self) -> None:
        if self.capture is not None:
            return
        if self.brk:
            self._flush_break()
        if self.cur:
            self._end_line()
        elif self.lines and self.lines[-1] is not None:
            self.lines.append(None)
        self.space = ""

    def _end_line(self) -> None:
        cell = self.cell
        if cell is not None and self.cell_at > 0 and not cell.closed:
            # a cell that began mid-line holds lines of its own: it starts a line (a layout table)
            at, nf, nl = self.cell_at, self.cell_frames, self.cell_link
            head = "".join(self.cur[:at]).rstrip(" ")
            if head.strip():
                self.lines.append(_Line(head, self.cur_frames[:nf], self.cur_block, nl))
            self.cur = self.cur[at + 1 :]
            self.cur_frames = self.cur_frames[nf:] or [cell]
            self.cur_seen = set(self.cur_frames)
            self.cur_block = cell.block
            self.cur_link -= nl
        self.cell = None
        text = "".join(self.cur).rstrip(" ")
        if text.strip():
            self.lines.append(_Line(text, self.cur_frames, self.cur_block, self.cur_link))
        self.cur = []
        self.cur_frames = []
        self.cur_seen = set()
        self.cur_block = None
        self.cur_link = 0
        self.space = ""

    # the end

    def finish(self, backend: str) -> HtmlPage:
        """Close what is open, find the main text, and give every line its hints."""
        while len(self.stack) > 1:
            self.end()
        if self.cur:
            self._end_line()
        while self.lines and self.lines[-1] is None:
            self.lines.pop()
        meta = _metadata(self.meta, self.title, self.ld)
        self._score(self.lines)
        main = self._main()
        lines = _link_rows(self.lines, main)
        meta_heads = _headline_keys(meta)
        meta_sites = _site_keys(meta)
        meta_authors = tuple(
            name for a in meta.authors for name in _author_list().split(a.casefold()) if name.strip()
        )
        texts: list[str] = []
        hints: list[tuple[str, ...]] = []
        for line in lines:
            if line is None:
                texts.append("")
                hints.append(())
                continue
            texts.append(line.text)
            names: set[str] = set()
            block = line.block
            if block is not None:
                tag_hint = self.block_tags.get(block.tag)
                if tag_hint:
                    names.add(tag_hint)
            for frame in line.frames:
                names.update(_effective(frame))
            if line.link >= LINK_DENSE * line.length:
                names.add("link_dense")
            if main is not None:
                names.add("in_main" if _inside(block, main) else "out_main")
            if meta_heads or meta_sites:
                key = _norm_key(line.text)
                if key in meta_heads:
                    names.add("meta_headline")
                if key in meta_sites:
                    names.add("meta_site")
            if meta_authors and _names_authors(line.text, meta_authors):
                names.add("meta_author")
            hints.append(tuple(sorted(names)))
        hints = _drop_uniform(hints)
        if meta_heads and not any("meta_headline" in h or "tag_h1" in h for h in hints):
            # the metadata names a headline that no line shows, and no <h1>: the page prints none
            hints = [tuple(sorted((*h, "meta_other"))) if h else h for h in hints]
        if sum(1 for h in hints if "tag_h1" in h) >= H1_SECTIONS:
            # a page of many <h1> sets its section heads and teasers with them: none of them is the
            # headline because it is an <h1>
            hints = [tuple(sorted({"tag_h1_many" if n == "tag_h1" else n for n in h})) for h in hints]
        return HtmlPage("\n".join(texts), tuple(hints), meta, backend)

    def _score(self, lines: Sequence[_Line | None]) -> None:
        """Each container's prose (``prose``; ``good`` outside furniture regions) and other text
        (``bad``), summed over its subtree, and ``big`` for the containers of most of the page's
        prose. A line is prose when it is not mostly links, has 25 characters or more, and is a
        paragraph or ends a sentence. Prose inside a furniture region (a cookie dialog, the comments,
        ``nav``, ``footer``, ``aside``: :data:`_ASIDE`) does not count as good, unless that region is
        itself big (``<body class="cookies-not-set">``)."""
        prose: list[tuple[_Line, _Frame, bool]] = []
        for line in lines:
            if line is None or line.block is None:
                continue
            n = line.length
            block = line.block
            ok = line.link * 2 <= n and n >= 25 and (block.tag == "p" or line.text[-1] in _SENT_END)
            prose.append((line, block, ok))
            f: _Frame | None = block
            while ok and f is not None:
                f.prose += n
                f = f.parent
        total = self.root.prose
        if total:
            for frame in self.frames:
                if frame.own and frame.prose >= BIG_SHARE * total:
                    frame.big = True
        for line, block, ok in prose:
            good = ok and not _in_aside(block)
            n = line.length if good else line.length + LINE_COST
            if good and block.tag == "p" and block.parent is not None:
                block.parent.loose += n
            f = block
            while f is not None:
                if good:
                    f.good += n
                else:
                    f.bad += n
                f = f.parent

    def _main(self) -> _Frame | None:
        """The container of the page's main text: the one whose prose most outweighs its other
        text (``good - MAIN_BAD * bad``), the deepest of equals. An article split into parts (its
        first paragraphs loose in a container, the rest in a ``<div>`` of their own after an
        advertisement) is read whole: the choice moves up to a container that scores at least
        :data:`MAIN_NEAR` of the best when the prose it adds is its own loose paragraphs, and no
        less than :data:`MAIN_PART` of what it holds already (a standfirst above the body is not
        a part of it)."""
        best: _Frame | None = None
        best_value = 0.0
        for frame in self.frames:
            if frame.tag not in _CANDIDATES:
                continue
            value = frame.good - MAIN_BAD * frame.bad
            if value > best_value or (best is not None and value == best_value and frame.good == best.good):
                best, best_value = frame, value
        if best is None:
            return None
        up = best.parent
        while up is not None and up.good - MAIN_BAD * up.bad >= MAIN_NEAR * best_value:
            added = up.good - best.good
            if added > 0 and up.tag in _CANDIDATES:
                if up.loose < MAIN_NEAR * added or added < MAIN_PART * best.good:
                    break
                best = up
            up = up.parent
        return best


def _own_line(own: frozenset[str], parent: _Frame) -> bool:
    """Does an inline element stand on its own line? A byline or a date marked by its class, or a
    ``<time>``, does when it sits in a container rather than in running text, and the container is
    not itself a byline or a date: ``<div class="meta"><span class="byline">By …</span><time>…
    </time></div>`` is two lines, ``<div class="byline">By <a class="author">…</a></div>`` one."""
    marks = own & _OWN_LINE
    if not marks:
        return False
    f: _Frame | None = parent
    while f is not None:
        if not f.own.isdisjoint(marks):
            return False
        if f.block is f:
            return f.tag not in _RUNNING_TEXT
        f = f.parent
    return False


def _drop_uniform(hints: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Drop the hints that every line carries: on a page of bare ``<p>`` elements in one container,
    ``tag_p`` and ``in_main`` tell no line from another."""
    lines = [h for h in hints if h]
    if len(lines) < 2:
        return hints
    uniform = set(lines[0]).intersection(*lines[1:])
    if not uniform:
        return hints
    return [tuple(n for n in h if n not in uniform) for h in hints]


def _is_link_item(line: _Line | None) -> bool:
    return (
        line is not None
        and line.link >= ROW_LINK * line.length
        and line.length <= ROW_ITEM_CHARS
        and line.block is not None
        and line.block.parent is not None
    )


def _link_rows(lines: list[_Line | None], main: _Frame | None) -> list[_Line | None]:
    """Runs of at least :data:`ROW_MIN` short link-only lines of one list (menu items, section
    links, tags), or of any lists outside the ``main`` container, become rows of ``Item | Item |
    Item``, as text dumps print a navigation bar."""
    out: list[_Line | None] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line is None or line.block is None or not _is_link_item(line):
            out.append(line)
            i += 1
            continue
        parent = line.block.parent
        outside = main is not None and not _inside(line.block, main)
        j = i + 1
        while j < n:
            nxt = lines[j]
            if nxt is None or nxt.block is None or not _is_link_item(nxt):
                break
            if nxt.block.parent is not parent and not (outside and not _inside(nxt.block, main)):  # type: ignore[arg-type]
                break
            j += 1
        items = [x for x in lines[i:j] if x is not None]
        i = j
        if len(items) < ROW_MIN:
            out.extend(items)
            continue
        row: list[_Line] = []
        width = 0
        for item in items:
            if row and width + item.length > ROW_CHARS:
                out.append(_join_row(row))
                row, width = [], 0
            row.append(item)
            width += item.length + 3
        out.append(_join_row(row))
    return out


def _join_row(items: list[_Line]) -> _Line:
    if len(items) == 1:
        return items[0]
    frames: list[_Frame] = []
    for item in items:
        frames.extend(f for f in item.frames if f not in frames)
    text = " | ".join(item.text for item in items)
    return _Line(text, frames, items[0].block, sum(item.link for item in items) + 3 * (len(items) - 1))


def _in_aside(frame: _Frame | None) -> bool:
    """Is the frame inside a furniture region (:data:`_ASIDE`) that is not big?"""
    chain: list[_Frame] = []
    f = frame
    while f is not None and f.aside is None:
        chain.append(f)
        f = f.parent
    value = bool(f.aside) if f is not None else False
    for g in reversed(chain):
        if not value and g.own and not g.big and not g.own.isdisjoint(_ASIDE):
            value = True
        g.aside = value
    return value


def _inside(frame: _Frame | None, main: _Frame) -> bool:
    while frame is not None:
        if frame is main:
            return True
        frame = frame.parent
    return False


def _effective(frame: _Frame) -> frozenset[str]:
    """The hints of a frame and its ancestors, big containers keeping only :data:`_ALWAYS`."""
    if frame.eff is not None:
        return frame.eff
    chain: list[_Frame] = []
    f: _Frame | None = frame
    while f is not None and f.eff is None:
        chain.append(f)
        f = f.parent
    base = f.eff if f is not None and f.eff is not None else _EMPTY
    for g in reversed(chain):
        own = g.own
        if own and g.big:
            own = own & _ALWAYS
        g.eff = base = (base | own) if own else base
    return base


def _norm_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ")


H1_SECTIONS = 3
"""A page with this many ``<h1>`` lines or more uses them as section heads: its lines carry
``tag_h1_many``, not ``tag_h1``."""
BYLINE_WORDS = 12
"""A line of at most this many words that names every author the metadata gives is a byline
candidate (``meta_author``); a longer one is a paragraph or a bio that mentions them."""


@functools.cache
def _author_list() -> regex.Pattern[str]:
    """What separates the names of one author field (``Ana Li, Tom Berg``, ``Ana Li and Tom
    Berg``): a comma, ``;``, ``/``, ``|``, or a word of ``glue`` in ``tables/credits.toml`` (the
    words the byline reader joins names with)."""
    glue = sorted((w.casefold() for w in load("credits")["glue"]), key=len, reverse=True)
    words = "|".join(regex.escape(w) for w in glue)
    return regex.compile(rf"\s*(?:[,;/|]|(?<!\w)(?:{words})(?!\w))\s*")


def _names_authors(text: str, authors: Sequence[str]) -> bool:
    """The line is short and names every author the metadata gives (casefolded, each field split
    into its names by :func:`_author_list`)."""
    if len(text) > 40 * BYLINE_WORDS or len(text.split(None, BYLINE_WORDS)) > BYLINE_WORDS:
        return False
    low = text.casefold()
    return all(a in low for a in authors)


def _headline_keys(meta: HtmlMeta) -> frozenset[str]:
    """Normalised forms of the headline the metadata names (the ``<title>`` with and without its
    site-name tail)."""
    keys = set()
    for value in (meta.og_title, meta.ld_headline, meta.title):
        if value:
            keys.add(_norm_key(value))
    if meta.title:
        for sep in _TITLE_SEPARATORS:
            head, found, _ = meta.title.rpartition(sep)
            if found and len(head) >= 12:
                keys.add(_norm_key(head))
    keys.discard("")
    return frozenset(keys)


def _site_keys(meta: HtmlMeta) -> frozenset[str]:
    """Normalised forms of the site's name by the metadata (``og:site_name``, the ``<title>``'s
    tail after its last separator)."""
    keys = set()
    if meta.og_site_name:
        keys.add(_norm_key(meta.og_site_name))
    if meta.title:
        for sep in _TITLE_SEPARATORS:
            head, found, tail = meta.title.rpartition(sep)
            if found and len(head) >= 12 and 2 <= len(tail) <= 60:
                keys.add(_norm_key(tail))
                break
    keys.discard("")
    return frozenset(keys)


# --- backends ---------------------------------------------------------------------------------------


def _read_selectolax(text: str, builder: _Builder) -> None:
    from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415 - the optional extra

    tree = LexborHTMLParser(text)
    head = tree.head
    if head is not None:
        for node in head.iter(include_text=False):
            if node.tag in ("meta", "title", "script"):
                _walk_lexbor(node, builder)
    body = tree.body
    if body is not None:
        _walk_lexbor(body, builder)


def _walk_lexbor(top: Any, builder: _Builder) -> None:
    """Depth-first over a lexbor subtree, sending events to the builder (``None`` on the stack
    marks an element's end)."""
    stack: list[Any] = [top]
    start, end, text = builder.start, builder.end, builder.text
    while stack:
        node = stack.pop()
        if node is None:
            end()
            continue
        tag = node.tag
        if tag == "-text":
            text(node.text_content or "")
        elif tag is not None and tag[0] != "-" and start(tag, node.attributes):
            # (tag is None for a node that is neither an element, text, comment nor doctype: the
            # processing instruction lexbor makes of ``<?php … ?>`` or ``<?xml …?>`` in the body)
            stack.append(None)
            child = node.last_child
            while child is not None:
                stack.append(child)
                child = child.prev


_COMMENT_END = regex.compile(r"--!?>")
_P_CLOSERS = _names(
    """
    address article aside blockquote center details dialog dir div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul
    li dd dt listing plaintext xmp
    """
)
"""Start tags that close an open ``<p>``."""
_SCOPE = _names("html table td th caption button object template marquee applet")
_LIST_SCOPE = _SCOPE | {"ul", "ol"}
_P = frozenset(("p",))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_TABLE_PARTS = frozenset(("thead", "tbody", "tfoot", "tr", "td", "th"))
_TABLE = frozenset(("table", "html"))
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # a start tag → (open elements it closes, elements that stop the search)
    "li": (frozenset(("li",)), _LIST_SCOPE),
    "dt": (frozenset(("dt", "dd")), _SCOPE | {"dl"}),
    "dd": (frozenset(("dt", "dd")), _SCOPE | {"dl"}),
    "tr": (frozenset(("tr", "td", "th")), _TABLE),
    "td": (_CELLS, _TABLE | {"tr"}),
    "th": (_CELLS, _TABLE | {"tr"}),
    "thead": (_TABLE_PARTS, _TABLE),
    "tbody": (_TABLE_PARTS, _TABLE),
    "tfoot": (_TABLE_PARTS, _TABLE),
    "option": (frozenset(("option",)), frozenset(("select", "html"))),
    "a": (frozenset(("a",)), _SCOPE),
}


class _StdlibTree(HTMLParser):
    """The standard library's tokenizer with the tree-building rules that change lines: implied
    end tags (``p``, ``li``, table cells, headings), void elements, ``</p>`` and ``</br>`` without
    a start, and skipped subtrees."""

    def __init__(self, builder: _Builder) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = builder
        self.open: list[str] = []
        self.counts: dict[str, int] = {}  # open elements by tag: a search for one not open is free
        self.skip_from = -1  # index in self.open of the skipped element, or -1
        self.body = False

    def _find(self, names: frozenset[str], stop: frozenset[str]) -> int:
        counts = self.counts
        if not any(counts.get(name) for name in names):
            return -1  # (without this test, thousands of unclosed <div>s took time quadratic in their depth)
        for i in range(len(self.open) - 1, -1, -1):
            tag = self.open[i]
            if tag in names:
                return i
            if tag in stop:
                return -1
        return -1

    def _push(self, tag: str) -> None:
        self.open.append(tag)
        self.counts[tag] = self.counts.get(tag, 0) + 1

    def _pop_to(self, index: int) -> None:
        while len(self.open) > index:
            self.counts[self.open.pop()] -= 1
            if self.skip_from >= 0:
                if len(self.open) <= self.skip_from:
                    self.skip_from = -1
                continue
            self.builder.end()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "head"):
            return  # the head's elements are read for metadata; its text is never shown
        if tag == "body":
            if not self.body and self.skip_from < 0:
                self.body = True
                self._push(tag)
                self.builder.start(tag, dict(attrs))
            return
        if tag in _P_CLOSERS:
            i = self._find(_P, _SCOPE)
            if i >= 0:
                self._pop_to(i)
        implied = _IMPLIED.get(tag)
        if implied is not None:
            i = self._find(*implied)
            if i >= 0:
                self._pop_to(i)
        if tag in _HEADINGS and self.open and self.open[-1] in _HEADINGS:
            self._pop_to(len(self.open) - 1)
        if tag in _VOID:
            if self.skip_from < 0:
                self.builder.start(tag, dict(attrs))
            return
        self._push(tag)
        if self.skip_from < 0 and not self.builder.start(tag, dict(attrs)):
            self.skip_from = len(self.open) - 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # HTML ignores the slash of <div/>

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            self.handle_starttag("br", [])
            return
        if tag in ("html", "head", "body"):
            return
        if tag == "p" and self._find(_P, _SCOPE) < 0:
            self.handle_starttag("p", [])
        i = self._find(frozenset((tag,)), _SCOPE - {tag})
        if i >= 0:
            self._pop_to(i)

    def handle_data(self, data: str) -> None:
        if self.skip_from < 0:
            self.builder.text(data)

    # The tokenizer's markup rules as HTML has them, where the standard library's differ (before the
    # html.parser fixes of 2025, which not every supported Python has): a comment ends at "-->" or
    # "--!>" and "<!-->" is one, "<![" opens a bogus comment up to ">" (not a marked section, on which
    # the tokenizer raised AssertionError), and an unfinished tag or comment at the end is dropped,
    # not shown as text.

    def parse_comment(self, i: int, report: bool = True) -> int:
        rawdata = self.rawdata
        for empty in ("<!-->", "<!--->"):
            if rawdata.startswith(empty, i):
                return i + len(empty)
        m = _COMMENT_END.search(rawdata, i + 4)
        return -1 if m is None else m.end()

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<![", i):
            end = self.rawdata.find(">", i + 3)
            return -1 if end < 0 else end + 1
        return super().parse_html_declaration(i)

    def close(self) -> None:
        if self.cdata_elem is None and self.rawdata.startswith("<") and self.rawdata not in ("<", "</"):
            self.rawdata = ""  # a tag, comment or declaration cut short by the end of the page
        super().close()


def _read_stdlib(text: str, builder: _Builder) -> None:
    tree = _StdlibTree(builder)
    tree.feed(text)
    tree.close()


_READERS: dict[str, Callable[[str, _Builder], None]] = {
    "selectolax": _read_selectolax,
    "stdlib": _read_stdlib,
}


@functools.cache
def default_backend() -> str:
    """The best backend installed: ``selectolax`` when the ``html`` extra is, else ``stdlib``."""
    try:
        import selectolax.lexbor  # noqa: F401, PLC0415
    except ImportError:
        return "stdlib"
    return "selectolax"


def read_html(text: str, *, backend: str | None = None) -> HtmlPage:
    """Read an HTML page (already decoded) into block lines with hints and metadata.

    ``backend`` is ``selectolax`` or ``stdlib``; by default the best one installed. A page that lexbor
    would build in quadratic time (elements nested deeper than :data:`DEEP_NESTING`, a ``<select>`` of
    more than :data:`SELECT_TAGS` tags) is read with ``stdlib`` whatever is asked;
    :attr:`HtmlPage.backend` says which one read it.

    >>> page = read_html('<nav><a href="/">Home</a></nav><div><p>Rain fell on the city all night.</p></div>')
    >>> page.text.split("\\n")
    ['Home', '', 'Rain fell on the city all night.']
    >>> page.hints[0], page.hints[2]
    (('in_nav', 'link_dense', 'out_main'), ('in_main', 'tag_p'))
    """
    if not isinstance(text, str):
        raise TypeError(f"read_html() takes str, not {type(text).__name__}")
    name = backend or default_backend()
    if name not in _READERS:
        raise ValueError(f"unknown HTML backend {name!r}; choose one of {', '.join(BACKENDS)}")
    if name == "selectolax" and _hard_for_lexbor(text):
        name = "stdlib"
    if _REACT_SEGMENT_MARK in text:
        text = _place_react_segments(text)
    builder = _Builder()
    builder.odd = _ODD_REFERENCE.search(text) is not None
    _READERS[name](text, builder)
    return builder.finish(name)


REACT_NESTING = 64
"""How deep React segments may fill each other's placeholders (deeper ones go to the page's end)."""
_REACT_SEGMENT_MARK = '<div hidden id="S:'
_REACT_SEGMENT = regex.compile(r'<div hidden id="S:([0-9A-Za-z]{1,12})">')
_REACT_PLACEHOLDER = regex.compile(r'<template id="B:([0-9A-Za-z]{1,12})"></template>')
_DIV_TAG = regex.compile(r"<div[\s>/]|</div\s*>", regex.IGNORECASE)


def _place_react_segments(text: str) -> str:
    """A page streamed by React (Next.js and the like) sends the article late, in ``<div hidden
    id="S:n">`` segments that a script moves into the ``<template id="B:n">`` placeholders where they
    belong: without scripts the whole story reads as hidden. Each segment goes where its placeholder
    is (or, with none, stays where it is, shown). One pass over the page: segments are found in
    order and each is scanned once for its closing ``</div>``.

    >>> _place_react_segments('<main><template id="B:0"></template></main>'
    ...                       '<div hidden id="S:0"><p>Hi</p></div>')
    '<main><p>Hi</p></main>'
    """
    pieces: dict[str, str] = {}
    out: list[str] = []
    pos = 0
    for m in _REACT_SEGMENT.finditer(text):
        if m.start() < pos:
            continue  # a segment inside another one: it moves with it
        depth, end, inner_end = 1, len(text), len(text)
        for tag in _DIV_TAG.finditer(text, m.end()):
            depth += -1 if tag.group().startswith("</") else 1
            if depth == 0:
                inner_end, end = tag.start(), tag.end()
                break
        out.append(text[pos : m.start()])
        pieces[m.group(1)] = text[m.end() : inner_end]
        pos = end
    out.append(text[pos:])

    depth = 0

    def place(m: regex.Match[str]) -> str:
        nonlocal depth
        if depth >= REACT_NESTING:
            return m.group()  # its segment goes to the end of the page, below
        inner = pieces.pop(m.group(1), None)
        if inner is None:
            return m.group()
        # a segment holds the placeholders of the segments streamed after it: fill those too (each
        # segment is placed once, so the work stays linear)
        depth += 1
        try:
            return _REACT_PLACEHOLDER.sub(place, inner)
        finally:
            depth -= 1

    page = _REACT_PLACEHOLDER.sub(place, "".join(out))
    return page + "".join(pieces.values())


def _hard_for_lexbor(text: str) -> bool:
    """Is the page one that lexbor builds in time quadratic in its size? One with a tag of more than
    :data:`MANY_ATTRIBUTES` attributes, one whose elements may nest deeper than
    :data:`DEEP_NESTING`, or with a ``<select>`` that holds more than :data:`SELECT_TAGS` tags. An
    estimate from the tags alone (comments and scripts count too); the nesting and ``<select>``
    estimates are made only on pages of :data:`DEEP_TAGS` tags or more.

    >>> [_hard_for_lexbor(page) for page in ("<div>" * 2_000, "<div></div>" * 6_000, "<p>x" * 6_000)]
    [False, False, False]
    >>> [_hard_for_lexbor(page) for page in ("<div>" * 6_000, "<span>" * 3_000 + "</span>" * 3_000)]
    [True, True]
    >>> _hard_for_lexbor("<select>" + "<option>x" * 6_000)
    True
    >>> _hard_for_lexbor("<select><option>x</select>" * 6_000)
    False
    >>> _hard_for_lexbor("<div " + " ".join(f"a{i}=1" for i in range(3_000)) + ">x</div>")
    True
    """
    if "=" in text and text.count("=") > MANY_ATTRIBUTES:
        for m in _LONG_TAG.finditer(text):
            if text.count("=", m.start(), m.end()) > MANY_ATTRIBUTES:
                return True  # lexbor checks each new attribute against the tag's others
    if text.count("<") < DEEP_TAGS:
        return False
    depth = 0
    select = -1  # tags seen since a <select> opened, or -1 outside one
    for slash, tag in _TAG_NAME.findall(text):
        name = tag.lower()
        if select >= 0:
            select += 1
            if name == "select":
                select = -1
            elif select > SELECT_TAGS:
                return True
        elif name == "select" and not slash:
            select = 0
        if name in _NOT_NESTING:
            continue
        if not slash:
            depth += 1
            if depth > DEEP_NESTING:
                return True
        elif depth:
            depth -= 1
    return False
