"""The model of one network page: from what the graph holds (:class:`~napkg.viz.data.VizData`) to a :class:`VizModel`.

:func:`build_model` checks the options, chooses what the page holds and draws
(:mod:`napkg.viz.choice`), and writes every node, edge and detail in the page's wire format
(:mod:`napkg.viz.wire`). Nothing here draws or imports pyvis (:mod:`napkg.viz.page` draws). The
model's lists are fresh dicts: the caller's networks are never changed. The bodies-only view's
links are the analyses' projection onto bodies (:func:`napkg.graph.analysis.network.body_projection`,
``AnalysisResult.projection``), restricted to the bodies drawn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import networkx as nx

from napkg.graph.analysis.network import local_name
from napkg.viz.choice import Choice, body_load, choose, left_out
from napkg.viz.data import Evidence, VizData, excerpt, load_viz_data
from napkg.viz.filters import Focus, iri_path, natural, page_sections, resolve_focus, resolve_section
from napkg.viz.options import (
    ACTIVITIES_PER_BODY, KIND_GROUPS, MAX_BODIES, PAGE_POLICY, ROLE_FILTERS, SERVED_PAGE_POLICY, STATUSES, VIEWS,
    KindGroup, Status, ViewOptionError, check_view, kind_group, role_key, status_keys, status_of,
)
from napkg.viz.wire import (
    Details, VizModel, activity_entry, activity_node, body_entry, body_node, evidence_entry, metrics_entry, owner_entry,
    role_edge, role_words, shared_edge,
)

__all__ = [
    "PAGE_POLICY", "SERVED_PAGE_POLICY", "VIEWS", "ROLE_FILTERS", "STATUSES", "KIND_GROUPS", "MAX_BODIES",
    "ACTIVITIES_PER_BODY", "LABEL_CHARS", "ViewOptionError", "Evidence", "VizData", "VizModel", "load_viz_data",
    "build_model", "kind_group", "body_load", "short_name", "excerpt", "iri_path",
]

LABEL_CHARS = 32
"""A body whose name is longer than this is labelled on the drawing with its shortest alias, if it has one."""


def short_name(name: str, aliases: Iterable[str], *, limit: int = LABEL_CHARS) -> str:
    """A body's label on the drawing: its name, or, when the name is long, its shortest alias that
    begins the name (a colloquial alias such as "Ministry of Technology" would mislead).

    >>> short_name("Central Bank of the Republic of Azerbaijan", ["Central Bank", "CBA"])
    'Central Bank'
    >>> short_name("Ministry of Justice", ["Ministry Justice"])
    'Ministry of Justice'
    >>> short_name("Ministry of Transport, Communications and High Technologies", ["Ministry of Technology"])
    'Ministry of Transport, Communications and High Technologies'
    """
    if len(name) <= limit:
        return name
    shorter = sorted((a for a in aliases if 8 <= len(a) < len(name) and name.casefold().startswith(a.casefold())),
                     key=lambda a: (len(a), a))
    return shorter[0] if shorter else name


def _mass(label: str) -> float:
    """A body's mass in the layout: a longer label pushes its neighbours further away.

    >>> _mass("Ministry of Justice"), _mass("x" * 60)
    (1.6, 2.5)
    """
    return round(1 + min(1.5, len(label) / 32), 1)


def _words(kind: str | None) -> str:
    """A CamelCase kind as words, for a graph without the ontology's labels.

    >>> _words("StateOwnedCompany")
    'state owned company'
    """
    return "".join(f" {c.lower()}" if c.isupper() and i else c.lower() for i, c in enumerate(kind or "unknown"))


def _period(start: int | None, end: int | None) -> str | None:
    """An activity's period in words.

    >>> _period(2020, 2022), _period(2021, None), _period(None, 2022), _period(None, None)
    ('2020-2022', '2021', 'until 2022', None)
    """
    if start is None and end is None:
        return None
    if start == end or end is None:
        return str(start)
    return f"{start}-{end}" if start is not None else f"until {end}"


def _width(shared: int) -> float:
    """An agency edge's width: 1 for one shared activity, growing with the square root, at most 10."""
    return round(min(10.0, 1 + 1.6 * (shared - 1) ** 0.5), 2)


@dataclass(frozen=True)
class _Options:
    """The options of one page, checked and resolved against the network."""

    view: str
    role: str
    statuses: list[str]
    sections: list[dict[str, Any]]
    section: int | None
    focus: Focus | None
    max_bodies: int
    max_activities: int


def _check_options(data: VizData, *, view: str, section: str | None, status: str | Iterable[str] | None,
                   role: str | None, focus: str | None, max_bodies: int, max_activities: int | None) -> _Options:
    if max_bodies < 1:
        raise ViewOptionError(f"must be at least 1, not {max_bodies}", parameter="max_bodies")
    max_activities = ACTIVITIES_PER_BODY * max_bodies if max_activities is None else max_activities
    if max_activities < 1:
        raise ViewOptionError(f"must be at least 1, not {max_activities}", parameter="max_activities")
    sections = _sections(data)
    return _Options(view=check_view(view), role=role_key(role), statuses=status_keys(status), sections=sections,
                    section=resolve_section(section, sections),
                    focus=resolve_focus(focus, data.network, data.aliases, index=data.index),
                    max_bodies=max_bodies, max_activities=max_activities)


def _sections(data: VizData) -> list[dict[str, Any]]:
    """The page's sections (:func:`~napkg.viz.filters.page_sections`): fresh dicts of those worked out once for ``data``."""
    return [dict(section) for section in data.page_sections]


def _choose(data: VizData, options: _Options) -> Choice:
    index = data.index
    passing: set[str] | None = None
    if options.section is not None or options.statuses:
        among = index.activities if options.section is None else index.by_section.get(
            options.sections[options.section]["iri"], [])
        status_key = index.status_key
        passing = {a for a in among if not options.statuses or status_key[a] in options.statuses}
    focus = options.focus
    return choose(data.network, passes=None if passing is None else passing.__contains__, role=options.role,
                  focus=focus.bodies if focus else (), focus_activity=focus.node if focus and focus.is_activity else None,
                  max_bodies=options.max_bodies, max_activities=options.max_activities, index=index)


def _plans(data: VizData, activities: list[str]) -> list[dict[str, Any]]:
    """The plans of the page's activities: title, IRI and, when all its activities' IRIs are ``<plan>/activity/<code>``, that base."""
    facts = _activity_facts(data)
    based: dict[Any, bool] = {}
    for a in activities:
        fact = facts[a]
        based[fact.plan] = based.get(fact.plan, True) and fact.based
    found = []
    for plan in sorted(based, key=str):
        base = f"{plan}/activity/" if plan and based[plan] else None
        found.append({"iri": plan, "title": data.plans.get(plan or "", local_name(plan) or ""), "activity_base": base})
    return found


@dataclass(frozen=True)
class _BodyPart:
    """What a body's node and side-panel entry hold whatever the page's options, worked out once per body."""

    label: str
    group: KindGroup
    kind: str
    metrics: dict[str, Any] | None
    held: list[tuple[str, Mapping[str, Any], str]]  # (activity, link, role words), in the order the panel lists them


def _body_part(data: VizData, body: str) -> _BodyPart:
    parts: dict[str, _BodyPart] = data.index.memo("body parts", dict)
    part = parts.get(body)
    if part is None:
        B = data.network
        ranked_among = data.index.memo("ranked among", lambda: Counter(bool(m.collective) for m in data.analysis.bodies.values()))
        node = B.nodes[body]
        held = sorted(B.adj[body].items(), key=lambda item: (not item[1]["implementer"], natural(B.nodes[item[0]]["label"])))
        metrics = data.analysis.bodies.get(body)
        part = parts[body] = _BodyPart(
            label=short_name(str(node["name"]), data.aliases.get(body, ())),
            group=kind_group(node.get("body_kind"), collective=bool(node.get("collective"))),
            kind=data.labels.get(node.get("body_kind") or "", _words(node.get("body_kind"))),
            metrics=None if metrics is None else metrics_entry(metrics, ranked_among[metrics.collective]),
            held=[(a, link, role_words(link)) for a, link in held])
    return part


def _bodies(B: nx.Graph, data: VizData, choice: Choice, body_id: Mapping[str, str], activity_id: Mapping[str, str]
            ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The bodies' nodes and side-panel details."""
    nodes, details = [], {}
    for body, node_id in body_id.items():
        part = _body_part(data, body)
        nodes.append(body_node(node_id, part.label, part.group, choice.load[body], _mass(part.label)))
        details[node_id] = body_entry(
            B, body, held=[(activity_id[a], link, words) for a, link, words in part.held],
            aliases=data.aliases.get(body, ()), kind=part.kind, group=part.group, load=choice.load[body],
            metrics=None if part.metrics is None else dict(part.metrics))
    return nodes, details


def _search(data: VizData, load: Mapping[str, int], body_id: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every body of the network, drawn or not, as the search finds it (``id`` is its node id, None when not drawn)."""
    B = data.network
    return [{"id": body_id.get(body), "name": str(B.nodes[body]["name"]), "slug": B.nodes[body].get("slug"),
             "aliases": list(data.aliases.get(body, ())), "load": load[body], "iri": body} for body in data.index.bodies]


class _Facts(NamedTuple):
    """What an activity's entry says whatever the page's options."""

    code: str
    status: Status
    section: int | None  # its key among the page's sections
    plan: Any
    claimed: str | None
    above: bool
    based: bool  # its IRI is its plan's followed by /activity/<code>


def _activity_facts(data: VizData) -> dict[str, _Facts]:
    """Each activity's :class:`_Facts`, worked out once for ``data``."""
    def make() -> dict[str, _Facts]:
        B = data.network
        section_key = {s["iri"]: s["key"] for s in data.page_sections}
        facts = {}
        for activity in data.index.activities:
            node = B.nodes[activity]
            code, plan = str(node["label"]), node.get("plan")
            facts[activity] = _Facts(code, status_of(node["status"]), section_key.get(node["section"]), plan,
                                     node.get("claimed_status"), bool(node.get("claimed_above_assessed")),
                                     bool(plan) and activity == f"{plan}/activity/{code}")
        return facts

    return data.index.memo("activity facts", make)


def _activities(B: nx.Graph, data: VizData, choice: Choice, *, activity_id: Mapping[str, str], body_id: Mapping[str, str],
                plans: list[dict[str, Any]], sections: list[dict[str, Any]], details: Details
                ) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """The drawn activities' nodes, every held activity's entry (with its details when inline), and the citations."""
    search_index = {body: i for i, body in enumerate(data.index.bodies)} if details == "inline" else {}  # an undrawn owner
    plan_key = {plan["iri"]: i for i, plan in enumerate(plans)}
    facts = _activity_facts(data)
    citations: dict[tuple[str | None, ...], int] = {}
    nodes, entries = [], {}
    for activity, node_id in activity_id.items():
        code, status, section, plan_iri, claimed, above, _ = facts[activity]
        if activity in choice.drawn:  # the others are held for the agency view and the side panel only
            nodes.append(activity_node(node_id, code, status))
        plan = plan_key[plan_iri]
        entry = activity_entry(activity, code=code, plan=plan, section=section, status=status, claimed=claimed,
                               above=above, activity_base=plans[plan]["activity_base"])
        if details == "inline":
            node = B.nodes[activity]
            owners = sorted(B.adj[activity].items(), key=lambda item: (not item[1]["implementer"], str(B.nodes[item[0]]["name"])))
            entry.update(
                title=node.get("title"), period=_period(*data.periods.get(activity, (None, None))),
                owners=[owner_entry(body_id.get(b), None if b in body_id else search_index[b], link) for b, link in owners],
                evidence=evidence_entry(data.evidence.get(activity), citations))
        entries[node_id] = entry
    cited = [{"report": r, "document": d, "file": f} for r, d, f in citations]
    return nodes, entries, cited


def _edges(adj: Mapping[str, Mapping[str, Any]], projection: nx.Graph, choice: Choice, body_id: Mapping[str, str], activity_id: Mapping[str, str]
           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The role edges of the drawn activities, and the bodies-only view's links: ``projection`` among the kept bodies.

    ``adj`` is the network's adjacency (:attr:`~napkg.viz.index.NetworkIndex.adj`).
    """
    roles = [role_edge(f"e{i}", activity_id[a], body_id[b], adj[a][b])
             for i, (a, b) in enumerate((a, b) for a in choice.activities if a in choice.drawn
                                        for b in sorted(adj[a]) if b in body_id)]
    # the activities each two kept bodies share, walked activity by activity (in the page's order)
    common: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a in choice.activities:
        kept = [b for b in adj[a] if b in body_id]
        for i, u in enumerate(kept):
            for v in kept[i + 1:]:
                common[(u, v) if body_id[u] < body_id[v] else (v, u)].append(a)
    shared = []
    for (u, v), together in sorted(common.items(), key=lambda item: (body_id[item[0][0]], body_id[item[0][1]])):
        if not projection.has_edge(u, v):  # the projection's links among the kept bodies, no others
            continue
        shared.append(shared_edge(f"p{len(shared)}", body_id[u], body_id[v],
                                  [(activity_id[a], adj[a][u], adj[a][v]) for a in together], _width(len(together))))
    return roles, shared


def _counts(data: VizData, choice: Choice, roles: list[dict[str, Any]], shared: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
    B = data.network
    drawn_activities = [a for a in choice.drawn if B.adj[a] or not choice.capped]
    return {
        "bipartite": {"nodes": len({e["to"] for e in roles}) + len(drawn_activities), "edges": len(roles)},
        "agency": {"nodes": len(choice.bodies), "edges": len(shared)},
        "network": {"bodies": len(data.index.bodies), "activities": len(data.index.activities)},
    }


def _title(data: VizData) -> str:
    titles = sorted({data.plans.get(plan, local_name(plan)) for plan in data.index.plans if plan})
    return titles[0] if len(titles) == 1 else f"{len(titles)} action plans"


def build_model(
    data: VizData,
    *,
    view: str = "bipartite",
    section: str | None = None,
    status: str | Iterable[str] | None = None,
    role: str | None = None,
    focus: str | None = None,
    max_bodies: int = MAX_BODIES,
    max_activities: int | None = None,
    details: Details = "inline",
    links: str = "iri",
) -> VizModel:
    """The page for ``data``: both views, opened on ``view`` with the filters and focus given.

    ``section`` is a section's number, title or IRI; ``status`` one or more statuses (keys of
    :data:`STATUSES` such as ``not-started``, old spellings such as ``NotStarted``, or labels;
    comma-separated or a list); ``role`` a key of :data:`ROLE_FILTERS` (``recommended`` is read
    as ``recommended-to``); ``focus`` a body's IRI, id, name or alias, or an activity's IRI (an
    IRI may be given as its path, ``/id/…``). A value the page cannot show raises
    :class:`ViewOptionError` naming the parameter.

    At most ``max_bodies`` bodies are drawn, and in the bipartite view about ``max_activities``
    activities (default: :data:`ACTIVITIES_PER_BODY` × ``max_bodies``); see :mod:`napkg.viz.choice`.
    ``details="fetch"`` leaves the activities' details out of the page, which then asks the
    service for them (the served page); ``links`` says how the side panel links an entity to its
    page: ``"iri"`` (the IRI itself, for a file) or ``"path"`` (the IRI's path on the service).
    """
    if details not in ("inline", "fetch"):
        raise ViewOptionError(f"{details!r} is not inline or fetch", parameter="details")
    if links not in ("iri", "path"):
        raise ViewOptionError(f"{links!r} is not iri or path", parameter="links")
    options = _check_options(data, view=view, section=section, status=status, role=role, focus=focus,
                             max_bodies=max_bodies, max_activities=max_activities)
    B = data.network
    choice = _choose(data, options)
    body_id = {body: f"b{i}" for i, body in enumerate(choice.bodies)}
    activity_id = {activity: f"a{i}" for i, activity in enumerate(choice.activities)}
    plans = _plans(data, choice.activities)
    body_items, bodies = _bodies(B, data, choice, body_id, activity_id)
    activity_items, activities, citations = _activities(B, data, choice, activity_id=activity_id, body_id=body_id,
                                                        plans=plans, sections=options.sections, details=details)
    roles, shared = _edges(data.index.adj, data.analysis.projection, choice, body_id, activity_id)
    focus_id = None
    if options.focus is not None:
        focus_id = (activity_id if options.focus.is_activity else body_id).get(options.focus.node)
    initial = {"view": options.view, "section": options.section, "statuses": options.statuses, "role": options.role,
               "focus": focus_id}
    legend = {
        "groups": [g for g in KIND_GROUPS if any(b["group"] == g.key for b in bodies.values())],
        "statuses": [s for s in STATUSES if any(a["status"] == s.key for a in activities.values())],
        "max_load": max(choice.load.values(), default=0),
        "max_shared": max((len({*e["both_implement"], *e["both_recommended"], *e["mixed"]}) for e in shared), default=0),
    }
    return VizModel(
        title=_title(data), plans=plans, citations=citations, nodes=body_items + activity_items, edges=roles + shared,
        bodies=bodies, activities=activities, sections=options.sections, search=_search(data, choice.load, body_id) if details == "inline" else [],
        initial=initial, counts=_counts(data, choice, roles, shared), left_out=left_out(B, choice, data.index),
        as_of=data.analysis.as_of.isoformat(), legend=legend, details=details, links=links,  # type: ignore[arg-type]
        status_labels=data.labels,
    )
