"""Shared test helpers: where the project and the shared corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    """True when the parts of a Dispatch cover every non-blank character exactly once, in order."""
    source: str = d.source  # type: ignore[attr-defined]
    mask = bytearray(len(source))
    last = -1
    for part in d.parts:  # type: ignore[attr-defined]
        s, e = part.span.start, part.span.end
        if not (0 <= s < e <= len(source)) or s < last:
            return False
        last = e
        for i in range(s, e):
            if mask[i]:
                return False
            mask[i] = 1
        if source[s].isspace() or source[e - 1].isspace():
            return False
    return all(mask[i] or ch.isspace() for i, ch in enumerate(source))
