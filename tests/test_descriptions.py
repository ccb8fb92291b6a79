"""The service describes itself, read by real clients over loopback HTTP.

- ``GET /sparql`` without a query: the SPARQL 1.1 Service Description (SPARQLWrapper and rdflib
  read it); a browser still gets the query page.
- ``/.well-known/void``: VoID and DCAT whose counts agree with what ``/sparql`` answers.
- ``/context.jsonld``, ``/graph?format=jsonld`` and entity descriptions: compact JSON-LD that
  reads back into the same graph (``rdflib.compare.isomorphic``), named graphs kept.
- ``/completions``: the editor's completion of classes, properties and entities.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, VOID, XSD
from SPARQLWrapper import GET, JSON, JSONLD, RDFXML, TURTLE, SPARQLWrapper

from napkg.api.app import create_app
from napkg.graph.descriptions import CODE_LICENCE, DATA_LICENCE, FORMAT_IRIS, SD
from napkg.graph.settings import load_settings
from napkg.graph.store import GRAPH_FORMATS, RESULT_FORMATS
from napkg.graph.vocabulary import QUERY_PREFIXES

NAP = Namespace("https://w3id.org/nap-kg/ontology#")
PLAN_GRAPH = URIRef("https://w3id.org/nap-kg/id/plan/az-2020-2022")


@pytest.fixture(scope="module")
def base(module_live_server: Callable[[Any], str], module_mini_store: ox.Store) -> str:
    return module_live_server(create_app(load_settings(query_workers=1), store=module_mini_store))


def _sparql_count(base: str, query: str) -> int:
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    return int(sparql.queryAndConvert()["results"]["bindings"][0]["n"]["value"])


def _isomorphic(expected: Graph, got: Graph) -> None:
    if not isomorphic(expected, got):
        _, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(got))
        pytest.fail(f"not the same graph:\nmissing:\n{missing.serialize(format='nt')}\nextra:\n"
                    f"{extra.serialize(format='nt')}")


# --- the Service Description ------------------------------------------------------------------

@pytest.mark.parametrize("return_format", [TURTLE, JSONLD, RDFXML])
def test_sparqlwrapper_reads_the_service_description(base: str, return_format: str) -> None:
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setMethod(GET)
    sparql.setQuery("DESCRIBE <urn:x>")  # a graph query, so that SPARQLWrapper asks for RDF ...
    sparql.queryString = ""              # ... and then no query at all: the endpoint describes itself
    sparql.setReturnFormat(return_format)
    result = sparql.query()
    converted = result.convert()
    graph = Graph().parse(data=converted, format="turtle") if isinstance(converted, bytes) else converted
    assert (URIRef(f"{base}/sparql"), RDF.type, SD.Service) in graph


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/rdf+xml",
                                    "application/n-triples"])
def test_rdflib_reads_the_service_description_in_every_format(base: str, accept: str) -> None:
    response = httpx.get(f"{base}/sparql", headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    service = URIRef(f"{base}/sparql")
    graph = Graph().parse(data=response.content, format={"text/turtle": "turtle", "application/ld+json": "json-ld",
                                                         "application/rdf+xml": "xml",
                                                         "application/n-triples": "nt"}[accept])
    assert (service, SD.endpoint, service) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    assert set(graph.objects(service, SD.resultFormat)) == {FORMAT_IRIS[f.key] for f in RESULT_FORMATS + GRAPH_FORMATS}
    declared = {str(graph.value(d, SH.prefix)): str(graph.value(d, SH.namespace)) for d in graph.objects(service, SH.declare)}
    assert declared == QUERY_PREFIXES
    assert (service, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef(f"{base}/.well-known/void")) in graph


def test_the_service_description_names_the_default_dataset_and_its_named_graphs(base: str,
                                                                                module_mini_store: ox.Store) -> None:
    graph = Graph().parse(f"{base}/sparql", format="turtle")  # rdflib's own request, its own Accept header
    dataset = graph.value(URIRef(f"{base}/sparql"), SD.defaultDataset)
    assert dataset == URIRef(f"{base}/.well-known/void#dataset")
    names = {graph.value(n, SD.name): int(graph.value(graph.value(n, SD.graph), VOID.triples))
             for n in graph.objects(dataset, SD.namedGraph)}
    expected = Counter(q.graph_name.value for q in module_mini_store)
    assert {str(k): v for k, v in names.items()} == dict(expected)
    default = graph.value(dataset, SD.defaultGraph)
    assert int(graph.value(default, VOID.triples)) == sum(expected.values())


def test_a_browser_still_gets_the_query_page(base: str) -> None:
    response = httpx.get(f"{base}/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert 'id="yasgui"' in response.text


def test_an_update_without_a_query_is_still_refused(base: str) -> None:
    response = httpx.get(f"{base}/sparql", params={"update": "CLEAR ALL"})
    assert response.status_code == 400 and response.json()["error"]["type"] == "QueryRefused"


# --- VoID and DCAT ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def void(base: str) -> Graph:
    return Graph().parse(f"{base}/.well-known/void")


def test_void_counts_agree_with_the_endpoint(base: str, void: Graph) -> None:
    dataset = URIRef(f"{base}/.well-known/void#dataset")
    assert (dataset, RDF.type, VOID.Dataset) in void and (dataset, RDF.type, DCAT.Dataset) in void
    assert int(void.value(dataset, VOID.triples)) == _sparql_count(
        base, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert int(void.value(dataset, VOID.entities)) == _sparql_count(
        base, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER isIRI(?s) }")
    classes = {void.value(p, VOID["class"]): int(void.value(p, VOID.entities))
               for p in void.objects(dataset, VOID.classPartition)}
    assert classes[NAP.Activity] == 5 == _sparql_count(base, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a nap:Activity }")
    properties = {void.value(p, VOID.property): int(void.value(p, VOID.triples))
                  for p in void.objects(dataset, VOID.propertyPartition)}
    assert properties[NAP.code] == _sparql_count(base, "SELECT (COUNT(*) AS ?n) WHERE { ?a nap:code ?c }")
    assert int(void.value(dataset, VOID.classes)) == len(classes)


def test_void_links_the_endpoint_the_dumps_the_licences_and_the_sources(base: str, void: Graph) -> None:
    dataset = URIRef(f"{base}/.well-known/void#dataset")
    endpoint = URIRef(f"{base}/sparql")
    assert void.value(dataset, VOID.sparqlEndpoint) == endpoint
    assert void.value(dataset, DCTERMS.license) == DATA_LICENCE
    assert void.value(endpoint, DCTERMS.license) == CODE_LICENCE
    assert (endpoint, DCAT.servesDataset, dataset) in void
    dumps = set(void.objects(dataset, VOID.dataDump))
    assert URIRef(f"{base}/graph?format=nquads") in dumps
    for dump in dumps:
        assert httpx.get(str(dump)).status_code == 200, dump
    assert void.value(dataset, DCTERMS.modified).datatype == XSD.dateTime
    assert set(void.objects(dataset, DCTERMS.source)) == {
        URIRef(r["d"]["value"]) for r in _bindings(base, "SELECT ?d WHERE { ?d a nap:SourceDocument }")}
    creator = void.value(dataset, DCTERMS.creator)
    assert void.value(creator, URIRef("http://xmlns.com/foaf/0.1/name")) == Literal("The nap-kg contributors")


def _bindings(base: str, query: str) -> list[dict[str, Any]]:
    return httpx.get(f"{base}/sparql", params={"query": query},
                     headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]


def test_void_is_linked_from_the_home_page_and_the_index(base: str) -> None:
    assert "/.well-known/void" in httpx.get(base, headers={"Accept": "text/html"}).text
    assert "/.well-known/void" in httpx.get(base, headers={"Accept": "application/json"}).json()["links"].values()


# --- JSON-LD --------------------------------------------------------------------------------

def test_the_context_has_compact_terms_for_the_vocabulary(base: str) -> None:
    response = httpx.get(f"{base}/context.jsonld")
    assert response.headers["content-type"] == "application/ld+json"
    context = response.json()["@context"]
    assert context["nap"] == "https://w3id.org/nap-kg/ontology#"
    assert context["implementedBy"] == {"@id": "nap:implementedBy", "@type": "@id"}
    assert context["code"] == "nap:code" and context["Activity"] == "nap:Activity"
    assert context["label"] == "rdfs:label" and context["title"] == "dcterms:title"


def test_the_jsonld_dump_is_compact_keeps_the_named_graphs_and_reads_back_the_same(
        base: str, module_mini_store: ox.Store) -> None:
    response = httpx.get(f"{base}/graph", params={"format": "jsonld"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/ld+json"
    document = response.json()
    assert document["@context"]["nap"] == "https://w3id.org/nap-kg/ontology#"
    graphs = {node["@id"]: node["@graph"] for node in document["@graph"] if "@graph" in node}
    plan = graphs[str(PLAN_GRAPH)] if str(PLAN_GRAPH) in graphs else graphs["id:plan/az-2020-2022"]
    subjects = [node["@id"] for node in plan]
    assert len(subjects) == len(set(subjects))  # one node object per subject
    activity = next(node for node in plan if node.get("code") == "1.1")
    assert "implementedBy" in activity and "https://w3id.org/nap-kg/ontology#code" not in json.dumps(activity)
    back = Dataset()
    back.parse(data=response.content, format="json-ld")
    expected = Dataset()
    expected.parse(data=module_mini_store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    names = {g.identifier for g in expected.graphs() if len(g)}
    assert names == {g.identifier for g in back.graphs() if len(g)}
    for name in names:
        _isomorphic(expected.graph(name), back.graph(name))


def test_an_entity_description_in_jsonld_is_compact_and_the_same_graph(base: str) -> None:
    path = "/id/activity/az-2020-2022/1.1"
    compact = httpx.get(f"{base}{path}", headers={"Accept": "application/ld+json"})
    assert compact.status_code == 200 and compact.headers["content-type"] == "application/ld+json"
    document = compact.json()
    assert "@context" in document and '"code"' in compact.text
    triples = httpx.get(f"{base}{path}", headers={"Accept": "application/n-triples"})
    _isomorphic(Graph().parse(data=triples.text, format="nt"), Graph().parse(data=compact.content, format="json-ld"))


# --- completion -----------------------------------------------------------------------------

@pytest.mark.parametrize(("q", "kind", "expected"), [
    ("https://w3id.org/nap-kg/ontology#implemented", "property", "https://w3id.org/nap-kg/ontology#implementedBy"),
    ("nap:Activ", "class", "https://w3id.org/nap-kg/ontology#Activity"),
    ("id:registration", "entity", "https://w3id.org/nap-kg/id/activity/az-2020-2022/5.2"),  # by its label
])
def test_completion_offers_the_graphs_terms(base: str, q: str, kind: str, expected: str) -> None:
    response = httpx.get(f"{base}/completions", params={"q": q, "kind": kind})
    assert response.status_code == 200
    terms = response.json()["terms"]
    assert terms and all(t["kind"] == kind for t in terms)
    assert expected in [t["iri"] for t in terms]


def test_completion_names_a_bad_parameter(base: str) -> None:
    response = httpx.get(f"{base}/completions", params={"q": "nap:", "kind": "shape"})
    assert response.status_code == 400 and response.json()["error"]["parameter"] == "kind"
