"""wireparse beside trafilatura, in the same run — run on demand, prints medians and ratios.

    pip install -e '.[bench]'                         # trafilatura (and the HTML extra)
    python benchmarks/bench_compare.py                # every workload
    python benchmarks/bench_compare.py --only seed    # one: seed, html, short
    python benchmarks/bench_compare.py --rounds 11

Workloads (each parsed whole, once a round):

* ``seed``: the seed page (``../shared/corpus/seed``; the bundled demo page when absent) as text for
  wireparse, and as the HTML a site would serve it (headline in ``<h1>``, paragraphs in ``<p>``) for
  trafilatura, which takes no plain text;
* ``html``: the pages of ``../shared/corpus/aeb-html`` (real HTML), the same bytes for both;
* ``short``: pages of short lines (20,000 lines of one to three words), as text for wireparse and
  as ``<br>``-separated HTML for both.

trafilatura runs as a user who wants what wireparse returns would run it: metadata and JSON
(``trafilatura.extract(page, output_format="json", with_metadata=True)``). The two tools alternate
round by round (wireparse, trafilatura, wireparse, …) so that a busy machine slows both alike; each
round's time is this process's CPU time (``time.process_time``). Printed: each tool's median
pages/s and the median of the per-round ratios (wireparse's speed over trafilatura's).
"""

from __future__ import annotations

import argparse
import gzip
import html
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import wireparse
from wireparse.cli import demo_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def seed_text() -> str:
    seed = CORPUS / "seed" / "spacewar-2021-12-01-ukraine-talks.txt"
    return seed.read_text(encoding="utf-8") if seed.exists() else demo_page()


def as_html(text: str) -> str:
    """A text page as the HTML a site would serve: first line the title and ``<h1>``, blocks ``<p>``."""
    blocks = [b.strip() for b in text.split("\n\n") if b.strip()]
    title = html.escape(blocks[0].splitlines()[0]) if blocks else ""
    body = "".join(f"<p>{html.escape(b)}</p>\n" for b in blocks[1:])
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1>\n{body}</article></body></html>"
    )


def short_lines(n: int = 20_000) -> str:
    words = ("Home", "News", "Sport", "World", "Share this", "Login", "Next page", "Top")
    return "\n".join(words[i % len(words)] for i in range(n)) + "\n"


def html_pages() -> list[bytes]:
    folder = CORPUS / "aeb-html"
    pages = []
    for path in sorted(folder.glob("*.html*")):
        data = path.read_bytes()
        pages.append(gzip.decompress(data) if path.suffix == ".gz" else data)
    return pages


def _round(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def compare(
    name: str, ours: Callable[[], object], theirs: Callable[[], object], pages: int, rounds: int
) -> None:
    ours()
    theirs()  # warm both: imports, compiled patterns, caches
    a: list[float] = []
    b: list[float] = []
    for _ in range(rounds):
        a.append(_round(ours))
        b.append(_round(theirs))
    ratio = statistics.median(tb / ta for ta, tb in zip(a, b, strict=True) if ta > 0)
    rate_a = pages / statistics.median(a)
    rate_b = pages / statistics.median(b)
    print(
        f"{name:<44} wireparse {rate_a:8,.1f} pages/s   trafilatura {rate_b:8,.1f} pages/s   "
        f"ratio {ratio:5.2f}x  (median of {rounds} alternating rounds)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=("seed", "html", "short"))
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args(argv)
    try:
        import trafilatura  # noqa: PLC0415
    except ImportError as err:
        print(f"trafilatura is not importable ({err}): pip install -e '.[bench]'", file=sys.stderr)
        return 2

    def traf(pages: Sequence[str | bytes]) -> Callable[[], object]:
        return lambda: [trafilatura.extract(p, output_format="json", with_metadata=True) for p in pages]

    def ours(pages: Sequence[str | bytes]) -> Callable[[], object]:
        return lambda: [wireparse.parse(p) for p in pages]

    if args.only in (None, "seed"):
        text = seed_text()
        reps = 20  # rounds long enough to time
        compare(
            f"seed page ({len(text):,} chars), text / HTML",
            ours([text] * reps),
            traf([as_html(text)] * reps),
            reps,
            args.rounds,
        )
    if args.only in (None, "html"):
        pages = html_pages()
        if pages:
            size = sum(map(len, pages)) / len(pages) / 1024
            compare(
                f"aeb-html, {len(pages)} real pages (~{size:,.0f} KB)",
                ours(pages),
                traf(pages),
                len(pages),
                max(args.rounds // 2, 3),
            )
        else:
            print("aeb-html: corpus absent, skipped")
    if args.only in (None, "short"):
        text = short_lines()
        markup = "<html><body><p>" + text.replace("\n", "<br>\n") + "</p></body></html>"
        lines = f"short lines ({text.count(chr(10)):,})"
        compare(f"{lines}, text / HTML", ours([text]), traf([markup]), 1, args.rounds)
        compare(f"{lines}, HTML / HTML", ours([markup]), traf([markup]), 1, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
