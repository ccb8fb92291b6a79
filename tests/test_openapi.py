"""The OpenAPI schema holds every operation to its conventions: a named operationId, a 200 example,
a description for every field, the licence and a contact."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
import pytest

from napkg.api import models
from napkg.api.app import create_app
from napkg.graph.settings import load_settings


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return create_app(load_settings(query_workers=0), store=ox.Store()).openapi()


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(path, method, operation) for path, item in schema["paths"].items() for method, operation in item.items()]


def test_every_operation_has_a_named_unique_operation_id(schema: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _, _, operation in _operations(schema)]
    assert len(ids) == len(set(ids)) > 20
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) for i in ids), ids
    by_route = {(path, method): operation["operationId"] for path, method, operation in _operations(schema)}
    assert by_route[("/agencies", "get")] == "list_agencies"
    assert by_route[("/agencies/{id}", "get")] == "get_agency"
    assert by_route[("/activities", "get")] == "list_activities" and by_route[("/who-owns", "get")] == "who_owns"


def test_every_operation_has_a_200_example(schema: dict[str, Any]) -> None:
    missing = [f"{method.upper()} {path}" for path, method, operation in _operations(schema)
               if not any("example" in c or "examples" in c
                          for c in operation["responses"]["200"].get("content", {}).values())]
    assert not missing, missing


def test_the_json_examples_have_the_shape_of_the_answers(schema: dict[str, Any]) -> None:
    checked = 0
    for path, method, operation in _operations(schema):
        json = operation["responses"]["200"].get("content", {}).get("application/json", {})
        reference = json.get("schema", {}).get("$ref", "")
        if "example" in json and reference:
            getattr(models, reference.rsplit("/", 1)[1]).model_validate(json["example"])
            checked += 1
    assert checked >= 12


def test_every_list_documents_its_csv_answer(schema: dict[str, Any]) -> None:
    lists = ["/agencies", "/activities", "/who-owns", "/plans", "/sections", "/recommendations", "/analysis/load",
             "/analysis/bottlenecks"]
    for path in lists:
        csv = schema["paths"][path]["get"]["responses"]["200"]["content"]["text/csv"]
        assert csv["example"].splitlines()[0].startswith(("iri", "code", "id")), path


def test_every_field_has_a_description(schema: dict[str, Any]) -> None:
    missing = [f"{name}.{field}" for name, model in schema["components"]["schemas"].items()
               for field, spec in model.get("properties", {}).items() if not spec.get("description")]
    assert not missing, missing


def test_the_schema_states_the_licence_and_a_contact(schema: dict[str, Any]) -> None:
    assert schema["info"]["license"] == {"name": "MIT", "identifier": "MIT"}
    assert schema["info"]["contact"]["url"].startswith("https://")
