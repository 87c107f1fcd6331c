"""The credit reader (wireparse.byline) and the header's credits on parsed pages (wireparse.header)."""

from __future__ import annotations

import pytest

import wireparse
from wireparse.agencies import default_registry
from wireparse.byline import person_shaped, read_credit, sign_off

BODY = (
    "The council voted on Tuesday to extend the harbour by two hundred metres, officials said.\n\n"
    "Work is expected to begin next spring and to last for three years, the mayor told reporters."
)
HEAD = "Harbour expansion approved by council"


def credit(text: str) -> tuple[str | None, list[str], bool] | None:
    c = read_credit(text, default_registry())
    return None if c is None else (c.byline, [a.code for a in c.agencies], c.lead)


@pytest.mark.parametrize(
    ("text", "byline", "agencies"),
    [
        ("By The Associated Press", "The Associated Press", ["AP"]),
        ("The Associated Press", "The Associated Press", ["AP"]),
        ("Via AP news wire", "AP", ["AP"]),
        ("Jane Doe, Reuters", "Jane Doe", ["Reuters"]),
        ("Reuters | December 1, 2021", "Reuters", ["Reuters"]),
        ("By Jane Doe December 1, 2021", "Jane Doe", []),
        ("By Jane DoeDecember 1, 2021", "Jane Doe", []),
        ("By Jane Doe @janedoe", "Jane Doe", []),
        ("By Jane Doe, Senior Correspondent", "Jane Doe", []),
        ("By MARK HOLLIS Associated Press", "MARK HOLLIS", ["AP"]),
        ("By Lena Vogt, dpa =", "Lena Vogt", ["dpa"]),
        ("by Staff Writers", "Staff Writers", []),
        ("Jane Doe, John Roe and Ana Li", "Jane Doe, John Roe and Ana Li", []),
        ("Source: Xinhua | 2024-05-04 17:32:10 | Editor: Zhou Lan", "Xinhua", ["Xinhua"]),
        ("Text: Ana Li | Foto: dpa", "Ana Li", []),
        ("By STEVEN DAVIDOFF SOLOMON JULY 29, 2016", "STEVEN DAVIDOFF SOLOMON", []),
    ],
)
def test_credit_forms(text: str, byline: str, agencies: list[str]) -> None:
    got = credit(text)
    assert got is not None and got[0] == byline and got[1] == agencies, got


def test_a_bare_by_label_names_no_one_but_is_a_credit() -> None:
    assert credit("By") == (None, [], True)
    assert credit("von") == (None, [], True)


@pytest.mark.parametrize(
    "text",
    ["Updated 10:32 AM EST", "před 2 hodinami", "Editor: Zhou Lan", "The council voted on Tuesday to act."],
)
def test_timestamps_labels_and_prose_are_no_credit(text: str) -> None:
    assert credit(text) is None


def test_person_shape() -> None:
    assert person_shaped("Jane Doe") and person_shaped("MARK HOLLIS") and person_shaped("Ana Li y Juan Gil")
    assert not person_shaped("Talks with AFP") and not person_shaped("Updated 10:31")
    assert not person_shaped("The council met.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the mayor told reporters. — Reuters", "Reuters"),
        ("he said.-AFP", "AFP"),
        ("(Prensa Latina)", "Prensa Latina"),
        ("officials said. REUTERS", "Reuters"),
        ("the talks with Reuters", None),
        ("officials said. AP", None),
    ],
)
def test_sign_off(text: str, code: str | None) -> None:
    found = sign_off(text, default_registry())
    assert (found.code if found else None) == code


@pytest.mark.parametrize(
    ("credit_block", "byline", "agencies"),
    [
        ("The Associated Press", "The Associated Press", ["AP"]),
        ("Via AP news wire", "AP", ["AP"]),
        ("Jane Doe, Reuters", "Jane Doe", ["Reuters"]),
        ("Reuters | December 1, 2021", "Reuters", ["Reuters"]),
        ("Jane Doe\nReuters", "Jane Doe", ["Reuters"]),
        ("By\n\nJane Doe", "Jane Doe", []),
        ("By Jane Doe @janedoe", "Jane Doe", []),
        ("By Jane Doe, Senior Correspondent", "Jane Doe", []),
    ],
)
def test_credit_under_the_headline(credit_block: str, byline: str, agencies: list[str]) -> None:
    d = wireparse.parse(f"{HEAD}\n\n{credit_block}\n\n{BODY}")
    assert d.headline == HEAD
    assert d.byline == byline
    assert [a.code for a in d.agencies] == agencies
    assert "byline" in [p.kind for p in d.parts]
    d.check()


def test_a_timestamp_is_no_byline() -> None:
    d = wireparse.parse(f"{HEAD}\n\nUpdated 10:32 AM EST\n\n{BODY}")
    assert d.headline == HEAD and d.byline is None


def test_a_byline_under_the_body() -> None:
    d = wireparse.parse(f"{HEAD}\n\n{BODY}\n\nBy Jane Doe")
    assert d.byline == "Jane Doe"
    assert [p.kind for p in d.parts][-1] == "byline"
    assert len(d.paragraphs) == 2


@pytest.mark.parametrize(
    ("tail", "code"), [(" — Reuters", "Reuters"), (" -AFP", "AFP"), ("\n\n(Prensa Latina)", "Prensa Latina")]
)
def test_an_agency_credited_only_at_the_end_is_on_the_record(tail: str, code: str) -> None:
    d = wireparse.parse(f"{HEAD}\n\n{BODY}{tail}")
    assert [a.code for a in d.credits] == [code]
    assert [a.code for a in d.agencies] == [code]
    back = wireparse.Dispatch.from_dict(d.to_dict())
    assert back == d and [a.code for a in back.credits] == [code]


def test_agencies_put_the_datelines_first_each_once() -> None:
    d = wireparse.parse(f"{HEAD}\n\nJane Doe, Reuters\n\nLONDON (Reuters) - {BODY} -AFP")
    assert d.dateline is not None and [a.code for a in d.dateline.agencies] == ["Reuters"]
    assert [a.code for a in d.credits] == ["AFP"]
    assert [a.code for a in d.agencies] == ["Reuters", "AFP"]


def test_an_old_record_upgrades_with_no_credits() -> None:
    from wireparse.records import upgrade_dict  # noqa: PLC0415

    assert upgrade_dict({"schema_version": "1.2"})["credits"] == []


def test_a_name_beside_a_date_is_the_byline() -> None:
    d = wireparse.parse(f"{HEAD}\n\nAna Ruiz | 05.04.2025 - Updated: 05.04.2025\n\n{BODY}")
    assert d.byline == "Ana Ruiz"


def test_a_name_right_under_the_headline_over_the_date_is_the_byline() -> None:
    page = f"<html><body><h1>{HEAD}</h1><div>Ana Ruiz</div><div>20/1/2026 18:30</div>"
    page += "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</body></html>"
    d = wireparse.parse_html(page)
    assert d.byline == "Ana Ruiz"


def _html_page(head: str, credit: str) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    return f"<html><head>{head}</head><body><h1>{HEAD}</h1>{credit}{paragraphs}</body></html>"


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ana Ruiz">',
        '<meta name="twitter:misc:Written by" content="Ana Ruiz">',
    ],
)
def test_the_yoast_written_by_pair_names_the_author(head: str) -> None:
    assert wireparse.parse_html(_html_page(head, "")).byline == "Ana Ruiz"


@pytest.mark.parametrize(
    "link", ['<a rel="author" href="/x">Ana Ruiz</a>', '<a href="/author/ana-ruiz">Ana Ruiz</a>']
)
def test_a_link_to_the_author_is_the_byline(link: str) -> None:
    from wireparse.html import read_html  # noqa: PLC0415

    markup = read_html(_html_page("", f"<div>{link}</div>"))
    lines = markup.text.split("\n")
    hints = markup.span_hints([(markup.text.index("Ana Ruiz"), markup.text.index("Ana Ruiz") + 8)])
    assert "Ana Ruiz" in lines and "cls_byline" in hints[0]
    assert wireparse.parse_html(_html_page("", f"<div>{link}</div>")).byline == "Ana Ruiz"


@pytest.mark.parametrize(
    ("text", "byline"),
    [
        ("Reporting by Jane Doe; Editing by John Roe", "Jane Doe"),
        (
            "Reporting by Jane Doe; Additional reporting by Ana Li; Editing by John Roe",
            "Jane Doe, Ana Li",
        ),
        ("By Jane Doe | Photos by Max Roe", "Jane Doe"),
        ("By Anjali Rao with Pierre Lamy in Islamabad", "Anjali Rao with Pierre Lamy in Islamabad"),
    ],
)
def test_other_work_and_places_are_not_the_names(text: str, byline: str) -> None:
    got = credit(text)
    assert got is not None and got[0] == byline


def test_a_reporting_credit_under_the_body_is_the_byline() -> None:
    d = wireparse.parse(f"{HEAD}\n\n{BODY}\n\nReporting by Jane Doe; Editing by John Roe")
    assert d.byline == "Jane Doe"
    assert [p.kind for p in d.parts][-1] == "byline"
