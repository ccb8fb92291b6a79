"""``/search``: the search results page, "who owns what?" for people.

Activities best first, each with its implementers and the bodies it is only recommended to (kept
apart, umbrella groups marked), its status and period; then the bodies whose names match. The
search itself is the JSON API's (:func:`~napkg.graph.catalogue.search_activities`), so both agree.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from napkg.api.deps import get_catalogue
from napkg.api.errors import error_example
from napkg.api.models import activity_item
from napkg.api.pages.render import HTML_EXAMPLE, names_html, render
from napkg.graph.errors import InvalidParameter
from napkg.graph.catalogue import Catalogue, list_bodies, search_activities

__all__ = ["router", "LIMIT"]

LIMIT = 50

router = APIRouter(tags=["pages"])


def _owners(catalogue: Catalogue, links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    bodies = catalogue.directory.bodies
    return [{**link, "collective": bool(getattr(bodies.get(link["iri"]), "collective", False))} for link in links]


@router.get("/search", response_class=HTMLResponse, summary="Search results page",
            description="Activities about the words of `q`, best first, with their owners, then the bodies whose "
                        "names match: an HTML page over the same search as `/who-owns`.",
            responses={200: {"content": HTML_EXAMPLE},
                       400: {"description": "`q` without a word of two letters, or with too many words.",
                             **error_example(InvalidParameter, "q='!' has no word of two or more letters", parameter="q",
                                             hint="search with one or more words, e.g. q=hotline")}})
async def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=1000, description="What to look for: words.", examples=["hotline"])] = "",
    catalogue: Catalogue = Depends(get_catalogue),
) -> HTMLResponse:
    """The results page for ``q``."""
    context: dict[str, Any] = {"title": f"Search: {q}" if q else "Search", "activities": [], "bodies": [],
                               "total": 0, "error": None, "limit": LIMIT}
    if q.strip():
        try:
            found = search_activities(catalogue, q, limit=LIMIT)
            bodies = list_bodies(catalogue, q=q.strip(), sort="name", limit=LIMIT)
        except InvalidParameter as exc:
            if not names_html(request):
                raise
            context["error"] = f"{exc} {exc.hint}" if getattr(exc, "hint", None) else str(exc)
            return render(request, "search.html", context, status_code=400)
        for activity, score in found.items:
            item = activity_item(catalogue, activity, score=score)
            item["implementers"] = _owners(catalogue, item["implementers"])
            item["recommended_to"] = _owners(catalogue, item["recommended_to"])
            context["activities"].append(item)
        context["total"] = found.total
        context["bodies"] = [{"iri": b.iri, "name": b.name, "collective": b.collective, "aliases": b.aliases}
                             for b in bodies.items]
    return render(request, "search.html", context)
