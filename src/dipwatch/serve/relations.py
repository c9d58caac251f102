"""Presentation of the relationship model: merged events, timelines, changes, conflicts.

Each result becomes plain dicts first (what `--json` prints), and the Rich tables are drawn from
those dicts, so the terminal and the JSON cannot drift apart. Every claim carries its evidence:
the sentence and its source (outlet or document, publication date).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.table import Table

from ..derive import LEVEL_NAMES, Change, Claim, Conflict, MergedEvent, TimelineEntry
from ..records import Figure, StoredEvent

__all__ = [
    "change_rows",
    "changes_table",
    "conflict_rows",
    "conflicts_table",
    "figure_dict",
    "mention_dict",
    "merged_dict",
    "timeline_rows",
    "timeline_table",
    "to_json",
]


def to_json(rows: Any) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)


def source_label(item: StoredEvent) -> str:
    """"Outlet (2025-07-04)", falling back to the document name."""
    outlet = item.source.outlet or item.source.doc
    return f"{outlet} ({item.source.published})" if item.source.published else outlet


def mention_dict(item: StoredEvent) -> dict[str, Any]:
    """One report: the sentence and where it was read."""
    e = item.event
    return {
        "id": item.id, "doc": e.doc, "actor": e.actor, "target": e.target, "status": str(e.status),
        "date": str(e.date) if e.date else None, "date_text": e.date_text, "evidence": e.evidence,
        "outlet": item.source.outlet, "published": str(item.source.published) if item.source.published else None,
        "url": item.source.url, "source": source_label(item), "figures": [figure_dict(f) for f in e.figures],
    }


def figure_dict(figure: Figure) -> dict[str, Any]:
    return {"kind": figure.kind, "low": figure.low, "high": figure.high, "text": figure.text}


def merged_dict(event: MergedEvent, mentions: bool = True) -> dict[str, Any]:
    """A merged event with its sources; with `mentions`, every report of it."""
    out: dict[str, Any] = {
        "id": event.id, "actor": event.actor, "type": str(event.type), "target": event.target,
        "status": str(event.status), "date": str(event.date) if event.date else None,
        "dates": [str(d) for d in event.dates], "location": event.location,
        "corroboration": event.corroboration, "documents": list(event.documents), "outlets": list(event.outlets),
        "first_report": str(event.first_report) if event.first_report else None,
        "last_report": str(event.last_report) if event.last_report else None,
        "figures": [figure_dict(f) for f in event.figures],
        "evidence": event.evidence.event.evidence, "source": source_label(event.evidence),
    }
    if mentions:
        out["mentions"] = [mention_dict(m) for m in event.mentions]
    return out


def _evidence_cell(event: MergedEvent) -> str:
    first = event.evidence
    by_document = {m.event.doc: m.source.outlet or m.event.doc for m in event.mentions}
    sources = ", ".join(sorted(set(by_document.values())))
    tail = f"\n[dim]reported by {event.corroboration} documents: {escape(sources)}[/dim]" if event.corroboration > 1 else ""
    return f"{escape(first.event.evidence)}\n[dim]— {escape(source_label(first))}[/dim]{tail}"


def timeline_rows(entries: Sequence[TimelineEntry]) -> list[dict[str, Any]]:
    return [
        {
            "known_since": e.known_since.isoformat() if e.known_since else None,
            "date": str(e.date) if e.date else None,
            "event": merged_dict(e.event),
            "level_before": e.level_before, "level_after": e.level_after, "level_change": e.level_change,
            "level_name": LEVEL_NAMES[e.level_after],
            "flags_set": list(e.flags_set), "flags_cleared": list(e.flags_cleared), "change": e.describe(),
        }
        for e in entries
    ]


def timeline_table(entries: Sequence[TimelineEntry], title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name in ("date", "event", "status", "change"):
        table.add_column(name, no_wrap=name in ("date", "status"), overflow="fold")
    table.add_column("evidence", ratio=1, overflow="fold")
    table.add_column("docs", justify="right", no_wrap=True)
    for entry in entries:
        event = entry.event
        when = str(event.date) if event.date else f"({entry.known_since or 'undated'})"
        change = f"[b]{escape(entry.describe())}[/b]" if entry.changed else ""
        style = "" if event.status.value == "occurred" else "italic"
        table.add_row(when, event.label(), str(event.status), change, _evidence_cell(event), str(event.corroboration), style=style)
    return table


def change_rows(found: Sequence[Change]) -> list[dict[str, Any]]:
    return [
        {
            "day": c.day.isoformat(), "country": c.country, "focus": c.focus, "kind": str(c.kind), "flag": c.flag,
            "level_before": c.level_before, "level_after": c.level_after,
            "level_before_name": LEVEL_NAMES[c.level_before], "level_after_name": LEVEL_NAMES[c.level_after],
            "summary": c.describe(), "evidence": [merged_dict(e) for e in c.evidence],
        }
        for c in found
    ]


def changes_table(found: Sequence[Change], title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name in ("day", "country", "change"):
        table.add_column(name, no_wrap=True)
    table.add_column("evidence", ratio=1, overflow="fold")
    arrows = {"level_up": "▲", "level_down": "▼", "flag_set": "+", "flag_cleared": "−"}
    for change in found:
        evidence = "\n".join(f"[b]{e.label()}[/b] ({e.date or 'undated'}): {_evidence_cell(e)}" for e in change.evidence)
        table.add_row(change.day.isoformat(), change.country, f"{arrows[change.kind.value]} {change.describe()}", evidence)
    return table


def _claim_dict(claim: Claim) -> dict[str, Any]:
    return {"value": claim.value, "event_id": claim.event_id,
            "figure": figure_dict(claim.figure) if claim.figure else None, "mention": mention_dict(claim.mention)}


def conflict_rows(found: Sequence[Conflict]) -> list[dict[str, Any]]:
    return [
        {
            "id": c.id, "kind": str(c.kind), "compatible": c.compatible, "note": c.note,
            "event": merged_dict(c.event, mentions=False), "left": _claim_dict(c.left), "right": _claim_dict(c.right),
        }
        for c in found
    ]


def _claim_cell(claim: Claim) -> str:
    item = claim.mention
    return f"[b]{escape(claim.value)}[/b]\n{escape(item.event.evidence)}\n[dim]— {escape(source_label(item))}[/dim]"


def conflicts_table(found: Sequence[Conflict], title: str) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("event", overflow="fold", ratio=1)
    table.add_column("one report", ratio=3, overflow="fold")
    table.add_column("the other", ratio=3, overflow="fold")
    table.add_column("verdict", overflow="fold", ratio=2)
    for conflict in found:
        verdict = "[green]compatible[/green]" if conflict.compatible else "[red]conflict[/red]"
        table.add_row(str(conflict.kind), f"{conflict.event.label()}\n{conflict.event.date or 'undated'}",
                      _claim_cell(conflict.left), _claim_cell(conflict.right), f"{verdict}\n{escape(conflict.note)}")
    return table
