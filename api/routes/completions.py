"""``/completions``: the query editor's completion of classes, properties and entities, from the graph itself.

The query page's editor asks here instead of Linked Open Vocabularies, so completion works
offline and offers what the graph holds: the ontology's classes and properties, the classes and
properties the data uses, and the entities nap-kg mints (``id:``), found by IRI or by label.
The terms are read once per app (:func:`term_index`): the graph is read-only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from napkg.api.deps import once_per_app
from napkg.api.errors import BadRequest, error_example
from napkg.api.models import Completion, Completions
from napkg.graph.namespace import ID
from napkg.graph.store import GraphStore
from napkg.graph.vocabulary import QUERY_PREFIXES, SPARQL_PROLOGUE

__all__ = ["router", "term_index", "complete"]

_TERMS = SPARQL_PROLOGUE + f"""PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?iri ?kind (SAMPLE(?name) AS ?label) WHERE {{
  {{ ?iri a ?type VALUES (?type ?kind) {{ (owl:Class "class") (rdfs:Class "class") (owl:ObjectProperty "property")
     (owl:DatatypeProperty "property") (owl:AnnotationProperty "property") (rdf:Property "property") }} }}
  UNION {{ SELECT DISTINCT ?iri ("class" AS ?kind) WHERE {{ ?x a ?iri }} }}
  UNION {{ SELECT DISTINCT ?iri ("property" AS ?kind) WHERE {{ ?x ?iri ?y }} }}
  UNION {{ ?iri rdfs:label|skos:prefLabel|dcterms:title ?any BIND("entity" AS ?kind)
           FILTER(isIRI(?iri) && STRSTARTS(STR(?iri), "{ID}")) }}
  OPTIONAL {{ ?iri rdfs:label|skos:prefLabel|dcterms:title ?name }}
  FILTER(isIRI(?iri))
}} GROUP BY ?iri ?kind"""


async def term_index(app: Any, store: GraphStore) -> list[Completion]:
    """Every class, property and labelled entity of the graph, read once and kept on ``app.state``."""
    def read() -> list[Completion]:
        return [Completion(iri=str(r["iri"]), label=r.get("label"), kind=r["kind"]) for r in store.select(_TERMS)]

    return await once_per_app(app, "completion_terms", read)


def _local(text: str) -> str:
    """``text`` without a known namespace in front: what is left to match against labels and local names."""
    for namespace in _NAMESPACES.values():
        if text.startswith(namespace):
            return text[len(namespace):]
    return text


_NAMESPACES = {**QUERY_PREFIXES, "id": str(ID)}


def _expand(text: str) -> str:
    """``text`` with a known prefix (``nap:``, ``id:``, …) written out.

    >>> _expand("nap:Act"), _expand("x:y")
    ('https://w3id.org/nap-kg/ontology#Act', 'x:y')
    """
    prefix, colon, rest = text.partition(":")
    namespace = _NAMESPACES.get(prefix) if colon else None
    return namespace + rest if namespace is not None and not rest.startswith("//") else text


def complete(terms: list[Completion], q: str, kind: str | None, limit: int) -> list[Completion]:
    """The terms of ``kind`` that ``q`` (an IRI's start, or words of a label) matches, best first.

    >>> terms = [Completion(iri="https://w3id.org/nap-kg/ontology#Activity", label="activity", kind="class"),
    ...          Completion(iri="https://w3id.org/nap-kg/id/body/az/cabinet", label="Cabinet of Ministers", kind="entity")]
    >>> [t.iri.rsplit("/", 1)[-1] for t in complete(terms, "https://w3id.org/nap-kg/ontology#Act", None, 10)]
    ['ontology#Activity']
    >>> [t.label for t in complete(terms, "https://w3id.org/nap-kg/id/minis", "entity", 10)]
    ['Cabinet of Ministers']
    """
    text = _expand(q.strip())
    wanted = text.casefold()
    words = _local(text).casefold().replace("_", " ")
    ranked: list[tuple[int, str, Completion]] = []
    for term in terms:
        if kind is not None and term.kind != kind:
            continue
        iri, label = term.iri.casefold(), (term.label or "").casefold()
        local = _local(term.iri).casefold()
        if iri.startswith(wanted):
            rank = 0
        elif words and (label.startswith(words) or local.startswith(words)):
            rank = 1
        elif words and (words in label or words in local):
            rank = 2
        else:
            continue
        ranked.append((rank, term.iri, term))
    ranked.sort(key=lambda item: (item[0], len(item[1]), item[1]))
    return [term for _, _, term in ranked[:limit]]


router = APIRouter(tags=["sparql"])


@router.get(
    "/completions",
    response_model=Completions,
    summary="Terms for the query editor's completion",
    description="Classes, properties and entities of the graph whose IRI starts with `q`, or whose label or "
                "local name contains what follows a known namespace in `q`. The query page's editor asks here "
                "instead of an outside service.",
    responses={200: {"content": {"application/json": {"example": {"terms": [
                   {"iri": "https://w3id.org/nap-kg/ontology#implementedBy", "label": "implemented by",
                    "kind": "property"}]}}}},
               400: {"description": "A bad parameter.",
                     **error_example(BadRequest, "q: String should have at least 1 character", parameter="q")}},
)
async def completions(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="An IRI's start (prefixes expanded) or words.",
                            examples=["https://w3id.org/nap-kg/ontology#impl"])],
    kind: Annotated[Literal["class", "property", "entity"] | None, Query(description="Only terms of this kind.", examples=["property"])] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="The most terms to answer.", examples=[50])] = 50,
) -> Completions:
    """Completion terms."""
    return Completions(terms=complete(await term_index(request.app, request.app.state.store), q, kind, limit))
