"""Document names for pages that come from a URL (the fetcher, the feed reader, the WARC reader).

A page from a URL has no file name, so its document name is made from the URL: the last path
segment without its extension (what a person would have saved the page as), plus a short hash of
the whole URL, so that `/2025/11/index.html` and `/2025/12/index.html` stay distinct documents.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import unquote, urlsplit

__all__ = ["doc_name"]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_EXTENSION = re.compile(r"\.(?:html?|php|aspx?|jsp|cgi|txt|shtml)$", re.IGNORECASE)
_MAX_STEM = 60


def doc_name(url: str) -> str:
    """A stable, file-name-safe document name for a URL: `kabul-talks-1a2b3c4d` for
    `https://news.example/world/kabul-talks.html` (the hash is of the URL as given)."""
    parts = urlsplit(url)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    stem = _EXTENSION.sub("", segments[-1]) if segments else ""
    stem = _UNSAFE.sub("-", stem).strip("-.")[:_MAX_STEM] or _UNSAFE.sub("-", parts.hostname or "page").strip("-.")
    digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem or 'page'}-{digest}"
