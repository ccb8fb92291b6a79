"""``/activities``: the activities of the plans, filtered, and everything about one activity.

Activity codes ("1.7") are unique only within a plan. ``/activities/{code}`` answers the activity
when one plan has the code, or when ``plan=`` names the plan; when several plans have it and no
plan is given, it answers 409 with the plans as ``candidates``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from napkg.api.deps import (
    PLAN_TOO_LONG, CatalogueDep, CountryFilter, KnownParameters, Paging, PlanFilter, RoleFilter, StatusFilter,
    json_response, listing, page_body,
)
from napkg.api.errors import error_example
from napkg.api.models import ActivityDetail, ActivityPage
from napkg.api.items import activity_item, activity_url, body_link, no_match, plan_url, recommendation_item
from napkg.graph.errors import Ambiguous, InvalidParameter, NotFound
from napkg.graph.catalogue import ROLE_FIELDS, activity_detail, list_activities

__all__ = ["router"]

router = APIRouter(prefix="/activities", tags=["activities"], dependencies=[KnownParameters])

_BAD = {"description": "A parameter out of range or not one of its values, or a search without words.",
        **error_example(InvalidParameter, "status='started' is not a status", parameter="status",
                        hint="use one of not-started, limited, substantial, complete, none")}


@router.get(
    "",
    name="list_activities",
    response_model=ActivityPage,
    summary="Activities, filtered",
    description="Activities in plan and code order, with their implementers, recommended-to bodies and status. "
                "Every filter given must hold. `body` takes any name of a body (with `country` when bodies of "
                "several countries share it) and `role` its role; `q` keeps activities in which the search engine "
                "finds any word of the phrase (title, indicator or evidence; plurals, typos, hyphens: docs/search.md), "
                "and when it finds none the answer has a `message` and `suggestions`.",
    responses={400: _BAD,
               404: {"description": "Unknown plan, country, section or body; `suggestions` lists close names.",
                     **error_example(NotFound, "no plan has the id 'az-2020'", parameter="plan", suggestions=["az-2020-2022"])},
               409: {"description": "`body` names bodies of several countries; add `country`.",
                     **error_example(Ambiguous, "'ministry-of-justice' names 2 bodies, in AZ, UA", parameter="country",
                                     candidates=["ministry-of-justice (AZ): Ministry of Justice",
                                                 "ministry-of-justice (UA): Ministry of Justice"])}},
)
def list_activities_route(
    request: Request,
    catalogue: CatalogueDep,
    plan: PlanFilter = None,
    country: CountryFilter = None,
    section: Annotated[str | None, Query(min_length=1, max_length=300,
                                         description="A section: its code (within `plan` if given) or its IRI.",
                                         examples=["1"])] = None,
    status: StatusFilter = None,
    body: Annotated[str | None, Query(min_length=1, max_length=1000,
                                      description="A body: its IRI, id or any of its names, any case.",
                                      examples=["Prosecutor's Office"])] = None,
    role: RoleFilter = None,
    q: Annotated[str | None, Query(min_length=1, max_length=1000,
                                   description="A phrase; an activity is kept when the search engine finds any of "
                                               "its words in the title, indicator or evidence.",
                                   examples=["hotline"])] = None,
    page: Paging = Depends(listing),
) -> Response:
    """Activities, filtered."""
    found = list_activities(catalogue, plan=plan, country=country, section=section, status=status, body=body,
                            role=role, q=q, offset=page.offset, limit=page.limit)
    return page_body(request, page, found.total, [activity_item(catalogue, a) for a in found.items],
                     **no_match(found.search))


@router.get(
    "/{code:path}",
    name="get_activity",
    response_model=ActivityDetail,
    summary="One activity: owners, period, indicator, evidence, recommendations",
    description="The activity numbered `code` as its plan prints it (\"1.7\"), or its IRI. Codes are unique "
                "only within a plan: give `plan` when several plans have the code (the answer is then 409, "
                "listing them as `candidates`).",
    responses={400: PLAN_TOO_LONG,
               404: {"description": "No activity has this code (in this plan); `suggestions` lists close codes.",
                     **error_example(NotFound, "no activity is numbered '1.77' in plan az-2020-2022", parameter="code",
                                     suggestions=["1.7"])},
               409: {"description": "Several plans have this code; add `plan`.",
                     **error_example(Ambiguous, "activity '1.7' exists in 2 plans", parameter="plan",
                                     candidates=["az-2020-2022", "ap-alb02"])}},
)
def get_activity(
    catalogue: CatalogueDep,
    code: Annotated[str, Path(max_length=1000, description="The activity's number as printed, or its IRI.",
                              examples=["1.7"])],
    plan: PlanFilter = None,
) -> JSONResponse:
    """One activity."""
    activity = catalogue.activity(code, plan=plan)
    detail = activity_detail(catalogue, activity)
    plan_ref = catalogue.plans[activity.plan]
    section = catalogue.sections.get(activity.section) if activity.section else None
    links = {field: [body_link(catalogue, b) for b in getattr(activity, field)] for field in ROLE_FIELDS.values()}
    return json_response({
        "iri": activity.iri, "code": activity.code, "title": activity.title, "status": activity.status,
        "plan": {"iri": plan_ref.iri, "id": plan_ref.id, "title": plan_ref.title, "url": plan_url(plan_ref.id)},
        "section": None if section is None else {"iri": section.iri, "code": section.code, "title": section.title},
        **{k: detail[k] for k in ("claimed_status", "claim_basis", "claimed_above_assessed", "deliverables",
                                  "description", "identifier", "page", "indicator", "period", "notes", "source")},
        **links,
        "evidence": [{**e, "actors": [body_link(catalogue, b) for b in e["actors"]]} for e in detail["evidence"]],
        "recommendations": [recommendation_item(catalogue, r) for r in detail["recommendations"]],
        "url": activity_url(plan_ref.id, activity.code),
    })
