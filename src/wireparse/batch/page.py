"""A page of a run and what becomes of it: :class:`Page` in, a record or a :class:`PageError` out."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

import attrs

from wireparse.records import Dispatch

Stage = Literal["read", "parse", "write"]

_SURROGATE = re.compile("[\ud800-\udfff]")
_BYTE_ESCAPE = re.compile(r"\\x([89a-fA-F][0-9a-fA-F])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    r"""``text`` with every lone surrogate written out, so that it encodes as UTF-8: the rule for ids,
    paths and messages in every output of a run.

    A file name that is not valid UTF-8 reaches Python with each undecodable byte as a lone
    surrogate (``U+DC80``–``U+DCFF``, the ``surrogateescape`` error handler of :func:`os.fsdecode`);
    such a byte is written ``\xNN`` (two lower-case hex digits: Python's ``backslashreplace``), any
    other lone surrogate (a JSON ``"\ud800"``) ``\uNNNN``. Text without surrogates is returned as it
    is. :func:`unescape_path` undoes it.

    >>> printable("pages/caf\udce9.txt"), printable("ok.txt")
    ('pages/caf\\xe9.txt', 'ok.txt')
    """
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape, text)


def unescape_path(text: str) -> str:
    r"""The file name :func:`printable` wrote as ``text``, as Python names it (undecodable bytes as
    surrogates again): ``open(unescape_path(row["input"]))`` opens the file. A name that itself holds
    ``\x`` and two hex digits from ``80`` up cannot be told from an escaped one; this assumes the
    escape.

    >>> import os
    >>> os.fsencode(unescape_path("pages/caf\\xe9.txt"))
    b'pages/caf\xe9.txt'
    """
    if "\\x" not in text:
        return text
    return _BYTE_ESCAPE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)


@attrs.frozen
class Provenance:
    """Where a page came from: what a row or record carries to trace it back to its input.

    Every field is None when it does not apply (a page given in memory has none of them; a page
    file has only :attr:`input` and, when compressed, :attr:`compression`).
    """

    input: str | None = None
    """The file the page came from: the page file, the JSONL file or the WARC/WET archive."""
    input_line: int | None = None
    """A JSONL input: the line (from 1) that held the page."""
    warc_record_id: str | None = None
    """An archive: the record's ``WARC-Record-ID`` (``<urn:uuid:…>``)."""
    warc_offset: int | None = None
    """An archive: the byte offset in :attr:`input` where the record starts (for a ``.gz`` archive,
    where its gzip member starts: seek there and decompress one member to read the record again)."""
    warc_type: str | None = None
    """An archive: the record type (``conversion``, ``response`` or ``resource``)."""
    warc_date: str | None = None
    """An archive: the record's ``WARC-Date`` as written (``2023-06-02T08:00:00Z``)."""
    content_type: str | None = None
    """An archive: the page's content type (a ``response``'s HTTP ``Content-Type``, else the
    record's own ``Content-Type``)."""
    compression: str | None = None
    """How the page was compressed where it was read: ``gzip``, ``bzip2``, ``xz`` or ``zstd`` (a
    page file, told by its magic bytes; or the ``.gz`` JSONL file or archive that held it)."""

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dict (the ``provenance`` object of a JSONL line)."""
        return attrs.asdict(self)


PROVENANCE_FIELDS: tuple[str, ...] = tuple(f.name for f in attrs.fields(Provenance))
"""The fields of :class:`Provenance`, in order: the provenance columns of a row."""

NO_PROVENANCE = Provenance()


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
    provenance: Provenance = NO_PROVENANCE
    """Where the page came from (set by :func:`~wireparse.batch.iter_pages`)."""
    charset: str | None = None
    """The charset label declared outside the page (a WARC response's HTTP ``Content-Type``)."""


@attrs.frozen
class PageError:
    """A page that could not be read, parsed or written."""

    id: str
    stage: Stage
    """``read`` (the file or record), ``parse`` (the parser failed) or ``write`` (the record could
    not be serialised, e.g. text with lone surrogates)."""
    message: str
    provenance: Provenance = NO_PROVENANCE
    """Where the page came from, as far as it is known: the page file, JSONL file and line, or the
    archive with the record's id and offset (for a bad span of an archive, the offset where it
    starts)."""

    def to_dict(self) -> dict[str, Any]:
        """The error record: ``{"id": …, "provenance": {…}, "error": {"stage": …, "message": …}}``."""
        return {
            "id": self.id,
            "provenance": self.provenance.to_dict(),
            "error": {"stage": self.stage, "message": self.message},
        }


Outcome = Dispatch | PageError | bytes | dict[str, Any]
"""What a worker sends back for a page: a record, an error, a ready output line or a row."""
Mode = Literal["record", "jsonl", "csv", "row"]
