"""``parse()``: the stages in order — read, lines, features, label, fields, build.

Each stage is a plain function of the one before; this module only wires them together and turns
labelled units into records (the *fields* and *build* stages).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import NamedTuple

import regex

from wireparse import dateline as dateline_mod
from wireparse import header
from wireparse import label as label_stage
from wireparse import standfirst as standfirst_mod
from wireparse.agencies import Registry, default_registry
from wireparse.byline import names_like
from wireparse.compress import read_page_file
from wireparse.dates import find_full_date
from wireparse.html import HtmlMeta, HtmlPage, read_html
from wireparse.label import BOILERPLATE_STATES, Feature, features
from wireparse.lines import Unit, tidy, units
from wireparse.read import read
from wireparse.records import (
    Agency,
    Boilerplate,
    Dateline,
    Defect,
    Dispatch,
    Paragraph,
    ParseError,
    Part,
    Rights,
    Span,
)

_BANNER_SPLIT = regex.compile(r"[ ]+(?:[-|–—•·:»]|::)[ ]+")
_BYLINE_LEAD = regex.compile(r"\A(?:by|par|por|von|di)[\s:]+", regex.IGNORECASE)
_URL_HOST = regex.compile(r"\A(?:[a-z][a-z0-9+.-]*://)?(?:www\.)?([^/:?#\s]+)", regex.IGNORECASE)


def _site_name(text: str) -> str:
    """The banner without its tagline: ``SpaceWar.com - Your World At War`` → ``SpaceWar.com``."""
    parts = _BANNER_SPLIT.split(text, maxsplit=1)
    return parts[0].strip()


def _site_from_url(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_HOST.match(url.strip())
    return m.group(1).lower() if m and "." in m.group(1) else None


def _credit(printed: str | None, authors: Sequence[str], people: Sequence[str]) -> str | None:
    """The byline: what the page prints when it names someone, unless the metadata names people
    (``people``, of ``authors``) that it does not credit; then those people, joined with ``, ``. With
    nothing printed, the metadata's people, else its ``authors`` (a desk: ``BBC News``)."""
    if printed is not None and not names_like(printed):
        printed = None
    if printed is None or (people and not _credits_all(printed, people)):
        names = people or authors
        return ", ".join(names) if names else printed
    return printed


def _credits_all(printed: str, names: Sequence[str]) -> bool:
    low = " ".join(printed.split()).casefold()
    return all(" ".join(n.split()).casefold() in low for n in names)


def _published(
    units_: Sequence[Unit], feats: Sequence[Feature], labels: Sequence[str], page_date: dt.date | None
) -> dt.date | None:
    """The page's own date: the SpaceDaily page date, else the first timestamp or dated line above
    the body (never a caption's date: captions date their photos, not the page)."""
    if page_date is not None:
        return page_date
    for u, f, label in zip(units_, feats, labels, strict=True):
        if label in ("body", "bboil", "rights", "post"):
            break
        dated = "timestamp" in f.names or "dated" in f.names
        if (
            label in ("hboil", "pre", "byline")
            and dated
            and f.phrase_kind != "caption"
            and len(u.text) <= 160
        ):
            found = find_full_date(u.text)
            if found is not None:
                return found
    return None


def _boilerplate_kind(block_units: Sequence[tuple[Unit, Feature, str]]) -> tuple[str, str | None]:
    """The kind of a boilerplate block, and its heading when it is a list under one."""
    kinds = [f.phrase_kind for _, f, _ in block_units if f.phrase_kind]
    first_unit, first_feat, state = block_units[0]
    if first_feat.notice is not None:
        return "legal", None
    listed = len(block_units) >= 2
    if listed and "bp_heading" in first_feat.names:
        return first_feat.phrase_kind or "sidebar", first_unit.text  # "Most Read" over its list
    # a short line without a phrase over three or more lines: a list under its own heading
    headed = (
        len(block_units) >= 3
        and first_feat.phrase_kind is None
        and "sentence" not in first_feat.names
        and len(first_unit.text) <= 80
    )
    heading = first_unit.text if headed else None
    if kinds:
        return (first_feat.phrase_kind or kinds[0]), heading
    if all("pipes" in f.names for _, f, _ in block_units):
        return "navigation", None
    if len(block_units) >= 3:
        return ("navigation" if state == "pre" else "sidebar"), heading
    return "other", None


def _meta_fallbacks(meta: HtmlMeta, site: str | None) -> str | None:
    """The site from ``og:site_name`` when the page prints none, or when the banner line is that
    name and more words (a logo and its tagline set in elements of one line, no separator between
    them: ``Ledger Markets Global business news as it breaks`` → ``Ledger Markets``)."""
    name = meta.og_site_name
    if site is None or not name:
        return site if site is not None else name
    rest = site[len(name) :] if site.casefold().startswith(name.casefold()) else None
    return name if rest and rest[0].isspace() else site


DATELINE_LOOKAHEAD = 3
"""How many body paragraphs, from the first, may open with the dateline (``_dateline_unit``)."""
LEAD_PARAGRAPH_WORDS = 70
"""The longest a body paragraph above a later dateline may be: a standfirst, caption or tagline,
not a story's own paragraph."""


def _dateline_unit(feats: Sequence[Feature], labels: Sequence[str]) -> int:
    """The unit holding the page's dateline, or -1: the dateline line, else the first body paragraph
    when a dateline opens it, else one of the next :data:`DATELINE_LOOKAHEAD` paragraphs when each
    before it is short (:data:`LEAD_PARAGRAPH_WORDS`) and the later dateline has firm evidence (a
    known agency, a date, or a place in capitals followed by a dash); ``NEW YORK - …`` under a
    standfirst is then found, and a story's third paragraph opening ``Paris: …`` is not."""
    seen = 0
    for i, label in enumerate(labels):
        if label == "dateline":
            m = feats[i].dateline
            if m is not None and _source_line(m):
                # "(Xinhua)" alone above "BEIJING, May 5 (Xinhua) -- …": the paragraph's dateline
                later = _dateline_unit(feats, ["hboil" if j <= i else lab for j, lab in enumerate(labels)])
                later_m = feats[later].dateline if later >= 0 else None
                if later_m is not None and later_m.city is not None:
                    return later
            return i
        if label != "body":
            continue
        m = feats[i].dateline
        if m is not None and (seen == 0 or _firm(m)):
            return i
        seen += 1
        if seen >= DATELINE_LOOKAHEAD or feats[i].words > LEAD_PARAGRAPH_WORDS:
            return -1
    return -1


def _source_line(m: dateline_mod.DatelineMatch) -> bool:
    """A dateline that is a line of its own naming neither place nor date: ``(Xinhua)``."""
    return m.own_line and m.city is None and m.date_parts is None and m.page_date is None


def _firm(m: dateline_mod.DatelineMatch) -> bool:
    """Evidence enough for a dateline below the first paragraph (see :func:`_dateline_unit`)."""
    if m.own_line or m.start > 0:
        return False
    if m.credits or m.date_parts is not None:
        return True
    return m.city is not None and m.evidence == "separator" and m.city.isupper()


def _defect(code: str, message: str, stage: str, span: Span | None = None) -> Defect:
    return Defect(code, message, stage, span)


def parse(
    page: str | bytes | bytearray | memoryview,
    *,
    reference_date: dt.date | None = None,
    url: str | None = None,
    strict: bool = False,
    registry: Registry | None = None,
    html: bool | None = None,
    charset: str | None = None,
) -> Dispatch:
    """Parse one scraped page into a :class:`~wireparse.records.Dispatch`.

    ``page`` is the page's text, or its bytes in any encoding; an HTML page (detected, or forced
    with ``html=True``; ``html=False`` forces plain text) is read into block lines first, and its
    markup is extra evidence for the same decoder (see :mod:`wireparse.html`). ``reference_date``
    (the crawl or known publication date) gives a year to a dateline that prints none when the page carries no
    full date itself; the machine's clock is never used. ``url`` names the site when no banner
    does. ``strict=True`` raises :class:`~wireparse.records.ParseError` on the first defect;
    otherwise defects are recorded on the record. ``registry`` replaces the agency registry.
    ``charset`` is the charset label the HTTP ``Content-Type`` header that served the page's bytes
    declares (a WARC response's): ranked as browsers rank it, below a byte-order mark and above
    the page's own ``<meta charset>``.

    >>> d = parse("Riga, Dec 1 (AFP) Dec 01, 2021\\nNATO ministers met in Riga on Wednesday.")
    >>> d.dateline.city, d.dateline.agency.code, len(d.paragraphs)
    ('Riga', 'AFP', 1)
    """
    if not isinstance(page, str | bytes | bytearray | memoryview):
        hint = " (to parse a file, use wireparse.parse_file)" if isinstance(page, os.PathLike) else ""
        raise TypeError(f"parse() takes str or bytes, not {type(page).__name__}{hint}")
    if isinstance(page, bytearray | memoryview):
        page = bytes(page)
    if reference_date is not None and not isinstance(reference_date, dt.date):
        raise TypeError(f"reference_date must be a datetime.date, not {type(reference_date).__name__}")
    if isinstance(reference_date, dt.datetime):
        reference_date = reference_date.date()
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be str, not {type(url).__name__}")
    reg = registry or default_registry()

    if charset is not None and not isinstance(charset, str):
        raise TypeError(f"charset must be str, not {type(charset).__name__}")
    front = prepare(page, reg, html=html, charset=charset)
    labels = label_stage.label(front.feats)  # 4 label
    dispatch = finish(front, labels, reg, reference_date=reference_date, url=url)
    source = front.source
    if strict and dispatch.defects:
        raise ParseError(dispatch.defects[0], source)
    return dispatch


class Prepared(NamedTuple):
    """A page after stages 1-3 (read, lines, features): what the decoder labels, and what
    :func:`finish` needs besides the labels. ``scripts/fit_weights.py`` runs :func:`prepare` once a
    page and :func:`finish` after each decoding, so its records are :func:`parse`'s."""

    source: str
    units: list[Unit]
    feats: list[Feature]
    meta: HtmlMeta | None
    defects: list[Defect]
    encoding: str | None
    encoding_source: str | None
    format: str


def prepare(
    page: str | bytes, registry: Registry, *, html: bool | None = None, charset: str | None = None
) -> Prepared:
    """Stages 1-3 of :func:`parse`: 1 read (an HTML page becomes block lines with markup hints),
    2 lines, 3 features."""
    doc = read(page, html=html, charset=charset)
    source = doc.text
    defects: list[Defect] = list(doc.defects)
    if isinstance(page, str) and _names_a_file(page):
        defects.append(
            _defect(
                "page-is-a-path",
                "the whole page is the path of an existing file; parse_file() reads a file",
                "read",
                Span(0, len(source)),
            )
        )
    markup = read_html(source) if doc.format == "html" else None
    if markup is not None:
        source, defects = _html_source(markup, defects)
    us = units(source, spaced=markup is None)
    hints = markup.span_hints((u.start, u.end) for u in us) if markup is not None else None
    feats = features(us, source, registry, hints)
    meta = markup.meta if markup is not None else None
    return Prepared(source, us, feats, meta, defects, doc.encoding, doc.encoding_source, doc.format)


def finish(
    front: Prepared,
    labels: Sequence[str],
    registry: Registry,
    *,
    reference_date: dt.date | None = None,
    url: str | None = None,
) -> Dispatch:
    """Stages 5-6 of :func:`parse`: the header settled after labelling, the fields read, the record
    built."""
    meta = front.meta
    people = meta.authors if meta is not None else ()
    titles = meta.titles if meta is not None else ()
    labels = header.settle(front.units, front.feats, list(labels), registry, people, titles)
    dispatch = _build(
        front.source,
        front.units,
        front.feats,
        labels,
        reference_date,
        url,
        list(front.defects),
        meta,
        registry,
    )
    return _finish(dispatch, front.encoding, url, front.format, front.encoding_source)


_PATH_MAX = 4096
"""A longer ``str`` page is never taken for a path (Linux's ``PATH_MAX``)."""


def _names_a_file(page: str) -> bool:
    """Whether a whole ``str`` page is one short line that names an existing file: the mistake of
    ``parse("/path/page.txt")`` for ``parse_file("/path/page.txt")``."""
    if len(page) > _PATH_MAX or not page.strip() or "\n" in page or "\r" in page:
        return False
    name = page.strip()
    if not any(c in name for c in "/\\.") and not name.startswith("~"):
        return False
    try:
        return os.path.isfile(name) or os.path.isfile(os.path.expanduser(name))
    except (OSError, ValueError):  # a NUL character, a name too long for the system
        return False


HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
"""File names that :func:`parse_file` reads as HTML (also compressed: ``.html.gz``)."""
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz", ".zst")


def html_hint(name: str) -> bool | None:
    """``True`` when a file's name says HTML (:data:`HTML_SUFFIXES`, before any ``.gz``, ``.bz2``,
    ``.xz`` or ``.zst``), else ``None``: let the content decide.

    >>> html_hint("pages/a.HTML.gz"), html_hint("a.txt")
    (True, None)
    """
    low = os.path.basename(name).lower()
    for suffix in _COMPRESSED_SUFFIXES:
        if low.endswith(suffix):
            low = low[: -len(suffix)]
            break
    return True if low.endswith(HTML_SUFFIXES) else None


def parse_file(
    path: str | os.PathLike[str],
    *,
    reference_date: dt.date | None = None,
    url: str | None = None,
    strict: bool = False,
    registry: Registry | None = None,
    html: bool | None = None,
) -> Dispatch:
    """Parse the page file ``path``: :func:`parse` of its bytes, with the same options.

    The file is read with :func:`wireparse.compress.read_page_file`: a gzip, bzip2, xz or (with
    the ``zstd`` extra) zstd file is decompressed, told by its magic bytes, and at most
    :data:`~wireparse.compress.MAX_PAGE_BYTES` are read. A name ending in ``.html``, ``.htm``,
    ``.xhtml`` or ``.shtml`` (before a compression suffix) is read as HTML unless ``html`` says
    otherwise; any other name lets the content decide, as :func:`parse` does. ``url`` is not
    guessed from the name. Raises ``OSError`` when the file cannot be read and
    :class:`wireparse.compress.PageReadError` when it is too large or its compression is damaged;
    ``TypeError`` for a ``path`` that is not ``str`` or ``os.PathLike``.

    Use :func:`parse` for a page you hold as text or bytes, :func:`parse_file` for a page on disk:
    ``parse("/path/page.txt")`` parses the path itself as a one-line page (and gives it a
    ``page-is-a-path`` defect).
    """
    if isinstance(path, bytes) or not isinstance(path, str | os.PathLike):
        raise TypeError(
            f"parse_file() takes a path (str or os.PathLike), not {type(path).__name__}"
            + ("; to parse a page's bytes, use parse()" if isinstance(path, bytes) else "")
        )
    name = os.fspath(path)
    if not isinstance(name, str):
        raise TypeError(f"parse_file() takes a str path, not {type(name).__name__}")
    data = read_page_file(name)
    return parse(
        data,
        reference_date=reference_date,
        url=url,
        strict=strict,
        registry=registry,
        html=html if html is not None else html_hint(name),
    )


def parse_html(
    page: str | bytes | bytearray | memoryview,
    *,
    reference_date: dt.date | None = None,
    url: str | None = None,
    strict: bool = False,
    registry: Registry | None = None,
) -> Dispatch:
    """Parse one page as HTML, whatever it starts with: :func:`parse` with ``html=True``.

    >>> d = parse_html("<h1>Talks resume</h1><p>GENEVA (AP) — Envoys met again on Monday.</p>")
    >>> d.format, d.headline, d.dateline.city, d.paragraphs[0].text
    ('html', 'Talks resume', 'GENEVA', 'Envoys met again on Monday.')
    """
    return parse(page, reference_date=reference_date, url=url, strict=strict, registry=registry, html=True)


def _html_source(markup: HtmlPage, defects: list[Defect]) -> tuple[str, list[Defect]]:
    """The text derived from the HTML, and the read stage's defects re-pointed at it (a span into
    the raw markup means nothing in the derived text)."""
    source = markup.text
    out = []
    for defect in defects:
        if defect.span is None:
            out.append(defect)
        elif defect.code == "control-characters":
            at = source.find("\x00")
            if at >= 0:  # else the NULs were in the markup only
                out.append(Defect(defect.code, defect.message, defect.stage, Span(at, at + 1)))
        else:
            out.append(Defect(defect.code, defect.message, defect.stage, None))
    return source, out


def _finish(
    d: Dispatch, encoding: str | None, url: str | None, fmt: str = "text", encoding_source: str | None = None
) -> Dispatch:
    # attrs frozen classes: rebuild once with the read-stage facts
    return Dispatch(
        source=d.source,
        site=d.site,
        headline=d.headline,
        byline=d.byline,
        dateline=d.dateline,
        published=d.published,
        paragraphs=d.paragraphs,
        boilerplate=d.boilerplate,
        rights=d.rights,
        parts=d.parts,
        defects=d.defects,
        encoding=encoding,
        url=url,
        format=fmt,
        encoding_source=encoding_source,
        credits=d.credits,
        standfirst=d.standfirst,
    )


def _build(
    source: str,
    us: Sequence[Unit],
    feats: Sequence[Feature],
    labels: Sequence[str],
    reference_date: dt.date | None,
    url: str | None,
    defects: list[Defect],
    meta: HtmlMeta | None = None,
    registry: Registry | None = None,
) -> Dispatch:
    reg = registry or default_registry()
    site = headline = byline = None
    credit_lines: list[str] = []
    dl: Dateline | None = None
    rights: Rights | None = None
    paragraphs: list[Paragraph] = []
    blocks: list[Boilerplate] = []
    parts: list[Part] = []
    page_date: dt.date | None = None

    # the dateline: its own line, or the opening of the first paragraph, or of one of the first
    # few when those before it are short (a standfirst, caption or tagline the labeller kept)
    dl_unit = _dateline_unit(feats, labels)
    if dl_unit >= 0 and labels[dl_unit] != "dateline":
        # a source line labelled as the dateline above the real one is boilerplate of the head
        labels = ["hboil" if lab == "dateline" else lab for lab in labels]
    if dl_unit >= 0:
        m = feats[dl_unit].dateline
        assert m is not None
        page_date = m.page_date
    # the standfirst: a dek under the headline, kept apart from the body and the boilerplate
    sf_unit = standfirst_mod.find(
        us, feats, labels, meta.descriptions if meta is not None else (), dl_unit, html=meta is not None
    )
    standfirst: str | None = None
    published = _published(us, feats, labels, page_date)
    if published is None and meta is not None:
        published = meta.date  # article:published_time when the page prints no date

    pending: list[tuple[Unit, Feature, str]] = []

    def flush() -> None:
        if not pending:
            return
        kind, heading = _boilerplate_kind(pending)
        first, last = pending[0][0], pending[-1][0]
        lines = tuple(u.text for u, _, _ in pending)
        if heading is not None:
            lines = lines[1:]
        span = Span(first.start, last.end)
        parts.append(Part("boilerplate", span, len(blocks)))
        blocks.append(Boilerplate(kind, heading, lines, source[span.start : span.end], span))
        pending.clear()

    for i, (u, f, label) in enumerate(zip(us, feats, labels, strict=True)):
        if i == sf_unit:
            flush()
            standfirst = tidy(u.text)
            parts.append(Part("standfirst", Span(u.start, u.end)))
            continue
        if label in BOILERPLATE_STATES or (label == "rights" and rights is not None):
            last_kind = pending[-1][1].phrase_kind if pending else None
            kind_changes = last_kind is not None and f.phrase_kind is not None and f.phrase_kind != last_kind
            if pending and (pending[-1][0].block != u.block or pending[-1][2] != label or kind_changes):
                flush()
            pending.append((u, f, label))
            continue
        flush()
        span = Span(u.start, u.end)
        if label == "site":
            site = _site_name(u.text)
            parts.append(Part("site", span))
        elif label == "headline":
            headline = tidy(u.text)
            parts.append(Part("headline", span))
        elif label == "byline":
            credit_lines.append(tidy(u.text))
            parts.append(Part("byline", span))
        elif label == "dateline" or (label == "body" and i == dl_unit):
            m = f.dateline
            assert m is not None
            raw = source[u.start : u.end]
            if m.start > 0:
                # a byline or photo credit glued in front of the dateline keeps a part of its own
                glued = raw[: m.start].rstrip()
                g_span = Span(u.start, u.start + len(glued))
                if _BYLINE_LEAD.match(glued):
                    credit_lines.append(tidy(glued))
                    parts.append(Part("byline", g_span))
                else:
                    # a photo credit or image file name is a caption; an update note or date stamp other
                    kind = "other" if m.lead in ("note", "date") else "caption"
                    parts.append(Part("boilerplate", g_span, len(blocks)))
                    blocks.append(Boilerplate(kind, None, (tidy(glued),), glued, g_span))
            # the dateline part ends at its last printed character; the paragraph starts after the separator
            dl = dateline_mod.build(m, raw, u.start, page_anchor=published, reference_date=reference_date)
            parts.append(Part("dateline", dl.span))
            rest = raw[m.body_start :]
            lead = len(rest) - len(rest.lstrip())
            if rest.strip():
                p_span = Span(u.start + m.body_start + lead, u.end)
                parts.append(Part("paragraph", p_span, len(paragraphs)))
                paragraphs.append(Paragraph(tidy(rest), p_span))
        elif label == "body":
            parts.append(Part("paragraph", span, len(paragraphs)))
            paragraphs.append(Paragraph(tidy(u.text), span))
        elif label == "rights":
            n = f.notice
            rights = Rights(
                tidy(u.text), n.holder if n else None, n.agency if n else None, n.year if n else None, span
            )
            parts.append(Part("rights", span))
    flush()

    byline, credited = header.credits(credit_lines, reg)
    in_dateline = dl.agencies if dl is not None else ()
    credits: tuple[Agency, ...] = tuple(
        a
        for a in header.story_agencies(credited, header.signed_off(us, feats, labels, reg))
        if a not in in_dateline
    )
    if meta is not None:
        site = _meta_fallbacks(meta, site)
        tail = meta.title_tail
        if (
            tail is not None
            and any(f.endswith(tail) for f in (meta.og_title, meta.ld_headline) if f)
            and not all(w[:1].isupper() for w in tail.split())
        ):
            # the declared headline ends so too, and the tail is no proper name (``Generalsekretär
            # tritt zurück``): part of the headline, not the site's name
            tail = None
        headline = header.clean_headline(headline, meta.titles, (meta.og_site_name, tail, site))
    else:
        headline = header.clean_headline(headline, (), (site,))
    if meta is not None:
        byline = _credit(byline, meta.authors, meta.people)
    elif byline is not None and not names_like(byline):
        byline = None
    if site is None:
        site = _site_from_url(url)
    if headline is None:
        defects.append(_defect("no-headline", "no headline was found", "label"))
    if not paragraphs:
        defects.append(_defect("no-body", "no body paragraph was found", "label"))
    if dl is None:
        if paragraphs:
            defects.append(_defect("no-dateline", "no dateline was found", "fields"))
    else:
        if (
            dl.city is None
            and dl_unit >= 0
            and (m_dl := feats[dl_unit].dateline) is not None
            and m_dl.own_line
        ):
            defects.append(
                _defect(
                    "dateline-no-place",
                    f"the dateline {dl.text!r} is a line of its own that names no place: "
                    "a source or timestamp line more likely than a dateline",
                    "fields",
                    dl.span,
                )
            )
        if dl.date is None and dl.date_text is not None:
            defects.append(
                _defect(
                    "dateline-no-year",
                    f"the dateline date {dl.date_text!r} has no year, "
                    "and neither the page nor reference_date gives one",
                    "fields",
                    dl.span,
                )
            )
        for agency in dl.agencies:
            if not agency.known:
                defects.append(
                    _defect(
                        "unknown-agency",
                        f"the credit {agency.code!r} is not in the agency registry",
                        "fields",
                        dl.span,
                    )
                )
    return Dispatch(
        source=source,
        site=site,
        headline=headline,
        byline=byline,
        dateline=dl,
        published=published,
        paragraphs=tuple(paragraphs),
        boilerplate=tuple(blocks),
        rights=rights,
        parts=tuple(parts),
        defects=tuple(defects),
        credits=credits,
        standfirst=standfirst,
    )
