"""Loads, from the activity–body network ``B``: how many activities each body carries, and in which roles.

Each function takes the network of :func:`~napkg.graph.analysis.network.bipartite_network` and
returns a dict keyed by body, as networkx's algorithms do: :func:`implementer_load`,
:func:`shared_implementer_load` (an activity with k implementers gives each 1/k),
:func:`lead_load`, :func:`recommended_load`, :func:`open_load` (activities not complete),
:func:`overdue_count` (period ended before the plan's latest report, not complete) and
:func:`section_count`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from napkg.graph.analysis.network import activity_nodes, body_nodes, implementers

__all__ = [
    "implementer_load", "shared_implementer_load", "lead_load", "recommended_load", "open_load",
    "reference_date", "is_overdue", "overdue_count", "section_count",
]


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
    ...                         ("a2", "parl", "recommended")], activities={"a1": {"status": "complete"}})
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


def is_overdue(B: nx.Graph, activity: str, as_of: date | None) -> bool:
    """Whether ``activity`` is not complete and its period ended before its :func:`reference_date`."""
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
    ...     "a1": {"end_date": date(2020, 12, 31), "report_date": date(2021, 8, 31), "status": "limited"},
    ...     "a2": {"end_date": date(2021, 12, 31), "status": "not-started"},
    ... })
    >>> overdue_count(B, as_of=date(2021, 6, 1)), overdue_count(B, as_of=date(2022, 1, 1))
    ({'moj': 1}, {'moj': 2})
    """
    count = _bodies_of(B)
    for activity in activity_nodes(B):
        if is_overdue(B, activity, as_of):
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
