"""``/who-owns``: activities that match a text, with their owners and status, best matches first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from napkg.api.deps import CatalogueDep, CountryFilter, KnownParameters, Paging, PlanFilter, listing, page_body
from napkg.api.errors import error_example
from napkg.api.models import WhoOwnsPage, activity_item
from napkg.graph.errors import InvalidParameter, NotFound
from napkg.graph.catalogue import MAX_TERMS, search_activities

__all__ = ["router"]

router = APIRouter(prefix="/who-owns", tags=["who owns"], dependencies=[KnownParameters])


@router.get(
    "",
    name="who_owns",
    response_model=WhoOwnsPage,
    summary="Who owns what: activities about these words, with owners and status",
    description="Activities whose title, indicator or evidence hold the words of `q` (as part of a word, any "
                "case), best first: each word scores 3 in the title, 2 in the indicator, 1 in the evidence; ties "
                f"in plan and code order. At most {MAX_TERMS} different words. Each activity comes with its "
                "implementers, the bodies it is only recommended to, and its latest status.",
    responses={400: {"description": "`q` missing, without a word of two letters, or with too many words.",
                     **error_example(InvalidParameter, "q='!' has no word of two or more letters", parameter="q",
                                     hint="search with one or more words, e.g. q=hotline")},
               404: {"description": "Unknown plan or country.",
                     **error_example(NotFound, "no plan has the id 'az'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def who_owns_route(
    request: Request,
    catalogue: CatalogueDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="What the activities are about: words.",
                            examples=["hotline"])],
    plan: PlanFilter = None,
    country: CountryFilter = None,
    page: Paging = Depends(listing),
) -> Response:
    """Activities about ``q``, best first."""
    found = search_activities(catalogue, q, plan=plan, country=country, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [activity_item(catalogue, a, score=s) for a, s in found.items], q=q)
