"""Every country's standing with a focus as of a date, read from the derived tables
(store/steps.py) instead of merging every report of the focus on each request.

When the rows are rebuilt: lazily, by the first reader that can write, after the write counter
moved (`Store.revision`), and then whole for the focus. Not in `Store.add`: an ingest writes
document after document and would pay a rebuild for each, and the read-only server (`dipwatch
serve`'s default) cannot write at all, so it uses the rows while they are current and otherwise
derives the answer as before (`current` returns None). Not per touched pair either, although
that was the plan: a report whose doer is unnamed (UNK) joins the best-fitting event among all
the focus's pairs with that type and status family (identity.py), so a report of one pair can
move an UNK report into or out of another pair's event; the exact unit is the focus's (type,
family) slice, which on the bench data (4% UNK reports of every type) is nearly the whole focus.

Crash safety: the rows and the counter they were derived at are written in one transaction,
with the counter read before the events; a rebuild killed halfway leaves the older rows under
their older counter, which no reader trusts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Connection

from ..derive import MergedEvent, Relationship, merge_reports, relationships_from_merged
from ..derive.identity import _build
from ..derive.ladder import pair_reports
from ..derive.steps import relationship_steps
from ..records import StoredEvent
from ..store import EventFilter, Store
from ..store.steps import (
    ALL_KNOWN, Member, NegatedRow, StepRow, built_at, members_of, negated_of, save, span_of, steps_as_of,
)

__all__ = ["StoredStanding", "current", "known_span", "refresh", "stored_span"]


@dataclass(frozen=True)
class StoredStanding(Relationship):
    """A Relationship read from the derived rows: the counts and ids are stored, and the merged
    events (`level_merged`, `flag_events`, `negated_events`) are loaded only when asked for."""

    stored_documents: int = 0
    stored_corroboration: int = 0
    stored_sources: tuple[str, ...] = ()
    stored_level_event: str | None = None
    stored_flag_events: dict[str, str] = field(default_factory=dict)
    stored_negated: int = 0

    @property
    def documents(self) -> int:
        return self.stored_documents

    @property
    def corroboration(self) -> int:
        return self.stored_corroboration

    @property
    def sources(self) -> list[str]:
        return list(self.stored_sources)

    @property
    def level_event_id(self) -> str | None:
        return self.stored_level_event

    @property
    def flag_event_ids(self) -> dict[str, str]:
        return dict(self.stored_flag_events)

    @property
    def negated_count(self) -> int:
        return self.stored_negated


def refresh(store: Store, focus: str) -> None:
    """Derive the focus's rows again if they are older than the store's write counter."""
    revision = store.revision()  # before the events: a write landing meanwhile leaves them stale
    with store.engine.connect() as conn:
        if built_at(conn, focus) == revision:
            return
    merged = merge_reports(pair_reports(store.iter_events(EventFilter(focus=focus)), focus))
    steps, negated = _rows(merged, focus)
    members = _members(merged, steps, negated)
    with store.engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        save(conn, focus, revision, steps, negated, members, known_span(merged))


def known_span(merged: Iterable[MergedEvent]) -> tuple[dt.date, dt.date] | None:
    """The first and last day any report of these events is on the record (None: none dated)."""
    days = [m.known_since for event in merged for m in event.mentions if m.known_since is not None]
    return (min(days), max(days)) if days else None


def stored_span(store: Store, focus: str) -> tuple[bool, tuple[dt.date, dt.date] | None]:
    """(found, `known_span` of the focus's merged events) from the derived tables, rebuilt first
    where this store can; not found when they are stale and it cannot, or were built before the
    span was saved with them."""
    if not _ready(store, focus):
        return False, None
    with store.engine.connect() as conn:
        return span_of(conn, focus)


def _ready(store: Store, focus: str) -> bool:
    """Whether the focus's rows are current, after rebuilding them where this store can."""
    with store.engine.connect() as conn:
        if built_at(conn, focus) == store.revision():
            return True
    if store.read_only:
        return False
    refresh(store, focus)
    return True


def _rows(merged: list[MergedEvent], focus: str) -> tuple[list[StepRow], list[NegatedRow]]:
    steps: list[StepRow] = []
    negated: list[NegatedRow] = []
    for country, found in relationship_steps(merged, focus).items():
        steps += [StepRow(country, s.valid_from.isoformat(), s.level, s.level_report.id if s.level_report else None,
                          s.level_event, {k: (r.id, m) for k, (r, m) in s.flags.items()}, s.documents, s.corroboration,
                          s.sources, s.negated) for s in found.steps]
        negated += [NegatedRow(country, True, rank, r.id, m) for rank, (r, m) in enumerate(found.negated_reports)]
    # without a date every report counts, undated and unpublished ones too: `standing` itself
    event_of = {item.id: m.id for m in merged for item in m.mentions}
    for row in relationships_from_merged(merged, focus, None):
        steps.append(StepRow(row.country, ALL_KNOWN, row.level, row.level_event.id if row.level_event else None,
                             row.level_event_id, {k: (r.id, row.flag_events[k].id) for k, r in row.flags.items()},
                             row.documents, row.corroboration, tuple(row.sources), len(row.negated)))
        negated += [NegatedRow(row.country, False, rank, r.id, event_of[r.id]) for rank, r in enumerate(row.negated)]
    return steps, negated


def _members(merged: list[MergedEvent], steps: list[StepRow], negated: list[NegatedRow]) -> list[Member]:
    """The reports of every merged event a status row can show (level, flags, denials)."""
    shown = {s.level_event for s in steps} | {m for s in steps for _r, m in s.flags.values()} | {n.merged_event for n in negated}
    return [Member(m.id, item.id, item.known_since, m.actor, m.target)
            for m in merged if m.id in shown for item in m.mentions]


def current(store: Store, focus: str, as_of: dt.date | None, *, with_events: bool = False,
            denials: int | None = None, country: str | None = None) -> list[Relationship] | None:
    """The status rows from the derived tables, highest level first, as `relationships_as_of`
    gives them (None: the rows are stale and this store cannot rebuild them).

    `denials` bounds each row's `negated` to the latest that many (None: all of them; the count
    stays exact in `negated_count`), `country` keeps that country's row only, and `with_events`
    also loads the merged events behind each row, as the API shows them. With `denials` set, what
    is read does not grow with the number of stored events: ~80 step rows by index seeks, then a
    bounded number of reports by primary key."""
    if not _ready(store, focus):
        return None
    with store.engine.connect() as conn:
        rows = [r for r in steps_as_of(conn, focus, as_of) if country is None or r.country == country]
        found = negated_of(conn, focus, as_of is not None, {r.country: r.negated for r in rows}, denials)
        reports = store.events_by_id(
            [r.level_report_id for r in rows if r.level_report_id is not None]
            + [report for r in rows for report, _m in r.flags.values()]
            + [n.report_id for denied in found.values() for n in denied])
        events = _merged_events(store, conn, focus, as_of, rows, found) if with_events else {}
    out = [_standing(focus, as_of, row, reports, found.get(row.country, []), events) for row in rows]
    return sorted(out, key=lambda r: (-r.level, r.country))


def _merged_events(store: Store, conn: Connection, focus: str, as_of: dt.date | None, rows: list[StepRow],
                   denials: dict[str, list[NegatedRow]]) -> dict[str, MergedEvent]:
    """Each merged event the rows show, as known on `as_of` (`MergedEvent.known_by`)."""
    wanted = ({r.level_event for r in rows if r.level_event} | {m for r in rows for _report, m in r.flags.values()}
              | {n.merged_event for found in denials.values() for n in found})
    members = members_of(conn, focus, wanted, as_of)
    reports = store.events_by_id(m.report_id for found in members.values() for m in found)
    return {event_id: _build([reports[m.report_id] for m in found], event_id, found[0].actor, found[0].target)
            for event_id, found in members.items()}


def _standing(focus: str, as_of: dt.date | None, row: StepRow, reports: dict[int, StoredEvent],
              denials: Iterable[NegatedRow], events: dict[str, MergedEvent]) -> StoredStanding:
    denied = list(denials)
    return StoredStanding(
        row.country, focus, as_of, row.level, reports[row.level_report_id] if row.level_report_id is not None else None,
        {name: reports[report] for name, (report, _m) in row.flags.items()}, tuple(reports[n.report_id] for n in denied),
        level_merged=events.get(row.level_event) if row.level_event else None,
        flag_events={name: events[m] for name, (_r, m) in row.flags.items() if m in events},
        negated_events=tuple(events[m] for m in dict.fromkeys(n.merged_event for n in denied) if m in events),
        stored_documents=row.documents, stored_corroboration=row.corroboration, stored_sources=row.sources,
        stored_level_event=row.level_event, stored_flag_events={name: m for name, (_r, m) in row.flags.items()},
        stored_negated=row.negated,
    )
