"""The HTTP face: a FastAPI app over one store, serving the JSON API, its docs and the dashboard.

`create_app(store, writable=False, token=None)` builds it; `dipwatch serve` runs it with uvicorn
on 127.0.0.1. Handlers are thin: they check parameters (bad ones: 422), call `views` (which
call `derive` over the store) and return the dict; every error is JSON `{"error", "detail"}`
(pages outside /api get the same message as a small HTML page), never a bare 500.

Writing: `POST /api/documents` ingests through `pipeline.ingest_paths`, as `dipwatch ingest`
does. A read-only server (the default) answers 403; a writable one needs
`Authorization: Bearer <DIPWATCH_TOKEN>` and answers 401 without it or with a wrong one.

Every response carries a Content-Security-Policy (scripts from this server only: the dashboard
has no inline script; the API docs pages get a per-request nonce) and `nosniff`. Nothing is
fetched from elsewhere: plotly.js, the world topojson and the Swagger/ReDoc assets are served here.

Under load (bench/load.py, bench/LOAD.md): /api/status and /api/map are computed once per
parameters and kept, serialised and gzipped, until the database changes (`AnswerCache`).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import hmac
import json
import secrets
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import TypeAdapter
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..errors import DipwatchError, InputError, StoreError
from ..records import EventType, PartialDate, Status
from ..store import EventFilter, Store
from ..store.migrations import REVISION_KEY
from . import models, views, web

__all__ = ["CODE_PATTERN", "AnswerCache", "create_app", "open_store"]

CODE_PATTERN = r"^[A-Za-z]{2,8}(_[A-Za-z]{2,8})?$"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
DOCS_STATIC = "/static-offline-docs"
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": models.ErrorOut, "description": "Not found"},
    422: {"model": models.ErrorOut, "description": "Bad parameters"},
}
DESCRIPTION = """Who stands where with a government, from the news, with evidence.

Every level, flag and event links to the reports behind it: the sentence, the document, the outlet.
Errors are JSON `{"error": "...", "detail": ...}`: 422 for bad parameters, 404 for unknown ids or codes.
`POST /api/documents` answers 403 on a read-only server (the default), 401 without the right bearer token."""

Code = Annotated[str, Query(pattern=CODE_PATTERN, description="Actor code: ISO3 such as RUS, or AFG_REP, UN, EU …")]
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD (default: everything known).")]
Partial = Annotated[str | None, Query(pattern=models.DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD.")]


def open_store(location: str | None, *, writable: bool = False) -> Store:
    """The store to serve: opened read-only unless `writable` (an older schema is migrated first)."""
    if writable:
        return Store.open(location)
    try:
        return Store.open(location, read_only=True)
    except StoreError as exc:
        if str(exc).startswith("no database"):
            raise StoreError(f"{exc}: build one with `dipwatch demo` or `dipwatch ingest PATH... --db FILE`") from exc
        if "schema" not in str(exc):
            raise
    Store.open(location)  # bring the schema up to date once, then serve read-only
    return Store.open(location, read_only=True)


def _error(status: int, message: str, detail: Any = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "detail": jsonable_encoder(detail)}, status_code=status, headers=headers)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


def _validation_message(errors: list[Any]) -> str:
    parts = []
    for error in errors[:5]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "invalid parameters: " + "; ".join(parts)


def _install_error_handlers(app: FastAPI) -> None:
    async def on_validation(request: Request, exc: RequestValidationError) -> Response:
        errors = [{k: v for k, v in e.items() if k != "ctx" and k != "url"} for e in exc.errors()]
        message = _validation_message(errors)
        return web.error_page(422, message) if _wants_html(request) else _error(422, message, errors)

    async def on_http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        if _wants_html(request):
            return web.error_page(exc.status_code, message)
        return _error(exc.status_code, message, headers=getattr(exc, "headers", None))

    async def on_not_found(request: Request, exc: views.NotFound) -> Response:
        return web.error_page(404, str(exc)) if _wants_html(request) else _error(404, str(exc))

    async def on_dipwatch(request: Request, exc: DipwatchError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 422
        return web.error_page(status, str(exc)) if _wants_html(request) else _error(status, str(exc))

    async def on_crash(request: Request, exc: Exception) -> Response:
        return _error(500, f"internal error ({type(exc).__name__}); the server log has the details")

    app.add_exception_handler(RequestValidationError, on_validation)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, on_http)  # type: ignore[arg-type]
    app.add_exception_handler(views.NotFound, on_not_found)  # type: ignore[arg-type]
    app.add_exception_handler(DipwatchError, on_dipwatch)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, on_crash)


class SecurityHeaders:
    """The security headers on every response (a page's own CSP, as the docs pages set, is kept).

    A plain ASGI middleware: Starlette's BaseHTTPMiddleware (`@app.middleware("http")`) cost
    about 0.5 ms of CPU per request, more than answering a cached /api/status."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _nonced(html: str) -> HTMLResponse:
    """A docs page with a nonce on its inline scripts, and a CSP that allows only those."""
    nonce = secrets.token_urlsafe(16)
    body = html.replace("<script>", f'<script nonce="{nonce}">')
    policy = CSP.replace("script-src 'self'", f"script-src 'self' 'nonce-{nonce}'")
    return HTMLResponse(body, headers={"Content-Security-Policy": policy})


def _install_docs(app: FastAPI) -> None:
    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        page = get_swagger_ui_html(openapi_url="/openapi.json", title="dipwatch API",
                                   swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_STATIC}/favicon.png")
        return _nonced(bytes(page.body).decode())

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> RedirectResponse:
        return RedirectResponse(f"{DOCS_STATIC}/favicon.png", status_code=301)

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        page = get_redoc_html(openapi_url="/openapi.json", title="dipwatch API", redoc_js_url=f"{DOCS_STATIC}/redoc.standalone.js",
                              redoc_favicon_url=f"{DOCS_STATIC}/favicon.png", with_google_fonts=False)
        return _nonced(bytes(page.body).decode())


class AnswerCache:
    """Finished JSON answers of the views derived from every event (/api/status, /api/map), per
    parameters, with their gzip, kept while the database is unchanged.

    Without it each request recomputed the relationship table from the merged reports, validated,
    serialised and gzipped it again (10-20 ms of CPU for /api/status on the sample corpus), so
    200 concurrent clients queued for seconds (bench/LOAD.md).

    Whether the database changed: the store's write counter (`Store.revision`, meta "revision",
    which every `Store.add` bumps in its transaction: a POST here, or `dipwatch ingest` in another
    process), a primary-key lookup (counting the rows cost 100 ms at 10M events). Not SQLite's
    `PRAGMA data_version`, which also moves when a reader rebuilds the derived status tables
    (serve/standings.py) and would throw every answer away then. On an SQLite file it is read on
    a connection of the cache's own (never returned to the pool, never writing; each statement
    sees the latest commit), in microseconds, so a hit is answered on the event loop. The
    revision is read before computing, so an answer computed while an ingest lands is kept under
    the older revision and never served for the newer one. One computation at a time: the
    threads that miss together (after an ingest) wait for the first, not all compute the same table.
    """

    REVISION = "SELECT value FROM meta WHERE key = ?"
    GZIP_LEVEL = 6  # GZipMiddleware's 9 takes longer for a 1% smaller answer

    def __init__(self, store: Store, size: int = 256, max_bytes: int = 128 << 20) -> None:
        self.store, self.size, self.max_bytes = store, size, max_bytes  # the least recently used go first
        self._answers: OrderedDict[Hashable, tuple[Any, bytes, bytes | None]] = OrderedDict()
        self._bytes = 0
        self._lock, self._computing, self._watching = threading.Lock(), threading.Lock(), threading.Lock()
        self._watch: Any = None
        if store.url.startswith("sqlite:///") and store.url != "sqlite:///:memory:":
            self._watch = store.engine.raw_connection()
            self._watch.detach()  # its own: no pool checkout on the event loop
        self.hits = self.misses = 0

    def revision(self) -> Any:
        if self._watch is not None:
            with self._watching:
                cursor = self._watch.cursor()
                try:
                    row = cursor.execute(self.REVISION, (REVISION_KEY,)).fetchone()
                    return int(row[0]) if row else 0
                finally:
                    cursor.close()
        return self.store.revision()

    def _get(self, key: Hashable, revision: Any) -> tuple[bytes, bytes | None] | None:
        with self._lock:
            entry = self._answers.get(key)
            if entry is None or entry[0] != revision:
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return entry[1], entry[2]

    def answer(self, key: Hashable, compute: Callable[[], Any], model: TypeAdapter[Any]) -> tuple[bytes, bytes | None]:
        """The JSON of `compute()` as the response model shapes it (as FastAPI would), and its gzip."""
        revision = self.revision()
        with self._computing:
            found = self._get(key, revision)
            if found is not None:
                return found
            body = model.dump_json(model.validate_python(compute(), from_attributes=True), by_alias=True)
            packed = gzip.compress(body, self.GZIP_LEVEL, mtime=0) if len(body) >= 1024 else None
            with self._lock:
                self.misses += 1
                old = self._answers.pop(key, None)
                self._bytes -= _size(old) if old else 0
                self._answers[key] = entry = (revision, body, packed)
                self._bytes += _size(entry)
                while len(self._answers) > 1 and (len(self._answers) > self.size or self._bytes > self.max_bytes):
                    self._bytes -= _size(self._answers.popitem(last=False)[1])
        return body, packed

    async def response(self, request: Request, key: Hashable, compute: Callable[[], Any], model: TypeAdapter[Any]) -> Response:
        found = self._get(key, self.revision()) if self._watch is not None else None
        body, packed = found or await run_in_threadpool(self.answer, key, compute, model)
        if packed is None:
            return Response(body, media_type="application/json")
        if "gzip" in request.headers.get("accept-encoding", ""):  # GZipMiddleware passes an encoded answer through
            return Response(packed, media_type="application/json", headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(body, media_type="application/json")  # GZipMiddleware adds the Vary


def _size(entry: tuple[Any, bytes, bytes | None]) -> int:
    return len(entry[1]) + len(entry[2] or b"")


def _day_of(value: str | None, name: str) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value else None
    except ValueError as exc:
        raise InputError(f"{name} takes a date YYYY[-MM[-DD]], not {value!r}") from exc


def create_app(store: Store, *, writable: bool = False, token: str | None = None, focus: str = "AFG",
               model: str | None = None) -> FastAPI:
    """The API and dashboard over `store`; POST /api/documents only when `writable` and with `token`."""
    if writable and not token:
        raise InputError("a writable server needs a token (DIPWATCH_TOKEN)")
    app = FastAPIOffline(title="dipwatch", version=__version__, description=DESCRIPTION, docs_url=None, redoc_url=None,
                         static_url=DOCS_STATIC)
    app.state.store, app.state.focus = store, focus.upper()
    app.state.answers = answers = AnswerCache(store)
    status_model, map_model = TypeAdapter(models.StatusOut), TypeAdapter(models.MapOut)
    _install_error_handlers(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    _install_docs(app)

    def focus_of(value: str | None) -> str:
        return (value or app.state.focus).upper()

    @app.get("/api/status", response_model=models.StatusOut, responses=ERRORS, tags=["relationships"])
    async def status(request: Request, focus: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None, as_of: Day = None,
                     country: Annotated[str | None, Query(pattern=CODE_PATTERN, description=(
                         "One country's row with its full evidence: the merged events and every report of each."))] = None,
                     limit: Annotated[int | None, Query(ge=0, le=100_000, description=(
                         f"Denials listed per country (default {views.STATUS_LIMIT}; with `country`: all)."))] = None) -> Any:
        """Each country's level (0-5) and flags with the focus government as of a date, with the
        reports behind them; `country` for one country's whole evidence."""
        code, one = focus_of(focus), country.upper() if country else None
        if one is not None:
            await run_in_threadpool(views.require_known, one, store)
        bound = limit if limit is not None or one is not None else views.STATUS_LIMIT
        return await answers.response(request, ("status", code, as_of, one, bound),
                                      lambda: views.status_view(store, code, as_of, limit=bound, country=one), status_model)

    @app.get("/api/map", response_model=models.MapOut, responses=ERRORS, tags=["relationships"])
    async def world_map(request: Request, focus: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None, as_of: Day = None) -> Any:
        """The world map of levels as of a date: a Plotly figure (what the dashboard draws)."""
        code = focus_of(focus)
        return await answers.response(request, ("map", code, as_of), lambda: views.map_view(store, code, as_of), map_model)

    @app.get("/api/countries/{iso3}/timeline", response_model=models.TimelineOut, responses=ERRORS, tags=["relationships"])
    def country_timeline(iso3: Annotated[str, PathParam(pattern=CODE_PATTERN)],
                         focus: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None, as_of: Day = None) -> Any:
        """The pair's events in date order (every status, merged), each marked with the change it caused."""
        return views.timeline_view(store, iso3.upper(), focus_of(focus), as_of)

    @app.get("/api/events", response_model=models.EventsPageOut, responses=ERRORS, tags=["events"])
    def list_events(
        country: Annotated[str | None, Query(pattern=CODE_PATTERN, description="Either side of the event.")] = None,
        type: EventType | None = None, status: Status | None = None, since: Partial = None, until: Partial = None,
        q: Annotated[str | None, Query(max_length=200, description="Words that must all occur in the sentence.")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        cursor: Annotated[str | None, Query(pattern=r"^\d{1,12}$", description="`next_cursor` of the previous page.")] = None,
    ) -> Any:
        """Reports (one per sentence and event), filtered, searched (SQLite FTS5) and paged by id."""
        where = EventFilter(country=country.upper() if country else None, type=str(type) if type else None,
                            status=str(status) if status else None, since=_day_of(since, "since"),
                            until=_day_of(until, "until"), query=q)
        return views.events_view(store, where, int(cursor) if cursor else None, limit)

    @app.get("/api/events/{event_id}", response_model=models.EventDetailOut, responses=ERRORS, tags=["events"])
    def get_event(event_id: Annotated[str, PathParam(max_length=120)]) -> Any:
        """A report (numeric id) or a merged event (readable id), with every report: sentence, document, outlet."""
        return views.event_view(store, event_id)

    @app.get("/api/documents/{document_id}", response_model=models.DocumentOut, responses=ERRORS, tags=["documents"])
    def get_document(document_id: Annotated[int, PathParam(ge=1)]) -> Any:
        """The cleaned text, cut into segments with its evidence sentences marked, and the events read from it."""
        return views.document_view(store, document_id)

    @app.get("/api/changes", response_model=models.ChangesOut, responses=ERRORS, tags=["relationships"])
    def list_changes(since: Day = None, until: Day = None,
                     focus: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None) -> Any:
        """Levels up and down, flags set and cleared, between two dates (newest first), with the events behind each."""
        return views.changes_view(store, focus_of(focus), since, until)

    @app.get("/api/conflicts", response_model=models.ConflictsOut, responses=ERRORS, tags=["relationships"])
    def list_conflicts(focus: Annotated[str | None, Query(pattern=CODE_PATTERN)] = None,
                       include_compatible: bool = True) -> Any:
        """Reports of one event that disagree on figures, dates or status (and figures that differ but agree)."""
        return views.conflicts_view(store, focus.upper() if focus else None, include_compatible)

    def require_writer(request: Request) -> None:
        if not writable:
            raise StarletteHTTPException(403, "this server is read-only: start it with `dipwatch serve --writable` "
                                              "and DIPWATCH_TOKEN set to accept documents")
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), (token or "").encode()):
            raise StarletteHTTPException(401, "a bearer token is needed: Authorization: Bearer <DIPWATCH_TOKEN>",
                                         headers={"WWW-Authenticate": "Bearer"})

    @app.post("/api/documents", response_model=models.IngestOut, status_code=201, tags=["documents"],
              dependencies=[Depends(require_writer)],
              responses={200: {"model": models.IngestOut, "description": "Already stored"},
                         401: {"model": models.ErrorOut, "description": "No or wrong token"},
                         403: {"model": models.ErrorOut, "description": "Read-only server"}, **ERRORS})
    def post_document(document: models.DocumentIn, response: Response) -> Any:
        """Ingest an article (text or HTML, with its metadata) through the same pipeline as `dipwatch ingest`."""
        result = _ingest(store, document, model)
        if result["outcome"] == "failed":
            raise InputError(f"the document could not be ingested: {result['reason']}")
        if result["outcome"] == "known":
            response.status_code = 200
        return result

    app.include_router(web.router(store, lambda: app.state.focus))
    return app


def _ingest(store: Store, document: models.DocumentIn, model: str | None) -> dict[str, Any]:
    from ..pipeline import FileOutcome, ingest_paths

    body = document.text if document.text and document.text.strip() else document.html or ""
    name = document.name or "posted-" + hashlib.sha256(body.encode()).hexdigest()[:12]
    sidecar = {k: v for k, v in {"title": document.title, "url": document.url, "outlet": document.outlet,
                                 "published": document.published}.items() if v}
    with tempfile.TemporaryDirectory(prefix="dipwatch-post-") as scratch:
        path = Path(scratch) / f"{name}{'.txt' if document.text and document.text.strip() else '.html'}"
        path.write_text(body, encoding="utf-8")
        if sidecar:
            path.with_suffix(".json").write_text(json.dumps(sidecar, ensure_ascii=False), encoding="utf-8")
        outcomes: list[FileOutcome] = []
        ingest_paths([path], store, on_file=outcomes.append, **({"model": model} if model else {}))
    outcome = outcomes[0]
    return {"outcome": outcome.outcome, "doc": outcome.doc or name, "events": outcome.events, "reason": outcome.reason,
            "document_id": store.document_id(outcome.doc) if outcome.outcome == "new" else None,
            "warnings": list(outcome.warnings)}
