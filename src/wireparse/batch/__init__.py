"""Many pages at once: inputs → a stream of pages → worker processes → JSONL, CSV or Parquet.

The pieces, each usable alone:

* :func:`iter_pages` turns inputs (files, folders, ``-`` for paths on standard input, JSONL files
  with a text field, WARC/WET archives) into a stream of :class:`Page`, lazily: nothing is listed
  or read ahead of the workers.
* :func:`parse_many` parses a stream of pages in worker processes, in chunks, with a bounded number
  of chunks in flight, and yields one result per page in input order: a
  :class:`~wireparse.records.Dispatch`, or a :class:`PageError` for a page that could not be read
  or parsed (never an exception).
* :func:`records_to_rows` flattens results into rows (:data:`COLUMNS`: the record's fields and
  where the page came from, :class:`Provenance`) for ``pandas.DataFrame(rows)``, and
  :func:`to_arrow` and :func:`to_pandas` make a table of them;
  :func:`rows_from_path` and :func:`write_parquet` are the two calls a Dask or Spark job needs.
* :func:`run_batch` is ``wireparse batch``: all of the above, plus output files, ``--errors``,
  ``--resume`` and a progress display.

The output is the state of a run, in every format: JSONL lines and CSV rows are whole records,
written by one ``write`` and flushed per chunk, so a run killed at any moment leaves at most one
torn last record; Parquet is written as whole part files in ``OUT.partial/``, merged into ``OUT``
at the end. ``--resume`` cuts the torn record off (or drops the unfinished part), reads the ids
already written, skips those inputs and appends the rest.

The modules, each importing only those above it: :mod:`~wireparse.batch.page` (a page and its
error), :mod:`~wireparse.batch.config` (options, report, usage errors),
:mod:`~wireparse.batch.inputs` (inputs to pages), :mod:`~wireparse.batch.rows` (records as lines and
rows), :mod:`~wireparse.batch.pool` (worker processes), :mod:`~wireparse.batch.sinks` (outputs and
resume), :mod:`~wireparse.batch.progress` and :mod:`~wireparse.batch.runner` (the command).
"""

from wireparse._extras import MissingExtraError
from wireparse.batch.config import (
    DEFAULT_CHUNK,
    FORMATS,
    BatchConfig,
    BatchReport,
    Format,
    UsageError,
    default_jobs,
    output_format,
)
from wireparse.batch.inputs import JSONL_SUFFIXES, iter_pages
from wireparse.batch.page import (
    PROVENANCE_FIELDS,
    Page,
    PageError,
    Provenance,
    Stage,
    printable,
    unescape_path,
)
from wireparse.batch.pool import parse_many, rows_from_path
from wireparse.batch.progress import Progress
from wireparse.batch.rows import (
    COLUMN_TYPES,
    COLUMNS,
    FORMULA_STARTS,
    GEO_COLUMNS,
    LIST_COLUMNS,
    LIST_SEPARATOR,
    arrow_schema,
    columns,
    records_to_rows,
    spark_schema,
    to_arrow,
    to_pandas,
)
from wireparse.batch.runner import run_batch
from wireparse.batch.sinks import repair_tail, write_parquet, written_ids

__all__ = [
    "COLUMNS",
    "COLUMN_TYPES",
    "DEFAULT_CHUNK",
    "FORMATS",
    "FORMULA_STARTS",
    "GEO_COLUMNS",
    "JSONL_SUFFIXES",
    "LIST_COLUMNS",
    "LIST_SEPARATOR",
    "PROVENANCE_FIELDS",
    "BatchConfig",
    "BatchReport",
    "Format",
    "MissingExtraError",
    "Page",
    "PageError",
    "Progress",
    "Provenance",
    "Stage",
    "UsageError",
    "arrow_schema",
    "columns",
    "default_jobs",
    "iter_pages",
    "output_format",
    "parse_many",
    "printable",
    "records_to_rows",
    "repair_tail",
    "rows_from_path",
    "run_batch",
    "spark_schema",
    "to_arrow",
    "to_pandas",
    "unescape_path",
    "write_parquet",
    "written_ids",
]
