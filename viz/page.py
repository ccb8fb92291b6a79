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

from napkg.graph.select import Select
from napkg.viz.data import load_viz_data
from napkg.viz.model import build_model
from napkg.viz.options import KIND_GROUPS, MAX_BODIES, PAGE_POLICY, ROLE_FILTERS, SERVED_PAGE_POLICY, STATUSES, VIEWS
from napkg.viz.wire import VizModel

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


PHYSICS = {
    "bipartite": {"gravitationalConstant": -110, "centralGravity": 0.015, "springLength": 110,
                  "springConstant": 0.05, "damping": 0.5, "avoidOverlap": 0.9},
    "agency": {"gravitationalConstant": -260, "centralGravity": 0.012, "springLength": 230,
               "springConstant": 0.02, "damping": 0.5, "avoidOverlap": 1.0},
}
"""vis-network's forceAtlas2Based settings for each view: the agency view is denser, so it spreads wider."""

FONT_SIZE = {"bipartite": 30, "agency": 40}
"""Body labels' size in each view (in the drawing's units: the view is zoomed to fit, so larger spreads wider)."""

BODY_SIZE = {"bipartite": {"min": 18, "max": 56}, "agency": {"min": 24, "max": 80}}
"""Smallest and largest body's radius in each view: the page scales each body's ``value`` (its load) between
them by its square root, so that a body's area follows its load."""


def _label_width(view: str) -> int:
    """The widest a body's label runs before it wraps: about 16 characters, whatever the font size."""
    return round(FONT_SIZE[view] * 9.5)


def _physics(view: str, n: int) -> dict[str, Any]:
    """Physics that settles, then stops (the page turns it off), so a large page does not keep the browser busy."""
    return {
        "enabled": True, "solver": "forceAtlas2Based", "forceAtlas2Based": PHYSICS[view],
        "stabilization": {"enabled": True, "iterations": 500 if n <= 400 else 250 if n <= 1500 else 120,
                          "updateInterval": 25, "fit": True},
        "minVelocity": 1.5,
    }


EDGE_COLOUR = {"color": "#6b7684", "highlight": "#111111", "hover": "#111111"}
LABEL_COLOUR = "#1f2933"


def _groups() -> dict[str, dict[str, Any]]:
    """vis-network node groups: a body's colour says its kind, an activity's its status."""

    def colour(fill: str, border: str) -> dict[str, Any]:
        return {"background": fill, "border": border, "highlight": {"background": fill, "border": "#111111"},
                "hover": {"background": fill, "border": "#111111"}}

    groups = {f"kind-{g.key}": {"color": colour(g.colour, "#ffffff"), "borderWidth": 2,
                                "font": {"color": LABEL_COLOUR}} for g in KIND_GROUPS}
    groups.update({f"status-{s.key}": {"color": colour(s.colour, "#4b5563"), "borderWidth": 1, "size": 9,
                                       "font": {"size": 22, "color": "#374151"}} for s in STATUSES})
    return groups


def _options(model: VizModel) -> dict[str, Any]:
    """vis-network options of the page as it opens."""
    n = len(model.nodes)
    return {
        "autoResize": True,
        "nodes": {"font": {"size": FONT_SIZE[model.initial["view"]], "face": "system-ui, -apple-system, 'Segoe UI', sans-serif",
                           "color": LABEL_COLOUR, "strokeWidth": 4, "strokeColor": "#ffffff"},
                  "widthConstraint": {"maximum": _label_width(model.initial["view"])},
                  "scaling": BODY_SIZE[model.initial["view"]]},
        "edges": {"smooth": False, "width": 1.5, "color": EDGE_COLOUR, "selectionWidth": 1.5, "hoverWidth": 0.5},
        "groups": _groups(),
        "interaction": {"hover": True, "hideEdgesOnDrag": n > 800, "tooltipDelay": 150, "multiselect": False,
                        "navigationButtons": False, "keyboard": False},
        "layout": {"improvedLayout": n <= 150, "randomSeed": 11},
        "physics": _physics(model.initial["view"], n),
    }


def render_model(model: VizModel) -> str:
    """The HTML page of ``model``, drawn with pyvis through nap-kg's template.

    A model whose details are fetched (the served page) gets a policy that lets it fetch from its own origin.
    """
    from pyvis.network import Network

    # directed=True only spares pyvis's check for duplicate undirected edges, which scans every edge
    # for each one added (quadratic); the model has no duplicates, and "arrows" is off on every edge.
    # cdn_resources is not read: nap-kg's template inlines vis-network whatever it says.
    net = Network(height="100%", width="100%", directed=True, heading=model.title)
    for node in model.nodes:  # colours come from the node's group (see _groups)
        options = {k: v for k, v in node.items() if k not in ("id", "label", "shape")}
        net.add_node(node["id"], label=node["label"], shape=node["shape"], **options)
    for edge in model.edges:  # the role edges; the bodies-only view's links travel as pairs in the page's data
        if edge["nk"] != "role":
            continue
        options = {k: v for k, v in edge.items() if k not in ("from", "to")}
        net.add_edge(edge["from"], edge["to"], arrows="", **options)
    net.options = _options(model)
    net.set_template_dir(str(TEMPLATE_DIR), TEMPLATE)  # pyvis's hook: its environment, our template
    net.templateEnv.autoescape = True
    vis, own, n = vis_assets(), _own_assets(), len(model.nodes)
    net.templateEnv.globals.update(
        page=model.page_data(), sections=model.sections, legend=model.legend, views=VIEWS, roles=ROLE_FILTERS,
        policy=SERVED_PAGE_POLICY if model.details == "fetch" else PAGE_POLICY,
        view_options={view: {"physics": _physics(view, n), "font": FONT_SIZE[view], "labelWidth": _label_width(view),
                             "scaling": BODY_SIZE[view]} for view in VIEWS},
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
    from napkg.graph.analysis.network import network_from_links

    return analyse_network(network_from_links([("a1", "moj", "implementer")]))
