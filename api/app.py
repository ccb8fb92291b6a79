"""The nap-kg web service, assembled in one place from one router per resource.

:func:`create_app` builds the FastAPI app; its lifespan loads the store (unless one is given)
and starts the query workers. :func:`serve` runs it with uvicorn: ``napkg serve`` calls it.

``/sparql`` is the service's hot path: for a small query the server's own work counts as much
as the query's. So the app (:class:`NapKgApp`) hands a protocol request straight from the
ASGI scope to the SPARQL router's :meth:`~napkg.api.routes.sparql.SparqlRouter.respond`, ahead
of FastAPI's middleware and routing, which cost more CPU than all the rest the server does for
such a request (about 65 µs against 58 µs). The router's routes stay registered, so the
OpenAPI schema, the query page and the other methods are as before, and errors still go
through the app's handlers (one JSON shape).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, cast

import pyoxigraph as ox
from fastapi import FastAPI, Request, Response
from starlette.types import Receive, Scope, Send

from napkg import __version__
from napkg.api.errors import install_error_handlers
from napkg.api.pages import include_pages
from napkg.api.routes import include_routers
from napkg.api.routes.sparql import SparqlRouter
from napkg.api.routes.sparql import router as sparql_router
from napkg.graph.settings import Settings, load_settings
from napkg.graph.store import GraphStore

__all__ = ["NapKgApp", "create_app", "serve", "uvicorn_options", "CoalescingTransport"]

log = logging.getLogger("napkg.api")

DESCRIPTION = """\
A knowledge graph of Open Government Partnership National Action Plans: who owns which
commitment, what was done, where the load sits.

- `/sparql`: a read-only SPARQL 1.1 Protocol endpoint (GET, POST form, POST
  `application/sparql-query`), answering in SPARQL JSON, XML, CSV, TSV, Turtle, JSON-LD,
  N-Triples or RDF/XML by `Accept` or `format=`.
- `/query`: a query page with curated example queries.
- `/who-owns`, `/agencies`, `/activities`, `/plans`, `/sections`, `/recommendations`: who owns
  what, in JSON; `/analysis/load`, `/analysis/bottlenecks`: where the load and the bottlenecks sit.
- `/viz`: the interactive network of bodies and activities.
- `/graph`, `/ontology`: downloads.

Every error answers `{"error": {"type", "message", "parameter"?, "hint"}}`.
"""


class NapKgApp(FastAPI):
    """FastAPI, with the requests :attr:`sparql` takes answered ahead of the middleware and routing."""

    sparql: SparqlRouter | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        sparql = self.sparql
        if sparql is not None and scope["type"] == "http":
            if self.root_path:
                scope["root_path"] = self.root_path
            if sparql.takes(scope):
                scope["app"] = self
                try:
                    response = await sparql.respond(scope, receive, store=sparql.store or self.state.store)
                except Exception as exc:
                    response = await self._error_response(Request(scope, receive), exc)
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)

    async def _error_response(self, request: Request, exc: Exception) -> Response:
        """The response of the app's handler for ``exc`` (:func:`install_error_handlers`), as routing would give."""
        for cls in type(exc).__mro__:
            handler = self.exception_handlers.get(cls)
            if handler is not None:
                response = handler(request, exc)
                return await response if inspect.isawaitable(response) else response
        raise exc


def create_app(settings: Settings | None = None, *, store: GraphStore | ox.Store | None = None) -> FastAPI:
    """The app; it serves ``store`` if given, else the graph ``settings`` name (loaded at start-up)."""
    settings = settings if settings is not None else load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if isinstance(store, GraphStore):
            graph_store = store
        elif store is not None:
            graph_store = GraphStore(store, query_timeout_s=settings.query_timeout_s,
                                     max_results=settings.max_results, query_workers=settings.query_workers)
        else:
            graph_store = GraphStore.from_settings(settings)
        started_here = not graph_store.started
        await graph_store.start()
        app.state.store = graph_store
        log.info("serving %d quads in %d named graphs; %d query workers%s", len(graph_store),
                 len(graph_store.graphs), graph_store.query_workers,
                 ", barred from the network" if graph_store.network_denied else "")
        try:
            yield
        finally:
            if started_here:
                await graph_store.close()

    # the documentation pages are nap-kg's own (napkg.api.pages.docs), with assets served offline
    app = NapKgApp(title="nap-kg", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                   docs_url=None, redoc_url=None)
    app.docs_url, app.redoc_url = "/docs", "/redoc"
    app.state.settings = settings
    install_error_handlers(app)
    include_pages(app)
    include_routers(app)
    app.sparql = sparql_router
    return app


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The options :func:`serve` runs uvicorn with: address, access log, and the HTTP protocol.

    With httptools (uvicorn's ``standard`` extra) the protocol is :class:`CoalescingHttpProtocol`.
    """
    options: dict[str, Any] = {"host": settings.host, "port": settings.port, "log_level": "info",
                               "access_log": settings.access_log, "proxy_headers": False}
    try:
        options["http"] = _coalescing_http_protocol()
    except ImportError:  # pragma: no cover - without httptools, uvicorn's h11 as it comes
        pass
    return options


def serve(settings: Settings) -> None:
    """Load the graph, then serve nap-kg on ``settings.host:settings.port`` until interrupted."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    store = GraphStore.from_settings(settings)  # fail early, before binding the port
    if not settings.access_log:
        log.info("access log off (turn it on with --access-log or NAPKG_ACCESS_LOG=1)")
    uvicorn.run(create_app(settings, store=store), **uvicorn_options(settings))


class CoalescingTransport:
    """A transport that sends a response's head and body with one system call.

    uvicorn writes a response's status line and headers, then its body, each at once: two
    ``send`` calls and two TCP segments for every small answer. This transport holds a write
    while nothing else is held and sends it with the next one (``writelines``: no copy), or at
    the event loop's next turn if none follows (a HEAD response, the last chunk of a stream).
    Everything but writing and closing is the wrapped transport's.
    """

    __slots__ = ("_transport", "_loop", "_held")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport, self._loop = transport, loop
        self._held: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._held.append(data)
        if len(self._held) == 1:
            self._loop.call_soon(self.flush)
        else:
            self.flush()

    def writelines(self, lines: Iterable[bytes]) -> None:
        for data in lines:
            self.write(data)

    def flush(self) -> None:
        """Send what is held now."""
        held, self._held = self._held, []
        if held and not self._transport.is_closing():
            self._transport.writelines(held)

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


@lru_cache(maxsize=1)
def _coalescing_http_protocol() -> type[asyncio.Protocol]:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class CoalescingHttpProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol writing through a :class:`CoalescingTransport`."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(cast(asyncio.Transport, CoalescingTransport(transport, self.loop)))

    return CoalescingHttpProtocol
