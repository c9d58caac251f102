"""What changed between two dates: levels up and down, flags set and cleared, with evidence.

The Monday feed. For each country, the standing the day before `since` is compared with the
standing on every day in [since, until] on which something could change: a report's
`known_since`, or the day an attack leaves the armed-conflict window (a flag can clear with no
new report). Each step that differs becomes one `Change` per level move or flag, carrying the
merged events behind it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from ..records import EventType, StoredEvent
from .identity import MergedEvent, merge_reports
from .ladder import ARMED_CONFLICT_WINDOW, LEVEL_NAMES, Relationship, country_of, pair_reports, standing

__all__ = ["Change", "ChangeKind", "changes", "changes_of_merged"]

_ONE_DAY = dt.timedelta(days=1)
# The event types whose arrival clears a flag (armed_conflict clears with time instead).
_CLEARED_BY = {
    "sanctions": {EventType.EASE},
    "ceasefire": {EventType.ATTACK},
    "mission_closed": {EventType.MISSION_OPEN},
}


class ChangeKind(StrEnum):
    LEVEL_UP = "level_up"
    LEVEL_DOWN = "level_down"
    FLAG_SET = "flag_set"
    FLAG_CLEARED = "flag_cleared"


@dataclass(frozen=True)
class Change:
    """One move in a country's standing with the focus, on the day it took effect."""

    country: str
    focus: str
    day: dt.date
    kind: ChangeKind
    level_before: int
    level_after: int
    flag: str | None = None
    evidence: tuple[MergedEvent, ...] = ()

    def describe(self) -> str:
        if self.flag:
            return f"{self.flag} {'set' if self.kind is ChangeKind.FLAG_SET else 'cleared'}"
        return f"{LEVEL_NAMES[self.level_before]} -> {LEVEL_NAMES[self.level_after]}"


def _check_days(events: list[MergedEvent], since: dt.date, until: dt.date | None) -> list[dt.date]:
    days = {m.known_since for e in events for m in e.mentions if m.known_since is not None}
    days |= {m.known_since + ARMED_CONFLICT_WINDOW + _ONE_DAY for e in events if e.type is EventType.ATTACK
             for m in e.mentions if m.known_since is not None}
    return sorted(d for d in days if d >= since and (until is None or d <= until))


def _arrived(events: list[MergedEvent], day: dt.date, kinds: set[EventType]) -> tuple[MergedEvent, ...]:
    """Events of these types with a report first on the record on `day`."""
    return tuple(e for e in events if e.type in kinds and any(m.known_since == day for m in e.mentions))


def _diff(before: Relationship, after: Relationship, day: dt.date, events: list[MergedEvent]) -> list[Change]:
    out = []
    if after.level != before.level:
        kind = ChangeKind.LEVEL_UP if after.level > before.level else ChangeKind.LEVEL_DOWN
        evidence = (after.level_merged,) if after.level_merged else ()
        out.append(Change(after.country, after.focus, day, kind, before.level, after.level, None, evidence))
    for flag in sorted(set(after.flags) - set(before.flags)):
        out.append(Change(after.country, after.focus, day, ChangeKind.FLAG_SET, before.level, after.level, flag,
                          (after.flag_events[flag],)))
    for flag in sorted(set(before.flags) - set(after.flags)):
        cause = _arrived(events, day, _CLEARED_BY.get(flag, set()))
        out.append(Change(after.country, after.focus, day, ChangeKind.FLAG_CLEARED, before.level, after.level, flag,
                          cause + (before.flag_events[flag],)))
    return out


def changes_of_merged(merged: Iterable[MergedEvent], focus: str, since: dt.date, until: dt.date | None = None) -> list[Change]:
    """The changes over events already merged (see `changes`)."""
    by_country: dict[str, list[MergedEvent]] = {}
    for event in merged:
        if (country := country_of(event, focus)) is not None:
            by_country.setdefault(country, []).append(event)
    out: list[Change] = []
    for country, events in sorted(by_country.items()):
        previous = standing(country, focus, events, since - _ONE_DAY)
        for day in _check_days(events, since, until):
            current = standing(country, focus, events, day)
            out += _diff(previous, current, day, events)
            previous = current
    # evidence as the reader sees it at `until`: every report of the event by then, not only the first
    latest = {e.id: e.known_by(until) or e for es in by_country.values() for e in es}
    out = [replace(c, evidence=tuple(latest.get(e.id, e) for e in c.evidence)) for c in out]
    return sorted(out, key=lambda c: (c.day, c.country, str(c.kind), c.flag or ""))


def changes(items: Iterable[StoredEvent], focus: str = "AFG", since: dt.date | None = None, until: dt.date | None = None) -> list[Change]:
    """Levels up and down and flags set or cleared from `since` to `until` (inclusive), with evidence."""
    if since is None:
        since = dt.date.min + _ONE_DAY
    return changes_of_merged(merge_reports(pair_reports(items, focus)), focus, since, until)
