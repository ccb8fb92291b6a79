"""The catalogue's snapshot: written by ``napkg build --store DIR``, read by ``napkg serve --store DIR``.

The catalogue built from the snapshot is the one the store gives; a snapshot of another store,
of another format, or of the store before it was written to again is refused with a message
that says why, and the catalogue is then built from the store.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from napkg.api.app import create_app
from napkg.api.deps import catalogue_of
from napkg.api.routes.viz import graph_source
from napkg.cli import main
from napkg.graph.catalogue import Catalogue, plan_figures_of
from napkg.graph.catalogue.listings import activity_claims, search_activities
from napkg.graph.catalogue.snapshot import SNAPSHOT_FILE, ReplaySelect, open_snapshot, record_catalogue, snapshot_select
from napkg.graph.folders import check_store_folder
from napkg.graph.publish import write_catalogue_snapshot
from napkg.graph.serving import catalogue_select, open_graph_store
from napkg.graph.settings import load_settings
from napkg.graph.store import save_store, select_rows
from napkg.graph.store.disk import store_identity
from napkg.viz.data import load_viz_data, read_served_page
from napkg.viz.model import build_model
from napkg.viz.page import render_model


@pytest.fixture(scope="module")
def disk(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("snapshot") / "store"
    assert main(["build", "--store", str(folder), "--quiet"]) == 0
    return folder


@pytest.fixture
def copy(disk: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(disk, target)
    return target


def _counting(folder: Path) -> tuple[Callable[[str], list[dict[str, Any]]], list[str]]:
    """A Select over the on-disk store in ``folder`` that notes every query it is asked."""
    store = ox.Store.read_only(str(folder))
    asked: list[str] = []

    def select(query: str) -> list[dict[str, Any]]:
        asked.append(query)
        return select_rows(store, query)

    return select, asked


def _same(a: Catalogue, b: Catalogue) -> None:
    assert a.activities == b.activities
    assert a.plans == b.plans and [p.statuses for p in a.plans.values()] == [p.statuses for p in b.plans.values()]
    assert a.sections == b.sections
    assert a.directory.bodies == b.directory.bodies
    assert a.recommendations == b.recommendations
    assert a.metrics == b.metrics and a.body_roles == b.body_roles and a.answers == b.answers
    assert a.status_bits == b.status_bits and a.role_bits == b.role_bits


def _messages(folder: Path) -> list[str]:
    said: list[str] = []
    store = open_graph_store(load_settings(store=str(folder), query_workers=0))
    select = catalogue_select(store, say=said.append)
    if said:
        assert select == store.select
    return said


def test_build_store_writes_the_snapshot_beside_the_store(disk):
    assert (disk / SNAPSHOT_FILE).is_file()
    header = json.loads((disk / SNAPSHOT_FILE).read_bytes().split(b"\n", 1)[0])
    assert header["tool"] == "nap-kg" and header["store"] == store_identity(disk)
    assert len(header["chunks"]) >= 10
    check_store_folder(disk)  # the snapshot does not make the folder "not a store"


def test_the_catalogue_from_the_snapshot_is_the_stores_and_asks_it_nothing(disk):
    fresh, _ = _counting(disk)
    expected = Catalogue(fresh)
    fallback, asked = _counting(disk)
    select = snapshot_select(disk, store_identity(disk), fallback)
    catalogue = Catalogue(select)
    search = catalogue.search.get()
    plan_figures_of(catalogue)
    claims = activity_claims(catalogue)
    assert asked == [], "every query of the catalogue was answered by the snapshot"
    _same(catalogue, expected)
    assert claims == activity_claims(expected)
    assert plan_figures_of(catalogue) == plan_figures_of(expected)
    hotline = [a.iri for a, _ in search_activities(catalogue, "hotline").items]
    assert hotline and hotline == [a.iri for a, _ in search_activities(expected, "hotline").items]
    assert search is catalogue.search.get()
    catalogue.select("ASK {}")  # a query the snapshot does not hold goes to the store
    assert asked == ["ASK {}"]


def test_the_service_builds_its_catalogue_from_the_snapshot(disk, live_server, caplog):
    with caplog.at_level(logging.INFO, logger="napkg.api"):
        base = live_server(create_app(load_settings(store=str(disk), query_workers=0)))
        answer = httpx.get(f"{base}/agencies/prosecutor-generals-office", timeout=60)
    assert answer.status_code == 200, answer.text
    assert sum(role["total"] for role in answer.json()["activities"].values()) > 0
    assert any("from the store's snapshot" in r.getMessage() for r in caplog.records)


def test_the_snapshot_asks_the_store_each_of_its_selects_once(disk):
    select, asked = _counting(disk)
    recorded = record_catalogue(select, also=(read_served_page,))
    assert len(asked) == len(set(asked)) == len(recorded)


def test_the_served_network_page_from_the_snapshot_is_the_stores_and_asks_it_nothing(disk):
    fresh, _ = _counting(disk)
    expected = load_viz_data(fresh, stored=True, details="fetch")
    fallback, asked = _counting(disk)
    data = load_viz_data(snapshot_select(disk, store_identity(disk), fallback), stored=True, details="fetch")
    assert asked == [], "every query of the served page was answered by the snapshot"
    page = render_model(build_model(data, details="fetch", links="path"))
    assert page == render_model(build_model(expected, details="fetch", links="path"))
    assert "Prosecutor" in page


def test_the_service_draws_its_network_page_from_the_snapshot(disk, live_server):
    app = create_app(load_settings(store=str(disk), query_workers=0))
    base = live_server(app)
    assert httpx.get(f"{base}/agencies/prosecutor-generals-office", timeout=60).status_code == 200
    source = graph_source(SimpleNamespace(app=app))
    assert isinstance(source.select, ReplaySelect) and source.select is catalogue_of(app).select
    assert httpx.get(f"{base}/viz?view=agency&role=implementer", timeout=120).status_code == 200


def test_a_snapshot_of_another_store_is_refused(copy, tmp_path):
    other = tmp_path / "other"
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/nap-kg/id/x"), ox.NamedNode("http://x/p"), ox.Literal("1"),
                      ox.NamedNode("https://w3id.org/nap-kg/id/g")))
    save_store(store, str(other), prepare=write_catalogue_snapshot)
    shutil.copyfile(other / SNAPSHOT_FILE, copy / SNAPSHOT_FILE)
    said = _messages(copy)
    assert said and "made for another store" in said[0] and str(copy) in said[0]


def test_a_store_written_to_after_its_snapshot_is_refused(copy):
    writer = ox.Store(str(copy))
    writer.add(ox.Quad(ox.NamedNode("https://w3id.org/nap-kg/id/x"), ox.NamedNode("http://x/p"), ox.Literal("1"),
                       ox.NamedNode("https://w3id.org/nap-kg/id/g")))
    writer.flush()
    del writer
    said = _messages(copy)
    assert said and "before it was written to again" in said[0]


@pytest.mark.parametrize(("header", "reason"), [
    (b"not json at all\n", "not a catalogue snapshot"),
    (b'{"tool": "other", "format": "napkg-catalogue-rows", "version": 1}\n', "not a catalogue snapshot of nap-kg"),
    (b'{"tool": "nap-kg", "format": "napkg-catalogue-rows", "version": 99}\n', "version 99"),
])
def test_a_snapshot_of_another_format_is_refused(copy, header, reason):
    (copy / SNAPSHOT_FILE).write_bytes(header + b"[]")
    said = _messages(copy)
    assert said and reason in said[0] and "building the catalogue from the store" in said[0]


def test_a_cut_short_snapshot_is_refused(copy):
    path = copy / SNAPSHOT_FILE
    path.write_bytes(path.read_bytes()[:-100])
    assert "cut short" in _messages(copy)[0]


def test_a_damaged_chunk_is_read_from_the_store(disk, copy):
    path = copy / SNAPSHOT_FILE
    data = bytearray(path.read_bytes())
    data[-10] = ord("#") if data[-10] != ord("#") else ord("$")  # inside the last chunk's rows
    path.write_bytes(bytes(data))
    fallback, asked = _counting(copy)
    catalogue = Catalogue(snapshot_select(copy, store_identity(copy), fallback))
    plan_figures_of(catalogue)
    activity_claims(catalogue)
    catalogue.search.get()
    read_served_page(catalogue.select)
    assert len(asked) == 1, "only the damaged chunk's query went to the store"
    _same(catalogue, Catalogue(_counting(disk)[0]))


def test_no_snapshot_builds_from_the_store(copy):
    (copy / SNAPSHOT_FILE).unlink()
    assert open_snapshot(copy, store=store_identity(copy)) is None
    store = open_graph_store(load_settings(store=str(copy), query_workers=0))
    assert catalogue_select(store, say=pytest.fail) == store.select


def test_rebuilding_a_store_with_a_snapshot_replaces_both(copy):
    before = store_identity(copy)
    assert main(["build", "--store", str(copy), "--quiet"]) == 0
    header = json.loads((copy / SNAPSHOT_FILE).read_bytes().split(b"\n", 1)[0])
    assert header["store"] == store_identity(copy) != before
    assert sorted(p.name for p in copy.parent.iterdir()) == ["copy"]  # no staging left behind


def test_a_bodys_evidence_is_what_a_query_for_that_body_finds(disk):
    from napkg.graph.catalogue import body_evidence
    from napkg.graph.vocabulary import SPARQL_PROLOGUE

    select, _ = _counting(disk)
    catalogue = Catalogue(select)
    named = texts = 0
    for body in catalogue.directory.bodies.values():
        rows = select(SPARQL_PROLOGUE + f"""
SELECT DISTINCT ?evidence ?activity WHERE {{ ?evidence nap:actor <{body.iri}> . ?activity nap:evidence ?evidence }}""")
        expected = sorted((catalogue.by_iri[r["activity"]], r["evidence"]) for r in rows)
        page = body_evidence(catalogue, body, limit=1000)
        assert page.total == len(expected)
        assert [(e["activity"].position, e["iri"]) for e in page.items] == expected
        texts += sum(bool(e["text"]) for e in page.items)
        assert [e["iri"] for e in body_evidence(catalogue, body, offset=1, limit=1).items] == [i for _, i in expected[1:2]]
        named += bool(expected)
    assert named >= 3 and texts >= 3


def test_a_value_many_rows_share_is_written_once(disk):
    from napkg.graph.catalogue.snapshot import VERSION

    data = (disk / SNAPSHOT_FILE).read_bytes()
    header = json.loads(data.split(b"\n", 1)[0])
    assert header["version"] == VERSION == 2
    table = json.loads(data.split(b"\n", 1)[1][:header["values"]["bytes"]])
    assert len(table) == len({(type(v), v) for v in table}) == header["values"]["count"]
    rows = sum(c["rows"] * len(c["columns"]) for c in header["chunks"])
    assert rows > 2 * len(table), "bodies, plans and evidence texts recur across rows and queries"
    text = next(v for v in table if isinstance(v, str) and len(v) > 80)  # an evidence text, asked by two queries
    assert data.count(json.dumps(text, ensure_ascii=False)[1:-1].encode("utf-8")) == 1


def test_true_one_and_one_point_zero_stay_apart(tmp_path):
    from napkg.graph.catalogue.snapshot import write_snapshot

    recorded = {"SELECT ?x": [{"x": True}, {"x": 1}, {"x": 1.0}, {"x": "1"}, {}]}
    write_snapshot(tmp_path, recorded, store={"identity": "t"})
    replay = open_snapshot(tmp_path, store={"identity": "t"})
    rows = replay("SELECT ?x")
    assert rows == recorded["SELECT ?x"] and [type(r.get("x")) for r in rows] == [bool, int, float, str, type(None)]
    replay.forget()
    assert replay("SELECT ?x") == rows  # the table read again


def test_a_chunk_naming_a_value_past_the_table_is_read_from_the_store(tmp_path):
    import hashlib
    import struct

    from napkg.graph.catalogue.snapshot import write_snapshot

    write_snapshot(tmp_path, {"SELECT ?x": [{"x": "a"}]}, store={"identity": "t"})
    path = tmp_path / SNAPSHOT_FILE
    first, rest = path.read_bytes().split(b"\n", 1)
    header = json.loads(first)
    chunk = header["chunks"][0]
    body = struct.pack("<I", 7)  # the table holds one value
    chunk["sha256"] = hashlib.sha256(body).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + rest[:chunk["offset"]] + body)
    asked: list[str] = []
    replay = open_snapshot(tmp_path, store={"identity": "t"}).with_fallback(lambda q: asked.append(q) or [{"x": "b"}])
    assert replay("SELECT ?x") == [{"x": "b"}] and asked == ["SELECT ?x"]


def test_a_value_table_of_another_type_is_not_used(tmp_path):
    import hashlib

    from napkg.graph.catalogue.snapshot import write_snapshot

    write_snapshot(tmp_path, {"SELECT ?x": [{"x": "a"}]}, store={"identity": "t"})
    path = tmp_path / SNAPSHOT_FILE
    first, rest = path.read_bytes().split(b"\n", 1)
    header = json.loads(first)
    table = b'[{"x":1}]'  # an object where a value belongs
    header["values"].update(bytes=len(table), sha256=hashlib.sha256(table).hexdigest())
    for chunk in header["chunks"]:
        chunk["offset"] += len(table) - len(b'["a"]')
    path.write_bytes(json.dumps(header).encode() + b"\n" + table + rest[len(b'["a"]'):])
    replay = open_snapshot(tmp_path, store={"identity": "t"}).with_fallback(lambda q: [{"x": "from the store"}])
    assert replay("SELECT ?x") == [{"x": "from the store"}]
