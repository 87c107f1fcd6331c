"""Stage 1, read: bytes or str → one normalised text, never failing.

Bytes are decoded by, in order: a byte-order mark; the charset declared outside the page, by the
HTTP ``Content-Type`` header that served it (``charset=``, as a WARC response carries it: browsers
rank it below the mark and above the page's own declaration); UTF-16 told by its NULs when it has
no mark (:func:`_utf16_without_bom`); a charset declared in the first kilobytes
(``<meta charset>``, ``http-equiv``, an XML declaration); strict UTF-8; the ``charset-normalizer``
detector when that optional extra is installed; else Windows-1252. Bytes that no step can decode
become U+FFFD and an ``undecodable-bytes`` defect. Every newline convention (CRLF, CR, NEL, LS,
PS, VT, FF) becomes ``\\n``; nothing else is changed, so the text keeps every character it had.

Read also decides whether the page is HTML (:func:`wireparse.html.looks_like_html`: a doctype or
``<html`` first, or tags dominating the first kilobytes) and records it as ``format``. The bytes of
an HTML page are decoded by the charset its ``<meta charset>`` or ``http-equiv`` declaration names,
searched in its head (up to ``</head>``, at most 64 KB), before the UTF-8 guess. Every declared
label is read as browsers read it, by the WHATWG table in ``tables/encodings.toml``
(:func:`codec_for_label`: ``iso-8859-1`` and ``us-ascii`` mean Windows-1252, ``gb2312`` gb18030, a
``utf-16`` label in an ASCII-compatible page UTF-8); a label not in it (``hex``, ``base64``…: codecs
that are no text encodings) is ignored. Bytes that declare a legacy charset but read as UTF-8 with
characters beyond ASCII (re-saved by a crawler) decode as UTF-8.
"""

from __future__ import annotations

import codecs
import functools

import attrs
import regex

from wireparse.html import looks_like_html
from wireparse.records import Defect, Span
from wireparse.tables import load

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = regex.compile(
    rb"""(?:<meta[^>]{0,200}?charset\s*=\s*["']?\s*|<\?xml[^>]{0,100}?encoding\s*=\s*["'])([A-Za-z0-9._:-]{1,40})""",
    regex.IGNORECASE,
)
_NEWLINES = regex.compile(r"\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_SNIFF = 4096
_HTML_SNIFF = 65536
_HEAD_END = regex.compile(rb"</head\s*>", regex.IGNORECASE)


@attrs.frozen
class ReadResult:
    """The decoded page."""

    text: str
    encoding: str | None
    defects: tuple[Defect, ...]
    format: str = "text"
    """``text`` or ``html``."""
    encoding_source: str | None = None
    """Where :attr:`encoding` came from (:data:`ENCODING_SOURCES`); None for ``str`` input."""


ENCODING_SOURCES = ("bom", "http", "utf-16-nuls", "declared", "utf-8", "detected", "default")
"""Where the encoding of a byte page came from, in the order :func:`decode` tries them: a byte-order
mark; the ``charset`` of the HTTP header that served the page (``parse(charset=)``, a WARC
response's ``Content-Type``); UTF-16 told by its NULs; a charset the page declares (``<meta
charset>``, ``http-equiv``, an XML declaration); the bytes read as UTF-8 (none declared, or a legacy
declaration they contradict); the ``charset-normalizer`` detector; Windows-1252, the default."""


@functools.cache
def _labels() -> dict[str, str | None]:
    """Encoding label → Python codec (None: a UTF-16 or refused label), from ``tables/encodings.toml``."""
    table = load("encodings")
    out: dict[str, str | None] = {}
    for codec, labels in table["codecs"].items():
        for label in labels:
            out[label] = codec
    for label in (*table["utf16"]["labels"], *table["refused"]["labels"]):
        out[label] = None
    return out


def codec_for_label(label: str) -> str | None:
    """The Python codec a browser decodes a page by when it declares ``label`` (the WHATWG table in
    ``tables/encodings.toml``), or None for a label that is not a text encoding's.

    >>> codec_for_label("GB2312"), codec_for_label(" ISO-8859-1 "), codec_for_label("hex")
    ('gb18030', 'cp1252', None)
    >>> codec_for_label("utf-16")  # a byte page in ASCII that declares UTF-16 is UTF-8
    'utf-8'
    """
    key = label.strip().lower()
    labels = _labels()
    if key in labels and labels[key] is None:
        return "utf-8" if key in _utf16_labels() else None
    return labels.get(key)


@functools.cache
def _utf16_labels() -> frozenset[str]:
    return frozenset(load("encodings")["utf16"]["labels"])


def codec_for_http_label(label: str) -> str | None:
    """The Python codec for a charset label an HTTP header declares: as :func:`codec_for_label`,
    except that a UTF-16 label means UTF-16 here (the bytes are not an ASCII page's then).

    >>> codec_for_http_label("windows-1251"), codec_for_http_label("UTF-16BE"), codec_for_http_label("x")
    ('cp1251', 'utf-16-be', None)
    """
    key = label.strip().strip("\"'").strip().lower()
    if key in _utf16_labels():
        return "utf-16-be" if key in ("utf-16be", "unicodefffe") else "utf-16-le"
    return codec_for_label(key)


def _http_codec(data: bytes, charset: str | None) -> str | None:
    """The codec of the HTTP header's ``charset``, unless the bytes show it wrong: legacy bytes
    that read as UTF-8 with characters beyond ASCII are UTF-8, as with a page's own declaration."""
    if not charset:
        return None
    codec = codec_for_http_label(charset)
    if codec is None or codec.startswith("utf-16") or not _resaved_utf8(data, codec):
        return codec
    return "utf-8"


def _http_source(codec: str, charset: str | None) -> str:
    """``http`` when the header's label was used, ``utf-8`` when the bytes overruled it."""
    return "http" if charset and codec == codec_for_http_label(charset) else "utf-8"


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:_SNIFF])
    if not m:
        return None
    return codec_for_label(m.group(1).decode("ascii", "replace"))


def _html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in its head, as a browser reads the label."""
    window = data[:_HTML_SNIFF]
    end = _HEAD_END.search(window)
    m = _DECLARED.search(window, 0, end.start() if end else len(window))
    if not m:
        return None
    return codec_for_label(m.group(1).decode("ascii", "replace"))


UTF16_NULS = 0.9
"""UTF-16 without a byte-order mark shows in its NULs: in text of mostly ASCII characters, the high
byte of (nearly) every code unit is 0. At least this share of the even (big-endian) or odd
(little-endian) bytes of the first kilobytes must be NUL, and at most a tenth of the others."""


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for bytes that are UTF-16 by their NUL pattern, else None.

    >>> _utf16_without_bom("Riga, Dec 1 (AFP)".encode("utf-16-le")), _utf16_without_bom(b"Riga")
    ('utf-16-le', None)
    """
    head = data[:_SNIFF]
    if len(head) < 8 or b"\x00" not in head:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2], head[1::2]
    n = len(even)
    even_nul, odd_nul = even.count(0), odd.count(0)
    if odd_nul >= UTF16_NULS * n and even_nul <= 0.1 * n:
        return "utf-16-le"
    if even_nul >= UTF16_NULS * n and odd_nul <= 0.1 * n:
        return "utf-16-be"
    return None


def _resaved_utf8(data: bytes, declared: str) -> bool:
    """Do bytes that declare a legacy encoding read as UTF-8, with characters beyond ASCII? A
    crawler that saved the page as UTF-8 kept its old declaration (``für`` would read ``fÃ¼r``)."""
    if declared == "utf-8" or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, bool]:
    """Decode an HTML page's bytes: a byte-order mark, else the HTTP header's ``charset``, else its
    declared charset, else as :func:`decode`. Return ``(text, encoding, lossy)``; never raises."""
    return _decode_html(data, charset)[:3]


def _decode_html(data: bytes, charset: str | None = None) -> tuple[str, str, bool, str]:
    """:func:`decode_html`, and where the encoding came from (:data:`ENCODING_SOURCES`)."""
    if not any(data.startswith(bom) for bom, _ in _BOMS):
        http = _http_codec(data, charset)
        if http is not None:
            text = data.decode(http, "replace")
            return text, http, "\ufffd" in text, _http_source(http, charset)
        declared = _html_charset(data)
        if declared is not None and not _resaved_utf8(data, declared):
            text = data.decode(declared, "replace")
            return text, declared, "\ufffd" in text, "declared"
    return _decode(data, charset)


def _detect(data: bytes) -> str | None:
    """The encoding ``charset-normalizer`` finds on evidence, or None to keep Windows-1252.

    Windows-1252 is the default for unlabelled legacy pages (as in browsers), so the detector's
    pick replaces it only when it reads the bytes better: Windows-1252 reads them with more mess or
    less language coherence than the pick, and the pick is backed by a language (coherence above
    0) or by a multibyte encoding's byte structure. Without that, the detector's guess on a short
    page is arbitrary (``Café “quoted”`` comes out as the Ukrainian DOS code page cp1125, French
    ``à Genève`` under cp1250 as ``ŕ Genčve``).
    """
    try:
        from charset_normalizer import from_bytes  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
        from charset_normalizer.utils import is_multi_byte_encoding  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return None
    matches = from_bytes(data[: 1 << 20])
    best = matches.best()
    if best is None:
        return None
    if any(
        "cp1252" in m.could_be_from_charset and m.chaos <= best.chaos and m.coherence >= best.coherence
        for m in matches
    ):
        return None
    if best.coherence <= 0 and not is_multi_byte_encoding(best.encoding):
        return None
    return str(best.encoding)


def decode(data: bytes, charset: str | None = None) -> tuple[str, str, bool]:
    """Decode bytes (``charset``: the label an HTTP header declares for them); return
    ``(text, encoding, lossy)``. Never raises."""
    return _decode(data, charset)[:3]


def _decode(data: bytes, charset: str | None = None) -> tuple[str, str, bool, str]:
    r""":func:`decode`, and where the encoding came from (:data:`ENCODING_SOURCES`).

    >>> _decode(codecs.BOM_UTF8 + b"x")[3], _decode(b"caf\xc3\xa9")[3], _decode(b"caf\xe9")[3]
    ('bom', 'utf-8', 'default')
    >>> _decode(b'<meta charset="koi8-r"><p>\xf0\xd2\xc9')[1:]
    ('koi8-r', False, 'declared')
    >>> _decode(b"\xcf\xf0\xe8", "windows-1251")[1:]
    ('cp1251', False, 'http')
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, "replace")
            return text, name, "\ufffd" in text, "bom"
    http = _http_codec(data, charset)
    if http is not None:
        text = data.decode(http, "replace")
        return text, http, "\ufffd" in text, _http_source(http, charset)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text = data.decode(utf16, "replace")
        return text, utf16, "\ufffd" in text, "utf-16-nuls"
    declared = _declared_charset(data)
    if declared is not None and not _resaved_utf8(data, declared):
        text = data.decode(declared, "replace")
        return text, declared, "\ufffd" in text, "declared"
    try:
        return data.decode("utf-8"), "utf-8", False, "utf-8"
    except UnicodeDecodeError as err:
        # Mostly UTF-8 with a few broken sequences: keep UTF-8 and mark the damage. UTF-8 shows in
        # valid multibyte characters, before the first broken byte or in at least equal number.
        text = data.decode("utf-8", "replace")
        broken = text.count("\ufffd")
        valid = sum(1 for c in text if c > "\x7f") - broken
        if valid > 0 and (any(b >= 0xC2 for b in data[: err.start]) or valid >= broken):
            return text, "utf-8", True, "utf-8"
    detected = _detect(data)
    if detected is not None:
        text = data.decode(detected, "replace")
        return text, detected, "\ufffd" in text, "detected"
    text = data.decode("cp1252", "replace")
    return text, "cp1252", "\ufffd" in text, "default"


def normalise_newlines(text: str) -> str:
    """Every newline convention becomes ``\\n`` (lengths change only for CRLF)."""
    if "\r" not in text and not any(c in text for c in "\x0b\x0c\x85\u2028\u2029"):
        return text
    return _NEWLINES.sub("\n", text)


def read(
    page: str | bytes | bytearray | memoryview, *, html: bool | None = None, charset: str | None = None
) -> ReadResult:
    """Decode and normalise one page; ``html`` says whether it is HTML (``None``: decide by
    :func:`~wireparse.html.looks_like_html`); ``charset`` is the label the HTTP header that served
    the bytes declares (ignored for ``str`` and for a label that names no text encoding)."""
    defects: list[Defect] = []
    encoding: str | None = None
    source: str | None = None
    if isinstance(page, bytes | bytearray | memoryview):
        data = bytes(page)
        if html is None and looks_like_html(data):
            html = True  # else decided on the decoded text below (a UTF-16 page, say)
        text, encoding, lossy, source = _decode_html(data, charset) if html else _decode(data, charset)
        if lossy:
            defects.append(
                Defect(
                    "undecodable-bytes",
                    f"some bytes could not be decoded as {encoding} and became U+FFFD",
                    "read",
                )
            )
    else:
        text = page
    text = text.lstrip("\ufeff")  # every leading BOM: parsing the source again changes nothing
    if html is None:
        html = looks_like_html(text)
    text = normalise_newlines(text)
    if "\x00" in text:
        first = text.index("\x00")
        defects.append(
            Defect("control-characters", "the page holds NUL characters", "read", Span(first, first + 1))
        )
    return ReadResult(text, encoding, tuple(defects), "html" if html else "text", source)
