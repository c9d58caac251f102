"""The dashboard's pages: the map (with its one script), the events table, the changes feed, the
conflicts, a document and an event, each rendered from the same `views` dicts as the API.

Pages other than the map need no JavaScript: filters are plain GET forms. Jinja autoescape
escapes every string; only a view's `link` (an http(s) address) ever becomes an article href.
The static files are this package's own: the dashboard script and style, plotly.js's geo bundle
and the world topojson (both in `assets/`, see its README; the bundle is gzipped once and cached
by browsers for a year under a versioned name).
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import re
import threading
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined

from .. import __version__
from ..errors import InputError
from ..records import EventType, PartialDate, Status
from ..store import EventFilter, Store
from . import mapdata, views

__all__ = ["PLOTLY_GEO_VERSION", "PLOTLY_URL", "error_page", "plotly_geo_path", "router"]

PLOTLY_GEO_VERSION = "4.1.1"  # assets/plotly-geo.min.js: the plotly.js inside plotly==7.1.0
PLOTLY_URL = f"/static/plotly-geo-{PLOTLY_GEO_VERSION}.min.js"
TOPOJSON_URL = "/static/topojson/"
STATIC_FILES = {"dashboard.js": "text/javascript; charset=utf-8", "dashboard.css": "text/css; charset=utf-8"}
FOREVER = "public, max-age=31536000, immutable"
PAGE_SIZE = 50
_CODE = re.compile(r"^[A-Za-z]{2,8}(_[A-Za-z]{2,8})?$")


@functools.cache
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("dipwatch.serve", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, level_colours=mapdata.LEVEL_COLOURS, actor_name=mapdata.actor_name)
    return env


def _page(name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(_environment().get_template(name).render(**context), status_code=status_code)


def error_page(status: int, message: str) -> HTMLResponse:
    return _page("web_error.html.j2", status, status=status, message=message, title=f"Error {status}")


def _static_dir() -> Path:
    return Path(str(resources.files("dipwatch.serve").joinpath("static")))


def plotly_geo_path() -> Path:
    """plotly.js's geo partial bundle (scatter, scattergeo, choropleth): a third of the full bundle's start-up."""
    return Path(str(resources.files("dipwatch.serve").joinpath("assets", "plotly-geo.min.js")))


@functools.cache
def _plotly_gz() -> bytes:
    return gzip.compress(plotly_geo_path().read_bytes(), compresslevel=6, mtime=0)


def _form_filter(params: dict[str, str]) -> tuple[EventFilter, list[str]]:
    """The events page's form as a filter; a malformed field is reported and ignored, not fatal."""
    problems: list[str] = []

    def clean(name: str, check: Callable[[str], Any]) -> Any:
        value = params.get(name, "").strip()
        if not value:
            return None
        try:
            return check(value)
        except (ValueError, KeyError):
            problems.append(f"{name}: {value!r} is not valid")
            return None

    def code(value: str) -> str:
        if not _CODE.match(value):
            raise ValueError(value)
        return value.upper()

    where = EventFilter(
        country=clean("country", code), type=clean("type", lambda v: str(EventType(v.upper()))),
        status=clean("status", lambda v: str(Status(v.lower()))), since=clean("since", PartialDate.parse),
        until=clean("until", PartialDate.parse), query=params.get("q", "").strip()[:200] or None,
    )
    return where, problems


def _iso_day(value: str | None, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError as exc:
        raise InputError(f"{name} takes a date YYYY-MM-DD, not {value!r}") from exc


def router(store: Store, focus: Callable[[], str]) -> APIRouter:
    """The dashboard's routes over `store`; `focus()` gives the served focus government."""
    pages = APIRouter(include_in_schema=False)
    threading.Thread(target=_plotly_gz, name="gzip-plotly", daemon=True).start()  # ready before the first page

    @pages.get("/", response_class=HTMLResponse)
    def dashboard() -> HTMLResponse:
        return _page("web_map.html.j2", overview=views.overview(store, focus()), plotly_url=PLOTLY_URL, title="Map",
                     plot_config_json=json.dumps(mapdata.plot_config(topojson_url=TOPOJSON_URL)))

    @pages.get("/events", response_class=HTMLResponse)
    def events_page(request: Request) -> HTMLResponse:
        params = dict(request.query_params)
        where, problems = _form_filter(params)
        cursor = params.get("cursor", "")
        result = views.events_view(store, where, int(cursor) if cursor.isdigit() else None, PAGE_SIZE)
        kept = {k: v for k, v in params.items() if k != "cursor" and v}
        next_url = f"/events?{urlencode({**kept, 'cursor': result['next_cursor']})}" if result["next_cursor"] else None
        return _page("web_events.html.j2", title="Events", result=result, params=params, problems=problems,
                     next_url=next_url, first_url=f"/events?{urlencode(kept)}" if cursor else None,
                     types=[str(t) for t in EventType], statuses=[str(s) for s in Status])

    @pages.get("/changes", response_class=HTMLResponse)
    def changes_page(since: str | None = None, until: str | None = None) -> HTMLResponse:
        start, end = _iso_day(since, "since"), _iso_day(until, "until")
        return _page("web_changes.html.j2", title="Changes", result=views.changes_view(store, focus(), start, end))

    @pages.get("/conflicts", response_class=HTMLResponse)
    def conflicts_page() -> HTMLResponse:
        return _page("web_conflicts.html.j2", title="Conflicts", result=views.conflicts_view(store, None))

    @pages.get("/documents/{document_id}", response_class=HTMLResponse)
    def document_page(document_id: int) -> HTMLResponse:
        document = views.document_view(store, document_id)
        return _page("web_document.html.j2", title=document["title"] or document["doc"], document=document,
                     events_by_sentence=_events_by_sentence(document))

    @pages.get("/events/{event_id}", response_class=HTMLResponse)
    def event_page(event_id: str) -> HTMLResponse:
        detail = views.event_view(store, event_id)
        event = detail["event"]
        return _page("web_event.html.j2", title=f"{event['type']} {event['actor']}→{event['target']}", detail=detail)

    @pages.get(PLOTLY_URL)
    def plotly_js(request: Request) -> Response:
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(_plotly_gz(), media_type="text/javascript; charset=utf-8",
                            headers={"Content-Encoding": "gzip", "Cache-Control": FOREVER, "Vary": "Accept-Encoding"})
        return FileResponse(plotly_geo_path(), media_type="text/javascript; charset=utf-8",
                            headers={"Cache-Control": FOREVER})

    @pages.get(TOPOJSON_URL + "{name}.json")
    def topojson(name: str) -> Response:
        if name != mapdata.TOPOJSON_NAME:
            raise views.NotFound(f"no topojson {name!r}: this server has {mapdata.TOPOJSON_NAME}.json")
        return FileResponse(mapdata.topojson_path(), media_type="application/json",
                            headers={"Cache-Control": "public, max-age=86400"})

    @pages.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise views.NotFound(f"no static file {name!r}")
        return FileResponse(_static_dir() / name, media_type=STATIC_FILES[name],
                            headers={"Cache-Control": "public, max-age=300"})

    return pages


def _events_by_sentence(document: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    by_id = {e["id"]: e for e in document["events"]}
    return {s["id"]: [by_id[i] for i in s["event_ids"] if i in by_id] for s in document["sentences"]}
