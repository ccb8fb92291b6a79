"""The data edition's typed records (plans, sections, activities, bodies, reports, evidence) and the terms they use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from napkg.graph.edition.assessment import Deliverable
from napkg.graph.vocabulary import ASSESSMENT_GAPS as _GAPS, KINDS, SECTORS as _SECTORS, STATUSES as _STATUSES

__all__ = [
    "Edition", "Plan", "Document", "SourcePlace", "Section", "Activity", "Body", "Report",
    "Evidence", "Recommendation", "Figure", "Period",
    "STATUSES", "ASSESSMENT_GAPS", "BODY_KINDS", "SECTORS", "EDITION_FORMATS",
]

STATUSES = _STATUSES.keys
ASSESSMENT_GAPS = _GAPS.keys
BODY_KINDS = KINDS.keys
SECTORS = _SECTORS.keys

EDITION_FORMATS = (".yaml", ".json")
"""The suffixes of a plan folder's files, in order of preference: YAML for people, JSON for machines."""


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
    foreign: bool = False

    @property
    def collective(self) -> bool:
        return self.kind == "collective"

    @property
    def international(self) -> bool:
        """An international organisation or a foreign body: one of no plan's country, shared by every plan."""
        return self.foreign or self.sector == "international"


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
    claimed_status: str | None = None
    claim_basis: str | None = None
    deliverables: tuple[Deliverable, ...] = ()
    part: str | None = None


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
