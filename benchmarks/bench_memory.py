"""Memory of ``wireparse.parse`` over many pages: peak RSS must stay flat, not grow with the count.

    python benchmarks/bench_memory.py                  # 100,000 pages, checkpoints at 10k, 50k, 100k
    python benchmarks/bench_memory.py --pages 20000    # fewer pages (checkpoints scale with it)

The pages cycle through a handful generated here: the bundled demo page, the same page with CRLF line
ends and no-break spaces, as Windows-1252 bytes, as UTF-16 bytes with a BOM, a page of boilerplate, a
page of repeated dateline prefixes and one long line. Each record is dropped before the next parse, so
peak RSS (``resource.getrusage``, in MB) should reach its level within the first pages and stay there;
growth between the first and the last checkpoint means something keeps every page alive (a cache keyed
by the page, a leak in an extension). The script exits 1 when peak RSS grows by more than
``--max-growth`` MB (default 5) from the first checkpoint to the last.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time

import wireparse
from wireparse.cli import demo_page


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb() -> float | None:
    """Current resident set size in MB, where ``/proc`` tells it (Linux), else None."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * resource.getpagesize() / (1024 * 1024)


def pages() -> list[str | bytes]:
    demo = demo_page()
    return [
        demo,
        demo.replace("\n", "\r\n").replace(" (AFP) ", "\u00a0(AFP)\u00a0"),
        demo.replace("Innsbruck", "Zürich").replace("said", "said \u201cyes\u201d").encode("cp1252"),
        demo.encode("utf-16"),
        "ADVERTISEMENT\nMost Read\nShare this article\n\n" * 10 + demo,
        "PARIS, Dec 1 (\n" * 20 + demo,
        " ".join(demo.split()) * 2,
    ]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--pages", type=int, default=100_000, help="how many pages to parse (default 100,000)")
    ap.add_argument("--max-growth", type=float, default=5.0, help="allowed peak RSS growth in MB (default 5)")
    args = ap.parse_args()
    n = args.pages
    checkpoints = sorted({max(1, n // 10), max(1, n // 2), n})
    cycle = pages()
    for page in cycle:  # load the tables and compile the patterns before the first figure
        wireparse.parse(page)
    gc.collect()
    print(f"parsing {n:,} pages, cycling {len(cycle)} generated ones; peak RSS now {peak_rss_mb():.1f} MB")
    figures: list[tuple[int, float]] = []
    start = time.perf_counter()
    for i in range(1, n + 1):
        d = wireparse.parse(cycle[i % len(cycle)])
        del d
        if i in checkpoints:
            peak = peak_rss_mb()
            now = current_rss_mb()
            figures.append((i, peak))
            current = f", current {now:.1f} MB" if now is not None else ""
            rate = i / (time.perf_counter() - start)
            print(f"{i:>9,} pages: peak RSS {peak:.1f} MB{current}  ({rate:,.0f} pages/s)", flush=True)
    growth = figures[-1][1] - figures[0][1]
    print(f"growth from {figures[0][0]:,} to {figures[-1][0]:,} pages: {growth:+.1f} MB")
    if growth > args.max_growth:
        print(f"FAIL: peak RSS grew by more than {args.max_growth} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
