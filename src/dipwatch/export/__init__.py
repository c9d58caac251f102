"""Exports: every stored event as an EVENTS.md record, in JSON Lines or CSV.

Events whose doer the text does not name (actor `UNK`) are not EVENTS.md records: they stay in
the store and in derive (where they merge with reports that name the doer) but are not exported.
"""

from __future__ import annotations

import csv
import functools
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import Any, TextIO

from ..records import UNKNOWN_ACTOR, StoredEvent

__all__ = ["RECORD_FIELDS", "event_record", "exportable", "write_csv", "write_jsonl"]

# The EVENTS.md record, in its order; `id` is the store's event id, for linking back.
RECORD_FIELDS = (
    "doc", "actor", "type", "target", "status", "date", "date_text", "evidence", "start", "end",
    "actor_text", "target_text", "location", "confidence", "plover", "cameo", "outlet", "url", "id",
)


@functools.cache
def _codes() -> dict[str, tuple[str, str]]:
    text = resources.files("dipwatch.knowledge").joinpath("data", "event_types.csv").read_text(encoding="utf-8")
    return {row["type"]: (row["plover"], row["cameo"]) for row in csv.DictReader(text.splitlines())}


def event_record(item: StoredEvent) -> dict[str, Any]:
    """The EVENTS.md record of a stored event."""
    event = item.event
    plover, cameo = _codes().get(str(event.type), ("", ""))
    return {
        "doc": event.doc, "actor": event.actor, "type": str(event.type), "target": event.target,
        "status": str(event.status), "date": str(event.date) if event.date else None,
        "date_text": event.date_text, "evidence": event.evidence, "start": event.start, "end": event.end,
        "actor_text": event.actor_text, "target_text": event.target_text, "location": event.location,
        "confidence": event.confidence, "plover": plover, "cameo": cameo,
        "outlet": item.source.outlet, "url": item.source.url, "id": item.id,
    }


def exportable(items: Iterable[StoredEvent]) -> Iterator[StoredEvent]:
    """The events that are EVENTS.md records: all but those with an unnamed doer."""
    return (item for item in items if item.event.actor != UNKNOWN_ACTOR)


def write_jsonl(items: Iterable[StoredEvent], out: TextIO) -> int:
    count = 0
    for item in exportable(items):
        out.write(json.dumps(event_record(item), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(items: Iterable[StoredEvent], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=RECORD_FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for item in exportable(items):
        writer.writerow(event_record(item))
        count += 1
    return count
