"""The JSON Schema of the record (``record.schema.json``, ``wireparse schema``): valid, true to
``to_dict()`` field by field, and every record of the fixtures, of arbitrary text and of the corpus
validates against it, so that it cannot drift from the code."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import wireparse
from conftest import CORPUS, need_corpus
from wireparse import batch, records
from wireparse.cli import fixture_pages, main, parse_fixture

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = wireparse.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def check(record: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(record), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == wireparse.SCHEMA_VERSION


def test_wireparse_schema_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA


# each record class and the schema's definition of its dict
DEFS = {
    "agency": records.Agency,
    "place": records.Place,
    "dateline": records.Dateline,
    "paragraph": records.Paragraph,
    "boilerplate": records.Boilerplate,
    "rights": records.Rights,
    "part": records.Part,
    "defect": records.Defect,
    "provenance": batch.Provenance,
}


@pytest.mark.parametrize("name", sorted(DEFS))
def test_every_field_of_every_record_is_in_the_schema(name: str) -> None:
    definition = SCHEMA["$defs"][name]
    fields = [f.name for f in attrs.fields(DEFS[name])]
    assert list(definition["properties"]) == fields
    assert definition["additionalProperties"] is False
    assert all(definition["properties"][f].get("description") for f in fields)


def test_the_top_level_keys_are_to_dicts() -> None:
    d = wireparse.parse("OSLO, Jan 3 (NTB) - The ferry sailed.")
    props = SCHEMA["properties"]
    assert [k for k in props if k not in ("id", "provenance")] == list(d.to_dict())
    assert set(SCHEMA["required"]) == set(d.to_dict(source=False))
    assert SCHEMA["additionalProperties"] is False
    assert props["format"]["enum"] == ["text", "html"]
    boilerplate = SCHEMA["$defs"]["boilerplate"]["properties"]["kind"]["enum"]
    assert tuple(boilerplate) == wireparse.BOILERPLATE_KINDS
    assert tuple(SCHEMA["$defs"]["part"]["properties"]["kind"]["enum"]) == wireparse.PART_KINDS


PAGES = list(fixture_pages(ROOT / "fixtures"))


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT / "fixtures")) for p in PAGES])
def test_every_fixture_record_validates(page: Path) -> None:
    d, _ = parse_fixture(page)
    check(d.to_dict())
    check(d.to_dict(source=False))


def test_a_record_that_breaks_the_schema_is_caught() -> None:
    record = wireparse.parse("OSLO, Jan 3 (NTB) - The ferry sailed.").to_dict()
    record["dateline"]["place"]["country"] = "Norway"
    record["stray"] = 1
    messages = {e.message for e in VALIDATOR.iter_errors(record)}
    assert any("stray" in m for m in messages) and any("Norway" in m for m in messages)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600) | st.binary(max_size=600).map(bytes))
def test_the_record_of_any_page_validates(page: str | bytes) -> None:
    check(wireparse.parse(page).to_dict())


def test_parse_and_batch_lines_validate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "p.txt"
    page.write_text("Ferry\n\nOSLO, Jan 3 (NTB) - The ferry sailed on Tuesday.\n", encoding="utf-8")
    assert main(["parse", str(page)]) == 0
    check(json.loads(capsys.readouterr().out))
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"text": page.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    assert main(["batch", str(page), str(dump), "-o", str(out), "-q", "--jobs", "1", "--with-source"]) == 0
    for line in out.read_text(encoding="utf-8").splitlines():
        check(json.loads(line))


@pytest.mark.corpus
def test_the_corpus_records_validate() -> None:
    """Every fourth page of each corpus (about 300 pages, 15 s on two busy cores); every page with
    ``WIREPARSE_FULL_CORPUS=1`` (about a minute)."""
    folder = need_corpus(CORPUS)
    every = 1 if os.environ.get("WIREPARSE_FULL_CORPUS") else 4
    pages = []
    for corpus in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.endswith((".json", ".md")))
        pages += files[::every]
    assert pages
    for path, result in wireparse.parse_many(
        (batch.Page(id=str(p), path=str(p)) for p in pages), jobs=2, with_ids=True
    ):
        assert isinstance(result, wireparse.Dispatch), path
        errors = list(VALIDATOR.iter_errors(result.to_dict(source=False)))
        assert not errors, f"{path}: {errors[0].message}"
