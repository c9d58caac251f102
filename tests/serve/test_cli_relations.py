"""`status`, `timeline`, `changes` and `conflicts` through the CLI, over a real SQLite store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dipwatch.records import UNKNOWN_ACTOR, Article, Event, EventType, Figure, PartialDate, Status
from dipwatch.serve.cli import app
from dipwatch.store import Store

runner = CliRunner()
WIDE = {"COLUMNS": "220"}


def _article(doc: str, text: str, published: str, outlet: str) -> Article:
    return Article(doc=doc, text=text, content_hash=f"hash-{doc}", source_path=f"{doc}.txt", source_format="text",
                   outlet=outlet, published=PartialDate.parse(published))


def _event(doc, text, actor, kind, target="AFG", date=None, status=Status.OCCURRED, figures=()):
    return Event(doc=doc, actor=actor, type=EventType(kind), target=target, status=status,
                 date=PartialDate.parse(date) if date else None, date_text=None, evidence=text, start=0, end=len(text),
                 actor_text=actor, target_text=target, figures=tuple(figures))


# (doc, published, outlet, sentence, events) — sentences written for these tests
ARTICLES = [
    ("wire", "2025-07-04", "Steppe Wire", "Moscow extended formal recognition to the Kabul authorities on Thursday.",
     [("RUS", "RECOGNIZE", "AFG", "2025-07-03", Status.OCCURRED, ())]),
    ("weekly", "2025-07-11", "Kabul Weekly", "Recognition by Russia came in early July.",
     [("RUS", "RECOGNIZE", "AFG", "2025-07", Status.OCCURRED, ())]),
    ("talks", "2024-05-03", "Steppe Wire", "Russian envoys held talks with Taliban ministers this week.",
     [("RUS", "MEET", "AFG", "2024-05", Status.OCCURRED, ())]),
    ("strike-a", "2024-12-25", "Frontier Daily", "Jets struck the Zarghun valley on Tuesday night, killing at least 9.",
     [("PAK", "ATTACK", "AFG", "2024-12-24", Status.OCCURRED, (Figure("killed", 9, None, "at least 9"),))]),
    ("strike-b", "2024-12-28", "Hill Herald", "The raid on the Zarghun valley on Monday killed 30.",
     [("PAK", "ATTACK", "AFG", "2024-12-23", Status.OCCURRED, (Figure("killed", 30, 30, "30"),))]),
    ("concert-a", "2025-12-01", "Evening Post", "An assault on a Moscow theatre in March 2024 killed more than 140.",
     [(UNKNOWN_ACTOR, "ATTACK", "RUS", "2024-03", Status.OCCURRED, (Figure("killed", 141, None, "more than 140"),))]),
    ("concert-b", "2025-09-22", "Morning Ledger", "Gunmen of the Khorasan branch killed more than 130 in Moscow last year.",
     [("ISKP", "ATTACK", "RUS", "2024", Status.OCCURRED, (Figure("killed", 131, None, "more than 130"),))]),
    ("trip-off", "2025-09-04", "Deccan Note", "The minister's August trip to Delhi did not take place.",
     [("AFG", "VISIT", "IND", "2025-08", Status.NEGATED, ())]),
    ("trip-on", "2025-10-11", "Capital Note", "The minister arrived in Delhi on Thursday.",
     [("AFG", "VISIT", "IND", "2025-10-09", Status.OCCURRED, ())]),
]


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "relations.db")
    store = Store.open(path)
    for doc, published, outlet, text, events in ARTICLES:
        store.add(_article(doc, text, published, outlet),
                  [_event(doc, text, a, k, t, d, s, f) for a, k, t, d, s, f in events], "k")
    return path


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_status_from_merged_reports_shows_corroboration(db):
    early = {r["country"]: r for r in _json(["status", "--json", "--as-of", "2025-07-20", "--db", db])}
    assert early["RUS"]["corroboration"] == 1  # "in early July" counts from the end of July
    rows = {r["country"]: r for r in _json(["status", "--json", "--as-of", "2025-08-01", "--db", db])}
    assert rows["RUS"]["level_name"] == "formal_recognition" and rows["RUS"]["corroboration"] == 2
    assert rows["RUS"]["sources"] == ["Kabul Weekly", "Steppe Wire"]
    table = runner.invoke(app, ["status", "--as-of", "2025-08-01", "--db", db], env=WIDE)
    assert "2 documents" in table.output and "Steppe Wire" in table.output


def test_timeline_in_date_order_with_level_changes(db):
    entries = _json(["timeline", "rus", "--json", "--db", db])
    assert [(e["event"]["type"], e["date"], e["change"]) for e in entries] == [
        ("MEET", "2024-05", "level 0 -> 2 (official_engagement)"),
        ("RECOGNIZE", "2025-07-03", "level 2 -> 5 (formal_recognition)"),
    ]
    assert len(entries[1]["event"]["mentions"]) == 2
    assert entries[1]["event"]["mentions"][0]["evidence"].startswith("Moscow extended")
    shown = runner.invoke(app, ["timeline", "IND", "--db", db], env=WIDE)
    assert shown.output.index("negated") < shown.output.index("occurred")
    assert "did not take place" in shown.output and "Capital Note" in shown.output
    early = _json(["timeline", "RUS", "--as-of", "2025-01-01", "--json", "--db", db])
    assert [e["event"]["type"] for e in early] == ["MEET"]


def test_changes_between_dates(db):
    found = _json(["changes", "--since", "2025-06-01", "--until", "2025-08-01", "--json", "--db", db])
    assert [(c["country"], c["kind"], c["flag"] or c["level_after_name"], c["day"]) for c in found] == [
        ("PAK", "flag_cleared", "armed_conflict", "2025-06-23"),  # 180 days after the December strike
        ("RUS", "level_up", "formal_recognition", "2025-07-03")]
    assert found[1]["evidence"][0]["mentions"][0]["source"] == "Steppe Wire (2025-07-04)"
    assert found[1]["evidence"][0]["corroboration"] == 2
    shown = runner.invoke(app, ["changes", "--since", "2025-06-01", "--until", "2025-08-01", "--db", db], env=WIDE)
    assert "formal_recognition" in shown.output and "Moscow extended" in shown.output


def test_conflicts_and_compatible_figures(db):
    found = _json(["conflicts", "--json", "--db", db])
    by_kind = {(c["kind"], c["compatible"]): c for c in found}
    date = by_kind[("date", False)]
    assert {date["left"]["value"], date["right"]["value"]} == {"2024-12-23", "2024-12-24"}
    assert {date["left"]["mention"]["outlet"], date["right"]["mention"]["outlet"]} == {"Frontier Daily", "Hill Herald"}
    concert = next(c for c in found if c["event"]["target"] == "RUS")
    assert concert["compatible"] and {concert["left"]["value"], concert["right"]["value"]} == {
        "killed: more than 140", "killed: more than 130"}
    assert _json(["conflicts", "--focus", "RUS", "--json", "--db", db]) == [concert]
    shown = runner.invoke(app, ["conflicts", "--db", db], env=WIDE)
    assert "Conflicting reports" in shown.output and "compatible figures" in shown.output


@pytest.mark.parametrize("args, message", [
    (["changes", "--since", "last week"], "--since takes a date YYYY-MM-DD"),
    (["changes", "--since", "2025-08-01", "--until", "2025-06-01"], "is before --since"),
    (["timeline", "Russia!"], "COUNTRY takes an actor code"),
    (["timeline", "RUS", "--as-of", "2025-13-01"], "--as-of takes a date"),
    (["status", "--focus", "k4bul"], "--focus takes an actor code"),
    (["conflicts", "--focus", "1"], "--focus takes an actor code"),
])
def test_bad_input_is_a_clear_error(db, args, message):
    result = runner.invoke(app, args + ["--db", db])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_new_commands_have_help():
    for command in ("timeline", "changes", "conflicts"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100, command
