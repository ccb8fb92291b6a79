"""Every read-only route, /sparql included, follows the web's conventions: CORS for any origin,
preflight answered, gzip for large answers, and one ETag/Last-Modified per loaded graph with 304."""

from __future__ import annotations

import gzip
from email.utils import format_datetime, parsedate_to_datetime
from datetime import timedelta

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

from napkg.api.app import create_app
from napkg.api.middleware import GZIP_MINIMUM_SIZE
from napkg.graph.settings import load_settings
from napkg.graph.store import GraphStore

CODES = "SELECT ?code WHERE { ?a <https://w3id.org/nap-kg/ontology#code> ?code } ORDER BY ?code"
ORIGIN = "http://localhost:9"
ROUTES = ["/sparql?query=ASK%20%7B%7D", "/agencies", "/activities", "/plans", "/analysis/load", "/ontology", "/"]


@pytest.fixture(scope="module")
def client(module_mini_store: ox.Store):
    app = create_app(load_settings(query_workers=0), store=GraphStore(module_mini_store, query_workers=0))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("path", ROUTES)
def test_any_origin_may_read_every_route(client: TestClient, path: str) -> None:
    answer = client.get(path, headers={"Origin": ORIGIN, "Accept": "application/json, */*;q=0.1"})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"


@pytest.mark.parametrize("path", ["/sparql", "/agencies"])
def test_a_preflight_is_answered(client: TestClient, path: str) -> None:
    answer = client.options(path, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                           "Access-Control-Request-Headers": "content-type"})
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "*"
    assert "POST" in answer.headers["access-control-allow-methods"]
    assert "content-type" in answer.headers["access-control-allow-headers"].lower()


def test_scripts_of_other_origins_may_read_the_paging_and_validator_headers(client: TestClient) -> None:
    answer = client.get("/agencies", headers={"Origin": ORIGIN})
    exposed = {h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")}
    assert {"etag", "link", "x-total-count"} <= exposed


def test_large_answers_are_gzipped_small_ones_not(client: TestClient) -> None:
    large = client.get("/ontology", headers={"Accept-Encoding": "gzip"})
    assert large.headers["content-encoding"] == "gzip" and len(large.content) > GZIP_MINIMUM_SIZE
    small = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    bare = client.get("/ontology", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in bare.headers and bare.content == large.content


def test_sparql_answers_are_gzipped(client: TestClient) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    raw = client.stream("GET", "/sparql", params={"query": query}, headers={"Accept-Encoding": "gzip"})
    with raw as answer:
        body = b"".join(answer.iter_raw())
    assert answer.headers["content-encoding"] == "gzip"
    assert b'"bindings"' in gzip.decompress(body)


@pytest.mark.parametrize("path", ["/sparql?query=ASK%20%7B%7D", "/agencies", "/plans"])
def test_one_tag_per_graph_and_304_when_the_client_has_it(client: TestClient, path: str) -> None:
    first = client.get(path)
    tag, modified = first.headers["etag"], first.headers["last-modified"]
    assert tag.startswith('W/"') and parsedate_to_datetime(modified)
    assert client.get("/analysis/bottlenecks").headers["etag"] == tag  # one tag for the whole graph
    again = client.get(path, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    assert client.get(path, headers={"If-None-Match": '"something-else"'}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    earlier = format_datetime(parsedate_to_datetime(modified) - timedelta(days=1), usegmt=True)
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200


def test_errors_and_writes_carry_no_validator(client: TestClient) -> None:
    assert "etag" not in client.get("/agencies", params={"limit": -1}).headers
    posted = client.post("/sparql", content="ASK {}", headers={"Content-Type": "application/sparql-query"})
    assert posted.status_code == 200 and "etag" not in posted.headers


def test_the_304_carries_cors_too(client: TestClient) -> None:
    tag = client.get("/agencies").headers["etag"]
    again = client.get("/agencies", headers={"If-None-Match": tag, "Origin": ORIGIN})
    assert again.status_code == 304 and again.headers["access-control-allow-origin"] == "*"


def test_a_page_of_another_origin_fetches_from_the_service(live_server, mini_store: ox.Store, browser) -> None:
    """Chromium, on a page served from another loopback port, reads /sparql (GET and POST) and /activities."""
    service = live_server(create_app(load_settings(query_workers=0), store=GraphStore(mini_store, query_workers=0)))
    other = live_server(Starlette(routes=[Route("/", lambda request: HTMLResponse(
        "<!doctype html><html lang=en><title>elsewhere</title><p>another origin</p></html>"))]))
    assert other != service
    page = browser.new_page()
    try:
        page.goto(other + "/")
        results = page.evaluate("""async ([base, query]) => {
            const get = await fetch(base + "/sparql?query=" + encodeURIComponent(query),
                                    {headers: {Accept: "application/sparql-results+json"}});
            const post = await fetch(base + "/sparql", {method: "POST", body: query,
                                     headers: {"Content-Type": "application/sparql-query"}});
            const list = await fetch(base + "/activities?limit=2");
            return {get: (await get.json()).results.bindings.length, post: (await post.json()).results.bindings.length,
                    total: list.headers.get("X-Total-Count"), etag: list.headers.get("ETag"),
                    items: (await list.json()).items.length};
        }""", [service, CODES])
    finally:
        page.close()
    assert results["get"] == results["post"] > 0
    assert results["items"] == 2 and int(results["total"]) >= 2 and results["etag"].startswith('W/"')
