"""Load and bottleneck analyses: figures worked out by hand on small fixtures, properties of the real plan.

``tests/data/analysis-small.ttl`` (its header draws the plan) projects onto bodies as the path
D - C - B - A - R - X, with E alone: n = 7 bodies. The reference day for overdue is the
latest report, 2021-06-30.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, URIRef

from napkg.cli import main
from napkg.graph.analysis import (
    articulation, analyse, analyse_network, betweenness, betweenness_sampling, bottleneck_rank,
    bottleneck_score, bridging, degree_centrality, gini, implementer_load, lead_load, metrics_graph,
    metrics_iri, metrics_triples, open_load, overdue_count, plan_figures, recommended_load,
    section_count, shared_implementer_load,
)
from napkg.graph.build import METRICS_GRAPH, ONTOLOGY_FILE
from napkg.graph.namespace import NAP
from napkg.graph.analysis.network import bipartite_network, body_projection
from napkg.graph.select import select_from_rdflib

DATA = Path(__file__).parent / "data"
SMALL = DATA / "analysis-small.ttl"
TWO = DATA / "two-countries-no-report.ttl"
REPO = Path(__file__).resolve().parent.parent
EX = "http://example.org/"


def by_letter(values: dict) -> dict:
    """``{"http://example.org/A": 1, …}`` as ``{"A": 1, …}``, for readable expectations."""
    return {k.removeprefix(EX): v for k, v in values.items()}


def network(path: Path) -> nx.Graph:
    return bipartite_network(select_from_rdflib(Graph().parse(path, format="turtle")))


@pytest.fixture
def small() -> nx.Graph:
    return network(SMALL)


@pytest.fixture
def projection(small) -> nx.Graph:
    return body_projection(small)


# ---------------------------------------------------------------------------
# Loads, by hand on the small plan
# ---------------------------------------------------------------------------

def test_implementer_load_counts_activities_naming_the_body_as_implementer(small):
    assert by_letter(implementer_load(small)) == {"A": 1, "B": 3, "C": 4, "D": 1, "E": 1, "R": 0, "X": 1}


def test_shared_implementer_load_gives_each_of_k_implementers_one_kth(small):
    # A: a1/2. B: a1/2 + a2/2 + a8/2. C: a2/2 + a3 + a4/2 + a8/2. D: a4/2. E: a7. X: a5.
    assert by_letter(shared_implementer_load(small)) == pytest.approx(
        {"A": 0.5, "B": 1.5, "C": 2.5, "D": 0.5, "E": 1.0, "R": 0.0, "X": 1.0})
    # The shares add up to the activities with at least one implementer (all but a6).
    assert sum(shared_implementer_load(small).values()) == pytest.approx(7)


def test_lead_and_recommended_loads(small):
    assert by_letter(lead_load(small)) == {"A": 0, "B": 0, "C": 1, "D": 0, "E": 0, "R": 0, "X": 0}
    assert by_letter(recommended_load(small)) == {"A": 1, "B": 0, "C": 0, "D": 0, "E": 0, "R": 2, "X": 0}


def test_open_load_counts_unfinished_activities_in_any_role(small):
    # Open: a2, a3, a4, a5 and a6 (a3 and a6 have no status: unknown counts as open).
    assert by_letter(open_load(small)) == {"A": 1, "B": 1, "C": 3, "D": 1, "E": 0, "R": 2, "X": 1}


def test_overdue_counts_unfinished_activities_ended_before_the_latest_report(small):
    # a2 (ends 2020-12-31, limited) and a5 (ends 2020-10-31, substantial) are overdue on 2021-06-30;
    # a4 ends 2021-12-31, a3 in 2022, a6 has no end. as_of does not matter: the plan has a report.
    for as_of in (date(2000, 1, 1), date(2030, 1, 1)):
        assert by_letter(overdue_count(small, as_of=as_of)) == {"A": 0, "B": 1, "C": 1, "D": 0, "E": 0, "R": 1, "X": 1}


def test_section_count(small):
    assert by_letter(section_count(small)) == {"A": 1, "B": 1, "C": 2, "D": 1, "E": 1, "R": 2, "X": 1}


# ---------------------------------------------------------------------------
# Position in the projection, by hand
# ---------------------------------------------------------------------------

def test_degree_centrality_is_partners_over_n_minus_1(projection):
    assert by_letter(degree_centrality(projection)) == pytest.approx(
        {"A": 2 / 6, "B": 2 / 6, "C": 2 / 6, "D": 1 / 6, "E": 0.0, "R": 2 / 6, "X": 1 / 6})


def test_betweenness_on_the_path(projection):
    # On the path D-C-B-A-R-X, the i-th body lies on (i - 1)(6 - i) shortest paths: C and R on
    # 4, B and A on 6; networkx normalises by the (n - 1)(n - 2) / 2 = 15 pairs of other bodies.
    assert by_letter(betweenness(projection)) == pytest.approx(
        {"A": 6 / 15, "B": 6 / 15, "C": 4 / 15, "D": 0.0, "E": 0.0, "R": 4 / 15, "X": 0.0})
    assert betweenness(projection) == pytest.approx(nx.betweenness_centrality(projection))


def test_articulation_points_are_the_inner_bodies_of_the_path(projection):
    assert {b for b, cut in by_letter(articulation(projection)).items() if cut} == {"A", "B", "C", "R"}


def test_bridging_is_betweenness_over_the_highest_in_the_part(projection):
    assert by_letter(bridging(projection, betweenness(projection))) == pytest.approx(
        {"A": 1.0, "B": 1.0, "C": 4 / 6, "D": 0.0, "E": 0.0, "R": 4 / 6, "X": 0.0})


def test_bridging_is_relative_to_each_connected_part():
    # Two countries: F-G-H and K-L. G bridges all of its part; nobody bridges in the other.
    P = body_projection(network(TWO))
    between = betweenness(P)
    assert between[EX + "G"] == pytest.approx(1 / 6)  # 1 pair (F, H) of the (5-1)(5-2)/2 = 6
    assert by_letter(bridging(P, between)) == {"F": 0.0, "G": 1.0, "H": 0.0, "K": 0.0, "L": 0.0}


# ---------------------------------------------------------------------------
# Bottlenecks
# ---------------------------------------------------------------------------

def test_bottleneck_score_is_open_load_times_one_plus_bridging(small, projection):
    scores = bottleneck_score(open_load(small), bridging(projection, betweenness(projection)))
    assert by_letter(scores) == pytest.approx(
        {"A": 2.0, "B": 2.0, "C": 5.0, "D": 1.0, "E": 0.0, "R": 10 / 3, "X": 1.0})


def test_single_agencies_and_collective_bodies_are_ranked_apart(small):
    result = analyse_network(small)
    # Agencies: C 5, R 10/3, then B and A tie on 2 and on open load 1; B implements more.
    assert [m.id for m in result.ranked()] == ["c", "r", "b", "a", "d", "e"]
    assert [m.bottleneck_rank for m in result.ranked()] == [1, 2, 3, 4, 5, 6]
    assert [(m.id, m.bottleneck_rank) for m in result.ranked(collective=True)] == [("x", 1)]


def test_bottleneck_rank_breaks_ties_in_order_then_by_node():
    assert bottleneck_rank({"a": 1.0, "b": 1.0, "c": 1.0}, tie_breaks=[{"c": 5}]) == {"a": 2, "b": 3, "c": 1}


# ---------------------------------------------------------------------------
# Plan-level figures
# ---------------------------------------------------------------------------

def test_gini_by_hand():
    assert gini([5, 5, 5]) == 0.0
    assert gini([0, 0, 0, 12]) == pytest.approx(0.75)  # one of four holds all: (n - 1) / n
    # [1, 1, 1, 3, 4]: Σ|xi - xj| over ordered pairs = 2 × (3×2 + 3×3 + 1) = 32; 32 / (2 × 25 × 2) = 0.32
    assert gini([1, 3, 4, 1, 1]) == pytest.approx(0.32)


def test_plan_figures_by_hand(small):
    figures = plan_figures(small, as_of=date(2030, 1, 1))
    assert set(figures) == {"all", EX + "plan"}
    plan = figures[EX + "plan"]
    assert plan == {**figures["all"], "reference_date": date(2021, 6, 30), "reference": "report"}
    assert plan["activities"] == 8
    assert plan["with_implementer"] == 7
    assert plan["single_implementer"] == 2  # a3 (C), a7 (E)
    assert plan["single_implementer_share"] == pytest.approx(2 / 8)
    assert plan["shared"] == 4  # a1, a2, a4, a8
    assert plan["umbrella_only"] == 1  # a5: only the collective body X
    assert (plan["no_implementer"], plan["recommended_only"]) == (1, 1)  # a6: only recommended to R and A
    assert (plan["open"], plan["overdue"]) == (5, 2)
    # Implementer loads of the single agencies A-E: 1, 3, 4, 1, 1 (X, collective, is left out).
    assert plan["implementing_agencies"] == 5
    assert plan["gini_implementer_load"] == pytest.approx(0.32)


def test_plans_without_report_are_judged_as_of_the_given_day():
    B = network(TWO)
    assert by_letter(overdue_count(B, as_of=date(2020, 6, 1))) == {"F": 0, "G": 0, "H": 0, "K": 0, "L": 0}
    assert by_letter(overdue_count(B, as_of=date(2021, 1, 1))) == {"F": 1, "G": 2, "H": 1, "K": 0, "L": 0}
    result = analyse_network(B, as_of=date(2022, 6, 1))
    assert result.plans_without_report() == [EX + "P", EX + "Q"]
    assert result.figures[EX + "Q"]["reference_date"] == date(2022, 6, 1)
    assert result.as_dict()["plans_without_report"] == [EX + "P", EX + "Q"]
    assert by_letter({b: m.overdue for b, m in result.bodies.items()}) == {"F": 1, "G": 2, "H": 1, "K": 1, "L": 1}


def test_as_of_defaults_to_today():
    assert analyse_network(network(TWO)).as_of == date.today()


# ---------------------------------------------------------------------------
# Exact or sampled betweenness
# ---------------------------------------------------------------------------

def test_betweenness_is_exact_up_to_the_limit_and_says_so(projection):
    sampling = betweenness_sampling(projection)
    assert (sampling.exact, sampling.method, sampling.bodies) == (True, "exact", 7)


def test_betweenness_is_sampled_above_the_limit_deterministically():
    P = nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=1)
    first = betweenness(P, exact_limit=20, k=10, seed=7)
    assert first == betweenness(P, exact_limit=20, k=10, seed=7)
    assert first != pytest.approx(nx.betweenness_centrality(P))
    sampling = betweenness_sampling(P, exact_limit=20, k=10, seed=7)
    assert (sampling.exact, sampling.k, sampling.sampled_parts, sampling.sampled_bodies) == (False, 10, 1, 60)
    assert "sampled with k=10" in sampling.describe()
    # Sampling every body is the exact figure.
    assert betweenness(P, exact_limit=20, k=60) == pytest.approx(nx.betweenness_centrality(P))


def test_only_parts_above_the_limit_are_sampled():
    big, small_part = nx.path_graph(30), nx.path_graph(range(100, 105))
    P = nx.union(big, small_part)
    exact = nx.betweenness_centrality(P, normalized=False)
    sampled = betweenness(P, exact_limit=10, k=5)
    scale = 2 / (34 * 33)
    assert {n: sampled[n] for n in small_part} == pytest.approx({n: exact[n] * scale for n in small_part})
    assert betweenness_sampling(P, exact_limit=10, k=5).sampled_bodies == 30


def test_sampling_is_reported_in_json_and_rdf(small):
    result = analyse_network(small, exact_limit=3, k=2, seed=0)
    assert result.as_dict()["betweenness"] == {
        "method": "sampled", "bodies": 7, "exact_limit": 3, "k": 2, "seed": 0,
        "sampled_parts": 1, "sampled_bodies": 6,
    }
    graph = metrics_graph(result)
    samples = {str(s): int(o) for s, o in graph.subject_objects(NAP.betweennessSample)}
    assert samples == {metrics_iri(EX + b): 2 for b in "ABCDRX"}  # not E, alone in its part


# ---------------------------------------------------------------------------
# The metrics as RDF
# ---------------------------------------------------------------------------

def test_metrics_triples_of_a_body(small):
    graph = metrics_graph(analyse_network(small))
    assert graph.identifier == METRICS_GRAPH
    node = URIRef(metrics_iri(EX + "C"))
    assert (URIRef(EX + "C"), NAP.metrics, node) in graph
    values = {p: o.toPython() for p, o in graph.predicate_objects(node) if p.startswith(str(NAP._NS))}
    values = {p: float(v) if isinstance(v, Decimal) else v for p, v in values.items()}
    assert values == {
        NAP.implementerLoad: 4, NAP.sharedImplementerLoad: pytest.approx(2.5), NAP.leadLoad: 1,
        NAP.recommendedLoad: 0, NAP.openLoad: 3, NAP.overdueCount: 1, NAP.sectionCount: 2,
        NAP.degreeCentrality: pytest.approx(1 / 3, abs=1e-6), NAP.betweenness: pytest.approx(4 / 15, abs=1e-6),
        NAP.bridging: pytest.approx(2 / 3, abs=1e-6), NAP.articulationPoint: True,
        NAP.bottleneckScore: pytest.approx(5), NAP.bottleneckRank: 1,
    }


def test_every_metrics_term_is_declared_in_the_ontology(small):
    ontology = Graph().parse(ONTOLOGY_FILE, format="turtle")
    from rdflib import RDFS

    used = {p for _, p, _ in metrics_triples(analyse_network(small, exact_limit=3, k=2)) if p.startswith(str(NAP._NS))}
    assert used >= {NAP.metrics, NAP.bridging, NAP.betweennessSample, NAP.bottleneckScore}
    for term in used | {NAP.BodyMetrics}:
        assert (term, RDFS.label, None) in ontology and (term, RDFS.comment, None) in ontology, term


def test_a_sparql_query_sorts_bodies_by_load(small):
    graph = Graph().parse(SMALL, format="turtle")
    graph += metrics_graph(analyse_network(small))
    rows = graph.query("""
        PREFIX nap: <https://w3id.org/nap-kg/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?name ?load WHERE { ?body nap:metrics/nap:implementerLoad ?load ; rdfs:label ?name }
        ORDER BY DESC(?load) ?name LIMIT 3""")
    assert [(str(n), int(load)) for n, load in rows] == [("Agency C", 4), ("Agency B", 3), ("Agency A", 1)]


# ---------------------------------------------------------------------------
# The real plan
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    from napkg.graph.publish import build_and_check

    graph = build_and_check(REPO / "data", shapes=False).graph
    return graph, analyse(select_from_rdflib(graph))


def _named(graph: Graph, body: URIRef, *properties: URIRef) -> set:
    return {a for p in properties for a in graph.subjects(p, body)}


def test_real_plan_implementer_load_is_the_number_of_activities_naming_the_body(real):
    graph, result = real
    assert result.bodies
    for iri, m in result.bodies.items():
        body = URIRef(iri)
        assert m.implementer_load == len(_named(graph, body, NAP.implementedBy, NAP.ledBy, NAP.supportedBy)), m.name
        assert m.recommended_load == len(_named(graph, body, NAP.recommendedTo)), m.name


def test_real_plan_shared_loads_add_up_to_the_activities_with_an_implementer(real):
    graph, result = real
    with_implementer = set(graph.subjects(NAP.implementedBy, None))
    assert sum(m.shared_implementer_load for m in result.bodies.values()) == pytest.approx(len(with_implementer))
    assert result.figures["all"]["with_implementer"] == len(with_implementer)


def test_real_plan_figures_partition_the_activities(real):
    _, result = real
    f = result.figures["all"]
    assert f["single_implementer"] + f["shared"] + f["umbrella_only"] + f["no_implementer"] == f["activities"] == 64
    assert 0 < f["gini_implementer_load"] < 1
    assert result.sampling.exact
    assert result.plans_without_report() == []


def test_real_plan_metrics_conform_to_the_shapes(real):
    from napkg.graph.build.validate import validate

    graph, result = real
    combined = Graph()
    combined += graph
    combined += metrics_graph(result)
    report = validate(combined)
    assert report.conforms, report.summary()


def test_real_plan_collective_bodies_are_never_ranked_with_agencies(real):
    _, result = real
    agencies, collective = result.ranked(), result.ranked(collective=True)
    assert collective and agencies
    assert {m.collective for m in agencies} == {False} and {m.collective for m in collective} == {True}
    assert [m.bottleneck_rank for m in collective] == list(range(1, len(collective) + 1))


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------

def test_analyze_json_carries_every_body_with_its_figures(capsys):
    assert main(["analyze", "--graph", str(SMALL), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["betweenness"]["method"] == "exact"
    assert [b["id"] for b in out["bodies"]] == ["c", "r", "b", "a", "d", "e"]
    assert [b["id"] for b in out["collective_bodies"]] == ["x"]
    c = out["bodies"][0]
    for key in ("id", "name", "implementer_load", "recommended_load", "open_load", "overdue", "betweenness",
                "bottleneck_score"):
        assert key in c
    assert (c["name"], c["implementer_load"], c["open_load"], c["overdue"]) == ("Agency C", 4, 3, 1)
    assert c["betweenness"] == pytest.approx(4 / 15, abs=1e-6) and c["bottleneck_score"] == pytest.approx(5)
    assert out["figures"][EX + "plan"]["reference_date"] == "2021-06-30"


def test_analyze_csv_is_the_full_per_body_table(capsys):
    assert main(["analyze", "--graph", str(SMALL), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["collective"]) for r in rows] == [
        ("c", "False"), ("r", "False"), ("b", "False"), ("a", "False"), ("d", "False"), ("e", "False"), ("x", "True")]


def test_analyze_table_shows_components_and_how_betweenness_was_computed(capsys):
    assert main(["analyze", "--graph", str(SMALL), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Agency C" in out and "Parliament R" in out and "Agency B" not in out
    assert "betweenness exact (7 bodies)" in out
    assert "1 collective bodies (umbrella groups) are reported apart" in out
    assert main(["analyze", "--graph", str(SMALL), "--collective"]) == 0
    assert "Relevant bodies X" in capsys.readouterr().out


def test_analyze_says_when_overdue_is_judged_as_of_a_day(capsys):
    assert main(["analyze", "--graph", str(TWO), "--as-of", "2021-01-01", "--exact-limit", "2", "--sample", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 plan(s) without a progress report are judged as of 2021-01-01" in out
    assert "betweenness sampled with k=2" in out


def test_analyze_reads_nquads(tmp_path, capsys):
    dataset = Dataset()
    for s, p, o in Graph().parse(SMALL, format="turtle"):
        dataset.add((s, p, o, URIRef(EX + "plan")))
    path = tmp_path / "graph.nq"
    dataset.serialize(path, format="nquads")
    assert main(["analyze", "--graph", str(path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["bodies"]) == 6


def test_analyze_errors_and_empty_answers(tmp_path, capsys):
    assert main(["analyze", "--graph", str(tmp_path / "missing.ttl")]) == 2
    assert "no such graph file" in capsys.readouterr().err
    empty = tmp_path / "empty.ttl"
    empty.write_text("<http://x/a> a <https://w3id.org/nap-kg/ontology#Activity> .\n", encoding="utf-8")
    assert main(["analyze", "--graph", str(empty)]) == 1
    assert "names no body" in capsys.readouterr().err


def test_export_writes_graphml_and_gexf(tmp_path, capsys):
    out = tmp_path / "bodies.graphml"
    assert main(["export", "--graph", str(SMALL), "--format", "graphml", "--network", "bodies", "--out", str(out)]) == 0
    assert nx.read_graphml(out).number_of_nodes() == 7
    out = tmp_path / "plan.gexf"
    assert main(["export", "--graph", str(SMALL), "--format", "gexf", "--out", str(out)]) == 0
    assert nx.read_gexf(out).number_of_nodes() == 15
    assert "betweenness exact" in capsys.readouterr().out
