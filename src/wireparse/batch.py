"""Many pages at once: inputs → a stream of pages → worker processes → JSONL, CSV or Parquet.

The pieces, each usable alone:

* :func:`iter_pages` turns inputs (files, folders, ``-`` for paths on standard input, JSONL files
  with a text field, WARC/WET archives) into a stream of :class:`Page`, lazily: nothing is listed
  or read ahead of the workers.
* :func:`parse_many` parses a stream of pages in worker processes, in chunks, with a bounded number
  of chunks in flight, and yields one result per page in input order: a
  :class:`~wireparse.records.Dispatch`, or a :class:`PageError` for a page that could not be read
  or parsed (never an exception).
* :func:`records_to_rows` flattens results into rows for ``pandas.DataFrame(rows)``;
  :func:`rows_from_path` and :func:`write_parquet` are the two calls a Dask or Spark job needs.
* :func:`run_batch` is ``wireparse batch``: all of the above, plus output files, ``--errors``,
  ``--resume`` and a progress display.

The output JSONL is the state of a run: every line is a whole record, written by one ``write`` and
flushed per chunk, so a run killed at any moment leaves at most one partial last line. ``--resume``
cuts that line off, reads the ids already written, skips those inputs and appends the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import json
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path, PurePath
from typing import IO, Any, BinaryIO, Literal, TextIO

import attrs

from wireparse import warc
from wireparse._extras import MissingExtraError, available, require
from wireparse.agencies import default_registry
from wireparse.parse import parse
from wireparse.records import Dispatch

__all__ = [
    "COLUMNS",
    "FORMATS",
    "BatchConfig",
    "BatchReport",
    "MissingExtraError",
    "Page",
    "PageError",
    "UsageError",
    "default_jobs",
    "iter_pages",
    "parse_many",
    "records_to_rows",
    "rows_from_path",
    "run_batch",
    "write_parquet",
]

Stage = Literal["read", "parse", "write"]
Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")
"""Output formats of ``wireparse batch``."""

COLUMNS = (
    "id",
    "url",
    "site",
    "headline",
    "byline",
    "dateline_text",
    "dateline_city",
    "dateline_region",
    "dateline_date",
    "dateline_agency",
    "dateline_agencies",
    "published",
    "body",
    "rights_holder",
    "rights_agency",
    "rights_year",
    "defects",
    "error_stage",
    "error_message",
)
"""The flat columns of CSV, Parquet and :func:`records_to_rows` (``source`` follows when asked for).

``dateline_agencies`` and ``defects`` are codes separated by single spaces; ``dateline_date`` and
``published`` are ``datetime.date`` in rows and Parquet, ISO dates in CSV; ``error_stage`` and
``error_message`` are set only on the row of a page that failed."""

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
"""Input files read as one page per JSON line (see ``text_field``)."""

DEFAULT_CHUNK = 64
"""Pages per chunk sent to a worker: large enough that inter-process traffic is a small share of
the work, small enough that a resumed run redoes little."""
_CHUNK_BYTES = 8 << 20
"""A chunk also closes once the page data it carries reaches this size."""
_IN_FLIGHT = 3
"""Chunks in flight per worker: enough to keep every worker busy, few enough for flat memory."""
_PARQUET_ROWS = 10_000
"""Rows per Parquet row group."""


class UsageError(ValueError):
    """A wrong command: bad options, a missing input, an output that exists (exit code 2)."""


@attrs.frozen
class Page:
    """One page to parse: its text or bytes, or a path that a worker reads.

    ``error`` marks a page that already failed to be read (a bad JSONL line, a damaged archive):
    it becomes a :class:`PageError` of stage ``read``.
    """

    id: str
    """What the page's record carries as ``id``: its path, ``PATH:LINE`` or the WARC record id."""
    data: str | bytes | None = None
    path: str | None = None
    url: str | None = None
    reference_date: dt.date | None = None
    error: str | None = None


@attrs.frozen
class PageError:
    """A page that could not be read, parsed or written."""

    id: str
    stage: Stage
    """``read`` (the file or record), ``parse`` (the parser failed) or ``write`` (the record could
    not be serialised, e.g. text with lone surrogates)."""
    message: str

    def to_dict(self) -> dict[str, Any]:
        """The error record: ``{"id": …, "error": {"stage": …, "message": …}}``."""
        return {"id": self.id, "error": {"stage": self.stage, "message": self.message}}


Outcome = Dispatch | PageError | bytes | dict[str, Any]
"""What a worker sends back for a page: a record, an error, a ready output line or a row."""
Mode = Literal["record", "jsonl", "csv", "row"]


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# --- inputs ------------------------------------------------------------------------------------------


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


def iter_pages(
    inputs: Iterable[str],
    *,
    glob: str = "*",
    text_field: str = "text",
    id_field: str | None = None,
    url_field: str | None = "url",
    stdin: TextIO | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Page]:
    """The pages of ``inputs``, in order, one at a time.

    An input is a file (a page), a folder (walked in sorted order, recursively, files whose path
    below the folder matches ``glob`` as :meth:`pathlib.PurePath.match` does), ``-`` (one path a
    line on ``stdin``), a JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``: one page a line,
    its text in ``text_field``, its id in ``id_field`` or else ``PATH:LINE``, its URL in
    ``url_field``) or a WARC/WET archive (each page record, with its record id, URL and date). A
    path that cannot be read gives a page with ``error`` set; ``exclude`` names files to pass over
    (the outputs of the run).
    """
    skip = {os.path.realpath(p) for p in exclude}
    for item in inputs:
        if item == "-":
            lines = stdin if stdin is not None else sys.stdin
            for line in lines:
                path = line.rstrip("\r\n")
                if path.strip():
                    yield from _expand(path, glob, text_field, id_field, url_field, skip)
        else:
            yield from _expand(item, glob, text_field, id_field, url_field, skip)


def _expand(
    path: str, glob: str, text_field: str, id_field: str | None, url_field: str | None, skip: set[str]
) -> Iterator[Page]:
    if os.path.isdir(path):
        skip_names = {os.path.basename(p) for p in skip}
        problems: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=problems.append):
            for err in problems:
                where = err.filename or root
                yield Page(id=str(where), error=f"cannot read {where}: {err.strerror or err}")
            problems.clear()
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                if not PurePath(os.path.relpath(full, path)).match(glob):
                    continue
                if name in skip_names and os.path.realpath(full) in skip:
                    continue
                yield from _file(full, text_field, id_field, url_field)
        for err in problems:
            where = err.filename or path
            yield Page(id=str(where), error=f"cannot read {where}: {err.strerror or err}")
        return
    if not os.path.exists(path):
        yield Page(id=path, error=f"cannot read {path}: no such file or folder")
        return
    yield from _file(path, text_field, id_field, url_field)


def _file(path: str, text_field: str, id_field: str | None, url_field: str | None) -> Iterator[Page]:
    if warc.is_archive(path):
        yield from _archive(path)
    elif _is_jsonl(path):
        yield from _jsonl(path, text_field, id_field, url_field)
    else:
        yield Page(id=path, path=path)


def _archive(path: str) -> Iterator[Page]:
    try:
        for record in warc.read_archive(path):
            yield Page(id=record.id, data=record.content, url=record.url, reference_date=record.date)
    except warc.ArchiveError as err:
        yield Page(id=path, error=str(err))
    except MissingExtraError as err:
        yield Page(id=path, error=f"{path}: {err}")
    except OSError as err:
        yield Page(id=path, error=f"cannot read {path}: {err.strerror or err}")


def _open_text(path: str) -> IO[str]:
    if path.lower().endswith(".gz"):
        import gzip  # noqa: PLC0415 - only for .gz inputs

        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _jsonl(path: str, text_field: str, id_field: str | None, url_field: str | None) -> Iterator[Page]:
    lineno = 0
    try:
        with _open_text(path) as f:
            for lineno, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                yield _json_page(path, lineno, line, text_field, id_field, url_field)
    except (OSError, EOFError, UnicodeError) as err:
        yield Page(id=path, error=f"cannot read {path} after line {lineno}: {err}")


def _json_page(
    path: str, lineno: int, line: str, text_field: str, id_field: str | None, url_field: str | None
) -> Page:
    where = f"{path}:{lineno}"
    try:
        obj = json.loads(line)
    except ValueError as err:
        return Page(id=where, error=f"{where}: not a JSON line ({err})")
    if not isinstance(obj, dict):
        return Page(id=where, error=f"{where}: not a JSON object")
    page_id = where
    if id_field is not None:
        if obj.get(id_field) is None:
            return Page(id=where, error=f"{where}: no {id_field!r} field")
        page_id = str(obj[id_field])
    text = obj.get(text_field)
    if not isinstance(text, str):
        return Page(id=page_id, error=f"{where}: no text field {text_field!r}")
    url = obj.get(url_field) if url_field else None
    return Page(id=page_id, data=text, url=url if isinstance(url, str) else None)


# --- workers -----------------------------------------------------------------------------------------


@attrs.frozen
class _Options:
    mode: Mode
    with_source: bool = False
    reference_date: dt.date | None = None
    url: str | None = None
    csv_raw: bool = False


def _init_worker() -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides what to do with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    default_registry()


def _work(pages: Sequence[Page], opts: _Options) -> list[Outcome]:
    return [_one(page, opts) for page in pages]


def _one(page: Page, opts: _Options) -> Outcome:
    if page.error is not None:
        return PageError(page.id, "read", page.error)
    data = page.data
    if data is None:
        path = page.path or page.id
        try:
            data = Path(path).read_bytes()
        except OSError as err:
            return PageError(page.id, "read", f"cannot read {path}: {err.strerror or err}")
    try:
        d = parse(data, reference_date=page.reference_date or opts.reference_date, url=page.url or opts.url)
    except Exception as err:  # any failure of one page becomes its error record, with its message
        return PageError(page.id, "parse", f"{type(err).__name__}: {err}")
    if opts.mode == "record":
        return d
    try:
        if opts.mode == "jsonl":
            return _json_line(page.id, d, opts.with_source)
        row = _row(page.id, d, opts.with_source)
        if opts.mode == "csv":
            return _csv_line(row, raw=opts.csv_raw)
        _check_text(row)
        return row
    except (UnicodeError, ValueError, TypeError) as err:
        return PageError(page.id, "write", f"{type(err).__name__}: {err}")


def _json_line(page_id: str, d: Dispatch, with_source: bool) -> bytes:
    record = {"id": page_id, **d.to_dict(source=with_source)}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _error_line(err: PageError) -> bytes:
    # ASCII escapes: an id from an undecodable file name still makes a valid line, and reads back equal
    return (json.dumps(err.to_dict(), ensure_ascii=True) + "\n").encode("ascii")


def _csv_line(row: dict[str, Any], *, raw: bool = False) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(_csv_value(row[c], raw) for c in row)
    return buf.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell that begins with one of these a spreadsheet may run as a formula (OWASP, "CSV
Injection"): such a cell is written with a ``'`` in front, unless ``--csv-raw``."""


def _csv_value(value: Any, raw: bool = False) -> Any:
    r"""A cell: dates in ISO form; a text that a spreadsheet would read as a formula defused.

    >>> _csv_value('=HYPERLINK("http://x")'), _csv_value("-2 points"), _csv_value("-2", raw=True)
    ('\'=HYPERLINK("http://x")', "'-2 points", '-2')
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if not raw and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _check_text(row: dict[str, Any]) -> None:
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")


# --- the pool ----------------------------------------------------------------------------------------


def _chunks(pages: Iterable[Page], size: int) -> Iterator[list[Page]]:
    chunk: list[Page] = []
    weight = 0
    for page in pages:
        chunk.append(page)
        weight += len(page.data) if page.data is not None else 0
        if len(chunk) >= size or weight >= _CHUNK_BYTES:
            yield chunk
            chunk, weight = [], 0
    if chunk:
        yield chunk


def _run(pages: Iterable[Page], opts: _Options, jobs: int, chunk_size: int) -> Iterator[list[Outcome]]:
    """Results chunk by chunk, in input order; at most ``jobs * _IN_FLIGHT`` chunks in flight."""
    chunks = _chunks(pages, max(1, chunk_size))
    default_registry()  # load the tables once: forked workers inherit them
    if jobs <= 1:
        for chunk in chunks:
            yield _work(chunk, opts)
        return
    from concurrent.futures import Future, ProcessPoolExecutor  # noqa: PLC0415 - only for jobs > 1
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker)

    # Forked workers share the parent's memory until they write to it, and the garbage collector
    # writes to every object it scans: freezing the parent's objects keeps the workers' collections
    # off them, which saves memory and a few percent of the parse time (see the gc docs).
    frozen = gc.get_freeze_count() == 0
    if frozen:
        gc.freeze()
    pool = new_pool()
    window: deque[tuple[list[Page], Future[list[Outcome]]]] = deque()
    try:
        for chunk in chunks:
            try:
                future = pool.submit(_work, chunk, opts)
            except BrokenProcessPool:
                # the pool broke before this chunk went out (a worker died while we were reading)
                lost: deque[tuple[list[Page], Any]] = deque(window)
                lost.append((chunk, None))
                window.clear()
                yield from _salvage(lost, opts)
                pool.shutdown(wait=False)
                pool = new_pool()
                continue
            window.append((chunk, future))
            while len(window) >= jobs * _IN_FLIGHT:
                try:
                    yield window[0][1].result()
                    window.popleft()
                except BrokenProcessPool:
                    yield from _salvage(window, opts)
                    pool.shutdown(wait=False)
                    pool = new_pool()
        while window:
            try:
                yield window[0][1].result()
                window.popleft()
            except BrokenProcessPool:
                yield from _salvage(window, opts)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        if frozen:
            gc.unfreeze()


def _salvage(window: deque[tuple[list[Page], Any]], opts: _Options) -> Iterator[list[Outcome]]:
    """A worker died (killed, out of memory, a crash in C code): every chunk in flight is lost with
    it. Redo them one page at a time in a fresh process, so that only the page that kills its
    worker again becomes an error record."""
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    lost = [chunk for chunk, _ in window]
    window.clear()
    pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker)
    try:
        for chunk in lost:
            out: list[Outcome] = []
            for page in chunk:
                try:
                    out.extend(pool.submit(_work, [page], opts).result())
                except BrokenProcessPool:
                    out.append(PageError(page.id, "parse", "the worker process died while parsing this page"))
                    pool.shutdown(wait=False)
                    pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker)
            yield out
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _as_page(item: str | bytes | Page, index: int) -> Page:
    if isinstance(item, Page):
        return item
    if isinstance(item, str | bytes | bytearray | memoryview):
        return Page(id=str(index), data=item if isinstance(item, str | bytes) else bytes(item))
    return Page(id=str(index), error=f"parse_many takes str, bytes or Page items, not {type(item).__name__}")


def parse_many(
    pages: Iterable[str | bytes | Page],
    *,
    jobs: int | None = None,
    reference_date: dt.date | None = None,
    url: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> Iterator[Dispatch | PageError]:
    """Parse many pages in ``jobs`` worker processes (default: the machine's cores) and yield one
    result per page, in input order: the page's :class:`~wireparse.records.Dispatch`, or a
    :class:`PageError` when it could not be read or parsed.

    ``pages`` is consumed lazily (a generator over millions of pages is fine); items are the
    page's text or bytes, or a :class:`Page` (with its own id, URL, reference date, or a path for
    the worker to read). ``reference_date`` and ``url`` apply to pages that do not carry their
    own. ``jobs=1`` parses in this process.

    >>> [d.dateline.city for d in parse_many(["Riga, Dec 1 (AFP) Dec 01, 2021\\nNATO met.",
    ...                                       "OSLO, Jan 3 (NTB) - The ferry sailed."], jobs=1)]
    ['Riga', 'OSLO']
    """
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise ValueError(f"jobs must be at least 1, not {n}")
    opts = _Options("record", reference_date=reference_date, url=url)
    stream = (_as_page(item, i) for i, item in enumerate(pages))
    return _records(_run(stream, opts, n, chunk_size))


def _records(chunks: Iterator[list[Outcome]]) -> Iterator[Dispatch | PageError]:
    for chunk in chunks:
        for outcome in chunk:
            assert isinstance(outcome, Dispatch | PageError)
            yield outcome


# --- rows --------------------------------------------------------------------------------------------


def _codes(items: Iterable[Any]) -> str:
    return " ".join(str(x) for x in items)


def _row(page_id: str | None, d: Dispatch, with_source: bool = False) -> dict[str, Any]:
    dl = d.dateline
    rights = d.rights
    row: dict[str, Any] = {
        "id": page_id,
        "url": d.url,
        "site": d.site,
        "headline": d.headline,
        "byline": d.byline,
        "dateline_text": dl.text if dl else None,
        "dateline_city": dl.city if dl else None,
        "dateline_region": dl.region if dl else None,
        "dateline_date": dl.date if dl else None,
        "dateline_agency": dl.agency.code if dl and dl.agency else None,
        "dateline_agencies": _codes(a.code for a in dl.agencies) if dl else None,
        "published": d.published,
        "body": d.body,
        "rights_holder": rights.holder if rights else None,
        "rights_agency": rights.agency.code if rights and rights.agency else None,
        "rights_year": rights.year if rights else None,
        "defects": _codes(x.code for x in d.defects),
        "error_stage": None,
        "error_message": None,
    }
    if with_source:
        row["source"] = d.source
    return row


def _error_row(err: PageError, with_source: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update({"id": err.id, "error_stage": err.stage, "error_message": err.message})
    if with_source:
        row["source"] = None
    return row


def records_to_rows(
    results: Iterable[Dispatch | PageError | dict[str, Any]],
    *,
    ids: Iterable[str] | None = None,
    source: bool = False,
) -> list[dict[str, Any]]:
    """Flat rows (the :data:`COLUMNS`) for ``pandas.DataFrame(rows)``.

    ``results`` holds what :func:`parse_many` yields, or the dicts of a ``wireparse batch`` JSONL
    output (``json.loads`` of each line). A row's ``id`` comes from ``ids`` when given, else from
    the result (a :class:`PageError`, a JSONL record), else its position. ``source=True`` adds the
    page text as a last column.

    >>> import wireparse
    >>> d = wireparse.parse("OSLO, Jan 3 (NTB) - The ferry sailed.")
    >>> row = records_to_rows([d], ids=["page-1"])[0]
    >>> row["id"], row["dateline_city"], row["dateline_agency"]
    ('page-1', 'OSLO', 'NTB')
    """
    id_iter = iter(ids) if ids is not None else None
    rows = []
    for i, item in enumerate(results):
        given = next(id_iter, None) if id_iter is not None else None
        if isinstance(item, dict):
            record = dict(item)
            own = record.pop("id", None)
            page_id = given if given is not None else (str(own) if own is not None else str(i))
            if "error" in record:
                err = record["error"]
                rows.append(_error_row(PageError(page_id, err["stage"], err["message"]), source))
            else:
                rows.append(_row(page_id, Dispatch.from_dict(record), source))
        elif isinstance(item, PageError):
            rows.append(_error_row(attrs.evolve(item, id=given) if given is not None else item, source))
        else:
            rows.append(_row(given if given is not None else str(i), item, source))
    return rows


def rows_from_path(
    path: str | os.PathLike[str],
    *,
    with_source: bool = False,
    glob: str = "*",
    text_field: str = "text",
    id_field: str | None = None,
) -> list[dict[str, Any]]:
    """Parse every page of one input (a page file, a folder, a JSONL file, a WARC/WET archive) in
    this process and return its rows: the unit of work of a Dask or Spark job.

    A page that fails gives a row with ``error_stage`` and ``error_message``; nothing raises.
    """
    opts = _Options("row", with_source=with_source)
    pages = iter_pages([os.fspath(path)], glob=glob, text_field=text_field, id_field=id_field)
    rows: list[dict[str, Any]] = []
    for page in pages:
        outcome = _one(page, opts)
        if isinstance(outcome, PageError):
            rows.append(_error_row(outcome, with_source))
        else:
            assert isinstance(outcome, dict)
            rows.append(outcome)
    return rows


# --- outputs -----------------------------------------------------------------------------------------


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


# --- resume ------------------------------------------------------------------------------------------


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


# --- progress ----------------------------------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    """``3 errors``, ``1 error``."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


class Progress:
    """Pages done, pages/s and errors: a tqdm bar on a terminal (the ``progress`` extra), plain log
    lines every ``every`` seconds otherwise, nothing when ``mode`` is ``none``."""

    def __init__(self, mode: str, stream: TextIO, every: float = 10.0) -> None:
        self.stream = stream
        self.every = every
        self.start = time.monotonic()
        self.last = self.start
        self.done = 0
        self.errors = 0
        self._bar: Any = None
        if mode == "auto":
            tty = bool(getattr(stream, "isatty", lambda: False)())
            mode = "bar" if tty and available("tqdm") else "log"
        self.mode = mode
        if mode == "bar":
            tqdm: Any = require("tqdm", "progress", "a progress bar")
            self._bar = tqdm.tqdm(file=stream, unit=" pages", dynamic_ncols=True, smoothing=0.05)

    def update(self, pages: int, errors: int) -> None:
        self.done += pages
        self.errors += errors
        if self._bar is not None:
            self._bar.set_postfix_str(_count(self.errors, "error"), refresh=False)
            self._bar.update(pages)
        elif self.mode == "log":
            now = time.monotonic()
            if now - self.last >= self.every:
                self.last = now
                self.log(self.line(now))

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.start, 1e-9)
        return (
            f"{_count(self.done, 'page')}, {self.done / elapsed:,.1f} pages/s, {_count(self.errors, 'error')}"
        )

    def log(self, text: str) -> None:
        if self.mode != "none":
            print(f"wireparse batch: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


# --- the command ---------------------------------------------------------------------------------------


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


def _check(config: BatchConfig, fmt: Format) -> None:
    if config.jobs is not None and config.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {config.jobs}")
    if config.chunk_size < 1:
        raise UsageError(f"--chunk-size must be at least 1, not {config.chunk_size}")
    if not config.inputs:
        raise UsageError("no INPUT given")
    for item in config.inputs:
        if item != "-" and not os.path.exists(item):
            raise UsageError(f"no such file or folder: {item}")
        if item != "-" and os.path.isfile(item) and warc.is_archive(item):
            try:
                warc.check_available()
            except MissingExtraError as err:
                raise UsageError(str(err)) from err
    stdout = config.output == "-"
    if fmt == "parquet":
        if stdout:
            raise UsageError("Parquet cannot be written to standard output")
        try:
            require("pyarrow.parquet", "parquet", "writing Parquet")
        except MissingExtraError as err:
            raise UsageError(str(err)) from err
    if config.resume:
        if fmt != "jsonl" or stdout:
            raise UsageError(
                "--resume needs a JSONL output file (the output is the state of the run); "
                "write JSONL, then convert it"
            )
        if config.overwrite:
            raise UsageError("--resume and --overwrite contradict each other")
    elif not config.overwrite:
        for target in (None if stdout else config.output, config.errors):
            if target is not None and os.path.exists(target):
                raise UsageError(f"{target} exists: add --resume to finish that run, or --overwrite")
    for target in (None if stdout else config.output, config.errors):
        folder = os.path.dirname(target) if target is not None else ""
        if folder and not os.path.isdir(folder):
            raise UsageError(f"no such folder for {target}: {folder}")
    if (
        config.errors is not None
        and not stdout
        and os.path.realpath(config.errors) == os.path.realpath(config.output)
    ):
        raise UsageError("--errors must name another file than the output")


def run_batch(
    config: BatchConfig, *, stdin: TextIO | None = None, stderr: TextIO | None = None
) -> BatchReport:
    """``wireparse batch``: parse every page of the inputs into the output. Raises
    :class:`UsageError` for a wrong command; a page that fails becomes an error record."""
    err_stream = stderr if stderr is not None else sys.stderr
    fmt = output_format(config.output, config.format)
    _check(config, fmt)
    jobs = config.jobs if config.jobs is not None else default_jobs()
    out_path = None if config.output == "-" else Path(config.output)
    err_path = Path(config.errors) if config.errors is not None else None

    done: Counter[str] = Counter()
    earlier_errors = 0
    try:
        progress = Progress(config.progress, err_stream)
    except MissingExtraError as err:
        raise UsageError(str(err)) from err
    if config.resume:
        for path in (out_path, err_path):
            if path is not None and path.exists():
                cut = repair_tail(path)
                if cut:
                    progress.log(f"{path}: removed a partial last line ({cut:,} bytes)")
                ids, errs = written_ids(path)
                done.update(ids)
                earlier_errors += errs
        if done:
            progress.log(f"resuming: {sum(done.values()):,} pages already written are skipped")

    exclude = [p for p in (out_path, err_path) if p is not None]
    pages: Iterable[Page] = iter_pages(
        config.inputs,
        glob=config.glob,
        text_field=config.text_field,
        id_field=config.id_field,
        url_field=config.url_field,
        stdin=stdin,
        exclude=exclude,
    )
    skipped = [0]
    if done:
        pages = _skip_written(pages, done, skipped)

    mode: Mode = {"jsonl": "jsonl", "csv": "csv", "parquet": "row"}[fmt]  # type: ignore[assignment]
    opts = _Options(
        mode, with_source=config.with_source, reference_date=config.reference_date, csv_raw=config.csv_raw
    )
    sink = _open_sink(fmt, out_path, err_path, config)
    total = failed = 0
    interrupted = False
    stop = threading.Event()
    previous = _catch_ctrl_c(stop)
    start = time.monotonic()
    try:
        for outcomes in _run(pages, opts, jobs, config.chunk_size):
            bad = sink.write(outcomes)
            total += len(outcomes)
            failed += bad
            progress.update(len(outcomes), bad)
            if stop.is_set():
                interrupted = True
                break
    except KeyboardInterrupt:
        interrupted = True
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        sink.close()
        progress.close()
    seconds = time.monotonic() - start
    report = BatchReport(total, failed, skipped[0], earlier_errors, seconds, interrupted)
    if fmt == "parquet" and out_path is not None:
        partial = _partial(out_path)
        if interrupted:
            progress.log(f"interrupted: the pages done so far are in {partial}")
        else:
            partial.replace(out_path)
    rate = total / seconds if seconds > 0 else 0.0
    summary = f"{_count(total, 'page')} in {seconds:,.1f} s ({rate:,.1f} pages/s), {_count(failed, 'error')}"
    if skipped[0]:
        summary += f"; {skipped[0]:,} already done"
    if interrupted:
        summary += "; interrupted: run the same command with --resume to finish"
    progress.log(summary)
    return report


def _catch_ctrl_c(stop: threading.Event) -> Any:
    """Make the first Ctrl-C end the run after the chunk being written (a second one interrupts at
    once). Returns the handler to put back, or None off the main thread, where signals cannot be
    caught."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        stop.set()
        signal.signal(signal.SIGINT, signal.default_int_handler)

    return signal.signal(signal.SIGINT, handler)


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _open_sink(fmt: Format, out_path: Path | None, err_path: Path | None, config: BatchConfig) -> _Sink:
    def open_binary(path: Path) -> BinaryIO:
        return path.open("ab") if config.resume else path.open("wb")

    out: BinaryIO | _ParquetOut
    if fmt == "parquet":
        assert out_path is not None
        out = _ParquetOut(_partial(out_path), config.with_source)
    elif out_path is None:
        out = sys.stdout.buffer
    else:
        out = open_binary(out_path)
    errors = open_binary(err_path) if err_path is not None else None
    sink = _Sink(fmt, out, errors, config.with_source, config.csv_raw)
    if fmt == "csv" and (out_path is None or out_path.stat().st_size == 0):
        header = [*COLUMNS, "source"] if config.with_source else list(COLUMNS)
        assert not isinstance(out, _ParquetOut)
        out.write(_csv_line(dict(zip(header, header, strict=True))))
    return sink
