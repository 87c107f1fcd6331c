"""WARC/WET input: archives written here (with FastWARC where it is installed, else byte by byte),
our own pages in them, then read back whole, damaged and cut short."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

from wireparse import warc
from wireparse.cli import main

try:
    import fastwarc.warc as fw
    from fastwarc import stream_io
except ImportError:  # the tests that write with FastWARC are skipped; the others need nothing
    fw = stream_io = None

needs_fastwarc = pytest.mark.skipif(fw is None, reason="writes its archive with FastWARC")


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


def split(items: list[Any]) -> tuple[list[warc.ArchiveRecord], list[warc.ArchiveError]]:
    pages = [i for i in items if isinstance(i, warc.ArchiveRecord)]
    errors = [i for i in items if isinstance(i, warc.ArchiveError)]
    assert len(pages) + len(errors) == len(items)
    return pages, errors


# --- archives written byte by byte (no library) -----------------------------------------------------


def raw_record(
    kind: str,
    block: bytes,
    *,
    rid: str,
    url: str | None = None,
    ctype: str | None = None,
    length: int | None = None,
    version: str = "1.0",
) -> bytes:
    """One WARC record as its bytes; ``length`` overrides the true ``Content-Length``."""
    lines = [
        f"WARC/{version}",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: {rid}",
        "WARC-Date: 2023-06-02T08:00:00Z",
    ]
    if url is not None:
        lines.append(f"WARC-Target-URI: {url}")
    if ctype is not None:
        lines.append(f"Content-Type: {ctype}")
    lines.append(f"Content-Length: {len(block) if length is None else length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


def rid(i: int) -> str:
    return f"<urn:uuid:00000000-0000-4000-8000-{i:012d}>"


def good(i: int) -> bytes:
    """A good response record: an HTML page of our own."""
    html = f"<html><body><h1>Quay {i} sailing moved</h1><p>{page(i)}</p></body></html>".encode()
    return raw_record(
        "response",
        http("200 OK", "text/html; charset=utf-8", html),
        rid=rid(i),
        url=f"https://ferries.example/{i}",
        ctype="application/http; msgtype=response",
    )


class Raw(bytes):
    """Bytes written into an archive as they are (not put in a gzip member of their own)."""


def build(path: Path, items: list[bytes]) -> list[int]:
    """Write ``items`` (each record its own gzip member for ``.gz``; :class:`Raw` items as they
    are); return where each item starts."""
    offsets = []
    with path.open("wb") as f:
        for item in items:
            offsets.append(f.tell())
            gz = path.name.endswith(".gz") and not isinstance(item, Raw)
            f.write(gzip.compress(item, mtime=0) if gz else item)
    return offsets


def good_ids(lo: int, hi: int) -> list[str]:
    return [rid(i) for i in range(lo, hi)]


def random_bytes(n: int, seed: int) -> bytes:
    import random  # noqa: PLC0415

    return random.Random(seed).randbytes(n)


# One bad thing between good records, each in a .warc.gz and in a plain .warc where it exists there:
# the bytes of the bad item (given the good record it replaces) and whether it is a bad span of the
# file (error id PATH@OFFSET) or a bad record (error id its record id).
def _truncated_member(i: int) -> bytes:
    member = gzip.compress(good(i), mtime=0)
    return Raw(member[: len(member) // 2])


def _random_member(i: int) -> bytes:
    return Raw(b"\x1f\x8b\x08\x00" + random_bytes(3000, i))


def _random_gap(i: int) -> bytes:
    return Raw(random_bytes(3000, i))


def _long_content_length(i: int) -> bytes:
    body = http("200 OK", "text/html", b"<p>quay</p>" * 50)
    return raw_record(
        "response", body, rid=rid(i), ctype="application/http; msgtype=response", length=len(body) + 5000
    )


def _short_content_length(i: int) -> bytes:
    body = http("200 OK", "text/html", b"<p>quay</p>" * 50)
    return raw_record(
        "response", body, rid=rid(i), ctype="application/http; msgtype=response", length=len(body) - 40
    )


def _header_cut(i: int) -> bytes:
    return Raw(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Len")


DAMAGE = {
    "truncated-member": (_truncated_member, (".warc.gz",)),
    "random-member": (_random_member, (".warc.gz",)),
    "random-bytes": (_random_gap, (".warc.gz", ".warc")),
    "content-length+5000": (_long_content_length, (".warc.gz", ".warc")),
    "content-length-40": (_short_content_length, (".warc.gz", ".warc")),
    "header-cut": (_header_cut, (".warc.gz", ".warc")),
}
CASES = [(name, suffix) for name, (_, suffixes) in DAMAGE.items() for suffix in suffixes]


@pytest.mark.parametrize(("damage", "suffix"), CASES, ids=[f"{n}{s}" for n, s in CASES])
def test_a_bad_span_costs_one_record_and_is_reported_with_its_offset(
    tmp_path: Path, damage: str, suffix: str
) -> None:
    path = tmp_path / f"crawl{suffix}"
    make, _ = DAMAGE[damage]
    items = [good(i) for i in range(5)] + [make(5)] + [good(i) for i in range(6, 12)]
    offsets = build(path, items)
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == good_ids(0, 5) + good_ids(6, 12)
    (err,) = errors
    assert err.offset == offsets[5] and err.end == offsets[6]
    assert str(path) in str(err) and f"at byte {offsets[5]:,}" in str(err)
    assert err.id == f"{path}@{offsets[5]}"
    assert got[5].offset == offsets[6] and got[5].content.startswith(b"<html><body><h1>Quay 6 ")


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_bad_spans_next_to_each_other_are_one_error(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"crawl{suffix}"
    items = [good(0), _random_gap(1), _long_content_length(2), _random_gap(3), good(4)]
    offsets = build(path, items)
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == [rid(0), rid(4)]
    (err,) = errors
    assert (err.offset, err.end) == (offsets[1], offsets[4])


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
def test_damage_at_the_end_is_one_error_up_to_the_end(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"crawl{suffix}"
    offsets = build(path, [good(0), good(1), _long_content_length(2)])
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == [rid(0), rid(1)]
    (err,) = errors
    assert (err.offset, err.end) == (offsets[2], path.stat().st_size)
    assert "cut short" in err.reason


def _bad_record_cases() -> dict[str, tuple[bytes, str]]:
    def resp(body: bytes, ctype: str = "application/http; msgtype=response") -> bytes:
        return raw_record("response", body, rid=rid(5), ctype=ctype, url="https://ferries.example/5")

    def encoded(coding: str, payload: bytes) -> bytes:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {coding}\r\n\r\n"
        return head.encode() + payload

    return {
        "gzip-not-gzip": (resp(encoded("gzip", b"<p>this is not gzip</p>")), "not gzip"),
        "gzip-damaged": (resp(encoded("gzip", gzip.compress(b"<p>quay</p>" * 99)[:-30])), "gzip"),
        "gzip-random": (resp(encoded("gzip", b"\x1f\x8b" + random_bytes(500, 3))), "gzip"),
        "deflate-random": (resp(encoded("deflate", random_bytes(500, 4))), "deflate"),
        "unknown-coding": (resp(encoded("compress", b"\x1f\x9d" + random_bytes(50, 5))), "not supported"),
        "warc-fields": (resp(b"software: ferrybot\r\n", "application/warc-fields"), "not an HTTP message"),
        "random-block": (resp(random_bytes(2000, 6)), "not an HTTP message"),
    }


BAD_RECORDS = _bad_record_cases()


@pytest.mark.parametrize("suffix", [".warc.gz", ".warc"])
@pytest.mark.parametrize("case", list(BAD_RECORDS))
def test_a_bad_record_is_an_error_with_its_id_and_the_rest_is_read(
    tmp_path: Path, case: str, suffix: str
) -> None:
    path = tmp_path / f"crawl{suffix}"
    bad, words = BAD_RECORDS[case]
    offsets = build(path, [good(i) for i in range(5)] + [bad] + [good(i) for i in range(6, 10)])
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == good_ids(0, 5) + good_ids(6, 10)
    (err,) = errors
    assert err.id == rid(5) and err.offset == offsets[5] and err.end is None
    assert words in err.reason and f"at byte {offsets[5]:,}" in str(err)


def test_dns_records_and_other_non_pages_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    dns = raw_record(
        "response",
        b"20230602080000\nferries.example. 300 IN A 192.0.2.1\n",
        rid=rid(90),
        url="dns:ferries.example",
        ctype="text/dns",
    )
    request = raw_record(
        "request", b"GET / HTTP/1.1\r\n\r\n", rid=rid(91), ctype="application/http; msgtype=request"
    )
    image = raw_record(
        "response",
        http("200 OK", "image/png", b"\x89PNG" + random_bytes(99, 1)),
        rid=rid(92),
        ctype="application/http; msgtype=response",
    )
    gone = raw_record(
        "response",
        http("404 Not Found", "text/html", b"gone"),
        rid=rid(93),
        ctype="application/http; msgtype=response",
    )
    build(path, [good(0), dns, request, image, gone, good(1)])
    assert [r.id for r in warc.read_archive(path)] == [rid(0), rid(1)]


def test_content_encodings_are_undone(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    html = b"<html><body><p>Quay news.</p></body></html>"

    def resp(i: int, coding: str, payload: bytes, chunked: bool = False) -> bytes:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: {coding}\r\n"
        if chunked:
            head += "Transfer-Encoding: chunked\r\n"
            payload = (
                b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in (payload[:7], payload[7:])) + b"0\r\n\r\n"
            )
        block = head.encode() + b"\r\n" + payload
        return raw_record("response", block, rid=rid(i), ctype="application/http; msgtype=response")

    items = [
        resp(0, "gzip", gzip.compress(html)),
        resp(1, "x-gzip", gzip.compress(html), chunked=True),
        resp(2, "deflate", zlib.compress(html)),
        resp(3, "deflate", zlib.compress(html)[2:-4]),  # raw deflate, as some servers send it
        resp(4, "identity", html),
    ]
    build(path, items)
    got = list(warc.read_archive(path))
    assert [r.content for r in got] == [html] * 5


def _bomb_member(head: bytes, zeros: int) -> bytes:
    """A gzip member that starts with ``head`` and inflates to ``zeros`` zero bytes more, built in
    a moment: one fully flushed block of 16 MiB of zeros, repeated (its CRC is not right)."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(bytes(16 << 20)) + c.flush(zlib.Z_FULL_FLUSH)
    return start + block * (zeros // (16 << 20)) + c.flush()


def test_a_gzip_member_that_inflates_past_its_record_is_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    bomb = Raw(_bomb_member(good(1), 4 << 30))  # a whole record, then 4 GiB of zeros in its member
    offsets = build(path, [good(0), bomb, good(2)])
    t = time.process_time()
    got, errors = split(list(warc.read_archive(path)))
    assert time.process_time() - t < 3  # inflating the 4 GiB takes about 25 s here
    assert [r.id for r in got] == [rid(0), rid(2)]  # the record, whole, is in a member that is not
    (err,) = errors
    assert err.offset == offsets[1] and err.end == offsets[2]


def test_a_content_encoding_bomb_is_an_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warc, "MAX_PAGE_BYTES", 4 << 20)  # the same bound, reached sooner
    path = tmp_path / "crawl.warc.gz"
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
    body = _bomb_member(b"<html><body>", 64 << 20)
    bomb = raw_record("response", head + body, rid=rid(1), ctype="application/http; msgtype=response")
    build(path, [good(0), bomb, good(2)])
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == [rid(0), rid(2)]
    (err,) = errors
    assert err.id == rid(1) and "more than 4194304 bytes" in err.reason


def test_a_page_record_over_the_size_limit_is_an_error_and_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warc, "MAX_PAGE_BYTES", 1 << 16)
    for suffix in (".warc", ".warc.gz"):
        path = tmp_path / f"crawl{suffix}"
        big = raw_record("resource", b"x" * (1 << 17), rid=rid(1), ctype="text/plain")
        build(path, [good(0), big, good(2)])
        got, errors = split(list(warc.read_archive(path)))
        assert [r.id for r in got] == [rid(0), rid(2)]
        assert [e.id for e in errors] == [rid(1)] and "over the page limit" in errors[0].reason


def test_a_huge_record_passed_over_in_a_gzip_archive_is_not_inflated(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    head = (
        "WARC/1.0\r\nWARC-Type: metadata\r\nWARC-Record-ID: <urn:uuid:big>\r\n"
        f"Content-Length: {4 << 30}\r\n\r\n"
    ).encode()
    offsets = build(path, [good(0), Raw(_bomb_member(head, 4 << 30)), good(2)])
    t = time.process_time()
    got, errors = split(list(warc.read_archive(path)))
    assert time.process_time() - t < 3
    assert [r.id for r in got] == [rid(0), rid(2)] and errors == []
    assert got[1].offset == offsets[2]


# --- the HTTP charset --------------------------------------------------------------------------------

CYRILLIC = "Паромная компания перенесла первый рейс на более ранний час, сообщила представительница."


def test_the_http_charset_decodes_a_page_without_a_meta_tag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # no optional package installed
    monkeypatch.setitem(sys.modules, "charset_normalizer.utils", None)
    path = tmp_path / "crawl.warc.gz"
    html = f"<html><body><h1>Паром</h1><p>{CYRILLIC}</p></body></html>".encode("cp1251")
    resp = raw_record(
        "response",
        http("200 OK", 'text/html; charset="windows-1251"', html),
        rid=rid(1),
        ctype="application/http; msgtype=response",
    )
    build(path, [good(0), resp])
    got = list(warc.read_archive(path))
    assert got[1].charset == "windows-1251"
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "-q", "--jobs", "1"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[1]["headline"] == "Паром" and records[1]["encoding"] == "cp1251"
    assert CYRILLIC in records[1]["paragraphs"][0]["text"]


def test_the_http_charset_ranks_below_a_bom_and_above_the_meta_tag() -> None:
    from wireparse import parse  # noqa: PLC0415

    page = f"<html><head><meta charset='iso-8859-5'></head><body><p>{CYRILLIC}</p></body></html>"
    assert parse(page.encode("cp1251"), charset="windows-1251").encoding == "cp1251"
    assert parse(page.encode("cp1251")).encoding == "iso8859-5"  # the meta tag alone
    assert parse(b"\xef\xbb\xbf" + page.encode("utf-8"), charset="windows-1251").encoding == "utf-8"
    assert parse(CYRILLIC.encode("koi8-r"), charset="KOI8-R").paragraphs[0].text == CYRILLIC
    assert parse(CYRILLIC.encode("utf-16-le"), charset="utf-16").paragraphs[0].text == CYRILLIC
    assert parse(CYRILLIC.encode("utf-8"), charset="windows-1251").paragraphs[0].text == CYRILLIC
    assert parse(CYRILLIC.encode("cp1251"), charset="hex").encoding != "hex"  # no text encoding: ignored
    with pytest.raises(TypeError):
        parse(b"x", charset=b"utf-8")  # type: ignore[arg-type]


# --- five archives ---------------------------------------------------------------------------------


def test_five_archives_every_good_record_once_and_each_bad_one_reported(tmp_path: Path) -> None:
    """The issue's experiment, smaller: five .warc.gz files of good responses with nine bad
    records among them; every good record comes out exactly once, each bad one as one error."""
    bad = [
        _truncated_member,
        _random_member,
        _long_content_length,
        _random_gap,
        _header_cut,
        lambda i: BAD_RECORDS["gzip-not-gzip"][0],
        lambda i: BAD_RECORDS["warc-fields"][0],
        lambda i: BAD_RECORDS["random-block"][0],
        _short_content_length,
    ]
    folder = tmp_path / "crawl"
    folder.mkdir()
    expected: list[str] = []
    n = 0
    for a in range(5):
        items = []
        for k, make in enumerate(bad):
            if k % 5 == a:
                items.append(make(n))
                n += 1
            for _ in range(20):
                items.append(good(n))
                expected.append(rid(n))
                n += 1
        build(folder / f"part-{a}.warc.gz", items)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--errors", str(errors), "-q", "--jobs", "2"]) == 3
    ids_out = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids_out == expected and len(expected) == 900
    errs = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert len(errs) == len(bad) and all(
        e["error"]["stage"] == "read" and "at byte" in e["error"]["message"] for e in errs
    )


# --- written with FastWARC ----------------------------------------------------------------------------


@needs_fastwarc
@pytest.mark.parametrize("name", ["crawl.warc.wet.gz", "crawl.wet", "crawl.warc.gz", "crawl.warc"])
def test_wet_records_become_pages_with_id_url_and_date(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    pages, offsets = wet(path, 5)
    got = list(warc.read_archive(path))
    assert [r.id for r in got] == ids(pages)
    assert got[0].url == "https://ferries.example/news/0" and got[0].date == dt.date(2023, 6, 2)
    assert got[3].content == page(3).encode() and got[3].kind == "conversion"
    assert [r.offset for r in got] == offsets


@needs_fastwarc
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
    assert got[0].content == html and got[0].id == recs[1].record_id and got[0].charset == "utf-8"


@needs_fastwarc
def test_a_corrupted_member_costs_its_record_only(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet.gz"
    pages, offsets = wet(path, 8)
    data = bytearray(path.read_bytes())
    mid = offsets[5] + 30  # inside the sixth page's gzip member
    data[mid : mid + 40] = b"\x00GARBAGE" * 5
    path.write_bytes(bytes(data))
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == ids(pages[:5] + pages[6:])
    (err,) = errors
    assert (err.offset, err.end) == (offsets[5], offsets[6]) and "damaged archive" in str(err)


@needs_fastwarc
@pytest.mark.parametrize("name", ["crawl.wet.gz", "crawl.warc"])
@pytest.mark.parametrize("where", [10, 150], ids=["in-header", "in-content"])
def test_an_archive_cut_short_is_read_up_to_the_cut_and_reported(
    tmp_path: Path, name: str, where: int
) -> None:
    path = tmp_path / name
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[4] + where])  # inside the 5th page
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == ids(pages[:4]), "a page cut short must not be yielded"
    (err,) = errors
    assert (err.offset, err.end) == (offsets[4], offsets[4] + where)
    assert any(words in str(err) for words in ("cut short", "ends inside"))


@needs_fastwarc
def test_a_gzip_member_cut_in_its_trailer_loses_its_page(tmp_path: Path) -> None:
    path = tmp_path / "crawl.wet.gz"
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[5] - 3])  # the 5th page's CRC cannot be checked
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == ids(pages[:4])
    assert [e.offset for e in errors] == [offsets[4]] and "ends inside a gzip member" in errors[0].reason


@needs_fastwarc
def test_a_plain_archive_cut_in_its_last_separator_keeps_its_page(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages, offsets = wet(path, 6)
    path.write_bytes(path.read_bytes()[: offsets[5] - 3])  # the 5th page is whole, its CRLF CRLF is not
    assert [r.id for r in warc.read_archive(path)] == ids(pages[:5])


@needs_fastwarc
def test_trailing_garbage_after_the_last_record_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages, _ = wet(path, 3)
    size = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"WARC/1.1\r\nWARC-Type: conv")
    got, errors = split(list(warc.read_archive(path)))
    assert [r.id for r in got] == ids(pages)
    assert [(e.offset, e.end) for e in errors] == [(size, path.stat().st_size)]


@needs_fastwarc
def test_a_single_member_gzip_archive_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "crawl.warc"
    pages, _ = wet(plain, 4)
    whole = tmp_path / "whole.warc.gz"
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    assert [r.id for r in warc.read_archive(whole)] == ids(pages)
    whole.write_bytes(gzip.compress(plain.read_bytes())[:-30])
    got, errors = split(list(warc.read_archive(whole)))
    assert [r.id for r in got] == ids(pages[:3]) and len(errors) == 1


def test_not_an_archive(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_text("these are my notes, not a WARC file\n", encoding="utf-8")
    got, errors = split(list(warc.read_archive(path)))
    assert got == [] and [(e.offset, e.end) for e in errors] == [(0, path.stat().st_size)]
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert list(warc.read_archive(empty)) == []


# --- through wireparse batch -------------------------------------------------------------------------


@needs_fastwarc
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


@needs_fastwarc
def test_batch_reports_a_damaged_archive_and_keeps_its_good_pages(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    bad = folder / "a.wet.gz"
    pages, offsets = wet(bad, 6)
    bad.write_bytes(bad.read_bytes()[: offsets[3] + 100])
    good_ = folder / "b.wet.gz"
    more, _ = wet(good_, 2)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--errors", str(errors), "-q"]) == 3
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == ids(pages[:3]) + ids(more)
    (err,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert err["id"] == f"{bad}@{offsets[3]}" and err["error"]["stage"] == "read"
    assert f"at byte {offsets[3]:,}" in err["error"]["message"]


def test_archives_need_no_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("fastwarc", "fastwarc.warc", "fastwarc.stream_io", "warcio"):
        monkeypatch.setitem(sys.modules, name, None)
    path = tmp_path / "crawl.warc.gz"
    build(path, [good(0), good(1)])
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(path), "-o", str(out), "-q", "--jobs", "1"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert os.path.getsize(out) > 0


def _cpu(path: Path) -> float:
    best = float("inf")
    for _ in range(2):
        t = time.process_time()
        list(warc.read_archive(path))
        best = min(best, time.process_time() - t)
    return best


@pytest.mark.parametrize(
    "unit",
    [
        b"WARC/1.0\r\n",  # header lines that never end: each is a candidate, each fails
        b"WARC/1.0\r\nContent-Length: 5\r\n\r\n",  # headers whose records are cut short
        gzip.compress(b"WARC/1.0\r\n", mtime=0),  # tiny gzip members that hold no whole header
        gzip.compress(b"WARC/1.0\r\nxx" * 50, mtime=0)[:-9],  # gzip members cut short
        gzip.compress(b"", mtime=0),  # empty gzip members
    ],
    ids=["lines", "headers", "members", "cut-members", "empty-members"],
)
def test_damage_costs_linear_time(tmp_path: Path, unit: bytes) -> None:
    suffix = ".warc.gz" if unit[:2] == b"\x1f\x8b" else ".warc"
    small, large = tmp_path / f"small{suffix}", tmp_path / f"large{suffix}"
    small.write_bytes(unit * 5_000)
    large.write_bytes(unit * 20_000)
    assert len(split(list(warc.read_archive(large)))[1]) <= 1  # one bad span, or no record at all
    ratio = _cpu(large) / max(_cpu(small), 1e-3)
    assert ratio < 8, f"4x the bytes took {ratio:.1f}x the time"  # quadratic: 16x (it was, before)


# --- Content-Encoding ---------------------------------------------------------------------------------


def test_decode_content_undoes_each_coding_within_its_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from wireparse.compress import DecompressionError, decode_content  # noqa: PLC0415

    html = b"<p>Quay news.</p>" * 20
    assert decode_content(gzip.compress(html), "gzip") == html
    assert decode_content(gzip.compress(html), " X-GZIP ") == html
    assert decode_content(zlib.compress(html), "deflate") == html
    assert decode_content(zlib.compress(html)[2:-4], "deflate") == html  # raw deflate
    assert decode_content(html, "identity") == decode_content(html, "") == decode_content(html, None) == html
    assert decode_content(gzip.compress(zlib.compress(html)), "deflate, gzip") == html  # last applied first
    for data, coding, words in [
        (html, "gzip", "not gzip data"),
        (gzip.compress(html)[:-12], "gzip", "truncated"),
        (random_bytes(200, 8), "deflate", "damaged deflate"),
        (html, "compress", "not supported"),
        (gzip.compress(bytes(1 << 20)), "gzip", "more than 65536 bytes"),
        (zlib.compress(bytes(1 << 20)), "deflate", "more than 65536 bytes"),
        (html * 5000, "", "larger than 65536 bytes"),
    ]:
        with pytest.raises(DecompressionError, match=words):
            decode_content(data, coding, 1 << 16)
    monkeypatch.setitem(sys.modules, "brotli", None)
    with pytest.raises(DecompressionError, match="brotli"):
        decode_content(b"\x0b\x02\x80hi\x03", "br")


def test_decode_content_br() -> None:
    brotli = pytest.importorskip("brotli")
    from wireparse.compress import DecompressionError, decode_content  # noqa: PLC0415

    html = b"<p>Quay news.</p>" * 20
    assert decode_content(brotli.compress(html), "br") == html
    with pytest.raises(DecompressionError, match="more than 65536 bytes"):
        decode_content(brotli.compress(bytes(1 << 20)), "br", 1 << 16)
    with pytest.raises(DecompressionError, match="truncated br"):
        decode_content(brotli.compress(html * 50)[:-3], "br")
    with pytest.raises(DecompressionError, match="damaged br"):
        decode_content(random_bytes(300, 9), "br")
