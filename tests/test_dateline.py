"""The dateline grammar, driven by ``tests/data/datelines.toml`` (our own writing in real formats).

Known failures are listed in ``KNOWN_FAIL`` with their reason and run as strict xfail, so a fix
shows up as an unexpected pass.
"""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from wireparse import parse, parse_dateline

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


# --- issue 19, item 1: the dateline shapes of unseen pages (tests/data/dateline_shapes.toml) -----

SHAPES_DATA = tomllib.loads(
    (Path(__file__).parent / "data" / "dateline_shapes.toml").read_text(encoding="utf-8")
)
SHAPES: list[dict[str, Any]] = SHAPES_DATA["shape"]
NOT_SHAPES: list[dict[str, Any]] = SHAPES_DATA["not_shape"]
CLASSES = (
    "bracket-city",
    "separator",
    "date-first",
    "source-first",
    "no-space-bracket",
    "lower-credit",
    "dash-encoding",
    "timestamp-first",
    "gazetteer-word",
    "script",
)


def test_every_shape_class_has_cases() -> None:
    by_class = {c: sum(1 for s in SHAPES if s["class"] == c) for c in CLASSES}
    assert {s["class"] for s in SHAPES} <= set(CLASSES)
    assert all(n >= 2 for n in by_class.values()), by_class


@pytest.mark.parametrize("case", [pytest.param(c, id=f"{c['class']}:{_id(c)}") for c in SHAPES])
def test_dateline_shape(case: dict[str, Any]) -> None:
    ref = dt.date.fromisoformat(case["reference_date"]) if "reference_date" in case else None
    d = parse_dateline(case["text"], reference_date=ref)
    assert d is not None, "no dateline found"
    assert d.text == case["dateline"]
    got = (d.city, d.region, d.date.isoformat() if d.date else None, [a.code for a in d.agencies])
    want = (case.get("city"), case.get("region"), case.get("date"), case.get("agencies", []))
    assert got == want
    assert all(a.known != case.get("unknown", False) for a in d.agencies)
    assert case["text"][d.span.start : d.span.end] == case["dateline"]


@pytest.mark.parametrize("case", [pytest.param(c, id=_id(c)) for c in NOT_SHAPES])
def test_not_a_dateline_shape(case: dict[str, Any]) -> None:
    d = parse_dateline(case["text"])
    if case["expect"] == "none":
        assert d is None, d
    else:
        assert d is None or d.city is None


# --- issue 19, item 2: text in front of the dateline on its line --------------------------------


@pytest.mark.parametrize(
    ("lead", "kind"),
    [
        ("(Adds comment from the port authority)", "other"),
        ("(Updates with closing prices)", "other"),
        ("May 5, 2024", "other"),
        ("Tue, 04/11/2023 10:32", "other"),
        ("IMG_2045.JPG", "caption"),
        ("harbour-cranes_final.jpeg", "caption"),
        ("Photo: Jane Roe/AFP", "caption"),
        ("Jane Roe/AFP", "caption"),
        ("REUTERS/Jane Roe", "caption"),
        ("Getty Images", "caption"),
        ("AFP PHOTO", "caption"),
    ],
)
def test_text_before_the_dateline_is_its_own_part(lead: str, kind: str) -> None:
    line = (
        f"{lead} ROTTERDAM, May 5 (Reuters) - Dock workers ended a two-day strike on Sunday after a pay deal."
    )
    page = f"Port strike ends\n\n{line}\n\nThe union said members would vote on the deal next week."
    d = parse(page, reference_date=dt.date(2024, 5, 6))
    assert d.dateline is not None and d.dateline.city == "ROTTERDAM"
    assert d.dateline.text == "ROTTERDAM, May 5 (Reuters) -" and d.dateline.agency is not None
    assert d.paragraphs[0].text.startswith("Dock workers ended")
    glued = [b for b in d.boilerplate if b.text == lead]
    assert len(glued) == 1 and glued[0].kind == kind
    # every character of the line lands in a part, in page order
    start = page.index(line)
    inside = sorted((p.span.start, p.span.end) for p in d.parts if start <= p.span.start < start + len(line))
    assert inside[0] == (start, start + len(lead))
    assert "".join(page[a:b] for a, b in inside).replace(" ", "") == line.replace(" ", "")


def test_a_byline_before_the_dateline_stays_a_byline() -> None:
    page = "Talks resume\n\nBy Jane Roe LISBON (Reuters) - Envoys met again on Monday to discuss fishing.\n"
    d = parse(page)
    assert d.dateline is not None and d.dateline.city == "LISBON"
    assert d.byline == "Jane Roe"


# --- issue 19, item 3: where the dateline is looked for -----------------------------------------


def test_the_dateline_under_a_standfirst_is_found() -> None:
    page = (
        "Mayor defends budget\n\n"
        "The city's spending plan drew sharp questions from the council.\n\n"
        "NEW YORK (AP) — The mayor defended his budget on Tuesday, saying the cuts to libraries "
        "would be reversed once the new tax revenue came in.\n\n"
        "Council members said they would hold hearings next month."
    )
    d = parse(page)
    assert d.dateline is not None and d.dateline.city == "NEW YORK" and d.dateline.agency is not None
    texts = [p.text for p in d.paragraphs]
    assert "The mayor defended his budget" in " ".join(texts)
    assert not any(t.startswith("NEW YORK") for t in texts)


def test_a_colon_deep_in_a_story_is_not_its_dateline() -> None:
    long = " ".join(["The council met for hours and heard from residents about the plan."] * 8)
    page = f"Council meets\n\n{long}\n\n{long}\n\nParis: the committee will report in June on the plan.\n"
    d = parse(page)
    assert d.dateline is None


def test_a_source_line_alone_gets_a_defect() -> None:
    page = (
        "Rail link opens\n\n(Xinhua)\n\n"
        "A new rail link between the two cities opened on Monday, cutting the journey to two hours.\n\n"
        "Officials said ten trains a day would run in each direction."
    )
    d = parse(page)
    if d.dateline is not None:
        assert d.dateline.city is None
        assert "dateline-no-place" in {x.code for x in d.defects}


def test_a_windows_1252_dash_in_a_utf8_page() -> None:
    page = (
        "Caf\u00e9 owners protest\n\nATHENS \x97 Caf\u00e9 owners closed their doors for a day on Thursday "
        "to protest a new tax on terraces.\n\nThe ministry said it would meet them."
    ).encode("utf-8")
    page = page.replace("\x97".encode(), b"\x97")  # the stray Windows-1252 byte
    d = parse(page)
    assert d.dateline is not None and d.dateline.city == "ATHENS"
    assert d.paragraphs[0].text.startswith("Caf\u00e9 owners closed")


def test_the_shapes_stay_linear() -> None:
    def run(n: int) -> float:
        line = "(" + "Adds " * n + ") " + "NEW " * n + "YORK" + " |" * n + "." * n + "-" * n
        start = time.perf_counter()
        for _ in range(5):
            parse_dateline(line)
            parse_dateline("Berlin" + "/Berlin" * n + ". " + "Die " * n)
            parse_dateline("(" * n + "Paris" + ")" * n + " – " + "x " * n)
            parse_dateline("新华社" + "北京" * n + "5月5日电")
        return time.perf_counter() - start

    small, large = run(2000), run(8000)
    assert large < max(0.05, small) * 8


def test_a_source_line_above_the_real_dateline_gives_way_to_it() -> None:
    page = (
        "Rail link opens\n\n(Xinhua)\n\n"
        "BEIJING, May 5 (Xinhua) -- A new rail link between the two cities opened on Monday, cutting the "
        "journey to two hours.\n\nOfficials said ten trains a day would run in each direction."
    )
    d = parse(page, reference_date=dt.date(2024, 5, 6))
    assert d.dateline is not None and d.dateline.city == "BEIJING" and d.dateline.date == dt.date(2024, 5, 5)
    assert d.paragraphs[0].text.startswith("A new rail link")
    assert [b.text for b in d.boilerplate] == ["(Xinhua)"]
    assert "dateline-no-place" not in {x.code for x in d.defects}


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("القاهرة (رويترز) - قالت الوزارة إن الخط سيفتح قريبا.", "Cairo", "EG"),
        ("اسلام آباد (اے پی پی) - وفاقی کابینہ نے بجٹ منظور کر لیا۔", "Islamabad", "PK"),
        ("新华社北京5月5日电 国务院今天召开会议。", "Beijing", "CN"),
        ("(서울=연합뉴스) 정부는 새 계획을 발표했다.", "Seoul", "KR"),
        ("МОСКВА, 5 мая (Рейтер) - Банк сохранил ставку.", "Moscow", "RU"),
    ],
)
def test_a_dateline_in_another_script_resolves_its_place(text: str, name: str, country: str) -> None:
    d = parse_dateline(text)
    assert d is not None and d.place is not None
    assert (d.place.name, d.place.country) == (name, country)


def test_a_slash_between_digits_is_no_photo_credit_lead_in() -> None:
    """``24/7 News`` holds a slash, but a photo credit's slash stands between letters (``Jane
    Roe/AFP``): no guessed dateline start is tried after each of its words."""
    from wireparse.dateline import _lead_ins  # noqa: PLC0415

    assert _lead_ins("24/7 Energy News Coverage") == []
    assert [kind for _, _, kind in _lead_ins("Jane Roe/AFP LONDON (AFP) - Talks began.")] == ["caption"] * 2
