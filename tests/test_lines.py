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


OLD_WIRE = (
    "    HALIFAX, June 4 (Reuters) - Quarterly dividend of 12 cts a share, up\n"
    "from nine cts in the same quarter a year ago\n"
    "    Pay date July 15\n"
    "    Holders of record June 30\n"
)


def test_paragraphs_marked_by_indent_are_units_and_blocks_of_their_own() -> None:
    us = units(OLD_WIRE)
    assert [u.text for u in us] == [
        "HALIFAX, June 4 (Reuters) - Quarterly dividend of 12 cts a share, up from nine cts in the same "
        "quarter a year ago",
        "Pay date July 15",
        "Holders of record June 30",
    ]
    # each paragraph is a block of one, as if blank lines stood between them: no list of lines
    assert [u.block_size for u in us] == [1, 1, 1]
    assert len({u.block for u in us}) == 3


def test_an_indented_list_with_no_line_running_on_is_not_wrapped() -> None:
    page = "    Shr 41 cts vs 17 cts\nNet 5,120,000 vs 2,004,000\nRevs 88.4 mln vs 79.9 mln\n"
    assert [u.n_lines for u in units(page)] == [1, 1, 1]


def test_a_compound_broken_at_its_hyphen_is_joined_again() -> None:
    page = (
        "The senior economist at the Long-\nTerm Credit Bank of Japan said on Monday that\nrates would rise."
    )
    (u,) = units(page)
    assert "Long-Term Credit" in u.text
    assert tidy("a dash -\nthen more") == "a dash - then more"  # a spaced dash is no broken compound


def test_trailing_space_after_a_broken_hyphen_is_any_space() -> None:
    # found by the fuzzer (seed 6): an NBSP after the hyphen must join as a plain space does
    assert tidy("Long- \nTerm") == tidy("Long-\u00a0\nTerm") == "Long-Term"
    assert tidy("Long-\t\u2009\nTerm") == "Long-Term"


def test_a_url_line_does_not_continue_the_line_above() -> None:
    page = "1) A pocket arcade cabinet with twenty games\nhttps://shop.example.com/p/1\n"
    page += "2) A clear-shell cassette player with Bluetooth\nhttps://shop.example.com/p/2\n"
    assert [u.n_lines for u in units(page)] == [1, 1, 1, 1]


WRAPPED = [
    "WASHINGTON (UPI) -- The Senate voted on Tuesday to extend the",
    "program for another year, sending the measure to the House where",
    "its fate is uncertain after weeks of debate and many amendments.",
    "Supporters said the extension would keep thousands of families in",
    "their homes through the winter.",
]


def test_wire_copy_with_a_blank_line_after_every_line_is_one_wrapped_block() -> None:
    """Issue 19 item 6: a dump that put a blank line after every hard-wrapped line. The run ends at
    its first short line (a paragraph's last), and the headline above it is no part of it."""
    page = "Senate extends housing aid\n\n" + "\n\n".join(WRAPPED) + "\n\nOther news of the day"
    got = units(page)
    assert [u.text[:20] for u in got] == [
        "Senate extends housi",
        "WASHINGTON (UPI) -- ",
        "Other news of the da",
    ]
    assert got[1].n_lines == 5 and got[1].text.endswith("through the winter.")
    assert page[got[1].start : got[1].end].count("\n\n") == 4  # the span covers the blank lines
    # as HTML text (read_html puts a blank line between every two blocks) nothing is joined
    assert len(units(page, spaced=False)) == 7
    # how many blank lines stand between the lines does not matter (the fuzzers' "blank" check)
    doubled = page.replace("\n\n", "\n\n\n")
    assert [u.text for u in units(doubled)] == [u.text for u in got]


def test_one_sentence_paragraphs_a_blank_line_apart_are_not_joined() -> None:
    lines = [
        "The harbour board voted six to one on Tuesday to build a terminal.",
        "The terminal will cost about 40 million crowns, the chair said.",
        "Work is due to begin in the autumn and end by the spring of 2027.",
        "Residents said they feared more traffic on the roads to the quay.",
    ]
    assert len(units("\n\n".join(lines))) == 4
