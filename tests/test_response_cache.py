"""The response cache of ``/sparql``: the same request gets the same bytes without running the query again.

A specification of :class:`napkg.graph.store.cache.ResponseCache` (the byte budget, least
recently used first out, nothing too large, off at 0) and of what a client of a live server
sees: ``Cache-Control`` and ``Age``, ``Cache-Control: no-cache`` from the client, the graph's
validators kept, an entry per negotiated format, errors and time-outs never kept, the
fair shares held for every query that does run.
"""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.api.settings import load_service_settings
from napkg.graph.settings import load_settings
from napkg.graph.store import GraphStore
from napkg.graph.store.cache import ResponseCache
from napkg.graph.store.execute import Answer, QueryRequest

JSON = "application/sparql-results+json"
CODES = ("PREFIX nap: <https://w3id.org/nap-kg/ontology#>\n"
         "SELECT ?code WHERE { ?a a nap:Activity ; nap:code ?code } ORDER BY ?code")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(30))} }}" for v in "abcdef") + " }"


def _answer(size: int, fill: bytes = b"x") -> Answer:
    return Answer(fill * size, JSON, "solutions", 1)


# --- the cache on its own -------------------------------------------------------------------


def test_the_least_recently_used_answers_leave_first_past_the_byte_budget():
    cache = ResponseCache(max_bytes=16 * 4000)  # entries up to 4,000 bytes
    keys = [QueryRequest(f"ASK {{ <urn:{i}> ?p ?o }}") for i in range(30)]
    for key in keys[:20]:
        assert cache.put(key, _answer(2000)) is not None
    assert cache.get(keys[0]) is not None  # now the most recently used
    for key in keys[20:]:
        cache.put(key, _answer(2000))
    assert cache.size <= cache.max_bytes
    assert cache.get(keys[0]) is not None
    assert cache.get(keys[1]) is None  # the oldest not used since went first
    assert cache.get(keys[-1]) is not None
    assert cache.size == sum(cache.cost(k, _answer(2000)) for k in keys if k in cache._entries)


def test_an_answer_larger_than_a_sixteenth_of_the_budget_is_not_kept():
    cache = ResponseCache(max_bytes=16_000)
    key = QueryRequest("ASK {}")
    assert cache.put(key, _answer(2000)) is None
    assert cache.get(key) is None and len(cache) == 0 and cache.size == 0


def test_a_budget_of_zero_keeps_nothing():
    cache = ResponseCache(max_bytes=0)
    assert not cache.enabled
    assert cache.put(QueryRequest("ASK {}"), _answer(10)) is None and len(cache) == 0
    with pytest.raises(ValueError, match="max_bytes"):
        ResponseCache(max_bytes=-1)


def test_the_key_is_the_whole_request():
    cache = ResponseCache(max_bytes=1_000_000)
    cache.put(QueryRequest("ASK {}", results_format="json"), _answer(10))
    assert cache.get(QueryRequest("ASK {}", results_format="xml")) is None
    assert cache.get(QueryRequest("ASK {}", results_format="json", max_results=5)) is None
    assert cache.get(QueryRequest("ASK {}", results_format="json")) is not None


# --- a live server ----------------------------------------------------------------------------


@pytest.fixture
def served(live_server, mini_store: ox.Store):
    """A server of the fixture graph with the default cache: (the /sparql URL, the app)."""
    app = create_app(load_settings(query_workers=2), store=mini_store)
    return live_server(app) + "/sparql", app


def test_a_repeated_query_is_answered_from_the_cache_with_its_age(served):
    url, app = served
    cache: ResponseCache = app.state.response_cache
    first = httpx.post(url, data={"query": CODES}, headers={"Accept": JSON})
    assert first.status_code == 200 and "age" not in first.headers
    assert first.headers["cache-control"] == "public, no-cache"
    assert cache.hits == 0 and len(cache) == 1
    again = httpx.post(url, data={"query": CODES}, headers={"Accept": JSON})
    assert again.status_code == 200 and again.content == first.content
    assert cache.hits == 1
    assert int(again.headers["age"]) >= 0
    assert "etag" not in again.headers  # POST answers carry no validator, cached or not
    assert again.headers["vary"].startswith("Accept")
    by_get = httpx.get(url, params={"query": CODES}, headers={"Accept": JSON})  # the same request by GET
    assert by_get.content == first.content and cache.hits == 2


def test_each_negotiated_format_has_its_own_entry(served):
    url, app = served
    as_json = httpx.get(url, params={"query": CODES}, headers={"Accept": JSON})
    as_csv = httpx.get(url, params={"query": CODES}, headers={"Accept": "text/csv"})
    assert as_csv.headers["content-type"].startswith("text/csv") and as_csv.content != as_json.content
    again = httpx.get(url, params={"query": CODES}, headers={"Accept": "text/csv"})
    assert again.content == as_csv.content and "age" in again.headers
    assert len(app.state.response_cache) == 2


def test_no_cache_from_the_client_runs_the_query_again(served):
    url, app = served
    httpx.get(url, params={"query": CODES})
    for header in ({"Cache-Control": "no-cache"}, {"Cache-Control": "max-age=0"}, {"Pragma": "no-cache"}):
        response = httpx.get(url, params={"query": CODES}, headers=header)
        assert response.status_code == 200 and "age" not in response.headers, header
    assert app.state.response_cache.hits == 0
    stored = len(app.state.response_cache)
    response = httpx.get(url, params={"query": CODES + " LIMIT 3"}, headers={"Cache-Control": "no-store"})
    assert response.status_code == 200 and "cache-control" not in response.headers
    assert len(app.state.response_cache) == stored  # no-store: not kept


def test_a_cached_get_keeps_the_graphs_validators_and_304(served):
    url, _ = served
    first = httpx.get(url, params={"query": CODES})
    again = httpx.get(url, params={"query": CODES})
    assert "age" in again.headers and again.headers["etag"] == first.headers["etag"]
    assert again.headers["etag"].startswith('W/"') and again.headers["last-modified"]
    response = httpx.get(url, params={"query": CODES}, headers={"If-None-Match": first.headers["etag"]})
    assert response.status_code == 304 and response.content == b""


def test_errors_are_never_kept(served):
    url, app = served
    for _ in range(2):
        response = httpx.get(url, params={"query": "SELECT ?x WHERE { ?x"})
        assert response.status_code == 400 and response.json()["error"]["type"] == "QuerySyntaxError"
    assert len(app.state.response_cache) == 0


def test_a_cache_of_zero_sends_no_cache_headers(live_server, mini_store: ox.Store):
    app = create_app(load_settings(query_workers=2, response_cache_mb=0), store=mini_store)
    url = live_server(app) + "/sparql"
    for _ in range(2):
        response = httpx.post(url, data={"query": CODES})
        assert response.status_code == 200
        assert not {"age", "cache-control"} & set(response.headers)
    assert len(app.state.response_cache) == 0


def test_misses_keep_the_time_limit_and_the_fair_shares(live_server, mini_store: ox.Store):
    """A query that runs is limited as before; only an answer already made costs nobody's budget."""
    store = GraphStore(mini_store, query_timeout_s=1, query_workers=2, client_concurrency=1, client_query_seconds=1)
    app = create_app(load_service_settings(), store=store)
    url = live_server(app) + "/sparql"
    assert httpx.get(url, params={"query": CODES}).status_code == 200  # kept
    for _ in range(2):  # a time-out is not kept: the second one runs (and is refused) again
        response = httpx.get(url, params={"query": SLOW})
        assert response.status_code in (400, 429)
    assert response.json()["error"]["type"] == "TooManyQueries"  # the budget was spent by the first
    refused = httpx.get(url, params={"query": "ASK { ?s ?p ?o }"})
    assert refused.status_code == 429 and "client_query_seconds" in refused.json()["error"]["message"]
    kept = httpx.get(url, params={"query": CODES})
    assert kept.status_code == 200 and "age" in kept.headers
