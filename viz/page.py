"""Draw the network page with pyvis: one self-contained HTML file that makes no request to another host.

pyvis 0.3.2 builds the vis-network items and renders them through a Jinja2 template; its own
template links vis-network and Bootstrap from CDNs whatever ``cdn_resources`` says, so the
page uses nap-kg's template (``viz/templates/network.html``, set with pyvis's
``set_template_dir`` hook) and inlines vis-network's script and style sheet from the pyvis
package installed, with the page's own script and style (``viz/static/``). The template's
environment autoescapes, and data reach the page as JSON (Jinja's ``tojson``, safe inside
``<script>``); the page's script writes text with ``textContent`` only.

>>> html = render_model(build_model(load_viz_data(_empty_select, analysis=_empty_analysis())))
>>> html.startswith("<!doctype html>"), "<script src" in html
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from napkg.graph.lookup import Select
from napkg.viz.model import (
    KIND_GROUPS, MAX_BODIES, ROLE_FILTERS, STATUSES, VIEWS, VizModel, build_model, load_viz_data,
)

__all__ = ["render_page", "render_model", "vis_assets"]

_HERE = Path(__file__).resolve().parent
TEMPLATE_DIR = _HERE / "templates"
TEMPLATE = "network.html"
STATIC_DIR = _HERE / "static"


def _version(path: Path) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.name))


@lru_cache(maxsize=1)
def vis_assets() -> dict[str, str]:
    """vis-network's script and style sheet as shipped inside the installed pyvis (newest version it has)."""
    import pyvis

    found = sorted((Path(pyvis.__file__).parent / "templates" / "lib").glob("vis-*/vis-network.min.js"),
                   key=lambda p: _version(p.parent))
    if not found:
        raise FileNotFoundError("the installed pyvis ships no vis-network.min.js under templates/lib/")
    folder = found[-1].parent
    return {"vis_js": (folder / "vis-network.min.js").read_text(encoding="utf-8"),
            "vis_css": (folder / "vis-network.css").read_text(encoding="utf-8"),
            "vis_version": folder.name.removeprefix("vis-")}


@lru_cache(maxsize=1)
def _own_assets() -> dict[str, str]:
    return {name: (STATIC_DIR / f"network.{ext}").read_text(encoding="utf-8") for name, ext in (("js", "js"), ("css", "css"))}


def _inline(text: str, tag: str) -> Markup:
    """Trusted file content to put inside ``<script>`` or ``<style>`` as it is."""
    if re.search(rf"</{tag}", text, re.IGNORECASE):
        raise ValueError(f"an asset to inline contains '</{tag}' and would end its element early")
    return Markup(text)


def _options(model: VizModel) -> dict[str, Any]:
    """vis-network options: physics that settles, then stops, so a large page does not keep the browser busy."""
    n = len(model.nodes)
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 26, "face": "system-ui, -apple-system, 'Segoe UI', sans-serif", "color": "#1f2933",
                           "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": 250}},
        "edges": {"smooth": False, "selectionWidth": 1.5, "hoverWidth": 0.5},
        "interaction": {"hover": True, "hideEdgesOnDrag": n > 800, "tooltipDelay": 150, "multiselect": False,
                        "navigationButtons": False, "keyboard": False},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 11},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -110, "centralGravity": 0.015, "springLength": 110,
                                 "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.9},
            "stabilization": {"enabled": True, "iterations": 500 if n <= 400 else 250 if n <= 1500 else 120,
                              "updateInterval": 25, "fit": True},
            "minVelocity": 1.5,
        },
    }


def render_model(model: VizModel) -> str:
    """The HTML page of ``model``, drawn with pyvis through nap-kg's template."""
    from pyvis.network import Network

    # directed=True only spares pyvis's check for duplicate undirected edges, which scans every edge
    # for each one added (quadratic); the model has no duplicates, and "arrows" is off on every edge.
    net = Network(height="100%", width="100%", directed=True, heading=model.title, cdn_resources="remote")
    for node in model.nodes:
        options = {k: v for k, v in node.items() if k not in ("id", "label", "shape", "color")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], color=node["color"], **options)
    for edge in model.edges:
        options = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], arrows="", **options)
    net.options = _options(model)
    net.set_template_dir(str(TEMPLATE_DIR), TEMPLATE)
    net.templateEnv.autoescape = True
    vis = vis_assets()
    own = _own_assets()
    net.templateEnv.globals.update(
        page=model.page_data(),
        legend={"groups": model.legend["groups"], "statuses": model.legend["statuses"],
                "max_load": model.legend["max_load"], "max_shared": model.legend["max_shared"]},
        model=model, views=VIEWS, roles=ROLE_FILTERS, statuses=STATUSES, kind_groups=KIND_GROUPS,
        vis_version=vis["vis_version"],
        vis_js=_inline(vis["vis_js"], "script"), vis_css=_inline(vis["vis_css"], "style"),
        page_js=_inline(own["js"], "script"), page_css=_inline(own["css"], "style"),
    )
    return net.generate_html()


def render_page(
    select: Select,
    *,
    view: str = "bipartite",
    section: str | None = None,
    status: Any = None,
    role: str | None = None,
    focus: str | None = None,
    max_bodies: int = MAX_BODIES,
    analysis: Any = None,
) -> str:
    """The interactive network page of the graph ``select`` reads, as one self-contained HTML string.

    ``view`` (``"bipartite"`` or ``"agency"``), ``section``, ``status``, ``role`` and ``focus``
    set the page's initial state (see :func:`napkg.viz.model.build_model`); the page holds both
    views and lets the reader change every filter. ``analysis`` is an
    :class:`~napkg.graph.analysis.AnalysisResult` of the same graph, to avoid computing it
    again; it is not changed. Raises :class:`~napkg.viz.model.ViewOptionError` for a bad option.
    """
    data = load_viz_data(select, analysis=analysis)
    model = build_model(data, view=view, section=section, status=status, role=role, focus=focus,
                        max_bodies=max_bodies)
    return render_model(model)


def _empty_select(query: str) -> list[dict[str, Any]]:
    return []


def _empty_analysis() -> Any:
    from napkg.graph.analysis import analyse_network
    from napkg.graph.network import network_from_links

    return analyse_network(network_from_links([("a1", "moj", "implementer")]))
