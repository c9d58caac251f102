"""What the API and the dashboard show, as JSON-ready dicts computed from the store and `derive`.

One function per view; the API returns these dicts (validated by `models.py`), the dashboard's
pages render the same dicts, and the CLI's `--json` shapes (`render.relationship_rows`,
`relations.*`) are their base, so the three faces cannot drift apart. Every derived view reads
the focus's merged reports (`merge_reports`), kept between requests until a document arrives. Strings from articles stay as they are here; escaping is the page's job (Jinja autoescape,
`textContent` in the dashboard script). Only `link` is ever used as an href: an http(s) address.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any
from urllib.parse import urlsplit

import pycountry

from ..derive import (
    LEVEL_NAMES,
    Change,
    Claim,
    Conflict,
    MergedEvent,
    Relationship,
    TimelineEntry,
    changes_of_merged,
    find_conflicts,
    merge_reports,
    relationships_from_merged,
    timeline_of_merged,
)
from ..derive.ladder import pair_reports
from ..errors import InputError
from ..records import StoredEvent
from ..store import EventFilter, Store, StoredDocument
from . import mapdata, relations, render, standings

__all__ = [
    "NotFound",
    "STATUS_LIMIT",
    "change_dict",
    "changes_view",
    "conflicts_view",
    "document_view",
    "event_view",
    "events_view",
    "known_code",
    "map_view",
    "mention",
    "merged",
    "overview",
    "require_known",
    "status_view",
    "timeline_view",
    "web_link",
]

_MERGED_ID = re.compile(r"^([A-Z]{2,8}(?:_[A-Z]{2,8})?)-([A-Z_]{3,16})-([A-Z]{2,8}(?:_[A-Z]{2,8})?)-")


class NotFound(LookupError):
    """The thing asked for does not exist (the API answers 404 with this message)."""


def web_link(url: str | None) -> str | None:
    """The URL where it is a plain web address (never javascript:, data: and the like), else None."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # "http://[::1" and the like
        return None
    return url if scheme in ("http", "https") and not re.search(r"[\s<>\"']", url) else None


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def mention(item: StoredEvent) -> dict[str, Any]:
    """One report: the sentence, its offsets in the document, and where it was read."""
    e = item.event
    return {
        **relations.mention_dict(item), "type": str(e.type), "document_id": item.source.document_id,
        "start": e.start, "end": e.end, "title": item.source.title, "link": web_link(item.source.url),
    }


def merged(event: MergedEvent) -> dict[str, Any]:
    """A merged event with every report of it (each with its document) and the one to quote first."""
    return {**relations.merged_dict(event, mentions=False), "evidence_report": mention(event.evidence),
            "mentions": [mention(m) for m in event.mentions]}


def known_code(code: str, store: Store) -> bool:
    """An ISO 3166 alpha-3 code, an EVENTS.md non-state actor code, or any code the store has."""
    if pycountry.countries.get(alpha_3=code) is not None or code in mapdata.NON_STATE_NAMES:
        return True
    return next(iter(store.iter_events(EventFilter(country=code))), None) is not None


def require_known(code: str, store: Store) -> None:
    """Raise NotFound unless `known_code`."""
    if not known_code(code, store):
        raise NotFound(f"unknown country code {code!r}: not an ISO 3166-1 alpha-3 code or an actor code of EVENTS.md")


_MERGED_CACHE: dict[tuple[int, str], tuple[int, list[MergedEvent]]] = {}
_CACHE_LOCK = threading.Lock()


def _merged_pairs(store: Store, focus: str) -> list[MergedEvent]:
    """The focus's reports, merged; reused while the store's write counter is unchanged."""
    key, revision = (id(store), focus), store.revision()
    with _CACHE_LOCK:
        cached = _MERGED_CACHE.get(key)
    if cached is not None and cached[0] == revision:
        return cached[1]
    merged = merge_reports(pair_reports(store.iter_events(EventFilter(focus=focus)), focus))
    with _CACHE_LOCK:
        if len(_MERGED_CACHE) > 16:
            _MERGED_CACHE.clear()
        _MERGED_CACHE[key] = (revision, merged)
    return merged


def overview(store: Store, focus: str) -> dict[str, Any]:
    """What the dashboard needs before any data: counts, the months the slider spans, the legend."""
    found, span = standings.stored_span(store, focus)  # not a merge of every report per page while the rows are current
    first, last = (span if found else standings.known_span(_merged_pairs(store, focus))) or (None, None)
    return {
        "focus": focus, "focus_name": mapdata.actor_name(focus), **store.counts(),
        "first_month": first.strftime("%Y-%m") if first else None, "last_month": last.strftime("%Y-%m") if last else None,
        "levels": [{"level": k, "name": v, "colour": mapdata.LEVEL_COLOURS[k]} for k, v in sorted(LEVEL_NAMES.items(), reverse=True)],
        "flags": [{"flag": f, "symbol": s, "colour": c} for f, (s, c) in mapdata.FLAG_MARKERS.items()],
        "no_data_colour": mapdata.NO_DATA_COLOUR, "focus_colour": mapdata.FOCUS_COLOUR,
    }


STATUS_LIMIT = 5  # denials per row in the list of every country: its cost must not grow with the data


def _relationships(store: Store, focus: str, as_of: dt.date | None, *, with_events: bool = False,
                   denials: int | None = None, country: str | None = None) -> list[Relationship]:
    """From the derived status tables while they are current, else from the merged reports."""
    rows = standings.current(store, focus, as_of, with_events=with_events, denials=denials, country=country)
    if rows is None:
        rows = relationships_from_merged(_merged_pairs(store, focus), focus, as_of)
    return [row for row in rows if country is None or row.country == country]


def _negated_events(row: Relationship, limit: int | None) -> list[MergedEvent]:
    """The merged events of the denials listed (the latest `limit`), in the order they first appear."""
    by_id = {event.id: event for event in row.negated_events}
    event_of = {item.id: event.id for event in row.negated_events for item in event.mentions}
    return [by_id[e] for e in dict.fromkeys(event_of[i.id] for i in render.latest(row.negated, limit) if i.id in event_of)]


def status_view(store: Store, focus: str, as_of: dt.date | None, *, limit: int | None = STATUS_LIMIT,
                country: str | None = None) -> dict[str, Any]:
    """The relationship table (`dipwatch status --json` rows) with the report behind each level
    and flag and the latest `limit` denials (None: all of them), with exact counts.

    Without `country`: every country's row and no merged event, so what it reads is bounded (a
    few reports per country) however many reports the level's event has. With `country`: that
    country's row only, with the merged events behind it and every report of each."""
    detail = country is not None
    rows = _relationships(store, focus, as_of, with_events=detail, denials=limit, country=country)
    out = []
    for row, flat in zip(rows, render.relationship_rows(rows, limit)):
        out.append({
            **flat, "name": mapdata.actor_name(row.country), "on_map": mapdata.on_map(row.country),
            "colour": mapdata.LEVEL_COLOURS[row.level], "since_text": mapdata.since_text(row.level_event),
            "level_report": mention(row.level_event) if row.level_event else None,
            "level_event": merged(row.level_merged) if detail and row.level_merged else None,
            "flag_details": [{"flag": name, "since": mapdata.since_text(item), "report": mention(item),
                              "event_id": row.flag_event_ids[name],
                              "event": merged(row.flag_events[name]) if detail else None}
                             for name, item in sorted(row.flags.items())],
            "negated_events": [merged(n) for n in _negated_events(row, limit)] if detail else [],
        })
    return {"focus": focus, "focus_name": mapdata.actor_name(focus), "as_of": _date(as_of), "country": country,
            "limit": limit, "rows": out}


def map_view(store: Store, focus: str, as_of: dt.date | None) -> dict[str, Any]:
    """The Plotly figure of levels as of the date (what the brief draws), ready for `Plotly.react`."""
    rows = _relationships(store, focus, as_of, denials=0)
    return {"focus": focus, "as_of": _date(as_of), "figure": mapdata.map_figure(rows, focus)}


def _timeline_entry(entry: TimelineEntry, flat: dict[str, Any]) -> dict[str, Any]:
    return {**flat, "event": merged(entry.event)}


def timeline_view(store: Store, country: str, focus: str, as_of: dt.date | None) -> dict[str, Any]:
    """The pair's events in date order, each with the level change or flags it caused."""
    require_known(country, store)
    entries = timeline_of_merged(_merged_pairs(store, focus), country, focus, as_of)
    level = entries[-1].level_after if entries else 0
    return {
        "country": country, "name": mapdata.actor_name(country), "focus": focus, "as_of": _date(as_of),
        "level": level, "level_name": LEVEL_NAMES[level],
        "entries": [_timeline_entry(e, flat) for e, flat in zip(entries, relations.timeline_rows(entries))],
    }


def events_view(store: Store, where: EventFilter, cursor: int | None, limit: int) -> dict[str, Any]:
    """A page of reports in id order; `next_cursor` continues after the last one (None: no more)."""
    items, total = store.events_page(where, after=cursor, limit=limit + 1)
    more = len(items) > limit
    items = items[:limit]
    return {"items": [mention(i) for i in items], "total": total, "limit": limit,
            "next_cursor": str(items[-1].id) if more and items else None}


def _reports_of(store: Store, *codes: str) -> list[StoredEvent]:
    """Every report with one of these codes on a side: enough to merge their events as a full merge would."""
    seen: dict[int, StoredEvent] = {}
    for code in set(codes):
        for other in store.iter_events(EventFilter(country=code)):
            seen[other.id] = other
    return list(seen.values())


def event_view(store: Store, event_id: str) -> dict[str, Any]:
    """A report (numeric id) or a merged event (its readable id), with every report of the event."""
    if event_id.isdigit():
        report = store.event(int(event_id))
        if report is None:
            raise NotFound(f"no event {event_id}")
        for event in merge_reports(_reports_of(store, report.event.actor, report.event.target)):
            if any(m.id == report.id for m in event.mentions):
                return {"report": mention(report), "event": merged(event)}
        raise NotFound(f"no event {event_id}")  # unreachable: every report lands in one event
    match = _MERGED_ID.match(event_id)
    if match:
        for event in merge_reports(_reports_of(store, match.group(1), match.group(3))):
            if event.id == event_id:
                return {"report": None, "event": merged(event)}
    raise NotFound(f"no event {event_id!r}: give a report id (a number) or a merged event id such as "
                   "RUS-RECOGNIZE-AFG-2025-07-03-1a2b3c")


def _segments(document: StoredDocument) -> list[dict[str, Any]]:
    """The text cut at its evidence sentences: [{text, sentence_id|None, start}] in order."""
    out: list[dict[str, Any]] = []
    position = 0
    for sentence in document.sentences:
        if sentence.start < position or sentence.end > len(document.text):
            continue  # overlapping or out-of-range offsets: leave the text unmarked there
        if sentence.start > position:
            out.append({"text": document.text[position:sentence.start], "sentence_id": None, "start": position})
        out.append({"text": document.text[sentence.start:sentence.end], "sentence_id": sentence.id, "start": sentence.start})
        position = sentence.end
    if position < len(document.text):
        out.append({"text": document.text[position:], "sentence_id": None, "start": position})
    return out


def document_view(store: Store, document_id: int) -> dict[str, Any]:
    """The cleaned text with its evidence sentences marked, and the events read from each."""
    document = store.document(document_id)
    if document is None:
        raise NotFound(f"no document {document_id}")
    reports = [r for s in document.sentences for i in s.event_ids if (r := store.event(i)) is not None]
    return {
        "id": document.id, "doc": document.doc, "title": document.title, "url": document.url,
        "link": web_link(document.url), "outlet": document.outlet, "published": _date(document.published),
        "published_inferred": document.published_inferred, "language": document.language,
        "source_format": document.source_format, "ingested_at": document.ingested_at, "text": document.text,
        "sentences": [{"id": s.id, "start": s.start, "end": s.end, "text": s.text, "event_ids": list(s.event_ids)}
                      for s in document.sentences],
        "segments": _segments(document), "events": [mention(r) for r in reports],
    }


def change_dict(change: Change) -> dict[str, Any]:
    return {**relations.change_rows([change])[0], "name": mapdata.actor_name(change.country),
            "evidence": [merged(e) for e in change.evidence]}


def changes_view(store: Store, focus: str, since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
    """Levels up and down and flags set or cleared between the dates, newest first, with evidence."""
    if since and until and until < since:
        raise InputError(f"until ({until}) is before since ({since})")
    found = changes_of_merged(_merged_pairs(store, focus), focus, since or dt.date.min + dt.timedelta(days=1), until)
    return {"focus": focus, "since": _date(since), "until": _date(until),
            "changes": [change_dict(c) for c in reversed(found)]}


def _claim(claim: Claim) -> dict[str, Any]:
    figure = claim.figure
    return {"value": claim.value, "event_id": claim.event_id, "mention": mention(claim.mention),
            "figure": relations.figure_dict(figure) if figure else None}


def _conflict(conflict: Conflict, flat: dict[str, Any]) -> dict[str, Any]:
    return {**flat, "event": merged(conflict.event), "left": _claim(conflict.left), "right": _claim(conflict.right)}


def conflicts_view(store: Store, focus: str | None, include_compatible: bool = True) -> dict[str, Any]:
    """Reports of one event that disagree (and, with `include_compatible`, those that differ but agree)."""
    found = find_conflicts(store.iter_events(EventFilter(focus=focus)), focus, include_compatible=include_compatible)
    return {"focus": focus, "conflicts": [_conflict(c, flat) for c, flat in zip(found, relations.conflict_rows(found))]}
