"""Plan-level figures: how activities are owned (single, shared, umbrella-only, none), and the Gini of load."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import networkx as nx

from napkg.graph.analysis.loads import is_overdue, reference_date
from napkg.graph.analysis.network import activity_nodes, implementers

__all__ = ["gini", "plan_figures"]


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
        counts["claimed_above_assessed"] += bool(B.nodes[activity].get("claimed_above_assessed"))
        counts["overdue"] += is_overdue(B, activity, as_of)
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
        "claimed_above_assessed": counts["claimed_above_assessed"],
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
    activities as :func:`open_load` and :func:`overdue_count` do; ``claimed_above_assessed``
    counts activities whose main evidence claims a status above the one it is assessed at (the
    network's ``claimed_above_assessed``: the curated query ``claimed-not-shown``). Each plan also gives its
    ``reference_date`` for overdue and whether it is its latest ``report``'s or ``as_of``.

    Examples
    --------
    >>> from napkg.graph.analysis.network import network_from_links
    >>> B = network_from_links(
    ...     [("a1", "moj", "implementer"), ("a2", "moj", "implementer"), ("a2", "mof", "implementer"),
    ...      ("a3", "cea", "implementer"), ("a4", "parl", "recommended")],
    ...     activities={a: {"plan": "p"} for a in ["a1", "a2", "a3", "a4"]} | {
    ...         "a1": {"plan": "p", "status": "limited", "claimed_status": "complete", "claimed_above_assessed": True}},
    ...     bodies={"cea": {"collective": True}})
    >>> f = plan_figures(B, as_of=date(2021, 1, 1))["p"]
    >>> f["single_implementer"], f["shared"], f["umbrella_only"], f["no_implementer"], f["recommended_only"]
    (1, 1, 1, 1, 1)
    >>> f["claimed_above_assessed"], f["open"]
    (1, 4)
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
