"""An entity's description: what the graph says about one IRI, for its page and its RDF answer.

The description of ``<X>`` (:func:`description_query`, a SPARQL CONSTRUCT) holds

- its own statements, and those of its hash-IRI parts (``X#period``, ``X#metrics``, ``X#source``
  and the parts of those, as ``X#lines``), and of its qualified associations;
- its incoming links (``?s ?p <X>``), each linking subject with its label, type, code and status;
- the labels of everything it and its parts link to.

:func:`describe` runs it on a store and reads the answer into a :class:`Description`, which
pages read by subject and property. Nothing here depends on the web layer.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from rdflib.namespace import RDF, RDFS

from napkg.graph.namespace import DCTERMS, ID, NAP, OA, PROV, SKOS
from napkg.graph.store import N_TRIPLES, FormatChoice

__all__ = [
    "BASE", "LABELS", "Description", "SourceRef", "description_query", "describe", "parse_description",
    "close_matches",
]

BASE = str(ID).removesuffix("/id/")  # every IRI nap-kg mints starts with it: https://w3id.org/nap-kg

RDF_TYPE, RDF_VALUE = str(RDF.type), str(RDF.value)
RDFS_LABEL, SKOS_PREF, DCT_TITLE = str(RDFS.label), str(SKOS.prefLabel), str(DCTERMS.title)
PROV_DERIVED, PROV_QUALIFIED = str(PROV.wasDerivedFrom), str(PROV.qualifiedAssociation)
OA_SOURCE, OA_SELECTOR, OA_EXACT = str(OA.hasSource), str(OA.hasSelector), str(OA.exact)
LABELS = (RDFS_LABEL, SKOS_PREF, DCT_TITLE)  # the properties that name a thing, in order of preference

_N_TRIPLES_ONLY = FormatChoice(results=None, graph=N_TRIPLES)


def _iri(value: str) -> str:
    if any(c in value for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not an IRI nap-kg can describe: {value!r}")
    return f"<{value}>"


def description_query(iri: str) -> str:
    """The CONSTRUCT query of the description of ``iri``.

    >>> "CONSTRUCT" in description_query("https://w3id.org/nap-kg/id/country/az")
    True
    """
    x = _iri(iri)
    stem = iri + "#" if "#" not in iri else None  # a term of the ontology (``…#Term``) has no parts

    def each(properties: tuple[str, ...], pattern: str) -> list[str]:
        # one branch a property: a VALUES list of properties would have the engine scan them all first
        return [f"{{ {pattern} ?s <{p}> ?o BIND(<{p}> AS ?p) }}" for p in properties]

    context = (*LABELS, RDF_TYPE, str(NAP.code), str(NAP.status))
    unions = [
        f"{{ VALUES ?s {{ {x} }} ?s ?p ?o }}",
        f"{{ {x} <{PROV_QUALIFIED}> ?s . ?s ?p ?o }}",
        f"{{ VALUES ?o {{ {x} }} ?s ?p ?o }}",
        *each(context, f"?s ?p0 {x} ."),
        *each(LABELS, f"?in ?p0 {x} . ?in <{NAP.status}> ?s ."),
        *each(LABELS, f"{x} ?p0 ?s . FILTER(isIRI(?s))"),
    ]
    if stem is not None:
        is_part = f'STRSTARTS(STR(?s), "{stem}")'
        part_of_part = (f"{x} ?p0 ?part . FILTER(isIRI(?part) && STRSTARTS(STR(?part), \"{stem}\")) "
                        f"?part ?p1 ?s . FILTER(isIRI(?s) && !{is_part})")
        unions += [
            f"{{ {x} ?p0 ?s . FILTER(isIRI(?s) && {is_part}) ?s ?p ?o }}",
            f"{{ {x} ?p0 ?part . FILTER(isIRI(?part) && STRSTARTS(STR(?part), \"{stem}\")) "
            f"?part ?p1 ?s . FILTER(isIRI(?s) && {is_part}) ?s ?p ?o }}",
            *each(LABELS, part_of_part),
        ]
    return "CONSTRUCT { ?s ?p ?o } WHERE {\n  " + "\n  UNION ".join(unions) + "\n}"


@dataclass(frozen=True)
class SourceRef:
    """Where a statement comes from: a source document, a fragment (``line=14,15``, ``row=3``), a quote."""

    document: str
    fragment: str | None = None
    exact: str | None = None


@dataclass
class Description:
    """The triples of one entity's description, indexed by subject and by object."""

    iri: str
    triples: list[ox.Triple] = field(default_factory=list)
    _out: dict[str, dict[str, list[Any]]] = field(default_factory=dict, repr=False)
    _in: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        incoming: dict[str, list[str]] = defaultdict(list)
        for t in self.triples:
            subject, predicate = t.subject.value, t.predicate.value
            out[subject][predicate].append(t.object)
            if isinstance(t.object, ox.NamedNode) and t.object.value == self.iri:
                incoming[predicate].append(subject)
        self._out, self._in = out, incoming

    @property
    def found(self) -> bool:
        """Whether the graph says anything about the IRI itself."""
        return bool(self._out.get(self.iri)) or bool(self._in)

    def statements(self, subject: str | None = None) -> dict[str, list[Any]]:
        """Every property of ``subject`` (the entity itself by default) with its values (pyoxigraph terms)."""
        return self._out.get(subject or self.iri, {})

    def values(self, predicate: str, subject: str | None = None) -> list[Any]:
        """The values of ``predicate`` on ``subject`` (the entity itself by default)."""
        return self.statements(subject).get(predicate, [])

    def value(self, predicate: str, subject: str | None = None) -> Any:
        """The first value (as Python text or number) of ``predicate`` on ``subject``, or None."""
        found = self.values(predicate, subject)
        return _python(found[0]) if found else None

    def incoming(self) -> dict[str, list[str]]:
        """The subjects that link to the entity, by property."""
        return self._in

    def label(self, iri: str) -> str | None:
        """A name the description gives ``iri``, if any."""
        for predicate in LABELS:
            found = self.values(predicate, iri)
            if found:
                return str(found[0].value)
        return None

    def types(self, subject: str | None = None) -> list[str]:
        """The classes of ``subject`` (the entity itself by default)."""
        return [t.value for t in self.values(RDF_TYPE, subject)]

    def parts(self) -> list[str]:
        """The hash-IRI parts the description holds statements of, in IRI order."""
        if "#" in self.iri:
            return []
        stem = self.iri + "#"
        return sorted(s for s in self._out if s.startswith(stem))

    def sources(self, subject: str | None = None) -> list[SourceRef]:
        """Where ``subject``'s statements come from (``prov:wasDerivedFrom`` resources)."""
        refs = []
        for target in self.values(PROV_DERIVED, subject):
            for document in self.values(OA_SOURCE, target.value):
                fragments: list[str | None] = []
                exact = None
                for selector in self.values(OA_SELECTOR, target.value):
                    if (v := self.value(RDF_VALUE, selector.value)) is not None:
                        fragments.append(str(v))
                    if (e := self.value(OA_EXACT, selector.value)) is not None:
                        exact = str(e)
                for fragment in fragments or [None]:
                    refs.append(SourceRef(document.value, fragment, exact))
        return refs


def _python(term: Any) -> Any:
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if datatype.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if datatype.endswith("#boolean"):
            return term.value == "true"
    return term.value


def parse_description(iri: str, ntriples: bytes) -> Description:
    """A :class:`Description` of ``iri`` from its description as N-Triples."""
    return Description(iri, list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)))


def describe(store: Any, iri: str) -> Description:
    """The description of ``iri`` in ``store`` (a :class:`~napkg.graph.store.GraphStore`), run in this thread."""
    answer = store.query_sync(description_query(iri), formats=_N_TRIPLES_ONLY)
    return parse_description(iri, answer.body)


def close_matches(iris: Iterable[str], iri: str, *, n: int = 5) -> list[str]:
    """The IRIs of ``iris`` closest to ``iri`` (for a 404 page), closest first.

    >>> close_matches(["https://w3id.org/nap-kg/id/body/az/ministry-of-justice"],
    ...               "https://w3id.org/nap-kg/id/body/az/ministry-of-justise")
    ['https://w3id.org/nap-kg/id/body/az/ministry-of-justice']
    """
    return difflib.get_close_matches(iri, list(iris), n=n, cutoff=0.6)
