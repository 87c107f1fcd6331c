"""Throughput and memory of ``wireparse batch`` — run on demand, prints figures.

    python benchmarks/bench_batch.py                      # everything (a few minutes on 2 cores)
    python benchmarks/bench_batch.py --only scaling       # pages/s with --jobs 1 and --jobs 2
    python benchmarks/bench_batch.py --only memory        # peak RSS for 200,000 pages
    python benchmarks/bench_batch.py --only warc          # wireparse's reader, FastWARC, warcio

Sections:

* ``scaling``: ``wireparse batch`` on ``--pages`` (20,000) generated pages, run as a command with
  ``--jobs 1`` and then ``--jobs 2``; pages/s of each (best of ``--rounds``) and their ratio. The
  pages are our own generated texts of 2-4 KB, in one JSONL file (``--input files`` writes one
  file per page instead, ``--input wet`` a WET archive). Beside it, the machine's own ceiling:
  the same parse loop in one process, then in two independent processes at once (no pool, no
  traffic between them). On a shared or throttled machine the ceiling is below 2, and the ratio
  of ``wireparse batch`` should be read against it.
* ``memory``: peak resident memory of the whole process tree (the command and its workers, summed,
  sampled every 50 ms from ``/proc``) for ``--memory-pages`` (200,000) pages, with the peak at a
  tenth of that for comparison: flat memory means the two are close.
* ``warc``: records/s reading a 20,000-record WET archive (gzip and plain) with wireparse's own
  reader (:func:`wireparse.warc.read_archive`) and, where installed, FastWARC and warcio, payload
  included (``pip install fastwarc warcio`` for the comparison).

Figures go to standard output; nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import wireparse

fw: Any
wi: Any
try:  # writes the WET archives when installed, and is measured in the warc section
    import fastwarc.stream_io
    import fastwarc.warc as fw
except ImportError:
    fw = None
try:  # only for the comparison in the warc section
    import warcio.archiveiterator as wi
except ImportError:
    wi = None

CITIES = ["PORTBURY", "Lanholm", "EASTMERE", "Valdora", "KESTRIN", "Moravel", "Tillsford", "ORLANE"]
AGENCIES = ["AFP", "Reuters", "AP", "dpa", "Xinhua", "UPI", "EFE", "ANSA"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
SUBJECTS = [
    "The harbour council",
    "A regional water board",
    "The ferry operator",
    "Local growers",
    "The city museum",
    "A team of surveyors",
    "The rail authority",
    "Volunteers at the depot",
]
VERBS = ["approved", "postponed", "announced", "reviewed", "opened", "rejected", "funded", "inspected"]
OBJECTS = [
    "a plan to rebuild the north pier",
    "new tide gauges along the coast",
    "a winter timetable",
    "repairs to the old grain store",
    "a survey of the river banks",
    "a study of night traffic",
    "a bid to restore the lighthouse",
    "an extension of the cycle lanes",
]
TAILS = [
    "officials said on Tuesday.",
    "according to a statement.",
    "after a long debate.",
    "despite objections from residents.",
    "ahead of the spring season.",
    "the mayor told reporters.",
]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}, {rng.choice(TAILS)}"


def make_page(i: int, rng: random.Random) -> str:
    """An invented wire story of 2-4 KB: banner, headline, byline, dateline, body, sidebar, notice."""
    city, agency, month = rng.choice(CITIES), rng.choice(AGENCIES), rng.choice(MONTHS)
    day = rng.randint(1, 28)
    body = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 9))]
    lines = [
        "HarbourWire.example - Coastal News Every Day",
        f"{sentence(rng)[:-1].split(',')[0]} (story {i})",
        "by Staff Writers",
        f"{city}, {month} {day} ({agency}) {month} {day:02d}, 2023",
        *body[:3],
        "ADVERTISEMENT",
        *body[3:],
        "",
        "More Coastal News from HarbourWire.example",
        sentence(rng)[:60],
        sentence(rng)[:60],
        "",
        f"All rights reserved. Copyright {agency} 2023.",
        "HarbourWire.example | About | Privacy | Contact",
    ]
    return "\n\n".join(lines) + "\n"


def pages(n: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    rng = random.Random(seed)
    for i in range(n):
        yield f"page-{i:07d}", make_page(i, rng)


def write_input(folder: Path, n: int, kind: str) -> Path:
    if kind == "jsonl":
        path = folder / f"pages-{n}.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for pid, text in pages(n):
                f.write(json.dumps({"id": pid, "text": text}) + "\n")
        return path
    if kind == "files":
        path = folder / f"pages-{n}"
        for j, (pid, text) in enumerate(pages(n)):
            sub = path / f"{j // 1000:04d}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"{pid}.txt").write_text(text, encoding="utf-8")
        return path
    path = folder / f"pages-{n}.wet.gz"
    write_wet(path, pages(n))
    return path


def write_wet(path: Path, items: Iterator[tuple[str, str]]) -> None:
    """A WET archive of ``items``, one gzip member a record (with FastWARC if installed)."""
    if fw is None:
        with path.open("wb") as f:
            for i, (pid, text) in enumerate(items):
                body = text.encode("utf-8")
                head = (
                    "WARC/1.0\r\nWARC-Type: conversion\r\n"
                    f"WARC-Record-ID: <urn:uuid:{i:08d}-0000-4000-8000-000000000000>\r\n"
                    f"WARC-Target-URI: https://harbourwire.example/{pid}\r\n"
                    f"WARC-Date: 2023-06-01T12:00:00Z\r\nContent-Type: text/plain\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n"
                )
                f.write(gzip.compress(head.encode() + body + b"\r\n\r\n", mtime=0))
        return
    with path.open("wb") as f:
        for pid, text in items:
            record = fw.WarcRecord()
            record.init_headers(fw.WarcRecordType.conversion)
            record.headers["WARC-Target-URI"] = f"https://harbourwire.example/{pid}"
            record.headers["WARC-Date"] = "2023-06-01T12:00:00Z"
            record.headers["Content-Type"] = "text/plain"
            record.set_bytes_content(text.encode("utf-8"))
            writer = fastwarc.stream_io.GzipWriter(f)
            record.write(writer)
            writer.finish()


def tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants, from /proc (Linux)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total


def run_batch(inp: Path, out: Path, jobs: int, sample: bool = False) -> tuple[float, int, float]:
    """Seconds, peak tree RSS and CPU seconds (the command and its workers) of ``wireparse batch
    INPUT -o OUT --jobs N``."""
    if out.exists():
        out.unlink()
    cmd = [sys.executable, "-m", "wireparse", "batch", str(inp), "-o", str(out), "--jobs", str(jobs), "-q"]
    cmd += ["--id-field", "id"] if inp.suffix == ".jsonl" else []
    peak = 0
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    stop = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    if sample:
        watcher.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    stop.set()
    if sample:
        watcher.join()
    if code != 0:
        raise SystemExit(f"wireparse batch exited {code}")
    return elapsed, peak, cpu


def _parse_all(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        wireparse.parse(text)
    return time.perf_counter() - start


def ceiling(n: int = 3000) -> float:
    """How much faster two independent processes parse than one, on this machine, right now."""
    texts = [text for _, text in pages(n, seed=11)]
    ctx = multiprocessing.get_context()
    with ctx.Pool(1) as one:
        one.apply(_parse_all, (texts[:50],))  # warm up: tables loaded
        single = one.apply(_parse_all, (texts,))
    with ctx.Pool(2) as two:
        two.map(_parse_all, [texts[:50], texts[:50]])
        start = time.perf_counter()
        two.map(_parse_all, [texts, texts], chunksize=1)
        double = time.perf_counter() - start
    return 2 * single / double


def bench_scaling(tmp: Path, n: int, kind: str, rounds: int) -> None:
    inp = write_input(tmp, n, kind)
    times: dict[int, list[float]] = {1: [], 2: []}
    cpus: dict[int, list[float]] = {1: [], 2: []}
    ceilings = []
    for _ in range(rounds):
        ceilings.append(ceiling())
        for jobs in (1, 2):
            elapsed, _, cpu = run_batch(inp, tmp / "out.jsonl", jobs)
            times[jobs].append(elapsed)
            cpus[jobs].append(cpu)
    rates = {jobs: n / min(t) for jobs, t in times.items()}
    for jobs in (1, 2):
        best = min(times[jobs])
        print(
            f"--jobs {jobs}: {n:,} pages in {best:,.2f} s, {rates[jobs]:,.0f} pages/s (best of {rounds}); "
            f"CPU {min(cpus[jobs]) / n * 1e3:.2f} ms/page (command and workers)"
        )
    ratio = rates[2] / rates[1]
    print(f"ratio jobs 2 / jobs 1: {ratio:.2f}x  (cores: {os.cpu_count()}, input: {kind})")
    overhead = min(cpus[2]) / min(cpus[1])
    print(
        "CPU cost of --jobs 2 against --jobs 1 (pool, pickling, main process): "
        f"{overhead - 1:+.1%} a page, so at most {2 / overhead:.2f}x on two idle cores"
    )
    print(
        f"machine ceiling, two independent parse loops against one: {max(ceilings):.2f}x best, "
        f"{min(ceilings):.2f}x worst; wireparse batch reaches {ratio / max(ceilings):.0%} of the best"
    )


def bench_memory(tmp: Path, n: int, kind: str) -> None:
    for count in (n // 10, n):
        inp = write_input(tmp, count, kind)
        elapsed, peak, _ = run_batch(inp, tmp / "out.jsonl", 2, sample=True)
        size = (tmp / "out.jsonl").stat().st_size
        print(
            f"{count:,} pages, --jobs 2: peak RSS {peak / 2**20:,.0f} MiB (command + workers), "
            f"{elapsed:,.0f} s, output {size / 2**20:,.0f} MiB"
        )
        inp.unlink() if inp.is_file() else None


def bench_warc(tmp: Path, n: int) -> None:
    from wireparse import warc  # noqa: PLC0415

    gz = tmp / "bench.wet.gz"
    write_wet(gz, pages(n))
    plain = tmp / "bench.wet"
    plain.write_bytes(gzip.decompress(gz.read_bytes()))

    def with_fastwarc(path: Path) -> int:
        count = 0
        with path.open("rb") as f:
            for record in fw.ArchiveIterator(f, record_types=fw.WarcRecordType.conversion, parse_http=False):
                record.reader.read()
                record.headers.get("WARC-Target-URI")
                count += 1
        return count

    def with_warcio(path: Path) -> int:
        count = 0
        with path.open("rb") as f:
            for record in wi.ArchiveIterator(f):
                if record.rec_type == "conversion":
                    record.content_stream().read()
                    record.rec_headers.get_header("WARC-Target-URI")
                    count += 1
        return count

    def with_wireparse(path: Path) -> int:
        count = 0
        for record in warc.read_archive(path):
            assert isinstance(record, warc.ArchiveRecord), record
            count += 1
        return count

    readers = [("wireparse", with_wireparse)]
    if fw is not None:
        readers.append(("fastwarc", with_fastwarc))
    if wi is not None:
        readers.append(("warcio", with_warcio))
    versions = {name: _dist_version(name) for name in ("wireparse", "fastwarc", "warcio")}
    for path in (gz, plain):
        for name, read in readers:
            best = float("inf")
            for _ in range(3):
                start = time.perf_counter()
                count = read(path)
                best = min(best, time.perf_counter() - start)
            assert count == n, (name, count)
            print(f"{path.name:>13} {name} {versions[name]}: {n / best:,.0f} records/s ({best:.2f} s)")


def _dist_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--only", choices=["scaling", "memory", "warc"])
    ap.add_argument("--pages", type=int, default=20_000)
    ap.add_argument("--memory-pages", type=int, default=200_000)
    ap.add_argument("--input", choices=["jsonl", "files", "wet"], default="jsonl")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as name:
        tmp = Path(name)
        if args.only in (None, "scaling"):
            bench_scaling(tmp, args.pages, args.input, args.rounds)
        if args.only in (None, "memory"):
            bench_memory(tmp, args.memory_pages, args.input)
        if args.only in (None, "warc"):
            bench_warc(tmp, args.pages)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    main()
