"""Write the networks as GraphML or GEXF, for Gephi, Cytoscape and other network tools.

GraphML and GEXF hold only strings, numbers and booleans: :func:`exportable` copies a network
with every attribute turned into one of those (dates as ISO strings, missing values left out).
:func:`network_with_metrics` gives the network to export — the activity–body network or its
projection onto bodies — with each body's metrics of an :class:`~napkg.graph.analysis.results.AnalysisResult`
as node attributes, so a tool can size or colour bodies by load or bottleneck score.

A node's ``viz`` attribute (``{"color": {"r", "g", "b", "a"}, "size", "position": {"x", "y", "z"}}``,
as :mod:`napkg.viz.download` gives it) is written as GEXF's ``viz:color``, ``viz:size`` and
``viz:position``, and in GraphML as the ``r``, ``g``, ``b``, ``size``, ``x`` and ``y`` attributes
Gephi reads. :func:`network_bytes` gives the file's bytes (what the service sends).
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from napkg.graph.analysis.network import body_projection, projection_role
from napkg.graph.analysis.results import AnalysisResult
from napkg.graph.store.formats import NETWORK_FORMATS

__all__ = ["FORMATS", "NETWORKS", "exportable", "network_with_metrics", "write_network",
           "network_bytes"]

FORMATS = {f.key: f.label for f in NETWORK_FORMATS}
"""The file formats :func:`write_network` writes, with the tools that read them (rows of the format table)."""

NETWORKS = {
    "bipartite": "activities and bodies, each edge carrying the body's role",
    "bodies": "bodies linked when they share activities, weighted by how many",
}
"""The networks :func:`network_with_metrics` gives."""

_METRICS_SKIPPED = {"iri", "name", "id", "country", "collective", "kind"}


def _plain(value: Any) -> Any:
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _flat_viz(viz: dict[str, Any]) -> dict[str, Any]:
    """GEXF's ``viz`` attributes as the flat GraphML attributes Gephi reads."""
    colour, position = viz.get("color") or {}, viz.get("position") or {}
    flat = {k: colour[k] for k in ("r", "g", "b") if k in colour}
    flat.update({k: float(position[k]) for k in ("x", "y") if k in position})
    if "size" in viz:
        flat["size"] = float(viz["size"])
    return flat


def _node_attributes(data: dict[str, Any], *, keep_viz: bool) -> dict[str, Any]:
    attributes = {k: _plain(v) for k, v in data.items() if v is not None and k != "viz"}
    if isinstance(data.get("viz"), dict):
        attributes.update({"viz": data["viz"]} if keep_viz else _flat_viz(data["viz"]))
    return attributes


def exportable(G: nx.Graph, *, keep_viz: bool = False) -> nx.Graph:
    """A copy of ``G`` whose attributes are all strings, numbers or booleans; None values are left out.

    A node's ``viz`` is kept as it is with ``keep_viz`` (GEXF), else flattened to ``r``, ``g``, ``b``,
    ``size``, ``x``, ``y`` (GraphML).

    >>> from datetime import date
    >>> G = nx.Graph()
    >>> G.add_node("a1", end_date=date(2020, 12, 31), section=None, complete=False)
    >>> G.add_node("b1", viz={"color": {"r": 31, "g": 95, "b": 168, "a": 1.0}, "size": 20})
    >>> exportable(G).nodes["a1"], exportable(G).nodes["b1"]
    ({'end_date': '2020-12-31', 'complete': False}, {'r': 31, 'g': 95, 'b': 168, 'size': 20.0})
    """
    H = G.__class__()
    H.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, _node_attributes(data, keep_viz=keep_viz)) for n, data in G.nodes(data=True))
    H.add_edges_from((u, v, {k: _plain(x) for k, x in data.items() if x is not None}) for u, v, data in G.edges(data=True))
    return H


def network_with_metrics(result: AnalysisResult, *, network: str = "bipartite", role: str = "all") -> nx.Graph:
    """The network to export, each body node carrying its metrics.

    ``network`` is ``"bipartite"`` (activities and bodies) or ``"bodies"`` (the projection onto
    bodies for ``role``: ``"all"``, ``"implementer"`` or ``"recommended-to"``, in any spelling
    :func:`~napkg.graph.analysis.network.projection_role` takes). Body nodes get the
    figures of :class:`~napkg.graph.analysis.results.BodyMetrics` (``implementer_load``,
    ``bottleneck_score``, …); the graph records how betweenness was computed.
    """
    if network not in NETWORKS:
        raise ValueError(f"network must be one of {', '.join(NETWORKS)}, not {network!r}")
    role = projection_role(role)
    if network == "bipartite":
        G = result.network.copy()
    else:
        G = body_projection(result.network, role=role)
    G.graph.update({
        "network": network, "role": role if network == "bodies" else "all",
        "betweenness": result.sampling.describe(), "as_of": result.as_of,
    })
    for body, metrics in result.bodies.items():
        if body in G:
            G.nodes[body].update({k: v for k, v in metrics.as_dict().items() if k not in _METRICS_SKIPPED})
    return G


def write_network(G: nx.Graph, path: Path | str, *, format: str) -> Path:
    """Write ``G`` to ``path`` as ``format`` (a key of :data:`FORMATS`); returns the path.

    >>> import tempfile
    >>> G = nx.Graph([("a", "b")])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_network(G, Path(folder) / "g.graphml", format="graphml")
    ...     sorted(nx.read_graphml(written).edges)
    [('a', 'b')]
    """
    path = Path(path)
    path.write_bytes(network_bytes(G, format=format))
    return path


def network_bytes(G: nx.Graph, *, format: str) -> bytes:
    """``G`` as a GraphML or GEXF file (``format`` a key of :data:`FORMATS`), in UTF-8.

    >>> b"viz:color" in network_bytes(nx.Graph([("a", "b")]), format="gexf")
    False
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    out = io.BytesIO()
    if format == "graphml":
        nx.write_graphml(exportable(G), out, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(exportable(G, keep_viz=True), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()
