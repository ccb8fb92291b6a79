"""The SPARQL 1.1 Service Description of ``/sparql`` and the VoID and DCAT description of the dataset.

Both are rdflib graphs built from what the store holds (:func:`dataset_statistics`: triples,
entities, class and property partitions, named graphs) and from the format table and the
default prefixes, so that they cannot drift from what the service does. The service's IRIs
(endpoint, VoID document, downloads) are given by the caller: this module knows no web framework.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SH, VOID, XSD, ClosedNamespace

from napkg.graph.namespace import ID, NAP
from napkg.graph.store.formats import ALL_FORMATS, GRAPH_FORMATS, RESULT_FORMATS, MediaFormat
from napkg.graph.vocabulary import QUERY_PREFIXES

__all__ = [
    "SD", "FORMATS_NS", "FORMAT_IRIS", "CODE_LICENCE", "DATA_LICENCE", "CREATORS", "DatasetStatistics",
    "dataset_statistics", "service_description", "void_description",
]

SD = ClosedNamespace(  # rdflib has no SPARQL Service Description namespace: the terms used here
    "http://www.w3.org/ns/sparql-service-description#",
    ["Service", "endpoint", "supportedLanguage", "SPARQL11Query", "feature", "UnionDefaultGraph", "resultFormat",
     "defaultDataset", "Dataset", "defaultGraph", "Graph", "namedGraph", "NamedGraph", "name", "graph"])
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
FORMAT_IRIS: dict[str, URIRef] = {  # format key -> its W3C "Unique URIs for File Formats" IRI
    "json": FORMATS_NS.SPARQL_Results_JSON, "xml": FORMATS_NS.SPARQL_Results_XML,
    "csv": FORMATS_NS.SPARQL_Results_CSV, "tsv": FORMATS_NS.SPARQL_Results_TSV,
    "turtle": FORMATS_NS.Turtle, "jsonld": FORMATS_NS["JSON-LD"], "ntriples": FORMATS_NS["N-Triples"],
    "rdfxml": FORMATS_NS.RDF_XML, "nquads": FORMATS_NS["N-Quads"], "trig": FORMATS_NS.TriG,
}
CODE_LICENCE = URIRef("https://spdx.org/licenses/MIT")
DATA_LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")  # the ontology and the data edition
CREATORS = ("The nap-kg contributors",)
TITLE = "nap-kg: a knowledge graph of Open Government Partnership National Action Plans"
DESCRIPTION = ("Who owns which commitment of OGP National Action Plans, who it is only recommended to, what the "
               "evidence says was done, and where the load and the bottlenecks sit among the agencies.")

Select = Callable[[str], list[dict[str, Any]]]


@dataclass(frozen=True)
class DatasetStatistics:
    """What the store holds, counted once: for VoID and the service description."""

    triples: int
    entities: int
    classes: dict[str, int] = field(default_factory=dict)      # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)   # property IRI -> triples
    graphs: dict[str, int] = field(default_factory=dict)       # named graph -> triples
    sources: tuple[str, ...] = ()                               # the source documents


def dataset_statistics(select: Select) -> DatasetStatistics:
    """Count the store's triples, entities, partitions and graphs with ``select`` (a SELECT runner)."""
    def pairs(query: str, key: str) -> dict[str, int]:
        return {str(row[key]): int(row["n"]) for row in select(query) if key in row}

    total = select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    entities = select("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }")
    return DatasetStatistics(
        triples=int(total[0]["n"]) if total else 0,
        entities=int(entities[0]["n"]) if entities else 0,
        classes=pairs("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER isIRI(?c) } GROUP BY ?c", "c"),
        properties=pairs("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p", "p"),
        graphs=pairs("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", "g"),
        sources=tuple(sorted(str(r["d"]) for r in select(
            f"SELECT DISTINCT ?d WHERE {{ ?d a <{NAP.SourceDocument}> }}") if "d" in r)),
    )


def _declare_prefixes(g: Graph, subject: URIRef | BNode, prefixes: Mapping[str, str]) -> None:
    for prefix, iri in prefixes.items():  # as SHACL declares prefixes (sh:declare), which SPARQL tools read
        declaration = BNode()
        g.add((subject, SH.declare, declaration))
        g.add((declaration, SH.prefix, Literal(prefix)))
        g.add((declaration, SH.namespace, Literal(iri, datatype=XSD.anyURI)))


def _bind(g: Graph) -> Graph:
    for prefix, namespace in (("sd", SD), ("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF),
                              ("formats", FORMATS_NS), ("sh", SH), ("nap", NAP._NS), ("id", ID)):
        g.bind(prefix, namespace)
    return g


def service_description(endpoint: str, *, dataset: str, void: str, stats: DatasetStatistics,
                        formats: tuple[MediaFormat, ...] = RESULT_FORMATS + GRAPH_FORMATS) -> Graph:
    """The SPARQL 1.1 Service Description of the endpoint at ``endpoint``; ``dataset`` is VoID's dataset IRI.

    >>> from rdflib import URIRef
    >>> g = service_description("http://x/sparql", dataset="http://x/void#dataset", void="http://x/void",
    ...                         stats=DatasetStatistics(3, 1, graphs={"http://x/g": 3}))
    >>> (URIRef("http://x/sparql"), SD.supportedLanguage, SD.SPARQL11Query) in g
    True
    """
    g = _bind(Graph())
    service, data = URIRef(endpoint), URIRef(dataset)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for fmt in formats:
        g.add((service, SD.resultFormat, FORMAT_IRIS[fmt.key]))
    g.add((service, RDFS.comment, Literal(
        "Read-only: SPARQL Update and SERVICE are refused; FROM, FROM NAMED and the protocol's graph "
        "parameters select graphs the store holds, and nothing is ever fetched. Without them the default "
        "graph is the union of the named graphs.", lang="en")))
    _declare_prefixes(g, service, QUERY_PREFIXES)
    g.add((service, RDFS.seeAlso, URIRef(void)))
    g.add((service, SD.defaultDataset, data))
    g.add((data, RDF.type, SD.Dataset))
    default = BNode()
    g.add((data, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(stats.triples)))
    for name, triples in sorted(stats.graphs.items()):
        named, graph = BNode(), BNode()
        g.add((data, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(name)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(triples)))
    return g


def void_description(*, dataset: str, endpoint: str, dumps: Mapping[str, str], stats: DatasetStatistics,
                     modified: datetime, ontology: str = str(NAP._NS).rstrip("#")) -> Graph:
    """VoID and DCAT of the dataset ``dataset``: counts, partitions, endpoint, dumps, licences, sources.

    ``dumps`` maps a format key (see :data:`FORMAT_IRIS`) to the URL of the whole graph in it.
    """
    g = _bind(Graph())
    data, service = URIRef(dataset), URIRef(endpoint)
    g.add((data, RDF.type, VOID.Dataset))
    g.add((data, RDF.type, DCAT.Dataset))
    g.add((data, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((data, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((data, DCTERMS.license, DATA_LICENCE))
    g.add((data, DCTERMS.modified, Literal(modified.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))
    for name in CREATORS:
        creator = BNode()
        g.add((data, DCTERMS.creator, creator))
        g.add((creator, RDF.type, FOAF.Organization))
        g.add((creator, FOAF.name, Literal(name)))
    for source in stats.sources:
        g.add((data, DCTERMS.source, URIRef(source)))
    g.add((data, VOID.triples, Literal(stats.triples)))
    g.add((data, VOID.entities, Literal(stats.entities)))
    g.add((data, VOID.classes, Literal(len(stats.classes))))
    g.add((data, VOID.properties, Literal(len(stats.properties))))
    g.add((data, VOID.uriSpace, Literal(str(ID))))
    g.add((data, VOID.vocabulary, URIRef(ontology)))
    g.add((URIRef(ontology), DCTERMS.license, DATA_LICENCE))
    g.add((data, VOID.sparqlEndpoint, service))
    for cls, count in sorted(stats.classes.items()):
        part = BNode()
        g.add((data, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(count)))
    for prop, count in sorted(stats.properties.items()):
        part = BNode()
        g.add((data, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop)))
        g.add((part, VOID.triples, Literal(count)))
    media = {f.key: f.media_types[0] for f in ALL_FORMATS}
    for key, url in dumps.items():
        g.add((data, VOID.dataDump, URIRef(url)))
        distribution = BNode()
        g.add((data, DCAT.distribution, distribution))
        g.add((distribution, RDF.type, DCAT.Distribution))
        g.add((distribution, DCAT.downloadURL, URIRef(url)))
        g.add((distribution, DCAT.mediaType, URIRef(f"https://www.iana.org/assignments/media-types/{media[key]}")))
        g.add((distribution, DCTERMS["format"], FORMAT_IRIS[key]))
        g.add((distribution, DCTERMS.license, DATA_LICENCE))
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.servesDataset, data))
    g.add((service, DCTERMS.license, CODE_LICENCE))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    return g
