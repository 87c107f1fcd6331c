"""Golden fixtures: ``wireparse check fixtures/`` and the intended fields of each page.

Each ``fixtures/<family>/<case>.txt`` or ``<case>.html`` (our own writing) has two expectations:

* ``<case>.json`` — the full golden record (``wireparse check --update`` writes it, a person reviews
  the git diff). ``wireparse check fixtures/`` must report no difference.
* ``<case>.label.json`` — the fields a correct parser must return, written by hand with the page, in
  the corpus scorer's label format. Pages the parser does not yet read right are listed in
  ``KNOWN_WRONG`` with the field and the reason, and run as strict xfail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, covered
from wireparse import Dispatch
from wireparse.cli import main, parse_fixture

PAGES = sorted(p for suffix in ("*.txt", "*.html") for p in FIXTURES.rglob(suffix))
KNOWN_WRONG: dict[str, str] = {
    # "family/case": "field: why"
    "html/india-pti-syndicated": "paragraphs: the syndicated-feed disclaimer, a bare <p> inside the "
    "article, reads as body (its paragraph markup outweighs the phrase-table hit)",
}


def _norm(text: object) -> object:
    return " ".join(str(text).split()).casefold() if text is not None else None


def _label_mismatches(d: Dispatch, label: dict[str, Any]) -> list[str]:
    bad = []
    for key in ("site", "headline", "byline", "standfirst"):
        if key in label and _norm(getattr(d, key)) != _norm(label[key]):
            bad.append(f"{key}: got {getattr(d, key)!r} want {label[key]!r}")
    if "agencies" in label:  # every agency the page credits for the story (Dispatch.agencies)
        codes = [a.code for a in d.agencies]
        if codes != label["agencies"]:
            bad.append(f"agencies: got {codes!r} want {label['agencies']!r}")
    if "published" in label:
        got = d.published.isoformat() if d.published else None
        if got != label["published"]:
            bad.append(f"published: got {got} want {label['published']}")
    if "dateline" in label:
        want = label["dateline"]
        dl = d.dateline
        if want is None:
            if dl is not None:
                bad.append(f"dateline: got {dl.text!r} want none")
        elif dl is None:
            bad.append("dateline: none found")
        else:
            got = {
                "city": dl.city,
                "region": dl.region,
                "date": dl.date.isoformat() if dl.date else None,
                "agency": dl.agency.code if dl.agency else None,
                "agencies": [a.code for a in dl.agencies],
            }
            for k, v in want.items():
                if (_norm(got[k]) if k != "agencies" else got[k]) != (_norm(v) if k != "agencies" else v):
                    bad.append(f"dateline.{k}: got {got[k]!r} want {v!r}")
    if "paragraphs" in label:
        got_p = [_norm(p.text) for p in d.paragraphs]
        want_p = [_norm(p) for p in label["paragraphs"]]
        if got_p != want_p:
            bad.append(f"paragraphs: got {len(got_p)} want {len(want_p)}")
    body = _norm(d.body) or ""
    leaked = [b for b in label.get("boilerplate", ()) if len(b) >= 3 and _norm(b) in body]  # type: ignore[operator]
    if leaked:
        bad.append(f"boilerplate in body: {leaked[:2]}")
    if "rights" in label:
        want_r = label["rights"]
        if want_r is None and d.rights is not None:
            bad.append(f"rights: got {d.rights.holder!r} want none")
        elif want_r is not None:
            if d.rights is None:
                bad.append("rights: none found")
            else:
                if _norm(d.rights.holder) != _norm(want_r.get("holder")):
                    bad.append(f"rights.holder: got {d.rights.holder!r} want {want_r.get('holder')!r}")
                code = d.rights.agency.code if d.rights.agency else None
                if "agency" in want_r and code != want_r["agency"]:
                    bad.append(f"rights.agency: got {code!r} want {want_r['agency']!r}")
    return bad


def _case_id(page: Path) -> str:
    return str(page.relative_to(FIXTURES).with_suffix(""))


def _param(page: Path) -> Any:
    case = _case_id(page)
    marks = [pytest.mark.xfail(reason=KNOWN_WRONG[case], strict=True)] if case in KNOWN_WRONG else []
    return pytest.param(page, id=case, marks=marks)


def test_there_are_enough_fixtures() -> None:
    families = {p.parent.name for p in PAGES}
    assert len(PAGES) >= 30
    assert len(families) >= 10


def test_check_command_passes_on_all_fixtures(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["check", str(FIXTURES)])
    out = capsys.readouterr().out
    assert status == 0, out
    assert f"{len(PAGES)} passed, 0 failed" in out


@pytest.mark.parametrize("page", [_param(p) for p in PAGES if p.with_name(p.stem + ".label.json").exists()])
def test_fixture_matches_its_label(page: Path) -> None:
    label = json.loads(page.with_name(page.stem + ".label.json").read_text(encoding="utf-8"))
    d, _ = parse_fixture(page)
    assert covered(d)
    assert _label_mismatches(d, label) == []


@pytest.mark.parametrize("page", [pytest.param(p, id=_case_id(p)) for p in PAGES])
def test_fixture_is_unchanged_by_crlf(page: Path) -> None:
    d, opts = parse_fixture(page)
    crlf = page.read_bytes().replace(b"\n", b"\r\n")
    import datetime as dt  # noqa: PLC0415

    from wireparse import parse  # noqa: PLC0415

    ref = opts.get("reference_date")
    d2 = parse(crlf, reference_date=dt.date.fromisoformat(ref) if ref else None, url=opts.get("url"))
    assert [p.text for p in d2.paragraphs] == [p.text for p in d.paragraphs]
    assert (d2.headline, d2.dateline and d2.dateline.city, d2.rights and d2.rights.holder) == (
        d.headline,
        d.dateline and d.dateline.city,
        d.rights and d.rights.holder,
    )
