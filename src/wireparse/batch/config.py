"""The options of ``wireparse batch``, what a run reports, and the wrong commands it refuses."""

from __future__ import annotations

import datetime as dt
import os
from typing import Literal

import attrs

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")
"""Output formats of ``wireparse batch``."""


DEFAULT_CHUNK = 64
"""Pages per chunk sent to a worker: large enough that inter-process traffic is a small share of
the work, small enough that a resumed run redoes little."""


class UsageError(ValueError):
    """A wrong command: bad options, a missing input, an output that exists (exit code 2)."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@attrs.frozen
class BatchConfig:
    """The options of ``wireparse batch`` (see ``docs/crawl.md``)."""

    inputs: tuple[str, ...]
    output: str
    format: Format | None = None
    errors: str | None = None
    jobs: int | None = None
    chunk_size: int = DEFAULT_CHUNK
    glob: str = "*"
    follow_symlinks: bool = False
    """Folder walks follow symbolic links (to files and folders); by default they are passed over."""
    all_files: bool = False
    """Folder walks take every regular file, not only page files (see :func:`iter_pages`)."""
    text_field: str = "text"
    id_field: str | None = None
    url_field: str | None = "url"
    reference_date: dt.date | None = None
    with_source: bool = False
    resume: bool = False
    overwrite: bool = False
    progress: Literal["auto", "bar", "log", "none"] = "auto"
    csv_raw: bool = False
    """CSV output: write cells as they are, without defusing formulas (:data:`FORMULA_STARTS`)."""
    geo: bool = False
    """CSV and Parquet output: add the :data:`~wireparse.batch.GEO_COLUMNS` (``dateline.place``;
    JSONL records always carry it)."""


@attrs.frozen
class BatchReport:
    """What a run did."""

    pages: int
    """Pages handled in this run (records and errors)."""
    errors: int
    """Pages of this run that failed."""
    skipped: int = 0
    """Pages already in the output (``--resume``)."""
    earlier_errors: int = 0
    """Error records already in the output (``--resume``)."""
    seconds: float = 0.0
    interrupted: bool = False
    passed_over: int = 0
    """Files of the input folders that are not pages (``.json`` labels, outputs of earlier runs,
    binary files, symbolic links…), passed over."""

    @property
    def exit_code(self) -> int:
        """0 when every page parsed, 3 when some failed (this run or the one resumed), 130 on Ctrl-C."""
        if self.interrupted:
            return 130
        return 3 if self.errors or self.earlier_errors else 0


def output_format(output: str, fmt: str | None) -> Format:
    """``fmt`` when given, else from the output's suffix (``.csv``, ``.parquet``), else JSONL."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        return fmt
    name = output.lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    return "jsonl"
