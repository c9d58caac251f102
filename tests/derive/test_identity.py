"""Event identity: the reports of one real-world event merge into one MergedEvent."""

import datetime as dt

from dipwatch.derive import merge_reports
from dipwatch.records import UNKNOWN_ACTOR, PartialDate, Status

from .reports import killed, report


def only(merged, kind):
    found = [m for m in merged if str(m.type) == kind]
    assert len(found) == 1, found
    return found[0]


def test_one_recognition_from_many_reports():
    items = [
        report("RUS", "RECOGNIZE", date="2025-07-03", doc="wire", published="2025-07-04"),
        report("RUS", "RECOGNIZE", date="2025-07", doc="weekly", published="2025-07-10"),
        report("RUS", "RECOGNIZE", date=None, doc="digest", published="2025-08-02"),
        report("RUS", "RECOGNIZE", date="2025-07-03", doc="wire", published="2025-07-04", start=200),
    ]
    [event] = merge_reports(items)
    assert event.corroboration == 3 and len(event.mentions) == 4
    assert set(event.documents) == {"wire", "weekly", "digest"}
    assert event.date == PartialDate(2025, 7, 3)  # the most precise date every report allows
    assert (event.first_report, event.last_report) == (PartialDate(2025, 7, 4), PartialDate(2025, 8, 2))
    assert event.known_since == dt.date(2025, 7, 3)
    assert event.evidence.event.date == PartialDate(2025, 7, 3)


def test_a_one_off_act_on_two_days_is_one_event():
    items = [report("RUS", "RECOGNIZE", date="2025-07-03", doc="a"), report("RUS", "RECOGNIZE", date="2025-07-04", doc="b")]
    [event] = merge_reports(items)
    assert [str(d) for d in event.dates] == ["2025-07-03", "2025-07-04"]


def test_repeatable_acts_on_different_days_stay_apart():
    items = [report("RUS", "MEET", date="2025-03-02", doc="a"), report("RUS", "MEET", date="2025-05-20", doc="b")]
    assert len(merge_reports(items)) == 2


def test_unordered_types_merge_either_way_round():
    items = [report("AFG", "MEET", target="RUS", date="2025-10-07", doc="a"), report("RUS", "MEET", date="2025-10-07", doc="b")]
    [event] = merge_reports(items)
    assert event.corroboration == 2


def test_vague_dates_join_the_precise_event_they_contain():
    items = [
        report("CHN", "VISIT", date="2025-08-20", doc="a"), report("CHN", "VISIT", date="2025-08", doc="b"),
        report("CHN", "VISIT", date="2025", doc="c"), report("CHN", "VISIT", date="2024-05", doc="d"),
    ]
    merged = merge_reports(items)
    assert sorted(m.corroboration for m in merged) == [1, 3]


def test_undated_report_joins_the_event_before_its_publication():
    items = [
        report("IND", "VISIT", target="AFG", date="2025-10-09", doc="a", published="2025-10-11"),
        report("IND", "VISIT", target="AFG", date=None, doc="b", published="2025-10-14"),
        report("IND", "VISIT", target="AFG", date=None, doc="c", published="2025-09-01"),
    ]
    merged = merge_reports(items)
    dated = next(m for m in merged if m.date)
    assert set(dated.documents) == {"a", "b"}
    assert [m.documents for m in merged if not m.date] == [("c",)]  # written before it happened


def test_status_families_keep_denials_apart_from_assertions():
    items = [
        report("PAK", "MEET", date="2025-03-10", doc="a"),
        report("PAK", "MEET", date="2025-03-10", doc="b", status=Status.DENIED),
        report("PAK", "MEET", date="2025-03-10", doc="c", status=Status.NEGATED),
    ]
    merged = merge_reports(items)
    assert sorted((m.family, m.corroboration) for m in merged) == [("negative", 2), ("occurred", 1)]


def test_unnamed_doer_merges_with_the_named_report():
    items = [
        report(UNKNOWN_ACTOR, "ATTACK", target="RUS", date="2024-03", doc="a", figures=[killed(141, None, "more than 140")]),
        report("ISKP", "ATTACK", target="RUS", date="2024", doc="b", figures=[killed(131, None, "more than 130")]),
    ]
    [event] = merge_reports(items)
    assert (event.actor, event.target, event.corroboration) == ("ISKP", "RUS", 2)
    assert {f.text for f in event.figures} == {"more than 140", "more than 130"}
    assert event.date == PartialDate(2024, 3)


def test_unnamed_doer_without_a_fitting_report_stays_unnamed():
    items = [
        report(UNKNOWN_ACTOR, "ATTACK", target="RUS", date="2022-01", doc="a"),
        report("ISKP", "ATTACK", target="RUS", date="2024", doc="b"),
    ]
    assert sorted(m.actor for m in merge_reports(items)) == ["ISKP", UNKNOWN_ACTOR]


def test_near_days_sharing_a_place_are_one_strike():
    first = "Jets hit homes in the Zarghun valley on Tuesday night, killing at least nine people."
    second = "The raid on the Zarghun valley on Monday night killed 30, officials said."
    items = [
        report("PAK", "ATTACK", date="2024-12-24", doc="a", evidence=first, figures=[killed(9, None)]),
        report("PAK", "ATTACK", date="2024-12-23", doc="b", evidence=second, figures=[killed(30, 30)]),
    ]
    [event] = merge_reports(items)
    assert len(event.dates) == 2


def test_near_days_without_a_shared_place_are_two_strikes():
    items = [
        report("PAK", "ATTACK", date="2024-12-24", doc="a", evidence="Jets hit the Zarghun valley."),
        report("PAK", "ATTACK", date="2024-12-23", doc="b", evidence="Shells fell near Spin Kador."),
    ]
    assert len(merge_reports(items)) == 2


def test_one_article_giving_two_days_reports_two_events():
    text = "Drones struck the Zarghun valley."
    items = [report("PAK", "ATTACK", date="2024-12-24", doc="a", evidence=text),
             report("PAK", "ATTACK", date="2024-12-23", doc="a", evidence=text, start=90)]
    assert len(merge_reports(items)) == 2


def test_ids_depend_on_content_not_on_store_ids_or_order():
    items = [report("RUS", "RECOGNIZE", doc="a"), report("RUS", "MEET", date="2024-02-01", doc="b"),
             report("CHN", "ACCREDIT", date="2024-01", doc="c")]
    renumbered = [report("CHN", "ACCREDIT", date="2024-01", doc="c", event_id=900, document_id=7),
                  report("RUS", "MEET", date="2024-02-01", doc="b", event_id=901, document_id=8),
                  report("RUS", "RECOGNIZE", doc="a", event_id=902, document_id=9)]
    assert [m.id for m in merge_reports(items)] == [m.id for m in merge_reports(renumbered)]
    assert [m.id for m in merge_reports(items)] == [m.id for m in merge_reports(reversed(items))]


def test_every_mention_is_kept_once():
    items = [report(a, k, date=d, doc=doc) for a in ("RUS", "CHN", UNKNOWN_ACTOR) for k in ("MEET", "ATTACK")
             for d in ("2025-01-02", "2025-01", None) for doc in ("a", "b")]
    merged = merge_reports(items)
    assert sorted(m.id for e in merged for m in e.mentions) == sorted(i.id for i in items)


def test_known_by_keeps_the_id_and_only_earlier_reports():
    items = [report("RUS", "RECOGNIZE", date="2025-07-03", doc="a", published="2025-07-04"),
             report("RUS", "RECOGNIZE", date=None, doc="b", published="2025-09-01")]
    [event] = merge_reports(items)
    early = event.known_by(dt.date(2025, 7, 10))
    assert early.id == event.id and early.documents == ("a",)
    assert event.known_by(dt.date(2025, 7, 1)) is None
