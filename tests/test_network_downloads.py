"""The network as a file for Gephi, from the service (``/network``) and the command line (``napkg export``):
networkx reads the GEXF and the GraphML back, with the page's labels, legend colours, sizes and the bodies' metrics."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from napkg.api.app import create_app
from napkg.api.routes.viz import _viz_data, graph_source
from napkg.cli import main
from napkg.graph.publish import build_and_check
from napkg.graph.settings import DEFAULT_DATA_DIR, load_settings
from napkg.graph.store import GraphStore
from napkg.viz.download import rgb
from napkg.viz.model import build_model
from napkg.viz.options import KIND_GROUPS, STATUSES

MOJ = "https://w3id.org/nap-kg/id/body/az/ministry-of-justice"
LEGEND = {(c["r"], c["g"], c["b"]) for c in (rgb(x.colour) for x in (*KIND_GROUPS, *STATUSES))}


@pytest.fixture(scope="module")
def client():
    store = GraphStore(build_and_check(DEFAULT_DATA_DIR, shapes=False).store, query_workers=0)
    with TestClient(create_app(load_settings(query_workers=0), store=store)) as client:
        yield client


def _gexf(client: TestClient, **params: str) -> nx.Graph:
    answer = client.get("/network", params={"format": "gexf", **params})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/gexf+xml")
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return nx.read_gexf(io.BytesIO(answer.content))


def test_the_gexf_has_the_pages_labels_legend_colours_sizes_and_metrics(client: TestClient) -> None:
    G = _gexf(client)
    assert G.number_of_nodes() > 50 and G.number_of_edges() > 50
    for node, data in G.nodes(data=True):
        colour = data["viz"]["color"]
        assert (colour["r"], colour["g"], colour["b"]) in LEGEND, node
        assert data["viz"]["size"] > 0 and data["label"]
    justice = G.nodes[MOJ]
    ministry = rgb(next(g.colour for g in KIND_GROUPS if g.key == "ministry"))
    assert justice["label"] == "Ministry of Justice"
    assert {k: justice["viz"]["color"][k] for k in "rgb"} == {k: ministry[k] for k in "rgb"}
    assert justice["implementer_load"] > 0 and "bottleneck_score" in justice
    loads = {n: d["implementer_load"] for n, d in G.nodes(data=True) if d.get("kind") == "body"}
    biggest, smallest = max(loads, key=loads.get), min(loads, key=loads.get)
    assert G.nodes[biggest]["viz"]["size"] > G.nodes[smallest]["viz"]["size"]
    activity = next(d for _, d in G.nodes(data=True) if d.get("kind") == "activity")
    status = next(s for s in STATUSES if s.key == activity["status"])
    assert (activity["viz"]["color"]["r"], activity["viz"]["color"]["g"]) == (rgb(status.colour)["r"],
                                                                              rgb(status.colour)["g"])


def test_the_graphml_carries_the_same_picture_as_gephi_reads_it(client: TestClient) -> None:
    answer = client.get("/network", params={"format": "graphml", "view": "bodies"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/graphml+xml")
    G = nx.read_graphml(io.BytesIO(answer.content))
    assert G.nodes and all(d.get("kind") == "body" for _, d in G.nodes(data=True))
    justice = G.nodes[MOJ]
    assert justice["label"] == "Ministry of Justice" and {"r", "g", "b", "size"} <= set(justice)
    assert all(d["weight"] >= 1 for _, _, d in G.edges(data=True))


def test_the_download_has_the_nodes_viz_draws_with_the_same_filters(client: TestClient) -> None:
    G = _gexf(client, status="limited")
    statuses = {d["status"] for _, d in G.nodes(data=True) if d.get("kind") == "activity"}
    assert statuses == {"limited"}
    app = client.app
    data = _viz_data(app, graph_source(type("R", (), {"app": app})()))
    model = build_model(data, status="limited", max_bodies=load_settings().max_viz_bodies)
    bodies = {n for n, d in G.nodes(data=True) if d.get("kind") == "body"}
    assert bodies and bodies <= {d["iri"] for d in model.bodies.values()}  # the page's bodies, those with a limited one
    B = data.network
    assert all(any(B.nodes[a].get("status") == "limited" for a in B.adj[b]) for b in bodies)
    assert all(G.has_edge(a, b) for a, b in B.edges if a in G and b in G)


def test_a_layout_gives_every_node_a_position(client: TestClient) -> None:
    G = _gexf(client, view="bodies", layout="true")
    assert all({"x", "y"} <= set(d["viz"]["position"]) for _, d in G.nodes(data=True))


@pytest.mark.parametrize(("params", "parameter"), [
    ({"format": "xlsx"}, "format"), ({"status": "started"}, "status"), ({"view": "map"}, "view"),
    ({"colour": "red"}, "colour"),
])
def test_a_value_the_page_cannot_show_is_400_naming_it(client: TestClient, params: dict[str, str],
                                                       parameter: str) -> None:
    answer = client.get("/network", params=params)
    assert answer.status_code == 400 and answer.json()["error"]["parameter"] == parameter


def test_napkg_export_writes_the_same_picture(tmp_path, capsys) -> None:
    out = tmp_path / "open.gexf"
    assert main(["export", "--format", "gexf", "--status", "not-started", "--status", "limited", "--layout",
                 "--out", str(out)]) == 0
    G = nx.read_gexf(out)
    assert {d["status"] for _, d in G.nodes(data=True) if d.get("kind") == "activity"} <= {"not-started", "limited"}
    assert all("position" in d["viz"] and d["label"] for _, d in G.nodes(data=True))
    assert "coloured and sized as /viz draws them" in capsys.readouterr().out


def test_a_focus_that_names_nothing_is_404_with_close_matches(client: TestClient) -> None:
    for route in ("/network", "/viz"):
        answer = client.get(route, params={"focus": "Ministry of Justise"})
        error = answer.json()["error"]
        assert answer.status_code == 404 and error["parameter"] == "focus", route
        assert "Ministry of Justice" in error["message"], route
