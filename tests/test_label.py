"""The labeller's context features (``wireparse.label``)."""

from __future__ import annotations

import importlib

import pytest

import wireparse
from wireparse import dateline
from wireparse.agencies import default_registry
from wireparse.label import _enumerated, _list_item, _signed_off, features
from wireparse.lines import units


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("June 9 – West Palm Beach, FL @ Harbor Hall", ("date", 0)),
        ("Sept. 12 -- Shoreline Hall, Mountain View, CA", ("date", 0)),
        ("10 de março – Interlagos e mais", ("date", 0)),
        ("3) Blade Runner on disc", ("number", 3)),
        ("12. Pocket arcade cabinet", ("number", 12)),
        ("1a etapa: 10 de março – Interlagos", ("number", 1)),
        ("June 9", None),  # a bare date
        ("20 Nov 2019, 9:42am by reader", None),  # a comment's timestamp
        ("1 of 4 Grass Valley's mayor looks on", None),  # a gallery counter
        ("NATO ministers met in Riga", None),
        ("2025", None),
    ],
)
def test_list_items(line: str, item: tuple[str, int] | None) -> None:
    assert _list_item(line) == item


def _marked(page: str) -> list[str]:
    us = units(page)
    return [us[i].text for span in _enumerated(us) for i in span]


def test_numbered_items_with_a_link_under_each_make_one_run_with_the_last_link() -> None:
    page = "Intro text here.\n1) First pick\nhttps://x.example/1\n2) Second pick\nhttps://x.example/2\n"
    page += "3) Third pick\nhttps://x.example/3\nThe end of the article."
    assert _marked(page) == [
        "1) First pick",
        "https://x.example/1",
        "2) Second pick",
        "https://x.example/2",
        "3) Third pick",
        "https://x.example/3",
    ]


def test_a_lead_in_ending_in_a_colon_joins_the_run() -> None:
    page = "Tour dates:\nApril 3 – Portland, ME @ Hall\nApril 5 – Boston, MA @ Pier\nApril 8 – Erie, PA @ Inn"
    assert _marked(page)[0] == "Tour dates:"
    assert len(_marked(page)) == 4


@pytest.mark.parametrize(
    "page",
    [
        "1) One pick here\n2) Two picks here",  # two items are no run
        "1) One pick here\n3) Three picks here\n5) Five picks here",  # numbers that skip
        # dated items with lines between them (a teaser list's dates)
        "April 3 – Portland, ME @ Hall\nText\nApril 5 – Boston, MA @ Pier\nMore\nApril 8 – Erie, PA @ Hall",
    ],
)
def test_no_run(page: str) -> None:
    assert _marked(page) == []


@pytest.mark.parametrize(
    ("text", "signed"),
    [
        ("The port reopened on Tuesday, the ministry said. REUTER", True),
        ("The port reopened on Tuesday, the ministry said. (AFP)", True),
        ("The port reopened on Tuesday, the ministry said.--IANS", True),
        ("The port reopened on Tuesday, the ministry said. -- Xinhua =", True),
        ("The port reopened on Tuesday, the ministry said.\u00a0--\u00a0(AFP)", True),
        ("The port reopened on Tuesday, the ministry told Reuters", False),  # no sentence end before it
        ("The port reopened on Tuesday, the ministry said. Harbour", False),  # no agency
        ("Reuters", False),
    ],
)
def test_signed_off(text: str, signed: bool) -> None:
    assert _signed_off(text, default_registry()) is signed


def test_a_signed_off_paragraph_after_an_ad_break_stays_in_the_body() -> None:
    page = (
        "Menu\nSearch\nGrain Harvest Falls Short In The North\nFacebook\nTwitter\n\n"
        "TALLINN, May 4 (Reuters) - The northern grain harvest fell well short of forecasts this year, "
        "the farm ministry said on Monday.\n"
        "Dry weather in April cut yields on more than half of the farms it surveyed, it added.\n"
        "Advertisement\n"
        "Officials expect imports to rise before the winter, a spokesman said. REUTER\n"
        "\nMore from Markets\nPort Strike Ends After Two Weeks\n5 hours ago\n"
    )
    d = wireparse.parse(page)
    assert [p.text for p in d.paragraphs][-1].startswith("Officials expect imports")
    assert len(d.paragraphs) == 3


def test_a_results_table_set_under_its_dateline_is_the_body() -> None:
    page = (
        "NORTHWIND FREIGHT CORP <NWF> 2ND QTR NET\n\n"
        "OSLO, Aug 14 (Reuters) - Shr 31 cts vs 22 cts\n"
        "Net 1,204,551 vs 870,016\n"
        "Revs 9,310,442 vs 8,002,930\n"
        "Six mths\n"
        "Shr 58 cts vs 40 cts\n"
        "Net 2,251,870 vs 1,588,301\n"
        "\nMore from Markets\nPort Strike Ends After Two Weeks\nFerry Fares Rise For Summer\n"
    )
    d = wireparse.parse(page)
    assert d.dateline is not None and d.dateline.city == "OSLO"
    assert [p.text for p in d.paragraphs][1:] == [
        "Net 1,204,551 vs 870,016",
        "Revs 9,310,442 vs 8,002,930",
        "Six mths",
        "Shr 58 cts vs 40 cts",
        "Net 2,251,870 vs 1,588,301",
    ]
    assert "Port Strike Ends After Two Weeks" not in {p.text for p in d.paragraphs}


def test_ad_markers_inside_a_results_table_are_islands_in_its_story() -> None:
    page = (
        "Menu\nSearch\nSign In\nMARKETS\nNorthwind Freight Corp <nwf> 2nd Qtr Net\n"
        "Listen to this article\n3 min\nFacebook\nTwitter\n\n"
        "OSLO, Aug 14 (Reuters) - Shr 31 cts vs 22 cts\n"
        "Net 1,204,551 vs 870,016\n"
        "Advertisement\n"
        "Story continues below advertisement\n"
        "Revs 9,310,442 vs 8,002,930\n"
        "Read more: Port Strike Ends After Two Weeks\n"
        "Six mths\n"
        "Shr 58 cts vs 40 cts\n"
        "\nMore from Markets\nFerry Fares Rise For Summer\n5 hours ago\n"
    )
    d = wireparse.parse(page)
    assert d.headline == "Northwind Freight Corp <nwf> 2nd Qtr Net"
    assert d.dateline is not None and d.dateline.city == "OSLO"
    assert [p.text for p in d.paragraphs] == [
        "Shr 31 cts vs 22 cts",
        "Net 1,204,551 vs 870,016",
        "Revs 9,310,442 vs 8,002,930",
        "Six mths",
        "Shr 58 cts vs 40 cts",
    ]
    islands = [b for b in d.boilerplate if "Advertisement" in b.text or b.text.startswith("Read more")]
    assert islands and all(b.span.start > d.dateline.span.start for b in islands)


DIVIDEND_NOTICE = (
    "Harbourline Daily - Markets\n"
    "BRACKEN MILLS INC <BRKM> SETS QUARTERLY\n\n"
    "TOLEDO, Ohio, March 9 (Reuters) - Qtly div 14 cts vs 14 cts prior\n\n"
    "Pay April 30\n\n"
    "Record April Nine\n\n"
    "{between}"
    "Glassworks Strike Enters Third Week\n"
    "Harbour Dues To Rise In July\n"
    "Canal Barge Traffic Falls 8 Pct\n\n"
    "Copyright 1987 Reuters. All rights reserved.\n"
)


@pytest.mark.parametrize("between", ["Related Links\n", "ADVERTISEMENT\n\n"], ids=["heading", "ad"])
def test_the_rows_of_a_table_the_dateline_opens_are_the_body_however_spaced(between: str) -> None:
    """Each row its own paragraph, then a list of other stories (a block of several lines) under a
    heading or an advertisement marker: the rows are the story, the list is not. (With nothing
    between them, ``Record April Nine`` and the three headlines make one run of four headline-shaped
    lines, a teaser list, and the row goes with it.)"""
    d = wireparse.parse(DIVIDEND_NOTICE.format(between=between))
    assert d.dateline is not None and d.dateline.city == "TOLEDO"
    assert [p.text for p in d.paragraphs] == [
        "Qtly div 14 cts vs 14 cts prior",
        "Pay April 30",
        "Record April Nine",
    ]


def test_an_advertisement_between_two_rows_does_not_end_the_table() -> None:
    page = (
        "NORTHWIND FREIGHT CORP <NWF> YEAR NET\n\n"
        "OSLO, Aug 14 (Reuters) - Shr 31 cts vs 22 cts\n\n"
        "Net 1,204,551 vs 870,016\n\n"
        "ADVERTISEMENT\n\n"
        "Revs 9,310,442 vs 8,002,930\n\n"
        "Avg shrs 4,100,000 vs 3,950,000\n\n"
        "Most Read\nPort Strike Ends After Two Weeks\nFerry Fares Rise For Summer\n"
    )
    d = wireparse.parse(page)
    assert [p.text for p in d.paragraphs] == [
        "Shr 31 cts vs 22 cts",
        "Net 1,204,551 vs 870,016",
        "Revs 9,310,442 vs 8,002,930",
        "Avg shrs 4,100,000 vs 3,950,000",
    ]
    assert any(b.text == "ADVERTISEMENT" for b in d.boilerplate)


def test_a_story_that_opens_with_prose_makes_no_table() -> None:
    page = (
        "BRACKEN MILLS RAISES PAYOUT\n\n"
        "TOLEDO, Ohio, March 9 (Reuters) - Bracken Mills Inc said it raised its quarterly dividend "
        "to 14 cts a share from 12 cts, citing strong demand for its paper products.\n\n"
        "Glassworks Strike Enters Third Week\n\n"
        "Harbour Dues To Rise In July\n"
    )
    us = units(page)
    names = [set(f.names) for f in features(us, page, default_registry())]
    assert not any("dateline_block" in n for n in names)


@pytest.mark.parametrize(
    ("line", "trusted"),
    [
        ("OSLO, Aug 14 (Reuters) - Shr 31 cts", True),  # a known agency
        ("ZOLVANI, Aug 14 - Shares rose", True),  # a date
        ("PARIS - Shares rose on Monday", True),  # a known place
        ("RSS - Posts about the town", False),  # a capitalised word and a dash
        ("Economic Development (Tourism)", False),  # an unknown credit on a menu line
    ],
)
def test_a_trusted_dateline_is_backed_by_more_than_its_shape(line: str, trusted: bool) -> None:
    m = dateline.match(line, default_registry())
    assert m is not None
    assert m.trusted is trusted


def test_a_shape_only_dateline_in_a_menu_takes_no_block() -> None:
    page = (
        "Home\n\nCity Hall\nEconomic Development (Tourism)\nEducation\nFinance\n\n"
        "The council met on Monday to agree the budget for the coming year, the mayor said.\n"
    )
    us = units(page)
    names = [set(f.names) for f in features(us, page, default_registry())]
    assert "dateline_own" in names[2] and "dateline_trusted" not in names[2]
    assert not any("dateline_block" in n for n in names)


def test_a_headline_with_a_dash_is_no_banner_when_no_other_headline_follows() -> None:
    page = (
        "Menu\nSearch\nSign In\nMARKETS\n"
        "Grain Exports Slow Again - Farm Ministry\n"
        "Listen to this article\n4 min\nFacebook\nTwitter\n\n"
        "RIGA, May 4 (Reuters) - Grain exports slowed for a third month in April, the farm ministry "
        "said on Monday, as dry weather cut the harvest.\n"
        "Shipments to Asia fell by a fifth while those to Europe held steady, it said.\n"
    )
    d = wireparse.parse(page)
    assert d.headline == "Grain Exports Slow Again - Farm Ministry"
    assert d.site is None


def test_scripts_without_spaces_count_their_words_and_end_their_sentences() -> None:
    """A CJK headline is not a one-word line, and a CJK sentence ends at its own full stop."""
    page = (
        "国务院部署夏粮收购工作\n\n"
        "国务院今天召开常务会议，研究部署夏粮收购工作，要求各地做好仓储和运输准备工作。\n"
    )
    us = units(page)
    first, second = features(us, page, default_registry())
    assert "short" not in first.names and "few_words" in first.names
    assert first.words == 5
    assert "sentence" in second.names and "medium" in second.names and "no_punct" not in second.names


def test_a_photo_credit_in_a_gallery_caption_does_not_end_the_article() -> None:
    """A notice inside a caption's markup (``… © DPA Images | Name`` in a ``<figcaption>``) credits
    the photo; the same notice outside one closes the article (``past_end`` below it)."""
    from wireparse.label import is_end_marker  # noqa: PLC0415

    prepare = importlib.import_module("wireparse.parse").prepare  # the module, not the function

    credit = "Ferries at the quay. © DPA Images | Ola Nordmann"
    caption = f"<figure><img src='q.jpg'><figcaption>{credit}</figcaption></figure>"
    credit_div = f"<div>{credit}</div>"
    story = "<p>" + "The harbour board met on Tuesday. " * 3 + "</p>"
    for markup, ends in ((caption, False), (credit_div, True)):
        page = f"<html><body><article>{story}{markup}</article></body></html>"
        front = prepare(page, default_registry())
        (feat,) = [f for u, f in zip(front.units, front.feats, strict=True) if "DPA" in u.text]
        assert feat.notice is not None
        assert is_end_marker(feat) is ends


DIGEST = """Daily Wire Digest

Harbour board approves second ferry terminal

OSLO, March 7 (Reuters) - The harbour board voted six to one on Tuesday to build a second ferry \
terminal on the north quay, ending a long dispute that has run for almost three years.

The terminal will cost about 40 million crowns, most of it paid by the regional transport fund, \
the chair said on Tuesday evening.

Work is due to begin in the autumn and the terminal should open in 2027, the board said on \
Wednesday in a statement.

Rail strike ends after three days

BERLIN, March 7 (Reuters) - Train drivers returned to work on Thursday after a three-day strike \
over pay, the union said in a statement.

Copper prices slip on demand worries

LONDON, March 7 (Reuters) - Copper fell for a second day on Thursday as traders worried about \
slowing demand in China.
"""


def test_a_digest_page_s_body_is_its_first_story() -> None:
    """Issue 19 item 8: on a digest, the body is the first story; the stories after it, each under
    its headline and dateline, are boilerplate (they are their own dispatches)."""
    d = wireparse.parse(DIGEST)
    assert d.headline == "Harbour board approves second ferry terminal"
    assert d.dateline is not None and d.dateline.city == "OSLO"
    assert [p.text.split()[0] for p in d.paragraphs] == ["The", "The", "Work"]
    rest = " ".join(b.text for b in d.boilerplate)
    assert "Rail strike ends" in rest and "LONDON, March 7" in rest
