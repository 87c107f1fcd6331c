"""Stage 2, lines: the page as units with exact spans.

A *line* is a run of text between newlines, trimmed of surrounding whitespace; a *block* is a run of
non-blank lines between blank ones. A *unit* is what the labeller labels: usually one line, but the
lines of a hard-wrapped paragraph (old wire copy broken at ~70 characters) are joined into one unit,
so that a paragraph is one unit however it was wrapped. A unit's span runs from its first to its last
non-blank character; its ``text`` has whitespace tidied to single spaces.
"""

from __future__ import annotations

import itertools

import regex

_SENTENCE_END = frozenset(".!?\"'”’»)")

_CONTINUING = frozenset(("and", "the", "of", "a", "to"))
"""A line ending on one of these words goes on in the next line."""
_LINK_STARTS = ("http://", "https://", "www.")
WRAP_MIN_WIDTH = 40
"""A block whose longest line is shorter than this is never taken for hard-wrapped prose."""
WRAP_FILL = 0.55
"""A wrapped line (other than a paragraph's last) fills at least this share of the widest line."""


def tidy(text: str) -> str:
    r"""Collapse every run of whitespace (NBSP, tabs, newlines…) to one space and trim; a compound
    broken after its hyphen at a line end is joined again (``Long-\nTerm`` → ``Long-Term``)."""
    if "-" in text and "\n" in text:
        text = _HYPHEN_BREAK.sub("-", text)
    return " ".join(text.split())


_HYPHEN_BREAK = regex.compile(r"(?<=\p{L})-[^\S\n]*+\n\s*+(?=\p{L})")


class Unit:
    """One labelled unit of the page (a line, or the lines of one hard-wrapped paragraph)."""

    __slots__ = ("block", "block_pos", "block_size", "end", "gap_before", "index", "n_lines", "start", "text")

    def __init__(self, start: int, end: int, text: str, block: int, n_lines: int, gap_before: int) -> None:
        self.start = start
        """Offset of the first non-blank character."""
        self.end = end
        """Offset one past the last non-blank character."""
        self.text = text
        """The unit's text, whitespace tidied."""
        self.block = block
        """Index of the blank-line-separated block that holds it."""
        self.n_lines = n_lines
        """How many physical lines it spans."""
        self.gap_before = gap_before
        """Blank lines between it and the unit before (0 inside a block)."""
        self.index = 0
        self.block_pos = 0
        self.block_size = 1

    def __repr__(self) -> str:
        return f"Unit({self.start}, {self.end}, {self.text[:40]!r})"


def _raw_lines(source: str) -> list[tuple[int, int, int, int]]:
    """(start, end, indent, line number) of every non-blank line, trimmed; blank lines are skipped."""
    out = []
    pos = 0
    for number, line in enumerate(source.split("\n")):
        stripped_left = line.lstrip()
        if stripped_left:
            indent = len(line) - len(stripped_left)
            out.append((pos + indent, pos + indent + len(stripped_left.rstrip()), indent, number))
        pos += len(line) + 1
    return out


def _is_wrapped(source: str, block: list[tuple[int, int, int, int]], *, indented: bool = True) -> bool:
    """True when a multi-line block reads as prose hard-wrapped at a fixed width: most lines run
    on into the next, or (``indented``) its paragraphs are marked by an indented first line."""
    if len(block) < 2:
        return False
    widths = [e - s for s, e, _, _ in block]
    widest = max(widths)
    if widest < WRAP_MIN_WIDTH or widest > 200:
        return False
    continuing = full = 0
    for (s, e, _, _), (s2, e2, _i2, _n2) in itertools.pairwise(block):
        first = source[s2]
        last = source[e - 1]
        words = source[s:e].rsplit(None, 1)
        lower = first.islower() and not source.startswith(_LINK_STARTS, s2)  # a URL line opens no clause
        if lower or last in ",;-" or (len(words) == 2 and words[1] in _CONTINUING):
            continuing += 1
        elif e - s + 1 + len(source[s2:e2].split(None, 1)[0]) > widest:
            full += 1  # the next line's first word would not have fitted: the line was broken
    pairs = len(block) - 1
    if continuing * 2 > pairs:
        return True
    if not indented:
        return False
    # paragraphs marked by indenting their first line, as old wire copy is: the block opens indented
    # deeper than a later line, and at least one line runs on into the next
    return continuing + full > 0 and block[0][2] > min(i for _, _, i, _ in block)


def _split_wrapped(
    source: str, block: list[tuple[int, int, int, int]]
) -> list[list[tuple[int, int, int, int]]]:
    """Cut a wrapped block into paragraphs at indented lines and at short lines ending a sentence."""
    widest = max(e - s for s, e, _, _ in block)
    base_indent = min(i for _, _, i, _ in block)
    paragraphs: list[list[tuple[int, int, int, int]]] = [[block[0]]]
    for prev, line in itertools.pairwise(block):
        ps, pe, _, _ = prev
        short_end = (pe - ps) < WRAP_FILL * widest and source[pe - 1] in _SENTENCE_END
        if line[2] > base_indent or short_end:
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return paragraphs


DOUBLE_SPACED_RUN = 3
"""This many one-line blocks in a row, blank lines apart, all but the last as wide as a wrapped
line (:data:`WRAP_FILL` of the widest), that read as hard-wrapped prose (:func:`_is_wrapped`) are
one wrapped block: a text dump that put a blank line after every line of wire copy."""


DOUBLE_SPACED_MAX = 200
"""A double-spaced run is looked for over at most this many lines from each start (no paragraph
is longer), which keeps the search linear in the page."""


def _double_spaced(source: str, raw: list[tuple[int, int, int, int]], i: int) -> tuple[int, int]:
    """(end, scanned): the end of the run of one-line blocks from ``raw[i]`` that make one wrapped
    block with a blank line after every line (``i + 1`` when they make none), and how far the scan
    went. The scan stops at the run's first short line (a paragraph's last, kept), so a page is
    scanned once: no start inside a rejected scan is tried again (:func:`units`)."""
    n = len(raw)
    widest = raw[i][1] - raw[i][0]
    k = i + 1
    while (
        k < n
        and k - i < DOUBLE_SPACED_MAX
        and raw[k][3] > raw[k - 1][3] + 1  # blank lines between (how many does not matter)
        and (k + 1 >= n or raw[k + 1][3] != raw[k][3] + 1)  # and a block of one line
    ):
        width = raw[k][1] - raw[k][0]
        widest = max(widest, width)
        k += 1
        if width < WRAP_FILL * widest:
            break  # a paragraph's last line ends the run
    run = raw[i:k]
    short = next((m for m, (s, e, _, _) in enumerate(run[:-1]) if e - s < WRAP_FILL * widest), None)
    if short is None and len(run) >= DOUBLE_SPACED_RUN and _is_wrapped(source, run, indented=False):
        return k, k
    # no run from here; none either from a start before the first short line (a headline above
    # the copy), whose run would stop there
    return i + 1, (i + max(short, 1)) if short is not None else k


def units(source: str, *, spaced: bool = True) -> list[Unit]:
    """The page's units in order, with block positions filled in. ``spaced``: look for wire copy
    with a blank line after every line (:func:`_double_spaced`); off for the text of an HTML page,
    whose blocks are one blank line apart by construction."""
    raw = _raw_lines(source)
    out: list[Unit] = []
    block_id = -1
    i = 0
    n = len(raw)
    prev_line = 0
    scanned = 0  # lines up to here were looked at for a double-spaced run, and made none
    while i < n:
        # gather one block: lines with no blank line between them
        j = i + 1
        while j < n and raw[j][3] == raw[j - 1][3] + 1:
            j += 1
        if spaced and j == i + 1 and i >= scanned:
            j, scanned = _double_spaced(source, raw, i)
        block = raw[i:j]
        block_id += 1
        gap = max(block[0][3] - prev_line - 1, 0) if out else 0
        if _is_wrapped(source, block):
            # hard-wrapped prose: each paragraph (cut at an indent or a short last line) is a block
            # of its own, as if blank lines stood between them; the block is no list of lines
            for k, group in enumerate(_split_wrapped(source, block)):
                if k:
                    block_id += 1
                s, e = group[0][0], group[-1][1]
                out.append(Unit(s, e, tidy(source[s:e]), block_id, len(group), gap if k == 0 else 0))
        else:
            first_unit = len(out)
            for k, (s, e, _, _) in enumerate(block):
                out.append(Unit(s, e, tidy(source[s:e]), block_id, 1, gap if k == 0 else 0))
            size = len(out) - first_unit
            for k in range(first_unit, len(out)):
                out[k].block_pos = k - first_unit
                out[k].block_size = size
        prev_line = block[-1][3]
        i = j
    for idx, u in enumerate(out):
        u.index = idx
    return out
