"""Where the graph lives: in memory, in an on-disk store, or in an external SPARQL 1.1 store.

The external store is a real ``oxigraph serve`` (pip package ``oxigraph``) started by the test
on a free loopback port; without its binary the tests skip and say why. Whatever the store,
nap-kg's own rules hold: read-only, no ``SERVICE``, graph names only among the store's, the
time and size limits.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.cli import main
from napkg.graph.errors import StoreError
from napkg.graph.catalogue import Directory, who_owns
from napkg.graph.serving import open_graph_store
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import GraphStore, SparqlEndpoint, open_disk_store, save_store, store_kind

PREFIX = "PREFIX nap: <https://w3id.org/nap-kg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
OWNERS = PREFIX + ('SELECT ?name WHERE { ?a nap:code "1.1" ; nap:implementedBy|nap:recommendedTo ?b . '
                   '?b rdfs:label ?name } ORDER BY ?name')
ACTIVITIES = PREFIX + "SELECT (COUNT(?a) AS ?n) WHERE { ?a a nap:Activity }"
CROSS = PREFIX + "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _rows(base: str, query: str, **params: Any) -> httpx.Response:
    return httpx.post(f"{base}/sparql", data={"query": query, **params},
                      headers={"Accept": "application/sparql-results+json"}, timeout=60)


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def _error_type(response: httpx.Response) -> str:
    assert response.status_code >= 400, response.text
    return response.json()["error"]["type"]


@pytest.fixture(scope="module")
def memory_answer(module_live_server: Callable[[Any], str]) -> list[str]:
    from napkg.graph.publish import build_and_check

    base = module_live_server(create_app(load_settings(query_workers=0), store=build_and_check(DEFAULT_DATA_DIR).store))
    return _names(_rows(base, OWNERS))


# --- on disk -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("stores") / "store"
    assert main(["build", "--store", str(folder), "--quiet"]) == 0
    return folder


def test_store_kinds_follow_the_setting():
    assert [store_kind(s) for s in ("memory", "var/store", "https://example.org/sparql")] == ["memory", "disk", "remote"]


def test_a_disk_store_is_served_without_rebuilding(disk, live_server, memory_answer, monkeypatch):
    import napkg.graph.publish as publish

    monkeypatch.setattr(publish, "build_and_check", lambda *a, **k: pytest.fail("the graph was rebuilt"))
    settings = load_settings(store=str(disk), query_workers=2)
    base = live_server(create_app(settings))
    assert _names(_rows(base, OWNERS)) == memory_answer
    count = _rows(base, ACTIVITIES)
    assert count.json()["results"]["bindings"][0]["n"]["value"] == "64"


def test_a_disk_store_answers_nap_kgs_own_lookups(disk):
    store = open_graph_store(load_settings(store=str(disk), query_workers=0))
    assert Directory(store.select).find("Prosecutor's Office")
    assert who_owns(store.select, "hotline")


def test_serving_a_missing_disk_store_says_how_to_make_it(tmp_path):
    with pytest.raises(StoreError, match="napkg build --store"):
        open_disk_store(tmp_path / "nothing")


def test_a_store_locked_by_a_writer_is_not_overwritten(tmp_path):
    folder = tmp_path / "locked"
    save_store(ox.Store(), str(folder))
    writer = ox.Store(str(folder))  # holds the lock, as `oxigraph serve --location` would
    try:
        with pytest.raises(StoreError, match="locked"):
            save_store(ox.Store(), str(folder))
    finally:
        del writer


def test_rebuilding_a_disk_store_replaces_it(disk, tmp_path):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/nap-kg/id/x"), ox.NamedNode("http://x/p"), ox.Literal("1"),
                      ox.NamedNode("https://w3id.org/nap-kg/id/g")))
    copy = tmp_path / "copy"
    shutil.copytree(disk, copy)
    save_store(store, str(copy))
    assert len(open_disk_store(copy)) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy"]


# --- an external SPARQL 1.1 store: a real oxigraph serve on loopback ---------------------------


def _oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory) -> Iterator[str]:
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph, in the test extra)")
    port = _free_port()
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url, params={"query": "ASK {}"}, timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(f"oxigraph serve did not start: {process.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        assert main(["build", "--store", url, "--quiet"]) == 0
        yield url
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def remote(oxigraph_server, module_live_server) -> str:
    return module_live_server(create_app(load_settings(store=oxigraph_server, max_results=20, query_timeout_s=2)))


def test_the_external_store_holds_every_graph_of_the_build(oxigraph_server):
    endpoint = SparqlEndpoint(oxigraph_server)
    graphs = endpoint.graphs()
    assert "https://w3id.org/nap-kg/id/plan/az-2020-2022" in graphs and "https://w3id.org/nap-kg/ontology" in graphs
    from napkg.graph.publish import build_and_check

    assert endpoint.count() == len(build_and_check(DEFAULT_DATA_DIR).store)


def test_queries_through_an_external_store_answer_as_the_embedded_one(remote, memory_answer):
    assert _names(_rows(remote, OWNERS)) == memory_answer
    ask = httpx.get(f"{remote}/sparql", params={"query": PREFIX + "ASK { ?a nap:code '1.1' }", "format": "csv"})
    assert ask.status_code == 200
    turtle = httpx.get(f"{remote}/sparql", params={
        "query": PREFIX + "CONSTRUCT { ?a nap:code ?c } WHERE { ?a nap:code ?c } LIMIT 3"},
        headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle")
    assert len(ox.Store().query("ASK {}") and list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))) == 3


def test_the_safety_rules_hold_for_an_external_store(remote):
    assert _error_type(_rows(remote, "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")) == "QueryRefused"
    assert _error_type(_rows(remote, "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")) == "QueryRefused"
    assert _error_type(_rows(remote, "SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }")) == "QueryRefused"
    assert _error_type(_rows(remote, "SELECT * WHERE { ?s ?p ?o }",
                             **{"default-graph-uri": "file:///etc/passwd"})) == "QueryRefused"
    assert _error_type(_rows(remote, "SELECT * WHERE { ?s ?p ?o } LIMIT 21")) == "QueryTooLarge"
    assert _rows(remote, "SELECT * WHERE { ?s ?p ?o } LIMIT 20").status_code == 200
    assert _error_type(_rows(remote, "SELEC nothing")) == "QuerySyntaxError"
    timed_out = _rows(remote, CROSS)  # nap-kg's own 2 s limit stops it, not the external store
    assert _error_type(timed_out) == "QueryTimeout" and "2 s time limit" in timed_out.json()["error"]["message"]
    # and the store was not changed by any of it
    assert _names(_rows(remote, OWNERS))


def test_nap_kgs_own_lookups_run_over_http_on_an_external_store(oxigraph_server):
    store = open_graph_store(load_settings(store=oxigraph_server))
    assert store.remote is not None and store.query_workers == 0
    (body,) = Directory(store.select).find("Prosecutor's Office")
    assert body.slug == "prosecutor-generals-office"
    assert who_owns(store.select, "hotline")


def test_an_unreachable_external_store_is_a_store_error():
    with pytest.raises(StoreError, match="did not answer"):
        GraphStore(SparqlEndpoint(f"http://127.0.0.1:{_free_port()}/query", timeout_s=2))
