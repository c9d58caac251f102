"""The EVENTS.md ladder and flags: one country's standing with a focus government as of a date.

Status is computed over merged events (identity.py): each level and flag links to the
MergedEvent behind it, with all its reports. The timing is per report: a level counts from the
first day any report puts its event on the record, so a late or vague re-telling never
delays it, and adding a report can never lower a level (only a downgrade event can).
Reports with an unnamed doer (UNK) count for flags of the event they merged into, never for a
level: an act nobody named cannot raise a named country's standing.

Every ordering here uses content keys (dates, document names, offsets), never store ids, so
the order in which documents were ingested changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..records import UNKNOWN_ACTOR, EventType, Status, StoredEvent
from .identity import MergedEvent, mention_key, merge_reports

__all__ = [
    "ARMED_CONFLICT_WINDOW",
    "FLAGS",
    "LEVEL_NAMES",
    "Relationship",
    "country_of",
    "pair_reports",
    "relationships_as_of",
    "relationships_from_merged",
    "standing",
]

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
    """One country's standing with the focus government on a date, with its evidence.

    `level_event` and `flags` give the report (sentence + source) that counted first;
    `level_merged` and `flag_events` the whole merged event, with every report of it.
    """

    country: str
    focus: str
    as_of: dt.date | None
    level: int
    level_event: StoredEvent | None
    flags: dict[str, StoredEvent] = field(default_factory=dict)
    negated: tuple[StoredEvent, ...] = ()
    events: tuple[StoredEvent, ...] = ()
    level_merged: MergedEvent | None = None
    flag_events: dict[str, MergedEvent] = field(default_factory=dict)
    negated_events: tuple[MergedEvent, ...] = ()
    merged: tuple[MergedEvent, ...] = ()

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def level_since(self) -> dt.date | None:
        return self.level_event.known_since if self.level_event else None

    @property
    def documents(self) -> int:
        """Documents that report any event of the pair."""
        return len({(e.source.doc, e.source.document_id) for e in self.events})

    @property
    def corroboration(self) -> int:
        """Documents that report the event behind the level."""
        return self.level_merged.corroboration if self.level_merged else 0

    @property
    def level_event_id(self) -> str | None:
        return self.level_merged.id if self.level_merged else None

    @property
    def sources(self) -> list[str]:
        """The outlets (or document names) reporting the event behind the level."""
        return sorted({m.source.outlet or m.event.doc for m in self.level_merged.mentions}) if self.level_merged else []

    @property
    def flag_event_ids(self) -> dict[str, str]:
        return {name: event.id for name, event in self.flag_events.items()}

    @property
    def negated_count(self) -> int:
        """How many denials are on the record (`negated` may hold only the latest of them)."""
        return len(self.negated)


# A report together with the merged event it belongs to.
_Report = tuple[StoredEvent, MergedEvent]


def country_of(merged: MergedEvent, focus: str) -> str | None:
    """The side of the pair that is not the focus (None: not a pair with the focus, or unnamed)."""
    if focus not in (merged.actor, merged.target) or merged.actor == merged.target:
        return None
    other = merged.target if merged.actor == focus else merged.actor
    return None if other == UNKNOWN_ACTOR else other


def _order(report: _Report) -> tuple[object, ...]:
    item = report[0]
    return (item.known_since or dt.date.min, mention_key(item))


def _doer(report: _Report) -> str:
    item, merged = report
    return merged.actor if item.event.actor == UNKNOWN_ACTOR else item.event.actor


def _level_of(item: StoredEvent, country: str) -> int:
    event = item.event
    if event.type in DIRECTED_LEVELS and event.actor == country:
        return DIRECTED_LEVELS[event.type]
    return EITHER_WAY_LEVELS.get(event.type, 0)


def _level(country: str, occurred: list[_Report]) -> tuple[int, _Report | None]:
    level, reached_by = 0, None
    for report in sorted(occurred, key=_order):
        item = report[0]
        if item.event.actor == UNKNOWN_ACTOR:
            continue
        cap = DOWNGRADE_CAP.get(item.event.type)
        if cap is not None and item.event.actor == country:
            if level > cap:
                level, reached_by = cap, report
            continue
        value = _level_of(item, country)
        if value > level:
            level, reached_by = value, report
    return level, reached_by


def _latest(reports: Iterable[_Report], kind: EventType, actor: str | None = None) -> _Report | None:
    matching = [r for r in reports if r[0].event.type == kind and (actor is None or _doer(r) == actor)]
    return max(matching, key=_order) if matching else None


def _day(report: _Report) -> dt.date:
    return report[0].known_since or dt.date.min


def _after(first: _Report | None, second: _Report | None) -> bool:
    """`second` is reported as happening after `first` (or `first` never happened)."""
    if second is None:
        return False
    return first is None or _order(second) > _order(first)


def _flags(country: str, occurred: list[_Report], as_of: dt.date | None) -> dict[str, _Report]:
    flags: dict[str, _Report] = {}
    sanction = _latest(occurred, EventType.SANCTION, country)
    if sanction and not _after(sanction, _latest(occurred, EventType.EASE, country)):
        flags["sanctions"] = sanction
    attack = _latest(occurred, EventType.ATTACK)
    since = attack[0].known_since if attack else None
    if attack and (as_of is None or since is None or as_of - since <= ARMED_CONFLICT_WINDOW):
        flags["armed_conflict"] = attack
    ceasefire = _latest(occurred, EventType.CEASEFIRE)
    # a truce reported on the same day as the fighting ends it ("after a week of fighting, a ceasefire")
    if ceasefire and (attack is None or _day(ceasefire) >= _day(attack)):
        flags["ceasefire"] = ceasefire
    if border := _latest(occurred, EventType.BORDER_CLOSE):
        flags["border_closed"] = border
    closed = _latest(occurred, EventType.MISSION_CLOSE, country)
    if closed and not _after(closed, _latest(occurred, EventType.MISSION_OPEN, country)):
        flags["mission_closed"] = closed
    return flags


def standing(country: str, focus: str, merged: Sequence[MergedEvent], as_of: dt.date | None = None) -> Relationship:
    """`country`'s standing with `focus` from the merged events of the pair, as of `as_of`."""
    known = [k for m in merged if (k := m.known_by(as_of)) is not None]
    reports = [(item, m) for m in known for item in m.mentions]
    occurred = [r for r in reports if r[0].event.status is Status.OCCURRED]
    level, reached_by = _level(country, occurred)
    flags = _flags(country, occurred, as_of)
    negated = sorted((r for r in reports if r[0].event.status is Status.NEGATED and r[0].event.actor == country), key=_order)
    negated_events = tuple(dict.fromkeys(m for _item, m in negated))
    return Relationship(
        country, focus, as_of, level, reached_by[0] if reached_by else None,
        {name: r[0] for name, r in flags.items()}, tuple(item for item, _m in negated),
        tuple(sorted((item for item, _m in reports), key=lambda i: (i.known_since or dt.date.min, mention_key(i)))),
        reached_by[1] if reached_by else None, {name: r[1] for name, r in flags.items()}, negated_events, tuple(known),
    )


def relationships_from_merged(merged: Iterable[MergedEvent], focus: str = "AFG", as_of: dt.date | None = None) -> list[Relationship]:
    """Every country with a merged event involving `focus` known by `as_of`, highest level first."""
    by_country: dict[str, list[MergedEvent]] = {}
    for item in merged:
        country = country_of(item, focus)
        if country is not None and item.known_by(as_of) is not None:
            by_country.setdefault(country, []).append(item)
    out = [standing(country, focus, items, as_of) for country, items in by_country.items()]
    return sorted(out, key=lambda r: (-r.level, r.country))


def pair_reports(events: Iterable[StoredEvent], focus: str) -> list[StoredEvent]:
    """The reports of events between `focus` and any other party."""
    return [i for i in events if focus in (i.event.actor, i.event.target) and i.event.actor != i.event.target]


def relationships_as_of(events: Iterable[StoredEvent], focus: str = "AFG", as_of: dt.date | None = None) -> list[Relationship]:
    """Every country with an event involving `focus`, highest level first (events merged first)."""
    return relationships_from_merged(merge_reports(pair_reports(events, focus)), focus, as_of)
