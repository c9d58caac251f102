"""A pair's history: its merged events in date order, each marked with the change it caused.

Every event of the pair is listed, whatever its status (a negated trip is part of the story),
in the order the record learned of them (`known_since`: an exact day, the end of a vague date's
period, or an undated report's publication). Beside each, the level before and after and the
flags it set or cleared, computed by the same `standing` the status table uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..records import PartialDate, StoredEvent
from .identity import MergedEvent, merge_reports
from .ladder import LEVEL_NAMES, country_of, pair_reports, standing

__all__ = ["TimelineEntry", "timeline", "timeline_of_merged"]


@dataclass(frozen=True)
class TimelineEntry:
    """One merged event of the pair and what it changed in the pair's standing."""

    event: MergedEvent
    known_since: dt.date | None
    level_before: int
    level_after: int
    flags_set: tuple[str, ...] = ()
    flags_cleared: tuple[str, ...] = ()

    @property
    def date(self) -> PartialDate | None:
        return self.event.date

    @property
    def level_change(self) -> int:
        return self.level_after - self.level_before

    @property
    def changed(self) -> bool:
        return bool(self.level_change or self.flags_set or self.flags_cleared)

    def describe(self) -> str:
        """"level 2 -> 5 (formal_recognition); +sanctions; -ceasefire", or "" when nothing changed."""
        parts = []
        if self.level_change:
            parts.append(f"level {self.level_before} -> {self.level_after} ({LEVEL_NAMES[self.level_after]})")
        parts += [f"+{flag}" for flag in self.flags_set] + [f"-{flag}" for flag in self.flags_cleared]
        return "; ".join(parts)


def _entry_order(event: MergedEvent) -> tuple[object, ...]:
    since = event.known_since
    first = event.date.first_day() if event.date else since
    return (since is None, since or dt.date.max, first or dt.date.max, event.id)


def timeline_of_merged(merged: Iterable[MergedEvent], country: str, focus: str = "AFG", as_of: dt.date | None = None) -> list[TimelineEntry]:
    """The timeline over events already merged (see `timeline`)."""
    events = [k for m in merged if country_of(m, focus) == country and (k := m.known_by(as_of)) is not None]
    events.sort(key=_entry_order)
    out = []
    for index, event in enumerate(events):
        day = event.known_since if event.known_since is not None else as_of
        before = standing(country, focus, events[:index], day)
        after = standing(country, focus, events[: index + 1], day)
        out.append(TimelineEntry(
            event, event.known_since, before.level, after.level,
            tuple(f for f in after.flags if f not in before.flags), tuple(f for f in before.flags if f not in after.flags),
        ))
    return out


def timeline(items: Iterable[StoredEvent], country: str, focus: str = "AFG", as_of: dt.date | None = None) -> list[TimelineEntry]:
    """`country`'s events with `focus` (all statuses, merged) in date order, with the changes each caused."""
    return timeline_of_merged(merge_reports(pair_reports(items, focus)), country, focus, as_of)
