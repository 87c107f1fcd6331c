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


def covered(d: Dispatch) -> bool:
    """True when the parts of a Dispatch cover every non-blank character exactly once, in order
    (the rule of :meth:`Dispatch.check`)."""
    try:
        d.check()
    except ValueError:
        return False
    return True


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
