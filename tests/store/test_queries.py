"""The store's read queries (issue 5): full-text search over evidence (FTS5, schema v3, and the
LIKE fallback), pages of events by id, one event, one document with its sentences, read-only."""

import pytest
from sqlalchemy import text

from dipwatch.errors import StoreError
from dipwatch.records import Event, EventType, PartialDate, Status
from dipwatch.store import EventFilter, Store
from dipwatch.store.migrations import FTS_TABLE
from tests.conftest import make_article

TEXT = "Russia recognised the Taliban government. China accepted an ambassador in January."


def _event(evidence: str, start: int, kind=EventType.RECOGNIZE, actor="RUS") -> Event:
    return Event(doc="test", actor=actor, type=kind, target="AFG", status=Status.OCCURRED, date=PartialDate(2025, 7),
                 date_text=None, evidence=evidence, start=start, end=start + len(evidence), actor_text=actor, target_text="AFG")


def _fill(store: Store) -> int:
    first, second = TEXT.split(". ")
    events = [_event(first + ".", 0), _event(second, len(first) + 2, EventType.ACCREDIT, "CHN")]
    return store.add(make_article(TEXT), events, "k")


def test_search_words_and_prefixes(store):
    _fill(store)
    found = lambda q: [e.event.actor for e in store.events(EventFilter(query=q))]  # noqa: E731
    assert found("recognised taliban") == ["RUS"]
    assert found("AMBASS") == ["CHN"]  # a word's beginning, any case
    assert found("recognised ambassador") == []  # every word must occur in the one sentence
    assert found('" NEAR( * OR') == [] and found("...") == []  # FTS syntax is just text


def test_new_sentences_are_indexed_and_old_ones_backfilled(tmp_path):
    path = tmp_path / "db.sqlite"
    store = Store.open(path)
    _fill(store)
    with store.engine.begin() as conn:  # as a v2 database was: no index
        for name in ("ai", "ad", "au"):
            conn.exec_driver_sql(f"DROP TRIGGER {FTS_TABLE}_{name}")
        conn.exec_driver_sql(f"DROP TABLE {FTS_TABLE}")
        conn.execute(text("UPDATE meta SET value='2' WHERE key='schema_version'"))
    assert [e.event.actor for e in store.events(EventFilter(query="ambassador"))] == ["CHN"]  # LIKE fallback
    migrated = Store.open(path)
    with migrated.engine.connect() as conn:
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'ambassador'").scalar() == 1
    migrated.add(make_article("Iran accepted an ambassador too."), [_event("Iran accepted an ambassador too.", 0, EventType.ACCREDIT, "IRN")], "k")
    assert [e.event.actor for e in migrated.events(EventFilter(query="ambassador"))] == ["CHN", "IRN"]


def test_pages_by_id_and_one_event_and_document(store):
    document_id = _fill(store)
    first, total = store.events_page(limit=1)
    rest, _ = store.events_page(after=first[0].id, limit=10)
    assert total == 2 and [e.event.actor for e in first + rest] == ["RUS", "CHN"]
    assert store.event(rest[0].id).event.evidence.startswith("China") and store.event(999) is None
    document = store.document(document_id)
    assert document.text == TEXT and [s.text[:5] for s in document.sentences] == ["Russi", "China"]
    assert all(TEXT[s.start:s.end] == s.text and s.event_ids for s in document.sentences)
    assert store.document(999) is None and store.document_id("test") == document_id


def test_read_only(tmp_path):
    path = tmp_path / "db.sqlite"
    _fill(Store.open(path))
    reader = Store.open(path, read_only=True)
    assert reader.counts()["events"] == 2
    with pytest.raises(Exception, match="readonly"):
        reader.add(make_article("other text"), [], "k")
    with pytest.raises(StoreError, match="no database"):
        Store.open(tmp_path / "absent.db", read_only=True)
