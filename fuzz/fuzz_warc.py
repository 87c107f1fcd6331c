"""Fuzz target for WARC/WET input: seeded random archives with damage between good records.

::

    python fuzz/fuzz_warc.py --random 2000                 # 2,000 seeded random archives
    python fuzz/fuzz_warc.py --random 100000 --seconds 600 # the same, stopped after 10 minutes
    python fuzz/fuzz_warc.py --replay 17 --seed 3          # rebuild archive 17 and show what it read
    python fuzz/fuzz_warc.py --experiment                  # five .warc.gz of 400 good records, 9 bad

Each archive (``.warc.gz`` with one gzip member a record, or plain ``.warc``) holds 5 to 40 good
page records (HTML responses, some gzip/deflate/chunked encoded, with a charset; WET conversions;
text resources; WARC/1.0 and 1.1), records that carry no page (request, metadata, warcinfo, dns,
404, images), and 1 to 4 pieces of damage among them:

span damage (one error record ``PATH@OFFSET`` for each run of them):
  ``truncated-member`` (``.gz``), ``random-member`` (gzip magic then random bytes, ``.gz``),
  ``random-bytes``, ``content-length+`` (5 to 10,000 bytes too many), ``content-length-``,
  ``header-cut``, ``bomb-member`` (a whole record, then 64 MiB of zeros in its member, ``.gz``:
  the member is the bad span, read no further than a megabyte past the record);
record damage (one error record with the record's id):
  ``encoding-not-gzip``, ``encoding-damaged``, ``warc-fields``, ``random-block``.

It is read the way ``wireparse batch`` reads it (:func:`wireparse.batch.inputs.iter_pages`) and
checked for:

``crash``   reading raises nothing;
``records`` the pages come out as expected, exactly: every good record once, in order, each bad
            span one error page whose id names its offset, each bad record one error page with its id;
``slow``    an archive is read in under 5 seconds (most take milliseconds; a bomb member must not
            be inflated).

Input ``i`` depends only on ``(seed, i)``. The run prints the count of failures per check and the
first failures, and exits 1 when anything failed.

``--experiment`` builds the issue's experiment (five ``.warc.gz`` files, 2,000 good responses, 9
bad records: a truncated member, a random member, a ``Content-Length`` 5,000 bytes too large,
random bytes, a header cut short, a body that is not the gzip its header says, a warc-fields
response, a random block, a ``Content-Length`` too small) and prints the good records kept and the
error records, for whichever ``wireparse`` is imported (run it once with ``PYTHONPATH`` on an old
checkout to compare).
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import tempfile
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from wireparse.batch.inputs import iter_pages

SLOW = 5.0


def rng_for(seed: int, index: int) -> random.Random:
    return random.Random(f"warc-{seed}-{index}")


# --- records ----------------------------------------------------------------------------------------


def record(
    kind: str,
    block: bytes,
    rid: str,
    *,
    url: str | None = None,
    ctype: str | None = None,
    length: int | None = None,
    version: str = "1.0",
) -> bytes:
    lines = [
        f"WARC/{version}",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: {rid}",
        "WARC-Date: 2024-03-05T10:00:00Z",
    ]
    if url is not None:
        lines.append(f"WARC-Target-URI: {url}")
    if ctype is not None:
        lines.append(f"Content-Type: {ctype}")
    lines.append(f"Content-Length: {len(block) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def http(body: bytes, *, status: str = "200 OK", ctype: str = "text/html", extra: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n{extra}\r\n".encode() + body


CITIES = ["PORTBURY", "Lanholm", "EASTMERE", "Valdora", "KESTRIN"]


def text(rng: random.Random, n: int) -> str:
    city = rng.choice(CITIES)
    return (
        f"Harbour board meets on quay {n}\n\n{city}, Mar {rng.randint(1, 28)} (dpa) - The harbour board "
        f"met on quay {n} and agreed the new timetable, a spokesman said.\n\nThe ferry leaves at "
        f"{rng.randint(5, 9)} am.\n"
    )


def rid(index: int, n: int) -> str:
    return f"<urn:uuid:{index:08x}-0000-4000-8000-{n:012d}>"


def good_record(rng: random.Random, rid_: str, n: int) -> bytes:
    kind = rng.random()
    version = rng.choice(["1.0", "1.1"])
    url = f"https://harbour.example/{n}"
    if kind < 0.25:
        return record("conversion", text(rng, n).encode(), rid_, url=url, ctype="text/plain", version=version)
    if kind < 0.35:
        return record("resource", text(rng, n).encode(), rid_, url=url, ctype="text/plain", version=version)
    charset = rng.choice(["utf-8", "windows-1252", "iso-8859-1"])
    html = f"<html><body><h1>Quay {n}</h1><p>{text(rng, n)}</p></body></html>".encode(charset)
    coding = rng.choice(["", "", "gzip", "deflate", "chunked"])
    extra = ""
    if coding == "gzip":
        html, extra = gzip.compress(html, mtime=0), "Content-Encoding: gzip\r\n"
    elif coding == "deflate":
        html, extra = zlib.compress(html), "Content-Encoding: deflate\r\n"
    elif coding == "chunked":
        cut = rng.randint(1, len(html) - 1)
        parts = (html[:cut], html[cut:])
        html = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"
        extra = "Transfer-Encoding: chunked\r\n"
    block = http(html, ctype=f"text/html; charset={charset}", extra=extra)
    return record(
        "response", block, rid_, url=url, ctype="application/http; msgtype=response", version=version
    )


def no_page(rng: random.Random, rid_: str) -> bytes:
    choice = rng.randrange(5)
    if choice == 0:
        return record(
            "request", b"GET / HTTP/1.1\r\nHost: harbour.example\r\n\r\n", rid_, ctype="application/http"
        )
    if choice == 1:
        return record("metadata", b"fetchTimeMs: 12\r\n", rid_, ctype="application/warc-fields")
    if choice == 2:
        return record(
            "response", b"20240305 harbour.example. 300 IN A 192.0.2.7\n", rid_, url="dns:harbour.example"
        )
    if choice == 3:
        return record("response", http(b"gone", status="404 Not Found"), rid_, ctype="application/http")
    return record("response", http(b"\x89PNG" + bytes(40), ctype="image/png"), rid_, ctype="application/http")


# --- damage -----------------------------------------------------------------------------------------


class Raw(bytes):
    """Bytes written as they are, not in a gzip member of their own."""


_ZEROS: list[bytes] = []


def _bomb(head: bytes, zeros: int) -> bytes:
    """A gzip member of ``head`` and then ``zeros`` zero bytes, built in a moment: one fully flushed
    deflate block of 16 MiB of zeros, repeated (the member's CRC is not right)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    if not _ZEROS:
        _ZEROS.append(c.compress(bytes(16 << 20)) + c.flush(zlib.Z_FULL_FLUSH))
    return start + _ZEROS[0] * (zeros // (16 << 20)) + c.flush()


def long_content_length(rid_: str, more: int) -> bytes:
    body = http(b"<p>quay</p>" * 40)
    return record("response", body, rid_, ctype="application/http", length=len(body) + more)


def span_damage(rng: random.Random, kind: str, rid_: str, n: int) -> bytes:
    body = http(b"<p>quay</p>" * rng.randint(1, 80))
    if kind == "truncated-member":
        member = gzip.compress(good_record(rng, rid_, n), mtime=0)
        return Raw(member[: rng.randint(1, len(member) - 1)])
    if kind == "random-member":
        return Raw(b"\x1f\x8b\x08\x00" + rng.randbytes(rng.randint(1, 5000)))
    if kind == "random-bytes":  # not starting with a blank byte: those are passed over before a record
        return Raw(bytes([rng.randrange(33, 256)]) + rng.randbytes(rng.randint(0, 5000)))
    if kind == "content-length+":  # 1 to 4 too many take in only the closing CRLF CRLF: tolerated
        more = rng.randint(5, 10_000)
        return record("response", body, rid_, ctype="application/http", length=len(body) + more)
    if kind == "content-length-":
        return record("response", body, rid_, ctype="application/http", length=rng.randint(0, len(body) - 5))
    if kind == "header-cut":
        head = record("response", body, rid_, ctype="application/http")
        return Raw(head[: rng.randint(1, head.index(b"\r\n\r\n") + 2)])
    assert kind == "bomb-member"
    return Raw(_bomb(good_record(rng, rid_, n), 64 << 20))


def record_damage(rng: random.Random, kind: str, rid_: str) -> bytes:
    if kind == "encoding-not-gzip":
        block = http(b"<p>plain</p>", extra="Content-Encoding: gzip\r\n")
    elif kind == "encoding-damaged":
        data = gzip.compress(b"<p>quay</p>" * 50, mtime=0)
        block = http(data[: rng.randint(10, len(data) - 9)], extra="Content-Encoding: gzip\r\n")
    elif kind == "warc-fields":
        return record("response", b"software: harbourbot\r\n", rid_, ctype="application/warc-fields")
    else:
        assert kind == "random-block"
        block = rng.randbytes(rng.randint(1, 3000))
    return record("response", block, rid_, ctype="application/http; msgtype=response")


SPAN = [
    "truncated-member",
    "random-member",
    "random-bytes",
    "content-length+",
    "content-length-",
    "header-cut",
    "bomb-member",
]
GZ_ONLY = {"truncated-member", "random-member", "bomb-member"}
RECORD = ["encoding-not-gzip", "encoding-damaged", "warc-fields", "random-block"]


# --- archives and what must come out ------------------------------------------------------------------


@dataclass
class Archive:
    path: Path
    expected: list[str]  # page ids in order: record ids, and PATH@OFFSET for bad spans
    damage: list[str]


def build(path: Path, items: list[tuple[str, bytes, str | None]]) -> Archive:
    """Write ``items`` (event, bytes, record id): event ``good``, ``none``, ``span``, ``good+span``
    (a bomb: the record, then damage in its member) or ``record``."""
    gz = path.name.endswith(".gz")
    expected: list[str] = []
    in_span = False
    with path.open("wb") as f:
        for event, data, rid_ in items:
            at = f.tell()
            f.write(data if isinstance(data, Raw) or not gz else gzip.compress(data, mtime=0))
            if event in ("good", "good+span"):
                assert rid_ is not None
                expected.append(rid_)
            if event in ("good", "none", "good+span"):  # a whole record ends a run of bad spans
                in_span = False
            if event in ("span", "good+span"):
                if not in_span:
                    expected.append(f"{path}@{at}")
                in_span = True
            elif event == "record":
                assert rid_ is not None
                expected.append(rid_)
                in_span = False
    return Archive(path, expected, [e for e, _, _ in items if e not in ("good", "none")])


def generate(folder: Path, seed: int, index: int) -> Archive:
    rng = rng_for(seed, index)
    gz = rng.random() < 0.6
    path = folder / f"a{index}.{'warc.gz' if gz else 'warc'}"
    count = rng.randint(5, 40)
    items: list[tuple[str, bytes, str | None]] = []
    bad_at = {rng.randrange(count + 1) for _ in range(rng.randint(1, 4))}
    n = 0
    for k in range(count + 1):
        if k in bad_at:
            for _ in range(rng.choice([1, 1, 1, 2])):  # sometimes two in a row
                n += 1
                if rng.random() < 0.6:
                    kinds = [s for s in SPAN if gz or s not in GZ_ONLY]
                    kind = rng.choice(kinds)
                    items.append(("span", span_damage(rng, kind, rid(index, n), n), rid(index, n)))
                else:
                    kind = rng.choice(RECORD)
                    items.append(("record", record_damage(rng, kind, rid(index, n)), rid(index, n)))
        if k < count:
            n += 1
            if rng.random() < 0.1:
                items.append(("none", no_page(rng, rid(index, n)), None))
            else:
                items.append(("good", good_record(rng, rid(index, n), n), rid(index, n)))
    return build(path, items)


def read_ids(path: Path) -> list[str]:
    return [page.id for page in iter_pages([str(path)])]


def check(archive: Archive) -> tuple[str, str] | None:
    """The first failed check on ``archive``: (check, message), or None."""
    start = time.process_time()
    try:
        got = read_ids(archive.path)
    except Exception:
        return "crash", traceback.format_exc(limit=4)
    took = time.process_time() - start
    if got != archive.expected:
        return "records", f"damage {archive.damage}: expected {archive.expected}, got {got}"
    if took > SLOW:
        return "slow", f"{took:.1f} s for {archive.path.stat().st_size:,} bytes (damage {archive.damage})"
    return None


def run_one(seed: int, index: int, folder: Path | None = None) -> tuple[str, str] | None:
    with tempfile.TemporaryDirectory(prefix="fuzz-warc-") as name:
        archive = generate(folder or Path(name), seed, index)
        found = check(archive)
        if folder is None:
            archive.path.unlink()
        return found


# --- the experiment ---------------------------------------------------------------------------


def experiment(folder: Path) -> tuple[int, int, int, int]:
    """Five .warc.gz of 400 good responses each and 9 bad records among them. Returns (good records
    kept, good records, error pages, bad records)."""
    rng = random.Random(23)
    bad: list[Callable[[int], tuple[str, bytes]]] = [
        lambda n: ("span", span_damage(rng, "truncated-member", rid(9, n), n)),
        lambda n: ("span", span_damage(rng, "random-member", rid(9, n), n)),
        lambda n: ("span", long_content_length(rid(9, n), 5000)),
        lambda n: ("span", span_damage(rng, "random-bytes", rid(9, n), n)),
        lambda n: ("span", span_damage(rng, "header-cut", rid(9, n), n)),
        lambda n: ("record", record_damage(rng, "encoding-not-gzip", rid(9, n))),
        lambda n: ("record", record_damage(rng, "warc-fields", rid(9, n))),
        lambda n: ("record", record_damage(rng, "random-block", rid(9, n))),
        lambda n: ("span", span_damage(rng, "content-length-", rid(9, n), n)),
    ]
    good_ids: list[str] = []
    n = 0
    paths = []
    for a in range(5):
        items: list[tuple[str, bytes, str | None]] = []
        mine = [b for k, b in enumerate(bad) if k % 5 == a]
        where = sorted(rng.sample(range(20, 380), len(mine)))
        for k in range(400):
            if where and k == where[0]:
                where.pop(0)
                n += 1
                event, data = mine.pop(0)(n)
                items.append((event, data, rid(9, n)))
            n += 1
            items.append(("good", good_record(rng, rid(9, n), n), rid(9, n)))
            good_ids.append(rid(9, n))
        paths.append(build(folder / f"part-{a}.warc.gz", items).path)
    kept = errors = 0
    wanted = set(good_ids)
    for path in paths:
        for page in iter_pages([str(path)]):
            if page.error is not None:
                errors += 1
            elif page.id in wanted:
                kept += 1
    return kept, len(good_ids), errors, len(bad)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--random", type=int, metavar="N", default=200, help="check N seeded random archives")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--seconds", type=float, help="stop after this many seconds")
    ap.add_argument("--replay", type=int, metavar="I", help="rebuild archive I, print what it read")
    ap.add_argument("--show", type=int, default=2, help="failures printed per check")
    ap.add_argument("--experiment", action="store_true", help="the five-archive experiment")
    args = ap.parse_args(argv)
    if args.experiment:
        with tempfile.TemporaryDirectory(prefix="fuzz-warc-") as name:
            kept, good, errors, bad = experiment(Path(name))
        print(f"good records kept: {kept:,} of {good:,}; error records: {errors} for {bad} bad records")
        return 0 if (kept, errors) == (good, bad) else 1
    if args.replay is not None:
        with tempfile.TemporaryDirectory(prefix="fuzz-warc-") as name:
            archive = generate(Path(name), args.seed, args.replay)
            print(f"{archive.path.name}: damage {archive.damage}")
            for page in iter_pages([str(archive.path)]):
                print(page.id, page.error or "")
            found = check(archive)
        print(found[0] + ": " + found[1] if found else "ok")
        return 1 if found else 0
    failures: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    start = time.monotonic()
    done = 0
    for index in range(args.random):
        if args.seconds is not None and time.monotonic() - start > args.seconds:
            break
        found = run_one(args.seed, index)
        done += 1
        if found is not None:
            failures[found[0]] += 1
            if shown[found[0]] < args.show:
                shown[found[0]] += 1
                print(f"[{found[0]}] input {index} (seed {args.seed}): {found[1][:2000]}")
    took = time.monotonic() - start
    print(f"{done:,} archives in {took:.0f} s; failures: {dict(failures) or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
