"""Hand-built reports for the derive tests (sentences written for the tests)."""

from __future__ import annotations

import itertools

from dipwatch.records import Event, EventType, Figure, PartialDate, Source, Status, StoredEvent

_ids = itertools.count(1)


def report(actor, kind, target="AFG", date="2025-07-03", status=Status.OCCURRED, doc="a", published="2025-12-01",
           evidence=None, figures=(), location=None, outlet=None, start=0, event_id=None, document_id=None):
    """A StoredEvent as the store would return it; `doc` names the article."""
    event = Event(
        doc=doc, actor=actor, type=EventType(kind), target=target, status=Status(status),
        date=PartialDate.parse(date) if date else None, date_text=None,
        evidence=evidence or f"{actor} {kind.lower()} {target} ({doc}).", start=start, end=start + 10,
        actor_text=actor, target_text=target, location=location, figures=tuple(figures),
    )
    source = Source(document_id if document_id is not None else sum(map(ord, doc)), doc, None, None,
                    outlet or f"{doc.title()} Times", PartialDate.parse(published) if published else None)
    return StoredEvent(event_id if event_id is not None else next(_ids), event, source)


def killed(low=None, high=None, text=""):
    return Figure("killed", low, high, text or f"{low}..{high}")
