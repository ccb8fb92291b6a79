"""RDF → networkx: the activity–body network of the plans and its projections onto bodies.

:func:`bipartite_network` reads the graph through a ``Select`` (a function that runs a SPARQL
SELECT and returns rows as dicts, see :mod:`napkg.graph.select`) and returns an undirected
``networkx.Graph`` with two kinds of nodes, both keyed by IRI:

- activities: ``kind="activity"``, ``bipartite=0``, ``label`` (the code), ``title``, ``plan``,
  ``section`` (an IRI or None), ``status`` (a key of :data:`~napkg.graph.vocabulary.STATUSES`:
  ``"not-started"``, ``"limited"``, ``"substantial"``, ``"complete"``, or ``"unknown"`` when the
  activity has none), ``claimed_status`` (the status its main evidence, the latest graded one,
  claims: a key, or None when the report makes no claim), ``claimed_above_assessed`` (that claim
  is above the evidence's assessed status on the scale), ``complete``, ``end_date`` (the day
  its period ends: ``nap:endDate``, else 31 December of ``nap:endYear``, else None) and
  ``report_date`` (the date of the latest progress report on its plan, or None);
- bodies: ``kind="body"``, ``bipartite=1``, ``label`` and ``name`` (``rdfs:label``), ``slug``,
  ``collective`` (an umbrella group, ``nap:CollectiveBody``), ``country`` and ``body_kind``.
  Only bodies that some activity names are in the network.

Each edge joins an activity and a body and carries its role: ``role`` is ``"implementer"``
when the activity names the body as implementer (``nap:implementedBy``, ``nap:ledBy`` or
``nap:supportedBy``) and ``"recommended-to"`` when it is only recommended to it; the flags
``implementer``, ``lead``, ``supporting`` and ``recommended`` say every role the body holds
(a body both implementing and recommended-to keeps ``role="implementer"`` and
``recommended=True``). Roles are keys of :data:`napkg.graph.vocabulary.ROLES`.

:func:`body_projection` projects the network onto bodies: two bodies are linked when they share
activities, ``weight`` being how many, per role or combined.

Nothing here reads the data edition: the RDF graph is the single source of truth.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from itertools import combinations
from typing import Any, NamedTuple

import networkx as nx

from napkg.graph.activity_rows import ACTIVITY_ROWS
from napkg.graph.namespace import NAP
from napkg.graph.select import Select
from napkg.graph.vocabulary import RECOMMENDED_TO, ROLES as _VOCABULARY_ROLES, SPARQL_PROLOGUE, STATUSES

__all__ = [
    "ROLES", "PROJECTION_ROLES", "bipartite_network", "network_from_links",
    "body_projection",
    "projection_role", "activity_nodes", "body_nodes", "implementers", "local_name", "status_key",
    "claimed_above", "Claim", "NO_CLAIM", "main_claims",
]

ROLES = ("implementer", RECOMMENDED_TO.key)
"""The two roles of an edge: the body implements the activity, or the activity is only recommended to it."""

_LINK_ROLES = _VOCABULARY_ROLES.keys

PROJECTION_ROLES = ("all", *ROLES)
"""Which shared activities link two bodies in :func:`body_projection` (older spellings such as
``recommended`` are taken too)."""

_FLAG = {"implementer": "implementer", RECOMMENDED_TO.key: "recommended"}

_NAP = str(NAP._NS)

# nap:ledBy and nap:supportedBy are read as well as nap:implementedBy, so that a lead stated
# without its nap:implementedBy still counts as an implementer (no inference is assumed).
_LINKS = SPARQL_PROLOGUE + """
SELECT ?activity ?body ?role WHERE {
  { ?activity nap:implementedBy ?body BIND("implementer" AS ?role) }
  UNION { ?activity nap:ledBy ?body BIND("lead" AS ?role) }
  UNION { ?activity nap:supportedBy ?body BIND("supporting" AS ?role) }
  UNION { ?activity nap:recommendedTo ?body BIND("recommended-to" AS ?role) }
  ?activity a nap:Activity .
}"""

# The graded evidence of each activity (a further passage, such as ``…/evidence/<code>/platform``,
# carries no nap:status and so is never the main evidence), with the status it claims.
_CLAIMS = SPARQL_PROLOGUE + """
SELECT ?activity ?evidence ?date ?assessed ?claimed ?basis WHERE {
  ?activity a nap:Activity ; nap:evidence ?evidence .
  ?evidence nap:status ?assessed .
  OPTIONAL { ?evidence dcterms:date ?date }
  OPTIONAL { ?evidence nap:claimedStatus ?claimed }
  OPTIONAL { ?evidence nap:claimBasis ?basis }
}"""

_BODIES = SPARQL_PROLOGUE + """
SELECT ?body ?slug ?label ?kind ?country ?collective WHERE {
  ?body a nap:Body .
  OPTIONAL { ?body nap:slug ?slug }
  OPTIONAL { ?body rdfs:label ?label }
  OPTIONAL { ?body nap:kind ?kind }
  OPTIONAL { ?body nap:country/rdfs:label ?country }
  BIND(EXISTS { ?body a nap:CollectiveBody } AS ?collective)
}"""

_REPORTS = SPARQL_PROLOGUE + """
SELECT ?plan ?date WHERE {
  ?report a nap:ProgressReport ; nap:plan ?plan ; dcterms:date ?date .
}"""


def local_name(iri: str | None) -> str | None:
    """The part of an IRI after its last ``#`` or ``/``.

    >>> local_name("https://w3id.org/nap-kg/ontology#Complete")
    'Complete'
    """
    if iri is None:
        return None
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def status_key(status: Any) -> str:
    """The :data:`~napkg.graph.vocabulary.STATUSES` key of a status (a key, an older spelling or
    a concept IRI), ``"unknown"`` for None or anything else.

    >>> status_key("https://w3id.org/nap-kg/ontology#NotStarted"), status_key("Complete"), status_key(None)
    ('not-started', 'complete', 'unknown')
    """
    return (STATUSES.key(str(status)) if status else None) or "unknown"


def claimed_above(claimed: str | None, assessed: str | None) -> bool:
    """Whether the ``claimed`` status is above the ``assessed`` one on the completion scale.

    >>> claimed_above("complete", "limited"), claimed_above("limited", "limited"), claimed_above(None, "limited")
    (True, False, False)
    """
    order = STATUSES.keys
    return claimed in order and assessed in order and order.index(claimed) > order.index(assessed)


class Claim(NamedTuple):
    """What an activity's main evidence (its latest graded one) claims: a status key and the
    report's phrase (None when it claims nothing), and whether the claim is above its grade."""

    claimed_status: str | None
    claim_basis: str | None
    claimed_above_assessed: bool


NO_CLAIM = Claim(None, None, False)
"""The claim of an activity whose evidence claims nothing."""


def main_claims(select: Select) -> dict[str, Claim]:
    """Each activity's :class:`Claim`, by activity IRI, read through ``select``; activities
    without graded evidence are left out. The main evidence is the latest by date (the IRI
    breaks ties); further passages of a report (``…/evidence/<code>/platform``) carry no
    ``nap:status`` and are never it."""
    latest: dict[str, tuple[str, str, dict[str, Any]]] = {}
    for row in select(_CLAIMS):
        order = (str(row.get("date") or ""), row["evidence"])
        if row["activity"] not in latest or order > latest[row["activity"]][:2]:
            latest[row["activity"]] = (*order, row)
    claims = {}
    for activity, (_, _, row) in latest.items():
        claimed = status_key(row.get("claimed")) if row.get("claimed") else None
        basis = str(row["basis"]) if claimed and row.get("basis") else None
        claims[activity] = Claim(claimed, basis, claimed_above(claimed, status_key(row.get("assessed"))))
    return claims


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _as_int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(str(value))
    except ValueError:
        return None


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _end_of(row: dict[str, Any]) -> date | None:
    end = _as_date(row.get("endDate"))
    if end is not None:
        return end
    year = _as_int(row.get("endYear"))
    return date(year, 12, 31) if year is not None else None


def bipartite_network(select: Select) -> nx.Graph:
    """The activity–body network of the graph that ``select`` reads, edges carrying roles.

    Every activity is a node, with or without bodies; a body is a node when an activity
    names it. See the module's docstring for the node and edge attributes.

    Examples
    --------
    >>> from rdflib import Graph
    >>> ttl = '''
    ... @prefix nap: <https://w3id.org/nap-kg/ontology#> .
    ... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    ... <http://x/a1> a nap:Activity ; nap:plan <http://x/p> ; nap:code "1.1" ;
    ...     nap:implementedBy <http://x/moj> ; nap:recommendedTo <http://x/parl> ;
    ...     nap:endYear 2020 ; nap:status nap:Complete .
    ... <http://x/moj> a nap:Body ; rdfs:label "Ministry of Justice" .
    ... <http://x/parl> a nap:Body ; rdfs:label "Parliament" .
    ... '''
    >>> from napkg.graph.select import select_from_rdflib
    >>> B = bipartite_network(select_from_rdflib(Graph().parse(data=ttl, format="turtle")))
    >>> sorted(B.nodes)
    ['http://x/a1', 'http://x/moj', 'http://x/parl']
    >>> B.edges["http://x/a1", "http://x/parl"]["role"]
    'recommended-to'
    >>> B.nodes["http://x/a1"]["end_date"], B.nodes["http://x/a1"]["complete"]
    (datetime.date(2020, 12, 31), True)
    """
    reports: dict[str, date] = {}
    for row in select(_REPORTS):
        day = _as_date(row.get("date"))
        if day is not None and (row["plan"] not in reports or day > reports[row["plan"]]):
            reports[row["plan"]] = day
    claims = main_claims(select)
    activities = {
        row["activity"]: {
            "label": str(row.get("code") or local_name(row["activity"])), "title": row.get("title"),
            "plan": row["plan"], "section": row.get("section"), "status": status_key(row.get("status")),
            "claimed_status": claims.get(row["activity"], NO_CLAIM).claimed_status,
            "claimed_above_assessed": claims.get(row["activity"], NO_CLAIM).claimed_above_assessed,
            "end_date": _end_of(row), "report_date": reports.get(row["plan"]),
        }
        for row in select(ACTIVITY_ROWS)
    }
    links = [(r["activity"], r["body"], r["role"]) for r in select(_LINKS) if r["activity"] in activities]
    bodies = {}
    for row in select(_BODIES):
        attributes = {
            "slug": row.get("slug"), "name": row.get("label"), "country": row.get("country"),
            "body_kind": local_name(row.get("kind")), "collective": _as_bool(row.get("collective", False)),
        }
        bodies[row["body"]] = {k: v for k, v in attributes.items() if v is not None}
    return network_from_links(links, activities=activities, bodies=bodies)


def network_from_links(
    links: Iterable[tuple[str, str, str]],
    *,
    activities: Mapping[str, Mapping[str, Any]] | None = None,
    bodies: Mapping[str, Mapping[str, Any]] | None = None,
) -> nx.Graph:
    """The activity–body network from ``(activity, body, role)`` links.

    ``role`` is ``"implementer"``, ``"lead"``, ``"supporting"`` or ``"recommended-to"`` (or an
    older spelling :meth:`~napkg.graph.vocabulary.Terms.key` takes, such as ``"recommended"``); a body
    linked to an activity in several roles gets one edge with every flag set. ``activities``
    and ``bodies`` give node attributes by node (see the module's docstring); those missing
    take defaults: an activity's ``status`` is ``"unknown"`` (a status in an older spelling, such
    as ``"Complete"``, is read as its key), it claims nothing, a body is a single agency named
    after the end of its IRI. Every activity of ``activities`` is a node, linked or not; a body
    is a node only when a link names it.

    Examples
    --------
    >>> B = network_from_links(
    ...     [("a1", "moj", "lead"), ("a1", "moj", "implementer"), ("a1", "parl", "recommended")],
    ...     activities={"a1": {"status": "complete"}, "a2": {}},
    ... )
    >>> B.edges["a1", "moj"]["role"], B.edges["a1", "moj"]["lead"]
    ('implementer', True)
    >>> B.nodes["a1"]["complete"], B.nodes["a2"]["status"], B.nodes["parl"]["name"]
    (True, 'unknown', 'parl')
    """
    activities = activities or {}
    bodies = bodies or {}
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for activity, body, role in links:
        key = role if role in _LINK_ROLES else _VOCABULARY_ROLES.key(role)
        if key is None:
            raise ValueError(f"a link's role is one of {', '.join(_LINK_ROLES)}, not {role!r}")
        roles[activity, body].add(key)

    B = nx.Graph()
    for activity in [*activities, *(a for a, _ in roles)]:
        if activity in B:
            continue
        given = activities.get(activity, {})
        status = status_key(given.get("status"))
        B.add_node(activity, **{
            "kind": "activity", "bipartite": 0, "label": local_name(activity), "title": None,
            "plan": None, "section": None, "claimed_status": None, "claimed_above_assessed": False,
            "end_date": None, "report_date": None, **given, "status": status, "complete": status == "complete",
        })
    for _, body in roles:
        if body in B:
            continue
        given = bodies.get(body, {})
        name = str(given.get("name") or local_name(body))
        B.add_node(body, **{
            "kind": "body", "bipartite": 1, "slug": local_name(body), "collective": False,
            "country": None, "body_kind": None, **given, "name": name, "label": name,
        })
    for (activity, body), held in roles.items():
        implementer = bool(held & {"implementer", "lead", "supporting"})
        B.add_edge(
            activity, body,
            role="implementer" if implementer else RECOMMENDED_TO.key,
            implementer=implementer, lead="lead" in held, supporting="supporting" in held,
            recommended=RECOMMENDED_TO.key in held,
        )
    return B


def projection_role(role: str) -> str:
    """The role of :data:`PROJECTION_ROLES` that ``role`` names, in any spelling; ValueError if none.

    >>> projection_role("recommended"), projection_role("all")
    ('recommended-to', 'all')
    """
    key = role if role == "all" else _VOCABULARY_ROLES.key(role)
    if key not in PROJECTION_ROLES:
        raise ValueError(f"role must be one of {', '.join(PROJECTION_ROLES)}, not {role!r}")
    return key


def activity_nodes(B: nx.Graph) -> list[str]:
    """The activity nodes of the network, in a stable order."""
    return sorted(n for n, kind in B.nodes(data="kind") if kind == "activity")


def body_nodes(B: nx.Graph) -> list[str]:
    """The body nodes of the network, in a stable order."""
    return sorted(n for n, kind in B.nodes(data="kind") if kind == "body")


def implementers(B: nx.Graph, activity: str) -> list[str]:
    """The bodies that implement ``activity`` (lead and supporting included), in a stable order."""
    return sorted(body for body, data in B.adj[activity].items() if data["implementer"])


def _takes_part(data: dict[str, Any], role: str) -> bool:
    return role == "all" or bool(data[_FLAG[role]])


def body_projection(B: nx.Graph, *, role: str = "all") -> nx.Graph:
    """The projection of the activity–body network onto bodies.

    Two bodies are linked when they share activities; ``weight`` is the number of activities
    they share. ``role`` chooses which part a body must play in an activity for it to count:
    ``"implementer"`` (both implement it), ``"recommended-to"`` (it is recommended to both) or
    ``"all"`` (any role, the default). Bodies that play the role in at least one activity are
    nodes, with the attributes they have in ``B``, even when they share no activity.

    Examples
    --------
    Two bodies share two activities as implementers; a third is recommended-to on one of them:

    >>> B = network_from_links([
    ...     ("a1", "moj", "implementer"), ("a1", "mof", "implementer"),
    ...     ("a2", "moj", "implementer"), ("a2", "mof", "implementer"), ("a2", "parl", "recommended"),
    ... ])
    >>> P = body_projection(B)
    >>> sorted(P.edges(data="weight"))
    [('mof', 'moj', 2), ('mof', 'parl', 1), ('moj', 'parl', 1)]
    >>> sorted(body_projection(B, role="implementer").edges(data="weight"))
    [('mof', 'moj', 2)]
    >>> sorted(body_projection(B, role="recommended-to").nodes)
    ['parl']
    """
    role = projection_role(role)
    P = nx.Graph()
    weights: Counter[tuple[str, str]] = Counter()
    for activity in activity_nodes(B):
        members = sorted(b for b, data in B.adj[activity].items() if _takes_part(data, role))
        for body in members:
            if body not in P:
                P.add_node(body, **B.nodes[body])
        weights.update(combinations(members, 2))
    for body in body_nodes(B):
        if role == "all" and body not in P:
            P.add_node(body, **B.nodes[body])
    P.add_weighted_edges_from((u, v, w) for (u, v), w in sorted(weights.items()))
    return P
