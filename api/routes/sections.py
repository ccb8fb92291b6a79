"""``/sections``: the sections of the plans, with how many activities each has, by status."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from napkg.api.deps import CatalogueDep, KnownParameters, Paging, PlanFilter, listing, page_body
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import SectionPage
from napkg.api.items import section_item
from napkg.graph.errors import NotFound
from napkg.graph.catalogue import list_sections

__all__ = ["router"]

router = APIRouter(prefix="/sections", tags=["plans"], dependencies=[KnownParameters])


@router.get(
    "",
    name="list_sections",
    response_model=SectionPage,
    summary="Sections of the plans",
    description="Sections in plan and code order, each with its activity count by status and a `url` that lists "
                "its activities. Plans imported from OGP's export have no sections.",
    responses={400: {"description": "A parameter out of range.",
                     **error_example(BadRequest, "limit: Input should be a valid integer", parameter="limit")},
               404: {"description": "Unknown plan.",
                     **error_example(NotFound, "no plan has the id 'az'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def list_sections_route(
    request: Request,
    catalogue: CatalogueDep,
    plan: PlanFilter = None,
    page: Paging = Depends(listing),
) -> Response:
    """Sections."""
    found = list_sections(catalogue, plan=plan, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [section_item(catalogue, s) for s in found.items])
