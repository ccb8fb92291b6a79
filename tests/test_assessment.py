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
from napkg.graph.validate import validate

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
