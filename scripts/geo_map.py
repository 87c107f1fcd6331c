"""Draw the dispatches of a corpus on a world map, by the place their dateline resolves to.

    python scripts/geo_map.py ../shared/corpus/reuters-pages -o docs/images/dispatch-map.svg
    python scripts/geo_map.py pages/ --title "My crawl" --labels 15 -o map.svg

Every page (``*.txt``, ``*.html``, compressed or not) is parsed; each dateline whose place
``wireparse.geo`` resolves adds one dispatch to that place. Places are circles whose area follows
the number of dispatches, the most frequent ones labelled. The land is suggested, with no map data
beyond the gazetteer itself, by a faint dot for every city of the gazetteer of 200,000 people or
more. The output is a self-contained SVG (plain equirectangular projection), with no dependency.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from html import escape
from pathlib import Path

import wireparse
from wireparse import geo
from wireparse.compress import read_page_file

WIDTH, HEIGHT = 1000, 420
TOP, BOTTOM = 84.0, -60.0  # latitudes shown (no dispatch comes from nearer the poles)
BACKGROUND_POPULATION = 200_000
SUFFIXES = (".txt", ".html", ".htm")


def _xy(lat: float, lon: float) -> tuple[float, float]:
    return (lon + 180) / 360 * WIDTH, (TOP - lat) / (TOP - BOTTOM) * HEIGHT


def _pages(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and any(s in p.name for s in SUFFIXES) and not p.name.endswith(".json")
    )


def count_places(paths: list[Path]) -> tuple[Counter[tuple[str, float, float]], int, int]:
    """(dispatches per (name, lat, lon), pages with a dateline, pages)."""
    places: Counter[tuple[str, float, float]] = Counter()
    with_dateline = 0
    for path in paths:
        d = wireparse.parse(read_page_file(path))
        if d.dateline is None:
            continue
        with_dateline += 1
        place = d.dateline.place
        if place is not None:
            places[(place.name, place.latitude, place.longitude)] += 1
    return places, with_dateline, len(paths)


def svg(places: Counter[tuple[str, float, float]], title: str, labels: int) -> str:
    g = geo.gazetteer()
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 40}" '
        'font-family="sans-serif">',
        f'<rect width="{WIDTH}" height="{HEIGHT + 40}" fill="#f7f9fc"/>',
    ]
    for lon in range(-180, 181, 30):
        x, _ = _xy(0, lon)
        out.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{HEIGHT}" stroke="#e3e8ef"/>')
    for lat in range(-60, 91, 30):
        _, y = _xy(lat, 0)
        out.append(f'<line x1="0" y1="{y:.1f}" x2="{WIDTH}" y2="{y:.1f}" stroke="#e3e8ef"/>')
    dots = []
    for i in range(len(g)):
        row = g.row(i)
        if row.kind == "city" and row.population >= BACKGROUND_POPULATION:
            x, y = _xy(row.latitude, row.longitude)
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.2"/>')
    out.append(f'<g fill="#c8d1dc">{"".join(dots)}</g>')
    top = max(places.values(), default=1)
    out.append('<g fill="#d9480f" fill-opacity="0.55" stroke="#9c2f00" stroke-width="0.6">')
    for (name, lat, lon), n in sorted(places.items(), key=lambda kv: -kv[1]):
        x, y = _xy(lat, lon)
        r = 2.5 + 16 * math.sqrt(n / top)
        tip = f"<title>{escape(name)}: {n}</title>"
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}">{tip}</circle>')
    out.append("</g>")
    out.append('<g font-size="11" fill="#222">')
    taken: list[tuple[float, float, float]] = []  # (x, y, width) of the labels placed
    for (name, lat, lon), n in places.most_common():
        if len(taken) == labels:
            break
        text = f"{name} ({n})"
        x, y = _xy(lat, lon)
        x, y, w = x + 5, y - 5, 6.2 * len(text)
        if any(abs(y - ty) < 13 and x < tx + tw and tx < x + w for tx, ty, tw in taken):
            continue  # it would cover a busier place's label
        taken.append((x, y, w))
        out.append(f'<text x="{x:.1f}" y="{y:.1f}">{escape(text)}</text>')
    out.append("</g>")
    total = sum(places.values())
    out.append(
        f'<text x="10" y="{HEIGHT + 26}" font-size="14" fill="#222">{escape(title)}: '
        f"{total:,} dispatches at {len(places):,} places</text>"
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--title", default=None, help="caption (default: the folder's name)")
    ap.add_argument("--labels", type=int, default=12, help="how many of the busiest places to name")
    args = ap.parse_args(argv)
    paths = _pages(args.folder)
    if not paths:
        print(f"{args.folder}: no pages", file=sys.stderr)
        return 2
    places, with_dateline, total = count_places(paths)
    args.output.write_text(svg(places, args.title or args.folder.name, args.labels), encoding="utf-8")
    resolved = sum(places.values())
    print(
        f"{total:,} pages, {with_dateline:,} with a dateline, {resolved:,} resolved to "
        f"{len(places):,} places: {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
