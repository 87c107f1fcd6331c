"""Inputs to pages: files, folders, ``-`` (paths on standard input), JSONL files and WARC/WET archives,
read lazily, one :class:`~wireparse.batch.page.Page` at a time.

Which files of a folder are pages (:func:`is_page_file`): a named file is always an input; in a
folder walk, files with a page suffix (:data:`PAGE_SUFFIXES`, also compressed), JSONL inputs and
WARC/WET archives are; JSON documents (``.json``: labels, goldens, metadata), tables (``.csv``,
``.tsv``, ``.parquet``, ``.pq``), wireparse's own files (``.lock``, ``.partial``, ``.tmp``, and a
JSONL file whose first line is a wireparse record or error record) and known binary kinds
(:data:`NOT_PAGE_SUFFIXES`) are passed over; any other file is a page when its first 4 KiB read
as text, HTML or compressed data. ``all_files`` takes every regular file, as before.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import TextIO

import attrs

from wireparse import warc
from wireparse.batch.page import Page, Provenance, printable
from wireparse.compress import MAX_PAGE_BYTES, STREAM_ERRORS, kind, open_decompressed

log = logging.getLogger("wireparse.batch")
"""What a run logs (INFO): each input file, JSONL input and archive as it is taken, each file a folder
walk passes over and why, each failed page (``wireparse batch -v`` shows them on standard error)."""

JSONL_SUFFIXES = tuple(base + z for base in (".jsonl", ".ndjson") for z in ("", ".gz", ".bz2", ".xz", ".zst"))
"""Input files read as one page per JSON line (see ``text_field``), plain or compressed (gzip, bzip2,
xz, or zstd with the ``zstd`` extra: told by the file's magic bytes, decompressed as read)."""


def _is_jsonl(path: str) -> bool:
    return path.lower().endswith(JSONL_SUFFIXES)


COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")
PAGE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml", ".shtml")
"""Files taken as pages in a folder without looking into them (also with a compression suffix)."""
JSON_SUFFIXES = (".json",)
"""JSON documents: in a corpus or fixtures folder, the labels and goldens beside the pages."""
WIREPARSE_SUFFIXES = (".lock", ".partial", ".tmp")
"""What a run leaves beside its output: its lock, a Parquet run's parts folder, temporary files."""
TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq")
"""Tables (wireparse's CSV and Parquet outputs among them): never pages."""
NOT_PAGE_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".tif", ".tiff", ".svg", ".avif"),
    *(".pdf", ".zip", ".tar", ".tgz", ".7z", ".rar", ".jar", ".whl", ".exe", ".dll", ".so", ".pyc"),
    *(".woff", ".woff2", ".ttf", ".otf", ".mp3", ".mp4", ".webm", ".wav", ".ogg", ".mov", ".avi"),
    *(".css", ".js", ".mjs", ".map", ".py", ".sqlite", ".db", ".pkl", ".npy", ".toml", ".yaml", ".yml"),
)
"""Files of other kinds, passed over in folders without looking into them."""
_SNIFF_BYTES = 4096
_BINARY_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"PAR1",
    b"SQLite format 3",
    b"\x7fELF",
    b"RIFF",
    b"OggS",
    b"wOFF",
    b"wOF2",
    b"7z\xbc\xaf",
)
_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13, 27}


def _strip_compression(name: str) -> str:
    for suffix in COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _head(path: str, n: int = _SNIFF_BYTES) -> bytes:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as f:
        return f.read(n)


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes of a file are a page's: compressed data, a byte-order mark, HTML or
    text (UTF-16 without a BOM too), not a binary kind (PDF, images, archives, Parquet…).

    >>> looks_like_text(b"OSLO (NTB) - The ferry sailed."), looks_like_text(b"%PDF-1.7 ...")
    (True, False)
    """
    if not head or kind(head) is not None:
        return True
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return True
    if head.startswith(_BINARY_MAGIC):
        return False
    if b"\x00" in head:  # UTF-16 without a BOM has a NUL in every other byte, binary data elsewhere
        even, odd = head[0::2], head[1::2]
        return max(even.count(0), odd.count(0)) >= 0.9 * min(len(even), len(odd)) and not (
            even.count(0) and odd.count(0)
        )
    controls = sum(1 for b in head if b in _TEXT_CONTROLS)
    return controls <= len(head) // 100


def _is_wireparse_jsonl(path: str) -> bool:
    """Whether a JSONL file is a wireparse output: its first line a record or an error record."""
    try:
        f, _ = open_decompressed(path)
        with f:
            head = f.read(1 << 16)
    except STREAM_ERRORS:
        return False
    line, newline, _ = head.partition(b"\n")
    if not newline:  # a first line longer than the head: a record with its source, say
        return line.startswith(b'{"') and b'"schema_version": "' in line
    try:
        obj = json.loads(line)
    except ValueError:
        return False
    if not isinstance(obj, dict):
        return False
    err = obj.get("error")
    if isinstance(err, dict) and "stage" in err and "message" in err:
        return True
    return "schema_version" in obj and ("id" in obj or "input" in obj)


def is_page_file(path: str) -> str | None:
    """Why a file met in a folder walk is not a page (``None``: it is one): ``"json"``,
    ``"wireparse"`` (a lock, parts folder, temporary file or a JSONL output of a run), ``"table"``
    or ``"other"`` (a known non-page kind, or content that is not text)."""
    name = os.path.basename(path).lower()
    bare = _strip_compression(name)
    if bare.endswith(WIREPARSE_SUFFIXES):
        return "wireparse"
    if warc.is_archive(name):
        return None
    if _is_jsonl(name):
        return "wireparse" if _is_wireparse_jsonl(path) else None
    if bare.endswith(PAGE_SUFFIXES):
        return None
    if bare.endswith(JSON_SUFFIXES):
        return "json"
    if bare.endswith(TABLE_SUFFIXES):
        return "table"
    if bare.endswith(NOT_PAGE_SUFFIXES):
        return "other"
    try:
        head = _head(path)
    except OSError:
        return None  # the worker reports why it cannot be read
    return None if looks_like_text(head) else "other"


PASSED_OVER = {
    "json": "JSON labels or goldens",
    "wireparse": "wireparse outputs",
    "table": "tables",
    "other": "not pages",
    "symlink": "symbolic links",
    "special": "not regular files",
}
"""What each reason :func:`iter_pages` counts in ``passed_over`` means."""


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
    all_files: bool = False,
    passed_over: Counter[str] | None = None,
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

    In a folder, only page files are taken (:func:`is_page_file`: no ``.json`` labels, no outputs
    of earlier runs, no binary files) unless ``all_files``. ``passed_over`` counts the files a
    folder walk passed over, by reason (:data:`PASSED_OVER`; hidden files are not counted).
    """
    skip = {os.path.realpath(p) for p in exclude}
    walk = _Walk(glob, text_field, id_field, url_field, skip, follow_symlinks, all_files, passed_over)
    for item in inputs:
        if item == "-":
            lines = stdin if stdin is not None else _stdin_paths()
            for line in lines:
                path = line.rstrip("\r\n")
                if path.strip():
                    yield from map(_printable, walk.expand(path))
        else:
            yield from map(_printable, walk.expand(item))


def _stdin_paths() -> Iterator[str]:
    """The lines of standard input as file names: its bytes decoded as the file system's names are
    (:func:`os.fsdecode`), so a name that is not UTF-8 is a name, not a ``UnicodeDecodeError``."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream with no bytes under it
        yield from sys.stdin
        return
    for raw in buffer:
        yield os.fsdecode(raw)


def _printable(page: Page) -> Page:
    """``page`` with its id, error, URL and provenance as text that encodes as UTF-8
    (:func:`~wireparse.batch.page.printable`: a file name's undecodable bytes as ``\\xNN``); its
    ``path`` keeps the name the worker opens."""
    where = page.provenance
    texts = (page.id, page.error, page.url, where.input, where.warc_record_id)
    if all(t is None or t.isascii() for t in texts):
        return page
    return attrs.evolve(
        page,
        id=printable(page.id),
        error=None if page.error is None else printable(page.error),
        url=None if page.url is None else printable(page.url),
        provenance=attrs.evolve(
            where,
            input=None if where.input is None else printable(where.input),
            warc_record_id=None if where.warc_record_id is None else printable(where.warc_record_id),
        ),
    )


def _regular(path: str, follow: bool) -> bool:
    """Whether ``path`` is a regular file (a symbolic link to one only if ``follow``)."""
    try:
        st = os.stat(path) if follow else os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode)


class _Walk:
    """The options of one :func:`iter_pages` call, for each input it expands."""

    def __init__(
        self,
        glob: str,
        text_field: str,
        id_field: str | None,
        url_field: str | None,
        skip: set[str],
        follow: bool,
        all_files: bool,
        passed_over: Counter[str] | None,
    ) -> None:
        self.glob = glob
        self.fields = (text_field, id_field, url_field)
        self.skip = skip
        self.follow = follow
        self.all_files = all_files
        self.passed = passed_over if passed_over is not None else Counter()

    def expand(self, path: str) -> Iterator[Page]:
        if os.path.isdir(path):
            yield from self._folder(path)
            return
        if not os.path.exists(path):
            yield Page(
                id=path,
                error=f"cannot read {path}: no such file or folder",
                provenance=Provenance(input=path),
            )
            return
        if not _regular(path, True):
            yield Page(
                id=path, error=f"cannot read {path}: not a regular file", provenance=Provenance(input=path)
            )
            return
        yield from _file(path, *self.fields)

    @staticmethod
    def _passed_over(path: str, why: str) -> None:
        log.info("passed over %s (%s)", printable(path), PASSED_OVER[why])

    def _folder(self, path: str) -> Iterator[Page]:
        skip, follow = self.skip, self.follow
        skip_names = {os.path.basename(p) for p in skip}
        problems: list[OSError] = []
        seen = {os.path.realpath(path)}  # with follow, a link back up the tree is walked once only
        for root, dirs, files in os.walk(path, onerror=problems.append, followlinks=follow):
            for err in problems:
                where = str(err.filename or root)
                unread = f"cannot read {where}: {err.strerror or err}"
                yield Page(id=where, error=unread, provenance=Provenance(input=where))
            problems.clear()
            keep = []
            for d in sorted(dirs):
                if d.startswith("."):
                    continue
                if not self.all_files and d.lower().endswith(".partial"):
                    self.passed["wireparse"] += 1  # a Parquet run's parts
                    self._passed_over(os.path.join(root, d), "wireparse")
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
                if not PurePath(os.path.relpath(full, path)).match(self.glob):
                    continue
                if name in skip_names and os.path.realpath(full) in skip:
                    continue
                if follow and os.path.islink(full) and not os.path.exists(full):
                    dangling = f"cannot read {full}: a symbolic link to nothing"
                    yield Page(id=full, error=dangling, provenance=Provenance(input=full))
                    continue
                if not _regular(full, follow):  # a FIFO, socket, device or (unless follow) symbolic link
                    kind_ = "symlink" if os.path.islink(full) else "special"
                    self.passed[kind_] += 1
                    self._passed_over(full, kind_)
                    continue
                if not self.all_files and (why := is_page_file(full)) is not None:
                    self.passed[why] += 1
                    self._passed_over(full, why)
                    continue
                yield from _file(full, *self.fields)
        for err in problems:
            where = str(err.filename or path)
            unread = f"cannot read {where}: {err.strerror or err}"
            yield Page(id=where, error=unread, provenance=Provenance(input=where))


def _file(path: str, text_field: str, id_field: str | None, url_field: str | None) -> Iterator[Page]:
    if warc.is_archive(path):
        log.info("archive %s", printable(path))
        yield from _archive(path)
    elif _is_jsonl(path):
        log.info("JSONL input %s", printable(path))
        yield from _jsonl(path, text_field, id_field, url_field)
    else:
        log.info("page file %s", printable(path))
        yield Page(id=path, path=path, provenance=Provenance(input=path))


def _archive(path: str) -> Iterator[Page]:
    """The pages of an archive; each bad span or bad record in it is one error page (its id the
    record's, or ``PATH@OFFSET``), and the pages after it are read."""
    compression = "gzip" if path.lower().endswith(".gz") else None
    try:
        for item in warc.read_archive(path):
            if isinstance(item, warc.ArchiveError):
                where = Provenance(
                    input=path,
                    warc_record_id=item.record_id,
                    warc_offset=item.offset,
                    compression=compression,
                )
                yield Page(id=item.id, error=str(item), provenance=where)
                continue
            where = Provenance(
                input=path,
                warc_record_id=item.id,
                warc_offset=item.offset,
                warc_type=item.kind,
                warc_date=item.warc_date,
                content_type=item.content_type,
                compression=compression,
            )
            yield Page(
                id=item.id,
                data=item.content,
                url=item.url,
                reference_date=item.date,
                charset=item.charset,
                provenance=where,
            )
    except OSError as err:
        where = Provenance(input=path, compression=compression)
        yield Page(id=path, error=f"cannot read {path}: {err.strerror or err}", provenance=where)


MAX_LINE_BYTES = MAX_PAGE_BYTES
"""The longest JSONL line read; a longer one is an error record and the run goes on at the next line."""


def _jsonl(path: str, text_field: str, id_field: str | None, url_field: str | None) -> Iterator[Page]:
    lineno = 0
    limit = MAX_LINE_BYTES
    compression = None
    try:
        f, compression = open_decompressed(path)  # decompressed as read: memory stays one line
        with f:
            while raw := f.readline(limit + 1):
                lineno += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
                        pass  # the rest of the over-long line, a bounded piece at a time
                    where = f"{path}:{lineno}"
                    yield Page(
                        id=where,
                        error=f"{where}: a line longer than {limit} bytes",
                        provenance=Provenance(input=path, input_line=lineno, compression=compression),
                    )
                    continue
                line = raw.decode("utf-8", errors="replace")
                if not line.strip():
                    continue
                yield _json_page(path, lineno, line, text_field, id_field, url_field, compression)
    except STREAM_ERRORS as err:
        at = Provenance(input=path, input_line=lineno + 1 if lineno else None, compression=compression)
        yield Page(id=path, error=f"cannot read {path} after line {lineno}: {err}", provenance=at)


def _json_page(
    path: str,
    lineno: int,
    line: str,
    text_field: str,
    id_field: str | None,
    url_field: str | None,
    compression: str | None = None,
) -> Page:
    where = f"{path}:{lineno}"
    origin = Provenance(input=path, input_line=lineno, compression=compression)
    try:
        obj = json.loads(line)
    except ValueError as err:
        return Page(id=where, error=f"{where}: not a JSON line ({err})", provenance=origin)
    if not isinstance(obj, dict):
        return Page(id=where, error=f"{where}: not a JSON object", provenance=origin)
    page_id = where
    if id_field is not None:
        if obj.get(id_field) is None:
            return Page(id=where, error=f"{where}: no {id_field!r} field", provenance=origin)
        page_id = str(obj[id_field])
    text = obj.get(text_field)
    if not isinstance(text, str):
        return Page(id=page_id, error=f"{where}: no text field {text_field!r}", provenance=origin)
    url = obj.get(url_field) if url_field else None
    return Page(id=page_id, data=text, url=url if isinstance(url, str) else None, provenance=origin)
