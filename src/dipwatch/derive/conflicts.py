"""Conflicting claims: one real-world event reported with different numbers, dates or status.

Three kinds, each between two documents (one article contradicting itself is an extraction
matter, not a disagreement between outlets):
- `figures`: two reports of the same count whose ranges cannot both hold ("at least 15" and
  "46" can; "46" and "15" cannot). Ranges that overlap come back too, marked `compatible`, so a
  reader can see "more than 140" beside "more than 130" without being told they disagree.
- `date`: the reports of one merged event give dates that do not overlap. Merging decides that
  they are one event: a one-off act (a recognition), or near-day reports sharing a place or name.
- `status`: one side says it happened, the other that it did not or denies it, for the same
  pair, type and period (a negation or denial speaks for its own date, else for its publication;
  an undated occurrence for its first report).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import combinations

from ..records import UNORDERED_TYPES, Figure, PartialDate, Status, StoredEvent
from .identity import ONE_OFF_TYPES, MergedEvent, mention_key, merge_reports

__all__ = [
    "Claim",
    "Conflict",
    "ConflictKind",
    "conflicts_in",
    "find_conflicts",
]

# An undated "has not happened" contradicts an event of a repeatable type only if that event
# came shortly before the report; a one-off act, once done, contradicts any later "has not".
STATUS_WINDOW = dt.timedelta(days=31)


class ConflictKind(StrEnum):
    FIGURES = "figures"
    DATE = "date"
    STATUS = "status"


@dataclass(frozen=True)
class Claim:
    """One side: what a report says, with the report itself (sentence and source)."""

    mention: StoredEvent
    value: str  # "killed: at least 15", "2024-12-24", "denied"
    figure: Figure | None = None
    event_id: str = ""  # the merged event the report belongs to


@dataclass(frozen=True)
class Conflict:
    """Two reports of one event that disagree, or, `compatible`, differ in words but can both hold."""

    kind: ConflictKind
    event: MergedEvent  # the event in question (for status: the one reported as occurred)
    left: Claim
    right: Claim
    compatible: bool = False
    note: str = ""

    @property
    def id(self) -> str:
        return f"{self.kind}:{self.event.id}:{self.left.mention.event.doc}:{self.right.mention.event.doc}"


def _figure_value(figure: Figure) -> str:
    return f"{figure.kind}: {figure.text}"


def _figure_range(figure: Figure) -> str:
    low = "" if figure.low is None else f"{figure.low:g}"
    high = "" if figure.high is None else f"{figure.high:g}"
    return low if low == high else f"{low or '…'}–{high or '…'}"


def _by_document(mentions: Iterable[StoredEvent]) -> dict[str, StoredEvent]:
    """One report per document: the first in content order (a document speaks once)."""
    out: dict[str, StoredEvent] = {}
    for item in sorted(mentions, key=mention_key):
        out.setdefault(item.event.doc, item)
    return out


def _figure_conflicts(event: MergedEvent) -> list[Conflict]:
    sides: dict[tuple[str, Figure], StoredEvent] = {}
    for item in sorted(event.mentions, key=mention_key):
        for figure in item.event.figures:
            sides.setdefault((item.event.doc, figure), item)
    out = []
    for (doc_a, fig_a), (doc_b, fig_b) in combinations(sorted(sides, key=lambda k: (k[0], k[1].kind, k[1].text)), 2):
        if doc_a == doc_b or fig_a.kind != fig_b.kind or (fig_a.low, fig_a.high) == (fig_b.low, fig_b.high) and fig_a.text == fig_b.text:
            continue
        fits = fig_a.compatible(fig_b)
        note = (f"{fig_a.kind}: {_figure_range(fig_a)} and {_figure_range(fig_b)} "
                + ("overlap: both can be true" if fits else "cannot both be true"))
        out.append(Conflict(
            ConflictKind.FIGURES, event, Claim(sides[(doc_a, fig_a)], _figure_value(fig_a), fig_a, event.id),
            Claim(sides[(doc_b, fig_b)], _figure_value(fig_b), fig_b, event.id), fits, note,
        ))
    return out


def _overlap(a: PartialDate, b: PartialDate) -> bool:
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _date_conflicts(event: MergedEvent) -> list[Conflict]:
    dated = [m for m in sorted(event.mentions, key=mention_key) if m.event.date]
    first_by_date: dict[PartialDate, StoredEvent] = {}
    for item in dated:
        first_by_date.setdefault(item.event.date, item)  # type: ignore[arg-type]
    out = []
    for a, b in combinations(sorted(first_by_date, key=lambda d: (d.first_day(), d.last_day())), 2):
        left, right = first_by_date[a], first_by_date[b]
        if _overlap(a, b):
            continue
        # the same document giving two days is its own business; find a pair from two documents
        pair = next(((x, y) for x in dated if x.event.date == a for y in dated
                     if y.event.date == b and x.event.doc != y.event.doc), None)
        if pair is None:
            continue
        left, right = pair
        out.append(Conflict(
            ConflictKind.DATE, event, Claim(left, str(a), None, event.id), Claim(right, str(b), None, event.id),
            False, f"{event.label()}: reported on {a} and on {b}",
        ))
    return out


def _period(item: StoredEvent) -> PartialDate | None:
    return item.event.date or item.source.published


def _contradicts(occurred: MergedEvent, denial: StoredEvent) -> bool:
    """A negation or denial speaks about the occurred event's period (undated: its first report)."""
    when = occurred.date or occurred.first_report
    if when is None:
        return False
    published = denial.source.published
    if published is not None and when.first_day() > published.last_day():
        return False  # "has not happened (yet)", written before it happened (also when dated "this year")
    if denial.event.date is not None:
        return _overlap(denial.event.date, when)
    if published is None:
        return False
    return occurred.type in ONE_OFF_TYPES or published.first_day() - when.last_day() <= STATUS_WINDOW


def _same_pair(a: MergedEvent, b: MergedEvent) -> bool:
    return a.type == b.type and {a.actor, a.target} == {b.actor, b.target} and (
        (a.actor, a.target) == (b.actor, b.target) or a.type in UNORDERED_TYPES
    )


def _status_conflicts(merged: Sequence[MergedEvent]) -> list[Conflict]:
    occurred = [m for m in merged if m.status is Status.OCCURRED]
    negative = [m for m in merged if m.family == "negative"]
    out = []
    for event in occurred:
        docs = set(event.documents)
        for other in negative:
            if not _same_pair(event, other):
                continue
            denials = [d for d in sorted(other.mentions, key=mention_key) if d.event.doc not in docs and _contradicts(event, d)]
            if not denials:
                continue
            denial = denials[0]
            out.append(Conflict(
                ConflictKind.STATUS, event, Claim(event.evidence, str(Status.OCCURRED), None, event.id),
                Claim(denial, str(denial.event.status), None, other.id), False,
                f"{event.label()}: occurred ({event.date or f'undated, reported {event.first_report}'}) "
                f"per {event.evidence.event.doc}; {denial.event.status} ({_period(denial)}) per {denial.event.doc}",
            ))
    return out


def conflicts_in(merged: Sequence[MergedEvent], *, include_compatible: bool = False) -> list[Conflict]:
    """The conflicts among already merged events (see `find_conflicts`)."""
    out: list[Conflict] = []
    for event in merged:
        out += [c for c in _figure_conflicts(event) if include_compatible or not c.compatible]
        out += _date_conflicts(event)
    out += _status_conflicts(merged)
    return sorted(out, key=lambda c: (c.event.known_since or dt.date.max, c.event.id, str(c.kind), c.id))


def find_conflicts(items: Iterable[StoredEvent], focus: str | None = None, *, include_compatible: bool = False) -> list[Conflict]:
    """Disagreements between documents about one event: figures, dates, status.

    With `focus`, only events with the focus on one side. With `include_compatible`, figure
    pairs that differ in words but overlap come back too, with `compatible=True`.
    """
    reports = list(items)
    merged = merge_reports(reports)
    if focus is not None:
        merged = [m for m in merged if focus in (m.actor, m.target)]
    return conflicts_in(merged, include_compatible=include_compatible)
