"""The typed records that flow between stages: ingest -> nlp/extract -> store -> derive -> serve.

Every record is frozen. Mentions and evidence are character offsets into `Article.text`
(the cleaned text), never copies that could drift from it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Article",
    "Event",
    "EventType",
    "Figure",
    "IngestFailure",
    "PartialDate",
    "Source",
    "Status",
    "StoredEvent",
    "UNKNOWN_ACTOR",
    "UNORDERED_TYPES",
]


class Status(StrEnum):
    OCCURRED = "occurred"
    NEGATED = "negated"
    PLANNED = "planned"
    THREATENED = "threatened"
    DENIED = "denied"
    UNCERTAIN = "uncertain"


@functools.lru_cache(maxsize=1 << 16)  # deriving over millions of events asks these again and again
def _first_day(year: int, month: int | None, day: int | None) -> dt.date:
    return dt.date(year, month or 1, day or 1)


@functools.lru_cache(maxsize=1 << 16)
def _last_day(year: int, month: int | None, day: int | None) -> dt.date:
    if day:
        return dt.date(year, month or 1, day)
    if month:
        return dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return dt.date(year, 12, 31)


class EventType(StrEnum):
    RECOGNIZE = "RECOGNIZE"
    ACCREDIT = "ACCREDIT"
    ENVOY = "ENVOY"
    MISSION_OPEN = "MISSION_OPEN"
    MISSION_CLOSE = "MISSION_CLOSE"
    VISIT = "VISIT"
    MEET = "MEET"
    MEDIATE = "MEDIATE"
    AGREE = "AGREE"
    TRADE = "TRADE"
    SECURITY_COOP = "SECURITY_COOP"
    AID = "AID"
    EASE = "EASE"
    RELEASE = "RELEASE"
    CEASEFIRE = "CEASEFIRE"
    SUPPORT = "SUPPORT"
    CRITICIZE = "CRITICIZE"
    DEMAND = "DEMAND"
    REJECT = "REJECT"
    THREATEN = "THREATEN"
    SANCTION = "SANCTION"
    DEPORT = "DEPORT"
    DETAIN = "DETAIN"
    BORDER_CLOSE = "BORDER_CLOSE"
    ATTACK = "ATTACK"


# These match whichever way round actor and target stand (EVENTS.md).
UNORDERED_TYPES = frozenset(
    {EventType.MEET, EventType.AGREE, EventType.TRADE, EventType.SECURITY_COOP, EventType.CEASEFIRE}
)

# An act whose doer the text does not name ("an attack on a Moscow concert hall killed 140"):
# stored and merged with reports that do name it, never exported as an EVENTS.md record.
UNKNOWN_ACTOR = "UNK"

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day: `2025`, `2025-07`, `2025-07-04`."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # validates the calendar (raises ValueError on 2025-02-30)
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a longer ISO timestamp is cut to its day)."""
        match = _PARTIAL_DATE.match(text.strip()[:10])
        if not match:
            raise ValueError(f"not a YYYY[-MM[-DD]] date: {text!r}")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @classmethod
    def from_date(cls, day: dt.date, precision: str = "day") -> PartialDate:
        if precision == "year":
            return cls(day.year)
        if precision == "month":
            return cls(day.year, day.month)
        return cls(day.year, day.month, day.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return _first_day(self.year, self.month, self.day)

    def last_day(self) -> dt.date:
        return _last_day(self.year, self.month, self.day)

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Article:
    """One cleaned news article, ready for the NLP stage."""

    doc: str  # file stem, e.g. "000_f191f3fc6c3b0068"
    text: str  # cleaned article text; every offset in the system points here
    content_hash: str  # sha256 of `text`: a document's identity
    source_path: str
    source_format: str  # "html" or "text"
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: PartialDate | None = None
    published_inferred: bool = False
    language: str = "en"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """A file that could not become an Article, and why (named for the user, never raised)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A number an event report gives ("killed more than 140 people"), as an open or closed range.

    `low`/`high` are inclusive bounds; None is open on that side ("more than 140" -> 141..None,
    "at least 15" -> 15..None, "up to 46" -> None..46, "15" -> 15..15).
    """

    kind: str  # "killed", "wounded", "detained", "released", "deported", ...
    low: float | None
    high: float | None
    text: str  # the words it was read from

    def compatible(self, other: Figure) -> bool:
        """Two reports of one count can both be true (their ranges overlap)."""
        if self.kind != other.kind:
            return True
        low = max(x for x in (self.low, other.low, float("-inf")) if x is not None)
        high = min(x for x in (self.high, other.high, float("inf")) if x is not None)
        return low <= high


@dataclass(frozen=True, slots=True)
class Event:
    """One event in a document: exactly the fields of the EVENTS.md record."""

    doc: str
    actor: str
    type: EventType
    target: str
    status: Status
    date: PartialDate | None
    date_text: str | None
    evidence: str
    start: int
    end: int
    actor_text: str
    target_text: str
    location: str | None = None
    confidence: float = 0.5
    trigger: str = ""  # the word(s) that triggered the event; kept for review, not exported
    figures: tuple[Figure, ...] = ()
    # what the confidence was computed from (extract/confidence.py); kept for review, not stored
    signals: tuple[tuple[str, float], ...] = field(default=(), compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Source:
    """The document an event was read from, as the store knows it."""

    document_id: int
    doc: str
    title: str | None
    url: str | None
    outlet: str | None
    published: PartialDate | None


@dataclass(frozen=True, slots=True)
class StoredEvent:
    """An event as stored: the extracted record, its row id and its source document."""

    id: int
    event: Event
    source: Source

    @property
    def known_since(self) -> dt.date | None:
        """The day from which the event is certainly in the record: the end of its date's
        period, or, undated, the publication of the report (a standing fact known by then)."""
        if self.event.date is not None:
            return self.event.date.last_day()
        if self.source.published is not None:
            return self.source.published.last_day()
        return None
