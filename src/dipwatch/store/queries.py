"""The store's read queries beside plain iteration: filtered pages of events (keyset pagination by
id, full-text search over evidence), one event, one document with its evidence sentences.

Search runs on the FTS5 index of the sentences where the database has it (SQLite, schema v3);
elsewhere (PostgreSQL, an SQLite built without FTS5) every word must occur in the sentence
(case-insensitive LIKE). User text never reaches FTS5's query syntax: it is cut into words and
each word is quoted, so `"`, `NEAR(`, `*` or an unbalanced parenthesis is just text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection, Integer, Select, and_, column, false, func, select, text

from ..records import PartialDate
from .migrations import FTS_TABLE, has_fts
from .tables import documents, events, sentences

__all__ = [
    "EventFilter",
    "StoredDocument",
    "StoredSentence",
    "document_row",
    "event_select",
    "search_words",
]

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_SEARCH_WORDS = 12


@dataclass(frozen=True, slots=True)
class EventFilter:
    country: str | None = None  # either side of the pair
    type: str | None = None
    status: str | None = None
    since: PartialDate | None = None
    until: PartialDate | None = None
    focus: str | None = None
    query: str | None = None  # words that must all occur in the evidence sentence


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """An evidence sentence: offsets into its document's text, and the events read from it."""

    id: int
    start: int
    end: int
    text: str
    event_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A stored document: its cleaned text (every offset points here) and its evidence sentences."""

    id: int
    doc: str
    title: str | None
    url: str | None
    outlet: str | None
    published: PartialDate | None
    published_inferred: bool
    language: str
    source_format: str
    ingested_at: str
    text: str
    sentences: tuple[StoredSentence, ...]


def search_words(query: str | None) -> list[str]:
    """The words of a search, lower-cased (at most MAX_SEARCH_WORDS; punctuation is dropped)."""
    return [w.lower() for w in _WORD.findall(query or "")][:MAX_SEARCH_WORDS]


def _fts_match(words: list[str]) -> str:
    # every word must occur, as a word or a word's beginning ("recogni" finds "recognised")
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def event_select(where: EventFilter, conn: Connection) -> Select:  # type: ignore[type-arg]
    """The events matching the filter, joined with their sentence and document (not yet ordered)."""
    query = (
        select(events, sentences.c.text.label("evidence"), sentences.c.start, sentences.c.end,
               documents.c.title, documents.c.url, documents.c.outlet, documents.c.published)
        .join(sentences, sentences.c.id == events.c.sentence_id)
        .join(documents, documents.c.id == events.c.document_id)
    )
    if where.country:
        query = query.where((events.c.actor == where.country) | (events.c.target == where.country))
    if where.focus:
        query = query.where((events.c.actor == where.focus) | (events.c.target == where.focus))
    if where.type:
        query = query.where(events.c.type == where.type)
    if where.status:
        query = query.where(events.c.status == where.status)
    if where.since:
        query = query.where(events.c.date >= str(where.since))
    if where.until:
        query = query.where(events.c.date <= str(where.until) + "~")  # "2025-07" covers "2025-07-31"
    words = search_words(where.query)
    if words and has_fts(conn):
        matching = text(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :match").bindparams(match=_fts_match(words))
        query = query.where(sentences.c.id.in_(matching.columns(column("rowid", Integer))))
    elif words:
        query = query.where(and_(*(func.lower(sentences.c.text).contains(w, autoescape=True) for w in words)))
    elif where.query is not None and where.query.strip():
        query = query.where(false())  # only punctuation: nothing can match it
    return query


def document_row(conn: Connection, document_id: int) -> StoredDocument | None:
    row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    if row is None:
        return None
    found: dict[int, list[int]] = {}
    for sentence_id, event_id in conn.execute(
        select(events.c.sentence_id, events.c.id).where(events.c.document_id == document_id).order_by(events.c.id)
    ):
        found.setdefault(sentence_id, []).append(event_id)
    rows = conn.execute(
        select(sentences).where(sentences.c.document_id == document_id).order_by(sentences.c.start, sentences.c.id)
    )
    m = row._mapping
    return StoredDocument(
        id=m["id"], doc=m["doc"], title=m["title"], url=m["url"], outlet=m["outlet"],
        published=PartialDate.parse(m["published"]) if m["published"] else None,
        published_inferred=bool(m["published_inferred"]), language=m["language"], source_format=m["source_format"],
        ingested_at=m["ingested_at"], text=m["text"],
        sentences=tuple(StoredSentence(s.id, s.start, s.end, s.text, tuple(found.get(s.id, ()))) for s in rows),
    )
