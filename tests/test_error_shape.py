"""Every route answers bad requests in the one JSON error shape, as Datasette's ``test_error_shape.py``.

The routes are read from the app itself (``app.routes``, included routers' routes among them), so a
route added later is held to the shape without anyone listing it here. Each route gets the bad
requests its OpenAPI operation allows one to build (an unknown path value, a number that is not one,
a value outside an enum, a string past its length limit, a required parameter left out, a body of the
wrong type) and always a method it does not take. Each must answer 4xx with::

    {"error": {"type": str, "message": str, "parameter"?: str, "hint": str,
               "suggestions"?: [str], "candidates"?: [str]}}
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from napkg.api.app import create_app
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings

REQUIRED = {"type", "message", "hint"}
OPTIONAL = {"parameter", "suggestions", "candidates"}
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def _routes(app: Any) -> Iterator[tuple[str, set[str], bool]]:
    """(path with ``{name}`` placeholders, methods, in the schema) of every route of ``app``."""
    import fastapi.routing

    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    for route in iterate(app.routes) if iterate is not None else app.routes:
        path = getattr(route, "path_format", None) or getattr(route, "path", None)
        methods = set(getattr(route, "methods", None) or ()) - {"HEAD"}
        if path and methods:
            yield path, methods, bool(getattr(route, "include_in_schema", False))


def _value_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = parameter.get("schema", {})
    for alternative in schema.get("anyOf", []):
        if alternative.get("type") != "null":
            return alternative
    return schema


def _bad_value(schema: dict[str, Any]) -> str | None:
    """A value the parameter's schema refuses, if the schema refuses any."""
    if "enum" in schema:
        return "no-such-value"
    kind = schema.get("type")
    if kind == "integer" or kind == "number":
        return "not-a-number"
    if kind == "boolean":
        return "perhaps"
    if kind == "string" and "maxLength" in schema:
        return "x" * (schema["maxLength"] + 1)
    if kind == "array":
        return None
    return None


def _bad_requests(path: str, method: str, operation: dict[str, Any] | None) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what is wrong, httpx request arguments) for each bad request the operation allows."""
    parameters = (operation or {}).get("parameters", [])
    good_path = path
    for parameter in parameters:
        if parameter["in"] == "path":
            name = parameter["name"]
            bad = _bad_value(_value_schema(parameter))
            good_path = good_path.replace(f"{{{name}}}", "1.7")
            yield f"unknown path value {name}", {"url": path.replace(f"{{{name}}}", bad or "no-such-thing-anywhere")}
    required = {p["name"]: "hotline" for p in parameters if p["in"] == "query" and p.get("required")}
    for parameter in parameters:
        if parameter["in"] != "query":
            continue
        bad = _bad_value(_value_schema(parameter))
        if bad is not None:
            yield f"bad {parameter['name']}", {"url": good_path, "params": {**required, parameter["name"]: bad}}
        if parameter.get("required"):
            yield f"missing {parameter['name']}", {
                "url": good_path, "params": {k: v for k, v in required.items() if k != parameter["name"]}}
    if operation is not None and "requestBody" in operation:
        yield "body of the wrong media type", {"url": good_path, "content": b"x", "headers": {"content-type": "text/plain"}}


@pytest.fixture(scope="module")
def served(module_live_server: Callable[[Any], str]) -> tuple[Any, httpx.Client]:
    app = create_app(load_settings(query_workers=1), store=build_and_check(DEFAULT_DATA_DIR).store)
    base = module_live_server(app)
    return app, httpx.Client(base_url=base, timeout=30)


def _assert_error_shape(response: httpx.Response, where: str, parameters: set[str]) -> None:
    assert 400 <= response.status_code < 500, (where, response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/json"), where
    body = response.json()
    assert set(body) == {"error"}, (where, body)
    error = body["error"]
    assert REQUIRED <= set(error) <= REQUIRED | OPTIONAL, (where, error)
    for key in REQUIRED | ({"parameter"} & set(error)):
        assert isinstance(error[key], str) and error[key], (where, key, error)
    for key in ("suggestions", "candidates"):
        if key in error:
            assert isinstance(error[key], list) and all(isinstance(s, str) for s in error[key]), (where, error)
    if "parameter" in error:
        assert error["parameter"] in parameters | {"content-type", "query"}, (where, error)


def test_every_route_answers_bad_requests_in_the_one_error_shape(served: tuple[Any, httpx.Client]) -> None:
    app, client = served
    schema = client.get("/openapi.json").json()
    checked: dict[tuple[str, str], int] = {}
    routes = list(_routes(app))
    assert len(routes) > 20
    taken: dict[str, set[str]] = {}
    for path, methods, _ in routes:
        taken.setdefault(path, set()).update(methods)
    for path, methods, in_schema in routes:
        for method in sorted(methods):
            operation = schema["paths"].get(path, {}).get(method.lower()) if in_schema else None
            names = {p["name"] for p in (operation or {}).get("parameters", [])}
            for what, request in _bad_requests(path, method, operation):
                response = client.request(method, **request)
                _assert_error_shape(response, f"{method} {path}: {what}", names)
                checked[(path, method)] = checked.get((path, method), 0) + 1
            wrong = next((m for m in METHODS if m not in taken[path]), None)
            url = path.replace("{", "").replace("}", "")
            if wrong is not None:
                response = client.request(wrong, url)
                assert response.status_code == 405, (wrong, path, response.status_code)
                _assert_error_shape(response, f"{wrong} {path}", names)
                checked[(path, method)] = checked.get((path, method), 0) + 1
            elif not in_schema:  # a route that only exists to refuse methods (e.g. PUT /sparql)
                response = client.request(method, url)
                if response.status_code >= 400:
                    _assert_error_shape(response, f"{method} {path}", names)
                    checked[(path, method)] = checked.get((path, method), 0) + 1
    unchecked = [(p, m) for p, ms, _ in routes for m in ms if (p, m) not in checked]
    assert not unchecked, f"routes no bad request was tried on: {unchecked}"


@pytest.mark.parametrize("url", ["/no-such-route", "/agencies/x/y/z?limit=-5", "/activities?offset=1e99"])
def test_unknown_routes_and_odd_urls_answer_in_the_shape(served: tuple[Any, httpx.Client], url: str) -> None:
    _, client = served
    response = client.get(url)
    _assert_error_shape(response, url, {"limit", "offset", "id"})


def test_the_schema_documents_the_error_shape_for_every_error_response(served: tuple[Any, httpx.Client]) -> None:
    _, client = served
    schema = client.get("/openapi.json").json()
    assert "Error" in schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "422" not in operation["responses"], (method, path)  # invalid parameters answer 400
            for status, response in operation["responses"].items():
                if status[0] in "45":
                    content = response["content"]["application/json"]
                    assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (method, path, status)


def _refuses_unknown_parameters(route: Any) -> bool:
    from napkg.api.deps import known_parameters

    stack = [getattr(route, "dependant", None)]
    while stack:
        dependant = stack.pop()
        if dependant is None:
            continue
        if dependant.call is known_parameters:
            return True
        stack.extend(dependant.dependencies)
    return False


def test_every_json_route_answers_an_unknown_parameter_in_the_shape_naming_it(served: tuple[Any, httpx.Client]) -> None:
    import fastapi.routing

    app, client = served
    iterate = getattr(fastapi.routing, "iter_route_contexts", None)
    strict = [route for route in (iterate(app.routes) if iterate is not None else app.routes)
              if _refuses_unknown_parameters(route)]
    paths = {route.path for route in strict}
    assert {"/agencies", "/activities", "/who-owns", "/plans", "/sections", "/recommendations", "/analysis/load",
            "/analysis/bottlenecks", "/analysis/figures", "/agencies/{id:path}", "/network"} <= paths
    for route in strict:
        url = route.path.replace("{id:path}", "ministry-of-justice").replace("{code:path}", "1.7")
        url = url.replace("{plan:path}", "az-2020-2022")
        params = {"q": "hotline"} if route.path == "/who-owns" else {}
        response = client.get(url, params={**params, "no_such": "1"})
        _assert_error_shape(response, f"GET {route.path}?no_such=1", {"no_such"})
        assert response.status_code == 400 and response.json()["error"]["parameter"] == "no_such", route.path
