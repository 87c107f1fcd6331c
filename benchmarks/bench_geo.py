"""Cost of resolving datelines to places (``wireparse.geo``) — run on demand, prints medians.

    python benchmarks/bench_geo.py                  # everything
    python benchmarks/bench_geo.py --rounds 9       # more rounds for each median

What it prints:

* ``load``: the time to read ``tables/gazetteer.tsv`` (``geo.gazetteer()``, done once per process on
  the first dateline) and the memory it adds (peak RSS of a fresh interpreter before and after),
  median over fresh interpreters;
* ``resolve``: µs per call of ``geo.resolve(city, region)`` over the datelines of
  ``../shared/corpus/reuters-pages`` (their printed city and region, as the parser found them; a
  built-in list of datelines when the corpus is absent), the gazetteer already loaded;
* ``is_place``: µs per call of the recognition test the dateline grammar asks of a candidate place;
* ``seed``: the seed page's pages/s (as ``bench_parse.py --only seed`` prints it), to set beside the
  same figure from a checkout before ``wireparse.geo`` (``farm-bench`` for the pairwise ratio).

Time is this process's CPU time (``time.process_time``); the machine is shared, so quote medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench_parse import bench_seed

import wireparse
from wireparse import geo

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "reuters-pages"

FALLBACK = [
    ("LONDON", None),
    ("Paris", "Texas"),
    ("LOUISVILLE", "Ky."),
    ("KABUL/PESHAWAR", None),
    ("Nairobi", "Kenya"),
    ("Londres", None),
    ("SAO PAULO", None),
    ("Portland", "Maine"),
    ("Riga", None),
    ("WASHINGTON", None),
]

_LOAD = """
import json, resource, time
from wireparse import geo
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.process_time()
geo.gazetteer()
seconds = time.process_time() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "kib": after - before}))
"""


def datelines() -> list[tuple[str, str | None]]:
    """(city, region) of every dateline the parser finds in reuters-pages, else the fallback list."""
    if not CORPUS.is_dir():
        return FALLBACK
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        d = wireparse.parse(path.read_text(encoding="utf-8", errors="replace"))
        if d.dateline is not None and d.dateline.city:
            found.append((d.dateline.city, d.dateline.region))
    return found or FALLBACK


def bench_load(rounds: int) -> None:
    runs = []
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    seconds = statistics.median(r["seconds"] for r in runs)
    mib = statistics.median(r["kib"] for r in runs) / 1024
    size = (Path(geo.__file__).parent / "tables" / geo.GAZETTEER).stat().st_size / 2**20
    print(
        f"load: gazetteer.tsv ({size:.1f} MB) read in {seconds * 1000:,.0f} ms, "
        f"+{mib:,.0f} MB peak RSS, median of {rounds} fresh interpreters"
    )


def per_call(
    label: str, work: list[tuple[str, str | None]], fn: Callable[[str, str | None], object], rounds: int
) -> None:
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for city, region in work:
            fn(city, region)
        times.append((time.process_time() - start) / len(work))
    print(
        f"{label}: {statistics.median(times) * 1e6:,.1f} µs a call over {len(work):,} datelines, "
        f"median of {rounds}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    bench_load(args.rounds)
    work = datelines()
    geo.gazetteer()
    resolved = sum(geo.resolve(c, r) is not None for c, r in work)
    print(f"datelines: {len(work):,} ({resolved:,} resolved)")
    per_call("resolve", work, geo.resolve, args.rounds)
    per_call("is_place", work, lambda city, _region: geo.is_place(city), args.rounds)
    bench_seed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
