"""Every analysis together: :func:`analyse` runs them all on a graph and returns an :class:`AnalysisResult`.

The bottleneck score is

    bottleneck(v) = open(v) × (1 + bridging(v)),   bridging(v) = b(v) / max b(u) over u in v's part

where ``open(v)`` counts the body's unfinished activities (any role), ``b`` is betweenness in
the projection onto bodies and "v's part" is v's connected component of it (for one plan,
the plan's network; bodies of different countries are never linked). See ``docs/analyses.md``.

Collective bodies (``nap:CollectiveBody``) stay nodes of the networks but are ranked among
themselves, apart from single agencies, and plan figures count them separately.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from napkg.graph.analysis.bottleneck import bottleneck_rank, bottleneck_score
from napkg.graph.analysis.centrality import (
    EXACT_LIMIT, SEED, Sampling, articulation, betweenness, betweenness_sampling, bridging, degree_centrality,
    sample_size,
)
from napkg.graph.analysis.figures import plan_figures
from napkg.graph.analysis.loads import (
    implementer_load, lead_load, open_load, overdue_count, recommended_load, section_count, shared_implementer_load,
)
from napkg.graph.analysis.network import bipartite_network, body_nodes, body_projection
from napkg.graph.select import Select

__all__ = ["BodyMetrics", "AnalysisResult", "analyse_network", "analyse"]


@dataclass(frozen=True)
class BodyMetrics:
    """The load and bottleneck figures of one body."""

    iri: str
    id: str
    name: str
    country: str | None
    collective: bool
    kind: str | None
    implementer_load: int
    shared_implementer_load: float
    lead_load: int
    recommended_load: int
    open_load: int
    overdue: int
    sections: int
    degree_centrality: float
    betweenness: float
    bridging: float
    articulation_point: bool
    bottleneck_score: float
    bottleneck_rank: int

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON-ready values (floats rounded to 6 places)."""
        return {k: round(v, 6) if isinstance(v, float) else v for k, v in asdict(self).items()}


@dataclass(frozen=True)
class AnalysisResult:
    """The outcome of :func:`analyse`: per-body metrics, plan figures and how betweenness was computed."""

    bodies: dict[str, BodyMetrics]
    figures: dict[str, dict[str, Any]]
    sampling: Sampling
    as_of: date
    network: nx.Graph = field(repr=False, compare=False)
    projection: nx.Graph = field(repr=False, compare=False)

    def ranked(self, *, collective: bool = False) -> list[BodyMetrics]:
        """Single agencies (or, with ``collective=True``, collective bodies) by bottleneck rank."""
        chosen = [m for m in self.bodies.values() if m.collective == collective]
        return sorted(chosen, key=lambda m: m.bottleneck_rank)

    def plans_without_report(self) -> list[str]:
        """Plans whose overdue activities are judged against ``as_of``, having no progress report."""
        return [plan for plan, f in self.figures.items() if plan != "all" and f["reference"] == "as_of"]

    def as_dict(self) -> dict[str, Any]:
        """Everything as JSON-ready values: agencies and collective bodies in separate lists."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, float):
                return round(value, 6)
            return value

        return {
            "as_of": self.as_of.isoformat(),
            "betweenness": self.sampling.as_dict(),
            "figures": {plan: {k: plain(v) for k, v in f.items()} for plan, f in self.figures.items()},
            "plans_without_report": self.plans_without_report(),
            "bodies": [m.as_dict() for m in self.ranked()],
            "collective_bodies": [m.as_dict() for m in self.ranked(collective=True)],
        }


def analyse_network(
    B: nx.Graph,
    *,
    as_of: date | None = None,
    exact_limit: int = EXACT_LIMIT,
    k: int | None = None,
    seed: int = SEED,
) -> AnalysisResult:
    """Every metric of every body of the activity–body network ``B`` (see :func:`analyse`)."""
    as_of = as_of or date.today()
    P = body_projection(B)
    loads = implementer_load(B)
    opened = open_load(B)
    k = sample_size(P, exact_limit=exact_limit) if k is None else k
    between = betweenness(P, exact_limit=exact_limit, k=k, seed=seed)
    bridges = bridging(P, between)
    scores = bottleneck_score(opened, bridges)
    ranks = bottleneck_rank(
        scores, groups={b: B.nodes[b]["collective"] for b in scores}, tie_breaks=[opened, loads],
    )
    columns = {
        "shared_implementer_load": shared_implementer_load(B), "lead_load": lead_load(B),
        "recommended_load": recommended_load(B), "overdue": overdue_count(B, as_of=as_of),
        "sections": section_count(B), "degree_centrality": degree_centrality(P),
        "articulation_point": articulation(P),
    }
    bodies = {}
    for body in body_nodes(B):
        data = B.nodes[body]
        bodies[body] = BodyMetrics(
            iri=body, id=data["slug"], name=data["name"], country=data["country"],
            collective=bool(data["collective"]), kind=data["body_kind"],
            implementer_load=loads[body], open_load=opened[body], betweenness=between[body],
            bridging=bridges[body], bottleneck_score=scores[body], bottleneck_rank=ranks[body],
            **{name: column[body] for name, column in columns.items()},
        )
    return AnalysisResult(
        bodies=bodies, figures=plan_figures(B, as_of=as_of),
        sampling=betweenness_sampling(P, exact_limit=exact_limit, k=k, seed=seed),
        as_of=as_of, network=B, projection=P,
    )


def analyse(
    select: Select,
    *,
    as_of: date | None = None,
    exact_limit: int = EXACT_LIMIT,
    k: int | None = None,
    seed: int = SEED,
) -> AnalysisResult:
    """Load and bottleneck metrics of every body the graph's activities name, and plan figures.

    ``select`` runs SPARQL SELECTs on the graph (an rdflib Graph through
    :func:`~napkg.graph.analysis.network.select_from_rdflib`, or a store's ``select``). ``as_of`` is the
    day against which activities of plans without a progress report are judged overdue
    (default: today). Betweenness is exact in connected parts of up to ``exact_limit`` bodies
    and sampled from ``k`` sources with ``seed`` in larger ones (by default as many as
    :data:`WORK_BUDGET` allows, see :func:`sample_size`).
    """
    return analyse_network(bipartite_network(select), as_of=as_of, exact_limit=exact_limit, k=k, seed=seed)
