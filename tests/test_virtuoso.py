"""Virtuoso as the external store: loaded by ``napkg build --store``, answering as the embedded store.

One real Virtuoso (Debian's ``virtuoso-opensource``) is started for the test session by
``bench/virtuoso.py``, with its own ``virtuoso.ini`` in a temporary folder and free loopback
ports, and stopped after. Without ``virtuoso-t`` the tests skip and say why (``.ci/run``
installs it where it can). Every curated query and a few JSON routes are asked of nap-kg
serving the embedded store and nap-kg serving Virtuoso, and the answers compared: row for row
where the query has an ORDER BY, as multisets where it has not.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.cli import main
from napkg.graph.errors import StoreError
from napkg.graph.queries import list_queries
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import SparqlEndpoint

ROOT = Path(__file__).resolve().parent.parent
XSD = "http://www.w3.org/2001/XMLSchema#"


def _bench_virtuoso() -> Any:
    spec = importlib.util.spec_from_file_location("bench_virtuoso", ROOT / "bench" / "virtuoso.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _with_password(url: str, password: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://dba:{password}@{rest}"


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[Any]:
    """One Virtuoso for the session, loaded with the build of ``data/`` by ``napkg build --store``."""
    bench = _bench_virtuoso()
    try:
        server = bench.Virtuoso()
    except bench.VirtuosoMissing as exc:
        pytest.skip(f"no Virtuoso to test against: {exc}")
    try:
        server.writer_url = _with_password(server.graph_store_url, bench.PASSWORD)
        assert main(["build", "--store", server.query_url, "--graph-store", server.writer_url, "--quiet"]) == 0
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def embedded_store() -> ox.Store:
    from napkg.graph.publish import build_and_check

    return build_and_check(DEFAULT_DATA_DIR).store


@pytest.fixture(scope="module")
def bases(virtuoso, embedded_store, module_live_server: Callable[[Any], str]) -> tuple[str, str]:
    """nap-kg serving the embedded store, and nap-kg serving Virtuoso: two base URLs."""
    embedded = module_live_server(create_app(load_settings(query_workers=0), store=embedded_store))
    remote = module_live_server(create_app(load_settings(store=virtuoso.query_url, query_timeout_s=30)))
    return embedded, remote


def _term(term: dict[str, str]) -> tuple[str, ...]:
    """A SPARQL JSON term as a comparable tuple (``typed-literal`` is the old name of ``literal``)."""
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    if kind != "literal":
        return (kind, term["value"])
    if term.get("datatype") == XSD + "boolean":  # Virtuoso writes a stored true as "1"
        return ("boolean", term["value"] in ("true", "1"))
    return (kind, term["value"], term.get("datatype", "" if "xml:lang" in term else XSD + "string"),
            term.get("xml:lang", ""))


def _select(base: str, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    response = httpx.post(f"{base}/sparql", data={"query": query},
                          headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, f"{base}: {response.text[:2000]}"
    body = response.json()
    columns = body["head"]["vars"]
    rows = [tuple(_term(b[c]) if c in b else None for c in columns) for b in body["results"]["bindings"]]
    return columns, rows


_CONCAT = re.compile(r'GROUP_CONCAT\((?:DISTINCT\s+)?\?\w+\s*;\s*separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
                     re.IGNORECASE)


def _concatenations(query: str, columns: list[str], rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Rows with each GROUP_CONCAT value as its sorted parts, as text.

    SPARQL fixes neither the order of the parts nor, strictly, the term: the standard's answer
    is a plain string, "" for no parts (Virtuoso); Oxigraph keeps a language tag the parts
    share and leaves the value unbound for no parts.
    """
    separators = {column: separator for separator, column in _CONCAT.findall(query)}
    if not separators:
        return rows
    def part(column: str, term: Any) -> Any:
        if column not in separators:
            return term
        text = "" if term is None else term[1]
        return ("concatenation", *sorted(text.split(separators[column]) if text else []))
    return [tuple(part(c, t) for c, t in zip(columns, row)) for row in rows]


def _virtuoso_booleans(embedded: list[tuple[Any, ...]], remote: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``remote`` with xsd:integer 1 and 0 read as booleans in the columns where ``embedded`` has booleans.

    Virtuoso has no boolean values of its own: ``EXISTS``, ``true``, ``1 = 1`` are xsd:integer 1 or 0.
    """
    flags = {i for row in embedded for i, term in enumerate(row) if term and term[0] == "boolean"}
    integers = {("literal", "1", XSD + "integer", ""): ("boolean", True),
                ("literal", "0", XSD + "integer", ""): ("boolean", False)}
    return [tuple(integers.get(t, t) if i in flags else t for i, t in enumerate(row)) for row in remote]


def _sort_keys(query: str, columns: list[str]) -> list[int]:
    """The columns an ORDER BY sorts on (those it names); rows equal in them may come in any order."""
    order = re.search(r"\bORDER\s+BY\b(.*?)(?:\bLIMIT\b|\bOFFSET\b|$)", query, re.IGNORECASE | re.DOTALL)
    named = set(re.findall(r"[?$](\w+)", order.group(1))) if order else set()
    return [i for i, column in enumerate(columns) if column in named]


CURATED = list_queries()


@pytest.mark.parametrize("curated", CURATED, ids=[q.name for q in CURATED])
def test_every_curated_query_answers_on_virtuoso_as_on_the_embedded_store(bases, curated):
    embedded, remote = ((columns, _concatenations(curated.text, columns, rows))
                        for columns, rows in (_select(base, curated.text) for base in bases))
    assert remote[0] == embedded[0], "the columns differ"
    rows, expected = _virtuoso_booleans(embedded[1], remote[1]), embedded[1]
    missing, extra = Counter(expected) - Counter(rows), Counter(rows) - Counter(expected)
    assert not missing and not extra, f"missing on Virtuoso: {list(missing)[:3]}; extra: {list(extra)[:3]}"
    keys = _sort_keys(curated.text, remote[0])
    assert not re.search(r"ORDER\s+BY\s+\?name\b", curated.text), \
        "Virtuoso does not sort language-tagged names by their text: sort by STR(?name)"
    assert [[row[i] for i in keys] for row in rows] == [[row[i] for i in keys] for row in expected], "the order differs"
    assert expected or curated.name == "no-evidence", "a query answering nothing compares nothing"


def _json(base: str, path: str, **params: Any) -> Any:
    response = httpx.get(f"{base}{path}", params=params, headers={"Accept": "application/json"}, timeout=60)
    assert response.status_code == 200, f"{base}{path}: {response.text[:2000]}"
    return response.json()


def _without_base(value: Any, base: str) -> Any:
    """``value`` with the server's own base URL taken out of its strings (two servers, two ports)."""
    if isinstance(value, dict):
        return {k: _without_base(v, base) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_base(v, base) for v in value]
    return value.replace(base, "") if isinstance(value, str) else value


@pytest.mark.parametrize("path, params", [
    ("/agencies", {}),
    ("/agencies", {"q": "ministry", "sort": "name"}),
    ("/agencies/prosecutor-generals-office", {}),
    ("/agencies/ministry-of-justice", {}),
    ("/who-owns", {"q": "hotline"}),
    ("/who-owns", {"q": "procurement"}),
    ("/activities", {}),
    ("/activities/1.1", {}),
    ("/plans", {}),
    ("/analysis/load", {}),
    ("/analysis/bottlenecks", {}),
    ("/recommendations", {}),
    ("/sections", {}),
])
def test_the_json_api_answers_on_virtuoso_as_on_the_embedded_store(bases, path, params):
    embedded, remote = (_without_base(_json(base, path, **params), base) for base in bases)
    assert remote == embedded
    assert embedded, f"{path} answered nothing to compare"


def test_virtuoso_holds_exactly_the_build(virtuoso, embedded_store):
    endpoint = SparqlEndpoint(virtuoso.query_url)
    assert endpoint.graphs() == frozenset(g.value for g in embedded_store.named_graphs())  # not virtrdf: and the like
    assert endpoint.count() == len(embedded_store)


def test_rebuilding_into_virtuoso_replaces_the_graphs_and_drops_stale_ones(virtuoso, embedded_store):
    stale = "https://w3id.org/nap-kg/id/plan/withdrawn"
    response = httpx.put(virtuoso.graph_store_url, params={"graph": stale}, content=b"<http://x/a> <http://x/b> <http://x/c> .\n",
                         headers={"Content-Type": "application/n-triples"}, auth=httpx.DigestAuth("dba", "dba"))
    assert response.status_code < 300, response.text
    endpoint = SparqlEndpoint(virtuoso.query_url, graph_store_url=virtuoso.writer_url)
    assert stale in endpoint.graphs()
    endpoint.replace_graphs(embedded_store, chunk_triples=1_000)  # many parts: PUT, then POSTs
    assert stale not in endpoint.graphs()
    assert endpoint.count() == len(embedded_store)


def test_writing_without_credentials_says_where_to_put_them(virtuoso, embedded_store):
    endpoint = SparqlEndpoint(virtuoso.query_url)  # finds /sparql-graph-crud-auth by the Server header
    with pytest.raises(StoreError, match=r"sparql-graph-crud-auth refused to write \(HTTP 401\).*user:password@"):
        endpoint.replace_graphs(embedded_store)
    assert "dba" not in str(SparqlEndpoint(virtuoso.query_url, graph_store_url=virtuoso.writer_url).graph_store_url)


def test_nap_kgs_rules_hold_in_front_of_virtuoso(bases):
    _, remote = bases
    refused = httpx.post(f"{remote}/sparql", data={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"})
    assert refused.status_code == 400 and refused.json()["error"]["type"] == "QueryRefused"
    update = httpx.post(f"{remote}/sparql", data={"query": "CLEAR ALL"})
    assert update.status_code == 400 and update.json()["error"]["type"] == "QueryRefused"
    bad = httpx.post(f"{remote}/sparql", data={"query": "SELEC nothing"})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "QuerySyntaxError"
    assert _select(remote, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[1][0][0][1] != "0"


def test_construct_comes_back_in_an_rdf_format_from_virtuoso(bases):
    _, remote = bases
    prefix = "PREFIX nap: <https://w3id.org/nap-kg/ontology#>\n"
    turtle = httpx.post(f"{remote}/sparql", data={"query": prefix + "CONSTRUCT { ?a nap:code ?c } WHERE { ?a nap:code ?c } LIMIT 3"},
                        headers={"Accept": "text/turtle"})
    assert turtle.status_code == 200 and turtle.headers["content-type"].startswith("text/turtle"), turtle.text
    assert len(list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))) == 3


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml"])
def test_ask_comes_back_as_a_sparql_boolean_from_virtuoso(bases, accept):
    embedded, remote = bases
    prefix = "PREFIX nap: <https://w3id.org/nap-kg/ontology#>\n"
    for query, expected in ((prefix + "ASK { ?a nap:code ?c }", True), (prefix + "ASK { ?a nap:code \"no such code\" }", False)):
        answers = [httpx.post(f"{base}/sparql", data={"query": query}, headers={"Accept": accept}) for base in (embedded, remote)]
        for answer in answers:
            assert answer.status_code == 200 and answer.headers["content-type"].startswith(accept), answer.text
        parsed = [ox.parse_query_results(a.content, format=ox.QueryResultsFormat.from_media_type(accept)) for a in answers]
        assert [bool(p) for p in parsed] == [expected, expected]
