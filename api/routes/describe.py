"""The service's descriptions of itself: the SPARQL Service Description, VoID and DCAT, the JSON-LD context.

- ``GET /sparql`` without a query, from an RDF client: the Service Description
  (:func:`service_description_response`; the fast route of :mod:`napkg.api.fast_path` calls it);
- ``GET /.well-known/void``: the dataset in VoID and DCAT;
- ``GET /context.jsonld``: the ``@context`` that ``/graph?format=jsonld`` and entity descriptions use.

Each description is Turtle, JSON-LD, N-Triples or RDF/XML by ``format=`` or ``Accept``. The
counts behind them are made once per app (:func:`statistics`): the graph is read-only.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from rdflib import Graph
from starlette.types import Scope

from napkg.api.deps import once_per_app
from napkg.api.errors import BadRequest, error_example
from napkg.graph.descriptions import DatasetStatistics, dataset_statistics, service_description, void_description
from napkg.graph.jsonld import CONTEXT_PATH, jsonld_context
from napkg.graph.store import GRAPH_FORMATS, GraphStore, MediaFormat, choose_format, choose_formats

__all__ = ["router", "VOID_PATH", "statistics", "service_description_response", "void_urls"]

VOID_PATH = "/.well-known/void"
_RDFLIB = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt", "rdfxml": "xml"}

router = APIRouter(tags=["descriptions"])


async def statistics(app: Any, store: GraphStore) -> DatasetStatistics:
    """The store's counts, made at the first request and kept on ``app.state``."""
    return await once_per_app(app, "dataset_statistics", lambda: dataset_statistics(store.select))


def _base(scope: Scope) -> str:
    """The service's base URL (scheme, host and root path) as the request names it."""
    scheme = scope.get("scheme", "http")
    host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
    if host is None:
        server = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server[0]}:{server[1]}"
    return f"{scheme}://{host}{scope.get('root_path', '')}"


def void_urls(scope: Scope) -> dict[str, str]:
    """The IRIs the descriptions use: endpoint, VoID document and dataset, and the dumps."""
    base = _base(scope)
    return {"endpoint": f"{base}/sparql", "void": f"{base}{VOID_PATH}", "dataset": f"{base}{VOID_PATH}#dataset",
            "nquads": f"{base}/graph?format=nquads", "trig": f"{base}/graph?format=trig",
            "turtle": f"{base}/graph?format=turtle", "jsonld": f"{base}/graph?format=jsonld"}


def _choose(accept: str | None, format: str | None) -> MediaFormat:
    try:
        return choose_format(accept, format, GRAPH_FORMATS)
    except ValueError as exc:
        raise BadRequest(str(exc), parameter="format") from None


def _rdf_response(graph: Graph, accept: str | None, format: str | None) -> Response:
    fmt = _choose(accept, format)
    body = graph.serialize(format=_RDFLIB[fmt.key], encoding="utf-8")
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


def _header(scope: Scope, name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == name), None)


async def service_description_response(scope: Scope, store: GraphStore) -> Response:
    """The Service Description of the endpoint ``scope`` asks, in the format ``format=`` names or ``Accept`` ranks highest."""
    formats = [v for k, v in parse_qsl(scope.get("query_string", b"").decode("latin-1")) if k == "format"]
    try:  # as /sparql reads them: SPARQLWrapper sends a name and media types together
        fmt = choose_formats(_header(scope, b"accept"), formats or None).graph
    except ValueError as exc:
        raise BadRequest(str(exc), parameter="format") from None
    if fmt is None:
        raise BadRequest(f"format={formats[0]!r} is not an RDF format; use one of turtle, jsonld, ntriples, rdfxml",
                         parameter="format")
    urls = void_urls(scope)
    stats = await statistics(scope["app"], store)
    graph = service_description(urls["endpoint"], dataset=urls["dataset"], void=urls["void"], stats=stats)
    return _rdf_response(graph, None, fmt.key)


def _modified(app: Any) -> datetime:
    """When the graph's data last changed: the graph file, else the newest file of the data edition."""
    settings = app.state.settings
    paths = [Path(settings.graph_file)] if getattr(settings, "graph_file", None) else \
        [p for p in Path(settings.data_dir).rglob("*") if p.is_file()]
    newest = max((p.stat().st_mtime for p in paths if p.exists()), default=0.0)
    return datetime.fromtimestamp(newest, tz=timezone.utc)


_FORMAT = Query(description="turtle (default), jsonld, ntriples or rdfxml, overriding Accept.",
                examples=["turtle"], json_schema_extra={"enum": sorted(_RDFLIB)})
_VOID_EXAMPLE = ('@prefix void: <http://rdfs.org/ns/void#> .\n<http://127.0.0.1:8000/.well-known/void#dataset> '
                 'a void:Dataset ; void:triples 103214 ; void:sparqlEndpoint <http://127.0.0.1:8000/sparql> .\n')


@router.get(
    VOID_PATH,
    response_class=Response,
    summary="The dataset in VoID and DCAT",
    description="Counts (`void:triples`, `void:entities`, class and property partitions), the SPARQL endpoint, "
                "the dumps, the licences (data and ontology CC BY 4.0, code MIT), the source documents, "
                "`dcterms:modified` and the creators. Turtle, JSON-LD, N-Triples or RDF/XML by `format` or `Accept`.",
    responses={200: {"description": "The VoID description.", "content": {
                   "text/turtle": {"example": _VOID_EXAMPLE},
                   "application/ld+json": {"example": '{"@id": "http://127.0.0.1:8000/.well-known/void#dataset", '
                                                      '"@type": ["http://rdfs.org/ns/void#Dataset"]}'},
                   "application/n-triples": {"example": '<http://127.0.0.1:8000/.well-known/void#dataset> '
                                                        '<http://rdfs.org/ns/void#triples> "103214"^^'
                                                        '<http://www.w3.org/2001/XMLSchema#integer> .\n'},
                   "application/rdf+xml": {"example": '<?xml version="1.0" encoding="utf-8"?><rdf:RDF xmlns:rdf='
                                                      '"http://www.w3.org/1999/02/22-rdf-syntax-ns#">…</rdf:RDF>'}}},
               400: {"description": "An unknown `format`.",
                     **error_example(BadRequest, "format='csv' is not a format of this route; use one of turtle, "
                                     "jsonld, ntriples, rdfxml", parameter="format")}},
)
async def void(request: Request, format: Annotated[str | None, _FORMAT] = None) -> Response:
    """VoID and DCAT."""
    urls = void_urls(request.scope)
    stats = await statistics(request.app, request.app.state.store)
    graph = void_description(dataset=urls["dataset"], endpoint=urls["endpoint"], stats=stats,
                             dumps={k: urls[k] for k in ("nquads", "trig", "turtle", "jsonld")},
                             modified=_modified(request.app))
    return _rdf_response(graph, request.headers.get("accept"), format)


@router.get(
    CONTEXT_PATH,
    summary="The JSON-LD context",
    description="The `@context` of nap-kg's JSON-LD: the prefixes, and a compact term for every class and "
                "property of the ontology (object properties take IRIs) and for the reused labels.",
    response_class=Response,
    responses={200: {"description": "The context.", "content": {"application/ld+json": {"example": {"@context": {
        "nap": "https://w3id.org/nap-kg/ontology#", "code": "nap:code",
        "implementedBy": {"@id": "nap:implementedBy", "@type": "@id"}, "label": "rdfs:label"}}}}}},
)
async def context() -> Response:
    """The JSON-LD context."""
    return JSONResponse({"@context": jsonld_context()}, media_type="application/ld+json",
                        headers={"Cache-Control": "public, max-age=3600"})
