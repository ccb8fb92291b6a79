"""The assessment of a piece of evidence: the report's own claim, and the grade against the indicator.

A progress report may *claim* a degree of completion ("fully implemented", "is being
implemented"); the edition keeps that claim (``claimed_status`` with its verbatim
``claim_basis``) apart from its own *assessment*: the activity's evaluation indicator broken into
``deliverables``, each marked shown, partly shown or not shown by the evidence, and a grade on
IRM's completion scale that the rubric of ``data/README.md`` derives from them.
:func:`read_assessment` reads and checks these fields of one evidence entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Set
from dataclasses import dataclass
from typing import Any

from napkg.graph.errors import DataError

__all__ = ["Deliverable", "SHOWN", "COMPLETION_ORDER", "read_assessment", "rubric_grade", "grade_problem", "read_part"]

SHOWN = ("shown", "partly", "not-shown")
"""How far the evidence shows a deliverable: all of it, part of it, or nothing of it."""

COMPLETION_ORDER = {"not-started": 0, "limited": 1, "substantial": 2, "complete": 3}
"""The completion scale in order, to compare a claim with an assessment."""

_DELIVERABLE_KEYS = {"label", "shown", "phrase", "note"}
_PART = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Deliverable:
    """One thing an activity's indicator asks for, and whether the evidence shows it."""

    label: str
    shown: str
    phrase: str | None = None
    note: str | None = None


def _fold(text: str) -> str:
    return " ".join(text.split())


_WEIGHT = {"shown": 1.0, "partly": 0.5, "not-shown": 0.0}


def rubric_grade(deliverables: tuple[Deliverable, ...]) -> str:
    """The grade the rubric gives a checklist: complete if every deliverable is shown, substantial if
    more than half is (a partly shown deliverable counting half), limited if anything is, else not started.

    >>> d = lambda *shown: tuple(Deliverable("x", s) for s in shown)
    >>> [rubric_grade(d("shown")), rubric_grade(d("shown", "partly")), rubric_grade(d("shown", "not-shown"))]
    ['complete', 'substantial', 'limited']
    >>> rubric_grade(d("not-shown", "not-shown"))
    'not-started'
    """
    score = sum(_WEIGHT[d.shown] for d in deliverables) / len(deliverables)
    if score == 1:
        return "complete"
    if score > 0.5:
        return "substantial"
    return "limited" if score > 0 else "not-started"


def grade_problem(status: str | None, deliverables: tuple[Deliverable, ...]) -> str | None:
    """Why ``status`` is not the grade the rubric gives the deliverables, or None if it is.

    >>> grade_problem("complete", (Deliverable("x", "shown"), Deliverable("y", "partly")))
    "status 'complete' breaks the rubric: 1 shown, 1 partly, 0 not shown of 2 deliverables grade 'substantial'"
    >>> grade_problem("limited", (Deliverable("x", "partly"),)) is None
    True
    """
    if not deliverables:
        return None
    grade = rubric_grade(deliverables)
    if status == grade:
        return None
    counts = ", ".join(f"{sum(d.shown == s for d in deliverables)} {s.replace('-', ' ')}" for s in SHOWN)
    said = f"status {status!r}" if status else "no status"
    return f"{said} breaks the rubric: {counts} of {len(deliverables)} deliverables grade {grade!r}"


def _text(value: Any, key: str, error: Callable[[str], DataError]) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise error(f"field {key!r} must be text, found {type(value).__name__}")
    return _fold(value)


def read_assessment(
    data: Mapping[str, Any], text: str, status: str | None, scale: tuple[str, ...],
    error: Callable[[str], DataError],
) -> tuple[str | None, str | None, tuple[Deliverable, ...]]:
    """``(claimed_status, claim_basis, deliverables)`` of one evidence entry, checked.

    ``claim_basis`` and every deliverable's ``phrase`` must be phrases of the evidence ``text``
    (white space folded), so they stand in the evidence's cited lines as the text does.
    """
    folded = _fold(text)
    claimed = data.get("claimed_status")
    basis = _text(data.get("claim_basis"), "claim_basis", error)
    if claimed is not None and claimed not in scale:
        raise error(f"claimed_status {claimed!r} is outside the completion scale ({', '.join(scale)})")
    if (claimed is None) != (basis is None):
        raise error("claimed_status and claim_basis go together: give both where the report claims a degree "
                    "of completion, neither where it does not")
    if basis is not None and basis not in folded:
        raise error(f"claim_basis is not a phrase of the evidence text: {basis[:80]!r}")
    raw = data.get("deliverables") or []
    if not isinstance(raw, list):
        raise error("field 'deliverables' must be a list of {label, shown, phrase, note}")
    deliverables = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict):
            raise error(f"deliverable #{i} must be a mapping with label and shown")
        unknown = sorted(set(item) - _DELIVERABLE_KEYS)
        if unknown:
            raise error(f"deliverable #{i}: unknown field(s) {', '.join(map(repr, unknown))}; "
                        f"allowed: {', '.join(sorted(_DELIVERABLE_KEYS))}")
        label = _text(item.get("label"), f"deliverable #{i} label", error)
        if not label:
            raise error(f"deliverable #{i}: missing required field 'label'")
        shown = item.get("shown")
        if shown not in SHOWN:
            raise error(f"deliverable #{i} ({label}): shown must be one of {', '.join(SHOWN)}, found {shown!r}")
        phrase = _text(item.get("phrase"), f"deliverable #{i} phrase", error)
        note = _text(item.get("note"), f"deliverable #{i} note", error)
        if phrase is not None and phrase not in folded:
            raise error(f"deliverable #{i} ({label}): phrase is not a phrase of the evidence text: {phrase[:80]!r}")
        if shown != "not-shown" and phrase is None and note is None:
            raise error(f"deliverable #{i} ({label}): say what shows it, with a phrase of the evidence or a note")
        deliverables.append(Deliverable(label, shown, phrase, note))
    problem = grade_problem(status, tuple(deliverables))
    if problem:
        raise error(problem)
    return claimed, basis, tuple(deliverables)


def read_part(data: Mapping[str, Any], seen: Set[tuple[str, str | None]], error: Callable[[str], DataError]) -> str | None:
    """The ``part`` id of a further passage of a report on an activity (None for its main entry), checked.

    ``seen`` holds the (activity, part) pairs of the report's earlier entries: each pair is given once,
    and a part follows the activity's main entry, which carries the assessment.
    """
    part = data.get("part")
    activity = str(data.get("activity"))
    if part is not None and not (isinstance(part, str) and _PART.match(part)):
        raise error(f"part must be a kebab-case id such as 'platform', found {part!r}")
    if (activity, part) in seen:
        raise error(f"the report already has an entry for activity {activity}"
                    + (f" with part {part!r}" if part else "; give a further passage a part id of its own"))
    if part is not None and (activity, None) not in seen:
        raise error(f"part {part!r} comes before the main entry for activity {activity}; put the main entry first")
    return part
