"""Issue 7, bad input: `dipwatch ingest` over the hostile corpus, as a real process.

Every file gets one outcome with a one-line reason, the exit code says whether any failed, the
report holds the same outcomes as JSON, and the good files of the batch are stored.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select

from dipwatch.store import Store
from dipwatch.store.tables import documents, events

from .helpers import dipwatch
from .hostile_corpus import write_hostile_corpus


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    corpus = folder / "corpus"
    cases = write_hostile_corpus(corpus, huge_mb=100)
    db, report = folder / "hostile.db", folder / "report.json"
    run = dipwatch("ingest", corpus, "--db", db, "--report", report)
    yield corpus, cases, db, run, json.loads(report.read_text()) if report.exists() else None
    (corpus / "huge.html").unlink(missing_ok=True)  # 100 MB: don't keep it around


def test_every_file_gets_one_clear_outcome(hostile):
    corpus, cases, _db, run, report = hostile
    assert report is not None, run.stderr
    assert run.returncode == 1, run.stderr  # some files failed
    by_path = {str(Path(entry["path"]).relative_to(corpus)): entry for entry in report}
    assert len(by_path) == len(report), "a file reported twice"
    assert sorted(by_path) == [case.name for case in cases]
    stderr = run.stderr.splitlines()
    for case in cases:
        entry = by_path[case.name]
        assert entry["outcome"] == case.outcome, (case, entry)
        if case.outcome == "failed":
            assert case.expect in entry["reason"], (case, entry)
            assert entry["reason"].strip() and "\n" not in entry["reason"]
            assert stderr.count(f"failed {entry['path']}: {entry['reason']}") == 1, (case, run.stderr)
        else:
            assert entry["reason"] == ""
            assert all("\n" not in w for w in entry["warnings"])
            if case.expect:
                assert any(case.expect in w for w in entry["warnings"]), (case, entry)
            for warning in entry["warnings"]:
                assert f"warning {entry['path']}: {warning}" in stderr
    summary = run.stdout.strip().splitlines()[-1]
    new = sum(c.outcome == "new" for c in cases)
    failed = len(cases) - new
    assert summary.startswith(f"documents: {new} new, 0 already known, {failed} failed;"), summary


def test_good_files_are_stored_and_languages_marked(hostile):
    corpus, cases, db, _run, _report = hostile
    store = Store.open(db)
    with store.engine.connect() as conn:
        rows = {
            str(Path(r.source_path).relative_to(corpus)): r
            for r in conn.execute(select(documents.c.id, documents.c.source_path, documents.c.language, documents.c.published))
        }
        per_doc: dict[int, int] = {}
        for (doc_id,) in conn.execute(select(events.c.document_id)):
            per_doc[doc_id] = per_doc.get(doc_id, 0) + 1
    stored = sorted(c.name for c in cases if c.outcome == "new")
    assert sorted(rows) == stored
    for case in cases:
        if case.outcome != "new":
            continue
        row = rows[case.name]
        assert row.language == case.language, case
        if case.language != "en":
            assert per_doc.get(row.id, 0) == 0, f"{case.name}: events from a {case.language} text"
    for name in ("good_1.txt", "good_2.html", "zz_loops/inner.txt", "long_sentence.txt", "mixed.txt"):
        assert per_doc.get(rows[name].id, 0) >= 2, name
    assert rows["future_sidecar.txt"].published is None  # the future date was not taken
    with store.engine.connect() as conn:
        for name in ("entity_bomb.html", "xml_bomb.html"):  # entities left as text, never expanded
            text = conn.execute(select(documents.c.text).where(documents.c.id == rows[name].id)).scalar_one()
            assert text.endswith("&lol9; &lol9;") and len(text) < 2000
    today = dt.date.today().isoformat()
    assert all(e.event.date is None or str(e.event.date) <= today for e in store.events())


def test_exit_code_is_zero_when_nothing_failed(hostile):
    corpus, _cases, db, _run, _report = hostile
    run = dipwatch("ingest", corpus / "good_1.txt", corpus / "good_2.html", "--db", db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("documents: 0 new, 2 already known, 0 failed; events found: 0")
