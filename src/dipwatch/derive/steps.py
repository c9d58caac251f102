"""A country's standing with the focus as a sequence of steps: what `standing` answers on every
day, computed in one pass over the pair's reports instead of once per day.

Within a step nothing `standing` reports can change: a step starts on every day a report of the
pair enters the record (`known_since`) and on every day an attack leaves the armed-conflict
window. As of D, the standing is the last step starting on or before D (dated reports only:
`as_of=None` also counts reports with no date at all, and stays with `standing`).

Why one pass gives the same answer: `standing(as_of=D)` reads the reports known by D, which in
`_order` (known_since first) are a prefix of the pair's sorted reports; the level is a fold over
that prefix, and every flag is decided by the latest report of a kind (per doer), which a fold
keeps too (strictly later only, as `max` keeps the first of equals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..records import UNKNOWN_ACTOR, EventType, Status, StoredEvent
from .identity import MergedEvent, mention_key
from .ladder import ARMED_CONFLICT_WINDOW, DOWNGRADE_CAP, _doer, _flags, _level_of, _order, _Report, country_of

__all__ = ["Step", "relationship_steps"]

_FLAG_TYPES = frozenset({EventType.SANCTION, EventType.EASE, EventType.ATTACK, EventType.CEASEFIRE,
                         EventType.BORDER_CLOSE, EventType.MISSION_CLOSE, EventType.MISSION_OPEN})


@dataclass(frozen=True)
class Step:
    """`country`'s standing from `valid_from` until the next step: what the status row shows."""

    country: str
    valid_from: dt.date
    level: int
    level_report: StoredEvent | None
    level_event: str | None  # the merged event's id
    flags: dict[str, tuple[StoredEvent, str]]  # flag -> (report, merged event id)
    documents: int  # documents reporting any event of the pair
    corroboration: int  # documents reporting the level's event, by then
    sources: tuple[str, ...]  # their outlets (or document names), sorted
    negated: int  # how many of the pair's negated reports (`negated_reports`) are known by then


@dataclass(frozen=True)
class CountrySteps:
    country: str
    steps: tuple[Step, ...]
    negated_reports: tuple[tuple[StoredEvent, str], ...]  # the country's own denials, in `_order`


class _Fold:
    """The running state of one country's reports, fed in `_order`."""

    def __init__(self, country: str) -> None:
        self.country = country
        self.level, self.reached_by = 0, None  # type: tuple[int, _Report | None]
        self.latest: dict[tuple[EventType, str], _Report] = {}
        self.documents: set[tuple[str, int]] = set()
        self.event_documents: dict[str, set[tuple[str, int]]] = {}
        self.event_sources: dict[str, set[str]] = {}
        self.negated: list[tuple[StoredEvent, str]] = []

    def add(self, report: _Report) -> None:
        item, merged = report
        self.documents.add((item.source.doc, item.source.document_id))
        self.event_documents.setdefault(merged.id, set()).add((item.event.doc, item.source.document_id))
        self.event_sources.setdefault(merged.id, set()).add(item.source.outlet or item.event.doc)
        status = item.event.status
        if status is Status.NEGATED and item.event.actor == self.country:
            self.negated.append((item, merged.id))
        if status is not Status.OCCURRED:
            return
        if item.event.type in _FLAG_TYPES:
            key = (item.event.type, _doer(report))
            current = self.latest.get(key)
            if current is None or _order(report) > _order(current):
                self.latest[key] = report
        self._raise(report)

    def _raise(self, report: _Report) -> None:
        """One step of `ladder._level`."""
        item = report[0]
        if item.event.actor == UNKNOWN_ACTOR:
            return
        cap = DOWNGRADE_CAP.get(item.event.type)
        if cap is not None and item.event.actor == self.country:
            if self.level > cap:
                self.level, self.reached_by = cap, report
            return
        value = _level_of(item, self.country)
        if value > self.level:
            self.level, self.reached_by = value, report

    def step(self, day: dt.date) -> Step:
        flags = _flags(self.country, list(self.latest.values()), day)
        reached = self.reached_by
        merged_id = reached[1].id if reached else None
        return Step(
            self.country, day, self.level, reached[0] if reached else None, merged_id,
            {name: (r[0], r[1].id) for name, r in flags.items()}, len(self.documents),
            len(self.event_documents[merged_id]) if merged_id else 0,
            tuple(sorted(self.event_sources[merged_id])) if merged_id else (), len(self.negated),
        )


def _country_steps(country: str, merged: list[MergedEvent]) -> CountrySteps:
    reports = sorted(((item, m) for m in merged for item in m.mentions if item.known_since is not None), key=_order)
    expiries = sorted({r[0].known_since + ARMED_CONFLICT_WINDOW + dt.timedelta(days=1)  # type: ignore[operator]
                       for r in reports if r[0].event.type is EventType.ATTACK and r[0].event.status is Status.OCCURRED})
    fold = _Fold(country)
    steps: list[Step] = []

    def emit(day: dt.date) -> None:
        step = fold.step(day)
        if not steps or _content(steps[-1]) != _content(step):
            steps.append(step)

    index, pending = 0, 0
    while index < len(reports):
        day: dt.date = reports[index][0].known_since  # type: ignore[assignment]
        while pending < len(expiries) and expiries[pending] < day:
            emit(expiries[pending])
            pending += 1
        while index < len(reports) and reports[index][0].known_since == day:
            fold.add(reports[index])
            index += 1
        emit(day)
    for expiry in expiries[pending:]:
        if steps and expiry > steps[-1].valid_from:
            emit(expiry)
    return CountrySteps(country, tuple(steps), tuple(fold.negated))


def _content(step: Step) -> tuple[object, ...]:
    """A step without its day: equal content means the standing did not change."""
    report = mention_key(step.level_report) if step.level_report else None
    return (step.level, report, step.level_event,
            sorted((name, mention_key(r), m) for name, (r, m) in step.flags.items()), step.documents,
            step.corroboration, step.sources, step.negated)


def relationship_steps(merged: Iterable[MergedEvent], focus: str) -> dict[str, CountrySteps]:
    """Every country's steps with `focus`, from the focus's merged events (`merge_reports`)."""
    by_country: dict[str, list[MergedEvent]] = {}
    for event in merged:
        if (country := country_of(event, focus)) is not None:
            by_country.setdefault(country, []).append(event)
    return {country: _country_steps(country, events) for country, events in sorted(by_country.items())}
