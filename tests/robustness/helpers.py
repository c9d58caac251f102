"""Running `dipwatch` as a real process, and reading a database as the tests compare it."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

from dipwatch.export import write_jsonl
from dipwatch.store import Store

__all__ = ["db_snapshot", "dipwatch", "dipwatch_command", "exported_events"]


def dipwatch_command(*args: str | Path) -> list[str]:
    """The command line of `dipwatch ARGS` with this interpreter (whatever way dipwatch is installed)."""
    return [sys.executable, "-c", "from dipwatch.serve.cli import main; main()", *map(str, args)]


def dipwatch(*args: str | Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(dipwatch_command(*args), capture_output=True, text=True, timeout=timeout, env=env)


def exported_events(db: Path) -> Counter[str]:
    """The `dipwatch export` records of a database, without their ids (a multiset: duplicates count)."""
    out = io.StringIO()
    write_jsonl(Store.open(db).iter_events(), out)
    records = []
    for line in out.getvalue().splitlines():
        record = json.loads(line)
        record.pop("id", None)
        records.append(json.dumps(record, sort_keys=True, ensure_ascii=False))
    return Counter(records)


def db_snapshot(db: Path) -> dict[str, object]:
    """What a database holds, read with plain sqlite3 (read-only, safe while another process writes):
    content hashes with their multiplicity, events per document hash, integrity check.
    A process killed before it made the database (or its tables) leaves an empty snapshot."""
    empty = {"hashes": Counter(), "events_per_doc": {}, "orphan_events": 0, "integrity": "ok"}
    if not db.exists():
        return {**empty, "state": "no database file yet"}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"documents", "events"} <= tables:
            return {**empty, "state": "no tables yet", "integrity": conn.execute("PRAGMA integrity_check").fetchone()[0]}
        hashes = Counter(h for (h,) in conn.execute("SELECT content_hash FROM documents"))
        per_doc = dict(
            conn.execute(
                "SELECT d.content_hash, COUNT(e.id) FROM documents d LEFT JOIN events e ON e.document_id = d.id "
                "GROUP BY d.id"
            ).fetchall()
        )
        orphans = conn.execute(
            "SELECT COUNT(*) FROM events e LEFT JOIN documents d ON d.id = e.document_id WHERE d.id IS NULL"
        ).fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return {"hashes": hashes, "events_per_doc": per_doc, "orphan_events": orphans, "integrity": integrity, "state": "schema made"}
