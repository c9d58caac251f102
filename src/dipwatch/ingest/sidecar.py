"""Sidecar files: `NAME.json` beside `NAME.txt|html`, with optional url, title, outlet, published.

A bad sidecar is never fatal: the bad field (or the whole file) is ignored with a warning that
names the file and the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import PartialDate

__all__ = ["SIDECAR_FIELDS", "SidecarMeta", "parse_published", "read_sidecar", "sidecar_meta"]

SIDECAR_FIELDS = ("url", "title", "outlet", "published")
_PUBLISHED = re.compile(
    r"^\d{4}(?:-\d{2}(?:-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


@dataclass(frozen=True, slots=True)
class SidecarMeta:
    """The valid fields of a sidecar (None where absent or invalid)."""

    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: PartialDate | None = None


def parse_published(value: str) -> PartialDate:
    """`YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a full ISO timestamp as a PartialDate (its own local day).

    Raises ValueError for anything else, including impossible dates.
    """
    text = value.strip()
    if not _PUBLISHED.match(text):
        raise ValueError("not YYYY, YYYY-MM, YYYY-MM-DD or an ISO timestamp")
    if len(text) > 10:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))  # validates the time part
    return PartialDate.parse(text[:10])


def read_sidecar(path: Path) -> tuple[dict[str, Any] | None, list[str]]:
    """The sidecar's JSON object, or None and a warning when it cannot be read or parsed."""
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [f"sidecar {name}: unreadable ({exc.strerror or exc}); ignored"]
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None, [f"sidecar {name}: not UTF-8; ignored"]
    except json.JSONDecodeError as exc:
        return None, [f"sidecar {name}: invalid JSON ({exc.msg} at line {exc.lineno}); ignored"]
    if not isinstance(data, dict):
        return None, [f"sidecar {name}: expected a JSON object, found {type(data).__name__}; ignored"]
    return data, []


def _text_field(data: dict[str, Any], key: str, name: str, warnings: list[str]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        warnings.append(f"sidecar {name}: '{key}' must be a string, not {type(value).__name__}; ignored")
        return None
    return " ".join(value.split()) or None


def sidecar_meta(
    data: dict[str, Any] | None, name: str, *, today: dt.date | None = None
) -> tuple[SidecarMeta, list[str]]:
    """The valid fields of a parsed sidecar and one warning per field ignored (`name` is its file name).

    A `published` date after `today` (with a day's slack for time zones) is ignored with a warning:
    relative dates ("last week") are never resolved against a date that has not come yet.
    """
    if data is None:
        return SidecarMeta(), []
    warnings: list[str] = []
    unknown = sorted(str(k) for k in data if k not in SIDECAR_FIELDS)
    if unknown:
        warnings.append(f"sidecar {name}: unknown field(s) {', '.join(unknown)} ignored")
    published = None
    raw = _text_field(data, "published", name, warnings)
    if raw is not None:
        try:
            published = parse_published(raw)
        except ValueError as exc:
            warnings.append(f"sidecar {name}: 'published' {raw!r} is not a date ({exc}); ignored")
        if published is not None and published.first_day() > (today or dt.date.today()) + dt.timedelta(days=1):
            warnings.append(f"sidecar {name}: 'published' {raw!r} is in the future; ignored")
            published = None
    meta = SidecarMeta(
        url=_text_field(data, "url", name, warnings),
        title=_text_field(data, "title", name, warnings),
        outlet=_text_field(data, "outlet", name, warnings),
        published=published,
    )
    return meta, warnings
