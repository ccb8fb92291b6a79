"""The wire format between Python and the page's script (``viz/static/network.js``): named keys, never positions.

The model (:class:`VizModel`) holds the items below; the page carries them in three JSON blocks:
``napkg-nodes`` and ``napkg-edges`` (vis-network items, the bodies-and-activities view's nodes and
role edges) and ``napkg-data`` (:func:`wire_data`: the held activities in columns, lists as
numbers, the bodies-only view's links as pairs of body numbers). Every item is an object whose
keys the script reads by name; docs/viz.md lists them. The model's items, in short:

- node: ``id``, ``label``, ``group`` (``kind-<group>`` or ``status-<status>``), ``shape``, ``nk``
  (``"body"`` or ``"activity"``), a body's ``value`` (its load) and ``mass``;
- edge: ``id``, ``from``, ``to``, ``nk``: ``"role"`` (bipartite view; ``implementer`` and
  ``recommended`` true or false) or ``"shared"`` (bodies-only view; the activities the two bodies
  share, in ``both_implement``, ``both_recommended`` and ``mixed`` lists of activity node ids);
- ``bodies[id]``: ``iri``, ``name``, ``id``, ``aliases``, ``kind``, ``group``, ``country``,
  ``collective``, ``load``, ``metrics``, and what it holds: ``implements`` and ``recommended``
  (activity node ids) with ``roles`` (the role words of those held other than plainly);
- ``activities[id]``: ``code``, ``plan`` and ``section`` (indexes into ``plans`` and ``sections``),
  ``status``; ``claimed`` (the status the latest graded evidence claims, a status key, or null)
  and ``above`` (true when that claim is above the assessed status); ``iri`` unless it is the plan's ``activity_base`` + code; and, on a page that carries
  its details (``details="inline"``), ``title``, ``period``, ``owners`` (``body`` node id or
  ``entry`` index into ``search``, ``roles``, ``role``) and ``evidence`` (``excerpt``, ``date``,
  ``lines``, ``claim`` the phrase the claim rests on or null, ``cite`` an index into ``citations``: ``report``, ``document``, ``file``). A page
  without them (``details="fetch"``, the served page) asks the service for an activity's details
  when the side panel opens it: ``GET /activities/{code}?plan={plan IRI}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import networkx as nx

from napkg.viz.data import Evidence
from napkg.viz.options import RECOMMENDED_EDGE, ROLE_FILTERS, STATUSES, KindGroup, Status

__all__ = [
    "Details", "VizModel", "wire_data", "node_index", "role_words", "body_node", "activity_node", "role_edge", "shared_edge", "body_entry",
    "activity_entry", "owner_entry", "evidence_entry", "metrics_entry",
]

Details = Literal["inline", "fetch"]
"""Whether the page carries every activity's details (a file that opens offline) or asks the service for them."""


def role_words(link: Mapping[str, Any]) -> str:
    """The roles an activity–body link holds, in words: ``"lead"``, ``"implementer, recommended-to"``, …"""
    held = [word for word in ("lead", "supporting") if link.get(word)]
    if link.get("implementer") and not held:
        held.append("implementer")
    if link.get("recommended"):
        held.append("recommended-to")
    return ", ".join(held)


def body_node(node_id: str, label: str, group: KindGroup, load: int, mass: float) -> dict[str, Any]:
    """A body's vis-network node."""
    return {"id": node_id, "label": label, "group": f"kind-{group.key}", "nk": "body",
            "shape": "diamond" if group.key == "collective" else "dot", "value": load, "mass": mass}


def activity_node(node_id: str, code: str, status: Status) -> dict[str, Any]:
    """An activity's vis-network node (a square labelled with its number)."""
    return {"id": node_id, "label": code, "group": f"status-{status.key}", "nk": "activity", "shape": "square"}


def role_edge(edge_id: str, activity_id: str, body_id: str, link: Mapping[str, Any]) -> dict[str, Any]:
    """An edge of the bipartite view: the body holds a role in the activity (dashed when only recommended-to)."""
    edge = {"id": edge_id, "from": activity_id, "to": body_id, "nk": "role",
            "implementer": bool(link["implementer"]), "recommended": bool(link["recommended"])}
    if not link["implementer"]:
        edge.update(dashes=True, color=RECOMMENDED_EDGE)
    return edge


def shared_edge(edge_id: str, u_id: str, v_id: str, shares: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]],
                width: float) -> dict[str, Any]:
    """An edge of the bodies-only view; ``shares`` are (activity node id, u's link, v's link)."""
    edge: dict[str, Any] = {"id": edge_id, "from": u_id, "to": v_id, "nk": "shared",
                            "both_implement": [], "both_recommended": [], "mixed": [], "width": width}
    for activity, lu, lv in shares:
        implement, recommended = lu["implementer"] and lv["implementer"], lu["recommended"] and lv["recommended"]
        if implement:
            edge["both_implement"].append(activity)
        if recommended:
            edge["both_recommended"].append(activity)
        if not implement and not recommended:
            edge["mixed"].append(activity)
    return edge


def metrics_entry(m: Any, ranked_among: int) -> dict[str, Any]:
    """A body's load and bottleneck figures (an :class:`~napkg.graph.analysis.AgencyMetrics`), rounded for reading."""
    return {
        "implementer_load": m.implementer_load, "lead_load": m.lead_load, "recommended_load": m.recommended_load,
        "shared_implementer_load": round(m.shared_implementer_load, 2), "open_load": m.open_load,
        "overdue": m.overdue, "sections": m.sections, "bottleneck_score": round(m.bottleneck_score, 2),
        "bottleneck_rank": m.bottleneck_rank, "ranked_among": ranked_among,
        "betweenness": round(m.betweenness, 3), "bridging": round(m.bridging, 2),
        "articulation_point": bool(m.articulation_point),
    }


def body_entry(B: nx.Graph, body: str, *, held: Iterable[tuple[str, Mapping[str, Any], str]], aliases: tuple[str, ...],
               kind: str, group: KindGroup, load: int, metrics: dict[str, Any] | None) -> dict[str, Any]:
    """A body's side-panel details; ``held`` are (activity node id, link, :func:`role_words` of the link) in
    the order the panel lists them."""
    node = B.nodes[body]
    entry: dict[str, Any] = {
        "iri": body, "name": str(node["name"]), "id": node.get("slug"), "aliases": list(aliases), "kind": kind,
        "group": group.key, "country": node.get("country"), "collective": bool(node.get("collective")), "load": load,
        "implements": [], "recommended": [], "roles": {}, "metrics": metrics,
    }
    for activity, link, words in held:
        entry["implements" if link["implementer"] else "recommended"].append(activity)
        if link["implementer"] and link["recommended"]:
            entry["recommended"].append(activity)
        if words not in ("implementer", "recommended-to"):
            entry["roles"][activity] = words
    return entry


def evidence_entry(evidence: Evidence | None, citations: dict[tuple[str | None, ...], int]) -> dict[str, Any] | None:
    """The latest evidence of an activity; its citation is said once in ``citations`` for all the evidence citing it."""
    if evidence is None:
        return None
    cite = citations.setdefault((evidence.report, evidence.document, evidence.file), len(citations))
    return {"excerpt": evidence.excerpt, "date": evidence.date, "lines": evidence.lines, "claim": evidence.claim_basis,
            "cite": cite}


def owner_entry(body_id: str | None, entry: int | None, link: Mapping[str, Any]) -> dict[str, Any]:
    """An owner of an activity: its body's node id when drawn, else its index in the search list."""
    return {"body": body_id, "entry": entry, "roles": role_words(link),
            "role": "implementer" if link["implementer"] else "recommended-to"}


def activity_entry(activity: str, *, code: str, plan: int, section: int | None, status: Status, claimed: str | None,
                   above: bool, activity_base: str | None) -> dict[str, Any]:
    """What every page holds of an activity: its number, plan, section and status (what the filters
    read), and the status its evidence claims beside it (``claimed``, and ``above`` when higher than assessed)."""
    entry: dict[str, Any] = {"code": code, "plan": plan, "section": section, "status": status.key,
                             "claimed": claimed, "above": above}
    if activity_base is None or activity != activity_base + code:
        entry["iri"] = activity
    return entry


@dataclass(frozen=True)
class VizModel:
    """One page: vis-network ``nodes`` and ``edges`` of both views, details, legend, filters and initial state.

    ``nodes`` holds only what the bipartite view can draw; ``bodies`` and ``activities`` are the
    side panel's details by node id, for every activity a drawn body holds, drawn or not;
    ``search`` every body of the network on a page that carries its details, empty on one that
    asks the service (``details="fetch"``). The keys of every item are those of this module's
    docstring; :func:`wire_data` writes them compact.
    """

    title: str
    plans: list[dict[str, Any]]
    citations: list[dict[str, str | None]]
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    bodies: dict[str, dict[str, Any]]
    activities: dict[str, dict[str, Any]]
    sections: list[dict[str, Any]]
    search: list[dict[str, Any]]
    initial: dict[str, Any]
    counts: dict[str, dict[str, int]]
    left_out: dict[str, Any] | None
    as_of: str
    legend: dict[str, Any]
    details: Details = "inline"
    links: Literal["iri", "path"] = "iri"
    status_labels: Mapping[str, str] | None = None

    def page_data(self) -> dict[str, Any]:
        """What the page's script reads, besides the nodes and role edges: JSON-ready, in the compact
        wire format of the module's docstring (:func:`wire_data`)."""
        return wire_data(self)


_HELD_KEYS = ("code", "plan", "section", "status", "claimed", "above", "iri")


def node_index(node_id: str) -> int:
    """The number of a body or activity node id (``"b12"``, ``"a7"``): its place in the page's lists.

    >>> node_index("a7"), node_index("b12")
    (7, 12)
    """
    return int(node_id[1:])


def _section_entry(section: Mapping[str, Any], plans: list[dict[str, Any]]) -> dict[str, Any]:
    """A section as the page carries it: ``code``, ``title``, and ``plan`` (an index into ``plans``)
    when its IRI is the plan's followed by ``/section/<code>``, else ``iri``; ``label`` when the
    page's label is not ``§<code> <title>``."""
    entry: dict[str, Any] = {"code": section["code"], "title": section["title"]}
    plan = next((i for i, p in enumerate(plans) if p["iri"] and section["iri"] == f"{p['iri']}/section/{section['code']}"),
                None)
    if plan is None:
        entry["iri"] = section["iri"]
    else:
        entry["plan"] = plan
    if section["label"] != f"§{section['code']}" + (f" {section['title']}" if section["title"] else ""):
        entry["label"] = section["label"]
    return entry


def wire_data(model: VizModel) -> dict[str, Any]:
    """``model`` as the page carries it (docs/viz.md, "The wire format").

    What every held activity needs for the filters and the side panel's lists travels in columns
    (``held``: ``code``, ``plan``, ``section``, ``status`` an index into ``statuses``; ``claimed``,
    ``above`` and ``iri`` only where there is something to say), indexed by the activity's number
    (node id ``a<i>``); ``activities`` keeps what a file carries beside (title, period, owners,
    evidence), and is empty on a served page. A body's ``implements`` and ``recommended`` are
    activity numbers. The bodies-only view's links are ``shared``, pairs of body numbers; the page
    finds what two bodies share from their lists. ``search`` is null on a served page, which asks
    the service (``/agencies?q=``) for a body it does not draw.
    """
    labels = model.status_labels or {}
    status_index = {s.key: i for i, s in enumerate(STATUSES)}
    held: dict[str, Any] = {"code": [], "plan": [], "section": [], "status": [], "claimed": {}, "above": [], "iri": {}}
    activities: dict[str, dict[str, Any]] = {}
    for i, (node_id, entry) in enumerate(model.activities.items()):
        if node_index(node_id) != i:
            raise ValueError(f"activity node {node_id!r} is not number {i} of the page's activities")
        held["code"].append(entry["code"])
        held["plan"].append(entry["plan"])
        held["section"].append(entry["section"])
        held["status"].append(status_index[entry["status"]])
        if entry.get("claimed"):
            held["claimed"][i] = status_index[entry["claimed"]]
        if entry.get("above"):
            held["above"].append(i)
        if "iri" in entry:
            held["iri"][i] = entry["iri"]
        rest = {k: v for k, v in entry.items() if k not in _HELD_KEYS}
        if rest:
            activities[node_id] = rest
    bodies = {}
    for i, (node_id, body) in enumerate(model.bodies.items()):
        if node_index(node_id) != i:
            raise ValueError(f"body node {node_id!r} is not number {i} of the page's bodies")
        bodies[node_id] = {**body, "implements": [node_index(a) for a in body["implements"]],
                           "recommended": [node_index(a) for a in body["recommended"]],
                           "roles": {node_index(a): words for a, words in body["roles"].items()}}
    shared = [node_index(end) for e in model.edges if e["nk"] == "shared" for end in (e["from"], e["to"])]
    return {
        "title": model.title, "plans": model.plans, "citations": model.citations, "bodies": bodies,
        "held": held, "activities": activities, "shared": shared,
        "sections": [_section_entry(s, model.plans) for s in model.sections],
        "statuses": [{"key": s.key, "label": labels.get(s.term, s.label), "colour": s.colour} for s in STATUSES],
        "roles": [{"key": k, "label": v} for k, v in ROLE_FILTERS.items()],
        "search": model.search if model.details == "inline" else None,
        "initial": model.initial, "counts": model.counts, "leftOut": model.left_out, "asOf": model.as_of,
        "details": model.details, "links": model.links,
    }
