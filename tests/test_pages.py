"""The pages for people and the dereferenceable IRIs, over HTTP (no browser): what each page says,
and that every kind of entity answers its page to browsers and its description to RDF clients."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from fastapi.testclient import TestClient

from napkg.api.app import create_app
from napkg.api.settings import load_service_settings
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import GraphStore, load_store

BASE = "https://w3id.org/nap-kg"
BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
RDF_FORMATS = {  # Accept -> rdflib parser
    "text/turtle": "turtle", "application/ld+json": "json-ld",
    "application/n-triples": "nt", "application/rdf+xml": "xml",
}
NAP = "https://w3id.org/nap-kg/ontology#"
KINDS = ["Body", "Activity", "ActionPlan", "Section", "Recommendation", "ProgressReport", "Evidence",
         "SourceDocument", "Country"]


@pytest.fixture(scope="module")
def store() -> GraphStore:
    return GraphStore(load_store(build_and_check(DEFAULT_DATA_DIR, shapes=False).dataset), query_workers=0)


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(load_settings(query_workers=0), store=store)) as c:
        yield c


def path_of(iri: str) -> str:
    return iri[len(BASE):]


def one_of_each_kind(store: GraphStore) -> dict[str, str]:
    rows = store.select("SELECT ?k (MIN(STR(?s)) AS ?e) WHERE { ?s a ?c . "
                        f"VALUES (?c ?k) {{ {' '.join(f'(<{NAP}{k}> {k!r})'.replace(chr(39), chr(34)) for k in KINDS)} }} }} GROUP BY ?k")
    return {r["k"]: r["e"] for r in rows}


def external_assets(html: str) -> list[str]:
    return re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(https?:)?//[^"]*"', html)


# --- the home page and the JSON index ------------------------------------------------------------

def test_home_page_for_browsers_has_a_search_form_that_needs_no_script(client):
    html = client.get("/", headers=BROWSER).text
    assert re.search(r'<form[^>]*action="/search"[^>]*method="get"', html)
    assert re.search(r'<input[^>]*name="q"', html)
    assert "<script" not in html


def test_home_page_gives_each_plan_its_figures_and_status_chart(client):
    html = client.get("/", headers=BROWSER).text
    for plan in client.get("/plans").json()["items"]:
        assert plan["title"] in html
        assert f"<strong>{plan['activity_count']}</strong> activities" in html
        for status, count in plan["statuses"].items():
            if count:
                assert re.search(rf'<rect class="{status}"', html), status
    figures = client.get("/analysis/figures").json()
    assert f"<strong>{figures['open']}</strong> open" in html
    assert f"<strong>{figures['overdue']}</strong> overdue" in html


def test_home_page_lists_the_most_loaded_bodies_and_bottlenecks_and_links_everything(client):
    html = client.get("/", headers=BROWSER).text
    top_loaded = client.get("/analysis/load", params={"limit": 1}).json()["items"][0]
    top_bottleneck = client.get("/analysis/bottlenecks", params={"limit": 1}).json()["items"][0]
    assert f'href="{path_of(top_loaded["iri"])}"' in html
    assert f'href="{path_of(top_bottleneck["iri"])}"' in html
    for link in ("/viz", "/query", "/docs", "/graph?format=trig"):
        assert f'href="{link}"' in html


def test_the_index_stays_json_for_json_clients(client):
    answer = client.get("/", headers={"accept": "application/json"})
    assert answer.headers["content-type"].startswith("application/json")
    assert "/docs" in answer.json()["links"].values()


# --- search ----------------------------------------------------------------------------------------

def test_search_lists_matching_activities_with_owners_kept_apart(client):
    html = client.get("/search", params={"q": "hotline"}, headers=BROWSER).text
    found = client.get("/who-owns", params={"q": "hotline"}).json()
    assert f"Activities ({found['total']})" in html
    first = found["items"][0]
    assert f'href="{path_of(first["iri"])}"' in html
    row = html[html.index(path_of(first["iri"])):].split("</tr>")[0]
    cells = row.split("<td>")
    implementers, recommended = cells[1], cells[2]
    for body in first["recommended_to"]:
        assert body["name"] in recommended.replace("&#39;", "'") and body["name"] not in implementers.replace("&#39;", "'")


def test_search_lists_bodies_whose_names_match(client):
    html = client.get("/search", params={"q": "justice"}, headers=BROWSER).text
    assert 'href="/id/body/az/ministry-of-justice"' in html


def test_search_with_no_word_says_what_to_do(client):
    answer = client.get("/search", params={"q": "!"}, headers=BROWSER)
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text


# --- entity pages and content negotiation ------------------------------------------------------------

def test_every_kind_of_entity_has_a_page(client, store):
    for kind, iri in one_of_each_kind(store).items():
        answer = client.get(path_of(iri), headers=BROWSER)
        assert answer.status_code == 200, kind
        assert answer.headers["content-type"].startswith("text/html")
        assert re.search(r'<link rel="alternate" type="text/turtle"', answer.text), kind
        assert 'rel="alternate"' in answer.headers["link"]
        assert "Content-Security-Policy" in answer.headers


@pytest.mark.parametrize("accept", RDF_FORMATS)
def test_every_kind_of_entity_dereferences_with_its_statements_and_incoming_links(client, store, accept):
    for kind, iri in one_of_each_kind(store).items():
        answer = client.get(path_of(iri), headers={"accept": accept})
        assert answer.status_code == 200, (kind, accept)
        assert answer.headers["content-type"].startswith(accept)
        graph = rdflib.Graph().parse(data=answer.content, format=RDF_FORMATS[accept])
        subject = rdflib.URIRef(iri)
        own = {(r["p"], str(r["o"])) for r in store.select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}")}
        assert {(str(p), str(o)) for p, o in graph.predicate_objects(subject)} == own, kind
        incoming = {str(r["s"]) for r in store.select(f"SELECT DISTINCT ?s WHERE {{ ?s ?p <{iri}> }}")}
        assert {str(s) for s in graph.subjects(None, subject)} == incoming, kind


def test_a_description_holds_its_hash_parts_and_the_labels_of_what_it_links_to(client):
    iri = f"{BASE}/id/body/az/ministry-of-justice"
    graph = rdflib.Graph().parse(data=client.get(path_of(iri), params={"format": "turtle"}).content, format="turtle")
    metrics = rdflib.URIRef(iri + "#metrics")
    assert graph.value(metrics, rdflib.URIRef(NAP + "implementerLoad")) is not None
    country = graph.value(rdflib.URIRef(iri), rdflib.URIRef(NAP + "country"))
    assert graph.value(country, rdflib.RDFS.label) is not None


def test_format_overrides_accept(client):
    answer = client.get("/id/country/az", params={"format": "ntriples"}, headers=BROWSER)
    assert answer.headers["content-type"].startswith("application/n-triples")
    assert client.get("/id/country/az", params={"format": "html"},
                      headers={"accept": "text/turtle"}).headers["content-type"].startswith("text/html")
    assert client.get("/id/country/az", params={"format": "csv"}).status_code == 400


def test_an_unknown_iri_is_a_404_page_with_close_matches(client):
    answer = client.get("/id/body/az/ministry-of-justise", headers=BROWSER)
    assert answer.status_code == 404
    assert 'href="/id/body/az/ministry-of-justice"' in answer.text
    rdf = client.get("/id/body/az/ministry-of-justise", headers={"accept": "text/turtle"})
    assert rdf.status_code == 404
    assert rdf.json()["error"]["type"] == "NotFound"


def test_a_body_page_lists_its_activities_by_role_and_links_the_network(client, store):
    iri = f"{BASE}/id/body/az/ministry-of-justice"
    html = client.get(path_of(iri), headers=BROWSER).text
    implemented = {r["a"] for r in store.select(f"SELECT ?a WHERE {{ ?a <{NAP}implementedBy> <{iri}> }}")}
    section = html.split(f'data-property="{NAP}implementedBy"')[1].split("</ul>")[0]
    assert set(re.findall(r'href="([^"]+)"', section)) == {path_of(a) for a in implemented}
    assert f'href="/viz?focus={path_of(iri)}"' in html


def test_an_activity_page_shows_owners_evidence_and_source_links(client):
    html = client.get("/id/plan/az-2020-2022/activity/1.7", headers=BROWSER).text
    assert "Recommended to (not an implementer)" in html
    assert "4661 appeals" in html  # the evidence's verbatim text
    assert 'href="/id/source/progress-letter-2021-08-31.txt?line=40,44#line=40,44"' in html
    assert 'href="/viz?focus=/id/plan/az-2020-2022/activity/1.7"' in html


def test_the_ontology_has_a_page_with_an_anchor_per_term_and_stays_a_file_for_others(client):
    html = client.get("/ontology", headers=BROWSER).text
    assert 'id="Activity"' in html and 'id="implementedBy"' in html
    assert client.get("/ontology").headers["content-type"].startswith("text/turtle")
    term_link = client.get("/id/plan/az-2020-2022/activity/1.7", headers=BROWSER).text
    assert 'href="/ontology#Limited"' in term_link


def test_rdflib_can_parse_an_iri_served_by_nap_kg(live_server, store):
    base = live_server(create_app(load_settings(query_workers=0), store=store))
    graph = rdflib.Graph().parse(f"{base}/id/body/az/ministry-of-justice")
    assert (rdflib.URIRef(f"{BASE}/id/body/az/ministry-of-justice"), rdflib.RDFS.label,
            rdflib.Literal("Ministry of Justice", lang="en")) in graph or \
        graph.value(rdflib.URIRef(f"{BASE}/id/body/az/ministry-of-justice"), rdflib.RDFS.label) is not None


def test_base_url_prefixes_the_links_to_entities(store):
    settings = load_service_settings(query_workers=0, base_url="https://nap.example.org/")
    with TestClient(create_app(settings, store=store)) as c:
        html = c.get("/id/country/az", headers=BROWSER).text
    assert 'href="https://nap.example.org/id/' in html


# --- sources ----------------------------------------------------------------------------------------

def test_a_source_page_marks_the_selected_lines_counted_as_rfc5147_does(client):
    html = client.get("/id/source/nap-2020-2022.txt", params={"line": "14,15"}, headers=BROWSER).text
    marked = re.findall(r'<span class="l hl" id="L(\d+)">', html)
    assert marked == ["15"]  # line=14,15: after the 14th line break, up to the 15th
    assert 'id="line=14,15"' in html
    assert "from zero" in html


def test_a_source_is_its_raw_file_as_text_plain(client):
    raw = (Path(DEFAULT_DATA_DIR) / "sources" / "nap-2020-2022.txt").read_bytes()
    answer = client.get("/id/source/nap-2020-2022.txt", headers={"accept": "text/plain"})
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.content == raw
    assert client.get("/id/source/nap-2020-2022.txt", params={"format": "text"}).content == raw


def test_a_bad_line_selector_is_a_400_naming_it(client):
    answer = client.get("/id/source/nap-2020-2022.txt", params={"line": "15,14"}, headers=BROWSER)
    assert answer.status_code == 400
    assert answer.json()["error"]["parameter"] == "line"


# --- safety and the API docs --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/search?q=hotline", "/id/body/az/ministry-of-justice",
                                  "/id/source/nap-2020-2022.txt?line=14,15", "/ontology", "/docs", "/redoc"])
def test_every_page_has_a_csp_and_no_asset_from_another_host(client, path):
    answer = client.get(path, headers=BROWSER)
    assert answer.status_code == 200
    csp = answer.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert external_assets(answer.text) == []
    assert "<script>" not in answer.text  # no inline script: the CSP would refuse it


def test_docs_assets_are_served_by_nap_kg(client):
    for path in ("/static/vendor/swagger-ui/swagger-ui-bundle.js", "/static/vendor/swagger-ui/swagger-ui.css",
                 "/static/vendor/redoc/redoc.standalone.js", "/static/pages.css"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert len(answer.content) > 1000
    assert client.get("/static/../graph/settings.py").status_code == 404


def test_pages_escape_what_they_show(client):
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}, headers=BROWSER).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
