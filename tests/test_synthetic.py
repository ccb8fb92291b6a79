"""Synthetic plans: shaped like real ones, built through the same path, deterministic, skewed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from napkg.cli import main
from napkg.graph.edition import BODY_KINDS, STATUSES, load_edition
from napkg.graph.publish import build_and_check, publish
from napkg.graph.edition.synthetic import write_synthetic_edition


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "data"
    write_synthetic_edition(folder, activities=300, bodies=60, seed=3)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("engine", ["pyshacl", "sparql"])
def test_a_small_synthetic_plan_passes_the_quote_check_and_the_shapes_through_the_real_build(small, engine):
    result = build_and_check(small, engine=engine)
    assert result.report.conforms and result.report.engine == engine
    assert result.quotes_checked
    assert result.edition.activity_count == 300


def test_it_publishes_like_the_real_data(small, tmp_path):
    publish(small, tmp_path / "out")
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"graph.ttl", "graph.nt", "graph.jsonld", "graph.nq"}


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_ones(tmp_path):
    write_synthetic_edition(tmp_path / "a", activities=200, seed=5)
    write_synthetic_edition(tmp_path / "b", activities=200, seed=5)
    write_synthetic_edition(tmp_path / "c", activities=200, seed=6)
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert _files(tmp_path / "a").values() != _files(tmp_path / "c").values()


def test_it_is_shaped_like_a_real_plan(small):
    (plan,) = load_edition(small).plans
    assert len(plan.bodies) == 60
    assert len(plan.sections) == -(-300 // 8)
    counts = Counter(len(a.implementers) for a in plan.activities)
    assert set(counts) <= set(range(0, 10)) and counts[1] > counts[4] > 0
    assert max(k for k in counts) >= 5
    assert sum(1 for a in plan.activities if a.recommended_to) > 50
    assert any(a.period is None for a in plan.activities) or len(plan.activities) < 100
    kinds = Counter(b.kind for b in plan.bodies)
    assert kinds["collective"] >= 1 and set(kinds) <= set(BODY_KINDS)
    (report,) = plan.reports
    assert {e.status for e in report.evidence} == set(STATUSES)
    assert all(e.basis and e.basis in e.text for e in report.evidence)
    assert report.recommendations and report.figures
    assert any(e.actors for e in report.evidence)


def test_a_few_bodies_carry_much_of_the_load(tmp_path):
    write_synthetic_edition(tmp_path, activities=2000, bodies=400, seed=0)
    (plan,) = load_edition(tmp_path).plans
    load = Counter(b for a in plan.activities for b in a.implementers)
    slots = sum(load.values())
    top = sum(n for _, n in load.most_common(len(plan.bodies) // 20))  # the top 5 % of bodies
    assert top / slots > 0.3, top / slots  # uniform would give 5 %
    uniform = tmp_path / "uniform"
    write_synthetic_edition(uniform, activities=2000, bodies=400, seed=0, exponent=0)
    (flat,) = load_edition(uniform).plans
    flat_load = Counter(b for a in flat.activities for b in a.implementers)
    assert sum(n for _, n in flat_load.most_common(20)) / sum(flat_load.values()) < 0.15


def test_napkg_synth_writes_an_edition(tmp_path, capsys):
    assert main(["synth", "--activities", "50", "--bodies", "12", "--out", str(tmp_path), "--seed", "2"]) == 0
    assert "50 activities" in capsys.readouterr().out
    assert load_edition(tmp_path).activity_count == 50


def test_napkg_synth_refuses_a_bad_number(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["synth", "--activities", "0", "--out", str(tmp_path)])
    assert exit_.value.code == 2
