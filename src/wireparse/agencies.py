"""The agency registry: codes, names and every spelling a credit or a notice uses.

The registry is loaded once from ``tables/agencies.toml``. It is a value: to add agencies, build a
new one with :meth:`Registry.extended` and pass it to ``parse(..., registry=...)``::

    >>> from wireparse.agencies import default_registry
    >>> reg = default_registry().extended([Agency("HNN", "Hawaii News Now", ("HawaiiNewsNow",))])
    >>> reg.lookup("hawaiinewsnow").code
    'HNN'
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import regex

from wireparse.records import Agency
from wireparse.tables import load

_SPACE = regex.compile(r"\s+")
_SPLIT = regex.compile(r"\s*(?:/|\||,|\band\b|&|\s-\s|-)\s*", regex.IGNORECASE)


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().strip(".").casefold()


class Registry:
    """Agencies by code, name and alias (matching ignores case and surrounding spaces)."""

    __slots__ = ("_agencies", "_ambiguous", "_by_key", "_spellings")

    def __init__(
        self,
        agencies: Iterable[Agency],
        ambiguous: Iterable[str] = (),
        spellings: Iterable[tuple[str, str]] = (),
    ) -> None:
        """``spellings``: (spelling, agency code) pairs matched like aliases but kept out of the
        records' :attr:`Agency.aliases` (the other-script credits of ``agencies.toml``'s ``scripts``)."""
        self._agencies: tuple[Agency, ...] = tuple(agencies)
        self._by_key: dict[str, Agency] = {}
        self._ambiguous = frozenset(_key(a) for a in ambiguous)
        self._spellings = tuple(spellings)
        for agency in self._agencies:
            for name in (agency.code, agency.name, *agency.aliases):
                self._by_key.setdefault(_key(name), agency)
        by_code = {a.code: a for a in reversed(self._agencies)}
        for spelling, code in self._spellings:
            if code in by_code:
                self._by_key.setdefault(_key(spelling), by_code[code])

    def __iter__(self) -> Iterator[Agency]:
        return iter(self._agencies)

    def __len__(self) -> int:
        return len(self._agencies)

    @property
    def agencies(self) -> tuple[Agency, ...]:
        """Every agency, in table order."""
        return self._agencies

    def lookup(self, credit: str) -> Agency | None:
        """The agency a credit names (``AFP``, ``Agence France Presse``, ``dpa-AFX``), or None."""
        return self._by_key.get(_key(credit))

    def is_ambiguous(self, credit: str) -> bool:
        """True when the bare credit is also a common word or acronym (``AP``, ``PA``, ``CP``)."""
        return _key(credit) in self._ambiguous

    def split(self, credit: str) -> list[Agency] | None:
        """All agencies of a credit, in order (``PNA/Xinhua`` → PNA, Xinhua); None if any is unknown."""
        whole = self.lookup(credit)
        if whole is not None:
            return [whole]
        pieces = [p for p in _SPLIT.split(credit) if p]
        if len(pieces) < 2:
            pieces = credit.split()  # "ats afp": two codes side by side
            if len(pieces) < 2 or len(pieces) > 3:
                return None
        found = [self.lookup(p) for p in pieces]
        if any(a is None for a in found):
            return None
        out: list[Agency] = []
        for a in found:
            if a is not None and a not in out:
                out.append(a)
        return out

    def extended(self, agencies: Iterable[Agency]) -> Registry:
        """A new registry with ``agencies`` added; their spellings win over the existing ones."""
        return Registry((*tuple(agencies), *self._agencies), self._ambiguous, self._spellings)


@functools.cache
def holder_names() -> dict[str, str]:
    """Holder spelling as printed → agency code, from the table's ``holders`` lists."""
    out: dict[str, str] = {}
    for row in load("agencies")["agency"]:
        for holder in row.get("holders", ()):
            out.setdefault(holder, row["code"])
    return out


@functools.cache
def holder_keys() -> dict[str, str]:
    """Casefolded holder spelling → agency code."""
    return {_key(h): code for h, code in holder_names().items()}


@functools.cache
def default_registry() -> Registry:
    """The registry shipped in ``tables/agencies.toml``."""
    rows = load("agencies")["agency"]
    agencies = [
        Agency(
            code=row["code"],
            name=row["name"],
            aliases=tuple(a for a in row.get("aliases", ()) if a != row["code"]),
            known=True,
            kind=row.get("kind", "agency"),
        )
        for row in rows
    ]
    ambiguous = [row["code"] for row in rows if row.get("ambiguous")]
    spellings = [(name, row["code"]) for row in rows for name in row.get("scripts", ())]
    return Registry(agencies, ambiguous, spellings)


def unknown(credit: str) -> Agency:
    """An :class:`Agency` for a credit the registry does not know: its code is the credit as printed."""
    return Agency(code=credit, name=credit, aliases=(), known=False, kind="unknown")
