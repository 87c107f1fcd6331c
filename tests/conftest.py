"""Shared test helpers: where the project and the shared corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

from wireparse import Dispatch

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = CORPUS / "seed" / "spacewar-2021-12-01-ukraine-talks.txt"


def need_corpus(path: Path) -> Path:
    """Skip the calling test when ``../shared`` (read-only, beside the project) is absent."""
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared corpus lives beside the project)")
    return path


def covered(d: object) -> bool:
    """True when the parts of a Dispatch cover every non-blank character exactly once, in order:
    parts in order, none empty or out of range, none starting or ending on whitespace, and only
    whitespace outside them (string slices, so it stays fast on pages of many megabytes)."""
    source: str = d.source  # type: ignore[attr-defined]
    last = 0
    for part in d.parts:  # type: ignore[attr-defined]
        s, e = part.span.start, part.span.end
        if not (0 <= s < e <= len(source)) or s < last:
            return False
        if source[s].isspace() or source[e - 1].isspace():
            return False
        gap = source[last:s]
        if gap and not gap.isspace():
            return False
        last = e
    tail = source[last:]
    return not tail or tail.isspace()


def fields(d: Dispatch) -> tuple[object, ...]:
    """What a reader sees of a parsed page, without source offsets (for metamorphic tests)."""
    dl = d.dateline
    return (
        d.site,
        d.headline,
        d.byline,
        d.published,
        None if dl is None else (dl.text, dl.city, dl.region, dl.date, [a.code for a in dl.agencies]),
        [p.text for p in d.paragraphs],
        [(b.kind, b.heading, b.lines) for b in d.boilerplate],
        None if d.rights is None else (d.rights.holder, d.rights.year),
        [p.kind for p in d.parts],
    )
