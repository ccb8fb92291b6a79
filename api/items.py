"""The JSON API's items: the catalogue's records (:mod:`napkg.graph.catalogue`) presented as the
response models of :mod:`napkg.api.models`, each linking to itself in the API (``url``)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pydantic import BaseModel

from napkg.api.models import Figures, Load, Metrics
from napkg.graph.catalogue import ActivityRef, BodyRef, Catalogue, PlanRef, RecommendationRef, SectionRef
from napkg.graph.catalogue.listings import claim_of
from napkg.graph.vocabulary import KINDS

if TYPE_CHECKING:
    from napkg.graph.search import Hit, Hits

__all__ = [
    "activity_url", "agency_url", "plan_url", "body_link", "activity_link", "activity_item", "metrics_of",
    "agency_item", "metrics_row", "plan_item", "section_item", "recommendation_item", "figures", "search_fields", "no_match",
]

_KIND_KEYS = {str(t.iri): t.key for t in KINDS}


@lru_cache(maxsize=200_000)
def activity_url(plan_id: str, code: str) -> str:
    """The activity's route: its code and its plan, so the link is never ambiguous."""
    return f"/activities/{quote(code, safe='')}?plan={quote(plan_id, safe='')}"


@lru_cache(maxsize=100_000)
def agency_url(body: BodyRef) -> str:
    """The body's route: its id and its country, so the link is never ambiguous."""
    return f"/agencies/{quote(body.slug, safe='')}?country={quote(body.country_code or body.country, safe='')}"


def _country(body: BodyRef) -> str | None:
    return body.country_code or body.country


@lru_cache(maxsize=100_000)
def body_link(catalogue: Catalogue, iri: str) -> dict[str, Any]:
    """A body as :class:`BodyLink` (shared between answers: copy it before changing it)."""
    body = catalogue.directory.bodies.get(iri)
    if body is None:  # a body the directory does not know (no label, id or country): its IRI stands in
        tail = iri.rstrip("/").rsplit("/", 1)[-1]
        return {"iri": iri, "id": tail, "name": tail, "country": None, "url": f"/agencies/{quote(iri, safe='')}"}
    return {"iri": iri, "id": body.slug, "name": body.name, "country": _country(body), "url": agency_url(body)}


def plan_url(plan_id: str) -> str:
    return f"/plans/{quote(plan_id, safe='')}"


def activity_link(catalogue: Catalogue, activity: ActivityRef) -> dict[str, Any]:
    """An activity as :class:`ActivityLink`."""
    plan_id = catalogue.plans[activity.plan].id
    return {"iri": activity.iri, "plan": plan_id, "code": activity.code, "title": activity.title,
            "url": activity_url(plan_id, activity.code)}


def _section_code(catalogue: Catalogue, iri: str | None) -> str | None:
    section = catalogue.sections.get(iri) if iri else None
    return section.code if section else None


def activity_item(catalogue: Catalogue, activity: ActivityRef, **extra: Any) -> dict[str, Any]:
    """An activity as :class:`ActivityItem` (``extra`` fields such as ``score`` join it; its lists are
    shared between answers: copy one before changing it)."""
    positions = catalogue.activities
    if activity.position < len(positions) and positions[activity.position] is activity:
        return {**_activity_fields(catalogue, activity.position), **extra}
    return {**_fields_of(catalogue, activity), **extra}


@lru_cache(maxsize=20_000)
def _activity_fields(catalogue: Catalogue, position: int) -> dict[str, Any]:
    """The item of the catalogue's activity at ``position``, made once (shared: never change it)."""
    return _fields_of(catalogue, catalogue.activities[position])


def _fields_of(catalogue: Catalogue, activity: ActivityRef) -> dict[str, Any]:
    plan_id = catalogue.plans[activity.plan].id
    return {
        "iri": activity.iri, "plan": plan_id, "code": activity.code, "title": activity.title,
        "url": activity_url(plan_id, activity.code), "section": _section_code(catalogue, activity.section),
        "status": activity.status, **claim_of(catalogue, activity),
        "start_year": activity.start_year, "end_year": activity.end_year,
        "implementers": [body_link(catalogue, b) for b in activity.implementers],
        "recommended_to": [body_link(catalogue, b) for b in activity.recommended_to],
    }


def search_fields(hit: Hit) -> dict[str, Any]:
    """What a search hit adds to an item: ``score``, ``matched`` and ``matched_in`` (:class:`WhoOwnsItem`)."""
    return {"score": hit.score, "matched": hit.terms, "matched_in": list(hit.fields)}


def no_match(search: Hits | None) -> dict[str, Any]:
    """A search's ``message`` and ``suggestions`` for a page (nothing when the page was not a search)."""
    if search is None:
        return {}
    return {"message": search.message, "suggestions": list(search.suggestions) if search.message else []}


def metrics_of(catalogue: Catalogue, body: BodyRef, fields: Any = None) -> dict[str, Any] | None:
    """The body's metrics (``fields`` of them, default all of :class:`Metrics`); None when it has none."""
    metrics = catalogue.metrics.get(body.iri)
    if metrics is None:
        return None
    return {k: metrics.get(k) for k in (fields or Metrics.model_fields)}


def agency_item(catalogue: Catalogue, body: BodyRef) -> dict[str, Any]:
    """A body as :class:`AgencyItem`."""
    return {
        "iri": body.iri, "id": body.slug, "name": body.name, "aliases": list(body.aliases),
        "kind": _KIND_KEYS.get(body.kind, body.kind.rsplit("#", 1)[-1]), "collective": body.collective,
        "country": body.country, "country_code": body.country_code, "url": agency_url(body),
        "load": metrics_of(catalogue, body, Load.model_fields),
    }


def metrics_row(catalogue: Catalogue, body: BodyRef, model: type[BaseModel]) -> dict[str, Any]:
    """A body as a row of a metrics table, ``model`` (:class:`LoadItem`, :class:`BottleneckItem`): its link,
    whether it is collective, and the metrics the model has, in its order."""
    metrics = catalogue.metrics.get(body.iri, {})
    row = {**body_link(catalogue, body.iri), "collective": body.collective}
    return row | {k: metrics.get(k) for k in model.model_fields if k not in row}


def plan_item(catalogue: Catalogue, plan: PlanRef) -> dict[str, Any]:
    """A plan as :class:`PlanItem`."""
    return {
        "iri": plan.iri, "id": plan.id, "title": plan.title, "country": plan.country,
        "country_code": plan.country_code, "start_year": plan.start_year, "end_year": plan.end_year,
        "report_date": plan.report_date, "activity_count": plan.activities, "section_count": len(plan.sections),
        "statuses": plan.statuses, "url": plan_url(plan.id),
    }


def section_item(catalogue: Catalogue, section: SectionRef) -> dict[str, Any]:
    """A section as :class:`SectionItem`."""
    plan_id = catalogue.plans[section.plan].id if section.plan in catalogue.plans else section.plan
    section_key = section.code if section.code is not None else section.iri
    return {"iri": section.iri, "plan": plan_id, "code": section.code, "title": section.title,
            "activities": len(section.positions), "statuses": section.statuses,
            "url": f"/activities?plan={quote(plan_id, safe='')}&section={quote(section_key, safe='')}"}


def recommendation_item(catalogue: Catalogue, rec: RecommendationRef) -> dict[str, Any]:
    """A recommendation as :class:`RecommendationItem`."""
    plan = catalogue.plans.get(rec.plan) if rec.plan else None
    return {
        "iri": rec.iri, "id": rec.id, "label": rec.label,
        "issued_by": body_link(catalogue, rec.issued_by) if rec.issued_by else None,
        "report": rec.report, "plan": plan.id if plan else None, "response": rec.response, "part_of": rec.part_of,
        "addressed_by": [activity_link(catalogue, catalogue.activities[p]) for p in rec.addressed_by],
    }


def figures(values: dict[str, Any] | None) -> dict[str, Any] | None:
    """Plan figures from :func:`napkg.graph.analysis.plan_figures` as :class:`Figures`, dates as ISO strings."""
    if values is None:
        return None
    return {k: (values[k].isoformat() if isinstance(values.get(k), date) else values.get(k)) for k in Figures.model_fields}
