"""The HTTP API's response and request bodies (Pydantic): the OpenAPI schema is generated from these.

They describe the dicts of `views.py`; a field added there must be added here to reach a client.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field, model_validator

__all__ = [
    "ChangeOut",
    "ChangesOut",
    "ConflictOut",
    "ConflictsOut",
    "DocumentIn",
    "DocumentOut",
    "ErrorOut",
    "EventDetailOut",
    "EventsPageOut",
    "IngestOut",
    "MapOut",
    "MergedEventOut",
    "ReportOut",
    "StatusOut",
    "TimelineOut",
]

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


class ErrorOut(BaseModel):
    error: str = Field(description="What went wrong, in a sentence.")
    detail: Any = Field(None, description="For 422: the parameters that failed validation.")


class FigureOut(BaseModel):
    kind: str
    low: float | None
    high: float | None
    text: str


class ReportOut(BaseModel):
    """One report of an event: the sentence that states it and the document it was read from."""

    id: int = Field(description="Report (stored event) id: GET /api/events/{id}.")
    doc: str
    document_id: int = Field(description="GET /api/documents/{document_id}.")
    actor: str
    type: str
    target: str
    status: str
    date: str | None
    date_text: str | None
    evidence: str = Field(description="The sentence, as it stands in the cleaned text.")
    start: int
    end: int
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None = Field(description="As the source gave it: not checked, never use as a link.")
    link: str | None = Field(description="The URL if it is an http(s) address, else null.")
    source: str = Field(description='"Outlet (published)".')
    figures: list[FigureOut]


class MergedEventOut(BaseModel):
    """One real-world event, merged from every report of it."""

    id: str
    actor: str
    type: str
    target: str
    status: str
    date: str | None
    dates: list[str]
    location: str | None
    corroboration: int = Field(description="Documents reporting it.")
    documents: list[str]
    outlets: list[str]
    first_report: str | None
    last_report: str | None
    figures: list[FigureOut]
    evidence: str
    source: str
    evidence_report: ReportOut
    mentions: list[ReportOut]


class NegatedOut(BaseModel):
    event: str
    date: str
    evidence: str


class FlagOut(BaseModel):
    flag: str
    since: str
    report: ReportOut = Field(description="The report that set the flag.")
    event_id: str = Field(description="Its merged event: GET /api/events/{event_id}.")
    event: MergedEventOut | None = Field(description="The merged event with every report: with ?country= only.")


class StatusRowOut(BaseModel):
    country: str
    name: str
    on_map: bool
    colour: str
    focus: str
    as_of: str | None
    level: int
    level_name: str
    flags: list[str]
    since: str | None = Field(description="The first day the level's event is on the record.")
    since_text: str = Field(description="The level's event date as precisely as the report gives it.")
    event: str | None
    event_date: str | None
    evidence: str | None
    source: str
    documents: int
    event_id: str | None
    corroboration: int
    sources: list[str]
    negated: list[NegatedOut] = Field(description="The latest `limit` denials by the country, oldest first.")
    negated_count: int = Field(description="Every denial on the record by then, listed or not.")
    flag_evidence: dict[str, str]
    flag_sources: dict[str, str]
    flag_events: dict[str, str]
    level_report: ReportOut | None = Field(description="The report that put the level on the record.")
    level_event: MergedEventOut | None = Field(
        description="The level's merged event with every report: with ?country= only (else null; see event_id).")
    flag_details: list[FlagOut]
    negated_events: list[MergedEventOut] = Field(
        description="The merged events of the denials listed, with every report: with ?country= only.")


class StatusOut(BaseModel):
    focus: str
    focus_name: str
    as_of: str | None
    country: str | None = Field(description="The one country asked for (?country=), or null: every country.")
    limit: int | None = Field(description="Denials listed per country at most (null: all of them).")
    rows: list[StatusRowOut]


class MapOut(BaseModel):
    focus: str
    as_of: str | None
    figure: dict[str, Any] = Field(description="A Plotly figure {data, layout} for Plotly.react.")


class TimelineEntryOut(BaseModel):
    known_since: str | None
    date: str | None
    event: MergedEventOut
    level_before: int
    level_after: int
    level_change: int
    level_name: str
    flags_set: list[str]
    flags_cleared: list[str]
    change: str


class TimelineOut(BaseModel):
    country: str
    name: str
    focus: str
    as_of: str | None
    level: int
    level_name: str
    entries: list[TimelineEntryOut]


class EventsPageOut(BaseModel):
    items: list[ReportOut]
    total: int = Field(description="Reports matching the filters, over all pages.")
    limit: int
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last.")


class EventDetailOut(BaseModel):
    report: ReportOut | None = Field(description="The report asked for (null when asked by merged id).")
    event: MergedEventOut


class SentenceOut(BaseModel):
    id: int
    start: int
    end: int
    text: str
    event_ids: list[int]


class SegmentOut(BaseModel):
    text: str
    sentence_id: int | None = Field(description="The evidence sentence this piece is, or null for plain text.")
    start: int


class DocumentOut(BaseModel):
    id: int
    doc: str
    title: str | None
    url: str | None
    link: str | None
    outlet: str | None
    published: str | None
    published_inferred: bool
    language: str
    source_format: str
    ingested_at: str
    text: str
    sentences: list[SentenceOut]
    segments: list[SegmentOut] = Field(description="The text in order, cut at its evidence sentences.")
    events: list[ReportOut]


class ChangeOut(BaseModel):
    day: str
    country: str
    name: str
    focus: str
    kind: str
    flag: str | None
    level_before: int
    level_after: int
    level_before_name: str
    level_after_name: str
    summary: str
    evidence: list[MergedEventOut]


class ChangesOut(BaseModel):
    focus: str
    since: str | None
    until: str | None
    changes: list[ChangeOut]


class ClaimOut(BaseModel):
    value: str
    event_id: str
    figure: FigureOut | None
    mention: ReportOut


class ConflictOut(BaseModel):
    id: str
    kind: str
    compatible: bool
    note: str
    event: MergedEventOut
    left: ClaimOut
    right: ClaimOut


class ConflictsOut(BaseModel):
    focus: str | None
    conflicts: list[ConflictOut]


class DocumentIn(BaseModel):
    """An article to ingest: its text or its HTML page, and what a sidecar would say about it."""

    text: str | None = Field(None, max_length=2_000_000, description="Plain text of the article.")
    html: str | None = Field(None, max_length=5_000_000, description="A saved HTML page (cleaned like `dipwatch ingest`).")
    name: str | None = Field(None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
                             description="Document name (default: posted-<hash>).")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")

    @model_validator(mode="after")
    def _one_body(self) -> DocumentIn:
        if bool(self.text and self.text.strip()) == bool(self.html and self.html.strip()):
            raise ValueError("give exactly one of `text` and `html`, not empty")
        return self


class IngestOut(BaseModel):
    outcome: str = Field(description="new (stored), known (the same text was already stored) or failed.")
    doc: str
    document_id: int | None
    events: int
    reason: str
    warnings: list[str]
