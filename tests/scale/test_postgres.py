"""PostgreSQL through the same SQLAlchemy layer: the same store as SQLite, for real."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from dipwatch.derive import relationships_as_of
from dipwatch.pipeline import ingest_paths
from dipwatch.store import EventFilter, Store

from .conftest import SAMPLE, export_of


def test_postgres_holds_what_sqlite_holds(postgres_url: str, reference_export: str) -> None:
    store = Store.open(postgres_url)
    report = ingest_paths([SAMPLE], store)
    assert report.count("new") == 16
    assert export_of(store) == reference_export
    assert ingest_paths([SAMPLE], store).count("known") == 16  # re-ingesting is a no-op
    assert Store.open(postgres_url, read_only=True).counts() == store.counts()


def test_search_and_status_on_postgres(postgres_url: str) -> None:
    store = Store.open(postgres_url)
    ingest_paths([SAMPLE], store)
    found = store.events(EventFilter(query="recognised"))
    assert found and all("recognised" in e.event.evidence.lower() for e in found)
    levels = {r.country: r.level for r in relationships_as_of(store.events(), as_of=dt.date(2025, 8, 1))}
    assert levels["RUS"] == 5  # formal recognition
    assert {r.country: r.level for r in relationships_as_of(store.events(), as_of=dt.date(2025, 6, 1))}["RUS"] < 5


def test_concurrent_ingests_store_each_document_once(postgres_url: str, tmp_path: Path) -> None:
    Store.open(postgres_url)  # the schema, before two writers race for it
    command = [sys.executable, "-m", "dipwatch", "ingest", str(SAMPLE), "--db", postgres_url, "--engine", "local"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        assert run.wait(timeout=600) == 0, run.stderr.read().decode()
    counts = Store.open(postgres_url).counts()
    alone = tmp_path / "alone.db"  # what one writer stores
    subprocess.run([sys.executable, "-m", "dipwatch", "ingest", str(SAMPLE), "--db", str(alone), "--engine", "local"],
                   check=True, capture_output=True, timeout=600)
    expected = Store.open(alone).counts()
    assert counts["documents"] == expected["documents"] == 16 and counts["events"] == expected["events"] > 100


def test_answer_cache_sees_writes_of_other_stores_on_postgres(postgres_url: str) -> None:
    from dipwatch.serve.api import AnswerCache

    writer = Store.open(postgres_url)
    reader = Store.open(postgres_url, read_only=True)
    cache = AnswerCache(reader)  # no SQLite data_version here: the write counter
    before = cache.revision()
    ingest_paths([SAMPLE], writer)  # another store, another connection pool
    assert cache.revision() != before
    assert cache.revision() == reader.revision()


def test_derived_status_tables_on_postgres(postgres_url: str) -> None:
    from dipwatch.serve import render, standings

    store = Store.open(postgres_url)
    ingest_paths([SAMPLE], store)
    for day in (None, dt.date(2025, 6, 1), dt.date(2025, 8, 1)):
        derived = relationships_as_of(store.iter_events(EventFilter(focus="AFG")), "AFG", day)
        assert render.relationships_json(standings.current(store, "AFG", day)) == render.relationships_json(derived)
    assert standings.current(Store.open(postgres_url, read_only=True), "AFG", None) is not None  # current: used
