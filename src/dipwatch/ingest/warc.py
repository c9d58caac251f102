"""Pages from web archives: `warc_pages(path)` -> RawPage | IngestFailure, for `.warc` and `.warc.gz`.

Only `response` records of an HTTP 200 with an HTML or plain-text content type are pages; every
other record (requests, metadata, redirects, errors, images, PDFs ...) is skipped without a word,
since a crawl holds far more of those than of articles. A WARC with no page at all fails once.

A page's origin (its document's source_path) is `FILE#OFFSET`: the WARC and the offset of its
record in it (for `.warc.gz` the offset of its gzip member, as CDX indexes give it, so that
`warcio extract FILE OFFSET` prints it). That is unique even when a crawl holds one URI twice.
The record's WARC-Target-URI is the page's `url` and makes its document name. WARC-Date is the
crawl time, not the publication date, so it is not used: the date comes from the page itself.

A truncated or corrupt WARC yields the records read before the damage, then one IngestFailure
naming the file and what went wrong. warcio stops silently at some truncations of a `.warc.gz`,
or yields a scrap of a record; the checks that every record has its length and is read to it,
that the last gzip member is whole, and that nothing follows the last record catch those.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from ..records import IngestFailure
from .article import MAX_BYTES, RawPage
from .sources import SourceFile, WarcFile
from ..errors import one_line
from .urls import doc_name

__all__ = ["expand_warcs", "warc_pages"]

_FORMATS = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_TAIL = 4096  # bytes after the last record read to tell padding from a record cut short
_GZIP_MAGIC = b"\x1f\x8b"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _wanted(record: Any) -> tuple[str, str] | None:
    """(target URI, format) of a record that is a page; None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI") or "").strip()
    if not uri.lower().startswith(("http://", "https://")) or record.http_headers.get_statuscode() != "200":
        return None
    media = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
    fmt = _FORMATS.get(media)
    return (uri, fmt) if fmt else None


def warc_pages(path: str | Path) -> Iterator[RawPage | IngestFailure]:
    """Every page in a WARC file, in file order; an IngestFailure naming the file when it is unreadable,
    corrupt or truncated (after the pages read before the damage), or holds no page at all."""
    name = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - held open across yields, closed below
    except OSError as exc:
        yield IngestFailure(name, f"unreadable: {exc.strerror or exc}")
        return
    with handle:
        records = pages = offset = end = 0
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                records += 1
                wanted = _wanted(record)
                data = record.content_stream().read(MAX_BYTES + 1) if wanted else b""
                offset = iterator.get_record_offset()  # (reads the rest of the record)
                end = offset + iterator.get_record_length()
                damage = _damage(record)
                if damage:
                    yield IngestFailure(name, f"corrupt or truncated WARC: the record at offset {offset} {damage}")
                    return
                if wanted:
                    pages += 1
                    yield _page(name, offset, *wanted, data)
        except Exception as exc:  # noqa: BLE001 - warcio raises anything from ValueError to AttributeError
            yield IngestFailure(name, f"corrupt or truncated WARC after {_records(records)}: "
                                      f"{type(exc).__name__}: {one_line(exc)}")
            return
        handle.seek(end)
        tail = handle.read(_TAIL)
        whole = records == 0 or _gzip_member_whole(handle, offset)
    if not whole:
        yield IngestFailure(name, f"truncated WARC: the gzip member at offset {offset} is cut short")
    elif tail.strip(b"\r\n\t "):
        yield IngestFailure(name, f"corrupt or truncated WARC: the data after offset {end} is not a complete "
                                  f"record ({_records(records)} read)")
    elif pages == 0:
        yield IngestFailure(name, f"no page in this WARC ({_records(records)}, none an HTTP 200 response "
                                  "with an HTML or text content type)")


def _records(count: int) -> str:
    return f"{count} record" + ("" if count == 1 else "s")


def _damage(record: Any) -> str | None:
    """What is wrong with a record read to its end (a scrap of one, or one cut short), or None."""
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        return "has no valid Content-Length (a scrap of a record)"
    if getattr(record.raw_stream, "limit", 0) > 0:
        return "is cut short"
    return None


def _gzip_member_whole(handle: Any, offset: int) -> bool:
    """Whether the gzip member at `offset` ends properly (True for an uncompressed WARC). warcio reads
    a member without its trailer without complaint; this decompresses the last member once more."""
    handle.seek(offset)
    if handle.read(2) != _GZIP_MAGIC:
        return True
    handle.seek(offset)
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        while not inflater.eof and (block := handle.read(65536)):
            inflater.decompress(block, 65536)
            while inflater.unconsumed_tail and not inflater.eof:
                inflater.decompress(inflater.unconsumed_tail, 65536)
    except zlib.error:
        return False
    return inflater.eof


def _page(name: str, offset: int, uri: str, fmt: str, data: bytes) -> RawPage | IngestFailure:
    origin = f"{name}#{offset}"
    if len(data) > MAX_BYTES:
        return IngestFailure(origin, f"too large: over the {_megabytes(MAX_BYTES)} limit")
    return RawPage(origin=origin, doc=doc_name(uri), data=data, format=fmt, sidecar={"url": uri})


def expand_warcs(
    sources: Iterable[SourceFile | WarcFile | RawPage | IngestFailure],
) -> Iterator[SourceFile | RawPage | IngestFailure]:
    """The sources with each WARC file replaced by its pages (and failures), in order."""
    for source in sources:
        if isinstance(source, WarcFile):
            yield from warc_pages(source.path)
        else:
            yield source
