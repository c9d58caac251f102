"""Schema v2 (issue 4): events carry their figures; a v1 database migrates without losing rows."""

import sqlite3

from sqlalchemy import text

from dipwatch.export import write_jsonl
from dipwatch.records import UNKNOWN_ACTOR, Event, EventType, Figure, PartialDate, Status
from dipwatch.store import Store
from dipwatch.store.tables import SCHEMA_VERSION
from tests.conftest import make_article
from tests.old_schemas import OLD_SCHEMAS

# A v1 database with one document and two events (schema frozen in tests/old_schemas.py).
V1_DDL = OLD_SCHEMAS[1] + """
INSERT INTO meta VALUES ('schema_version', '1');
INSERT INTO documents VALUES (1, 'old', 'h1', 'old.txt', 'text', NULL, NULL, 'Old Wire', '2025-07-04', 0, 'en',
    'Moscow recognised the government.', '', '2025-07-05T00:00:00', 'k1', '0.1');
INSERT INTO sentences VALUES (1, 1, 0, 33, 'Moscow recognised the government.');
INSERT INTO events VALUES (1, 1, 1, 'old', 'RUS', 'RECOGNIZE', 'AFG', 'occurred', '2025-07-03', NULL, 'Moscow',
    'the government', NULL, 0.9, 'recognised');
INSERT INTO events VALUES (2, 1, 1, 'old', 'RUS', 'SUPPORT', 'AFG', 'occurred', NULL, NULL, 'Moscow',
    'the government', NULL, 0.5, 'recognised');
"""


def _event(actor="PAK", figures=()):
    return Event(
        doc="new", actor=actor, type=EventType.ATTACK, target="AFG", status=Status.OCCURRED, date=PartialDate(2024, 12),
        date_text=None, evidence="A raid on a border village killed more than twenty people.", start=0, end=58,
        actor_text="a raid", target_text="a border village", figures=tuple(figures),
    )


def test_figures_round_trip(store):
    figures = (Figure("killed", 21, None, "more than twenty"), Figure("wounded", None, 5, "up to five"))
    store.add(make_article("A raid on a border village killed more than twenty people."), [_event(figures=figures)], "k")
    [stored] = store.events()
    assert stored.event.figures == figures


def test_v1_database_migrates_and_keeps_every_row(tmp_path):
    path = tmp_path / "v1.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_DDL)
    store = Store.open(path)
    assert store.counts() == {"documents": 1, "events": 2}
    with store.engine.connect() as conn:
        assert conn.execute(text("select value from meta where key='schema_version'")).scalar_one() == str(SCHEMA_VERSION)
    old = store.events()
    assert [(e.event.type.value, e.event.figures) for e in old] == [("RECOGNIZE", ()), ("SUPPORT", ())]
    assert old[0].event.evidence == "Moscow recognised the government." and old[0].source.outlet == "Old Wire"
    # the migrated database takes new rows with figures, and opening it again is a no-op
    store.add(make_article("A raid."), [_event(figures=[Figure("killed", 3, 3, "three")])], "k2")
    assert Store.open(path).counts() == {"documents": 2, "events": 3}


def test_export_skips_unnamed_doers(store):
    import io

    store.add(make_article("A raid on a border village."), [_event(), _event(actor=UNKNOWN_ACTOR)], "k")
    out = io.StringIO()
    assert write_jsonl(store.iter_events(), out) == 1
    assert '"actor": "PAK"' in out.getvalue() and UNKNOWN_ACTOR not in out.getvalue()
    assert {e.event.actor for e in store.events()} == {"PAK", UNKNOWN_ACTOR}  # still stored
