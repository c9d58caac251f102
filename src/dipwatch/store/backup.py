"""`dipwatch backup FILE`: a consistent copy of a live SQLite database (issue 7).

SQLite's online backup API (`sqlite3.Connection.backup`) copies the database in one step under a
read transaction: with WAL, an ingest writing at the same time neither blocks it nor is blocked,
and the copy is the database as of one committed transaction (never half a document). The copy
is written beside FILE under a temporary name, checked (`PRAGMA integrity_check`), switched to a
plain rollback journal (one self-contained file) and only then renamed to FILE.

The source is opened as it is, never migrated: a backup taken before an upgrade keeps the old schema.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, StoreError

__all__ = ["BackupResult", "backup_database"]


@dataclass(frozen=True, slots=True)
class BackupResult:
    source: Path
    target: Path
    documents: int
    events: int
    schema_version: int


def _source_path(url: str) -> Path:
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        scheme = url.split("://", 1)[0] if "://" in url else url
        raise InputError(f"backup copies SQLite database files only, not {scheme!r} databases (use that database's own tools)")
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    if not path.is_file():
        raise InputError(f"no database at {path}")
    return path


def _count(conn: sqlite3.Connection, sql: str) -> int:
    try:
        return int(conn.execute(sql).fetchone()[0])
    except sqlite3.Error:
        return 0  # a table an older (or foreign) database does not have


def backup_database(url: str, target: str | os.PathLike[str], *, force: bool = False) -> BackupResult:
    """Copy the SQLite database at `url` (an SQLAlchemy URL) to `target`.

    Raises InputError for a non-SQLite URL, a missing database, or an existing `target` without
    `force`; StoreError when SQLite fails (the partial copy is removed).
    """
    source = _source_path(url)
    target = Path(target).expanduser()
    if target.exists() and source.resolve() == target.resolve():
        raise InputError(f"{target} is the database itself")
    if target.is_dir():
        raise InputError(f"{target} is a folder: give a file name")
    if target.exists() and not force:
        raise InputError(f"{target} exists: use --force to overwrite it")
    if not target.parent.is_dir():
        raise InputError(f"cannot write {target}: folder {target.parent} does not exist")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        src = sqlite3.connect(source, timeout=30)
        try:
            src.execute("PRAGMA busy_timeout=30000")
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
                check = dst.execute("PRAGMA integrity_check").fetchone()[0]
                if check != "ok":
                    raise StoreError(f"the copy failed its integrity check: {check}")
                result = BackupResult(
                    source=source, target=target,
                    documents=_count(dst, "SELECT COUNT(*) FROM documents"),
                    events=_count(dst, "SELECT COUNT(*) FROM events"),
                    schema_version=_count(dst, "SELECT value FROM meta WHERE key = 'schema_version'"),
                )  # fmt: skip
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise StoreError(f"backup of {source} failed: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return result
