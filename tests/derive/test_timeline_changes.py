"""A pair's timeline and the changes feed, over hand-built reports."""

import datetime as dt

from dipwatch.derive import ChangeKind, changes, relationships_as_of, timeline
from dipwatch.records import Status

from .reports import report


def trip_story():
    return [
        report("AFG", "VISIT", target="IND", date="2025-08", doc="off", status=Status.NEGATED, published="2025-09-04"),
        report("AFG", "VISIT", target="IND", date="2025-10-09", doc="on", published="2025-10-11"),
        report("AFG", "VISIT", target="IND", date=None, doc="recap", published="2025-10-20"),
        report("IND", "MISSION_OPEN", date="2022-06", doc="old", published="2022-07-01"),
    ]


def test_timeline_shows_the_called_off_trip_before_the_trip():
    entries = timeline(trip_story(), "IND")
    assert [(str(e.event.type), str(e.event.status), str(e.date)) for e in entries] == [
        ("MISSION_OPEN", "occurred", "2022-06"), ("VISIT", "negated", "2025-08"), ("VISIT", "occurred", "2025-10-09")]
    assert [e.level_change for e in entries] == [3, 0, 0]
    assert entries[2].event.corroboration == 2


def test_timeline_marks_level_changes_and_flags():
    items = [report("PAK", "MEET", date="2025-01-10", doc="a"), report("PAK", "ATTACK", date="2025-10-11", doc="b"),
             report("PAK", "CEASEFIRE", date="2025-10-19", doc="c"), report("PAK", "MISSION_OPEN", date="2025-11", doc="d")]
    entries = timeline(items, "PAK")
    assert [e.describe() for e in entries] == [
        "level 0 -> 2 (official_engagement)", "+armed_conflict", "+ceasefire", "level 2 -> 3 (diplomatic_presence)"]


def test_timeline_as_of_and_other_focus():
    items = [report("RUS", "MEET", target="MMR", date="2024-02-01"), report("RUS", "RECOGNIZE", target="MMR", date="2025-01-05")]
    assert len(timeline(items, "RUS", focus="MMR", as_of=dt.date(2024, 6, 1))) == 1
    assert timeline(items, "RUS") == []


def test_changes_between_two_dates():
    items = [report("RUS", "MEET", date="2024-05-01", doc="a"), report("RUS", "RECOGNIZE", date="2025-07-03", doc="b"),
             report("RUS", "RECOGNIZE", date=None, doc="c", published="2025-07-09"),
             report("RUS", "SUPPORT", date="2025-07-20", doc="d")]
    [change] = changes(items, "AFG", dt.date(2025, 6, 1), dt.date(2025, 8, 1))
    assert (change.country, change.kind, change.day) == ("RUS", ChangeKind.LEVEL_UP, dt.date(2025, 7, 3))
    assert change.describe() == "official_engagement -> formal_recognition"
    assert change.evidence[0].corroboration == 2
    assert changes(items, "AFG", dt.date(2025, 7, 4), dt.date(2025, 8, 1)) == []


def test_changes_flags_set_and_cleared_with_their_causes():
    items = [report("USA", "SANCTION", date="2024-01-05", doc="a"), report("USA", "EASE", date="2025-03-20", doc="b"),
             report("PAK", "ATTACK", date="2024-12-24", doc="c"), report("GBR", "MISSION_OPEN", date="2020-01", doc="d"),
             report("GBR", "MISSION_CLOSE", date="2025-02-01", doc="e")]
    found = {(c.country, str(c.kind), c.flag): c for c in changes(items, "AFG", dt.date(2025, 1, 1), dt.date(2025, 12, 31))}
    eased = found[("USA", "flag_cleared", "sanctions")]
    assert [str(e.type) for e in eased.evidence] == ["EASE", "SANCTION"]
    assert found[("PAK", "flag_cleared", "armed_conflict")].day == dt.date(2025, 6, 23)  # 181 days on
    assert found[("GBR", "level_down", None)].evidence[0].type.value == "MISSION_CLOSE"
    assert ("GBR", "flag_set", "mission_closed") in found


def test_status_links_levels_and_flags_to_merged_events():
    items = [report("RUS", "RECOGNIZE", date="2025-07-03", doc="a"), report("RUS", "RECOGNIZE", date="2025-07", doc="b"),
             report("PAK", "MISSION_OPEN", date="2021", doc="a"), report("PAK", "ATTACK", date="2025-10-12", doc="b")]
    rows = {r.country: r for r in relationships_as_of(items, as_of=dt.date(2025, 11, 1))}
    assert rows["RUS"].level_merged.corroboration == rows["RUS"].corroboration == 2
    assert rows["PAK"].level_name == "diplomatic_presence" and set(rows["PAK"].flags) == {"armed_conflict"}
    assert rows["PAK"].flag_events["armed_conflict"].type.value == "ATTACK"


def test_unnamed_doers_get_no_row_and_no_level():
    items = [report("UNK", "ATTACK", date="2025-10-12"), report("UNK", "RECOGNIZE", date="2025-10-12")]
    assert relationships_as_of(items) == []
