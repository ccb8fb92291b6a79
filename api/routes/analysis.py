"""``/analysis``: load and bottleneck tables and plan figures.

The per-body figures are those the build stored in the graph (``nap:metrics``, see
docs/analyses.md): nothing is recomputed per request. Plan figures are computed once per app.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from napkg.api.deps import (
    PLAN_TOO_LONG, CatalogueDep, CountryFilter, KnownParameters, Paging, PlanFilter, json_response, listing, page_body,
)
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import BottleneckItem, BottleneckPage, Figures, LoadItem, LoadPage
from napkg.api.items import figures, metrics_row
from napkg.graph.errors import NotFound
from napkg.graph.catalogue import bottleneck_table, load_table, plan_figures_of

__all__ = ["router"]

router = APIRouter(prefix="/analysis", tags=["analysis"], dependencies=[KnownParameters])

LoadSort = Literal["implementer_load", "shared_implementer_load", "open_load", "recommended_load", "overdue", "lead_load"]

_BAD = {"description": "A parameter out of range or not one of its values.",
        **error_example(BadRequest, "sort: Input should be 'implementer_load', 'shared_implementer_load', "
                        "'open_load', 'recommended_load', 'overdue' or 'lead_load'", parameter="sort")}
_COUNTRY = {"description": "Unknown country.",
            **error_example(NotFound, "no country is called 'Azerbajan'", parameter="country",
                            suggestions=["azerbaijan"])}


@router.get(
    "/load",
    name="list_load",
    response_model=LoadPage,
    summary="Load per body",
    description="Bodies named by some activity, largest load first: activities implemented, the share-weighted "
                "load, led, only recommended, open and overdue.",
    responses={400: _BAD, 404: _COUNTRY},
)
def load_route(
    request: Request,
    catalogue: CatalogueDep,
    country: CountryFilter = None,
    collective: Annotated[bool | None, Query(description="true: only collective bodies; false: only single agencies; "
                                             "leave out for both.", examples=[False])] = None,
    sort: Annotated[LoadSort, Query(description="The load to order by, largest first.",
                                    examples=["open_load"])] = "implementer_load",
    page: Paging = Depends(listing),
) -> Response:
    """Load per body."""
    found = load_table(catalogue, country=country, collective=collective, sort=sort, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [metrics_row(catalogue, b, LoadItem) for b in found.items])


@router.get(
    "/bottlenecks",
    name="list_bottlenecks",
    response_model=BottleneckPage,
    summary="Bottleneck bodies",
    description="Bodies by bottleneck rank: open activities weighted by how much the body bridges others "
                "(score = open_load × (1 + bridging)). Single agencies and collective bodies are ranked apart; "
                "`collective=true` lists the collective ones.",
    responses={400: _BAD, 404: _COUNTRY},
)
def bottlenecks_route(
    request: Request,
    catalogue: CatalogueDep,
    country: CountryFilter = None,
    collective: Annotated[bool, Query(description="false (default): single agencies; true: collective bodies.",
                                      examples=[False])] = False,
    page: Paging = Depends(listing),
) -> Response:
    """Bottlenecks."""
    found = bottleneck_table(catalogue, country=country, collective=collective, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [metrics_row(catalogue, b, BottleneckItem) for b in found.items])


@router.get(
    "/figures",
    name="get_figures",
    response_model=Figures,
    summary="Plan-level figures",
    description="Figures for all plans together, or for `plan`: activities with a single implementer, shared, "
                "only umbrella bodies or none; open and overdue; the Gini coefficient of the implementer load. "
                "Computed once, at the first request.",
    responses={400: PLAN_TOO_LONG,
               404: {"description": "Unknown plan.",
                     **error_example(NotFound, "no plan has the id 'az'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def figures_route(catalogue: CatalogueDep, plan: PlanFilter = None) -> JSONResponse:
    """Plan figures."""
    key = catalogue.plan(plan).iri if plan is not None else "all"
    values = plan_figures_of(catalogue).get(key)
    if values is None:  # a plan without activities
        values = {"activities": 0, "with_implementer": 0, "single_implementer": 0, "single_implementer_share": 0.0,
                  "shared": 0, "umbrella_only": 0, "no_implementer": 0, "recommended_only": 0, "open": 0,
                  "overdue": 0, "implementing_agencies": 0, "gini_implementer_load": 0.0}
    return json_response(figures(values))
