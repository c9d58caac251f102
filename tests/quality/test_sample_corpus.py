"""The bundled sample corpus, ingested the way `dipwatch demo` does, checked against its own gold."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from dipwatch.derive import relationships_as_of
from dipwatch.evaluate import load_jsonl, score_events
from dipwatch.export import event_record
from dipwatch.serve.cli import app
from dipwatch.store import EventFilter, Store

CORPUS = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))
BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text())


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory) -> Store:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "16 new, 0 already known, 0 failed" in result.output
    assert "formal_recognition" in result.output
    return Store.open(db)


def test_corpus_has_every_type_and_status():
    gold = load_jsonl(CORPUS / "gold.jsonl")
    from dipwatch.records import EventType, Status

    assert {g["type"] for g in gold} == {t.value for t in EventType}
    assert {g["status"] for g in gold} == {s.value for s in Status}
    assert len(list(CORPUS.glob("*.txt"))) >= 6 and len(list(CORPUS.glob("*.html"))) >= 6


def test_evidence_is_the_cleaned_text_at_its_offsets(demo_store):
    with demo_store.engine.connect() as conn:
        texts = dict(conn.execute(text("select id, text from documents")).all())
    items = demo_store.events()
    assert len(items) > 50
    for item in items:
        assert texts[item.source.document_id][item.event.start : item.event.end] == item.event.evidence


def test_accuracy_on_the_sample_gold(demo_store):
    system = [event_record(item) for item in demo_store.events()]
    score = score_events(load_jsonl(CORPUS / "gold.jsonl"), system)
    assert score.strict[2] >= BASELINE["sample_corpus_strict_f1"], score.report()
    assert len(score.false_assertions) <= BASELINE["sample_corpus_max_false_assertions"], score.report()
    assert score.date_accuracy >= BASELINE["sample_corpus_date_accuracy"], score.report()


def test_furniture_teasers_give_no_events(demo_store):
    with demo_store.engine.connect() as conn:
        cleaned = [row[0] for row in conn.execute(text("select text from documents"))]
    assert not any("More from" in t or "Latest from" in t or "Advertisement" in t for t in cleaned)


def test_relationships_replay_russia(demo_store):
    events = demo_store.events(EventFilter(focus="AFG"))
    level = lambda day: {r.country: r.level_name for r in relationships_as_of(events, "AFG", day)}.get("RUS")
    assert level(dt.date(2025, 6, 1)) != "formal_recognition"
    assert level(dt.date(2025, 8, 1)) == "formal_recognition"
