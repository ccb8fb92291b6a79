"""Checks run together (a shape's count checks over all its predicates at once) blame what each alone would."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef

from napkg.graph.build import activity_iri, build_graph
from napkg.graph.build.validate import compile_shapes, validate, validate_store
from napkg.graph.namespace import DCTERMS, NAP
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.store import load_store

ACTIVITY = activity_iri("az-2020-2022", "1.1")
OTHER = activity_iri("az-2020-2022", "1.2")


def _two_codes_and_two_titles(g: Graph) -> None:
    g.add((ACTIVITY, DCTERMS.title, Literal("A second title")))
    g.add((ACTIVITY, NAP.code, Literal("9.9")))
    g.add((OTHER, NAP.code, Literal("9.8")))


def _no_title_and_no_plan(g: Graph) -> None:
    g.remove((ACTIVITY, DCTERMS.title, None))
    g.remove((OTHER, NAP.plan, None))


BREAKS = {"two codes and two titles": _two_codes_and_two_titles, "no title and no plan": _no_title_and_no_plan}


@pytest.fixture(scope="module")
def built() -> Graph:
    return build_graph(DEFAULT_DATA_DIR)


def test_the_count_checks_of_a_shape_s_predicates_are_merged():
    merged = [q for q in compile_shapes() if q.merged]
    assert {q.constraint for q in merged} == {"sh:minCount", "sh:maxCount"}
    assert all(q.predicate == f"<{q.path}>" and "%PREDICATES%" in q.merged for q in merged)


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_merged_checks_name_each_path_and_focus_as_pyshacl_does(case, built):
    graph = Graph()
    for triple in built:
        graph.add(triple)
    BREAKS[case](graph)
    fast = validate_store(load_store(graph), engine="sparql")
    reference = validate(graph)
    assert not fast.conforms
    blamed = {(v.focus, v.path, v.message) for v in fast.violations}
    assert blamed == {(v.focus, v.path, v.message) for v in reference.violations}
    assert len({path for _, path, _ in blamed}) == 2  # two predicates of one shape, each named
