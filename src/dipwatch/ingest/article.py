"""One page -> one Article: decode, clean, date, language; and the batch loop around it."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import KnowledgeError
from ..records import Article, IngestFailure
from .clean import Cleaned, clean_html, clean_text
from .dates import publication_date
from .decode import decode_bytes
from .errors import IngestError
from .language import detect_language
from .sidecar import read_sidecar, sidecar_meta
from .sources import SourceFile, iter_sources

__all__ = ["MAX_BYTES", "article_from_bytes", "read_articles"]

MAX_BYTES = 20 * 1024 * 1024  # a larger file is read up to here, with a warning
_SHORT_TEXT = 200  # fewer characters than this after cleaning earn a warning
_MIN_SENTENCE_WORDS = 6  # an article has at least one paragraph this long ("Home World" is not one)
_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_ANY_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*|/[a-zA-Z]|!--|!doctype)[\s>/]", re.I)


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
    meta, warnings = sidecar_meta(sidecar, f"{Path(source_path).stem or doc}.json")
    decoded = decode_bytes(data)
    warnings.extend(decoded.warnings)
    fmt = _sniff_format(decoded.text, source_format, warnings)
    cleaned: Cleaned = clean_html(decoded.text) if fmt == "html" else clean_text(decoded.text)
    if not any(len(p.split()) >= _MIN_SENTENCE_WORDS for p in cleaned.text.split("\n\n")):
        raise IngestError("no article text found after cleaning")
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


def _read_capped(path: Path) -> tuple[bytes, list[str]]:
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) <= MAX_BYTES:
        return data, []
    size = f"{MAX_BYTES // (1024 * 1024)} MB"
    return data[:MAX_BYTES], [f"file larger than {size}: only its first {size} were read"]


def _read_one(source: SourceFile) -> Article | IngestFailure:
    path = str(source.path)
    try:
        data, warnings = _read_capped(source.path)
    except OSError as exc:
        return IngestFailure(path, f"unreadable: {exc.strerror or exc}")
    sidecar, sidecar_warnings = read_sidecar(source.sidecar) if source.sidecar else (None, [])
    try:
        article = article_from_bytes(
            data, doc=source.doc, source_path=path, source_format=source.format, sidecar=sidecar
        )
    except IngestError as exc:
        return IngestFailure(path, exc.reason)
    except KnowledgeError:
        raise  # a broken furniture.yaml is not this file's fault
    except Exception as exc:  # noqa: BLE001 - one odd page must not stop the batch
        message = " ".join(str(exc).split())[:200]  # one line, whatever the library said
        return IngestFailure(path, f"unexpected error: {type(exc).__name__}: {message}")
    extra = warnings + sidecar_warnings
    return dataclasses.replace(article, warnings=(*extra, *article.warnings)) if extra else article


def read_articles(paths: Iterable[str | Path]) -> Iterator[Article | IngestFailure]:
    """An Article, or an IngestFailure saying why not, for every article file under `paths`.

    `paths` are files or folders (walked recursively, see `find_sources`). A bad file never raises:
    it yields `IngestFailure(path, reason)` and the batch goes on.
    """
    for item in iter_sources(paths):
        yield item if isinstance(item, IngestFailure) else _read_one(item)
