"""The JSON API, with a real HTTP client against live servers on loopback.

Two servers: the graph built from ``data/`` (the Azerbaijan plan, its letter and its metrics),
and the same graph with a second plan (``tests/data/api-second-plan.trig``: Testland's 1.7 and
Ministry of Justice share the code and id of Azerbaijan's) for the ambiguity rules. Expected
answers come from the data edition; where the API and the SPARQL endpoint can answer the same
question, they are held to agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from pydantic import BaseModel
from rdflib import Dataset, Graph

from napkg.api import models
from napkg.api.app import create_app
from napkg.api.routes.index import route_paths
from napkg.graph.build import ONTOLOGY_FILE
from napkg.graph.catalogue import who_owns
from napkg.graph.search.index import MAX_WORDS
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import select_rows

DATA_DIR = DEFAULT_DATA_DIR.parent / "tests" / "data"

PLAN = "az-2020-2022"
PGO = "https://w3id.org/nap-kg/id/body/az/prosecutor-generals-office"
ACD = "https://w3id.org/nap-kg/id/body/az/anti-corruption-directorate"
MOJ = "https://w3id.org/nap-kg/id/body/az/ministry-of-justice"
TL_MOJ = "https://w3id.org/nap-kg/id/body/tl/ministry-of-justice"


# --- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built() -> ox.Store:
    """The graph built from data/, as the service builds it."""
    return build_and_check(DEFAULT_DATA_DIR).store


def _copy(store: ox.Store) -> ox.Store:
    copy = ox.Store()
    copy.bulk_extend(store)
    return copy


@pytest.fixture(scope="module")
def api(module_live_server: Callable[[Any], str], built: ox.Store) -> Iterator[httpx.Client]:
    """A client of a live server of the Azerbaijan graph."""
    base = module_live_server(create_app(load_settings(query_workers=1), store=_copy(built)))
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


@pytest.fixture(scope="module")
def two_plans(module_live_server: Callable[[Any], str], built: ox.Store) -> Iterator[httpx.Client]:
    """A client of a live server of the Azerbaijan graph plus Testland's plan."""
    from napkg.graph.store import load_store

    store = load_store(DATA_DIR / "api-second-plan.trig", store=_copy(built))
    base = module_live_server(create_app(load_settings(query_workers=1), store=store))
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


def _ok(response: httpx.Response, model: type[BaseModel] | None = None) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    if model is not None:
        model.model_validate(body)  # every answer has the shape the OpenAPI schema documents
    return body


def _error(response: httpx.Response, status: int, parameter: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error.get("parameter") == parameter, error
    assert error["message"] and error["hint"]
    return error


def _codes(items: list[dict[str, Any]]) -> list[str]:
    return [item["code"] for item in items]


# --- the index --------------------------------------------------------------------------------


def test_the_index_links_the_page_the_endpoint_the_docs_and_the_main_routes(api: httpx.Client) -> None:
    links = _ok(api.get("/"), models.Index)["links"]
    assert {"/docs", "/query", "/sparql", "/agencies", "/activities", "/who-owns?q=hotline", "/graph"} <= set(links.values())
    for link in links.values():  # as a browser follows them (/sparql shows the query page)
        assert api.get(link, headers={"accept": "text/html,*/*;q=0.8"}).status_code == 200, link


def test_a_browser_gets_the_index_as_a_page(api: httpx.Client) -> None:
    response = api.get("/", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/docs"' in response.text and 'href="/sparql"' in response.text


# --- who owns ---------------------------------------------------------------------------------


def test_who_owns_hotline_finds_the_two_hotlines_first_with_their_owners(api: httpx.Client) -> None:
    page = _ok(api.get("/who-owns", params={"q": "hotlines"}), models.WhoOwnsPage)
    assert page["total"] == 3 and page["next"] is None and page["message"] is None
    assert set(_codes(page["items"][:2])) == {"1.7", "1.8"} and page["items"][2]["code"] == "4.8"
    assert page["items"][2]["matched_in"] == ["evidence"]  # title and indicator before evidence only
    assert all(i["matched"] == {"hotlines": "hotline"} for i in page["items"])
    by_code = {i["code"]: i for i in page["items"]}
    hotline = by_code["1.7"]
    assert hotline["implementers"] == [] and [b["iri"] for b in hotline["recommended_to"]] == [PGO]
    assert hotline["status"] == "limited" and hotline["url"] == "/activities/1.7?plan=az-2020-2022"
    assert by_code["1.8"]["recommended_to"][0]["name"].startswith("Commissioner for Human Rights")


def test_who_owns_pages_through_the_matches(api: httpx.Client) -> None:
    first = _ok(api.get("/who-owns", params={"q": "hotline", "limit": 2}))
    assert set(_codes(first["items"])) == {"1.7", "1.8"} and first["next"]
    second = _ok(api.get(first["next"]))
    assert _codes(second["items"]) == ["4.8"] and second["next"] is None and second["offset"] == 2


def test_who_owns_with_limit_zero_counts_the_matches_without_items(api: httpx.Client) -> None:
    page = _ok(api.get("/who-owns", params={"q": "hotline", "limit": 0}))
    assert page["total"] == 3 and page["items"] == []


@pytest.mark.parametrize("q", ["hotline", "corruption risks", "e-government portal", "NGO registration grants",
                               "Prosecutor", "161-Hotline", "ministry of justice", "ASAN service"])
def test_who_owns_ranks_as_the_command_line_does(api: httpx.Client, built: ox.Store, q: str) -> None:
    expected = who_owns(lambda query: select_rows(built, query), q, limit=500)
    page = _ok(api.get("/who-owns", params={"q": q, "limit": 500}))
    assert page["total"] == len(expected)
    assert [(i["iri"], i["score"]) for i in page["items"]] == [(r["iri"], r["score"]) for r in expected]
    scores = [i["score"] for i in page["items"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(("q", "says"), [
    ("hotlnie", "did you mean 'hotline'"),
    ("кто отвечает за горячую линию", "the phrase looks Russian and the texts are in English"),
])
def test_who_owns_with_no_match_answers_200_with_a_message_and_suggestions(api: httpx.Client, q: str, says: str) -> None:
    page = _ok(api.get("/who-owns", params={"q": q}), models.WhoOwnsPage)
    assert page["items"] == [] and page["total"] == 0
    assert page["message"].startswith("no match; ") and says in page["message"]
    assert ("hotline" in page["suggestions"]) == (q == "hotlnie")


def test_the_schema_documents_the_empty_answer_with_an_example(api: httpx.Client) -> None:
    answer = _ok(api.get("/openapi.json"))["paths"]["/who-owns"]["get"]["responses"]["200"]
    examples = answer["content"]["application/json"]["examples"]
    assert examples["nothing"]["value"]["message"] and examples["nothing"]["value"]["suggestions"]
    schema = _ok(api.get("/openapi.json"))["components"]["schemas"]["WhoOwnsPage"]["properties"]
    assert {"message", "suggestions"} <= set(schema)


def test_agencies_q_ranks_the_body_before_its_units_and_finds_by_stem(api: httpx.Client) -> None:
    assert _ok(api.get("/agencies", params={"q": "prosecutor"}))["items"][0]["iri"] == PGO
    assert _ok(api.get("/agencies", params={"q": "justice"}))["items"][0]["iri"] == MOJ
    nothing = _ok(api.get("/agencies", params={"q": "zeppelins"}), models.AgencyPage)
    assert nothing["items"] == [] and nothing["message"].startswith("no match")


def test_activities_q_keeps_plan_order_and_finds_what_who_owns_finds(api: httpx.Client) -> None:
    found = _ok(api.get("/activities", params={"q": "procurment", "limit": 500}), models.ActivityPage)
    owned = _ok(api.get("/who-owns", params={"q": "procurment", "limit": 500}))
    assert found["total"] == owned["total"] > 0
    assert set(_codes(found["items"])) == set(_codes(owned["items"]))
    assert "hotline" in _ok(api.get("/activities", params={"q": "hotlnie"}))["suggestions"]


@pytest.mark.parametrize(("params", "parameter"), [
    ({}, "q"), ({"q": ""}, "q"), ({"q": "! ?"}, "q"),
    ({"q": " ".join(f"word{i}" for i in range(MAX_WORDS + 1))}, "q"),
    ({"q": "hotline", "limit": 501}, "limit"), ({"q": "hotline", "offset": -1}, "offset"),
    ({"q": "hotline", "limit": "ten"}, "limit"),
])
def test_who_owns_refuses_bad_parameters_naming_them(api: httpx.Client, params: dict[str, Any], parameter: str) -> None:
    _error(api.get("/who-owns", params=params), 400, parameter)


# --- agencies ---------------------------------------------------------------------------------


def test_agencies_come_with_their_loads_largest_first(api: httpx.Client) -> None:
    page = _ok(api.get("/agencies", params={"limit": 500}), models.AgencyPage)
    loads = [(b["load"] or {}).get("implementer_load") or 0 for b in page["items"]]
    assert loads == sorted(loads, reverse=True) and page["total"] == len(page["items"])
    assert page["items"][0]["iri"] == MOJ and page["items"][0]["load"]["implementer_load"] == 18


def test_agencies_filter_by_name_and_kind_of_body(api: httpx.Client) -> None:
    names = {b["name"] for b in _ok(api.get("/agencies", params={"q": "JUSTICE"}))["items"]}
    assert "Ministry of Justice" in names
    collective = _ok(api.get("/agencies", params={"collective": "true", "limit": 500}))["items"]
    assert collective and all(b["collective"] for b in collective)
    by_name = [b["name"].casefold() for b in _ok(api.get("/agencies", params={"sort": "name", "limit": 500}))["items"]]
    assert by_name == sorted(by_name)


@pytest.mark.parametrize("name", ["prosecutor-generals-office", "Prosecutor's Office", "PROSECUTOR'S OFFICE",
                                  "general prosecutor's office", PGO])
def test_an_agency_is_found_by_id_iri_or_any_alias_in_any_case(api: httpx.Client, name: str) -> None:
    agency = _ok(api.get(f"/agencies/{name}"), models.AgencyDetail)
    assert agency["iri"] == PGO and agency["country_code"] == "AZ"


def test_an_agency_lists_its_activities_by_role_its_evidence_and_metrics(api: httpx.Client) -> None:
    agency = _ok(api.get("/agencies/prosecutor-generals-office"), models.AgencyDetail)
    roles = agency["activities"]
    assert roles["implementer"] == {"total": 0, "items": []}
    assert roles["recommended_to"]["total"] == 6 and {"1.1", "1.7"} <= set(_codes(roles["recommended_to"]["items"]))
    assert "1.7" in {e["activity"]["code"] for e in agency["evidence"]["items"]}
    assert agency["metrics"]["recommended_load"] == 6 and agency["load"]["implementer_load"] == 0


def test_an_agency_pages_its_lists(api: httpx.Client) -> None:
    agency = _ok(api.get(f"/agencies/{MOJ}", params={"limit": 5, "offset": 5}))
    implementer = agency["activities"]["implementer"]
    assert implementer["total"] == 18 and len(implementer["items"]) == 5


def test_an_unknown_agency_is_404_with_the_closest_names(api: httpx.Client) -> None:
    error = _error(api.get("/agencies/Ministry of Justis"), 404, "id")
    assert error["type"] == "NotFound" and "Ministry of Justice" in error["suggestions"]


# --- activities -------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "total"), [
    ({}, 64), ({"plan": "AZ-2020-2022"}, 64), ({"country": "az"}, 64), ({"country": "Azerbaijan"}, 64),
    ({"plan": PLAN, "section": "1"}, 10), ({"status": "not-started"}, 4), ({"status": "none"}, 0),
    ({"body": "Prosecutor's Office", "role": "recommended-to"}, 6), ({"body": "prosecutor-generals-office"}, 6),
    ({"body": "ministry-of-justice", "role": "implementer"}, 18),
    ({"q": "hotline"}, 3), ({"q": "hotline", "status": "complete"}, 1),
])
def test_activities_filter(api: httpx.Client, params: dict[str, str], total: int) -> None:
    page = _ok(api.get("/activities", params={**params, "limit": 100}), models.ActivityPage)
    assert page["total"] == total == len(page["items"])


def test_a_role_alone_keeps_activities_with_some_body_in_that_role(api: httpx.Client) -> None:
    expected = {r["a"] for r in _sparql(api, "SELECT DISTINCT ?a WHERE { ?a nap:recommendedTo ?b }")}
    page = _ok(api.get("/activities", params={"role": "recommended-to", "limit": 100}))
    assert {i["iri"] for i in page["items"]} == expected and all(i["recommended_to"] for i in page["items"])


@pytest.mark.parametrize(("older", "canonical"), [
    ({"status": "NotStarted"}, {"status": "not-started"}), ({"status": "not_started"}, {"status": "not-started"}),
    ({"status": "Not started"}, {"status": "not-started"}), ({"status": "NONE"}, {"status": "none"}),
    ({"role": "recommended_to"}, {"role": "recommended-to"}), ({"role": "recommended"}, {"role": "recommended-to"}),
    ({"role": "RecommendedTo"}, {"role": "recommended-to"}), ({"role": "Implementer"}, {"role": "implementer"}),
])
def test_activities_take_the_older_spellings_of_statuses_and_roles(api: httpx.Client, older: dict[str, str],
                                                                  canonical: dict[str, str]) -> None:
    expected = _ok(api.get("/activities", params={**canonical, "limit": 100}))
    assert _ok(api.get("/activities", params={**older, "limit": 100}))["items"] == expected["items"]


def test_activities_answer_statuses_in_the_one_spelling(api: httpx.Client) -> None:
    page = _ok(api.get("/activities", params={"status": "NotStarted", "limit": 100}))
    assert page["total"] == 4 and {i["status"] for i in page["items"]} == {"not-started"}
    error = _error(api.get("/activities", params={"status": "stalled"}), 400, "status")
    assert "not-started, limited, substantial, complete, none" in error["hint"]


def test_activities_come_in_plan_and_code_order(api: httpx.Client) -> None:
    codes = _codes(_ok(api.get("/activities", params={"limit": 12}))["items"])
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.1", "2.2"]


@pytest.mark.parametrize(("params", "status", "parameter"), [
    ({"plan": "az-2020"}, 404, "plan"), ({"country": "Azerbajan"}, 404, "country"),
    ({"section": "99", "plan": PLAN}, 404, "section"), ({"body": "Ministry of Justis"}, 404, "body"),
    ({"status": "stalled"}, 400, "status"), ({"role": "owner"}, 400, "role"), ({"q": "-"}, 400, "q"),
    ({"limit": 0, "offset": "x"}, 400, "offset"), ({"plan": ""}, 400, "plan"),
])
def test_activities_refuse_bad_filters_naming_them(api: httpx.Client, params: dict[str, Any], status: int,
                                                   parameter: str) -> None:
    _error(api.get("/activities", params=params), status, parameter)


def test_an_activity_has_its_owners_period_indicator_and_evidence_with_status_and_source(api: httpx.Client) -> None:
    activity = _ok(api.get("/activities/1.7"), models.ActivityDetail)
    assert activity["plan"]["id"] == PLAN and activity["section"]["code"] == "1"
    assert activity["implementers"] == [] and [b["iri"] for b in activity["recommended_to"]] == [PGO]
    assert activity["period"]["start_year"] == 2020 and activity["period"]["end_year"] == 2022
    assert "161-Hotline" in activity["indicator"]
    (evidence,) = activity["evidence"]
    assert evidence["status"] == "limited" and evidence["date"] == "2021-08-31"
    assert evidence["status_basis"].startswith("It is planned")
    assert {b["iri"] for b in evidence["actors"]} == {PGO, ACD}
    assert evidence["source"]["fragment"] == "line=40,44"
    assert evidence["source"]["file"] == "sources/progress-letter-2021-08-31.txt"
    assert evidence["report"]["date"] == "2021-08-31"
    assert activity["source"]["file"] == "sources/nap-2020-2022.txt"


def test_an_activity_lists_the_recommendations_it_answers(api: httpx.Client) -> None:
    activity = _ok(api.get("/activities/5.2", params={"plan": PLAN}), models.ActivityDetail)
    assert {r["id"] for r in activity["recommendations"]} >= {"csc-1", "csc-1-2"}


def test_an_activity_is_found_by_its_iri(api: httpx.Client) -> None:
    iri = "https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7"
    assert _ok(api.get(f"/activities/{iri}"))["iri"] == iri


def test_an_unknown_activity_is_404_with_close_codes(api: httpx.Client) -> None:
    error = _error(api.get("/activities/1.77"), 404, "code")
    assert "1.7" in error["suggestions"]
    _error(api.get("/activities/1.7", params={"plan": "nope"}), 404, "plan")


# --- plans, sections, recommendations, analyses ------------------------------------------------------


def test_plans_sections_and_recommendations(api: httpx.Client) -> None:
    (plan,) = _ok(api.get("/plans"), models.PlanPage)["items"]
    assert plan["id"] == PLAN and plan["activity_count"] == 64 and plan["section_count"] == 9
    assert sum(plan["statuses"].values()) == 64 and plan["report_date"] == "2021-08-31"
    detail = _ok(api.get(f"/plans/{PLAN}"), models.PlanDetail)
    assert detail["figures"]["activities"] == 64 and detail["figures"]["reference"] == "report"
    sections = _ok(api.get("/sections", params={"plan": PLAN}), models.SectionPage)
    assert sections["total"] == 9 and sum(s["activities"] for s in sections["items"]) == 64
    first = sections["items"][0]
    assert _ok(api.get(first["url"]))["total"] == first["activities"] == 10
    recommendations = _ok(api.get("/recommendations"), models.RecommendationPage)["items"]
    csc1 = next(r for r in recommendations if r["id"] == "csc-1")
    assert "5.2" in _codes(csc1["addressed_by"]) and csc1["issued_by"]["id"] == "criteria-and-standards-subcommittee"


def _sparql(api: httpx.Client, query: str) -> list[dict[str, str]]:
    prefixes = "PREFIX nap: <https://w3id.org/nap-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    response = api.get("/sparql", params={"query": prefixes + query}, headers={"accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def test_the_load_table_is_the_metrics_the_sparql_endpoint_serves(api: httpx.Client) -> None:
    rows = _sparql(api, "SELECT ?b ?load WHERE { ?b nap:metrics/nap:implementerLoad ?load }")
    expected = {r["b"]: int(r["load"]) for r in rows}
    page = _ok(api.get("/analysis/load", params={"limit": 500}), models.LoadPage)
    assert page["total"] == len(expected)
    assert {i["iri"]: i["implementer_load"] for i in page["items"]} == expected


def test_bottlenecks_follow_the_ranks_stored_in_the_graph(api: httpx.Client) -> None:
    page = _ok(api.get("/analysis/bottlenecks", params={"limit": 5}), models.BottleneckPage)
    assert [i["bottleneck_rank"] for i in page["items"]] == [1, 2, 3, 4, 5]
    assert not any(i["collective"] for i in page["items"])
    rank_1 = _sparql(api, "SELECT ?b WHERE { ?b nap:metrics/nap:bottleneckRank 1 FILTER NOT EXISTS "
                          "{ ?b a nap:CollectiveBody } }")
    assert page["items"][0]["iri"] == rank_1[0]["b"]
    collective = _ok(api.get("/analysis/bottlenecks", params={"collective": "true"}))["items"]
    assert collective and all(i["collective"] for i in collective)


def test_plan_figures(api: httpx.Client) -> None:
    every = _ok(api.get("/analysis/figures"), models.Figures)
    one = _ok(api.get("/analysis/figures", params={"plan": PLAN}), models.Figures)
    assert every["activities"] == one["activities"] == 64
    assert one["single_implementer"] + one["shared"] + one["umbrella_only"] + one["no_implementer"] == 64


# --- ambiguity: two plans, two countries -----------------------------------------------------------


def test_a_code_in_two_plans_is_409_naming_the_plans(two_plans: httpx.Client) -> None:
    error = _error(two_plans.get("/activities/1.7"), 409, "plan")
    assert error["type"] == "Ambiguous" and set(error["candidates"]) == {PLAN, "tl-2024-2026"}
    assert _ok(two_plans.get("/activities/1.7", params={"plan": "tl-2024-2026"}))["title"] == "A national hotline for complaints"
    assert _ok(two_plans.get("/activities/1.7", params={"plan": PLAN}))["plan"]["id"] == PLAN
    assert _ok(two_plans.get("/activities/9.4"))["plan"]["id"] == PLAN  # a code of one plan only needs no plan


def test_a_name_in_two_countries_is_409_and_country_picks_one(two_plans: httpx.Client) -> None:
    error = _error(two_plans.get("/agencies/ministry-of-justice"), 409, "country")
    assert len(error["candidates"]) == 2 and any("(TL)" in c for c in error["candidates"])
    assert _ok(two_plans.get("/agencies/ministry-of-justice", params={"country": "TL"}))["iri"] == TL_MOJ
    assert _ok(two_plans.get("/agencies/ministry-of-justice", params={"country": "azerbaijan"}))["iri"] == MOJ
    assert _ok(two_plans.get("/agencies/MoJ Testland"))["iri"] == TL_MOJ  # an alias only one body has
    _error(two_plans.get("/activities", params={"body": "ministry-of-justice"}), 409, "country")
    assert _ok(two_plans.get("/activities", params={"body": "ministry-of-justice", "country": "TL"}))["total"] == 1
    _error(two_plans.get("/agencies/ministry-of-justice", params={"country": "FR"}), 404, "country")


def test_links_in_answers_are_never_ambiguous(two_plans: httpx.Client) -> None:
    page = _ok(two_plans.get("/who-owns", params={"q": "hotline"}))
    for item in page["items"]:
        assert two_plans.get(item["url"]).status_code == 200
        for body in item["implementers"] + item["recommended_to"]:
            assert two_plans.get(body["url"]).status_code == 200


def test_who_owns_and_lists_filter_by_plan_and_country(two_plans: httpx.Client) -> None:
    assert _ok(two_plans.get("/who-owns", params={"q": "hotline"}))["total"] == 4
    assert _codes(_ok(two_plans.get("/who-owns", params={"q": "hotline", "country": "TL"}))["items"]) == ["1.7"]
    assert _ok(two_plans.get("/who-owns", params={"q": "hotline", "plan": PLAN}))["total"] == 3
    assert _ok(two_plans.get("/plans"))["total"] == 2
    assert _ok(two_plans.get("/activities", params={"plan": "tl-2024-2026", "status": "none"}))["total"] == 1
    assert {p["id"] for p in _ok(two_plans.get("/plans", params={"country": "TL"}))["items"]} == {"tl-2024-2026"}


# --- downloads ----------------------------------------------------------------------------------


def test_the_graph_downloads_in_every_format(api: httpx.Client, built: ox.Store) -> None:
    union = {(q.subject, q.predicate, q.object) for q in built}
    turtle = api.get("/graph")
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=turtle.text, format="turtle")) == len(union)
    ntriples = api.get("/graph", headers={"accept": "application/n-triples"})
    assert ntriples.headers["content-type"] == "application/n-triples"
    assert len(ntriples.text.strip().splitlines()) == len(union)
    jsonld = api.get("/graph", params={"format": "jsonld"})
    assert jsonld.headers["content-type"] == "application/ld+json" and isinstance(jsonld.json(), (list, dict))
    nquads = api.get("/graph", params={"format": "nquads"})
    dataset = Dataset()
    dataset.parse(data=nquads.text, format="nquads")
    assert len(list(dataset.quads((None, None, None, None)))) == len(built)
    assert api.get("/graph", params={"format": "trig"}).headers["content-type"] == "application/trig"
    again = api.get("/graph", headers={"if-none-match": turtle.headers["etag"]})
    assert again.status_code == 304  # the file is written once and then streamed with its ETag


def test_the_ontology_downloads_as_written_or_converted(api: httpx.Client) -> None:
    turtle = api.get("/ontology")
    assert turtle.status_code == 200 and turtle.content == ONTOLOGY_FILE.read_bytes()
    rdfxml = api.get("/ontology", headers={"accept": "application/rdf+xml"})
    assert rdfxml.headers["content-type"] == "application/rdf+xml"
    expected = len(Graph().parse(ONTOLOGY_FILE, format="turtle"))
    assert len(Graph().parse(data=rdfxml.text, format="xml")) == expected
    assert len(Graph().parse(data=api.get("/ontology", params={"format": "jsonld"}).text, format="json-ld")) == expected


def test_downloads_refuse_an_unknown_format(api: httpx.Client) -> None:
    _error(api.get("/graph", params={"format": "csv"}), 400, "format")
    _error(api.get("/ontology", params={"format": "nquads"}), 400, "format")


# --- the OpenAPI schema ---------------------------------------------------------------------------


JSON_ROUTES = ["/", "/who-owns", "/agencies", "/agencies/{id}", "/activities", "/activities/{code}", "/plans",
               "/plans/{plan}", "/sections", "/recommendations", "/analysis/load", "/analysis/bottlenecks",
               "/analysis/figures", "/graph", "/ontology"]


def test_every_route_of_the_api_is_in_the_schema_with_examples(api: httpx.Client) -> None:
    """Every operation has a summary and a description; every query parameter (and every parameter of
    the JSON API's routes) a description and an example (an enum's values count as examples); every
    response body an example."""
    schema = _ok(api.get("/openapi.json"))
    assert set(JSON_ROUTES) <= set(schema["paths"])
    components = schema["components"]["schemas"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            where = f"{method.upper()} {path}"
            assert operation.get("summary") and operation.get("description"), where
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query" and path not in JSON_ROUTES:
                    continue
                assert parameter.get("description"), (where, parameter["name"])
                alternatives = [parameter["schema"], *parameter["schema"].get("anyOf", [])]
                assert "example" in parameter or "examples" in parameter or any(
                    "examples" in alt or "enum" in alt for alt in alternatives), (where, parameter["name"])
            for status, response in operation["responses"].items():
                for media, content in response.get("content", {}).items():
                    ref = content.get("schema", {}).get("$ref", "")
                    documented = "example" in content or "examples" in content or (
                        ref and "examples" in components[ref.rsplit("/", 1)[-1]])
                    assert documented, (where, status, media)


def test_every_example_in_the_schema_fits_its_model() -> None:
    for name in models.__all__:
        model = getattr(models, name)
        if isinstance(model, type) and issubclass(model, BaseModel):
            for example in (model.model_config.get("json_schema_extra") or {}).get("examples", []):
                model.model_validate(example)


def test_route_paths_sees_routes_of_included_routers(api: httpx.Client) -> None:
    from napkg.api.app import create_app as make

    assert {"/who-owns", "/agencies/{id:path}", "/sparql"} <= route_paths(make())


# --- under load ------------------------------------------------------------------------------------


def test_concurrent_requests_all_answer(api: httpx.Client) -> None:
    urls = ["/who-owns?q=hotline", "/agencies/prosecutor-generals-office", "/activities/1.7",
            "/who-owns?q=budget transparency", f"/agencies/{MOJ}", "/activities?status=limited"] * 16
    with ThreadPoolExecutor(16) as pool:
        statuses = list(pool.map(lambda url: httpx.get(str(api.base_url).rstrip("/") + url, timeout=30).status_code, urls))
    assert statuses == [200] * len(urls)


def test_the_catalogue_is_built_once_per_app(live_server: Callable[[Any], str], built: ox.Store) -> None:
    app = create_app(load_settings(query_workers=0), store=_copy(built))
    base = live_server(app)
    assert httpx.get(f"{base}/who-owns", params={"q": "hotline"}).status_code == 200
    first = app.state.catalogue.catalogue
    assert httpx.get(f"{base}/agencies/prosecutor-generals-office").status_code == 200
    assert app.state.catalogue.catalogue is first is not None


# --- hints: the API says which route helps; the library names only the parameter ---------------


def test_the_library_names_the_parameter_at_fault_and_no_route(built: ox.Store) -> None:
    from napkg.graph.catalogue import Catalogue
    from napkg.graph.errors import Ambiguous, NotFound

    catalogue = Catalogue(lambda query: select_rows(built, query))
    for look_up, parameter in ((lambda: catalogue.plan("az-2020"), "plan"), (lambda: catalogue.activity("1.77"), "code"),
                               (lambda: catalogue.directory.resolve("Ministry of Justis"), "id")):
        with pytest.raises((NotFound, Ambiguous)) as caught:
            look_up()
        assert caught.value.parameter == parameter  # type: ignore[attr-defined]
        assert "GET " not in (getattr(caught.value, "hint", None) or "") and "/" not in str(caught.value)


@pytest.mark.parametrize(("path", "params", "route"), [
    ("/activities", {"plan": "az-2020"}, "GET /plans"), ("/activities/1.77", {}, "GET /activities"),
    ("/activities", {"plan": PLAN, "section": "99"}, "GET /sections"), ("/agencies/Ministry of Justis", {}, "GET /agencies"),
])
def test_the_api_hints_at_the_route_that_lists_what_was_asked_for(api: httpx.Client, path: str,
                                                                  params: dict[str, str], route: str) -> None:
    assert route in api.get(path, params=params).json()["error"]["hint"]


def test_an_activity_code_of_several_plans_hints_at_plan_with_the_first_candidate(two_plans: httpx.Client) -> None:
    error = _error(two_plans.get("/activities/1.7"), 409, "plan")
    assert error["hint"] == f"add plan=<one of the candidates>, e.g. ?plan={error['candidates'][0]}"


# --- lists in CSV, paging in headers, strict parameters ------------------------------------------

LISTS = [("/agencies", {}), ("/activities", {}), ("/who-owns", {"q": "hotline"}), ("/plans", {}), ("/sections", {}),
         ("/recommendations", {}), ("/analysis/load", {}), ("/analysis/bottlenecks", {})]


@pytest.mark.parametrize(("path", "params"), LISTS)
def test_every_list_reads_into_pandas_as_csv_row_for_item(api: httpx.Client, path: str, params: dict[str, str]) -> None:
    import io

    import pandas as pd

    page = _ok(api.get(path, params={**params, "limit": 5}))
    by_format = api.get(path, params={**params, "limit": 5, "format": "csv"})
    by_accept = api.get(path, params={**params, "limit": 5}, headers={"Accept": "text/csv"})
    assert by_format.status_code == by_accept.status_code == 200
    assert by_format.headers["content-type"].startswith("text/csv") and by_format.text == by_accept.text
    table = pd.read_csv(io.StringIO(by_format.text))
    assert len(table) == len(page["items"]) > 0
    assert by_format.headers["x-total-count"] == str(page["total"])
    first = page["items"][0]
    key = next(k for k in ("code", "id", "iri") if k in first)
    assert str(table[key].iloc[0]) == str(first[key])


def test_csv_joins_owners_and_flattens_nested_objects(api: httpx.Client) -> None:
    import io

    import pandas as pd

    page = _ok(api.get("/activities", params={"limit": 50}))
    table = pd.read_csv(io.StringIO(api.get("/activities", params={"limit": 50, "format": "csv"}).text),
                        dtype=str, keep_default_na=False)
    shared = next(i for i, item in enumerate(page["items"]) if len(item["implementers"]) > 1)
    names = [b["name"] for b in page["items"][shared]["implementers"]]
    assert table["implementers"].iloc[shared] == "; ".join(names)
    plans = _ok(api.get("/plans"))
    plan_table = pd.read_csv(io.StringIO(api.get("/plans", params={"format": "csv"}).text))
    assert any(column.startswith("statuses.") or "." in column for column in plan_table.columns)
    assert list(plan_table["id"]) == [p["id"] for p in plans["items"]]


def test_the_paging_is_in_the_headers_too(api: httpx.Client) -> None:
    first = api.get("/activities", params={"limit": 10})
    body = first.json()
    assert first.headers["x-total-count"] == str(body["total"])
    assert first.headers["link"] == f'<{body["next"]}>; rel="next"'
    last = api.get("/activities", params={"limit": 10, "offset": body["total"] - 1, "format": "csv"})
    assert "link" not in last.headers and last.headers["x-total-count"] == str(body["total"])


def test_a_list_format_not_in_the_table_is_400_naming_format(api: httpx.Client) -> None:
    error = _error(api.get("/agencies", params={"format": "xlsx"}), 400, "format")
    assert "json" in error["hint"] and "csv" in error["hint"]
    assert _ok(api.get("/agencies", params={"format": "json"}))["items"]


@pytest.mark.parametrize(("path", "params", "unknown"), [
    ("/agencies", {"contry": "AZ"}, "contry"), ("/activities", {"satus": "limited"}, "satus"),
    ("/who-owns", {"q": "hotline", "page": "2"}, "page"), ("/activities/1.7", {"plann": PLAN}, "plann"),
    ("/analysis/figures", {"country": "AZ"}, "country"),
])
def test_an_unknown_parameter_is_400_naming_it(api: httpx.Client, path: str, params: dict[str, str],
                                               unknown: str) -> None:
    error = _error(api.get(path, params=params), 400, unknown)
    assert unknown in error["message"] and "takes" in error["hint"]
