"""``/who-owns``: activities that match a text, with their owners and status, best matches first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from napkg.api.deps import CatalogueDep, CountryFilter, KnownParameters, Paging, PlanFilter, listing, page_body
from napkg.api.errors import error_example
from napkg.api.models import WhoOwnsPage
from napkg.api.items import activity_item, no_match, search_fields
from napkg.graph.errors import InvalidParameter, NotFound
from napkg.graph.catalogue import search_activities
from napkg.graph.search.index import MAX_WORDS

__all__ = ["router"]

router = APIRouter(prefix="/who-owns", tags=["who owns"], dependencies=[KnownParameters])


@router.get(
    "",
    name="who_owns",
    response_model=WhoOwnsPage,
    summary="Who owns what: activities about a phrase, with owners and status",
    description="Activities the search engine finds for the phrase `q` in their title, indicator or evidence, "
                "best first: plurals, typos (words of five letters or more), hyphens, British spellings and "
                "questions are understood (docs/search.md). Activities that match more of the phrase come first, "
                "then by BM25F with the title above the indicator above the evidence; ties in plan and code order. "
                f"At most {MAX_WORDS} words to search by. Each activity comes with its implementers, the bodies it "
                "is only recommended to, its latest status and the words it matched. When nothing matches, the "
                "answer is still 200: an empty list, a `message` saying why (for a phrase in another language, "
                "which languages the texts are in) and `suggestions`, the closest indexed words.",
    responses={200: {"content": {"application/json": {"examples": {
                   "found": {"summary": "activities found", "value": WhoOwnsPage.model_config["json_schema_extra"]["examples"][0]},
                   "nothing": {"summary": "nothing matches: a message and suggestions",
                               "value": WhoOwnsPage.model_config["json_schema_extra"]["examples"][1]}}}}},
               400: {"description": "`q` missing, without a word, or with too many words.",
                     **error_example(InvalidParameter, "q='!' has no word to search by", parameter="q",
                                     hint="search with one or more words, e.g. hotline")},
               404: {"description": "Unknown plan or country.",
                     **error_example(NotFound, "no plan has the id 'az'", parameter="plan", suggestions=["az-2020-2022"])}},
)
def who_owns_route(
    request: Request,
    catalogue: CatalogueDep,
    q: Annotated[str, Query(min_length=1, max_length=1000, description="What the activities are about: a phrase.",
                            examples=["hotlines"])],
    plan: PlanFilter = None,
    country: CountryFilter = None,
    page: Paging = Depends(listing),
) -> Response:
    """Activities about ``q``, best first."""
    found = search_activities(catalogue, q, plan=plan, country=country, offset=page.offset, limit=page.limit)
    items = [activity_item(catalogue, a, **search_fields(hit)) for a, hit in found.items]
    return page_body(request, page, found.total, items, q=q, **no_match(found.search))
