"""The steps of each country's standing (derive/steps.py) say what `standing` says on every day:
checked against `relationships_from_merged` on every day a report enters the record, the day
before and the day after, and on days when an attack leaves the armed-conflict window."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings

from dipwatch.derive import merge_reports, relationships_from_merged
from dipwatch.derive.identity import mention_key
from dipwatch.derive.ladder import ARMED_CONFLICT_WINDOW, pair_reports
from dipwatch.derive.steps import relationship_steps

from .reports import report
from .test_properties import report_lists

ONE_DAY = dt.timedelta(days=1)


def _from_steps(all_steps, day):
    out = {}
    for country, found in all_steps.items():
        valid = [s for s in found.steps if s.valid_from <= day]
        if not valid:
            continue
        step = valid[-1]
        out[country] = (
            step.level, mention_key(step.level_report) if step.level_report else None, step.level_event,
            {name: (mention_key(r), m) for name, (r, m) in step.flags.items()}, step.documents, step.corroboration,
            list(step.sources), [mention_key(r) for r, _m in found.negated_reports[: step.negated]],
        )
    return out


def _from_standing(merged, focus, day):
    return {
        r.country: (
            r.level, mention_key(r.level_event) if r.level_event else None,
            r.level_merged.id if r.level_merged else None,
            {name: (mention_key(r.flags[name]), e.id) for name, e in r.flag_events.items()}, r.documents, r.corroboration,
            sorted({m.source.outlet or m.event.doc for m in r.level_merged.mentions}) if r.level_merged else [],
            [mention_key(n) for n in r.negated],
        )
        for r in relationships_from_merged(merged, focus, day)
    }


def assert_same_as_standing(items, focus="AFG"):
    merged = merge_reports(pair_reports(items, focus))
    steps = relationship_steps(merged, focus)
    days = {i.known_since for i in items if i.known_since is not None}
    days |= {d + ARMED_CONFLICT_WINDOW + k * ONE_DAY for d in set(days) for k in (0, 1, 2)}
    days |= {d + k * ONE_DAY for d in set(days) for k in (-1, 1)}
    for day in sorted(days):
        assert _from_steps(steps, day) == _from_standing(merged, focus, day), day


def test_an_attack_leaves_the_window_without_a_new_report():
    items = [report("PAK", "ATTACK", date="2025-01-10", doc="a", published="2025-01-11"),
             report("PAK", "MEET", date="2025-03-01", doc="b", published="2025-03-02")]
    steps = relationship_steps(merge_reports(items), "AFG")["PAK"].steps
    assert [("armed_conflict" in s.flags, s.valid_from) for s in steps] == [
        (True, dt.date(2025, 1, 10)), (True, dt.date(2025, 3, 1)), (False, dt.date(2025, 7, 10))]
    assert_same_as_standing(items)


@settings(max_examples=150, deadline=None)
@given(report_lists)
def test_steps_match_standing_on_any_reports(items):
    assert_same_as_standing(items)
