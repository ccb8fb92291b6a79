"""The build's RDF stage states exactly the quads it stated before it was made faster.

The golden files under ``tests/data/emit/`` are the sorted N-Quads ``build_store`` gave (the
ontology included) for the real plan and for a small synthetic edition, written by the emitter
that held a plan's quads at once and found each quote's span again after the quote check. The
build now streams the quads and reuses the check's spans; the statements must not change. When
the graph is meant to change, rewrite the files: ``NAPKG_WRITE_GOLDEN=1 pytest tests/test_emit_same_graph.py``.
"""

from __future__ import annotations

import difflib
import gzip
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from napkg.graph.build import build_store
from napkg.graph.edition import load_edition
from napkg.graph.edition.quotes import check_quotes
from napkg.graph.edition.synthetic import write_synthetic_edition

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "data" / "emit"


def _sorted_nquads(store: ox.Store) -> list[str]:
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).decode("utf-8").splitlines())


def _same_as_golden(lines: list[str], name: str) -> None:
    path = GOLDEN / f"{name}.nq.gz"
    if os.environ.get("NAPKG_WRITE_GOLDEN"):
        path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    expected = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    if lines != expected:
        diff = "\n".join(list(difflib.unified_diff(expected, lines, "golden", "built", lineterm="", n=0))[:40])
        pytest.fail(f"{len(lines)} quads built, {len(expected)} in {path.name}; first differences:\n{diff}")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("emit") / "data"
    write_synthetic_edition(folder, activities=60, bodies=12, seed=4)
    return folder


@pytest.mark.parametrize("checked", [True, False], ids=["after-the-quote-check", "without-it"])
def test_the_real_plan_gives_the_same_quads(checked):
    edition = load_edition(ROOT / "data")
    if checked:
        assert check_quotes(edition) == []
    _same_as_golden(_sorted_nquads(build_store(edition)), "real")


@pytest.mark.parametrize("checked", [True, False], ids=["after-the-quote-check", "without-it"])
def test_a_synthetic_edition_gives_the_same_quads(synthetic, checked):
    edition = load_edition(synthetic)
    if checked:
        assert check_quotes(edition) == []
    _same_as_golden(_sorted_nquads(build_store(edition)), "synthetic-60")


def test_the_quotes_anchored_after_the_check_are_those_found_without_it(synthetic):
    """The spans the quote check keeps for the emitter are the spans the emitter would find itself."""
    checked, fresh = load_edition(synthetic), load_edition(synthetic)
    check_quotes(checked)
    anchored = [line for line in _sorted_nquads(build_store(checked)) if "oa#exact>" in line or "oa#start>" in line]
    assert anchored, "the synthetic edition has anchored quotes"
    assert anchored == [line for line in _sorted_nquads(build_store(fresh)) if "oa#exact>" in line or "oa#start>" in line]
