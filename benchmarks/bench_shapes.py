"""Memory and time per byte of ``wireparse.parse`` on pages of every shape — run on demand.

    python benchmarks/bench_shapes.py                # every shape, at the default sizes
    python benchmarks/bench_shapes.py --scale 0.1    # a tenth of the sizes (a quick look)
    python benchmarks/bench_shapes.py --lines 10000,100000,1000000   # short lines, by count

Each page is parsed in a fresh interpreter, so that its peak memory is its own: the figure printed is
the peak RSS the parse added over the interpreter with wireparse imported and warmed up on a small
page (``resource.getrusage``), divided by the page's size in bytes (UTF-8), and the parse's CPU time
(``time.process_time``) per byte, beside the seed page's time per byte from the same run. The
shapes are those the reliability issue named: one-character lines, a paragraph of ``<br>``-split
short lines, unclosed ``<li>`` items, and, for scale, the seed page repeated to about 1 MB and one
long line. The goals: peak memory at most 30 times the page, and no page of short lines over 3
times the seed's time per byte.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "spacewar-2021-12-01-ukraine-talks.txt"

_CHILD = r"""
import json, resource, sys, time
import wireparse
from wireparse.cli import demo_page

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

kind, n, seed_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seed = open(seed_path, encoding="utf-8").read() if seed_path != "-" else demo_page()
if kind == "one-char lines":
    page = "x\n" * n
elif kind == "<br> lines":
    page = "<html><body><p>" + "ab<br>" * n + "</p></body></html>"
elif kind == "unclosed <li>":
    page = "<html><body><ul>" + "<li>item " * n + "</ul></body></html>"
elif kind == "seed repeated":
    page = (seed + "\n\n") * n
elif kind == "one long line":
    page = "word " * n
else:
    page = seed
wireparse.parse(seed)
wireparse.parse(seed)
base = peak()
start = time.process_time()
wireparse.parse(page)
seconds = time.process_time() - start
print(json.dumps({"bytes": len(page.encode("utf-8")), "added": peak() - base, "seconds": seconds}))
"""

SHAPES = (
    ("seed", 1),
    ("seed repeated", 300),
    ("one long line", 200_000),
    ("one-char lines", 100_000),
    ("<br> lines", 40_000),
    ("unclosed <li>", 20_000),
)
SHORT_LINES = ("one-char lines", "<br> lines", "unclosed <li>")
"""The shapes whose size is a count of lines (``--lines``): text, and HTML both ways."""


def run(kind: str, n: int) -> dict[str, float]:
    seed = str(SEED) if SEED.exists() else "-"
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(n), seed], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every page's size by this")
    ap.add_argument(
        "--lines",
        help="comma-separated line counts: the pages of short lines at each count (instead of --scale)",
    )
    args = ap.parse_args(argv)
    if args.lines:
        counts = [int(x) for x in args.lines.split(",")]
        shapes = [("seed", 1)] + [(k, n) for k in SHORT_LINES for n in counts]
    else:
        shapes = [(k, max(1, int(n * args.scale))) for k, n in SHAPES]
    seed = run("seed", 1)
    seed_rate = seed["seconds"] / seed["bytes"]
    print(
        f"{'page':<16} {'lines':>9} {'size':>10} {'peak added':>11} {'x page':>7} {'µs/KB':>8} {'x seed':>7}"
    )
    for kind, n in shapes:
        r = seed if kind == "seed" else run(kind, n)
        per_byte = r["seconds"] / r["bytes"]
        count = f"{n:,}" if kind in SHORT_LINES else ""
        print(
            f"{kind:<16} {count:>9} {r['bytes'] / 1e6:8.2f} MB {r['added'] / 1e6:8.1f} MB "
            f"{r['added'] / r['bytes']:6.0f}x {per_byte * 1e9:8.0f} {per_byte / seed_rate:6.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
