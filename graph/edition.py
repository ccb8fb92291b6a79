"""Read the data edition (``data/plans/*/``) into typed records, checking every rule.

The edition is the reviewed, human-edited YAML described in ``data/README.md``; a
machine-written edition may be JSON instead (``plan.json`` and so on: the same structure, read
with :mod:`json`, many times faster than YAML at scale). Loading it either returns an :class:`Edition` whose references all resolve, or raises
:class:`~napkg.graph.errors.DataError` naming the file and the entry at fault.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from napkg.graph.errors import DataError

__all__ = [
    "Edition", "Plan", "Document", "SourcePlace", "Section", "Activity", "Body", "Report",
    "Evidence", "Recommendation", "Figure", "Period", "load_edition", "load_plan",
    "STATUSES", "BODY_KINDS", "SECTORS", "EDITION_FORMATS", "plan_file",
]

STATUSES = ("not-started", "limited", "substantial", "complete")
ASSESSMENT_GAPS = ("no-data", "not-reviewed", "not-applicable", "withdrawn", "unclear", "no-early-results")
BODY_KINDS = (
    "ministry", "state-committee", "state-service", "state-agency", "executive-office",
    "commission", "council", "court", "parliament", "prosecution", "central-bank", "ombudsman",
    "audit-institution", "state-owned-company", "public-legal-entity", "professional-body",
    "association", "local-government", "civil-society", "private", "international", "other",
    "collective",
)
SECTORS = ("public", "civil-society", "private", "international", "unknown")
_SECTOR_OF_KIND = {"civil-society": "civil-society", "private": "private", "international": "international"}
_ID = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")

EDITION_FORMATS = (".yaml", ".json")
"""The suffixes of a plan folder's files, in order of preference: YAML for people, JSON for machines."""

try:  # libyaml is ten times faster on large editions
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class SourcePlace:
    """Where a record comes from: a document and a line range (text) or row range (CSV)."""

    document: str
    lines: tuple[int, int] | None = None
    rows: tuple[int, int] | None = None
    column: str | None = None


@dataclass(frozen=True)
class Document:
    id: str
    file: str
    title: str
    date: date | None = None
    media_type: str = "text/plain"
    path: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    number: str
    title: str | None
    source: SourcePlace
    notes: str | None = None


@dataclass(frozen=True)
class Activity:
    code: str
    section: str | None
    title: str
    indicator: str | None
    implementers: tuple[str, ...]
    recommended_to: tuple[str, ...]
    period: Period | None
    source: SourcePlace
    notes: str | None = None
    lead: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    identifier: str | None = None
    url: str | None = None
    description: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    lead_text: str | None = None
    supporting_text: str | None = None
    assessments: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Body:
    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    source: SourcePlace
    parent: str | None = None
    sector: str = "public"
    notes: str | None = None
    raw_names: tuple[str, ...] = ()
    merge_notes: tuple[str, ...] = ()

    @property
    def collective(self) -> bool:
        return self.kind == "collective"


@dataclass(frozen=True)
class Evidence:
    activity: str
    text: str
    status: str | None
    basis: str | None
    actors: tuple[str, ...]
    source: SourcePlace
    reported_title: str | None = None
    reported_period: Period | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Recommendation:
    id: str
    label: str
    response: str | None
    addressed_by: tuple[str, ...]
    source: SourcePlace
    issued_by: str | None = None
    part_of: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Figure:
    id: str
    label: str
    value: float
    unit: str
    source: SourcePlace
    quote: str | None = None
    assessed_by: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Report:
    id: str
    title: str
    date: date
    document: str
    source: SourcePlace
    evidence: tuple[Evidence, ...]
    recommendations: tuple[Recommendation, ...]
    figures: tuple[Figure, ...]
    author: str | None = None
    notes: str | None = None
    file: str = ""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    country_code: str
    country_name: str
    period: Period | None
    documents: dict[str, Document]
    source: SourcePlace
    sections: tuple[Section, ...]
    activities: tuple[Activity, ...]
    bodies: tuple[Body, ...]
    reports: tuple[Report, ...]
    folder: Path
    adopted: date | None = None
    notes: str | None = None
    language: str | None = "en"

    @property
    def country_slug(self) -> str:
        return self.country_code.lower()

    def body(self, body_id: str) -> Body:
        return {b.id: b for b in self.bodies}[body_id]


@dataclass(frozen=True)
class Edition:
    """Every plan of a data folder; ``data_dir`` anchors the documents' file paths."""

    data_dir: Path
    plans: tuple[Plan, ...]

    @property
    def activity_count(self) -> int:
        return sum(len(p.activities) for p in self.plans)


# ---------------------------------------------------------------------------
# Reading YAML or JSON with errors that say where
# ---------------------------------------------------------------------------


class _Entry:
    """A mapping read from one file, which reports missing or wrong fields by name."""

    def __init__(self, data: Any, file: str, entry: str) -> None:
        if not isinstance(data, dict):
            raise DataError(f"expected a mapping, found {type(data).__name__}", file=file, entry=entry)
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
    """A YAML or JSON file's content (by its suffix); malformed or missing files name the file and place."""
    try:
        with path.open(encoding="utf-8") as handle:
            if path.suffix == ".json":
                return json.load(handle)
            return yaml.load(handle, Loader=_Loader)
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise DataError(f"malformed JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"malformed YAML: {where}{problem}", file=str(path)) from None


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


def _load_sections(top: _Entry, documents: dict[str, Document]) -> tuple[Section, ...]:
    sections: dict[str, Section] = {}
    for i, raw in _entries(top.data, "sections", top.file, "section"):
        e = _Entry(raw, top.file, f"section #{i}")
        e.check_keys({"number", "title", "source", "notes"})
        number = str(e.required("number"))
        e.entry = f"section {number}"
        if number in sections:
            raise e.error("duplicated section number")
        sections[number] = Section(number, e.text("title"), e.source(documents), e.text("notes"))
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
    if section is not None and sections and section not in sections:
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


def _load_bodies(path: Path, documents: dict[str, Document]) -> tuple[Body, ...]:
    file = str(path)
    data = _read(path)
    if not isinstance(data, dict) or "bodies" not in data:
        raise DataError("expected a mapping with a 'bodies' list", file=file)
    bodies: dict[str, Body] = {}
    for i, raw in _entries(data, "bodies", file, "body"):
        e = _Entry(raw, file, f"body #{i}")
        e.check_keys({"id", "name", "aliases", "kind", "parent", "source", "notes", "sector", "raw_names", "merge_notes"})
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
        )
    _check_bodies(bodies, file)
    return tuple(bodies.values())


def _check_bodies(bodies: dict[str, Body], file: str) -> None:
    owner: dict[str, str] = {}
    for body in bodies.values():
        if body.parent is not None and body.parent not in bodies:
            raise DataError(f"parent {body.parent!r} is not a body id", file=file, entry=f"body {body.id}")
        for name in dict.fromkeys((body.name, *body.aliases)):
            key = name.casefold()
            if key in owner and owner[key] != body.id:
                raise DataError(
                    f"name or alias {name!r} also names body {owner[key]!r}; an alias must name one body",
                    file=file,
                    entry=f"body {body.id}",
                )
            owner[key] = body.id


def _load_report(path: Path, documents: dict[str, Document]) -> Report:
    file = str(path)
    top = _Entry(_read(path), file, "report")
    top.check_keys({"id", "title", "date", "document", "author", "source", "evidence", "recommendations", "figures", "notes"})
    document = top.required("document")
    if document not in documents:
        raise top.error(f"document {document!r} is not declared in plan.yaml documents")
    evidence = []
    for i, raw in _entries(top.data, "evidence", file, "evidence"):
        e = _Entry(raw, file, f"evidence #{i}")
        e.check_keys({"activity", "text", "status", "basis", "actors", "source", "reported_title", "reported_period", "notes"})
        e.entry = f"evidence for activity {e.required('activity')}"
        status = e.data.get("status")
        if status is not None and status not in STATUSES:
            raise e.error(f"status {status!r} is outside the completion scale ({', '.join(STATUSES)})")
        evidence.append(Evidence(
            activity=str(e.required("activity")),
            text=e.text("text", required=True),
            status=status,
            basis=e.text("basis"),
            actors=e.ids("actors"),
            source=e.source(documents),
            reported_title=e.text("reported_title"),
            reported_period=e.period("reported_period"),
            notes=e.text("notes"),
        ))
    recommendations = []
    for i, raw in _entries(top.data, "recommendations", file, "recommendation"):
        e = _Entry(raw, file, f"recommendation #{i}")
        e.check_keys({"id", "label", "issued_by", "part_of", "response", "addressed_by", "source", "notes"})
        e.entry = f"recommendation {e.required('id')}"
        recommendations.append(Recommendation(
            id=str(e.required("id")),
            label=e.text("label", required=True),
            response=e.text("response"),
            addressed_by=tuple(str(c) for c in e.data.get("addressed_by") or ()),
            source=e.source(documents),
            issued_by=e.text("issued_by"),
            part_of=e.text("part_of"),
            notes=e.text("notes"),
        ))
    figures = []
    for i, raw in _entries(top.data, "figures", file, "figure"):
        e = _Entry(raw, file, f"figure #{i}")
        e.check_keys({"id", "label", "value", "unit", "assessed_by", "quote", "source", "notes"})
        e.entry = f"figure {e.required('id')}"
        value = e.required("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise e.error(f"value must be a number, found {value!r}")
        unit = e.required("unit")
        if unit not in ("percent", "count"):
            raise e.error(f"unit must be 'percent' or 'count', found {unit!r}")
        figures.append(Figure(
            id=str(e.required("id")),
            label=e.text("label", required=True),
            value=value,
            unit=unit,
            source=e.source(documents),
            quote=e.text("quote"),
            assessed_by=e.text("assessed_by"),
            notes=e.text("notes"),
        ))
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


def load_plan(folder: Path) -> Plan:
    """Load one plan folder (``plan``, ``bodies`` and ``progress-*``, each .yaml or .json) and check it."""
    top = _Entry(_read(plan_file(folder)), str(plan_file(folder)), "plan")
    top.check_keys({"id", "title", "country", "period", "adopted", "documents", "source", "sections", "activities", "notes",
                    "language"})
    language = top.data.get("language", "en")
    if language is not None and not (isinstance(language, str) and _LANGUAGE.match(language)):
        raise top.error(f"language must be a language tag such as 'en', or null when unknown; found {language!r}")
    documents = _load_documents(top, folder)
    country = _Entry(top.required("country"), top.file, "plan country")
    country.check_keys({"code", "name"})
    sections = _load_sections(top, documents)
    section_numbers = {s.number for s in sections}
    activities: dict[str, Activity] = {}
    for i, raw in _entries(top.data, "activities", top.file, "activity"):
        activity = _load_activity(_Entry(raw, top.file, f"activity #{i}"), documents, section_numbers)
        if activity.code in activities:
            raise DataError("duplicated activity number", file=top.file, entry=f"activity {activity.code}")
        activities[activity.code] = activity
    bodies = _load_bodies(plan_file(folder, "bodies"), documents)
    reports = tuple(_load_report(p, documents) for p in _report_files(folder))
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
        bodies=bodies,
        reports=reports,
        folder=folder,
        adopted=top.date("adopted"),
        notes=top.text("notes"),
        language=language,
    )
    _check_references(plan)
    return plan


def _check_references(plan: Plan) -> None:
    """Every body id, activity code and recommendation id a plan's files use must resolve."""
    body_ids = {b.id for b in plan.bodies}
    codes = {a.code for a in plan.activities}
    plan_path = str(plan_file(plan.folder))
    for activity in plan.activities:
        for role, ids in (("implementers", activity.implementers), ("recommended_to", activity.recommended_to)):
            for body_id in ids:
                if body_id not in body_ids:
                    raise DataError(
                        f"{role} names unknown body id {body_id!r}; add it to bodies.yaml or fix the id",
                        file=plan_path, entry=f"activity {activity.code}",
                    )
    for report in plan.reports:
        report_file = report.file
        for evidence in report.evidence:
            where = f"evidence for activity {evidence.activity}"
            if evidence.activity not in codes:
                raise DataError(f"unknown activity {evidence.activity!r}", file=report_file, entry=where)
            for body_id in evidence.actors:
                if body_id not in body_ids:
                    raise DataError(f"actors names unknown body id {body_id!r}", file=report_file, entry=where)
        rec_ids = {r.id for r in report.recommendations}
        for rec in report.recommendations:
            where = f"recommendation {rec.id}"
            for code in rec.addressed_by:
                if code not in codes:
                    raise DataError(f"addressed_by names unknown activity {code!r}", file=report_file, entry=where)
            if rec.issued_by and rec.issued_by not in body_ids:
                raise DataError(f"issued_by names unknown body id {rec.issued_by!r}", file=report_file, entry=where)
            if rec.part_of and rec.part_of not in rec_ids:
                raise DataError(f"part_of names unknown recommendation {rec.part_of!r}", file=report_file, entry=where)
        for fig in report.figures:
            if fig.assessed_by and fig.assessed_by not in body_ids:
                raise DataError(f"assessed_by names unknown body id {fig.assessed_by!r}", file=report_file, entry=f"figure {fig.id}")
        if report.author and report.author not in body_ids:
            raise DataError(f"author names unknown body id {report.author!r}", file=report_file, entry="report")


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
    plans = tuple(load_plan(folder) for folder in folders)
    seen: dict[str, Path] = {}
    for plan in plans:
        if plan.id in seen:
            raise DataError(f"plan id {plan.id!r} is also used by {seen[plan.id]}", file=str(plan_file(plan.folder)))
        seen[plan.id] = plan.folder
    return Edition(data_dir=data_dir, plans=plans)
