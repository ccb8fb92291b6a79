"""The OpenAPI schema's own parts: operation ids, licence and contact, a 200 example for every operation, field descriptions.

Each operation's ``operationId`` is its route's name (``list_agencies``, ``get_agency``: the
``name=`` of the route, else its function's), as :func:`operation_id` tells FastAPI. The schema
states the code's licence (MIT, as pyproject.toml) and whom to ask (:data:`LICENSE`,
:data:`CONTACT`). :func:`install_openapi` completes the generated schema: an operation whose
``200`` answer has no example takes its response model's first example (the models'
examples come from the Azerbaijan plan, :mod:`napkg.api.models`), a list's CSV answer the same
items as CSV; a model field without a description takes the one :data:`FIELD_DESCRIPTIONS` gives
its name (the same names mean the same thing in every model).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from napkg.api.tables import csv_table

__all__ = ["LICENSE", "CONTACT", "FIELD_DESCRIPTIONS", "operation_id", "install_openapi"]

LICENSE = {"name": "MIT", "identifier": "MIT"}
"""The code's licence, as ``info.license``."""

CONTACT = {"name": "nap-kg maintainers", "url": "https://w3id.org/nap-kg"}
"""Whom to ask, as ``info.contact``."""

FIELD_DESCRIPTIONS = {
    "activities": "The activities, by role, or how many there are.",
    "activity": "The activity this is about.",
    "activity_count": "How many activities it holds.",
    "addressed_by": "The activities that answer the recommendation.",
    "articulation_point": "Whether removing the body splits the network of bodies (a cut vertex).",
    "betweenness": "The body's betweenness centrality in the activity–body network (0 to 1).",
    "bottleneck_rank": "The body's rank by bottleneck score among bodies of its kind (1: the tightest).",
    "bottleneck_score": "open_load × (1 + bridging): open activities weighted by how much the body bridges others.",
    "bridging": "The body's betweenness over the highest in its part of the network (0 to 1).",
    "code": "The number as the plan prints it.",
    "collective": "Whether the body is a collective group (an umbrella for many bodies).",
    "country": "The country: its name, or its ISO code where a link names it.",
    "country_code": "The country's ISO 3166-1 alpha-2 code.",
    "date": "The date (ISO 8601).",
    "degree_centrality": "The body's degree centrality in the activity–body network (0 to 1).",
    "description": "The text the plan gives, as written.",
    "end_date": "The last day, when the plan gives one (ISO 8601).",
    "end_year": "The last year of the period, when known.",
    "error": "What went wrong, in the one error shape.",
    "evidence": "The progress-report evidence: what was reported done, by whom, with its source.",
    "figures": "The plan-level figures (docs/analyses.md).",
    "gini_implementer_load": "The Gini coefficient of the implementer load across bodies (0: even, 1: one body).",
    "id": "The id, as the routes' parameters take it.",
    "implementer": "Activities the body implements (leads and supporting bodies included).",
    "implementer_load": "How many activities the body implements (leads and supporting bodies included).",
    "implementers": "The bodies that implement it (leads and supporting bodies included).",
    "implementing_agencies": "How many bodies implement some activity.",
    "indicator": "The indicator of completion the plan gives, as written.",
    "iri": "The IRI: its page and RDF description on this service, by content negotiation.",
    "issued_by": "Who issued the recommendation.",
    "items": "The items of this page.",
    "kind": "The kind of body (ministry, state committee, …), as the vocabulary spells it.",
    "label": "The label, as the source gives it.",
    "lead": "Activities the body leads.",
    "limit": "The page size asked for.",
    "links": "Where to go next: name and link.",
    "metrics": "The body's load and bottleneck figures, as the build stored them.",
    "name": "The name, as the sources give it.",
    "no_implementer": "Activities that name no implementer.",
    "note": "A note on the period, as the source words it.",
    "offset": "How many items were skipped before this page.",
    "open": "Activities not complete.",
    "open_load": "How many of the body's activities (any role) are not complete.",
    "overdue": "Open activities whose period has ended.",
    "period": "When the activity runs.",
    "plan": "The action plan.",
    "q": "The search words, as given.",
    "recommended_only": "Activities only recommended to bodies, with no implementer.",
    "recommended_to": "The bodies it is only recommended to.",
    "reference": "Where in the source the value is written.",
    "report": "The progress report.",
    "section": "The section of the plan.",
    "section_count": "How many sections it has.",
    "sections": "The sections, or how many sections the body's activities span.",
    "shared": "Activities with more than one implementer.",
    "single_implementer": "Activities with exactly one implementer.",
    "single_implementer_share": "The share of activities with an implementer that have exactly one (0 to 1).",
    "source": "The source document and the place in it.",
    "start_date": "The first day, when the plan gives one (ISO 8601).",
    "start_year": "The first year of the period, when known.",
    "status": "The latest status on the IRM completion scale (not-started, limited, substantial, complete).",
    "statuses": "How many activities have each status.",
    "supporting": "Activities the body supports.",
    "text": "The text, as the source writes it.",
    "title": "The title, as the source gives it.",
    "total": "How many items match, in all pages.",
    "url": "The thing in this API.",
    "version": "nap-kg's version.",
    "with_implementer": "Activities that name an implementer.",
}
"""What a model field means, by its name: the same name means the same thing in every model."""


def operation_id(route: APIRoute) -> str:
    """The route's operationId: its name (``name=`` of the route, else its function's)."""
    return route.name


def _model_example(route: Any) -> Any:
    model = getattr(route, "response_model", None)
    config = getattr(model, "model_config", None) or {}
    examples = (config.get("json_schema_extra") or {}).get("examples") if isinstance(config, dict) else None
    return examples[0] if examples else None


def _complete(schema: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    import fastapi.routing

    iterate = getattr(fastapi.routing, "iter_route_contexts", None)  # FastAPI >= 0.16x keeps routers nested
    routes = {getattr(route, "name", None): route for route in (iterate(app.routes) if iterate else app.routes)}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            route = routes.get(operation.get("operationId", ""))
            ok = operation.get("responses", {}).get("200")
            if route is None or ok is None:
                continue
            content = ok.setdefault("content", {})
            example = _model_example(route)
            if example is not None and "example" not in content.get("application/json", {}):
                content.setdefault("application/json", {})["example"] = example
            names = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if isinstance(example, dict) and "items" in example and "format" in names:
                content["text/csv"] = {"schema": {"type": "string"}, "example": csv_table(example["items"])}
    for model in schema.get("components", {}).get("schemas", {}).values():
        for name, field in model.get("properties", {}).items():
            if "description" not in field and name in FIELD_DESCRIPTIONS:
                field["description"] = FIELD_DESCRIPTIONS[name]
    return schema


def install_openapi(app: FastAPI) -> None:
    """Complete ``app``'s OpenAPI schema with the examples and descriptions above (call after the error handlers)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if getattr(app.state, "openapi_completed", None) is None:
            app.state.openapi_completed = _complete(generate(), app)
        return app.state.openapi_completed

    app.openapi = openapi  # type: ignore[method-assign]
