"""Records: the public surface, immutability, dict/JSON round trips."""

from __future__ import annotations

import datetime as dt
import pickle

import attrs
import pytest

import wireparse
from wireparse import Dispatch, Span
from wireparse.cli import demo_page

# The public contract. Changing it is deliberate: update this pin and CHANGELOG.md together.
PUBLIC = [
    "BOILERPLATE_KINDS",
    "PART_KINDS",
    "SCHEMA_VERSION",
    "Agency",
    "Boilerplate",
    "Dateline",
    "Defect",
    "Dispatch",
    "PageError",
    "Paragraph",
    "ParseError",
    "Part",
    "Place",
    "Registry",
    "Rights",
    "Span",
    "__version__",
    "default_registry",
    "json_schema",
    "parse",
    "parse_dateline",
    "parse_file",
    "parse_html",
    "parse_many",
    "records_to_rows",
]
FIELDS = {
    "Dispatch": [
        "source",
        "site",
        "headline",
        "byline",
        "dateline",
        "published",
        "paragraphs",
        "boilerplate",
        "rights",
        "parts",
        "defects",
        "encoding",
        "url",
        "format",
        "encoding_source",
        "credits",
        "standfirst",
    ],
    "Dateline": [
        "text",
        "city",
        "region",
        "date",
        "date_text",
        "year_source",
        "agency",
        "agencies",
        "span",
        "place",
    ],
    "Place": [
        "geonames_id",
        "name",
        "country",
        "admin1",
        "admin1_name",
        "latitude",
        "longitude",
        "kind",
        "confidence",
        "basis",
        "matched",
    ],
    "Agency": ["code", "name", "aliases", "known", "kind"],
    "Paragraph": ["text", "span"],
    "Boilerplate": ["kind", "heading", "lines", "text", "span"],
    "Rights": ["text", "holder", "agency", "year", "span"],
    "Part": ["kind", "span", "index"],
    "Span": ["start", "end"],
    "Defect": ["code", "message", "stage", "span"],
}


def test_public_surface_is_pinned() -> None:
    assert sorted(wireparse.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(wireparse, name), name


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_record_fields_are_pinned(name: str) -> None:
    cls = getattr(wireparse, name)
    assert [f.name for f in attrs.fields(cls)] == FIELDS[name]


def test_records_are_frozen_and_slotted() -> None:
    d = wireparse.parse(demo_page())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.headline = "x"  # type: ignore[misc]
    assert not hasattr(d, "__dict__")


def test_dict_and_json_round_trip_exactly() -> None:
    d = wireparse.parse(demo_page(), url="https://terrawire.example/glaciers")
    assert Dispatch.from_dict(d.to_dict()) == d
    assert Dispatch.from_json(d.to_json()) == d
    assert d.to_dict()["schema_version"] == wireparse.SCHEMA_VERSION
    assert pickle.loads(pickle.dumps(d)) == d


def test_dateline_place_round_trips_and_old_records_upgrade() -> None:
    d = wireparse.parse("Talks\n\nLOUISVILLE, Ky. (AP) — The council met on Tuesday to vote on the plan.")
    assert d.dateline is not None and d.dateline.place is not None
    assert d.dateline.place.admin1 == "KY"
    back = Dispatch.from_json(d.to_json())
    assert back.dateline is not None and back.dateline.place == d.dateline.place
    old = d.to_dict()
    old["schema_version"] = "1.1"
    del old["dateline"]["place"]
    up = wireparse.records.upgrade_dict(old)
    assert up["schema_version"] == wireparse.SCHEMA_VERSION and up["dateline"]["place"] is None
    assert "place" not in old["dateline"]  # the upgrade copies, it does not change its argument
    assert wireparse.records.upgrade_dict({"schema_version": "1.1", "dateline": None})["dateline"] is None


def test_from_dict_refuses_a_newer_major_schema() -> None:
    d = wireparse.parse(demo_page()).to_dict()
    d["schema_version"] = "99.0"
    with pytest.raises(ValueError, match="schema_version"):
        Dispatch.from_dict(d)


def test_body_joins_paragraphs() -> None:
    d = wireparse.parse(demo_page())
    assert d.body == "\n\n".join(p.text for p in d.paragraphs)
    assert d.body.startswith("A three-year survey")


def test_repr_is_short_and_names_the_fields() -> None:
    r = repr(wireparse.parse(demo_page()))
    assert len(r) < 400
    assert "Innsbruck" in r and "AFP" in r


def test_span_list_form() -> None:
    assert Span.from_list(Span(3, 9).to_list()) == Span(3, 9)
    assert len(Span(3, 9)) == 6


def test_parse_error_carries_stage_span_and_excerpt() -> None:
    with pytest.raises(wireparse.ParseError) as info:
        wireparse.parse("Just one short line", strict=True)
    err = info.value
    assert err.stage in ("read", "label", "fields", "build")
    assert err.code
    assert isinstance(err, ValueError)
    assert pickle.loads(pickle.dumps(err)).code == err.code


def test_wrong_argument_types_raise_type_error() -> None:
    with pytest.raises(TypeError):
        wireparse.parse(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        wireparse.parse("x", reference_date="2021-01-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        wireparse.parse_dateline(b"PARIS (AFP) -")  # type: ignore[arg-type]


def test_datetime_reference_date_is_taken_as_its_date() -> None:
    page = "Headline of the day\n\nOSLO, Jan 3 (NTB) - The council met on Tuesday to vote on the plan."
    a = wireparse.parse(page, reference_date=dt.datetime(2023, 1, 5, 12, 0))
    b = wireparse.parse(page, reference_date=dt.date(2023, 1, 5))
    assert a == b
    assert a.dateline is not None and a.dateline.date == dt.date(2023, 1, 3)


def _with_parts(source: str, *spans: tuple[str, int, int]) -> Dispatch:
    return Dispatch.from_dict(
        {
            "schema_version": "1.1",
            "source": source,
            "parts": [{"kind": k, "span": [s, e]} for k, s, e in spans],
        }
    )


def test_check_passes_every_parsed_page() -> None:
    wireparse.parse(demo_page()).check()
    wireparse.parse("").check()


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ((("headline", 0, 5),), "belongs to no part"),  # "Talks" kept, the rest lost
        ((("headline", 0, 6), ("paragraph", 6, 22)), "starts or ends on whitespace"),
        ((("headline", 0, 5), ("paragraph", 3, 22)), "starts before the previous part ends"),
        ((("headline", 0, 5), ("paragraph", 7, 40)), "outside the source"),
        ((("headline", 0, 0),), "empty"),
        ((("headline", 0, 5), ("paragraph", 10, 22)), "belongs to no part"),  # a hole in the middle
    ],
)
def test_check_names_what_is_wrong(spans: tuple[tuple[str, int, int], ...], message: str) -> None:
    d = _with_parts("Talks\n\nEnvoys met again.", *spans)
    with pytest.raises(ValueError, match=message):
        d.check()
    _with_parts("Talks\n\nEnvoys met again.", ("headline", 0, 5), ("paragraph", 7, 24)).check()
