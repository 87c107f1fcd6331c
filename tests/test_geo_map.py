"""scripts/geo_map.py: a folder of pages becomes an SVG map with one circle per resolved place."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "geo_map.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("geo_map", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["geo_map"] = module
    spec.loader.exec_module(module)
    return module


PAGE = "{city} ({agency}) - The council met on Tuesday to discuss the budget for the coming year.\n"


def test_each_resolved_place_is_one_circle_sized_by_its_dispatches(tmp_path: Path) -> None:
    geo_map = _script()
    pages = tmp_path / "pages"
    pages.mkdir()
    for i, city in enumerate(["PARIS", "PARIS", "PARIS", "NAIROBI", "Zzyzxville"]):
        (pages / f"p{i}.txt").write_text(PAGE.format(city=city, agency="AFP"), encoding="utf-8")
    (pages / "p0.json").write_text("{}", encoding="utf-8")  # a label file is no page
    out = tmp_path / "map.svg"
    assert geo_map.main([str(pages), "-o", str(out), "--title", "Test"]) == 0
    root = ElementTree.parse(out).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    dispatches = {
        c.find(f"{ns}title").text: float(c.get("r"))  # type: ignore[union-attr]
        for c in root.iter(f"{ns}circle")
        if c.find(f"{ns}title") is not None
    }
    assert set(dispatches) == {"Paris: 3", "Nairobi: 1"}
    assert dispatches["Paris: 3"] > dispatches["Nairobi: 1"]
    caption = [t.text for t in root.iter(f"{ns}text") if t.text and t.text.startswith("Test")]
    assert caption == ["Test: 4 dispatches at 2 places"]


def test_an_empty_folder_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main([str(tmp_path), "-o", str(tmp_path / "m.svg")]) == 2
    assert "no pages" in capsys.readouterr().err
