"""The data edition of the Azerbaijan plan: complete, consistent and traceable to its sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from napkg.graph.edition import load_edition
from napkg.graph.edition.quotes import check_quotes, quoted_fields
from napkg.graph.settings import DEFAULT_DATA_DIR

PLAN_TEXT = (DEFAULT_DATA_DIR / "sources" / "nap-2020-2022.txt").read_text(encoding="utf-8")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "sources"


@pytest.fixture(scope="module")
def plan():
    return load_edition(DEFAULT_DATA_DIR).plans[0]


def test_the_plan_has_64_activities_in_9_sections(plan):
    assert len(plan.activities) == 64
    assert [s.number for s in plan.sections] == [str(n) for n in range(1, 10)]
    per_section = {s.number: sum(a.section == s.number for a in plan.activities) for s in plan.sections}
    assert per_section == {"1": 10, "2": 12, "3": 9, "4": 12, "5": 6, "6": 4, "7": 4, "8": 3, "9": 4}


def test_every_activity_number_printed_in_the_plan_is_in_the_edition(plan):
    printed = set(re.findall(r"^(\d\.\d{1,2})\.?\t", PLAN_TEXT, flags=re.M))
    assert printed == {a.code for a in plan.activities}


def test_activity_codes_are_strings_that_keep_2_1_and_2_10_apart(plan):
    codes = [a.code for a in plan.activities]
    assert "2.1" in codes and "2.10" in codes and len(set(codes)) == 64


def test_every_verbatim_text_stands_in_its_source_lines(plan):
    edition = load_edition(DEFAULT_DATA_DIR)
    assert sum(1 for _ in quoted_fields(plan)) > 200
    assert check_quotes(edition) == []


def test_the_shipped_sources_are_the_shared_primary_sources():
    for name in ("nap-2020-2022.txt", "progress-letter-2021-08-31.txt"):
        shipped = (DEFAULT_DATA_DIR / "sources" / name).read_bytes()
        if SHARED.exists():
            assert shipped == (SHARED / name).read_bytes()
        assert len(shipped) > 10_000


def test_every_alias_resolves_to_exactly_one_body(plan):
    owners: dict[str, set[str]] = {}
    for body in plan.bodies:
        for name in (body.name, *body.aliases):
            owners.setdefault(name.casefold(), set()).add(body.id)
    assert all(len(ids) == 1 for ids in owners.values())
    assert owners["prosecutor's office"] == owners["general prosecutor's office"] == owners["prosecutor general's office"]


def test_umbrella_groups_are_collective_bodies_apart_from_agencies(plan):
    collective = {b.name.casefold() for b in plan.bodies if b.collective}
    assert any("central executive authorities" in n for n in collective)
    assert any("local executive authorities" in n for n in collective)
    assert any("relevant state agencies" in n for n in collective)
    assert not any("ministry" in n for n in collective)


def test_independent_bodies_are_only_recommended_to(plan):
    """The government cannot order Parliament, the Prosecutor's Office, the Central Bank or courts."""
    independent = {b.id for b in plan.bodies if b.kind in {"parliament", "prosecution", "central-bank", "court", "ombudsman"}}
    implemented = {b for a in plan.activities for b in a.implementers}
    recommended = {b for a in plan.activities for b in a.recommended_to}
    assert independent & recommended
    assert not independent & implemented


def test_every_activity_of_the_letter_has_evidence_with_a_status_and_its_basis(plan):
    (report,) = plan.reports
    assert {e.activity for e in report.evidence} == {a.code for a in plan.activities}
    for evidence in report.evidence:
        if evidence.part:  # a further passage of the letter on the activity: its main entry is graded
            continue
        assert evidence.status in {"not-started", "limited", "substantial", "complete"}
        assert evidence.basis and evidence.basis in evidence.text


def test_period_disagreements_between_plan_and_letter_are_recorded(plan):
    (report,) = plan.reports
    reported = {e.activity: e.reported_period for e in report.evidence}
    by_code = {a.code: a for a in plan.activities}
    assert by_code["7.2"].period.end == 2023 and reported["7.2"].end == 2022
    assert by_code["2.9"].period is None and reported["2.9"] is not None
    assert "2023" in by_code["7.2"].notes


def test_the_subcommittee_recommendations_and_the_activities_that_answer_them(plan):
    (report,) = plan.reports
    recs = {r.id: r for r in report.recommendations}
    assert {"5.2"} <= set(recs["csc-1"].addressed_by)
    assert {"5.3"} <= set(recs["csc-2"].addressed_by)
    assert recs["csc-1-2"].part_of == "csc-1" and recs["csc-1-3"].part_of == "csc-1"


def test_the_summary_figures_are_the_letters(plan):
    (report,) = plan.reports
    values = sorted(f.value for f in report.figures)
    assert values == sorted([86, 72.22, 21, 10, 2])


def _as_json(value):
    """A YAML value as JSON writes it: dates become ISO strings."""
    import datetime

    if isinstance(value, dict):
        return {k: _as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


@pytest.fixture(scope="module")
def json_twin(tmp_path_factory) -> Path:
    """The real edition with every YAML file rewritten as JSON."""
    import json
    import shutil

    import yaml

    root = tmp_path_factory.mktemp("json-edition")
    shutil.copytree(DEFAULT_DATA_DIR / "sources", root / "sources")
    for source in (DEFAULT_DATA_DIR / "plans").glob("*/*.yaml"):
        target = root / "plans" / source.parent.name / f"{source.stem}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(_as_json(yaml.safe_load(source.read_text(encoding="utf-8")))), encoding="utf-8")
    return root


def test_a_json_edition_reads_as_its_yaml_twin(plan, json_twin):
    twin = load_edition(json_twin).plans[0]
    assert twin.folder.name == plan.folder.name and (twin.folder / "plan.json").is_file()
    for part in ("sections", "activities", "bodies", "source", "period", "adopted", "notes"):
        assert getattr(twin, part) == getattr(plan, part), part
    assert [r.evidence for r in twin.reports] == [r.evidence for r in plan.reports]
    assert [(r.date, r.figures, r.recommendations) for r in twin.reports] == [
        (r.date, r.figures, r.recommendations) for r in plan.reports]
    assert not check_quotes(load_edition(json_twin))


def test_a_plan_folder_with_both_plan_yaml_and_plan_json_is_refused(json_twin, tmp_path):
    import shutil

    from napkg.graph.errors import DataError

    folder = next((json_twin / "plans").iterdir())
    both = tmp_path / "plans" / folder.name
    shutil.copytree(folder, both)
    shutil.copy(DEFAULT_DATA_DIR / "plans" / folder.name / "plan.yaml", both / "plan.yaml")
    with pytest.raises(DataError, match=r"both plan\.yaml and plan\.json exist; keep one"):
        load_edition(tmp_path)


def test_malformed_json_is_reported_with_file_line_and_column(json_twin, tmp_path):
    import shutil

    from napkg.graph.errors import DataError

    shutil.copytree(json_twin, tmp_path / "data")
    bodies = next((tmp_path / "data" / "plans").iterdir()) / "bodies.json"
    bodies.write_text('{"bodies": [\n  {"id": "x",}\n]}', encoding="utf-8")
    with pytest.raises(DataError, match=r"bodies\.json.*malformed JSON: line 2, column \d+"):
        load_edition(tmp_path / "data")
