"""Bottlenecks: a body's open activities weighted by how much it bridges, and the ranking by that score.

    bottleneck(v) = open(v) × (1 + bridging(v))

A body without open activities scores 0; bridging can at most double a body's weight. See
``docs/analyses.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["bottleneck_score", "bottleneck_rank"]


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
