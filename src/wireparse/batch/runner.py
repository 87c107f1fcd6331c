"""``wireparse batch``: inputs, workers and sinks put together, with ``--resume``, ``--errors`` and Ctrl-C."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TextIO

try:
    import fcntl
except ImportError:  # not on a POSIX system: runs are not locked
    fcntl = None  # type: ignore[assignment]

from wireparse._extras import MissingExtraError, require
from wireparse.batch.config import BatchConfig, BatchReport, Format, UsageError, default_jobs, output_format
from wireparse.batch.inputs import PASSED_OVER, iter_pages, log
from wireparse.batch.page import Mode, Page, PageError
from wireparse.batch.pool import _Options, _run
from wireparse.batch.progress import Progress, _count
from wireparse.batch.rows import _csv_line, columns
from wireparse.batch.sinks import (
    _ParquetParts,
    _Sink,
    _skip_written,
    clear_parts,
    csv_header,
    csv_id,
    csv_written,
    parquet_written,
    parts_folder,
    repair_tail,
    written_ids,
)


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
    stdout = config.output == "-"
    if fmt == "parquet":
        if stdout:
            raise UsageError("Parquet cannot be written to standard output")
        try:
            require("pyarrow.parquet", "parquet", "writing Parquet")
        except MissingExtraError as err:
            raise UsageError(str(err)) from err
    if config.resume:
        if stdout:
            raise UsageError("--resume needs an output file (the output is the state of the run), not -")
        if config.overwrite:
            raise UsageError("--resume and --overwrite contradict each other")
    elif not config.overwrite:
        for target in (None if stdout else config.output, config.errors):
            if target is not None and os.path.exists(target):
                raise UsageError(f"{target} exists: add --resume to finish that run, or --overwrite")
        if fmt == "parquet" and os.path.lexists(parts := parts_folder(Path(config.output))):
            raise UsageError(
                f"{parts} holds the pages of an interrupted run: add --resume to finish it, "
                "or --overwrite to start again"
            )
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
    fmt = output_format(config.output, config.format)
    _check(config, fmt)
    with contextlib.ExitStack() as locks:
        for target in (None if config.output == "-" else config.output, config.errors):
            if target is not None:
                locks.enter_context(_locked(target))
        return _run_batch(config, fmt, stdin, stderr)


def _lock_path(target: str) -> Path:
    return Path(target + ".lock")


@contextlib.contextmanager
def _locked(target: str) -> Iterator[None]:
    """Hold an advisory lock (``flock``) on ``TARGET.lock`` for the run, so that a second run on the
    same output stops with a :class:`UsageError` instead of writing into it too. The lock dies with
    the process, so the lock file a killed run leaves behind blocks nobody; the file is removed when
    the run ends. Without ``fcntl`` (Windows) runs are not locked."""
    if fcntl is None:
        yield
        return
    path = _lock_path(target)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            raise UsageError(
                f"{target} is being written by another run (it holds {path}): "
                "wait for that run to end or stop it"
            ) from err
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)  # the run before removed the file after we opened it: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)


def _run_batch(config: BatchConfig, fmt: Format, stdin: TextIO | None, stderr: TextIO | None) -> BatchReport:
    err_stream = stderr if stderr is not None else sys.stderr
    jobs = config.jobs if config.jobs is not None else default_jobs()
    out_path = None if config.output == "-" else Path(config.output)
    err_path = Path(config.errors) if config.errors is not None else None

    done: Counter[str] = Counter()
    earlier_errors = 0
    try:
        progress = Progress(config.progress, err_stream)
    except MissingExtraError as err:
        raise UsageError(str(err)) from err
    key: Any = str
    if config.resume:
        assert out_path is not None
        if fmt == "parquet":
            notes, ids, errs = parquet_written(out_path, config.with_source, config.geo)
            for note in notes:
                progress.log(note)
            done.update(ids)
            earlier_errors += errs
        elif fmt == "csv" and out_path.exists():
            cut, ids, errs = csv_written(out_path, csv_header(config.with_source, config.geo))
            if cut:
                progress.log(f"{out_path}: removed a partial last row ({cut:,} bytes)")
            done.update(ids)
            earlier_errors += errs
            key = lambda page_id: csv_id(page_id, config.csv_raw)  # noqa: E731 - ids as their cells read back
        for path in (out_path if fmt == "jsonl" else None, err_path):
            if path is not None and path.exists():
                cut = repair_tail(path)
                if cut:
                    progress.log(f"{path}: removed a partial last line ({cut:,} bytes)")
                ids, errs = written_ids(path)
                if path == err_path and key is not str:
                    ids = Counter({key(k): v for k, v in ids.items()})
                done.update(ids)
                earlier_errors += errs
        if done:
            progress.log(f"resuming: {sum(done.values()):,} pages already written are skipped")
    elif config.overwrite and fmt == "parquet" and out_path is not None:
        clear_parts(parts_folder(out_path))
        out_path.unlink(missing_ok=True)

    exclude = [p for p in (out_path, err_path) if p is not None]
    exclude += [_lock_path(str(p)) for p in exclude]
    passed_over: Counter[str] = Counter()
    pages: Iterable[Page] = iter_pages(
        config.inputs,
        glob=config.glob,
        text_field=config.text_field,
        id_field=config.id_field,
        url_field=config.url_field,
        stdin=stdin,
        exclude=exclude,
        follow_symlinks=config.follow_symlinks,
        all_files=config.all_files,
        passed_over=passed_over,
    )
    skipped = [0]
    if done:
        pages = _skip_written(pages, done, skipped, key)

    mode: Mode = {"jsonl": "jsonl", "csv": "csv", "parquet": "row"}[fmt]  # type: ignore[assignment]
    opts = _Options(
        mode,
        with_source=config.with_source,
        reference_date=config.reference_date,
        csv_raw=config.csv_raw,
        geo=config.geo,
    )
    sink = _open_sink(fmt, out_path, err_path, config)
    total = failed = 0
    interrupted = False
    stop = threading.Event()
    previous = _catch_ctrl_c(stop)
    start = time.monotonic()
    verbose = log.isEnabledFor(logging.INFO)
    try:
        for outcomes in _run(pages, opts, jobs, config.chunk_size):
            bad = sink.write(outcomes)
            if verbose and bad:
                for outcome in outcomes:
                    if isinstance(outcome, PageError):
                        log.info("error (%s) %s: %s", outcome.stage, outcome.id, outcome.message)
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
    passed = sum(passed_over.values())
    report = BatchReport(total, failed, skipped[0], earlier_errors, seconds, interrupted, passed)
    if fmt == "parquet" and out_path is not None:
        assert isinstance(sink.out, _ParquetParts)
        if interrupted:
            progress.log(
                f"interrupted: the pages done so far are in {sink.out.folder} "
                "(Parquet part files, readable as one dataset)"
            )
        else:
            sink.out.finish(out_path)
    rate = total / seconds if seconds > 0 else 0.0
    summary = f"{_count(total, 'page')} in {seconds:,.1f} s ({rate:,.1f} pages/s), {_count(failed, 'error')}"
    if skipped[0]:
        summary += f"; {skipped[0]:,} already done"
    if passed:
        why = ", ".join(
            f"{n:,} {PASSED_OVER[k]}" for k, n in sorted(passed_over.items(), key=lambda kv: -kv[1])
        )
        summary += f"; {_count(passed, 'file')} in folders passed over ({why})"
    if interrupted:
        summary += "; interrupted"
        if out_path is not None:  # standard output cannot be resumed
            summary += ": run the same command with --resume to finish"
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


def _open_sink(fmt: Format, out_path: Path | None, err_path: Path | None, config: BatchConfig) -> _Sink:
    def open_binary(path: Path) -> BinaryIO:
        return path.open("ab") if config.resume else path.open("wb")

    # the errors file first: an output that cannot be opened then leaves no empty OUT behind that
    # would block the rerun (and an errors file this run created is removed again)
    errors = open_binary(err_path) if err_path is not None else None
    out: BinaryIO | _ParquetParts
    try:
        if fmt == "parquet":
            assert out_path is not None
            out = _ParquetParts(parts_folder(out_path), config.with_source, config.geo)
        elif out_path is None:
            out = sys.stdout.buffer
        else:
            out = open_binary(out_path)
    except BaseException:
        if errors is not None:
            errors.close()
            if not config.resume and err_path is not None:
                err_path.unlink(missing_ok=True)
        raise
    sink = _Sink(fmt, out, errors, config.with_source, config.csv_raw, config.geo)
    if fmt == "csv" and (out_path is None or out_path.stat().st_size == 0):
        header = columns(geo=config.geo, source=config.with_source)
        assert not isinstance(out, _ParquetParts)
        out.write(_csv_line(dict(zip(header, header, strict=True))))
    return sink
