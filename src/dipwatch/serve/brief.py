"""The brief: a self-contained report of who stands where with a focus government, as of a date.

`build_brief(events, focus, as_of, since)` gathers what the report says (the relationship table,
the map figure, the changes in a window, the conflicting reports) and numbers every claim's
evidence as a footnote; `render_brief(brief, "html" | "md")` lays it out. The HTML embeds
plotly.js and the world topojson and refers to no other host, so it opens offline; article
text, titles, outlets and URLs are hostile input and are escaped (Jinja autoescape), and only
http(s) article URLs become links.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .. import __version__
from ..derive import (
    LEVEL_NAMES,
    Change,
    Conflict,
    MergedEvent,
    Relationship,
    changes_of_merged,
    conflicts_in,
    merge_reports,
    relationships_from_merged,
)
from ..errors import InputError
from ..records import StoredEvent
from . import mapdata

__all__ = ["Brief", "ConflictLine", "Footnote", "Line", "TableRow", "brief_format", "build_brief", "render_brief"]

CHANGE_WINDOW = dt.timedelta(days=30)
MAX_CITED_REPORTS = 5  # further reports (one per document) cited beside the one that counted
FORMATS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


@dataclass(frozen=True)
class Footnote:
    """One cited report: the sentence, its document and the event read from it."""

    number: int
    item: StoredEvent

    @property
    def summary(self) -> str:
        event = self.item.event
        when = f", {event.date}" if event.date else ""
        return f"{event.type} {event.actor}→{event.target}, {event.status}{when}"

    @property
    def link(self) -> str | None:
        """The article URL where it is a plain web address (never javascript:, data: and the like)."""
        url = (self.item.source.url or "").strip()
        try:
            scheme = urlsplit(url).scheme
        except ValueError:  # "http://[::1" and the like
            return None
        return url if scheme in ("http", "https") and not re.search(r"[\s<>]", url) else None


class _Citations:
    """Numbers each cited event once, in order of first citation."""

    def __init__(self) -> None:
        self._numbers: dict[int, int] = {}
        self.notes: list[Footnote] = []

    def cite(self, item: StoredEvent) -> int:
        if item.id not in self._numbers:
            self._numbers[item.id] = len(self.notes) + 1
            self.notes.append(Footnote(len(self.notes) + 1, item))
        return self._numbers[item.id]


@dataclass(frozen=True)
class Line:
    """A line of the report and the footnotes behind it."""

    text: str
    notes: tuple[int, ...] = ()
    date: str = ""


@dataclass(frozen=True)
class ConflictLine:
    """Two reports of one event that disagree, each side with its footnote."""

    label: str
    kind: str
    date: str
    left: Line
    right: Line
    note: str


@dataclass(frozen=True)
class TableRow:
    code: str
    name: str
    on_map: bool
    level: int
    level_name: str
    colour: str
    since: str
    level_notes: tuple[int, ...]
    flags: tuple[Line, ...]
    negated: tuple[Line, ...]
    corroboration: int  # documents reporting the event that set the level
    documents: int  # documents reporting any event of the pair


@dataclass(frozen=True)
class Brief:
    focus: str
    focus_name: str
    as_of: dt.date | None
    window: tuple[dt.date, dt.date] | None
    rows: tuple[TableRow, ...]
    changes: tuple[Line, ...]
    conflicts: tuple[ConflictLine, ...]
    footnotes: tuple[Footnote, ...]
    figure: dict[str, Any]
    documents: int
    events: int
    version: str = __version__
    levels: dict[int, tuple[str, str]] = field(default_factory=dict)  # level -> (name, colour)


def _one_per_document(merged: MergedEvent | None, first: StoredEvent | None = None) -> list[StoredEvent]:
    """The reports of a merged event to cite: `first` (or its best report), then one per other document."""
    if merged is None:
        return [first] if first else []
    lead = first or merged.evidence
    out, seen = [lead], {lead.event.doc}
    for item in merged.mentions:
        if item.event.doc not in seen:
            seen.add(item.event.doc)
            out.append(item)
    return out[: 1 + MAX_CITED_REPORTS]


def _table_row(row: Relationship, cite: _Citations) -> TableRow:
    level_reports = _one_per_document(row.level_merged, row.level_event)
    flags = tuple(
        Line(name, tuple(cite.cite(i) for i in _one_per_document(row.flag_events.get(name), item)), mapdata.since_text(item))
        for name, item in sorted(row.flags.items())
    )
    negated = tuple(
        Line(f"not: {n.type} {n.actor}→{n.target}", tuple(cite.cite(i) for i in _one_per_document(n)),
             mapdata.since_text(n.evidence))
        for n in row.negated_events
    )
    return TableRow(
        code=row.country, name=mapdata.actor_name(row.country), on_map=mapdata.on_map(row.country),
        level=row.level, level_name=row.level_name, colour=mapdata.LEVEL_COLOURS[row.level],
        since=mapdata.since_text(row.level_event), level_notes=tuple(cite.cite(i) for i in level_reports),
        flags=flags, negated=negated, corroboration=row.corroboration, documents=row.documents,
    )


def _change_line(change: Change, cite: _Citations) -> Line:
    what = change.describe().replace(" -> ", " → ")
    if change.flag is None:
        what = f"level {change.level_before} {what.replace(' → ', f' → {change.level_after} ')}"
    text = f"{mapdata.actor_name(change.country)} ({change.country}): {what}"
    return Line(text, tuple(cite.cite(m.evidence) for m in change.evidence), change.day.isoformat())


def _conflict_line(conflict: Conflict, cite: _Citations) -> ConflictLine:
    sides = [Line(c.value, (cite.cite(c.mention),), mapdata.since_text(c.mention)) for c in (conflict.left, conflict.right)]
    label = f"{conflict.event.type} {conflict.event.actor}→{conflict.event.target}"
    date = str(conflict.event.date) if conflict.event.date else ""
    return ConflictLine(label, str(conflict.kind), date, sides[0], sides[1], conflict.note.replace("->", "→"))


def _window(events: Sequence[StoredEvent], as_of: dt.date | None, since: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The changes window: from `since` (default 30 days earlier) to `as_of` (default the latest dated event)."""
    end = as_of or max((i.known_since for i in events if i.known_since), default=None)
    if end is None:
        return None
    start = since or end - CHANGE_WINDOW
    if start > end:
        raise InputError(f"--since {start} is after the brief's date {end}")
    return start, end


def build_brief(
    events: Sequence[StoredEvent], focus: str = "AFG", as_of: dt.date | None = None, since: dt.date | None = None
) -> Brief:
    """Everything the brief shows, with each claim's evidence numbered as a footnote.

    Only events between `focus` and another party count; they are merged once and the table,
    changes and conflicts all read the same merged events.
    """
    pairs = [i for i in events if focus in (i.event.actor, i.event.target) and i.event.actor != i.event.target]
    merged = merge_reports(pairs)
    relationships = relationships_from_merged(merged, focus, as_of)
    window = _window(pairs, as_of, since)
    cite = _Citations()
    rows = tuple(_table_row(r, cite) for r in relationships)
    found = changes_of_merged(merged, focus, window[0], window[1]) if window else []
    known = [k for m in merged if (k := m.known_by(as_of)) is not None]
    return Brief(
        focus=focus, focus_name=mapdata.actor_name(focus), as_of=as_of, window=window, rows=rows,
        changes=tuple(_change_line(c, cite) for c in found),
        conflicts=tuple(_conflict_line(c, cite) for c in conflicts_in(known)),
        footnotes=tuple(cite.notes), figure=mapdata.map_figure(relationships, focus),
        documents=len({i.source.document_id for i in pairs}), events=len(pairs),
        levels={k: (v, mapdata.LEVEL_COLOURS[k]) for k, v in sorted(LEVEL_NAMES.items(), reverse=True)},
    )


def brief_format(output: str | None, format: str | None) -> str:
    """"html" or "md": `format` if given, else from the output file's suffix (default html)."""
    if format:
        if format not in ("html", "md"):
            raise InputError(f"--format must be html or md, not {format!r}")
        return format
    suffix = "." + str(output).rsplit(".", 1)[-1].lower() if output and "." in str(output) else ""
    return FORMATS.get(suffix, "html")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def _md(value: object) -> str:
    """Text safe in Markdown: HTML characters as entities, Markdown punctuation escaped, one line."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _environment(html: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("dipwatch.serve", "templates"), autoescape=html, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["md"] = _md
    return env


def render_brief(brief: Brief, format: str = "html") -> str:
    """The brief as one self-contained HTML page, or as Markdown (the same content without the map)."""
    if format == "md":
        return _environment(html=False).get_template("brief.md.j2").render(brief=brief)
    return _environment(html=True).get_template("brief.html.j2").render(
        brief=brief,
        plotly_js=Markup(mapdata.plotly_js()),
        geo_assets=Markup(mapdata.geo_assets_script()),
        figure_json=Markup(mapdata.script_json(brief.figure)),
        config_json=Markup(mapdata.script_json(mapdata.plot_config())),
        no_data_colour=mapdata.NO_DATA_COLOUR, focus_colour=mapdata.FOCUS_COLOUR,
    )
