"""The standfirst (issue 19, item 9): the dek under the headline is its own part and field, found
after labelling by its shape, its place, the page's declared summary and its markup; a caption, a
byline, a timestamp, a share bar or a subtitle set as a heading never is one, and a story's lede
stays in the body. Every page here is invented."""

from __future__ import annotations

import json

import pytest

import wireparse
from wireparse import render
from wireparse.html import read_html
from wireparse.records import PART_KINDS, Dispatch, upgrade_dict
from wireparse.standfirst import declares

BODY = (
    "The harbour board voted six to one on Tuesday to build a second ferry terminal on the north "
    "quay, ending a dispute that has run for almost three years.\n\n"
    "The terminal will cost about 40 million, most of it paid by the regional transport fund, the "
    "board's chair told the meeting.\n\n"
    "Work is due to begin in the autumn."
)
HEAD = "Harbour board approves second ferry terminal"
DEK = "The new terminal will double the number of crossings to the islands by 2027."


def _kinds(d: Dispatch) -> list[str]:
    return [p.kind for p in d.parts]


def _html(head: str, article: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body><article>"
        f"<h1>Harbour board approves second ferry terminal</h1>{article}"
        "<p>The harbour board voted six to one on Tuesday to build a second ferry terminal on the north "
        "quay, ending a dispute that has run for almost three years.</p>"
        "<p>The terminal will cost about 40 million, most of it paid by the regional transport fund, "
        "the board's chair told the meeting.</p><p>Work is due to begin in the autumn.</p>"
        "</article></body></html>"
    )


# --- text pages ---------------------------------------------------------------------------------


def test_a_dek_under_the_headline_of_a_text_page_is_the_standfirst() -> None:
    d = wireparse.parse(f"Harbour board approves second ferry terminal\n\n{DEK}\n\nBy Marta Quell\n\n{BODY}")
    assert d.standfirst == DEK
    assert _kinds(d) == ["headline", "standfirst", "byline", "paragraph", "paragraph", "paragraph"]
    assert DEK not in d.body and d.byline == "Marta Quell"
    part = d.parts[1]
    assert d.source[part.span.start : part.span.end] == DEK
    d.check()


def test_the_paragraph_above_a_later_dateline_is_the_standfirst() -> None:
    page = (
        "Mayor defends budget\n\n"
        "The city's spending plan drew sharp questions from the council.\n\n"
        "NEW YORK (AP) — The mayor defended his budget on Tuesday, saying the cuts to libraries "
        "would be reversed once the new tax revenue came in.\n\n"
        "Council members said they would hold hearings next month."
    )
    d = wireparse.parse(page)
    assert d.standfirst == "The city's spending plan drew sharp questions from the council."
    assert d.dateline is not None and d.dateline.city == "NEW YORK"
    assert d.paragraphs[0].text.startswith("The mayor defended")
    assert _kinds(d)[:3] == ["headline", "standfirst", "dateline"]


def test_a_caption_under_the_headline_is_no_standfirst() -> None:
    page = (
        "Harbour board approves second ferry terminal\n\n"
        "The north quay seen from the old lighthouse on Monday. Photo: Anton Brill / Valley Press\n\n"
        f"{BODY}"
    )
    d = wireparse.parse(page)
    assert d.standfirst is None
    assert "standfirst" not in _kinds(d)


def test_a_byline_under_the_headline_is_no_standfirst() -> None:
    page = f"{HEAD}\n\nBy Lena Ostrova and Pavel Dune, Harbour Desk\n\n{BODY}"
    d = wireparse.parse(page)
    assert d.standfirst is None
    assert d.byline is not None and "Lena Ostrova" in d.byline


def test_a_timestamp_or_a_share_bar_is_no_standfirst() -> None:
    page = f"{HEAD}\n\nUpdated 10:31 AM, March 4, 2025\n\nShare | Tweet | Email\n\n{BODY}"
    assert wireparse.parse(page).standfirst is None


def test_the_lede_of_a_story_with_no_dek_stays_in_the_body() -> None:
    d = wireparse.parse(f"Harbour board approves second ferry terminal\n\n{BODY}")
    assert d.standfirst is None
    assert len(d.paragraphs) == 3


def test_a_page_without_a_headline_has_no_standfirst() -> None:
    assert wireparse.parse(f"{DEK}\n\n{BODY}").standfirst is None


# --- HTML pages ---------------------------------------------------------------------------------


def test_a_dek_class_names_the_standfirst() -> None:
    d = wireparse.parse(_html("", f"<p class='article-dek'>{DEK}</p><p class='byline'>By Ivo Brandt</p>"))
    assert d.standfirst == DEK
    assert d.byline == "Ivo Brandt"
    assert DEK not in d.body


def test_the_declared_description_printed_under_the_headline_is_the_standfirst() -> None:
    head = f"<meta property='og:description' content=\"{DEK}\">"
    article = f"<p>{DEK}</p><p class='byline'>By Nora Hale</p>"
    d = wireparse.parse(_html(head, article))
    assert d.standfirst == DEK
    assert len(d.paragraphs) == 3


def test_a_figcaption_the_metadata_declares_is_no_standfirst() -> None:
    caption = "The north quay seen from the old lighthouse on a grey Monday morning."
    head = f"<meta property='og:description' content='{caption}'>"
    article = f"<figure><img src='q.jpg' alt=''><figcaption>{caption}</figcaption></figure>"
    d = wireparse.parse(_html(head, article))
    assert d.standfirst is None


def test_a_declared_lede_with_nothing_parting_it_from_the_story_stays_in_the_body() -> None:
    lede = (
        "The harbour board voted six to one on Tuesday to build a second ferry terminal on the north "
        "quay, ending a dispute that has run for almost three years."
    )
    d = wireparse.parse(_html(f"<meta name='description' content='{lede}'>", ""))
    assert d.standfirst is None
    assert d.paragraphs[0].text == lede


def test_a_subtitle_set_as_a_heading_is_no_standfirst() -> None:
    # a second headline (an h2 under the h1, or a headline class): benchmarks keep it out of the text
    for markup in ("<h2>{}</h2>", "<h2 class='article-headline__sub'>{}</h2>"):
        article = markup.format(DEK) + "<p class='byline'>By Ivo Brandt</p>"
        assert wireparse.parse(_html("", article)).standfirst is None, markup


def test_a_heading_a_dek_class_names_is_the_standfirst() -> None:
    for markup in ("<h2 class='dek'>{}</h2>", "<h2 class='subheadline'>{}</h2>"):
        article = markup.format(DEK) + "<p class='byline'>By Ivo Brandt</p>"
        assert wireparse.parse(_html("", article)).standfirst == DEK, markup


def test_a_hidden_dek_is_no_standfirst() -> None:
    d = wireparse.parse(
        _html("", f"<p class='dek visually-hidden'>{DEK}</p><p class='byline'>By Ivo Brandt</p>")
    )
    assert d.standfirst is None


def test_subheads_inside_the_story_stay_body_paragraphs() -> None:
    article = f"<p class='dek'>{DEK}</p><p class='byline'>By Ivo Brandt</p>"
    page = _html("", article).replace("<p>Work is due", "<h2>What happens next</h2><p>Work is due")
    d = wireparse.parse(page)
    assert d.standfirst == DEK
    assert "What happens next" in [p.text for p in d.paragraphs]


def test_the_metadata_keeps_every_declared_description_once() -> None:
    page = (
        "<html><head><meta property='og:description' content='One summary of the story.'>"
        "<meta name='description' content='One summary of the story.'>"
        "<meta name='twitter:description' content='Another  summary.'>"
        '<script type="application/ld+json">'
        '{"@type": "NewsArticle", "description": "The JSON-LD one."}</script>'
        "</head><body><p>x</p></body></html>"
    )
    meta = read_html(page).meta
    assert meta.descriptions == ("The JSON-LD one.", "One summary of the story.", "Another summary.")


# --- evidence -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "desc", "truncated", "want"),
    [
        (DEK, DEK, True, True),
        ("Berlin. " + DEK, DEK, True, True),  # a place before the summary
        (DEK, DEK[:50] + "...", True, True),  # a description cut short
        (DEK, DEK[:50] + "...", False, False),
        (DEK, "Read the latest news from the harbour.", True, False),
        (DEK, "Short.", True, False),
    ],
)
def test_declares(line: str, desc: str, truncated: bool, want: bool) -> None:
    assert declares(line, [desc], truncated=truncated) is want


# --- the record ---------------------------------------------------------------------------------


def test_the_standfirst_round_trips_and_is_in_the_schema() -> None:
    d = wireparse.parse(f"Harbour board approves second ferry terminal\n\n{DEK}\n\nBy Marta Quell\n\n{BODY}")
    out = d.to_dict()
    assert out["standfirst"] == DEK
    assert Dispatch.from_json(json.dumps(out)) == d
    assert "standfirst" in PART_KINDS
    assert "standfirst" in wireparse.json_schema()["required"]


def test_older_records_read_with_no_standfirst() -> None:
    assert upgrade_dict({"schema_version": "1.2"})["standfirst"] is None
    assert upgrade_dict({"schema_version": "1.3"})["standfirst"] is None  # written before the key
    assert Dispatch.from_dict({"schema_version": "1.2"}).standfirst is None


def test_the_views_show_the_standfirst() -> None:
    d = wireparse.parse(f"Harbour board approves second ferry terminal\n\n{DEK}\n\nBy Marta Quell\n\n{BODY}")
    assert dict(render.summary(d))["standfirst"] == DEK
    assert f"[standfirst] {DEK}" in render.to_text(d)
    assert "\x1b[" in render.to_text(d, colour=True)
    page = render.to_html(d)
    assert "wp-standfirst" in page and ">standfirst<" in page
