"""Records as output: JSON lines, flat rows (:data:`COLUMNS`), CSV lines, Arrow tables and pandas frames."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from typing import Any

import attrs

from wireparse._extras import require
from wireparse.batch.page import NO_PROVENANCE, PROVENANCE_FIELDS, PageError, Provenance
from wireparse.records import SCHEMA_VERSION, Dispatch

LIST_SEPARATOR = "|"
"""What joins the items of a list column in a CSV cell (``AFP|Reuters``). Not a space: an agency
code the registry does not know is the credit as printed and may hold one. Defect codes and
boilerplate kinds never hold a ``|``; a printed credit could in principle, and would then read as
two in CSV (JSONL and Parquet keep the list)."""

LIST_COLUMNS = ("dateline_agencies", "boilerplate_kinds", "defects")
"""The columns that hold lists: ``list<string>`` in Parquet and lists in rows, joined by
:data:`LIST_SEPARATOR` in CSV."""

COLUMNS = (
    "id",
    *PROVENANCE_FIELDS,
    "encoding",
    "encoding_source",
    "format",
    "schema_version",
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
    "standfirst",
    "paragraph_count",
    "body",
    "boilerplate_kinds",
    "rights_holder",
    "rights_agency",
    "rights_year",
    "defects",
    "error_stage",
    "error_message",
)
"""The flat columns of CSV, Parquet and :func:`records_to_rows`; :data:`GEO_COLUMNS` follow with
``--geo`` (``geo=True``), then ``source`` when asked for. ``docs/crawl.md`` gives each its type and
meaning (:data:`COLUMN_TYPES` are the Parquet types).

A value that is absent is None (null in Parquet, an empty cell in CSV), never ``''``; a list column
of a page that has no such items is an empty list. ``dateline_date`` and ``published`` are
``datetime.date`` in rows and Parquet, ISO dates in CSV; ``error_stage`` and ``error_message`` are
set only on the row of a page that failed, which has nothing else but its ``id``, its provenance
columns (as far as they are known: the input, a JSONL line, an archive record's id and offset) and
``schema_version``."""

GEO_COLUMNS = (
    "place_geonames_id",
    "place_name",
    "place_country",
    "place_admin1",
    "place_admin1_name",
    "place_latitude",
    "place_longitude",
    "place_kind",
    "place_confidence",
)
"""The ``--geo`` columns: the fields of ``dateline.place`` (:class:`wireparse.Place`), None when the
page has no dateline or its place is not resolved."""

COLUMN_TYPES: dict[str, str] = {
    **dict.fromkeys((*COLUMNS, *GEO_COLUMNS, "source"), "string"),
    **dict.fromkeys(LIST_COLUMNS, "list<string>"),
    "input_line": "int64",
    "warc_offset": "int64",
    "dateline_date": "date32",
    "published": "date32",
    "paragraph_count": "int32",
    "rights_year": "int32",
    "place_geonames_id": "int64",
    "place_latitude": "float64",
    "place_longitude": "float64",
    "place_confidence": "float64",
}
"""Every column's Parquet (Arrow) type."""


def columns(*, geo: bool = False, source: bool = False) -> tuple[str, ...]:
    """The columns of a row: :data:`COLUMNS`, then :data:`GEO_COLUMNS` with ``geo``, then
    ``source`` with ``source``."""
    return (*COLUMNS, *(GEO_COLUMNS if geo else ()), *(("source",) if source else ()))


def arrow_schema(*, geo: bool = False, source: bool = False) -> Any:
    """The ``pyarrow.Schema`` of the rows (:data:`COLUMN_TYPES`); needs the ``parquet`` extra."""
    pa: Any = require("pyarrow", "parquet", "Arrow tables and Parquet")
    types = {
        "string": pa.string(),
        "list<string>": pa.list_(pa.string()),
        "int64": pa.int64(),
        "int32": pa.int32(),
        "float64": pa.float64(),
        "date32": pa.date32(),
    }
    return pa.schema([(c, types[COLUMN_TYPES[c]]) for c in columns(geo=geo, source=source)])


_SPARK_TYPES = {
    "string": "string",
    "list<string>": "array<string>",
    "int64": "bigint",
    "int32": "int",
    "float64": "double",
    "date32": "date",
}


def spark_schema(*, geo: bool = False, source: bool = False) -> str:
    """The rows' schema as a Spark DDL string, for ``spark.createDataFrame(rows, schema=...)``.

    >>> spark_schema().split(", ")[:3]
    ['id string', 'input string', 'input_line bigint']
    """
    return ", ".join(f"{c} {_SPARK_TYPES[COLUMN_TYPES[c]]}" for c in columns(geo=geo, source=source))


def _json_record(page_id: str, d: Dispatch, with_source: bool, provenance: Provenance) -> dict[str, Any]:
    return {"id": page_id, "provenance": provenance.to_dict(), **d.to_dict(source=with_source)}


def _json_line(page_id: str, d: Dispatch, with_source: bool, provenance: Provenance = NO_PROVENANCE) -> bytes:
    record = _json_record(page_id, d, with_source, provenance)
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
    >>> _csv_value(["AFP", "Kyodo News"]), _csv_value([])
    ('AFP|Kyodo News', '')
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    if not raw and isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _check_text(row: dict[str, Any]) -> None:
    for value in row.values():
        if isinstance(value, str):
            value.encode("utf-8")
        elif isinstance(value, list):
            for item in value:
                item.encode("utf-8")


def _row(
    page_id: str | None,
    d: Dispatch,
    with_source: bool = False,
    provenance: Provenance = NO_PROVENANCE,
    geo: bool = False,
) -> dict[str, Any]:
    dl = d.dateline
    rights = d.rights
    row: dict[str, Any] = {"id": page_id, **provenance.to_dict()}
    row.update(
        {
            "encoding": d.encoding,
            "encoding_source": d.encoding_source,
            "format": d.format,
            "schema_version": SCHEMA_VERSION,
            "url": d.url,
            "site": d.site,
            "headline": d.headline,
            "byline": d.byline,
            "dateline_text": dl.text if dl else None,
            "dateline_city": dl.city if dl else None,
            "dateline_region": dl.region if dl else None,
            "dateline_date": dl.date if dl else None,
            "dateline_agency": dl.agency.code if dl and dl.agency else None,
            "dateline_agencies": [a.code for a in dl.agencies] if dl else None,
            "published": d.published,
            "standfirst": d.standfirst,
            "paragraph_count": len(d.paragraphs),
            "body": d.body if d.paragraphs else None,
            "boilerplate_kinds": [b.kind for b in d.boilerplate],
            "rights_holder": rights.holder if rights else None,
            "rights_agency": rights.agency.code if rights and rights.agency else None,
            "rights_year": rights.year if rights else None,
            "defects": [x.code for x in d.defects],
            "error_stage": None,
            "error_message": None,
        }
    )
    if geo:
        place = dl.place if dl else None
        row.update(
            {
                "place_geonames_id": place.geonames_id if place else None,
                "place_name": place.name if place else None,
                "place_country": place.country if place else None,
                "place_admin1": place.admin1 if place else None,
                "place_admin1_name": place.admin1_name if place else None,
                "place_latitude": place.latitude if place else None,
                "place_longitude": place.longitude if place else None,
                "place_kind": place.kind if place else None,
                "place_confidence": place.confidence if place else None,
            }
        )
    if with_source:
        row["source"] = d.source
    return row


def _error_row(err: PageError, with_source: bool = False, geo: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(columns(geo=geo, source=with_source))
    row.update(err.provenance.to_dict())
    row.update(
        {
            "id": err.id,
            "schema_version": SCHEMA_VERSION,
            "error_stage": err.stage,
            "error_message": err.message,
        }
    )
    return row


Result = Dispatch | PageError | dict[str, Any] | tuple[str, Dispatch | PageError]
"""What :func:`records_to_rows` takes: a :func:`parse_many` result (``with_ids=True``: an
``(id, result)`` pair), or the dict of a ``wireparse batch`` JSONL line."""


def _provenance(value: Any) -> Provenance:
    if not isinstance(value, dict):
        return NO_PROVENANCE
    return Provenance(**{k: value[k] for k in PROVENANCE_FIELDS if k in value})


def records_to_rows(
    results: Iterable[Result],
    *,
    ids: Iterable[str] | None = None,
    source: bool = False,
    geo: bool = False,
) -> list[dict[str, Any]]:
    """Flat rows (the :data:`COLUMNS`) for ``pandas.DataFrame(rows)``.

    ``results`` holds what :func:`parse_many` yields (results, or ``(id, result)`` pairs with
    ``with_ids=True``), or the dicts of a ``wireparse batch`` JSONL output (``json.loads`` of each
    line: their ``provenance`` fills the provenance columns). A row's ``id`` comes from ``ids``
    when given, else from the result (a pair, a :class:`PageError`, a JSONL record), else its
    position. ``geo=True`` adds the :data:`GEO_COLUMNS`; ``source=True`` adds the page text as a
    last column.

    >>> import wireparse
    >>> d = wireparse.parse("OSLO, Jan 3 (NTB) - The ferry sailed.")
    >>> row = records_to_rows([d], ids=["page-1"], geo=True)[0]
    >>> row["id"], row["dateline_city"], row["dateline_agencies"], row["place_country"]
    ('page-1', 'OSLO', ['NTB'], 'NO')
    """
    id_iter = iter(ids) if ids is not None else None
    rows = []
    for i, result in enumerate(results):
        given = next(id_iter, None) if id_iter is not None else None
        item: Dispatch | PageError | dict[str, Any]
        if isinstance(result, tuple):
            own_id, item = result
            given = given if given is not None else own_id
        else:
            item = result
        if isinstance(item, dict):
            record = dict(item)
            own = record.pop("id", None)
            where = _provenance(record.pop("provenance", None))
            page_id = given if given is not None else (str(own) if own is not None else str(i))
            if "error" in record:
                err = record["error"]
                failure = PageError(page_id, err["stage"], err["message"], where)
                rows.append(_error_row(failure, source, geo))
            else:
                rows.append(_row(page_id, Dispatch.from_dict(record), source, where, geo))
        elif isinstance(item, PageError):
            err = attrs.evolve(item, id=given) if given is not None else item
            rows.append(_error_row(err, source, geo))
        else:
            rows.append(_row(given if given is not None else str(i), item, source, geo=geo))
    return rows


def to_arrow(
    results: Iterable[Result], *, ids: Iterable[str] | None = None, source: bool = False, geo: bool = False
) -> Any:
    """The rows of :func:`records_to_rows` as a ``pyarrow.Table`` with the Parquet schema
    (:data:`COLUMN_TYPES`: list columns as lists, absent values as nulls). Needs the ``parquet``
    extra (pyarrow); without it, :class:`~wireparse.MissingExtraError` says so."""
    pa: Any = require("pyarrow", "parquet", "to_arrow")
    schema = arrow_schema(geo=geo, source=source)
    return pa.Table.from_pylist(records_to_rows(results, ids=ids, source=source, geo=geo), schema=schema)


_PANDAS_INTS = {"int32": "Int32", "int64": "Int64"}


def to_pandas(
    results: Iterable[Result], *, ids: Iterable[str] | None = None, source: bool = False, geo: bool = False
) -> Any:
    """The rows of :func:`records_to_rows` as a ``pandas.DataFrame``, one column per
    :data:`COLUMNS` entry, integer columns as nullable integers (``Int64``: a missing year stays
    missing, not ``NaN``). Needs pandas (the ``pandas`` extra); without it,
    :class:`~wireparse.MissingExtraError` says so."""
    pd: Any = require("pandas", "pandas", "to_pandas")
    cols = columns(geo=geo, source=source)
    df = pd.DataFrame.from_records(records_to_rows(results, ids=ids, source=source, geo=geo), columns=cols)
    for c in cols:
        if COLUMN_TYPES[c] in _PANDAS_INTS:
            df[c] = df[c].astype(_PANDAS_INTS[COLUMN_TYPES[c]])
    return df
