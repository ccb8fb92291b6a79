"""Evidence mentions of bodies (``nap:mentions``): found at build time, in their own named graph,
and the rows of ``evidence-mentions-body`` those of the query that tried every spelling with CONTAINS."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef

import httpx

from napkg.api.app import create_app
from napkg.graph.build import MENTIONS_GRAPH, activity_iri, body_iri, build_graph, build_store
from napkg.graph.build.mentions import MATCHER, find_mentions
from napkg.graph.build.validate import validate, validate_store
from napkg.graph.edition.synthetic import write_synthetic_edition
from napkg.graph.namespace import NAP, PROV
from napkg.graph.queries import load_query
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.settings import load_settings
from napkg.graph.store import GraphStore, load_store

CONTAINS_QUERY = Path(__file__).parent / "data" / "evidence-mentions-body-contains.rq"
CABINET = body_iri("AZ", "cabinet-of-ministers")


def _rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(term.value for term in row) for row in store.query(query, use_default_graph_as_union=True)]


def _both(store: ox.Store) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    return _rows(store, CONTAINS_QUERY.read_text(encoding="utf-8")), _rows(store, load_query("evidence-mentions-body").text)


@pytest.fixture(scope="module")
def real() -> ox.Store:
    return build_store(DEFAULT_DATA_DIR)


def test_the_matcher_ignores_case_and_finds_spellings_inside_others() -> None:
    bodies = {"moj": ["Ministry of Justice"], "justice": ["Justice"], "cab": ["Cabinet of Ministers", "the Cabinet"]}
    found = dict(find_mentions([
        ("a", "Sent by the MINISTRY OF JUSTICE to THE CABINET."),
        ("b", "Injustices were reported."),  # a substring, as CONTAINS has it: no word boundaries
        ("c", "Nothing here."),
    ], bodies))
    assert found == {"a": ["moj", "justice", "cab"], "b": ["justice"]}


def test_a_body_found_by_two_spellings_is_found_once() -> None:
    assert list(find_mentions([(1, "MoJ, that is the Ministry of Justice")], {"moj": ["Ministry of Justice", "MoJ"]})) == [
        (1, ["moj"])]


def test_an_empty_spelling_is_in_every_text_as_in_sparql() -> None:
    assert list(find_mentions([(1, "x"), (2, "")], {"odd": [""], "x": ["X"]})) == [(1, ["odd", "x"]), (2, ["odd"])]


@pytest.mark.parametrize("text", ["İLHAM ƏLİYEV", "ΟΔΟΣ ΣΟΦΙΑΣ", "STRASSE ẞ", "ǅemal Ǉubljana", "ＡＢＣ"])
def test_the_matcher_folds_case_as_sparql_lcase_does(text: str) -> None:
    store = ox.Store()
    [row] = store.query(f'SELECT (LCASE("{text}") AS ?x) {{}}')
    assert row["x"].value == text.lower()


def test_the_real_plan_gives_the_rows_the_contains_query_gave(real: ox.Store) -> None:
    old, new = _both(real)
    assert new == old  # the same rows, in the same order
    assert len(new) == 202
    named = {(row[0], row[1], row[3]) for row in new}
    assert ("Azersu Open Joint Stock Company", "9.2", "false") in named  # by its other name, "Azersu OJSC"
    assert ("Cabinet of Ministers", "9.4", "false") in named  # named, but not as an actor


def test_a_synthetic_edition_of_5000_gives_the_rows_the_contains_query_gave(tmp_path: Path) -> None:
    write_synthetic_edition(tmp_path, activities=5000, seed=0)
    old, new = _both(build_store(tmp_path))
    assert len(new) > 1000
    assert new == old


def test_mentions_live_in_their_own_graph_which_says_it_is_derived(real: ox.Store) -> None:
    graphs = {q.graph_name for q in real.quads_for_pattern(None, ox.NamedNode(NAP.mentions), None)}
    assert graphs == {ox.NamedNode(MENTIONS_GRAPH)}
    own = {(q.subject.value, q.predicate.value, q.object.value)
           for q in real.quads_for_pattern(None, None, None, ox.NamedNode(MENTIONS_GRAPH))
           if q.predicate.value != str(NAP.mentions)}
    assert (str(MENTIONS_GRAPH), str(RDF.type), str(PROV.Entity)) in own
    assert (str(MENTIONS_GRAPH), str(PROV.wasGeneratedBy), str(MATCHER)) in own
    assert (str(MATCHER), str(RDF.type), str(PROV.Activity)) in own
    comment = next(o for s, p, o in own if s == str(MATCHER) and p == str(RDFS.comment))
    assert "not stated by the source" in comment
    cabinet = {q.subject.value for q in real.quads_for_pattern(None, ox.NamedNode(NAP.mentions), ox.NamedNode(CABINET))}
    assert cabinet and all("/evidence/" in s for s in cabinet)


def test_an_edition_without_evidence_has_no_mentions_graph(tmp_path: Path) -> None:
    store = ox.Store()
    assert not list(store.quads_for_pattern(None, None, None, ox.NamedNode(MENTIONS_GRAPH)))
    write_synthetic_edition(tmp_path, activities=20, seed=1)
    built = build_store(tmp_path)
    texts = _rows(built, "SELECT ?t WHERE { ?e <https://w3id.org/nap-kg/ontology#text> ?t }")
    mentions = list(built.quads_for_pattern(None, ox.NamedNode(NAP.mentions), None))
    assert texts and all(q.graph_name == ox.NamedNode(MENTIONS_GRAPH) for q in mentions)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build_graph(DEFAULT_DATA_DIR)


def _broken(graph: Graph, change) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    change(copy)
    return copy


BREAKS = {
    "an activity that mentions": (lambda g: g.add((URIRef(activity_iri("az-2020-2022", "1.1")), NAP.mentions, URIRef(CABINET))),
                                  "Only evidence mentions bodies"),
    "evidence that mentions no body": (lambda g: g.add((next(g.subjects(NAP.mentions, URIRef(CABINET))), NAP.mentions,
                                                         Literal("Cabinet of Ministers"))), "is a nap:Body"),
    "a matcher that does not say how": (lambda g: g.remove((URIRef(MATCHER), RDFS.comment, None)), "says how"),
}


def test_the_real_graph_with_its_mentions_conforms_for_both_engines(graph: Graph) -> None:
    assert any(graph.triples((None, NAP.mentions, None)))
    assert validate(graph).conforms
    assert validate_store(load_store(graph), engine="sparql").conforms


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_the_shapes_catch_a_broken_mention(case: str, graph: Graph) -> None:
    change, message = BREAKS[case]
    broken = _broken(graph, change)
    for report in (validate(broken), validate_store(load_store(broken), engine="sparql")):
        assert not report.conforms
        assert any(message in v.message for v in report.violations), report.summary()


def test_a_body_page_lists_the_evidence_that_mentions_it(real: ox.Store, live_server) -> None:
    base = live_server(create_app(load_settings(query_workers=0), store=GraphStore(real, query_workers=0)))
    page = httpx.get(base + CABINET.removeprefix("https://w3id.org/nap-kg"), headers={"accept": "text/html"})
    assert page.status_code == 200
    heading = "Evidence that mentions it (found by nap-kg in the texts)"
    assert heading in page.text
    listed = page.text.split(heading, 1)[1]
    mentioned = {q.subject.value for q in real.quads_for_pattern(None, ox.NamedNode(NAP.mentions), ox.NamedNode(CABINET))}
    assert any(iri.removeprefix("https://w3id.org/nap-kg") in listed for iri in mentioned)
