"""``/sparql``: the read-only SPARQL 1.1 Protocol endpoint, as a router any app can include.

- ``GET /sparql?query=…``, ``POST`` form-encoded, ``POST application/sparql-query``;
  ``default-graph-uri`` and ``named-graph-uri`` pick graphs of the store (never fetched).
- The answer's format follows ``format=`` if given, else the ``Accept`` header
  (:func:`napkg.graph.store.choose_formats`); a browser asking for HTML gets the query page.
- Updates (``update=``, ``application/sparql-update``) are refused with 400.
- An answer already made for the same request comes from the app's response cache
  (:mod:`napkg.graph.store.cache`, ``app.state.response_cache``) with ``Cache-Control`` and
  ``Age``; a client's ``Cache-Control: no-cache`` runs the query again.

The endpoint is the service's hot path, so :meth:`SparqlRouter.respond` reads a request
straight from its ASGI scope (the few headers it needs, the query string, the body) and
answers with prebuilt headers; the routes call it, and so does the route
:mod:`napkg.api.fast_path` puts first in the app's routing for the requests
:meth:`SparqlRouter.takes`.
"""

from __future__ import annotations

import codecs
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import URL
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope

from napkg.api.clients import TrustedProxies, client_address
from napkg.api.errors import BadRequest, UnsupportedMediaType, error_example
from napkg.graph.errors import QueryRefused, QuerySyntaxError, StoreError, TooManyQueries
from napkg.graph.store import (
    FORMAT_NAMES, GRAPH_FORMATS, RESULT_FORMATS, UPDATE_REFUSED, Answer, GraphStore, MediaFormat, choose_formats,
    prefers_html,
)
from napkg.graph.store.cache import ResponseCache

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

_QUERY_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": r"\S",
                                 "description": "A SPARQL query: not empty, not only spaces."}
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
    400: {"description": "A syntax error (with line and column), a query nested past the nesting limit, an "
                         "unsupported function, a refused query (update, SERVICE, unknown graph), a query past "
                         "the time, memory, row or byte limit, or a bad parameter.",
          **error_example(QuerySyntaxError, 'syntax error at 1:9: expected one of "{", WHERE')},
    415: {"description": "A POST body that is neither application/sparql-query nor a form, or not UTF-8.",
          **error_example(UnsupportedMediaType, "a SPARQL query POST must be application/sparql-query or "
                          "application/x-www-form-urlencoded, not text/plain", parameter="content-type")},
    429: {"description": "This client runs too many queries at once, or used its query time per minute; "
                         "retry after the seconds Retry-After gives.",
          **error_example(TooManyQueries, "this client (192.0.2.1) used its query time budget (30 s of query "
                          "time per minute, setting client_query_seconds); try again in 12 s", parameter="query")},
    503: {"description": "Every query worker is busy; retry after a few seconds.",
          **error_example(StoreError, "all 2 query workers stayed busy for 10 s; try again shortly")},
}


class SparqlRouter(APIRouter):
    """The SPARQL endpoint as a router: ``app.include_router(SparqlRouter())``.

    It queries ``store`` if given, else the app's ``app.state.store`` (a :class:`GraphStore`).
    :meth:`takes` and :meth:`respond` serve the fast route of :mod:`napkg.api.fast_path`.
    """

    def __init__(self, *, path: str = "/sparql", store: GraphStore | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("tags", ["sparql"])
        super().__init__(**kwargs)
        self.store = store
        self.sparql_path = self.prefix + path  # where :meth:`takes` recognises a request
        self.add_api_route(
            path, self.sparql_get, methods=["GET"], name="sparql_get", summary="Run a SPARQL query (GET)",
            response_class=Response, responses=_RESPONSES,
            description="SPARQL 1.1 Protocol query via GET. Browsers asking for text/html get the query page.",
            openapi_extra={"parameters": [
                {"name": "query", "in": "query", "required": False,
                 "description": "The SPARQL query (without it, a browser gets the query page and an RDF client "
                                "the endpoint's Service Description).",
                 "schema": _QUERY_SCHEMA, "example": EXAMPLE_QUERY},
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
                    _DIRECT: {"schema": _QUERY_SCHEMA, "example": EXAMPLE_QUERY},
                    _FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
                        "query": _QUERY_SCHEMA,
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
        return await self.respond(request.scope, request.receive, store=self.store or request.app.state.store,
                                  request=request)

    async def sparql_post(self, request: Request) -> Response:
        """``POST /sparql``."""
        return await self.respond(request.scope, request.receive, store=self.store or request.app.state.store,
                                  request=request)

    def takes(self, scope: Scope) -> bool:
        """Whether :meth:`respond` can answer this HTTP request straight from its ASGI scope.

        True for a GET or POST of this router's path, except a browser's GET (the query page
        needs the app's routing): the requests :class:`napkg.api.fast_path.SparqlFastRoute` takes.
        """
        method = scope["method"]
        if method != "POST" and method != "GET":
            return False
        path, root = scope["path"], scope.get("root_path", "")
        if (path[len(root):] if root and path.startswith(root) else path) != self.sparql_path:
            return False
        return method == "POST" or not prefers_html(_header(scope, b"accept"))

    async def respond(self, scope: Scope, receive: Receive, *, store: GraphStore,
                      request: Request | None = None) -> Response:
        """Answer one protocol request from its ASGI ``scope`` and ``receive``; errors raise :class:`NapKgError`.

        Reads only the headers it needs, the query string and the body (at most
        :data:`MAX_QUERY_BYTES`); ``request`` is needed only to render the query page.
        """
        content_type = accept = length = host = forwarded = cache_control = None
        for name, value in scope["headers"]:  # the first of each, as Starlette's Headers.get
            if name == b"content-type":
                content_type = content_type if content_type is not None else value.decode("latin-1")
            elif name == b"accept":
                accept = accept if accept is not None else value.decode("latin-1")
            elif name == b"content-length":
                length = length if length is not None else value.decode("latin-1")
            elif name == b"host":
                host = host if host is not None else value.decode("latin-1")
            elif name == b"x-forwarded-for":
                forwarded = forwarded if forwarded is not None else value.decode("latin-1")
            elif name == b"cache-control" or name == b"pragma":
                cache_control = value if cache_control is None else cache_control + b"," + value
        query_string = scope.get("query_string", b"")
        items = _query_items(query_string) if query_string else []
        if scope["method"] == "POST":
            media_type, charset = _content_type(content_type)
            if media_type == _UPDATE:
                raise QueryRefused(UPDATE_REFUSED)
            if media_type not in (_FORM, _DIRECT):
                raise UnsupportedMediaType(
                    f"a SPARQL query POST must be {_DIRECT} or {_FORM}, not {media_type or 'an untyped body'}",
                    parameter="content-type")
            if charset not in (None, "utf-8", "utf8"):
                raise UnsupportedMediaType(f"the body must be UTF-8, not {charset}", parameter="content-type")
            body = await _read_body(receive, length)
            try:
                if media_type == _DIRECT:
                    items.append(("query", body.decode("utf-8")))
                else:
                    body.decode("utf-8")  # the whole body is UTF-8 before any field is decoded
                    items += form_items(body)
            except UnicodeDecodeError as exc:
                raise UnsupportedMediaType(f"the body is not UTF-8 ({exc.reason} at byte {exc.start})",
                                           parameter="content-type") from None
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
        if scope["method"] == "GET" and not formats and prefers_html(accept):
            from napkg.api.routes.pages import render_query_page

            return render_query_page(request or Request(scope, receive), query=queries[0] if queries else None)
        if not queries or not queries[0].strip():
            raise BadRequest("no query given", parameter="query",
                             hint="pass the query as ?query=…, POST it as application/sparql-query, "
                                  "or open /query in a browser")
        try:
            choice = choose_formats(accept, formats)
        except ValueError as exc:
            raise BadRequest(str(exc), parameter="format") from None
        base_iri = _base_iri(scope.get("scheme", "http"), _server(scope), scope["path"], host)
        state = scope["app"].state if "app" in scope else None
        cache: ResponseCache | None = getattr(state, "response_cache", None)
        key = None
        if cache is not None and cache.enabled and store.remote is None:  # an external store may change
            key = store.request_for(queries[0], choice, base_iri=base_iri, default_graph_uris=tuple(default_graphs),
                                    named_graph_uris=tuple(named_graphs))
            directives = _cache_directives(cache_control)
            if "no-store" in directives:
                key = None  # neither from the cache nor into it
            elif not directives & _REVALIDATE:
                cached = cache.get(key)
                if cached is not None:  # no worker, no fair share: it costs no query time
                    return _AnswerResponse(cached.answer, cached=True, age=cached.age())
        peer = scope.get("client")
        proxies = getattr(state, "trusted_proxies", _NO_PROXIES)
        answer = await store.query(
            queries[0], default_graph_uris=default_graphs, named_graph_uris=named_graphs,
            formats=choice, base_iri=base_iri, client=client_address(peer[0] if peer else None, forwarded, proxies),
        )
        stored = cache.put(key, answer) if key is not None and cache is not None else None
        return _AnswerResponse(answer, cached=stored is not None)


_NO_PROXIES = TrustedProxies(())


_REVALIDATE = frozenset({"no-cache", "max-age=0"})  # request directives that skip the stored answer
_VALIDATION = b"public, no-cache"  # a shared cache may keep the answer, revalidating it before each use


class _AnswerResponse(Response):
    """A query's answer as a 200 response; its headers are put together without Starlette's general code.

    ``cached``: the response cache holds the answer, so it carries ``Cache-Control``, and ``Age``
    when it came from the cache (the validators are the graph's, added by the app's middleware).
    """

    def __init__(self, answer: Answer, *, cached: bool = False, age: int | None = None) -> None:
        self.status_code, self.body, self.background = 200, answer.body, None  # what Response.__call__ reads
        self.raw_headers = [*_answer_headers(answer.media_type),
                            (b"content-length", str(len(answer.body)).encode("latin-1"))]
        if cached:
            self.raw_headers.append((b"cache-control", _VALIDATION))
            if age is not None:
                self.raw_headers.append((b"age", str(age).encode("latin-1")))


def _cache_directives(header: bytes | None) -> frozenset[str]:
    """The directives of a request's ``Cache-Control`` (and ``Pragma``), lower case, without spaces."""
    if not header:
        return frozenset()
    return frozenset(part.strip().replace(" ", "") for part in header.decode("latin-1").lower().split(","))


@lru_cache(maxsize=16)
def _answer_headers(media_type: str) -> tuple[tuple[bytes, bytes], ...]:
    return ((b"content-type", media_type.encode("latin-1")), (b"vary", b"Accept"))


def form_items(data: bytes, *, errors: str = "strict") -> list[tuple[str, str]]:
    """The fields of an ``application/x-www-form-urlencoded`` body (or an ASCII query string).

    The same as ``parse_qsl(data.decode(), keep_blank_values=True, errors=errors)``, four times
    faster on a percent-encoded query: the escapes are decoded in C, not one by one in Python.

    >>> form_items(b"query=ASK+%7B%7D&format=&x")
    [('query', 'ASK {}'), ('format', ''), ('x', '')]
    """
    items = []
    for field in data.split(b"&"):
        if field:
            name, _, value = field.partition(b"=")
            items.append((_unquote_plus(name, errors), _unquote_plus(value, errors)))
    return items


def _unquote_plus(data: bytes, errors: str) -> str:
    if b"+" in data:
        data = data.replace(b"+", b" ")
    if b"%" in data:
        # %XX -> \xXX for the C escape decoder, with every backslash doubled first so that no
        # other escape exists; a malformed % (not two hex digits) makes it fail: then the
        # standard library's decoder, which leaves such a % as it is.
        try:
            data = codecs.escape_decode(data.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]
        except ValueError:
            data = unquote_to_bytes(data)
    return data.decode("utf-8", errors)


def _query_items(query_string: bytes) -> list[tuple[str, str]]:
    """The parameters of a query string, as Starlette's ``QueryParams`` reads them."""
    if query_string.isascii():
        return form_items(query_string, errors="replace")
    return parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


def _server(scope: Scope) -> tuple[str, int] | None:
    server = scope.get("server")
    return (server[0], server[1]) if server else None


@lru_cache(maxsize=64)
def _base_iri(scheme: str, server: tuple[str, int] | None, path: str, host: str | None) -> str:
    """The request's URL without its query: the base IRI of the query (Starlette's reading of Host)."""
    headers = [(b"host", host.encode("latin-1"))] if host is not None else []
    scope = {"type": "http", "scheme": scheme, "server": server, "path": path, "headers": headers}
    return str(URL(scope=scope))


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


async def _read_body(receive: Receive, length: str | None) -> bytes:
    if length and length.isdigit() and int(length) > MAX_QUERY_BYTES:
        raise BadRequest(f"the request body is larger than {MAX_QUERY_BYTES} bytes", parameter="query",
                         hint="send a shorter query")
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_QUERY_BYTES:
            raise BadRequest(f"the request body is larger than {MAX_QUERY_BYTES} bytes", parameter="query",
                             hint="send a shorter query")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


router = SparqlRouter()
