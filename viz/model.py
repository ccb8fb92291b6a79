"""What the network page shows, as plain data: nodes, edges, details, legend and filters.

Nothing here draws or imports pyvis (:mod:`napkg.viz.page` draws). Two steps:

- :func:`load_viz_data` reads the graph once through a ``Select``: the activity–body network
  and the analyses of :mod:`napkg.graph.analysis`, plus what the side panel shows (aliases,
  periods, section and plan titles, the latest evidence with its source);
- :func:`build_model` turns that into a :class:`VizModel` for one request: every node and
  edge of both views (the bipartite activity–body view and the agency view, bodies linked
  by shared activities), the details of each body and activity, the legend, the choices of
  the filters and the page's initial state (view, section, status, role, focus).

When the network has more than ``max_bodies`` bodies the model keeps the most loaded
(activities held, in any role; bodies matching the initial filters first, the focused body
always); the bipartite view then draws about :data:`ACTIVITIES_PER_BODY` activities per body
kept, those most kept bodies share. :attr:`VizModel.left_out` says what was left out.

The model's node and edge lists are fresh dicts: the caller's networks are never changed.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx

from napkg.graph.errors import NapKgError
from napkg.graph.select import Select
from napkg.graph.vocabulary import SPARQL_PROLOGUE as PREFIXES
from napkg.graph.namespace import NAP
from napkg.graph.analysis.network import activity_nodes, body_nodes, local_name

__all__ = [
    "PAGE_POLICY", "VIEWS", "ROLE_FILTERS", "STATUSES", "KIND_GROUPS", "MAX_BODIES", "ACTIVITIES_PER_BODY",
    "ViewOptionError", "Evidence", "VizData", "VizModel", "load_viz_data", "build_model", "kind_group",
    "body_load", "short_name", "excerpt",
]

PAGE_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "connect-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: every script and style is inline, and it fetches nothing."""

MAX_BODIES = 300
"""Most bodies drawn by default (the service takes ``max_viz_bodies`` from its settings)."""

ACTIVITIES_PER_BODY = 3
"""On a capped page the bipartite view draws at most this many activities per body drawn."""

RECOMMENDED_EDGE = "#98a2b0"
"""The colour of a recommended-to edge (dashed); other edges take the page's edge colour."""

VIEWS = {
    "bipartite": "bodies and activities, an edge for each role a body holds in an activity",
    "agency": "bodies only, linked when they share activities; the wider the line, the more they share",
}
"""The two views of the page."""

ROLE_FILTERS = {
    "all": "any role",
    "implementer": "implementer (lead and supporting included)",
    "recommended": "recommended-to",
}
"""The role filter: which part a body must play in an activity for the link to show."""


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    colour: str


STATUSES = (
    Status("NotStarted", "not started", "#d7301f"),
    Status("Limited", "limited", "#fc8d59"),
    Status("Substantial", "substantial", "#91cf60"),
    Status("Complete", "complete", "#1a9850"),
    Status("unknown", "no status recorded", "#b0b7bf"),
)
"""Activity statuses (``nap:status``, the completion scale) in order, with their colours."""


@dataclass(frozen=True)
class KindGroup:
    key: str
    label: str
    colour: str
    kinds: tuple[str, ...]


KIND_GROUPS = (
    KindGroup("ministry", "ministry", "#1f5fa8", (local_name(NAP.Ministry),)),
    KindGroup("committee", "state committee, commission or council", "#7b4fb0",
              tuple(local_name(k) for k in (NAP.StateCommittee, NAP.Commission, NAP.Council))),
    KindGroup("executive", "other executive body (office, service, agency, central bank)", "#4aa3df",
              tuple(local_name(k) for k in (NAP.ExecutiveOffice, NAP.StateService, NAP.StateAgency, NAP.CentralBank))),
    KindGroup("company", "state company or public legal entity", "#c07a1a",
              tuple(local_name(k) for k in (NAP.StateOwnedCompany, NAP.PublicLegalEntity))),
    KindGroup("independent", "court, parliament or oversight body", "#c2185b",
              tuple(local_name(k) for k in (NAP.Court, NAP.Parliament, NAP.Prosecution, NAP.Ombudsman,
                                            NAP.AuditInstitution))),
    KindGroup("collective", "collective group (umbrella for many bodies)", "#37474f", (local_name(NAP.CollectiveGroup),)),
    KindGroup("other", "other: local, non-state or international body", "#a1887f",
              tuple(local_name(k) for k in (NAP.LocalGovernment, NAP.ProfessionalBody, NAP.Association,
                                            NAP.CivilSocietyOrganisation, NAP.PrivateOrganisation,
                                            NAP.InternationalOrganisation, NAP.OtherBody))),
)
"""How bodies are coloured: each group of body kinds (``nap:kind``) with its colour."""

_GROUP_OF_KIND = {kind: group for group in KIND_GROUPS for kind in group.kinds}
_GROUPS = {group.key: group for group in KIND_GROUPS}
_STATUSES = {status.key: status for status in STATUSES}

LABEL_CHARS = 32
"""A body whose name is longer than this is labelled on the drawing with its shortest alias, if it has one."""

EXCERPT_CHARS = 360
"""Evidence longer than this is cut, at a word, in the side panel."""


class ViewOptionError(NapKgError, ValueError):
    """A page option (view, section, status, role, focus, max_bodies) has a value the page cannot show."""

    def __init__(self, message: str, *, parameter: str, suggestions: list[str] | None = None) -> None:
        self.parameter = parameter
        self.suggestions = suggestions or []
        close = f" (close matches: {'; '.join(self.suggestions[:5])})" if self.suggestions else ""
        super().__init__(f"{parameter}: {message}{close}")


# ---------------------------------------------------------------------------
# Reading the graph
# ---------------------------------------------------------------------------

_ALIASES = PREFIXES + """
SELECT ?body ?alias WHERE { ?body a nap:Body ; skos:altLabel ?alias }"""

_CONCEPT_LABELS = PREFIXES + """
SELECT ?concept ?label WHERE {
  ?concept skos:inScheme ?scheme ; skos:prefLabel ?label .
  FILTER(?scheme IN (nap:BodyKindScheme, nap:CompletionScale))
}"""

_SECTIONS = PREFIXES + """
SELECT ?section ?code ?title ?plan WHERE {
  ?section a nap:Section .
  OPTIONAL { ?section nap:code ?code }
  OPTIONAL { ?section dcterms:title ?title }
  OPTIONAL { ?section nap:plan ?plan }
}"""

_PLANS = PREFIXES + """
SELECT ?plan ?title WHERE { ?plan a nap:ActionPlan . OPTIONAL { ?plan dcterms:title ?title } }"""

_PERIODS = PREFIXES + """
SELECT ?activity ?start ?end WHERE {
  ?activity a nap:Activity .
  OPTIONAL { ?activity nap:startYear ?start }
  OPTIONAL { ?activity nap:endYear ?end }
}"""

_EVIDENCE = PREFIXES + """
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?activity ?evidence ?text ?date ?report ?document ?file ?lines WHERE {
  ?activity a nap:Activity ; nap:evidence ?evidence .
  ?evidence nap:text ?text .
  OPTIONAL { ?evidence dcterms:date ?date }
  OPTIONAL { ?evidence nap:report/dcterms:title ?report }
  OPTIONAL {
    ?evidence prov:wasDerivedFrom ?place . ?place oa:hasSource ?source .
    OPTIONAL { ?source dcterms:title ?document }
    OPTIONAL { ?source nap:sourceFile ?file }
    OPTIONAL { ?place oa:hasSelector/rdf:value ?lines FILTER(STRSTARTS(STR(?lines), "line=")) }
  }
}"""


@dataclass(frozen=True)
class Evidence:
    """The latest evidence on an activity, cut to an excerpt, with where it comes from."""

    excerpt: str
    date: str | None
    report: str | None
    document: str | None
    file: str | None
    lines: str | None

    @property
    def source(self) -> str | None:
        """The source in words: ``Document title (file, lines a-b)``."""
        where = ", ".join(part for part in (self.file, self.lines) if part)
        text = (self.document or "") + (f" ({where})" if where else "")
        return text.strip() or None


@dataclass(frozen=True)
class VizData:
    """Everything the page can show, read from the graph once (see :func:`load_viz_data`)."""

    analysis: Any  # napkg.graph.analysis.AnalysisResult
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    labels: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    plans: Mapping[str, str] = field(default_factory=dict)
    periods: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    evidence: Mapping[str, Evidence] = field(default_factory=dict)

    @property
    def network(self) -> nx.Graph:
        """The activity–body network (read only: the model copies what it needs)."""
        return self.analysis.network


def _lines(value: str | None) -> str | None:
    """RFC 5147 ``line=a,b`` (lines a+1 to b) as words.

    >>> _lines("line=4,7"), _lines("line=4,5"), _lines(None)
    ('lines 5-7', 'line 5', None)
    """
    match = re.fullmatch(r"line=(\d+),(\d+)", value or "")
    if not match:
        return None
    first, last = int(match[1]) + 1, int(match[2])
    return f"line {first}" if first >= last else f"lines {first}-{last}"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` with its white space folded, cut at a word with an ellipsis past ``limit`` characters.

    >>> excerpt("one  two three", 9)
    'one two…'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _year(value: Any) -> int | None:
    try:
        return int(str(value)[:4])
    except (TypeError, ValueError):
        return None


def load_viz_data(select: Select, *, analysis: Any = None, as_of: date | None = None) -> VizData:
    """Read what the page shows from the graph ``select`` reads.

    ``analysis`` is an :class:`~napkg.graph.analysis.AnalysisResult` already computed on the
    same graph (its network is used as it is, never changed); without it the network is read
    and analysed here, judging overdue activities of plans without a report as of ``as_of``.
    """
    if analysis is None:
        from napkg.graph.analysis import analyse

        analysis = analyse(select, as_of=as_of)
    aliases: dict[str, list[str]] = defaultdict(list)
    for row in select(_ALIASES):
        if row["alias"] not in aliases[row["body"]]:
            aliases[row["body"]].append(str(row["alias"]))
    labels = {local_name(row["concept"]): str(row["label"]) for row in select(_CONCEPT_LABELS)}
    sections = {
        row["section"]: {"code": row.get("code"), "title": row.get("title"), "plan": row.get("plan")}
        for row in select(_SECTIONS)
    }
    plans = {row["plan"]: str(row.get("title") or local_name(row["plan"])) for row in select(_PLANS)}
    periods = {row["activity"]: (_year(row.get("start")), _year(row.get("end"))) for row in select(_PERIODS)}
    latest: dict[str, dict[str, Any]] = {}
    for row in sorted(select(_EVIDENCE), key=lambda r: (str(r.get("date") or ""), r["evidence"])):
        latest[row["activity"]] = row  # the latest report wins
    evidence = {}
    for activity, row in latest.items():
        text = {key: str(row[key]) if row.get(key) else None for key in ("date", "report", "document", "file")}
        evidence[activity] = Evidence(excerpt=excerpt(str(row["text"])), lines=_lines(row.get("lines")), **text)
    return VizData(analysis=analysis, aliases={b: tuple(a) for b, a in aliases.items()}, labels=labels,
                   sections=sections, plans=plans, periods=periods, evidence=evidence)


# ---------------------------------------------------------------------------
# The model of one page
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class VizModel:
    """One page: vis-network nodes and edges of both views, details, legend, filters and initial state.

    ``nodes`` and ``edges`` are vis-network items (``id``, ``label``, ``shape``, ``group``
    for the colour, ``value`` for a body's size, …) with the fields the page's script filters
    on: ``nk`` (``"body"``, ``"activity"``, ``"role"`` edge of the bipartite view,
    ``"shared"`` edge of the agency view); ``impl``/``rec`` flags of a role edge; ``acts`` of a
    shared edge (``[activity node id, flags]``: 1 both implement, 2 both are recommended-to).
    An activity's section and status, which the filters read, are in its details.

    ``nodes`` holds only what the bipartite view can draw. ``bodies`` and ``activities`` are
    the side panel's details by node id, for every activity a drawn body holds, drawn or not
    (the agency view counts them and the panel lists them): a body ``holds``
    ``[activity, role words, implementer, recommended]``; an activity's ``owners`` are
    ``[body node id or None, index into search when not drawn, role words, role]``, its
    ``plan`` and ``section`` indexes into ``plans`` and ``sections``, its evidence's ``cite``
    an index into ``citations`` (``[report, document title, file]``), said once for all its
    evidence.
    """

    title: str
    plans: list[str]
    citations: list[list[str | None]]
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

    def page_data(self) -> dict[str, Any]:
        """What the page's script reads, besides the nodes and edges: JSON-ready."""
        return {
            "title": self.title, "plans": self.plans, "citations": self.citations, "bodies": self.bodies,
            "activities": self.activities,
            "sections": self.sections, "statuses": [{"key": s.key, "label": s.label, "colour": s.colour} for s in STATUSES],
            "roles": [{"key": k, "label": v} for k, v in ROLE_FILTERS.items()], "search": self.search,
            "initial": self.initial, "counts": self.counts, "leftOut": self.left_out, "asOf": self.as_of,
        }


def kind_group(body_kind: str | None, *, collective: bool = False) -> KindGroup:
    """The colour group of a body kind (a ``nap:kind`` local name).

    >>> kind_group("StateCommittee").key, kind_group(None).key, kind_group(None, collective=True).key
    ('committee', 'other', 'collective')
    """
    if collective:
        return _GROUPS["collective"]
    return _GROUP_OF_KIND.get(body_kind or "", _GROUPS["other"])


def body_load(B: nx.Graph) -> dict[str, int]:
    """The activities each body holds, in any role: what the page sizes bodies by and keeps the most of.

    >>> from napkg.graph.analysis.network import network_from_links
    >>> body_load(network_from_links([("a1", "moj", "lead"), ("a1", "parl", "recommended"), ("a2", "moj", "implementer")]))
    {'moj': 2, 'parl': 1}
    """
    return {body: B.degree(body) for body in body_nodes(B)}


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _status_keys(status: str | Iterable[str] | None) -> list[str]:
    if status is None:
        return []
    values = [status] if isinstance(status, str) else list(status)
    folded = {_fold(s.key): s.key for s in STATUSES} | {_fold(s.label): s.key for s in STATUSES}
    keys = []
    for value in values:
        for part in str(value).split(","):
            if not part.strip():
                continue
            key = folded.get(_fold(part))
            if key is None:
                raise ViewOptionError(f"{part.strip()!r} is not a status; use one of "
                                      + ", ".join(s.key for s in STATUSES), parameter="status")
            if key not in keys:
                keys.append(key)
    return keys


def _section_label(code: Any, title: Any, plan: str | None, plans: Mapping[str, str], several_plans: bool) -> str:
    label = f"§{code}" if code is not None else "section"
    if title:
        label += f" {title}"
    if several_plans and plan:
        label += f" ({plans.get(plan, local_name(plan))})"
    return label


def _resolve_section(value: str | None, sections: list[dict[str, Any]]) -> int | None:
    if value is None or value == "":
        return None
    wanted = value.strip().casefold()
    exact = [s["key"] for s in sections if wanted in (s["iri"].casefold(), str(s["code"]).casefold(), s["title"].casefold())]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise ViewOptionError(f"{value!r} names sections of several plans; give the section's IRI",
                              parameter="section", suggestions=[sections[k]["iri"] for k in exact])
    numbers = ", ".join(dict.fromkeys(s["code"] for s in sections))
    raise ViewOptionError(f"no section is called {value!r}; use a section number ({numbers}) or IRI",
                          parameter="section")


def _resolve_focus(value: str | None, B: nx.Graph, aliases: Mapping[str, tuple[str, ...]]) -> str | None:
    if value is None or value == "":
        return None
    names: dict[str, list[str]] = defaultdict(list)
    for body in body_nodes(B):
        data = B.nodes[body]
        for name in {body, str(data.get("slug") or ""), str(data["name"]), *aliases.get(body, ())}:
            if name:
                names[name.casefold()].append(body)
    found = list(dict.fromkeys(names.get(value.strip().casefold(), [])))
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise ViewOptionError(f"{value!r} names several bodies; give the body's IRI", parameter="focus",
                              suggestions=found)
    close = difflib.get_close_matches(value.strip().casefold(), [k for k in names if not k.startswith("http")],
                                      n=5, cutoff=0.5)
    raise ViewOptionError(f"no body in the network is named {value!r}", parameter="focus",
                          suggestions=list(dict.fromkeys(str(B.nodes[names[k][0]]["name"]) for k in close)))


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


def _takes_part(data: Mapping[str, Any], role: str) -> bool:
    return role == "all" or bool(data["implementer" if role == "implementer" else "recommended"])


def _role_words(data: Mapping[str, Any]) -> str:
    held = [word for flag, word in (("lead", "lead"), ("supporting", "supporting")) if data.get(flag)]
    if data.get("implementer") and not held:
        held.append("implementer")
    if data.get("recommended"):
        held.append("recommended-to")
    return ", ".join(held)


def _metrics(m: Any, ranked: Mapping[bool, int]) -> dict[str, Any]:
    return {
        "implementer_load": m.implementer_load, "lead_load": m.lead_load, "recommended_load": m.recommended_load,
        "shared_implementer_load": round(m.shared_implementer_load, 2), "open_load": m.open_load,
        "overdue": m.overdue, "sections": m.sections, "bottleneck_score": round(m.bottleneck_score, 2),
        "bottleneck_rank": m.bottleneck_rank, "ranked_among": ranked[m.collective],
        "betweenness": round(m.betweenness, 3), "bridging": round(m.bridging, 2),
        "articulation_point": bool(m.articulation_point),
    }


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
) -> VizModel:
    """The page for ``data``: both views, opened on ``view`` with the filters and focus given.

    ``section`` is a section's number, title or IRI; ``status`` one or more statuses (keys
    of :data:`STATUSES` or their labels, comma-separated or a list); ``role`` a key of
    :data:`ROLE_FILTERS`; ``focus`` a body's IRI, id, name or alias. A value the page cannot
    show raises :class:`ViewOptionError` naming the parameter.

    At most ``max_bodies`` bodies are drawn, and in the bipartite view about ``max_activities``
    activities (default: :data:`ACTIVITIES_PER_BODY` × ``max_bodies``): those that most drawn
    bodies share, and for each drawn body at least one. The page still holds every activity of the drawn bodies, so
    the agency view counts them all and the side panel lists them (see the module's docstring).
    """
    if view not in VIEWS:
        raise ViewOptionError(f"{view!r} is not a view; use one of {', '.join(VIEWS)}", parameter="view")
    role = role or "all"
    if role not in ROLE_FILTERS:
        raise ViewOptionError(f"{role!r} is not a role; use one of {', '.join(ROLE_FILTERS)}", parameter="role")
    if max_bodies < 1:
        raise ViewOptionError(f"must be at least 1, not {max_bodies}", parameter="max_bodies")
    max_activities = ACTIVITIES_PER_BODY * max_bodies if max_activities is None else max_activities
    if max_activities < 1:
        raise ViewOptionError(f"must be at least 1, not {max_activities}", parameter="max_activities")
    statuses = _status_keys(status)
    B, analysis = data.network, data.analysis
    all_activities, all_bodies = activity_nodes(B), body_nodes(B)

    several_plans = len({B.nodes[a]["plan"] for a in all_activities}) > 1
    used_sections = sorted({B.nodes[a]["section"] for a in all_activities if B.nodes[a]["section"]},
                           key=lambda s: (str(data.sections.get(s, {}).get("plan") or ""),
                                          _natural(data.sections.get(s, {}).get("code")), s))
    sections = []
    for key, iri in enumerate(used_sections):
        info = data.sections.get(iri, {})
        code, title = info.get("code") or local_name(iri), str(info.get("title") or "")
        sections.append({"key": key, "iri": iri, "code": str(code), "title": title,
                         "label": _section_label(code, title, info.get("plan"), data.plans, several_plans)})
    section_key = {s["iri"]: s["key"] for s in sections}
    chosen_section = _resolve_section(section, sections)
    focus_body = _resolve_focus(focus, B, data.aliases)

    # Which bodies and activities the page holds, and which activities the bipartite view draws
    load = body_load(B)

    def passes(activity: str) -> bool:
        node = B.nodes[activity]
        return ((chosen_section is None or section_key.get(node["section"]) == chosen_section)
                and (not statuses or node["status"] in statuses))

    preferred = {body for body in all_bodies
                 if any(passes(a) and _takes_part(B.adj[body][a], role) for a in B.adj[body])}
    ranked = sorted(all_bodies, key=lambda b: (b not in preferred, -load[b], str(B.nodes[b]["name"]).casefold(), b))
    kept = ranked[:max_bodies]
    if focus_body is not None and focus_body not in kept:
        kept = kept[:-1] + [focus_body]
    kept_set = set(kept)
    capped = len(kept) < len(all_bodies)
    held_by = {a: [b for b in B.adj[a] if b in kept_set] for a in all_activities}
    activities = [a for a in all_activities if not capped or held_by[a]]
    drawn = set(activities)
    if len(activities) > max_activities:
        by_interest = sorted(activities, key=lambda a: (
            not passes(a), focus_body not in B.adj[a], -len(held_by[a]), bool(B.nodes[a]["complete"]),
            _natural(B.nodes[a]["label"]), a))
        drawn = set(by_interest[:max_activities])
        rank = {a: i for i, a in enumerate(by_interest)}
        for body in kept:  # every drawn body keeps at least its most shared activity
            if not any(a in drawn for a in B.adj[body]):
                drawn.add(min(B.adj[body], key=rank.__getitem__))

    body_id = {body: f"b{i}" for i, body in enumerate(sorted(kept, key=lambda b: (-load[b], b)))}
    activity_id = {activity: f"a{i}" for i, activity in enumerate(activities)}
    ranked_among = Counter(bool(m.collective) for m in analysis.bodies.values())

    nodes: list[dict[str, Any]] = []
    bodies: dict[str, dict[str, Any]] = {}
    for body, node_id in body_id.items():
        node = B.nodes[body]
        group = kind_group(node.get("body_kind"), collective=bool(node.get("collective")))
        label = short_name(str(node["name"]), data.aliases.get(body, ()))
        nodes.append({"id": node_id, "label": label, "group": f"kind-{group.key}", "nk": "body",
                      "shape": "diamond" if group.key == "collective" else "dot", "value": load[body],
                      "mass": _mass(label)})
        held = sorted(B.adj[body].items(),
                      key=lambda item: (not item[1]["implementer"], _natural(B.nodes[item[0]]["label"])))
        metrics = analysis.bodies.get(body)
        bodies[node_id] = {
            "iri": body, "name": str(node["name"]), "id": node.get("slug"), "aliases": list(data.aliases.get(body, ())),
            "kind": data.labels.get(node.get("body_kind") or "", _words(node.get("body_kind"))), "group": group.key,
            "country": node.get("country"), "collective": bool(node.get("collective")), "load": load[body],
            "holds": [[activity_id[a], _role_words(d), int(bool(d["implementer"])), int(bool(d["recommended"]))]
                      for a, d in held if a in activity_id],
            "metrics": _metrics(metrics, ranked_among) if metrics is not None else None,
        }

    search = [{"id": body_id.get(body), "name": str(B.nodes[body]["name"]), "slug": B.nodes[body].get("slug"),
               "aliases": list(data.aliases.get(body, ())), "load": load[body], "iri": body} for body in all_bodies]
    search_index = {entry["iri"]: i for i, entry in enumerate(search)}  # how an undrawn owner is cited
    plans = sorted({B.nodes[a].get("plan") for a in activities}, key=str)
    plan_key = {plan: i for i, plan in enumerate(plans)}
    citations: dict[tuple[str | None, ...], int] = {}  # (report, document, file) -> index, said once
    activity_details: dict[str, dict[str, Any]] = {}
    for activity, node_id in activity_id.items():
        node = B.nodes[activity]
        status_ = _STATUSES.get(node["status"], _STATUSES["unknown"])
        if activity in drawn:  # the others are held for the agency view and the side panel only
            nodes.append({"id": node_id, "label": str(node["label"]), "group": f"status-{status_.key}", "nk": "activity",
                          "shape": "square"})
        start, end = data.periods.get(activity, (None, None))
        owners = sorted(B.adj[activity].items(),
                        key=lambda item: (not item[1]["implementer"], str(B.nodes[item[0]]["name"])))
        evidence = data.evidence.get(activity)
        activity_details[node_id] = {
            "iri": activity, "code": str(node["label"]), "title": node.get("title"),
            "plan": plan_key[node.get("plan")],
            "section": section_key.get(node["section"]),
            "status": status_.key, "statusLabel": data.labels.get(node["status"], status_.label),
            "period": _period(start, end),
            "owners": [[body_id.get(b), None if b in body_id else search_index[b], _role_words(d),
                        "implementer" if d["implementer"] else "recommended"] for b, d in owners],
            "evidence": None if evidence is None else {
                "excerpt": evidence.excerpt, "date": evidence.date, "lines": evidence.lines,
                "cite": citations.setdefault((evidence.report, evidence.document, evidence.file), len(citations))},
        }

    edges: list[dict[str, Any]] = []
    for activity in activities:
        if activity not in drawn:
            continue
        for body, d in sorted(B.adj[activity].items()):
            if body in body_id:
                edge = {"id": f"e{len(edges)}", "from": activity_id[activity], "to": body_id[body], "nk": "role",
                        "impl": int(bool(d["implementer"])), "rec": int(bool(d["recommended"]))}
                if not d["implementer"]:
                    edge.update(dashes=True, color=RECOMMENDED_EDGE)
                edges.append(edge)
    role_edges = len(edges)
    shared: dict[tuple[str, str], list[list[Any]]] = defaultdict(list)
    for activity in activities:
        members = sorted(held_by[activity])
        for i, u in enumerate(members):
            for v in members[i + 1:]:
                du, dv = B.adj[activity][u], B.adj[activity][v]
                flags = (1 if du["implementer"] and dv["implementer"] else 0) | (2 if du["recommended"] and dv["recommended"] else 0)
                shared[u, v].append([activity_id[activity], flags])
    for (u, v), acts in sorted(shared.items(), key=lambda item: (body_id[item[0][0]], body_id[item[0][1]])):
        edges.append({"id": f"p{len(edges) - role_edges}", "from": body_id[u], "to": body_id[v], "nk": "shared",
                      "acts": acts, "width": _width(len(acts))})

    counts = {
        "bipartite": {"nodes": len({e["to"] for e in edges[:role_edges]})
                      + len([a for a in drawn if B.adj[a] or not capped]), "edges": role_edges},
        "agency": {"nodes": len(body_id), "edges": len(edges) - role_edges},
        "network": {"bodies": len(all_bodies), "activities": len(all_activities)},
    }
    left_out = _left_out(B, load, kept, all_bodies, all_activities, activities, drawn,
                         filtered=len(preferred) < len(all_bodies))

    plan_titles = sorted({data.plans.get(B.nodes[a]["plan"], local_name(B.nodes[a]["plan"])) for a in all_activities
                          if B.nodes[a]["plan"]})
    title = plan_titles[0] if len(plan_titles) == 1 else f"{len(plan_titles)} action plans"
    initial = {
        "view": view, "section": chosen_section, "statuses": statuses, "role": role,
        "focus": body_id.get(focus_body) if focus_body else None,
    }
    legend = {
        "groups": [g for g in KIND_GROUPS if any(bodies[n]["group"] == g.key for n in bodies)],
        "statuses": [s for s in STATUSES if any(a["status"] == s.key for a in activity_details.values())],
        "max_load": max(load.values(), default=0),
        "max_shared": max((len(acts) for acts in shared.values()), default=0),
    }
    return VizModel(
        title=title, plans=[data.plans.get(p or "", local_name(p) or "") for p in plans],
        citations=[list(pair) for pair in citations], nodes=nodes, edges=edges, bodies=bodies, activities=activity_details, sections=sections,
        search=search, initial=initial, counts=counts, left_out=left_out, as_of=analysis.as_of.isoformat(),
        legend=legend,
    )


def _left_out(B: nx.Graph, load: Mapping[str, int], kept: list[str], all_bodies: list[str], all_activities: list[str],
              activities: list[str], drawn: set[str], *, filtered: bool) -> dict[str, Any] | None:
    """What a capped page leaves out, in numbers and in words; None when it draws everything."""
    left = [b for b in all_bodies if b not in set(kept)]
    dropped = len(all_activities) - len(activities)
    undrawn = len(activities) - len(drawn)
    if not left and not undrawn:
        return None
    sentences = []
    if left:
        most = max(load[b] for b in left)
        sentences.append(
            f"This network has {len(all_bodies):,} bodies, too many to draw at once: the page draws the {len(kept):,} "
            f"that hold the most activities{' among those matching the filters given' if filtered else ''}. "
            f"Left out: {len(left):,} bodies, each holding at most {most} {'activity' if most == 1 else 'activities'}"
            + (f", and {dropped:,} activities that no drawn body holds." if dropped else "."))
    if undrawn:
        sentences.append(
            f"The bodies-and-activities view draws {len(drawn):,} of the drawn bodies' {len(activities):,} activities, "
            "those most of them share; the bodies-only view and the side panel count them all.")
    sentences.append("Search finds left-out bodies too; focus on one to draw it.")
    return {"bodies": len(left), "activities": dropped, "undrawn_activities": undrawn,
            "max_load": max((load[b] for b in left), default=0), "text": " ".join(sentences)}


def _natural(code: Any) -> tuple[Any, ...]:
    """A sort key that puts "1.2" before "1.10".

    >>> sorted(["1.10", "1.2", "2"], key=_natural)
    ['1.2', '1.10', '2']
    """
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", str(code or "")))


def _words(kind: str | None) -> str:
    """A CamelCase kind as words, for a graph without the ontology's labels.

    >>> _words("StateOwnedCompany")
    'state owned company'
    """
    return re.sub(r"(?<!^)(?=[A-Z])", " ", kind or "unknown").lower()


def _period(start: int | None, end: int | None) -> str | None:
    if start is None and end is None:
        return None
    if start == end or end is None:
        return str(start)
    return f"{start}-{end}" if start is not None else f"until {end}"


def _width(shared: int) -> float:
    """An agency edge's width: 1 for one shared activity, growing with the square root, at most 10."""
    return round(min(10.0, 1 + 1.6 * (shared - 1) ** 0.5), 2)
