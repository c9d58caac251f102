"""Presentation of core results for the terminal and for flat files (no logic of its own)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.table import Table

from ..derive import Relationship
from ..records import StoredEvent

__all__ = ["events_table", "relationship_rows", "relationship_table", "relationships_csv", "relationships_json"]


def _source(item: StoredEvent | None) -> str:
    if item is None:
        return ""
    outlet = item.source.outlet or item.source.doc
    return f"{outlet} ({item.source.published})" if item.source.published else outlet


def relationship_rows(rows: Sequence[Relationship]) -> list[dict[str, Any]]:
    """One flat dict per country: what the table, JSON and CSV outputs all show."""
    out = []
    for row in rows:
        event = row.level_event.event if row.level_event else None
        out.append({
            "country": row.country,
            "focus": row.focus,
            "as_of": row.as_of.isoformat() if row.as_of else None,
            "level": row.level,
            "level_name": row.level_name,
            "flags": sorted(row.flags),
            "since": row.level_since.isoformat() if row.level_since else None,
            "event": f"{event.type} {event.actor}->{event.target}" if event else None,
            "event_date": str(event.date) if event and event.date else None,
            "evidence": event.evidence if event else None,
            "source": _source(row.level_event),
            "documents": row.documents,
            "negated": [
                {"event": f"{n.event.type} {n.event.actor}->{n.event.target}", "date": str(n.event.date or n.source.published or ""),
                 "evidence": n.event.evidence}
                for n in row.negated
            ],
            "flag_evidence": {name: item.event.evidence for name, item in sorted(row.flags.items())},
        })
    return out


def relationship_table(rows: Sequence[Relationship], title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name, style in (("country", "bold"), ("level", ""), ("flags", "red"), ("since", "")):
        table.add_column(name, style=style, no_wrap=name != "flags")
    table.add_column("evidence", ratio=1, overflow="fold")
    table.add_column("docs", justify="right", no_wrap=True)
    for row in relationship_rows(rows):
        evidence = f"[b]{row['event']}[/b]: {row['evidence']}" if row["event"] else ""
        for negated in row["negated"]:
            evidence += f"\n[i]not: {negated['event']} ({negated['date']})[/i]: {negated['evidence']}"
        table.add_row(
            row["country"], f"{row['level']} {row['level_name']}", "\n".join(row["flags"]),
            row["since"] or "", evidence, str(row["documents"]),
        )
    return table


def relationships_json(rows: Sequence[Relationship]) -> str:
    return json.dumps(relationship_rows(rows), ensure_ascii=False, indent=1)


def relationships_csv(rows: Sequence[Relationship]) -> str:
    buffer = io.StringIO()
    fields = ["country", "focus", "as_of", "level", "level_name", "flags", "since", "event", "event_date", "evidence", "source", "documents"]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in relationship_rows(rows):
        writer.writerow({**row, "flags": ";".join(row["flags"])})
    return buffer.getvalue()


def events_table(items: Sequence[StoredEvent]) -> Table:
    table = Table(show_lines=True, expand=True)
    for name in ("id", "date", "actor", "type", "target", "status", "evidence", "source"):
        table.add_column(name, overflow="fold")
    for item in items:
        e = item.event
        table.add_row(str(item.id), str(e.date or ""), e.actor, str(e.type), e.target, str(e.status), e.evidence, _source(item))
    return table
