"""wireparse: split scraped news pages into typed records.

>>> import wireparse
>>> d = wireparse.parse("Riga, Dec 1 (AFP) Dec 01, 2021\\nNATO ministers met in Riga.")
>>> d.dateline.city
'Riga'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from wireparse.agencies import Registry, default_registry
from wireparse.batch import PageError, parse_many, records_to_rows
from wireparse.dateline import parse_dateline
from wireparse.parse import parse, parse_file, parse_html
from wireparse.records import (
    BOILERPLATE_KINDS,
    PART_KINDS,
    SCHEMA_VERSION,
    Agency,
    Boilerplate,
    Dateline,
    Defect,
    Dispatch,
    Paragraph,
    ParseError,
    Part,
    Place,
    Rights,
    Span,
    json_schema,
)

try:
    __version__ = version("wireparse")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "BOILERPLATE_KINDS",
    "PART_KINDS",
    "SCHEMA_VERSION",
    "Agency",
    "Boilerplate",
    "Dateline",
    "Defect",
    "Dispatch",
    "PageError",
    "Paragraph",
    "ParseError",
    "Part",
    "Place",
    "Registry",
    "Rights",
    "Span",
    "__version__",
    "default_registry",
    "json_schema",
    "parse",
    "parse_dateline",
    "parse_file",
    "parse_html",
    "parse_many",
    "records_to_rows",
]
