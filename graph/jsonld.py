"""JSON-LD people can read: nap-kg's ``@context`` and compact JSON-LD of a graph or a dataset.

:func:`jsonld_context` gives one compact term per term of nap-kg's ontology (``code``,
``implementedBy``, ``Activity``; object properties take IRIs), the reused labels (``label``,
``prefLabel``, ``title``) and the prefixes of :data:`~napkg.graph.vocabulary.QUERY_PREFIXES` and
``id:``. It is published at ``/context.jsonld``; :func:`compact_jsonld` writes RDF with it
(rdflib's JSON-LD serializer: one node object per subject of each graph, named graphs kept), and
reading the answer back with rdflib gives the same graph.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from napkg.graph.build import ONTOLOGY_FILE
from napkg.graph.namespace import ID, NAP
from napkg.graph.vocabulary import QUERY_PREFIXES

__all__ = ["CONTEXT_PATH", "jsonld_context", "compact_jsonld", "parse_to_dataset"]

CONTEXT_PATH = "/context.jsonld"

_REUSED = {  # compact terms for reused properties that every description carries
    "label": RDFS.label, "comment": RDFS.comment, "prefLabel": SKOS.prefLabel, "notation": SKOS.notation,
    "title": DCTERMS.title, "description": DCTERMS.description,
}
_OBJECT = (OWL.ObjectProperty,)
_PROPERTY = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
_NAMED = (OWL.Class, RDFS.Class, SKOS.Concept, SKOS.ConceptScheme, OWL.NamedIndividual)


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The ``@context`` (the value, without the wrapping ``{"@context": …}``): prefixes and compact terms.

    >>> context = jsonld_context()
    >>> context["nap"], context["implementedBy"], context["code"], context["label"]
    ('https://w3id.org/nap-kg/ontology#', {'@id': 'nap:implementedBy', '@type': '@id'}, 'nap:code', 'rdfs:label')
    """
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    namespace = str(NAP._NS)
    context: dict[str, Any] = {prefix: iri for prefix, iri in QUERY_PREFIXES.items()}
    context["id"] = str(ID)
    terms: dict[str, Any] = {}
    for kind in (*_NAMED, *_PROPERTY):
        for term in sorted(ontology.subjects(RDF.type, kind)):
            if not isinstance(term, URIRef) or not str(term).startswith(namespace):
                continue
            name = str(term)[len(namespace):]
            if name in context or not name.isidentifier():
                continue
            if kind in _OBJECT:
                terms[name] = {"@id": f"nap:{name}", "@type": "@id"}
            else:
                terms.setdefault(name, f"nap:{name}")
    for name, iri in _REUSED.items():
        prefix = next(p for p, ns in QUERY_PREFIXES.items() if str(iri).startswith(ns))
        terms.setdefault(name, f"{prefix}:{str(iri)[len(QUERY_PREFIXES[prefix]):]}")
    context.update(sorted(terms.items(), key=lambda item: item[0].casefold()))
    return context


def compact_jsonld(data: Graph | Dataset) -> bytes:
    """``data`` as compact JSON-LD with :func:`jsonld_context` inline; a Dataset keeps its named graphs."""
    text = data.serialize(format="json-ld", context=jsonld_context(), auto_compact=True, indent=None)
    return text.encode("utf-8")


def parse_to_dataset(nquads: bytes) -> Dataset:
    """N-Quads (or N-Triples) read into an rdflib Dataset: its triples in their named graphs."""
    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    return dataset
