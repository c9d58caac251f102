"""Publication dates: sidecar > HTML metadata > cues in the article's head, byline area or tail.

Text cues, strongest first:
  0. a labelled date: "Published: Tuesday 15 July 2025", "Posted July 4, 2025", "Date: 2025-07-04"
  1. a dateline ("KABUL, July 4, 2025 (Reuters) –") or a line that is little more than a date
     ("22 Sep, 2025 06:00 PM", "By Jane Doe | Sep 22, 2025")
  2. an update stamp: "Updated 08/16/22", "Update 08/16/22 3:45 PM", "Last updated: 4 July 2025"
Dates in running prose are event dates, not publication dates, and are never taken. Nothing is
guessed from today's date: today only rules out dates in the future. A dateline without a year
("KABUL, July 4 (Reuters) –") takes the year of the page's own copyright notice, or is skipped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..records import PartialDate

__all__ = ["date_from_metadata", "date_from_text", "publication_date"]

REGION_CHARS = 1500  # how far into the head and tail of the text cues are looked for
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_I = re.IGNORECASE
_FULL_DATES = (  # a day, a month and a year, in the orders news pages use
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", _I),  # July 4, 2025 / Sep 22, 2025
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", _I),  # 4 July 2025 / 22 Sep, 2025
    re.compile(rf"\b{_YEAR}[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)\b"),  # 2025-07-04
)
_LABELLED_ONLY = (  # too ambiguous on their own, fine right after "Updated"
    re.compile(r"\b(?P<a>[01]?\d|[0-3]\d)/(?P<b>[0-3]?\d)/(?P<year>\d{4}|\d{2})\b"),  # 08/16/22
    re.compile(rf"\b{_MONTH}\s+{_YEAR}\b", _I),  # July 2025
)
_LABEL = re.compile(
    r"\b(?P<label>first published|published|posted|last updated|updated|update|last modified|modified|date)"
    r"\b\s*(?:on|at)?\s*[:|-]?\s*",
    _I,
)
_UPDATE_LABELS = frozenset({"last updated", "updated", "update", "last modified", "modified"})
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z.'’ -]{{1,40}}?),\s+(?i:{_MONTH})\s+(?P<day>[0-3]?\d)"
    rf"(?:,\s+{_YEAR})?\s*(?:\([^)]{{1,40}}\))?\s*[-–—:]"
)
_COPYRIGHT = re.compile(r"(?:©|&copy;|\(c\)|copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d{2})\b", _I)
_LABEL_REACH = 25  # a labelled date starts this close to its label
_LABEL_LINE_MAX = 250  # a byline or update stamp is no longer than this
_STANDALONE_WORDS = 6  # a date line has at most this many other words


_Found = tuple[re.Match[str], PartialDate]


@dataclass(frozen=True, slots=True, order=True)
class _Cue:
    rank: int
    region: int
    position: int
    date: PartialDate


def _day(year: int, month: int, day: int | None) -> PartialDate | None:
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> PartialDate | None:
    """The date of a `_FULL_DATES` or `_LABELLED_ONLY` match (None when not a calendar date)."""
    groups = match.groupdict()
    if "a" in groups:  # numeric: US order unless the first number cannot be a month
        first, second, year = int(groups["a"]), int(groups["b"]), int(groups["year"])
        year += 0 if year >= 100 else (2000 if year < 70 else 1900)
        month, day = (second, first) if first > 12 else (first, second)
        return _day(year, month, day)
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["month"])
    return _day(int(groups["year"]), month, int(groups["day"]) if groups.get("day") else None)


def _dates_in(text: str, patterns: tuple[re.Pattern[str], ...]) -> list[_Found]:
    """Every calendar date the patterns find in the text, in order of position."""
    found: list[_Found] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            date = _from_match(match)
            if date is not None:
                found.append((match, date))
    return sorted(found, key=lambda pair: pair[0].start())


def _labelled(line: str) -> Iterator[tuple[int, PartialDate]]:
    """(rank, date) for each "Published …" / "Updated …" label followed by a date."""
    if len(line) > _LABEL_LINE_MAX:
        return
    for label in _LABEL.finditer(line):
        if not label["label"][0].isupper():  # "Posted July 4" is a byline, "the embassy posted" prose
            continue
        segment = line[label.end() : label.end() + 60]
        found = _dates_in(segment, _FULL_DATES + _LABELLED_ONLY)
        near = [date for match, date in found if match.start() <= _LABEL_REACH]
        if near:
            yield (2 if label["label"].lower() in _UPDATE_LABELS else 0), near[0]


def _standalone(line: str) -> PartialDate | None:
    """The date of a line that is little more than a date (a byline or date line)."""
    if "@" in line or line.startswith(("—", "–")) or line.endswith("."):
        return None
    found = _dates_in(line, _FULL_DATES)
    if not found:
        return None
    match, date = found[0]
    rest = line[: match.start()] + " " + line[match.end() :]
    words = sum(1 for token in rest.split() if any(c.isalpha() for c in token))
    return date if words <= _STANDALONE_WORDS else None


def _dateline(line: str, copyright_year: int | None) -> PartialDate | None:
    match = _DATELINE.match(line)
    if not match:
        return None
    year = int(match["year"]) if match["year"] else copyright_year
    if year is None:
        return None
    return _day(year, _MONTHS[match["mon"][:3].lower()], int(match["day"]))


def _cues(lines: list[str], region: int, copyright_year: int | None) -> Iterator[_Cue]:
    """Every date cue of some lines; the tail (region 2) only counts labelled dates."""
    for position, line in enumerate(lines):
        labelled = [_Cue(rank, region, position, date) for rank, date in _labelled(line)]
        yield from labelled
        if region == 2 or labelled:  # "Updated 16 July 2025" is an update stamp, not a date line
            continue
        other = _dateline(line, copyright_year) or _standalone(line)
        if other is not None:
            yield _Cue(1, region, position, other)


def _head_lines(text: str) -> list[str]:
    """The first lines of the text, up to REGION_CHARS characters."""
    lines: list[str] = []
    size = 0
    for line in text.split("\n"):
        if size >= REGION_CHARS:
            break
        lines.append(line)
        size += len(line) + 1
    return lines


def _is_past(date: PartialDate, today: dt.date | None) -> bool:
    limit = (today or dt.date.today()) + dt.timedelta(days=1)  # a day's slack for time zones
    return date.first_day() <= limit


def date_from_text(
    text: str, *, header: str = "", page: str = "", today: dt.date | None = None
) -> PartialDate | None:
    """The publication date the text itself states (cleaned `text`, furniture `header` above it).

    `page` is the raw page, read only for its copyright year (to complete a yearless dateline).
    """
    copyright_match = _COPYRIGHT.search(page)
    copyright_year = int(copyright_match["year"]) if copyright_match else None
    head = _head_lines(text)
    tail = _head_lines("\n".join(reversed(text.split("\n"))))[::-1]
    header_lines = _head_lines("\n".join(reversed(header.split("\n"))))[::-1]
    cues = [
        *_cues(head, 0, copyright_year),
        *_cues(header_lines, 1, copyright_year),
        *_cues(tail, 2, copyright_year),
    ]
    valid = sorted(cue for cue in cues if _is_past(cue.date, today))
    return valid[0].date if valid else None


def date_from_metadata(value: str | None, *, today: dt.date | None = None) -> PartialDate | None:
    """A metadata date ("2025-07-15", "2025-07-15T10:00:00Z") as a PartialDate, or None."""
    if not value:
        return None
    try:
        date = PartialDate.parse(value)
    except ValueError:
        return None
    return date if _is_past(date, today) else None


def publication_date(
    sidecar: PartialDate | None,
    *,
    metadata: str | None = None,
    text: str = "",
    header: str = "",
    page: str = "",
    today: dt.date | None = None,
) -> tuple[PartialDate | None, bool]:
    """(date, inferred): the sidecar's date as given, else one inferred from metadata or text cues."""
    if sidecar is not None:
        return sidecar, False
    inferred = date_from_metadata(metadata, today=today) or date_from_text(
        text, header=header, page=page, today=today
    )
    return inferred, inferred is not None
