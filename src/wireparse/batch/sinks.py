"""Where a run writes: JSONL, CSV or Parquet outputs and the errors file, chunk by chunk; and what
``--resume`` reads back from them.

JSONL and CSV outputs are their own state: whole records, one write per chunk, so a kill leaves at
most one torn record at the end (:func:`repair_tail`, :func:`csv_written`). A Parquet file is
unreadable until its footer is written, so a run writes Parquet as a folder of part files,
``OUT.partial/part-NNNNNN.parquet`` (:class:`_ParquetParts`): each part is written under a hidden
name and renamed once closed, so every part in the folder is a whole, readable Parquet file and the
folder a Parquet dataset at any moment; the parts become ``OUT`` when the run ends.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from wireparse._extras import require
from wireparse.batch.config import Format, UsageError
from wireparse.batch.page import Outcome, Page, PageError
from wireparse.batch.rows import (
    GEO_COLUMNS,
    _csv_line,
    _csv_value,
    _error_line,
    _error_row,
    arrow_schema,
    columns,
)

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
        out: BinaryIO | _ParquetOut | _ParquetParts,
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
        if isinstance(self.out, _ParquetOut | _ParquetParts):
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
        if isinstance(self.out, _ParquetOut | _ParquetParts):
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


def _skip_written(
    pages: Iterable[Page], done: Counter[str], skipped: list[int], key: Callable[[str], str] = str
) -> Iterator[Page]:
    """The pages whose id (as ``key`` writes it) is not yet in ``done``, counting those passed over."""
    for page in pages:
        k = key(page.id)
        if done[k] > 0:
            done[k] -= 1
            skipped[0] += 1
            continue
        yield page


# --- CSV ---------------------------------------------------------------------------------------------


def csv_header(with_source: bool, geo: bool = False) -> list[str]:
    """The header row of a CSV output."""
    return list(columns(geo=geo, source=with_source))


def csv_id(page_id: str, raw: bool = False) -> str:
    """A page id as its CSV cell reads back (a formula-like id has a ``'`` in front unless ``raw``)."""
    return str(_csv_value(page_id, raw))


def csv_written(path: Path, header: Sequence[str]) -> tuple[int, Counter[str], int]:
    """Read back a CSV output for ``--resume``: cut off a torn last record (one a kill cut short),
    and return the bytes removed, the ids written (their cells, how many times each) and how many
    rows are error rows. A file whose header is not ``header``, or with a broken record before its
    end, is not this run's output: :class:`UsageError`.

    A record is whole when it ends with a newline and has every column: a record cut short either
    lacks its newline or ends inside a quoted field (the reader then runs into the end of the file).
    """
    ids: Counter[str] = Counter()
    errors = 0
    size = path.stat().st_size
    stage = list(header).index("error_stage")
    consumed = 0
    newline = True

    def lines(f: BinaryIO) -> Iterator[str]:
        nonlocal consumed, newline
        for raw in f:
            consumed += len(raw)
            newline = raw.endswith(b"\n")
            yield raw.decode("utf-8", errors="surrogateescape")

    header_line = _csv_line(dict(zip(header, header, strict=True)))

    def raw_head(path: Path, n: int) -> bytes:
        with path.open("rb") as f:
            return f.read(n)

    keep = 0
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, 1 << 30))  # a body or source cell may be long
    try:
        with path.open("rb") as f:
            reader = csv.reader(lines(f), strict=True)
            first = True
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    break
                except csv.Error as err:
                    if consumed < size:
                        raise UsageError(
                            f"{path} is not a wireparse CSV output ({err} near byte {consumed:,}); "
                            "it cannot be resumed"
                        ) from err
                    break  # a quoted field cut short by a kill: the torn tail
                torn_header = first and not newline and header_line.startswith(raw_head(path, consumed))
                if first and not torn_header and row != list(header):
                    raise UsageError(
                        f"{path} has other columns than this run writes (with or without "
                        "--with-source, or another wireparse version); it cannot be resumed"
                    )
                whole = newline and len(row) == len(header)
                if not whole:
                    if consumed < size or newline:
                        raise UsageError(
                            f"{path} is not a wireparse CSV output (a row of {len(row)} cells, "
                            f"not {len(header)}, near byte {consumed:,}); it cannot be resumed"
                        )
                    break  # the torn tail
                if first:
                    first = False
                else:
                    ids[row[0]] += 1
                    if row[stage]:
                        errors += 1
                keep = consumed
    finally:
        csv.field_size_limit(limit)
    if keep < size:
        with path.open("r+b") as out:
            out.truncate(keep)
    return size - keep, ids, errors


# --- Parquet parts -----------------------------------------------------------------------------------

_PART_ROWS = _PARQUET_ROWS
"""Rows per Parquet part file at most (one row group)."""
_PART_SECONDS = (1.0, 60.0)
"""A part is also closed once it has been open for 5% of the run's time so far, but at least the
first and at most the second of these seconds: a ``kill -9`` loses at most that much work."""
_MERGED = "_merged.parquet"


def parts_folder(out: Path) -> Path:
    """Where a Parquet run keeps its part files until it ends: ``OUT.partial``."""
    return out.with_name(out.name + ".partial")


def _part_name(n: int) -> str:
    return f"part-{n:06d}.parquet"


def _part_number(path: Path) -> int | None:
    name = path.name
    if name.startswith("part-") and name.endswith(".parquet") and name[5:-8].isdigit():
        return int(name[5:-8])
    return None


def _parts(folder: Path) -> list[Path]:
    """The whole part files of ``folder``, in order."""
    found = [(n, p) for p in folder.iterdir() if (n := _part_number(p)) is not None]
    return [p for _, p in sorted(found)]


def _ours(path: Path) -> bool:
    """A file a Parquet run leaves in its parts folder: parts, hidden unfinished ones, the merge."""
    name = path.name
    return (
        _part_number(path) is not None
        or name == _MERGED
        or (name.startswith(".") and name.endswith(".parquet.tmp"))
    )


def clear_parts(folder: Path) -> None:
    """Remove a parts folder (``--overwrite``); :class:`UsageError` if it holds files of others."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
        return
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if _ours(path):
            path.unlink()
    try:
        folder.rmdir()
    except OSError as err:
        raise UsageError(f"{folder} holds files that are not wireparse parts: remove them first") from err


def _same_schema(got: Any, want: Any) -> bool:
    return bool(got.names == want.names and all(a.type == b.type for a, b in zip(got, want, strict=True)))


def parquet_written(out: Path, with_source: bool, geo: bool = False) -> tuple[list[str], Counter[str], int]:
    """Read back a Parquet run for ``--resume``: gather what it wrote into ``OUT.partial`` (a whole
    ``OUT`` of a run that ended becomes its first part; an unfinished part a kill left is removed)
    and return what was done to it (lines to log), the ids in the parts and how many are errors."""
    pq: Any = require("pyarrow.parquet", "parquet", "reading Parquet")
    want = _parquet_schema(with_source, geo)
    if out.exists():
        try:
            same = _same_schema(pq.read_schema(out), want)
        except Exception as err:  # pyarrow raises several kinds for a damaged file
            raise UsageError(f"{out} is not a readable Parquet file ({err}); it cannot be resumed") from err
        if not same:  # refused before anything is moved: OUT stays where it is
            raise UsageError(
                f"{out} has other columns than this run writes (with or without --with-source or --geo, "
                "or another wireparse version); it cannot be resumed"
            )
    folder = parts_folder(out)
    notes: list[str] = []
    if folder.is_file() or folder.is_symlink():
        # one unfinished file, as earlier versions wrote (a kill left it unreadable)
        old = folder.with_name(folder.name + ".old")
        folder.replace(old)
        folder.mkdir()
        try:
            pq.read_schema(old)
        except Exception:  # pyarrow raises several kinds for a file cut short
            size = old.stat().st_size
            notes.append(f"{folder}: removed an unfinished Parquet file ({size:,} bytes, no readable rows)")
            old.unlink()
        else:
            old.replace(folder / _part_name(0))
            notes.append(f"{folder}: an earlier run's rows are resumed as its first part")
    folder.mkdir(exist_ok=True)
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") and path.name.endswith(".parquet.tmp"):
            notes.append(f"{path}: removed an unfinished part ({path.stat().st_size:,} bytes) a kill left")
            path.unlink()
    merged = folder / _MERGED
    if merged.exists():  # killed while merging, after the merge was whole: it holds every part
        for part in _parts(folder):
            part.unlink()
        merged.replace(folder / _part_name(0))
    if out.exists():
        parts = _parts(folder)
        n = _part_number(parts[-1]) + 1 if parts else 0  # type: ignore[operator]
        out.replace(folder / _part_name(n))
        notes.append(f"{out} is a finished output: its pages are kept, only missing ones are added")
    ids: Counter[str] = Counter()
    errors = 0
    for part in _parts(folder):
        try:
            schema = pq.read_schema(part)
            table = pq.read_table(part, columns=["id", "error_stage"])
        except Exception as err:
            raise UsageError(f"{part} is not a readable Parquet file ({err}); it cannot be resumed") from err
        if not _same_schema(schema, want):
            raise UsageError(
                f"{part} has other columns than this run writes (with or without --with-source or --geo, or "
                "another wireparse version); it cannot be resumed"
            )
        ids.update(str(x) for x in table.column("id").to_pylist())
        errors += table.num_rows - table.column("error_stage").null_count
    return notes, ids, errors


class _ParquetParts:
    """A Parquet output as a folder of part files (see the module's docstring), merged into one
    file by :meth:`finish`."""

    def __init__(self, folder: Path, with_source: bool, geo: bool = False) -> None:
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self.with_source = with_source
        self.geo = geo
        parts = _parts(folder)
        self._next = (_part_number(parts[-1]) or 0) + 1 if parts else 0
        self._part: _ParquetOut | None = None
        self._rows = 0
        self._opened = 0.0
        self._start = time.monotonic()

    def _tmp(self, n: int) -> Path:
        return self.folder / f".{_part_name(n)}.tmp"

    def add(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        if self._part is None:
            self._part = _ParquetOut(self._tmp(self._next), self.with_source, self.geo)
            self._rows = 0
            self._opened = time.monotonic()
        self._part.add(rows)
        self._rows += len(rows)
        now = time.monotonic()
        low, high = _PART_SECONDS
        age = min(high, max(low, (now - self._start) / 20))
        if self._rows >= _PART_ROWS or now - self._opened >= age:
            self.close()

    def close(self) -> None:
        """Close the part being written: it becomes a whole part file."""
        if self._part is None:
            return
        self._part.close()
        self._tmp(self._next).replace(self.folder / _part_name(self._next))
        self._part = None
        self._next += 1

    def finish(self, out: Path) -> None:
        """Merge the parts, in order, into ``out`` (row groups of :data:`_PARQUET_ROWS`) and remove the
        folder. A kill during the merge leaves the parts, or the whole merge, for ``--resume``."""
        self.close()
        pa: Any = require("pyarrow", "parquet", "writing Parquet")
        pq: Any = require("pyarrow.parquet", "parquet", "writing Parquet")
        parts = _parts(self.folder)
        merged = self.folder / _MERGED
        if len(parts) == 1:
            parts[0].replace(merged)
        else:
            schema = _parquet_schema(self.with_source, self.geo)
            tmp = self.folder / f".{_MERGED}.tmp"
            writer = pq.ParquetWriter(str(tmp), schema)
            try:
                pending: list[Any] = []
                rows = 0
                for part in parts:
                    table = pq.read_table(part, schema=schema)
                    pending.append(table)
                    rows += table.num_rows
                    if rows >= _PARQUET_ROWS:
                        writer.write_table(pa.concat_tables(pending), row_group_size=_PARQUET_ROWS)
                        pending, rows = [], 0
                if pending or not parts:
                    writer.write_table(
                        pa.concat_tables(pending) if pending else schema.empty_table(),
                        row_group_size=_PARQUET_ROWS,
                    )
            finally:
                writer.close()
            tmp.replace(merged)  # from here on the merge stands for every part
            for part in parts:
                part.unlink()
        merged.replace(out)
        clear_parts(self.folder)
