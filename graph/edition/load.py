"""Read the data edition (``data/plans/*/``) into typed records, checking every rule.

The edition is the reviewed, human-edited YAML described in ``data/README.md``; a
machine-written edition may be JSON instead (``plan.json`` and so on: the same structure, read
with :mod:`json`, many times faster than YAML at scale). Loading it either returns an :class:`Edition` whose references all resolve, or raises
:class:`~napkg.graph.errors.DataError` naming the file and the entry at fault: for several errors an
:class:`~napkg.graph.edition.problems.EditionErrors` listing every one, so a data editor fixes them in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from napkg.graph.edition.assessment import read_assessment, read_part
from napkg.graph.edition.problems import Problems
from napkg.graph.edition.reading import read_structured
from napkg.graph.edition.records import (
    ASSESSMENT_GAPS, BODY_KINDS, EDITION_FORMATS, SECTORS, STATUSES, Activity, Body, Document, Edition, Evidence, Figure,
    Period, Plan, Recommendation, Report, Section, SourcePlace,
)
from napkg.graph.edition.references import check_bodies, report_unresolved
from napkg.graph.errors import DataError

__all__ = ["load_edition", "load_plan", "plan_file"]

T = TypeVar("T")

_SECTOR_OF_KIND = {"civil-society": "civil-society", "private": "private", "international": "international"}
_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")


class _Entry:
    """A mapping read from one file, which reports missing or wrong fields by name."""

    def __init__(self, data: Any, file: str, entry: str) -> None:
        if not isinstance(data, dict):
            found = "nothing (an empty value)" if data is None else f"{type(data).__name__} {str(data)[:40]!r}"
            raise DataError(f"expected a mapping of fields, found {found}", file=file, entry=entry)
        self.data, self.file, self.entry = data, file, entry

    def error(self, message: str) -> DataError:
        return DataError(message, file=self.file, entry=self.entry)

    def check_keys(self, allowed: Iterable[str]) -> None:
        unknown = sorted(set(self.data) - set(allowed))
        if unknown:
            raise self.error(f"unknown field(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(sorted(allowed))}")

    def required(self, key: str) -> Any:
        value = self.data.get(key)
        if value is None or value == "":
            raise self.error(f"missing required field {key!r}")
        return value

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.required(key) if required else self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, (str, int, float)):
            raise self.error(f"field {key!r} must be text, found {type(value).__name__}")
        return _fold(str(value)) if key not in _MULTILINE else _paragraphs(str(value))

    def ids(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(f"field {key!r} must be a list of ids")
        if len(set(value)) != len(value):
            raise self.error(f"field {key!r} lists an id twice: {value}")
        return tuple(value)

    def year(self, key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2100:
            raise self.error(f"{key} must be a year such as 2020, found {value!r}")
        return value

    def period(self, key: str) -> Period | None:
        value = self.data.get(key)
        if value is None:
            return None
        sub = _Entry(value, self.file, f"{self.entry} {key}")
        sub.check_keys({"start", "end"})
        start = self.year(f"{key}.start", sub.required("start"))
        end = self.year(f"{key}.end", sub.required("end"))
        if end < start:
            raise self.error(f"{key} ends ({end}) before it starts ({start})")
        return Period(start, end)

    def date(self, key: str, *, required: bool = False) -> date | None:
        value = self.required(key) if required else self.data.get(key)
        if value is None or isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.error(f"field {key!r} must be a date YYYY-MM-DD, found {value!r}") from None

    def source(self, documents: dict[str, Document] | None = None) -> SourcePlace:
        raw = _Entry(self.required("source"), self.file, f"{self.entry} source")
        raw.check_keys({"document", "lines", "rows", "column"})
        document = raw.required("document")
        if documents is not None and document not in documents:
            raise self.error(f"source document {document!r} is not declared in plan.yaml documents ({', '.join(documents)})")
        return SourcePlace(
            document=document,
            lines=raw.span("lines"),
            rows=raw.span("rows"),
            column=raw.text("column"),
        )

    def span(self, key: str) -> tuple[int, int] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, int):
            value = [value, value]
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) and v > 0 for v in value)):
            raise self.error(f"{key} must be [first, last] with positive numbers, found {value!r}")
        if value[1] < value[0]:
            raise self.error(f"{key} {value} ends before it starts")
        return (value[0], value[1])


_MULTILINE = {"text", "response", "description"}


def _fold(text: str) -> str:
    """Fold runs of white space to one space."""
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    """Fold white space within paragraphs, keeping blank-line paragraph breaks."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(_fold(p) for p in paragraphs if p.strip())


def _read(path: Path) -> Any:
    """A YAML or JSON file's content (by its suffix); see :func:`napkg.graph.edition.reading.read_structured`."""
    return read_structured(path)


def plan_file(folder: Path, stem: str = "plan") -> Path:
    """A plan folder's ``stem.yaml`` or ``stem.json`` (the YAML name when neither exists); never both.

    >>> plan_file(Path("data/plans/az-2020-2022")).name
    'plan.yaml'
    """
    found = [folder / f"{stem}{suffix}" for suffix in EDITION_FORMATS if (folder / f"{stem}{suffix}").is_file()]
    if len(found) > 1:
        raise DataError(f"both {found[0].name} and {found[1].name} exist; keep one", file=str(folder))
    return found[0] if found else folder / f"{stem}{EDITION_FORMATS[0]}"


def _report_files(folder: Path) -> list[Path]:
    return sorted(p for suffix in EDITION_FORMATS for p in folder.glob(f"progress-*{suffix}"))


def _entries(data: Any, key: str, file: str, name: str) -> Iterator[tuple[int, Any]]:
    items = data.get(key) if isinstance(data, dict) else None
    if items is None:
        return iter(())
    if not isinstance(items, list):
        raise DataError(f"{key!r} must be a list", file=file)
    return enumerate(items, start=1)


# ---------------------------------------------------------------------------
# The files of a plan folder
# ---------------------------------------------------------------------------


def _resolve_document(file: str, folder: Path) -> Path | None:
    """A document's file, relative to the edition root (``data/``) or to the plan folder."""
    for root in (folder.parent.parent, folder):
        if (root / file).is_file():
            return root / file
    return None


def _load_documents(top: _Entry, folder: Path) -> dict[str, Document]:
    raw = top.required("documents")
    if not isinstance(raw, dict):
        raise top.error("documents must map ids to {file, title}")
    documents = {}
    for doc_id, value in raw.items():
        entry = _Entry(value, top.file, f"document {doc_id}")
        entry.check_keys({"file", "title", "date", "media_type", "columns"})
        columns = entry.data.get("columns") or {}
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            raise entry.error("columns must map edition fields (e.g. activity.title) to column names")
        file = entry.text("file", required=True)
        path = _resolve_document(file, folder)
        if path is None:
            raise entry.error(f"file {file!r} not found under {folder.parent.parent} or {folder}")
        documents[doc_id] = Document(
            id=str(doc_id),
            file=file,
            path=path,
            title=entry.text("title", required=True),
            date=entry.date("date"),
            media_type=entry.text("media_type") or "text/plain",
            columns={str(k): v for k, v in columns.items()},
        )
    return documents


def _load_sections(top: _Entry, documents: dict[str, Document], problems: Problems,
                   failed: set[str]) -> tuple[Section, ...]:
    sections: dict[str, Section] = {}
    for i, raw in _entries(top.data, "sections", top.file, "section"):
        with problems.entry():
            if isinstance(raw, dict) and raw.get("number") is not None:
                failed.add(str(raw["number"]))
            e = _Entry(raw, top.file, f"section #{i}")
            e.check_keys({"number", "title", "source", "notes"})
            number = str(e.required("number"))
            e.entry = f"section {number}"
            if number in sections:
                raise e.error("duplicated section number")
            sections[number] = Section(number, e.text("title"), e.source(documents), e.text("notes"))
            failed.discard(number)
    return tuple(sections.values())


_ACTIVITY_KEYS = {
    "code", "section", "title", "indicator", "implementers", "recommended_to", "period", "source",
    "notes", "lead", "supporting", "identifier", "url", "description", "start_date", "end_date",
    "lead_text", "supporting_text", "assessments",
}
ASSESSMENT_KEYS = ("completion_mid_term", "completion_end_of_term", "potential_impact", "did_it_open_government")
_COMPLETION = STATUSES + ASSESSMENT_GAPS
ASSESSMENT_VALUES = {
    "completion_mid_term": _COMPLETION,
    "completion_end_of_term": _COMPLETION,
    "potential_impact": ("none", "minor", "moderate", "transformative") + ASSESSMENT_GAPS,
    "did_it_open_government": ("worsened", "did-not-change", "marginal", "major", "outstanding") + ASSESSMENT_GAPS,
}
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def _load_activity(e: _Entry, documents: dict[str, Document], sections: set[str]) -> Activity:
    e.check_keys(_ACTIVITY_KEYS)
    code = str(e.required("code")).strip()
    e.entry = f"activity {code}"
    section = e.text("section")
    if section is None and sections:
        raise e.error(f"missing required field 'section': the plan has sections ({', '.join(sorted(sections))}); "
                      f"give the number of the one the activity is printed in")
    if section is not None and not sections:
        raise e.error(f"section {section!r} is given but the plan declares no sections; declare them in "
                      f"'sections' or remove the field")
    if section is not None and section not in sections:
        raise e.error(f"section {section!r} is not among the plan's sections ({', '.join(sorted(sections))})")
    lead, supporting = e.ids("lead"), e.ids("supporting")
    implementers = e.ids("implementers") or tuple(dict.fromkeys(lead + supporting))
    missing = [b for b in lead + supporting if b not in implementers]
    if missing:
        raise e.error(f"lead/supporting bodies {missing} are not among its implementers")
    assessments = e.data.get("assessments") or {}
    if not isinstance(assessments, dict) or set(assessments) - set(ASSESSMENT_KEYS):
        raise e.error(f"assessments must map some of {', '.join(ASSESSMENT_KEYS)} to values")
    for key, value in assessments.items():
        if value not in ASSESSMENT_VALUES[key]:
            raise e.error(f"assessment {key} {value!r} is not one of: {', '.join(ASSESSMENT_VALUES[key])}")
    return Activity(
        code=code,
        section=section,
        title=e.text("title", required=True),
        indicator=e.text("indicator"),
        implementers=implementers,
        recommended_to=e.ids("recommended_to"),
        period=e.period("period"),
        source=e.source(documents),
        notes=e.text("notes"),
        lead=lead,
        supporting=supporting,
        identifier=e.text("identifier"),
        url=e.text("url"),
        description=e.text("description"),
        start_date=e.date("start_date"),
        end_date=e.date("end_date"),
        lead_text=e.data.get("lead_text"),
        supporting_text=e.data.get("supporting_text"),
        assessments={k: str(v) for k, v in assessments.items()},
    )


def _load_bodies(path: Path, documents: dict[str, Document], problems: Problems,
                 failed: set[str]) -> tuple[Body, ...]:
    file = str(path)
    data = _read(path)
    if not isinstance(data, dict) or "bodies" not in data:
        raise DataError("expected a mapping with a 'bodies' list", file=file)
    bodies: dict[str, Body] = {}
    for i, raw in _entries(data, "bodies", file, "body"):
        with problems.entry():
            if isinstance(raw, dict) and raw.get("id") is not None:
                failed.add(str(raw["id"]))
            e = _Entry(raw, file, f"body #{i}")
            e.check_keys({"id", "name", "aliases", "kind", "parent", "source", "notes", "sector", "raw_names", "merge_notes",
                          "foreign"})
            body_id = str(e.required("id"))
            e.entry = f"body {body_id}"
            if not _ID.match(body_id):
                raise e.error("id must be lowercase kebab-case, e.g. 'ministry-of-justice'")
            if body_id in bodies:
                raise e.error("duplicated body id")
            kind = e.required("kind")
            if kind not in BODY_KINDS:
                raise e.error(f"kind {kind!r} is not one of: {', '.join(BODY_KINDS)}")
            sector = e.data.get("sector") or _SECTOR_OF_KIND.get(kind, "public")
            if sector not in SECTORS:
                raise e.error(f"sector {sector!r} is not one of: {', '.join(SECTORS)}")
            aliases = e.data.get("aliases") or []
            if not isinstance(aliases, list):
                raise e.error("aliases must be a list of names")
            bodies[body_id] = Body(
                id=body_id,
                name=e.text("name", required=True),
                aliases=tuple(_fold(str(a)) for a in aliases),
                kind=kind,
                source=e.source(documents),
                parent=e.text("parent"),
                sector=sector,
                notes=e.text("notes"),
                raw_names=tuple(str(r) for r in e.data.get("raw_names") or ()),
                merge_notes=tuple(str(r) for r in e.data.get("merge_notes") or ()),
                foreign=e.data.get("foreign") is True,
            )
            failed.discard(body_id)
    check_bodies(bodies, file, problems)
    return tuple(bodies.values())


def _each(top: _Entry, key: str, name: str, problems: Problems, read: Callable[[_Entry], T]) -> list[T]:
    """``read`` of each entry of ``top``'s list ``key`` (entry ``<name> #<i>`` until it names itself); the
    error of an entry is recorded in ``problems`` and the next entry is read."""
    records = []
    for i, raw in _entries(top.data, key, top.file, name):
        with problems.entry():
            records.append(read(_Entry(raw, top.file, f"{name} #{i}")))
    return records


def _load_evidence(e: _Entry, documents: dict[str, Document], parts: set[tuple[str, str | None]]) -> Evidence:
    """One evidence entry; ``parts`` holds the (activity, part) pairs of the report read so far, this one added."""
    e.check_keys({"activity", "text", "status", "basis", "actors", "source", "reported_title", "reported_period", "notes",
                  "claimed_status", "claim_basis", "deliverables", "part"})
    e.entry = f"evidence for activity {e.required('activity')}"
    status = e.data.get("status")
    if status is not None and status not in STATUSES:
        raise e.error(f"status {status!r} is outside the completion scale ({', '.join(STATUSES)})")
    claimed, claim_basis, deliverables = read_assessment(e.data, e.text("text", required=True), status, STATUSES,
                                                         e.error)
    evidence = Evidence(
        activity=str(e.required("activity")),
        text=e.text("text", required=True),
        status=status,
        basis=e.text("basis"),
        actors=e.ids("actors"),
        source=e.source(documents),
        reported_title=e.text("reported_title"),
        reported_period=e.period("reported_period"),
        notes=e.text("notes"),
        claimed_status=claimed, claim_basis=claim_basis, deliverables=deliverables,
        part=read_part(e.data, parts, e.error),
    )
    parts.add((evidence.activity, evidence.part))
    return evidence


def _load_recommendation(e: _Entry, documents: dict[str, Document]) -> Recommendation:
    e.check_keys({"id", "label", "issued_by", "part_of", "response", "addressed_by", "source", "notes"})
    e.entry = f"recommendation {e.required('id')}"
    return Recommendation(
        id=str(e.required("id")),
        label=e.text("label", required=True),
        response=e.text("response"),
        addressed_by=tuple(str(c) for c in e.data.get("addressed_by") or ()),
        source=e.source(documents),
        issued_by=e.text("issued_by"),
        part_of=e.text("part_of"),
        notes=e.text("notes"),
    )


def _load_figure(e: _Entry, documents: dict[str, Document]) -> Figure:
    e.check_keys({"id", "label", "value", "unit", "assessed_by", "quote", "source", "notes"})
    e.entry = f"figure {e.required('id')}"
    value = e.required("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise e.error(f"value must be a number, found {value!r}")
    unit = e.required("unit")
    if unit not in ("percent", "count"):
        raise e.error(f"unit must be 'percent' or 'count', found {unit!r}")
    return Figure(
        id=str(e.required("id")),
        label=e.text("label", required=True),
        value=value,
        unit=unit,
        source=e.source(documents),
        quote=e.text("quote"),
        assessed_by=e.text("assessed_by"),
        notes=e.text("notes"),
    )


def _load_report(path: Path, documents: dict[str, Document], problems: Problems) -> Report:
    file = str(path)
    top = _Entry(_read(path), file, "report")
    top.check_keys({"id", "title", "date", "document", "author", "source", "evidence", "recommendations", "figures", "notes"})
    document = top.required("document")
    if document not in documents:
        raise top.error(f"document {document!r} is not declared in plan.yaml documents")
    parts: set[tuple[str, str | None]] = set()  # the (activity, part) pairs read so far
    evidence = _each(top, "evidence", "evidence", problems, lambda e: _load_evidence(e, documents, parts))
    recommendations = _each(top, "recommendations", "recommendation", problems,
                            lambda e: _load_recommendation(e, documents))
    figures = _each(top, "figures", "figure", problems, lambda e: _load_figure(e, documents))
    return Report(
        id=str(top.required("id")),
        title=top.text("title", required=True),
        date=top.date("date", required=True),
        document=document,
        source=top.source(documents),
        evidence=tuple(evidence),
        recommendations=tuple(recommendations),
        figures=tuple(figures),
        author=top.text("author"),
        notes=top.text("notes"),
        file=file,
    )


def load_plan(folder: Path, *, problems: Problems | None = None) -> Plan:
    """Load one plan folder (``plan``, ``bodies`` and ``progress-*``, each .yaml or .json) and check it.

    Every entry is checked: its errors go to ``problems`` (raised together at the end when it is
    not given) and the entries that had none make the plan.
    """
    if problems is None:
        problems = Problems()
        plan = load_plan(folder, problems=problems)
        problems.raise_if_any()
        return plan
    top = _Entry(_read(plan_file(folder)), str(plan_file(folder)), "plan")
    top.check_keys({"id", "title", "country", "period", "adopted", "documents", "source", "sections", "activities", "notes",
                    "language"})
    language = top.data.get("language", "en")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.match(language)):
        raise top.error(f"language must be a language tag such as 'en', or null when unknown; found {language!r}")
    documents = _load_documents(top, folder)
    country = _Entry(top.required("country"), top.file, "plan country")
    country.check_keys({"code", "name"})
    failed: dict[str, set[str]] = {"sections": set(), "activities": set(), "bodies": set()}
    sections = _load_sections(top, documents, problems, failed["sections"])
    section_numbers = {s.number for s in sections} | failed["sections"]
    activities: dict[str, Activity] = {}
    for i, raw in _entries(top.data, "activities", top.file, "activity"):
        with problems.entry():
            code = str(raw["code"]).strip() if isinstance(raw, dict) and raw.get("code") is not None else None
            if code in activities or code in failed["activities"]:
                raise DataError("duplicated activity number", file=top.file, entry=f"activity {code}")
            if code is not None:
                failed["activities"].add(code)
            activity = _load_activity(_Entry(raw, top.file, f"activity #{i}"), documents, section_numbers)
            activities[activity.code] = activity
            failed["activities"].discard(activity.code)
    bodies: tuple[Body, ...] | None = None
    with problems.entry():
        bodies = _load_bodies(plan_file(folder, "bodies"), documents, problems, failed["bodies"])
    reports = []
    for path in _report_files(folder):
        with problems.entry():
            reports.append(_load_report(path, documents, problems))
    plan = Plan(
        id=str(top.required("id")),
        title=top.text("title", required=True),
        country_code=str(country.required("code")),
        country_name=country.text("name", required=True),
        period=top.period("period"),
        documents=documents,
        source=top.source(documents),
        sections=sections,
        activities=tuple(activities.values()),
        bodies=bodies or (),
        reports=tuple(reports),
        folder=folder,
        adopted=top.date("adopted"),
        notes=top.text("notes"),
        language=language,
    )
    known_bodies = None if bodies is None else {b.id for b in bodies} | failed["bodies"]  # None: not checkable
    report_unresolved(plan, str(plan_file(folder)), known_bodies, {a.code for a in plan.activities} | failed["activities"],
                      problems)
    return plan


def load_edition(data_dir: Path) -> Edition:
    """Load every plan folder ``…/plans/<plan>/`` under ``data_dir`` (or ``data_dir`` itself if it is one).

    Plan folders are found at any depth, so an import written inside the data folder
    (``napkg import-ogp export.csv --out data/ogp``) is built and served with the rest.
    """
    data_dir = Path(data_dir)
    if any((data_dir / f"plan{suffix}").exists() for suffix in EDITION_FORMATS):
        folders = [data_dir]
    else:
        found = {p.parent for suffix in EDITION_FORMATS for p in data_dir.rglob(f"plan{suffix}")}
        folders = sorted(folder for folder in found if folder.parent.name == "plans")
    if not folders:
        raise DataError(f"no plan folder found (expected {data_dir}/plans/<plan>/plan.yaml)", file=str(data_dir))
    problems = Problems()
    plans = []
    for folder in folders:
        with problems.entry():
            plans.append(load_plan(folder, problems=problems))
    seen: dict[str, Path] = {}
    for plan in plans:
        if plan.id in seen:
            problems.add(DataError(f"plan id {plan.id!r} is also used by {seen[plan.id]}", file=str(plan_file(plan.folder))))
        seen[plan.id] = plan.folder
    problems.raise_if_any()
    return Edition(data_dir=data_dir, plans=tuple(plans))
