"""Ingest: news pages (plain text or saved HTML, with optional JSON sidecars) -> cleaned Articles.

    read_articles(paths)          -> Iterator[Article | IngestFailure]   (never raises for a bad file)
    read_source(file_or_page)     -> Article | IngestFailure             (SourceFile or RawPage)
    article_from_bytes(data, ...) -> Article                             (raises IngestError)
    find_sources(paths)           -> Iterator[SourceFile]

Per file: decode (decode.py) -> clean (clean.py: trafilatura for HTML, then the furniture filter of
furniture.py and knowledge/data/furniture.yaml) -> publication date (dates.py) -> language guess
(language.py). A file larger than MAX_BYTES (10 MB) fails as "too large" without being read; an
article text longer than MAX_TEXT_CHARS (300,000 characters) after cleaning is cut at a paragraph
break, with a warning.
"""

from __future__ import annotations

from .article import MAX_BYTES, MAX_TEXT_CHARS, RawPage, article_from_bytes, read_articles, read_page, read_source
from .errors import IngestError
from .sources import SourceFile, find_sources, iter_sources

__all__ = [
    "MAX_BYTES", "MAX_TEXT_CHARS", "IngestError", "RawPage", "SourceFile", "article_from_bytes", "find_sources",
    "iter_sources", "read_articles", "read_page", "read_source",
]
