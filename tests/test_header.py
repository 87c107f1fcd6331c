"""The headline field against the titles a page declares (wireparse.header.clean_headline)."""

from __future__ import annotations

import pytest

import wireparse
from wireparse.header import clean_headline

BODY = "".join(
    f"<p>{p}</p>"
    for p in (
        "The regional water board approved a plan on Monday to line forty kilometres of old canals.",
        "Farmers in the valley have lost up to a third of their water to leaks in dry summers, it said.",
    )
)


@pytest.mark.parametrize(
    ("printed", "declared", "sites", "want"),
    [
        (
            "Kultur : Was lesen die Philippinen?",
            ["Was lesen die Philippinen?"],
            [],
            "Was lesen die Philippinen?",
        ),
        (
            "Minderheit in Syrien - Drusen fordern Teilhabe",
            ["Drusen fordern Teilhabe"],
            [],
            "Drusen fordern Teilhabe",
        ),
        (
            "Nationale DemoDer 9. Juli naht",
            ["Nationale Demo / Der 9. Juli naht"],
            [],
            "Nationale Demo / Der 9. Juli naht",
        ),
        ("Ticket : Pendler sparen", ["Ticket: Pendler sparen"], [], "Ticket: Pendler sparen"),
        ("Irri\u00adga\u00adtion canals to be lined", [], [], "Irrigation canals to be lined"),
        ("Fjord tour \u2013\u2060 Magisk", [], [], "Fjord tour \u2013 Magisk"),
        ("Canals lined - The Valley Courier", [], ["The Valley Courier"], "Canals lined"),
        ("Lorem ipsum dolor", ["Water board lines its canals"], [], "Water board lines its canals"),
        (None, ["Water board lines its canals"], [], "Water board lines its canals"),
        # agreeing with one declared title is enough (a JSON-LD "headline" that is a description)
        (
            "List of films with loops",
            ["Wikimedia list article", "List of films with loops"],
            [],
            "List of films with loops",
        ),
        # a prefix the declared title has too is the headline's own
        (
            "Landtagswahl : Voigt und Höcke",
            ["Landtagswahl: Voigt und Höcke"],
            [],
            "Landtagswahl: Voigt und Höcke",
        ),
    ],
)
def test_clean_headline(printed: str | None, declared: list[str], sites: list[str], want: str) -> None:
    assert clean_headline(printed, declared, sites) == want


def test_the_record_keeps_the_soft_hyphens_in_its_source() -> None:
    h1 = "<h1>Irri\u00adga\u00adtion canals to be lined</h1>"
    page = f"<html><head><title>x</title></head><body>{h1}{BODY}</body></html>"
    d = wireparse.parse_html(page)
    assert d.headline == "Irrigation canals to be lined"
    assert "Irri\u00adga\u00adtion" in d.source


def test_space_separated_meta_properties_and_dc_title() -> None:
    page = (
        "<html><head><title>Title Element</title>"
        '<meta property="x:title dc:title" content="Water board lines its canals">'
        f"</head><body><h1>Lorem ipsum</h1>{BODY}</body></html>"
    )
    d = wireparse.parse_html(page)
    assert d.headline == "Water board lines its canals"


def test_a_credit_taken_for_the_headline_gives_way_to_the_line_above() -> None:
    page = "Water board approves canal lining plan\n\nAna Ruiz, Reuters\n\n" + BODY.replace(
        "<p>", ""
    ).replace("</p>", "\n\n")
    d = wireparse.parse(page)
    assert d.headline == "Water board approves canal lining plan"
    assert d.byline == "Ana Ruiz" and [a.code for a in d.credits] == ["Reuters"]


@pytest.mark.parametrize("chrome", ["Short Url", "Close photo mode", "|"])
def test_chrome_under_the_headline_does_not_win(chrome: str) -> None:
    body = BODY.replace("<p>", "").replace("</p>", "\n\n")
    d = wireparse.parse(f"Water board approves canal lining plan\n\n{chrome}\n\n{body}")
    assert d.headline == "Water board approves canal lining plan"


def test_the_line_that_prints_the_declared_title_becomes_the_headline() -> None:
    from wireparse.agencies import default_registry  # noqa: PLC0415
    from wireparse.header import settle  # noqa: PLC0415
    from wireparse.label import features  # noqa: PLC0415
    from wireparse.lines import units  # noqa: PLC0415

    text = "Water board approves canal lining plan\n\nA dry canal near Orrin, in August\n\n" + BODY.replace(
        "<p>", ""
    ).replace("</p>", "\n\n")
    us = units(text)
    feats = features(us, text, default_registry())
    labels = ["pre", "headline", "body", "body"]
    got = settle(us, feats, labels, default_registry(), (), ["Water board approves canal lining plan"])
    assert got[:2] == ["headline", "hboil"]
    # a decoder's headline that agrees with a declared title stays
    got = settle(
        us, feats, ["headline", "hboil", "body", "body"], default_registry(), (), ["Water board lines canals"]
    )
    assert got[0] == "headline"
