"""Create the schema, or bring an older database up to date without dropping data.

Each migration is a function from version N-1 to N, run in order inside one transaction;
the applied version is kept in the `meta` table.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from ..errors import StoreError
from .tables import SCHEMA_VERSION, meta, metadata

__all__ = ["FTS_TABLE", "MIGRATIONS", "REVISION_KEY", "has_fts", "migrate", "schema_version"]


def _add_event_figures(conn: Connection) -> None:
    """v1 -> v2: events.figures (issue 4); rows stored before it reported no figures."""
    conn.execute(text("ALTER TABLE events ADD COLUMN figures TEXT NOT NULL DEFAULT '[]'"))


# The full-text index over evidence sentences: an external-content FTS5 table, kept in step with
# `sentences` by triggers, so every writer (Store.add, a concurrent ingest) updates it.
FTS_TABLE = "sentences_fts"
_FTS_SQL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON sentences BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON sentences BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE ON sentences BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
)


def has_fts(conn: Connection) -> bool:
    """The database has the sentence index (SQLite with FTS5; elsewhere search falls back to LIKE)."""
    return conn.dialect.name == "sqlite" and inspect(conn).has_table(FTS_TABLE)


def _add_sentence_search(conn: Connection) -> None:
    """v2 -> v3: the FTS5 index over evidence sentences (issue 5), filled from the stored ones.

    SQLite only, and only where the build has FTS5: other databases search with LIKE instead."""
    if conn.dialect.name != "sqlite":
        return
    if not conn.exec_driver_sql("SELECT sqlite_compileoption_used('ENABLE_FTS5')").scalar():
        return  # an SQLite built without FTS5
    for statement in _FTS_SQL:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


# The meta row every write bumps (Store.add, in its own transaction): readers that cache derived
# answers compare it instead of counting rows, a primary-key lookup at any size.
REVISION_KEY = "revision"


def _add_revision(conn: Connection) -> None:
    """v3 -> v4: the write counter (issue 6). Its starting value does not matter, only that
    every later write changes it."""
    if conn.execute(select(meta.c.key).where(meta.c.key == REVISION_KEY)).first() is None:
        conn.execute(meta.insert().values(key=REVISION_KEY, value="0"))


def _add_derived_status(conn: Connection) -> None:
    """v4 -> v5: the derived status tables (issue 6). `metadata.create_all` has made them, empty:
    there is nothing to carry over, they are built from the events on the first read."""


# MIGRATIONS[n] upgrades a database at version n to n + 1 (additive only: never drop data).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_event_figures, 2: _add_sentence_search, 3: _add_revision, 4: _add_derived_status}
# What a fresh database gets beside `metadata.create_all` (objects SQLAlchemy Core cannot describe).
_FRESH_EXTRAS: tuple[Callable[[Connection], None], ...] = (_add_sentence_search, _add_revision)


def schema_version(conn: Connection) -> int:
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


# Any fixed number: the PostgreSQL advisory lock that migrations of one database take.
_MIGRATION_LOCK = 0x64697077  # "dipw"


def migrate(engine: Engine) -> int:
    """Create missing tables and apply pending migrations; returns the schema version.

    On SQLite it all runs in one BEGIN IMMEDIATE transaction: the write lock is taken before the
    schema is read, so two processes opening a new database at once wait for each other instead
    of both creating it, and a process killed halfway leaves no half-made schema behind.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # pysqlite would run DDL outside any transaction
        elif conn.dialect.name == "postgresql":
            # The same serialisation for PostgreSQL: without it two writers opening one database
            # both rewrite the version row and the second fails on its primary key.
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        version = schema_version(conn)
        if version == SCHEMA_VERSION:
            return version  # up to date: opening writes nothing
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"database schema v{version} is newer than this dipwatch (v{SCHEMA_VERSION}): upgrade dipwatch"
            )
        fresh = version == 0 and not inspect(conn).has_table("documents")
        metadata.create_all(conn)
        if not fresh:
            for step in range(max(version, 1), SCHEMA_VERSION):
                MIGRATIONS[step](conn)
        else:
            for extra in _FRESH_EXTRAS:
                extra(conn)
        conn.execute(meta.delete().where(meta.c.key == "schema_version"))
        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    return SCHEMA_VERSION
