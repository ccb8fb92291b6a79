"""The OpenAPI schema, fuzzed with schemathesis against a live server on loopback.

Every operation of the schema (the JSON API, the SPARQL endpoint, the query page, the downloads) is
called with generated parameters, valid and invalid. No answer may be a server error; every answer
must have a status code, content type and body the schema documents for it (for errors: the one
error shape, ``#/components/schemas/Error``). Examples per operation are capped so the module runs in
well under two minutes; raise ``NAPKG_FUZZ_EXAMPLES`` for a longer run, and set ``NAPKG_FUZZ_GRAPH``
to a built graph (``graph.nq``, e.g. of imported OGP plans) to fuzz it instead of ``data/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import load_store

EXAMPLES = int(os.environ.get("NAPKG_FUZZ_EXAMPLES", "25"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(module_live_server: Callable[[Any], str]) -> Any:
    graph = os.environ.get("NAPKG_FUZZ_GRAPH")  # a built graph (graph.nq) to fuzz instead of data/
    store = load_store(Path(graph)) if graph else build_and_check(DEFAULT_DATA_DIR).store
    app = create_app(load_settings(query_workers=2, query_timeout_s=5.0), store=store)
    base = module_live_server(app)
    return schemathesis.openapi.from_url(f"{base}/openapi.json")


def _operations() -> list[Any]:
    """(operation label, generation mode) for every operation of the schema: valid data for each,
    invalid data for those that take parameters or a body (read from an app that is not served)."""
    paths = create_app().openapi()["paths"]
    cases = []
    for path, item in paths.items():
        for method, operation in item.items():
            label = f"{method.upper()} {path}"
            cases.append(pytest.param(label, GenerationMode.POSITIVE, id=f"{label} valid"))
            if operation.get("parameters") or operation.get("requestBody"):
                cases.append(pytest.param(label, GenerationMode.NEGATIVE, id=f"{label} invalid"))
    return cases


# schemathesis' own pytest integration (``from_fixture``) does not run under pytest 9, so each
# operation is one test that drives Hypothesis with the operation's strategy.
@pytest.mark.parametrize(("label", "mode"), _operations())
def test_no_operation_answers_a_server_error_or_off_schema(api_schema: Any, label: str, mode: GenerationMode) -> None:
    operation = api_schema.find_operation_by_label(label)
    assert operation is not None, label

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    check()
