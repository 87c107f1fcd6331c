"""WARC/WET input: archives written here with FastWARC (the ``warc`` extra), our own pages in them,
then read back whole, damaged and cut short."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from wireparse import warc
from wireparse._extras import MissingExtraError
from wireparse.cli import main

fw = pytest.importorskip("fastwarc.warc")
stream_io = pytest.importorskip("fastwarc.stream_io")


def page(i: int) -> str:
    return (
        f"Ferry timetable changes at quay {i}\n\n"
        f"KESTRIN, Jun {1 + i % 27} (dpa) - The ferry company moved its first sailing from quay {i} "
        "to an earlier hour, a spokeswoman said.\n\n"
        f"Passengers at quay {i} were told of the change by text message.\n"
    )


def record(kind: Any, content: bytes, url: str | None = None, date: str = "2023-06-02T08:00:00Z") -> Any:
    rec = fw.WarcRecord()
    rec.init_headers(kind)
    rec.headers["WARC-Date"] = date
    if url is not None:
        rec.headers["WARC-Target-URI"] = url
    if kind == fw.WarcRecordType.response:
        rec.headers["Content-Type"] = "application/http; msgtype=response"
    elif kind == fw.WarcRecordType.conversion:
        rec.headers["Content-Type"] = "text/plain"
    rec.set_bytes_content(content)
    return rec


def write_archive(path: Path, records: list[Any]) -> list[int]:
    """Write ``records`` (each in its own gzip member for ``.gz``); return where each starts."""
    offsets = []
    with path.open("wb") as f:
        for rec in records:
            offsets.append(f.tell())
            if path.suffix == ".gz":
                writer = stream_io.GzipWriter(f)
                rec.write(writer)
                writer.finish()
            else:
                rec.write(f)
    return offsets


def wet(path: Path, n: int) -> tuple[list[Any], list[int]]:
    info = record(fw.WarcRecordType.warcinfo, b"software: wireparse tests\r\n")
    pages = [
        record(fw.WarcRecordType.conversion, page(i).encode(), f"https://ferries.example/news/{i}")
        for i in range(n)
    ]
    offsets = write_archive(path, [info, *pages])
    return pages, offsets[1:]


def http(status: str, ctype: str, body: bytes) -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n"
    return head.encode() + body


def ids(recs: list[Any]) -> list[str]:
    return [r.record_id for r in recs]


# --- reading -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.wet", "crawl.warc.gz", "crawl.warc"])
def test_wet_records_become_pages_with_id_url_and_date(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    pages, offsets = wet(path, 5)
    got = list(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages)
    assert got[0].url == "https://ferries.example/news/0" and got[0].date == dt.date(2023, 6, 2)
    assert got[3].content == page(3).encode() and got[3].kind == "conversion"
    assert [r.offset for r in got] == offsets


def test_warc_responses_give_their_http_payload_when_textual_and_2xx(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    html = b"<html><body><p>Quay news.</p></body></html>"
    recs = [
        record(fw.WarcRecordType.request, b"GET / HTTP/1.1\r\n\r\n", "https://ferries.example/"),
        record(
            fw.WarcRecordType.response,
            http("200 OK", "text/html; charset=utf-8", html),
            "https://ferries.example/",
        ),
        record(
            fw.WarcRecordType.response,
            http("404 Not Found", "text/html", b"gone"),
            "https://ferries.example/x",
        ),
        record(
            fw.WarcRecordType.response,
            http("200 OK", "image/png", b"\x89PNG"),
            "https://ferries.example/i.png",
        ),
        record(fw.WarcRecordType.resource, page(7).encode(), "file:///quay-7.txt"),
        record(fw.WarcRecordType.metadata, b"fetchTimeMs: 12\r\n", "https://ferries.example/"),
    ]
    recs[4].headers["Content-Type"] = "text/plain"
    write_archive(path, recs)
    got = list(warc.read_archive(path))
    assert [(r.kind, r.url) for r in got] == [
        ("response", "https://ferries.example/"),
        ("resource", "file:///quay-7.txt"),
    ]
    assert got[0].content == html and got[0].id == recs[1].record_id


def test_a_corrupted_record_stops_reading_and_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet.gz"
    pages, offsets = wet(path, 8)
    data = bytearray(path.read_bytes())
    mid = offsets[5] + 30  # inside the sixth page's gzip member
    data[mid : mid + 40] = b"\x00GARBAGE" * 5
    path.write_bytes(bytes(data))
    got = []
    with pytest.raises(warc.ArchiveError) as info:
        got.extend(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages[:5])
    assert info.value.records == 5 and "damaged archive" in str(info.value)


@pytest.mark.parametrize("name", ["crawl.wet.gz", "crawl.warc"])
@pytest.mark.parametrize("where", [10, 150], ids=["in-header", "in-content"])
def test_an_archive_cut_short_is_read_up_to_the_cut_and_reported(
    tmp_path: Path, name: str, where: int
) -> None:
    path = tmp_path / name
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[4] + where])  # inside the 5th page
    got = []
    with pytest.raises(warc.ArchiveError) as info:
        got.extend(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages[:4]), "a page cut short must not be yielded"
    assert info.value.records == 4
    assert any(words in str(info.value) for words in ("cut short", "ends inside", "could not be read"))


def test_a_gzip_member_cut_in_its_trailer_loses_its_page(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet.gz"
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[5] - 3])  # the 5th page's CRC cannot be checked
    got = []
    with pytest.raises(warc.ArchiveError, match="ends inside the last record's gzip member"):
        got.extend(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages[:4])


def test_a_plain_archive_cut_in_its_last_separator_keeps_its_page(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[5] - 3])  # the 5th page is whole, its CRLF CRLF is not
    assert [r.id for r in warc.read_archive(path)] == ids(pages[:5])


def test_trailing_garbage_after_the_last_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages, _ = wet(path, 3)
    path.write_bytes(path.read_bytes() + b"WARC/1.1\r\nWARC-Type: conv")
    got = []
    with pytest.raises(warc.ArchiveError):
        got.extend(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages)


def test_a_single_member_gzip_archive_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    pages, _ = wet(plain, 4)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert [r.id for r in warc.read_archive(whole)] == ids(pages)
    whole.write_bytes(gzip.compress(plain.read_bytes())[:-30])
    with pytest.raises(warc.ArchiveError):
        list(warc.read_archive(whole))


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not a WARC file\n", encoding="utf-8")
    with pytest.raises(warc.ArchiveError):
        list(warc.read_archive(path))
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert list(warc.read_archive(empty)) == []


# --- through wireparse batch -------------------------------------------------------------------------


def test_batch_passes_the_record_date_and_url(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.wet.gz"
    pages, _ = wet(path, 4)
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "-q", "--jobs", "2"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ids(pages)
    first = records[0]
    assert first["url"] == "https://ferries.example/news/0" and first["site"] == "ferries.example"
    assert first["dateline"]["date"] == "2023-06-01"  # the year comes from the WARC-Date
    assert first["dateline"]["year_source"] == "reference"


def test_batch_reports_a_damaged_archive_and_keeps_its_good_pages(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    bad = folder / "a.wet.gz"
    pages, offsets = wet(bad, 6)
    bad.write_bytes(bad.read_bytes()[: offsets[3] + 100])
    good = folder / "b.wet.gz"
    more, _ = wet(good, 2)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--errors", str(errors), "-q"]) == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ids(pages[:3]) + ids(more)
    (err,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert err["id"] == str(bad) and err["error"]["stage"] == "read"
    assert "after 3 records" in err["error"]["message"]


def test_without_the_extra_the_error_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crawl.wet.gz"
    wet(path, 1)

    def missing(module: str, extra: str, purpose: str) -> Any:
        raise MissingExtraError(extra, purpose)

    monkeypatch.setattr(warc, "require", missing)
    with pytest.raises(MissingExtraError, match=r"pip install 'wireparse\[warc\]'"):
        list(warc.read_archive(path))
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "-q"]) == 2  # on the command line: a usage error
    folder = tmp_path / "in"
    folder.mkdir()
    path.rename(folder / path.name)
    assert main(["batch", str(folder), "-o", str(out), "-q"]) == 3  # found in a folder: an error record
    (record_,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert "wireparse[warc]" in record_["error"]["message"]
