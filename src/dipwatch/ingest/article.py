"""One page -> one Article: decode, clean, date, language; and the batch loop around it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError, one_line
from ..records import Article, IngestFailure
from .clean import Cleaned, clean_html, clean_text, too_deep
from .dates import publication_date
from .decode import decode_bytes
from .errors import IngestError
from .language import detect_language
from .sidecar import read_sidecar, sidecar_meta
from .sources import SourceFile, iter_sources

__all__ = ["MAX_BYTES", "MAX_TEXT_CHARS", "RawPage", "article_from_bytes", "read_articles", "read_page", "read_source"]

# Size limits (issue 7). A larger file fails as "too large" without being read: cleaning a 20 MB page
# takes trafilatura about two minutes, and no news page is that big. A longer cleaned text is cut at
# the last paragraph break before the limit, with a warning (the NLP stage reads ~7k words/s).
MAX_BYTES = 10 * 1024 * 1024
MAX_TEXT_CHARS = 300_000
_SHORT_TEXT = 200  # fewer characters than this after cleaning earn a warning
_MIN_SENTENCE_WORDS = 6  # an article has at least one paragraph this long ("Home World" is not one)
_MIN_WIDE_LETTERS = 20  # ... or, in a language written without spaces, this many letters
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_TOO_DEEP = "HTML nested more than 255 elements deep: the parser stops there"
_ANY_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]|!--|!doctype)[\s>/]", re.I)


def _substantive(paragraph: str) -> bool:
    """A paragraph long enough to be article text: six words, or (Chinese, Japanese, Korean, written
    without spaces) twenty wide letters."""
    if len(paragraph.split()) >= _MIN_SENTENCE_WORDS:
        return True
    wide = sum(1 for c in paragraph if c.isalpha() and unicodedata.east_asian_width(c) in "WF")
    return wide >= _MIN_WIDE_LETTERS


def _cut(text: str) -> str:
    """The text up to MAX_TEXT_CHARS, ended at its last paragraph (else line, else word) break."""
    head = text[:MAX_TEXT_CHARS]
    for mark in ("\n\n", "\n", " "):
        end = head.rfind(mark)
        if end > MAX_TEXT_CHARS // 2:
            return head[:end].rstrip()
    return head


def _sniff_format(text: str, by_extension: str, warnings: list[str]) -> str:
    """The format to read the page as: its extension's, unless the content plainly says otherwise."""
    if by_extension == "text" and _HTML_START.match(text[:2048]):
        warnings.append("text file holds an HTML page: read as HTML")
        return "html"
    if by_extension == "html" and not _ANY_TAG.search(text[:65536]):
        warnings.append("HTML file holds no markup: read as plain text")
        return "text"
    return by_extension


def article_from_bytes(
    data: bytes, *, doc: str, source_path: str, source_format: str, sidecar: dict[str, Any] | None
) -> Article:
    """The Article of one page's bytes (raises IngestError with a one-line reason when there is none).

    `source_format` is "html" or "text" (by extension; a .txt holding an HTML page is read as HTML).
    `sidecar` is the parsed sidecar object; a bad field is ignored with a warning.
    """
    if source_format not in ("html", "text"):
        raise ValueError(f"source_format must be 'html' or 'text', not {source_format!r}")
    if len(data) > MAX_BYTES:
        raise IngestError(f"too large: {_megabytes(len(data))}, the limit is {_megabytes(MAX_BYTES)}")
    meta, warnings = sidecar_meta(sidecar, f"{Path(source_path).stem or doc}.json")
    decoded = decode_bytes(data)
    warnings.extend(decoded.warnings)
    fmt = _sniff_format(decoded.text, source_format, warnings)
    cleaned: Cleaned = clean_html(decoded.text) if fmt == "html" else clean_text(decoded.text)
    if not any(_substantive(p) for p in cleaned.text.split("\n\n")):
        deep = fmt == "html" and too_deep(decoded.text)
        raise IngestError("no article text found after cleaning" + (f" ({_TOO_DEEP})" if deep else ""))
    if len(cleaned.text) > MAX_TEXT_CHARS:
        cleaned = dataclasses.replace(cleaned, text=_cut(cleaned.text))
        warnings.append(
            f"article text longer than {MAX_TEXT_CHARS:,} characters after cleaning: cut to {len(cleaned.text):,}"
        )
    if len(cleaned.text) < _SHORT_TEXT:
        warnings.append(f"little article text after cleaning ({len(cleaned.text)} characters)")
    published, inferred = publication_date(
        meta.published, metadata=cleaned.date, text=cleaned.text, header=cleaned.header, page=decoded.text
    )
    language, language_warning = detect_language(cleaned.text)
    if language_warning:
        warnings.append(language_warning)
    return Article(
        doc=doc,
        text=cleaned.text,
        content_hash=hashlib.sha256(cleaned.text.encode("utf-8")).hexdigest(),
        source_path=source_path,
        source_format=fmt,
        title=meta.title or cleaned.title,
        url=meta.url or cleaned.url,
        outlet=meta.outlet or cleaned.outlet,
        published=published,
        published_inferred=inferred,
        language=language,
        warnings=tuple(warnings),
    )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _read_capped(path: Path) -> bytes:
    """The file's bytes; raises IngestError without reading a file larger than MAX_BYTES."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(MAX_BYTES + 1) if size <= MAX_BYTES else b""
    if size > MAX_BYTES or len(data) > MAX_BYTES:  # (a file that grew while being read)
        size = max(size, len(data))
        raise IngestError(f"too large: {_megabytes(size)}, the limit is {_megabytes(MAX_BYTES)}")
    return data


@dataclass(frozen=True, slots=True)
class RawPage:
    """One page's bytes from anywhere but a folder (a fetched URL, a feed item, a WARC record), not
    yet cleaned. Picklable, so that pages can be read in worker processes."""

    origin: str  # the URL, or "FILE.warc.gz#offset": stored as the document's source_path
    doc: str  # the document name
    data: bytes
    format: str  # "html" or "text", by content type (the content may still say otherwise)
    sidecar: dict[str, Any] | None = None  # metadata as a sidecar gives it: url, title, outlet, published


def read_page(page: RawPage) -> Article | IngestFailure:
    """The Article of one page, or an IngestFailure naming the page and the reason."""
    return _article_or_failure(page.data, doc=page.doc, origin=page.origin, source_format=page.format,
                               sidecar=page.sidecar)


def _read_one(source: SourceFile) -> Article | IngestFailure:
    path = str(source.path)
    try:
        data = _read_capped(source.path)
    except OSError as exc:
        return IngestFailure(path, f"unreadable: {exc.strerror or exc}")
    except IngestError as exc:
        return IngestFailure(path, exc.reason)
    sidecar, sidecar_warnings = read_sidecar(source.sidecar) if source.sidecar else (None, [])
    article = _article_or_failure(data, doc=source.doc, origin=path, source_format=source.format, sidecar=sidecar)
    if sidecar_warnings and isinstance(article, Article):
        return dataclasses.replace(article, warnings=(*sidecar_warnings, *article.warnings))
    return article


def _article_or_failure(data: bytes, *, doc: str, origin: str, source_format: str,
                        sidecar: dict[str, Any] | None) -> Article | IngestFailure:
    try:
        return article_from_bytes(data, doc=doc, source_path=origin, source_format=source_format, sidecar=sidecar)
    except IngestError as exc:
        return IngestFailure(origin, exc.reason)
    except KnowledgeError:
        raise  # a broken furniture.yaml is not this page's fault
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop the batch
        return IngestFailure(origin, f"unexpected error: {type(exc).__name__}: {one_line(exc)}")


def read_source(source: SourceFile | RawPage) -> Article | IngestFailure:
    """The Article of a file or a page, or an IngestFailure saying why not (never raises for bad input)."""
    return read_page(source) if isinstance(source, RawPage) else _read_one(source)


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | IngestFailure]:
    """An Article, or an IngestFailure saying why not, for every article file under `paths`.

    `paths` are files or folders (walked recursively, see `find_sources`); a web archive yields its
    pages. A bad file never raises: it yields `IngestFailure(path, reason)` and the batch goes on.
    """
    from .warc import expand_warcs  # (warc.py imports this module)

    for item in expand_warcs(iter_sources(paths)):
        yield item if isinstance(item, IngestFailure) else read_source(item)
