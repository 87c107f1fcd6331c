"""A page of a run and what becomes of it: :class:`Page` in, a record or a :class:`PageError` out."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import attrs

from wireparse.records import Dispatch

Stage = Literal["read", "parse", "write"]


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
