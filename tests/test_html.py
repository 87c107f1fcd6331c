"""HTML pages: the reader (lines, hints, metadata), detection, encodings, and parse() on HTML.

The seed page (``../shared/corpus/seed``) is rebuilt here as HTML twice — wrapped in bare ``<p>``
elements, and with real markup cues (an ad ``div``, an ``aside`` sidebar, a ``footer``) — and must
give the same fields as its text.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import wireparse
from conftest import ROOT, SEED, covered, need_corpus
from wireparse import html as html_mod
from wireparse.html import looks_like_html, read_html
from wireparse.read import read

sys.path.insert(0, str(ROOT / "fuzz"))

from fuzz_html import using_backend  # parse() reads HTML with the default backend: swap it

BACKENDS = [
    pytest.param(
        "selectolax",
        marks=pytest.mark.skipif(html_mod.default_backend() != "selectolax", reason="no selectolax"),
    ),
    "stdlib",
]


def lines(page: str, backend: str = "stdlib") -> list[str]:
    return read_html(page, backend=backend).text.split("\n")


# --- the reader ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_blocks_break_lines_and_paragraphs_stand_between_blank_lines(backend: str) -> None:
    page = "<div>One</div><div>Two <b>bold</b> here</div><p>Para one.</p><p>Para two.</p>"
    page += "<ul><li>a</li><li>b</li></ul>"
    assert lines(page, backend) == ["One", "Two bold here", "", "Para one.", "", "Para two.", "", "a", "b"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_br_breaks_a_line_and_two_make_a_blank_line(backend: str) -> None:
    assert lines("<p>first<br>second<br/><br>third</p>", backend) == ["first", "second", "", "third"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_scripts_styles_templates_comments_and_hidden_elements_are_dropped(backend: str) -> None:
    page = (
        "<p>kept<script>var x = '<p>no</p>';</script><style>p{color:red}</style></p>"
        "<template><p>template</p></template><noscript><p>noscript</p></noscript><!-- a comment -->"
        '<div hidden>hidden</div><div style="display: none">not shown</div>'
        '<div style="visibility:hidden">invisible</div><svg><text>svg text</text></svg>'
        "<select><option>choice</option></select><p>also kept</p>"
    )
    assert lines(page, backend) == ["kept", "", "also kept"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_entities_are_decoded(backend: str) -> None:
    assert lines("<p>Fish &amp; chips &mdash; &#8220;fresh&#x201D; &nbsp;caf&eacute;</p>", backend) == [
        "Fish & chips — “fresh” \u00a0café"
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_whitespace_collapses_as_a_browser_collapses_it(backend: str) -> None:
    page = "<p>\n   Many   spaces\tand\n\nnew lines <i>across</i>  <b>tags</b> .  </p>\n\n  <p>  next </p>"
    assert lines(page, backend) == ["Many spaces and new lines across tags .", "", "next"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_pre_keeps_its_lines(backend: str) -> None:
    assert lines("<pre>\nNet    8,214\nYear   7,602</pre>", backend) == ["Net    8,214", "Year   7,602"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_table_row_is_one_line_unless_a_cell_holds_lines(backend: str) -> None:
    page = "<table><tr><td>Net</td><td>8,214</td></tr><tr><td>Menu</td><td>Story<br>goes on</td></tr></table>"
    assert lines(page, backend) == ["Net\t8,214", "Menu", "Story", "goes on"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_short_link_items_of_one_list_read_as_a_row(backend: str) -> None:
    items = "".join(f'<li><a href="/{x}">{x}</a></li>' for x in ("Home", "World", "Business"))
    page = f'<ul class="menu">{items}</ul>'
    page += "<ul><li>A list item of the story that is not a link.</li><li>Another one.</li></ul>"
    assert lines(page, backend) == [
        "Home | World | Business",
        "A list item of the story that is not a link.",
        "Another one.",
    ]


def test_hints_name_the_markup_of_each_line() -> None:
    page = (
        '<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
        '<article class="story"><h1 class="headline">Rain returns</h1>'
        '<p class="byline">By Ana Li</p>'
        "<p>The first paragraph of the story, long enough to read as prose in the body.</p>"
        '<div class="ad-slot">Advertisement</div>'
        "<p>The second paragraph of the story, again long enough to count as prose.</p>"
        '<div class="share-bar"><button>Share</button></div></article>'
        '<aside class="related"><h3>Related</h3><p><a href="/x">Another story</a></p></aside>'
        "<footer><p>© 2024 The Ledger</p></footer>"
    )
    page_ = read_html(page)
    by_line = dict(zip(page_.text.split("\n"), page_.hints, strict=True))
    assert {"in_nav", "in_header", "link_dense", "out_main"} <= set(by_line["Home News"])
    assert {"tag_h1", "cls_headline", "in_article"} <= set(by_line["Rain returns"])
    assert "cls_byline" in by_line["By Ana Li"]
    assert {"tag_p", "in_main", "in_article"} <= set(
        by_line["The first paragraph of the story, long enough to read as prose in the body."]
    )
    assert "cls_ad" in by_line["Advertisement"]
    assert {"cls_share", "tag_button"} <= set(by_line["Share"])
    assert {"in_aside", "cls_related", "tag_h3"} <= set(by_line["Related"])
    assert "in_footer" in by_line["© 2024 The Ledger"]
    assert by_line[""] == ()


def test_meta_author_marks_a_short_line_naming_every_author() -> None:
    page = (
        '<html><head><meta name="author" content="Ana Li, Tom Berg"></head><body><article>'
        "<h1>Rain returns to the valley</h1><p>By ANA LI and Tom Berg, staff</p>"
        "<p>Ana Li</p>"
        "<p>Tom Berg and Ana Li wrote this story over many weeks, travelling the valley from end to"
        " end, and the paragraph is far too long to be a byline.</p></article></body></html>"
    )
    page_ = read_html(page)
    marked = [t for t, h in zip(page_.text.split("\n"), page_.hints, strict=True) if "meta_author" in h]
    # every author, casefolded, on a line of at most html.BYLINE_WORDS words; one name is not enough
    assert marked == ["By ANA LI and Tom Berg, staff"]


def test_a_big_container_keeps_only_its_article_hints() -> None:
    body = "".join(
        f"<p>Paragraph {i} of the story, long enough to count as the page's prose.</p>" for i in range(4)
    )
    page = read_html(
        f'<form id="aspnetForm"><div class="article-body has-ads ad-wrapper">{body}</div></form>'
    )
    for hints in page.hints:
        assert "cls_ad" not in hints and "in_form" not in hints


def _article_split_by_an_ad() -> str:
    # the first paragraph carries a pop-up card of links (link-dense: not prose), then two loose
    # paragraphs, an ad, and the rest of the story in a <div> of its own
    card = "".join(f'<a href="/p/{i}">Council backs the harbour budget plan, part {i}</a> ' for i in range(2))
    first = f"<p>The harbour reopened on Monday, the mayor said. <span class='card'>{card}</span></p>"
    loose = "".join(
        f"<p>Loose paragraph {i} of the story goes on here, long enough to be prose.</p>" for i in range(2)
    )
    rest = "".join(
        f"<p>Paragraph {i} of the story, after the break, reads as prose too.</p>" for i in range(6)
    )
    teasers = "".join(
        f'<li><a href="/t/{i}">Another headline number {i} for the list</a></li>' for i in range(6)
    )
    return (
        f'<article><h1>Harbour reopens</h1><div class="entry">{first}{loose}'
        f'<div class="ad-slot">Advertisement</div><div>{rest}</div></div></article><ul>{teasers}</ul>'
    )


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_article_split_by_an_ad_is_read_whole(backend: str) -> None:
    page = read_html(_article_split_by_an_ad(), backend=backend)
    by_line = dict(zip(page.text.split("\n"), page.hints, strict=True))
    for line, hints in by_line.items():
        if "paragraph" in line.casefold():
            assert "in_main" in hints, line


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_standfirst_beside_the_body_does_not_move_the_main_container(backend: str) -> None:
    body = "".join(
        f"<p>Paragraph {i} of the story reads as prose, a full sentence of it.</p>" for i in range(6)
    )
    page = read_html(
        "<article><h1>Harbour reopens</h1><p>A short standfirst that sums the story up.</p>"
        '<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">WhatsApp</a> '
        '<a href="#">Email</a> <a href="#">Print</a></div>'
        f'<div class="body">{body}</div></article>',
        backend=backend,
    )
    by_line = dict(zip(page.text.split("\n"), page.hints, strict=True))
    assert "out_main" in by_line["A short standfirst that sums the story up."]
    assert "in_main" in by_line["Paragraph 0 of the story reads as prose, a full sentence of it."]


def test_hints_every_line_carries_are_dropped() -> None:
    page = read_html("<p>Headline of the day</p><p>The story starts here and goes on for a while.</p>")
    assert page.hints == ((), (), ())


def test_span_hints_take_the_union_of_the_lines_a_span_touches() -> None:
    page = read_html('<div class="a"><h2>Title</h2></div><div><a href="/">Link only</a> and text</div>')
    assert page.text == "Title\n\nLink only and text"
    whole = page.span_hints([(0, len(page.text))])[0]
    assert set(whole) == set(page.hints[0]) | set(page.hints[2])
    assert page.span_hints([(7, 11)]) == [page.hints[2]]


# --- metadata -------------------------------------------------------------------------------------------

META_PAGE = """<!DOCTYPE html><html><head>
<title>Harbour reopens after storm | The Ledger</title>
<meta property="og:site_name" content="The Ledger">
<meta property="og:title" content="Harbour reopens after storm">
<meta property="article:published_time" content="2024-03-05T07:30:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
  {"@type": "WebSite", "name": "The Ledger"},
  {"@type": "NewsArticle", "headline": "Harbour reopens after the storm",
   "author": [{"@type": "Person", "name": "Ana Li"}, {"@type": "Organization", "name": "Ledger Wire"},
              {"@type": "Person", "name": "Tom Reyes"}],
   "datePublished": "2024-03-04T23:10:00Z"}]}</script>
<script type="application/ld+json">{ not json</script>
</head><body><p>Body.</p></body></html>"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_metadata_is_read(backend: str) -> None:
    meta = read_html(META_PAGE, backend=backend).meta
    assert meta.title == "Harbour reopens after storm | The Ledger"
    assert meta.og_site_name == "The Ledger"
    assert meta.og_title == "Harbour reopens after storm"
    assert meta.published == dt.date(2024, 3, 5)
    assert meta.ld_headline == "Harbour reopens after the storm"
    assert meta.ld_author == "Ana Li and Tom Reyes"
    assert meta.ld_date_published == dt.date(2024, 3, 4)
    assert meta.date == dt.date(2024, 3, 5)
    assert meta.headline == "Harbour reopens after the storm"


def test_json_ld_text_never_reaches_the_lines() -> None:
    assert read_html(META_PAGE).text == "Body."


# --- both backends ------------------------------------------------------------------------------------

SNIPPETS = [
    "<p>a<p>b<div>c</div>d",
    "<ul><li>one<li>two</ul><p>after</p>",
    "<table><tr><td>1<td>2<tr><td>3</table>",
    "<h1>Head</h1><h2>Sub</h2>text<br>more",
    "<div><span class='x'>in</span><a href='#'>link</a> tail</div></p><p>x</p>",
    "<dl><dt>Term<dd>Def</dl>",
    META_PAGE,
]


@pytest.mark.skipif(html_mod.default_backend() != "selectolax", reason="selectolax is not installed")
@pytest.mark.parametrize("page", SNIPPETS)
def test_both_backends_give_the_same_lines_and_hints(page: str) -> None:
    a = read_html(page, backend="selectolax")
    b = read_html(page, backend="stdlib")
    assert (a.text, a.hints, a.meta) == (b.text, b.hints, b.meta)


def test_without_selectolax_the_standard_library_reads_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "default_backend", lambda: "stdlib")
    d = wireparse.parse_html("<h1>Talks resume</h1><p>GENEVA (AP) — Envoys met again on Monday.</p>")
    assert d.dateline is not None and d.dateline.city == "GENEVA"


def test_unknown_backend_and_wrong_types_are_refused() -> None:
    with pytest.raises(ValueError, match="backend"):
        read_html("<p>x</p>", backend="bs4")
    with pytest.raises(TypeError):
        read_html(b"<p>x</p>")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        looks_like_html(3)  # type: ignore[arg-type]


# --- found by fuzz/fuzz_html.py ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_processing_instruction_in_the_body_is_skipped(backend: str) -> None:
    # found by fuzz/fuzz_html.py: lexbor makes a node whose tag is None of "<?…>"
    # in the body, and the walker read tag[0] of it (TypeError from parse())
    page = "<p>ok</p><?php echo 1; ?><p>b</p><?xml version='1.0'?>"
    assert lines(page, backend) == ["ok", "", "b"]
    with using_backend(backend):
        assert wireparse.parse_html(page).source == "ok\n\nb"


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # "<![" before a non-name: html.parser raised AssertionError (found by fuzz/fuzz_html.py)
        ("<p>a</p><![ x]><p>b</p><![?", ["a", "", "b"]),
        ("<p>a</p><![CDATA[x]]><p>b</p>", ["a", "", "b"]),
        # a comment ends at "-->" or "--!>", not at "-- >"; "<!-->" and "<!--->" are comments
        ("<p>a</p><!-- x -- ><p>c</p>--><p>d</p>", ["a", "", "d"]),
        ("<p>a</p><!-- x --!><p>c</p>", ["a", "", "c"]),
        ("<p>a</p><!--><p>c</p><!---><p>d</p>", ["a", "", "c", "", "d"]),
        # a page cut short inside a comment or a tag shows none of it (found by fuzz/fuzz_html.py)
        ("<p>ok</p><!-- a comment <p>cut", ["ok"]),
        ('<p>ok</p><div title="a caption cut', ["ok"]),
        ("<p>ok</p><div class=x", ["ok"]),
        ("<p>ok</p><!", ["ok"]),
        # a lone "<" or "</" at the end is text
        ("<p>ok</p><", ["ok", "", "<"]),
        ("<p>ok</p></", ["ok", "", "</"]),
    ],
)
def test_comments_declarations_and_a_cut_end_read_as_html_has_them(
    backend: str, page: str, expected: list[str]
) -> None:
    assert lines(page, backend) == expected


@pytest.mark.parametrize("backend", BACKENDS)
def test_character_references_for_line_breaks_keep_the_source_newline_normalised(backend: str) -> None:
    # found by fuzz/fuzz_html.py: "&#x2029;" put U+2029 in Dispatch.source, which is
    # newline-normalised, and "&#13;" a CR in a <pre>
    page = "<p>a&#x2028;b&#x2029;c&#13;d</p><pre>e&#13;f&#13;&#10;g</pre>"
    assert lines(page, backend) == ["a b c d", "", "e", "f", "g"]
    with using_backend(backend):
        source = wireparse.parse_html(page).source
    assert not any(c in source for c in "\r\x0b\x0c\x85\u2028\u2029")


def test_the_stdlib_reader_is_linear_in_the_depth_of_unclosed_elements() -> None:
    # found by fuzz/fuzz_html.py (seed 1, input 1925: 20 s): each block start tag searched the whole
    # stack of open elements for a <p> to close; 20,000 unclosed <div>s took about 20 s, now well
    # under one
    page = "<div>" * 20_000 + "<p>Talks resume in Geneva on Monday, the ministry said.</p>"
    start = time.perf_counter()
    assert lines(page, "stdlib") == ["Talks resume in Geneva on Monday, the ministry said."]
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("backend", BACKENDS)
def test_elements_nested_past_the_depth_cap_read_as_siblings_of_the_deepest(backend: str) -> None:
    # as browsers build the tree (the cap is 512): the reader's walks up the tree stay bounded, and
    # the regions above the cap still hold what is under it
    page = "<nav>" + "<div>" * (html_mod.MAX_DEPTH + 400) + '<a href="/">Home</a></nav><p>Deep text here.</p>'
    read = read_html(page, backend=backend)
    assert read.text.split("\n") == ["Home", "", "Deep text here."]
    assert "in_nav" in read.hints[0]
    assert "in_nav" not in read.hints[2]


def test_a_page_lexbor_builds_in_quadratic_time_is_read_by_the_stdlib_parser() -> None:
    # lexbor builds a tree in time quadratic in its depth (40,000 nested <div>s: 5 s); a page whose
    # tags may nest deeper than DEEP_NESTING goes to the standard library's parser, whatever is asked
    deep = "<div>" * (html_mod.DEEP_TAGS + 1) + "<p>Deep text here.</p>"
    page = read_html(deep, backend="selectolax")
    assert page.backend == "stdlib"
    assert page.text == "Deep text here."
    shallow = "<div></div>" * html_mod.DEEP_TAGS + "<p>Text.</p>"
    assert not html_mod._hard_for_lexbor(shallow)
    options = "<select>" + "<option>Item" * html_mod.DEEP_TAGS + "</select><p>Text.</p>"
    assert read_html(options, backend="selectolax").backend == "stdlib"
    if html_mod.default_backend() == "selectolax":
        assert read_html(shallow, backend="selectolax").backend == "selectolax"


# --- detection and encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("<!DOCTYPE html><html><body>x</body></html>", True),
        ("\ufeff  \n<!doctype HTML>", True),
        ("<html lang='en'><head>", True),
        ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN">', True),
        ("<!-- saved by a crawler -->\n<html>", True),
        (b"\xef\xbb\xbf<!DOCTYPE html>", True),
        ("<div class='story'><p>One.</p><p>Two.</p><p>Three.</p></div>", True),
        ("SpaceWar.com - Your World At War\nUS, Russian foreign ministers to hold talks", False),
        ("WASHINGTON (AP) — Lawmakers said x < y and <b> is bold; a <p> tag.", False),
        ("", False),
    ],
)
def test_detection(page: str | bytes, expected: bool) -> None:
    assert looks_like_html(page) is expected


def test_the_choice_is_recorded_on_the_record() -> None:
    assert (
        wireparse.parse("Headline here\n\nBERLIN (dpa) - A story of some length goes here.").format == "text"
    )
    d = wireparse.parse(b"<!DOCTYPE html><html><body><p>BERLIN (dpa) - A story.</p></body></html>")
    assert d.format == "html"
    assert d.to_dict()["format"] == "html"
    assert wireparse.Dispatch.from_dict(d.to_dict()) == d
    assert wireparse.parse("<p>x</p>", html=False).format == "text"


def test_meta_charset_is_honoured_before_the_utf8_guess() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва</p></body></html>'.encode(
        "cp1251"
    )
    d = wireparse.parse(page)
    assert d.encoding == "cp1251" and d.source == "Москва"


def test_http_equiv_charset_and_latin1_read_as_windows_1252() -> None:
    page = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>'
        b"<body><p>\x93Caf\xe9\x94 \x96 ok</p></body></html>"
    )
    result = read(page)
    assert result.format == "html"
    assert result.encoding == "cp1252"
    assert "“Café” – ok" in result.text


def test_a_byte_order_mark_wins_over_the_declared_charset() -> None:
    page = "<html><head><meta charset='iso-8859-1'></head><body><p>Zürich</p></body></html>"
    assert wireparse.parse(b"\xef\xbb\xbf" + page.encode("utf-8")).source == "Zürich"
    assert wireparse.parse(page.encode("utf-16")).source == "Zürich"  # with its BOM


def test_a_charset_declared_after_4kb_of_head_is_still_found() -> None:
    head = "<html><head>" + "<script>" + "x" * 6000 + "</script>" + '<meta charset="koi8-r">'
    page = (head + "</head><body><p>Привет</p></body></html>").encode("koi8_r")
    assert wireparse.parse(page).source == "Привет"


# --- parse() on HTML ----------------------------------------------------------------------------------

STORY = """<!DOCTYPE html><html><head><title>Port strike ends after nine days - The Harbour Times</title>
<meta property="og:site_name" content="The Harbour Times">
<meta property="og:title" content="Port strike ends after nine days">
<meta property="article:published_time" content="2024-02-09T10:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<main><article>
<h1>Port strike ends after nine days</h1>
<p class="byline">By Marta Okafor</p>
<p>ROTTERDAM, Feb 9 (Reuters) - Dock workers voted on Friday to accept a new wage offer, ending a
nine-day strike that had left container ships queueing off the coast.</p>
<p>The union said 78% of members backed the deal, which raises pay by 6% this year and 4% next.</p>
<div class="ad-slot"><p>Advertisement</p></div>
<p>Port authorities expect the backlog of ships to clear by the end of next week.</p>
</article></main>
<footer><p>© 2024 The Harbour Times</p></footer>
</body></html>"""


def test_an_html_page_gives_the_same_kind_of_record() -> None:
    d = wireparse.parse(STORY.encode("utf-8"))
    assert d.format == "html"
    assert d.headline == "Port strike ends after nine days"
    assert d.byline == "Marta Okafor"
    assert d.dateline is not None and (d.dateline.city, d.dateline.agency and d.dateline.agency.code) == (
        "ROTTERDAM",
        "Reuters",
    )
    assert d.dateline.date == dt.date(2024, 2, 9)
    assert [p.text[:20] for p in d.paragraphs] == [
        "Dock workers voted o",
        "The union said 78% o",
        "Port authorities exp",
    ]
    assert "Advertisement" not in d.body and "Home" not in d.body
    assert d.published == dt.date(2024, 2, 9)  # from article:published_time: the page prints none
    assert d.site == "The Harbour Times"  # from og:site_name: no banner
    assert covered(d)
    for part in d.parts:  # every span indexes the derived text
        assert d.source[part.span.start : part.span.end].strip()


def test_the_visible_headline_wins_over_a_title_with_the_site_name() -> None:
    page = STORY.replace('<meta property="og:title" content="Port strike ends after nine days">', "")
    assert wireparse.parse(page).headline == "Port strike ends after nine days"


def test_metadata_fills_the_headline_only_when_the_page_shows_none() -> None:
    page = (
        '<html><head><meta property="og:title" content="Dockers back deal"></head><body>'
        "<p>ROTTERDAM, Feb 9 (Reuters) - Dock workers voted on Friday to accept a new wage offer.</p>"
        "</body></html>"
    )
    d = wireparse.parse(page)
    assert d.headline == "Dockers back deal"
    assert "no-headline" not in [x.code for x in d.defects]


def test_a_printed_date_wins_over_the_metadata_date() -> None:
    page = STORY.replace(
        '<p class="byline">By Marta Okafor</p>',
        '<p class="byline">By Marta Okafor</p><p class="timestamp">Published February 8, 2024</p>',
    )
    assert wireparse.parse(page).published == dt.date(2024, 2, 8)


def test_parse_html_forces_html() -> None:
    d = wireparse.parse_html("Just <b>one</b> line of text that mentions PARIS (AFP) - in passing.")
    assert d.format == "html" and "<b>" not in d.source


# --- the seed page as HTML ------------------------------------------------------------------------------


def _seed() -> tuple[str, dict[str, Any]]:
    page = need_corpus(SEED).read_text(encoding="utf-8")
    label = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
    return page, label


def _fields(d: wireparse.Dispatch) -> tuple[object, ...]:
    dl = d.dateline
    return (
        d.site,
        d.headline,
        d.byline,
        dl and (dl.city, dl.region, dl.date, [a.code for a in dl.agencies]),
        d.published,
        [p.text for p in d.paragraphs],
        d.rights and (d.rights.holder, d.rights.agency and d.rights.agency.code),
    )


def _blocks(page: str) -> list[list[str]]:
    return [
        [line for line in block.split("\n") if line.strip()] for block in page.split("\n\n") if block.strip()
    ]


def test_seed_wrapped_in_plain_p_gives_the_text_fields() -> None:
    page, _ = _seed()
    markup = "".join("<p>" + "<br>".join(html.escape(x) for x in block) + "</p>\n" for block in _blocks(page))
    d = wireparse.parse(f"<html><body>\n{markup}</body></html>")
    assert d.format == "html"
    assert _fields(d) == _fields(wireparse.parse(page))
    assert covered(d)


def test_seed_with_real_markup_cues_gives_the_text_fields() -> None:
    page, label = _seed()
    paragraphs = set(label["paragraphs"])
    out = ["<!DOCTYPE html><html><head><title>SpaceWar.com</title></head><body>"]
    blocks = _blocks(page)
    first = blocks[0]
    out.append(f'<header class="masthead"><div class="logo">{html.escape(first[0])}</div></header>')
    out.append('<div id="content"><div class="story">')
    out.append(f"<h1>{html.escape(first[1])}</h1>")
    out.append(f'<p class="dateline">{html.escape(first[2])}</p>')
    rest = [first[3:], *blocks[1:]]
    sidebar = []
    for block in rest:
        text = " ".join(block)
        if text in paragraphs:
            out.append(f"<p>{html.escape(text)}</p>")
        elif text == "ADVERTISEMENT":
            out.append('<div class="ad-container"><span>ADVERTISEMENT</span></div>')
        elif text == block[-1] and "rights reserved" in text.lower():
            footer = f'<footer class="site-footer"><p>{html.escape(text)}</p></footer>'
            out.append(f"</div></div>{''.join(sidebar)}{footer}")
        else:
            items = "".join(f'<li><a href="/n{i}">{html.escape(x)}</a></li>' for i, x in enumerate(block[1:]))
            sidebar.append(f'<aside class="sidebar"><h3>{html.escape(block[0])}</h3><ul>{items}</ul></aside>')
    out.append("</body></html>")
    d = wireparse.parse("\n".join(out).encode("utf-8"))
    assert d.format == "html"
    assert _fields(d) == _fields(wireparse.parse(page))
    assert not any(b in d.body for b in label["boilerplate"])
    assert covered(d)


def test_fixtures_html_family_exists() -> None:
    family = Path(__file__).resolve().parent.parent / "fixtures" / "html"
    pages = sorted(family.glob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        assert page.with_name(page.stem + ".label.json").exists(), page.name


# --- the byline and the page's author metadata ----------------------------------------------------------


def _with_author(author_json: str, byline_html: str = "") -> str:
    return STORY.replace(
        '<meta property="article:published_time" content="2024-02-09T10:00:00Z">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": ' + author_json + "}</script>",
    ).replace('<p class="byline">By Marta Okafor</p>', byline_html)


def test_a_page_that_prints_no_byline_takes_the_metadata_authors() -> None:
    page = _with_author('[{"@type": "Person", "name": "Ana Li"}, {"@type": "Person", "name": "Tom Reyes"}]')
    assert wireparse.parse(page).byline == "Ana Li, Tom Reyes"


def test_a_desk_in_the_metadata_is_the_credit_only_when_nothing_is_printed() -> None:
    desk = '{"@type": "NewsMediaOrganization", "name": "Harbour Times Desk"}'
    assert wireparse.parse(_with_author(desk)).byline == "Harbour Times Desk"
    printed = _with_author(desk, '<p class="byline">By Marta Okafor</p>')
    assert wireparse.parse(printed).byline == "Marta Okafor"


def test_metadata_people_the_printed_credit_leaves_out_win() -> None:
    page = _with_author(
        '[{"@type": "Person", "name": "Marta Okafor"}, {"@type": "Person", "name": "Joe Brant"}]',
        '<p class="byline">By Marta Okafor</p>',
    )
    assert wireparse.parse(page).byline == "Marta Okafor, Joe Brant"


def test_a_meta_author_that_is_a_link_or_a_number_is_no_credit() -> None:
    for value in ("https://example.org/staff/ana", "105092", "desk@example.org"):
        page = STORY.replace("</head>", f'<meta name="author" content="{value}"></head>').replace(
            '<p class="byline">By Marta Okafor</p>', ""
        )
        assert wireparse.parse(page).byline is None, value


# --- the headline and the page's declared headline -----------------------------------------------------


def test_a_printed_headline_that_shares_few_words_with_the_declared_one_gives_way() -> None:
    page = STORY.replace("<h1>Port strike ends after nine days</h1>", "<h1>Lorem</h1>")
    assert wireparse.parse(page).headline == "Port strike ends after nine days"


def test_a_printed_headline_close_to_the_declared_one_is_kept_as_printed() -> None:
    page = STORY.replace(
        "<h1>Port strike ends after nine days</h1>", "<h1>Port strike ends after nine long days</h1>"
    )
    assert wireparse.parse(page).headline == "Port strike ends after nine long days"


def test_the_title_without_its_site_tail_is_the_declared_headline_of_last_resort() -> None:
    from wireparse.html import HtmlMeta  # noqa: PLC0415

    assert HtmlMeta(title="Port strike ends after nine days - The Harbour Times").headline == (
        "Port strike ends after nine days"
    )
    assert HtmlMeta(title="Lorem ipsum | Site").headline == "Lorem ipsum | Site"  # a short head keeps all
    assert HtmlMeta(title="SpaceWar.com").headline is None
    assert HtmlMeta(title="x", og_title="From og").headline == "From og"


# --- pages streamed by React: the story comes late, in hidden segments ---------------------------------


def test_a_react_streamed_story_is_read_where_its_placeholder_stands() -> None:
    page = (
        "<html><head><title>Ferry service resumes on the northern route</title></head><body>"
        '<div hidden=""><p>Not shown at all.</p></div>'
        '<header><a href="/">Home</a></header><main><h1>Ferry service resumes on the northern route</h1>'
        '<!--$?--><template id="B:0"></template><!--/$--></main><footer><p>Contact us</p></footer>'
        '<div hidden id="S:0"><article><p>The ferry company said on Tuesday that crossings would run'
        " twice a day again after the storm damage to the pier was repaired.</p>"
        "<p>Passengers with tickets for cancelled sailings can rebook without charge.</p></article></div>"
        "</body></html>"
    )
    for backend in wireparse.html.BACKENDS:
        text = wireparse.html.read_html(page, backend=backend).text
        assert "The ferry company said" in text and "Not shown" not in text
        assert text.index("The ferry company") < text.index("Contact us")
    d = wireparse.parse(page)
    assert [p.text[:17] for p in d.paragraphs] == ["The ferry company", "Passengers with t"]


def test_react_segments_cost_linear_time_however_they_chain() -> None:
    from wireparse.html import _place_react_segments  # noqa: PLC0415

    n = 20_000
    chain = '<template id="B:0"></template>' + "".join(
        f'<div hidden id="S:{i}"><template id="B:{i + 1}"></template>x</div>' for i in range(n)
    )
    out = _place_react_segments(chain)
    assert out.count("x") == n and "hidden" not in out  # none lost, none left hidden
