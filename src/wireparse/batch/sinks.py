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
from wireparse.batch.rows import COLUMNS, _csv_line, _error_line, _error_row

_PARQUET_ROWS = 10_000
"""Rows per Parquet row group."""


def _parquet_schema(with_source: bool) -> Any:
    pa: Any = require("pyarrow", "parquet", "writing Parquet")
    types = {"dateline_date": pa.date32(), "published": pa.date32(), "rights_year": pa.int32()}
    columns = [*COLUMNS, "source"] if with_source else list(COLUMNS)
    return pa.schema([(c, types.get(c, pa.string())) for c in columns])


def write_parquet(
    rows: Iterable[dict[str, Any]], path: str | os.PathLike[str], *, with_source: bool = False
) -> int:
    """Write rows (from :func:`records_to_rows` or :func:`rows_from_path`) to a Parquet file, in row
    groups, streaming; return how many were written. Needs the ``parquet`` extra."""
    writer = _ParquetOut(Path(path), with_source)
    n = 0
    try:
        for row in rows:
            writer.add([row])
            n += 1
    finally:
        writer.close()
    return n


class _ParquetOut:
    def __init__(self, path: Path, with_source: bool) -> None:
        pa: Any = require("pyarrow", "parquet", "writing Parquet")
        pq: Any = require("pyarrow.parquet", "parquet", "writing Parquet")
        self._pa = pa
        self._schema = _parquet_schema(with_source)
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
    ) -> None:
        self.fmt = fmt
        self.out = out
        self.errors = errors
        self.with_source = with_source
        self.csv_raw = csv_raw

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
                    lines.append(_csv_line(_error_row(outcome, self.with_source), raw=self.csv_raw))
                else:
                    rows.append(_error_row(outcome, self.with_source))
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
