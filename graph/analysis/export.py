"""Write the networks as GraphML or GEXF, for Gephi, Cytoscape and other network tools.

GraphML and GEXF hold only strings, numbers and booleans: :func:`exportable` copies a network
with every attribute turned into one of those (dates as ISO strings, missing values left out).
:func:`network_with_metrics` gives the network to export — the activity–body network or its
projection onto bodies — with each body's metrics of an :class:`~napkg.graph.analysis.results.AnalysisResult`
as node attributes, so a tool can size or colour bodies by load or bottleneck score.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from napkg.graph.analysis.network import body_projection, projection_role
from napkg.graph.analysis.results import AnalysisResult

__all__ = ["FORMATS", "NETWORKS", "exportable", "network_with_metrics", "write_network"]

FORMATS = {
    "graphml": "GraphML (Cytoscape, Gephi, yEd)",
    "gexf": "GEXF 1.2 (Gephi)",
}
"""The file formats :func:`write_network` writes, with the tools that read them."""

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


def exportable(G: nx.Graph) -> nx.Graph:
    """A copy of ``G`` whose attributes are all strings, numbers or booleans; None values are left out.

    >>> from datetime import date
    >>> G = nx.Graph()
    >>> G.add_node("a1", end_date=date(2020, 12, 31), section=None, complete=False)
    >>> exportable(G).nodes["a1"]
    {'end_date': '2020-12-31', 'complete': False}
    """
    H = G.__class__()
    H.graph.update({k: _plain(v) for k, v in G.graph.items() if v is not None})
    H.add_nodes_from((n, {k: _plain(v) for k, v in data.items() if v is not None}) for n, data in G.nodes(data=True))
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
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    path = Path(path)
    H = exportable(G)
    if format == "graphml":
        nx.write_graphml(H, path, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(H, path, encoding="utf-8", prettyprint=True)
    return path
