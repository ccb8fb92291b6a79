"""The endpoint under abuse, query by query: memory, fair shares between clients, escapes, nesting, bytes, lost forks.

Every test uses real HTTP clients against a live server on loopback; distinct clients come from
distinct loopback addresses (127.0.0.2, 127.0.0.3, …: Linux routes the whole 127/8 without
setup). Each test is bounded: the queries that run away have a time limit of a second or two.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.graph.store import GraphStore
from napkg.graph.store.safety import MAX_NESTING

PLAN_GRAPH = "https://w3id.org/nap-kg/id/plan/az-2020-2022"
# 30^6 combinations to count: far beyond any time limit, without touching the store
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(30))} }}" for v in "abcdef") + " }"
# 62,500 rows of 4 KB strings to sort: some 250 MB of intermediate results, in a few seconds
HUNGRY = ("SELECT ?x WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(250))} }}" for v in "ab")
    + f' BIND(CONCAT(STR(?a), "-", STR(?b), "-{"x" * 4000}") AS ?x) }} ORDER BY DESC(?x) LIMIT 1')


def _client(address: str = "127.0.0.1", **kwargs: Any) -> httpx.Client:
    """An HTTP client whose connections come from loopback ``address``."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=60, **kwargs)


def _error(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["type"] == kind, body
    return body["error"]


def _wait_until(condition: Callable[[], bool], *, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the condition never came to hold"
        time.sleep(0.01)


# --- memory ---------------------------------------------------------------------------------


def test_a_query_past_its_memory_limit_gets_400_and_its_worker_is_replaced(live_server, mini_store: ox.Store):
    store = GraphStore(mini_store, query_timeout_s=20, query_workers=1, query_memory_mb=128)
    url = live_server(create_app(store=store)) + "/sparql"
    (worker,) = store.worker_pids
    with _client() as client:
        error = _error(client.post(url, data={"query": HUNGRY}), 400, "QueryTooLarge")
        assert "128 MB" in error["message"] and "query_memory_mb" in error["message"]
        _wait_until(lambda: len(store.worker_pids) == 1 and store.worker_pids != [worker])
        assert client.get(url, params={"query": "ASK {}"}).json() == {"head": {}, "boolean": True}


def test_the_same_query_runs_with_room_to_spare(live_server, mini_store: ox.Store):
    store = GraphStore(mini_store, query_timeout_s=30, query_workers=1, query_memory_mb=2048)
    url = live_server(create_app(store=store)) + "/sparql"
    with _client() as client:
        response = client.post(url, data={"query": HUNGRY})
        assert response.status_code == 200, response.text
        assert response.json()["results"]["bindings"][0]["x"]["value"].startswith("99-99-")


# --- fair shares ----------------------------------------------------------------------------


def test_one_clients_runaways_leave_the_other_workers_to_everyone_else(live_server, mini_store: ox.Store):
    """Client A sends 8 runaway queries at once; B's cheap ASK is answered while A's still run."""
    store = GraphStore(mini_store, query_timeout_s=2, query_workers=2, client_concurrency=1,
                       client_query_seconds=600)
    url = live_server(create_app(store=store)) + "/sparql"
    with _client("127.0.0.2") as a, _client("127.0.0.3") as b, ThreadPoolExecutor(8) as pool:
        runaways = [pool.submit(a.get, url, params={"query": SLOW}) for _ in range(8)]
        _wait_until(lambda: len(store.busy_worker_pids) == 1)
        answer = b.get(url, params={"query": "ASK {}"})
        assert answer.json() == {"head": {}, "boolean": True}
        assert sum(not f.done() for f in runaways) >= 7  # A's queries were still running or waiting
        statuses = sorted(f.result().status_code for f in runaways)
    assert set(statuses) <= {400, 429} and 400 in statuses  # each timed out, or waited too long for its turn


def test_a_client_past_its_time_budget_gets_429_with_retry_after_and_others_do_not(live_server, mini_store):
    store = GraphStore(mini_store, query_timeout_s=1, query_workers=2, client_concurrency=1,
                       client_query_seconds=1)
    url = live_server(create_app(store=store)) + "/sparql"
    with _client("127.0.0.4") as a, _client("127.0.0.5") as b:
        _error(a.get(url, params={"query": SLOW}), 400, "QueryTimeout")  # charged its whole second
        refused = a.get(url, params={"query": "ASK {}"})
        error = _error(refused, 429, "TooManyQueries")
        assert "client_query_seconds" in error["message"] and "127.0.0.4" in error["message"]
        assert int(refused.headers["retry-after"]) >= 1
        assert b.get(url, params={"query": "ASK {}"}).status_code == 200


def test_a_forwarded_address_counts_only_behind_a_trusted_proxy(live_server, mini_store: ox.Store):
    from napkg.api.settings import load_service_settings

    settings = load_service_settings(trusted_proxies="127.0.0.6", query_timeout_s=1, client_query_seconds=1)
    url = live_server(create_app(settings, store=mini_store)) + "/sparql"
    with _client("127.0.0.6") as proxy, _client("127.0.0.7") as stranger:
        spoofed = {"X-Forwarded-For": "198.51.100.1"}
        _error(proxy.get(url, params={"query": SLOW}, headers=spoofed), 400, "QueryTimeout")
        error = _error(proxy.get(url, params={"query": "ASK {}"}, headers=spoofed), 429, "TooManyQueries")
        assert "198.51.100.1" in error["message"]
        assert proxy.get(url, params={"query": "ASK {}"}, headers={"X-Forwarded-For": "198.51.100.2"}).status_code == 200
        _error(stranger.get(url, params={"query": SLOW}, headers=spoofed), 400, "QueryTimeout")
        # a query not answered yet (an answer already made is given from the cache to anyone)
        error = _error(stranger.get(url, params={"query": "ASK { ?s ?p ?o }"},
                                    headers={"X-Forwarded-For": "198.51.100.3"}), 429, "TooManyQueries")
        assert "127.0.0.7" in error["message"]  # an untrusted peer cannot pick its identity


# --- what the query says --------------------------------------------------------------------


@pytest.fixture(scope="module")
def endpoint(module_live_server, module_mini_store: ox.Store) -> str:
    store = GraphStore(module_mini_store, query_timeout_s=5, query_workers=2, max_result_bytes=100_000)
    return module_live_server(create_app(store=store)) + "/sparql"


@pytest.mark.parametrize("graph", [
    r"file:///etc/\u0070asswd", r"file:///etc/\U00000070asswd", r"\u0066ile:///etc/passwd",
    r"http://127.0.0.1:9/\u0067", r"file:///etc/passw\u0064",
])
def test_escaped_graph_names_in_from_are_read_as_the_parser_reads_them(endpoint: str, graph: str):
    for clause in ("FROM", "FROM NAMED"):
        query = f"SELECT (COUNT(*) AS ?n) {clause} <{graph}> {{ ?s ?p ?o }}"
        error = _error(httpx.get(endpoint, params={"query": query}), 400, "QueryRefused")
        assert "does not hold" in error["message"]


def test_an_escaped_graph_the_store_holds_selects_that_graph(endpoint: str):
    def count(graph: str) -> str:
        query = f"SELECT (COUNT(*) AS ?n) FROM <{graph}> {{ ?s ?p ?o }}"
        response = httpx.get(endpoint, params={"query": query})
        assert response.status_code == 200, response.text
        return response.json()["results"]["bindings"][0]["n"]["value"]

    everything = httpx.get(endpoint, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    escaped = PLAN_GRAPH.replace("plan", r"\u0070lan")
    assert count(escaped) == count(PLAN_GRAPH) != everything.json()["results"]["bindings"][0]["n"]["value"]


def test_an_escaped_service_keyword_is_refused(endpoint: str):
    query = r"SELECT * { SERV\u0049CE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    assert httpx.get(endpoint, params={"query": query}).status_code == 400


def test_a_deeply_nested_query_gets_400_naming_the_limit(endpoint: str):
    for depth, opening, closing in ((2200, "{", "}"), (MAX_NESTING + 1, "{", "}"), (5000, "(", ")")):
        body = opening * depth + ("?s ?p ?o" if opening == "{" else "1") + closing * depth
        query = f"SELECT * {{ {body} }}" if opening == "{" else f"SELECT * {{ FILTER {body} }}"
        error = _error(httpx.post(endpoint, content=query, headers={"Content-Type": "application/sparql-query"}),
                       400, "QuerySyntaxError")
        assert str(MAX_NESTING) in error["message"] and "nest" in error["message"]
    nested = "{" * 50 + "?s ?p ?o" + "}" * 50
    assert httpx.get(endpoint, params={"query": f"ASK {{ {nested} }}"}).status_code == 200


def test_braces_in_strings_and_iris_do_not_count_as_nesting(endpoint: str):
    query = f'ASK {{ FILTER("{"{" * (MAX_NESTING + 10)}" != "") }}'
    assert httpx.get(endpoint, params={"query": query}).json()["boolean"] is True


@pytest.mark.parametrize("function", [
    "<http://example.org/f>(1)",
    'fn:doc("file:///etc/passwd")',
])
def test_an_unsupported_function_gets_400(endpoint: str, function: str):
    query = f"PREFIX fn: <http://www.w3.org/2005/xpath-functions#>\nSELECT ({function} AS ?x) {{}}"
    error = _error(httpx.get(endpoint, params={"query": query}), 400, "QueryError")
    assert "not supported" in error["message"]


def test_a_response_past_the_byte_limit_gets_400(endpoint: str):
    fits = "SELECT ?x { VALUES ?i { 1 2 3 } BIND(CONCAT(STR(?i), STRUUID()) AS ?x) }"
    assert httpx.get(endpoint, params={"query": fits}).status_code == 200
    padding = "0123456789" * 100
    big = f'SELECT ?x {{ VALUES ?i {{ {" ".join(map(str, range(500)))} }} BIND(CONCAT(STR(?i), "{padding}") AS ?x) }}'
    for fmt in ("json", "xml", "csv", "tsv"):
        error = _error(httpx.post(endpoint, data={"query": big, "format": fmt}), 400, "QueryTooLarge")
        assert "100000 bytes" in error["message"] and "max_result_bytes" in error["message"]


def test_an_empty_query_is_outside_the_documented_schema(endpoint: str):
    schema = httpx.get(endpoint.replace("/sparql", "/openapi.json")).json()
    post = schema["paths"]["/sparql"]["post"]["requestBody"]["content"]
    form_query = post["application/x-www-form-urlencoded"]["schema"]["properties"]["query"]
    assert form_query["minLength"] == 1 and form_query["pattern"] == r"\S"
    assert post["application/sparql-query"]["schema"]["minLength"] == 1
    _error(httpx.post(endpoint, data={"query": ""}), 400, "BadRequest")


# --- the fork server --------------------------------------------------------------------------


def test_a_lost_fork_server_is_replaced_and_health_says_so(live_server, mini_store: ox.Store):
    store = GraphStore(mini_store, query_timeout_s=5, query_workers=2)
    base = live_server(create_app(store=store))
    with _client() as client:
        health = client.get(base + "/health").json()
        assert health["status"] == "ok" and health["fork_server"] is True and health["workers_alive"] == 2
        old_server, old_workers = store.fork_server_pid, set(store.worker_pids)
        os.kill(old_server, signal.SIGKILL)
        _wait_until(lambda: client.get(base + "/health").json()["fork_server_restarts"] == 1)
        assert store.fork_server_pid != old_server
        for worker in old_workers:  # the old workers are idle: they saw the end of their queue
            _wait_until(lambda: worker not in store.worker_pids)
        health = client.get(base + "/health").json()
        assert health["status"] == "ok" and health["workers_alive"] == 2
        assert client.get(base + "/sparql", params={"query": "ASK {}"}).json()["boolean"] is True
