"""The W3C SPARQL 1.1 Protocol tests, replayed from the suite's manifest against a live server.

Every ``mf:ProtocolTest`` of ``manifest.ttl`` is read with rdflib and its ``ht:`` requests are
sent as written (method, path with ``/sparql/`` rewritten, headers, body in its declared
encoding). The instance holds the suite's data under the graph names the manifest gives
(``dataN.nt`` as ``http://kasei.us/2009/09/sparql/data/dataN.rdf``); ``data0.rdf``, which
several requests name but for which the suite ships no file, is an empty graph.

The endpoint is read-only, so a request that would update is expected to be *refused* (4xx)
instead of the manifest's 2xx, and the ASK that follows it in the same test must find the
store unchanged (false instead of true).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from napkg.api.app import create_app
from napkg.graph.settings import REPO_ROOT, load_settings
from napkg.graph.store import GRAPH_FORMATS, RESULT_FORMATS, load_store

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
DATA_IRI = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
W3C_PROTOCOL_DIR = REPO_ROOT.parent / "shared" / "w3c-sparql11-protocol"
MANIFEST = W3C_PROTOCOL_DIR / "manifest.ttl"


@dataclass(frozen=True)
class ProtocolRequest:
    """One ``ht:Request`` and what the manifest expects of its response."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: frozenset[int]   # 2, 3, 4 for hts:StatusCode2xx ...
    expected_format: str | None      # "boolean", "tabular" or "RDF"
    expected_boolean: bool | None

    @property
    def is_update(self) -> bool:
        """Whether this request asks for a SPARQL Update."""
        content_type = self.headers.get("content-type", "")
        query = parse_qs(urlsplit(self.path).query)
        form = parse_qs(self.body.decode("utf-8", "replace")) if self.body and "form" in content_type else {}
        return "sparql-update" in content_type or "update" in query or "update" in form


@dataclass(frozen=True)
class ProtocolTest:
    """One ``mf:ProtocolTest``: a name and its requests, in order."""

    name: str
    label: str
    requests: tuple[ProtocolRequest, ...]


def _request(manifest: Graph, node: Any) -> ProtocolRequest:
    headers = {}
    header_list = manifest.value(node, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers[str(manifest.value(header, HT.fieldName)).lower()] = str(manifest.value(header, HT.fieldValue))
    body = None
    body_node = manifest.value(node, HT.body)
    if body_node is not None:
        encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
    response = manifest.value(node, HT.resp)
    statuses = {int(str(code).rsplit("StatusCode", 1)[1][0]) for code in manifest.objects(response, MF.expectedStatus)}
    expected_format = manifest.value(response, MF.expectedFormat)
    expected_boolean = manifest.value(response, MF.expectedBoolean)
    path = str(manifest.value(node, HT.absolutePath))
    assert path.startswith("/sparql/"), path
    return ProtocolRequest(
        method=str(manifest.value(node, HT.methodName)),
        path="/sparql" + path[len("/sparql/") - 1:].removeprefix("/"),
        headers=headers,
        body=body,
        status_classes=frozenset(statuses),
        expected_format=str(expected_format) if expected_format is not None else None,
        expected_boolean=expected_boolean.toPython() if expected_boolean is not None else None,
    )


def load_manifest() -> list[ProtocolTest]:
    """Every protocol test of the manifest, in the manifest's order."""
    manifest = Graph().parse(MANIFEST, format="turtle")
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        assert (entry, RDF.type, MF.ProtocolTest) in manifest
        action = manifest.value(entry, MF.action)
        requests = tuple(_request(manifest, node) for node in Collection(manifest, manifest.value(action, HT.requests)))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[1], str(manifest.value(entry, MF.name)), requests))
    return tests


def graph_data() -> dict[str, str]:
    """Graph name -> data file name, from every ``ut:graphData`` of the manifest."""
    manifest = Graph().parse(MANIFEST, format="turtle")
    return {str(manifest.value(data, RDFS.label)): str(manifest.value(data, UT.graph)).rsplit("/", 1)[1]
            for data in manifest.objects(None, UT.graphData)}


TESTS = load_manifest()
RESULTS_MEDIA = {fmt.media_types[0] for fmt in RESULT_FORMATS}
GRAPH_MEDIA = {fmt.media_types[0]: fmt.key for fmt in GRAPH_FORMATS}


@pytest.fixture(scope="module")
def endpoint(module_live_server: Callable[[Any], str]) -> str:
    """A live server whose store holds the suite's data under the manifest's graph names."""
    store = ox.Store()
    for name, file in graph_data().items():
        load_store(W3C_PROTOCOL_DIR / file, graph=name, store=store)
    store.add_graph(ox.NamedNode(DATA_IRI.format(0)))  # named by requests, no data shipped
    app = create_app(load_settings(query_workers=2), store=store)
    return module_live_server(app)


def _boolean(response: httpx.Response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    if media == "application/sparql-results+xml":
        element = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
        assert element is not None
        return element.text == "true"
    raise AssertionError(f"not a boolean result format: {media}")


def _check_format(response: httpx.Response, expected: str) -> None:
    media = response.headers["content-type"].split(";")[0]
    if expected == "boolean":
        _boolean(response)
    elif expected == "tabular":
        assert media in RESULTS_MEDIA
        ox.parse_query_results(response.content, format=ox.QueryResultsFormat.from_media_type(media))
    elif expected == "RDF":
        assert media in GRAPH_MEDIA
        Graph().parse(data=response.content, format={"turtle": "turtle", "jsonld": "json-ld",
                                                     "ntriples": "nt", "rdfxml": "xml"}[GRAPH_MEDIA[media]])
    else:  # pragma: no cover
        raise AssertionError(f"unknown expected format {expected!r}")


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(endpoint: str, test: ProtocolTest) -> None:
    """Each request gets the status class the manifest expects; updates are refused instead."""
    with httpx.Client(base_url=endpoint, timeout=30) as client:
        refused_update = False
        for request in test.requests:
            response = client.request(request.method, request.path, content=request.body, headers=request.headers)
            if request.is_update:
                assert 400 <= response.status_code < 500, (request.path, response.text)
                assert set(response.json()["error"]) >= {"type", "message", "hint"}
                refused_update = True
                continue
            assert response.status_code // 100 in request.status_classes, (request.path, response.text)
            if request.expected_format and response.status_code < 300:
                _check_format(response, request.expected_format)
            if request.expected_boolean is not None and response.status_code < 300:
                # after a refused update the store is unchanged, so what it would have added is absent
                assert _boolean(response) is (request.expected_boolean and not refused_update)


def test_manifest_is_fully_replayed() -> None:
    """All 34 tests are read: 13 queries answered, 7 updates refused, 14 bad requests refused."""
    kinds = {"update": 0, "bad": 0, "query": 0}
    for test in TESTS:
        kinds["bad" if test.name.startswith("bad_") else "update" if test.name.startswith("update_") else "query"] += 1
    assert len(TESTS) == 34
    assert kinds == {"query": 13, "update": 7, "bad": 14}
    assert any(r.headers.get("content-type", "").endswith("UTF-16") for t in TESTS for r in t.requests)
