"""Create the schema, or bring an older database up to date without dropping data.

Each migration is a function from version N-1 to N, run in order inside one transaction;
the applied version is kept in the `meta` table.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, Engine, inspect, select, text

from ..errors import StoreError
from .tables import SCHEMA_VERSION, meta, metadata

__all__ = ["MIGRATIONS", "migrate", "schema_version"]


def _add_event_figures(conn: Connection) -> None:
    """v1 -> v2: events.figures (issue 4); rows stored before it reported no figures."""
    conn.execute(text("ALTER TABLE events ADD COLUMN figures TEXT NOT NULL DEFAULT '[]'"))


# MIGRATIONS[n] upgrades a database at version n to n + 1 (additive only: never drop data).
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_event_figures}


def schema_version(conn: Connection) -> int:
    if not inspect(conn).has_table("meta"):
        return 0
    row = conn.execute(select(meta.c.value).where(meta.c.key == "schema_version")).first()
    return int(row[0]) if row else 0


def migrate(engine: Engine) -> int:
    """Create missing tables and apply pending migrations; returns the schema version."""
    with engine.begin() as conn:
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"database schema v{version} is newer than this dipwatch (v{SCHEMA_VERSION}): upgrade dipwatch"
            )
        fresh = version == 0 and not inspect(conn).has_table("documents")
        metadata.create_all(conn)
        if not fresh:
            for step in range(max(version, 1), SCHEMA_VERSION):
                MIGRATIONS[step](conn)
        conn.execute(meta.delete().where(meta.c.key == "schema_version"))
        conn.execute(meta.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
    return SCHEMA_VERSION
