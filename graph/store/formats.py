"""The format table: every RDF and SPARQL results format nap-kg reads or writes, one row a format.

Each row gives the format's ``format=`` name, the other names that select it, its media type
(and the other media types that select it in an ``Accept`` header), its file extension and its
pyoxigraph format. ``/sparql``, ``/graph``, ``/ontology``, the external-store client and the
downloads all read this table; the JSON lists take their ``json`` and ``csv`` rows, and the
network downloads (``/network``, ``napkg export``) the two network formats, GEXF and GraphML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

__all__ = [
    "MediaFormat", "RESULTS", "GRAPH", "DATASET",
    "SPARQL_JSON", "SPARQL_XML", "SPARQL_CSV", "SPARQL_TSV",
    "TURTLE", "JSON_LD", "N_TRIPLES", "RDF_XML", "N_QUADS", "TRIG",
    "NETWORK", "GEXF", "GRAPHML", "NETWORK_FORMATS",
    "RESULT_FORMATS", "GRAPH_FORMATS", "DATASET_FORMATS", "ALL_FORMATS", "FORMAT_NAMES",
    "format_by_key", "find_format", "OUTPUT_PREFIXES",
]

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"      # CONSTRUCT and DESCRIBE, or the union of a dataset's graphs
DATASET = "dataset"  # named graphs kept
NETWORK = "network"  # the activity–body network, for network tools (no pyoxigraph format)


@dataclass(frozen=True, slots=True)
class MediaFormat:
    """One serialization nap-kg answers in."""

    key: str                      # its canonical ``format=`` name
    media_type: str               # the response's Content-Type
    label: str
    kind: str                     # RESULTS, GRAPH or DATASET
    extension: str
    pyoxigraph: Any               # a pyoxigraph QueryResultsFormat or RdfFormat
    also: tuple[str, ...] = ()    # other media types that select it in an Accept header
    aliases: tuple[str, ...] = ()  # other ``format=`` names that select it

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type (without parameters) that selects this format."""
        return (self.media_type.split(";")[0], *self.also)

    @property
    def names(self) -> tuple[str, ...]:
        """Every ``format=`` value that selects it: its key, its aliases, its media type."""
        return (self.key, *self.aliases, self.media_types[0])


_R = ox.QueryResultsFormat
_F = ox.RdfFormat

SPARQL_JSON = MediaFormat("json", "application/sparql-results+json", "SPARQL Results JSON", RESULTS, "srj",
                          _R.JSON, ("application/json",))
SPARQL_XML = MediaFormat("xml", "application/sparql-results+xml", "SPARQL Results XML", RESULTS, "srx",
                         _R.XML, ("application/xml", "text/xml"))
SPARQL_CSV = MediaFormat("csv", "text/csv; charset=utf-8", "SPARQL Results CSV", RESULTS, "csv", _R.CSV)
SPARQL_TSV = MediaFormat("tsv", "text/tab-separated-values; charset=utf-8", "SPARQL Results TSV", RESULTS, "tsv",
                         _R.TSV)
# Turtle is N3 without its extensions; SPARQLWrapper asks for n3
TURTLE = MediaFormat("turtle", "text/turtle; charset=utf-8", "Turtle", GRAPH, "ttl", _F.TURTLE,
                     ("application/x-turtle",), ("ttl", "n3"))
# ``json`` and ``xml`` name SPARQL JSON and XML for a table, JSON-LD and RDF/XML for a graph
JSON_LD = MediaFormat("jsonld", "application/ld+json", "JSON-LD", GRAPH, "jsonld", _F.JSON_LD,
                      ("application/json",), ("json-ld", "json"))
N_TRIPLES = MediaFormat("ntriples", "application/n-triples", "N-Triples", GRAPH, "nt", _F.N_TRIPLES,
                        ("text/plain",), ("n-triples", "nt"))
RDF_XML = MediaFormat("rdfxml", "application/rdf+xml", "RDF/XML", GRAPH, "rdf", _F.RDF_XML,
                      ("application/xml", "text/xml"), ("rdf", "rdf-xml", "rdf+xml", "xml"))
N_QUADS = MediaFormat("nquads", "application/n-quads", "N-Quads", DATASET, "nq", _F.N_QUADS, (),
                      ("n-quads", "nq"))
TRIG = MediaFormat("trig", "application/trig", "TriG", DATASET, "trig", _F.TRIG)

GEXF = MediaFormat("gexf", "application/gexf+xml", "GEXF 1.2 (Gephi)", NETWORK, "gexf", None)
GRAPHML = MediaFormat("graphml", "application/graphml+xml", "GraphML (Cytoscape, Gephi, yEd)", NETWORK, "graphml", None)

RESULT_FORMATS = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)  # in the server's order of preference
GRAPH_FORMATS = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
DATASET_FORMATS = (N_QUADS, TRIG)
NETWORK_FORMATS = (GEXF, GRAPHML)  # written by networkx, not by the store: not among ALL_FORMATS
ALL_FORMATS = RESULT_FORMATS + GRAPH_FORMATS + DATASET_FORMATS

_BY_KEY = {f.key: f for f in ALL_FORMATS}


def format_by_key(key: str) -> MediaFormat:
    """The format whose canonical name is ``key`` (KeyError if none).

    >>> format_by_key("ntriples").extension
    'nt'
    """
    return _BY_KEY[key]


def find_format(name: str, formats: Sequence[MediaFormat]) -> MediaFormat | None:
    """The format among ``formats`` that ``name`` (a name, an alias or a media type) selects.

    >>> find_format("nt", GRAPH_FORMATS) is N_TRIPLES, find_format("json", GRAPH_FORMATS) is JSON_LD
    (True, True)
    >>> find_format("csv", GRAPH_FORMATS) is None
    True
    """
    name = name.strip().lower()
    return next((f for f in formats if name in f.names), None)


# ``format=`` values of /sparql: each selects a results format, a graph format, or both.
FORMAT_NAMES: dict[str, tuple[MediaFormat | None, MediaFormat | None]] = {
    name: (find_format(name, RESULT_FORMATS), find_format(name, GRAPH_FORMATS))
    for fmt in RESULT_FORMATS + GRAPH_FORMATS for name in fmt.names
}

OUTPUT_PREFIXES = {  # for Turtle and RDF/XML answers of /sparql
    "nap": "https://w3id.org/nap-kg/ontology#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
}
