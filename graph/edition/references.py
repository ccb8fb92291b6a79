"""Check that every id a plan's files use resolves: body ids, activity codes, recommendation ids.

Each unresolved reference is recorded in a :class:`~napkg.graph.edition.problems.Problems` with its
file and entry, so one run reports them all. The records are the edition's (see
:mod:`napkg.graph.edition`), read by their attributes.
"""

from __future__ import annotations

from typing import Any

from napkg.graph.errors import DataError
from napkg.graph.edition.problems import Problems

__all__ = ["check_bodies", "report_unresolved"]


def check_bodies(bodies: dict[str, Any], file: str, problems: Problems) -> None:
    """Each body's parent is a body, and each name or alias names one body only."""
    owner: dict[str, str] = {}
    for body in bodies.values():
        if body.parent is not None and body.parent not in bodies:
            problems.add(DataError(f"parent {body.parent!r} is not a body id", file=file, entry=f"body {body.id}"))
        for name in dict.fromkeys((body.name, *body.aliases)):
            key = name.casefold()
            if key in owner and owner[key] != body.id:
                problems.add(DataError(
                    f"name or alias {name!r} also names body {owner[key]!r}; an alias must name one body",
                    file=file,
                    entry=f"body {body.id}",
                ))
                continue
            owner[key] = body.id


def report_unresolved(plan: Any, plan_path: str, body_ids: set[str] | None, codes: set[str], problems: Problems) -> None:
    """Every body id, activity code and recommendation id that ``plan`` (an edition Plan) uses is known.

    ``body_ids`` is None when the bodies file could not be read: body ids are then not checked.
    """
    if body_ids is None:
        body_ids = _Everything()
    for activity in plan.activities:
        for role, ids in (("implementers", activity.implementers), ("recommended_to", activity.recommended_to)):
            for body_id in ids:
                if body_id not in body_ids:
                    problems.add(DataError(
                        f"{role} names unknown body id {body_id!r}; add it to bodies.yaml or fix the id",
                        file=plan_path, entry=f"activity {activity.code}",
                    ))
    for report in plan.reports:
        report_file = report.file
        for evidence in report.evidence:
            where = f"evidence for activity {evidence.activity}"
            if evidence.activity not in codes:
                problems.add(DataError(f"unknown activity {evidence.activity!r}", file=report_file, entry=where))
            for body_id in evidence.actors:
                if body_id not in body_ids:
                    problems.add(DataError(f"actors names unknown body id {body_id!r}", file=report_file, entry=where))
        rec_ids = {r.id for r in report.recommendations}
        for rec in report.recommendations:
            where = f"recommendation {rec.id}"
            for code in rec.addressed_by:
                if code not in codes:
                    problems.add(DataError(f"addressed_by names unknown activity {code!r}", file=report_file, entry=where))
            if rec.issued_by and rec.issued_by not in body_ids:
                problems.add(DataError(f"issued_by names unknown body id {rec.issued_by!r}", file=report_file, entry=where))
            if rec.part_of and rec.part_of not in rec_ids:
                problems.add(DataError(f"part_of names unknown recommendation {rec.part_of!r}", file=report_file, entry=where))
        for fig in report.figures:
            if fig.assessed_by and fig.assessed_by not in body_ids:
                problems.add(DataError(f"assessed_by names unknown body id {fig.assessed_by!r}", file=report_file, entry=f"figure {fig.id}"))
        if report.author and report.author not in body_ids:
            problems.add(DataError(f"author names unknown body id {report.author!r}", file=report_file, entry="report"))


class _Everything(set):
    """The set that holds every id: stands for a bodies file that could not be read."""

    def __contains__(self, item: object) -> bool:
        return True
