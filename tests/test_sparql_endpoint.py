"""``/sparql`` with real clients against a live server on loopback.

SPARQLWrapper and rdflib's SPARQLStore read the fixture graph (``tests/data/mini-nap.trig``:
five activities, 1.1, 1.2, 1.4, 1.10 and 5.2); every format is negotiated; every refusal is
tried (updates, SERVICE, FROM and protocol graphs naming a file or a URL), with a local HTTP
server that counts the requests that would have left nap-kg; the time limit is tried with a
fast query answered while the slow one still runs; the result-size limit at its boundary.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from napkg.api.app import create_app
from napkg.api.settings import load_service_settings
from napkg.graph.settings import load_settings
from napkg.graph.store import GRAPH_FORMATS, RESULT_FORMATS, GraphStore

MINI_NAP_FILE = Path(__file__).resolve().parent / "data" / "mini-nap.trig"
NAP = "https://w3id.org/nap-kg/ontology#"
PLAN_GRAPH = "https://w3id.org/nap-kg/id/plan/az-2020-2022"
METRICS_GRAPH = "https://w3id.org/nap-kg/id/metrics"
PREFIX = f"PREFIX nap: <{NAP}>\n"
CODES = f"{PREFIX}SELECT ?code WHERE {{ ?a a nap:Activity ; nap:code ?code }} ORDER BY ?code"
EXPECTED_CODES = ["1.1", "1.10", "1.2", "1.4", "5.2"]
TYPES = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }"
# 30^6 combinations to count: far beyond any time limit, without touching the store
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(30))} }}" for v in "abcdef") + " }"
SLOWISH = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(30))} }}" for v in "abcde") + " }"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(module_live_server: Callable[[Any], str], module_mini_store: ox.Store) -> str:
    """The fixture graph served with the default limits."""
    app = create_app(load_settings(query_workers=2), store=module_mini_store)
    return module_live_server(app) + "/sparql"


@pytest.fixture(scope="module")
def limited(module_live_server: Callable[[Any], str], module_mini_store: ox.Store) -> tuple[str, GraphStore]:
    """The fixture graph with tight limits: 1 s per query, 5 rows per result."""
    store = GraphStore(module_mini_store, query_timeout_s=1.0, max_results=5, query_workers=2)
    return module_live_server(create_app(store=store)) + "/sparql", store


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.end_headers()
        self.wfile.write(b"<urn:leaked> <urn:p> <urn:o> .\n")

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def outside() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server standing for the internet: (base URL, the paths requested from it)."""
    hits: list[str] = []
    handler = type("Recorder", (_Recorder,), {"hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _error(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert {"type", "message", "hint"} <= set(body["error"]) <= {"type", "message", "hint", "parameter", "suggestions"}
    assert body["error"]["type"] == kind, body
    return body["error"]


def _count(endpoint: str) -> int:
    response = httpx.get(endpoint, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _wait_until(condition: Callable[[], bool], *, timeout_s: float = 30.0) -> None:
    """Return once ``condition()`` holds; fail if it still does not after ``timeout_s`` (a safety net)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition never came to hold"
        time.sleep(0.01)


async def _wait_until_async(condition: Callable[[], bool], *, timeout_s: float = 30.0) -> None:
    """:func:`_wait_until` inside an event loop, which keeps running meanwhile."""
    import asyncio

    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition never came to hold"
        await asyncio.sleep(0.01)


# --- real clients ---------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", POST])
def test_sparqlwrapper_select_json(endpoint: str, method: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(CODES)
    client.setReturnFormat(JSON)
    client.setMethod(method)
    result = client.query().convert()
    assert [row["code"]["value"] for row in result["results"]["bindings"]] == EXPECTED_CODES


def test_sparqlwrapper_select_xml_csv_tsv(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(CODES)
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert [n.firstChild.data for n in document.getElementsByTagName("literal")] == EXPECTED_CODES
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().split("\r\n")[:6] == ["code", *EXPECTED_CODES]
    client.setReturnFormat(TSV)
    assert client.query().convert().decode().splitlines() == ["?code", *(f'"{c}"' for c in EXPECTED_CODES)]


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_construct(endpoint: str, return_format: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(TYPES)
    client.setReturnFormat(return_format)
    result = client.query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert len(graph) == 38
    assert (URIRef("https://w3id.org/nap-kg/id/activity/az-2020-2022/1.10"), None, URIRef(NAP + "Activity")) in graph


def test_sparqlwrapper_ask_and_syntax_error(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setReturnFormat(JSON)
    client.setQuery(f"{PREFIX}ASK {{ ?a nap:code '5.2' }}")
    assert client.query().convert()["boolean"] is True
    client.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryBadFormed, match="QuerySyntaxError"):
        client.query()


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint))
    assert sorted(str(row.code) for row in graph.query(CODES)) == sorted(EXPECTED_CODES)
    assert graph.query(f"{PREFIX}ASK {{ ?a nap:status nap:Complete }}").askAnswer is True
    assert len(graph.query(TYPES).graph) == 38
    assert len(graph) == 188  # every triple of every graph (the derived mentions included): the default graph is their union


def test_rdflib_sparqlstore_named_graph_uses_default_graph_uri(endpoint: str) -> None:
    """SPARQLStore reads a named graph through ``default-graph-uri``."""
    metrics = Graph(store=SPARQLStore(endpoint), identifier=URIRef(METRICS_GRAPH))
    scores = {str(s): o.toPython() for s, o in metrics.subject_objects(URIRef(NAP + "bottleneckRank"))}
    assert sorted(scores.values()) == [1, 2, 3]
    assert len(metrics) == 27


# --- content negotiation --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.key)
def test_select_in_every_results_format(endpoint: str, fmt: Any) -> None:
    response = httpx.get(endpoint, params={"query": CODES}, headers={"Accept": fmt.media_types[0]})
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.media_type
    assert "Accept" in {v.strip() for v in response.headers["vary"].split(",")}  # and Origin, for CORS
    if fmt.key == "csv":
        rows = list(csv.reader(io.StringIO(response.text)))
        assert rows == [["code"], *([c] for c in EXPECTED_CODES)]
    else:
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(fmt.media_types[0]))
        assert [solution["code"].value for solution in parsed] == EXPECTED_CODES


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.key)
def test_ask_in_every_results_format(endpoint: str, fmt: Any) -> None:
    response = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }", "format": fmt.key})
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.media_type
    if fmt.key in ("json", "xml"):
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(fmt.media_types[0]))
        assert bool(parsed) is True
    else:
        assert response.text.strip() == "true"


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=lambda f: f.key)
def test_construct_in_every_graph_format(endpoint: str, fmt: Any) -> None:
    reference = Graph().parse(data=httpx.get(endpoint, params={"query": TYPES, "format": "nt"}).text, format="nt")
    response = httpx.post(endpoint, content=TYPES, headers={"Content-Type": "application/sparql-query",
                                                             "Accept": fmt.media_types[0]})
    assert response.status_code == 200
    assert response.headers["content-type"] == fmt.media_type
    rdflib_format = {"turtle": "turtle", "jsonld": "json-ld", "ntriples": "nt", "rdfxml": "xml"}[fmt.key]
    assert isomorphic(Graph().parse(data=response.content, format=rdflib_format), reference)


def test_describe(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "DESCRIBE <https://w3id.org/nap-kg/id/body/az/milli-majlis>",
                                           "format": "turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    assert (None, URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("Milli Majlis", lang="en")) in graph


@pytest.mark.parametrize(("accept", "select_type", "construct_type"), [
    (None, "application/sparql-results+json", "text/turtle; charset=utf-8"),
    ("*/*", "application/sparql-results+json", "text/turtle; charset=utf-8"),
    ("application/json", "application/sparql-results+json", "application/ld+json"),
    ("application/xml", "application/sparql-results+xml", "application/rdf+xml"),
    ("text/plain", "application/sparql-results+json", "application/n-triples"),
    ("text/csv;q=0.5, application/sparql-results+xml, text/turtle;q=0.1", "application/sparql-results+xml",
     "text/turtle; charset=utf-8"),
    ("text/csv, */*;q=0.1", "text/csv; charset=utf-8", "text/turtle; charset=utf-8"),
    ("text/tab-separated-values, application/rdf+xml;q=0.9", "text/tab-separated-values; charset=utf-8",
     "application/rdf+xml"),
    ("image/png", "application/sparql-results+json", "text/turtle; charset=utf-8"),  # nothing fits: defaults
])
def test_accept_header(endpoint: str, accept: str | None, select_type: str, construct_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    assert httpx.get(endpoint, params={"query": CODES}, headers=headers).headers["content-type"] == select_type
    assert httpx.get(endpoint, params={"query": TYPES}, headers=headers).headers["content-type"] == construct_type


# A format of the other kind answers in the nearest format of the right kind: a SELECT asked for
# in Turtle or N-Triples gets TSV (whose terms are written in their syntax), in RDF/XML gets XML.
@pytest.mark.parametrize(("value", "select_type", "construct_type"), [
    ("json", "application/sparql-results+json", "application/ld+json"),
    ("xml", "application/sparql-results+xml", "application/rdf+xml"),
    ("csv", "text/csv; charset=utf-8", "application/n-triples"),
    ("tsv", "text/tab-separated-values; charset=utf-8", "application/n-triples"),
    ("turtle", "text/tab-separated-values; charset=utf-8", "text/turtle; charset=utf-8"),
    ("jsonld", "application/sparql-results+json", "application/ld+json"),
    ("ntriples", "text/tab-separated-values; charset=utf-8", "application/n-triples"),
    ("rdfxml", "application/sparql-results+xml", "application/rdf+xml"),
    ("text/csv", "text/csv; charset=utf-8", "application/n-triples"),
])
def test_format_parameter_wins_over_accept(endpoint: str, value: str, select_type: str,
                                           construct_type: str) -> None:
    for query, expected in ((CODES, select_type), (TYPES, construct_type)):
        response = httpx.get(endpoint, params={"query": query, "format": value}, headers={"Accept": BROWSER_ACCEPT})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == expected


def test_unknown_format_names_the_parameter(endpoint: str) -> None:
    error = _error(httpx.get(endpoint, params={"query": CODES, "format": "yaml"}), 400, "BadRequest")
    assert error["parameter"] == "format"
    assert "yaml" in error["message"]


def test_browsers_get_the_query_page(endpoint: str) -> None:
    page = httpx.get(endpoint, headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    prefilled = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": BROWSER_ACCEPT})
    assert "ASK { ?s ?p ?o }" in prefilled.text
    assert 'data-autorun="true"' in prefilled.text


# --- the protocol's dataset -----------------------------------------------------------------


def test_default_graph_is_the_union_of_all_graphs(endpoint: str) -> None:
    query = f"{PREFIX}SELECT ?rank WHERE {{ ?b nap:metrics/nap:bottleneckRank ?rank ; a nap:Agency }} ORDER BY ?rank"
    ranks = httpx.get(endpoint, params={"query": query}).json()["results"]["bindings"]
    assert [int(r["rank"]["value"]) for r in ranks] == [1, 2, 3]  # metrics graph joined with the plan graph


def test_default_graph_uri_selects_store_graphs(endpoint: str) -> None:
    query = f"{PREFIX}SELECT (COUNT(*) AS ?n) WHERE {{ ?b nap:metrics ?m }}"
    counts = {}
    for graph in (PLAN_GRAPH, METRICS_GRAPH):
        response = httpx.get(endpoint, params={"query": query, "default-graph-uri": graph})
        counts[graph] = int(response.json()["results"]["bindings"][0]["n"]["value"])
    assert counts == {PLAN_GRAPH: 0, METRICS_GRAPH: 3}


def test_named_graph_uri_and_from_named(endpoint: str) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.get(endpoint, params={"query": query, "named-graph-uri": METRICS_GRAPH})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [METRICS_GRAPH]
    response = httpx.get(endpoint, params={"query": f"SELECT DISTINCT ?g FROM NAMED <{PLAN_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"})
    assert [b["g"]["value"] for b in response.json()["results"]["bindings"]] == [PLAN_GRAPH]


def test_from_selects_a_store_graph(endpoint: str) -> None:
    query = f"{PREFIX}SELECT (COUNT(*) AS ?n) FROM <{METRICS_GRAPH}> WHERE {{ ?a a nap:Activity }}"
    assert httpx.get(endpoint, params={"query": query}).json()["results"]["bindings"][0]["n"]["value"] == "0"


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\nDELETE { ?s ?p ?o } INSERT { ?s ex:p 1 } WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/nap-kg/id/metrics>",
    "CREATE GRAPH <urn:new>",
    "COPY DEFAULT TO <urn:copy>",
])
def test_updates_are_refused_and_change_nothing(endpoint: str, update: str) -> None:
    before = _count(endpoint)
    attempts = [
        httpx.get(endpoint, params={"query": update}),
        httpx.get(endpoint, params={"update": update}),
        httpx.post(endpoint, data={"update": update}),
        httpx.post(endpoint, data={"query": update}),
        httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-update"}),
        httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-query"}),
    ]
    for response in attempts:
        error = _error(response, 400, "QueryRefused")
        assert "read-only" in error["message"]
    assert _count(endpoint) == before


def test_load_is_refused_without_a_request(endpoint: str, outside: tuple[str, list[str]]) -> None:
    url, hits = outside
    for update in (f"LOAD <{url}/data.ttl>", f"LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>"):
        _error(httpx.post(endpoint, data={"update": update}), 400, "QueryRefused")
        _error(httpx.post(endpoint, data={"query": update}), 400, "QueryRefused")
    assert hits == []


@pytest.mark.parametrize("pattern", [
    "SERVICE <{url}/sparql> {{ ?s ?p ?o }}",
    "service silent <{url}/sparql> {{ ?s ?p ?o }}",
    "BIND(<{url}/sparql> AS ?x) SERVICE ?x {{ ?s ?p ?o }}",
    "?s ?p 1SERVICE <{url}/sparql> {{ }}",  # pyoxigraph reads a keyword right after a number
    "SERVICE:x {{ ?s ?p ?o }}",              # ... and after SERVICE, ':' starts the name :x
])
def test_service_is_refused_without_a_request(endpoint: str, outside: tuple[str, list[str]], pattern: str) -> None:
    url, hits = outside
    query = f"PREFIX : <{url}/> SELECT * WHERE {{ {pattern.format(url=url)} }}"
    error = _error(httpx.get(endpoint, params={"query": query}), 400, "QueryRefused")
    assert "SERVICE" in error["message"]
    assert hits == []


def test_words_that_only_contain_service_are_not_refused(endpoint: str) -> None:
    query = (f"{PREFIX}SELECT ?service WHERE {{ ?service nap:kind nap:StateService . "
             "FILTER(?service != <urn:service>) } # no SERVICE here")
    response = httpx.get(endpoint, params={"query": query})
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 1


def test_graph_names_that_would_fetch_or_read_are_refused(endpoint: str, outside: tuple[str, list[str]],
                                                          tmp_path: Any) -> None:
    url, hits = outside
    secret = tmp_path / "secret.ttl"
    secret.write_text('<urn:secret> <urn:p> "leaked" .\n')
    file_iri = secret.as_uri()
    attempts = {
        f"<{file_iri}>": httpx.get(endpoint, params={"query": f"SELECT * FROM <{file_iri}> WHERE {{ ?s ?p ?o }}"}),
        f"<{url}/data.ttl>": httpx.get(endpoint, params={"query": f"SELECT * FROM <{url}/data.ttl> WHERE {{ ?s ?p ?o }}"}),
        f"<{url}/named.ttl>": httpx.post(endpoint, data={
            "query": f"PREFIX x: <{url}/> SELECT * FROM NAMED x:named.ttl WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}),
        "<file:///etc/passwd>": httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }",
                                                            "default-graph-uri": "file:///etc/passwd"}),
        f"<{url}/g>": httpx.get(endpoint, params={"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": f"{url}/g"}),
        "<http://127.0.0.1:8000/sparql/relative.ttl>": httpx.get(
            endpoint.replace("/sparql", "") + "/sparql",
            params={"query": "BASE <http://127.0.0.1:8000/sparql/> SELECT * FROM <relative.ttl> { ?s ?p ?o }"}),
    }
    for iri, response in attempts.items():
        error = _error(response, 400, "QueryRefused")
        assert iri in error["message"]
        assert "leaked" not in response.text
    assert hits == []


def test_query_workers_cannot_reach_the_network(outside: tuple[str, list[str]]) -> None:
    """Defence in depth: even a SERVICE the tokenizer missed could not leave a query worker."""
    url, hits = outside
    code = f"""
import socket, pyoxigraph
from napkg.graph.store.sandbox import deny_network
assert deny_network()
try:
    socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    print("socket opened")
except PermissionError:
    print("socket refused")
try:
    list(pyoxigraph.Store().query("SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))
    print("service answered")
except Exception as exc:
    print("service failed")
socket.socketpair()  # Unix sockets, which the workers use, still work
print("unix ok")
"""
    if sys.platform != "linux" or os.uname().machine not in ("x86_64", "aarch64"):
        pytest.skip("the seccomp filter is Linux x86_64/aarch64 only")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["socket", "refused", "service", "failed", "unix", "ok"], result.stderr
    assert hits == []


# --- limits ---------------------------------------------------------------------------------


def test_time_limit_stops_a_slow_query_while_others_are_answered(live_server, mini_store: ox.Store) -> None:
    # a limit of 5 s leaves the fast requests room on a loaded machine
    store = GraphStore(mini_store, query_timeout_s=5.0, max_results=5, query_workers=2)
    endpoint = live_server(create_app(store=store)) + "/sparql"
    workers_before = set(store.worker_pids)
    assert len(workers_before) == 2
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(httpx.get, endpoint, params={"query": SLOW}, timeout=30)
        _wait_until(lambda: len(store.busy_worker_pids) == 1)  # the slow query has reached its worker
        fast = httpx.get(endpoint, params={"query": f"{PREFIX}ASK {{ ?a nap:code '1.1' }}"}, timeout=30)
        page = httpx.get(endpoint.replace("/sparql", "/query"), timeout=30)
        still_running = not slow.done()
        response = slow.result()
    assert fast.status_code == 200 and fast.json()["boolean"] is True
    assert page.status_code == 200
    assert still_running, "the fast requests were only answered after the slow query ended"
    error = _error(response, 400, "QueryTimeout")
    assert "5 s time limit" in error["message"]
    # the worker that ran the query was killed and replaced; the server keeps answering
    _wait_until(lambda: len(store.worker_pids) == 2 and set(store.worker_pids) != workers_before)
    killed = workers_before - set(store.worker_pids)
    assert len(killed) == 1 and len(store.worker_pids) == 2
    with pytest.raises(ProcessLookupError):
        os.kill(killed.pop(), 0)
    assert httpx.get(endpoint, params={"query": "ASK {}"}).json()["boolean"] is True


def test_two_slow_queries_do_not_block_the_event_loop(limited: tuple[str, GraphStore]) -> None:
    """With every worker busy, non-query routes still answer at once."""
    endpoint, store = limited
    with ThreadPoolExecutor(2) as pool:
        slow = [pool.submit(httpx.get, endpoint, params={"query": SLOW}, timeout=30) for _ in range(2)]
        _wait_until(lambda: len(store.busy_worker_pids) == 2)  # both workers hold a slow query
        health = httpx.get(endpoint.replace("/sparql", "/health"), timeout=30)
        still_running = not any(f.done() for f in slow)
        responses = [f.result() for f in slow]
    assert health.status_code == 200 and still_running
    for response in responses:
        _error(response, 400, "QueryTimeout")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_result_size_limit(limited: tuple[str, GraphStore], fmt: str) -> None:
    endpoint, _ = limited
    five = f"{PREFIX}SELECT ?a WHERE {{ ?a a nap:Activity }}"
    assert httpx.get(endpoint, params={"query": five, "format": fmt}).status_code == 200
    assert httpx.get(endpoint, params={"query": "SELECT * { ?s ?p ?o } LIMIT 5", "format": fmt}).status_code == 200
    error = _error(httpx.get(endpoint, params={"query": "SELECT * { ?s ?p ?o } LIMIT 6", "format": fmt}),
                   400, "QueryTooLarge")
    assert "more than 5 rows" in error["message"]
    _error(httpx.get(endpoint, params={"query": "SELECT * { ?s ?p ?o }", "format": fmt}), 400, "QueryTooLarge")


def test_result_size_limit_on_triples(limited: tuple[str, GraphStore]) -> None:
    endpoint, _ = limited
    assert httpx.get(endpoint, params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5"}).status_code == 200
    error = _error(httpx.get(endpoint, params={"query": TYPES}), 400, "QueryTooLarge")
    assert "more than 5 triples" in error["message"]


# --- the worker queue -------------------------------------------------------------------------


def test_a_query_larger_than_a_queue_message_is_answered(mini_store: ox.Store) -> None:
    """Past the inline size a query travels to the worker in an in-memory file."""
    import asyncio

    from napkg.graph.store.workers import _INLINE_MAX

    padded = "#" + "x" * (_INLINE_MAX + 1000) + f"\n{CODES}"

    async def scenario() -> None:
        async with GraphStore(mini_store, query_workers=1) as store:
            answer = await store.query(padded)
            assert answer.size == 5 and answer.kind == "solutions"

    asyncio.run(scenario())


def test_more_queries_than_the_queue_holds_are_all_answered(mini_store: ox.Store) -> None:
    """200 queries of 30 kB sent at once fill the kernel's queue; the rest wait and follow."""
    import asyncio

    async def scenario() -> None:
        async with GraphStore(mini_store, query_workers=2) as store:
            answers = await asyncio.gather(*(
                store.query(f"#{'y' * 30_000}\n{PREFIX}SELECT ?a WHERE {{ ?a nap:code '1.{i % 3}' }}")
                for i in range(200)))
            assert [a.size for a in answers] == [1 if i % 3 else 0 for i in range(200)]

    asyncio.run(scenario())


def test_a_query_no_worker_takes_in_time_is_told_to_retry(mini_store: ox.Store) -> None:
    """One worker: a slow query holds it to the time limit; the queries behind it answer 503 at once."""
    import asyncio

    from napkg.graph.errors import QueryTimeout, StoreError

    async def scenario() -> None:
        async with GraphStore(mini_store, query_timeout_s=0.5, query_workers=1) as store:
            slow, behind = await asyncio.gather(store.query(SLOW), store.query("ASK {}"), return_exceptions=True)
            assert isinstance(slow, QueryTimeout), slow
            assert isinstance(behind, StoreError) and "busy" in str(behind), behind
            assert (await store.query("ASK {}")).body == b'{"head":{},"boolean":true}'

    asyncio.run(scenario())


def test_a_worker_killed_mid_query_fails_only_that_query(mini_store: ox.Store) -> None:
    import asyncio
    import signal

    from napkg.graph.errors import StoreError

    async def scenario() -> None:
        async with GraphStore(mini_store, query_timeout_s=30, query_workers=2) as store:
            before = set(store.worker_pids)
            slow = asyncio.ensure_future(store.query(SLOW))
            await _wait_until_async(lambda: len(store.busy_worker_pids) == 1)
            (busy,) = store.busy_worker_pids
            assert (await store.query("ASK {}")).size is None  # the other worker answers meanwhile
            os.kill(busy, signal.SIGKILL)
            with pytest.raises(StoreError, match="stopped unexpectedly"):
                await asyncio.wait_for(slow, 10)
            await _wait_until_async(lambda: len(store.worker_pids) == 2 and set(store.worker_pids) != before)
            assert len(store.worker_pids) == 2 and set(store.worker_pids) & before == before - {busy}
            assert (await store.query(CODES)).size == 5

    asyncio.run(scenario())


def test_a_worker_that_outlives_its_time_limit_is_killed(mini_store: ox.Store) -> None:
    """The backstop: a worker still running a second past its limit (here: stopped) is killed."""
    import asyncio
    import signal

    from napkg.graph.errors import QueryTimeout

    async def scenario() -> None:
        async with GraphStore(mini_store, query_timeout_s=0.5, query_workers=1) as store:
            (worker,) = store.worker_pids
            slow = asyncio.ensure_future(store.query(SLOW))
            await _wait_until_async(lambda: store.busy_worker_pids == [worker])
            os.kill(worker, signal.SIGSTOP)  # its SIGALRM stays pending: only SIGKILL ends it now
            with pytest.raises(QueryTimeout):
                await asyncio.wait_for(slow, 10)
            await _wait_until_async(lambda: store.worker_pids not in ([], [worker]))
            assert (await store.query("ASK {}")).size is None
            with pytest.raises(ProcessLookupError):
                os.kill(worker, 0)

    asyncio.run(scenario())


# --- the hot path -----------------------------------------------------------------------------


def _routed_app(store: GraphStore) -> Any:
    """A plain FastAPI app that includes the SPARQL router: every request through FastAPI's routing
    (and the service's middleware, as the hot path's requests go through it)."""
    from fastapi import FastAPI

    from napkg.api.errors import install_error_handlers
    from napkg.api.middleware import install_web_conventions
    from napkg.api.routes.sparql import SparqlRouter

    app = FastAPI()
    install_error_handlers(app)
    install_web_conventions(app)
    app.include_router(SparqlRouter(store=store))
    return app


@pytest.mark.parametrize("request_args", [
    {"method": "GET", "params": {"query": CODES}},
    {"method": "GET", "params": {"query": CODES, "format": "csv"}},
    {"method": "GET", "params": {"query": TYPES}, "headers": {"Accept": "application/n-triples"}},
    {"method": "GET", "params": {"query": "BASE <x/> ASK { FILTER(STR(<y>) = 'http://testserver/x/y') }"}},
    {"method": "GET", "url": "/sparql?query=ASK%20%7B%7D&default-graph-uri=" + PLAN_GRAPH.replace(":", "%3A")},
    {"method": "POST", "data": {"query": CODES}},
    {"method": "POST", "data": {"query": CODES, "format": "tsv"}, "headers": {"Accept": "text/csv"}},
    {"method": "POST", "content": CODES.encode(), "headers": {"Content-Type": "application/sparql-query"}},
    {"method": "POST", "content": b"query=ASK+%7B%7D&named-graph-uri=" + METRICS_GRAPH.encode(),
     "headers": {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}},
    {"method": "GET", "params": {"query": " "}},  # without any query, the fast route describes the endpoint
    {"method": "GET", "params": {"query": "SELECT ?s\nWHERE { ?s ?p }"}},
    {"method": "GET", "params": {"query": "ASK {}", "update": "CLEAR ALL"}},
    {"method": "GET", "params": {"query": "ASK {}", "format": "yaml"}},
    {"method": "GET", "params": {"query": "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}},
    {"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}},
    {"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "POST", "content": b"query=ASK%20%7B%7D%FF", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
    {"method": "POST", "content": b"query=" + b"x" * 1_000_001,
     "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
], ids=lambda args: f"{args['method']} {json.dumps(args.get('params') or args.get('data') or {})[:40]}")
def test_the_hot_path_answers_as_the_routed_endpoint(mini_store: ox.Store, request_args: dict[str, Any]) -> None:
    """The fast route answers ``/sparql`` byte for byte as the router's FastAPI routes do."""
    from fastapi.testclient import TestClient

    store = GraphStore(mini_store, query_workers=0)
    args = {"url": "/sparql", **request_args}
    with TestClient(create_app(load_settings(query_workers=0), store=store)) as hot, \
            TestClient(_routed_app(store)) as routed:
        expected, answered = routed.request(**args), hot.request(**args)
    assert answered.status_code == expected.status_code, answered.text
    assert answered.headers.get("content-type") == expected.headers.get("content-type")
    assert answered.headers.get("vary") == expected.headers.get("vary")
    assert answered.content == expected.content


def test_the_hot_path_takes_only_protocol_requests() -> None:
    from napkg.api.routes.sparql import SparqlRouter

    def scope(method: str, path: str = "/sparql", accept: bytes = b"*/*", root_path: str = "") -> dict[str, Any]:
        return {"type": "http", "method": method, "path": root_path + path, "root_path": root_path,
                "headers": [(b"accept", accept)], "query_string": b""}

    router = SparqlRouter()
    assert router.takes(scope("GET")) and router.takes(scope("POST"))
    assert router.takes(scope("GET", root_path="/kg"))
    assert not router.takes(scope("GET", accept=BROWSER_ACCEPT.encode()))  # the query page: routed
    assert router.takes(scope("POST", accept=BROWSER_ACCEPT.encode()))
    assert not any(router.takes(scope(m)) for m in ("PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"))
    assert not router.takes(scope("GET", "/sparql/")) and not router.takes(scope("GET", "/query"))
    assert SparqlRouter(path="/kg/sparql").takes(scope("GET", "/kg/sparql"))


def test_middleware_applies_to_the_fast_route(mini_store: ox.Store) -> None:
    """CORS and compression added to the app apply to /sparql's protocol requests too."""
    from fastapi.testclient import TestClient
    from starlette.middleware.cors import CORSMiddleware
    from starlette.middleware.gzip import GZipMiddleware

    app = create_app(load_settings(query_workers=0), store=GraphStore(mini_store, query_workers=0))
    app.add_middleware(GZipMiddleware, minimum_size=10)
    app.add_middleware(CORSMiddleware, allow_origins=["*"])
    with TestClient(app) as client:
        answered = client.get("/sparql", params={"query": CODES},
                              headers={"Origin": "https://example.org", "Accept-Encoding": "gzip"})
        refused = client.get("/sparql", params={"query": "ASK {"}, headers={"Origin": "https://example.org"})
    assert answered.status_code == 200 and answered.json()["results"]["bindings"]
    assert answered.headers["access-control-allow-origin"] == "*"
    assert answered.headers["content-encoding"] == "gzip"
    assert refused.status_code == 400 and refused.headers["access-control-allow-origin"] == "*"
    assert refused.json()["error"]["type"] == "QuerySyntaxError"


@given(st.lists(st.tuples(st.text(alphabet="ab=&+% \\é\u00ff\n0123456789ABCDEFabcdefxX", max_size=12),
                          st.sampled_from(["", "=", "&"]))))
def test_form_items_reads_a_form_as_parse_qsl(parts: list[tuple[str, str]]) -> None:
    """The hot path's form decoder agrees with the standard library, escapes and errors included."""
    from urllib.parse import parse_qsl

    from napkg.api.routes.sparql import form_items

    data = "".join(a + b for a, b in parts).encode("utf-8")
    for errors in ("strict", "replace"):
        try:
            expected: Any = parse_qsl(data.decode("utf-8"), keep_blank_values=True, errors=errors)
        except UnicodeDecodeError:
            expected = UnicodeDecodeError
        try:
            got: Any = form_items(data, errors=errors)
        except UnicodeDecodeError:
            got = UnicodeDecodeError
        assert got == expected, (data, errors)


# --- bad requests ---------------------------------------------------------------------------


def test_syntax_error_gives_the_parser_message_and_position(endpoint: str) -> None:
    error = _error(httpx.get(endpoint, params={"query": "SELECT ?s\nWHERE { ?s ?p }"}), 400, "QuerySyntaxError")
    assert error["message"].startswith("syntax error at 2:")
    assert error["parameter"] == "query"
    assert "line 2, column" in error["hint"]


@pytest.mark.parametrize(("request_args", "status", "kind", "parameter"), [
    ({"method": "GET", "params": {"query": " "}}, 400, "BadRequest", "query"),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "BadRequest", "query"),
    ({"method": "POST", "content": b"ASK {}"}, 415, "UnsupportedMediaType", "content-type"),
    ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415,
     "UnsupportedMediaType", "content-type"),
    ({"method": "POST", "content": "ASK {}".encode("utf-16"),
      "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415, "UnsupportedMediaType", "content-type"),
    ({"method": "POST", "content": b"ASK { ?s ?p '\xff' }", "headers": {"Content-Type": "application/sparql-query"}},
     415, "UnsupportedMediaType", "content-type"),
    ({"method": "POST", "content": b"query=ASK%20%7B%7D%FF", "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
     415, "UnsupportedMediaType", "content-type"),
    ({"method": "POST", "content": b"query=" + b"x" * 1_000_001,
      "headers": {"Content-Type": "application/x-www-form-urlencoded"}}, 400, "BadRequest", "query"),
    ({"method": "GET", "params": {"query": "ASK {}", "format": ["json", "csv"]}}, 400, "BadRequest", "format"),
])
def test_bad_requests(endpoint: str, request_args: dict[str, Any], status: int, kind: str, parameter: str) -> None:
    error = _error(httpx.request(url=endpoint, **request_args), status, kind)
    assert error["parameter"] == parameter


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS"])
def test_other_methods(endpoint: str, method: str) -> None:
    response = httpx.request(method, endpoint, params={"query": "ASK {}"})
    _error(response, 405, "MethodNotAllowed")
    assert response.headers["allow"] == "GET, POST"


def test_bad_requests_never_take_the_server_down(endpoint: str) -> None:
    base = endpoint.removesuffix("/sparql")
    with httpx.Client(timeout=30) as client:
        for args in (
            {"method": "GET", "url": f"{base}/sparql?query=%E0%A4%A"},
            {"method": "GET", "url": f"{base}/sparql?query=" + "%00" * 50},
            {"method": "POST", "url": f"{base}/sparql", "content": os.urandom(4096),
             "headers": {"Content-Type": "application/sparql-query"}},
            {"method": "POST", "url": f"{base}/sparql", "content": b"\x00\x01",
             "headers": {"Content-Type": "application/x-www-form-urlencoded"}},
            {"method": "GET", "url": f"{base}/sparql", "params": {"query": "SELECT * {" * 2000}},
            {"method": "GET", "url": f"{base}/sparql", "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
            {"method": "GET", "url": f"{base}/nowhere"},
        ):
            response = client.request(**args)
            assert 400 <= response.status_code < 500, (args, response.text)
            assert set(response.json()["error"]) >= {"type", "message", "hint"}
        garbled_accept = client.get(f"{base}/sparql", params={"query": "ASK {}"}, headers={"Accept": ";;;q=x,/,"})
        assert garbled_accept.headers["content-type"] == "application/sparql-results+json"  # the default
        assert client.get(f"{base}/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_openapi_documents_every_route_with_an_example(endpoint: str) -> None:
    schema = httpx.get(endpoint.replace("/sparql", "/openapi.json")).json()
    operations = {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}
    assert {("/sparql", "get"), ("/sparql", "post"), ("/query", "get"), ("/assets/{name}", "get")} <= set(operations)
    for (path, method), operation in operations.items():
        examples = json.dumps(operation)
        assert '"example' in examples, (path, method)
        assert operation.get("summary") and operation.get("description"), (path, method)
    sparql_get = operations[("/sparql", "get")]
    assert {p["name"] for p in sparql_get["parameters"]} == {"query", "default-graph-uri", "named-graph-uri", "format"}
    assert set(sparql_get["responses"]["200"]["content"]) == {f.media_types[0] for f in RESULT_FORMATS + GRAPH_FORMATS}
    assert set(operations[("/sparql", "post")]["requestBody"]["content"]) == {
        "application/sparql-query", "application/x-www-form-urlencoded"}


# --- without worker processes, and the command ------------------------------------------------


def test_in_process_mode_answers_but_cannot_stop_a_query(mini_store: ox.Store) -> None:
    """``query_workers=0``: same answers and errors; the time limit only stops the waiting."""
    import asyncio

    from napkg.graph.errors import QueryRefused, QueryTimeout

    async def scenario() -> None:
        async with GraphStore(mini_store, query_timeout_s=0.5, query_workers=0) as store:
            assert store.worker_pids == []
            answer = await store.query(CODES)
            assert answer.size == 5 and answer.media_type == "application/sparql-results+json"
            with pytest.raises(QueryRefused):
                await store.query("CLEAR ALL")
            with pytest.raises(QueryTimeout):  # about 1.5 s of work, which then runs on to its end
                await store.query(SLOWISH)

    asyncio.run(scenario())


def test_napkg_serve_help() -> None:
    from napkg.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0


def test_napkg_serve_reports_a_missing_graph(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from napkg.cli import main

    assert main(["serve", "--graph", str(tmp_path / "missing.nq"), "--port", "1"]) == 2
    assert "missing.nq: no such graph file" in capsys.readouterr().err


def test_napkg_serve_logs_requests_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The access log costs throughput, so it is off unless ``--access-log`` (or ``NAPKG_ACCESS_LOG``) turns it on."""
    import uvicorn

    from napkg.cli import main

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: runs.append(options))
    assert main(["serve", "--graph", str(MINI_NAP_FILE), "--workers", "0"]) == 0
    assert main(["serve", "--graph", str(MINI_NAP_FILE), "--workers", "0", "--access-log"]) == 0
    monkeypatch.setenv("NAPKG_ACCESS_LOG", "1")
    assert main(["serve", "--graph", str(MINI_NAP_FILE), "--workers", "0"]) == 0
    assert [run["access_log"] for run in runs] == [False, True, True]


def test_the_served_protocol_sends_whole_responses(mini_store: ox.Store) -> None:
    """``napkg serve``'s uvicorn options serve whole answers, small and large, on one keep-alive connection."""
    import socket
    import threading

    import uvicorn

    from napkg.api.app import uvicorn_options

    app = create_app(load_settings(query_workers=1), store=mini_store)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        options = uvicorn_options(load_service_settings(port=listener.getsockname()[1]))
        assert options["access_log"] is False and options["port"] == listener.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, **{**options, "log_level": "warning"}))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        _wait_until(lambda: server.started or not thread.is_alive())
        assert thread.is_alive()
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        try:
            with httpx.Client(base_url=base, timeout=30) as client:  # one keep-alive connection
                for _ in range(3):
                    assert client.post("/sparql", data={"query": CODES}).json()["results"]["bindings"][0]
                big = client.post("/sparql", data={"query": "SELECT ?i { VALUES ?i { " + " ".join(
                    f'"{"x" * 200}{i}"' for i in range(2000)) + " } }", "format": "csv"})
                assert big.status_code == 200 and len(big.content) > 400_000 and big.text.count("\r\n") == 2001
                assert client.head("/openapi.json").status_code in (200, 405)
                assert client.get("/sparql", params={"query": "ASK {"}).status_code == 400
                closing = client.get("/sparql", params={"query": "ASK {}"}, headers={"Connection": "close"})
                assert closing.json()["boolean"] is True
                assert client.get("/openapi.json").json()["paths"]["/sparql"]
        finally:
            server.should_exit = True
            thread.join(30)


def test_napkg_serve_serves_a_built_graph(tmp_path: Any) -> None:
    """``napkg serve --graph FILE`` in its own process, on a free loopback port."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "napkg", "serve", "--graph", str(MINI_NAP_FILE), "--port", str(port),
               "--query-timeout", "5", "--max-results", "100", "--workers", "1"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": CODES, "format": "csv"})
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, server.stdout and server.stdout.read()
                time.sleep(0.1)
        assert response.text.split("\r\n")[1:6] == EXPECTED_CODES
    finally:
        server.terminate()
        server.wait(30)
