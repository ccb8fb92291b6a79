"""The network page as a file for Gephi: the same bodies and activities, colours, sizes and labels as ``/viz``.

:func:`page_network` picks what a page with these options shows (:func:`napkg.viz.model.build_model`:
the same view, filters, focus and cap), and takes that part of the analyses' network with each
body's metrics (:func:`napkg.graph.analysis.export.network_with_metrics`). :func:`styled` gives
every node its label and a ``viz`` attribute, as GEXF's ``viz:`` module spells it: the colour of
its row of the page's legend (:data:`~napkg.viz.options.KIND_GROUPS` for bodies,
:data:`~napkg.viz.options.STATUSES` for activities), and a size that grows with the square root
of the body's load between the page's smallest and largest radius; with ``layout=True`` a
position too (networkx's spring layout, seeded, so the same options give the same file).
:func:`napkg.graph.analysis.export.write_network` writes it as GEXF (``viz:color``,
``viz:size``, ``viz:position``) or GraphML (``r``, ``g``, ``b``, ``size``, ``x``, ``y``, as Gephi reads).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from napkg.graph.analysis.export import network_with_metrics
from napkg.graph.analysis.network import activity_nodes, body_nodes
from napkg.viz.data import VizData
from napkg.viz.model import build_model, short_name
from napkg.viz.options import MAX_BODIES, kind_group, status_of
from napkg.viz.page import BODY_SIZE

__all__ = ["VIEW_NETWORKS", "ACTIVITY_SIZE", "page_network", "styled", "rgb"]

VIEW_NETWORKS = {"bipartite": "bipartite", "bodies": "bodies", "agency": "bodies"}
"""The ``view`` of a download and the network it is: ``agency`` is the page's name for ``bodies``."""

ACTIVITY_SIZE = 9
"""An activity's size: the page draws every activity square the same size."""


def rgb(colour: str) -> dict[str, int]:
    """A ``#rrggbb`` colour as GEXF's ``viz:color`` attributes.

    >>> rgb("#1f5fa8")
    {'r': 31, 'g': 95, 'b': 168, 'a': 1.0}
    """
    value = colour.lstrip("#")
    return {"r": int(value[0:2], 16), "g": int(value[2:4], 16), "b": int(value[4:6], 16), "a": 1.0}


def _sizes(loads: dict[str, float], view: str) -> dict[str, float]:
    """Each body's radius, as the page scales a load: by its square root, between the view's smallest and largest."""
    low, high = BODY_SIZE["bipartite" if view == "bipartite" else "agency"].values()
    if not loads:
        return {}
    least, most = min(loads.values()) ** 0.5, max(loads.values()) ** 0.5
    return {body: round(low + (high - low) * (0.5 if most == least else (load ** 0.5 - least) / (most - least)), 2)
            for body, load in loads.items()}


def styled(G: nx.Graph, *, view: str = "bipartite", aliases: dict[str, Iterable[str]] | None = None,
           layout: bool = False, seed: int = 1) -> nx.Graph:
    """``G`` (a network of :func:`network_with_metrics`) with each node's ``label`` and ``viz`` colour and size.

    >>> G = nx.Graph()
    >>> G.add_node("b", kind="body", name="Ministry of Justice", body_kind="Ministry", implementer_load=3)
    >>> G.add_node("a", kind="activity", label="1.7", status="limited")
    >>> G.add_edge("a", "b")
    >>> H = styled(G)
    >>> H.nodes["b"]["label"], H.nodes["b"]["viz"]["color"]["b"], H.nodes["a"]["viz"]
    ('Ministry of Justice', 168, {'color': {'r': 252, 'g': 141, 'b': 89, 'a': 1.0}, 'size': 9})
    """
    H = G.copy()
    aliases = aliases or {}
    bodies = body_nodes(H)
    sizes = _sizes({b: float(H.nodes[b].get("implementer_load") or H.degree(b) or 0) for b in bodies}, view)
    for body in bodies:
        node = H.nodes[body]
        group = kind_group(node.get("body_kind"), collective=bool(node.get("collective")))
        node.update(label=short_name(str(node.get("name") or body), aliases.get(body, ())), group=group.key,
                    viz={"color": rgb(group.colour), "size": sizes[body]})
    for activity in activity_nodes(H):
        node = H.nodes[activity]
        status = status_of(node.get("status"))
        node.update(label=str(node.get("label") or activity), status=status.key,
                    viz={"color": rgb(status.colour), "size": ACTIVITY_SIZE})
    if layout and H.number_of_nodes():
        positions = nx.spring_layout(H, seed=seed, scale=1000.0)
        for n, (x, y) in positions.items():
            H.nodes[n]["viz"]["position"] = {"x": round(float(x), 2), "y": round(float(y), 2), "z": 0.0}
    return H


def _holds(link: dict[str, Any], role: str) -> bool:
    """Whether an activity–body link passes the page's role filter."""
    if role == "implementer":
        return bool(link.get("implementer"))
    if role == "recommended-to":
        return bool(link.get("recommended"))
    return True


def page_network(data: VizData, *, view: str = "bipartite", section: str | None = None,
                 status: str | Iterable[str] | None = None, role: str | None = None, focus: str | None = None,
                 max_bodies: int = MAX_BODIES, layout: bool = False) -> nx.Graph:
    """What the page with these options shows, as a styled network with the bodies' metrics.

    ``view`` is ``bipartite`` (activities and bodies) or ``bodies`` (``agency``: bodies linked by
    shared activities, in ``role``); the other options are :func:`build_model`'s, and a value the
    page cannot show raises :class:`~napkg.viz.options.ViewOptionError` naming it.
    """
    network = VIEW_NETWORKS.get(view)
    if network is None:
        from napkg.viz.options import ViewOptionError

        raise ViewOptionError(f"{view!r} is not a view; use one of {', '.join(VIEW_NETWORKS)}", parameter="view")
    page_view = "bipartite" if network == "bipartite" else "agency"
    model = build_model(data, view=page_view, section=section, status=status, role=role, focus=focus,
                        max_bodies=max_bodies, details="fetch")
    B, initial = data.network, model.initial
    section_iri = None if initial["section"] is None else model.sections[initial["section"]]["iri"]
    drawn_bodies = {entry["iri"] for entry in model.bodies.values()}
    drawn = {node["id"] for node in model.nodes if node.get("nk") == "activity"} if network == "bipartite" else set()
    codes = {(entry["code"], model.plans[entry["plan"]]["iri"]) for key, entry in model.activities.items()
             if network != "bipartite" or key in drawn}
    passing = [a for a in activity_nodes(B)
               if (str(B.nodes[a]["label"]), B.nodes[a].get("plan")) in codes
               and (section_iri is None or B.nodes[a].get("section") == section_iri)
               and (not initial["statuses"] or status_of(B.nodes[a].get("status")).key in initial["statuses"])]
    links = [(a, b) for a in passing for b, link in B.adj[a].items()
             if b in drawn_bodies and _holds(link, initial["role"])]
    if focus is not None and initial["focus"] is not None:
        focused = (model.bodies.get(initial["focus"]) or {}).get("iri")
        if focused is not None:  # a body: its activities and their bodies
            around = {a for a, b in links if b == focused}
            links = [(a, b) for a, b in links if a in around]
        else:  # an activity: it and its bodies
            code = model.activities[initial["focus"]]
            links = [(a, b) for a, b in links
                     if (str(B.nodes[a]["label"]), B.nodes[a].get("plan")) == (code["code"], model.plans[code["plan"]]["iri"])]
    kept: set[Any] = {b for _, b in links}
    if network == "bipartite":
        kept |= {a for a, _ in links}
    G = network_with_metrics(data.analysis, network=network, role=model.initial["role"])
    sub = G.subgraph(kept).copy()
    sub.graph.update(G.graph, view=network, section=section or "", status=",".join(model.initial["statuses"]),
                     focus=focus or "")
    return styled(sub, view=network, aliases={k: tuple(v) for k, v in data.aliases.items()}, layout=layout)
