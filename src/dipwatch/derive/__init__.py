"""The derive stage: each country's standing with a focus government as of a date (EVENTS.md ladder).

`relationships_as_of(events, focus, as_of)` reads only `occurred` events between a country
and the focus, known by `as_of`, and returns one `Relationship` per country: its level, the
event that reached it, its flags with the events behind them, and the negated statements
shown as evidence.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..records import EventType, Status, StoredEvent

__all__ = ["LEVEL_NAMES", "Relationship", "relationships_as_of"]

LEVEL_NAMES = {
    5: "formal_recognition",
    4: "accepts_envoy",
    3: "diplomatic_presence",
    2: "official_engagement",
    1: "technical_contact",
    0: "no_known_contact",
}
# Types that raise the level only when the country acts toward the focus.
DIRECTED_LEVELS = {
    EventType.RECOGNIZE: 5,
    EventType.ACCREDIT: 4,
    EventType.MISSION_OPEN: 3,
    EventType.ENVOY: 3,
    EventType.EASE: 1,
    EventType.DEPORT: 1,
}
# Types that raise the level whichever side acts.
EITHER_WAY_LEVELS = {
    EventType.VISIT: 2,
    EventType.MEET: 2,
    EventType.AGREE: 2,
    EventType.TRADE: 2,
    EventType.MEDIATE: 2,
    EventType.AID: 1,
    EventType.SECURITY_COOP: 1,
    EventType.RELEASE: 1,
}
# Cutting relations undoes presence, envoys and recognition until a new one is reported.
DOWNGRADE_CAP = {EventType.MISSION_CLOSE: 2}
ARMED_CONFLICT_WINDOW = dt.timedelta(days=180)
FLAGS = ("sanctions", "armed_conflict", "ceasefire", "border_closed", "mission_closed")


@dataclass(frozen=True)
class Relationship:
    """One country's standing with the focus government on a date, with its evidence."""

    country: str
    focus: str
    as_of: dt.date | None
    level: int
    level_event: StoredEvent | None
    flags: dict[str, StoredEvent] = field(default_factory=dict)
    negated: tuple[StoredEvent, ...] = ()
    events: tuple[StoredEvent, ...] = ()

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def level_since(self) -> dt.date | None:
        return self.level_event.known_since if self.level_event else None

    @property
    def documents(self) -> int:
        """Documents that report any event of the pair."""
        return len({e.source.document_id for e in self.events})


def _level_of(item: StoredEvent, country: str) -> int:
    event = item.event
    if event.type in DIRECTED_LEVELS and event.actor == country:
        return DIRECTED_LEVELS[event.type]
    return EITHER_WAY_LEVELS.get(event.type, 0)


def _order(item: StoredEvent) -> tuple[dt.date, int]:
    return (item.known_since or dt.date.min, item.id)


def _level(country: str, occurred: list[StoredEvent]) -> tuple[int, StoredEvent | None]:
    level, reached_by = 0, None
    for item in sorted(occurred, key=_order):
        cap = DOWNGRADE_CAP.get(item.event.type)
        if cap is not None and item.event.actor == country:
            if level > cap:
                level, reached_by = cap, item
            continue
        value = _level_of(item, country)
        if value > level:
            level, reached_by = value, item
    return level, reached_by


def _latest(items: Iterable[StoredEvent], kind: EventType, actor: str | None = None) -> StoredEvent | None:
    matching = [i for i in items if i.event.type == kind and (actor is None or i.event.actor == actor)]
    return max(matching, key=_order) if matching else None


def _after(first: StoredEvent | None, second: StoredEvent | None) -> bool:
    """`second` is reported as happening after `first` (or `first` never happened)."""
    if second is None:
        return False
    return first is None or _order(second) > _order(first)


def _flags(country: str, occurred: list[StoredEvent], as_of: dt.date | None) -> dict[str, StoredEvent]:
    flags: dict[str, StoredEvent] = {}
    sanction = _latest(occurred, EventType.SANCTION, country)
    if sanction and not _after(sanction, _latest(occurred, EventType.EASE, country)):
        flags["sanctions"] = sanction
    attack = _latest(occurred, EventType.ATTACK)
    if attack and (as_of is None or attack.known_since is None or as_of - attack.known_since <= ARMED_CONFLICT_WINDOW):
        flags["armed_conflict"] = attack
    ceasefire = _latest(occurred, EventType.CEASEFIRE)
    if ceasefire and (attack is None or _after(attack, ceasefire)):
        flags["ceasefire"] = ceasefire
    if border := _latest(occurred, EventType.BORDER_CLOSE):
        flags["border_closed"] = border
    closed = _latest(occurred, EventType.MISSION_CLOSE, country)
    if closed and not _after(closed, _latest(occurred, EventType.MISSION_OPEN, country)):
        flags["mission_closed"] = closed
    return flags


def _known_by(item: StoredEvent, as_of: dt.date | None) -> bool:
    if as_of is None:
        return True
    since = item.known_since
    return since is not None and since <= as_of


def relationships_as_of(events: Iterable[StoredEvent], focus: str = "AFG", as_of: dt.date | None = None) -> list[Relationship]:
    """Every country with an event involving `focus`, highest level first."""
    by_country: dict[str, list[StoredEvent]] = defaultdict(list)
    for item in events:
        event = item.event
        if focus not in (event.actor, event.target) or event.actor == event.target:
            continue
        if _known_by(item, as_of):
            by_country[event.target if event.actor == focus else event.actor].append(item)
    out = []
    for country, items in by_country.items():
        occurred = [i for i in items if i.event.status is Status.OCCURRED]
        level, reached_by = _level(country, occurred)
        negated = tuple(i for i in items if i.event.status is Status.NEGATED and i.event.actor == country)
        out.append(
            Relationship(country, focus, as_of, level, reached_by, _flags(country, occurred, as_of), negated, tuple(items))
        )
    return sorted(out, key=lambda r: (-r.level, r.country))
