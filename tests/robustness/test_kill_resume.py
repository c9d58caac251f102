"""Issue 7, nothing lost and nothing twice: `dipwatch ingest` SIGKILLed at random points and restarted,
and two `dipwatch ingest` processes (with online backups taken meanwhile) on one database.

Both end with the same database as one uninterrupted run: every document exactly once (by content
hash) and the same exported events. After every kill, each stored document has all its events.

The short form runs in CI (80 articles, 4 kills). The issue's full form:
    DIPWATCH_KILL_DOCS=2000 DIPWATCH_KILL_POINTS=10 .venv/bin/python -m pytest tests/robustness/test_kill_resume.py -s
(`-s` prints what was found after each kill point.)
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from dipwatch.pipeline import ingest_paths
from dipwatch.store import Store
from dipwatch.store.backup import backup_database

from .articles import write_articles
from .helpers import db_snapshot, dipwatch, dipwatch_command, exported_events

N_DOCS = int(os.environ.get("DIPWATCH_KILL_DOCS", "80"))
N_KILLS = int(os.environ.get("DIPWATCH_KILL_POINTS", "4"))
SEED = int(os.environ.get("DIPWATCH_KILL_SEED", "2025"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp):
    """The articles, and what one uninterrupted run makes of them."""
    folder = tmp_path_factory.mktemp("kill")
    articles = write_articles(folder / "articles", N_DOCS, seed=SEED)
    db = folder / "reference.db"
    report = ingest_paths([folder / "articles"], Store.open(db))
    assert report.count("new") == N_DOCS, report.failed
    snapshot = db_snapshot(db)
    assert len(snapshot["hashes"]) == N_DOCS and sum(snapshot["events_per_doc"].values()) > N_DOCS
    return folder, articles, snapshot, exported_events(db)


def _stored(db: Path) -> int:
    """How many documents the database holds now (0 while it does not exist yet)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _check_whole(db: Path, reference_snapshot: dict) -> dict:
    """The database is sound and each document it holds is whole: checked after every kill."""
    snap = db_snapshot(db)
    assert snap["integrity"] == "ok"
    assert snap["orphan_events"] == 0
    assert all(count == 1 for count in snap["hashes"].values()), "a document stored twice"
    expected = reference_snapshot["events_per_doc"]
    for content_hash, count in snap["events_per_doc"].items():
        assert count == expected[content_hash], f"document {content_hash[:12]} has {count} of {expected[content_hash]} events"
    return snap


def _kill_points(rng: random.Random) -> list[tuple[str, float, int]]:
    """(kind, delay, target): one kill during start-up, the others once `target` documents are stored,
    `delay` seconds later (to land anywhere within a document's work, its transaction included)."""
    points = [("start-up", rng.uniform(0.5, 4.0), 0)]
    targets = sorted(rng.sample(range(1, N_DOCS - 2), N_KILLS - 1))
    points += [("running", rng.uniform(0.0, 0.3), target) for target in targets]
    return points


def test_kill_and_resume_gives_the_uninterrupted_result(reference, tmp_path):
    folder, _articles, ref_snapshot, ref_events = reference
    db = tmp_path / "killed.db"
    rng = random.Random(SEED)
    log = []
    for number, (kind, delay, target) in enumerate(_kill_points(rng), 1):
        proc = subprocess.Popen(dipwatch_command("ingest", folder / "articles", "--db", db),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 600
        while kind == "running" and _stored(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        snap = _check_whole(db, ref_snapshot)
        wal = Path(f"{db}-wal")
        log.append(
            f"kill {number}: {kind}" + (f" at >= {target} documents" if target else "") + f" + {delay:.2f}s"
            + (" (had already finished)" if finished else "")
            + f" -> {snap['state']}: {len(snap['hashes'])} documents, {sum(snap['events_per_doc'].values())} events,"
            f" every document whole, integrity ok, WAL {wal.stat().st_size if wal.exists() else 0} bytes"
        )  # fmt: skip
    report = tmp_path / "final.json"
    before = _stored(db)
    run = dipwatch("ingest", folder / "articles", "--db", db, "--report", report)
    assert run.returncode == 0, run.stderr
    outcomes = json.loads(report.read_text())
    assert [o["outcome"] for o in outcomes].count("known") == before
    assert [o["outcome"] for o in outcomes].count("new") == N_DOCS - before
    final = _check_whole(db, ref_snapshot)
    assert final["hashes"] == ref_snapshot["hashes"]  # every document, each once
    assert exported_events(db) == ref_events  # the same events as the uninterrupted run
    log.append(f"final run: {before} already known, {N_DOCS - before} new -> same documents and events as the uninterrupted run")
    print("\n" + "\n".join(log))


def test_two_ingests_at_once_with_backups_meanwhile(reference, tmp_path):
    """Overlapping inputs, the second process in reverse order so both work on the same documents
    at the same time; online backups taken while they write are sound and hold whole documents."""
    folder, articles, ref_snapshot, ref_events = reference
    db = tmp_path / "shared.db"
    first, second = articles[: 2 * N_DOCS // 3], articles[N_DOCS // 3 :][::-1]
    reports = [tmp_path / "a.json", tmp_path / "b.json"]
    procs = [
        subprocess.Popen(dipwatch_command("ingest", *paths, "--db", db, "--report", out),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
        for paths, out in ((first, reports[0]), (second, reports[1]))
    ]
    backups = []
    while any(p.poll() is None for p in procs) and len(backups) < 4:
        if _stored(db) >= 3 * (len(backups) + 1):
            target = tmp_path / f"backup{len(backups)}.db"
            if backups:
                backup_database(f"sqlite:///{db}", target)
            else:  # the first through the command line, as a user runs it
                run = dipwatch("backup", target, "--db", db)
                assert run.returncode == 0, run.stderr
                assert "integrity check ok" in run.stdout
            backups.append(target)
        time.sleep(0.05)
    for proc in procs:
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    new = sum(o["outcome"] == "new" for r in reports for o in json.loads(r.read_text()))
    assert new == N_DOCS  # each document stored by exactly one of them
    final = _check_whole(db, ref_snapshot)
    assert final["hashes"] == ref_snapshot["hashes"]
    assert exported_events(db) == ref_events
    assert backups, "the ingests finished before any backup could be taken"
    sizes = []
    for target in backups:
        assert not Path(f"{target}-wal").exists()  # one self-contained file
        snap = _check_whole(target, ref_snapshot)
        store = Store.open(target)  # a backup opens as a dipwatch database
        assert store.counts()["documents"] == len(snap["hashes"])
        sizes.append(len(snap["hashes"]))
    print(f"\nbackups taken while two ingests wrote held {sizes} documents, each whole; final {N_DOCS} documents once each")
