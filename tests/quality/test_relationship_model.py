"""Issue 4's "done when", on the seeds plus the bundled sample corpus: one merged event per
real-world event, tolls compared as ranges, a date conflict between two outlets, a trip that
was off in September and made in October, engagement and conflict at once."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest

from dipwatch.derive import ConflictKind, changes, find_conflicts, merge_reports, relationships_as_of, timeline
from dipwatch.pipeline import ingest_paths
from dipwatch.records import EventType, Status
from dipwatch.store import Store
from tests.conftest import shared_path

SAMPLE = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))
RECOGNITION_DOCS = {"01_russia-recognises", "02_russia-recognition-analysis", "03_moscow-format-october", "16_icc-warrants"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("issue4") / "issue4.db")
    report = ingest_paths([shared_path("corpus", "seeds"), SAMPLE], store)
    assert report.count("new") == 21
    return store.events()


def _merged(reports, actor, kind, target, status=Status.OCCURRED):
    return [m for m in merge_reports(reports)
            if (m.actor, m.type, m.target, m.status) == (actor, EventType(kind), target, status)]


def test_russia_recognition_is_one_event_with_every_mention(reports):
    [event] = _merged(reports, "RUS", "RECOGNIZE", "AFG")
    mentions = [r for r in reports if (r.event.actor, r.event.type, r.event.target, r.event.status)
                == ("RUS", EventType.RECOGNIZE, "AFG", Status.OCCURRED)]
    assert sorted(m.id for m in event.mentions) == sorted(m.id for m in mentions)
    assert RECOGNITION_DOCS <= set(event.documents)
    assert event.corroboration == len(set(event.documents)) >= 6
    assert str(event.date).startswith("2025-07")


def test_status_links_russia_to_the_merged_recognition(reports):
    russia = {r.country: r for r in relationships_as_of(reports, "AFG", dt.date(2025, 8, 1))}["RUS"]
    assert russia.level_name == "formal_recognition"
    assert russia.level_merged.type is EventType.RECOGNIZE and russia.corroboration >= 4


def test_changes_june_to_august_show_russia_reaching_formal_recognition(reports):
    found = changes(reports, "AFG", dt.date(2025, 6, 1), dt.date(2025, 8, 1))
    [russia] = [c for c in found if c.country == "RUS" and c.kind.value == "level_up"]
    assert russia.level_after == 5 and dt.date(2025, 7, 3) <= russia.day <= dt.date(2025, 7, 4)
    assert russia.evidence[0].type is EventType.RECOGNIZE and russia.evidence[0].corroboration >= 4


def test_pakistan_is_engaged_and_hostile_at_once(reports):
    pakistan = {r.country: r for r in relationships_as_of(reports, "AFG", dt.date(2025, 11, 1))}["PAK"]
    assert pakistan.level >= 2
    assert "armed_conflict" in pakistan.flags
    assert pakistan.flag_events["armed_conflict"].type is EventType.ATTACK


def _concert_hall(reports):
    return [m for m in merge_reports(reports) if m.type is EventType.ATTACK and m.target == "RUS"
            and m.date and m.date.year == 2024 and any(f.kind == "killed" for f in m.figures)]


def test_concert_hall_tolls_side_by_side_and_compatible(reports):
    [event] = _concert_hall(reports)
    assert {"001_584bae969a21d83e", "004_d2aa485f0b90808d"} <= set(event.documents)
    pairs = [c for c in find_conflicts(reports, include_compatible=True)
             if c.event.id == event.id and c.kind is ConflictKind.FIGURES]
    assert pairs and all(c.compatible for c in pairs)
    lows = {p.left.figure.low for p in pairs} | {p.right.figure.low for p in pairs}
    assert {141, 131} <= lows


def test_barmal_strikes_reported_on_two_days_are_a_conflict(reports):
    found = [c for c in find_conflicts(reports, "AFG") if not c.compatible and c.event.type is EventType.ATTACK
             and {c.left.mention.event.doc, c.right.mention.event.doc} == {"09_barmal-strikes-early", "10_barmal-strikes-toll"}]
    assert [c.kind for c in found] == [ConflictKind.DATE]
    assert {c.left.value for c in found} | {c.right.value for c in found} == {"2024-12-23", "2024-12-24"}


def test_muttaqi_india_trip_negated_then_made(reports):
    visits = [e for e in timeline(reports, "IND") if e.event.type is EventType.VISIT and e.event.actor == "AFG"]
    negated = [e for e in visits if e.event.status is Status.NEGATED]
    occurred = [e for e in visits if e.event.status is Status.OCCURRED]
    assert negated and str(negated[0].date) == "2025-08" and "04_muttaqi-india-trip-off" in negated[0].event.documents
    assert occurred and str(occurred[0].date).startswith("2025-10") and "05_muttaqi-in-delhi" in occurred[0].event.documents
    assert visits.index(negated[0]) < visits.index(occurred[0])
    assert not [c for c in find_conflicts(reports, "AFG") if c.kind is ConflictKind.STATUS and c.event.type is EventType.VISIT
                and c.event.target == "IND"]


def test_steps_give_the_status_of_every_day_on_the_corpus(reports):
    from tests.derive.test_steps import assert_same_as_standing

    assert_same_as_standing(reports)
