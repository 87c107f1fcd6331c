"""A page of a run and what becomes of it: :class:`Page` in, a record or a :class:`PageError` out."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import attrs

from wireparse.records import Dispatch

Stage = Literal["read", "parse", "write"]


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

    def to_dict(self) -> dict[str, Any]:
        """The error record: ``{"id": …, "error": {"stage": …, "message": …}}``."""
        return {"id": self.id, "error": {"stage": self.stage, "message": self.message}}


Outcome = Dispatch | PageError | bytes | dict[str, Any]
"""What a worker sends back for a page: a record, an error, a ready output line or a row."""
Mode = Literal["record", "jsonl", "csv", "row"]
