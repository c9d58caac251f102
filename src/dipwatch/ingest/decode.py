"""Bytes -> text: byte-order marks, strict UTF-8, the charset an HTML page declares, then cp1252.

Binary files (NUL bytes outside UTF-16, known binary signatures, or text that is mostly control
characters) and empty files raise `IngestError`; a fallback decoding adds a warning.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .errors import IngestError

__all__ = ["Decoded", "decode_bytes"]

_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
    (b"\x7fELF", "executable"),
)
_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}encoding\s*=\s*["']([A-Za-z0-9_.-]{2,40})""")
_ESCAPED = re.compile("[\udc80-\udcff]+")
_SNIFF_BYTES = 4096
_MAX_CONTROL_SHARE = 0.05
# what a text file should not hold: the replacement character and the control characters
# (Unicode category Cc: U+0000-001F and U+007F-009F) other than \t \n \v \f \r
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a file, the codec that produced it, and any warning about how it was read."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 variant of BOM-less text whose every other byte is NUL (ASCII-range UTF-16)."""
    sample = data[:_SNIFF_BYTES]
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_strict_or_replace(data: bytes, encoding: str, warnings: list[str]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        where = f"{exc.reason} at byte {exc.start}"
        warnings.append(f"invalid {encoding.upper()} byte sequences replaced ({where})")
        return data.decode(encoding, errors="replace")


def _utf8(data: bytes) -> str | None:
    """Strict UTF-8, forgiving only a character cut off at the very end (a truncated read)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8", errors="strict")
        return None


def _declared_charset(data: bytes) -> str | None:
    """The codec an HTML page or XML file names for itself, if Python knows it."""
    head = data[:_SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _CHARSET.search(head)
    if not match:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _from_bytes(data: bytes, warnings: list[str]) -> tuple[str, str]:
    """(text, encoding) after BOM, signature and NUL checks; raises IngestError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict_or_replace(data[len(bom) :], encoding, warnings), encoding
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"binary file ({kind})")
    utf16 = _utf16_without_bom(data)
    if utf16:
        warnings.append(f"no byte-order mark: read as {utf16.upper()}")
        return _decode_strict_or_replace(data[: len(data) // 2 * 2], utf16, warnings), utf16
    if b"\x00" in data:
        raise IngestError("binary file (NUL bytes)")
    text = _utf8(data)
    if text is not None:
        return text, "utf-8"
    declared = _declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            warnings.append(f"declared charset {declared} does not fit the bytes; ignored")
    mixed = _mixed_utf8(data)
    if mixed is not None:
        warnings.append("mixed encodings: read as UTF-8, with the bytes that are not UTF-8 read as cp1252")
        return mixed, "utf-8+cp1252"
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    warnings.append(f"not valid UTF-8 and no usable charset declared: read as {encoding}")
    return text, encoding


def _single_byte(raw: bytes) -> str:
    """cp1252 byte by byte (its five undefined bytes as Latin-1)."""
    return "".join(raw[i : i + 1].decode("cp1252", errors="ignore") or chr(raw[i]) for i in range(len(raw)))


def _mixed_utf8(data: bytes) -> str | None:
    """The text of a file that is mostly UTF-8 with some cp1252/Latin-1 bytes pasted in (a page
    assembled from several sources), or None when it has no valid UTF-8 beyond ASCII."""
    text = data.decode("utf-8", errors="surrogateescape")  # a byte that is not UTF-8 -> U+DC80..U+DCFF
    escaped = _ESCAPED.findall(text)
    valid = sum(1 for c in text if ord(c) > 127) - sum(map(len, escaped))
    if valid < max(1, sum(map(len, escaped)) // 4):
        return None
    return _ESCAPED.sub(lambda m: _single_byte(m.group().encode("utf-8", "surrogateescape")), text)


def _control_share(text: str) -> float:
    sample = text[:100_000]
    return len(_NOT_TEXT.findall(sample)) / max(len(sample), 1)


def decode_bytes(data: bytes) -> Decoded:
    """The text of `data` with newlines normalised to "\\n" (raises IngestError: empty or binary)."""
    if not data.strip():
        raise IngestError("empty file")
    warnings: list[str] = []
    text, encoding = _from_bytes(data, warnings)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError("empty file")
    share = _control_share(text)
    if share > _MAX_CONTROL_SHARE:
        raise IngestError(f"binary file (mostly non-text: {share:.0%} control characters)")
    return Decoded(text=text, encoding=encoding, warnings=tuple(warnings))
