"""Properties (Hypothesis): any text parses, parts cover the page, and layout noise changes nothing."""

from __future__ import annotations

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wireparse
from conftest import covered, fields
from wireparse import Dispatch
from wireparse.cli import demo_page

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LINES = st.lists(
    st.one_of(
        st.text(max_size=120),
        st.sampled_from(
            [
                "ADVERTISEMENT",
                "PARIS, Dec 1 (AFP) - The minister said on Monday that talks would go on.",
                "Riga, Dec 1 (AFP) Dec 01, 2021",
                "Copyright 2023 The Associated Press. All rights reserved.",
                "Most Read",
                "by Staff Writers",
                "Home | World | Business",
                "The council voted on Tuesday to approve the new budget for the coming year.",
            ]
        ),
    ),
    max_size=25,
)


@SETTINGS
@given(st.text(max_size=2000))
def test_any_text_parses_and_parts_cover_it(text: str) -> None:
    d = wireparse.parse(text)
    assert covered(d)
    assert Dispatch.from_dict(d.to_dict()) == d


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes_parse(data: bytes) -> None:
    d = wireparse.parse(data)
    assert covered(d)
    assert d.encoding is not None


@SETTINGS
@given(LINES)
def test_pages_of_realistic_lines(lines: list[str]) -> None:
    d = wireparse.parse("\n".join(lines))
    assert covered(d)
    assert Dispatch.from_dict(d.to_dict()) == d


@SETTINGS
@given(LINES)
def test_crlf_and_trailing_spaces_change_nothing(lines: list[str]) -> None:
    page = "\n".join(line.replace("\r", "").replace("\n", " ") for line in lines)
    base = wireparse.parse(page)
    crlf = wireparse.parse(page.replace("\n", "\r\n"))
    assert fields(crlf) == fields(base)
    assert attrs.evolve(crlf, source=base.source) == base or fields(crlf) == fields(base)


def test_metamorphic_variants_of_the_demo_page() -> None:
    page = demo_page()
    base = fields(wireparse.parse(page))
    variants = [
        page.replace("\n", "\r\n"),
        page.replace("\n\n", "\n\n\n"),
        page.replace(" (AFP) ", "\u00a0(AFP)\u00a0"),
        "\n".join(line + "  " for line in page.split("\n")),
        "\n\n" + page + "\n\n\n",
    ]
    for variant in variants:
        assert fields(wireparse.parse(variant)) == base
