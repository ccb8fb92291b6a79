"""``/id/…`` and ``/ontology``: one URL per thing, a page for people and a description for RDF clients.

The path is the IRI's own (``https://w3id.org/nap-kg/id/body/az/ministry-of-justice`` is served at
``/id/body/az/ministry-of-justice``). By ``format=``, else by ``Accept``: ``text/html`` gets the page,
Turtle, JSON-LD, N-Triples and RDF/XML get the description (:mod:`napkg.graph.describe`), with
``Link: rel="alternate"`` headers. An unknown IRI is a 404, with the closest IRIs the graph has.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from rdflib.namespace import RDFS

from napkg.api.errors import BadRequest, error_example
from napkg.api.pages.cache import page_cache
from napkg.api.pages.render import HTML_EXAMPLE, RDF_EXAMPLES, alternate_links, iri_path, link_header, names_html, render
from napkg.api.pages.view import TERM_QUERY, TermLabels, entity_view, evidence_view, main_claim, term_labels
from napkg.api.routes.downloads import download_ontology
from napkg.graph.describe import BASE, Description, close_matches, description_query, parse_description
from napkg.graph.errors import NotFound
from napkg.graph.namespace import DCTERMS, NAP, ONTOLOGY_IRI
from napkg.graph.jsonld import compact_jsonld, parse_to_dataset
from napkg.graph.store import (
    GRAPH_FORMATS, JSON_LD, N_TRIPLES, FormatChoice, MediaFormat, accept_quality, choose_formats, find_format,
)

__all__ = ["router", "negotiate", "describe_async", "FORMAT_QUERY", "entity_iri", "entity_response"]

router = APIRouter(tags=["pages"])

IRI_SAFE = "/:@!$&'()*+,;=-._~%" + "".join(chr(c) for c in range(0xA0, 0x250))  # RFC 3987 keeps letters
FORMAT_HINT = "use format=html for the page, or turtle, jsonld, ntriples or rdfxml"
_NT = FormatChoice(results=None, graph=N_TRIPLES)
FORMAT_QUERY = Query(description="`html` for the page, or an RDF format (`turtle`, `jsonld`, `ntriples`, "
                                       "`rdfxml`, or a media type): overrides `Accept`.", examples=["turtle"])


def negotiate(request: Request, format: str | None) -> MediaFormat | None:
    """The RDF format to answer in, or None for the HTML page (``format`` first, then ``Accept``)."""
    if format is not None:
        if format.strip().lower() in ("html", "text/html"):
            return None
        chosen = find_format(format, GRAPH_FORMATS)
        if chosen is None:
            raise BadRequest(f"format {format!r} is not an RDF graph format", parameter="format",
                             hint=FORMAT_HINT)
        return chosen
    accept = request.headers.get("accept")
    if not accept:
        return None
    graph = choose_formats(accept).graph
    rdf_q = max((accept_quality(accept, m) for f in GRAPH_FORMATS for m in f.media_types
                 if m not in ("text/plain", "application/json", "application/xml", "text/xml")), default=0.0)
    html_q = accept_quality(accept, "text/html")
    return graph if rdf_q > html_q else None


async def describe_async(request: Request, iri: str, formats: FormatChoice = _NT) -> Any:
    """The description of ``iri`` from the app's store (an :class:`~napkg.graph.store.Answer`)."""
    return await request.app.state.store.query(description_query(iri), formats=formats)


def _terms(request: Request) -> TermLabels:
    cached = getattr(request.app.state, "page_terms", None)
    if cached is None:
        cached = term_labels(request.app.state.store.select(TERM_QUERY))
        request.app.state.page_terms = cached
    return cached


def _near(request: Request, iri: str) -> list[str]:
    stem = iri.rsplit("/", 2)[0] + "/" if iri.count("/") > 5 else BASE + "/id/"
    rows = request.app.state.store.select(
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{stem}") '
        f'&& !CONTAINS(STR(?s), "#")) }} LIMIT 20000')
    return close_matches((str(r["s"]) for r in rows), iri)


def not_found(request: Request, iri: str, rdf: MediaFormat | None) -> Response:
    """A 404 naming the closest IRIs: a page for browsers, the JSON error for every other client."""
    near = _near(request, iri)
    if rdf is not None or not names_html(request):
        raise NotFound(f"nap-kg has nothing about <{iri}>", suggestions=[iri_path(n) or n for n in near])
    return render(request, "notfound.html", {"title": "Not found", "iri": iri, "near": near}, status_code=404)


async def _evidence(request: Request, d: Description) -> list[dict[str, Any]]:
    found = []
    for term in d.values(str(NAP.evidence)):
        answer = await describe_async(request, term.value)
        found.append(evidence_view(parse_description(term.value, answer.body)))
    found.sort(key=lambda e: (str(e["date"] or ""), e["status"] is None, e["iri"]))  # a graded entry before its further passages
    return found


async def entity_response(request: Request, iri: str, format: str | None, *, template: str = "entity.html",
                          extra: dict[str, Any] | None = None) -> Response:
    """The page or the description of ``iri``, as the request asks (from the app's page cache if there)."""
    rdf = negotiate(request, format)
    key = (iri, rdf.key if rdf is not None else "html", template, request.url.query)
    cache = page_cache(request)
    if (cached := cache.get(key)) is not None:
        return cached
    return cache.put(key, await _answer(request, iri, rdf, template, extra))


async def _answer(request: Request, iri: str, rdf: MediaFormat | None, template: str,
                  extra: dict[str, Any] | None) -> Response:
    links = alternate_links(request)
    headers = {"Link": link_header(links), "Vary": "Accept"}
    if rdf is not None:
        answer = await describe_async(request, iri, FormatChoice(results=None, graph=N_TRIPLES if rdf is JSON_LD else rdf))
        if not answer.size:
            return not_found(request, iri, rdf)
        if rdf is JSON_LD:  # compact, with nap-kg's context
            return Response(compact_jsonld(parse_to_dataset(answer.body).default_graph), media_type=rdf.media_type,
                            headers=headers)
        return Response(answer.body, media_type=answer.media_type, headers=headers)
    d = parse_description(iri, (await describe_async(request, iri)).body)
    if not d.found:
        return not_found(request, iri, None)
    terms = _terms(request)
    view = entity_view(d, terms)
    context: dict[str, Any] = {"title": view["label"], "e": view, "alternates": links, **(extra or {})}
    if view["kind"] == "activity":
        context["evidence"] = await _evidence(request, d)
        context["claim"] = main_claim(context["evidence"])
    if view["kind"] in ("body", "activity"):
        context["viz"] = f"/viz?focus={iri_path(iri)}"
    return render(request, template, context, headers=headers)


@router.get("/id/{path:path}", summary="An entity: its page or its description",
            description="The IRI `https://w3id.org/nap-kg/id/<path>` dereferenced: `text/html` gets the page, "
                        "`text/turtle`, `application/ld+json`, `application/n-triples` and `application/rdf+xml` "
                        "get its description (own statements, those of its `#` parts, incoming links, labels).",
            response_class=Response,
            responses={200: {"description": "The page or the description.", "content": {**HTML_EXAMPLE, **RDF_EXAMPLES}},
                       400: {"description": "An unknown `format`.",
                             **error_example(BadRequest, "unknown format 'csv'; use one of turtle, jsonld, ntriples, rdfxml",
                                             parameter="format", hint=FORMAT_HINT)},
                       404: {"description": "No such entity: the closest IRIs the graph has.",
                             **error_example(NotFound, "nap-kg has nothing about <https://w3id.org/nap-kg/id/body/az/ministry-of-justise>",
                                             suggestions=["/id/body/az/ministry-of-justice"])}})
async def entity(request: Request, path: str, format: Annotated[str | None, FORMAT_QUERY] = None) -> Response:
    """The entity at ``/id/<path>``."""
    return await entity_response(request, entity_iri(f"id/{path}"), format)


def entity_iri(path: str) -> str:
    """The IRI of a path under ``/`` (``id/…``), characters an IRI cannot hold percent-encoded.

    >>> entity_iri("id/body/az/a b<c>")
    'https://w3id.org/nap-kg/id/body/az/a%20b%3Cc%3E'
    """
    return f"{BASE}/{quote(path, safe=IRI_SAFE)}"



def _ontology_terms(request: Request) -> list[dict[str, Any]]:
    rows = request.app.state.store.select(
        f"SELECT ?t ?type ?l ?c WHERE {{ GRAPH <{ONTOLOGY_IRI}> {{ ?t a ?type ; <{RDFS.label}> ?l "
        f'OPTIONAL {{ ?t <{RDFS.comment}> ?c }} FILTER(STRSTARTS(STR(?t), "{NAP}")) }} }}')
    terms: dict[str, dict[str, Any]] = {}
    for r in rows:
        t = str(r["t"])
        entry = terms.setdefault(t, {"iri": t, "name": t.rsplit("#", 1)[-1], "label": str(r["l"]),
                                     "comment": r.get("c"), "types": set()})
        entry["types"].add(str(r["type"]).rsplit("#", 1)[-1])
    return sorted(terms.values(), key=lambda t: t["name"].lower())


@router.get("/ontology", include_in_schema=False,
            description="Browsers get a page with every term of `https://w3id.org/nap-kg/ontology#` (each at its "
                        "`#Term` anchor); other clients get the ontology file, in the format asked for.",
            response_class=Response)
async def ontology(request: Request, format: Annotated[str | None, FORMAT_QUERY] = None) -> Response:
    """Browsers get a page with every term of the ontology, each at its ``#Term`` anchor; others the file."""
    wanted = format.strip().lower() if format is not None else None
    if wanted == "html" or (wanted is None and _prefers_html(request)):
        return await entity_response(request, str(ONTOLOGY_IRI), "html", template="ontology.html",
                                     extra={"terms": _ontology_terms(request)})
    if wanted is not None and wanted not in _ONTOLOGY_FORMATS:
        raise BadRequest(f"format: Input should be {', '.join(map(repr, _ONTOLOGY_FORMATS))} or 'html'",
                         parameter="format", hint=FORMAT_HINT)
    return download_ontology(request, wanted)  # type: ignore[arg-type]


_ONTOLOGY_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")


def _prefers_html(request: Request) -> bool:
    accept = request.headers.get("accept")
    return bool(accept) and accept_quality(accept, "text/html") > accept_quality(accept, "text/turtle")
