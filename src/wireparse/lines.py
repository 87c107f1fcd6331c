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


def _is_wrapped(source: str, block: list[tuple[int, int, int, int]]) -> bool:
    """True when a multi-line block reads as prose hard-wrapped at a fixed width."""
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


def units(source: str) -> list[Unit]:
    """The page's units in order, with block positions filled in."""
    raw = _raw_lines(source)
    out: list[Unit] = []
    block_id = -1
    i = 0
    n = len(raw)
    prev_line = 0
    while i < n:
        # gather one block: lines with no blank line between them
        j = i + 1
        while j < n and raw[j][3] == raw[j - 1][3] + 1:
            j += 1
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
