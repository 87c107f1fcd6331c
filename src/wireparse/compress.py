"""Compressed pages: gzip, bzip2, xz and (with the ``zstd`` extra) zstd, told by their magic bytes
and decompressed in chunks up to a bound, so that a bomb or damaged data costs one page, not the run.

>>> import gzip
>>> decompress(gzip.compress(b"<p>hi</p>"))
b'<p>hi</p>'
>>> decompress(b"<p>plain</p>")
b'<p>plain</p>'
"""

from __future__ import annotations

import bz2
import io
import lzma
import os
import stat
import zlib
from typing import IO, Any, Protocol, cast

MAX_PAGE_BYTES = 256 << 20
"""The most bytes one page may have, read or decompressed (256 MiB)."""
_CHUNK = 1 << 20


class PageReadError(ValueError):
    """A page file that cannot be taken as a page: too large, or compressed data that is damaged."""


class DecompressionError(PageReadError):
    """Compressed data that is damaged, truncated or decompresses to more than the bound."""


def kind(data: bytes) -> str | None:
    """The compression ``data`` starts with: ``"gzip"``, ``"bzip2"``, ``"xz"``, ``"zstd"`` or ``None``."""
    if data[:2] == b"\x1f\x8b":
        return "gzip"
    if (
        len(data) >= 10
        and data[:3] == b"BZh"
        and data[3:4] in b"123456789"
        and data[4:10]
        in (
            b"\x31\x41\x59\x26\x53\x59",  # a block
            b"\x17\x72\x45\x38\x50\x90",  # the end of an empty stream
        )
    ):
        return "bzip2"
    if data[:6] == b"\xfd7zXZ\x00":
        return "xz"
    if data[:4] == b"\x28\xb5\x2f\xfd":
        return "zstd"
    return None


class _Decompressor(Protocol):
    def decompress(self, data: bytes, max_length: int = ...) -> bytes: ...


def _zstd(data: bytes, limit: int) -> bytes:
    try:
        import zstandard  # noqa: PLC0415 - the optional zstd extra
    except ImportError:
        raise DecompressionError(
            "zstd-compressed page: install the zstd extra (pip install 'wireparse[zstd]')"
        ) from None
    out = bytearray()
    try:
        reader: Any = zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True)
        while chunk := reader.read(_CHUNK):
            out += chunk
            if len(out) > limit:
                raise DecompressionError(f"decompresses to more than {limit} bytes")
    except zstandard.ZstdError as err:
        raise DecompressionError(f"damaged zstd data: {err}") from None
    return bytes(out)


def _new(name: str) -> _Decompressor:
    if name == "gzip":
        return zlib.decompressobj(wbits=31)
    if name == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()


def _stream(name: str, data: bytes, limit: int) -> bytes:
    """All members of ``data`` (concatenated streams) decompressed, at most ``limit`` bytes."""
    out = bytearray()
    rest = data
    while rest:
        d = _new(name)
        pending = rest
        try:
            while True:
                chunk = d.decompress(pending, min(_CHUNK, limit + 1 - len(out)))
                out += chunk
                if len(out) > limit:
                    raise DecompressionError(f"decompresses to more than {limit} bytes")
                # zlib hands back what it did not take; bz2 and lzma keep it inside
                pending = bytes(getattr(d, "unconsumed_tail", b""))
                if getattr(d, "eof", False) or not (chunk or pending or _more(d)):
                    break
            done = bool(getattr(d, "eof", False))
        except (OSError, EOFError, zlib.error, lzma.LZMAError) as err:
            raise DecompressionError(f"damaged {name} data: {err}") from None
        if not done:
            raise DecompressionError(f"truncated {name} data")
        rest = bytes(d.unused_data)  # type: ignore[attr-defined]
        if rest and kind(rest) != name:
            break  # trailing garbage after the last member, as gzip(1) ignores it
    return bytes(out)


def _more(d: Any) -> bool:
    """Whether a decompressor still holds input it will give out on the next call."""
    return hasattr(d, "needs_input") and not d.needs_input


def decompress(data: bytes, limit: int = MAX_PAGE_BYTES) -> bytes:
    """``data`` decompressed if it starts with a compression's magic bytes, else ``data`` as it is.

    Raises :class:`DecompressionError` for damaged or truncated data and for data that would
    decompress to more than ``limit`` bytes; memory stays within about ``limit``.
    """
    name = kind(data)
    if name is None:
        return data
    if name == "zstd":
        return _zstd(data, limit)
    return _stream(name, data, limit)


def read_page_file(path: str, limit: int = MAX_PAGE_BYTES, *, regular_only: bool = False) -> bytes:
    """The bytes of the page file ``path``, decompressed if compressed; at most ``limit`` bytes read
    or decompressed (:class:`PageReadError` past that). ``OSError`` when it cannot be read.

    With ``regular_only``, a FIFO, socket or device is a :class:`PageReadError`, found without
    waiting on it (opened non-blocking).
    """
    return read_page(path, limit, regular_only=regular_only)[0]


def read_page(
    path: str, limit: int = MAX_PAGE_BYTES, *, regular_only: bool = False
) -> tuple[bytes, str | None]:
    """As :func:`read_page_file`, and the compression the file had (:func:`kind`), or None."""
    flags = os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) if regular_only else 0)
    fd = os.open(path, flags)
    with open(fd, "rb") as f:
        if regular_only and not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PageReadError(f"{path}: not a regular file")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise PageReadError(f"{path}: larger than {limit} bytes")
    try:
        return decompress(data, limit), kind(data)
    except DecompressionError as err:
        raise DecompressionError(f"{path}: {err}") from None


def _inflate(data: bytes, wbits: int, limit: int, name: str) -> bytes:
    """One zlib-family stream (``wbits`` as :func:`zlib.decompressobj` takes it), at most ``limit``
    bytes out; trailing bytes after its end are ignored."""
    d = zlib.decompressobj(wbits)
    out = bytearray()
    pending = data
    try:
        while True:
            out += d.decompress(pending, min(_CHUNK, limit + 1 - len(out)))
            if len(out) > limit:
                raise DecompressionError(f"decompresses to more than {limit} bytes")
            pending = d.unconsumed_tail
            if d.eof or not pending:
                break
    except zlib.error as err:
        raise DecompressionError(f"damaged {name} data: {err}") from None
    if not d.eof:
        raise DecompressionError(f"truncated {name} data")
    return bytes(out)


def _brotli(data: bytes, limit: int) -> bytes:
    try:
        import brotli  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        raise DecompressionError("br-encoded body: install the brotli package (the warc extra)") from None
    d: Any = brotli.Decompressor()
    out = bytearray()
    try:
        chunk = d.process(data, output_buffer_limit=_CHUNK)
        while True:
            out += chunk
            if len(out) > limit:
                raise DecompressionError(f"decompresses to more than {limit} bytes")
            if d.is_finished() or d.can_accept_more_data():
                break
            chunk = d.process(b"", output_buffer_limit=_CHUNK)
    except brotli.error as err:
        raise DecompressionError(f"damaged br data: {err}") from None
    except TypeError:  # brotli before 1.2 has no output bound: refuse rather than risk a bomb
        raise DecompressionError("br-encoded body: needs brotli 1.2 or later") from None
    if not d.is_finished():
        raise DecompressionError("truncated br data")
    return bytes(out)


def decode_content(data: bytes, coding: str | None, limit: int = MAX_PAGE_BYTES) -> bytes:
    """An HTTP body with its ``Content-Encoding`` (``gzip``, ``x-gzip``, ``deflate``, ``br``,
    ``zstd``, ``identity``; several, comma-separated, undone last first) undone, at most ``limit``
    bytes. Raises :class:`DecompressionError` for data that is not what the header says, damaged,
    truncated, over ``limit``, or in a coding that is not supported (``compress``).

    >>> import gzip
    >>> decode_content(gzip.compress(b"<p>hi</p>"), "gzip")
    b'<p>hi</p>'
    >>> decode_content(b"<p>hi</p>", "gzip")
    Traceback (most recent call last):
    ...
    wireparse.compress.DecompressionError: the body is not gzip data
    """
    codings = [c.strip().lower() for c in (coding or "").split(",") if c.strip()]
    for name in reversed(codings):
        if name == "identity":
            continue
        if name in ("gzip", "x-gzip"):
            if data[:2] != b"\x1f\x8b":
                raise DecompressionError("the body is not gzip data")
            data = _stream("gzip", data, limit)
        elif name == "deflate":
            # the standard says zlib-wrapped; servers send raw deflate too, and browsers take both
            wrapped = len(data) >= 2 and (data[0] & 0x0F) == 8 and (data[0] << 8 | data[1]) % 31 == 0
            data = _inflate(data, 15 if wrapped else -15, limit, "deflate")
        elif name == "br":
            data = _brotli(data, limit)
        elif name == "zstd":
            if kind(data) != "zstd":
                raise DecompressionError("the body is not zstd data")
            data = _zstd(data, limit)
        else:
            raise DecompressionError(f"the {name!r} content coding is not supported")
        if len(data) > limit:
            raise DecompressionError(f"decompresses to more than {limit} bytes")
    if len(data) > limit:
        raise DecompressionError(f"larger than {limit} bytes")
    return data


def _zstd_error() -> tuple[type[Exception], ...]:
    try:
        import zstandard  # noqa: PLC0415 - the optional zstd extra
    except ImportError:
        return ()
    return (zstandard.ZstdError,)


STREAM_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    EOFError,
    DecompressionError,
    zlib.error,
    lzma.LZMAError,
    *_zstd_error(),
)
"""What opening or reading a stream of :func:`open_decompressed` may raise: the file cannot be
read, or its compressed data is damaged or cut short."""


class _ZstdRaw(io.RawIOBase):
    """A zstd file decompressed as it is read, frame after frame, that raises
    :class:`DecompressionError` when the data stops inside a frame (zstandard's ``stream_reader``
    ends there without a word). Compressed data goes in by :data:`_ZSTD_FEED` bytes, so one call
    gives out at most about 4 MiB however the data inflates (zstd's ratio stays under ~33,000)."""

    def __init__(self, source: IO[bytes], zstandard: Any) -> None:
        self._source = source
        self._new = zstandard.ZstdDecompressor().decompressobj
        self._obj: Any = self._new()
        self._pending = b""
        self._at = 0
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._at >= len(self._pending):
            piece = self._source.read(_ZSTD_FEED)
            if not piece:
                if self._started and not self._obj.eof:
                    raise DecompressionError("truncated zstd data")
                return 0
            if self._obj.eof:  # the next frame
                self._obj = self._new()
            self._started = True
            self._pending, self._at = self._obj.decompress(piece), 0
            while self._obj.eof and (rest := self._obj.unused_data):
                self._obj = self._new()
                self._pending += self._obj.decompress(rest)
        n = min(len(buffer), len(self._pending) - self._at)
        buffer[:n] = memoryview(self._pending)[self._at : self._at + n]
        self._at += n
        return n

    def close(self) -> None:
        self._source.close()
        super().close()


_ZSTD_FEED = 128


def open_decompressed(path: str) -> tuple[IO[bytes], str | None]:
    """``path`` opened for reading bytes, decompressed as it is read when it starts with the magic
    bytes of gzip, bzip2, xz or (with the ``zstd`` extra) zstd (:func:`kind`), and the compression's
    name (None for a plain file).

    The decompressors hand out bounded pieces, so ``readline(n)`` holds at most about ``n`` bytes
    however far the data inflates: a bomb costs the time to read it, never the memory. A zstd
    file without the extra: :class:`DecompressionError`.
    """
    with open(path, "rb") as f:
        name = kind(f.read(10))
    stream: Any
    if name == "gzip":
        import gzip  # noqa: PLC0415

        stream = gzip.open(path, "rb")  # noqa: SIM115 - the caller closes it
    elif name == "bzip2":
        stream = bz2.open(path, "rb")  # noqa: SIM115
    elif name == "xz":
        stream = lzma.open(path, "rb")  # noqa: SIM115
    elif name == "zstd":
        try:
            import zstandard  # noqa: PLC0415 - the optional zstd extra
        except ImportError:
            raise DecompressionError(
                f"{path}: zstd-compressed: install the zstd extra (pip install 'wireparse[zstd]')"
            ) from None
        source = open(path, "rb")  # noqa: SIM115 - closed with the stream
        stream = io.BufferedReader(_ZstdRaw(source, zstandard), buffer_size=io.DEFAULT_BUFFER_SIZE)
    else:
        stream = open(path, "rb")  # noqa: SIM115
    return cast(IO[bytes], stream), name
