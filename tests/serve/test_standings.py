"""The derived status tables (serve/standings.py) give exactly what deriving from the events gives:
`dipwatch status` rows, /api/status and /api/map, on the seeds and the sample corpus, for several
dates and without one; they are rebuilt after a write, never trusted when stale, and a rebuild
killed halfway leaves nothing that is trusted."""

from __future__ import annotations

import datetime as dt
import signal
from importlib import resources
from pathlib import Path

import pytest

from dipwatch.derive import relationships_as_of
from dipwatch.pipeline import ingest_paths
from dipwatch.records import Article, Event, EventType, PartialDate, Status
from dipwatch.serve import render, standings, views
from dipwatch.store import EventFilter, Store
from dipwatch.store.steps import built_at
from tests.conftest import shared_path
from tests.robustness.test_durability import _run_child
from tests.serve.test_load import _copy

SAMPLE = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))
DAYS = (None, dt.date(2021, 8, 15), dt.date(2023, 1, 1), dt.date(2024, 12, 31), dt.date(2025, 6, 30),
        dt.date(2025, 7, 3), dt.date(2025, 8, 1), dt.date(2025, 11, 1), dt.date(2026, 6, 1))


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("standings") / "corpus.db"
    ingest_paths([shared_path("corpus", "seeds"), SAMPLE], Store.open(db))
    return db


def _derived(store: Store, focus: str, day: dt.date | None):
    return relationships_as_of(store.iter_events(EventFilter(focus=focus)), focus, day)


@pytest.mark.parametrize("day", DAYS)
def test_status_rows_are_those_derived_from_the_events(corpus_db, day):
    store = Store.open(corpus_db)
    from_table = standings.current(store, "AFG", day)
    assert from_table is not None and built_at(store.engine.connect(), "AFG") == store.revision()
    assert render.relationships_json(from_table) == render.relationships_json(_derived(store, "AFG", day))
    assert render.relationships_csv(from_table) == render.relationships_csv(_derived(store, "AFG", day))


@pytest.mark.parametrize("day", DAYS)
def test_api_status_and_map_are_those_derived_from_the_events(corpus_db, day, monkeypatch):
    store = Store.open(corpus_db)
    standings.refresh(store, "AFG")
    reader = Store.open(corpus_db, read_only=True)
    countries = [row.country for row in _derived(store, "AFG", day)]

    def answers() -> list[dict]:
        return [views.status_view(reader, "AFG", day), views.status_view(reader, "AFG", day, limit=1),
                views.status_view(reader, "AFG", day, limit=None), views.map_view(reader, "AFG", day),
                *(views.status_view(reader, "AFG", day, limit=limit, country=c) for c in countries for limit in (None, 1))]

    from_table = answers()
    monkeypatch.setattr(standings, "current", lambda *args, **kwargs: None)  # as before: merge every report
    assert from_table == answers()


@pytest.mark.parametrize("day", DAYS)
def test_bounded_rows_list_the_latest_denials_and_count_them_all(corpus_db, day):
    store = Store.open(corpus_db)
    full = render.relationship_rows(_derived(store, "AFG", day))
    for limit in (0, 1, 2):
        bounded = render.relationship_rows(standings.current(store, "AFG", day, denials=limit), limit)
        assert [{**r, "negated": None} for r in bounded] == [{**r, "negated": None} for r in full]
        for short, whole in zip(bounded, full):
            assert short["negated_count"] == len(whole["negated"])
            assert short["negated"] == whole["negated"][len(whole["negated"]) - len(short["negated"]):]
            assert len(short["negated"]) == min(limit, len(whole["negated"]))


def test_the_corpus_has_denials_to_bound(corpus_db):
    counts = [row.negated_count for row in _derived(Store.open(corpus_db), "AFG", None)]
    assert max(counts) >= 2 and sum(counts) > len([c for c in counts if c])


def test_the_list_is_the_detail_without_its_merged_events(corpus_db):
    standings.refresh(Store.open(corpus_db), "AFG")
    reader = Store.open(corpus_db, read_only=True)
    listed = views.status_view(reader, "AFG", None, limit=1)
    for row in listed["rows"]:
        [whole] = views.status_view(reader, "AFG", None, limit=None, country=row["country"])["rows"]
        assert row["negated"] == whole["negated"][len(whole["negated"]) - len(row["negated"]):]
        assert row["negated_count"] == whole["negated_count"] == len(whole["negated"])
        assert [f["event_id"] for f in row["flag_details"]] == [f["event"]["id"] for f in whole["flag_details"]]
        assert row["level_report"] == whole["level_report"]
        assert row["event_id"] == (whole["level_event"]["id"] if whole["level_event"] else None)
        if row["level_report"]:
            assert row["level_report"] in whole["level_event"]["mentions"]
        denied = {m["id"] for e in whole["negated_events"] for m in e["mentions"] if m["status"] == "negated"}
        assert len(denied) >= whole["negated_count"]


def test_a_write_makes_the_rows_stale_until_a_writer_rebuilds_them(tmp_path):
    db = tmp_path / "live.db"
    writer = Store.open(db)
    reader = Store.open(db, read_only=True)
    assert standings.current(writer, "AFG", None) == []
    assert standings.current(reader, "AFG", None) == []  # built (empty) and current
    text = "Russia recognised the Taliban government."
    article = Article(doc="r", text=text, content_hash="r" * 64, source_path="r.txt", source_format="text",
                      published=PartialDate(2025, 7, 4))
    event = Event(doc="r", actor="RUS", type=EventType.RECOGNIZE, target="AFG", status=Status.OCCURRED,
                  date=PartialDate(2025, 7, 3), date_text=None, evidence=text, start=0, end=len(text),
                  actor_text="Russia", target_text="the Taliban government")
    writer.add(article, [event], "k")
    assert standings.current(reader, "AFG", None) is None  # stale: a reader that cannot rebuild derives instead
    [russia] = standings.current(writer, "AFG", dt.date(2025, 7, 3))
    assert (russia.country, russia.level, russia.level_since) == ("RUS", 5, dt.date(2025, 7, 3))
    assert standings.current(writer, "AFG", dt.date(2025, 7, 2)) == []
    assert [r.level for r in standings.current(reader, "AFG", None)] == [5]


def test_a_rebuild_killed_halfway_leaves_nothing_trusted(corpus_db, tmp_path):
    db = _copy(corpus_db, tmp_path / "kill.db")
    run = _run_child(db, "INSERT INTO MERGED_MEMBERS",  # the steps are written by then, their counter not yet
                     "from dipwatch.serve import standings; standings.refresh(store, 'PAK')")
    assert run.returncode == -signal.SIGKILL, run.stderr
    store = Store.open(db)
    with store.engine.connect() as conn:
        assert built_at(conn, "PAK") is None
        assert not conn.exec_driver_sql("SELECT count(*) FROM relationship_steps WHERE focus = 'PAK'").scalar()
    assert render.relationships_json(standings.current(store, "PAK", None)) == render.relationships_json(_derived(store, "PAK", None))


@pytest.mark.parametrize("focus", ["AFG", "PAK", "XYZ"])
def test_the_dashboards_months_come_from_the_rows_as_from_every_report(corpus_db, tmp_path, focus, monkeypatch):
    db = _copy(corpus_db, tmp_path / "span.db")
    standings.refresh(Store.open(db), focus)
    reader = Store.open(db, read_only=True)
    from_rows = views.overview(reader, focus)
    assert standings.stored_span(reader, focus)[0], "read from the rows, not derived"
    monkeypatch.setattr(standings, "stored_span", lambda *args: (False, None))  # as before: merge every report
    assert from_rows == views.overview(reader, focus)
    assert (from_rows["first_month"] is None) == (focus == "XYZ")


def test_rows_built_without_a_span_are_not_read_as_having_none(corpus_db, tmp_path):
    db = _copy(corpus_db, tmp_path / "old.db")
    store = Store.open(db)
    standings.refresh(store, "AFG")
    with store.engine.begin() as conn:  # as a database built before the span was saved with the rows
        conn.exec_driver_sql("DELETE FROM meta WHERE key = 'span:AFG'")
    assert standings.stored_span(store, "AFG") == (False, None)
    # the earliest act in the seeds: the U.S.-led coalition that toppled the Taliban after 11 September 2001
    assert views.overview(store, "AFG")["first_month"] == "2001-09"
