"""The derive stage: pure functions from stored reports to what an analyst reads.

- `merge_reports(items)`: the reports of each real-world event, merged (identity.py);
- `find_conflicts(items)`: reports of one event that disagree on figures, dates or status;
- `relationships_as_of(items, focus, as_of)`: each country's EVENTS.md level and flags (ladder.py);
- `timeline(items, country, focus)`: a pair's events in date order, with the changes each caused;
- `changes(items, focus, since, until)`: levels up and down, flags set and cleared, with evidence.

No I/O: every function takes StoredEvent iterables (or merged events, `*_of_merged`) and
returns frozen records; none depends on the order of its input.
"""

from __future__ import annotations

from .changes import Change, ChangeKind, changes, changes_of_merged
from .conflicts import Claim, Conflict, ConflictKind, conflicts_in, find_conflicts
from .identity import ONE_OFF_TYPES, STATUS_FAMILIES, MergedEvent, merge_reports
from .ladder import FLAGS, LEVEL_NAMES, Relationship, relationships_as_of, relationships_from_merged, standing
from .timeline import TimelineEntry, timeline, timeline_of_merged

__all__ = [
    "FLAGS",
    "LEVEL_NAMES",
    "ONE_OFF_TYPES",
    "STATUS_FAMILIES",
    "Change",
    "ChangeKind",
    "Claim",
    "Conflict",
    "ConflictKind",
    "MergedEvent",
    "Relationship",
    "TimelineEntry",
    "changes",
    "changes_of_merged",
    "conflicts_in",
    "find_conflicts",
    "merge_reports",
    "relationships_as_of",
    "relationships_from_merged",
    "standing",
    "timeline",
    "timeline_of_merged",
]
