"""Stage 1, read: decoding and newline normalisation never fail and never lose text."""

from __future__ import annotations

import codecs
import sys

import pytest

import wireparse
from wireparse.read import ENCODING_SOURCES, codec_for_label, decode, normalise_newlines, read


@pytest.mark.parametrize(
    ("data", "encoding", "text"),
    [
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8", "Café"),
        (codecs.BOM_UTF16_LE + "Café".encode("utf-16-le"), "utf-16-le", "Café"),
        (codecs.BOM_UTF16_BE + "Café".encode("utf-16-be"), "utf-16-be", "Café"),
        ("Café — Zürich".encode(), "utf-8", "Café — Zürich"),
        ("Café “quoted”".encode("cp1252"), "cp1252", "Café “quoted”"),
        (b'<meta charset="iso-8859-1"><p>caf\xe9</p>', "cp1252", '<meta charset="iso-8859-1"><p>café</p>'),
    ],
)
def test_decode(data: bytes, encoding: str, text: str) -> None:
    got, enc, lossy = decode(data)
    assert got == text
    assert codecs.lookup(enc).name == codecs.lookup(encoding).name
    assert not lossy


def test_mostly_utf8_with_a_broken_byte_keeps_utf8_and_reports() -> None:
    data = "Zürich – ".encode() + b"\xff" + b" done"
    result = read(data)
    assert result.encoding == "utf-8"
    assert "Zürich" in result.text and "\ufffd" in result.text
    assert [d.code for d in result.defects] == ["undecodable-bytes"]


def test_undefined_cp1252_bytes_become_replacement_and_a_defect() -> None:
    result = read(b"abc \x81 def")
    assert "abc" in result.text and "def" in result.text
    assert any(d.code == "undecodable-bytes" for d in result.defects)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"])
def test_every_newline_convention_becomes_lf(newline: str) -> None:
    assert normalise_newlines(f"one{newline}two{newline}{newline}three") == "one\ntwo\n\nthree"


def test_str_input_keeps_every_character_but_a_leading_bom() -> None:
    result = read("\ufeffPARIS\u00a0(AFP)\x00 x")
    assert result.text == "PARIS\u00a0(AFP)\x00 x"
    assert result.encoding is None
    assert [d.code for d in result.defects] == ["control-characters"]


# --- the detector (extra `encoding`): Windows-1252 stays unless another encoding reads better ------

FRENCH = "Le ministre a déclaré mercredi que les négociations reprendront à Genève après l’été. " * 3
"""Windows-1252 bytes that ``charset-normalizer`` alone reads as cp1250 (``à Genève`` → ``ŕ Genčve``)."""


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        (FRENCH, "cp1252"),
        ("Café “quoted”", "cp1252"),
        ("Министр заявил в среду, что переговоры возобновятся в Женеве после лета. " * 2, "cp1251"),
        ("東京の株式市場は水曜日に上昇した。政府は新しい政策を発表した。" * 2, "shift_jis"),
        ("北京时间周三，政府宣布了新的经济政策，市场反应积极。" * 2, "gbk"),
        ("Minister powiedział w środę, że rozmowy zostaną wznowione. Żółć gęślą jaźń. " * 2, "cp1250"),
    ],
    ids=["french-cp1252", "short-cp1252", "russian-cp1251", "japanese-sjis", "chinese-gbk", "polish-cp1250"],
)
def test_the_detector_reads_legacy_encodings(text: str, encoding: str) -> None:
    pytest.importorskip("charset_normalizer")
    got, _, lossy = decode(text.encode(encoding))
    assert got == text
    assert not lossy


def test_without_the_detector_unknown_bytes_are_windows_1252(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "charset_normalizer", None)  # its import now fails
    assert decode("Café “quoted”".encode("cp1252")) == ("Café “quoted”", "cp1252", False)
    assert decode(FRENCH.encode("cp1252"))[0] == FRENCH


# --- declared charsets: only real text encodings, read as browsers read their labels ----------------

NOT_TEXT = ["hex", "base64", "rot13", "zlib", "bz2", "uu", "quopri", "idna", "undefined", "unicode_escape"]


@pytest.mark.parametrize("label", NOT_TEXT)
@pytest.mark.parametrize("html", [True, False])
def test_a_codec_that_is_no_text_encoding_never_decodes_a_page(label: str, html: bool) -> None:
    page = f'<meta charset="{label}"><p>Caf\xe9 \\u00e9 \\ud800 said the minister.</p>'.encode("latin-1")
    if html:
        page = b"<!DOCTYPE html><html><head>" + page + b"</head><body><p>More text.</p></body></html>"
    d = wireparse.parse(page)  # raised LookupError / UnicodeError, or decoded escapes into surrogates
    assert d.encoding is not None and codecs.lookup(d.encoding)._is_text_encoding
    assert d.encoding.replace("-", "_") not in NOT_TEXT
    assert "\\u00e9" in d.source  # the escape is text, not decoded
    assert not any("\ud800" <= c <= "\udfff" for c in d.source)


@pytest.mark.parametrize(
    ("label", "codec"),
    [("gb2312", "gb18030"), ("GBK", "gb18030"), ("windows-874", "cp874"), ("tis-620", "cp874"),
     ("latin1", "cp1252"), ("US-ASCII", "cp1252"), ("shift_jis", "cp932"), ("euc-kr", "cp949"),
     ("big5", "big5hkscs"), ("utf-16", "utf-8"), ("x-user-defined", None), ("koi8-r", "koi8-r")],
)  # fmt: skip
def test_labels_are_read_by_the_whatwg_table(label: str, codec: str | None) -> None:
    assert codec_for_label(label) == codec


def test_a_gb2312_page_decodes_as_browsers_decode_it() -> None:
    text = "北京时间周三，政府宣布了新的经济政策。镕"  # 镕 is in GBK, not in GB2312
    page = b'<html><head><meta charset="gb2312"></head><body><p>' + text.encode("gbk") + b"</p></body></html>"
    d = wireparse.parse(page)
    assert text in d.source and not any(x.code == "undecodable-bytes" for x in d.defects)


@pytest.mark.parametrize("label", ["iso-8859-1", "gb2312", "windows-1251"])
def test_a_page_resaved_as_utf8_under_an_old_declaration_reads_as_utf8(label: str) -> None:
    page = f'<html><head><meta charset="{label}"></head><body><p>Die Zeit für Änderungen.</p></body></html>'
    d = wireparse.parse(page.encode("utf-8"))
    assert "für Änderungen" in d.source and d.encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_ascii_utf16_without_a_bom_is_told_by_its_nuls(codec: str) -> None:
    page = "Harbour Times\nPort strike ends\n\nROTTERDAM, Feb 9 (Reuters) - Dock workers voted to accept."
    d = wireparse.parse(page.encode(codec))  # was read as UTF-8: NULs between every letter
    assert d.encoding == codec and "\x00" not in d.source
    assert d.dateline is not None and d.dateline.city == "ROTTERDAM"


def test_bytes_with_a_few_nuls_are_not_utf16() -> None:
    data = b"Plain text with a stray \x00 NUL in it, said the report on Monday."
    assert decode(data)[1] != "utf-16-le" and decode(data)[1] != "utf-16-be"


@pytest.mark.parametrize(
    ("data", "encoding", "source"),
    [
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8", "bom"),
        ("Riga, Dec 1 (AFP) met".encode("utf-16-le"), "utf-16-le", "utf-16-nuls"),
        (b'<?xml version="1.0" encoding="koi8-r"?><p>\xf0\xd2\xc9</p>', "koi8-r", "declared"),
        (b'<html><head><meta charset="windows-1251"></head><p>\xcf\xf0\xe8</p></html>', "cp1251", "declared"),
        ('<html><head><meta charset="iso-8859-1"></head><p>für</p></html>'.encode(), "utf-8", "utf-8"),
        ("Zürich".encode(), "utf-8", "utf-8"),
        (b"caf\xe9 cr\xe8me", "cp1252", "default"),
    ],
)
def test_the_record_says_where_its_encoding_came_from(data: bytes, encoding: str, source: str) -> None:
    d = wireparse.parse(data)
    assert (d.encoding, d.encoding_source) == (encoding, source)
    assert d.encoding_source in ENCODING_SOURCES
    assert wireparse.Dispatch.from_dict(d.to_dict()).encoding_source == source
    assert wireparse.parse(data.decode(encoding, "replace")).encoding_source is None  # str input
