"""A short run of the WARC fuzzer (``fuzz/fuzz_warc.py``) in the default test run: 150 seeded random
archives with damage between good records, each read as ``wireparse batch`` reads it, against every
check of the fuzzer (crash, records, slow); and the five-archive experiment. Longer runs:
``fuzz/README.md``."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))

import fuzz_warc

SEED = 20261203
INPUTS = 150


def test_seeded_random_archives_lose_no_good_record() -> None:
    failures = []
    for index in range(INPUTS):
        found = fuzz_warc.run_one(SEED, index)
        if found is not None:
            failures.append(f"[{found[0]}] input {index}: {found[1][:500]}")
    assert not failures, f"replay with: python fuzz/fuzz_warc.py --replay I --seed {SEED}\n" + "\n".join(
        failures
    )


def test_the_five_archive_experiment(tmp_path: Path) -> None:
    kept, good, errors, bad = fuzz_warc.experiment(tmp_path)
    assert (kept, good, errors, bad) == (2000, 2000, 9, 9)


def test_a_lost_record_is_reported(tmp_path: Path) -> None:
    archive = fuzz_warc.generate(tmp_path, SEED, 0)
    archive.expected.append("<urn:uuid:never-written>")
    found = fuzz_warc.check(archive)
    assert found is not None and found[0] == "records"
