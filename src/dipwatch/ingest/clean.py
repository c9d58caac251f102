"""Page -> article text: trafilatura for HTML, then (for HTML and plain text alike) the furniture filter.

The cleaned text is the article's paragraphs joined by blank lines ("\\n\\n"). Whitespace inside a
line is collapsed to single spaces; no other character is changed (curly quotes stay curly), because
evidence sentences are matched against this text verbatim.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from .furniture import filter_lines

__all__ = ["Cleaned", "clean_html", "clean_text", "normalise_lines", "too_deep"]

# every Unicode space except the line break: NBSP, thin and em spaces, ideographic space, tabs
_SPACES = re.compile(r"[^\S\n]+")
_WRAP_MAX = 100  # a hard-wrapped text file has no line longer than this
_WRAP_MIN_JOINS = 3
_WRAP_FULL = 0.6  # a line this full (of the wrap width) continues on the next line
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")  # no XML text holds these
_HEADER_CHARS = 1500  # how much of the page above the article counts as its byline area
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "td", "th", "time", "tr", "ul",
)  # fmt: skip


@dataclass(frozen=True)
class Cleaned:
    """The article text of one page, with what the page itself says about it."""

    text: str
    header: str = ""  # furniture dropped above the article (the byline area): a place for date cues
    title: str | None = None
    date: str | None = None  # from the HTML metadata (ISO day), never from the text
    outlet: str | None = None
    url: str | None = None
    dropped_lines: int = 0


def normalise_lines(text: str) -> list[str]:
    """The text's lines with runs of spaces collapsed and ends stripped ("" for a blank line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return [_SPACES.sub(" ", line).strip() for line in text.split("\n")]


def _wrap_width(lines: list[str]) -> int | None:
    """The width paragraphs are broken at, when they are (e-mail or wire style); else None."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths or lengths[-1] > _WRAP_MAX:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    full = sum(1 for a, b in itertools.pairwise(lines) if len(a) >= width * _WRAP_FULL and b)
    return width if width >= _WRAP_MAX // 2 and full >= _WRAP_MIN_JOINS else None


def _paragraphs(kept: list[tuple[int, str]], width: int | None) -> list[str]:
    """Kept lines as paragraphs: each line alone, or (hard-wrapped text) a line that follows a full
    line of the same block joined to it. Short lines (titles, bylines, last lines) end a paragraph."""
    paragraphs: list[str] = []
    previous, previous_line = -2, ""
    for index, line in kept:
        if width and index == previous + 1 and len(previous_line) >= width * _WRAP_FULL:
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
        previous, previous_line = index, line
    return paragraphs


def clean_text(text: str, *, menus: bool = True) -> Cleaned:
    """Article text of a plain-text page (or of an extractor's output, with `menus=False`)."""
    lines = normalise_lines(text)
    filtered = filter_lines(lines, menus=menus)
    width = _wrap_width(lines) if menus else None
    return Cleaned(
        text="\n\n".join(_paragraphs(filtered.kept, width)),
        header="\n".join(filtered.header),
        dropped_lines=filtered.dropped,
    )


def _extract(html: str, **options: Any) -> Any:
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        # metadata only (meta tags, JSON-LD, <time>, URL): the text's own cues are read by dates.py,
        # which knows to skip the dates of "More from" teasers
        date_extraction_params={"extensive_search": False, "original_date": True},
        **options,
    )


def _clean_str(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _page_lines(html: str) -> list[str]:
    """All the visible text of a page, one block element a line (for the byline area)."""
    try:  # lxml keeps control characters it reads, then refuses them when text is set (issue 7 fuzzing)
        tree = lxml.html.fromstring(_NOT_XML.sub(" ", html))
    except (etree.ParserError, ValueError):
        return []
    etree.strip_elements(tree, "script", "style", "noscript", "template", "head", with_tail=False)
    for element in tree.iter(*_BLOCK_TAGS):
        element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return [line for line in normalise_lines(tree.text_content()) if line]


def _byline_area(html: str, text: str) -> str:
    """The page text just above the article's first paragraph: where bylines and dates sit."""
    paragraphs = text.split("\n\n")
    first = next((p for p in paragraphs if len(p) >= 80), paragraphs[0])[:60]
    lines = _page_lines(html)
    start = next((i for i, line in enumerate(lines) if first in line), None)
    if start is None:
        return ""
    area: list[str] = []
    for line in reversed(lines[:start]):
        if sum(map(len, area)) >= _HEADER_CHARS:
            break
        area.insert(0, line)
    return "\n".join(area)


def too_deep(html: str) -> bool:
    """Whether the page nests elements deeper than libxml2's HTML parser goes (256 levels): it stops
    there, so whatever lies deeper is lost (explains a page with no article text)."""
    parser = etree.HTMLParser()
    try:
        etree.fromstring(html, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        pass
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def clean_html(html: str) -> Cleaned:
    """Article text and metadata of an HTML page (trafilatura, precision first, then recall)."""
    document = _extract(html, favor_precision=True)
    if document is None or not (document.text or "").strip():
        document = _extract(html, favor_recall=True) or document
    body = (document.text or "") if document is not None else ""
    if not body.strip():
        body = trafilatura.html2txt(html) or ""
    cleaned = clean_text(body, menus=False)
    if document is None:
        return cleaned
    return Cleaned(
        text=cleaned.text,
        header=_byline_area(html, cleaned.text) if cleaned.text else "",
        title=_clean_str(document.title),
        date=_clean_str(document.date),
        outlet=_clean_str(document.sitename),
        url=_clean_str(document.url),
        dropped_lines=cleaned.dropped_lines,
    )
