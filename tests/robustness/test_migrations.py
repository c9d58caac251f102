"""Issue 7, schema migrations never drop data: a database of every older schema version, full of
rows, migrates to the current version with every row and every old column's value intact; no
migration statement drops or deletes anything; a migration killed halfway leaves the old database
as it was, and the next open finishes it.

Older schemas are frozen in tests/old_schemas.py as dipwatch created them.
"""

from __future__ import annotations

import re
import signal
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event

from dipwatch.store import Store
from dipwatch.store.migrations import MIGRATIONS
from dipwatch.store.tables import SCHEMA_VERSION

from tests.old_schemas import OLD_SCHEMAS

from .test_durability import _run_child

_DESTRUCTIVE = re.compile(r"^\s*(DROP\s+TABLE|DELETE\s+FROM\s+(?!meta\b)|ALTER\s+TABLE\s+\S+\s+DROP|TRUNCATE)", re.I)


def test_every_older_version_is_frozen_here():
    assert set(OLD_SCHEMAS) == set(range(1, SCHEMA_VERSION)), "add the DDL of the schema version you replaced"
    assert set(MIGRATIONS) == set(range(1, SCHEMA_VERSION))


def _fill(path: Path, version: int, documents: int = 40) -> None:
    """An old database with rows in every table, odd values included (Unicode, NULLs, quotes)."""
    conn = sqlite3.connect(path)
    conn.executescript(OLD_SCHEMAS[version])
    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
    if version >= 4:
        conn.execute("INSERT INTO meta VALUES ('revision', '7')")
    for n in range(1, documents + 1):
        text = f"Report {n}: Moscow recognised the “government” — Кабул, 喀布尔, O'Neil said.\n\nMore text {n}."
        conn.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (n, f"doc{n}", f"{n:064x}", f"/corpus/doc{n}.txt", "text" if n % 2 else "html",
             None if n % 3 == 0 else f"Title {n}", None if n % 4 == 0 else f"https://x.example/{n}", "Wire",
             None if n % 5 == 0 else f"2025-{n % 12 + 1:02d}", n % 2, "en" if n % 7 else "ru", text,
             "warning one\nwarning two" if n % 6 == 0 else "", "2025-07-05T00:00:00", "k1", "0.1.0"),
        )  # fmt: skip
        end = text.index("\n")
        conn.execute("INSERT INTO sentences VALUES (?,?,?,?,?)", (n, n, 0, end, text[:end]))
        for k in range(n % 3 + 1):
            row = (n * 10 + k, n, n, f"doc{n}", "RUS", ["RECOGNIZE", "VISIT", "MEET"][k], "AFG", "occurred",
                   None if k else f"2025-07-0{k + 1}", "on Thursday" if k else None, "Moscow", "the government",
                   None, 0.5 + k / 10, "recognised")  # fmt: skip
            if version >= 2:
                row += ('[{"kind": "killed", "low": 3, "high": 3, "text": "three"}]' if k == 2 else "[]",)
            conn.execute(f"INSERT INTO events VALUES ({','.join('?' * len(row))})", row)
    conn.commit()
    conn.close()


def _dump(path: Path, tables: list[str] | None = None) -> dict[str, tuple[list[str], list[tuple]]]:
    """The tables' columns and rows (ordered by rowid); default: the old schema's tables."""
    conn = sqlite3.connect(path)
    try:
        tables = tables or ["meta", "documents", "sentences", "events"]
        dump = {}
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            dump[table] = ([c[0] for c in cursor.description], cursor.fetchall())
        return dump
    finally:
        conn.close()


@pytest.mark.parametrize("version", sorted(OLD_SCHEMAS))
def test_old_database_migrates_with_every_row_intact(tmp_path, version):
    path = tmp_path / f"v{version}.db"
    _fill(path, version)
    before = _dump(path)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    from sqlalchemy.engine import Engine

    sa_event.listen(Engine, "before_cursor_execute", record)
    try:
        store = Store.open(path)
    finally:
        sa_event.remove(Engine, "before_cursor_execute", record)
    destructive = [s for s in statements if _DESTRUCTIVE.match(s)]
    assert not destructive, destructive
    after = _dump(path)
    for table, (columns, rows) in before.items():
        if table == "meta":
            continue
        new_columns, new_rows = after[table]
        assert new_columns[: len(columns)] == columns, f"{table}: columns changed"
        assert [r[: len(columns)] for r in new_rows] == rows, f"{table}: rows changed"
    assert dict(after["meta"][1])["schema_version"] == str(SCHEMA_VERSION)
    stored = store.events()
    assert len(stored) == sum(n % 3 + 1 for n in range(1, 41))
    assert {e.event.evidence for e in stored} == {r[4] for r in before["sentences"][1]}
    if version == 1:  # rows stored before figures report none
        assert all(e.event.figures == () for e in stored)
    assert Store.open(path).counts() == store.counts()  # opening again changes nothing


@pytest.mark.parametrize("version", sorted(OLD_SCHEMAS))
def test_migration_killed_halfway_leaves_the_old_database(tmp_path, version):
    path = tmp_path / f"v{version}.db"
    _fill(path, version, documents=5)
    before = _dump(path)
    # the last statement of any migration step writes the new version into meta: die right there
    run = _run_child(path, "INSERT INTO META")
    assert run.returncode == -signal.SIGKILL, run.stderr
    assert _dump(path) == before, "a killed migration changed the database"
    store = Store.open(path)
    assert store.counts()["documents"] == 5
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM meta WHERE key='schema_version'").scalar() == str(SCHEMA_VERSION)


def test_v4_write_counter_starts_on_migration_and_moves_with_each_document(tmp_path):
    path = tmp_path / "v3.db"
    _fill(path, 3, documents=3)
    store = Store.open(path)
    start = store.revision()
    from .test_durability import ARTICLE, EVENTS

    assert store.add(ARTICLE, EVENTS, "k") is not None
    assert Store.open(path, read_only=True).revision() == start + 1
    assert store.add(ARTICLE, EVENTS, "k") is None  # already stored: nothing written, nothing bumped
    assert store.revision() == start + 1


def test_v5_derived_status_tables_start_empty_and_fill_on_the_first_status(tmp_path):
    from dipwatch.serve import standings
    from dipwatch.store.steps import built_at

    path = tmp_path / "v4.db"
    _fill(path, 4, documents=6)
    store = Store.open(path)
    with store.engine.connect() as conn:
        assert built_at(conn, "AFG") is None
        assert conn.exec_driver_sql("SELECT count(*) FROM relationship_steps").scalar() == 0
    [russia] = standings.current(store, "AFG", None)
    assert (russia.country, russia.level) == ("RUS", 5)
    with store.engine.connect() as conn:
        assert built_at(conn, "AFG") == store.revision() == 7  # the v4 counter carries on
