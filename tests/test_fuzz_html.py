"""A short run of the HTML fuzzer (``fuzz/fuzz_html.py``) in the default test run: 200 seeded random
pages of damaged news-site markup, each through ``parse`` and ``parse_html`` with one HTML backend
(the two backends take turns), against every check of the fuzzer (crash, cover, roundtrip, format,
same, source, newlines, kept, dropped, slow). Longer runs: ``fuzz/README.md``."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))

import fuzz_html
from fuzz_parse import rng_for

SEED = 20261129
INPUTS = 200


def test_the_backend_swap_reaches_parse() -> None:
    assert fuzz_html.backend_swap_error(fuzz_html.installed_backends()) is None


def test_seeded_random_html_pages_keep_every_invariant() -> None:
    backends = fuzz_html.installed_backends()
    failures = []
    for index in range(INPUTS):
        backend = backends[index % len(backends)]
        found = fuzz_html.run_one(SEED, index, (backend,))
        if found is not None:
            failures.append(f"[{found[0]}] input {index}: {found[1]}")
    assert not failures, (
        f"replay with: python fuzz/fuzz_html.py --replay I --seed {SEED} --shrink\n" + "\n".join(failures)
    )


def test_a_broken_invariant_is_reported() -> None:
    case = fuzz_html.random_case(rng_for(SEED, 0))
    case.shown.append("zqx999999")  # a marker the page does not hold
    with pytest.raises(fuzz_html.InvariantError, match=r"\[kept\]"):
        fuzz_html.check_all(case, ("stdlib",))
