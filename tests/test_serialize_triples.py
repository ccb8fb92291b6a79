"""A CONSTRUCT's N-Triples written straight from the query's result are the triples pulled one by one, the limit the same."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from napkg.graph.describe import description_query
from napkg.graph.errors import QueryTooLarge
from napkg.graph.store import N_TRIPLES
from napkg.graph.store.execute import QueryRequest, execute, serialize_triples

IRIS = ["https://w3id.org/nap-kg/id/body/az/ministry-of-justice", "https://w3id.org/nap-kg/id/activity/az-2020-2022/1.1"]


def _triples(store: ox.Store, query: str) -> ox.QueryTriples:
    return store.query(query, use_default_graph_as_union=True)


@pytest.mark.parametrize("iri", IRIS)
def test_streamed_n_triples_are_the_triples_pulled(mini_store, iri):
    query = description_query(iri)
    streamed = serialize_triples(_triples(mini_store, query), N_TRIPLES, 100_000)
    pulled = serialize_triples(list(_triples(mini_store, query)), N_TRIPLES, 100_000)
    assert streamed.size == pulled.size > 5
    assert sorted(streamed.body.splitlines()) == sorted(pulled.body.splitlines())
    assert {q.triple for q in ox.parse(streamed.body, format=ox.RdfFormat.N_TRIPLES)} == set(_triples(mini_store, query))


def test_the_limit_counts_triples(mini_store):
    query = description_query(IRIS[0])
    size = serialize_triples(_triples(mini_store, query), N_TRIPLES, 100_000).size
    assert serialize_triples(_triples(mini_store, query), N_TRIPLES, size).size == size
    with pytest.raises(QueryTooLarge, match=f"more than {size - 1} triples"):
        serialize_triples(_triples(mini_store, query), N_TRIPLES, size - 1)
    with pytest.raises(QueryTooLarge, match="triples"):
        execute(mini_store, QueryRequest(query, graph_format="ntriples", max_results=size - 1))
