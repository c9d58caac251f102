"""The derived status tables (tables.py, schema v5): written whole per focus, read by as-of date.

`save` replaces a focus's rows and records the write counter they were derived at in one
transaction, so a rebuild killed halfway leaves the previous rows with their older counter:
never trusted for the newer data (`built_at` != `Store.revision()`), and rebuilt on the next
read. `steps_as_of` is one indexed query: per country, the latest step starting on or before
the date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, delete, func, insert, select

from .tables import merged_members, meta, relationship_negated, relationship_steps

__all__ = ["ALL_KNOWN", "Member", "NegatedRow", "StepRow", "built_at", "members_of", "negated_of", "save", "span_of",
           "steps_as_of"]

# valid_from of the state that counts every report, the undated-unpublished ones too (as_of=None):
# after every ISO date, so no dated query picks it.
ALL_KNOWN = "~"


def _built_key(focus: str) -> str:
    return f"steps:{focus}"


def _span_key(focus: str) -> str:
    return f"span:{focus}"


@dataclass(frozen=True)
class StepRow:
    country: str
    valid_from: str
    level: int
    level_report_id: int | None
    level_event: str | None
    flags: dict[str, tuple[int, str]]  # flag -> (report id, merged event id)
    documents: int
    corroboration: int
    sources: tuple[str, ...]
    negated: int


@dataclass(frozen=True)
class NegatedRow:
    country: str
    dated: bool
    rank: int
    report_id: int
    merged_event: str


@dataclass(frozen=True)
class Member:
    merged_event: str
    report_id: int
    known_since: dt.date | None
    actor: str
    target: str


def built_at(conn: Connection, focus: str) -> int | None:
    """The write counter the focus's rows were derived at (None: never built)."""
    value = conn.execute(select(meta.c.value).where(meta.c.key == _built_key(focus))).scalar()
    return int(value) if value is not None else None


def save(conn: Connection, focus: str, revision: int, steps: Iterable[StepRow], negated: Iterable[NegatedRow],
         members: Iterable[Member], span: tuple[dt.date, dt.date] | None = None) -> None:
    """Replace the focus's derived rows (call inside one transaction: see the module docstring);
    `span`: the first and last day any report of the focus's pairs is on the record."""
    for table in (relationship_steps, relationship_negated, merged_members):
        conn.execute(delete(table).where(table.c.focus == focus))
    _insert(conn, relationship_steps, [
        {"focus": focus, "country": s.country, "valid_from": s.valid_from, "level": s.level,
         "level_report_id": s.level_report_id, "level_event": s.level_event,
         "flags": json.dumps({k: list(v) for k, v in sorted(s.flags.items())}), "documents": s.documents,
         "corroboration": s.corroboration, "sources": json.dumps(list(s.sources), ensure_ascii=False),
         "negated": s.negated} for s in steps])
    _insert(conn, relationship_negated, [
        {"focus": focus, "country": n.country, "dated": n.dated, "rank": n.rank, "report_id": n.report_id,
         "merged_event": n.merged_event} for n in negated])
    _insert(conn, merged_members, [
        {"focus": focus, "merged_event": m.merged_event, "report_id": m.report_id,
         "known_since": m.known_since.isoformat() if m.known_since else None, "actor": m.actor, "target": m.target}
        for m in members])
    conn.execute(delete(meta).where(meta.c.key.in_([_built_key(focus), _span_key(focus)])))
    conn.execute(insert(meta).values(key=_span_key(focus), value=json.dumps([d.isoformat() for d in span] if span else None)))
    conn.execute(insert(meta).values(key=_built_key(focus), value=str(revision)))


def span_of(conn: Connection, focus: str) -> tuple[bool, tuple[dt.date, dt.date] | None]:
    """(saved, the `span` saved with the focus's rows); rows built before spans were saved have none."""
    value = conn.execute(select(meta.c.value).where(meta.c.key == _span_key(focus))).scalar()
    days = json.loads(value) if value is not None else None
    return value is not None, (dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[1])) if days else None


def _insert(conn: Connection, table, rows: list[dict[str, object]], batch: int = 5000) -> None:  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), batch):
        conn.execute(insert(table), rows[start:start + batch])


def steps_as_of(conn: Connection, focus: str, as_of: dt.date | None) -> list[StepRow]:
    """Each country's step in force on `as_of` (None: the state with every report)."""
    t = relationship_steps
    if as_of is None:
        query = select(t).where(t.c.focus == focus, t.c.valid_from == ALL_KNOWN)
    else:
        # first the countries (each has its ALL_KNOWN row, found by ix_relationship_steps_from) with
        # the start of their latest step (one index seek each), then those steps by primary key:
        # never a scan of every step, whatever join order a planner without statistics would pick
        step = t.alias("step")
        latest = (select(func.max(step.c.valid_from))
                  .where(step.c.focus == t.c.focus, step.c.country == t.c.country, step.c.valid_from <= as_of.isoformat())
                  .scalar_subquery())
        found = conn.execute(select(t.c.country, latest).where(t.c.focus == focus, t.c.valid_from == ALL_KNOWN)).all()
        wanted = {(country, day) for country, day in found if day is not None}
        if not wanted:
            return []
        # two IN lists: index seeks whichever index the planner takes (an OR of pairs was a scan);
        # the few extra rows they allow (a country's step on another country's day) are dropped below
        query = select(t).where(t.c.focus == focus, t.c.country.in_(sorted({c for c, _d in wanted})),
                                t.c.valid_from.in_(sorted({d for _c, d in wanted})))
        return [row for row in _step_rows(conn.execute(query)) if (row.country, row.valid_from) in wanted]
    return _step_rows(conn.execute(query))


def _step_rows(rows: Iterable[Any]) -> list[StepRow]:
    return [
        StepRow(r.country, r.valid_from, r.level, r.level_report_id, r.level_event,
                {k: (v[0], v[1]) for k, v in json.loads(r.flags).items()}, r.documents, r.corroboration,
                tuple(json.loads(r.sources)), r.negated)
        for r in rows
    ]


def negated_of(conn: Connection, focus: str, dated: bool, counts: dict[str, int],
               latest: int | None = None) -> dict[str, list[NegatedRow]]:
    """The first `counts[country]` denials of each country, in the order the status lists them,
    or with `latest` only the last `latest` of those: a bounded answer reads a bounded number of
    rows, however many denials are stored."""
    t = relationship_negated
    # one primary-key range per country: with all of them OR-ed in one statement SQLite scanned
    # the focus's every denial instead (58 ms at 1M events, for 400 rows)
    query = (select(t).where(t.c.focus == focus, t.c.dated == dated, t.c.country == bindparam("country"),
                             t.c.rank >= bindparam("first"), t.c.rank < bindparam("end")).order_by(t.c.rank))
    found: dict[str, list[NegatedRow]] = {}
    for country, count in sorted(counts.items()):
        first = 0 if latest is None else max(0, count - latest)
        if first < count:
            found[country] = [NegatedRow(r.country, r.dated, r.rank, r.report_id, r.merged_event)
                              for r in conn.execute(query, {"country": country, "first": first, "end": count})]
    return found


def members_of(conn: Connection, focus: str, merged_events: Iterable[str], as_of: dt.date | None) -> dict[str, list[Member]]:
    """The reports of these merged events known by `as_of` (None: all of them), by event."""
    t = merged_members
    wanted = sorted(set(merged_events))
    found: dict[str, list[Member]] = {}
    for start in range(0, len(wanted), 500):
        query = select(t).where(t.c.focus == focus, t.c.merged_event.in_(wanted[start:start + 500]))
        if as_of is not None:
            query = query.where(t.c.known_since <= as_of.isoformat())
        for r in conn.execute(query.order_by(t.c.merged_event, t.c.report_id)):
            found.setdefault(r.merged_event, []).append(
                Member(r.merged_event, r.report_id, dt.date.fromisoformat(r.known_since) if r.known_since else None,
                       r.actor, r.target))
    return found
