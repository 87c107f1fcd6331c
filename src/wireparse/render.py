"""Views of a parsed page: a field summary, the page with its parts marked (terminal), and HTML.

Everything shown in HTML is escaped, so a page holding ``<script>`` renders inert.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from wireparse.records import Dispatch, Part

_ANSI = {
    "site": "35",
    "headline": "1;36",
    "byline": "36",
    "dateline": "1;33",
    "paragraph": "0",
    "boilerplate": "2",
    "rights": "32",
}
_HTML_COLOURS = {
    "site": "#e8d5f5",
    "headline": "#c9ecf7",
    "byline": "#dff3f8",
    "dateline": "#ffe7a3",
    "paragraph": "#ffffff",
    "boilerplate": "#e6e6e6",
    "rights": "#d3f2d3",
}


def summary(d: Dispatch) -> list[tuple[str, str]]:
    """The parsed fields as (name, value) rows."""
    dl = d.dateline
    return [
        ("site", d.site or "—"),
        ("headline", d.headline or "—"),
        ("byline", d.byline or "—"),
        ("dateline", dl.text if dl else "—"),
        ("  city", (dl.city or "—") if dl else "—"),
        ("  region", (dl.region or "—") if dl else "—"),
        ("  date", f"{dl.date.isoformat()} (year from {dl.year_source})" if dl and dl.date else "—"),
        ("  agency", ", ".join(a.code for a in dl.agencies) if dl and dl.agencies else "—"),
        ("published", d.published.isoformat() if d.published else "—"),
        ("paragraphs", str(len(d.paragraphs))),
        ("boilerplate", ", ".join(b.kind for b in d.boilerplate) or "—"),
        (
            "rights",
            f"{d.rights.holder} ({d.rights.agency.code if d.rights.agency else 'no agency'})"
            if d.rights
            else "—",
        ),
        ("defects", ", ".join(x.code for x in d.defects) or "—"),
    ]


def _label(d: Dispatch, part: Part) -> str:
    if part.kind == "boilerplate":
        return f"boilerplate:{d.boilerplate[part.index].kind}"
    return part.kind


def _selected(d: Dispatch, only: Iterable[str] | None) -> list[Part]:
    wanted = set(only) if only else None
    out = []
    for p in d.parts:
        kind = "body" if p.kind == "paragraph" else p.kind
        if wanted is None or kind in wanted or p.kind in wanted:
            out.append(p)
    return out


def to_text(d: Dispatch, *, colour: bool = False, only: Iterable[str] | None = None) -> str:
    """The page part by part: coloured on a terminal, ``[kind]`` labels otherwise."""
    lines = [f"{name:<12} {value}" for name, value in summary(d)]
    lines.append("")
    for part in _selected(d, only):
        text = d.source[part.span.start : part.span.end]
        if colour:
            lines.append(f"\x1b[{_ANSI[part.kind]}m{text}\x1b[0m  \x1b[2m[{_label(d, part)}]\x1b[0m")
        else:
            lines.append(f"[{_label(d, part)}] {text}")
    return "\n".join(lines)


def to_html(d: Dispatch) -> str:
    """The page as it was, each part shaded by kind, under a legend and a table of the fields.

    Every piece of page text is HTML-escaped, so markup inside a page (``<script>``) renders inert.
    """
    esc = html.escape
    rows = "".join(
        f"<tr><th style='text-align:left;padding-right:8px'>{esc(k)}</th><td>{esc(v)}</td></tr>"
        for k, v in summary(d)
    )
    legend = " ".join(
        f"<span class='wp-legend' style='background:{c};padding:0 4px;border:1px solid #ccc'>{esc(k)}</span>"
        for k, c in _HTML_COLOURS.items()
    )
    pieces = []
    pos = 0
    for part in d.parts:
        if part.span.start > pos:
            pieces.append(esc(d.source[pos : part.span.start]))
        label = esc(_label(d, part))
        text = esc(d.source[part.span.start : part.span.end])
        colour = _HTML_COLOURS[part.kind]
        kind = esc(part.kind)
        pieces.append(
            f"<span class='wp-part wp-{kind}' title='{label}' style='background:{colour}'>{text}</span>"
        )
        pos = part.span.end
    pieces.append(esc(d.source[pos:]))
    page = "".join(pieces)
    return (
        "<div class='wireparse-dispatch' style='font-family:sans-serif;font-size:13px'>"
        f"<table>{rows}</table><div style='margin:6px 0'>{legend}</div>"
        "<div style='white-space:pre-wrap;font-family:monospace;border:1px solid #ddd;padding:6px'>"
        f"{page}</div></div>"
    )
