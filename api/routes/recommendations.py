"""``/recommendations``: recommendations answered in progress reports, and the activities that address them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from napkg.api.deps import CatalogueDep, KnownParameters, Paging, PlanFilter, listing, page_body
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import RecommendationPage
from napkg.api.items import recommendation_item
from napkg.graph.errors import NotFound
from napkg.graph.catalogue import list_recommendations

__all__ = ["router"]

router = APIRouter(prefix="/recommendations", tags=["plans"], dependencies=[KnownParameters])


@router.get(
    "",
    name="list_recommendations",
    response_model=RecommendationPage,
    summary="Recommendations and the activities that answer them",
    description="Recommendations (e.g. of OGP's Criteria and Standards Subcommittee) that progress reports "
                "answer: who issued them, the government's response, and the activities that address them.",
    responses={400: {"description": "A parameter out of range.",
                     **error_example(BadRequest, "limit: Input should be a valid integer", parameter="limit")},
               404: {"description": "Unknown plan.",
                     **error_example(NotFound, "no plan has the id 'az'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def list_recommendations_route(
    request: Request,
    catalogue: CatalogueDep,
    plan: PlanFilter = None,
    page: Paging = Depends(listing),
) -> Response:
    """Recommendations."""
    found = list_recommendations(catalogue, plan=plan, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [recommendation_item(catalogue, r) for r in found.items])
