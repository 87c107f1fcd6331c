"""Where a run writes: JSONL, CSV or Parquet outputs and the errors file, chunk by chunk; and what
``--resume`` reads back from them."""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from wireparse._extras import require
from wireparse.batch.config import Format, UsageError
from wireparse.batch.page import Outcome, Page, PageError
from wireparse.batch.rows import GEO_COLUMNS, _csv_line, _error_line, _error_row, arrow_schema

_PARQUET_ROWS = 10_000
"""Rows per Parquet row group."""


def _parquet_schema(with_source: bool, geo: bool = False) -> Any:
    require("pyarrow", "parquet", "writing Parquet")
    return arrow_schema(geo=geo, source=with_source)


def write_parquet(
    rows: Iterable[dict[str, Any]],
    path: str | os.PathLike[str],
    *,
    with_source: bool = False,
    geo: bool | None = None,
) -> int:
    """Write rows (from :func:`records_to_rows` or :func:`rows_from_path`) to a Parquet file, in row
    groups, streaming; return how many were written. ``geo``: whether the rows have the
    :data:`GEO_COLUMNS` (None: as the first row has them). Needs the ``parquet`` extra."""
    it = iter(rows)
    first = next(it, None)
    if geo is None:
        geo = first is not None and GEO_COLUMNS[0] in first
    writer = _ParquetOut(Path(path), with_source, geo)
    n = 0
    try:
        if first is not None:
            writer.add([first])
            n += 1
        for row in it:
            writer.add([row])
            n += 1
    finally:
        writer.close()
    return n


class _ParquetOut:
    def __init__(self, path: Path, with_source: bool, geo: bool = False) -> None:
        pa: Any = require("pyarrow", "parquet", "writing Parquet")
        pq: Any = require("pyarrow.parquet", "parquet", "writing Parquet")
        self._pa = pa
        self._schema = _parquet_schema(with_source, geo)
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._rows: list[dict[str, Any]] = []

    def add(self, rows: list[dict[str, Any]]) -> None:
        self._rows.extend(rows)
        if len(self._rows) >= _PARQUET_ROWS:
            self.flush()

    def flush(self) -> None:
        if self._rows:
            table = self._pa.Table.from_pylist(self._rows, schema=self._schema)
            self._writer.write_table(table)
            self._rows = []

    def close(self) -> None:
        self.flush()
        self._writer.close()


class _Sink:
    """Where a run's records and errors go, chunk by chunk."""

    def __init__(
        self,
        fmt: Format,
        out: BinaryIO | _ParquetOut,
        errors: BinaryIO | None,
        with_source: bool,
        csv_raw: bool = False,
        geo: bool = False,
    ) -> None:
        self.fmt = fmt
        self.out = out
        self.errors = errors
        self.with_source = with_source
        self.csv_raw = csv_raw
        self.geo = geo

    def write(self, outcomes: Sequence[Outcome]) -> int:
        """Write one chunk; return how many of its pages failed."""
        failed = 0
        lines: list[bytes] = []
        rows: list[dict[str, Any]] = []
        error_lines: list[bytes] = []
        for outcome in outcomes:
            if isinstance(outcome, PageError):
                failed += 1
                if self.errors is not None:
                    error_lines.append(_error_line(outcome))
                elif self.fmt == "jsonl":
                    lines.append(_error_line(outcome))
                elif self.fmt == "csv":
                    lines.append(_csv_line(_error_row(outcome, self.with_source, self.geo), raw=self.csv_raw))
                else:
                    rows.append(_error_row(outcome, self.with_source, self.geo))
            elif isinstance(outcome, bytes):
                lines.append(outcome)
            elif isinstance(outcome, dict):
                rows.append(outcome)
        if isinstance(self.out, _ParquetOut):
            self.out.add(rows)
        elif lines:
            # one write of whole lines per chunk, then flush: a kill leaves at most a partial last line
            self.out.write(b"".join(lines))
            self.out.flush()
        if error_lines and self.errors is not None:
            self.errors.write(b"".join(error_lines))
            self.errors.flush()
        return failed

    def close(self) -> None:
        if isinstance(self.out, _ParquetOut):
            self.out.close()
        elif self.out is sys.stdout.buffer:
            self.out.flush()
        else:
            self.out.close()
        if self.errors is not None:
            self.errors.close()


def repair_tail(path: Path) -> int:
    """Cut a partial last line (one with no newline) off ``path``; return the bytes removed."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        pos = size
        while pos > 0:
            step = min(pos, 1 << 16)
            f.seek(pos - step)
            block = f.read(step)
            nl = block.rfind(b"\n")
            if nl >= 0:
                keep = pos - step + nl + 1
                break
            pos -= step
        else:
            keep = 0
        if keep < size:
            f.truncate(keep)
        return size - keep


def written_ids(path: Path) -> tuple[Counter[str], int]:
    """The ids in a JSONL output (how many times each) and how many of its records are errors."""
    ids: Counter[str] = Counter()
    errors = 0
    with path.open("rb") as f:
        for lineno, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                ids[str(record["id"])] += 1
            except (ValueError, KeyError, TypeError) as err:
                raise UsageError(
                    f"{path}:{lineno} is not a wireparse record ({err}); it cannot be resumed"
                ) from err
            if "error" in record:
                errors += 1
    return ids, errors


def _skip_written(pages: Iterable[Page], done: Counter[str], skipped: list[int]) -> Iterator[Page]:
    for page in pages:
        if done[page.id] > 0:
            done[page.id] -= 1
            skipped[0] += 1
            continue
        yield page
