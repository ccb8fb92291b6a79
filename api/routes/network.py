"""``/network``: the network page as a file for Gephi or Cytoscape, GEXF or GraphML, with the page's view and filters.

``GET /network?format=gexf&view=bodies&status=limited`` answers what ``/viz`` with the same
options draws (:func:`napkg.viz.download.page_network`): the same nodes, labelled as on the page,
each coloured as the page's legend colours it and sized by its load (``viz:color`` and
``viz:size`` in GEXF, ``r``, ``g``, ``b`` and ``size`` in GraphML), every body with its load and
bottleneck metrics as attributes; with ``layout=true``, a position too.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from napkg.api.deps import KnownParameters
from napkg.api.errors import BadRequest, error_example
from napkg.graph.errors import NotFound
from napkg.api.routes.viz import GraphSource, _viz_data, graph_source, page_option_error
from napkg.graph.analysis.export import network_bytes
from napkg.graph.store.formats import NETWORK_FORMATS, find_format
from napkg.viz.download import page_network
from napkg.viz.options import ROLE_FILTERS, STATUSES, ViewOptionError

__all__ = ["router"]

router = APIRouter(tags=["viz"], dependencies=[KnownParameters])

_EXAMPLE = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:viz="http://www.gexf.net/1.1draft/viz" version="1.2">…<node id="https://w3id.org/nap-kg/id/body/'
            'az/ministry-of-justice" label="Ministry of Justice">…<viz:color r="31" g="95" b="168" a="1.0" />'
            '<viz:size value="41.3" />…</gexf>')


@router.get(
    "/network",
    name="get_network",
    response_class=Response,
    summary="The network as GEXF or GraphML, as /viz draws it",
    description="The bodies and activities (`view=bipartite`) or the bodies linked by shared activities "
                "(`view=bodies`) that `/viz` with the same `section`, `status`, `role` and `focus` draws, as a file "
                "for Gephi, Cytoscape or networkx: node labels, the colour of the page's legend and a size by load "
                "(GEXF `viz:color`/`viz:size`, GraphML `r`/`g`/`b`/`size`), each body's load and bottleneck metrics "
                "as attributes, and with `layout=true` a position (`viz:position`, GraphML `x`/`y`).",
    responses={200: {"content": {f.media_type: {"example": _EXAMPLE} for f in NETWORK_FORMATS},
                     "description": "The network file (GEXF or GraphML)."},
               400: {"description": "A format, view or filter the page does not have.",
                     **error_example(BadRequest, "status: 'started' is not a status; use one of not-started, "
                                                 "limited, substantial, complete, unknown", parameter="status")},
               404: {"description": "A focus that names no body or activity, with close matches.",
                     **error_example(NotFound, "focus: no body or activity in the network is named "
                                               "'Ministry of Justise' (close matches: Ministry of Justice)",
                                     parameter="focus")}},
)
def network_download(
    request: Request,
    format: Annotated[Literal["gexf", "graphml"], Query(
        description="The file format: `gexf` (GEXF 1.2, Gephi) or `graphml` (GraphML: Cytoscape, Gephi, yEd).",
        examples=["gexf"])] = "gexf",
    view: Annotated[Literal["bipartite", "bodies", "agency"], Query(
        description="`bipartite`: bodies and activities; `bodies` (the page's `agency`): bodies only, linked by "
                    "shared activities.", examples=["bodies"])] = "bipartite",
    section: Annotated[str | None, Query(max_length=300, description="Only a section: its number or IRI.",
                                         examples=["2"])] = None,
    status: Annotated[list[str] | None, Query(
        description=f"Only activities of these statuses: {', '.join(s.key for s in STATUSES)} (repeat the "
                    "parameter, or separate with commas).", examples=[["not-started", "limited"]])] = None,
    role: Annotated[str, Query(max_length=100, description=f"The role bodies hold: {', '.join(ROLE_FILTERS)}.",
                               examples=["implementer"])] = "all",
    focus: Annotated[str | None, Query(max_length=1000, description="Focused on a body (its name, alias, id or "
                                       "IRI) or an activity (its IRI), as /viz is.",
                                       examples=["Ministry of Justice"])] = None,
    layout: Annotated[bool, Query(description="true: compute a layout (networkx's spring layout, seeded) and give "
                                  "each node a position.", examples=[False])] = False,
    source: GraphSource = Depends(graph_source),
) -> Response:
    """The network file."""
    chosen = find_format(format, NETWORK_FORMATS)
    assert chosen is not None  # the Literal holds only the table's keys
    data = _viz_data(request.app, source)
    try:
        G = page_network(data, view=view, section=section, status=status, role=role, focus=focus,
                         max_bodies=source.max_bodies, layout=layout)
    except ViewOptionError as exc:
        raise page_option_error(exc, "/network") from exc
    name = f"nap-kg-{'bipartite' if view == 'bipartite' else 'bodies'}.{chosen.extension}"
    return Response(network_bytes(G, format=chosen.key), media_type=chosen.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
