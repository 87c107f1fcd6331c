"""Records as output: JSON lines, flat rows (:data:`COLUMNS`) and CSV lines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

import attrs

from wireparse.batch.page import PageError
from wireparse.records import Dispatch

COLUMNS = (
    "id",
    "url",
    "site",
    "headline",
    "byline",
    "dateline_text",
    "dateline_city",
    "dateline_region",
    "dateline_date",
    "dateline_agency",
    "dateline_agencies",
    "published",
    "body",
    "rights_holder",
    "rights_agency",
    "rights_year",
    "defects",
    "error_stage",
    "error_message",
)
"""The flat columns of CSV, Parquet and :func:`records_to_rows` (``source`` follows when asked for).

``dateline_agencies`` and ``defects`` are codes separated by single spaces; ``dateline_date`` and
``published`` are ``datetime.date`` in rows and Parquet, ISO dates in CSV; ``error_stage`` and
``error_message`` are set only on the row of a page that failed."""


def _json_line(page_id: str, d: Dispatch, with_source: bool) -> bytes:
    record = {"id": page_id, **d.to_dict(source=with_source)}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def _error_line(err: PageError) -> bytes:
    # ASCII escapes: an id from an undecodable file name still makes a valid line, and reads back equal
    return (json.dumps(err.to_dict(), ensure_ascii=True) + "\n").encode("ascii")


def _csv_line(row: dict[str, Any], *, raw: bool = False) -> bytes:
    buf = io.StringIO()
    csv.writer(buf).writerow(_csv_value(row[c], raw) for c in row)
    return buf.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV cell that begins with one of these a spreadsheet may run as a formula (OWASP, "CSV
Injection"): such a cell is written with a ``'`` in front, unless ``--csv-raw``."""


def _csv_value(value: Any, raw: bool = False) -> Any:
    r"""A cell: dates in ISO form; a text that a spreadsheet would read as a formula defused.

    >>> _csv_value('=HYPERLINK("http://x")'), _csv_value("-2 points"), _csv_value("-2", raw=True)
    ('\'=HYPERLINK("http://x")', "'-2 points", '-2')
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if not raw and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _check_text(row: dict[str, Any]) -> None:
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")


def _codes(items: Iterable[Any]) -> str:
    return " ".join(str(x) for x in items)


def _row(page_id: str | None, d: Dispatch, with_source: bool = False) -> dict[str, Any]:
    dl = d.dateline
    rights = d.rights
    row: dict[str, Any] = {
        "id": page_id,
        "url": d.url,
        "site": d.site,
        "headline": d.headline,
        "byline": d.byline,
        "dateline_text": dl.text if dl else None,
        "dateline_city": dl.city if dl else None,
        "dateline_region": dl.region if dl else None,
        "dateline_date": dl.date if dl else None,
        "dateline_agency": dl.agency.code if dl and dl.agency else None,
        "dateline_agencies": _codes(a.code for a in dl.agencies) if dl else None,
        "published": d.published,
        "body": d.body,
        "rights_holder": rights.holder if rights else None,
        "rights_agency": rights.agency.code if rights and rights.agency else None,
        "rights_year": rights.year if rights else None,
        "defects": _codes(x.code for x in d.defects),
        "error_stage": None,
        "error_message": None,
    }
    if with_source:
        row["source"] = d.source
    return row


def _error_row(err: PageError, with_source: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update({"id": err.id, "error_stage": err.stage, "error_message": err.message})
    if with_source:
        row["source"] = None
    return row


def records_to_rows(
    results: Iterable[Dispatch | PageError | dict[str, Any]],
    *,
    ids: Iterable[str] | None = None,
    source: bool = False,
) -> list[dict[str, Any]]:
    """Flat rows (the :data:`COLUMNS`) for ``pandas.DataFrame(rows)``.

    ``results`` holds what :func:`parse_many` yields, or the dicts of a ``wireparse batch`` JSONL
    output (``json.loads`` of each line). A row's ``id`` comes from ``ids`` when given, else from
    the result (a :class:`PageError`, a JSONL record), else its position. ``source=True`` adds the
    page text as a last column.

    >>> import wireparse
    >>> d = wireparse.parse("OSLO, Jan 3 (NTB) - The ferry sailed.")
    >>> row = records_to_rows([d], ids=["page-1"])[0]
    >>> row["id"], row["dateline_city"], row["dateline_agency"]
    ('page-1', 'OSLO', 'NTB')
    """
    id_iter = iter(ids) if ids is not None else None
    rows = []
    for i, item in enumerate(results):
        given = next(id_iter, None) if id_iter is not None else None
        if isinstance(item, dict):
            record = dict(item)
            own = record.pop("id", None)
            page_id = given if given is not None else (str(own) if own is not None else str(i))
            if "error" in record:
                err = record["error"]
                rows.append(_error_row(PageError(page_id, err["stage"], err["message"]), source))
            else:
                rows.append(_row(page_id, Dispatch.from_dict(record), source))
        elif isinstance(item, PageError):
            rows.append(_error_row(attrs.evolve(item, id=given) if given is not None else item, source))
        else:
            rows.append(_row(given if given is not None else str(i), item, source))
    return rows
