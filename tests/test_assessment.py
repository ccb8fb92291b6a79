"""The report's claim and the edition's assessment are kept apart, and the grade follows the rubric."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from rdflib import Literal, URIRef

from napkg.graph.build import build_graph, report_iri
from napkg.graph.edition import load_edition
from napkg.graph.errors import DataError
from napkg.graph.namespace import NAP
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.build.validate import validate

REPORT = "plans/az-2020-2022/progress-2021-08-31.yaml"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data")
    return tmp_path / "data"


def edit_evidence(data: Path, code: str, **fields: object) -> None:
    """Set (or, with None, drop) fields of one evidence entry of the copied edition."""
    path = data / REPORT
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = next(e for e in report["evidence"] if e["activity"] == code)
    for key, value in fields.items():
        if value is None:
            entry.pop(key, None)
        else:
            entry[key] = value
    path.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), encoding="utf-8")


ONE_DELIVERABLE = [{"label": "Hotline established", "shown": "shown", "phrase": "916 single hotline call center have been established"}]


def test_a_claim_and_its_phrase_become_claimed_status_and_claim_basis_beside_the_assessment(data_copy):
    edit_evidence(data_copy, "1.8", claimed_status="complete", claim_basis="This clause has been fully implemented",
                  status="complete", deliverables=ONE_DELIVERABLE)
    graph = build_graph(data_copy)
    ev = URIRef(report_iri("az-progress-2021-08-31") + "/evidence/1.8")
    assert graph.value(ev, NAP.claimedStatus) == NAP.Complete
    assert graph.value(ev, NAP.claimBasis) == Literal("This clause has been fully implemented", lang="en")
    deliverable = graph.value(ev, NAP.deliverable)
    assert graph.value(deliverable, NAP.shown) == NAP.Shown
    assert str(graph.value(deliverable, NAP.shownBy)) == "916 single hotline call center have been established"
    assert validate(graph).conforms


def test_evidence_without_a_claim_has_no_claimed_status(data_copy):
    edit_evidence(data_copy, "1.8", claimed_status=None, claim_basis=None)
    graph = build_graph(data_copy)
    ev = URIRef(report_iri("az-progress-2021-08-31") + "/evidence/1.8")
    assert graph.value(ev, NAP.claimedStatus) is None and graph.value(ev, NAP.claimBasis) is None


@pytest.mark.parametrize("fields, message", [
    ({"claimed_status": "complete", "claim_basis": None}, "go together"),
    ({"claimed_status": "done", "claim_basis": "This clause has been fully implemented"}, "outside the completion scale"),
    ({"claimed_status": "complete", "claim_basis": "This clause was entirely implemented"}, "not a phrase of the evidence text"),
    ({"status": "complete", "deliverables": [{"label": "Hotline", "shown": "partly", "note": "one of two"}]},
     "deliverables grade 'limited'"),
    ({"status": "limited", "deliverables": [{"label": "Hotline", "shown": "not-shown"}]}, "grade 'not-started'"),
    ({"status": "substantial", "deliverables": [{"label": "Hotline", "shown": "shown", "phrase": "This clause"},
                                                {"label": "Portal", "shown": "not-shown"}]},
     "1 shown, 0 partly, 1 not shown of 2 deliverables grade 'limited'"),
    ({"deliverables": [{"label": "Hotline", "shown": "yes"}]}, "shown must be one of"),
    ({"deliverables": [{"label": "Hotline", "shown": "shown"}]}, "say what shows it"),
    ({"deliverables": [{"label": "Hotline", "shown": "shown", "phrase": "a hotline exists"}]}, "not a phrase of the evidence"),
    ({"deliverables": [{"label": "Hotline", "shown": "shown", "proof": "x"}]}, "unknown field(s) 'proof'"),
])
def test_the_loader_rejects_a_claim_or_checklist_that_breaks_the_rubric(data_copy, fields, message):
    edit_evidence(data_copy, "1.8", **fields)
    with pytest.raises(DataError, match="activity 1.8") as raised:
        load_edition(data_copy)
    assert message in str(raised.value)


def test_the_shapes_reject_a_claimed_status_off_the_scale_and_a_deliverable_without_shown(data_copy):
    edit_evidence(data_copy, "1.8", claimed_status="complete", claim_basis="This clause has been fully implemented",
                  status="complete", deliverables=ONE_DELIVERABLE)
    graph = build_graph(data_copy)
    ev = URIRef(report_iri("az-progress-2021-08-31") + "/evidence/1.8")
    deliverable = graph.value(ev, NAP.deliverable)
    graph.set((ev, NAP.claimedStatus, NAP.Shown))
    graph.remove((deliverable, NAP.shown, None))
    messages = {v.message for v in validate(graph).violations}
    assert "The report's claimed status is at most one, on the completion scale." in messages
    assert any("A deliverable is shown, partly shown or not shown" in m for m in messages)


# --- the shipped edition -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def edition():
    return load_edition(DEFAULT_DATA_DIR)


def main_entries(edition):
    return [ev for ev in edition.plans[0].reports[0].evidence if ev.part is None]


def test_every_activity_has_its_assessment_with_a_deliverables_checklist(edition):
    entries = main_entries(edition)
    assert sorted(ev.activity for ev in entries) == sorted(a.code for a in edition.plans[0].activities)
    assert all(ev.status and ev.deliverables for ev in entries)


def test_a_claim_of_full_implementation_is_recorded_as_a_claim_not_as_the_grade(edition):
    for ev in main_entries(edition):
        if "fully implemented" in ev.text and "partially" not in ev.text and "not possible" not in ev.text:
            assert ev.claimed_status == "complete", ev.activity
    by_code = {ev.activity: ev for ev in main_entries(edition)}
    budget_talks = by_code["2.2"]   # documents posted, no discussion held
    assert (budget_talks.claimed_status, budget_talks.status) == ("complete", "limited")
    assert [d.shown for d in budget_talks.deliverables if "Discussions" in d.label] == ["not-shown", "not-shown"]
    action_plan = by_code["3.9"]    # the indicator's action plan is never mentioned
    assert action_plan.status != "complete" and action_plan.deliverables[0].shown == "not-shown"


def test_a_recurring_activity_at_mid_term_is_graded_on_its_whole_period(edition):
    by_code = {ev.activity: ev for ev in main_entries(edition)}
    for code in ("2.1", "2.3", "2.5", "2.6", "2.7", "2.8", "2.9"):
        ev = by_code[code]
        assert ev.status != "complete" and ev.notes.startswith("Remains:"), code
        assert any(d.shown == "not-shown" and "2022" in d.label for d in ev.deliverables), code


def test_trainees_are_not_actors_and_a_resource_owner_is(edition):
    by_code = {ev.activity: ev for ev in main_entries(edition)}
    assert "state-tax-service" not in by_code["3.9"].actors          # its staff only attended trainings
    assert by_code["1.8"].actors == ("commissioner-for-human-rights",)  # the Commissioner's own hotline
    assert {"international-center-for-non-commercial-law", "mg-consulting"} <= set(by_code["8.2"].actors)


def test_the_platform_account_is_evidence_with_its_own_place_in_the_letter(edition):
    platform = {ev.activity: ev for ev in edition.plans[0].reports[0].evidence if ev.part == "platform"}
    assert "5.6" in platform and platform["5.6"].source.lines == (269, 285)
    assert "open-government-azerbaijan-platform" in platform["5.6"].actors
    assert platform["5.6"].status is None


def test_a_second_entry_for_an_activity_needs_a_part_of_its_own(data_copy):
    path = data_copy / REPORT
    report = yaml.safe_load(path.read_text(encoding="utf-8"))
    report["evidence"].append(next(e for e in report["evidence"] if e["activity"] == "1.8"))
    path.write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match="already has an entry for activity 1.8"):
        load_edition(data_copy)


def test_the_curated_query_lists_every_claim_above_its_assessment(edition):
    from napkg.graph.build import build_store
    from napkg.graph.queries import load_query

    store = build_store(edition)
    rows = list(store.query(load_query("claimed-not-shown").text, use_default_graph_as_union=True))
    order = {"not-started": 0, "limited": 1, "substantial": 2, "complete": 3}
    expected = {ev.activity for ev in main_entries(edition)
                if ev.claimed_status and order[ev.claimed_status] > order[ev.status]}
    assert {row["code"].value for row in rows} == expected and "2.2" in expected
    two_two = next(row for row in rows if row["code"].value == "2.2")
    assert (two_two["claimed"].value, two_two["assessed"].value) == ("complete", "limited")
    assert two_two["claimBasis"].value == "The clause has been fully implemented by the Ministry of Finance."
    assert int(two_two["notShown"].value) == 2
