"""Render the notebook view of the demo page to a PNG with headless Chromium (for docs/images).

    python scripts/screenshot_views.py docs/images/notebook-view.png

Needs Chromium (Debian: ``apt-get install chromium``); the page is the bundled demo page.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import wireparse
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


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "docs/images/notebook-view.png")
    out.parent.mkdir(parents=True, exist_ok=True)
    screenshot(wireparse.parse(demo_page())._repr_html_(), out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
