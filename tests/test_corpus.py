"""Corpus gate: the scorer's figures on the real labelled pages of ``../shared/corpus``.

Skipped where ``../shared`` is absent. Floors live in ``tests/corpus_floors.toml`` and only rise;
``MINIMUMS`` are the figures the issues require, below which no floor may be set.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT, SHARED, need_corpus

FLOORS = tomllib.loads((Path(__file__).parent / "corpus_floors.toml").read_text(encoding="utf-8"))
SCORER = SHARED / "eval" / "score.py"
MINIMUMS = {
    "seed": {"site": 1.0, "headline": 1.0, "dateline.city": 1.0, "body.exact": 1.0, "rights.holder": 1.0},
    "reuters-pages": {
        "dateline.city": 0.99, "dateline.region": 0.99, "dateline.date": 0.99, "dateline.agency": 0.99,
        "headline": 0.98, "body.f1": 0.98, "body.exact": 0.90, "body.no leak": 0.99, "rights.holder": 0.98,
        "rights.absent": 1.0, "site": 0.95, "published": 0.99, "byline": 0.95,
    },
    "aeb-html": {"body.text f1": 0.96},
}  # fmt: skip


def test_floors_never_sit_below_the_required_minimums() -> None:
    for corpus, fields in MINIMUMS.items():
        for field, minimum in fields.items():
            assert FLOORS[corpus][field] >= minimum, f"{corpus} {field}"


@pytest.mark.corpus
@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_corpus_meets_its_floors(corpus: str, tmp_path: Path) -> None:
    folder = need_corpus(CORPUS / corpus)
    need_corpus(SCORER)
    out = tmp_path / "figures.json"
    floors = [f"--floor={field}={rate}" for field, rate in FLOORS[corpus].items()]
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(folder), "--project", str(ROOT), "--json", str(out), *floors],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    figures = json.loads(out.read_text())["figures"]
    for field in FLOORS[corpus]:
        assert figures[field] is not None, field
