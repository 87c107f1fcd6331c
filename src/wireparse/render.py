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
    "standfirst": "3;36",
    "dateline": "1;33",
    "paragraph": "0",
    "boilerplate": "90",  # bright black (grey): terminals without "faint" (SGR 2) still set it apart
    "rights": "32",
}
_HTML_COLOURS = {
    "site": "#e8d5f5",
    "headline": "#c9ecf7",
    "byline": "#dff3f8",
    "standfirst": "#e4f0fb",
    "dateline": "#ffe7a3",
    "paragraph": "#ffffff",
    "boilerplate": "#e6e6e6",
    "rights": "#d3f2d3",
}


_CONTROL_PICTURES = {
    **{c: chr(0x2400 + c) for c in range(0x20) if c not in (0x09, 0x0A)},
    0x7F: "\u2421",
    **{c: f"\\x{c:02x}" for c in range(0x80, 0xA0)},
}
"""Control characters a page may hold, as inert text: C0 controls (but tab and newline) as their
Control Pictures (ESC → ``␛``), DEL as ``␡``, C1 controls as ``\x9b``. A page's own escape
sequences (clear the screen, OSC 52 clipboard writes, window titles, hyperlinks) never reach the
terminal; only the colours :func:`to_text` itself emits do."""


def inert(text: str) -> str:
    r"""``text`` with every control character but tab and newline made visible and harmless.

    >>> inert("a\x1b[2Jb\x9bc\n")
    'a␛[2Jb\\x9bc\n'
    """
    if text.isprintable():
        return text
    return text.translate(_CONTROL_PICTURES)


def summary(d: Dispatch) -> list[tuple[str, str]]:
    """The parsed fields as (name, value) rows."""
    dl = d.dateline
    return [
        ("site", d.site or "—"),
        ("headline", d.headline or "—"),
        ("byline", d.byline or "—"),
        ("standfirst", d.standfirst or "—"),
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
    """The page part by part: coloured on a terminal, ``[kind]`` labels otherwise. The page's own
    control characters are made inert (:func:`inert`) in both modes."""
    lines = [f"{name:<12} {inert(value)}" for name, value in summary(d)]
    lines.append("")
    for part in _selected(d, only):
        text = inert(d.source[part.span.start : part.span.end])
        if colour:
            lines.append(f"\x1b[{_ANSI[part.kind]}m{text}\x1b[0m  \x1b[90m[{_label(d, part)}]\x1b[0m")
        else:
            lines.append(f"[{_label(d, part)}] {text}")
    return "\n".join(lines)


_CSS = (
    ".wireparse-dispatch{font-family:sans-serif;font-size:13px;line-height:1.4;max-width:60em}"
    ".wireparse-dispatch table.wp-fields{border-collapse:collapse;margin-bottom:8px}"
    ".wireparse-dispatch table.wp-fields th,.wireparse-dispatch table.wp-fields td"
    "{text-align:left;vertical-align:top;padding:1px 10px 1px 0;border:none}"
    ".wireparse-dispatch table.wp-fields th.wp-sub{padding-left:1.5em;font-weight:normal;color:#555}"
    ".wireparse-dispatch .wp-page{border:1px solid #ddd;padding:6px}"
    ".wireparse-dispatch .wp-part{display:block;margin:0 0 6px 0;padding:3px 6px;border-radius:3px;"
    "white-space:pre-wrap;font-family:monospace}"
    ".wireparse-dispatch .wp-boilerplate{border:1px dashed #aaa;color:#555}"
    ".wireparse-dispatch .wp-paragraph{border-left:3px solid #7aa7d6}"
    ".wireparse-dispatch .wp-kind{display:inline-block;font-family:sans-serif;font-size:10px;"
    "color:#333;background:#fff;border:1px solid #bbb;border-radius:3px;padding:0 4px;margin-right:6px}"
)


def to_html(d: Dispatch) -> str:
    """The page for a notebook: a table of the parsed fields (sub-fields indented), a legend, then
    the page part by part, each part a block of its own that names its kind (a boilerplate block
    its kind and heading), paragraphs marked and numbered, boilerplate blocks framed apart.

    Every piece of page text is HTML-escaped, so markup inside a page (``<script>``) renders inert.
    """
    esc = html.escape
    rows = []
    for k, v in summary(d):
        sub = k.startswith(" ")
        cls = " class='wp-sub'" if sub else ""
        rows.append(f"<tr><th{cls}>{esc(k.strip())}</th><td>{esc(v)}</td></tr>")
    legend = " ".join(
        f"<span class='wp-legend' style='background:{c};padding:0 4px;border:1px solid #ccc'>{esc(k)}</span>"
        for k, c in _HTML_COLOURS.items()
    )
    pieces = []
    for part in d.parts:
        label = _label(d, part)
        if part.kind == "paragraph":
            label = f"paragraph {part.index + 1}"
        elif part.kind == "boilerplate":
            heading = d.boilerplate[part.index].heading
            if heading:
                label = f"{label}: {heading}"
        text = esc(d.source[part.span.start : part.span.end])
        colour = _HTML_COLOURS.get(part.kind, "#ffffff")
        kind = esc(part.kind)
        pieces.append(
            f"<span class='wp-part wp-{kind}' title='{esc(label)}' style='background:{colour}'>"
            f"<span class='wp-kind'>{esc(label)}</span>{text}</span>"
        )
    page = "".join(pieces)
    return (
        f"<div class='wireparse-dispatch'><style>{_CSS}</style>"
        f"<table class='wp-fields'>{''.join(rows)}</table><div style='margin:6px 0'>{legend}</div>"
        f"<div style='white-space:normal' class='wp-page'>{page}</div></div>"
    )
