"""Parsing pages in worker processes: chunks, a bounded window of chunks in flight, results in input
order, and a worker that dies costing only the page that killed it."""

from __future__ import annotations

import ctypes
import datetime as dt
import gc
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

from wireparse import compress
from wireparse.agencies import default_registry
from wireparse.batch.config import DEFAULT_CHUNK, default_jobs
from wireparse.batch.inputs import iter_pages
from wireparse.batch.page import Mode, Outcome, Page, PageError, Stage, printable
from wireparse.batch.rows import _check_text, _csv_line, _error_row, _json_line, _row
from wireparse.compress import PageReadError
from wireparse.parse import html_hint, parse
from wireparse.records import Dispatch

_CHUNK_BYTES = 8 << 20
"""A chunk also closes once the page data it carries reaches this size."""
_IN_FLIGHT = 3
"""Chunks in flight per worker: enough to keep every worker busy, few enough for flat memory."""


@attrs.frozen
class _Options:
    mode: Mode
    with_source: bool = False
    reference_date: dt.date | None = None
    url: str | None = None
    csv_raw: bool = False
    geo: bool = False


def _init_worker(parent: int | None = None) -> None:
    # Ctrl-C reaches the whole process group: the main process alone decides what to do with it
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        _die_with(parent)
    default_registry()


def _die_with(parent: int) -> None:
    """End this worker when the main process ``parent`` dies (``kill -9`` of the main process alone
    left the workers waiting on their queue for ever): ``PR_SET_PDEATHSIG`` on Linux, and on every
    system a daemon thread that polls ``os.getppid()`` once a second."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG = 1
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="wireparse-parent-watch", daemon=True).start()


def _pool(jobs: int) -> ProcessPoolExecutor:
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only for jobs > 1

    return ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(os.getpid(),))


def _work(pages: Sequence[Page], opts: _Options) -> list[Outcome]:
    return [_one(page, opts) for page in pages]


def _one(page: Page, opts: _Options) -> Outcome:
    where = page.provenance

    def failed(stage: Stage, message: str) -> PageError:
        return PageError(page.id, stage, printable(message), where)

    if page.error is not None:
        return failed("read", page.error)
    data = page.data
    html = None
    if data is None:
        path = page.path or page.id
        html = html_hint(path)
        try:
            data, compression = compress.read_page(path, compress.MAX_PAGE_BYTES, regular_only=True)
        except OSError as err:
            return failed("read", f"cannot read {path}: {err.strerror or err}")
        except PageReadError as err:
            return failed("read", f"cannot read {err}")
        if compression is not None:
            where = attrs.evolve(where, compression=compression)
    try:
        d = parse(
            data,
            reference_date=page.reference_date or opts.reference_date,
            url=page.url or opts.url,
            html=html,
            charset=page.charset,
        )
    except Exception as err:  # any failure of one page becomes its error record, with its message
        return failed("parse", f"{type(err).__name__}: {err}")
    if opts.mode == "record":
        return d
    try:
        if opts.mode == "jsonl":
            return _json_line(page.id, d, opts.with_source, where)
        row = _row(page.id, d, opts.with_source, where, opts.geo)
        if opts.mode == "csv":
            return _csv_line(row, raw=opts.csv_raw)
        _check_text(row)
        return row
    except (UnicodeError, ValueError, TypeError) as err:
        return failed("write", f"{type(err).__name__}: {err}")


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
    from concurrent.futures import Future  # noqa: PLC0415 - only for jobs > 1
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    def new_pool() -> ProcessPoolExecutor:
        return _pool(jobs)

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
    from concurrent.futures.process import BrokenProcessPool  # noqa: PLC0415

    lost = [chunk for chunk, _ in window]
    window.clear()
    pool = _pool(1)
    try:
        for chunk in lost:
            out: list[Outcome] = []
            for page in chunk:
                try:
                    out.extend(pool.submit(_work, [page], opts).result())
                except BrokenProcessPool:
                    died = "the worker process died while parsing this page"
                    out.append(PageError(page.id, "parse", died, page.provenance))
                    pool.shutdown(wait=False)
                    pool = _pool(1)
            yield out
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _as_page(item: str | bytes | Page, index: int) -> Page:
    if isinstance(item, Page):
        return item
    if isinstance(item, str | bytes | bytearray | memoryview):
        return Page(id=str(index), data=item if isinstance(item, str | bytes) else bytes(item))
    return Page(id=str(index), error=f"parse_many takes str, bytes or Page items, not {type(item).__name__}")


@overload
def parse_many(
    pages: Iterable[str | bytes | Page],
    *,
    jobs: int | None = ...,
    reference_date: dt.date | None = ...,
    url: str | None = ...,
    chunk_size: int = ...,
    with_ids: Literal[False] = ...,
) -> Iterator[Dispatch | PageError]: ...


@overload
def parse_many(
    pages: Iterable[str | bytes | Page],
    *,
    jobs: int | None = ...,
    reference_date: dt.date | None = ...,
    url: str | None = ...,
    chunk_size: int = ...,
    with_ids: Literal[True],
) -> Iterator[tuple[str, Dispatch | PageError]]: ...


def parse_many(
    pages: Iterable[str | bytes | Page],
    *,
    jobs: int | None = None,
    reference_date: dt.date | None = None,
    url: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    with_ids: bool = False,
) -> Iterator[Dispatch | PageError] | Iterator[tuple[str, Dispatch | PageError]]:
    """Parse many pages in ``jobs`` worker processes (default: the machine's cores) and yield one
    result per page, in input order: the page's :class:`~wireparse.records.Dispatch`, or a
    :class:`PageError` when it could not be read or parsed.

    ``pages`` is consumed lazily (a generator over millions of pages is fine); items are the
    page's text or bytes, or a :class:`Page` (with its own id, URL, reference date, or a path for
    the worker to read). ``reference_date`` and ``url`` apply to pages that do not carry their
    own. ``jobs=1`` parses in this process. ``with_ids=True`` yields ``(id, result)`` pairs: the
    id of a :class:`Page`, else the item's position (``"0"``, ``"1"``…); a :class:`PageError`
    carries the same id.

    >>> [d.dateline.city for d in parse_many(["Riga, Dec 1 (AFP) Dec 01, 2021\\nNATO met.",
    ...                                       "OSLO, Jan 3 (NTB) - The ferry sailed."], jobs=1)]
    ['Riga', 'OSLO']
    >>> [(i, d.dateline.city) for i, d in parse_many([Page("a", "OSLO, Jan 3 (NTB) - It sailed.")],
    ...                                              jobs=1, with_ids=True)]
    [('a', 'OSLO')]
    """
    n = default_jobs() if jobs is None else jobs
    if n < 1:
        raise ValueError(f"jobs must be at least 1, not {n}")
    opts = _Options("record", reference_date=reference_date, url=url)
    ids: deque[str] = deque()  # the ids of the pages handed to the workers and not yet yielded

    def stream() -> Iterator[Page]:
        for i, item in enumerate(pages):
            page = _as_page(item, i)
            if with_ids:
                ids.append(page.id)
            yield page

    results = _records(_run(stream(), opts, n, chunk_size))
    if with_ids:
        return ((ids.popleft(), result) for result in results)
    return results


def _records(chunks: Iterator[list[Outcome]]) -> Iterator[Dispatch | PageError]:
    for chunk in chunks:
        for outcome in chunk:
            assert isinstance(outcome, Dispatch | PageError)
            yield outcome


def rows_from_path(
    path: str | os.PathLike[str],
    *,
    with_source: bool = False,
    glob: str = "*",
    text_field: str = "text",
    id_field: str | None = None,
    geo: bool = False,
) -> list[dict[str, Any]]:
    """Parse every page of one input (a page file, a folder, a JSONL file, a WARC/WET archive) in
    this process and return its rows, with their provenance columns (the input, and for an
    archive the record's id, byte offset, date and content type): the unit of work of a Dask or
    Spark job. ``geo=True`` adds the :data:`~wireparse.batch.GEO_COLUMNS`.

    A page that fails gives a row with ``error_stage`` and ``error_message``; nothing raises.
    """
    opts = _Options("row", with_source=with_source, geo=geo)
    pages = iter_pages([os.fspath(path)], glob=glob, text_field=text_field, id_field=id_field)
    rows: list[dict[str, Any]] = []
    for page in pages:
        outcome = _one(page, opts)
        if isinstance(outcome, PageError):
            rows.append(_error_row(outcome, with_source, geo))
        else:
            assert isinstance(outcome, dict)
            rows.append(outcome)
    return rows
