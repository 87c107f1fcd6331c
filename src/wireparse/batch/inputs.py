"""Inputs to pages: files, folders, ``-`` (paths on standard input), JSONL files and WARC/WET archives,
read lazily, one :class:`~wireparse.batch.page.Page` at a time."""

from __future__ import annotations

import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import IO, TextIO, cast

from wireparse import warc
from wireparse.batch.page import Page
from wireparse.compress import MAX_PAGE_BYTES

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
"""Input files read as one page per JSON line (see ``text_field``)."""


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
    follow_symlinks: bool = False,
) -> Iterator[Page]:
    """The pages of ``inputs``, in order, one at a time.

    An input is a file (a page), a folder (walked in sorted order, recursively, files whose path
    below the folder matches ``glob`` as :meth:`pathlib.PurePath.match` does), ``-`` (one path a
    line on ``stdin``), a JSONL file (``.jsonl``, ``.ndjson``, optionally ``.gz``: one page a line,
    its text in ``text_field``, its id in ``id_field`` or else ``PATH:LINE``, its URL in
    ``url_field``) or a WARC/WET archive (each page record, with its record id, URL and date). A
    path that cannot be read gives a page with ``error`` set; ``exclude`` names files to pass over
    (the outputs of the run).

    Only regular files are pages: in a folder, FIFOs, sockets and devices are passed over, and so
    are symbolic links (to files or folders) unless ``follow_symlinks``; a named input that is not
    a regular file or a folder gives a page with ``error`` set.
    """
    skip = {os.path.realpath(p) for p in exclude}
    for item in inputs:
        if item == "-":
            lines = stdin if stdin is not None else sys.stdin
            for line in lines:
                path = line.rstrip("\r\n")
                if path.strip():
                    yield from _expand(path, glob, text_field, id_field, url_field, skip, follow_symlinks)
        else:
            yield from _expand(item, glob, text_field, id_field, url_field, skip, follow_symlinks)


def _regular(path: str, follow: bool) -> bool:
    """Whether ``path`` is a regular file (a symbolic link to one only if ``follow``)."""
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode)


def _expand(
    path: str,
    glob: str,
    text_field: str,
    id_field: str | None,
    url_field: str | None,
    skip: set[str],
    follow: bool = False,
) -> Iterator[Page]:
    if os.path.isdir(path):
        skip_names = {os.path.basename(p) for p in skip}
        problems: list[OSError] = []
        seen = {os.path.realpath(path)}  # with follow, a link back up the tree is walked once only
        for root, dirs, files in os.walk(path, onerror=problems.append, followlinks=follow):
            for err in problems:
                where = err.filename or root
                yield Page(id=str(where), error=f"cannot read {where}: {err.strerror or err}")
            problems.clear()
            keep = []
            for d in sorted(dirs):
                if d.startswith("."):
                    continue
                if follow:
                    real = os.path.realpath(os.path.join(root, d))
                    if real in seen:
                        continue
                    seen.add(real)
                keep.append(d)
            dirs[:] = keep
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = os.path.join(root, name)
                if not PurePath(os.path.relpath(full, path)).match(glob):
                    continue
                if name in skip_names and os.path.realpath(full) in skip:
                    continue
                if follow and os.path.islink(full) and not os.path.exists(full):
                    yield Page(id=full, error=f"cannot read {full}: a symbolic link to nothing")
                    continue
                if not _regular(full, follow):
                    continue  # a FIFO, socket, device or (unless follow) symbolic link
                yield from _file(full, text_field, id_field, url_field)
        for err in problems:
            where = err.filename or path
            yield Page(id=str(where), error=f"cannot read {where}: {err.strerror or err}")
        return
    if not os.path.exists(path):
        yield Page(id=path, error=f"cannot read {path}: no such file or folder")
        return
    if not _regular(path, True):
        yield Page(id=path, error=f"cannot read {path}: not a regular file")
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
    """The pages of an archive; each bad span or bad record in it is one error page (its id the
    record's, or ``PATH@OFFSET``), and the pages after it are read."""
    try:
        for item in warc.read_archive(path):
            if isinstance(item, warc.ArchiveError):
                yield Page(id=item.id, error=str(item))
                continue
            yield Page(
                id=item.id, data=item.content, url=item.url, reference_date=item.date, charset=item.charset
            )
    except OSError as err:
        yield Page(id=path, error=f"cannot read {path}: {err.strerror or err}")


MAX_LINE_BYTES = MAX_PAGE_BYTES
"""The longest JSONL line read; a longer one is an error record and the run goes on at the next line."""


def _open_binary(path: str) -> IO[bytes]:
    if path.lower().endswith(".gz"):
        import gzip  # noqa: PLC0415 - only for .gz inputs

        return cast(IO[bytes], gzip.open(path, "rb"))  # decompressed as read: memory stays one line
    return open(path, "rb")


def _jsonl(path: str, text_field: str, id_field: str | None, url_field: str | None) -> Iterator[Page]:
    lineno = 0
    limit = MAX_LINE_BYTES
    try:
        with _open_binary(path) as f:
            while raw := f.readline(limit + 1):
                lineno += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass  # the rest of the over-long line, a bounded piece at a time
                    where = f"{path}:{lineno}"
                    yield Page(id=where, error=f"{where}: a line longer than {limit} bytes")
                    continue
                line = raw.decode("utf-8", errors="replace")
                if not line.strip():
                    continue
                yield _json_page(path, lineno, line, text_field, id_field, url_field)
    except (OSError, EOFError, zlib.error) as err:
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
