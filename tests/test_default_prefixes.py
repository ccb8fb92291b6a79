"""Default prefixes: ``nap:``, ``rdfs:``, ``dcterms:``, … need no ``PREFIX`` on ``/sparql`` and ``napkg query``.

A query's own ``PREFIX`` wins over a default one, error positions count the user's own lines,
and a prefix that is neither declared nor a default one gets a short message naming it.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from napkg.api.app import create_app
from napkg.cli import main
from napkg.graph.settings import load_settings
from napkg.graph.store import QueryRequest, execute
from napkg.graph.store.prefixes import undeclared_prefix
from napkg.graph.vocabulary import QUERY_PREFIXES

CODES = "SELECT ?code WHERE { ?a a nap:Activity ; nap:code ?code } ORDER BY ?code"


def _codes(body: bytes) -> list[str]:
    import json

    return [b["code"]["value"] for b in json.loads(body)["results"]["bindings"]]


def test_the_default_prefixes_are_the_announced_ones():
    assert list(QUERY_PREFIXES) == ["nap", "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "org", "foaf",
                                    "time", "oa", "m8g", "p-plan"]
    assert QUERY_PREFIXES["nap"] == "https://w3id.org/nap-kg/ontology#"
    assert QUERY_PREFIXES["p-plan"] == "http://purl.org/net/p-plan#"


def test_a_query_may_use_them_undeclared(mini_store):
    assert _codes(execute(mini_store, QueryRequest(CODES)).body) == ["1.1", "1.10", "1.2", "1.4", "5.2"]


def test_a_querys_own_prefix_wins(mini_store):
    assert _codes(execute(mini_store, QueryRequest("PREFIX nap: <http://example.org/>\n" + CODES)).body) == []


def test_from_with_a_default_prefix_is_checked_like_any_graph_name(mini_store):
    from napkg.graph.errors import QueryRefused

    with pytest.raises(QueryRefused, match="FROM names the graph <https://w3id.org/nap-kg/ontology#nothing>"):
        execute(mini_store, QueryRequest("SELECT * FROM nap:nothing WHERE { ?s ?p ?o }"))


@pytest.mark.parametrize(("query", "found"), [
    ("SELECT * WHERE { ?s x:p ?o }", ("x", 1, 21)),
    ("SELECT * WHERE {\n  ?s ex:p 'a:b' ; nap:code \"c:d\" }", ("ex", 2, 6)),
    ("PREFIX ex: <http://ex/> SELECT * { ?s ex:p <http://a/b:c> } # y:z", None),
    ("SELECT * { ?s p-plan:isStepOfPlan ?x:y }", None),
    ("SELECT * { ?s ?p \"2020-01-01T00:00:00\"^^xsd:dateTime }", None),
])
def test_undeclared_prefixes_are_found_outside_strings_iris_and_comments(query, found):
    assert undeclared_prefix(query) == found


@pytest.fixture(scope="module")
def client(module_mini_store):
    with TestClient(create_app(load_settings(query_workers=0), store=module_mini_store)) as client:
        yield client


def test_sparql_answers_with_the_default_prefixes(client):
    response = client.get("/sparql", params={"query": CODES}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    assert _codes(response.content) == ["1.1", "1.10", "1.2", "1.4", "5.2"]


def test_an_undeclared_prefix_is_named_with_the_known_ones(client):
    response = client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s x:p ?o }"})
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert message.startswith("syntax error at 2:6: prefix x: is not declared; known prefixes: nap:, rdf:")
    assert "p-plan:" in message and "U+" not in message and "\\u" not in message


def test_error_positions_count_the_users_own_lines(client):
    response = client.get("/sparql", params={"query": "SELECT ?s\nWHERE { ?s nap:code }"})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("syntax error at 2:")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("prefixes") / "out"
    assert main(["build", "--out", str(out), "--quiet"]) == 0
    return out / "graph.nq"


def test_napkg_query_takes_the_default_prefixes(built, capsys):
    query = "SELECT ?label WHERE { ?a nap:code '1.1' ; dcterms:title|rdfs:label ?label } LIMIT 1"
    assert main(["query", query, "--graph", str(built), "--format", "json"]) == 0
    assert '"label"' in capsys.readouterr().out


def test_napkg_query_places_errors_and_names_undeclared_prefixes(built, capsys):
    assert main(["query", "SELECT ?s\nWHERE { ?s ?p }", "--graph", str(built)]) == 2
    assert "syntax error at 2:" in capsys.readouterr().err
    assert main(["query", "SELECT ?s WHERE { ?s ex:p ?o }", "--graph", str(built)]) == 2
    assert "prefix ex: is not declared" in capsys.readouterr().err
