"""Converting the rows of an export into edition records (plans, their activities, bodies) and the
import report, without writing anything (:func:`convert`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from napkg.graph.ogp.classify import cell_language, classify_body, sectors_from_neighbours
from napkg.graph.ogp.codes import commitment_code, country_code
from napkg.graph.ogp.columns import ASSESSMENT_COLUMNS, FIELD_COLUMNS
from napkg.graph.ogp.dates import date_order, parse_date, plan_year
from napkg.graph.ogp.institutions import Mention, split_institutions
from napkg.graph.ogp.merge import Body, BodyMention, body_record, merge_bodies
from napkg.graph.ogp.read import cell_problem, read_rows
from napkg.graph.ogp.text import fold, is_null, slugify
from napkg.graph.ogp.vocabulary import UNKNOWN_SECTOR

__all__ = ["BadRow", "Conversion", "Progress", "quiet", "convert"]


@dataclass(frozen=True)
class BadRow:
    """A row that was not imported: its RFC 7111 row number, its identifier and what is wrong."""

    row: int
    identifier: str | None
    problem: str

    def __str__(self) -> str:
        ident = f" ({self.identifier})" if self.identifier else ""
        return f"row {self.row}{ident}: {self.problem}"


@dataclass(frozen=True)
class Conversion:
    """Everything an export converts to, before anything is written."""

    source: Path
    plans: tuple[dict[str, Any], ...]            # plan.yaml content, by plan
    bodies: dict[str, tuple[dict[str, Any], ...]]  # plan id -> bodies.yaml entries
    folders: dict[str, str]                      # plan id -> folder name
    bad_rows: tuple[BadRow, ...]
    rows: int
    report: dict[str, Any]


Progress = Callable[[str], None]


def quiet(_: str) -> None:
    """A progress callback that says nothing."""



def convert(path: Path | str, *, progress: Progress = quiet) -> Conversion:
    """Read an OGP export into edition records (plans, their activities, bodies); writes nothing.

    Bad rows are collected (never raised) in ``Conversion.bad_rows``; a file that is not an OGP
    export at all raises :class:`~napkg.graph.errors.DataError`.
    """
    path = Path(path)
    header, rows = read_rows(path)
    progress(f"read {len(rows)} row(s) of {path.name}")
    bad: list[BadRow] = []
    seen_ids: dict[str, int] = {}
    plans: dict[str, dict[str, Any]] = {}
    plan_rows: dict[str, int] = {}
    per_plan_dates: dict[str, list[str]] = {}
    accepted: list[tuple[int, dict[str, str]]] = []
    for number, record, width in rows:
        ident = fold(record.get("Commitment Unique Identifier", ""))
        problem = _row_problem(record, ident, width, len(header), seen_ids, plans, plan_rows)
        if problem:
            bad.append(BadRow(number, ident or None, problem))
            continue
        seen_ids[ident] = number
        plan_id = fold(record["Action Plan ID"])
        if plan_id not in plans:
            plans[plan_id] = _plan_fields(record)
            plan_rows[plan_id] = number
        per_plan_dates.setdefault(plan_id, []).extend(record.get(c, "") for c in ("Start Date", "End Date"))
        accepted.append((number, record))
    for b in bad:
        progress(f"bad {b}")

    # Bodies: every mention, then a conservative merge per country.
    skipped: list[dict[str, Any]] = []
    country_mentions: dict[str, list[BodyMention]] = {}
    row_mentions: dict[int, dict[str, list[BodyMention]]] = {}
    for count, (number, record) in enumerate(accepted, start=1):
        plan = plans[fold(record["Action Plan ID"])]
        code = plan["country"]["code"]
        for column in ("Lead Institution", "Supporting Institution(s)"):
            lost: list[tuple[str, str]] = []
            found = split_institutions(record.get(column, ""), skipped=lost)
            if not found and not is_null(record.get(column)) and column == "Lead Institution":
                whole = fold(record[column]).strip(" .;,")[:200]
                found = [Mention(name=whole, raw=whole)]
                lost = []
            for text, reason in lost:
                skipped.append({"row": number, "column": column, "text": text, "reason": reason})
            language = cell_language(record.get(column, ""))
            classified = [classify_body(mention.name, mention.context, language=language) for mention in found]
            sectors = sectors_from_neighbours([(k, s, m.block) for (k, s), m in zip(classified, found)])
            sectors = [classify_body(m.parent)[1] if m.parent and s == UNKNOWN_SECTOR else s  # a unit: its parent's
                       for m, s in zip(found, sectors)]
            entries = [BodyMention(mention, number, column, kind, sector, neighbours=sector != said)
                       for mention, (kind, said), sector in zip(found, classified, sectors)]
            parents = [BodyMention(Mention(name=m.parent, raw=m.parent), number, column,
                                   *classify_body(m.parent), parent_only=True) for m in found if m.parent]
            country_mentions.setdefault(code, []).extend(entries + parents)
            row_mentions.setdefault(number, {})[column] = entries + parents
        if count % 1000 == 0:
            progress(f"split the institutions of {count} row(s)")
    registry = {code: merge_bodies(mentions, _country_name(plans, code)) for code, mentions in country_mentions.items()}
    by_mention: dict[int, str] = {}
    for bodies in registry.values():
        for body in bodies:
            for bm in body.mentions:
                by_mention[id(bm)] = body.id

    activities: dict[str, list[dict[str, Any]]] = {}
    used: dict[str, dict[str, None]] = {}
    codes: dict[str, Counter[str]] = {}
    for number, record in accepted:
        plan_id = fold(record["Action Plan ID"])
        codes.setdefault(plan_id, Counter())[commitment_code(record["Commitment Number"])[0] or "?"] += 1
    for number, record in accepted:
        plan_id = fold(record["Action Plan ID"])
        order = date_order(per_plan_dates[plan_id])
        lead = [by_mention[id(bm)] for bm in row_mentions[number].get("Lead Institution", []) if not bm.parent_only]
        supporting = [by_mention[id(bm)] for bm in row_mentions[number].get("Supporting Institution(s)", [])
                      if not bm.parent_only]
        parent_ids = [by_mention[id(bm)] for column in row_mentions[number].values() for bm in column if bm.parent_only]
        activity = _activity(number, record, order, list(dict.fromkeys(lead)), list(dict.fromkeys(supporting)),
                             codes[plan_id])
        activities.setdefault(plan_id, []).append(activity)
        for body_id in activity.get("lead", []) + activity.get("supporting", []) + parent_ids:
            used.setdefault(plan_id, {})[body_id] = None

    folders = {plan_id: _plan_slug(plan_id) for plan_id in plans}
    body_records = {code: {b.id: body_record(b) for b in bodies} for code, bodies in registry.items()}
    plan_docs: list[dict[str, Any]] = []
    plan_bodies: dict[str, tuple[dict[str, Any], ...]] = {}
    source_file = f"sources/{path.name}"
    for plan_id, plan in sorted(plans.items(), key=lambda kv: folders[kv[0]]):
        code = plan["country"]["code"]
        doc = {
            "id": folders[plan_id],
            "title": plan.pop("title"),
            "country": plan["country"],
            "language": None,
            "period": plan["period"],
            "documents": {"export": {
                "file": source_file,
                "title": f"OGP commitment data export ({path.name})",
                "media_type": "text/csv",
                "columns": dict(FIELD_COLUMNS),
            }},
            "source": {"document": "export", "rows": [plan_rows[plan_id]] * 2, "column": "Action Plan ID"},
            "notes": plan["notes"],
            "activities": activities.get(plan_id, []),
        }
        plan_docs.append(doc)
        ids = sorted(used.get(plan_id, {}))
        plan_bodies[plan_id] = tuple(body_records[code][i] for i in ids)

    report = _import_report(path, rows, accepted, bad, plans, folders, registry, skipped)
    progress(f"{len(accepted)} commitment(s) in {len(plans)} plan(s); "
             f"{sum(len(b) for b in registry.values())} bodies in {len(registry)} countries/localities")
    return Conversion(
        source=path,
        plans=tuple(plan_docs),
        bodies={doc["id"]: plan_bodies[pid] for pid, doc in zip(sorted(plans, key=lambda p: folders[p]), plan_docs)},
        folders={pid: folders[pid] for pid in plans},
        bad_rows=tuple(bad),
        rows=len(rows),
        report=report,
    )


def _row_problem(record: dict[str, str], ident: str, width: int, expected: int, seen_ids: dict[str, int],
                 plans: dict[str, dict[str, Any]], plan_rows: dict[str, int]) -> str | None:
    too_long = cell_problem(record)
    if too_long:
        return too_long
    if width != expected:
        return f"has {width} field(s), the header has {expected}"
    if not ident or is_null(ident):
        return "missing Commitment Unique Identifier"
    if ident in seen_ids:
        return f"duplicated Commitment Unique Identifier {ident!r} (first at row {seen_ids[ident]})"
    plan_id = fold(record.get("Action Plan ID", ""))
    if not plan_id or is_null(plan_id):
        return "missing Action Plan ID"
    if not slugify(plan_id):
        return f"Action Plan ID {plan_id!r} has no letters or digits"
    if is_null(record.get("Country/Locality")):
        return "missing Country/Locality"
    for column in ("Year Of Submission", "Action Plan End Year"):
        if plan_year(record.get(column, "")) is None:
            return f"unparsable year in {column!r}: {record.get(column, '')!r}"
    start, end = plan_year(record["Year Of Submission"]), plan_year(record["Action Plan End Year"])
    assert start is not None and end is not None
    if end < start:
        return f"the plan ends ({end}) before it is submitted ({start})"
    title = fold(record.get("Commitment Title", "")) or fold(record.get("Short Title", ""))
    if not title or is_null(title):
        return "missing Commitment Title"
    if plan_id in plans:
        known = plans[plan_id]
        fields = _plan_fields(record)
        for label, a, b in (("Country/Locality", known["country"]["name"], fields["country"]["name"]),
                            ("Year Of Submission", known["period"]["start"], fields["period"]["start"]),
                            ("Action Plan End Year", known["period"]["end"], fields["period"]["end"])):
            if a != b:
                return (f"{label} {b!r} disagrees with row {plan_rows[plan_id]} of the same plan {plan_id!r} ({a!r})")
    return None


def _plan_fields(record: dict[str, str]) -> dict[str, Any]:
    name = fold(record["Country/Locality"])
    plan_id = fold(record["Action Plan ID"])
    code = country_code(record.get("Code"), plan_id, name)
    start, end = plan_year(record["Year Of Submission"]), plan_year(record["Action Plan End Year"])
    number = fold(record.get("Action Plan Number", ""))
    numbered = f", action plan number {number}" if number and not is_null(number) else ""
    return {
        "title": f"{name} Action Plan {start}-{end}",
        "country": {"code": code, "name": name},
        "period": {"start": start, "end": end},
        "notes": (f"Imported from OGP's commitment data export: Action Plan ID {plan_id}{numbered}. The export "
                  f"gives no plan title; this one is composed from the country or locality, the year of "
                  f"submission and the end year."),
    }


def _country_name(plans: dict[str, dict[str, Any]], code: str) -> str:
    for plan in plans.values():
        if plan["country"]["code"] == code:
            return plan["country"]["name"].split(",")[0].strip()
    return ""


def _plan_slug(plan_id: str) -> str:
    return slugify(plan_id.replace("_", "-"))


def _assessments(record: dict[str, str], notes: list[str]) -> dict[str, str]:
    out = {}
    for key, (column, table) in ASSESSMENT_COLUMNS.items():
        raw = record.get(column)
        if raw is None:
            continue
        value = fold(raw)
        if not value:
            continue
        mapped = table.get(value.casefold())
        if mapped is None:
            notes.append(f"{column} says {value!r}, which is neither on the IRM's scale nor a known gap; not imported.")
        else:
            out[key] = mapped
    return out


def _activity(number: int, record: dict[str, str], order: str | None, lead: list[str], supporting: list[str],
              codes: Counter[str]) -> dict[str, Any]:
    notes: list[str] = []
    ident = fold(record["Commitment Unique Identifier"])
    code, code_note = commitment_code(record.get("Commitment Number", ""))
    if code_note:
        notes.append(code_note)
    if not code or is_null(code):
        code = ident
        notes.append("The export gives no commitment number; the commitment's OGP identifier stands in for it.")
    elif codes[code] > 1:
        notes.append(f"The export gives the number {code!r} to {codes[code]} commitments of this plan; "
                     f"the OGP identifier is added to tell them apart.")
        code = f"{code} ({ident})"
    title = fold(record.get("Commitment Title", "")) or fold(record.get("Short Title", ""))
    if not fold(record.get("Commitment Title", "")):
        notes.append("The export gives no Commitment Title; its Short Title is used.")
    activity: dict[str, Any] = {
        "code": code,
        "identifier": ident,
        "title": title,
        "source": {"document": "export", "rows": [number, number]},
    }
    url = fold(record.get("URL", ""))
    if url and re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", url):
        activity["url"] = url
    elif url and not is_null(url):
        notes.append(f"The URL cell {url!r} is not a web address; not imported.")
    description = (record.get("Full Text") or "").strip()
    if description and not is_null(description):
        activity["description"] = description
    years = []
    for key, column in (("start_date", "Start Date"), ("end_date", "End Date")):
        parsed = parse_date(record.get(column, ""), order=order)
        if parsed.day:
            activity[key] = parsed.day
        if parsed.problem:
            notes.append(f"{column}: {parsed.problem}; not imported as a date.")
        years.append(parsed.year)
    if years[0] and years[1]:
        if years[0] <= years[1]:
            activity["period"] = {"start": years[0], "end": years[1]}
        else:
            notes.append(f"The export's dates end ({years[1]}) before they start ({years[0]}); no period imported.")
    if lead:
        activity["lead"] = lead
    if supporting:
        activity["supporting"] = supporting
    for key, column in (("lead_text", "Lead Institution"), ("supporting_text", "Supporting Institution(s)")):
        raw = record.get(column, "")
        if raw.strip():
            activity[key] = raw
    assessments = _assessments(record, notes)
    if assessments:
        activity["assessments"] = assessments
    if notes:
        activity["notes"] = " ".join(notes)
    return activity


def _import_report(path: Path, rows: list, accepted: list, bad: list[BadRow], plans: dict[str, dict[str, Any]],
                   folders: dict[str, str], registry: dict[str, list[Body]], skipped: list[dict[str, Any]]) -> dict[str, Any]:
    all_bodies = [b for bodies in registry.values() for b in bodies]
    per_country: Counter[str] = Counter()
    per_plan: Counter[str] = Counter()
    for _, record in accepted:
        per_country[fold(record["Country/Locality"])] += 1
        per_plan[folders[fold(record["Action Plan ID"])]] += 1
    return {
        "file": path.name,
        "row_numbers": "RFC 7111: the header is row 1, the first commitment row 2",
        "rows": len(rows),
        "imported": len(accepted),
        "bad_rows": [{"row": b.row, "identifier": b.identifier, "problem": b.problem} for b in bad],
        "plans": len(plans),
        "countries": len({p["country"]["code"] for p in plans.values()}),
        "commitments_per_country": dict(sorted(per_country.items())),
        "commitments_per_plan": dict(sorted(per_plan.items())),
        "bodies": len(all_bodies),
        "bodies_per_kind": dict(sorted(Counter(b.kind for b in all_bodies).items())),
        "bodies_per_sector": dict(sorted(Counter(b.sector for b in all_bodies).items())),
        "merges": sum(len(b.merge_notes) for b in all_bodies),
        "not_bodies": skipped,
        "columns": FIELD_COLUMNS,
    }
