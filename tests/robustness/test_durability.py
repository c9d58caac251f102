"""Issue 7, nothing lost and nothing twice, at the exact points that matter (deterministic).

A process is SIGKILLed by a hook at a chosen SQL statement: inside a document's transaction
(after the document and its first sentence, before its events), and while a new database's
schema is being created. Several processes open one new database at the same instant.
The random kills of a real `dipwatch ingest` run are in test_kill_resume.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from dipwatch.records import Article, Event, EventType, PartialDate, Status
from dipwatch.store import Store
from dipwatch.store.tables import SCHEMA_VERSION

from .helpers import db_snapshot

TEXT = "Russia recognised the Taliban government on Thursday.\n\nUzbekistan sent a delegation to Kabul."
ARTICLE = Article(doc="a", text=TEXT, content_hash="h" * 64, source_path="a.txt", source_format="text",
                  published=PartialDate(2025, 7, 4))  # fmt: skip


def _event(actor: str, type_: EventType, target: str, evidence: str) -> Event:
    start = TEXT.index(evidence)
    return Event(doc="a", actor=actor, type=type_, target=target, status=Status.OCCURRED, date=None,
                 date_text=None, evidence=evidence, start=start, end=start + len(evidence),
                 actor_text=actor, target_text=target)  # fmt: skip


EVENTS = [
    _event("RUS", EventType.RECOGNIZE, "AFG", TEXT.split("\n\n")[0]),
    _event("UZB", EventType.VISIT, "AFG", TEXT.split("\n\n")[1]),
]

OTHER = Article(doc="b", text=TEXT + "\n\nMore.", content_hash="i" * 64, source_path="b.txt", source_format="text",
                published=PartialDate(2025, 7, 4))  # the same events' offsets hold in it

# A child process that opens the store, arms a hook that SIGKILLs it right after the first SQL
# statement starting with `marker`, then does `action`.
CHILD = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from tests.robustness.test_durability import ARTICLE, EVENTS, OTHER
marker = sys.argv[2]

@event.listens_for(Engine, "after_cursor_execute")
def die(conn, cursor, statement, *args):
    if statement.lstrip().upper().startswith(marker):
        os.kill(os.getpid(), signal.SIGKILL)

from dipwatch.store import Store
store = Store.open(sys.argv[1])
{action}
print("not killed")
"""


def _run_child(db: Path, marker: str, action: str = "") -> subprocess.CompletedProcess[str]:
    code = CHILD.format(action=action)
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", code, str(db), marker], capture_output=True, text=True,
                          timeout=120, cwd=root)  # fmt: skip


def test_kill_inside_a_document_transaction_leaves_nothing_half_written(tmp_path: Path):
    db = tmp_path / "kill.db"
    Store.open(db)  # the schema exists: the hook below only meets the document's statements
    run = _run_child(db, "INSERT INTO SENTENCES", "store.add(ARTICLE, EVENTS, 'k')")
    assert run.returncode == -signal.SIGKILL, run.stderr
    after = db_snapshot(db)
    assert after["integrity"] == "ok"
    assert not after["hashes"], "a document was left without its events"
    store = Store.open(db)  # the restart stores it whole
    assert store.add(ARTICLE, EVENTS, "k") is not None
    assert store.add(ARTICLE, EVENTS, "k") is None  # and only once
    assert db_snapshot(db)["events_per_doc"] == {ARTICLE.content_hash: 2}


def test_kill_inside_a_batch_transaction_leaves_none_of_the_batch(tmp_path: Path):
    db = tmp_path / "batch.db"
    Store.open(db)
    # ARTICLE has no events here, so the first sentence written is OTHER's: the kill comes after
    # one whole document and the second one's row, in the batch's one transaction
    run = _run_child(db, "INSERT INTO SENTENCES", "store.add_all([(ARTICLE, []), (OTHER, EVENTS)], 'k')")
    assert run.returncode == -signal.SIGKILL, run.stderr
    after = db_snapshot(db)
    assert after["integrity"] == "ok"
    assert not after["hashes"], "part of a batch was kept"
    store = Store.open(db)  # the restart stores both, whole, once
    assert None not in store.add_all([(ARTICLE, []), (OTHER, EVENTS)], "k")
    assert store.add_all([(ARTICLE, []), (OTHER, EVENTS)], "k") == [None, None]
    assert store.counts() == {"documents": 2, "events": 2}


def test_kill_while_creating_the_schema_leaves_no_half_made_schema(tmp_path: Path):
    db = tmp_path / "new.db"
    run = _run_child(db, "CREATE TABLE DOCUMENTS")
    assert run.returncode == -signal.SIGKILL, run.stderr
    store = Store.open(db)  # was: "duplicate column name: figures" (tables made outside a transaction)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'schema_version'").scalar() == str(SCHEMA_VERSION)
    assert store.add(ARTICLE, EVENTS, "k") is not None
    assert store.counts() == {"documents": 1, "events": 2}


def test_processes_opening_a_new_database_at_once(tmp_path: Path):
    """Was: "table meta already exists", "duplicate column name", "database is locked" (15 of 15)."""
    opener = textwrap.dedent("""
        import sys, time
        from dipwatch.store import Store
        start = float(sys.argv[2])
        time.sleep(max(0.0, start - time.time()))
        Store.open(sys.argv[1])
    """)
    for trial in range(3):
        db = tmp_path / f"race{trial}.db"
        start = time.time() + 1.5
        procs = [
            subprocess.Popen([sys.executable, "-c", opener, str(db), str(start)], stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        for proc in procs:
            _out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        assert db_snapshot(db)["integrity"] == "ok"
