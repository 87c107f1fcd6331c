"""The ``wireparse`` command, driven through ``main(argv)``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wireparse import Dispatch, batch
from wireparse.cli import demo_page, main

PAGE = (
    "Ferry back in service\n\nOSLO, Jan 3 (NTB) - The ferry returned to service on Tuesday after repairs.\n"
)


def test_parse_prints_a_record_that_round_trips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["parse", str(page), "--reference-date", "2023-01-05"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record.pop("id") == str(page)  # the same key as batch's (it was "input")
    assert record.pop("provenance") == {**dict.fromkeys(batch.PROVENANCE_FIELDS), "input": str(page)}
    assert record["dateline"]["city"] == "OSLO" and record["dateline"]["date"] == "2023-01-03"
    assert Dispatch.from_dict(record).source == PAGE


def test_parse_jsonl_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    class Stdin:
        buffer = __import__("io").BytesIO(PAGE.encode())

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert main(["parse", "-", "--jsonl", "--no-source"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert "source" not in record and record["headline"] == "Ferry back in service"


def test_parse_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["parse", "x.txt", "--reference-date", "yesterday"])
    assert info.value.code == 2
    assert "ISO date" in capsys.readouterr().err


def test_demo_prints_the_bundled_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Innsbruck" in out and "[paragraph]" in out and "\x1b[" not in out
    assert main(["demo", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dateline"]["agency"]["code"] == "AFP"


def test_show_filters_parts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "demo.txt"
    page.write_text(demo_page(), encoding="utf-8")
    assert main(["show", str(page), "--only", "boilerplate", "--colour", "never"]) == 0
    out = capsys.readouterr().out
    assert "[boilerplate:advertisement]" in out and "[paragraph]" not in out
    assert main(["show", str(page), "--only", "body", "--colour", "always"]) == 0
    assert "\x1b[" in capsys.readouterr().out


def test_check_finds_a_difference_and_update_fixes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "case.txt"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["check", str(tmp_path)]) == 1
    assert "MISSING" in capsys.readouterr().out
    assert main(["check", str(tmp_path), "--update"]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path)]) == 0
    golden = json.loads(page.with_suffix(".json").read_text())
    golden["headline"] = "Something else"
    page.with_suffix(".json").write_text(json.dumps(golden))
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "DIFF" in out and "headline" in out and "Something else" in out


def test_check_update_refuses_a_file_that_is_not_its_golden_form(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-written label file (the scorer's form) beside a page is not overwritten."""
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    label = tmp_path / "b.json"
    hand = '{"headline": "As a person wrote it", "paragraphs": ["One."]}\n'
    label.write_text(hand, encoding="utf-8")
    (tmp_path / "c.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.json").write_text("not json", encoding="utf-8")
    assert main(["check", str(tmp_path), "--update"]) == 2
    err = capsys.readouterr().err
    assert "b.json is not a golden file of wireparse check" in err and "c.json" in err
    assert label.read_text(encoding="utf-8") == hand
    assert not (tmp_path / "a.json").exists()  # nothing written when any file is refused
    label.unlink()
    (tmp_path / "c.json").unlink()
    assert main(["check", str(tmp_path), "--update"]) == 0
    assert main(["check", str(tmp_path), "--update"]) == 0  # its own golden files: rewritten
    assert main(["check", str(tmp_path)]) == 0


def test_check_update_through_a_symlink_writes_its_target_and_keeps_the_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fx = tmp_path / "fx"
    (fx / "goldens").mkdir(parents=True)
    (fx / "a.txt").write_text(PAGE, encoding="utf-8")
    assert main(["check", str(fx), "--update"]) == 0
    (fx / "a.json").replace(fx / "goldens" / "a.json")
    (fx / "a.json").symlink_to("goldens/a.json")
    stale = json.loads((fx / "goldens" / "a.json").read_text())
    stale["headline"] = "Stale"
    (fx / "goldens" / "a.json").write_text(json.dumps(stale))
    assert main(["check", str(fx), "--update"]) == 0
    assert (fx / "a.json").is_symlink()
    assert json.loads((fx / "goldens" / "a.json").read_text())["headline"] != "Stale"
    # a link out of the fixtures folder is not written through
    outside = tmp_path / "elsewhere.json"
    outside.write_text(json.dumps(stale))
    (fx / "a.json").unlink()
    (fx / "a.json").symlink_to(outside)
    capsys.readouterr()
    assert main(["check", str(fx), "--update"]) == 2
    assert "outside" in capsys.readouterr().err
    assert json.loads(outside.read_text())["headline"] == "Stale"


def test_check_on_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["check", str(tmp_path / "none")]) == 2


def test_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "wireparse", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("wireparse ")


def test_parse_of_several_pages_prints_json_lines(tmp_path: Path) -> None:
    pages = []
    for i in range(2):
        page = tmp_path / f"p{i}.txt"
        page.write_text(f"Site - Tag\nHeadline number {i}\n\nPARIS (AFP) - Story {i} goes on here.\n")
        pages.append(str(page))
    out = subprocess.run(
        [sys.executable, "-m", "wireparse", "parse", "--no-source", *pages],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    records = [json.loads(line) for line in out.splitlines()]  # was indented JSON, one after another
    assert [r["id"] for r in records] == pages


def test_parse_json_and_show_keep_a_pages_control_characters_inert(tmp_path: Path) -> None:
    page = tmp_path / "p.txt"
    page.write_text(
        "Site - Tag\nA headline\x1b]52;c;aGk=\x07\n\nPARIS (AFP) - Text\x9b2J and \x1b[2J more.\n"
    )
    out = subprocess.run(
        [sys.executable, "-m", "wireparse", "parse", str(page)], capture_output=True, text=True, check=True
    ).stdout
    assert "\x9b" not in out and "\x1b" not in out and "\\u009b" in out
    shown = subprocess.run(
        [sys.executable, "-m", "wireparse", "show", "--colour", "always", str(page)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "\x9b" not in shown and "\x07" not in shown and "\x1b]52" not in shown and "\x1b[2J" not in shown
    assert "\x1b[" in shown  # show's own colours stay


def test_parse_into_a_full_disk_says_so_without_a_traceback() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        proc2 = subprocess.run(
            [sys.executable, "-m", "wireparse", "parse", "-"],
            input="PARIS (AFP) - Text of a story.", stdout=full, stderr=subprocess.PIPE, text=True,
            check=False,
        )  # fmt: skip
    assert proc2.returncode == 1 and "Traceback" not in proc2.stderr and "cannot write" in proc2.stderr


def test_no_color_turns_auto_colour_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from wireparse import cli  # noqa: PLC0415

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._auto_colour()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._auto_colour()


def test_page_error_is_a_public_name() -> None:
    import wireparse  # noqa: PLC0415

    assert "PageError" in wireparse.__all__ and wireparse.PageError.__name__ == "PageError"


def test_show_takes_several_pages_each_under_its_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(PAGE, encoding="utf-8")
    second.write_text(PAGE.replace("Ferry back in service", "Bridge reopens after repairs"), encoding="utf-8")
    missing = tmp_path / "gone.txt"
    assert main(["show", str(first), str(missing), str(second), "--colour", "never"]) == 1
    captured = capsys.readouterr()
    out = captured.out
    assert out.index(f"==> {first} <==") < out.index("Ferry back in service")
    assert out.index(f"==> {second} <==") < out.index("Bridge reopens after repairs")
    assert "gone.txt <==" not in out and f"cannot read {missing}" in captured.err
    assert main(["show", str(first), "--colour", "never"]) == 0
    assert "==>" not in capsys.readouterr().out  # one page: no rule


def test_every_option_of_every_command_has_help_text() -> None:
    from wireparse.cli import build_parser  # noqa: PLC0415

    parser = build_parser()
    (commands,) = [a for a in parser._actions if isinstance(a, __import__("argparse")._SubParsersAction)]
    assert set(commands.choices) == {"parse", "batch", "demo", "check", "show", "schema"}
    for name, sub in commands.choices.items():
        for action in sub._actions:
            assert action.help, f"wireparse {name} {action.option_strings or action.dest} has no help"


def test_batch_verbose_logs_each_input_and_each_error_and_is_quiet_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    good, bad = tmp_path / "in" / "a.txt", tmp_path / "in" / "b.txt.gz"
    good.write_text(PAGE, encoding="utf-8")
    bad.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(7, 200)))
    (tmp_path / "in" / "a.json").write_text("{}", encoding="utf-8")  # a label file: passed over
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps({"text": PAGE}) + "\nnot json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    argv = ["batch", str(tmp_path / "in"), str(dump), "-o", str(out), "-j", "1", "-q"]
    assert main(argv) == 3
    assert capsys.readouterr().err == ""  # quiet by default
    assert main([*argv, "--overwrite", "--verbose"]) == 3
    lines = capsys.readouterr().err.splitlines()
    assert lines[:4] == [
        f"wireparse batch: passed over {tmp_path / 'in' / 'a.json'} (JSON labels or goldens)",
        f"wireparse batch: page file {good}",
        f"wireparse batch: page file {bad}",
        f"wireparse batch: JSONL input {dump}",
    ]
    assert len(lines) == 6  # then the two errors, as their records are written
    assert lines[4].startswith(f"wireparse batch: error (read) {bad}: cannot read {bad}: ")
    assert lines[5].startswith(f"wireparse batch: error (read) {dump}:2: {dump}:2: not a JSON line")


def test_parse_and_show_of_a_file_name_that_is_not_utf8(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    import os  # noqa: PLC0415

    name = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    try:
        with open(name, "wb") as f:
            f.write(PAGE.encode())
    except OSError:
        pytest.skip("this file system does not take names that are not UTF-8")
    path = os.fsdecode(name)
    shown = f"{tmp_path}/caf\\xe9.txt"
    assert main(["parse", path, "--no-source"]) == 0
    record = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert record["id"] == shown and record["provenance"]["input"] == shown
    assert record["headline"] == "Ferry back in service"
    assert main(["show", path, path, "--colour", "never"]) == 0
    assert f"==> {shown} <==" in capsysbinary.readouterr().out.decode("utf-8")
    assert main(["parse", os.fsdecode(name + b"-gone")]) == 1
    assert f"cannot read {shown}-gone".encode() in capsysbinary.readouterr().err
