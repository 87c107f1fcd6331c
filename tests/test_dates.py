"""Dates: month tokens in six languages, date slots, year inference (never the clock)."""

from __future__ import annotations

import datetime as dt

import pytest

from wireparse.dates import find_full_date, infer_year, match_date_prefix, month_tokens, parse_date_slot


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Dec 1", (12, 1, None)),
        ("Sept. 20", (9, 20, None)),
        ("Aug 29, 2014", (8, 29, 2014)),
        ("March 5", (3, 5, None)),
        ("1er déc", (12, 1, None)),
        ("21 ene", (1, 21, None)),
        ("16 APR", (4, 16, None)),
        ("29 mar", (3, 29, None)),
        ("3. Mai", (5, 3, None)),
        ("14 ago", (8, 14, None)),
        ("5 de outubro de 2023", (10, 5, 2023)),
        ("2 GEN", (1, 2, None)),
    ],
)
def test_date_slots(text: str, parts: tuple[int, int, int | None]) -> None:
    assert parse_date_slot(text) == parts


@pytest.mark.parametrize("text", ["Dec 41", "Monday", "Feb 30, 2023", "2023", "may be", "the 5 of them"])
def test_not_date_slots(text: str) -> None:
    assert parse_date_slot(text) is None


@pytest.mark.parametrize(
    ("month", "day", "anchor", "want"),
    [
        (12, 31, dt.date(2022, 1, 1), dt.date(2021, 12, 31)),
        (3, 16, dt.date(2023, 3, 15), dt.date(2023, 3, 16)),
        (1, 2, dt.date(2022, 12, 30), dt.date(2023, 1, 2)),
        (2, 29, dt.date(2024, 3, 5), dt.date(2024, 2, 29)),
        (2, 29, dt.date(2023, 3, 5), dt.date(2024, 2, 29)),
        (7, 4, dt.date(1987, 7, 4), dt.date(1987, 7, 4)),
    ],
)
def test_year_inference_takes_the_nearest_year(month: int, day: int, anchor: dt.date, want: dt.date) -> None:
    assert infer_year(month, day, anchor) == want


def test_full_dates_in_timestamps() -> None:
    assert find_full_date("Published 3:14 PM EST, March 3, 2023") == dt.date(2023, 3, 3)
    assert find_full_date("Updated 10:01 pm PST, Tuesday, November 19, 2019") == dt.date(2019, 11, 19)
    assert find_full_date("2019-11-19T10:00:00Z") == dt.date(2019, 11, 19)
    assert find_full_date("Updated 14 hours ago") is None


def test_month_table_has_six_languages() -> None:
    tokens = month_tokens()
    for token, month in [
        ("janvier", 1),
        ("enero", 1),
        ("januar", 1),
        ("gennaio", 1),
        ("janeiro", 1),
        ("sept.", 9),
    ]:
        assert tokens[token] == month


@pytest.mark.parametrize(
    ("text", "parts", "length"),
    [
        ("04/03/2023 (MAP) -", (3, 4, 2023), 10),  # day first, as the wires that print numbers do
        ("17.04.2017 (AA) -", (4, 17, 2017), 10),  # only day first makes a date
        ("11/24/2023 (AP) -", (11, 24, 2023), 10),  # only month first makes a date
        ("Dec 1 (AFP)", (12, 1, None), 5),
    ],
)
def test_date_prefixes(text: str, parts: tuple[int, int, int | None], length: int) -> None:
    got = match_date_prefix(text)
    assert got is not None
    m, p = got
    assert p == parts and m.end() == length


@pytest.mark.parametrize("text", ["31/31/2023 (MAP)", "04/03/23 (MAP)", "12.5 percent", "4/3 of them"])
def test_not_date_prefixes(text: str) -> None:
    assert match_date_prefix(text) is None


def test_a_date_broken_across_lines_reads_whatever_the_trailing_spaces() -> None:
    # found by the fuzzer (seed 7): three spaces before the line break hid the month
    for gap in (" \n", "   \n", " \t  \n  "):
        got = match_date_prefix(f"16{gap}APR - text")
        assert got is not None and got[1] == (4, 16, None)
