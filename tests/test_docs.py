"""The documentation stays true to the code.

* ``docs/formats.md`` is generated from the tables by ``scripts/gen_formats.py``: it must be current
  and name every agency of the registry.
* The ``>>>`` examples of the getting-started, record and extending pages run as doctests.
* The pages that show the demo page, or ``wireparse demo``, show them as they are now.
* The PySpark recipe of ``docs/crawl.md`` is the code ``tests/test_spark.py`` runs.
"""

from __future__ import annotations

import doctest
import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

import wireparse
from conftest import ROOT
from wireparse import render
from wireparse.cli import demo_page

DOCS = ROOT / "docs"
GENERATOR = ROOT / "scripts" / "gen_formats.py"
DOCTEST_PAGES = ("index.md", "record.md", "extending.md")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def _generator() -> ModuleType:
    """``scripts/gen_formats.py`` as a module (``scripts/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_formats", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _formats_text() -> str:
    return (DOCS / "formats.md").read_text(encoding="utf-8")


def _blocks(name: str, language: str) -> list[str]:
    """The bodies of the fenced code blocks of one language on a docs page."""
    text = (DOCS / name).read_text(encoding="utf-8")
    return [body for lang, body in FENCE.findall(text) if lang == language]


def test_formats_page_is_current() -> None:
    stale = "docs/formats.md is stale: run python scripts/gen_formats.py"
    assert _generator().render() == _formats_text(), stale


def test_formats_page_names_every_agency_code() -> None:
    rows = {line.split(" | ", 1)[0].removeprefix("| ") for line in _formats_text().splitlines()}
    missing = [a.code for a in wireparse.default_registry() if a.code not in rows]
    assert missing == []


def test_gen_formats_check_exits_1_on_a_stale_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gen = _generator()
    page = tmp_path / "formats.md"
    page.write_text("stale\n", encoding="utf-8")
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    monkeypatch.setattr(gen, "OUT", page)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
    assert page.read_text(encoding="utf-8") == gen.render()


@pytest.mark.parametrize("name", DOCTEST_PAGES)
def test_python_examples_are_doctests(name: str) -> None:
    blocks = _blocks(name, "python")
    assert blocks, f"{name} has no python examples"
    assert [b[:40] for b in blocks if not b.startswith(">>> ")] == []


@pytest.mark.parametrize("name", DOCTEST_PAGES)
def test_doc_examples_pass(name: str) -> None:
    result = doctest.testfile(
        str(DOCS / name), module_relative=False, optionflags=FLAGS, encoding="utf-8", verbose=False
    )
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/{name} failed"


def test_record_page_shows_the_demo_page() -> None:
    assert demo_page() in _blocks("record.md", "text")


def test_cli_page_shows_the_demo_output() -> None:
    shown = [b for b in _blocks("cli.md", "console") if b.startswith("$ wireparse demo\n")]
    assert len(shown) == 1
    want = render.to_text(wireparse.parse(demo_page()), colour=False)
    assert shown[0].removeprefix("$ wireparse demo\n") == want + "\n"


def _code_lines(text: str) -> list[str]:
    """The lines of Python code, stripped, without comments and blank lines."""
    lines = (re.sub(r"\s+#.*$", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_the_spark_recipe_is_the_code_its_test_runs() -> None:
    (recipe,) = [b for b in _blocks("crawl.md", "python") if "pyspark" in b]
    # the session and the paths are the test's own (local[2], archives it writes), and its output
    # folder a variable
    wanted = [
        line.replace('"out/"', "out")
        for line in _code_lines(recipe)
        if not line.startswith(("spark = ", "paths = "))
    ]
    ran = set(_code_lines((ROOT / "tests" / "test_spark.py").read_text(encoding="utf-8")))
    assert len(wanted) == 5
    assert [line for line in wanted if line not in ran] == []
