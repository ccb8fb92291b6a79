"""Where does the plan get stuck? Load and bottleneck analyses of the activity–body network.

The functions take the networks of :mod:`napkg.graph.analysis.network` and return dicts keyed by body,
as networkx's algorithms do:

- loads, from the activity–body network ``B``: :func:`implementer_load`,
  :func:`shared_implementer_load` (an activity with k implementers gives each 1/k),
  :func:`lead_load`, :func:`recommended_load`, :func:`open_load` (activities not complete),
  :func:`overdue_count` (period ended before the plan's latest report, not complete) and
  :func:`section_count`;
- position, from the projection onto bodies ``P``: :func:`betweenness` (exact, or sampled in
  large connected parts, see :func:`betweenness_sampling`), :func:`bridging`,
  :func:`articulation` and :func:`degree_centrality`;
- :func:`bottleneck_score` and :func:`bottleneck_rank`, and the plan-level figures of
  :func:`plan_figures` and :func:`gini`.

:func:`analyse` runs everything on a ``Select`` and returns an :class:`AnalysisResult`;
:func:`metrics_triples` and :func:`metrics_graph` write it as RDF (``nap:BodyMetrics`` nodes in
the named graph ``METRICS_GRAPH``). The bottleneck score is

    bottleneck(v) = open(v) × (1 + bridging(v)),   bridging(v) = b(v) / max b(u) over u in v's part

where ``open(v)`` counts the body's unfinished activities (any role), ``b`` is betweenness in
the projection onto bodies and "v's part" is v's connected component of it (for one plan,
the plan's network; bodies of different countries are never linked). A body without open
activities scores 0; bridging can at most double a body's weight. See ``docs/analyses.md``.

Collective bodies (``nap:CollectiveBody``) stay nodes of the networks but are ranked among
themselves, apart from single agencies, and plan figures count them separately.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import networkx as nx

from napkg.graph.forking import MAX_PROCESSES, fork_map
from napkg.graph.catalogue import Select
from napkg.graph.analysis.network import activity_nodes, bipartite_network, body_nodes, body_projection, implementers

__all__ = [
    "EXACT_LIMIT", "SAMPLE_SIZE", "MIN_SAMPLE", "WORK_BUDGET", "SEED", "sample_size",
    "implementer_load", "shared_implementer_load", "lead_load", "recommended_load", "open_load",
    "overdue_count", "section_count", "reference_date", "degree_centrality", "betweenness",
    "betweenness_sampling", "Sampling", "bridging", "articulation", "bottleneck_score",
    "bottleneck_rank", "gini", "plan_figures", "BodyMetrics", "AnalysisResult", "analyse",
    "analyse_network", "metrics_triples", "metrics_graph", "metrics_iri", "sampled_betweenness",
]

EXACT_LIMIT = 1000
"""Betweenness is exact in connected parts of the projection with at most this many bodies."""

SAMPLE_SIZE = 200
"""In larger parts, betweenness is estimated from at most this many source bodies (networkx's ``k``)."""

WORK_BUDGET = 15_000_000
"""About how many edges sampled betweenness may visit: ``k`` shrinks as the sampled parts grow."""

MIN_SAMPLE = 50
"""The fewest source bodies a sample has, whatever the budget. On a synthetic plan of 20,000
activities (3,740 bodies), 50 sources rank the top 20 bodies in exact betweenness's order."""

SEED = 0
"""The seed of the sample, so that sampled betweenness is the same from run to run."""


# ---------------------------------------------------------------------------
# Loads, from the activity–body network B
# ---------------------------------------------------------------------------

def _bodies_of(B: nx.Graph) -> dict[str, Any]:
    return {body: 0 for body in body_nodes(B)}


def implementer_load(B: nx.Graph) -> dict[str, int]:
    """The number of activities that name each body as implementer (lead and supporting included).

    Examples
    --------
    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links([("a1", "moj", "implementer"), ("a1", "mof", "implementer"),
    ...                         ("a2", "moj", "lead"), ("a2", "parl", "recommended")])
    >>> implementer_load(B)
    {'mof': 1, 'moj': 2, 'parl': 0}
    """
    load = _bodies_of(B)
    for activity, body, is_implementer in B.edges(activity_nodes(B), data="implementer"):
        if is_implementer:
            load[body] += 1
    return load


def shared_implementer_load(B: nx.Graph) -> dict[str, float]:
    """Each body's share of the activities it implements: an activity with k implementers gives each 1/k.

    The shares of all bodies add up to the number of activities with at least one implementer.

    Examples
    --------
    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links([("a1", "moj", "implementer"), ("a1", "mof", "implementer"),
    ...                         ("a2", "moj", "lead"), ("a2", "parl", "recommended")])
    >>> shared_implementer_load(B)
    {'mof': 0.5, 'moj': 1.5, 'parl': 0.0}
    """
    load = {body: 0.0 for body in body_nodes(B)}
    for activity in activity_nodes(B):
        owners = implementers(B, activity)
        for body in owners:
            load[body] += 1 / len(owners)
    return load


def _count_edges(B: nx.Graph, flag: str) -> dict[str, int]:
    load = _bodies_of(B)
    for _, body, held in B.edges(activity_nodes(B), data=flag):
        if held:
            load[body] += 1
    return load


def lead_load(B: nx.Graph) -> dict[str, int]:
    """The number of activities that name each body as lead institution (``nap:ledBy``).

    >>> from napkg.graph.analysis.network import network_from_links
    >>> lead_load(network_from_links([("a1", "moj", "lead"), ("a1", "mof", "supporting")]))
    {'mof': 0, 'moj': 1}
    """
    return _count_edges(B, "lead")


def recommended_load(B: nx.Graph) -> dict[str, int]:
    """The number of activities only recommended to each body (``nap:recommendedTo``).

    >>> from napkg.graph.analysis.network import network_from_links
    >>> recommended_load(network_from_links([("a1", "moj", "implementer"), ("a1", "parl", "recommended")]))
    {'moj': 0, 'parl': 1}
    """
    return _count_edges(B, "recommended")


def open_load(B: nx.Graph) -> dict[str, int]:
    """The number of each body's activities, in any role, whose latest status is not complete.

    An activity without a status counts as open.

    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links([("a1", "moj", "implementer"), ("a2", "moj", "implementer"),
    ...                         ("a2", "parl", "recommended")], activities={"a1": {"status": "Complete"}})
    >>> open_load(B)
    {'moj': 1, 'parl': 1}
    """
    load = _bodies_of(B)
    for activity in activity_nodes(B):
        if not B.nodes[activity]["complete"]:
            for body in B.adj[activity]:
                load[body] += 1
    return load


def reference_date(B: nx.Graph, activity: str, *, as_of: date | None = None) -> date:
    """The day against which ``activity`` is judged overdue: its plan's latest report, else ``as_of`` (default today)."""
    return B.nodes[activity].get("report_date") or as_of or date.today()


def _is_overdue(B: nx.Graph, activity: str, as_of: date | None) -> bool:
    data = B.nodes[activity]
    return not data["complete"] and data["end_date"] is not None and data["end_date"] < reference_date(B, activity, as_of=as_of)


def overdue_count(B: nx.Graph, *, as_of: date | None = None) -> dict[str, int]:
    """The number of each body's activities (any role) whose period ended before the reference day and that are not complete.

    The reference day is the date of the latest progress report on the activity's plan; for a
    plan without a report it is ``as_of`` (default: today). An activity without an end is never
    overdue.

    Examples
    --------
    >>> from datetime import date
    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links([("a1", "moj", "implementer"), ("a2", "moj", "implementer")], activities={
    ...     "a1": {"end_date": date(2020, 12, 31), "report_date": date(2021, 8, 31), "status": "Limited"},
    ...     "a2": {"end_date": date(2021, 12, 31), "status": "NotStarted"},
    ... })
    >>> overdue_count(B, as_of=date(2021, 6, 1)), overdue_count(B, as_of=date(2022, 1, 1))
    ({'moj': 1}, {'moj': 2})
    """
    count = _bodies_of(B)
    for activity in activity_nodes(B):
        if _is_overdue(B, activity, as_of):
            for body in B.adj[activity]:
                count[body] += 1
    return count


def section_count(B: nx.Graph) -> dict[str, int]:
    """The number of plan sections each body's activities (any role) fall in.

    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links([("a1", "moj", "implementer"), ("a2", "moj", "implementer"), ("a3", "moj", "lead")],
    ...                        activities={"a1": {"section": "s1"}, "a2": {"section": "s2"}, "a3": {"section": "s2"}})
    >>> section_count(B)
    {'moj': 2}
    """
    return {
        body: len({B.nodes[a]["section"] for a in B.adj[body] if B.nodes[a]["section"] is not None})
        for body in body_nodes(B)
    }


# ---------------------------------------------------------------------------
# Position, from the projection P onto bodies
# ---------------------------------------------------------------------------

def degree_centrality(P: nx.Graph) -> dict[str, float]:
    """Each body's number of partner bodies over n - 1 (networkx's ``degree_centrality``).

    >>> degree_centrality(nx.path_graph(["a", "b", "c"]))
    {'a': 0.5, 'b': 1.0, 'c': 0.5}
    """
    return nx.degree_centrality(P)


@dataclass(frozen=True)
class Sampling:
    """How betweenness was computed: exactly, or sampled in the connected parts above ``exact_limit`` bodies."""

    bodies: int
    exact_limit: int
    k: int
    seed: int
    sampled_parts: int = 0
    sampled_bodies: int = 0

    @property
    def exact(self) -> bool:
        return self.sampled_parts == 0

    @property
    def method(self) -> str:
        return "exact" if self.exact else "sampled"

    def describe(self) -> str:
        """One line for a reader: how betweenness was computed.

        >>> Sampling(bodies=40, exact_limit=1000, k=200, seed=0).describe()
        'betweenness exact (40 bodies)'
        """
        if self.exact:
            return f"betweenness exact ({self.bodies} bodies)"
        return (f"betweenness sampled with k={self.k} source bodies (seed {self.seed}) in {self.sampled_parts} "
                f"connected part(s) of more than {self.exact_limit} bodies ({self.sampled_bodies} of "
                f"{self.bodies} bodies); exact elsewhere")

    def as_dict(self) -> dict[str, Any]:
        return {"method": self.method, **asdict(self)}


def sample_size(P: nx.Graph, *, exact_limit: int = EXACT_LIMIT) -> int:
    """The default ``k``: :data:`WORK_BUDGET` over the edges of the largest part to sample.

    Each source costs one breadth-first search of its part, so the budget bounds the time:
    :data:`SAMPLE_SIZE` sources for parts of up to 75,000 edges, fewer (never under
    :data:`MIN_SAMPLE`) for larger ones.

    >>> sample_size(nx.path_graph(5))
    200
    >>> sample_size(nx.complete_graph(1200))
    50
    """
    edges = max((P.subgraph(part).number_of_edges() for part in _parts(P) if len(part) > exact_limit), default=0)
    return max(MIN_SAMPLE, min(SAMPLE_SIZE, WORK_BUDGET // edges)) if edges else SAMPLE_SIZE


def _parts(P: nx.Graph) -> list[list[str]]:
    return sorted((sorted(part) for part in nx.connected_components(P)), key=lambda part: part[0])


def _sampled(part: list[str], exact_limit: int, k: int) -> bool:
    return len(part) > exact_limit and k < len(part)


def betweenness_sampling(P: nx.Graph, *, exact_limit: int = EXACT_LIMIT, k: int | None = None, seed: int = SEED) -> Sampling:
    """How :func:`betweenness` computes on ``P`` with these options (cheap: only finds connected parts).

    >>> betweenness_sampling(nx.path_graph(5), exact_limit=3, k=2).describe()
    'betweenness sampled with k=2 source bodies (seed 0) in 1 connected part(s) of more than 3 bodies (5 of 5 bodies); exact elsewhere'
    """
    k = sample_size(P, exact_limit=exact_limit) if k is None else k
    large = [part for part in _parts(P) if _sampled(part, exact_limit, k)]
    return Sampling(bodies=P.number_of_nodes(), exact_limit=exact_limit, k=k, seed=seed,
                    sampled_parts=len(large), sampled_bodies=sum(len(p) for p in large))


def _raw_betweenness(P: nx.Graph, *, exact_limit: int, k: int, seed: int) -> dict[str, float]:
    """Unnormalised betweenness (pairs of bodies whose shortest paths pass through each), part by part."""
    raw: dict[str, float] = {}
    for part in _parts(P):
        if len(part) < 3:  # no body lies between two others
            raw.update(dict.fromkeys(part, 0.0))
            continue
        sub = P.subgraph(part).copy()  # a copy: a subgraph view filters every neighbour, 3 times slower
        if _sampled(part, exact_limit, k):
            raw.update(sampled_betweenness(sub, k=k, seed=seed))
        else:
            raw.update(nx.betweenness_centrality(sub, normalized=False))
    return raw


def sampled_betweenness(G: nx.Graph, *, k: int, seed: int = SEED, processes: int | None = None) -> dict[str, float]:
    """networkx's ``betweenness_centrality(G, k=k, normalized=False, seed=seed)``, the sources shared among processes.

    The same ``k`` sources are drawn as networkx draws them; each forked process runs the
    breadth-first searches of some of them (``betweenness_centrality_subset``) and the sums are
    scaled as networkx scales a sample (sources by n - 1 over k - 1, other nodes over k).

    >>> G = nx.connected_watts_strogatz_graph(60, 4, 0.3, seed=1)
    >>> mine, theirs = sampled_betweenness(G, k=12, processes=2), nx.betweenness_centrality(G, k=12, normalized=False, seed=0)
    >>> max(abs(mine[v] - theirs[v]) for v in G) < 1e-9
    True
    """
    import random

    nodes = list(G)
    sources = random.Random(seed).sample(nodes, k)
    chunks = [sources[i::4 * MAX_PROCESSES] for i in range(min(k, 4 * MAX_PROCESSES))]
    parts = fork_map(lambda chunk: nx.betweenness_centrality_subset(G, chunk, nodes, normalized=False), chunks,
                     processes=processes)
    n, sampled = len(nodes) - 1, set(sources)
    return {v: sum(part[v] for part in parts) * n / (k - 1 if v in sampled else k) if k > 1 or v not in sampled
            else math.nan for v in nodes}


def betweenness(P: nx.Graph, *, exact_limit: int = EXACT_LIMIT, k: int | None = None, seed: int = SEED) -> dict[str, float]:
    """Each body's normalised betweenness centrality in the projection ``P`` (unweighted).

    The value is networkx's ``betweenness_centrality(P)``: the share of pairs of bodies whose
    shortest paths pass through the body. It is computed one connected part at a time; in a
    part of more than ``exact_limit`` bodies it is estimated from ``k`` source bodies drawn with
    ``seed`` (networkx's ``k``; by default :func:`sample_size`), so the same graph gives the
    same figures.

    Examples
    --------
    On a path a–b–c–d, b lies on the paths a–c and a–d, 2 of the 3 pairs it is not part of:

    >>> betweenness(nx.path_graph(["a", "b", "c", "d"]))
    {'a': 0.0, 'b': 0.6666666666666666, 'c': 0.6666666666666666, 'd': 0.0}
    """
    k = sample_size(P, exact_limit=exact_limit) if k is None else k
    raw = _raw_betweenness(P, exact_limit=exact_limit, k=k, seed=seed)
    n = P.number_of_nodes()
    scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return {body: raw[body] * scale for body in sorted(P)}


def bridging(P: nx.Graph, between: Mapping[str, float]) -> dict[str, float]:
    """Each body's betweenness over the highest betweenness in its connected part of ``P`` (0 to 1).

    The most bridging body of each part gets 1; a part in which no body bridges gives 0 to all.
    Being relative to the part, it compares bodies of a small country's plan as fairly as
    bodies of a large one.

    >>> P = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("x", "y")])
    >>> bridging(P, betweenness(P))
    {'a': 0.0, 'b': 1.0, 'c': 1.0, 'd': 0.0, 'x': 0.0, 'y': 0.0}
    """
    relative: dict[str, float] = {}
    for part in _parts(P):
        top = max(between[body] for body in part)
        relative.update({body: between[body] / top if top > 0 else 0.0 for body in part})
    return {body: relative[body] for body in sorted(P)}


def articulation(P: nx.Graph) -> dict[str, bool]:
    """Whether each body is an articulation point of ``P``: removing it cuts its part of the network in two.

    >>> articulation(nx.path_graph(["a", "b", "c"]))
    {'a': False, 'b': True, 'c': False}
    """
    points = set(nx.articulation_points(P))
    return {body: body in points for body in sorted(P)}


# ---------------------------------------------------------------------------
# Bottlenecks
# ---------------------------------------------------------------------------

def bottleneck_score(open_activities: Mapping[str, int], bridges: Mapping[str, float]) -> dict[str, float]:
    """``open × (1 + bridging)``: unfinished activities that depend on a body, weighed up by how much it bridges.

    A body without open activities is no bottleneck (0); among bodies with equal open load,
    the one that bridges more of its part of the network scores higher, up to twice as high.

    >>> bottleneck_score({"moj": 3, "mof": 3, "parl": 0}, {"moj": 1.0, "mof": 0.5, "parl": 1.0})
    {'moj': 6.0, 'mof': 4.5, 'parl': 0.0}
    """
    return {body: open_activities[body] * (1 + bridges.get(body, 0.0)) for body in open_activities}


def bottleneck_rank(
    scores: Mapping[str, float],
    *,
    groups: Mapping[str, Any] | None = None,
    tie_breaks: Iterable[Mapping[str, float]] = (),
) -> dict[str, int]:
    """Each body's rank by score, from 1, within its group (e.g. single agencies apart from collective bodies).

    Ties are broken by ``tie_breaks`` (higher first, in order), then by node.

    >>> bottleneck_rank({"a": 2.0, "b": 5.0, "c": 2.0, "x": 9.0}, groups={"a": 0, "b": 0, "c": 0, "x": 1},
    ...                 tie_breaks=[{"a": 1, "b": 1, "c": 3, "x": 0}])
    {'a': 3, 'b': 1, 'c': 2, 'x': 1}
    """
    tie_breaks = list(tie_breaks)
    groups = groups or {}
    members: dict[Any, list[str]] = defaultdict(list)
    for body in scores:
        members[groups.get(body)].append(body)
    rank: dict[str, int] = {}
    for bodies in members.values():
        ordered = sorted(bodies, key=lambda b: (-scores[b], *(-t.get(b, 0) for t in tie_breaks), b))
        rank.update({body: i for i, body in enumerate(ordered, start=1)})
    return {body: rank[body] for body in sorted(rank)}


# ---------------------------------------------------------------------------
# Plan-level figures
# ---------------------------------------------------------------------------

def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of ``values``: 0 when all are equal, towards 1 when one holds everything.

    ``G = Σᵢ Σⱼ |xᵢ - xⱼ| / (2 n² x̄)``, computed from the sorted values as
    ``2 Σᵢ i·x₍ᵢ₎ / (n Σ x) - (n + 1) / n``.

    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([1, 1, 1, 2, 3])
    0.25
    >>> gini([])
    0.0
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(i * x for i, x in enumerate(ordered, start=1))
    return round(2 * weighted / (n * total) - (n + 1) / n, 12)


def _figures(B: nx.Graph, activities: list[str], *, as_of: date | None) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    agency_load: Counter[str] = Counter()
    for activity in activities:
        owners = implementers(B, activity)
        agencies = [b for b in owners if not B.nodes[b]["collective"]]
        agency_load.update(agencies)
        if not owners:
            counts["no_implementer"] += 1
            if any(B.adj[activity][b]["recommended"] for b in B.adj[activity]):
                counts["recommended_only"] += 1
        elif not agencies:
            counts["umbrella_only"] += 1
        elif len(owners) == 1:
            counts["single_implementer"] += 1
        else:
            counts["shared"] += 1
        counts["open"] += not B.nodes[activity]["complete"]
        counts["overdue"] += _is_overdue(B, activity, as_of)
    n = len(activities)
    return {
        "activities": n,
        "with_implementer": n - counts["no_implementer"],
        "single_implementer": counts["single_implementer"],
        "single_implementer_share": counts["single_implementer"] / n if n else 0.0,
        "shared": counts["shared"],
        "umbrella_only": counts["umbrella_only"],
        "no_implementer": counts["no_implementer"],
        "recommended_only": counts["recommended_only"],
        "open": counts["open"],
        "overdue": counts["overdue"],
        "implementing_agencies": len(agency_load),
        "gini_implementer_load": gini(agency_load.values()),
    }


def plan_figures(B: nx.Graph, *, as_of: date | None = None) -> dict[str, dict[str, Any]]:
    """Figures for each plan, keyed by plan IRI, and for all plans together under ``"all"``.

    Activities fall in exactly one of: ``single_implementer`` (one implementer, a single
    agency), ``shared`` (two or more implementers, at least one a single agency),
    ``umbrella_only`` (implementers, all collective bodies: no single accountable body) and
    ``no_implementer`` (of which ``recommended_only`` are only recommended to some body).
    ``gini_implementer_load`` is the Gini coefficient of the implementer load of the single
    agencies that implement at least one activity of the plan; ``open`` and ``overdue`` count
    activities as :func:`open_load` and :func:`overdue_count` do. Each plan also gives its
    ``reference_date`` for overdue and whether it is its latest ``report``'s or ``as_of``.

    Examples
    --------
    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links(
    ...     [("a1", "moj", "implementer"), ("a2", "moj", "implementer"), ("a2", "mof", "implementer"),
    ...      ("a3", "cea", "implementer"), ("a4", "parl", "recommended")],
    ...     activities={a: {"plan": "p"} for a in ["a1", "a2", "a3", "a4"]}, bodies={"cea": {"collective": True}})
    >>> f = plan_figures(B, as_of=date(2021, 1, 1))["p"]
    >>> f["single_implementer"], f["shared"], f["umbrella_only"], f["no_implementer"], f["recommended_only"]
    (1, 1, 1, 1, 1)
    >>> round(f["gini_implementer_load"], 4), f["reference_date"], f["reference"]
    (0.1667, datetime.date(2021, 1, 1), 'as_of')
    """
    by_plan: dict[str, list[str]] = defaultdict(list)
    for activity in activity_nodes(B):
        by_plan[B.nodes[activity]["plan"]].append(activity)
    figures: dict[str, dict[str, Any]] = {"all": _figures(B, activity_nodes(B), as_of=as_of)}
    for plan in sorted(by_plan, key=str):
        first = by_plan[plan][0]
        report = B.nodes[first].get("report_date")
        figures[plan] = {
            **_figures(B, by_plan[plan], as_of=as_of),
            "reference_date": reference_date(B, first, as_of=as_of),
            "reference": "report" if report else "as_of",
        }
    return figures


# ---------------------------------------------------------------------------
# Everything together
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# The metrics as RDF
# ---------------------------------------------------------------------------

def metrics_iri(body: str) -> str:
    """The IRI of a body's metrics node.

    >>> metrics_iri("https://w3id.org/nap-kg/id/body/az/ministry-of-justice")
    'https://w3id.org/nap-kg/id/body/az/ministry-of-justice#metrics'
    """
    return f"{body}#metrics"


def _decimal(value: float) -> Any:
    from rdflib import XSD, Literal

    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return Literal(Decimal(text if text not in ("", "-0") else "0"), datatype=XSD.decimal)


def metrics_triples(result: AnalysisResult) -> Iterator[tuple[Any, Any, Any]]:
    """The metrics of every body as RDF triples: ``body nap:metrics [a nap:BodyMetrics; …]``.

    The triples belong in the named graph ``METRICS_GRAPH`` and conform to the shapes'
    ``BodyMetricsShape``. Decimals are rounded to 6 places so the output is stable.
    """
    from rdflib import RDF, RDFS, Literal, URIRef

    from napkg.graph.namespace import NAP

    sampling = result.sampling
    sampled = {body for part in _parts(result.projection) if _sampled(part, sampling.exact_limit, sampling.k)
               for body in part}
    for body, m in sorted(result.bodies.items()):
        node, subject = URIRef(metrics_iri(body)), URIRef(body)
        yield subject, NAP.metrics, node
        yield node, RDF.type, NAP.BodyMetrics
        yield node, RDFS.label, Literal(f"Load and bottleneck figures of {m.name}", lang="en")
        for prop, value in (
            (NAP.implementerLoad, m.implementer_load), (NAP.leadLoad, m.lead_load),
            (NAP.recommendedLoad, m.recommended_load), (NAP.openLoad, m.open_load),
            (NAP.overdueCount, m.overdue), (NAP.sectionCount, m.sections),
            (NAP.bottleneckRank, m.bottleneck_rank),
        ):
            yield node, prop, Literal(int(value))
        for prop, value in (
            (NAP.sharedImplementerLoad, m.shared_implementer_load), (NAP.degreeCentrality, m.degree_centrality),
            (NAP.betweenness, m.betweenness), (NAP.bridging, m.bridging), (NAP.bottleneckScore, m.bottleneck_score),
        ):
            yield node, prop, _decimal(value)
        yield node, NAP.articulationPoint, Literal(bool(m.articulation_point))
        if body in sampled:
            yield node, NAP.betweennessSample, Literal(int(sampling.k))


def metrics_graph(result: AnalysisResult) -> Any:
    """The metrics as an rdflib Graph named ``METRICS_GRAPH`` (``https://w3id.org/nap-kg/id/metrics``)."""
    from rdflib import Graph

    from napkg.graph.build import _PREFIXES, METRICS_GRAPH

    graph = Graph(identifier=METRICS_GRAPH)
    for prefix, namespace in _PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in metrics_triples(result):
        graph.add(triple)
    return graph
