"""The ontology file is the single source of truth for terms; Python mirrors it exactly."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, Graph, URIRef

from napkg.graph.build import ONTOLOGY_FILE, SHAPES_FILE
from napkg.graph.namespace import NAP, ONTOLOGY_IRI

NS = str(NAP._NS)


def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def _declared_terms(graph: Graph) -> set[str]:
    return {str(s)[len(NS):] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_python_namespace_and_turtle_file_declare_the_same_terms():
    python_terms = {name for name in NAP.__annotations__}
    assert python_terms == _declared_terms(_ontology())


def test_every_term_has_a_label_and_a_comment():
    graph = _ontology()
    for term in _declared_terms(graph):
        iri = URIRef(NS + term)
        assert graph.value(iri, RDFS.label) is not None, term
        assert graph.value(iri, RDFS.comment) is not None, term


def test_the_ontology_has_a_header_with_title_version_and_licence():
    graph = _ontology()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in graph
    for predicate in (URIRef("http://purl.org/dc/terms/title"), OWL.versionInfo, URIRef("http://purl.org/dc/terms/license")):
        assert graph.value(ONTOLOGY_IRI, predicate) is not None


def test_the_core_contract_terms_exist():
    for name in (
        "ActionPlan", "Section", "Activity", "Agency", "CollectiveBody", "Recommendation", "ProgressReport",
        "Evidence", "code", "indicator", "section", "plan", "implementedBy", "recommendedTo", "startYear",
        "endYear", "evidence", "status", "NotStarted", "Limited", "Substantial", "Complete", "addresses",
    ):
        assert getattr(NAP, name) == URIRef(NS + name)


def test_a_misspelt_term_is_an_error():
    import pytest

    with pytest.raises(AttributeError):
        NAP.implementedby  # noqa: B018


def test_agencies_are_w3c_org_organizations_and_collectives_are_disjoint_from_them():
    graph = _ontology()
    assert (NAP.Agency, RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")) in graph
    assert (NAP.Agency, OWL.disjointWith, NAP.CollectiveBody) in graph


def test_the_shapes_parse():
    assert len(Graph().parse(SHAPES_FILE)) > 100
