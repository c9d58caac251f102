"""Presentation of core results for the terminal and for flat files (no logic of its own)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.table import Table

from ..derive import Relationship
from ..records import StoredEvent

__all__ = [
    "events_table", "peer_report", "relationship_rows", "relationship_table", "relationships_csv", "relationships_json",
]


def _source(item: StoredEvent | None) -> str:
    if item is None:
        return ""
    outlet = item.source.outlet or item.source.doc
    return f"{outlet} ({item.source.published})" if item.source.published else outlet


def latest(items: Sequence[Any], limit: int | None) -> Sequence[Any]:
    """The last `limit` items, in their order (None: all of them)."""
    return items if limit is None else items[max(0, len(items) - limit):]


def relationship_rows(rows: Sequence[Relationship], limit: int | None = None) -> list[dict[str, Any]]:
    """One flat dict per country: what the table, JSON and CSV outputs all show. `negated` lists
    the latest `limit` denials (None: all of them); `negated_count` counts them all."""
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
            "event_id": row.level_event_id,
            "corroboration": row.corroboration,
            "sources": row.sources,
            "negated": [
                {"event": f"{n.event.type} {n.event.actor}->{n.event.target}", "date": str(n.event.date or n.source.published or ""),
                 "evidence": n.event.evidence}
                for n in latest(row.negated, limit)
            ],
            "negated_count": row.negated_count,
            "flag_evidence": {name: item.event.evidence for name, item in sorted(row.flags.items())},
            "flag_sources": {name: _source(item) for name, item in sorted(row.flags.items())},
            "flag_events": dict(sorted(row.flag_event_ids.items())),
        })
    return out


def relationship_table(rows: Sequence[Relationship], title: str, limit: int | None = None) -> Table:
    table = Table(title=title, show_lines=True, expand=True)
    for name, style in (("country", "bold"), ("level", ""), ("flags", "red"), ("since", "")):
        table.add_column(name, style=style, no_wrap=name != "flags")
    table.add_column("evidence", ratio=1, overflow="fold")
    table.add_column("docs", justify="right", no_wrap=True)
    for row in relationship_rows(rows, limit):
        evidence = f"[b]{row['event']}[/b]: {row['evidence']}" if row["event"] else ""
        if row["event"]:
            reports = f"{row['corroboration']} document{'s' * (row['corroboration'] != 1)}"
            evidence += f"\n[dim]— {row['source']}; {reports}: {', '.join(row['sources'])}[/dim]"
        if row["negated_count"] > len(row["negated"]):
            earlier = row["negated_count"] - len(row["negated"])
            evidence += f"\n[dim]{earlier} earlier denial{'s' * (earlier != 1)} not shown (--all lists them)[/dim]"
        for negated in row["negated"]:
            evidence += f"\n[i]not: {negated['event']} ({negated['date']})[/i]: {negated['evidence']}"
        table.add_row(
            row["country"], f"{row['level']} {row['level_name']}", "\n".join(row["flags"]),
            row["since"] or "", evidence, str(row["documents"]),
        )
    return table


def relationships_json(rows: Sequence[Relationship], limit: int | None = None) -> str:
    return json.dumps(relationship_rows(rows, limit), ensure_ascii=False, indent=1)


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


def _dict_table(title: str, rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]], **options: Any) -> Table:
    """A table of flat dicts: `columns` = (key, header); numbers right-aligned."""
    table = Table(title=title, title_justify="left", **options)
    for key, header in columns:
        numeric = bool(rows) and all(isinstance(row.get(key), (int, float)) and not isinstance(row.get(key), bool) for row in rows)
        table.add_column(header, justify="right" if numeric else "left", overflow="fold", no_wrap=numeric)
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    return table


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return "\n".join(map(str, value))
    return "" if value is None else str(value)


def peer_report(report: dict[str, Any], show_disagreements: int = 20) -> list[Any]:
    """The renderables of `dipwatch eval-peer` from a PeerReport.as_dict()."""
    s = report["summary"]
    pct = lambda n: f"{n} ({n / s['in_scope']:.1%})" if s["in_scope"] else str(n)
    lines = [
        f"[b]{s['suite']}[/b]: {s['title']}",
        f"records {s['records']}, in scope {s['in_scope']} (with a source we code: {s['in_scope_coded_source']}), "
        f"out of scope {s['out_of_scope']} (of which no event expected: {s['no_event_expected']}, "
        f"dipwatch produced events on {s['produced_on_no_event']} of those)",
        f"dipwatch produced an event for {pct(s['produced'])} of the records in scope",
        f"agreement: code {pct(s['agree_code'])}, (source, code) {pct(s['agree_source_code'])}, "
        f"(source, target, code) {pct(s['agree_triple'])}",
        "disagreements: " + ", ".join(f"{n} {v}" for v, n in sorted(s["disagreements"].items())),
    ]
    out: list[Any] = ["\n".join(lines)]
    code_header = "CAMEO root" if s["scheme"] == "cameo" else "PLOVER type"
    out.append(_dict_table("per code (records in scope)", report["per_code"], [
        ("class", code_header), ("records", "records"), ("produced", "produced"), ("code", "code"),
        ("source_code", "src+code"), ("triple", "src+tgt+code"), ("ours", "our types")]))
    classes = [{**c, "examples": " ".join(c["examples"])} for c in report["classes"]]
    out.append(_dict_table("disagreement classes", classes, [
        ("verdict", "verdict"), ("records", "records"), ("class", "class"), ("examples", "examples")]))
    if show_disagreements:
        shown = report["disagreements"] if show_disagreements < 0 else report["disagreements"][:show_disagreements]
        out.append(f"[b]disagreements[/b] ({len(shown)} of {len(report['disagreements'])}): "
                   + escape("record [verdict] class | suite, in our codes | dipwatch"))
        out.extend(_peer_line(r, "; ".join(r["expected_ours"])) for r in shown)
        unscoped = [r for r in report["out_of_scope"] if r["expected"]]
        out.append(f"[b]out of scope[/b]: {len(unscoped)} records with codes we have no type for, "
                   f"{len(report['out_of_scope']) - len(unscoped)} expecting no event")
        out.extend(_peer_line(r, "; ".join(r["expected"])) for r in report["out_of_scope"]
                   if r["expected"] or r["events"])
    return out


def _peer_line(row: dict[str, Any], expected: str) -> str:
    verdict = f" [{row['verdict']}]" if row["verdict"] != "out of scope" else ""
    events = ", ".join(row["events"]) or "-"
    return escape(f"  {row['id']}{verdict} {row['class']} | {expected or '-'} | {events}")
