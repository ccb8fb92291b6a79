"""Claimed versus shown, wherever a status is shown: the plan figures, the metrics graph, the JSON
API, the command line, the activity page and the network page all put the report's claim beside
the edition's assessment, and count or flag the activities claimed above what the evidence shows.

Expectations are computed from the graph (the curated query ``claimed-not-shown`` and the
evidence's own triples), so that a corrected grade in the data does not break them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.cli import main
from napkg.graph.analysis import analyse, metrics_triples
from napkg.graph.analysis.network import bipartite_network, main_claims, status_key
from napkg.graph.analysis.figures import plan_figures
from napkg.graph.namespace import NAP
from napkg.graph.publish import build_and_check
from napkg.graph.queries import list_queries
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import select_rows
from napkg.graph.vocabulary import SPARQL_PROLOGUE, STATUSES
from napkg.viz.data import load_viz_data
from napkg.viz.model import build_model

PLAN = "https://w3id.org/nap-kg/id/plan/az-2020-2022"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """The graph built from data/, as the service builds it."""
    return build_and_check(DEFAULT_DATA_DIR).store


@pytest.fixture(scope="module")
def select(store: ox.Store) -> Callable[[str], list[dict[str, Any]]]:
    return lambda query: select_rows(store, query)


@pytest.fixture(scope="module")
def claimed_not_shown(select) -> dict[str, dict[str, Any]]:
    """The curated query's rows, by activity code."""
    query = next(q for q in list_queries() if q.name.endswith("claimed-not-shown"))
    return {str(r["code"]): r for r in select(query.text)}


@pytest.fixture(scope="module")
def api(module_live_server: Callable[[Any], str], store: ox.Store) -> Iterator[httpx.Client]:
    copy = ox.Store()
    copy.bulk_extend(store)
    base = module_live_server(create_app(load_settings(query_workers=1), store=copy))
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def _code(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# --- the plan figures and the metrics graph ---------------------------------------------------------


def test_the_plan_figures_count_the_activities_the_curated_query_lists(select, claimed_not_shown):
    figures = plan_figures(bipartite_network(select))
    assert len(claimed_not_shown) == 14  # the edition's reading: 14 activities claimed above their assessment
    assert figures[PLAN]["claimed_above_assessed"] == len(claimed_not_shown) == figures["all"]["claimed_above_assessed"]


def test_the_network_flags_exactly_the_curated_query_s_activities(select, claimed_not_shown):
    B = bipartite_network(select)
    flagged = {B.nodes[a]["label"] for a in B if B.nodes[a].get("claimed_above_assessed")}
    assert flagged == set(claimed_not_shown)
    for a in B:
        node = B.nodes[a]
        if node["label"] in claimed_not_shown:
            row = claimed_not_shown[node["label"]]
            assert (node["status"], node["claimed_status"]) == (STATUSES.key(str(row["assessed"])),
                                                                 STATUSES.key(str(row["claimed"])))


def test_network_statuses_are_vocabulary_keys(select):
    B = bipartite_network(select)
    statuses = {B.nodes[a]["status"] for a in B if B.nodes[a]["kind"] == "activity"}
    assert statuses <= {*STATUSES.keys, "unknown"} and "not-started" in statuses


def test_a_further_passage_is_never_the_main_evidence(select):
    rows = select(SPARQL_PROLOGUE + """
        SELECT ?activity ?part WHERE { ?activity nap:evidence ?part . FILTER(STRENDS(STR(?part), "/platform")) }""")
    assert rows, "the edition reads the letter's account of the platform as evidence"
    claims = main_claims(select)
    for row in rows:
        main = select(SPARQL_PROLOGUE + f"""
            SELECT ?claimed WHERE {{ <{row['activity']}> nap:evidence ?e . ?e nap:status ?s .
                                     OPTIONAL {{ ?e nap:claimedStatus ?claimed }} }}""")
        assert len(main) == 1
        expected = status_key(main[0]["claimed"]) if main[0].get("claimed") else None
        assert claims[row["activity"]].claimed_status == expected


def test_the_metrics_graph_holds_each_plan_s_count(select, claimed_not_shown):
    result = analyse(select)
    triples = [(s, o) for s, p, o in metrics_triples(result) if p == NAP.claimedAboveAssessed]
    assert [(str(s), int(o)) for s, o in triples] == [(PLAN, len(claimed_not_shown))]


# --- the JSON API ------------------------------------------------------------------------------------


def test_activity_items_carry_the_claim_beside_the_status(api, claimed_not_shown):
    items = api.get("/activities", params={"plan": "az-2020-2022", "limit": 100}).json()["items"]
    assert len(items) == 64
    above = {i["code"] for i in items if i["claimed_above_assessed"]}
    assert above == set(claimed_not_shown)
    for item in items:
        if item["code"] in claimed_not_shown:
            row = claimed_not_shown[item["code"]]
            assert item["claimed_status"] == STATUSES.key(str(row["claimed"]))
            assert item["claim_basis"] == str(row["claimBasis"])
        if item["claimed_status"] is None:
            assert item["claim_basis"] is None and not item["claimed_above_assessed"]


def test_the_activity_detail_lists_the_deliverables_checklist(api, select):
    detail = api.get("/activities/2.2", params={"plan": "az-2020-2022"}).json()
    assert (detail["status"], detail["claimed_status"], detail["claimed_above_assessed"]) == ("limited", "complete", True)
    assert detail["claim_basis"].startswith("The clause has been fully implemented")
    labels = {str(r["label"]) for r in select(
        SPARQL_PROLOGUE + f"""SELECT ?label ?shown WHERE {{ <{PLAN}/activity/2.2> nap:evidence/nap:deliverable ?d .
                               ?d rdfs:label ?label ; nap:shown ?shown }}""")}
    assert [d["iri"].rsplit("-", 1)[-1] for d in detail["deliverables"]] == [str(n) for n in range(1, len(labels) + 1)]
    assert labels == {d["label"] for d in detail["deliverables"]}
    assert {d["shown"] for d in detail["deliverables"]} <= {"shown", "partly-shown", "not-shown"}
    assert any(d["shown"] == "not-shown" and d["note"] for d in detail["deliverables"])
    main = [e for e in detail["evidence"] if e["status"] is not None]
    assert len(main) == 1 and main[0]["claimed_status"] == "complete" and main[0]["deliverables"] == detail["deliverables"]


def test_the_figures_route_counts_the_claims(api, claimed_not_shown):
    figures = api.get("/analysis/figures", params={"plan": "az-2020-2022"}).json()
    assert figures["claimed_above_assessed"] == len(claimed_not_shown)


# --- the pages -------------------------------------------------------------------------------------------


def test_the_activity_page_shows_the_assessment_and_the_claim_apart(api):
    page = api.get("/id/plan/az-2020-2022/activity/2.2", headers={"Accept": "text/html"}).text
    assert "Assessed status:" in page and "Claimed by the report:" in page
    assert 'data-claim="above"' in page and "Claimed above what the evidence shows." in page
    assert page.count('<ul class="plain checklist">') == 1  # the platform passage has no checklist
    assert "Discussions held in the 2021 and 2022 cycles" in page


def test_an_activity_whose_claim_matches_is_not_flagged(api, select, claimed_not_shown):
    rows = select(SPARQL_PROLOGUE + """
        SELECT ?code WHERE { ?a nap:code ?code ; nap:evidence ?e . ?e nap:claimedStatus ?c ; nap:status ?c }
        ORDER BY ?code LIMIT 1""")
    code = str(rows[0]["code"])
    page = api.get(f"/id/plan/az-2020-2022/activity/{code}", headers={"Accept": "text/html"}).text
    assert "Claimed by the report:" in page and 'data-claim="above"' not in page


def test_the_home_page_shows_the_count(api, claimed_not_shown):
    page = api.get("/", headers={"Accept": "text/html"}).text
    assert f"<strong>{len(claimed_not_shown)}</strong> claimed above what the evidence shows" in page


# --- the command line --------------------------------------------------------------------------------


def test_who_owns_shows_the_claim_beside_the_status(capsys):
    assert main(["who-owns", "budget", "--format", "json"]) == 0
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["2.2"]["claimed_status"] == "complete" and rows["2.2"]["claimed_above_assessed"] is True
    assert main(["who-owns", "budget"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("2.2 "))
    assert "limited (claimed complete)" in line


def test_agency_shows_the_claim_beside_the_status(capsys):
    assert main(["agency", "Ministry of Finance"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("2.2 "))
    assert "limited (claimed complete)" in line


def test_analyze_says_how_many_are_claimed_above(capsys, claimed_not_shown):
    assert main(["analyze"]) == 0
    assert f"{len(claimed_not_shown)} claimed above what their evidence shows" in capsys.readouterr().out


# --- the network page ----------------------------------------------------------------------------------


def test_the_network_page_carries_the_claim_and_the_graded_evidence(select, claimed_not_shown):
    data = load_viz_data(select)
    model = build_model(data, details="inline")
    by_code = {a["code"]: a for a in model.activities.values()}
    assert {c for c, a in by_code.items() if a["above"]} == set(claimed_not_shown) & set(by_code)
    assert by_code["2.2"]["claimed"] == "complete" and by_code["2.2"]["status"] == "limited"
    assert by_code["2.2"]["evidence"]["claim"].startswith("The clause has been fully implemented")
    platform = f"{PLAN}/activity/5.6"
    text = select(SPARQL_PROLOGUE + f"""SELECT ?text WHERE {{ <{platform}> nap:evidence ?e . ?e nap:status ?s ; nap:text ?text }}""")
    assert data.evidence[platform].excerpt.split()[:5] == str(text[0]["text"]).split()[:5]
