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


def _notations(graph: Graph, scheme: URIRef) -> dict[str, tuple[str, str]]:
    from rdflib.namespace import SKOS

    return {str(graph.value(c, SKOS.notation)): (str(c), str(graph.value(c, SKOS.prefLabel)))
            for c in graph.subjects(SKOS.inScheme, scheme)}


def test_every_vocabulary_table_is_the_ontology_scheme_it_names_key_for_key():
    from napkg.graph import vocabulary as v

    graph = _ontology()
    for table, scheme in ((v.STATUSES, NAP.CompletionScale), (v.ASSESSMENT_GAPS, NAP.AssessmentGapScheme),
                          (v.ROLES, NAP.RoleScheme), (v.KINDS, NAP.BodyKindScheme), (v.SECTORS, NAP.SectorScheme),
                          (v.SHOWN, NAP.ShownScale)):
        assert {t.key: (str(t.iri), t.label) for t in table} == _notations(graph, scheme), scheme


def test_the_completion_scale_is_in_rank_order():
    from napkg.graph.vocabulary import STATUSES

    graph = _ontology()
    assert [int(graph.value(t.iri, NAP.rank)) for t in STATUSES] == [0, 1, 2, 3]


def test_older_spellings_name_the_canonical_key_and_others_name_nothing():
    from napkg.graph.vocabulary import ROLES, STATUSES

    for spelling in ("not-started", "NotStarted", "not_started", "Not started", str(NAP.NotStarted)):
        assert STATUSES.key(spelling) == "not-started"
    for spelling in ("recommended-to", "recommended_to", "recommended", "RecommendedTo", "recommendedTo"):
        assert ROLES.key(spelling) == "recommended-to"
    assert STATUSES.key("started") is None and ROLES.key("owner") is None
