"""The one place that turns errors into HTTP responses, all in one JSON shape::

    {"error": {"type": "QuerySyntaxError", "message": "...", "parameter": "query", "hint": "..."}}

``type`` is the exception's class name, ``parameter`` (when known) the request parameter at
fault, and ``hint`` what to do next. A 404 may add ``suggestions`` (close names) and a 409
(:class:`~napkg.graph.errors.Ambiguous`: a code or name that fits several plans or countries)
``candidates``. nap-kg's own errors map by class (:data:`STATUS`); the
framework's (unknown route, wrong method, invalid parameter) get the same shape.

The library (``napkg.graph``) knows nothing of HTTP: its errors name the parameter at fault,
and this module says which route helps (:data:`ROUTE_HINTS`, by error class and parameter).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from napkg.graph.errors import (
    DataError, NapKgError, NotFound, QueryError, QueryRefused, QuerySyntaxError, QueryTimeout,
    QueryTooLarge, ShapeError, StoreError, TooManyQueries,
)
from napkg.graph.errors import Ambiguous, InvalidParameter

__all__ = [
    "BadRequest", "UnsupportedMediaType", "STATUS", "HINTS", "ROUTE_HINTS",
    "error_body", "error_response", "install_error_handlers", "error_example", "ERROR_EXAMPLE", "ERROR_SCHEMA",
]

log = logging.getLogger("napkg.api")


class BadRequest(NapKgError):
    """An HTTP request the API cannot read (missing, repeated or malformed parameter)."""

    def __init__(self, message: str, *, parameter: str | None = None, hint: str | None = None) -> None:
        self.parameter, self.hint = parameter, hint
        super().__init__(message)


class UnsupportedMediaType(BadRequest):
    """A request body in a media type (or charset) the route does not take."""


# Most specific class first; the first isinstance match wins.
STATUS: list[tuple[type[NapKgError], int]] = [
    (UnsupportedMediaType, 415),
    (BadRequest, 400),
    (QuerySyntaxError, 400),
    (QueryRefused, 400),
    (QueryTimeout, 400),
    (QueryTooLarge, 400),
    (QueryError, 400),
    (InvalidParameter, 400),
    (NotFound, 404),
    (Ambiguous, 409),
    (TooManyQueries, 429),
    (StoreError, 503),
    (DataError, 500),
    (ShapeError, 500),
    (NapKgError, 500),
]

HINTS: dict[type[NapKgError], str] = {
    UnsupportedMediaType: "POST the query as application/sparql-query (UTF-8) or as a form "
                          "(application/x-www-form-urlencoded) with a `query` field",
    BadRequest: "see /docs for the parameters this route takes",
    QuerySyntaxError: "fix the query where the message points; /query has worked examples",
    QueryRefused: "this endpoint only answers read queries over the graphs it holds; list them with "
                  "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }",
    QueryTimeout: "add LIMIT, make the patterns more selective, or run the query on a local copy "
                  "of the graph (`napkg build --out DIR` writes graph.nq)",
    QueryTooLarge: "add LIMIT/OFFSET to page through the result, or aggregate with COUNT/GROUP BY",
    QueryError: "check the query and the format asked for; /query has worked examples",
    NotFound: "check the spelling; the suggestions list close matches",
    InvalidParameter: "see /docs for the values this parameter takes",
    Ambiguous: "add the parameter the error names, with one of the candidates",
    TooManyQueries: "wait the seconds Retry-After gives, and send one query at a time",
    StoreError: "the graph store is not available; try again shortly",
    NapKgError: "this is a bug in nap-kg; please report it with the request that caused it",
}

_BODY_HINT = ("check the spelling: the suggestions list close names; "
              "GET /agencies?q=<part of a name> searches by name")

ROUTE_HINTS: dict[tuple[type[NapKgError], str], str] = {
    (NotFound, "plan"): "GET /plans lists every plan with its id",
    (NotFound, "country"): "give an ISO code (AZ) or a country's name (see suggestions), or leave country out; "
                           "GET /plans lists the countries",
    (NotFound, "section"): "GET /sections lists the sections of each plan with their codes",
    (NotFound, "code"): "GET /activities lists activities with their codes; GET /who-owns?q=<words> "
                        "finds them by what they are about",
    (NotFound, "id"): _BODY_HINT,
    (NotFound, "body"): _BODY_HINT,
    (Ambiguous, "plan"): "add plan=<one of the candidates>, e.g. ?plan={first}",
    (Ambiguous, "country"): "add country=<the country of one of the candidates>, or ask for the body by its IRI",
}
"""What to do next, by the class of a library error and the parameter it names (``{first}``: the
first candidate); the error's own hint, then :data:`HINTS`, serve the others."""

_POSITION = re.compile(r"error at (\d+):(\d+)")


def error_body(type: str, message: str, *, hint: str, parameter: str | None = None) -> dict[str, Any]:
    """The JSON error shape."""
    error: dict[str, Any] = {"type": type, "message": message}
    if parameter:
        error["parameter"] = parameter
    error["hint"] = hint
    return {"error": error}


def error_example(cls: type[NapKgError], message: str, *, parameter: str | None = None,
                  hint: str | None = None, **extra: Any) -> dict[str, Any]:
    """An example error body for the OpenAPI schema (``extra``: e.g. ``suggestions`` or ``candidates``);
    the hint, unless given, is the one the error would get (:data:`ROUTE_HINTS`, then :data:`HINTS`)."""
    route_hint = ROUTE_HINTS.get((cls, parameter or ""))
    candidates = extra.get("candidates") or ["…"]
    hint = hint or (route_hint.format(first=candidates[0]) if route_hint else HINTS[cls])
    body = error_body(cls.__name__, message, parameter=parameter, hint=hint)
    body["error"].update(extra)
    return {"content": {"application/json": {"example": body}}}


ERROR_EXAMPLE = error_example(QuerySyntaxError, 'syntax error at 1:9: expected one of "{", WHERE',
                              parameter="query")["content"]["application/json"]["example"]



def _route_hint(exc: NapKgError) -> str | None:
    parameter = getattr(exc, "parameter", None)
    hint = next((h for (cls, name), h in ROUTE_HINTS.items() if name == parameter and isinstance(exc, cls)), None)
    if hint is not None:
        hint = hint.format(first=(getattr(exc, "candidates", None) or ["…"])[0])
    return hint


def _status_and_hint(exc: NapKgError) -> tuple[int, str]:
    status = next(code for cls, code in STATUS if isinstance(exc, cls))
    hint = _route_hint(exc) or getattr(exc, "hint", None) or next(h for cls, h in HINTS.items() if isinstance(exc, cls))
    if isinstance(exc, QuerySyntaxError) and (where := _POSITION.search(str(exc))):
        hint = f"fix the query at line {where[1]}, column {where[2]}; /query has worked examples"
    return status, hint


def error_response(exc: NapKgError) -> JSONResponse:
    """The HTTP response for a nap-kg error."""
    status, hint = _status_and_hint(exc)
    parameter = getattr(exc, "parameter", None)
    if parameter is None and isinstance(exc, QueryError):
        parameter = "query"
    headers = {"Retry-After": "5"} if status == 503 else None
    if isinstance(exc, TooManyQueries):
        headers = {"Retry-After": str(exc.retry_after_s)}
    suggestions = getattr(exc, "suggestions", None)
    body = error_body(type(exc).__name__, str(exc), hint=hint, parameter=parameter)
    if suggestions:
        body["error"]["suggestions"] = suggestions
    candidates = getattr(exc, "candidates", None)
    if candidates:
        body["error"]["candidates"] = candidates
    return JSONResponse(body, status_code=status, headers=headers)


async def _napkg_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, NapKgError)
    response = error_response(exc)
    if response.status_code >= 500:
        log.error("%s %s: %s", request.method, request.url.path, exc)
    return response


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        kind, hint = "NotFound", "see /docs for the routes nap-kg serves"
    elif exc.status_code == 405:
        kind, hint = "MethodNotAllowed", f"use {headers.get('Allow') or 'another method'}; see /docs"
    else:
        kind, hint = "HTTPError", "see /docs"
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return JSONResponse(error_body(kind, message, hint=hint), status_code=exc.status_code, headers=headers)



async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    location = [str(part) for part in first.get("loc", ()) if part not in ("query", "path", "body", "header")]
    parameter = ".".join(location) or None
    message = f"{parameter}: {first.get('msg', 'invalid value')}" if parameter else str(first.get("msg", exc))
    return JSONResponse(error_body("BadRequest", message, parameter=parameter, hint=HINTS[BadRequest]),
                        status_code=400)


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    log.exception("%s %s failed", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body("InternalError", "nap-kg failed to answer this request",
                                   hint=HINTS[NapKgError]), status_code=500)


ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "The one shape of every error nap-kg answers.",
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {"error": {
        "type": "object",
        "required": ["type", "message", "hint"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "description": "What went wrong: NotFound, BadRequest, Ambiguous, …"},
            "message": {"type": "string", "description": "What went wrong, naming the value at fault."},
            "parameter": {"type": "string", "description": "The request parameter at fault, when one is."},
            "hint": {"type": "string", "description": "What to do next."},
            "suggestions": {"type": "array", "items": {"type": "string"},
                            "description": "Close matches of a name that matched nothing (404)."},
            "candidates": {"type": "array", "items": {"type": "string"},
                           "description": "What an ambiguous code or name could mean (409)."},
        },
    }},
    "examples": [ERROR_EXAMPLE],
}
"""The JSON Schema of the error shape; the OpenAPI schema gives it to every error response."""


def _document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Say in the OpenAPI schema what the handlers do: an invalid parameter answers 400 (not
    FastAPI's 422) and every error answers in :data:`ERROR_SCHEMA`'s shape."""
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            if "422" in responses:
                del responses["422"]
                responses.setdefault("400", {
                    "description": "A parameter missing, out of range or not one of its values.",
                    **error_example(BadRequest, "limit: Input should be less than or equal to 500", parameter="limit")})
            for status, response in responses.items():
                if status[:1] in "45":
                    for media, content in response.setdefault("content", {"application/json": {}}).items():
                        if media == "application/json":
                            content["schema"] = reference
    for unused in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(unused, None)
    return schema


def install_error_handlers(app: FastAPI) -> None:
    """Make every error of ``app`` answer in the one JSON shape, and its OpenAPI schema say so."""
    app.add_exception_handler(NapKgError, _napkg_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _unexpected_error)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document_errors(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
