"""Stage 2, lines: units, blocks and exact spans; hard-wrapped paragraphs joined."""

from __future__ import annotations

from wireparse.lines import tidy, units


def test_units_have_exact_trimmed_spans() -> None:
    src = "  Headline here  \n\n\tFirst line\nSecond line\n\n\nLast"
    us = units(src)
    assert [src[u.start : u.end] for u in us] == ["Headline here", "First line", "Second line", "Last"]
    assert [u.block for u in us] == [0, 1, 1, 2]
    assert [u.block_size for u in us] == [1, 2, 2, 1]
    assert us[3].gap_before == 2


def test_hard_wrapped_paragraphs_are_joined_with_exact_spans() -> None:
    src = (
        "The central bank said on Tuesday that it would keep its main\n"
        "lending rate unchanged for a third month, citing slower growth\n"
        "in consumer prices.\n"
        "    Analysts had expected the decision and markets barely moved\n"
        "after the announcement was published in the morning.\n"
    )
    us = units(src)
    assert len(us) == 2
    assert us[0].text.startswith("The central bank") and us[0].text.endswith("consumer prices.")
    assert us[0].n_lines == 3
    assert src[us[1].start : us[1].end].startswith("Analysts")
    assert "\n" not in us[1].text


def test_a_list_of_headlines_is_not_taken_for_wrapped_prose() -> None:
    src = (
        "Most Read\n"
        "Regional bank raises its dividend for the second time this year\n"
        "Grain prices climb as dry weather hits the southern plains again\n"
        "Shipping firm orders six new container vessels from Korean yard\n"
    )
    assert len(units(src)) == 4


def test_tidy_collapses_every_space() -> None:
    assert tidy(" a\u00a0 b\t\nc ") == "a b c"
