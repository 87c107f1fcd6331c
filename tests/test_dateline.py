"""The dateline grammar, driven by ``tests/data/datelines.toml`` (our own writing in real formats).

Known failures are listed in ``KNOWN_FAIL`` with their reason and run as strict xfail, so a fix
shows up as an unexpected pass.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from wireparse import parse_dateline

DATA = tomllib.loads((Path(__file__).parent / "data" / "datelines.toml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["case"]
NEGATIVES: list[dict[str, Any]] = DATA["negative"]

KNOWN_FAIL: dict[str, str] = {
    # text prefix → why it does not parse yet
    "LONDON European": "credit-less dateline with neither date nor separator: too like a caps sentence start",
}


def _id(case: dict[str, Any]) -> str:
    return case["text"][:40].replace("\n", "⏎")


def _marks(case: dict[str, Any]) -> list[pytest.MarkDecorator]:
    for prefix, why in KNOWN_FAIL.items():
        if case["text"].startswith(prefix):
            return [pytest.mark.xfail(reason=why, strict=True)]
    return []


def test_the_table_is_large_and_varied() -> None:
    agencies = {a for c in CASES for a in c.get("agencies", ())}
    languages = {c["language"] for c in CASES}
    assert len(CASES) >= 150
    assert len(agencies) >= 40
    assert languages >= {"en", "fr", "es", "de", "it", "pt"}
    assert len(NEGATIVES) >= 30


@pytest.mark.parametrize("case", [pytest.param(c, id=_id(c), marks=_marks(c)) for c in CASES])
def test_dateline(case: dict[str, Any]) -> None:
    ref = dt.date.fromisoformat(case["reference_date"]) if "reference_date" in case else None
    d = parse_dateline(case["text"], reference_date=ref)
    assert d is not None, "no dateline found"
    got = (d.city, d.region, d.date.isoformat() if d.date else None, [a.code for a in d.agencies])
    want = (case.get("city"), case.get("region"), case.get("date"), case.get("agencies", []))
    assert got == want
    assert (d.agency.code if d.agency else None) == case.get("agency")
    assert case["text"][d.span.start : d.span.end].strip() == case["text"][d.span.start : d.span.end]
    assert all(a.known for a in d.agencies)


@pytest.mark.parametrize("case", [pytest.param(c, id=_id(c)) for c in NEGATIVES])
def test_not_an_agency_dateline(case: dict[str, Any]) -> None:
    d = parse_dateline(case["text"])
    if case["expect"] == "none":
        assert d is None
    else:
        assert d is None or d.agency is None


def test_year_source_says_where_the_year_came_from() -> None:
    printed = parse_dateline("STOCKHOLM, Aug 29, 2014 (AFP) - The minister resigned.")
    page = parse_dateline("Riga, Dec 1 (AFP) Dec 01, 2021")
    ref = parse_dateline("OSLO, Jan 3 (NTB) - The council met.", reference_date=dt.date(2023, 1, 5))
    none = parse_dateline("OSLO, Jan 3 (NTB) - The council met.")
    assert printed and printed.year_source == "dateline" and printed.date == dt.date(2014, 8, 29)
    assert page and page.year_source == "page" and page.date == dt.date(2021, 12, 1)
    assert ref and ref.year_source == "reference" and ref.date == dt.date(2023, 1, 3)
    assert none and none.date is None and none.year_source is None and none.date_text == "Jan 3"


def test_unknown_credit_is_kept_as_an_unknown_agency() -> None:
    d = parse_dateline("HONOLULU (HawaiiNewsNow) - Crews reopened the highway on Friday.")
    assert d is not None and d.agency is not None
    assert d.agency.code == "HawaiiNewsNow" and not d.agency.known


def test_brand_variant_maps_to_its_agency() -> None:
    d = parse_dateline("NEW YORK (CNN Business) -- Shares of the retailer fell sharply on Monday.")
    assert d is not None and d.agency is not None and d.agency.code == "CNN"


def test_span_ends_at_the_separator() -> None:
    text = "BUFFALO, N.Y. (AP) — Snow closed the airport."
    d = parse_dateline(text)
    assert d is not None
    assert text[d.span.start : d.span.end] == "BUFFALO, N.Y. (AP) —"
