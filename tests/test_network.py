"""The activity–body network read from RDF, its projections onto bodies, and their export.

The fixture ``tests/data/analysis-small.ttl`` draws its network in its header comment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Graph

from napkg.graph.analysis import analyse_network
from napkg.graph.analysis.export import exportable, network_with_metrics, write_network
from napkg.graph.analysis.network import (
    activity_nodes, body_nodes, body_projection, bipartite_network, implementers, network_from_links,
)
from napkg.graph.select import select_from_rdflib

DATA = Path(__file__).parent / "data"
SMALL = DATA / "analysis-small.ttl"
EX = "http://example.org/"


def ex(name: str) -> str:
    return EX + name


def select_from_pyoxigraph(path: Path):
    """A ``Select`` over a pyoxigraph store that returns every value as a plain string, as a remote store would."""
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)

    def select(query: str) -> list[dict[str, str]]:
        solutions = store.query(query)
        names = [v.value for v in solutions.variables]
        return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]

    return select


@pytest.fixture
def small() -> nx.Graph:
    return bipartite_network(select_from_rdflib(Graph().parse(SMALL, format="turtle")))


# ---------------------------------------------------------------------------
# Reading RDF
# ---------------------------------------------------------------------------

def test_select_from_rdflib_gives_iris_as_strings_literals_as_python_values_and_skips_unbound():
    graph = Graph().parse(SMALL, format="turtle")
    rows = select_from_rdflib(graph)(
        "PREFIX nap: <https://w3id.org/nap-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        "SELECT ?report ?date ?missing WHERE { ?report a nap:ProgressReport ; dcterms:date ?date } ORDER BY ?date"
    )
    assert rows == [
        {"report": ex("report-early"), "date": date(2021, 1, 15)},
        {"report": ex("report-late"), "date": date(2021, 6, 30)},
    ]


def test_every_activity_is_a_node_and_only_bodies_that_activities_name(small):
    assert activity_nodes(small) == [ex(f"a{i}") for i in range(1, 9)]
    assert body_nodes(small) == [ex(b) for b in "ABCDERX"]
    assert ex("U") not in small  # a body no activity names


def test_activity_attributes(small):
    a5 = small.nodes[ex("a5")]
    assert a5["kind"] == "activity" and a5["bipartite"] == 0
    assert (a5["label"], a5["title"], a5["plan"], a5["section"]) == ("2.3", "Fifth", ex("plan"), ex("S2"))
    assert (a5["status"], a5["complete"]) == ("substantial", False)
    assert a5["end_date"] == date(2020, 10, 31)  # nap:endDate is used as given
    assert small.nodes[ex("a2")]["end_date"] == date(2020, 12, 31)  # nap:endYear ends on 31 December
    assert small.nodes[ex("a6")]["end_date"] is None
    assert small.nodes[ex("a3")]["status"] == "unknown"
    assert {small.nodes[a]["report_date"] for a in activity_nodes(small)} == {date(2021, 6, 30)}  # the latest report


def test_body_attributes(small):
    x = small.nodes[ex("X")]
    assert (x["kind"], x["bipartite"], x["name"], x["slug"], x["collective"]) == ("body", 1, "Relevant bodies X", "x", True)
    assert (x["country"], x["body_kind"]) == ("Examplia", "CollectiveGroup")
    assert small.nodes[ex("C")]["collective"] is False


def test_edges_carry_roles(small):
    assert small.edges[ex("a2"), ex("B")]["role"] == "implementer"
    assert small.edges[ex("a5"), ex("R")]["role"] == "recommended-to"
    lead, support = small.edges[ex("a4"), ex("C")], small.edges[ex("a4"), ex("D")]
    assert (lead["role"], lead["implementer"], lead["lead"], lead["supporting"]) == ("implementer", True, True, False)
    assert (support["role"], support["lead"], support["supporting"]) == ("implementer", False, True)
    assert implementers(small, ex("a4")) == [ex("C"), ex("D")]
    assert implementers(small, ex("a6")) == []


def test_a_lead_without_its_implemented_by_still_implements():
    graph = Graph().parse(data="""
        @prefix nap: <https://w3id.org/nap-kg/ontology#> .
        <http://x/a> a nap:Activity ; nap:plan <http://x/p> ; nap:ledBy <http://x/b> .
    """, format="turtle")
    B = bipartite_network(select_from_rdflib(graph))
    assert B.edges["http://x/a", "http://x/b"]["role"] == "implementer"


def test_a_body_both_implementing_and_recommended_keeps_both_flags():
    B = network_from_links([("a", "b", "implementer"), ("a", "b", "recommended-to")])
    assert B.edges["a", "b"] == {"role": "implementer", "implementer": True, "lead": False,
                                 "supporting": False, "recommended": True}


def test_unknown_link_role_is_refused():
    with pytest.raises(ValueError, match="role"):
        network_from_links([("a", "b", "owner")])


def test_a_store_returning_plain_strings_gives_the_same_network(small):
    from_strings = bipartite_network(select_from_pyoxigraph(SMALL))
    assert dict(from_strings.nodes(data=True)) == dict(small.nodes(data=True))
    assert sorted(from_strings.edges(data=True)) == sorted(small.edges(data=True))


# ---------------------------------------------------------------------------
# Projections onto bodies
# ---------------------------------------------------------------------------

def test_projection_links_bodies_sharing_activities_weighted_by_how_many(small):
    P = body_projection(small)
    assert sorted(P.nodes) == [ex(b) for b in "ABCDERX"]
    assert {frozenset((u, v)): w for u, v, w in P.edges(data="weight")} == {
        frozenset((ex("A"), ex("B"))): 1,  # a1
        frozenset((ex("B"), ex("C"))): 2,  # a2, a8
        frozenset((ex("C"), ex("D"))): 1,  # a4
        frozenset((ex("X"), ex("R"))): 1,  # a5: X implements, R is recommended-to
        frozenset((ex("R"), ex("A"))): 1,  # a6: both recommended-to
    }
    assert P.nodes[ex("X")]["collective"] is True


def test_projection_per_role(small):
    implementer = body_projection(small, role="implementer")
    assert sorted(implementer.nodes) == [ex(b) for b in "ABCDEX"]
    assert sorted((u, v, w) for u, v, w in implementer.edges(data="weight")) == [
        (ex("A"), ex("B"), 1), (ex("B"), ex("C"), 2), (ex("C"), ex("D"), 1),
    ]
    recommended = body_projection(small, role="recommended-to")
    assert sorted(recommended.nodes) == [ex("A"), ex("R")]
    assert list(recommended.edges(data="weight")) in ([(ex("A"), ex("R"), 1)], [(ex("R"), ex("A"), 1)])


@pytest.mark.parametrize("older", ["recommended", "recommended_to", "RecommendedTo"])
def test_links_and_projections_take_the_older_spellings_of_recommended_to(small, older):
    assert network_from_links([("a", "b", older)]).edges["a", "b"]["role"] == "recommended-to"
    assert sorted(body_projection(small, role=older).nodes) == [ex("A"), ex("R")]


def test_projection_role_must_be_known(small):
    with pytest.raises(ValueError, match="role must be one of all, implementer, recommended-to"):
        body_projection(small, role="lead")


# ---------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------

def test_exportable_keeps_only_strings_numbers_and_booleans(small):
    H = exportable(small)
    for _, data in [*H.nodes(data=True), *((None, d) for *_, d in H.edges(data=True))]:
        assert all(isinstance(v, bool | int | float | str) for v in data.values())
    assert H.nodes[ex("a2")]["end_date"] == "2020-12-31"
    assert "end_date" not in H.nodes[ex("a6")]


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_bipartite_export_round_trips(small, tmp_path, fmt, read):
    result = analyse_network(small, as_of=date(2021, 6, 30))
    written = write_network(network_with_metrics(result), tmp_path / f"plan.{fmt}", format=fmt)
    G = read(written)
    assert G.number_of_nodes() == 15 and G.number_of_edges() == small.number_of_edges()
    assert G.edges[ex("a5"), ex("R")]["role"] == "recommended-to"
    assert G.nodes[ex("C")]["bottleneck_score"] == pytest.approx(5.0)
    assert G.nodes[ex("C")]["articulation_point"] is True
    assert G.nodes[ex("C")]["label"] == "Agency C"
    assert G.nodes[ex("a1")]["kind"] == "activity"


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_bodies_export_carries_weights(small, tmp_path, fmt, read):
    result = analyse_network(small, as_of=date(2021, 6, 30))
    G = read(write_network(network_with_metrics(result, network="bodies"), tmp_path / f"bodies.{fmt}", format=fmt))
    assert G.number_of_nodes() == 7
    assert G.edges[ex("B"), ex("C")]["weight"] == pytest.approx(2)
    implementers_only = network_with_metrics(result, network="bodies", role="implementer")
    assert ex("R") not in implementers_only


def test_export_refuses_unknown_format_and_network(small, tmp_path):
    result = analyse_network(small, as_of=date(2021, 6, 30))
    with pytest.raises(ValueError, match="format"):
        write_network(small, tmp_path / "x", format="dot")
    with pytest.raises(ValueError, match="network"):
        network_with_metrics(result, network="activities")
