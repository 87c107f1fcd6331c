"""Stage 1, read: bytes or str → one normalised text, never failing.

Bytes are decoded by, in order: a byte-order mark; a charset declared in the first kilobytes
(``<meta charset>``, ``http-equiv``, an XML declaration); strict UTF-8; the ``charset-normalizer``
detector when that optional extra is installed; else Windows-1252. Bytes that no step can decode
become U+FFFD and an ``undecodable-bytes`` defect. Every newline convention (CRLF, CR, NEL, LS,
PS, VT, FF) becomes ``\\n``; nothing else is changed, so the text keeps every character it had.
"""

from __future__ import annotations

import codecs

import attrs
import regex

from wireparse.records import Defect, Span

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


@attrs.frozen
class ReadResult:
    """The decoded page."""

    text: str
    encoding: str | None
    defects: tuple[Defect, ...]


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:_SNIFF])
    if not m:
        return None
    name = m.group(1).decode("ascii", "replace").lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "undefined", "punycode"):
        return None  # "hex", "base64", "rot13"…: codecs, not text encodings
    if info.name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # a byte page that declares UTF-16 in ASCII is not UTF-16 (HTML standard)
    return info.name


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes  # type: ignore[import-not-found,unused-ignore]  # noqa: PLC0415
    except ImportError:
        return None
    best = from_bytes(data[: 1 << 20]).best()
    return best.encoding if best is not None else None


def decode(data: bytes) -> tuple[str, str, bool]:
    """Decode bytes; return ``(text, encoding, lossy)``. Never raises."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, "replace")
            return text, name, "\ufffd" in text
    declared = _declared_charset(data)
    if declared is not None:
        try:
            text = data.decode(declared, "replace")
        except (LookupError, UnicodeError):
            pass
        else:
            return text, declared, "\ufffd" in text
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as err:
        # Mostly UTF-8 with a few broken sequences: keep UTF-8 and mark the damage. UTF-8 shows in
        # valid multibyte characters, before the first broken byte or in at least equal number.
        text = data.decode("utf-8", "replace")
        broken = text.count("\ufffd")
        valid = sum(1 for c in text if c > "\x7f") - broken
        if valid > 0 and (any(b >= 0xC2 for b in data[: err.start]) or valid >= broken):
            return text, "utf-8", True
    detected = _detect(data)
    if detected is not None:
        text = data.decode(detected, "replace")
        return text, detected, "\ufffd" in text
    text = data.decode("cp1252", "replace")
    return text, "cp1252", "\ufffd" in text


def normalise_newlines(text: str) -> str:
    """Every newline convention becomes ``\\n`` (lengths change only for CRLF)."""
    if "\r" not in text and not any(c in text for c in "\x0b\x0c\x85\u2028\u2029"):
        return text
    return _NEWLINES.sub("\n", text)


def read(page: str | bytes) -> ReadResult:
    """Decode and normalise one page."""
    defects: list[Defect] = []
    encoding: str | None = None
    if isinstance(page, bytes | bytearray | memoryview):
        text, encoding, lossy = decode(bytes(page))
        if lossy:
            defects.append(
                Defect(
                    "undecodable-bytes",
                    f"some bytes could not be decoded as {encoding} and became U+FFFD",
                    "read",
                )
            )
    else:
        text = page.lstrip("\ufeff")  # every leading BOM: parsing the source again changes nothing
    text = normalise_newlines(text)
    if "\x00" in text:
        first = text.index("\x00")
        defects.append(
            Defect("control-characters", "the page holds NUL characters", "read", Span(first, first + 1))
        )
    return ReadResult(text, encoding, tuple(defects))
