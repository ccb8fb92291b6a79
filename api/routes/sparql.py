"""``/sparql``: the read-only SPARQL 1.1 Protocol endpoint, as a router any app can include.

- ``GET /sparql?query=…``, ``POST`` form-encoded, ``POST application/sparql-query``;
  ``default-graph-uri`` and ``named-graph-uri`` pick graphs of the store (never fetched).
- The answer's format follows ``format=`` if given, else the ``Accept`` header
  (:func:`napkg.graph.store.choose_formats`); a browser asking for HTML gets the query page.
- Updates (``update=``, ``application/sparql-update``) are refused with 400.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from napkg.api.errors import BadRequest, UnsupportedMediaType, error_example
from napkg.graph.errors import QueryRefused, QuerySyntaxError, StoreError
from napkg.graph.store import (
    FORMAT_NAMES, GRAPH_FORMATS, RESULT_FORMATS, UPDATE_REFUSED, GraphStore, MediaFormat,
    accept_quality, choose_formats,
)

__all__ = ["SparqlRouter", "router", "MAX_QUERY_BYTES", "EXAMPLE_QUERY"]

MAX_QUERY_BYTES = 1_000_000  # the largest request body /sparql reads

EXAMPLE_QUERY = (
    "PREFIX nap: <https://w3id.org/nap-kg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?code ?body WHERE { ?a nap:code ?code ; nap:implementedBy/rdfs:label ?body } LIMIT 5"
)

_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"

_EXAMPLES: dict[MediaFormat, str] = {
    RESULT_FORMATS[0]: '{"head":{"vars":["code","body"]},"results":{"bindings":[{"code":{"type":"literal","value":"1.1"},'
                       '"body":{"type":"literal","value":"Cabinet of Ministers","xml:lang":"en"}}]}}',
    RESULT_FORMATS[1]: '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
                       '<variable name="code"/></head><results><result><binding name="code"><literal>1.1'
                       '</literal></binding></result></results></sparql>',
    RESULT_FORMATS[2]: "code,body\r\n1.1,Cabinet of Ministers\r\n",
    RESULT_FORMATS[3]: '?code\t?body\n"1.1"\t"Cabinet of Ministers"@en\n',
    GRAPH_FORMATS[0]: '@prefix nap: <https://w3id.org/nap-kg/ontology#> .\n'
                      '<https://w3id.org/nap-kg/id/activity/az-2020-2022/1.1> nap:code "1.1" .\n',
    GRAPH_FORMATS[1]: '[{"@id":"https://w3id.org/nap-kg/id/activity/az-2020-2022/1.1",'
                      '"https://w3id.org/nap-kg/ontology#code":[{"@value":"1.1"}]}]',
    GRAPH_FORMATS[2]: '<https://w3id.org/nap-kg/id/activity/az-2020-2022/1.1> '
                      '<https://w3id.org/nap-kg/ontology#code> "1.1" .\n',
    GRAPH_FORMATS[3]: '<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                      '<rdf:Description rdf:about="https://w3id.org/nap-kg/id/activity/az-2020-2022/1.1">'
                      '<code xmlns="https://w3id.org/nap-kg/ontology#">1.1</code></rdf:Description></rdf:RDF>',
}

_FORMAT_VALUES = sorted(k for k in FORMAT_NAMES if "/" not in k)
_DATASET_PARAMETERS: list[dict[str, Any]] = [
    {"name": "default-graph-uri", "in": "query", "required": False, "explode": True,
     "description": "A graph of the store to use as (part of) the default graph; repeatable. "
                    "Only graphs the store holds; nothing is fetched.",
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
     "example": ["https://w3id.org/nap-kg/id/plan/az-2020-2022"]},
    {"name": "named-graph-uri", "in": "query", "required": False, "explode": True,
     "description": "A graph of the store to make available to GRAPH patterns; repeatable.",
     "schema": {"type": "array", "items": {"type": "string", "format": "uri"}},
     "example": ["https://w3id.org/nap-kg/id/metrics"]},
]
_FORMAT_PARAMETER: dict[str, Any] = {
    "name": "format", "in": "query", "required": False,
    "description": "The result format, overriding Accept: a name (json is SPARQL JSON for SELECT/ASK "
                   "and JSON-LD for CONSTRUCT/DESCRIBE) or a media type.",
    "schema": {"type": "string", "enum": _FORMAT_VALUES}, "example": "csv",
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The query's result in the negotiated format.",
          "content": {fmt.media_types[0]: {"example": example} for fmt, example in _EXAMPLES.items()}},
    400: {"description": "A syntax error (with line and column), a refused query (update, SERVICE, "
                         "unknown graph), a query past the time limit or result-size limit, or a bad parameter.",
          **error_example(QuerySyntaxError, 'syntax error at 1:9: expected one of "{", WHERE')},
    415: {"description": "A POST body that is neither application/sparql-query nor a form, or not UTF-8.",
          **error_example(UnsupportedMediaType, "a SPARQL query POST must be application/sparql-query or "
                          "application/x-www-form-urlencoded, not text/plain", parameter="content-type")},
    503: {"description": "Every query worker is busy; retry after a few seconds.",
          **error_example(StoreError, "all 2 query workers stayed busy for 10 s; try again shortly")},
}


class SparqlRouter(APIRouter):
    """The SPARQL endpoint as a router: ``app.include_router(SparqlRouter())``.

    It queries ``store`` if given, else the app's ``app.state.store`` (a :class:`GraphStore`).
    """

    def __init__(self, *, path: str = "/sparql", store: GraphStore | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tags", ["sparql"])
        super().__init__(**kwargs)
        self.store = store
        self.add_api_route(
            path, self.sparql_get, methods=["GET"], name="sparql_get", summary="Run a SPARQL query (GET)",
            response_class=Response, responses=_RESPONSES,
            description="SPARQL 1.1 Protocol query via GET. Browsers asking for text/html get the query page.",
            openapi_extra={"parameters": [
                {"name": "query", "in": "query", "required": True,
                 "description": "The SPARQL query (without it, a browser gets the query page).",
                 "schema": {"type": "string"}, "example": EXAMPLE_QUERY},
                *_DATASET_PARAMETERS, _FORMAT_PARAMETER,
            ]},
        )
        self.add_api_route(
            path, self.sparql_post, methods=["POST"], name="sparql_post", summary="Run a SPARQL query (POST)",
            response_class=Response, responses=_RESPONSES,
            description="SPARQL 1.1 Protocol query via POST: the query as the body "
                        "(application/sparql-query) or as the `query` field of a form.",
            openapi_extra={
                "parameters": [*_DATASET_PARAMETERS, _FORMAT_PARAMETER],
                "requestBody": {"required": True, "content": {
                    _DIRECT: {"schema": {"type": "string"}, "example": EXAMPLE_QUERY},
                    _FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
                        "query": {"type": "string"},
                        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
                    }}, "example": {"query": EXAMPLE_QUERY}},
                }},
            },
        )
        # Starlette's 405 would name only the first route's method; name both.
        self.add_api_route(path, self.method_not_allowed, methods=["PUT", "DELETE", "PATCH", "OPTIONS"],
                           include_in_schema=False)

    async def method_not_allowed(self, request: Request) -> Response:
        """Any other method: 405 with ``Allow: GET, POST``."""
        raise StarletteHTTPException(405, f"{request.method} is not allowed on a SPARQL query endpoint",
                                     headers={"Allow": "GET, POST"})

    async def sparql_get(self, request: Request) -> Response:
        """``GET /sparql``."""
        return await self._answer(request, request.query_params.multi_items(), method="GET")

    async def sparql_post(self, request: Request) -> Response:
        """``POST /sparql``."""
        media_type, charset = _content_type(request.headers.get("content-type"))
        if media_type == _UPDATE:
            raise QueryRefused(UPDATE_REFUSED)
        if media_type not in (_FORM, _DIRECT):
            raise UnsupportedMediaType(
                f"a SPARQL query POST must be {_DIRECT} or {_FORM}, not {media_type or 'an untyped body'}",
                parameter="content-type")
        if charset not in (None, "utf-8", "utf8"):
            raise UnsupportedMediaType(f"the body must be UTF-8, not {charset}", parameter="content-type")
        body = await _read_body(request)
        items = request.query_params.multi_items()
        try:
            if media_type == _DIRECT:
                items.append(("query", body.decode("utf-8")))
            else:
                items += parse_qsl(body.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
        except UnicodeDecodeError as exc:
            raise UnsupportedMediaType(f"the body is not UTF-8 ({exc.reason} at byte {exc.start})",
                                       parameter="content-type") from None
        return await self._answer(request, items, method="POST")

    async def _answer(self, request: Request, items: list[tuple[str, str]], *, method: str) -> Response:
        queries: list[str] = []
        formats: list[str] = []
        default_graphs: list[str] = []
        named_graphs: list[str] = []
        for key, value in items:
            if key == "query":
                queries.append(value)
            elif key == "update" or key.startswith("using-"):
                raise QueryRefused(UPDATE_REFUSED)
            elif key == "format":
                formats.append(value)
            elif key == "default-graph-uri":
                default_graphs.append(value)
            elif key == "named-graph-uri":
                named_graphs.append(value)
        if len(queries) > 1:
            raise BadRequest("the request gives more than one query", parameter="query",
                             hint="send exactly one query parameter")
        accept = request.headers.get("accept")
        if method == "GET" and not formats and _prefers_html(accept):
            from napkg.api.routes.pages import render_query_page

            return render_query_page(request, query=queries[0] if queries else None)
        if not queries or not queries[0].strip():
            raise BadRequest("no query given", parameter="query",
                             hint="pass the query as ?query=…, POST it as application/sparql-query, "
                                  "or open /query in a browser")
        try:
            choice = choose_formats(accept, formats)
        except ValueError as exc:
            raise BadRequest(str(exc), parameter="format") from None
        store: GraphStore = self.store or request.app.state.store
        answer = await store.query(
            queries[0], default_graph_uris=default_graphs, named_graph_uris=named_graphs,
            formats=choice, base_iri=str(request.url.replace(query="", fragment="")),
        )
        return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media_type, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.strip().lower(), charset


async def _read_body(request: Request) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
        raise BadRequest(f"the request body is larger than {MAX_QUERY_BYTES} bytes", parameter="query",
                         hint="send a shorter query")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise BadRequest(f"the request body is larger than {MAX_QUERY_BYTES} bytes", parameter="query",
                             hint="send a shorter query")
        chunks.append(chunk)
    return b"".join(chunks)


def _prefers_html(accept: str | None) -> bool:
    """Whether the client ranks HTML above every SPARQL result format (a browser)."""
    if not accept or "html" not in accept:
        return False
    html = accept_quality(accept, "text/html")
    return html > 0 and all(
        html > accept_quality(accept, media)
        for fmt in RESULT_FORMATS + GRAPH_FORMATS for media in fmt.media_types
    )


router = SparqlRouter()
