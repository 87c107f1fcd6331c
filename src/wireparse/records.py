"""The typed records wireparse returns, and their dict/JSON form.

Every record is an attrs class, frozen and slotted, so a parsed page is a value: it hashes,
compares, pickles and can be shared between threads or processes. ``to_dict()`` gives plain JSON
types (dates as ISO strings, spans as ``[start, end]``); ``Dispatch.from_dict()`` rebuilds the exact
record. The dict carries ``schema_version``; a dict from a newer major schema is refused.

This module imports nothing of the package (``Dispatch._repr_html_`` loads ``render`` lazily).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

import attrs

SCHEMA_VERSION = "1.3"
"""The version of the dict/JSON form. Minor bumps add keys; major bumps change them."""

ADDED_KEYS: dict[str, dict[str, Any]] = {
    "1.1": {"format": "text"},
    "1.2": {"dateline.place": None},
    "1.3": {"encoding_source": None, "credits": [], "standfirst": None},
}
"""Keys of :meth:`Dispatch.to_dict` each minor schema version added, with the value a record written
under an older version stands for (a 1.0 record was always read as plain text; a dateline of 1.1
had no resolved place; a record of 1.2 did not say where its encoding came from, credited no
agency outside its dateline and had no standfirst). A dotted key
(``dateline.place``) is a key of the nested record, set where that record is present."""


def upgrade_dict(d: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record dict of an older minor schema in the current one: the keys added since
    take the values :data:`ADDED_KEYS` gives them (and so do the current version's keys a dict of
    that version lacks: one written before they were added). Golden files compare through it, so a
    minor bump needs no rewrite of the goldens.

    >>> up = upgrade_dict({"schema_version": "1.0", "site": "x"})
    >>> up["schema_version"], up["format"], up["encoding_source"], up["credits"], up["standfirst"]
    ('1.3', 'text', None, [], None)
    """
    out = dict(d)
    version = str(d.get("schema_version", SCHEMA_VERSION))
    major, _, minor = version.partition(".")
    cur_major, _, cur_minor = SCHEMA_VERSION.partition(".")
    if major != cur_major or not minor.isdigit() or int(minor) > int(cur_minor):
        return out
    for added, keys in ADDED_KEYS.items():
        # a record of the current version written before one of its keys was added lacks it too
        if int(added.partition(".")[2]) > int(minor) or added == SCHEMA_VERSION:
            for key, value in keys.items():
                head, dot, sub = key.partition(".")
                if not dot:
                    out.setdefault(key, value)
                elif isinstance(out.get(head), dict):
                    out[head] = {**out[head]}
                    out[head].setdefault(sub, value)
    out["schema_version"] = SCHEMA_VERSION
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :meth:`Dispatch.to_dict` output, as ``wireparse schema``
    prints it: the data file ``record.schema.json`` beside this module. It also describes the
    record lines of ``wireparse batch`` and ``wireparse parse``, which add ``id`` and
    ``provenance``. A test validates every fixture page's record against it.

    >>> json_schema()["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    True
    """
    from importlib import resources  # noqa: PLC0415 - only when asked for

    text = (
        resources.files(__package__ or "wireparse").joinpath("record.schema.json").read_text(encoding="utf-8")
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


PART_KINDS = ("site", "headline", "byline", "dateline", "paragraph", "boilerplate", "rights", "standfirst")
"""The kinds of :class:`Part`, i.e. the parts a page is cut into (``standfirst``: since schema 1.3)."""

BOILERPLATE_KINDS = (
    "advertisement",
    "sidebar",
    "related",
    "navigation",
    "share",
    "newsletter",
    "donation",
    "comments",
    "caption",
    "legal",
    "other",
)
"""The closed vocabulary of :attr:`Boilerplate.kind`."""

YearSource = Literal["dateline", "page", "reference"]


def _date_or_none(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value is not None else None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


@attrs.frozen
class Span:
    """A half-open range ``[start, end)`` of character offsets into :attr:`Dispatch.source`."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset one past the last character."""

    def __len__(self) -> int:
        return self.end - self.start

    def to_list(self) -> list[int]:
        """The span as ``[start, end]``, its dict form."""
        return [self.start, self.end]

    @classmethod
    def from_list(cls, value: list[int] | tuple[int, int]) -> Span:
        """Rebuild a span from ``[start, end]``."""
        start, end = value
        return cls(int(start), int(end))


def _span_or_none(value: list[int] | None) -> Span | None:
    return Span.from_list(value) if value is not None else None


@attrs.frozen
class Agency:
    """A news agency (or another credit that sits in the agency slot, such as ``SPX`` or ``CNN``)."""

    code: str
    """Canonical short code (``AFP``, ``AP``, ``Reuters``, ``dpa``); for a credit the registry does
    not know, the credit as printed."""
    name: str
    """Full name (``Agence France-Presse``); the credit as printed when unknown."""
    aliases: tuple[str, ...] = ()
    """Other spellings seen in credits and notices."""
    known: bool = True
    """False when the credit is not in the registry."""
    kind: str = "agency"
    """``agency``, ``site-wire``, ``press-office``, ``broadcaster``, ``publisher``, ``pool`` or
    ``unknown``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "aliases": list(self.aliases),
            "known": self.known,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Agency:
        return cls(d["code"], d["name"], tuple(d["aliases"]), d["known"], d["kind"])


def _agency_or_none(value: dict[str, Any] | None) -> Agency | None:
    return Agency.from_dict(value) if value is not None else None


PlaceKind = Literal["city", "country", "region"]
PlaceBasis = Literal["region", "standalone", "country", "unique", "population"]
PlaceMatch = Literal["name", "alternate", "region"]


@attrs.frozen
class Place:
    """The GeoNames place a dateline's printed place resolves to (``wireparse.geo``, ``docs/geo.md``).

    .. versionadded:: 0.2 (schema 1.2)"""

    geonames_id: int
    """The GeoNames id (https://www.geonames.org/ID); 0 for a first-level region, which the table
    keys by :attr:`country` and :attr:`admin1` instead."""
    name: str
    """The GeoNames name (``London``, ``São Paulo``), not the printed one."""
    country: str
    """ISO 3166-1 alpha-2 country code (``GB``, ``US``)."""
    admin1: str | None
    """The GeoNames first-level region code (``KY``, ``08`` for Ontario), None for a country."""
    admin1_name: str | None
    """That region's name (``Kentucky``, ``Ontario``) when the table has it."""
    latitude: float
    """Degrees north (a country's: its capital's; a region's: the population-weighted mean of its cities)."""
    longitude: float
    """Degrees east, likewise."""
    kind: PlaceKind
    """``city``; ``country`` (the dateline names a country, or a city the table lacks in a printed
    country); ``region`` (a city the table lacks in a printed state or province)."""
    confidence: float
    """How sure the choice is, 0 to 1 (two decimals): 0.95 for an AP standalone city, 0.8 to 0.95
    when the printed region chose it, 0.9 for a country or the only place of the name, 0.6 when only
    the region is known, and from 0.3 to 0.9 by the chosen place's share of the population of all
    the places of that name."""
    basis: PlaceBasis
    """Why this place: ``region`` (the printed region), ``standalone`` (an AP standalone city),
    ``country`` (the name is a country's), ``unique`` (the only place of that name), ``population``
    (the most populous of several)."""
    matched: PlaceMatch
    """How the printed name matched: ``name`` (the GeoNames name, case and diacritics folded),
    ``alternate`` (another or other-language name: ``Londres``, ``Moskau``), ``region`` (it did
    not; the region did)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "geonames_id": self.geonames_id,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "admin1_name": self.admin1_name,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "kind": self.kind,
            "confidence": self.confidence,
            "basis": self.basis,
            "matched": self.matched,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        return cls(
            int(d["geonames_id"]),
            d["name"],
            d["country"],
            d["admin1"],
            d["admin1_name"],
            float(d["latitude"]),
            float(d["longitude"]),
            d["kind"],
            float(d["confidence"]),
            d["basis"],
            d["matched"],
        )


@attrs.frozen
class Dateline:
    """Where, when and by whom a dispatch was filed, as its dateline prints it."""

    text: str
    """The dateline as printed (for an inline dateline, up to and including its separator)."""
    city: str | None
    """The place as printed (``Riga``, ``LOUISVILLE``, ``KABUL/PESHAWAR``); None for a credit-only
    dateline such as ``(Reuters) -``."""
    region: str | None
    """State, province or country as printed (``Ky.``, ``TX``, ``Central African Republic``)."""
    date: dt.date | None
    """The dispatch date; None when none is printed or its year cannot be known."""
    date_text: str | None
    """The date as printed (``Dec 1``), or None."""
    year_source: YearSource | None
    """Where the year of :attr:`date` came from: ``dateline`` (printed), ``page`` (the page's own
    full date), ``reference`` (the ``reference_date`` argument), or None."""
    agency: Agency | None
    """The first credited agency, or None for a staff dateline."""
    agencies: tuple[Agency, ...]
    """Every credited agency, in order (``PNA/Xinhua`` gives two)."""
    span: Span
    """Where the dateline sits in the source."""
    place: Place | None = None
    """The printed place resolved to a GeoNames place (``wireparse.geo``), or None when it cannot
    be resolved. :attr:`city` and :attr:`region` stay as printed.

    .. versionadded:: 0.2 (schema 1.2)"""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "city": self.city,
            "region": self.region,
            "date": _iso(self.date),
            "date_text": self.date_text,
            "year_source": self.year_source,
            "agency": self.agency.to_dict() if self.agency else None,
            "agencies": [a.to_dict() for a in self.agencies],
            "span": self.span.to_list(),
            "place": self.place.to_dict() if self.place else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dateline:
        place = d.get("place")
        return cls(
            text=d["text"],
            city=d["city"],
            region=d["region"],
            date=_date_or_none(d["date"]),
            date_text=d["date_text"],
            year_source=d["year_source"],
            agency=_agency_or_none(d["agency"]),
            agencies=tuple(Agency.from_dict(a) for a in d["agencies"]),
            span=Span.from_list(d["span"]),
            place=Place.from_dict(place) if place is not None else None,
        )


@attrs.frozen
class Paragraph:
    """One body paragraph."""

    text: str
    """The paragraph, whitespace tidied (hard-wrapped lines joined by single spaces)."""
    span: Span
    """Where it sits in the source (for a paragraph opened by a dateline: after the separator)."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "span": self.span.to_list()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Paragraph:
        return cls(d["text"], Span.from_list(d["span"]))


@attrs.frozen
class Boilerplate:
    """A block of page furniture: an ad marker, a sidebar list, a share bar, a footer…"""

    kind: str
    """One of :data:`BOILERPLATE_KINDS`."""
    heading: str | None
    """The heading of a list block (``Most Read``), else None."""
    lines: tuple[str, ...]
    """The block's lines as printed (whitespace tidied), heading excluded."""
    text: str
    """The block's raw text, ``source[span.start:span.end]``."""
    span: Span
    """Where the block sits in the source."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "heading": self.heading,
            "lines": list(self.lines),
            "text": self.text,
            "span": self.span.to_list(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Boilerplate:
        return cls(d["kind"], d["heading"], tuple(d["lines"]), d["text"], Span.from_list(d["span"]))


@attrs.frozen
class Rights:
    """The wire agency's rights notice (a site's own legal footer is :class:`Boilerplate`)."""

    text: str
    """The notice as printed, whitespace tidied."""
    holder: str | None
    """The holder as the notice names it (``Agence France-Presse``, ``Thomson Reuters``)."""
    agency: Agency | None
    """The registry's agency that the holder names, or None."""
    year: int | None
    """The (last) year the notice prints, or None."""
    span: Span
    """Where the notice sits in the source."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "holder": self.holder,
            "agency": self.agency.to_dict() if self.agency else None,
            "year": self.year,
            "span": self.span.to_list(),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Rights:
        return cls(d["text"], d["holder"], _agency_or_none(d["agency"]), d["year"], Span.from_list(d["span"]))


@attrs.frozen
class Part:
    """One piece of the page: every non-blank character belongs to exactly one part."""

    kind: str
    """One of :data:`PART_KINDS`."""
    span: Span
    """Where the part sits in the source."""
    index: int = 0
    """For ``paragraph`` and ``boilerplate`` parts: the index into :attr:`Dispatch.paragraphs` or
    :attr:`Dispatch.boilerplate`; 0 otherwise."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "span": self.span.to_list(), "index": self.index}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Part:
        return cls(d["kind"], Span.from_list(d["span"]), d.get("index", 0))


@attrs.frozen
class Defect:
    """Something odd or missing on the page, recorded instead of raised (see ``strict=``)."""

    code: str
    """A stable kebab-case code (``no-dateline``, ``unknown-agency``, ``undecodable-bytes``)."""
    message: str
    """A sentence for people."""
    stage: str
    """The pipeline stage that noticed it (``read``, ``label`` or ``fields``)."""
    span: Span | None = None
    """Where on the page, when it has a place."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "stage": self.stage,
            "span": self.span.to_list() if self.span else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Defect:
        return cls(d["code"], d["message"], d["stage"], _span_or_none(d["span"]))


class ParseError(ValueError):
    """Raised by ``parse(..., strict=True)`` on the first defect.

    .. versionadded:: 0.1
    """

    def __init__(self, defect: Defect, source: str = "") -> None:
        self.defect = defect
        self.code = defect.code
        self.stage = defect.stage
        self.span = defect.span
        excerpt = ""
        if defect.span is not None and source:
            excerpt = source[defect.span.start : min(defect.span.end, defect.span.start + 80)]
        self.text = excerpt
        where = f" at {defect.span.start}-{defect.span.end}: {excerpt!r}" if defect.span else ""
        super().__init__(f"[{defect.stage}] {defect.code}: {defect.message}{where}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (ParseError, (self.defect, ""))


@attrs.frozen(repr=False)
class Dispatch:
    """One parsed page. Every field is documented in ``docs/record.md``."""

    source: str = attrs.field(repr=False)
    """The decoded, newline-normalised page; every :class:`Span` indexes it."""
    site: str | None
    """The site's name: the banner without its tagline, else from ``url``."""
    headline: str | None
    """The headline as printed (case kept), whitespace tidied."""
    byline: str | None
    """The author credit without ``by`` (``Staff Writers``, ``Jane Doe``)."""
    dateline: Dateline | None
    """The wire dateline, or None."""
    published: dt.date | None
    """The page's own publication date, or None."""
    paragraphs: tuple[Paragraph, ...]
    """The body paragraphs in order, and nothing else."""
    boilerplate: tuple[Boilerplate, ...]
    """Page furniture blocks in page order, each with its kind."""
    rights: Rights | None
    """The agency rights notice, or None."""
    parts: tuple[Part, ...]
    """Every part in page order; together they cover all non-blank text exactly once."""
    defects: tuple[Defect, ...]
    """What was odd or missing."""
    encoding: str | None = None
    """The encoding used to decode bytes input (``utf-8``, ``cp1252``…); None for ``str`` input."""
    url: str | None = None
    """The page's URL when one was given to ``parse``."""
    format: str = "text"
    """What the page was read as: ``text``, or ``html`` (then :attr:`source` is the text derived from
    the markup, one block per line).

    .. versionadded:: 0.2 (schema 1.1)"""
    encoding_source: str | None = None
    """Where :attr:`encoding` came from: ``bom`` (a byte-order mark), ``http`` (the ``charset`` an HTTP
    header declared, as a WARC response's), ``utf-16-nuls`` (UTF-16 told by its NUL bytes),
    ``declared`` (the page's ``<meta charset>``, ``http-equiv`` or XML declaration), ``utf-8`` (the
    bytes read as UTF-8: none declared, or a legacy declaration they contradict), ``detected``
    (``charset-normalizer``), ``default`` (Windows-1252); None for ``str`` input.

    .. versionadded:: 0.2 (schema 1.3)"""
    credits: tuple[Agency, ...] = ()
    """The agencies the page credits for the story outside its dateline, in order, each once: the
    byline's (``Jane Doe, Reuters``, ``The Associated Press``) and a sign-off at the end of the body
    (``— Reuters``, ``-AFP``, ``(Prensa Latina)``). :attr:`agencies` adds the dateline's.

    .. versionadded:: schema 1.3"""
    standfirst: str | None = None
    """The standfirst (dek, summary) printed under the headline and above the story, whitespace
    tidied; its part has the kind ``standfirst``. None when the page prints none: a ``meta``
    description the page does not show is never one. Not in :attr:`paragraphs`, nor in :attr:`body`.

    .. versionadded:: schema 1.3"""

    @property
    def agencies(self) -> tuple[Agency, ...]:
        """Every agency the page credits for the story, in order, each once: the dateline's
        (:attr:`Dateline.agencies`), then :attr:`credits`.

        >>> afp = Agency("AFP", "Agence France-Presse")
        >>> Dispatch.from_dict({"credits": [afp.to_dict()]}).agencies[0].code
        'AFP'
        """
        out = list(self.dateline.agencies) if self.dateline is not None else []
        out.extend(a for a in self.credits if a not in out)
        return tuple(out)

    @property
    def body(self) -> str:
        """The paragraphs joined by a blank line.

        >>> Dispatch.from_dict({"schema_version": "1.0", "source": "a\\n\\nb",
        ...     "paragraphs": [{"text": "a", "span": [0, 1]}, {"text": "b", "span": [3, 4]}]}).body
        'a\\n\\nb'
        """
        return "\n\n".join(p.text for p in self.paragraphs)

    def check(self) -> None:
        """Raise :class:`ValueError` unless :attr:`parts` cover every non-blank character of
        :attr:`source` exactly once: in order, none empty or out of range, none starting or ending
        on whitespace, and only whitespace between them. Every record ``parse`` returns passes; use
        it on records read back from storage (it needs the ``source``). Linear in the page size.

        >>> Dispatch.from_dict({"schema_version": "1.1", "source": "a b",
        ...     "parts": [{"kind": "paragraph", "span": [0, 1]}]}).check()
        Traceback (most recent call last):
        ...
        ValueError: text 1-3 belongs to no part: ' b'
        """
        source = self.source
        last = 0
        for part in self.parts:
            s, e = part.span.start, part.span.end
            if not (0 <= s < e <= len(source)):
                raise ValueError(
                    f"{part.kind} span {s}-{e} is empty or outside the source (length {len(source)})"
                )
            if s < last:
                raise ValueError(f"{part.kind} span {s}-{e} starts before the previous part ends ({last})")
            gap = source[last:s]
            if gap and not gap.isspace():
                raise ValueError(f"text {last}-{s} belongs to no part: {gap[:80]!r}")
            if source[s].isspace() or source[e - 1].isspace():
                raise ValueError(
                    f"{part.kind} span {s}-{e} starts or ends on whitespace: {source[s:e][:60]!r}"
                )
            last = e
        tail = source[last:]
        if tail and not tail.isspace():
            raise ValueError(f"text {last}-{len(source)} belongs to no part: {tail[:80]!r}")

    def to_dict(self, *, source: bool = True) -> dict[str, Any]:
        """The record as plain JSON types. ``source=False`` leaves the page text out (for goldens)."""
        d: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
        if source:
            d["source"] = self.source
        d.update(
            {
                "url": self.url,
                "encoding": self.encoding,
                "encoding_source": self.encoding_source,
                "format": self.format,
                "site": self.site,
                "headline": self.headline,
                "byline": self.byline,
                "dateline": self.dateline.to_dict() if self.dateline else None,
                "published": _iso(self.published),
                "standfirst": self.standfirst,
                "paragraphs": [p.to_dict() for p in self.paragraphs],
                "boilerplate": [b.to_dict() for b in self.boilerplate],
                "rights": self.rights.to_dict() if self.rights else None,
                "parts": [p.to_dict() for p in self.parts],
                "defects": [x.to_dict() for x in self.defects],
                "credits": [a.to_dict() for a in self.credits],
            }
        )
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Dispatch:
        """Rebuild the record from :meth:`to_dict` output. Missing keys take their empty value."""
        version = str(d.get("schema_version", SCHEMA_VERSION))
        if version.split(".", maxsplit=1)[0] != SCHEMA_VERSION.split(".", maxsplit=1)[0]:
            raise ValueError(f"schema_version {version} is not readable by schema {SCHEMA_VERSION}")
        dl = d.get("dateline")
        rights = d.get("rights")
        return cls(
            source=d.get("source", ""),
            site=d.get("site"),
            headline=d.get("headline"),
            byline=d.get("byline"),
            dateline=Dateline.from_dict(dl) if dl is not None else None,
            published=_date_or_none(d.get("published")),
            paragraphs=tuple(Paragraph.from_dict(p) for p in d.get("paragraphs", ())),
            boilerplate=tuple(Boilerplate.from_dict(b) for b in d.get("boilerplate", ())),
            rights=Rights.from_dict(rights) if rights is not None else None,
            parts=tuple(Part.from_dict(p) for p in d.get("parts", ())),
            defects=tuple(Defect.from_dict(x) for x in d.get("defects", ())),
            encoding=d.get("encoding"),
            url=d.get("url"),
            format=d.get("format", "text"),
            encoding_source=d.get("encoding_source"),
            credits=tuple(Agency.from_dict(a) for a in d.get("credits", ())),
            standfirst=d.get("standfirst"),
        )

    def to_json(self, *, indent: int | None = None, source: bool = True) -> str:
        """The record as a JSON string (see :meth:`to_dict`)."""
        return json.dumps(self.to_dict(source=source), ensure_ascii=False, indent=indent)

    @classmethod
    def from_json(cls, text: str) -> Dispatch:
        """Rebuild the record from :meth:`to_json` output."""
        return cls.from_dict(json.loads(text))

    def __repr__(self) -> str:
        dl = self.dateline
        where = ""
        if dl is not None:
            bits = [b for b in (dl.city, dl.date.isoformat() if dl.date else None) if b]
            if dl.agency:
                bits.append(dl.agency.code)
            where = f", dateline={' '.join(bits)!r}"
        head = (self.headline or "")[:60]
        return (
            f"<Dispatch site={self.site!r} headline={head!r}{where}, "
            f"{len(self.paragraphs)} paragraphs, {len(self.boilerplate)} boilerplate, "
            f"rights={self.rights.holder if self.rights else None!r}, {len(self.defects)} defects>"
        )

    def _repr_html_(self) -> str:
        from wireparse import render  # noqa: PLC0415 - lazy: records import nothing of the package

        return render.to_html(self)
