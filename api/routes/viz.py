"""``/viz``: the interactive network page of the graph the service holds.

``GET /viz?view=agency&section=2&status=limited&role=implementer&focus=Ministry%20of%20Justice``
answers the page of :mod:`napkg.viz.page`, opened on that view with those filters and focus.
The page carries vis-network, its script and its style inline and asks no other host for
anything; it leaves the activities' details out and fetches one from this service's
``/activities/{code}?plan=…`` when the side panel opens it (its Content-Security-Policy allows
``connect-src 'self'`` and nothing else). Its panels link each body and activity to its page on
this service (the IRI's path). What the page shows is read from the store once per store and
day (the analyses judge overdue against today) and kept on ``app.state.viz_data``: the metrics the
build stored in the graph (``nap:metrics``; betweenness is not computed again), the network, and no
periods or evidence (the page fetches them). The router's lifespan starts reading them, and draws
the page with no parameters, in a background thread as soon as the app starts, so the first
request seldom waits; the last few pages drawn are kept (:data:`PAGES_KEPT`), by their parameters.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from functools import partial
from typing import Any, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse

from napkg.api.deps import catalogue_of, first_answers_ready
from napkg.api.errors import BadRequest, error_example
from napkg.graph.catalogue import not_found
from napkg.graph.errors import NapKgError, NotFound, StoreError
from napkg.graph.select import Select
from napkg.graph.store import select_rows
from napkg.viz.data import VizData, load_viz_data
from napkg.viz.model import build_model
from napkg.viz.options import MAX_BODIES, ROLE_FILTERS, SERVED_PAGE_POLICY, STATUSES, ViewOptionError

__all__ = ["router", "graph_source", "GraphSource", "CONTENT_SECURITY_POLICY", "PAGES_KEPT"]

log = logging.getLogger("napkg.api")

PAGES_KEPT = 8
"""How many drawn pages (by their parameters) the service keeps, for the day and the store they were drawn from."""

CONTENT_SECURITY_POLICY = f"{SERVED_PAGE_POLICY}; frame-ancestors 'self'"
"""The page's own policy (everything inline, fetches from this service only), and no framing by other sites."""


class GraphSource:
    """What ``/viz`` reads: the store's ``Select``, and a key under which its data are kept."""

    def __init__(self, key: Any, select: Select, *, max_bodies: int = MAX_BODIES) -> None:
        self.key, self.select, self.max_bodies = key, select, max_bodies


def graph_source(request: Request) -> GraphSource:
    """The dependency: the graph of the app's store (``app.state.store``, a :class:`~napkg.graph.store.GraphStore`).

    Its ``select`` is the catalogue's (built first if need be): nap-kg's own queries in the server
    process (over HTTP for an external store), answered from an on-disk store's snapshot where the
    snapshot holds them (``napkg build --store`` keeps the page's SELECTs in it).
    """
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("the graph store is not loaded yet")
    settings = getattr(request.app.state, "settings", None)
    max_bodies = getattr(settings, "max_viz_bodies", MAX_BODIES)
    if isinstance(store, ox.Store):  # a bare pyoxigraph store, as some tests give
        return GraphSource(store, partial(select_rows, store), max_bodies=max_bodies)
    return GraphSource(store, catalogue_of(request.app).select, max_bodies=max_bodies)


_LOCK = threading.Lock()


def _viz_data(app: Any, source: GraphSource) -> VizData:
    """The page's data for ``source``'s graph, read once per store and day and kept on ``app.state``."""
    today = date.today()
    with _LOCK:
        kept = getattr(app.state, "viz_data", None)
        if kept is None or kept[0] is not source.key or kept[1] != today:
            started = time.perf_counter()
            kept = (source.key, today, load_viz_data(source.select, as_of=today, stored=True, details="fetch"))
            app.state.viz_data = kept
            log.info("network page data read in %.1f s", time.perf_counter() - started)
    return kept[2]


_PAGES_LOCK = threading.Lock()


def _page(app: Any, source: GraphSource, key: tuple[Any, ...], draw: Any) -> str:
    """The page drawn by ``draw()`` for the parameters ``key``, kept among the last :data:`PAGES_KEPT` drawn."""
    data = _viz_data(app, source)
    with _PAGES_LOCK:
        pages = getattr(app.state, "viz_pages", None)
        if pages is None or pages[0] is not data:
            pages = app.state.viz_pages = (data, OrderedDict())
        if key in pages[1]:
            pages[1].move_to_end(key)
            return pages[1][key]
    html = draw(data)
    with _PAGES_LOCK:
        pages[1][key] = html
        while len(pages[1]) > PAGES_KEPT:
            pages[1].popitem(last=False)
    return html


def _draw(data: VizData, source: GraphSource, **options: Any) -> str:
    from napkg.viz.page import render_model  # pyvis is imported only where the page is drawn

    return render_model(build_model(data, max_bodies=source.max_bodies, details="fetch", links="path", **options))


_DEFAULT = {"view": "bipartite", "section": None, "status": None, "role": "all", "focus": None}


@asynccontextmanager
async def warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Once the app's store is loaded, read the page's data and draw the page with no parameters, in the background."""
    store = getattr(app.state, "store", None)
    if store is not None:
        threading.Thread(target=_warm_quietly, args=(app,), name="napkg-viz", daemon=True).start()
    yield


_WAIT_FOR_FIRST_ANSWERS_S = 600.0
"""How long the page's warm-up waits for the catalogue's (the first requests are for bodies, not the page)."""


def _warm_quietly(app: FastAPI) -> None:
    first_answers_ready(app).wait(_WAIT_FOR_FIRST_ANSWERS_S)
    try:
        source = graph_source(_AppRequest(app))  # type: ignore[arg-type]
        started = time.perf_counter()
        _page(app, source, _key(**_DEFAULT), lambda data: _draw(data, source, **_DEFAULT))
        log.info("network page ready in %.1f s", time.perf_counter() - started)
    except (NapKgError, ViewOptionError):  # the first request reads them again and reports the error to its client
        log.exception("preparing the network page failed; the first request to /viz will try again")


class _AppRequest:
    """What :func:`graph_source` reads of a request: its app."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app


def _key(*, view: str, section: str | None, status: list[str] | None, role: str, focus: str | None) -> tuple[Any, ...]:
    return view, section, tuple(status or ()), role, focus


router = APIRouter(tags=["viz"], lifespan=warm_up)


def page_option_error(exc: ViewOptionError, route: str) -> Exception:
    """The HTTP error for a page option: 404 with close matches for a focus that names nothing, else 400."""
    hint = ("check the spelling; the message lists close matches" if exc.suggestions
            else f"see /docs for the values {route} takes")
    if exc.unknown:
        return not_found(str(exc), parameter=exc.parameter, suggestions=exc.suggestions, hint=hint)
    return BadRequest(str(exc), parameter=exc.parameter, hint=hint)


_BAD_FOCUS = error_example(NotFound, "focus: no body or activity in the network is named 'Ministry of Justise' "
                                     "(close matches: Ministry of Justice)", parameter="focus")


@router.get(
    "/viz",
    response_class=HTMLResponse,
    summary="The interactive network page",
    description="Bodies and activities (or bodies only, linked by shared activities), coloured by kind and "
                "status, sized by load, with filters, search and a side panel of each body's and activity's "
                "details, each linked to its own page. The query parameters set the view, filters and focus the page "
                "opens on; the reader can change them all. On a network too large to draw whole, the page draws "
                "the most loaded bodies and says what it left out. The page asks no other host for anything; it "
                "fetches an activity's details from /activities/{code} when its panel opens.",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html lang=\"en\">…</html>"}}},
               400: {"description": "A parameter the page cannot show.",
                     **error_example(BadRequest, "status: 'started' is not a status", parameter="status")},
               404: {"description": "A focus that names no body or activity, with close matches.", **_BAD_FOCUS}},
)
def viz_page(
    request: Request,
    view: Literal["bipartite", "agency"] = Query(
        "bipartite", description="bipartite: bodies and activities; agency: bodies only, linked by shared activities"),
    section: str | None = Query(None, description="Open filtered on a section: its number (e.g. 2) or IRI.",
                                examples=["2"]),
    status: list[str] | None = Query(
        None, description=f"Open filtered on statuses: {', '.join(s.key for s in STATUSES)} (repeat the parameter, "
                          "or separate with commas; the old spellings such as NotStarted are read too).",
        examples=[["not-started", "limited"]]),
    role: str = Query(
        "all", description=f"Open filtered on the role bodies hold: {', '.join(ROLE_FILTERS)} "
                           "(the old spelling recommended is read as recommended-to).",
        examples=["implementer", "recommended-to"]),
    focus: str | None = Query(None, description="Open focused on a body (its name, alias, id or IRI) or an activity "
                                                "(its IRI); an IRI may be given as its path, /id/….",
                              examples=["Ministry of Justice", "/id/body/az/ministry-of-justice"]),
    source: GraphSource = Depends(graph_source),
) -> HTMLResponse:
    """The network page."""
    options = {"view": view, "section": section, "status": status, "role": role, "focus": focus}
    try:
        page = _page(request.app, source, _key(**options), lambda data: _draw(data, source, **options))
    except ViewOptionError as exc:
        raise page_option_error(exc, "/viz") from exc
    return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY,
                                                      "Cache-Control": "no-cache"})
