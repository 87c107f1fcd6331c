"""WARC and WET archives as a stream of pages, read with the standard library alone.

:func:`read_archive` yields one :class:`ArchiveRecord` per page-bearing record: WET ``conversion``
records (the extracted text of a crawled page), and WARC ``response`` (the HTTP payload, for a 2xx
answer with a textual content type) and ``resource`` records. ``warcinfo``, ``request``,
``metadata`` and ``revisit`` records, ``dns:`` responses, and HTTP answers that are not 2xx or not
textual carry no page and are passed over.

One bad record costs one record. Where the archive is damaged (a gzip member cut short or of
random bytes, bytes between records that are no record, a ``Content-Length`` that does not end its
record, a header cut short), reading resynchronises at the next record: the next gzip member that
holds a WARC record for a ``.gz``, the next ``WARC/1.0`` or ``WARC/1.1`` header line for a plain
archive. The bad span is yielded as one :class:`ArchiveError` (not raised) with its byte offset and
where reading resumed; every whole record after it is read. A record that is whole but cannot give
a page (a ``response`` that is no HTTP message, a ``Content-Encoding`` body that is damaged or
larger than :data:`~wireparse.compress.MAX_PAGE_BYTES`, a page record over that size) is one
:class:`ArchiveError` too, with its record id.

Every read is bounded: a record's bytes are inflated only up to what its ``Content-Length``
declares (a gzip member that inflates to more is damage, found after at most a megabyte more),
a record that is passed over is skipped by seeking (plain) or, past 64 MiB, by the compressed
gzip member boundaries (``.gz``), and ``Content-Encoding`` bodies are decoded by
:func:`wireparse.compress.decode_content`, up to :data:`~wireparse.compress.MAX_PAGE_BYTES`.

A record is yielded only once its end is seen: the end of its gzip member (whose CRC is checked),
or the next record's ``WARC/`` header, or the end of the file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import attrs
import regex

from wireparse._extras import MissingExtraError
from wireparse.compress import MAX_PAGE_BYTES, DecompressionError, decode_content

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
_TEXT_TYPES = ("text/", "application/xhtml+xml", "application/xml")
_PAGE_TYPES = ("response", "resource", "conversion")
_GZIP_MAGIC = b"\x1f\x8b"
_HEAD = 1 << 16
"""The longest WARC (or HTTP) header read."""
_SLACK = 64
"""Blank bytes tolerated between gzip members and after the last record."""
_BLANK = b"\r\n\t \x00"
_CHUNK = 1 << 20
_INFLATE_SKIP = 64 << 20
"""A record passed over in a ``.gz`` that declares more than this is skipped by gzip member
boundaries instead of being inflated and discarded."""
_WARC_LINE = regex.compile(rb"WARC/1\.[01]\r\n")
_HEADER_STOP = regex.compile(rb"\r\n\r\n|WARC/1\.[01]\r\n")
_EMBEDDED = regex.compile(rb"WARC/1\.[01]\r\n[A-Za-z-]{1,40}:")
_STATUS = regex.compile(rb"HTTP/\d(?:\.\d)? +(\d{3})(?=[ \r\n])")


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
    charset: str | None = None
    """The charset the record declares outside the page: the HTTP ``Content-Type`` of a
    ``response``, the WARC ``Content-Type`` of a ``resource`` or ``conversion`` (as printed)."""


class ArchiveError(OSError):
    """A bad span of an archive, or a record in it that cannot give a page. Yielded by
    :func:`read_archive` in file order, between the records; reading goes on after it."""

    def __init__(
        self,
        path: str,
        message: str,
        offset: int | None,
        *,
        end: int | None = None,
        record_id: str | None = None,
    ) -> None:
        self.path = path
        self.offset = offset
        """Where the bad span or record starts (for a ``.gz``: its gzip member)."""
        self.end = end
        """Where reading resumed after a bad span (the next record, or the file's size); None for
        one bad record."""
        self.record_id = record_id
        self.reason = message
        where = f" at byte {offset:,}" if offset is not None else ""
        if record_id is not None:
            text = f"{path}: record {record_id}{where}: {message}"
        else:
            upto = f" (bytes {offset:,} to {end:,} skipped)" if offset is not None and end is not None else ""
            text = f"{path}: damaged archive{where}{upto}: {message}"
        super().__init__(text)

    @property
    def id(self) -> str:
        """The id its error record carries: the record's id, else ``PATH@OFFSET``."""
        if self.record_id is not None:
            return self.record_id
        return f"{self.path}@{self.offset}" if self.offset is not None else self.path

    def __reduce__(self) -> tuple[object, ...]:  # picklable with its keyword arguments
        return (_rebuild, (self.path, self.reason, self.offset, self.end, self.record_id))


def _rebuild(
    path: str, message: str, offset: int | None, end: int | None, record_id: str | None
) -> ArchiveError:
    return ArchiveError(path, message, offset, end=end, record_id=record_id)


def is_archive(path: str | Path) -> bool:
    """True for a file name that ends like a WARC or WET archive.

    >>> is_archive("CC-MAIN-2024-10-00000.warc.wet.gz"), is_archive("page.txt")
    (True, False)
    """
    return str(path).lower().endswith(SUFFIXES)


def check_available() -> None:
    """Kept for callers of earlier versions: archives are read with the standard library, so this
    never raises (a ``br`` Content-Encoding alone needs the ``warc`` extra, ``brotli``)."""


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


def _charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` value, unquoted, or None.

    >>> _charset('text/html; Charset="windows-1251"'), _charset("text/html")
    ('windows-1251', None)
    """
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            return value or None
    return None


def _logical(start: tuple[int, int, bool]) -> int:
    return start[0]


class _Damage(Exception):
    """The bytes at the reader's position cannot be read as (the rest of) a record."""


# --- the streams: a plain file, or the inflated members of a gzip file ---------------------------------


def _copy(buf: bytearray, i: int, n: int) -> bytes:
    """``buf[i:i + n]``, copied once."""
    with memoryview(buf) as view:
        return bytes(view[i : i + n])


class _Buffered:
    """What both streams share: ``buf`` holds the bytes from the start of the record being read
    (its logical position ``base``) on, ``i`` is the reading position in it. Keeping the record's
    bytes lets a resynchronisation search them again without reading them twice, so that the
    cost of damage is linear in its size."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f = f
        self.size = size
        self.buf = bytearray()
        self.base = 0
        self.i = 0

    @property
    def pos(self) -> int:
        return self.base + self.i

    def _fill(self, n: int) -> None:
        raise NotImplementedError

    def reason(self) -> str | None:
        return None

    def peek(self, n: int) -> bytes:
        self._fill(n)
        return _copy(self.buf, self.i, n)

    def read(self, n: int) -> bytes:
        out = self.peek(n)
        self.i += len(out)
        return out

    def mark(self, pos: int) -> None:
        """A record starts at ``pos``: the bytes before it are not needed any more."""
        drop = min(pos - self.base, self.i)
        if drop > 0:
            del self.buf[:drop]
            self.base += drop
            self.i -= drop


class _Plain(_Buffered):
    """A plain archive: logical positions are file offsets."""

    def _fill(self, n: int) -> None:
        while len(self.buf) - self.i < n:
            end = self.base + len(self.buf)
            self.f.seek(end)
            chunk = self.f.read(min(max(n - (len(self.buf) - self.i), 1 << 16), _CHUNK))
            if not chunk:
                return
            self.buf += chunk

    def skip(self, n: int, start: int) -> int:
        if n <= len(self.buf) - self.i:
            self.i += n
            return n
        target = min(self.pos + n, self.size)
        skipped = target - self.pos
        self.buf.clear()
        self.base, self.i = target, 0
        return skipped

    def boundary(self) -> bool:
        return False

    def crossed(self, start: int) -> bool:
        return True  # a plain record is never a gzip member of its own

    def offset(self, pos: int) -> int:
        return pos

    def _next_header(self, at: int) -> int | None:
        """The offset of the next ``WARC/1.0`` or ``WARC/1.1`` header line at or after ``at`` (where
        bytes that are no record end, it need not start a line of its own). Searches the bytes
        held first, then reads on; keeps at most a megabyte it has searched."""
        if at < self.base or at > self.base + len(self.buf):
            self.buf.clear()
            self.base, self.i = at, 0
        want = 4096
        while True:
            self._fill(at - self.base - self.i + want)
            m = _WARC_LINE.search(self.buf, at - self.base)
            if m:
                return self.base + m.start()
            end = self.base + len(self.buf)
            if end >= self.size:
                return None
            at = max(at, end - 16)  # a header line may straddle what was read
            if at - self.base > _CHUNK:  # searched: let it go
                drop = at - self.base
                del self.buf[:drop]
                self.base += drop
                self.i = max(0, self.i - drop)
            want = min(want * 4, _CHUNK)

    def resync(self, start: int) -> bool:
        """Go to the next WARC header line after ``start``."""
        found = self._next_header(start + 1)
        target = found if found is not None else self.size
        if self.base <= target <= self.base + len(self.buf):
            self.i = target - self.base
        else:
            self.buf.clear()
            self.base, self.i = target, 0
        return found is not None

    def rest_of_record(self) -> bool:
        """Whether the bytes from here to the next WARC header end like a record (CRLF CRLF): the
        rest of the record before them, whose ``Content-Length`` was too small."""
        here = self.pos
        found = self._next_header(here)
        end = found if found is not None else self.size
        if end - here < 4:
            return False
        if self.base <= end - 4 and end <= self.base + len(self.buf):
            tail = bytes(self.buf[end - 4 - self.base : end - self.base])
        else:
            self.f.seek(end - 4)
            tail = self.f.read(4)
        if not (self.base <= here <= self.base + len(self.buf)):
            self.buf.clear()
            self.base = here
        self.i = here - self.base
        return tail == b"\r\n\r\n"


class _Gzip(_Buffered):
    """A gzip archive: the inflated bytes of its members, one after another. Logical positions count
    inflated bytes; :meth:`offset` maps one to the file offset of the member (or gap) it is in."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        super().__init__(f, size)
        self.inflate: zlib._Decompress | None = None
        self.inbuf = b""  # compressed bytes read; inbuf[inoff:] not yet given to the inflater
        self.inoff = 0
        self.cpos = 0  # the file offset of inbuf[inoff]
        self.readsize = 1 << 12  # grows to _CHUNK: a resynchronisation reads little at first
        self.feed = 256  # how much input the inflater gets at once: grows within a member, so
        # that what it hands back past a member's end (a copy) stays in proportion to the member
        # (logical position, file offset, is a gap) of the members and gaps opened
        self.starts: list[tuple[int, int, bool]] = []
        self.ends: list[int] = []  # the logical positions where members ended (recent ones)
        self.broken: str | None = None

    def reason(self) -> str | None:
        return self.broken

    def _input(self, n: int) -> memoryview:
        """Up to ``n`` compressed bytes from ``cpos`` on (fewer only at the end of the file)."""
        if len(self.inbuf) - self.inoff < n:
            self.f.seek(self.cpos + len(self.inbuf) - self.inoff)
            more = self.f.read(max(self.readsize, n))
            self.readsize = min(self.readsize * 2, _CHUNK)
            self.inbuf = self.inbuf[self.inoff :] + more
            self.inoff = 0
        return memoryview(self.inbuf)[self.inoff : self.inoff + n]

    def _used(self, n: int) -> None:
        self.inoff += n
        self.cpos += n

    def _end(self) -> int:
        return self.base + len(self.buf)

    def _pull(self) -> bool:
        """Inflate more of the current member into buf; False at its end (or with none open)."""
        if self.broken is not None:
            raise _Damage(self.broken)
        d = self.inflate
        if d is None:
            return False
        while True:
            data = self._input(self.feed)
            if not data:
                self.broken = "the archive ends inside a gzip member (the file is cut short)"
                raise _Damage(self.broken)
            try:
                out = d.decompress(data, _CHUNK)
            except zlib.error as err:
                self.broken = f"damaged gzip data ({err})"
                raise _Damage(self.broken) from None
            if d.eof:
                self._used(len(data) - len(d.unused_data))
                self.inflate = None
                self.buf += out
                self.ends.append(self._end())
                return bool(out)
            used = len(data) - len(d.unconsumed_tail)
            self._used(used)
            if used == len(data):
                self.feed = min(self.feed * 2, _CHUNK)
            if out:
                self.buf += out
                return True

    def _next_member(self) -> bool:
        """Open the member at ``cpos``; False at the end of the file (blank bytes may end it)."""
        if self.broken is not None:
            raise _Damage(self.broken)
        head = bytes(self._input(2))
        if head == _GZIP_MAGIC:
            self.starts.append((self._end(), self.cpos, False))
            self.inflate = zlib.decompressobj(31)
            self.feed = 256
            return True
        if not head:
            return False
        tail = bytes(self._input(_SLACK + 1))
        if len(tail) <= _SLACK and not tail.strip(_BLANK):
            self._used(len(tail))
            return False
        self.starts.append((self._end(), self.cpos, True))
        self.broken = "bytes that are not a gzip member"
        raise _Damage(self.broken)

    def _fill(self, n: int) -> None:
        """Inflate until ``n`` bytes are held after the position, or the file ends. Damage met after
        some bytes were had leaves them to be read first: it is raised when they are used up."""
        while len(self.buf) - self.i < n:
            try:
                if self.inflate is None and not self._next_member():
                    return
                self._pull()
            except _Damage:
                if len(self.buf) > self.i:
                    return
                raise

    def _reposition(self, cpos: int, logical: int) -> None:
        """Read on from the file offset ``cpos`` (a member's start), at logical position ``logical``."""
        self.buf.clear()
        self.base, self.i = logical, 0
        self.inflate = None
        self.inbuf, self.inoff = b"", 0
        self.cpos = cpos
        self.readsize = 1 << 12
        self.broken = None
        self.starts = [s for s in self.starts if s[0] < logical]
        self.ends = [e for e in self.ends if e <= logical]

    def skip(self, n: int, start: int) -> int:
        """Pass over ``n`` inflated bytes: discarded a chunk at a time, or, for a record of more
        than 64 MiB that starts its member, by going to the next member without inflating."""
        if n > _INFLATE_SKIP and self._starts_member(start) and self.inflate is not None:
            found = _next_gzip_record(self.f, self.cpos, self.size)
            self._reposition(found if found is not None else self.size, self.pos + n)
            self.ends.append(self.pos)
            return n
        done = 0
        while done < n:
            self._fill(min(n - done, _CHUNK))
            step = min(len(self.buf) - self.i, n - done)
            if step <= 0:
                break
            self.i += step
            done += step
            self.mark(self.pos)  # what is passed over is not kept
        return done

    def _at(self, pos: int) -> int:
        """The index of the first member or gap that starts after ``pos``."""
        return bisect.bisect_right(self.starts, pos, key=_logical)

    def _starts_member(self, pos: int) -> bool:
        k = self._at(pos) - 1
        return k >= 0 and self.starts[k][0] == pos and not self.starts[k][2]

    def boundary(self) -> bool:
        """Whether the position is the end of a gzip member (inflated to its end, CRC checked)."""
        if self._ended(self.pos):
            return True
        while len(self.buf) == self.i and self.inflate is not None:
            if self._pull():
                return False
        return self._ended(self.pos)

    def _ended(self, pos: int) -> bool:
        k = bisect.bisect_left(self.ends, pos)
        return k < len(self.ends) and self.ends[k] == pos

    def crossed(self, start: int) -> bool:
        """Whether a gzip member starts inside the record that started at ``start``."""
        for logical, _, gap in self.starts[self._at(start) :]:
            if logical >= self.pos:
                return False
            if not gap:
                return True
        return False

    def offset(self, pos: int) -> int:
        k = self._at(pos) - 1
        if k >= 0:
            return self.starts[k][1]
        return self.starts[0][1] if self.starts else 0

    def mark(self, pos: int) -> None:
        super().mark(pos)
        del self.starts[: max(0, self._at(pos) - 1)]
        del self.ends[: bisect.bisect_left(self.ends, pos)]

    def resync(self, start: int) -> bool:
        """Go to the next gzip member after the one the bad record at ``start`` began in: one
        already opened (without inflating it again when its bytes are held), else the next in the
        file (after bytes that are not a member) whose data starts with a WARC header."""
        here = self.offset(start)
        for logical, offset, gap in self.starts[self._at(start) :]:
            if not gap:
                if logical >= self.base:
                    self.i = logical - self.base
                else:
                    self._reposition(offset, logical)
                return True
        found = _next_gzip_record(self.f, here + 1, self.size)
        self._reposition(found if found is not None else self.size, self._end())
        return found is not None


def _next_gzip_record(f: BinaryIO, at: int, size: int) -> int | None:
    """The offset of the first gzip member at or after ``at`` that inflates to a WARC header
    (read in windows that grow from 4 KiB, so that a near one costs little)."""
    want = 1 << 12
    while at < size:
        f.seek(at)
        window = f.read(want + 2)
        i = window.find(b"\x1f\x8b\x08")
        while i >= 0:
            if _starts_warc_member(f, at + i):
                return at + i
            i = window.find(b"\x1f\x8b\x08", i + 1)
        if len(window) <= want:
            return None
        at += want
        want = min(want * 4, _CHUNK)
    return None


def _starts_warc_member(f: BinaryIO, at: int) -> bool:
    f.seek(at)
    d = zlib.decompressobj(31)
    out = b""
    budget = 1 << 16  # compressed bytes that must give the header's first bytes
    step = 256
    try:
        while len(out) < 6 and not d.eof and budget > 0:
            data = d.unconsumed_tail or f.read(step)
            if not data:
                break
            budget -= len(data)
            step = min(step * 4, 1 << 14)
            out += d.decompress(data, 6 - len(out))
    except zlib.error:
        return False
    return out.startswith(b"WARC/")


def _header_end(stream: _Plain | _Gzip) -> int:
    """The length of the WARC header at the position, its CRLF CRLF included. :class:`_Damage`
    when it is cut short (the next ``WARC/1.x`` line comes first) or longer than 64 KiB; the bytes
    looked at end at the next header line, so a run of cut headers costs linear time."""
    want = 4096
    while True:
        stream._fill(want)
        i = stream.i
        end = min(len(stream.buf), i + want)
        m = _HEADER_STOP.search(stream.buf, i + 5, end)
        if m:
            if m.group() == b"\r\n\r\n":
                return m.end() - i
            raise _Damage("a WARC header cut short")
        if end - i < want or want >= _HEAD:
            raise _Damage(stream.reason() or "a WARC header cut short or longer than 64 KiB")
        want *= 4


# --- records ----------------------------------------------------------------------------------------


def _fields(header: bytes) -> dict[str, str]:
    """The named fields of a WARC or HTTP header (first line excluded), keys lower-cased; a
    continuation line (starting with a space or tab) extends the field before it."""
    out: dict[str, str] = {}
    last: str | None = None
    for raw in header.decode("utf-8", "replace").split("\n")[1:]:
        line = raw.rstrip("\r")
        if not line.strip():
            continue
        if line[0] in " \t" and last is not None:
            out[last] += " " + line.strip()
            continue
        name, sep, value = line.partition(":")
        if not sep:
            continue
        last = name.strip().lower()
        out.setdefault(last, value.strip())
    return out


def read_archive(path: str | Path) -> Iterator[ArchiveRecord | ArchiveError]:
    """The page-bearing records of a WARC/WET archive (plain or gzip), in file order, with an
    :class:`ArchiveError` for each bad span or bad record where it occurs. Only opening or reading
    the file raises (``OSError``)."""
    name = str(path)
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(5)
        f.seek(0)
        # by its first bytes; a .gz whose first bytes are damage is still read member by member,
        # unless it is a plain archive with a .gz name (no gzip member in its first MiB)
        gz = head[:2] == _GZIP_MAGIC or (
            name.lower().endswith(".gz")
            and (head != b"WARC/" or _next_gzip_record(f, 1, min(size, _CHUNK)) is not None)
        )
        f.seek(0)
        stream: _Plain | _Gzip = _Gzip(f, size) if gz else _Plain(f, size)
        yield from _scan(stream, name)


def _skip_blank(stream: _Plain | _Gzip) -> None:
    """Pass over the blank bytes before a record, up to 4 KiB of them (a longer run is damage)."""
    head = stream.peek(4096)
    stream.read(len(head) - len(head.lstrip(_BLANK)))


def _scan(stream: _Plain | _Gzip, name: str) -> Iterator[ArchiveRecord | ArchiveError]:
    damage: tuple[int, str] | None = None  # where the bad span began, and why
    while True:
        start = stream.pos
        try:
            _skip_blank(stream)
            start = stream.pos
            stream.mark(start)
            if not stream.peek(1):
                break
            result = _record(stream, name, start)
        except _Damage as err:
            if damage is None:
                damage = (stream.offset(start), str(err))
            if not stream.resync(start):
                break
            continue
        if damage is not None:
            yield ArchiveError(name, damage[1], damage[0], end=stream.offset(start))
            damage = None
        if result is not None:
            yield result
    if damage is not None:
        yield ArchiveError(name, damage[1], damage[0], end=stream.size)


def _record(stream: _Plain | _Gzip, name: str, start: int) -> ArchiveRecord | ArchiveError | None:
    """Read the record at ``start`` to its end; its page, its error, or None. Raises
    :class:`_Damage` when it is not a whole record."""
    if not stream.peek(5) == b"WARC/":
        raise _Damage("bytes that are not a WARC record")
    header = stream.read(_header_end(stream))
    fields = _fields(header)
    try:
        length = int(fields.get("content-length", ""))
    except ValueError:
        raise _Damage("a WARC header without a valid Content-Length") from None
    if length < 0:
        raise _Damage("a WARC header without a valid Content-Length")
    kind = fields.get("warc-type", "").strip().lower()
    offset = stream.offset(start)
    block: bytes | None = None
    too_large = kind in _PAGE_TYPES and length > MAX_PAGE_BYTES
    if (kind in _PAGE_TYPES and not too_large) or length <= _CHUNK:
        block = stream.read(length)  # a small record passed over is read too, for the check below
        got = len(block)
    else:
        got = stream.skip(length, start)
    if got < length:
        raise _Damage(stream.reason() or f"a record cut short ({got:,} of {length:,} bytes)")
    _end_of_record(stream, block, start)
    if kind not in _PAGE_TYPES:
        return None
    if too_large:
        rid = fields.get("warc-record-id") or f"{name}@{offset}"
        return ArchiveError(name, f"a {length:,}-byte record, over the page limit", offset, record_id=rid)
    assert block is not None
    return _page(fields, kind, block, name, offset)


def _end_of_record(stream: _Plain | _Gzip, block: bytes | None, start: int) -> None:
    """After a record's block: its closing CRLF CRLF, then the end of its gzip member, or the next
    record's ``WARC/`` header, or the end of the file. Else its ``Content-Length`` is wrong.

    A record that is not its own gzip member is wrong, too, when its block holds a WARC header
    (``WARC/1.0`` and a field line): a ``Content-Length`` too large swallows the records after it
    and may end on a record's end by chance. (A page that quotes a WARC header with CRLF line
    ends in a plain archive is lost with them.) Bytes that are no record after a record in a gzip
    member make the member bad; in a plain archive, after a record that ended with its CRLF CRLF,
    they are a bad span of their own unless they end like a record (the rest of this one)."""
    tail = stream.peek(4)
    whole = tail == b"\r\n\r\n"
    stream.read(len(tail) - len(tail.lstrip(b"\r\n")))
    if stream.boundary() and not stream.crossed(start):
        return  # the record is its gzip member, whole
    if block is not None and _EMBEDDED.search(block):
        raise _Damage("a record whose Content-Length runs over the next record's header")
    try:
        _skip_blank(stream)
        head = stream.peek(5)
    except _Damage:
        head = b"?"  # damage follows
    if not head or head == b"WARC/":
        return
    if whole and isinstance(stream, _Plain) and not stream.rest_of_record():
        return  # the record was read whole; what follows is the next span's business
    if whole and isinstance(stream, _Gzip):
        raise _Damage("bytes that are no WARC record follow the record in its gzip member")
    raise _Damage("a record whose Content-Length does not end it (no WARC record follows)")


def _page(
    fields: dict[str, str], kind: str, block: bytes, name: str, offset: int
) -> ArchiveRecord | ArchiveError | None:
    rid = fields.get("warc-record-id") or f"{name}@{offset}"
    url = fields.get("warc-target-uri")
    ctype = fields.get("content-type")

    def error(message: str) -> ArchiveError:
        return ArchiveError(name, message, offset, record_id=rid)

    if kind == "response":
        if url is not None and url.lower().startswith("dns:"):
            return None  # a DNS lookup (text/dns), no page
        if ctype and not ctype.strip().lower().startswith("application/http"):
            return error(f"a response record of type {ctype.split(';')[0].strip()!r}, not an HTTP message")
        http = _http(block)
        if http is None:
            return error("a response record whose block is not an HTTP message")
        status, headers, body = http
        if not 200 <= status < 300 or not _textual(headers.get("content-type")):
            return None
        if "chunked" in headers.get("transfer-encoding", "").lower():
            body = _dechunk(body)
        coding = headers.get("content-encoding", "")
        try:
            content = decode_content(body, coding, MAX_PAGE_BYTES)
        except DecompressionError as err:
            return error(f"Content-Encoding {coding.strip()!r}: {err}")
        charset = _charset(headers.get("content-type"))
        ctype = headers.get("content-type")
    else:
        if kind == "resource" and not _textual(ctype):
            return None
        content = block
        charset = _charset(ctype)
    return ArchiveRecord(
        id=rid,
        url=url,
        date=_date(fields.get("warc-date")),
        kind=kind,
        content=content,
        offset=offset,
        warc_date=fields.get("warc-date"),
        content_type=ctype.strip() if ctype else None,
        charset=charset,
    )


def _http(block: bytes) -> tuple[int, dict[str, str], bytes] | None:
    """An HTTP response's status, header fields and body, or None when ``block`` is none."""
    m = _STATUS.match(block)
    if m is None:
        return None
    window = block[:_HEAD]
    end, sep = window.find(b"\r\n\r\n"), 4
    bare = window.find(b"\n\n")
    if bare >= 0 and (end < 0 or bare < end):
        end, sep = bare, 2
    if end < 0:
        if len(block) > _HEAD:
            return None
        end, sep = len(block), 0  # headers only, no body
    return int(m.group(1)), _fields(block[:end]), block[end + sep :]


def _dechunk(body: bytes) -> bytes:
    """A chunked body put together; the body as it is when it is not chunked after all (writers
    that stored the decoded payload kept the header)."""
    out = bytearray()
    at = 0
    while True:
        eol = body.find(b"\n", at, at + 1024)
        if eol < 0:
            return body
        size_text = body[at:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body
        if size == 0:
            return bytes(out)
        start = eol + 1
        if start + size > len(body):
            out += body[start:]  # cut short: what there is
            return bytes(out)
        out += body[start : start + size]
        at = start + size
        if body[at : at + 2] == b"\r\n":
            at += 2
        elif body[at : at + 1] == b"\n":
            at += 1
