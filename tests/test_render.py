"""The views of a parsed page: notebook HTML, terminal text, the short repr."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest

import wireparse
from wireparse import render
from wireparse.cli import demo_page


def test_html_view_shows_every_part_kind_once_per_part_and_the_fields() -> None:
    d = wireparse.parse(demo_page())
    out = d._repr_html_()
    for kind in ("site", "headline", "byline", "dateline", "paragraph", "boilerplate", "rights"):
        assert out.count(f"wp-part wp-{kind}'") == sum(1 for p in d.parts if p.kind == kind), kind
    assert "Innsbruck" in out and "Agence France-Presse" in out
    # the page text is all there, in order, once the markup is stripped
    text = html.unescape("".join(part.split(">", 1)[-1] for part in out.split("<div style='white-space")[1:]))
    assert "A three-year survey" in text


def test_html_view_escapes_page_content() -> None:
    page = (
        "Site - Tagline\nA <b>bold</b> headline\n\nPARIS (AFP) - Officials said <script>alert(1)</script> "
        "on Monday that the plan & its budget would go ahead.\n"
    )
    out = wireparse.parse(page)._repr_html_()
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp; its budget" in out


def test_terminal_view_plain_and_coloured() -> None:
    d = wireparse.parse(demo_page())
    plain = render.to_text(d)
    assert "[dateline] Innsbruck, Apr 3 (AFP) Apr 04, 2024" in plain and "\x1b[" not in plain
    coloured = render.to_text(d, colour=True, only=["body"])
    assert "\x1b[" in coloured and "[boilerplate" not in coloured


def test_summary_rows_name_the_fields() -> None:
    rows = dict(render.summary(wireparse.parse(demo_page())))
    assert rows["  city"] == "Innsbruck" and rows["  agency"] == "AFP" and rows["published"] == "2024-04-04"


def test_html_view_names_each_part_in_the_open_and_keeps_blocks_apart() -> None:
    d = wireparse.parse(demo_page())
    out = d._repr_html_()
    # every part is a block of its own that says what it is: no hover needed
    assert out.count("<span class='wp-kind'>") == len(d.parts)
    assert "<span class='wp-kind'>paragraph 1</span>" in out
    assert f"<span class='wp-kind'>paragraph {len(d.paragraphs)}</span>" in out
    for block in d.boilerplate:
        label = f"boilerplate:{block.kind}" + (f": {block.heading}" if block.heading else "")
        assert f"<span class='wp-kind'>{html.escape(label)}</span>" in out
    # the field table: values left-aligned, the dateline's sub-fields indented
    assert "text-align:left" in out and "<th class='wp-sub'>city</th>" in out


def test_the_notebook_view_renders_in_a_real_browser(tmp_path: Path) -> None:
    """Headless Chromium renders the view to a PNG (skipped where no Chromium is installed)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    screenshot_views = pytest.importorskip("screenshot_views")
    if screenshot_views.chromium() is None:
        pytest.skip("no Chromium on PATH (apt-get install chromium)")
    out = tmp_path / "view.png"
    screenshot_views.screenshot(wireparse.parse(demo_page())._repr_html_(), out, size="600,400")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000  # a picture, not a blank page


def test_the_show_screenshot_script_turns_ansi_colours_into_html() -> None:
    import importlib.util  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    path = Path(__file__).resolve().parent.parent / "scripts" / "screenshot_views.py"
    spec = importlib.util.spec_from_file_location("screenshot_views", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = module.ansi_to_html("\x1b[36mRiga <b>\x1b[0m plain \x1b[1;31mbold red\x1b[0m")
    assert out == (
        '<span style="color:#00838f">Riga &lt;b&gt;</span> plain '
        '<span style="font-weight:bold;color:#c62828">bold red</span>'
    )
    page = module.show_html()
    assert "\x1b" not in page and "[headline]" in page and "<span" in page


def test_show_colours_boilerplate_without_faint() -> None:
    """Boilerplate and the kind labels are grey (SGR 90), not faint (SGR 2), which many terminals
    do not render: boilerplate stays apart from the body there too."""
    import wireparse  # noqa: PLC0415
    from wireparse import render  # noqa: PLC0415
    from wireparse.cli import demo_page  # noqa: PLC0415

    text = render.to_text(wireparse.parse(demo_page()), colour=True)
    assert "\x1b[2m" not in text
    assert "\x1b[90mADVERTISEMENT\x1b[0m" in text and "\x1b[90m[boilerplate:advertisement]" in text
