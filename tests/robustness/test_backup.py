"""Issue 7, `dipwatch backup FILE`: SQLite's online backup API, refusals with a clear message.
(A backup taken while two ingests write is in test_kill_resume.py.)"""

from __future__ import annotations

import sqlite3

from typer.testing import CliRunner

from dipwatch.serve.cli import app
from dipwatch.store import Store

from .helpers import db_snapshot
from .test_durability import ARTICLE, EVENTS
from .test_migrations import _fill

runner = CliRunner()


def _backup(*args: str):
    return runner.invoke(app, ["backup", *map(str, args)])


def test_backup_copies_a_sound_self_contained_database(tmp_path):
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    Store.open(db).add(ARTICLE, EVENTS, "k")
    result = _backup(copy, "--db", db)
    assert result.exit_code == 0, result.output
    assert f"to {copy}: 1 documents, 2 events, schema v" in result.output and "integrity check ok" in result.output
    assert not (tmp_path / "copy.db-wal").exists() and not list(tmp_path.glob(".copy.db*"))
    assert db_snapshot(copy) == db_snapshot(db)
    assert Store.open(copy).events() == Store.open(db).events()


def test_backup_refuses_with_a_clear_message(tmp_path):
    db, copy = tmp_path / "live.db", tmp_path / "copy.db"
    Store.open(db).add(ARTICLE, EVENTS, "k")
    copy.write_text("precious")
    refused = _backup(copy, "--db", db)
    assert refused.exit_code == 2 and "exists: use --force to overwrite it" in refused.output
    assert copy.read_text() == "precious"
    assert _backup(copy, "--db", db, "--force").exit_code == 0
    assert Store.open(copy).counts() == {"documents": 1, "events": 2}
    for args, message in (
        (["--db", "postgresql://user@host/dipwatch"], "SQLite database files only, not 'postgresql'"),
        (["--db", "sqlite://"], "SQLite database files only"),
        (["--db", tmp_path / "missing.db"], "no database at"),
    ):
        result = _backup(tmp_path / "other.db", *args)
        assert result.exit_code == 2 and message in result.output, result.output
    assert "is the database itself" in _backup(db, "--db", db, "--force").output
    assert "does not exist" in _backup(tmp_path / "no" / "x.db", "--db", db).output
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("not a database " * 100)
    result = _backup(tmp_path / "x.db", "--db", not_sqlite)
    assert result.exit_code == 2 and "backup of" in result.output and not (tmp_path / "x.db").exists()


def test_backup_of_an_old_schema_is_not_migrated(tmp_path):
    old, copy = tmp_path / "v1.db", tmp_path / "copy.db"
    _fill(old, 1, documents=3)
    assert _backup(copy, "--db", old).exit_code == 0
    for path in (old, copy):
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == "1"
