"""The home page (``/`` for browsers): what nap-kg is, a search box, each plan's headline figures, the
most loaded bodies and the bottlenecks, and links to everything else.

``/`` itself is the index router's; it hands browsers (asking for HTML first) to :func:`home_page`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from napkg.api.deps import get_catalogue
from napkg.api.items import metrics_of, plan_item
from napkg.api.pages.render import render
from napkg.graph.catalogue import Catalogue, bottleneck_table, list_plans, load_table, plan_figures_of

__all__ = ["home_page", "STATUS_ORDER", "status_bars"]

STATUS_ORDER: tuple[tuple[str, str], ...] = (  # (key in the JSON API, words on the page)
    ("complete", "complete"), ("substantial", "substantial"), ("limited", "limited"),
    ("not-started", "not started"), ("none", "no status"),
)
TOP = 10


def status_bars(statuses: dict[str, int], *, width: int = 300) -> list[dict[str, Any]]:
    """One stacked bar's segments (key, words, count, x, width in px) for a status breakdown.

    >>> [(s["key"], s["x"], s["width"]) for s in status_bars({"complete": 1, "limited": 3}, width=100)]
    [('complete', 0, 25), ('limited', 25, 75)]
    """
    total = sum(statuses.values()) or 1
    segments, x = [], 0
    for key, words in STATUS_ORDER:
        count = statuses.get(key, 0)
        if count:
            w = round(width * count / total)
            segments.append({"key": key, "words": words, "count": count, "x": x, "width": w})
            x += w
    return segments


def _plans(catalogue: Catalogue) -> list[dict[str, Any]]:
    figures = plan_figures_of(catalogue)
    plans = []
    for plan in list_plans(catalogue, limit=1000).items:
        item = plan_item(catalogue, plan)
        plans.append({**item, "figures": figures.get(plan.iri) or {}, "bars": status_bars(item["statuses"])})
    return plans


def _bodies(catalogue: Catalogue, page: Any) -> list[dict[str, Any]]:
    return [{"iri": b.iri, "name": b.name, "collective": b.collective, **(metrics_of(catalogue, b) or {})}
            for b in page.items]


async def home_page(request: Request) -> HTMLResponse:
    """The home page."""
    catalogue = await get_catalogue(request)
    return render(request, "home.html", {
        "title": "Who owns what in Open Government action plans",
        "plans": _plans(catalogue),
        "loaded": _bodies(catalogue, load_table(catalogue, limit=TOP)),
        "bottlenecks": _bodies(catalogue, bottleneck_table(catalogue, limit=TOP)),
    })
