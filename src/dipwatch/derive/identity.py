"""Event identity: the reports of one real-world event, merged into one `MergedEvent`.

Several articles report the same event (Russia's recognition appears in many). Two mentions
are one event when they share the pair (either way round for unordered types), the type, the
status family and compatible dates; a mention whose doer the text does not name (`UNK`) joins
the one named event it fits. Mentions are never lost: every one lands in exactly one group.

The grouping is a pure function of the mentions' content (document name, offsets, fields),
never of store ids, so ingesting the same articles in another order gives the same events
with the same ids.

Stages of `merge_reports`:
1. bucket named mentions by (type, status family, pair);
2. within a bucket, cluster: day-precise mentions by day (one-off types: all dates together),
   near days joined where the reports share a place or a name; then month-, year-precise and
   undated mentions join the cluster they fit, or start their own;
3. attach UNK mentions to the named cluster they fit, else cluster them among themselves;
4. build each cluster's MergedEvent (best date, status, figures, sources, id).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..records import UNKNOWN_ACTOR, UNORDERED_TYPES, EventType, Figure, PartialDate, Status, StoredEvent

__all__ = [
    "ONE_OFF_TYPES",
    "STATUS_FAMILIES",
    "MergedEvent",
    "family_of",
    "mention_key",
    "merge_reports",
]

# Statuses that can describe one report of the same fact: a denial and a negation both say
# "it did not happen", a plan and a threat both look ahead.
STATUS_FAMILIES: dict[Status, str] = {
    Status.OCCURRED: "occurred",
    Status.NEGATED: "negative",
    Status.DENIED: "negative",
    Status.PLANNED: "prospective",
    Status.THREATENED: "prospective",
    Status.UNCERTAIN: "uncertain",
}
# A country recognises a government once: every report of it is the same event, whatever day
# each outlet gives (a different day is then a date conflict, not a second recognition).
ONE_OFF_TYPES = frozenset({EventType.RECOGNIZE})
# Reports of one strike a day or two apart ("late on Tuesday" vs "on Monday night") are one
# event with a date conflict, when they also share a place or name.
NEAR_DAYS = 3
# An undated report joins an earlier dated event of a repeatable type only if published soon after.
UNDATED_FIT = dt.timedelta(days=90)
_PRECISION_RANK = {"day": 2, "month": 1, "year": 0}
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{2,})")
# Capitalised words too common in this beat to tell two reports of one event apart.
_COMMON_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December Taliban Afghan Afghans Afghanistan Pakistan Pakistani "
    "Pakistanis Kabul Islamabad Islamic Emirate The State Minister Foreign Ministry Government Officials "
    "President Prime Defence Defense Army Forces".split()
)


def family_of(status: Status) -> str:
    return STATUS_FAMILIES[status]


def mention_key(item: StoredEvent) -> tuple[object, ...]:
    """A mention's content identity: the same whatever order the documents were ingested in."""
    e = item.event
    return (e.doc, e.start, e.end, e.actor, str(e.type), e.target, str(e.status), str(e.date or ""),
            e.location or "", tuple((f.kind, f.text) for f in e.figures))


def _input_order(item: StoredEvent) -> tuple[object, ...]:
    # content first; the source fields only break ties between identical sentences of two files
    return mention_key(item) + (str(item.source.published or ""), item.source.outlet or "", item.source.url or "")


def _published_day(item: StoredEvent) -> dt.date | None:
    return item.source.published.first_day() if item.source.published else None


@dataclass(frozen=True)
class MergedEvent:
    """One real-world event and every report of it.

    `mentions` are the StoredEvents (sentence + source) behind it, in report order;
    `corroboration` counts distinct documents, not sentences.
    """

    id: str  # "RUS-RECOGNIZE-AFG-2025-07-03-1a2b3c": readable, and stable for the same reports
    actor: str
    type: EventType
    target: str
    status: Status
    date: PartialDate | None  # the most precise date the reports agree on (majority where they do not)
    location: str | None
    mentions: tuple[StoredEvent, ...]
    documents: tuple[str, ...]  # doc names, in publication order
    outlets: tuple[str, ...]
    corroboration: int
    first_report: PartialDate | None
    last_report: PartialDate | None
    figures: tuple[Figure, ...]

    @property
    def family(self) -> str:
        return STATUS_FAMILIES[self.status]

    @property
    def dates(self) -> tuple[PartialDate, ...]:
        """Every distinct date the reports give, earliest first."""
        return tuple(sorted({m.event.date for m in self.mentions if m.event.date}, key=_date_order))

    @property
    def known_since(self) -> dt.date | None:
        """The first day any report puts the event on the record."""
        days = [m.known_since for m in self.mentions if m.known_since is not None]
        return min(days) if days else None

    @property
    def evidence(self) -> StoredEvent:
        """The mention to quote first: the one that put the event on the record, the most precise first."""
        return min(self.mentions, key=_evidence_order)

    def label(self) -> str:
        return f"{self.type} {self.actor}->{self.target}"

    def known_by(self, as_of: dt.date | None) -> MergedEvent | None:
        """This event as the record stood on `as_of` (only the reports known by then), same id."""
        if as_of is None:
            return self
        kept = [m for m in self.mentions if m.known_since is not None and m.known_since <= as_of]
        if len(kept) == len(self.mentions):
            return self
        return _build(kept, self.id, self.actor, self.target) if kept else None


def _date_order(date: PartialDate) -> tuple[dt.date, int]:
    return (date.first_day(), -_PRECISION_RANK[date.precision])


def _evidence_order(item: StoredEvent) -> tuple[object, ...]:
    date = item.event.date
    rank = -_PRECISION_RANK[date.precision] if date else 1
    return (item.known_since or dt.date.max, rank, _published_day(item) or dt.date.max, mention_key(item))


def _overlap(a: PartialDate, b: PartialDate) -> bool:
    return a.first_day() <= b.last_day() and b.first_day() <= a.last_day()


def _pair(item: StoredEvent) -> tuple[str, str]:
    e = item.event
    if e.type in UNORDERED_TYPES:
        return (min(e.actor, e.target), max(e.actor, e.target))
    return (e.actor, e.target)


def _other_side(item: StoredEvent) -> str:
    e = item.event
    return e.target if e.actor == UNKNOWN_ACTOR else e.actor


# ---- clustering ---------------------------------------------------------------------------


class _Cluster:
    """A growing group of mentions; `anchor` is the date it was founded on (None: undated).

    Its documents and date span are kept up to date as mentions arrive (`add`), not recomputed
    from every mention on each call: the placing stages ask for them once per candidate."""

    __slots__ = ("_first", "_last", "anchor", "docs", "mentions")

    def __init__(self, anchor: PartialDate | None, mentions: Iterable[StoredEvent]) -> None:
        self.anchor = anchor
        self.mentions: list[StoredEvent] = []
        self.docs: set[str] = set()
        self._first: dt.date | None = None
        self._last: dt.date | None = None
        self.extend(mentions)

    def add(self, item: StoredEvent) -> None:
        self.mentions.append(item)
        self.docs.add(item.event.doc)
        date = item.event.date
        if date:
            first, last = date.first_day(), date.last_day()
            self._first = first if self._first is None else min(self._first, first)
            self._last = last if self._last is None else max(self._last, last)

    def extend(self, items: Iterable[StoredEvent]) -> None:
        for item in items:
            self.add(item)

    def span(self) -> tuple[dt.date, dt.date] | None:
        if self._first is None or self._last is None:
            return None
        return self._first, self._last


def _minus(day: dt.date, delta: dt.timedelta) -> dt.date | None:
    """`day - delta`, or None (no bound) before the first representable day."""
    try:
        return day - delta
    except OverflowError:
        return None


class _Spans:
    """Dated clusters sorted by span start, to find those overlapping a period by bisection.

    The stages that use it append their mentions only after all of them are placed, so the
    spans do not move while it is in use. Matches come back in the clusters' original order,
    since `_best_home` breaks exact ties by position."""

    def __init__(self, clusters: Sequence[_Cluster]) -> None:
        dated = sorted(((span, index, c) for index, c in enumerate(clusters) if (span := c.span()) is not None),
                       key=lambda t: (t[0][0], t[1]))
        self._starts = [span[0] for span, _index, _c in dated]
        self._entries = [(span[1], index, c) for span, index, c in dated]
        # a cluster starting more than the widest span before `first` ends before it
        self._width = max((span[1] - span[0] for span, _index, _c in dated), default=dt.timedelta(0))

    def overlapping(self, first: dt.date | None, last: dt.date) -> list[_Cluster]:
        """Clusters whose span meets [first, last] (`first` None: any span starting by `last`)."""
        high = bisect_right(self._starts, last)
        low_start = None if first is None else _minus(first, self._width)
        low = 0 if low_start is None else bisect_left(self._starts, low_start)
        found = [(index, c) for end, index, c in self._entries[low:high] if first is None or end >= first]
        return [c for _index, c in sorted(found, key=lambda t: t[0])]


def _names(item: StoredEvent) -> set[str]:
    """Proper names of the evidence beyond the pair's own names; a place named with more than
    one word as the target ("Paktika province") stays: it says where, not just who."""
    e = item.event
    sides = e.actor_text if len(e.target_text.split()) > 1 else f"{e.actor_text} {e.target_text}"
    stop = set(_COMMON_NAMES) | set(re.findall(r"\w+", sides))
    return {w for w in _NAME.findall(e.evidence) if w not in stop}


def _same_story(a: _Cluster, b: _Cluster) -> bool:
    """Near-day reports from different documents that share a stated place or a proper name."""
    if a.docs & b.docs:
        return False  # one article giving two days means two events
    # a shared location counts only when it says more than "in one of the two countries"
    sides = {code for m in a.mentions for code in (m.event.actor, m.event.target)}
    locations_a = {m.event.location for m in a.mentions if m.event.location} - sides
    locations_b = {m.event.location for m in b.mentions if m.event.location} - sides
    if locations_a & locations_b:
        return True
    names_a = set().union(*(_names(m) for m in a.mentions))
    names_b = set().union(*(_names(m) for m in b.mentions))
    return bool(names_a & names_b)


def _join_near(clusters: list[_Cluster]) -> list[_Cluster]:
    """Union day clusters NEAR_DAYS apart that tell the same story (deterministic: date order)."""
    clusters = sorted(clusters, key=lambda c: c.anchor.first_day())  # type: ignore[union-attr]
    parent = list(range(len(clusters)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, first in enumerate(clusters):
        for j in range(i + 1, len(clusters)):
            second = clusters[j]
            gap = second.anchor.first_day() - first.anchor.first_day()  # type: ignore[union-attr]
            if gap > dt.timedelta(days=NEAR_DAYS):
                break
            if _same_story(first, second) and root(i) != root(j):
                parent[root(j)] = root(i)
    joined: dict[int, _Cluster] = {}
    for i, cluster in enumerate(clusters):
        head = root(i)
        if head in joined:
            joined[head].extend(cluster.mentions)
        else:
            joined[head] = cluster
    return list(joined.values())


def _best_home(candidates: list[_Cluster]) -> _Cluster:
    """The most-reported candidate, then the earliest: a rule that ignores input order."""
    return min(candidates, key=lambda c: (-len(c.docs), c.span() or (dt.date.max, dt.date.max)))


def _undated_period(item: StoredEvent, one_off: bool) -> tuple[dt.date | None, dt.date] | None:
    """The period a dated cluster's span must meet for an undated report to join it: the event
    starts by the report's publication and (repeatable types) ends at most UNDATED_FIT before it."""
    published = item.source.published
    if published is None:
        return None
    return (None if one_off else _minus(published.first_day(), UNDATED_FIT)), published.last_day()


def _cluster_bucket(mentions: list[StoredEvent], one_off: bool) -> list[_Cluster]:
    by_precision: dict[str, list[StoredEvent]] = {"day": [], "month": [], "year": []}
    undated: list[StoredEvent] = []
    for item in sorted(mentions, key=mention_key):
        (by_precision[item.event.date.precision] if item.event.date else undated).append(item)
    if one_off:
        dated = by_precision["day"] + by_precision["month"] + by_precision["year"]
        clusters = [_Cluster(min((d.event.date for d in dated), key=_date_order), dated)] if dated else []  # type: ignore[arg-type]
    else:
        clusters = _day_clusters(by_precision["day"])
        for precision in ("month", "year"):
            clusters += _place_vague(by_precision[precision], clusters)
    return clusters + _place_undated(undated, clusters, one_off)


def _day_clusters(items: list[StoredEvent]) -> list[_Cluster]:
    by_day: dict[PartialDate, list[StoredEvent]] = {}
    for item in items:
        by_day.setdefault(item.event.date, []).append(item)  # type: ignore[arg-type]
    return _join_near([_Cluster(day, group) for day, group in by_day.items()])


def _place_vague(items: list[StoredEvent], existing: list[_Cluster]) -> list[_Cluster]:
    """Month- or year-precise mentions join the more precise cluster they contain, else group by value."""
    fixed = _Spans(existing)  # choices depend only on the more precise clusters: order-free
    new: dict[PartialDate, _Cluster] = {}
    homes: list[tuple[_Cluster, StoredEvent]] = []
    for item in items:
        date = item.event.date
        candidates = fixed.overlapping(date.first_day(), date.last_day())  # type: ignore[union-attr]
        if candidates:
            homes.append((_best_home(candidates), item))
        else:
            new.setdefault(date, _Cluster(date, [])).add(item)  # type: ignore[arg-type]
    for cluster, item in homes:
        cluster.add(item)
    return list(new.values())


def _place_undated(items: list[StoredEvent], clusters: list[_Cluster], one_off: bool) -> list[_Cluster]:
    """Undated mentions join the latest dated cluster they fit; the rest chain by publication."""
    spans = _Spans(clusters)
    leftovers: list[StoredEvent] = []
    homes: list[tuple[_Cluster, StoredEvent]] = []
    for item in items:
        period = _undated_period(item, one_off)
        candidates = spans.overlapping(*period) if period else []
        if not candidates and item.source.published is None and len(clusters) == 1:
            candidates = clusters
        if candidates:
            latest = max(c.span()[0] for c in candidates)  # type: ignore[index]
            homes.append((_best_home([c for c in candidates if c.span()[0] == latest]), item))  # type: ignore[index]
        else:
            leftovers.append(item)
    for cluster, item in homes:
        cluster.add(item)
    return _chain_by_publication(leftovers)


def _chain_by_publication(items: list[StoredEvent]) -> list[_Cluster]:
    ordered = sorted(items, key=lambda i: (_published_day(i) or dt.date.max, mention_key(i)))
    groups: list[_Cluster] = []
    last: dt.date | None = None
    for index, item in enumerate(ordered):
        day = _published_day(item)
        if index == 0 or not _close(last, day):
            groups.append(_Cluster(None, []))
        groups[-1].add(item)
        last = day
    return groups


def _close(last: dt.date | None, day: dt.date | None) -> bool:
    """Two undated reports published within UNDATED_FIT of each other (or both unpublished)."""
    if last is None or day is None:
        return last is None and day is None
    return day - last <= UNDATED_FIT


# ---- unnamed doers ------------------------------------------------------------------------


def _places_fit(cluster: _Cluster, item: StoredEvent) -> bool:
    places = {m.event.location for m in cluster.mentions if m.event.location}
    return item.event.location is None or not places or item.event.location in places


class _NamedIndex:
    """The named clusters an UNK mention may join, by (type, family, the side it names), each
    set with its spans, instead of testing every cluster of the type for every UNK mention."""

    def __init__(self, named: dict[tuple[object, ...], list[_Cluster]]) -> None:
        by_side: dict[tuple[object, ...], list[_Cluster]] = {}
        for (kind, fam, pair), clusters in named.items():
            sides = {pair[1], pair[0]} if kind in UNORDERED_TYPES else {pair[1]}  # type: ignore[index]
            for side in sides:
                by_side.setdefault((kind, fam, side), []).extend(clusters)
        self._clusters = by_side
        self._spans: dict[tuple[object, ...], _Spans] = {}

    def candidates(self, item: StoredEvent) -> list[_Cluster]:
        e = item.event
        key = (e.type, STATUS_FAMILIES[e.status], _other_side(item))
        clusters = self._clusters.get(key)
        if not clusters:
            return []
        spans = self._spans.get(key) or self._spans.setdefault(key, _Spans(clusters))
        period = (e.date.first_day(), e.date.last_day()) if e.date else _undated_period(item, one_off=False)
        return [c for c in spans.overlapping(*period) if _places_fit(c, item)] if period else []


def _attach_unknown(unknown: list[StoredEvent], named: dict[tuple[object, ...], list[_Cluster]]) -> list[list[StoredEvent]]:
    """UNK mentions join the named cluster of the same type/target they fit; the rest stay UNK."""
    homes: list[tuple[_Cluster, StoredEvent]] = []
    orphans: dict[tuple[object, ...], list[StoredEvent]] = {}
    index = _NamedIndex(named)
    for item in unknown:
        candidates = index.candidates(item)
        if candidates:
            homes.append((_best_home(candidates), item))
        else:
            e = item.event
            orphans.setdefault((e.type, STATUS_FAMILIES[e.status], _pair(item)), []).append(item)
    for cluster, item in homes:
        cluster.add(item)
    out = []
    for (kind, _family, _pair_), items in sorted(orphans.items(), key=lambda kv: str(kv[0])):
        out += [c.mentions for c in _cluster_bucket(items, kind in ONE_OFF_TYPES)]
    return out


# ---- building ------------------------------------------------------------------------------


def _best_date(mentions: Sequence[StoredEvent]) -> PartialDate | None:
    """The date most reports agree with, the more precise, then the earlier."""
    dates = [m.event.date for m in mentions if m.event.date]
    if not dates:
        return None

    def score(candidate: PartialDate) -> tuple[int, int, int]:
        support = len({m.event.doc for m in mentions if m.event.date and _overlap(m.event.date, candidate)})
        return (support, _PRECISION_RANK[candidate.precision], -candidate.first_day().toordinal())

    return max(set(dates), key=score)


def _majority(values: Iterable[str]) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _merged_id(actor: str, kind: EventType, target: str, status: Status, date: PartialDate | None, mentions: Sequence[StoredEvent]) -> str:
    family = STATUS_FAMILIES[status]
    anchor = min(mention_key(m) for m in mentions)
    digest = hashlib.sha1(repr((actor, str(kind), target, family, anchor)).encode()).hexdigest()[:6]
    tail = "" if family == "occurred" else f"-{family}"
    return f"{actor}-{kind}-{target}-{date or 'undated'}{tail}-{digest}"


def _build(mentions: Sequence[StoredEvent], merged_id: str | None = None, actor: str | None = None, target: str | None = None) -> MergedEvent:
    ordered = tuple(sorted(mentions, key=lambda m: (_published_day(m) or dt.date.max, mention_key(m))))
    named = [m for m in ordered if m.event.actor != UNKNOWN_ACTOR] or list(ordered)
    if actor is None or target is None:
        orientation = Counter((m.event.actor, m.event.target) for m in named)
        actor, target = min(orientation, key=lambda p: (-orientation[p], p))
    per_doc_status = {(m.event.doc, m.event.status) for m in ordered}
    status_votes = Counter(status for _doc, status in per_doc_status)
    status = min(status_votes, key=lambda s: (-status_votes[s], list(Status).index(s)))
    date = _best_date(ordered)
    documents: dict[str, None] = {}
    for m in ordered:
        documents.setdefault(m.event.doc, None)
    published = sorted((m.source.published for m in ordered if m.source.published), key=lambda p: (p.first_day(), p.last_day()))
    figures = sorted({f for m in ordered for f in m.event.figures}, key=lambda f: (f.kind, f.low or -1, f.high or -1, f.text))
    kind = ordered[0].event.type
    return MergedEvent(
        id=merged_id or _merged_id(actor, kind, target, status, date, ordered),
        actor=actor, type=kind, target=target, status=status, date=date,
        location=_majority(m.event.location or "" for m in ordered), mentions=ordered,
        documents=tuple(documents), outlets=tuple(sorted({m.source.outlet for m in ordered if m.source.outlet})),
        corroboration=len({(m.event.doc, m.source.document_id) for m in ordered}),
        first_report=published[0] if published else None, last_report=published[-1] if published else None,
        figures=tuple(figures),
    )


def merge_reports(items: Iterable[StoredEvent]) -> list[MergedEvent]:
    """Merge the reports of each real-world event; every mention lands in exactly one event.

    The result is ordered by (known since, id) and does not depend on the input order.
    """
    named: dict[tuple[object, ...], list[StoredEvent]] = {}
    unknown: list[StoredEvent] = []
    for item in sorted(dict.fromkeys(items), key=_input_order):
        if item.event.actor == UNKNOWN_ACTOR and item.event.target != UNKNOWN_ACTOR:
            unknown.append(item)
        else:
            named.setdefault((item.event.type, STATUS_FAMILIES[item.event.status], _pair(item)), []).append(item)
    clusters = {key: _cluster_bucket(items_, key[0] in ONE_OFF_TYPES) for key, items_ in named.items()}
    groups = [c.mentions for cs in clusters.values() for c in cs] + _attach_unknown(unknown, clusters)
    merged = [_build(group) for group in groups if group]
    return sorted(merged, key=lambda m: (m.known_since or dt.date.max, m.id))
