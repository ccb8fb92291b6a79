"""``/agencies``: bodies with their loads, and everything about one body.

A body is found by its IRI, its id or any of its names, in any case. Ids are unique only within
a country: when bodies of several countries share the name asked for, the answer is 409 with the
candidates, and ``country=`` picks one.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from napkg.api.deps import (
    CatalogueDep, CountryFilter, KnownParameters, Paging, json_response, listing, page_body, paging,
)
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import AgencyDetail, AgencyPage
from napkg.api.items import activity_item, activity_link, agency_item, metrics_of, no_match
from napkg.graph.errors import Ambiguous, NotFound
from napkg.graph.catalogue import body_activities, body_evidence, list_bodies

__all__ = ["router"]

router = APIRouter(prefix="/agencies", tags=["agencies"], dependencies=[KnownParameters])

Sort = Literal["implementer_load", "open_load", "recommended_load", "overdue", "bottleneck_rank", "name"]

_NOT_FOUND = {"description": "No body has this name; `suggestions` lists the closest names.",
              **error_example(NotFound, "no body is named 'Ministry of Justis'", parameter="id",
                              suggestions=["Ministry of Justice"])}
_AMBIGUOUS = {"description": "Bodies of several countries have this name; add `country`.",
              **error_example(Ambiguous, "'ministry-of-justice' names 2 bodies, in AZ, UA", parameter="country",
                              candidates=["ministry-of-justice (AZ): Ministry of Justice",
                                          "ministry-of-justice (UA): Ministry of Justice"])}
_BAD = {"description": "A parameter out of range or not one of its values.",
        **error_example(BadRequest, "limit: Input should be less than or equal to 500", parameter="limit")}


@router.get(
    "",
    name="list_agencies",
    response_model=AgencyPage,
    summary="Bodies with their loads",
    description="Every body (agency or collective body) with how many activities it implements, is only "
                "recommended, has open and overdue, from the metrics stored in the graph. Largest load first "
                "by default.",
    responses={400: _BAD, 404: {"description": "Unknown country.",
                                **error_example(NotFound, "no country is called 'Azerbajan'", parameter="country",
                                                suggestions=["azerbaijan"])}},
)
def list_agencies(
    request: Request,
    catalogue: CatalogueDep,
    q: Annotated[str | None, Query(min_length=1, max_length=300,
                                   description="Words of a body's name or alias, as the search engine reads them "
                                               "(plurals, typos, hyphens, British spellings; docs/search.md): the "
                                               "bodies found, best match first unless `sort` is given, a body "
                                               "before its units. Nothing found: an empty list with `message` and "
                                               "`suggestions`.",
                                   examples=["prosecutor"])] = None,
    country: CountryFilter = None,
    collective: Annotated[bool | None, Query(description="true: only collective bodies (umbrella groups); false: only "
                                             "single agencies; leave out for both.", examples=[False])] = None,
    sort: Annotated[Sort | None, Query(description="The order: a load (largest first), `bottleneck_rank` or `name`. "
                                       "Default: best match first with `q`, otherwise `implementer_load`.",
                                examples=["implementer_load"])] = None,
    page: Paging = Depends(listing),
) -> Response:
    """Bodies, by load."""
    found = list_bodies(catalogue, q=q, country=country, collective=collective, sort=sort,
                        offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [agency_item(catalogue, b) for b in found.items],
                     **no_match(found.search))


@router.get(
    "/{id:path}",
    name="get_agency",
    response_model=AgencyDetail,
    summary="One body: its activities by role, the evidence naming it, its metrics",
    description="The body named `id`: its IRI, its id or any of its names (any case). Its activities as "
                "implementer (leads and supporting bodies included), lead, supporting body and recommended-to "
                "party, each list paged by `limit` and `offset`; the progress-report evidence that names it as "
                "having acted; its load and bottleneck metrics.",
    responses={400: _BAD, 404: _NOT_FOUND, 409: _AMBIGUOUS},
)
def get_agency(
    catalogue: CatalogueDep,
    id: Annotated[str, Path(max_length=1000, description="The body's IRI, id or any of its names, any case.",
                            examples=["prosecutor-generals-office"])],
    country: CountryFilter = None,
    page: Paging = Depends(paging),
) -> JSONResponse:
    """One body."""
    body = catalogue.directory.resolve(id, country=country, parameter="id")
    roles = body_activities(catalogue, body, offset=page.offset, limit=page.limit)
    evidence = body_evidence(catalogue, body, offset=page.offset, limit=page.limit)
    return json_response({
        **agency_item(catalogue, body),
        "activities": {role.replace("-", "_"): {"total": p.total, "items": [activity_item(catalogue, a) for a in p.items]}
                       for role, p in roles.items()},
        "evidence": {"total": evidence.total, "items": [
            {**e, "activity": activity_link(catalogue, e["activity"])} for e in evidence.items]},
        "metrics": metrics_of(catalogue, body),
    })
