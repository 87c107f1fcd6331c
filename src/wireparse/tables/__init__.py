"""The data tables: agencies, months, places, boilerplate and rights phrases,
the decoder's weights, the HTML reader's markup hints and the encoding labels.

Each table is a TOML file beside this module, with a header saying what it holds, where its facts
come from and what each field means. They are read once, on first use, with ``importlib.resources``;
nothing is read at import time.
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources
from typing import Any

TABLES = (
    "agencies",
    "months",
    "places",
    "boilerplate",
    "rights",
    "weights",
    "markup",
    "encodings",
    "credits",
)
"""The table files (``NAME.toml``) the package ships."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed table ``NAME.toml``. Raises ``KeyError`` for a name not in :data:`TABLES`."""
    if name not in TABLES:
        raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")
    data = resources.files(__name__).joinpath(f"{name}.toml").read_bytes()
    return tomllib.loads(data.decode("utf-8"))
