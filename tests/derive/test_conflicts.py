"""Conflicting claims: figures, dates and status that two documents report differently."""

from dipwatch.derive import ConflictKind, find_conflicts
from dipwatch.records import UNKNOWN_ACTOR, Status

from .reports import killed, report

ZARGHUN_A = "Jets hit homes in the Zarghun valley on Tuesday night, officials said."
ZARGHUN_B = "The raid on the Zarghun valley on Monday night was condemned."


def kinds(found):
    return sorted((str(c.kind), c.compatible) for c in found)


def test_open_ranges_that_overlap_are_compatible_not_conflicts():
    items = [
        report(UNKNOWN_ACTOR, "ATTACK", target="RUS", date="2024-03", doc="a", figures=[killed(141, None, "more than 140")]),
        report("ISKP", "ATTACK", target="RUS", date="2024", doc="b", figures=[killed(131, None, "more than 130")]),
    ]
    assert find_conflicts(items) == []
    [pair] = find_conflicts(items, include_compatible=True)
    assert pair.kind is ConflictKind.FIGURES and pair.compatible
    assert {pair.left.value, pair.right.value} == {"killed: more than 140", "killed: more than 130"}
    assert {pair.left.mention.event.doc, pair.right.mention.event.doc} == {"a", "b"}


def test_figures_that_cannot_both_hold_conflict():
    items = [
        report("PAK", "ATTACK", date="2024-12-24", doc="a", figures=[killed(12, 12, "12 people")]),
        report("PAK", "ATTACK", date="2024-12-24", doc="b", figures=[killed(30, 30, "30 people")]),
    ]
    [conflict] = find_conflicts(items)
    assert conflict.kind is ConflictKind.FIGURES and not conflict.compatible
    assert "cannot both be true" in conflict.note
    assert conflict.left.figure.low == 12 and conflict.right.figure.low == 30


def test_same_strike_on_two_days_is_a_date_conflict():
    items = [report("PAK", "ATTACK", date="2024-12-24", doc="a", evidence=ZARGHUN_A, figures=[killed(9, None, "at least nine")]),
             report("PAK", "ATTACK", date="2024-12-23", doc="b", evidence=ZARGHUN_B, figures=[killed(30, 30, "30")])]
    found = find_conflicts(items, include_compatible=True)
    assert kinds(found) == [("date", False), ("figures", True)]
    date = next(c for c in found if c.kind is ConflictKind.DATE)
    assert (date.left.value, date.right.value) == ("2024-12-23", "2024-12-24")
    assert date.left.mention.event.evidence == ZARGHUN_B


def test_recognition_reported_on_two_days_is_a_date_conflict():
    items = [report("RUS", "RECOGNIZE", date="2025-07-03", doc="a"), report("RUS", "RECOGNIZE", date="2025-07-04", doc="b"),
             report("RUS", "RECOGNIZE", date="2025-07", doc="c")]
    assert kinds(find_conflicts(items)) == [("date", False)]


def test_occurred_against_denied_for_the_same_period():
    items = [report("PAK", "MEET", date="2025-03-10", doc="a"),
             report("PAK", "MEET", date="2025-03", doc="b", status=Status.DENIED, evidence="Islamabad denied any talks.")]
    [conflict] = find_conflicts(items)
    assert conflict.kind is ConflictKind.STATUS
    assert (conflict.left.value, conflict.right.value) == ("occurred", "denied")
    assert conflict.right.mention.event.evidence == "Islamabad denied any talks."


def test_a_trip_called_off_then_made_later_is_no_conflict():
    items = [report("AFG", "VISIT", target="IND", date="2025-08", doc="a", status=Status.NEGATED, published="2025-09-04"),
             report("AFG", "VISIT", target="IND", date="2025-10-09", doc="b", published="2025-10-11")]
    assert find_conflicts(items) == []


def test_unable_this_year_written_before_the_visit_is_no_conflict():
    """A negation dated only to the year ("was recently unable to visit", 2025) in a report of
    September says nothing of the visit made in October."""
    items = [report("AFG", "VISIT", target="IND", date="2025", doc="a", status=Status.NEGATED, published="2025-09-22"),
             report("AFG", "VISIT", target="IND", date="2025-10-09", doc="b", published="2025-10-11")]
    assert find_conflicts(items) == []
    late = report("AFG", "VISIT", target="IND", date="2025", doc="c", status=Status.NEGATED, published="2025-12-01")
    assert [c.right.mention.event.doc for c in find_conflicts([*items, late])] == ["c"]


def test_has_not_recognised_written_after_the_recognition_conflicts():
    before = report("RUS", "RECOGNIZE", date=None, doc="old", status=Status.NEGATED, published="2024-05-01")
    recognition = report("RUS", "RECOGNIZE", date="2025-07-03", doc="new")
    after = report("RUS", "RECOGNIZE", date=None, doc="late", status=Status.NEGATED, published="2025-09-01")
    assert find_conflicts([before, recognition]) == []
    [conflict] = find_conflicts([before, recognition, after])
    assert conflict.right.mention.event.doc == "late"


def test_one_article_disagreeing_with_itself_is_not_a_conflict():
    items = [report("PAK", "ATTACK", doc="a", figures=[killed(12, 12)]), report("PAK", "ATTACK", doc="a", start=50, figures=[killed(30, 30)])]
    assert find_conflicts(items) == []


def test_focus_filter():
    items = [report("PAK", "ATTACK", doc="a", figures=[killed(12, 12)]), report("PAK", "ATTACK", doc="b", figures=[killed(30, 30)])]
    assert find_conflicts(items, focus="MMR") == [] and len(find_conflicts(items, focus="AFG")) == 1
