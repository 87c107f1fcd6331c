"""WARC and WET archives as a stream of pages (the optional extra ``warc``: FastWARC).

:func:`read_archive` yields one :class:`ArchiveRecord` per page-bearing record: WET ``conversion``
records (the extracted text of a crawled page), and WARC ``response`` (the HTTP payload, for a 2xx
answer with a textual content type) and ``resource`` records. ``warcinfo``, ``request``,
``metadata`` and ``revisit`` records carry no page and are passed over.

A damaged archive is read up to the damage, then :class:`ArchiveError` says where it stopped. The
readers themselves stop silently on a file cut short (neither FastWARC nor warcio reports it), so
this module checks the end itself: the last record must be complete (its ``Content-Length`` bytes
present, its gzip member closed) and nothing may follow it but blank bytes. A record cut short is
never yielded.

FastWARC is imported inside the functions; without the extra, :class:`MissingExtraError` names it.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from wireparse._extras import MissingExtraError, require

__all__ = [
    "EXTRA",
    "SUFFIXES",
    "ArchiveError",
    "ArchiveRecord",
    "MissingExtraError",
    "check_available",
    "is_archive",
    "read_archive",
]

SUFFIXES = (".warc", ".warc.gz", ".wet", ".wet.gz")
"""File names that are read as archives (``.warc.wet.gz``, Common Crawl's WET name, included)."""

EXTRA = "warc"
_PURPOSE = "reading WARC/WET archives"
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD = 1 << 16
"""How far into a record its WARC header may reach when the end check looks for it."""
_SLACK = 64
"""Blank bytes tolerated after the last record (its closing CRLF CRLF and stray newlines)."""


@attrs.frozen
class ArchiveRecord:
    """One page from an archive."""

    id: str
    """The ``WARC-Record-ID`` (``<urn:uuid:…>``)."""
    url: str | None
    """The ``WARC-Target-URI``."""
    date: dt.date | None
    """The day of ``WARC-Date`` (the crawl date)."""
    kind: str
    """The record type: ``conversion``, ``response`` or ``resource``."""
    content: bytes
    """The page: the record's block, or for a ``response`` the HTTP payload (transfer and content
    encodings undone)."""
    offset: int
    """Where the record starts in the file (for a ``.gz``: the offset of its gzip member)."""
    warc_date: str | None = None
    """The ``WARC-Date`` header as written (``2023-06-02T08:00:00Z``)."""
    content_type: str | None = None
    """The page's content type: a ``response``'s HTTP ``Content-Type``, else the record's own."""


class ArchiveError(OSError):
    """The archive is damaged: ``records`` pages were read before ``offset``, where reading stopped."""

    def __init__(self, path: str, message: str, records: int, offset: int | None) -> None:
        self.path = path
        self.records = records
        self.offset = offset
        self.reason = message
        where = f" at byte {offset:,}" if offset is not None else ""
        super().__init__(f"{path}: damaged archive{where}, after {records} records: {message}")


def is_archive(path: str | Path) -> bool:
    """True for a file name that ends like a WARC or WET archive.

    >>> is_archive("CC-MAIN-2024-10-00000.warc.wet.gz"), is_archive("page.txt")
    (True, False)
    """
    return str(path).lower().endswith(SUFFIXES)


def check_available() -> None:
    """Raise :class:`MissingExtraError` unless the archive reader is installed."""
    require("fastwarc.warc", EXTRA, _PURPOSE)


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _textual(content_type: str | None) -> bool:
    if not content_type:
        return True
    ctype = content_type.split(";", maxsplit=1)[0].strip().lower()
    return ctype.startswith(_TEXT_TYPES)


def read_archive(path: str | Path) -> Iterator[ArchiveRecord]:
    """The page-bearing records of a WARC/WET archive (plain or gzip), in file order.

    Raises :class:`ArchiveError` after the last good record when the archive is damaged or cut
    short, and :class:`MissingExtraError` when the ``warc`` extra is not installed.
    """
    warc: Any = require("fastwarc.warc", EXTRA, _PURPOSE)
    name = str(path)
    wanted = warc.WarcRecordType.conversion | warc.WarcRecordType.response | warc.WarcRecordType.resource
    count = 0
    last: tuple[int, str | None, int] | None = None  # offset, record id, block length
    pending: ArchiveRecord | None = None  # held back until the next record shows it is whole
    with open(path, "rb") as stream:
        records = warc.ArchiveIterator(stream, record_types=warc.any_type, parse_http=False)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except (OSError, ValueError) as err:
                # the damage is in the record after ``pending``, which was read whole
                if pending is not None:
                    count += 1
                    yield pending
                offset = last[0] if last is not None else None
                raise ArchiveError(name, str(err) or type(err).__name__, count, offset) from err
            if pending is not None:
                count += 1
                yield pending
                pending = None
            headers = record.headers
            block = _int(headers.get("Content-Length"))
            last = (int(record.stream_pos), headers.get("WARC-Record-ID"), block)
            if record.record_type & wanted:
                pending = _page(record, last[2], name, count)
            else:
                record.consume()
    problem, last_whole = _check_end(Path(path), last)
    if pending is not None and (problem is None or last_whole):
        count += 1
        yield pending
    if problem is not None:
        raise ArchiveError(name, problem, count, last[0] if last is not None else None)


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        return -1


def _page(record: Any, block: int, name: str, count: int) -> ArchiveRecord | None:
    """The page in ``record``, or None when it carries none (a non-text or non-2xx answer)."""
    offset = int(record.stream_pos)
    kind = str(record.record_type)
    headers = record.headers
    if kind == "response":
        # a response cut short is caught by the end check (only the last record can be)
        try:
            record.parse_http(auto_decode="all", quirks_mode=True)
        except (OSError, ValueError):
            record.consume()
            return None
        status = record.http_headers.status_code
        if status is None or not 200 <= int(status) < 300 or not _textual(record.http_content_type):
            record.consume()
            return None
        content = record.reader.read()
        ctype = record.http_headers.get("Content-Type") or record.http_content_type
    else:
        content = record.reader.read()
        if len(content) < block:
            raise ArchiveError(name, f"record cut short ({len(content):,} of {block:,} bytes)", count, offset)
        if kind == "resource" and not _textual(headers.get("Content-Type")):
            return None
        ctype = headers.get("Content-Type")
    return ArchiveRecord(
        id=headers.get("WARC-Record-ID") or f"{name}@{offset}",
        url=headers.get("WARC-Target-URI"),
        date=_date(headers.get("WARC-Date")),
        kind=kind,
        content=bytes(content),
        offset=offset,
        warc_date=headers.get("WARC-Date"),
        content_type=str(ctype) if ctype else None,
    )


# --- the end check ----------------------------------------------------------------------------------


def _check_end(path: Path, last: tuple[int, str | None, int] | None) -> tuple[str | None, bool]:
    """What is wrong at the end of the archive (None when it ends cleanly after its last record),
    and whether the last record itself is whole. ``last`` is its offset, id and block length."""
    size = path.stat().st_size
    start = last[0] if last is not None else 0
    with path.open("rb") as f:
        f.seek(start)
        if f.read(2) == _GZIP_MAGIC:
            f.seek(start)
            return _check_gzip_end(f, size, last)
        if path.name.lower().endswith(".gz"):
            return _check_gzip_whole(path), False
        f.seek(start)
        head = f.read(_HEAD)
        if last is None:
            return (None if not head.strip() else "no WARC record could be read"), False
        end = head.find(b"\r\n\r\n")
        if end < 0 or last[2] < 0:
            return "the last record's header is cut short", False
        stop = start + end + 4 + last[2]
        if stop > size:
            return f"the last record is cut short ({stop - size:,} bytes missing)", False
        f.seek(stop)
        return _trailing(f.read(_SLACK + 1), size - stop), True


def _trailing(tail: bytes, count: int) -> str | None:
    """What is wrong with the ``count`` bytes after the last record (``tail`` is their start)."""
    if count > _SLACK or tail.strip(b"\x00\r\n\t "):
        return f"{count:,} bytes after the last record could not be read as a record"
    return None


def _check_gzip_end(
    f: BinaryIO, size: int, last: tuple[int, str | None, int] | None
) -> tuple[str | None, bool]:
    """Inflate the last record's gzip member; then nothing but blank bytes may follow it."""
    first = bytearray()
    produced = 0
    inflate = zlib.decompressobj(31)
    while not inflate.eof:
        chunk = f.read(1 << 20)
        if not chunk:
            return "the archive ends inside the last record's gzip member (the file is cut short)", False
        try:
            out = inflate.decompress(chunk)
        except zlib.error as err:
            return f"the last record's gzip data is damaged ({err})", False
        produced += len(out)
        if len(first) < _HEAD:
            first += out[: _HEAD - len(first)]
    if last is None:
        return "no WARC record could be read", False
    _, record_id, block = last
    end = first.find(b"\r\n\r\n")
    if end < 0 or block < 0:
        return "the last record's header is cut short", False
    if record_id is None or record_id.encode("utf-8", "replace") in first[:end]:
        stop = end + 4 + block
        if produced < stop:
            return f"the last record is cut short ({stop - produced:,} bytes missing)", False
    # else the member holds earlier records too: that it is whole is what can be checked
    extra = len(inflate.unused_data) + size - f.tell()
    return _trailing(inflate.unused_data[: _SLACK + 1] + f.read(_SLACK + 1), extra), True


def _check_gzip_whole(path: Path) -> str | None:
    """For a gzip file whose records do not start members: check the whole stream is complete."""
    inflate = zlib.decompressobj(31)
    fed = False
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            while chunk:
                fed = True
                try:
                    inflate.decompress(chunk)
                except zlib.error as err:
                    return f"gzip data is damaged ({err})"
                if not inflate.eof:
                    break
                chunk = inflate.unused_data
                inflate = zlib.decompressobj(31)
                fed = False
    if fed and not inflate.eof:
        return "the archive ends inside a gzip member (the file is cut short)"
    return None
