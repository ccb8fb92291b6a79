"""The ``/sparql`` hot path: protocol requests answered by a route that skips FastAPI's request handling.

For a small query the server's own work counts as much as the query's, and FastAPI's
per-request machinery (its request object, dependency solving, response wrapping) costs more
than all the rest (the figures are in docs/benchmark.md). :class:`SparqlFastRoute` is a
Starlette route placed first in the app's routing: it takes the protocol requests
:meth:`~napkg.api.routes.sparql.SparqlRouter.takes` (a GET or POST of the endpoint's path,
except a browser's GET, which gets the query page) and answers them with
:meth:`~napkg.api.routes.sparql.SparqlRouter.respond`. Being a route, it sits inside the app's
middleware (CORS, compression, ...) and its errors go through the app's exception handlers,
as every route's do. A GET without a query gets the endpoint's Service Description
(:func:`~napkg.api.routes.describe.service_description_response`). The router's own routes stay registered, for the OpenAPI schema, the
query page and the other methods.
"""

from __future__ import annotations

import re

from fastapi import FastAPI
from starlette.datastructures import URLPath
from starlette.routing import BaseRoute, Match, NoMatchFound
from starlette.types import Receive, Scope, Send

from napkg.api.routes.describe import service_description_response
from napkg.api.routes.sparql import SparqlRouter

__all__ = ["SparqlFastRoute", "install_fast_path"]

_GIVES_QUERY = re.compile(rb"(?:^|&)(?:query=[^&]|update=|using-)")  # a query (not empty), or an update


class SparqlFastRoute(BaseRoute):
    """A route that answers the protocol requests ``router`` takes, straight from the ASGI scope."""

    def __init__(self, router: SparqlRouter) -> None:
        self.router = router

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """A full match for the requests :meth:`SparqlRouter.takes`, none for any other."""
        if scope["type"] == "http" and self.router.takes(scope):
            return Match.FULL, {}
        return Match.NONE, {}

    def url_path_for(self, name: str, /, **path_params: object) -> URLPath:
        """No name of its own: ``url_for`` finds the router's routes."""
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request; an error raises to the app's exception handlers."""
        store = self.router.store or scope["app"].state.store
        if scope["method"] == "GET" and not _GIVES_QUERY.search(scope.get("query_string", b"")):  # describe
            response = await service_description_response(scope, store)
        else:
            response = await self.router.respond(scope, receive, store=store)
        await response(scope, receive, send)


def install_fast_path(app: FastAPI, router: SparqlRouter) -> None:
    """Put a :class:`SparqlFastRoute` for ``router`` first in ``app``'s routing: call it before including routers."""
    app.router.routes.insert(0, SparqlFastRoute(router))
