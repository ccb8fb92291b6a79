"""``/plans``: the action plans in the graph, and one plan with its sections and figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response

from napkg.api.deps import (
    PLAN_TOO_LONG, CatalogueDep, CountryFilter, KnownParameters, Paging, json_response, listing, page_body,
)
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import PlanDetail, PlanPage
from napkg.api.items import figures, plan_item, section_item
from napkg.graph.errors import NotFound
from napkg.graph.catalogue import list_plans, plan_figures_of

__all__ = ["router"]

router = APIRouter(prefix="/plans", tags=["plans"], dependencies=[KnownParameters])


@router.get(
    "",
    name="list_plans",
    response_model=PlanPage,
    summary="Action plans",
    description="Every plan in the graph, in id order, with its country, period, latest progress report and "
                "how many of its activities have each status. A plan's `id` is what `plan=` takes elsewhere.",
    responses={400: {"description": "A parameter out of range.",
                     **error_example(BadRequest, "offset: Input should be greater than or equal to 0", parameter="offset")},
               404: {"description": "Unknown country.",
                     **error_example(NotFound, "no country is called 'Azerbajan'", parameter="country",
                                     suggestions=["azerbaijan"])}},
)
def list_plans_route(
    request: Request,
    catalogue: CatalogueDep,
    country: CountryFilter = None,
    page: Paging = Depends(listing),
) -> Response:
    """Plans."""
    found = list_plans(catalogue, country=country, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [plan_item(catalogue, p) for p in found.items])


@router.get(
    "/{plan:path}",
    name="get_plan",
    response_model=PlanDetail,
    summary="One plan: its sections and figures",
    description="The plan with this id (any case) or IRI, its sections with their counts, and its figures: "
                "activities with a single implementer, shared, only umbrella bodies, none; open and overdue; "
                "the Gini coefficient of the implementer load (docs/analyses.md). The figures are computed once, "
                "at the first request for them.",
    responses={400: PLAN_TOO_LONG,
               404: {"description": "No plan has this id; `suggestions` lists close ids.",
                     **error_example(NotFound, "no plan has the id 'az-2020'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def get_plan(
    catalogue: CatalogueDep,
    plan: Annotated[str, Path(max_length=300, description="The plan's id (any case) or IRI.", examples=["az-2020-2022"])],
) -> JSONResponse:
    """One plan."""
    found = catalogue.plan(plan)
    return json_response({**plan_item(catalogue, found),
                          "sections": [section_item(catalogue, catalogue.sections[s]) for s in found.sections],
                          "figures": figures(plan_figures_of(catalogue).get(found.iri))})
