"""The store: documents, their evidence sentences and their events, in SQL (SQLite by default).

`Store.open(location)` takes a file path or an SQLAlchemy URL, creates or migrates the schema,
and returns a Store. `add(article, events)` writes a document and its events in one
transaction (`add_all`: several documents in one), keyed by the hash of the cleaned text, so
re-ingesting is a no-op and a run killed halfway leaves every document either whole or absent.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, Text, cast, create_engine, event, func, insert, select
from sqlalchemy.exc import IntegrityError, OperationalError

from .. import __version__
from ..errors import StoreError
from ..records import Article, Event, EventType, Figure, PartialDate, Source, Status, StoredEvent
from .migrations import REVISION_KEY, migrate, schema_version
from .queries import EventFilter, StoredDocument, StoredSentence, document_row, event_select
from .tables import SCHEMA_VERSION, documents, events, meta, sentences

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "StoredDocument", "StoredSentence", "database_url"]

DEFAULT_DB = "dipwatch.db"


def database_url(location: str | os.PathLike[str] | None) -> str:
    """`--db` value, else `DIPWATCH_DB`, else ./dipwatch.db, as an SQLAlchemy URL."""
    location = str(location or os.environ.get("DIPWATCH_DB") or DEFAULT_DB)
    if "://" in location:
        return location
    return f"sqlite:///{Path(location).expanduser().resolve()}"


_WAL_ATTEMPTS = 200  # 10 s


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # concurrent ingests wait instead of failing
    for attempt in range(_WAL_ATTEMPTS):  # readers never block the writer
        try:  # switching a new file to WAL can fail at once (no busy wait) while another process opens it
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.05)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_read_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA query_only=ON")  # belt and braces beside mode=ro
    cursor.close()


class Store:
    """A dipwatch database."""

    def __init__(self, engine: Engine, url: str, *, read_only: bool = False) -> None:
        self.engine = engine
        self.url = url
        self.read_only = read_only

    @classmethod
    def open(cls, location: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
        """Open (creating or migrating) the database; `read_only` opens an existing, current one for
        reading only (SQLite: the file is opened `mode=ro`, so no statement can write)."""
        url = database_url(location)
        if read_only:
            return cls._open_read_only(url)
        try:
            engine = create_engine(url)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_pragmas)
            migrate(engine)
        except OperationalError as exc:
            raise StoreError(f"cannot open database {url}: {exc.orig}") from exc
        return cls(engine, url)

    @classmethod
    def _open_read_only(cls, url: str) -> Store:
        engine_url = url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            path = Path(url.removeprefix("sqlite:///"))
            if not path.is_file():
                raise StoreError(f"no database at {path}")
            engine_url = f"sqlite:///file:{path}?mode=ro&uri=true"
        try:
            engine = create_engine(engine_url)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _sqlite_read_pragmas)
            with engine.connect() as conn:
                version = schema_version(conn)
        except OperationalError as exc:
            raise StoreError(f"cannot open database {url}: {exc.orig}") from exc
        if version != SCHEMA_VERSION:
            raise StoreError(f"database {url} has schema v{version}, this dipwatch reads v{SCHEMA_VERSION}: "
                             "open it once for writing (any ingest) to migrate it")
        return cls(engine, url, read_only=True)

    @property
    def location(self) -> str:
        return self.url.removeprefix("sqlite:///")

    def has_document(self, content_hash: str) -> bool:
        return content_hash in self.stored_hashes([content_hash])

    def stored_hashes(self, content_hashes: Iterable[str]) -> set[str]:
        """Which of these texts are stored (one query for a batch instead of one per document)."""
        wanted = sorted(set(content_hashes))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                query = select(documents.c.content_hash).where(documents.c.content_hash.in_(wanted[start:start + 500]))
                found.update(conn.execute(query).scalars())
        return found

    def add(self, article: Article, found: Sequence[Event], knowledge_version: str) -> int | None:
        """Write the article and its events in one transaction; None if it was already stored."""
        try:
            with self.engine.begin() as conn:
                document_id = _insert_document(conn, article, found, knowledge_version)
                _bump_revision(conn)  # last: on PostgreSQL its row lock is then held only until the commit
                return document_id
        except IntegrityError:
            return None  # the same text arrived concurrently or earlier: nothing to do

    def add_all(self, items: Sequence[tuple[Article, Sequence[Event]]], knowledge_version: str) -> list[int | None]:
        """Write articles with their events, in order, in one transaction with one revision bump
        (a commit and a bump per document cost ~1 ms each): a run killed meanwhile leaves all of
        them or none. None for an article already stored, or a text met earlier in `items`.
        If one of the texts is found stored by the insert (another process wrote it since it
        was read), nothing of the batch is kept and it is written one article at a time."""
        if len(items) <= 1:
            return [self.add(article, found, knowledge_version) for article, found in items]
        try:
            with self.engine.begin() as conn:
                seen: set[str] = set()
                ids: list[int | None] = []
                for article, found in items:
                    if article.content_hash in seen:
                        ids.append(None)
                        continue
                    seen.add(article.content_hash)
                    ids.append(_insert_document(conn, article, found, knowledge_version))
                _bump_revision(conn)
                return ids
        except IntegrityError:
            return [self.add(article, found, knowledge_version) for article, found in items]

    def revision(self) -> int:
        """The write counter: it changes with every committed `add`, whichever process made it."""
        with self.engine.connect() as conn:
            return read_revision(conn)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {
                "documents": conn.execute(select(func.count()).select_from(documents)).scalar_one(),
                "events": conn.execute(select(func.count()).select_from(events)).scalar_one(),
            }

    def events(self, where: EventFilter | None = None) -> list[StoredEvent]:
        """Stored events matching the filter, in date order (undated last)."""
        return list(self.iter_events(where))

    def iter_events(self, where: EventFilter | None = None) -> Iterator[StoredEvent]:
        with self.engine.connect() as conn:
            query = event_select(where or EventFilter(), conn)
            query = query.order_by(events.c.date.is_(None), events.c.date, events.c.id)
            for row in conn.execute(query):
                yield _stored_event(row._mapping)

    def events_page(self, where: EventFilter | None = None, *, after: int | None = None, limit: int = 50) -> tuple[list[StoredEvent], int]:
        """Up to `limit` matching events with ids above `after`, in id order, and how many match in all."""
        with self.engine.connect() as conn:
            query = event_select(where or EventFilter(), conn)
            total = conn.execute(select(func.count()).select_from(query.subquery())).scalar_one()
            if after is not None:
                query = query.where(events.c.id > after)
            rows = conn.execute(query.order_by(events.c.id).limit(limit))
            return [_stored_event(row._mapping) for row in rows], int(total)

    def events_by_id(self, ids: Iterable[int]) -> dict[int, StoredEvent]:
        """The stored events with these ids (primary-key lookups, a few hundred per query)."""
        wanted, found = sorted(set(ids)), {}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                query = event_select(EventFilter(), conn).where(events.c.id.in_(wanted[start:start + 500]))
                found.update((row.id, _stored_event(row._mapping)) for row in conn.execute(query))
        return found

    def event(self, event_id: int) -> StoredEvent | None:
        with self.engine.connect() as conn:
            row = conn.execute(event_select(EventFilter(), conn).where(events.c.id == event_id)).first()
        return _stored_event(row._mapping) if row else None

    def document(self, document_id: int) -> StoredDocument | None:
        """A document with its cleaned text and its evidence sentences (None: no such document)."""
        with self.engine.connect() as conn:
            return document_row(conn, document_id)

    def document_id(self, doc: str) -> int | None:
        """The id of the latest document stored under this name."""
        with self.engine.connect() as conn:
            return conn.execute(select(func.max(documents.c.id)).where(documents.c.doc == doc)).scalar()


def _insert_document(conn: Connection, article: Article, found: Sequence[Event], knowledge_version: str) -> int:
    """Insert the document, its evidence sentences and its events (IntegrityError: text already stored).

    Values go as execution parameters of plain `insert(table)` statements, not `.values(...)`:
    SQLAlchemy builds and keys a bound parameter for each literal of `.values()` at every call,
    which was most of the store's CPU time."""
    document_id = conn.execute(insert(documents), {
        "doc": article.doc, "content_hash": article.content_hash, "source_path": article.source_path,
        "source_format": article.source_format, "title": article.title, "url": article.url,
        "outlet": article.outlet, "published": str(article.published) if article.published else None,
        "published_inferred": article.published_inferred, "language": article.language,
        "text": article.text, "warnings": "\n".join(article.warnings),
        "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "knowledge_version": knowledge_version, "code_version": __version__,
    }).inserted_primary_key[0]
    sentence_ids: dict[tuple[int, int], int] = {}
    rows = []
    for item in found:
        span = (item.start, item.end)
        if span not in sentence_ids:
            sentence_ids[span] = conn.execute(insert(sentences), {
                "document_id": document_id, "start": item.start, "end": item.end, "text": item.evidence,
            }).inserted_primary_key[0]
        rows.append(_event_row(item, document_id, sentence_ids[span]))
    if rows:
        conn.execute(insert(events), rows)  # in order: the same ids as one insert each
    return int(document_id)


def read_revision(conn: Connection) -> int:
    value = conn.execute(select(meta.c.value).where(meta.c.key == REVISION_KEY)).scalar()
    return int(value) if value is not None else 0


def _bump_revision(conn: Connection) -> None:
    bumped = conn.execute(meta.update().where(meta.c.key == REVISION_KEY)
                          .values(value=cast(cast(meta.c.value, Integer) + 1, Text)))
    if bumped.rowcount == 0:  # a database whose row was lost: start counting again, above 0
        conn.execute(insert(meta).values(key=REVISION_KEY, value="1"))


def _event_row(item: Event, document_id: int, sentence_id: int) -> dict[str, object]:
    return dict(
        document_id=document_id, sentence_id=sentence_id, doc=item.doc, actor=item.actor,
        type=str(item.type), target=item.target, status=str(item.status),
        date=str(item.date) if item.date else None, date_text=item.date_text,
        actor_text=item.actor_text, target_text=item.target_text, location=item.location,
        confidence=item.confidence, trigger=item.trigger, figures=_figures_json(item.figures),
    )


def _figures_json(figures: Sequence[Figure]) -> str:
    return json.dumps([{"kind": f.kind, "low": f.low, "high": f.high, "text": f.text} for f in figures], ensure_ascii=False)


def _figures(text: str | None) -> tuple[Figure, ...]:
    return tuple(Figure(f["kind"], f["low"], f["high"], f["text"]) for f in json.loads(text or "[]"))


def _stored_event(row) -> StoredEvent:  # type: ignore[no-untyped-def]
    published = PartialDate.parse(row["published"]) if row["published"] else None
    item = Event(
        doc=row["doc"], actor=row["actor"], type=EventType(row["type"]), target=row["target"],
        status=Status(row["status"]), date=PartialDate.parse(row["date"]) if row["date"] else None,
        date_text=row["date_text"], evidence=row["evidence"], start=row["start"], end=row["end"],
        actor_text=row["actor_text"], target_text=row["target_text"], location=row["location"],
        confidence=row["confidence"], trigger=row["trigger"], figures=_figures(row["figures"]),
    )
    source = Source(row["document_id"], row["doc"], row["title"], row["url"], row["outlet"], published)
    return StoredEvent(id=row["id"], event=item, source=source)
