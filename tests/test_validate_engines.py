"""The SPARQL validation engine gives pySHACL's verdicts, and never validates less than the shapes say."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from napkg.graph.build import activity_iri, body_iri, build_graph
from napkg.graph.namespace import DCTERMS, NAP, PROV
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.store import load_store
from napkg.graph.build import validate as validate_module
from napkg.graph.build.validate import UnsupportedShapes, compile_shapes, validate, validate_store

ACTIVITY = activity_iri("az-2020-2022", "1.1")
BODY = body_iri("AZ", "cabinet-of-ministers")

BREAKS = {
    "two titles": lambda g: g.add((ACTIVITY, DCTERMS.title, Literal("A second title"))),
    "status outside the scale": lambda g: g.set((ACTIVITY, NAP.status, NAP.Withdrawn)),
    "implementer that is no body": lambda g: g.add((ACTIVITY, NAP.implementedBy, URIRef("https://example.org/x"))),
    "no provenance": lambda g: g.remove((ACTIVITY, PROV.wasDerivedFrom, None)),
    "start after end": lambda g: g.set((ACTIVITY, NAP.startYear, Literal(2030))),
    "a code that is no string": lambda g: g.set((ACTIVITY, NAP.code, Literal(11))),
    "an ill-formed year": lambda g: g.set((ACTIVITY, NAP.endYear, Literal("soon", datatype=URIRef(
        "http://www.w3.org/2001/XMLSchema#integer")))),
    "a body both agency and collective": lambda g: g.add((BODY, URIRef(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NAP.CollectiveBody)),
    "a body without a name": lambda g: g.remove((BODY, URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None)),
}


@pytest.fixture(scope="module")
def built() -> Graph:
    return build_graph(DEFAULT_DATA_DIR)


def _store(graph: Graph):
    return load_store(graph)


def test_both_engines_find_the_real_graph_conforms(built):
    assert validate_store(_store(built), engine="sparql").conforms
    assert validate(built).conforms


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_both_engines_blame_the_same_nodes(case, built):
    graph = Graph()
    for triple in built:
        graph.add(triple)
    BREAKS[case](graph)
    reference = validate(graph)
    fast = validate_store(_store(graph), engine="sparql")
    assert not reference.conforms and not fast.conforms
    assert fast.engine == "sparql" and reference.engine == "pyshacl"
    assert {v.focus for v in fast.violations} == {v.focus for v in reference.violations}
    # the messages agree too, except where SHACL's own wording applies: an ill-formed end year is
    # also "not comparable" to the start year, which the SPARQL engine reports as the spec says
    assert {v.message for v in reference.violations} <= {v.message for v in fast.violations}


def test_auto_uses_pyshacl_for_small_graphs_and_says_so(built):
    assert validate_store(_store(built)).engine == "pyshacl"


def test_a_shape_the_sparql_engine_cannot_compile_is_refused_not_skipped():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:pattern "^a" ] .
    """, format="turtle")
    with pytest.raises(UnsupportedShapes, match="pattern"):
        compile_shapes(shapes)


def test_the_compiled_shapes_cover_every_constraint_of_the_shapes_file():
    constraints = {q.constraint for q in compile_shapes()}
    assert {"sh:minCount", "sh:maxCount", "sh:class", "sh:datatype", "sh:in", "sh:xone", "sh:not",
            "sh:lessThanOrEquals", "sh:hasValue", "sh:nodeKind"} <= constraints


def test_queries_shared_among_forked_processes_give_the_single_process_report(built):
    graph = Graph()
    for triple in built:
        graph.add(triple)
    for case in ("two titles", "implementer that is no body", "a body without a name"):
        BREAKS[case](graph)
    store = _store(graph)
    assert validate_module._processes_for(store, 2) == 2  # the forked path is the one tested
    alone = validate_store(store, engine="sparql", processes=1)
    shared = validate_store(store, engine="sparql", processes=2)
    assert not alone.conforms and len(alone.violations) >= 3
    assert shared == alone
