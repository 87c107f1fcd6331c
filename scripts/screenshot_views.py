"""Render the views of the demo page to PNGs with headless Chromium (for docs/images).

    python scripts/screenshot_views.py docs/images/notebook-view.png             # the notebook view
    python scripts/screenshot_views.py --show docs/images/show-view.png          # wireparse show

``--show`` renders what ``wireparse show --colour always`` prints for the demo page, its ANSI
colours turned into HTML spans, in a terminal-like box.

Needs Chromium (Debian: ``apt-get install chromium``); the page is the bundled demo page.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import wireparse
from wireparse import render
from wireparse.cli import demo_page

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)  # fmt: skip


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def screenshot(html_text: str, out: Path, size: str = "900,860") -> None:
    browser = chromium()
    if browser is None:
        raise SystemExit("no Chromium on PATH (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp, "view.html")
        page.write_text(f"<html><head><meta charset='utf-8'></head><body>{html_text}</body></html>", "utf-8")
        subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={tmp}/profile", f"--window-size={size}",
             f"--screenshot={out.resolve()}", page.as_uri()],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip


_SGR = re.compile("\x1b\\[([0-9;]*)m")
_COLOURS = {
    "30": "#000", "31": "#c62828", "32": "#2e7d32", "33": "#b58900", "34": "#1565c0",
    "35": "#8e24aa", "36": "#00838f", "37": "#ddd", "90": "#8a8a8a", "91": "#ef5350",
    "92": "#66bb6a", "93": "#fdd835", "94": "#42a5f5", "95": "#ba68c8", "96": "#26c6da",
}  # fmt: skip


def ansi_to_html(text: str) -> str:
    """Terminal text with SGR colour codes as HTML (foreground colours, bold, faint, reset)."""
    out: list[str] = []
    open_spans = 0
    pos = 0
    for m in _SGR.finditer(text):
        out.append(html.escape(text[pos : m.start()]))
        pos = m.end()
        codes = m.group(1).split(";") if m.group(1) else ["0"]
        if "0" in codes:
            out.append("</span>" * open_spans)
            open_spans = 0
        style = ";".join(
            f"color:{_COLOURS[c]}" if c in _COLOURS else "font-weight:bold" if c == "1" else "opacity:0.7"
            for c in codes
            if c in _COLOURS or c in ("1", "2")
        )
        if style:
            out.append(f'<span style="{style}">')
            open_spans += 1
    out.append(html.escape(text[pos:]))
    out.append("</span>" * open_spans)
    return "".join(out)


def show_html() -> str:
    """``wireparse show --colour always`` of the demo page, as a terminal-like HTML block."""
    body = ansi_to_html(render.to_text(wireparse.parse(demo_page()), colour=True))
    return (
        '<pre style="background:#1e1e1e;color:#ddd;padding:14px;font:13px/1.45 monospace;'
        f'white-space:pre-wrap;margin:0">{body}</pre>'
    )


def main(argv: list[str]) -> int:
    show = "--show" in argv
    argv = [a for a in argv if a != "--show"]
    default = "docs/images/show-view.png" if show else "docs/images/notebook-view.png"
    out = Path(argv[0] if argv else default)
    out.parent.mkdir(parents=True, exist_ok=True)
    if show:
        screenshot(show_html(), out, size="900,720")
    else:
        screenshot(wireparse.parse(demo_page())._repr_html_(), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
