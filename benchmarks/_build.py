"""Which build of wireparse a benchmark measures: the benchmarks print it first."""

from __future__ import annotations

import wireparse.label


def build() -> str:
    """``compiled (mypyc)`` when the per-line modules are extension modules, else ``pure Python``."""
    origin = wireparse.label.__file__ or ""
    return "pure Python" if origin.endswith(".py") else "compiled (mypyc)"
