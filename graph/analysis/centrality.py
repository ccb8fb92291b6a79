"""Position, from the projection ``P`` onto bodies: centrality, betweenness, bridging, articulation points.

:func:`betweenness` is exact in connected parts of up to :data:`EXACT_LIMIT` bodies and sampled
from ``k`` source bodies in larger ones (:func:`sample_size`, :func:`betweenness_sampling`);
:func:`bridging` scales it by the highest betweenness of the body's connected part.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx

from napkg.graph.forking import MAX_PROCESSES, fork_map

__all__ = [
    "EXACT_LIMIT", "FORK_FROM", "SAMPLE_SIZE", "MIN_SAMPLE", "WORK_BUDGET", "SEED", "sample_size", "degree_centrality",
    "Sampling", "betweenness_sampling", "sampled_bodies", "sampled_betweenness", "betweenness", "bridging",
    "articulation",
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

FORK_FROM = 300
"""Exact betweenness of a part of at least this many bodies shares its breadth-first searches among
processes (one search a body: a part of 1,000 bodies takes seconds; a small one is done before a
fork would be)."""

SEED = 0
"""The seed of the sample, so that sampled betweenness is the same from run to run."""


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


def sampled_bodies(P: nx.Graph, *, exact_limit: int, k: int) -> set[str]:
    """The bodies whose betweenness :func:`betweenness` samples (those in parts larger than ``exact_limit``).

    >>> sorted(sampled_bodies(nx.path_graph(5), exact_limit=3, k=2))
    [0, 1, 2, 3, 4]
    """
    return {body for part in _parts(P) if _sampled(part, exact_limit, k) for body in part}


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
        elif len(part) >= FORK_FROM:  # every body a source: exact, the searches shared among processes
            raw.update(sampled_betweenness(sub, k=len(part), seed=seed))
        else:
            raw.update(nx.betweenness_centrality(sub, normalized=False))
    return raw


def sampled_betweenness(G: nx.Graph, *, k: int, seed: int = SEED, processes: int | None = None) -> dict[str, float]:
    """networkx's ``betweenness_centrality(G, k=k, normalized=False, seed=seed)``, the sources shared among processes.

    The same ``k`` sources are drawn as networkx draws them; each forked process runs the
    breadth-first searches of some of them (``betweenness_centrality_subset``) and the sums are
    scaled as networkx scales a sample (sources by n - 1 over k - 1, other nodes over k). With
    ``k`` the number of nodes every node is a source: exact betweenness, to rounding.

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
