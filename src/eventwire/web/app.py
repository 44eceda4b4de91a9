"""The FastAPI application: routes over eventwire.store.search, one error shape for every
failure, the built page from static/, and headers that keep document text inert."""
from __future__ import annotations

import json
import logging
import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from fastapi import FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError
from ..store import Store
from ..store import search
from ..store.search import EventQuery, QueryError
from . import schema

log = logging.getLogger("eventwire.web")
STATIC = Path(__file__).parent / "static"
# Markers the page loads at most; more than this and it asks the user to narrow the filters.
# 20,000 keeps the page's first draw under a second on a 2-core machine (bench/web_speed.py).
MAX_MARKERS = 20_000
FILTERS = ("since", "until", "type", "sub_type", "actor", "place", "contested", "q", "limit", "offset", "sort")
REPEATABLE = {"type", "sub_type"}


class ApiError(Exception):
    """An answer other than 200, carrying its status; rendered as the one error shape."""

    def __init__(self, status: int, message: str, parameter: str | None = None):
        self.status, self.message, self.parameter = status, message, parameter
        super().__init__(message)


def error_body(status: int, message: str, parameter: str | None = None) -> dict:
    return {"ok": False, "error": {"status": status, "parameter": parameter, "message": message}}


def _error(status: int, message: str, parameter: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, parameter), status_code=status)


class _Stores:
    """One read-only connection per worker thread (sqlite3 connections stay in their thread)."""

    def __init__(self, path: str):
        self.path = path
        self.local = threading.local()

    def get(self) -> Store:
        store = getattr(self.local, "store", None)
        if store is None:
            store = self.local.store = Store(self.path, readonly=True)
        return store


def _prepare(db: str) -> None:
    """Check the database opens, and apply pending migrations (the search index) if we may write."""
    Store(db, readonly=True).close()
    try:
        Store(db).close()
    except StoreError as err:
        log.warning("cannot update %s (%s); serving it as it is, search may be unavailable", db, err)


def _csp(tiles: str | None) -> str:
    img = "'self' data:"
    if tiles:
        parts = urlsplit(tiles)
        host = parts.netloc.replace("{s}", "*")
        img += f" {parts.scheme}://{host}" if "{" not in host else f" {parts.scheme}:"
    return ("default-src 'self'; script-src 'self'; style-src 'self'; "
            f"img-src {img}; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")


class _Guard:
    """Pure ASGI middleware: security headers on every answer; with allowed_hosts, refuse other
    Host headers (a page elsewhere cannot rebind its name to this server and read it)."""

    def __init__(self, app, csp: str, allowed_hosts: list[str] | None):
        self.app, self.csp = app, csp
        self.allowed = {h.lower() for h in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if self.allowed is not None:
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name.strip("[]") not in self.allowed and name not in self.allowed:
                resp = _error(400, f"host {host[:80]!r} is not served here; use one of "
                                   f"{', '.join(sorted(self.allowed))}", "Host")
                return await resp(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                h = MutableHeaders(scope=message)
                h["X-Content-Type-Options"] = "nosniff"
                h["Referrer-Policy"] = "no-referrer"
                h["Content-Security-Policy"] = self.csp
            await send(message)
        await self.app(scope, receive, send_with_headers)


def _check_params(request: Request) -> None:
    known = set(FILTERS)
    if request.url.path.endswith(".geojson"):
        known.add("properties")
    for name in request.query_params:
        if name not in known:
            raise QueryError(name, f"is not a parameter here; known: {', '.join(sorted(known))}")
        if name not in REPEATABLE and len(request.query_params.getlist(name)) > 1:
            raise QueryError(name, "is given more than once")


# ---------------------------------------------------------------- parameters, declared once
Since = Annotated[str | None, Query(description="events on or after this day (YYYY-MM-DD)", examples=["2023-03-01"])]
Until = Annotated[str | None, Query(description="events on or before this day (YYYY-MM-DD)", examples=["2023-03-31"])]
Type = Annotated[list[str] | None, Query(description="ACLED event type; repeat for several",
                                         examples=["Explosions/Remote violence"])]
SubType = Annotated[list[str] | None, Query(description="ACLED sub-event type; repeat for several",
                                            examples=["Air/drone strike"])]
Actor = Annotated[str | None, Query(description="text in either side's name (actor1 or actor2)", examples=["US forces"])]
Place = Annotated[str | None, Query(description="text in the place, governorate (admin1) or country",
                                    examples=["Deir ez-Zor"])]
Contested = Annotated[bool | None, Query(description="true: only events whose sources disagree; false: only the others")]
Q = Annotated[str | None, Query(description='full-text search over event notes and claim quotes: every word must '
                                            'appear in one note or one quote; "a phrase" in quotes; word* for a prefix',
                                examples=["Konoko"])]
Offset = Annotated[int | None, Query(description="events to skip (paging)", ge=0)]
Sort = Annotated[str | None, Query(description="date, fatalities, injuries, place or first_seen; "
                                               "a leading - reverses (e.g. -date, newest first)", examples=["-date"])]


def create_app(db: str | Path = "eventwire.db", *, tiles: str | None = None, tiles_attribution: str | None = None,
               max_markers: int = MAX_MARKERS, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The application over database `db`. `tiles` is a tile URL template
    (https://host/{z}/{x}/{y}.png); without it the page draws packaged outlines only.
    `allowed_hosts`, when given, are the only Host headers answered."""
    db = str(db)
    _prepare(db)
    stores = _Stores(db)
    app = FastAPI(title="eventwire", version=_version(),
                  description="Conflict events read from news, every fact traced to the source that claimed it. "
                              "Records follow SCHEMA.md. Every error answers "
                              '{"ok": false, "error": {"status", "parameter", "message"}}.',
                  openapi_url="/api/openapi.json", docs_url=None, redoc_url=None)
    app.add_middleware(_Guard, csp=_csp(tiles), allowed_hosts=allowed_hosts)

    # ------------------------------------------------------------ one error shape
    @app.exception_handler(QueryError)
    async def _query_error(request: Request, exc: QueryError):
        return _error(exc.status, exc.message, exc.parameter)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return _error(exc.status, exc.message, exc.parameter)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        err = exc.errors()[0] if exc.errors() else {}
        loc = err.get("loc") or ()
        name = str(loc[-1]) if loc else None
        given = err.get("input")
        message = err.get("msg", "invalid")
        if err.get("type") == "int_parsing":
            message = "is not a whole number"
        elif err.get("type") == "bool_parsing":
            message = "is not true or false"
        if isinstance(given, str):
            message = f"{given[:40]!r} {message}" if message.startswith("is ") else f"{given[:40]!r}: {message}"
        return _error(400, message, name)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404:
            message = f"nothing at {request.url.path[:100]}; the API is under /api (see /api/openapi.json)"
        return _error(exc.status_code, message)

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return _error(503, f"the database cannot be read: {exc}")

    @app.exception_handler(Exception)
    async def _internal_error(request: Request, exc: Exception):
        log.exception("error answering %s", request.url.path)
        return _error(500, "internal error; the server's log has the details")

    # ------------------------------------------------------------ the API
    @app.get("/api/events", response_model=schema.EventList, responses=schema.ERRORS, tags=["events"],
             summary="Events matching the filters, one page of SCHEMA.md records")
    def list_events(request: Request, since: Since = None, until: Until = None, type: Type = None,
                    sub_type: SubType = None, actor: Actor = None, place: Place = None,
                    contested: Contested = None, q: Q = None,
                    limit: Annotated[int | None, Query(description=f"events per page (default {search.DEFAULT_LIMIT}, "
                                                                   f"at most {search.MAX_LIMIT})")] = None,
                    offset: Offset = None, sort: Sort = None):
        _check_params(request)
        query = EventQuery.parse(since=since, until=until, type=type, sub_type=sub_type, actor=actor, place=place,
                                 contested=contested, q=q, limit=limit, offset=offset, sort=sort)
        t0 = time.perf_counter()
        records, total = search.find_events_json(stores.get(), query)
        # the stored JSON text of each record goes out as it is: no parsing, no re-encoding
        body = (f'{{"events":[{",".join(records)}],"total":{total},'
                f'"limit":{query.limit},"offset":{query.offset}}}')
        return Response(body, media_type="application/json", headers=_timing(t0))

    @app.get("/api/events.geojson", responses=schema.ERRORS, tags=["events"],
             summary="Events matching the filters as a GeoJSON FeatureCollection")
    def events_geojson(request: Request, since: Since = None, until: Until = None, type: Type = None,
                       sub_type: SubType = None, actor: Actor = None, place: Place = None,
                       contested: Contested = None, q: Q = None,
                       limit: Annotated[int | None, Query(description=f"features at most (default and most: "
                                                                      f"{search.MAX_FEATURES})")] = None,
                       offset: Offset = None, sort: Sort = None,
                       properties: Annotated[Literal["full", "summary"], Query(
                           description="full: the whole record (as `eventwire export --format geojson`); "
                                       "summary: what a map needs")] = "full"):
        _check_params(request)
        query = EventQuery.parse(since=since, until=until, type=type, sub_type=sub_type, actor=actor, place=place,
                                 contested=contested, q=q, limit=limit, offset=offset, sort=sort,
                                 default_limit=search.MAX_FEATURES, max_limit=search.MAX_FEATURES)
        t0 = time.perf_counter()
        features, total = search.find_features(stores.get(), query, full=properties == "full")
        truncated = "true" if query.offset + len(features) < total else "false"
        body = (f'{{"type":"FeatureCollection","features":[{",".join(features)}],'
                f'"total":{total},"truncated":{truncated}}}')
        return Response(body, media_type="application/geo+json", headers=_timing(t0))

    @app.get("/api/events/{event_id}", response_model=schema.EventDetail, responses=schema.ERRORS, tags=["events"],
             summary="One event with its reports, claims, contradictions and the history of its tolls")
    def get_event(event_id: Annotated[str, PathParam(description="an event id, or an id it had before "
                                                                 "other reports joined it")]):
        return JSONResponse(search.event_detail(stores.get(), event_id))

    @app.get("/api/documents/{doc_id}", response_model=schema.DocumentOut, responses=schema.ERRORS,
             tags=["documents"], summary="One document's original text, its paragraphs and its claims' spans")
    def get_document(request: Request,
                     doc_id: Annotated[str, PathParam(description="the content hash, or the doc_id when only "
                                                                  "one document has it")],
                     event_id: Annotated[str | None, Query(description="only the claims of this event")] = None):
        for name in request.query_params:
            if name != "event_id":
                raise QueryError(name, "is not a parameter here; known: event_id")
        return JSONResponse(search.document(stores.get(), doc_id, event_id=event_id))

    @app.get("/api/config", tags=["page"], summary="What the page needs to start: types, tiles, limits, counts")
    def config():
        store = stores.get()
        return {"event_types": {k: list(v) for k, v in search.event_types().items()},
                "tiles": {"url": tiles, "attribution": tiles_attribution or ""} if tiles else None,
                "max_markers": max_markers, "search": search.has_search(store),
                "events": store.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0],
                "version": _version()}

    @app.get("/api/regions.geojson", tags=["page"],
             summary="Governorate points (Syria: UN OCHA, CC BY-IGO; Iraq: GeoNames, CC BY 4.0)")
    def regions():
        return Response(_regions_json(), media_type="application/geo+json")

    # ------------------------------------------------------------ the page
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8",
                            headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def _timing(t0: float) -> dict[str, str]:
    """A Server-Timing header: the time spent in the database and building the body."""
    return {"Server-Timing": f"db;dur={(time.perf_counter() - t0) * 1000:.1f}"}


@lru_cache(maxsize=1)
def _regions_json() -> str:
    return json.dumps(search.regions(), ensure_ascii=False, separators=(",", ":"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("eventwire")
    except PackageNotFoundError:
        return "0"
