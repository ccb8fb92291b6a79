"""``/``: what nap-kg serves, with links, as JSON (or the home page for browsers).

This router's lifespan also starts building the JSON API's catalogue once the app has loaded its
graph (:func:`napkg.api.deps.warm_up`), so that the first API request does not wait for it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from napkg import __version__
from napkg.api.deps import warm_up
from napkg.api.models import Index
from napkg.api.pages.home import home_page
from napkg.graph.store import accept_quality

__all__ = ["router", "LINKS", "route_paths"]

router = APIRouter(tags=["index"], lifespan=warm_up)

LINKS: tuple[tuple[str, str, str], ...] = (  # (name, link, route path that must exist)
    ("API documentation (OpenAPI)", "/docs", "/docs"),
    ("OpenAPI schema", "/openapi.json", "/openapi.json"),
    ("query page", "/query", "/query"),
    ("SPARQL endpoint", "/sparql", "/sparql"),
    ("agency network page", "/viz", "/viz"),
    ("the network for Gephi (GEXF)", "/network?format=gexf", "/network"),
    ("who owns: hotline", "/who-owns?q=hotline", "/who-owns"),
    ("agencies", "/agencies", "/agencies"),
    ("activities", "/activities", "/activities"),
    ("plans", "/plans", "/plans"),
    ("sections", "/sections", "/sections"),
    ("recommendations", "/recommendations", "/recommendations"),
    ("load per body", "/analysis/load", "/analysis/load"),
    ("bottlenecks", "/analysis/bottlenecks", "/analysis/bottlenecks"),
    ("plan figures", "/analysis/figures", "/analysis/figures"),
    ("the whole graph (Turtle)", "/graph", "/graph"),
    ("the ontology (Turtle)", "/ontology", "/ontology"),
    ("the dataset in VoID and DCAT", "/.well-known/void", "/.well-known/void"),
    ("the JSON-LD context", "/context.jsonld", "/context.jsonld"),
)

_DESCRIPTION = ("A knowledge graph of Open Government Partnership National Action Plans: who owns which "
                "commitment, what was done, where the load sits.")


def route_paths(app: Any) -> set[str]:
    """The paths of every route of ``app``, included routers' routes among them."""
    import fastapi.routing

    iterate = getattr(fastapi.routing, "iter_route_contexts", None)  # FastAPI >= 0.16x keeps routers nested
    routes = iterate(app.routes) if iterate is not None else app.routes
    return {path for route in routes if (path := getattr(route, "path", None))}


def _links(request: Request) -> dict[str, str]:
    paths = route_paths(request.app)
    return {name: link for name, link, path in LINKS if path in paths}


@router.get(
    "/",
    name="get_index",
    response_model=Index,
    summary="What nap-kg serves",
    description="Links to the documentation, the query page, the SPARQL endpoint and the main JSON routes. "
                "Browsers (asking for HTML first) get the home page.",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html lang=\"en\">…</html>"}}}},
)
async def index(request: Request) -> Response:
    """The index: the home page for browsers, else the links as JSON."""
    accept = request.headers.get("accept")
    if accept and accept_quality(accept, "text/html") > accept_quality(accept, "application/json"):
        return await home_page(request)
    body: dict[str, Any] = Index(name="nap-kg", version=__version__, description=_DESCRIPTION,
                                 links=_links(request)).model_dump()
    return JSONResponse(body, headers={"Vary": "Accept"})
