"""The nap-kg web service, assembled in one place: the app, its lifespan, its routers; and ``serve``.

:func:`create_app` builds the FastAPI app; its lifespan opens the store the settings name
(unless one is given, :func:`napkg.graph.serving.open_graph_store`) and starts the query
workers. The routers come from :data:`napkg.api.routes.api_router`; ``/sparql``'s protocol
requests are answered by the route :mod:`napkg.api.fast_path` puts first, inside the app's
middleware. :func:`serve` runs the app with uvicorn: ``napkg serve`` calls it.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pyoxigraph as ox
from fastapi import FastAPI

from napkg import __version__
from napkg.api.clients import TrustedProxies
from napkg.api.connections import ConnectionLimits, guarded_protocol
from napkg.api.errors import install_error_handlers
from napkg.api.fast_path import install_fast_path
from napkg.api.middleware import install_web_conventions
from napkg.api.openapi import CONTACT, LICENSE, install_openapi, operation_id
from napkg.api.pages import pages_router
from napkg.api.head import HeadAsGet
from napkg.api.routes import api_router
from napkg.api.routes.health import router as health_router
from napkg.api.routes.sparql import router as sparql_router
from napkg.api.settings import ServiceSettings
from napkg.api.tempfiles import sweep_stale_downloads
from napkg.graph.serving import open_graph_store, store_limits
from napkg.graph.settings import Settings, load_settings
from napkg.graph.store import GraphStore
from napkg.graph.store.cache import ResponseCache

__all__ = ["create_app", "serve", "uvicorn_options"]

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


def create_app(settings: Settings | None = None, *, store: GraphStore | ox.Store | None = None) -> FastAPI:
    """The app; it serves ``store`` if given, else the graph ``settings`` name (opened at start-up)."""
    settings = settings if settings is not None else load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if isinstance(store, GraphStore):
            graph_store = store
        elif store is not None:
            graph_store = GraphStore(store, **store_limits(settings))
        else:
            graph_store = open_graph_store(settings)
        started_here = not graph_store.started
        sweep_stale_downloads()
        await graph_store.start()
        app.state.store = graph_store
        log.info("serving %d named graphs; %d query workers%s",  # no quad count: it reads the whole store
                 len(graph_store.graphs), graph_store.query_workers,
                 ", barred from the network" if graph_store.network_denied else "")
        try:
            yield
        finally:
            downloads = getattr(app.state, "downloads", None)
            if downloads is not None:
                downloads.folder.cleanup()
            if started_here:
                await graph_store.close()

    # the documentation pages are nap-kg's own (napkg.api.pages.docs), with assets served offline
    app = FastAPI(title="nap-kg", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, license_info=LICENSE, contact=CONTACT,
                  generate_unique_id_function=operation_id)
    app.docs_url, app.redoc_url = "/docs", "/redoc"
    app.state.settings = settings
    app.state.trusted_proxies = TrustedProxies(getattr(settings, "trusted_proxies", "").split(","))
    app.state.response_cache = ResponseCache(max_bytes=settings.response_cache_mb * 1024 * 1024)
    app.add_middleware(HeadAsGet)
    install_error_handlers(app)
    install_openapi(app)
    install_web_conventions(app)
    install_fast_path(app, sparql_router)
    app.include_router(pages_router)
    app.include_router(api_router)
    app.include_router(health_router)
    return app


def uvicorn_options(settings: ServiceSettings) -> dict[str, Any]:
    """The options :func:`serve` runs uvicorn with: address, access log, and the connection limits.

    The HTTP protocol is uvicorn's (httptools if installed, else h11) wrapped by
    :func:`~napkg.api.connections.guarded_protocol`.
    """
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as base
    except ImportError:  # pragma: no cover - httptools missing
        from uvicorn.protocols.http.h11_impl import H11Protocol as base  # type: ignore[assignment]
    limits = ConnectionLimits(header_timeout_s=settings.header_timeout_s, max_header_bytes=settings.max_header_bytes,
                              max_connections=settings.max_connections, send_timeout_s=settings.send_timeout_s)
    return {"host": settings.host, "port": settings.port, "log_level": "info",
            "access_log": settings.access_log, "proxy_headers": False, "http": guarded_protocol(base, limits),
            "timeout_keep_alive": settings.idle_timeout_s, "h11_max_incomplete_event_size": settings.max_header_bytes}


def serve(settings: ServiceSettings) -> None:
    """Open the graph, then serve nap-kg on ``settings.host:settings.port`` until interrupted."""
    import uvicorn

    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(message)s")
    store = open_graph_store(settings)  # fail early, before binding the port
    if not settings.access_log:
        log.info("access log off (turn it on with --access-log or NAPKG_ACCESS_LOG=1)")
    uvicorn.run(create_app(settings, store=store), **uvicorn_options(settings))
