"""Datelines resolved to places (wireparse.geo): one group of tests per rule, on datelines of our
own writing, read through ``parse_dateline`` as a user would."""

from __future__ import annotations

import pytest

import wireparse
from wireparse import geo, parse_dateline
from wireparse.records import Place


def place(text: str) -> Place:
    d = parse_dateline(text)
    assert d is not None, text
    assert d.place is not None, text
    return d.place


# the printed region chooses among places of one name
@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("PARIS, Texas (AP) — The county fair opened on Friday.", "Paris", "US", "TX"),
        ("PORTLAND, Maine (AP) — Lobster prices rose again this week.", "Portland", "US", "ME"),
        ("LONDON, Ontario (CP) — The city council voted on the budget.", "London", "CA", "08"),
        ("LOUISVILLE, Ky. (AP) — The derby drew a record crowd.", "Louisville", "US", "KY"),
        ("SAN JOSE, Calif. (AP) — A startup raised new money.", "San Jose", "US", "CA"),
        ("Lebanon, Pa. (AP) — The farm show closed early.", "Lebanon", "US", "PA"),
        ("ATLANTA, Ga. (AP) — The airport reported delays.", "Atlanta", "US", "GA"),
        ("Tbilisi, Georgia (AFP) - Protesters gathered outside parliament.", "Tbilisi", "GE", None),
        ("Nairobi (Kenya) (AFP) - Rains flooded the outskirts.", "Nairobi", "KE", None),
        ("Houston TX (SPX) Mar 04, 2022", "Houston", "US", "TX"),
    ],
)
def test_printed_region_disambiguates(text: str, name: str, country: str, admin1: str | None) -> None:
    p = place(text)
    assert (p.name, p.country) == (name, country)
    if admin1 is not None:
        assert p.admin1 == admin1
    assert p.basis == "region" and p.kind == "city"
    assert p.confidence >= 0.8


def test_the_same_name_without_a_region_is_the_larger_place() -> None:
    # Portland, Oregon outnumbers Portland, Maine: without a region, the less sure population rule
    p = place("PORTLAND (Reuters) - Shares of the shoemaker fell.")
    assert (p.country, p.admin1, p.basis) == ("US", "OR", "population")
    assert p.confidence < 0.95


def test_a_city_the_table_lacks_keeps_its_printed_region() -> None:
    state = place("WEST HAMLET, Mont. (AP) — Snow closed the pass.")
    assert (state.kind, state.country, state.admin1, state.matched) == ("region", "US", "MT", "region")
    country = place("Little Hamlet, France (AFP) - The harvest began.")
    assert (country.kind, country.country, country.basis) == ("country", "FR", "region")
    assert country.confidence < 0.8


def test_region_never_rewrites_the_printed_fields() -> None:
    d = parse_dateline("LOUISVILLE, Ky. (AP) — The derby drew a record crowd.")
    assert d is not None and d.place is not None
    assert (d.city, d.region) == ("LOUISVILLE", "Ky.")
    assert d.place.name == "Louisville" and d.place.admin1_name == "Kentucky"


# AP's standalone cities
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("WASHINGTON (AP) — The Senate passed the bill.", "Washington", "US"),
        ("PARIS (AP) — The museum reopened.", "Paris", "FR"),
        ("SYDNEY (AP) — The harbour bridge was closed.", "Sydney", "AU"),
        ("ST. LOUIS (AP) — The river crested overnight.", "St. Louis", "US"),
        ("QUEBEC CITY (AP) — The carnival opened.", "Québec", "CA"),
    ],
)
def test_ap_standalone_cities(text: str, name: str, country: str) -> None:
    p = place(text)
    assert (p.name, p.country, p.basis) == (name, country, "standalone")


# exonyms and other languages
@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Londres, 3 déc (AFP) - La Bourse a ouvert en hausse.", "London", "GB"),
        ("Moskau (dpa) - Die Regierung hat neue Regeln beschlossen.", "Moscow", "RU"),
        ("Pekín, 3 dic (EFE).- El Gobierno anunció un plan.", "Beijing", "CN"),
        ("Варшава (AFP) - Власти объявили о планах.", "Warsaw", "PL"),
        ("VIENNE, 3 déc (AFP) - Les négociations ont repris.", "Vienna", "AT"),
        ("Lisboa, 3 dez (Lusa) - O Governo aprovou o orçamento.", "Lisbon", "PT"),
    ],
)
def test_exonyms_and_other_languages(text: str, name: str, country: str) -> None:
    d = parse_dateline(text)
    assert d is not None, text
    p = d.place
    assert p is not None and (p.name, p.country) == (name, country)
    assert d.city != p.name  # printed as printed


# case and diacritics folded
@pytest.mark.parametrize(
    ("city", "name"),
    [("SAO PAULO", "São Paulo"), ("ZURICH", "Zürich"), ("Zürich", "Zürich"), ("BOGOTA", "Bogotá")],
)
def test_case_and_diacritics_are_folded(city: str, name: str) -> None:
    p = place(f"{city} (Reuters) - Prices rose for a third day.")
    assert p.name == name and p.matched == "name"


def test_fold() -> None:
    assert geo.fold("SÃO PAULO") == geo.fold("São Paulo") == "sao paulo"
    assert geo.fold("ST. LOUIS") == geo.fold("Saint-Louis") == "st louis"
    assert geo.fold("N’DJAMENA") == geo.fold("N'Djamena")
    assert geo.fold("Łódź") == "lodz"


# several places: the first
def test_joint_dateline_resolves_its_first_place() -> None:
    d = parse_dateline("KABUL/PESHAWAR (Reuters) - Talks resumed on Monday.")
    assert d is not None and d.city == "KABUL/PESHAWAR"
    assert d.place is not None and (d.place.name, d.place.country) == ("Kabul", "AF")


# a name that is a country's
def test_a_country_name_is_the_country_or_its_city_of_that_name() -> None:
    kuwait = geo.resolve("KUWAIT")
    assert kuwait is not None and (kuwait.kind, kuwait.country, kuwait.basis) == ("country", "KW", "country")
    lebanon = geo.resolve("Lebanon")  # the country, not Lebanon, Pennsylvania
    assert lebanon is not None and (lebanon.kind, lebanon.country) == ("country", "LB")
    singapore = geo.resolve("SINGAPORE")
    assert singapore is not None and (singapore.kind, singapore.country) == ("city", "SG")
    germany = geo.resolve("Allemagne")
    assert germany is not None and germany.country == "DE" and germany.matched == "alternate"


def test_unresolved_places_are_none() -> None:
    d = parse_dateline("UNITED NATIONS (AP) — The council met.")
    assert d is not None and d.place is None
    d = parse_dateline("(Reuters) - Shares rose.")
    assert d is not None and d.city is None and d.place is None
    assert geo.resolve("Xqzzyville") is None
    assert geo.resolve("") is None and geo.resolve(None) is None


def test_parse_resolves_the_page_dateline() -> None:
    page = "Fair opens\n\nPARIS, Texas (AP) — The county fair opened on Friday with a parade downtown."
    d = wireparse.parse(page)
    assert d.dateline is not None and d.dateline.place is not None
    assert (d.dateline.place.country, d.dateline.place.admin1) == ("US", "TX")


def test_known() -> None:
    assert geo.known("KUWAIT") and geo.known("Moskau") and geo.known("ISLAMABAD")
    assert not geo.known("Reuters") and not geo.known("")


def test_every_standalone_city_of_the_house_table_resolves() -> None:
    table = wireparse.tables.load("places")["standalone"]
    missing = [c for c in table["us"] + table["world"] if geo.resolve(c) is None]
    assert missing == ["UNITED NATIONS"]  # the UN's headquarters is no city of GeoNames


# recognition: a place the gazetteer knows is evidence of a dateline
@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("KUWAIT: The emir named a new cabinet on Sunday.", "KUWAIT"),
        ("GRAND RAPIDS: The council met on Tuesday night.", "GRAND RAPIDS"),
        ("MOSKAU: Die Regierung hat neue Regeln beschlossen.", "MOSKAU"),
        ("Grand Rapids: The council met on Tuesday night.", "Grand Rapids"),
        ("LINDI - Farmers in the region expect a good harvest.", "LINDI"),
        ("TASHKENT/ALMATY - Officials of both countries met.", "TASHKENT/ALMATY"),
    ],
)
def test_a_known_place_opens_a_dateline(text: str, city: str) -> None:
    d = parse_dateline(text)
    assert d is not None and d.city == city
    assert d.place is not None


@pytest.mark.parametrize(
    "text",
    [
        "Austria: 3 arrested over a video that brought down the government",  # a headline in a list
        "Police: The suspect was arrested near the station.",  # Police, a town of Poland
        "MACH",  # a menu label and a town of Pakistan
        "U.S.",  # a section label
        "CHINA, PORTUGAL INITIAL MACAO PACT",  # an old wire headline: the "region" is no region
        "Kuwait: The emir named a new cabinet on Sunday.",  # a country in title case: a headline form
    ],
)
def test_sentence_starts_and_labels_stay_no_dateline(text: str) -> None:
    assert parse_dateline(text) is None


def test_recognition_needs_the_gazetteer_not_places_toml() -> None:
    # none of these is a city of tables/places.toml (KUWAIT is there only as a country, which the
    # grammar reads in the region slot): the gazetteer alone makes them places
    cities, _, _ = wireparse.dateline._places()
    for name in ("KUWAIT", "GRAND RAPIDS", "MOSKAU", "LINDI"):
        assert name.casefold() not in cities
        assert geo.is_place(name)
