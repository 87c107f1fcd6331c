"""What a run reads: compressed pages, bounded reads (issues 21, 23)."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from wireparse import compress
from wireparse.cli import main
from wireparse.compress import DecompressionError, PageReadError, decompress, read_page_file

STORY = (
    "<html><head><title>Gauges</title></head><body><h1>Tide gauges fitted on pier {i}</h1>"
    "<p>PORTBURY, Mar 3 (AFP) - The harbour council fitted new tide gauges on pier {i} on Tuesday, "
    "officials said — café.</p><p>The gauges will report the water level every ten minutes.</p></body></html>"
)


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("pack", [gzip.compress, bz2.compress, lzma.compress])
def test_compressed_bytes_are_told_by_their_magic_and_decompressed(pack: Any) -> None:
    data = STORY.format(i=1).encode()
    assert decompress(pack(data)) == data
    assert decompress(pack(data) + pack(b"<p>more</p>")) == data + b"<p>more</p>"  # concatenated members
    assert decompress(data) == data


@pytest.mark.parametrize("pack", [gzip.compress, bz2.compress, lzma.compress])
def test_damaged_truncated_or_too_large_compressed_data_raises(pack: Any) -> None:
    z = pack(os.urandom(20_000))
    with pytest.raises(DecompressionError):
        decompress(z[: len(z) // 2])
    with pytest.raises(DecompressionError):
        decompress(z, limit=1000)
    with pytest.raises(DecompressionError):
        decompress(z[:10] + os.urandom(200))


def test_a_gzip_bomb_is_stopped_at_the_bound_within_its_memory() -> None:
    c = gzip.compress(b"\0" * (64 << 20), 9)  # about 64 KB that would decompress to 64 MiB
    tracemalloc.start()
    try:
        with pytest.raises(DecompressionError, match="more than"):
            decompress(c, limit=4 << 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


def test_zstd_without_the_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys  # noqa: PLC0415

    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(DecompressionError, match="zstd"):
        decompress(b"\x28\xb5\x2f\xfd" + b"\0" * 20)


def test_plain_page_files_are_read_up_to_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "big.html"
    p.write_bytes(b"x" * 5000)
    assert read_page_file(str(p), limit=5000) == b"x" * 5000
    with pytest.raises(PageReadError, match="larger than"):
        read_page_file(str(p), limit=4999)
    assert compress.MAX_PAGE_BYTES == 256 << 20


def test_parse_reads_gzip_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain, packed = tmp_path / "x.html", tmp_path / "x.html.gz"
    plain.write_text(STORY.format(i=7), encoding="utf-8")
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert main(["parse", str(plain)]) == 0
    want = json.loads(capsys.readouterr().out)
    assert main(["parse", str(packed)]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got.pop("id") == str(packed)
    want.pop("id")
    assert got.pop("provenance") == {**want.pop("provenance"), "input": str(packed), "compression": "gzip"}
    assert got == want
    assert "café" in json.dumps(got, ensure_ascii=False)


def test_parse_of_a_damaged_gzip_page_is_a_message_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.html.gz"
    bad.write_bytes(gzip.compress(STORY.format(i=1).encode())[:40])
    assert main(["parse", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "cannot read" in err and "gzip" in err
    assert main(["show", str(bad)]) == 1


def test_batch_over_gzip_pages_gives_the_records_of_the_plain_pages(tmp_path: Path) -> None:
    plain, packed = tmp_path / "plain", tmp_path / "packed"
    plain.mkdir()
    packed.mkdir()
    for i in range(6):
        data = STORY.format(i=i).encode()
        (plain / f"p{i}.html").write_bytes(data)
        (packed / f"p{i}.html.gz").write_bytes(gzip.compress(data))
    (packed / "p9.html.gz").write_bytes(b"\x1f\x8b" + os.urandom(300))  # a damaged one
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["batch", str(plain), "-o", str(a), "--jobs", "1", "-q"]) == 0
    assert main(["batch", str(packed), "-o", str(b), "--jobs", "1", "-q"]) == 3
    ra, rb = _jsonl(a), _jsonl(b)
    assert rb[-1]["id"].endswith("p9.html.gz") and rb[-1]["error"]["stage"] == "read"
    same = {"id": None, "provenance": None}
    assert [{**r, **same} for r in ra] == [{**r, **same} for r in rb[:-1]]
    # their provenance says which file each came from and how it was compressed
    assert [r["provenance"]["compression"] for r in ra] == [None] * 6
    assert [r["provenance"]["compression"] for r in rb[:-1]] == ["gzip"] * 6
    assert [r["provenance"]["input"] for r in rb[:-1]] == [str(packed / f"p{i}.html.gz") for i in range(6)]


def test_an_over_long_jsonl_line_is_an_error_record_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    monkeypatch.setattr(inputs, "MAX_LINE_BYTES", 10_000)
    src = tmp_path / "pages.jsonl.gz"
    with gzip.open(src, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": STORY.format(i=1)}) + "\n")
        f.write(json.dumps({"text": "x" * 3_000_000}) + "\n")  # one enormous line
        f.write(json.dumps({"text": STORY.format(i=3)}) + "\n")
    pages = list(inputs.iter_pages([str(src)]))
    assert [p.id for p in pages] == [f"{src}:1", f"{src}:2", f"{src}:3"]
    assert pages[0].error is None and pages[2].error is None
    assert pages[1].error is not None and "longer than" in pages[1].error


def test_a_damaged_jsonl_gz_keeps_its_good_lines(tmp_path: Path) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    src = tmp_path / "pages.jsonl.gz"
    body = "".join(json.dumps({"text": STORY.format(i=i)}) + "\n" for i in range(50))
    src.write_bytes(gzip.compress(body.encode())[:-200])
    pages = list(inputs.iter_pages([str(src)]))
    assert pages[-1].error is not None and "cannot read" in pages[-1].error
    assert all(p.error is None for p in pages[:-1]) and len(pages) > 1


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard")
    return bytes(zstandard.ZstdCompressor().compress(data))


def _bz2(data: bytes) -> bytes:
    return bz2.compress(data, 1)  # blocks of 100 kB: a damaged stream keeps its whole blocks


JSONL_PACKS = {"gz": gzip.compress, "bz2": _bz2, "xz": lzma.compress, "zst": _zstd}
"""The compressed JSONL inputs and how to make each (zstd needs the extra)."""
JSONL_KINDS = {"gz": "gzip", "bz2": "bzip2", "xz": "xz", "zst": "zstd"}


@pytest.mark.parametrize("suffix", list(JSONL_PACKS))
def test_compressed_jsonl_inputs_are_read_line_by_line(tmp_path: Path, suffix: str) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    src = tmp_path / f"pages.jsonl.{suffix}"
    body = "".join(
        json.dumps({"text": STORY.format(i=i), "url": f"https://h.example/{i}"}) + "\n" for i in range(3)
    )
    src.write_bytes(JSONL_PACKS[suffix](body.encode()))
    pages = list(inputs.iter_pages([str(tmp_path)]))  # a folder walk takes it as a JSONL input
    assert [(p.id, p.url, p.error) for p in pages] == [
        (f"{src}:{i + 1}", f"https://h.example/{i}", None) for i in range(3)
    ]
    assert {(p.provenance.input, p.provenance.compression) for p in pages} == {
        (str(src), JSONL_KINDS[suffix])
    }
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(src), "-o", str(out), "-j", "1", "-q"]) == 0
    assert [r["dateline"]["city"] for r in _jsonl(out)] == ["PORTBURY"] * 3


@pytest.mark.parametrize("suffix", list(JSONL_PACKS))
def test_a_compressed_jsonl_bomb_line_costs_one_error_record_and_bounded_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    monkeypatch.setattr(inputs, "MAX_LINE_BYTES", 1 << 16)
    good = (json.dumps({"text": STORY.format(i=1)}) + "\n").encode()
    inflated = 48 << 20  # one line of 48 MiB with no newline: 768 times the bound
    src = tmp_path / f"bomb.jsonl.{suffix}"
    src.write_bytes(JSONL_PACKS[suffix](good + b"a" * inflated + b"\n" + good))
    assert src.stat().st_size < inflated // 200
    tracemalloc.start()
    try:
        pages = list(inputs.iter_pages([str(src)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.id for p in pages] == [f"{src}:1", f"{src}:2", f"{src}:3"]
    assert pages[0].error is None and pages[2].error is None
    assert pages[1].error is not None and "longer than 65536 bytes" in pages[1].error
    assert pages[1].provenance.input_line == 2
    assert peak < inflated // 3, peak  # a few buffers, never the line


@pytest.mark.parametrize("suffix", ["bz2", "xz", "zst"])
def test_a_damaged_compressed_jsonl_keeps_its_good_lines(tmp_path: Path, suffix: str) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    src = tmp_path / f"pages.jsonl.{suffix}"
    body = "".join(json.dumps({"text": STORY.format(i=i)}) + "\n" for i in range(2000))
    packed = JSONL_PACKS[suffix](body.encode())
    src.write_bytes(packed[: len(packed) * 2 // 3])
    pages = list(inputs.iter_pages([str(src)]))
    assert pages[-1].error is not None and "cannot read" in pages[-1].error
    assert pages[-1].provenance.input == str(src) and pages[-1].provenance.input_line == len(pages)
    assert all(p.error is None for p in pages[:-1]) and len(pages) > 100


def test_zstd_pages_with_the_extra() -> None:
    zstandard = pytest.importorskip("zstandard")
    data = STORY.format(i=2).encode()
    assert decompress(zstandard.ZstdCompressor().compress(data)) == data
    with pytest.raises(DecompressionError, match="more than"):
        decompress(zstandard.ZstdCompressor().compress(b"\0" * 100_000), limit=1000)
    with pytest.raises(DecompressionError):
        decompress(b"\x28\xb5\x2f\xfd" + os.urandom(50))


# --- only regular files; bounded reads (issue 23) ----------------------------------------------------


def _folder_with_oddities(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.html").write_text(STORY.format(i=1), encoding="utf-8")
    (folder / "sub" / "b.html").write_text(STORY.format(i=2), encoding="utf-8")
    os.mkfifo(folder / "fifo.html")  # reading it would wait for a writer for ever
    (folder / "zero.html").symlink_to("/dev/zero")  # endless
    outside = tmp_path / "outside.html"
    outside.write_text(STORY.format(i=3), encoding="utf-8")
    (folder / "link.html").symlink_to(outside)
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # a link back up the tree
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_folder_walks_take_only_regular_files_and_skip_symlinks(tmp_path: Path) -> None:
    from wireparse.batch import iter_pages  # noqa: PLC0415

    folder = _folder_with_oddities(tmp_path)
    ids = [p.id for p in iter_pages([str(folder)])]
    assert ids == [str(folder / "a.html"), str(folder / "sub" / "b.html")]
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1", "-q"]) == 0
    assert len(_jsonl(out)) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_follow_symlinks_follows_links_but_never_to_devices_nor_round_a_loop(tmp_path: Path) -> None:
    from wireparse.batch import iter_pages  # noqa: PLC0415

    folder = _folder_with_oddities(tmp_path)
    ids = [p.id for p in iter_pages([str(folder)], follow_symlinks=True)]
    assert ids == [str(folder / "a.html"), str(folder / "link.html"), str(folder / "sub" / "b.html")]
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--jobs", "1", "-q", "--follow-symlinks"]) == 0
    assert len(_jsonl(out)) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_input_that_is_not_a_regular_file_is_an_error_record(tmp_path: Path) -> None:
    folder = _folder_with_oddities(tmp_path)
    out = tmp_path / "out.jsonl"
    named = [str(folder / "fifo.html"), str(folder / "zero.html"), str(folder / "a.html")]
    assert main(["batch", *named, "-o", str(out), "--jobs", "1", "-q"]) == 3
    records = _jsonl(out)
    assert [r.get("error", {}).get("stage") for r in records] == ["read", "read", None]
    assert "not a regular file" in records[0]["error"]["message"]


def test_an_over_large_page_is_an_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wireparse.batch import Page, parse_many  # noqa: PLC0415

    monkeypatch.setattr(compress, "MAX_PAGE_BYTES", 10_000)
    monkeypatch.setattr(read_page_file, "__defaults__", (10_000,))
    big, small = tmp_path / "big.html", tmp_path / "small.html"
    big.write_bytes(b"<p>" + b"x" * 20_000 + b"</p>")
    small.write_text(STORY.format(i=1), encoding="utf-8")
    got = list(parse_many([Page(id="big", path=str(big)), Page(id="small", path=str(small))], jobs=1))
    assert getattr(got[0], "stage", None) == "read" and "larger than" in got[0].message  # type: ignore[union-attr]
    assert getattr(got[1], "headline", None)


def test_with_follow_symlinks_a_link_to_nothing_is_an_error_record(tmp_path: Path) -> None:
    from wireparse.batch import iter_pages  # noqa: PLC0415

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dangling.html").symlink_to(tmp_path / "nowhere")
    assert list(iter_pages([str(folder)])) == []
    (page,) = iter_pages([str(folder)], follow_symlinks=True)
    assert page.error is not None and "link to nothing" in page.error


# --- which files of a folder are pages (issue 21) ----------------------------------------------------


def _corpus_like(folder: Path) -> dict[str, Path]:
    """A folder as a corpus and earlier runs leave it: pages, labels, goldens, outputs, oddities."""
    folder.mkdir(parents=True)
    files = {
        "a.txt": STORY.format(i=1).encode(),
        "b.html.gz": gzip.compress(STORY.format(i=2).encode()),
        "c": STORY.format(i=3).encode(),  # no suffix: sniffed, text
        "d.page": "PORTBURY (AFP) - Text in UTF-16.".encode("utf-16-le"),  # no BOM: sniffed
        "a.json": json.dumps({"headline": "Tide gauges", "paragraphs": ["x"]}).encode(),
        "a.label.json": b'{"dateline": null}',
        "old.jsonl": b'{"id": "a.txt", "schema_version": "1.2", "site": null}\n',
        "old-errors.jsonl": b'{"id": "x", "error": {"stage": "read", "message": "m"}}\n',
        "old.csv": b"id,url\r\na.txt,\r\n",
        "old.parquet": b"PAR1\x00\x00PAR1",
        "old.parquet.lock": b"",
        "scan.bin": b"%PDF-1.7\n" + bytes(range(256)),
        "photo": b"\x89PNG\r\n\x1a\n" + bytes(200),
        "pages.jsonl": json.dumps({"text": STORY.format(i=4)}).encode() + b"\n",  # a JSONL input
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    parts = folder / "run.parquet.partial"
    parts.mkdir()
    (parts / "part-000000.parquet").write_bytes(b"PAR1")
    return {name: folder / name for name in files}


def test_a_folder_walk_takes_page_files_only(tmp_path: Path) -> None:
    from collections import Counter  # noqa: PLC0415

    from wireparse.batch import iter_pages  # noqa: PLC0415

    files = _corpus_like(tmp_path / "in")
    passed: Counter[str] = Counter()
    ids = [p.id for p in iter_pages([str(tmp_path / "in")], passed_over=passed)]
    want = [str(files[n]) for n in ("a.txt", "b.html.gz", "c", "d.page")] + [f"{files['pages.jsonl']}:1"]
    assert ids == want
    assert passed == {"json": 2, "wireparse": 4, "table": 2, "other": 2}
    # a file named as an input is always read; --all-files takes every file of a folder
    assert [p.id for p in iter_pages([str(files["a.json"])])] == [str(files["a.json"])]
    every = [p.id for p in iter_pages([str(tmp_path / "in")], all_files=True)]
    assert str(files["a.json"]) in every and str(files["scan.bin"]) in every


def test_batch_over_a_corpus_folder_counts_what_it_passed_over(tmp_path: Path) -> None:
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    _corpus_like(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "wireparse", "batch", str(tmp_path / "in"), "-o", str(out), "-j", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(_jsonl(out)) == 5 and not any("error" in r for r in _jsonl(out))
    assert "10 files in folders passed over" in proc.stderr
    assert "2 JSON labels or goldens" in proc.stderr and "4 wireparse outputs" in proc.stderr
    # the output of that run, left in the input folder, is not read back by the next
    again = tmp_path / "again.jsonl"
    (tmp_path / "in" / "prev.jsonl").write_bytes(out.read_bytes())
    assert main(["batch", str(tmp_path / "in"), "-o", str(again), "-j", "1", "-q"]) == 0
    assert len(_jsonl(again)) == 5


def test_looks_like_text() -> None:
    from wireparse.batch.inputs import looks_like_text  # noqa: PLC0415

    assert looks_like_text(b"")
    assert looks_like_text("Zürich — café".encode("cp1252"))
    assert looks_like_text("\ufeffUTF-16 with a BOM".encode("utf-16"))
    assert looks_like_text(gzip.compress(b"x"))
    assert not looks_like_text(bytes(range(256)) * 4)
    assert not looks_like_text(b"PAR1" + bytes(100))


def test_a_zstd_jsonl_without_the_extra_is_one_error_record_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wireparse.batch import inputs  # noqa: PLC0415

    src = tmp_path / "pages.jsonl.zst"
    src.write_bytes(b"\x28\xb5\x2f\xfd" + bytes(60))  # zstd's magic bytes
    monkeypatch.setitem(__import__("sys").modules, "zstandard", None)  # as if not installed
    (only,) = list(inputs.iter_pages([str(tmp_path)]))
    assert only.id == str(src) and only.error is not None and "zstd extra" in only.error
