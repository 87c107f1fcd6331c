"""Throughput of ``wireparse.parse`` — run on demand, prints medians and ratios.

    python benchmarks/bench_parse.py                 # everything
    python benchmarks/bench_parse.py --only seed     # one section: seed, sizes, corpus, dateline

Sections:

* ``seed``: pages/s for the seed page (``../shared/corpus/seed``; the bundled demo page when absent),
  median of several timed rounds on one core.
* ``sizes``: pages of about 1 KB, 100 KB, 1 MB and 10 MB built from the demo page's paragraphs; the
  per-byte cost of each relative to the seed's (a ratio near 1 means linear cost).
* ``corpus``: pages/s over the labelled pages of ``../shared/corpus/reuters-pages``.
* ``dateline``: dateline lines/s through ``wireparse.parse_dateline``.

Time is this process's CPU time (``time.process_time``), so that other work on a shared machine
disturbs the figures less; a machine that is busy still slows every figure somewhat.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from _build import build

import wireparse
from wireparse.cli import demo_page

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def median_rate(work: Callable[[], object], items: int, rounds: int = 7, min_time: float = 0.3) -> float:
    """Median items/s over ``rounds`` timed rounds, each repeating ``work`` for at least ``min_time``."""
    rates = []
    for _ in range(rounds):
        n = 0
        start = time.process_time()
        while True:
            work()
            n += 1
            elapsed = time.process_time() - start
            if elapsed >= min_time:
                break
        rates.append(n * items / elapsed)
    return statistics.median(rates)


def seed_page() -> str:
    seed = CORPUS / "seed" / "spacewar-2021-12-01-ukraine-talks.txt"
    return seed.read_text(encoding="utf-8") if seed.exists() else demo_page()


def bench_seed() -> float:
    page = seed_page()
    wireparse.parse(page)
    rate = median_rate(lambda: wireparse.parse(page), 1)
    print(f"seed page ({len(page):,} chars): {rate:,.0f} pages/s  ({1e6 / rate:,.0f} µs/page), median of 7")
    return rate


def sized_page(target: int) -> str:
    page = demo_page()
    head, _, rest = page.partition("A three-year survey")
    body = "A three-year survey" + rest.split("\n\n\nMore Earth")[0]
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    out = [head]
    size = len(head)
    i = 0
    while size < target:
        p = paragraphs[i % len(paragraphs)]
        out.append(p + "\n\n")
        size += len(p) + 2
        i += 1
    return "".join(out)


def bench_sizes(seed_rate: float) -> None:
    seed = seed_page()
    seed_cost = 1 / (seed_rate * len(seed))
    for label, target in (("1 KB", 1_000), ("100 KB", 100_000), ("1 MB", 1_000_000), ("10 MB", 10_000_000)):
        page = sized_page(target)
        rounds = 7 if target <= 1_000_000 else 3
        rate = median_rate(lambda page=page: wireparse.parse(page), 1, rounds=rounds, min_time=0.2)
        cost = 1 / (rate * len(page))
        print(
            f"{label:>6} page: {rate:,.2f} pages/s, {len(page) * rate / 1e6:,.2f} MB/s, "
            f"per-byte cost {cost / seed_cost:.2f}x the seed's"
        )


def bench_corpus() -> None:
    folder = CORPUS / "reuters-pages"
    if not folder.exists():
        print("corpus: ../shared/corpus/reuters-pages is absent, skipped")
        return
    pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]

    def run() -> None:
        for page in pages:
            wireparse.parse(page)

    rate = median_rate(run, len(pages), rounds=3, min_time=0.0)
    print(f"reuters-pages ({len(pages)} pages): {rate:,.0f} pages/s, median of 3")


def bench_dateline() -> None:
    lines = [
        "LOUISVILLE, Ky., Feb 26 (Reuters) - Brown-Forman Inc said its board approved a split.",
        "Riga, Dec 1 (AFP) Dec 01, 2021",
        "(ANSA) - ROMA, 16 APR - Il governo ha approvato il decreto.",
        "New Delhi, Sep 20 (PTI) The government on Friday said it would review the rules.",
        "The council voted on Tuesday to approve the budget for the coming year.",
    ]

    def run() -> None:
        for line in lines:
            wireparse.parse_dateline(line)

    rate = median_rate(run, len(lines))
    print(f"parse_dateline: {rate:,.0f} lines/s ({1e6 / rate:,.1f} µs/line), median of 7")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", choices=["seed", "sizes", "corpus", "dateline"])
    args = ap.parse_args()
    print(f"wireparse build: {build()}")
    rate = bench_seed() if args.only in (None, "seed", "sizes") else 0.0
    if args.only in (None, "sizes"):
        bench_sizes(rate)
    if args.only in (None, "corpus"):
        bench_corpus()
    if args.only in (None, "dateline"):
        bench_dateline()


if __name__ == "__main__":
    main()
