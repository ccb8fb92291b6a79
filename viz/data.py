"""What the network page can show, read from the graph once: the network, its analyses and the side panel's texts.

:func:`load_viz_data` reads, through a ``Select``, the activity–body network and the analyses of
:mod:`napkg.graph.analysis`, plus what the side panel shows (aliases, periods, section and plan
titles, the latest evidence with its source). The service keeps the result for a day; each
request builds its page from it (:func:`napkg.viz.model.build_model`).

A graph built by ``napkg build`` holds every body's metrics (``nap:metrics``, the named graph
``…/id/metrics``): :func:`stored_analysis` reads them instead of computing betweenness again (the
slow part of the analyses, tens of seconds at 100,000 activities), and counts only what depends on
the day (overdue activities of plans without a report). A page that fetches its activities'
details (``details="fetch"``) needs no periods or evidence, and :func:`load_viz_data` reads none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx

from napkg.graph.select import Select
from napkg.graph.vocabulary import SPARQL_PROLOGUE as PREFIXES
from napkg.graph.analysis.network import local_name
from napkg.viz.filters import page_sections
from napkg.viz.index import NetworkIndex

__all__ = ["EXCERPT_CHARS", "Evidence", "VizData", "load_viz_data", "read_served_page", "stored_analysis", "excerpt"]

EXCERPT_CHARS = 360
"""Evidence longer than this is cut, at a word, in the side panel."""

_ALIASES = PREFIXES + """
SELECT ?body ?alias WHERE { ?body a nap:Body ; skos:altLabel ?alias }"""

_CONCEPT_LABELS = PREFIXES + """
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(?scheme IN (nap:BodyKindScheme, nap:CompletionScale))
}"""

_SECTIONS = PREFIXES + """
SELECT ?section ?code ?title ?plan WHERE {
  ?section a nap:Section .
  OPTIONAL { ?section nap:code ?code }
  OPTIONAL { ?section dcterms:title ?title }
  OPTIONAL { ?section nap:plan ?plan }
}"""

_PLANS = PREFIXES + """
SELECT ?plan ?title WHERE { ?plan a nap:ActionPlan . OPTIONAL { ?plan dcterms:title ?title } }"""

_PERIODS = PREFIXES + """
SELECT ?activity ?start ?end WHERE {
  ?activity a nap:Activity .
  OPTIONAL { ?activity nap:startYear ?start }
  OPTIONAL { ?activity nap:endYear ?end }
}"""

_EVIDENCE = PREFIXES + """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?activity ?evidence ?text ?date ?graded ?claimBasis ?report ?document ?file ?lines WHERE {
  ?activity a nap:Activity ; nap:evidence ?evidence .
  ?evidence nap:text ?text .
  BIND(EXISTS { ?evidence nap:status ?status } AS ?graded)
  OPTIONAL { ?evidence dcterms:date ?date }
  OPTIONAL { ?evidence nap:claimBasis ?claimBasis }
  OPTIONAL { ?evidence nap:report/dcterms:title ?report }
  OPTIONAL {
    ?evidence prov:wasDerivedFrom ?place . ?place oa:hasSource ?source .
    OPTIONAL { ?source dcterms:title ?document }
    OPTIONAL { ?source nap:sourceFile ?file }
    OPTIONAL { ?place oa:hasSelector/rdf:value ?lines FILTER(STRSTARTS(STR(?lines), "line=")) }
  }
}"""


@dataclass(frozen=True)
class Evidence:
    """The latest evidence on an activity, cut to an excerpt, with where it comes from and the
    phrase its claim of completion rests on (``claim_basis``, None when it claims nothing)."""

    excerpt: str
    date: str | None
    report: str | None
    document: str | None
    file: str | None
    lines: str | None
    claim_basis: str | None = None

    @property
    def source(self) -> str | None:
        """The source in words: ``Document title (file, lines a-b)``."""
        where = ", ".join(part for part in (self.file, self.lines) if part)
        text = (self.document or "") + (f" ({where})" if where else "")
        return text.strip() or None


@dataclass(frozen=True)
class VizData:
    """Everything the page can show, read from the graph once (see :func:`load_viz_data`)."""

    analysis: Any  # napkg.graph.analysis.AnalysisResult
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    plans: Mapping[str, str] = field(default_factory=dict)
    periods: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    evidence: Mapping[str, Evidence] = field(default_factory=dict)

    @property
    def network(self) -> nx.Graph:
        """The activity–body network (read only: the model copies what it needs)."""
        return self.analysis.network

    @cached_property
    def index(self) -> NetworkIndex:
        """What every page of the network reads whatever its options, computed once (:class:`~napkg.viz.index.NetworkIndex`)."""
        return NetworkIndex(self.network)

    @cached_property
    def page_sections(self) -> list[dict[str, Any]]:
        """The sections the network's activities are in, as the page lists them (:func:`~napkg.viz.filters.page_sections`)."""
        return page_sections(self.network, self.sections, self.plans, index=self.index)


def _lines(value: str | None) -> str | None:
    """RFC 5147 ``line=a,b`` (lines a+1 to b) as words.

    >>> _lines("line=4,7"), _lines("line=4,5"), _lines(None)
    ('lines 5-7', 'line 5', None)
    """
    match = re.fullmatch(r"line=(\d+),(\d+)", value or "")
    if not match:
        return None
    first, last = int(match[1]) + 1, int(match[2])
    return f"line {first}" if first >= last else f"lines {first}-{last}"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` with its white space folded, cut at a word with an ellipsis past ``limit`` characters.

    >>> excerpt("one  two three", 9)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _evidence_order(row: Mapping[str, Any]) -> tuple[str, bool, str]:
    """Evidence in the order the latest wins: by date, then the graded entry after the further
    passages of the same report (``…/evidence/<code>/platform``, no ``nap:status``), which share its date.

    >>> rows = [{"date": "2021-08-31", "graded": True, "evidence": "e/2.2"},
    ...         {"date": "2021-08-31", "graded": False, "evidence": "e/2.2/platform"}]
    >>> sorted(rows, key=_evidence_order)[-1]["evidence"]
    'e/2.2'
    """
    graded = row.get("graded")
    graded = graded.strip().lower() in ("true", "1") if isinstance(graded, str) else bool(graded)
    return str(row.get("date") or ""), graded, str(row["evidence"])


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


_METRICS = PREFIXES + """
SELECT ?body ?property ?value WHERE { ?body nap:metrics ?m . ?m ?property ?value FILTER(isLiteral(?value)) }"""

_METRIC_NAMES = ("implementer_load", "shared_implementer_load", "lead_load", "recommended_load", "open_load",
                 "sections", "degree_centrality", "betweenness", "bridging", "articulation_point",
                 "bottleneck_score", "bottleneck_rank", "betweenness_sample")


def _metric_value(name: str, value: Any) -> Any:
    if name == "articulation_point":
        return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")
    if name in ("shared_implementer_load", "degree_centrality", "betweenness", "bridging", "bottleneck_score"):
        return float(value)
    return int(value)


def stored_analysis(select: Select, *, as_of: date | None = None) -> Any:
    """The analyses of the graph ``select`` reads, from the metrics its build stored (``nap:metrics``).

    An :class:`~napkg.graph.analysis.AnalysisResult` as :func:`~napkg.graph.analysis.analyse`
    gives, without computing betweenness: every figure but ``overdue`` is the stored one;
    ``overdue`` is counted as of ``as_of`` (default today), as ``analyse`` counts it. None when
    the graph holds no metrics for some body of its network (a graph not built by ``napkg build``).
    """
    from napkg.graph.analysis.centrality import EXACT_LIMIT, Sampling
    from napkg.graph.analysis.loads import overdue_count
    from napkg.graph.analysis.network import bipartite_network, body_nodes, body_projection
    from napkg.graph.analysis.results import AnalysisResult, BodyMetrics
    from napkg.graph.catalogue.records import METRICS

    stored: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in select(_METRICS):
        name = METRICS.get(str(row["property"]))
        if name in _METRIC_NAMES:
            stored[row["body"]][name] = _metric_value(name, row["value"])
    B = bipartite_network(select)
    bodies = body_nodes(B)
    if not bodies or any(len(stored.get(b, ())) < len(_METRIC_NAMES) - 1 for b in bodies):
        return None
    as_of = as_of or date.today()
    overdue = overdue_count(B, as_of=as_of)
    metrics = {}
    for body in bodies:
        node, figures = B.nodes[body], dict(stored[body])
        figures.pop("betweenness_sample", None)
        metrics[body] = BodyMetrics(iri=body, id=node["slug"], name=node["name"], country=node["country"],
                                    collective=bool(node["collective"]), kind=node["body_kind"],
                                    overdue=overdue[body], **figures)
    samples = {stored[b].get("betweenness_sample") for b in bodies} - {None}
    sampling = Sampling(bodies=len(bodies), exact_limit=EXACT_LIMIT,
                        k=max(samples, default=0), seed=0, sampled_parts=1 if samples else 0,
                        sampled_bodies=sum(1 for b in bodies if "betweenness_sample" in stored[b]))
    return AnalysisResult(bodies=metrics, figures={}, sampling=sampling, as_of=as_of, network=B,
                          projection=body_projection(B))


def load_viz_data(select: Select, *, analysis: Any = None, as_of: date | None = None, stored: bool = False,
                  details: str = "inline") -> VizData:
    """Read what the page shows from the graph ``select`` reads.

    ``analysis`` is an :class:`~napkg.graph.analysis.AnalysisResult` already computed on the
    same graph (its network is used as it is, never changed); without it, with ``stored=True``,
    the metrics the build stored are read (:func:`stored_analysis`); otherwise, or when the graph
    holds none, the network is read and analysed here, judging overdue activities of plans without
    a report as of ``as_of``. ``details="fetch"`` reads no periods or evidence (a served page
    fetches them with an activity's details).
    """
    if analysis is None and stored:
        analysis = stored_analysis(select, as_of=as_of)
    if analysis is None:
        from napkg.graph.analysis import analyse  # the analyses are heavy: imported when first needed

        analysis = analyse(select, as_of=as_of)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in select(_ALIASES):
        if row["alias"] not in aliases[row["body"]]:
            aliases[row["body"]].append(str(row["alias"]))
    labels = {local_name(row["concept"]): str(row["label"]) for row in select(_CONCEPT_LABELS)}
    sections = {
        row["section"]: {"code": row.get("code"), "title": row.get("title"), "plan": row.get("plan")}
        for row in select(_SECTIONS)
    }
    plans = {row["plan"]: str(row.get("title") or local_name(row["plan"])) for row in select(_PLANS)}
    if details == "fetch":
        return VizData(analysis=analysis, aliases={b: tuple(a) for b, a in aliases.items()}, labels=labels,
                       sections=sections, plans=plans)
    periods = {row["activity"]: (_year(row.get("start")), _year(row.get("end"))) for row in select(_PERIODS)}
    latest: dict[str, dict[str, Any]] = {}
    for row in sorted(select(_EVIDENCE), key=_evidence_order):
        latest[row["activity"]] = row  # the latest report's graded entry wins
    evidence = {}
    for activity, row in latest.items():
        text = {key: str(row[key]) if row.get(key) else None
                for key in ("date", "report", "document", "file", "claimBasis")}
        text["claim_basis"] = text.pop("claimBasis")
        evidence[activity] = Evidence(excerpt=excerpt(str(row["text"])), lines=_lines(row.get("lines")), **text)
    return VizData(analysis=analysis, aliases={b: tuple(a) for b, a in aliases.items()}, labels=labels,
                   sections=sections, plans=plans, periods=periods, evidence=evidence)


def read_served_page(select: Select) -> None:
    """Ask ``select`` every SELECT the served page (``/viz``) reads: what a store's catalogue snapshot keeps for it."""
    load_viz_data(select, stored=True, details="fetch")
