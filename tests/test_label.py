"""The labeller's context features (``wireparse.label``)."""

from __future__ import annotations

import pytest

from wireparse.label import _enumerated, _list_item
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
