"""The docs site builds strictly (mkdocs, from the ``test`` extra) and the example notebook runs
headless (nbclient + ipykernel, from the ``notebook`` extra). Each skips when its tools are absent."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "examples" / "notebook.ipynb"


def test_mkdocs_builds_strict(tmp_path: Path) -> None:
    if importlib.util.find_spec("mkdocs") is None:
        pytest.skip("mkdocs is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (tmp_path / "site" / "formats" / "index.html").exists()


def test_notebook_is_stored_without_outputs() -> None:
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code and all(not c["outputs"] and c["execution_count"] is None for c in code)


def test_notebook_runs_headless() -> None:
    for module in ("nbclient", "nbformat", "ipykernel"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed (pip install -e '.[notebook]')")
    import nbformat  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415

    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    html_outputs = [o for c in nb.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})]
    assert html_outputs and "wp-part wp-dateline" in html_outputs[0]["data"]["text/html"]


def test_docs_changelog_is_the_changelog() -> None:
    """``docs/changelog.md`` is a copy of ``CHANGELOG.md`` for the site (mkdocs reads only docs/):
    refresh it with ``cp CHANGELOG.md docs/changelog.md`` in the commit that changes the changelog."""
    assert (ROOT / "docs" / "changelog.md").read_text(encoding="utf-8") == (ROOT / "CHANGELOG.md").read_text(
        encoding="utf-8"
    )
