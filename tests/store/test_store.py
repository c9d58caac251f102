"""The store on real SQLite: one transaction per document, identity by content, filters, migrations."""

from sqlalchemy import text

from dipwatch.records import Event, EventType, PartialDate, Status
from dipwatch.store import EventFilter, Store, database_url
from dipwatch.store.tables import SCHEMA_VERSION
from tests.conftest import make_article


def _event(actor="RUS", kind=EventType.RECOGNIZE, target="AFG", date="2025-07-03", start=0, end=10):
    return Event(
        doc="test", actor=actor, type=kind, target=target, status=Status.OCCURRED,
        date=PartialDate.parse(date) if date else None, date_text=None, evidence="Russia recognised it.",
        start=start, end=end, actor_text="Russia", target_text="it",
    )


def test_add_and_read_back(store):
    article = make_article("Russia recognised it.")
    assert store.add(article, [_event()], "k1") is not None
    [stored] = store.events()
    assert stored.event.actor == "RUS" and str(stored.event.date) == "2025-07-03"
    assert stored.source.published == PartialDate(2025, 8, 10)
    assert store.counts() == {"documents": 1, "events": 1}


def test_same_text_twice_is_a_no_op(store):
    article = make_article("Russia recognised it.")
    store.add(article, [_event()], "k1")
    assert store.add(article, [_event()], "k1") is None
    assert store.counts() == {"documents": 1, "events": 1}
    assert store.has_document(article.content_hash)


def test_a_batch_is_stored_in_order_with_one_revision_bump(store):
    first, second = make_article("Russia recognised it.", doc="a"), make_article("China recognised it.", doc="b")
    before = store.revision()
    ids = store.add_all([(first, [_event()]), (second, [_event(actor="CHN"), _event(actor="CHN", kind=EventType.SUPPORT)])], "k")
    assert ids[0] is not None and ids[1] == ids[0] + 1
    assert store.revision() == before + 1
    assert store.counts() == {"documents": 2, "events": 3}
    assert [(e.source.document_id, e.event.actor) for e in sorted(store.events(), key=lambda e: e.id)] == \
        [(ids[0], "RUS"), (ids[1], "CHN"), (ids[1], "CHN")]


def test_a_text_twice_in_a_batch_is_stored_once(store):
    article = make_article("Russia recognised it.")
    ids = store.add_all([(article, [_event()]), (article, [_event()])], "k")
    assert ids[0] is not None and ids[1] is None
    assert store.counts() == {"documents": 1, "events": 1}


def test_a_batch_with_a_text_already_stored_keeps_the_others(store):
    stored, new = make_article("Russia recognised it.", doc="a"), make_article("China recognised it.", doc="b")
    store.add(stored, [_event()], "k")
    ids = store.add_all([(new, [_event(actor="CHN")]), (stored, [_event()])], "k")  # the insert meets it: one by one
    assert ids[0] is not None and ids[1] is None
    assert store.counts() == {"documents": 2, "events": 2}


def test_stored_hashes_of_a_batch(store):
    stored, other = make_article("Russia recognised it."), make_article("China recognised it.")
    store.add(stored, [_event()], "k1")
    assert store.stored_hashes([stored.content_hash, other.content_hash, stored.content_hash]) == {stored.content_hash}
    assert store.stored_hashes([]) == set()


def test_sentences_shared_by_events(store):
    store.add(make_article("Russia recognised it."), [_event(), _event(kind=EventType.SUPPORT)], "k1")
    with store.engine.connect() as conn:
        assert conn.execute(text("select count(*) from sentences")).scalar_one() == 1


def test_filters(store):
    store.add(make_article("a"), [_event(), _event(actor="CHN", kind=EventType.ACCREDIT, date="2024-01")], "k")
    assert [e.event.actor for e in store.events(EventFilter(country="CHN"))] == ["CHN"]
    assert [e.event.actor for e in store.events(EventFilter(type="RECOGNIZE"))] == ["RUS"]
    assert [e.event.actor for e in store.events(EventFilter(since=PartialDate(2025)))] == ["RUS"]
    assert [e.event.actor for e in store.events(EventFilter(until=PartialDate(2024, 1)))] == ["CHN"]


def test_reopening_keeps_data_and_records_schema(tmp_path):
    path = tmp_path / "db.sqlite"
    Store.open(path).add(make_article("x"), [_event()], "k")
    again = Store.open(path)
    assert again.counts()["events"] == 1
    with again.engine.connect() as conn:
        version = conn.execute(text("select value from meta where key='schema_version'")).scalar_one()
    assert int(version) == SCHEMA_VERSION


def test_database_url_precedence(monkeypatch, tmp_path):
    monkeypatch.setenv("DIPWATCH_DB", str(tmp_path / "env.db"))
    assert database_url(None).endswith("env.db")
    assert database_url(tmp_path / "flag.db").endswith("flag.db")
    assert database_url("postgresql://u@h/db") == "postgresql://u@h/db"
    monkeypatch.delenv("DIPWATCH_DB")
    assert database_url(None).endswith("dipwatch.db")


def test_wal_mode(store):
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"


def test_every_write_changes_the_revision_other_connections_read(tmp_path):
    path = tmp_path / "db.sqlite"
    writer = Store.open(path)
    reader = Store.open(path, read_only=True)
    first = reader.revision()
    article = make_article("Russia recognised it.")
    writer.add(article, [_event()], "k1")
    second = reader.revision()
    assert second != first
    assert writer.add(article, [_event()], "k1") is None  # a no-op write leaves it
    assert reader.revision() == second
    writer.add(make_article("China accredited it."), [_event(actor="CHN", kind=EventType.ACCREDIT)], "k1")
    assert reader.revision() not in (first, second)
