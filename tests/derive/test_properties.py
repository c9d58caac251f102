"""Properties of the relationship model (hypothesis): what no input may break.

- adding a report never lowers a level, on any date, unless it is a downgrade (MISSION_CLOSE by
  the country);
- neither the order of the input nor the order of ingestion (store ids, document ids) changes
  any result: merge ids and groups, levels, flags, timelines, changes, conflicts;
- every mention lands in exactly one merged event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dipwatch.derive import changes, find_conflicts, merge_reports, relationships_as_of, timeline
from dipwatch.derive.identity import mention_key
from dipwatch.records import Status

from .reports import killed, report

COUNTRIES = ("RUS", "PAK", "UNK")
TYPES = ("RECOGNIZE", "ACCREDIT", "MISSION_OPEN", "MISSION_CLOSE", "MEET", "VISIT", "AID", "ATTACK", "CEASEFIRE",
         "SANCTION", "EASE", "BORDER_CLOSE")
DATES = (None, "2024", "2024-12", "2024-12-23", "2024-12-24", "2025-03", "2025-03-10", "2025-07-03", "2025-07-04")
DOCS = {"a": "2024-12-25", "b": "2025-01-02", "c": "2025-07-10", "d": None}  # one publication date per document
PLACES = ("Zarghun valley", "Spin Kador")
CHECK_DAYS = (dt.date(2024, 12, 23), dt.date(2024, 12, 31), dt.date(2025, 3, 10), dt.date(2025, 7, 3),
              dt.date(2025, 12, 31), None)


@st.composite
def reports(draw):
    country = draw(st.sampled_from(COUNTRIES))
    outward = draw(st.booleans()) or country == "UNK"
    doc = draw(st.sampled_from(sorted(DOCS)))
    place = draw(st.sampled_from(PLACES))
    figures = draw(st.sampled_from([(), (killed(15, None, "at least 15"),), (killed(46, 46, "46"),)]))
    return report(
        country if outward else "AFG", draw(st.sampled_from(TYPES)), target="AFG" if outward else country,
        date=draw(st.sampled_from(DATES)), status=draw(st.sampled_from(list(Status))), doc=doc, published=DOCS[doc],
        evidence=f"Reports from the {place} area.", figures=figures, start=draw(st.integers(0, 3)) * 100,
        document_id=ord(doc),
    )


report_lists = st.lists(reports(), max_size=12)


def _merged_view(items):
    return [(m.id, sorted(mention_key(x) for x in m.mentions), str(m.date), str(m.status), m.corroboration)
            for m in merge_reports(items)]


def _status_view(items, day):
    return [(r.country, r.level, r.level_merged.id if r.level_merged else None,
             sorted((name, e.id) for name, e in r.flag_events.items()), [e.id for e in r.negated_events])
            for r in relationships_as_of(items, "AFG", day)]


def _timeline_view(items, country):
    return [(e.event.id, e.level_before, e.level_after, e.flags_set, e.flags_cleared) for e in timeline(items, country)]


def _changes_view(items):
    return [(c.day, c.country, str(c.kind), c.flag, [e.id for e in c.evidence])
            for c in changes(items, "AFG", dt.date(2024, 1, 1), dt.date(2025, 12, 31))]


def _conflicts_view(items):
    return [(c.id, c.compatible) for c in find_conflicts(items, include_compatible=True)]


def _all_views(items):
    return (_merged_view(items), [_status_view(items, d) for d in CHECK_DAYS],
            [_timeline_view(items, c) for c in COUNTRIES], _changes_view(items), _conflicts_view(items))


def _reingest(items, order):
    """The same reports as if the documents had been ingested in another order: new store ids."""
    doc_ids = {doc: 100 + i for i, doc in enumerate(order)}
    ranked = sorted(items, key=lambda i: (order.index(i.event.doc), mention_key(i)))
    return [dataclasses.replace(i, id=1000 + n, source=dataclasses.replace(i.source, document_id=doc_ids[i.event.doc]))
            for n, i in enumerate(ranked)]


@settings(max_examples=80, deadline=None)
@given(report_lists, st.randoms(use_true_random=False))
def test_input_order_changes_nothing(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert _all_views(shuffled) == _all_views(items)


@settings(max_examples=100, deadline=None)
@given(report_lists, st.permutations(sorted(DOCS)), st.permutations(sorted(DOCS)))
def test_ingestion_order_changes_nothing(items, first, second):
    assert _all_views(_reingest(items, list(first))) == _all_views(_reingest(items, list(second)))


@settings(max_examples=100, deadline=None)
@given(report_lists, reports())
def test_adding_a_report_never_loses_a_level_without_a_downgrade(items, extra):
    downgrade = extra.event.type.value == "MISSION_CLOSE" and extra.event.status is Status.OCCURRED
    for day in CHECK_DAYS:
        before = {r.country: r.level for r in relationships_as_of(items, "AFG", day)}
        after = {r.country: r.level for r in relationships_as_of(items + [extra], "AFG", day)}
        for country, level in before.items():
            if downgrade and extra.event.actor == country:
                continue
            assert after[country] >= level, (country, day)


@settings(max_examples=100, deadline=None)
@given(report_lists)
def test_every_mention_lands_in_one_event(items):
    merged = merge_reports(items)
    assert sorted(id(m) for e in merged for m in e.mentions) == sorted(id(i) for i in dict.fromkeys(items))
