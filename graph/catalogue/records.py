"""What the catalogue holds: plans, sections, activities, bodies and recommendations as frozen records.

Records name each other by IRI; an activity also has its ``position`` (its bit in the
catalogue's bit sets, see :mod:`napkg.graph.catalogue.bits`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from napkg.graph.namespace import NAP

if TYPE_CHECKING:  # the search engine (numpy, rapidfuzz) is imported at the first search, not with the catalogue
    from napkg.graph.search import Hits
from napkg.graph.vocabulary import ROLES

__all__ = [
    "BodyRef", "PlanRef", "SectionRef", "ActivityRef", "RecommendationRef", "Page",
    "ROLE_FIELDS", "ROLE_OF_PROPERTY", "METRICS", "code_order", "name_key", "local_id", "first_rows",
]

ROLE_FIELDS: dict[str, str] = {
    role: "implementers" if role == "implementer" else role.replace("-", "_") for role in ROLES.keys
}
"""Each role of :data:`~napkg.graph.vocabulary.ROLES` and the :class:`ActivityRef` field of its bodies
(``recommended-to``: ``recommended_to``)."""

ROLE_OF_PROPERTY: dict[str, str] = {
    str(NAP.implementedBy): "implementer", str(NAP.ledBy): "lead",
    str(NAP.supportedBy): "supporting", str(NAP.recommendedTo): "recommended-to",
}
"""The property that links an activity to a body in each role."""

METRICS: dict[str, str] = {
    str(NAP.implementerLoad): "implementer_load", str(NAP.sharedImplementerLoad): "shared_implementer_load",
    str(NAP.leadLoad): "lead_load", str(NAP.recommendedLoad): "recommended_load", str(NAP.openLoad): "open_load",
    str(NAP.overdueCount): "overdue", str(NAP.sectionCount): "sections",
    str(NAP.degreeCentrality): "degree_centrality", str(NAP.betweenness): "betweenness",
    str(NAP.betweennessSample): "betweenness_sample", str(NAP.bridging): "bridging",
    str(NAP.articulationPoint): "articulation_point", str(NAP.bottleneckScore): "bottleneck_score",
    str(NAP.bottleneckRank): "bottleneck_rank",
}
"""The properties of a ``nap:BodyMetrics`` node (see :mod:`napkg.graph.analysis`) and their names in the API."""



@dataclass(frozen=True)
class BodyRef:
    """A body of the graph: its IRI, id (``slug``), name, kind (a concept IRI), country and aliases."""

    iri: str
    slug: str
    name: str
    kind: str
    collective: bool
    country: str
    aliases: tuple[str, ...]
    country_code: str | None = None



@dataclass(frozen=True, slots=True)
class PlanRef:
    """An action plan; its activities are the positions ``first`` to ``stop - 1``."""

    iri: str
    id: str
    title: str | None
    country: str | None
    country_code: str | None
    start_year: int | None
    end_year: int | None
    report_date: str | None
    first: int
    stop: int
    sections: tuple[str, ...]
    statuses: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    @property
    def activities(self) -> int:
        return self.stop - self.first


@dataclass(frozen=True, slots=True)
class SectionRef:
    """A section of a plan and the positions of its activities."""

    iri: str
    plan: str
    code: str | None
    title: str | None
    positions: tuple[int, ...]
    statuses: dict[str, int] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class ActivityRef:
    """An activity as lists show it; bodies by IRI (see :attr:`Catalogue.directory`)."""

    position: int
    iri: str
    plan: str
    code: str
    title: str | None
    section: str | None
    status: str | None
    start_year: int | None
    end_year: int | None
    implementers: tuple[str, ...]
    lead: tuple[str, ...]
    supporting: tuple[str, ...]
    recommended_to: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RecommendationRef:
    """A recommendation a progress report answers, and the activities that address it."""

    iri: str
    id: str | None
    label: str | None
    issued_by: str | None
    report: str | None
    plan: str | None
    response: str | None
    part_of: str | None
    addressed_by: tuple[int, ...]


@dataclass(frozen=True)
class Page:
    """One page of a list: ``total`` items in all, ``items`` from the requested offset; for a search,
    what the search engine made of the phrase (``search.message`` says why nothing matched)."""

    total: int
    items: list[Any]
    search: Hits | None = None



def code_order(code: str) -> tuple:
    """Sort key for activity numbers as printed: "1.2" before "1.10".

    >>> sorted(["1.10", "1.2", "A.1"], key=code_order)
    ['1.2', '1.10', 'A.1']
    """
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"[.\s]+", code))



def name_key(text: str) -> str:
    """How names are compared: stripped and case-folded."""
    return text.strip().casefold()


def first_rows(rows: Iterable[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Rows keyed by ``row[key]``, the first row of each key kept (a second title or label is ignored)."""
    kept: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept.setdefault(row[key], row)
    return kept


def local_id(iri: str) -> str:
    """The last segment of an IRI path or fragment.

    >>> local_id("https://w3id.org/nap-kg/id/plan/az-2020-2022/")
    'az-2020-2022'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
