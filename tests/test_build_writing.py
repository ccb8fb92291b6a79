"""The build's writing and analyses give the same outputs however many processes share them."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from napkg.graph.analysis.centrality import FORK_FROM, betweenness
from napkg.graph.edition.synthetic import write_synthetic_edition
from napkg.graph.publish import OUTPUT_FILES, build_and_check, write_outputs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    data = tmp_path_factory.mktemp("synth")
    write_synthetic_edition(data, activities=300, seed=3)
    return build_and_check(data)


def test_the_files_written_by_several_processes_are_those_of_one(built, tmp_path):
    write_outputs(built, tmp_path / "one", processes=1)
    write_outputs(built, tmp_path / "two", processes=2)
    for name in OUTPUT_FILES:
        one, two = (tmp_path / "one" / name).read_bytes(), (tmp_path / "two" / name).read_bytes()
        assert one and one == two, name


def test_build_json_records_the_peak_memory_of_the_build(built, tmp_path):
    write_outputs(built, tmp_path / "out", processes=2)
    peak = json.loads((tmp_path / "out" / "build.json").read_text())["peak_memory_mb"]
    assert set(peak) == {"process", "children"}
    assert peak["process"] > 50  # a Python process holding a graph: tens of MB at least
    assert peak["children"] > 0  # the writers were forked


def test_exact_betweenness_of_a_large_part_shared_among_processes_is_networkx_s():
    G = nx.connected_watts_strogatz_graph(FORK_FROM + 20, 6, 0.2, seed=7)
    ours = betweenness(G)
    theirs = nx.betweenness_centrality(G)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[v] - theirs[v]) for v in G) < 1e-12
    assert {v: round(x, 6) for v, x in ours.items()} == {v: round(x, 6) for v, x in theirs.items()}
