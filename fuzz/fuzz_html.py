"""Fuzz target for the HTML path of ``wireparse.parse``: seeded random news pages in damaged markup.

::

    python fuzz/fuzz_html.py --random 20000 --jobs 1           # 20,000 seeded random pages
    python fuzz/fuzz_html.py --random 1000000 --seconds 1200   # the same, stopped after 20 minutes
    python fuzz/fuzz_html.py --replay 4711 --seed 1            # regenerate, print and check input 4711

Pages are news-site markup built from the text fragments of ``fuzz_parse.py`` (banner, headline,
byline, dateline, body, furniture, notices) in realistic elements (``header``/``nav``, ``h1``,
``span.byline``, ``article``/``div.article-body``, ads, ``aside`` link lists, share bars, cookie
banners, comments, ``footer``, ``<time>``, ``<meta>``, JSON-LD, scripts, hidden elements, ``pre``,
tables…), then damaged (unclosed and misnested tags, stray end tags, ``<`` in text, odd attributes,
deep nesting, repeats, unicode junk, broken entities, truncation, encodings and ``<meta charset>``).

Each input is read by **both** HTML backends (``selectolax`` when installed, and ``stdlib``), through
``parse(page)`` and ``parse_html(page)``, and checked for:

``crash``      both return a ``Dispatch`` and raise nothing;
``cover``      the parts cover every non-blank character of ``source`` exactly once (``Dispatch.check``);
``roundtrip``  ``Dispatch.from_dict(d.to_dict()) == d``;
``format``     ``parse_html(page).format == "html"``;
``same``       when ``parse(page)`` reads the page as HTML, it gives the record ``parse_html(page)`` gives;
``source``     ``parse_html(page).source`` is the text ``read_html`` derives with that backend, and
               ``read_html`` gives one hint tuple per line of it, blank lines none;
``newlines``   ``source`` holds no newline but ``\\n`` (no CR, VT, FF, NEL, LS or PS): it is
               "newline-normalised" (``Dispatch.source``), and its lines are the reader's lines;
``kept``       every marker word put in visible text (``<p>``, ``<li>``, ``<td>``… in the body) before
               the first damage that could hide it appears in ``source``, once, in order;
``dropped``    no marker word put in invisible places (scripts, styles, comments, templates,
               ``hidden`` and ``display:none`` elements, ``<title>``, attributes) appears in ``source``;
``slow``       ``parse_html`` takes under 5 seconds on a page of up to 50,000 characters (most are a few KB),
               and as much per 50,000 on longer ones (deep nesting and repeats).

``reparse`` (``parse(d.source)`` as text gives the same fields) is not checked: it does not hold for
HTML, see ``fuzz/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import html as htmllib
import multiprocessing
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_parse import (
    BANNERS,
    BOILERPLATE,
    BYLINES,
    DATELINES,
    HEADLINES,
    JUNK,
    NOTICES,
    SENTENCES,
    TIMESTAMPS,
    InvariantError,
    coverage_error,
    fields,
    first_difference,
    rng_for,
)

import wireparse
from wireparse import Dispatch
from wireparse import html as html_mod
from wireparse.read import read

CHECKS = (
    "crash",
    "cover",
    "roundtrip",
    "format",
    "same",
    "source",
    "newlines",
    "kept",
    "dropped",
    "slow",
)
SLOW_SECONDS = 5.0
"""``parse_html`` on a generated page of up to :data:`SLOW_CHARS` characters must take less than this;
a longer page (deep nesting and repeats make pages of a few hundred KB) gets as much per that many."""
SLOW_CHARS = 50_000
ODD_NEWLINES = ("\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")


def installed_backends() -> tuple[str, ...]:
    try:
        import selectolax.lexbor  # noqa: F401, PLC0415
    except ImportError:
        return ("stdlib",)
    return html_mod.BACKENDS


@contextlib.contextmanager
def using_backend(name: str) -> Iterator[None]:
    """``parse`` reads HTML with ``read_html(text)``, whose backend is ``default_backend()``: swap it."""
    original = html_mod.default_backend
    html_mod.default_backend = lambda: name  # type: ignore[assignment]
    try:
        yield
    finally:
        html_mod.default_backend = original  # type: ignore[assignment]


def backend_swap_error(backends: Sequence[str]) -> str | None:
    """Why :func:`using_backend` does not reach ``parse`` (a compiled build binds ``default_backend``
    at compile time), or None. The backends differ on a NUL in text: lexbor drops it."""
    for backend in backends:
        with using_backend(backend):
            got = wireparse.parse_html("<p>a\x00b</p>").source
        want = html_mod.read_html("<p>a\x00b</p>", backend=backend).text
        if got != want:
            return f"parse_html did not use the {backend} backend ({got!r} != {want!r})"
    return None


# --- pages: markup pieces with the marker words they hold -----------------------------------------------


@dataclass
class Piece:
    """A run of markup, balanced as generated, with the marker words it shows and hides."""

    markup: str
    shown: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    plain: bool = True
    """Holds only elements whose text is visible (no script, comment, hidden element…)."""


@dataclass
class HtmlCase:
    """A generated input and what its markers promise."""

    page: str | bytes
    shown: list[str]
    """Markers that must appear in ``source``, once each, in this order."""
    hidden: list[str]
    """Markers that must not appear in ``source``."""
    damage: list[str]
    """What was done to the page (for the reader of a failure)."""
    unordered: list[str] = field(default_factory=list)
    """Markers that must appear once each, in any order (text that HTML may move)."""


class _Words:
    """Marker words, unique per page: ``zqx<nnnn>`` shown, ``hdq<nnnn>`` hidden. The number has a
    fixed width, so that a character the damage step deletes cannot turn one marker into another
    (``zqx19`` into ``zqx9``: seed 4, input 1667, a false ``kept``)."""

    def __init__(self) -> None:
        self.n = 0

    def shown(self, piece: Piece) -> str:
        self.n += 1
        word = f"zqx{self.n:04d}"
        piece.shown.append(word)
        return word

    def hidden(self, piece: Piece) -> str:
        self.n += 1
        word = f"hdq{self.n:04d}"
        piece.hidden.append(word)
        return word


ENTITIES = (
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&nbsp;",
    "&eacute;",
    "&mdash;",
    "&#8212;",
    "&#x2019;",
    "&#233;",
    "&hellip;",
    "&copy;",
    "&amp",
    "&nbsp",
    "&copy",
    "&#xZZ;",
    "&#1114112;",
    "&#0;",
    "&#x110000;",
    "&#xD800;",
    "&#128;",
    "&#150;",
    "&unknown;",
    "&;",
    "& ",
    "&#",
    "&#x;",
    "&notit;",
    "&#13;",
    "&#10;",
    "&#9;",
    "&#12;",
    "&#11;",
    "&#x85;",
    "&#x2028;",
    "&#x2029;",
    "&#xFEFF;",
    "&ZeroWidthSpace;",
)


def _esc(text: str) -> str:
    return htmllib.escape(text, quote=False)


def _sentence(rng: random.Random) -> str:
    """Body prose, escaped, sometimes with an entity or junk between words."""
    words = _esc(rng.choice(SENTENCES)).split(" ")
    for _ in range(rng.choice((0, 0, 0, 1, 2))):
        at = rng.randint(0, len(words))
        words.insert(at, rng.choice(ENTITIES) if rng.random() < 0.6 else rng.choice(JUNK))
    return " ".join(words)


def _visible(rng: random.Random, piece: Piece, words: _Words, n: int = 1) -> str:
    """Text for a visible element: sentences with a marker word set off by spaces."""
    parts = [_sentence(rng) for _ in range(n)]
    at = rng.randint(0, len(parts))
    parts.insert(at, words.shown(piece))
    return " " + " ".join(parts) + " "


def _attrs(rng: random.Random, cls: str | None = None) -> str:
    out = []
    if cls is not None:
        out.append(rng.choice((f'class="{cls}"', f"class='{cls}'", f"class={cls.split()[0]}")))
    if rng.random() < 0.2:
        out.append(
            rng.choice(('id="main"', "data-x=1", "itemscope", 'lang="en"', 'dir="ltr"', 'role="main"'))
        )
    return (" " + " ".join(out)) if out else ""


def _json_ld(rng: random.Random, piece: Piece, words: _Words) -> str:
    head = _esc(rng.choice(HEADLINES)).replace('"', "'")
    marker = words.hidden(piece)
    author = rng.choice(
        (
            '{"@type": "Person", "name": "Jane Doe"}',
            '[{"@type": "Person", "name": "A B"}, {"@type": "Organization", "name": "AP"}]',
            '"Staff"',
            "null",
        )
    )
    kind = rng.choice(("NewsArticle", "Article", "WebPage", "ReportageNewsArticle"))
    date = rng.choice(("2021-12-01T10:30:00Z", "2021-13-45", "yesterday", "2021-12-01"))
    body = (
        f'{{"@context": "https://schema.org", "@type": "{kind}", "headline": "{head}", '
        f'"description": "{marker}", "author": {author}, "datePublished": "{date}"}}'
    )
    r = rng.random()
    if r < 0.2:
        body = body[: rng.randint(0, len(body))]  # broken JSON
    elif r < 0.3:
        body = '{"@graph": [' + body + ', {"@type": "WebSite"}]}'
    elif r < 0.35:
        body = body.replace("headline", "headline\\u0022")
    return f'<script type="application/ld+json">{body}</script>'


def _hidden_piece(rng: random.Random, words: _Words) -> Piece:
    """Markup a reader never shows, holding a hidden marker."""
    piece = Piece("", plain=False)
    w = words.hidden(piece)
    kind = rng.randrange(20)
    text = f" {_sentence(rng)} {w} "
    if kind == 0:
        m = f"<script>var s = '<p>{w}</p>'; if (a < b && c > d) {{ x = \"{w}x\"; }}</script>"
    elif kind == 1:
        m = f"<style>p.{w} {{ color: red }} /* <p>{w}</p> */</style>"
    elif kind == 2:
        m = rng.choice(
            (
                f"<!-- {text} <p>{w}</p> -->",
                f"<!--{text}--!>",  # ends a comment too (a parse error)
                f"<!-- {text} -- > <p>{w}</p> -->",  # "-- >" does not end it
                f"<!---->{'<!-->' if rng.random() < 0.5 else '<!--->'}<!-- a -- b {w} -->",
                f"<!-- {w} <!-- nested? -->",
            )
        )
    elif kind == 3:
        m = f"<template><p>{text}</p></template>"
    elif kind == 4:
        # text only: a <p> inside <noscript> closes a <p> left open before it, and the noscript with
        # it (in both backends, which read noscript as markup), so its text shows; see fuzz/README.md
        m = f"<noscript>{text}<img src=x.gif alt=x></noscript>"
    elif kind == 5:
        attr = rng.choice((" hidden", ' hidden=""', " hidden=hidden"))
        m = f"<div{attr}><p>{text}</p></div>"
    elif kind == 6:
        style = rng.choice(("display:none", "display: none;", "DISPLAY:NONE", "visibility:hidden"))
        tag = rng.choice(("div", "span", "p", "section"))
        m = f'<{tag} style="{style}">{text}</{tag}>'
    elif kind == 7:
        m = f'<img src="/a.jpg" alt="{w}" title="{w}">'
    elif kind == 8:
        m = f'<a href="/x?{w}" data-track="{w}" title="{w}">{_esc(rng.choice(BOILERPLATE))}</a>'
    elif kind == 9:
        m = f'<input type="hidden" value="{w}"><textarea>{text}</textarea>'
    elif kind == 10:
        m = f"<select><option>{text}</option><option>b</option></select>"
    elif kind == 11:
        m = f"<svg><text>{text}</text><title>{w}</title></svg>"
    elif kind == 12:
        m = f"<iframe src=x>{text}</iframe>"
    elif kind == 13:
        m = f"<![CDATA[{w}]]>"
    elif kind == 14:
        m = f"<!--[if IE]><p>{w}</p><![endif]-->"
    elif kind == 15:
        m = f'<script type="text/template"><div class="x"><p>{w}</p></div></script>'
    elif kind == 16:
        m = _json_ld(rng, piece, words)
        piece.hidden.remove(w)
    elif kind == 17:
        m = f"<title>{text}</title>"
    elif kind == 18:
        m = f"<video controls>{text}</video>"
    else:
        m = f'<span class="sr-only" aria-hidden="true" hidden>{text}</span>'
    piece.markup = m
    return piece


def _list(rng: random.Random, words: _Words, items: Sequence[str], cls: str, heading: str | None) -> Piece:
    piece = Piece("")
    lis = []
    for item in items:
        label = _esc(item)
        if rng.random() < 0.3:
            label += words.shown(piece).join("  ")
        if rng.random() < 0.7:
            lis.append(f'<li><a href="/{len(lis)}">{label}</a></li>')
        else:
            lis.append(f"<li>{label}</li>")
    tag = rng.choice(("aside", "div", "section", "nav"))
    h = f"<h3>{_esc(heading)}</h3>" if heading else ""
    piece.markup = f"<{tag}{_attrs(rng, cls)}>{h}<ul>{''.join(lis)}</ul></{tag}>"
    return piece


def _table(rng: random.Random, words: _Words) -> Piece:
    piece = Piece("")
    rows = []
    for _ in range(rng.randint(1, 4)):
        cells = []
        for _ in range(rng.randint(1, 4)):
            tag = rng.choice(("td", "td", "th"))
            text = _visible(rng, piece, words) if rng.random() < 0.5 else _esc(rng.choice(TIMESTAMPS))
            cells.append(f"<{tag}>{text}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    body = "".join(rows)
    if rng.random() < 0.5:
        body = f"<tbody>{body}</tbody>"
    return Piece(f"<table{_attrs(rng)}>{body}</table>", piece.shown)


def _body_paragraphs(rng: random.Random, words: _Words) -> list[Piece]:
    out = []
    for _ in range(rng.randint(1, 8)):
        piece = Piece("")
        r = rng.random()
        if r < 0.6:
            inner = _visible(rng, piece, words, rng.randint(1, 3))
            if rng.random() < 0.2:
                inner = inner.replace(". ", ".<br>", 1)
            if rng.random() < 0.15:
                inner = f"<b>{inner}</b>" if rng.random() < 0.5 else f'<a href="/x">{inner}</a>'
            piece.markup = f"<p{_attrs(rng)}>{inner}</p>"
        elif r < 0.7:
            piece.markup = f"<blockquote><p>{_visible(rng, piece, words)}</p></blockquote>"
        elif r < 0.8:
            piece.markup = f"<h2>{_esc(rng.choice(HEADLINES))}</h2>"
        elif r < 0.85:
            piece.markup = f"<pre>{_visible(rng, piece, words)}\n{_esc(rng.choice(SENTENCES))}\n</pre>"
        elif r < 0.9:
            piece = _table(rng, words)
        elif r < 0.95:
            items = "".join(f"<li>{_visible(rng, piece, words)}</li>" for _ in range(rng.randint(1, 4)))
            tag = rng.choice(("ul", "ol"))
            piece.markup = f"<{tag}>{items}</{tag}>"
        else:
            piece.markup = (
                f'<figure><img src="/p.jpg" alt="photo"><figcaption>{_esc(rng.choice(BOILERPLATE))}'
                "</figcaption></figure>"
            )
        out.append(piece)
        if rng.random() < 0.15:
            ad = Piece(
                f'<div class="{rng.choice(("ad-slot", "advert", "ad-container", "dfp-ad"))}">'
                f"<span>{rng.choice(('ADVERTISEMENT', 'Advertisement'))}</span></div>"
            )
            out.append(ad)
        if rng.random() < 0.1:
            out.append(_hidden_piece(rng, words))
    return out


def _head(rng: random.Random, words: _Words) -> list[Piece]:
    out = []
    if rng.random() < 0.5:
        out.append(Piece(rng.choice(("<!DOCTYPE html>", "<!doctype html>", "<!DOCTYPE HTML PUBLIC"))))
    out.append(Piece(rng.choice(('<html lang="en">', "<html>", "<HTML>", ""))))
    head = Piece("<head>", plain=False)
    if rng.random() < 0.7:
        head.markup += rng.choice(('<meta charset="utf-8">', "<meta charset=utf-8>"))
    if rng.random() < 0.8:
        w = words.hidden(head)
        head.markup += f"<title>{_esc(rng.choice(HEADLINES))} {w} - {_esc(rng.choice(BANNERS))}</title>"
    for prop in ("og:title", "og:site_name", "article:published_time", "og:description"):
        if rng.random() < 0.4:
            value = {
                "og:title": _esc(rng.choice(HEADLINES)),
                "og:site_name": rng.choice(("SpaceWar.com", "The Hindu", "")),
                "article:published_time": rng.choice(("2021-12-01T10:30:00+00:00", "2021-02-30", "soon")),
                "og:description": words.hidden(head),
            }[prop]
            head.markup += f'<meta property="{prop}" content="{value.replace(chr(34), "")}">'
    if rng.random() < 0.4:
        head.markup += _json_ld(rng, head, words)
    if rng.random() < 0.3:
        w = words.hidden(head)
        head.markup += f"<script>window.{w} = '</div>';</script><style>body {{ x: '{w}' }}</style>"
    head.markup += rng.choice(("</head>", "</head>", ""))
    out.append(head)
    out.append(
        Piece(rng.choice(("<body>", '<body class="article-page">', "<body class=cookies-not-set>", "")))
    )
    return out


def random_case(rng: random.Random) -> HtmlCase:
    """One HTML page with its markers, generated from ``rng`` alone."""
    words = _Words()
    pieces: list[Piece] = []
    if rng.random() < 0.05:
        pre = Piece("")
        pre.markup = _visible(rng, pre, words)  # text before <html>: shown at the top of the body
        pieces.append(pre)
    pieces += _head(rng, words)
    if rng.random() < 0.3:
        pieces.append(
            Piece(
                f'<div class="{rng.choice(("cookie-banner", "gdpr-consent", "cookie-notice"))}"><p>'
                "We use cookies to improve your experience.</p><button>Accept</button></div>"
            )
        )
    if rng.random() < 0.7:
        banner = _esc(rng.choice(BANNERS))
        pieces.append(
            Piece(f'<header class="masthead"><div class="logo"><a href="/">{banner}</a></div></header>')
        )
    if rng.random() < 0.6:
        items = [rng.choice(BOILERPLATE) for _ in range(rng.randint(2, 6))]
        pieces.append(_list(rng, words, items, "menu main-nav", None))
    article_tag = rng.choice(("article", "div", "main", "section"))
    pieces.append(Piece(f"<{article_tag}{_attrs(rng, rng.choice(('story', 'article', 'post', 'content')))}>"))
    if rng.random() < 0.85:
        pieces.append(Piece(f"<h1{_attrs(rng, 'headline')}>{_esc(rng.choice(HEADLINES))}</h1>"))
    meta = []
    if rng.random() < 0.6:
        meta.append(f'<span class="byline">{_esc(rng.choice(BYLINES))}</span>')
    if rng.random() < 0.5:
        meta.append(f'<time datetime="2021-12-01T10:30:00Z">{_esc(rng.choice(TIMESTAMPS))}</time>')
    if meta:
        pieces.append(Piece(f'<div class="article-meta">{"".join(meta)}</div>'))
    if rng.random() < 0.3:
        pieces.append(_hidden_piece(rng, words))
    body_tag = rng.choice(('<div class="article-body">', '<div itemprop="articleBody">', "<div>", ""))
    pieces.append(Piece(body_tag))
    dateline = _esc(rng.choice(DATELINES))
    first = Piece("")
    text = _visible(rng, first, words, rng.randint(1, 2))
    r = rng.random()
    if r < 0.4:
        first.markup = f"<p>{dateline} {text}</p>"
    elif r < 0.7:
        first.markup = f'<p><span class="dateline">{dateline}</span> {text}</p>'
    else:
        first.markup = f"<p>{dateline}</p><p>{text}</p>"
    pieces.append(first)
    pieces += _body_paragraphs(rng, words)
    if rng.random() < 0.4:
        share = '<a href="#">Share</a> <a href="#">Tweet</a><button>Email</button>'
        pieces.append(Piece(f'<div class="share-bar">{share}</div>'))
    pieces.append(Piece("</div>" if body_tag else ""))
    pieces.append(Piece(f"</{article_tag}>"))
    if rng.random() < 0.5:
        items = [rng.choice(HEADLINES) for _ in range(rng.randint(1, 6))]
        heading = rng.choice(("Related Links", "Most Read", "More news", None))
        pieces.append(_list(rng, words, items, rng.choice(("related", "sidebar", "most-read")), heading))
    if rng.random() < 0.3:
        c = Piece("")
        c.markup = (
            '<section id="comments" class="comments"><h3>Comments</h3>'
            f'<div class="comment"><p>{_visible(rng, c, words)}</p></div></section>'
        )
        pieces.append(c)
    if rng.random() < 0.2:
        pieces.append(_hidden_piece(rng, words))
    if rng.random() < 0.7:
        f = Piece("")
        f.markup = f'<footer class="site-footer"><p>{_esc(rng.choice(NOTICES))}</p>'
        if rng.random() < 0.5:
            f.markup += f"<p>{_visible(rng, f, words)}</p>"
        f.markup += f"<p>{_esc(rng.choice(BOILERPLATE))}</p></footer>"
        pieces.append(f)
    if rng.random() < 0.3:
        pieces.append(_hidden_piece(rng, words))
    pieces.append(Piece(rng.choice(("</body></html>", "</body>\n</html>\n", "", "</html>"))))
    return _damage(rng, pieces)


# --- damage -----------------------------------------------------------------------------------------------

_END_TAG = re.compile(r"</[A-Za-z][^<>]*>")
STRAY_ENDS = (
    "</p>",
    "</div>",
    "</li>",
    "</td>",
    "</tr>",
    "</span>",
    "</table>",
    "</body>",
    "</html>",
    "</br>",
)
SAFE_LT = ("a < b", "x <- y", "<3", "1 <2", "< ", "<<", "<=", "<.", "<\u00e9")
ODD_ATTRS = (
    "data-a",
    "data-b=",
    "data-c=x",
    "data-d='q'",
    'data-e=""',
    "data-f=a=b",
    "onclick=f()",
    "data-g=&amp;",
    "data-h=\u00e9\u00e8",
    "DATA-UPPER=1",
)


_START_TAG = re.compile(r"<[A-Za-z][^\s/>]*")


def _rename_markers(markup: str) -> str:
    return markup.replace("zqx", "rep").replace("hdq", "rph")


def _damage(rng: random.Random, pieces: list[Piece]) -> HtmlCase:
    """Damage the page. ``cut`` is the first piece whose markers may no longer be trusted: damage that
    a browser reads without hiding text (stray end tags, unclosed ``p``/``li``/``td``, case…) leaves
    it alone; damage that may hide text (truncation, a deleted ``>``…) moves it to the damaged piece."""
    cut = len(pieces)
    ordered = len(pieces)  # the first piece whose text may move (foster parenting out of a table)
    damage: list[str] = []
    # a piece cut short inside a hidden element: its hidden markers still hold, until damage to it or
    # to a piece before it (a quote or '<' left open there can swallow the element's 'hidden')
    keep_hidden: Piece | None = None
    ops = rng.choice((0, 0, 1, 1, 2, 3, 5, 8))
    for _ in range(ops):
        k = rng.randrange(len(pieces))
        p = pieces[k]
        op = rng.randrange(17)
        ends = [m.span() for m in _END_TAG.finditer(p.markup)] if op in (0, 1) and p.plain else []
        if op == 0 and ends:  # an end tag left out
            at, close = rng.choice(ends)
            damage.append(f"unclosed {p.markup[at:close]} in piece {k}")
            if p.markup[at:close].lower() == "</table>":
                ordered = min(ordered, k + 1)  # what follows is in the table: text moves before it
            p.markup = p.markup[:at] + p.markup[close:]
        elif op == 1 and len(ends) >= 2:  # two end tags swapped (misnested)
            (a, a_end), (b, b_end) = sorted(rng.sample(ends, 2))
            ea, eb = p.markup[a:a_end], p.markup[b:b_end]
            p.markup = p.markup[:a] + eb + p.markup[a_end:b] + ea + p.markup[b_end:]
            damage.append(f"misnested {ea} {eb} in piece {k}")
        elif op == 2:  # stray end tags between pieces
            stray = "".join(rng.choice(STRAY_ENDS) for _ in range(rng.randint(1, 3)))
            pieces.insert(k, Piece(stray))
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"stray {stray} before piece {k}")
        elif op == 3:  # a '<' in text that opens no tag
            pieces.insert(k, Piece(f"<p>{rng.choice(SAFE_LT)} {rng.choice(SAFE_LT)}</p>"))
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"'<' in text before piece {k}")
        elif op == 4 and p.plain:  # tag and attribute names in upper case
            p.markup = _upper_tags(p.markup)
            damage.append(f"upper-case tags in piece {k}")
        elif op == 5 and _START_TAG.match(p.markup) and ">" in p.markup:
            # odd attributes at the end of the first start tag: no value, no quotes, junk, huge (at
            # the end: "data-b=" before another attribute would take that one for its value)
            name_end = p.markup.index(">")
            extra = " ".join(rng.choice(ODD_ATTRS) for _ in range(rng.randint(1, 4)))
            if rng.random() < 0.3:
                extra += f' data-huge="{"x" * rng.choice((1000, 10000, 60000))}"'
            p.markup = p.markup[:name_end] + " " + extra + " " + p.markup[name_end:]
            damage.append(f"odd attributes in piece {k}")
        elif op == 6:  # end tags carrying attributes or spaces (ignored by HTML)
            new, n = _odd_end_tags(rng, p.markup)
            if n:
                p.markup = new
                damage.append(f"end tags with attributes in piece {k}")
        elif op == 7:  # a fragment repeated hundreds of times (its markers renamed: they must be unique)
            times = min(rng.randint(50, 400), 200_000 // max(1, len(p.markup)))
            p.markup = p.markup + _rename_markers(p.markup) * times
            damage.append(f"piece {k} repeated")
        elif op == 8:  # deep nesting
            n = rng.choice((100, 1000, 3000))
            tag = rng.choice(("div", "span", "b", "div", "section"))
            close = f"</{tag}>" * n if rng.random() < 0.5 else ""
            pieces.insert(k, Piece(f"<{tag}>" * n + f"<p>{rng.choice(SENTENCES)}</p>" + close))
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"{n} nested <{tag}> before piece {k}{' (unclosed)' if not close else ''}")
        elif op == 9 and p.plain:  # unicode junk in text
            p.markup = _junk_text(rng, p.markup)
            damage.append(f"junk in the text of piece {k}")
        elif op == 10:  # junk that may break a tag: a '<' or '>' deleted, a NUL in a tag, a random cut
            if p.markup:
                at = rng.randrange(len(p.markup))
                r = rng.random()
                if r < 0.3:
                    p.markup = p.markup[:at] + p.markup[at + 1 :]
                elif r < 0.6:
                    p.markup = (
                        p.markup[:at]
                        + rng.choice(("<", ">", "\x00", '"', "'", "<!--", "</", "<a"))
                        + p.markup[at:]
                    )
                else:
                    p.markup = p.markup[:at] + rng.choice(JUNK) + p.markup[at:]
                cut = min(cut, k)
                if any(q is keep_hidden for q in pieces[: k + 1]):
                    keep_hidden = None
                damage.append(f"broken markup in piece {k}")
        elif op == 11:  # truncation
            text = p.markup
            at = rng.randint(0, len(text))
            p.markup = text[:at]
            del pieces[k + 1 :]
            cut = min(cut, k)
            if p is keep_hidden:
                keep_hidden = None
            damage.append(f"truncated in piece {k} at {at}")
        elif op == 12 and p.hidden and k < cut:  # truncated just after a hidden marker: still hidden
            w = rng.choice(p.hidden)
            at = p.markup.find(w)
            if at >= 0:
                p.markup = p.markup[: at + len(w)]
                del pieces[k + 1 :]
                cut = k
                keep_hidden = p
                damage.append(f"truncated in piece {k} inside a hidden element, after {w}")
        elif op == 13:  # an unclosed element that takes the rest of the page (no damage to markers: cut)
            pieces.insert(
                k, Piece(rng.choice(("<p>", "<div>", "<table>", "<ul>", "<a href=x>", "<b>", "<td>")))
            )
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"unclosed start tag before piece {k}")
        elif op == 14:  # text and tags before <html>
            pieces.insert(0, Piece(rng.choice(("junk text ", "<p>x</p>", "\n\n", "<?xml version='1.0'?>"))))
            cut = cut + 1
            ordered = ordered + 1
            damage.append("text before <html>")
        elif op == 15:  # a processing instruction or bogus comment in the body
            pieces.insert(
                k, Piece(rng.choice(("<?php echo 1; ?>", "<?xml version='1.0'?>", "<!x>", "<! -->")))
            )
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"bogus comment before piece {k}")
        elif op == 16:  # JSON-LD nested past Python's recursion limit (it raised RecursionError)
            n = rng.choice((50, 999, 1000, 5000, 20000))
            opening, closing = rng.choice((("[", "]"), ('{"a":', "}")))
            tail = closing * n if rng.random() < 0.8 else ""
            body = opening * n + "1" + tail
            # not plain: its </script> left out would hide the rest of the page, as HTML reads it
            pieces.insert(k, Piece(f'<script type="application/ld+json">{body}</script>', plain=False))
            cut = cut + 1 if k < cut else cut
            ordered = ordered + 1 if k < ordered else ordered
            damage.append(f"JSON-LD nested {n} deep before piece {k}{'' if tail else ' (unclosed)'}")
    shown = [w for p in pieces[: min(cut, ordered)] for w in p.shown]
    unordered = [w for p in pieces[min(cut, ordered) : cut] for w in p.shown]
    hidden = [w for i, p in enumerate(pieces) if i < cut or p is keep_hidden for w in p.hidden]
    page: str | bytes = "".join(p.markup for p in pieces)
    if rng.random() < 0.05:
        page = "\ufeff" + page
        damage.append("BOM")
    if rng.random() < 0.3:
        page, ok = _encode(rng, page, damage)
        if not ok:
            shown = unordered = []  # bytes read in another encoding than they are in: markers may be cut
    return HtmlCase(page, shown, hidden, damage, unordered)


def _upper_tags(markup: str) -> str:
    out = []
    i = 0
    while i < len(markup):
        if markup[i] == "<" and i + 1 < len(markup) and (markup[i + 1].isalpha() or markup[i + 1] == "/"):
            end = markup.find(">", i)
            if end < 0:
                break
            tag = markup[i : end + 1]
            # names only: attribute values keep their case
            head, sep, rest = tag.partition(" ")
            out.append(head.upper() + sep + _upper_attr_names(rest))
            i = end + 1
        else:
            out.append(markup[i])
            i += 1
    out.append(markup[i:])
    return "".join(out)


def _upper_attr_names(rest: str) -> str:
    out = []
    for tok in rest.split(" "):
        name, eq, value = tok.partition("=")
        out.append(name.upper() + eq + value if not name.startswith(('"', "'")) else tok)
    return " ".join(out)


def _odd_end_tags(rng: random.Random, markup: str) -> tuple[str, int]:
    out = []
    n = 0
    i = 0
    while True:
        j = markup.find("</", i)
        if j < 0 or not markup[j + 2 : j + 3].isalpha():
            out.append(markup[i:] if j < 0 else markup[i : j + 2])
            if j < 0:
                break
            i = j + 2
            continue
        end = markup.find(">", j)
        if end < 0:
            out.append(markup[i:])
            break
        out.append(markup[i:end])
        # not on </script> and </style>: the standard library's tokenizer (before the 2025 fixes of
        # html.parser) ends raw text only at "</script>" or "</script >", see fuzz/README.md
        if rng.random() < 0.5 and markup[j + 2 : end].lower() not in ("script", "style"):
            out.append(rng.choice((" ", " x", ' class="y"', "\n", " data-a=1 ")))
            n += 1
        i = end
    return "".join(out), n


def _junk_text(rng: random.Random, markup: str) -> str:
    """Junk after the spaces of text (never inside a tag or a marker word)."""
    out = []
    in_tag = False
    for ch in markup:
        out.append(ch)
        if ch == "<":
            in_tag = True
        elif ch == ">":
            in_tag = False
        elif ch == " " and not in_tag and rng.random() < 0.1:
            out.append(rng.choice(JUNK).replace("(", "").replace(")", "") + " ")
    return "".join(out)


ENCODINGS = ("utf-8", "utf-16", "latin-1", "cp1252", "shift_jis")
# codec names Python knows that are no text encodings: a page declaring one must be read as if it
# declared nothing (they raised LookupError / UnicodeError, or put lone surrogates into `source`)
NOT_TEXT = ("hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "undefined", "unicode_escape")


def _encode(rng: random.Random, page: str, damage: list[str]) -> tuple[bytes, bool]:
    """The page as bytes in one encoding, declaring it (or another) in a ``<meta charset>``; True when
    the bytes are in the encoding a reader will use (a BOM's, else the one declared)."""
    actual = rng.choice(ENCODINGS)
    declared = rng.choice(
        (actual, actual, actual, rng.choice((*ENCODINGS, "iso-8859-1", "windows-1252", "bogus", *NOT_TEXT)))
    )
    page = page.replace('<meta charset="utf-8">', "").replace("<meta charset=utf-8>", "")
    meta = f'<meta charset="{declared}">'
    at = page.lower().find("<head>")
    page = page[: at + 6] + meta + page[at + 6 :] if at >= 0 else meta + page
    data = page.encode(actual, "replace")
    damage.append(f"bytes in {actual}, declared {declared}")
    same = {
        "utf-8": "utf-8",
        "utf-16": "utf-16",
        "latin-1": "latin-1",
        "iso-8859-1": "latin-1",
        "cp1252": "cp1252",
        "windows-1252": "cp1252",
        "shift_jis": "shift_jis",
    }
    if actual == "utf-16":
        return data, True  # the BOM decides
    if same.get(declared) == actual or ({same.get(declared), actual} <= {"latin-1", "cp1252"}):
        return data, True
    return data, page.isascii()


# --- the checks -------------------------------------------------------------------------------------------


def _parse(page: str | bytes, forced: bool) -> Dispatch:
    try:
        d = wireparse.parse_html(page) if forced else wireparse.parse(page)
    except Exception as err:
        name = "parse_html" if forced else "parse"
        raise InvariantError("crash", f"{name} raised {type(err).__name__}: {err}") from err
    if not isinstance(d, Dispatch):
        raise InvariantError("crash", f"returned {type(d).__name__}")
    return d


def _record(d: Dispatch, how: str) -> None:
    problem = coverage_error(d)
    if problem is not None:
        raise InvariantError("cover", f"{how}: {problem}")
    try:
        back = Dispatch.from_dict(d.to_dict())
    except Exception as err:
        raise InvariantError("roundtrip", f"{how}: {type(err).__name__}: {err}") from err
    if back != d:
        raise InvariantError("roundtrip", f"{how}: from_dict(to_dict(d)) != d")


def _word_at(source: str, word: str, start: int) -> int:
    """Where ``word`` stands as a word in ``source`` from ``start``, or -1."""
    at = source.find(word, start)
    while at >= 0:
        after = source[at + len(word) : at + len(word) + 1]
        if not (after.isdigit() or after.isalpha()):
            return at
        at = source.find(word, at + 1)
    return -1


def check_case(case: HtmlCase, backend: str) -> None:
    """Every check on one input with one backend; raise :class:`InvariantError` on the first broken."""
    page = case.page
    with using_backend(backend):
        start = time.process_time()  # CPU time: a busy shared machine makes no page "slow"
        forced = _parse(page, True)
        elapsed = time.process_time() - start
        auto = _parse(page, False)
    budget = SLOW_SECONDS * max(1.0, len(page) / SLOW_CHARS)
    if elapsed > budget:
        raise InvariantError("slow", f"parse_html took {elapsed:.1f}s for {len(page):,} characters")
    _record(forced, "parse_html")
    _record(auto, "parse")
    if forced.format != "html":
        raise InvariantError("format", f"parse_html gave format {forced.format!r}")
    if auto.format == "html" and auto != forced:
        raise InvariantError(
            "same",
            "parse read it as HTML but not as parse_html does: "
            f"{first_difference(fields(auto), fields(forced))}; encoding {auto.encoding} vs "
            f"{forced.encoding}; sources equal: {auto.source == forced.source}",
        )
    source = forced.source
    text = read(page, html=True).text
    markup = html_mod.read_html(text, backend=backend)
    # a page lexbor builds in quadratic time is read by html.parser (DEEP_NESTING, SELECT_TAGS)
    reader = "stdlib" if backend == "selectolax" and html_mod._hard_for_lexbor(text) else backend
    if markup.backend != reader or markup.text != source:
        raise InvariantError("source", "parse_html's source is not the text read_html derives")
    lines = source.split("\n") if source else []  # an empty page has no line (and no hints)
    if len(markup.hints) != len(lines):
        raise InvariantError("source", f"{len(markup.hints)} hint tuples for {len(lines)} lines")
    for line, hints in zip(lines, markup.hints, strict=True):
        if not line and hints:
            raise InvariantError("source", f"a blank line has hints {hints}")
    if isinstance(page, bytes) and any("\ud800" <= c <= "\udfff" for c in source):
        raise InvariantError("source", "source decoded from bytes holds a lone surrogate")
    odd = [c for c in ODD_NEWLINES if c in source]
    if odd:
        raise InvariantError("newlines", f"source holds {odd!r}")
    at = 0
    for word in case.shown:
        found = _word_at(source, word, at)
        if found < 0:
            where = "earlier" if _word_at(source, word, 0) >= 0 else "nowhere"
            raise InvariantError("kept", f"marker {word} is lost (found {where})")
        at = found + len(word)
    for word in case.unordered:
        if _word_at(source, word, 0) < 0:
            raise InvariantError("kept", f"marker {word} is lost")
    for word in (*case.shown, *case.unordered):
        first = _word_at(source, word, 0)
        if _word_at(source, word, first + 1) >= 0:
            raise InvariantError("kept", f"marker {word} shows twice")
    for word in case.hidden:
        if _word_at(source, word, 0) >= 0:
            raise InvariantError("dropped", f"hidden marker {word} shows")


def check_all(case: HtmlCase, backends: Sequence[str]) -> None:
    for backend in backends:
        try:
            check_case(case, backend)
        except InvariantError as err:
            raise InvariantError(err.kind, f"[{backend}] {err.detail}") from err


def run_one(seed: int, index: int, backends: Sequence[str]) -> tuple[str, str] | None:
    """Check input ``index``; (kind, detail) when an invariant breaks, else None."""
    try:
        case = random_case(rng_for(seed, index))
        check_all(case, backends)
    except InvariantError as err:
        return err.kind, err.detail
    except Exception as err:  # a bug in the harness itself
        return "harness", f"{type(err).__name__}: {err}"
    return None


def _work(args: tuple[int, int, int, tuple[str, ...]]) -> tuple[int, list[tuple[int, str, str]]]:
    seed, start, stop, backends = args
    failures = []
    for index in range(start, stop):
        found = run_one(seed, index, backends)
        if found is not None:
            failures.append((index, *found))
    return stop - start, failures


# --- shrinking ------------------------------------------------------------------------------------------


def _fails(case: HtmlCase, kind: str, backends: Sequence[str], passing: Sequence[str] = ()) -> bool:
    """Does ``kind`` break with ``backends``, while every backend of ``passing`` passes?"""
    try:
        check_all(case, backends)
    except InvariantError as err:
        if err.kind != kind:
            return False
    except Exception:
        return False
    else:
        return False
    try:
        check_all(case, passing)
    except Exception:
        return False
    return True


def _failing_backends(case: HtmlCase, kind: str, backends: Sequence[str]) -> tuple[list[str], list[str]]:
    failing = [b for b in backends if _fails(case, kind, (b,))]
    return failing, [b for b in backends if b not in failing]


def _tokens(page: str | bytes) -> list[str | bytes]:
    """The page cut before every '<' (tags and the text after them), for shrinking."""
    out: list[str | bytes] = []
    lt: str | bytes = b"<" if isinstance(page, bytes) else "<"
    start = 0
    at = page.find(lt, 1)  # type: ignore[arg-type]
    while at >= 0:
        out.append(page[start:at])
        start = at
        at = page.find(lt, at + 1)  # type: ignore[arg-type]
    out.append(page[start:])
    return out


def shrink(
    case: HtmlCase, kind: str, backends: Sequence[str], budget: float = 30.0
) -> HtmlCase:  # pragma: no cover - a debugging aid
    """Greedily drop runs of tokens (a tag and its text), then characters, while the same check breaks
    with the same backends and the others still pass (markers that are gone from the page are dropped
    from the case). Whether a marker is shown or hidden depends on the markup around it, which
    shrinking may take away: when one backend passes, it is the oracle that keeps a smaller page
    meaningful (``<!-- hdq1`` must not shrink to ``hdq1``, which every backend shows)."""
    deadline = time.monotonic() + budget
    best = case
    if kind == "slow":
        return case  # each trial takes seconds: keep it whole (its damage list says what made it big)
    backends, passing = _failing_backends(case, kind, backends)
    if not backends:
        return case  # a harness failure: keep it whole

    def make(units: Sequence[str | bytes]) -> HtmlCase:
        page: str | bytes = (b"" if isinstance(case.page, bytes) else "").join(units)  # type: ignore[arg-type]
        text = page.decode("latin-1") if isinstance(page, bytes) else page
        shown = [w for w in case.shown if re.search(rf"{w}(?!\d)", text)]
        hidden = [w for w in case.hidden if re.search(rf"{w}(?!\d)", text)]
        unordered = [w for w in case.unordered if re.search(rf"{w}(?!\d)", text)]
        return HtmlCase(page, shown, hidden, case.damage, unordered)

    for by_tokens in (True, False):
        page = best.page
        units: list[str | bytes] = _tokens(page) if by_tokens else [page[i : i + 1] for i in range(len(page))]
        size = max(1, len(units) // 2)
        while size >= 1 and time.monotonic() < deadline:
            changed = False
            for at in range((len(units) - 1) // size * size, -1, -size):
                trial = units[:at] + units[at + size :]
                candidate = make(trial)
                if _fails(candidate, kind, backends, passing):
                    units, best, changed = trial, candidate, True
                if time.monotonic() > deadline:
                    break
            if not changed:
                size //= 2
    return best


# --- entry points ---------------------------------------------------------------------------------------


def random_mode(
    n: int, seed: int, jobs: int, backends: tuple[str, ...], show: int, seconds: float | None
) -> int:
    chunk = 50
    tasks = [(seed, at, min(n, at + chunk), backends) for at in range(0, n, chunk)]
    done = 0
    failures: list[tuple[int, str, str]] = []
    start = time.perf_counter()
    last_report = start
    with multiprocessing.Pool(jobs) as pool:
        for count, found in pool.imap(_work, tasks):
            done += count
            failures += found
            now = time.perf_counter()
            timed_out = seconds is not None and now - start > seconds
            if now - last_report > 30 or done == n or timed_out:
                last_report = now
                kinds = Counter(kind for _, kind, _ in failures)
                print(
                    f"{done:,}/{n:,} inputs, {now - start:,.0f}s, {done / (now - start):,.1f}/s, "
                    f"failures: {dict(kinds) or 0}",
                    flush=True,
                )
            if timed_out:
                pool.terminate()
                break
    elapsed = time.perf_counter() - start
    kinds = Counter(kind for _, kind, _ in failures)
    print(
        f"\ninputs 0..{done - 1:,} (seed {seed}, backends {', '.join(backends)}) checked in {elapsed:,.0f}s; "
        f"failures by check: {dict(kinds)}"
    )
    shown: Counter[str] = Counter()
    for index, kind, detail in sorted(failures):
        if shown[kind] >= show:
            continue
        shown[kind] += 1
        case = random_case(rng_for(seed, index))
        small = shrink(case, kind, backends)
        print(f"\n[{kind}] input {index} (replay: --replay {index} --seed {seed}): {detail}")
        print(f"  damage: {'; '.join(case.damage) or 'none'}")
        cut = " (its first 4,000 characters)" if len(small.page) > 4000 else ""
        print(f"  shrunk reproducer{cut}: {small.page[:4000]!r}")
        print(f"  shown markers {small.shown}, hidden markers {small.hidden}")
    if failures:
        print(f"\nall failing inputs: {[i for i, _, _ in sorted(failures)][:200]}")
    return 1 if failures else 0


def replay(index: int, seed: int, backends: tuple[str, ...], do_shrink: bool) -> int:
    case = random_case(rng_for(seed, index))
    print(f"input {index} (seed {seed}): {case.page!r}")
    print(f"damage: {'; '.join(case.damage) or 'none'}")
    print(f"shown markers {case.shown}; hidden markers {case.hidden}")
    found = run_one(seed, index, backends)
    print("ok" if found is None else f"[{found[0]}] {found[1]}")
    if found is not None and do_shrink:
        small = shrink(case, found[0], backends)
        print(
            f"shrunk reproducer: {small.page!r}\nshown markers {small.shown}, hidden markers {small.hidden}"
        )
    return 0 if found is None else 1


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--random", type=int, metavar="N", default=1000, help="check N seeded random pages")
    ap.add_argument("--seed", type=int, default=0, help="seed of the random pages (default 0)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--seconds", type=float, help="stop after this many seconds")
    ap.add_argument("--replay", type=int, metavar="I", help="generate and check input I only")
    ap.add_argument("--shrink", action="store_true", help="with --replay: shrink a failure too")
    ap.add_argument("--show", type=int, default=2, help="shrunk reproducers printed per failing check")
    ap.add_argument(
        "--backends", default=",".join(installed_backends()), help="HTML backends, comma-separated"
    )
    args = ap.parse_args(argv)
    backends = tuple(b for b in args.backends.split(",") if b)
    unknown = set(backends) - set(html_mod.BACKENDS)
    if unknown:
        ap.error(f"unknown backends: {sorted(unknown)}")
    problem = backend_swap_error(backends)
    if problem:
        ap.error(problem)
    if args.replay is not None:
        return replay(args.replay, args.seed, backends, args.shrink)
    return random_mode(args.random, args.seed, args.jobs, backends, args.show, args.seconds)


if __name__ == "__main__":
    sys.exit(main())
