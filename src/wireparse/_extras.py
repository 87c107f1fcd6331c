"""Optional extras: import a module that an extra installs, or say which extra to install.

>>> require("json", "none", "reading JSON").__name__
'json'
"""

from __future__ import annotations

import importlib
from types import ModuleType


class MissingExtraError(ImportError):
    """An optional extra is not installed; the message says how to install it."""

    def __init__(self, extra: str, purpose: str) -> None:
        self.extra = extra
        super().__init__(f"{purpose} needs the optional extra '{extra}': pip install 'wireparse[{extra}]'")


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module`` (installed by ``extra``), or raise :class:`MissingExtraError`."""
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise MissingExtraError(extra, purpose) from err


def available(module: str) -> bool:
    """True when ``module`` can be imported."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
