"""The query page (``/query``, and ``/sparql`` for browsers) and its own assets.

The page is a plain form that works without JavaScript; its script puts YASGUI (vendored under
``api/static/vendor/yasgui/``, see its README) in the form's place: tabs, history, shareable
links, sortable and paged results, and completion from nap-kg's own ``/completions``.
Everything the page needs is served by nap-kg itself (``/assets/…``), under :data:`QUERY_CSP`:
it works offline and asks no other host.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from napkg.api.errors import BadRequest, error_example
from napkg.graph.errors import NotFound
from napkg.graph.queries import list_queries, load_query
from napkg.graph.namespace import ID
from napkg.graph.vocabulary import QUERY_PREFIXES

__all__ = ["router", "render_query_page", "ASSETS", "QUERY_CSP"]

_API_DIR = Path(__file__).resolve().parent.parent
_templates = Jinja2Templates(directory=str(_API_DIR / "templates"))

ASSETS: dict[str, str] = {  # file under api/static/ -> Content-Type
    "query.js": "text/javascript; charset=utf-8",
    "query.css": "text/css; charset=utf-8",
    "vendor/yasgui/yasgui.min.js": "text/javascript; charset=utf-8",
    "vendor/yasgui/yasgui.min.css": "text/css; charset=utf-8",
}
AssetName = Literal["query.js", "query.css", "vendor/yasgui/yasgui.min.js", "vendor/yasgui/yasgui.min.css"]

# YASGUI's editor (CodeMirror) and tables set style attributes from script: hence 'unsafe-inline' for styles
QUERY_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
             "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

router = APIRouter(tags=["pages"])


@lru_cache(maxsize=1)
def _examples() -> list[dict[str, str]]:
    return [{"name": q.name, "title": q.title, "answers": q.answers, "text": q.text} for q in list_queries()]


@lru_cache(maxsize=len(ASSETS))
def _asset(name: str) -> bytes:
    return (_API_DIR / "static" / name).read_bytes()


def render_query_page(request: Request, *, query: str | None = None, example: str | None = None) -> HTMLResponse:
    """The query page, with ``query`` (run at once) or the curated query ``example`` in the editor."""
    examples = _examples()
    if example is not None:
        load_query(example)  # NotFound, with suggestions, for an unknown name
    selected = example or (None if query else examples[0]["name"])
    store = getattr(request.app.state, "store", None)
    context: dict[str, Any] = {
        "examples": examples,
        "selected": selected,
        "query": query if query is not None else next(e["text"] for e in examples if e["name"] == selected),
        "autorun": query is not None,
        "timeout_s": getattr(store, "query_timeout_s", None),
        "max_results": getattr(store, "max_results", None),
        "endpoint": request.url_for("sparql_get").path,
        "completions": request.url_for("completions").path,
        "void": request.url_for("void").path,
        "page": request.url_for("query_page").path,
        "prefixes": QUERY_PREFIXES,
        "entities": str(ID),
        "assets": {name: request.url_for("asset", name=name).path for name in ASSETS},
        "docs": request.app.docs_url,
    }
    return _templates.TemplateResponse(request, "query.html", context, headers={
        "Vary": "Accept", "Content-Security-Policy": QUERY_CSP, "X-Content-Type-Options": "nosniff"})


@router.get(
    "/query",
    response_class=HTMLResponse,
    summary="The query page",
    description="YASGUI with the curated example queries, tabs, history, shareable links, completion of "
                "nap-kg's classes, properties and entities, results as a sortable, paged table; downloads as CSV "
                "and JSON. Without JavaScript, a plain form. No asset comes from outside nap-kg.",
    responses={200: {"content": {"text/html": {"example": "<!doctype html><html lang=\"en\">…</html>"}}},
               404: {"description": "Unknown example name.",
                     **error_example(NotFound, "no curated query called 'who-owns'")}},
)
async def query_page(
    request: Request,
    query: str | None = Query(None, description="A query to put in the editor and run.",
                              examples=["SELECT * WHERE { ?s ?p ?o } LIMIT 10"]),
    example: str | None = Query(None, description="The name of a curated query to open.",
                                examples=["who-owns-what"]),
) -> HTMLResponse:
    """The query page."""
    return render_query_page(request, query=query, example=example)


@router.get(
    "/assets/{name:path}",
    summary="A file of the query page",
    description="The page's own script and style sheet, and the vendored YASGUI's.",
    response_class=Response,
    responses={200: {"content": {"text/javascript": {"example": "\"use strict\";"},
                                 "text/css": {"example": "body { margin: 0 }"}}},
               400: {"description": "No such asset.",
                     **error_example(BadRequest, "name: Input should be 'query.js', 'query.css', "
                                     "'vendor/yasgui/yasgui.min.js' or 'vendor/yasgui/yasgui.min.css'",
                                     parameter="name")}},
)
async def asset(name: AssetName) -> Response:
    """One of the page's assets."""
    if name not in ASSETS:  # pragma: no cover - the Literal type already refuses it
        raise NotFound(f"no asset called {name!r}", suggestions=list(ASSETS))
    return Response(_asset(name), media_type=ASSETS[name],
                    headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """No icon: answer 204 so browsers do not log a missing resource."""
    return Response(status_code=204, headers={"Cache-Control": "public, max-age=86400"})
