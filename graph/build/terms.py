"""The build's RDF terms: vocabulary and values as pyoxigraph terms, and conversion to and from rdflib.

The emitter (:mod:`.emit`) writes pyoxigraph terms only; ``rdflib_quads`` derives rdflib
statements from them (for ``build_dataset`` and ``build_graph``), and ``ox_quads`` turns rdflib
statements (the parsed ontology, the analyses' metrics) into pyoxigraph quads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import pyoxigraph as ox
from rdflib import RDF as _RDF, RDFS as _RDFS, XSD as _XSD, Literal, URIRef
from rdflib.term import Node

from napkg.graph import namespace as _ns

__all__ = [
    "Term", "Quad", "nap", "dcterms", "foaf", "m8g", "oa", "org", "pplan", "prov", "skos", "owltime", "rdf",
    "rdfs", "xsd", "iri", "literal", "text", "decimal", "rdflib_quads", "ox_quads",
]

Quad = tuple[Node, Node, Node, URIRef]
"""A statement of rdflib terms: (subject, predicate, object, graph name)."""

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""A pyoxigraph term: what the emitter writes (rdflib terms are derived from it, see :func:`build_dataset`)."""


class _OxTerms:
    """A namespace's terms as pyoxigraph ``NamedNode`` objects, each made once, then read as a plain attribute.

    Misspelt terms still raise, as the rdflib namespace underneath does.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        term = ox.NamedNode(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


nap, dcterms, foaf, m8g, oa, org, pplan, prov, skos, owltime, rdf, rdfs, xsd = (_OxTerms(n) for n in (
    _ns.NAP, _ns.DCTERMS, _ns.FOAF, _ns.M8G, _ns.OA, _ns.ORG, _ns.PPLAN, _ns.PROV, _ns.SKOS, _ns.TIME,
    _RDF, _RDFS, _XSD))
_IRIS: dict[str, ox.NamedNode] = {}


def iri(term: str | None) -> ox.NamedNode | None:
    """The NamedNode of an IRI the build uses again and again (concepts, plans, documents), made once."""
    if term is None:
        return None
    found = _IRIS.get(term)
    if found is None:
        found = _IRIS[term] = ox.NamedNode(term)
    return found


def literal(value: str | int | date) -> ox.Literal:
    """A literal with the datatype and lexical form rdflib gives the Python value (a string is plain)."""
    if isinstance(value, str):
        return ox.Literal(value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=xsd.boolean)
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=xsd.integer)
    if isinstance(value, datetime):
        return ox.Literal(value.isoformat(), datatype=xsd.dateTime)
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=xsd.date)
    raise TypeError(f"no literal form for {value!r} ({type(value).__name__})")


def text(value: str, lang: str | None) -> ox.Literal:
    return ox.Literal(value, language=lang)


def decimal(value: float) -> ox.Literal:
    """An ``xsd:decimal`` in rdflib's lexical form for the number (as the graph has always written it)."""
    return ox.Literal(str(Literal(str(value), datatype=_XSD.decimal)), datatype=xsd.decimal)


def _rdflib_terms() -> Callable[[Term], Node]:
    """A function turning the pyoxigraph terms of :func:`iter_quads` into rdflib terms, IRIs cached."""
    from rdflib import BNode

    iris: dict[ox.NamedNode, URIRef] = {}
    string = _XSD.string

    def term(node: Term) -> Node:
        if isinstance(node, ox.NamedNode):
            found = iris.get(node)
            if found is None:
                found = iris[node] = URIRef(node.value)
            return found
        if isinstance(node, ox.Literal):
            if node.language:
                return Literal(node.value, lang=node.language)
            datatype = term(node.datatype)
            return Literal(node.value) if datatype == string else Literal(node.value, datatype=datatype)
        if isinstance(node, ox.BlankNode):
            return BNode(node.value)
        raise TypeError(f"not an RDF term: {node!r}")

    return term


def rdflib_quads(quads: Iterable[ox.Quad]) -> Iterator[Quad]:
    """The pyoxigraph quads of :func:`iter_quads` as rdflib (subject, predicate, object, graph name) tuples."""
    term = _rdflib_terms()
    for quad in quads:
        yield term(quad.subject), term(quad.predicate), term(quad.object), term(quad.graph_name)


def _ox_terms() -> Callable[[Node], Term]:
    """A function turning rdflib terms into pyoxigraph terms, IRIs cached."""
    from rdflib import BNode

    iris: dict[str, ox.NamedNode] = {}
    literal, named = ox.Literal, ox.NamedNode

    def term(node: Node) -> Term:
        if isinstance(node, URIRef):
            found = iris.get(node)
            if found is None:
                found = iris[node] = named(node)
            return found
        if isinstance(node, Literal):
            if node.language:
                return literal(str(node), language=node.language)
            if node.datatype is None:
                return literal(str(node))
            return literal(str(node), datatype=term(node.datatype))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        raise TypeError(f"not an RDF term: {node!r}")

    return term


def ox_quads(quads: Iterable[Quad]) -> Iterator[ox.Quad]:
    """Quads of rdflib terms (the ontology, the analyses' metrics) as pyoxigraph ``Quad`` objects."""
    term, quad = _ox_terms(), ox.Quad
    for s, p, o, g in quads:
        yield quad(term(s), term(p), term(o), term(g))
