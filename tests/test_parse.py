"""parse() end to end: the seed page, the bundled demo page, defects and strict mode."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import pathlib

import pytest

import wireparse
from conftest import SEED, covered, need_corpus
from wireparse.cli import demo_page


def test_seed_page_every_field() -> None:
    page = need_corpus(SEED).read_text(encoding="utf-8")
    label = json.loads(SEED.with_suffix(".json").read_text(encoding="utf-8"))
    d = wireparse.parse(page)
    assert d.site == label["site"]
    assert d.headline == label["headline"]
    assert d.byline is None
    assert d.dateline is not None
    assert (d.dateline.city, d.dateline.region, d.dateline.date.isoformat() if d.dateline.date else None) == (
        "Riga",
        None,
        "2021-12-01",
    )
    assert d.dateline.agency is not None and d.dateline.agency.code == "AFP"
    assert d.published == dt.date(2021, 12, 1)
    assert [p.text for p in d.paragraphs] == label["paragraphs"]
    lines = [line for b in d.boilerplate for line in ((b.heading,) if b.heading else ()) + b.lines]
    assert lines == label["boilerplate"]
    assert d.rights is not None and d.rights.holder == "Agence France-Presse"
    assert d.rights.agency is not None and d.rights.agency.code == "AFP"
    kinds = [b.kind for b in d.boilerplate]
    assert kinds[0] == "advertisement" and set(kinds[1:]) == {"sidebar"}
    assert [b.heading for b in d.boilerplate[1:]] == [
        "Space News from SpaceDaily.com",
        "24/7 Energy News Coverage",
        "Military Space News, Nuclear Weapons, Missile Defense",
        "24/7 News Coverage",
    ]
    assert covered(d)


def test_demo_page() -> None:
    d = wireparse.parse(demo_page())
    assert d.site == "TerraWire.com"
    assert d.headline == "Glacier survey finds faster spring melt in the northern Alps"
    assert d.byline == "Staff Writers"
    assert d.dateline is not None and d.dateline.city == "Innsbruck"
    assert d.dateline.date == dt.date(2024, 4, 3) and d.dateline.year_source == "page"
    assert d.published == dt.date(2024, 4, 4)
    assert len(d.paragraphs) == 5
    assert d.rights is not None and d.rights.holder == "Agence France-Presse"
    assert [b.kind for b in d.boilerplate] == ["advertisement", "sidebar", "navigation"]
    assert d.boilerplate[1].heading == "More Earth Science News from TerraWire.com"
    assert len(d.boilerplate[1].lines) == 3
    assert covered(d)


def test_inline_dateline_opens_the_first_paragraph() -> None:
    page = (
        "Ferry service resumes after storm\n\n"
        "BANGUI, Central African Republic (AP) — The Christian militiamen left the town on Sunday, "
        "residents said, after a week of fighting.\n\n"
        "Aid groups said they would return once the roads were cleared.\n"
    )
    d = wireparse.parse(page)
    assert d.dateline is not None
    assert (d.dateline.city, d.dateline.region) == ("BANGUI", "Central African Republic")
    assert d.source[d.dateline.span.start : d.dateline.span.end] == "BANGUI, Central African Republic (AP) —"
    assert d.paragraphs[0].text.startswith("The Christian militiamen")
    assert d.source[d.paragraphs[0].span.start :].startswith("The Christian militiamen")
    assert covered(d)


def test_reference_date_gives_the_year_only_when_the_page_has_none() -> None:
    page = "Port strike ends\n\nROTTERDAM, Oct 4 (Reuters) - Dock workers went back to work on Wednesday.\n"
    assert wireparse.parse(page).dateline.date is None  # type: ignore[union-attr]
    d = wireparse.parse(page, reference_date=dt.date(2023, 10, 6))
    assert d.dateline is not None and d.dateline.date == dt.date(2023, 10, 4)
    assert d.dateline.year_source == "reference"
    assert "dateline-no-year" in [x.code for x in wireparse.parse(page).defects]


def test_unknown_agency_is_a_defect_and_strict_raises_it() -> None:
    page = (
        "Highway reopens\n\nHONOLULU (HawaiiNewsNow) - Crews reopened the highway on Friday after a slide.\n"
    )
    d = wireparse.parse(page)
    assert d.dateline is not None and d.dateline.agency is not None and not d.dateline.agency.known
    assert "unknown-agency" in [x.code for x in d.defects]
    with pytest.raises(wireparse.ParseError) as info:
        wireparse.parse(page, strict=True)
    assert info.value.code == "unknown-agency" and info.value.span == d.dateline.span


def test_site_falls_back_to_the_url() -> None:
    d = wireparse.parse(
        "Council approves budget\n\nThe council approved the budget on Monday after a long debate.",
        url="https://www.example-news.org/local/budget",
    )
    assert d.site == "example-news.org"


@pytest.mark.parametrize("page", ["", "   \n\n  \t", "\x00", "((((", "—"])
def test_degenerate_pages_parse(page: str) -> None:
    d = wireparse.parse(page)
    assert covered(d)
    assert d.source == page.lstrip("\ufeff")


def test_byline_glued_to_the_dateline_gets_a_part_of_its_own() -> None:
    page = (
        "Border crossings to reopen\n\n"
        "By Anil K Mehra Thimphu, Oct 17 (PTI) Bhutan will reopen two border crossings next month, "
        "officials said on Monday.\n"
    )
    d = wireparse.parse(page, reference_date=dt.date(2022, 10, 18))
    assert d.byline == "Anil K Mehra"
    assert (
        d.dateline is not None and d.dateline.city == "Thimphu" and d.dateline.date == dt.date(2022, 10, 17)
    )
    assert [p.kind for p in d.parts] == ["headline", "byline", "dateline", "paragraph"]
    assert covered(d)


def test_photo_credit_glued_to_the_dateline_is_a_caption() -> None:
    page = (
        "Soot rule proposed\n\n"
        "The agency's headquarters in Washington. (AP Photo/Sam Ortega, File)WASHINGTON – The agency "
        "proposed a tighter limit on fine soot on Tuesday.\n"
    )
    d = wireparse.parse(page)
    assert d.dateline is not None and d.dateline.city == "WASHINGTON" and d.dateline.agency is None
    assert [b.kind for b in d.boilerplate] == ["caption"]
    assert d.paragraphs[0].text.startswith("The agency proposed")
    assert covered(d)


def test_a_byline_that_names_no_one_is_no_byline() -> None:
    from wireparse.agencies import default_registry  # noqa: PLC0415
    from wireparse.byline import names_like, read_credit  # noqa: PLC0415

    def name(text: str) -> str:
        c = read_credit(text, default_registry())
        return (c.byline or "") if c is not None else ""

    for text in ("By", "von", "05.06.2025 um 14:46", "před 2 hodinami", "• 8h", "9:51"):
        assert not names_like(name(text)), text
    for text in ("By Jane Doe", "Autor: Monika Bolliger", "구현모", "By MARK HOLLIS Associated Press"):
        assert names_like(name(text)), text


def test_an_agency_that_is_the_whole_credit_is_the_byline() -> None:
    from wireparse.agencies import default_registry  # noqa: PLC0415
    from wireparse.byline import read_credit  # noqa: PLC0415

    def name(text: str) -> str | None:
        c = read_credit(text, default_registry())
        return c.byline if c is not None else None

    assert name("By The Associated Press") == "The Associated Press"
    assert name("By Reuters") == "Reuters"
    assert name("Reuters | Dec 1, 2021") == "Reuters"
    assert name("By Jane Doe, Associated Press") == "Jane Doe"


# --- parse_file, and a path given to parse() ---------------------------------------------------------

STORY = "Ferry service resumes\n\nOSLO, Jan 3 (NTB) - The ferry sailed again on Tuesday, the operator said.\n"


def test_parse_file_reads_the_page_and_is_exported(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    packed = tmp_path / "story.txt.gz"
    packed.write_bytes(gzip.compress(STORY.encode("utf-8")))
    assert "parse_file" in wireparse.__all__
    want = wireparse.parse(STORY.encode("utf-8"), reference_date=dt.date(2024, 1, 5))
    for path in (page, str(page), packed):
        d = wireparse.parse_file(path, reference_date=dt.date(2024, 1, 5))
        assert d.to_dict() == want.to_dict()
        assert d.dateline is not None and d.dateline.date == dt.date(2024, 1, 3)
    with pytest.raises(FileNotFoundError):
        wireparse.parse_file(tmp_path / "missing.txt")
    with pytest.raises(TypeError, match=r"use parse\(\)"):
        wireparse.parse_file(STORY.encode("utf-8"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="parse_file"):
        wireparse.parse(page)  # type: ignore[arg-type]


def test_parse_file_reads_an_html_name_as_html(tmp_path: pathlib.Path) -> None:
    # a fragment that opens with text: by its content alone it is not HTML
    fragment = "Ferry service resumes <b>again</b>\n<p>OSLO, Jan 3 (NTB) - The ferry sailed.</p>\n"
    assert wireparse.parse(fragment.encode()).format == "text"
    page = tmp_path / "story.html"
    page.write_text(fragment, encoding="utf-8")
    d = wireparse.parse_file(page)
    assert d.format == "html" and "<b>" not in d.source
    assert wireparse.parse_file(page, html=False).format == "text"


def test_a_str_page_that_is_a_file_path_gets_a_defect(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "story.txt"
    page.write_text(STORY, encoding="utf-8")
    d = wireparse.parse(str(page))
    assert d.defects[0].code == "page-is-a-path"
    assert d.defects[0].span == wireparse.Span(0, len(str(page)))
    with pytest.raises(wireparse.ParseError):
        wireparse.parse(str(page), strict=True)
    monkeypatch.chdir(tmp_path)
    assert "page-is-a-path" in {x.code for x in wireparse.parse("story.txt").defects}
    # not a file, or not the whole page: no such defect
    for text in (str(tmp_path / "none.txt"), f"{page}\nmore", STORY, "x\x00y.txt", "a" * 5000 + ".txt"):
        assert "page-is-a-path" not in {x.code for x in wireparse.parse(text).defects}
