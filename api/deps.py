"""What the JSON API's routes share: the catalogue of the served graph, paging, list formats, strict parameters.

The :class:`~napkg.graph.catalogue.catalogue.Catalogue` is built once per app from ``app.state.store``:
:func:`warm_up` (a router lifespan, see :mod:`napkg.api.routes.index`) starts building it in a
background thread as soon as the app has started (with what a body's answer needs, the bodies'
evidence and the activities' claims; then its search index, so that the first search seldom waits), and :func:`get_catalogue` waits for it (or
builds it, if nothing has started it yet). The store is read-only, so the catalogue never goes
stale; once built, its objects are moved out of the garbage collector's reach (``gc.freeze``).
Routes take it as a :data:`CatalogueDep` parameter.

A list route takes :func:`listing` (``limit``, ``offset``, ``format``) and answers with
:func:`page_body`: JSON, or CSV for ``format=csv`` or an ``Accept`` that prefers ``text/csv``
(:mod:`napkg.api.tables` flattens the items), with the paging in headers too (``Link: <…>;
rel="next"``, ``X-Total-Count``). The JSON routers take :func:`known_parameters`, which answers
400 to a query parameter the route does not declare, naming it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Annotated, Any, TypeVar

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from napkg.api.errors import BadRequest, error_example
from napkg.api.tables import csv_table
from napkg.graph.store import accept_quality
from napkg.graph.store.formats import SPARQL_CSV, SPARQL_JSON, MediaFormat, find_format

from napkg.graph.errors import InvalidParameter, NapKgError, StoreError
from napkg.graph.catalogue import Catalogue, plan_figures_of
from napkg.graph.catalogue.details import evidence_of_bodies
from napkg.graph.catalogue.listings import activity_claims
from napkg.graph.serving import catalogue_select
from napkg.graph.vocabulary import NO_STATUS, ROLES, STATUSES

__all__ = [
    "once_per_app",
    "get_catalogue", "catalogue_of", "CatalogueDep", "warm_up", "first_answers_ready", "Paging", "paging", "listing", "LIST_FORMATS", "next_url",
    "MAX_LIMIT", "PlanFilter", "PLAN_TOO_LONG", "CountryFilter", "StatusFilter", "RoleFilter", "page_body", "json_response",
    "known_parameters", "KnownParameters",
]

log = logging.getLogger("napkg.api")

MAX_LIMIT = 500
"""The largest page a list route returns."""


class _Holder:
    """Builds the catalogue of one store exactly once, whoever asks first."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.catalogue: Catalogue | None = None

    def get(self, store: Any) -> Catalogue:
        catalogue = self.catalogue
        if catalogue is not None:
            return catalogue
        with self.lock:
            if self.catalogue is None:
                started = time.perf_counter()
                select = catalogue_select(store, say=log.warning)
                with _no_collection():
                    catalogue = Catalogue(select)
                _keep()
                self.catalogue = catalogue
                log.info("catalogue of %d activities and %d bodies built in %.1f s%s", catalogue.size,
                         len(catalogue.directory.bodies), time.perf_counter() - started,
                         " from the store's snapshot" if select != store.select else "")
            return self.catalogue


@contextmanager
def _no_collection() -> Iterator[None]:
    """No garbage collection while the catalogue's millions of long-lived objects are made.

    Each full collection would walk every object made so far (at 100,000 activities, most of the
    time the build takes); nothing made here is garbage in a cycle.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _keep() -> None:
    """Move what has been built out of the garbage collector's reach: the catalogue lives as long as the app,
    and a full collection would otherwise walk its millions of objects (a pause of ~0.2 s at 100,000 activities)."""
    gc.collect()
    gc.freeze()


_HOLDERS_LOCK = threading.Lock()


def _holder(app: Any) -> _Holder:
    holder = getattr(app.state, "catalogue", None)
    if holder is None:
        with _HOLDERS_LOCK:
            holder = getattr(app.state, "catalogue", None)
            if holder is None:
                holder = app.state.catalogue = _Holder()
    return holder


def catalogue_of(app: Any) -> Catalogue:
    """The catalogue of the app's graph, built now if it is not yet (this blocks: call it off the event loop)."""
    return _holder(app).get(_store(app))


def _store(app: Any) -> Any:
    store = getattr(app.state, "store", None)
    if store is None:
        raise StoreError("the graph is not loaded yet; try again shortly")
    return store


async def get_catalogue(request: Request) -> Catalogue:
    """The catalogue of the app's graph (a dependency; waits, off the event loop, while it is first built)."""
    holder = _holder(request.app)
    if holder.catalogue is not None:
        return holder.catalogue
    return await run_in_threadpool(holder.get, _store(request.app))


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]
"""A route parameter that receives the catalogue of the app's graph."""


@asynccontextmanager
async def warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Once the app's store is loaded, start building in the background what the first requests would
    otherwise wait for: the OpenAPI schema, the catalogue and the plan figures."""
    store = getattr(app.state, "store", None)
    if store is not None:
        threading.Thread(target=_build_quietly, args=(app, _holder(app), store), name="napkg-catalogue",
                         daemon=True).start()
    yield


def first_answers_ready(app: FastAPI) -> threading.Event:
    """Set once the warm-up has built what ``/agencies/{id}`` needs (or failed to): other warm-ups wait for it,
    so that on two cores they do not slow the first answers down."""
    with _HOLDERS_LOCK:
        event = getattr(app.state, "first_answers_ready", None)
        if event is None:
            event = app.state.first_answers_ready = threading.Event()
    return event


def _build_quietly(app: FastAPI, holder: _Holder, store: Any) -> None:
    """Build what ``/agencies/{id}`` needs first (the catalogue, the bodies' evidence, the activities' claims),
    then the OpenAPI schema, the search index and the plan figures (seconds for a large graph)."""
    ready = first_answers_ready(app)
    try:
        try:
            catalogue = holder.get(store)
            with _no_collection():
                evidence_of_bodies(catalogue)
                activity_claims(catalogue)
            _keep()
        finally:
            ready.set()
        app.openapi()
        catalogue.search.get()
        plan_figures_of(catalogue)
    except NapKgError:  # the first request builds it again and reports the error to its client
        log.exception("building the catalogue failed; the first API request will try again")
        return
    forget = getattr(catalogue.select, "forget", None)
    if forget is not None:  # a snapshot's value table: every query it holds has been asked
        forget()


LIST_FORMATS: tuple[MediaFormat, ...] = (SPARQL_JSON, SPARQL_CSV)
"""The formats a list answers in, rows of the one format table: ``json`` (the default) and ``csv``."""

_LIST_FORMAT_NAMES = ", ".join(f"`{f.key}`" for f in LIST_FORMATS)


class Paging:
    """``limit`` and ``offset`` of a list route, and the format asked for (None: by ``Accept``)."""

    def __init__(self, limit: int, offset: int, format: MediaFormat | None = None) -> None:
        self.limit, self.offset, self.format = limit, offset, format


_LIMIT = Query(20, ge=0, le=MAX_LIMIT, description=f"How many items to return (0 to {MAX_LIMIT}).", examples=[20])
_OFFSET = Query(0, ge=0, le=10**9, description="How many items to skip: the first item returned is the one at this "
                "offset.", examples=[0])


async def paging(limit: int = _LIMIT, offset: int = _OFFSET) -> Paging:
    """The paging parameters every paged route takes."""
    return Paging(limit, offset)


async def listing(
    limit: int = _LIMIT,
    offset: int = _OFFSET,
    format: str | None = Query(None, min_length=1, max_length=100, description=(
        f"The answer's format: {_LIST_FORMAT_NAMES} (one item a row, nested values flattened, lists joined "
        "with `; `). Without it, `Accept: text/csv` asks for CSV."), examples=["csv"]),
) -> Paging:
    """The parameters every list route takes: paging, and the answer's format."""
    chosen = None
    if format is not None:
        chosen = find_format(format, LIST_FORMATS)
        if chosen is None:
            raise InvalidParameter(f"format={format!r} is not a format of the lists", parameter="format",
                                   hint=f"use one of {', '.join(f.key for f in LIST_FORMATS)}")
    return Paging(limit, offset, chosen)


def next_url(request: Request, page: Paging, total: int) -> str | None:
    """The path and query of the next page, or None on the last one."""
    if page.limit == 0 or page.offset + page.limit >= total:
        return None
    url = request.url.include_query_params(offset=page.offset + page.limit)
    return f"{url.path}?{url.query}"


PlanFilter = Annotated[str | None, Query(
    min_length=1, max_length=300,
    description="A plan: its id as `/plans` lists it (any case) or its IRI.", examples=["az-2020-2022"])]
PLAN_TOO_LONG: dict[str, Any] = {
    "description": "A parameter too long.",
    **error_example(BadRequest, "plan: String should have at most 300 characters", parameter="plan")}
"""The 400 response of a route whose one query parameter is ``plan`` (a :data:`PlanFilter`), for its schema."""
CountryFilter = Annotated[str | None, Query(
    min_length=1, max_length=200,
    description="A country: its ISO code or its name, any case.", examples=["AZ"])]
StatusFilter = Annotated[str | None, Query(
    min_length=1, max_length=100,
    description="The activity's latest status on the IRM completion scale: "
                f"{', '.join(f'`{key}`' for key in STATUSES.keys)}; `{NO_STATUS}`: activities without one. "
                "Older spellings (`NotStarted`, `not_started`) are taken too.",
    examples=["not-started"])]
RoleFilter = Annotated[str | None, Query(
    min_length=1, max_length=100,
    description=f"One of {', '.join(f'`{key}`' for key in ROLES.keys)}. With `body`: the body's role in the "
                "activity (default: implementer or recommended-to). Alone: activities that have some body in "
                "this role. Older spellings (`recommended`, `recommended_to`) are taken too.",
    examples=["recommended-to"])]


def _wants_csv(request: Request, page: Paging) -> bool:
    if page.format is not None:
        return page.format is SPARQL_CSV
    accept = request.headers.get("accept")
    return bool(accept) and accept_quality(accept, "text/csv") > accept_quality(accept, "application/json")


def page_body(request: Request, page: Paging, total: int, items: list[Any], **extra: Any) -> Response:
    """A page: as JSON ``total``, ``limit``, ``offset``, ``next``, ``items`` (and ``extra``), or the items as CSV.

    Either way the headers carry ``X-Total-Count`` and, but on the last page, ``Link: <next>; rel="next"``.
    """
    following = next_url(request, page, total)
    headers = {"X-Total-Count": str(total), "Vary": "Accept"}
    if following is not None:
        headers["Link"] = f'<{following}>; rel="next"'
    if _wants_csv(request, page):
        return Response(csv_table(items), media_type=SPARQL_CSV.media_type, headers=headers)
    return JSONResponse({**extra, "total": total, "limit": page.limit, "offset": page.offset, "next": following,
                         "items": items}, headers=headers)


_DECLARED: dict[int, frozenset[str]] = {}


def _declared(route: Any) -> frozenset[str]:
    """The query parameters ``route`` declares (its own and its dependencies'), kept per route."""
    declared = _DECLARED.get(id(route))
    if declared is None:
        names: set[str] = set()
        stack = [getattr(route, "dependant", None)]
        while stack:
            dependant = stack.pop()
            if dependant is not None:
                names.update(p.alias for p in dependant.query_params)
                stack.extend(dependant.dependencies)
        declared = _DECLARED[id(route)] = frozenset(names)
    return declared


async def known_parameters(request: Request) -> None:
    """A dependency: 400 for a query parameter the route does not take, naming it (a misspelt filter would
    otherwise be ignored and the answer look complete)."""
    route = request.scope.get("route")
    if route is None:
        return
    declared = _declared(route)
    for name in request.query_params:
        if name not in declared:
            takes = ", ".join(sorted(declared)) or "none"
            raise InvalidParameter(f"{route.path} takes no parameter {name!r}", parameter=name,
                                   hint=f"remove it, or check its spelling; this route takes: {takes}")


KnownParameters = Depends(known_parameters)
"""Give this to a JSON router's ``dependencies``: its routes then refuse parameters they do not declare."""


def json_response(content: Any) -> JSONResponse:
    """``content`` (plain JSON values, shaped as the route's response model) as the response.

    The routes build their JSON from the catalogue directly and skip FastAPI's validation of it
    against the response model, which costs more than the look-up itself; the tests hold every
    route's answers to its model.
    """
    return JSONResponse(content)


T = TypeVar("T")


async def once_per_app(app: Any, name: str, make: Callable[[], T]) -> T:
    """``make()``, run in a thread at the first call and kept as ``app.state.<name>`` (the graph is read-only).

    Concurrent first calls wait for the one that makes it (a lock per app, made in its event loop).
    """
    lock = getattr(app.state, f"{name}_lock", None)
    if lock is None:
        lock = asyncio.Lock()
        setattr(app.state, f"{name}_lock", lock)
    async with lock:
        value = getattr(app.state, name, None)
        if value is None:
            value = await asyncio.to_thread(make)
            setattr(app.state, name, value)
    return value
