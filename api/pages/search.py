"""``/search``: the search results page, "who owns what?" for people.

Activities best first, each with its implementers and the bodies it is only recommended to (kept
apart, umbrella groups marked), its status and period; then the bodies whose names match, best
first. The searches are the JSON API's (:func:`~napkg.graph.catalogue.search_activities` as
``/who-owns``, :func:`~napkg.graph.catalogue.list_bodies` as ``/agencies?q=``), so all agree; when
nothing matches, the page says why and links the suggested words.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from napkg.api.deps import get_catalogue
from napkg.api.errors import error_example
from napkg.api.items import activity_item, search_fields
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
            description="Activities about the phrase `q`, best first, with their owners, then the bodies whose "
                        "names match: an HTML page over the same searches as `/who-owns` and `/agencies?q=`. When "
                        "nothing matches it says why and links the closest words.",
            responses={200: {"content": HTML_EXAMPLE},
                       400: {"description": "`q` without a word, or with too many words.",
                             **error_example(InvalidParameter, "q='!' has no word to search by", parameter="q",
                                             hint="search with one or more words, e.g. q=hotline")}})
async def search_page(
    request: Request,
    q: Annotated[str, Query(max_length=1000, description="What to look for: words.", examples=["hotline"])] = "",
    catalogue: Catalogue = Depends(get_catalogue),
) -> HTMLResponse:
    """The results page for ``q``."""
    context: dict[str, Any] = {"title": f"Search: {q}" if q else "Search", "activities": [], "bodies": [],
                               "total": 0, "error": None, "limit": LIMIT, "message": None, "suggestions": [],
                               "body_message": None}
    if q.strip():
        try:
            found = search_activities(catalogue, q, limit=LIMIT)
            bodies = list_bodies(catalogue, q=q.strip(), limit=LIMIT)
        except InvalidParameter as exc:
            if not names_html(request):
                raise
            context["error"] = f"{exc} {exc.hint}" if getattr(exc, "hint", None) else str(exc)
            return render(request, "search.html", context, status_code=400)
        for activity, hit in found.items:
            item = activity_item(catalogue, activity, **search_fields(hit))
            item["implementers"] = _owners(catalogue, item["implementers"])
            item["recommended_to"] = _owners(catalogue, item["recommended_to"])
            context["activities"].append(item)
        context["total"] = found.total
        if found.search is not None and found.search.message:
            context["message"] = found.search.message
            context["suggestions"] = list(found.search.suggestions)
        if bodies.search is not None and bodies.search.message:
            context["body_message"] = bodies.search.message
        context["bodies"] = [{"iri": b.iri, "name": b.name, "collective": b.collective, "aliases": b.aliases}
                             for b in bodies.items]
    return render(request, "search.html", context)
