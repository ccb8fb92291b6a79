"""The catalogue: every plan, section, activity, body, recommendation and body metric of a read-only graph.

A :class:`Catalogue` is built once (a handful of SELECTs over the whole graph; seconds for
100,000 activities), then shared by every request: look-ups are dictionary gets, filters are
bit-set operations, and text search asks its :class:`~napkg.graph.catalogue.search.LazySearch`,
built at the first search. Activities are numbered in plan and code order; a set of
activities is a bit set (:mod:`napkg.graph.catalogue.bits`) whose bit *i* is activity *i*.
"""

from __future__ import annotations

import difflib
import threading
from collections import Counter
from collections.abc import Iterable
from typing import Any

from napkg.graph.activity_rows import ACTIVITY_ROWS
from napkg.graph.catalogue.bits import bits_of, range_bits
from napkg.graph.catalogue.directory import Directory, not_found
from napkg.graph.catalogue.records import (
    METRICS, ROLE_FIELDS, ROLE_OF_PROPERTY, ActivityRef, BodyRef, PlanRef, RecommendationRef, SectionRef,
    code_order, first_rows, local_id, name_key,
)
from napkg.graph.catalogue.search import LazySearch
from napkg.graph.errors import Ambiguous
from napkg.graph.select import Select
from napkg.graph.vocabulary import NO_STATUS, ROLES, STATUSES, SPARQL_PROLOGUE

__all__ = ["Catalogue"]

_PLANS = SPARQL_PROLOGUE + """
SELECT ?plan ?id ?title ?country ?countryName ?iso ?start ?end WHERE {
  ?plan a nap:ActionPlan .
  OPTIONAL { ?plan dcterms:identifier ?id }
  OPTIONAL { ?plan dcterms:title ?title }
  OPTIONAL { ?plan nap:country ?country . OPTIONAL { ?country rdfs:label ?countryName } OPTIONAL { ?country nap:isoCode ?iso } }
  OPTIONAL { ?plan nap:startYear ?start }
  OPTIONAL { ?plan nap:endYear ?end }
}"""

_REPORTS = SPARQL_PROLOGUE + """
SELECT ?plan (MAX(?date) AS ?latest) WHERE { ?report a nap:ProgressReport ; nap:plan ?plan ; dcterms:date ?date } GROUP BY ?plan"""

_SECTIONS = SPARQL_PROLOGUE + """
SELECT ?section ?plan ?code ?title WHERE {
  ?section a nap:Section ; nap:plan ?plan .
  OPTIONAL { ?section nap:code ?code }
  OPTIONAL { ?section dcterms:title ?title }
}"""

_LINK_ROWS = SPARQL_PROLOGUE + """
SELECT ?activity ?property ?body WHERE {
  VALUES ?property { nap:implementedBy nap:ledBy nap:supportedBy nap:recommendedTo }
  ?activity ?property ?body .
}"""

_METRIC_ROWS = SPARQL_PROLOGUE + "SELECT ?body ?property ?value WHERE { ?body nap:metrics ?m . ?m ?property ?value FILTER(isLiteral(?value)) }"

_RECOMMENDATIONS = SPARQL_PROLOGUE + """
SELECT ?rec ?id ?label ?issuer ?report ?plan ?response ?parent WHERE {
  ?rec a nap:Recommendation .
  OPTIONAL { ?rec skos:notation ?id }
  OPTIONAL { ?rec rdfs:label ?label }
  OPTIONAL { ?rec nap:issuedBy ?issuer }
  OPTIONAL { ?rec nap:report ?report OPTIONAL { ?report nap:plan ?plan } }
  OPTIONAL { ?rec nap:response ?response }
  OPTIONAL { ?rec dcterms:isPartOf ?parent }
}"""

_ADDRESSES = SPARQL_PROLOGUE + "SELECT ?activity ?rec WHERE { ?activity nap:addresses ?rec }"


def _status_counts(activities: Iterable[ActivityRef]) -> dict[str, int]:
    """How many of ``activities`` have each status, in the scale's order, ``none`` last (every key present)."""
    counts = Counter(a.status or NO_STATUS for a in activities)
    return {key: counts.get(key, 0) for key in (*STATUSES.keys, NO_STATUS)}


def _status_key(iri: str | None) -> str | None:
    term = STATUSES.by_iri(iri) if iri else None
    return term.key if term else None


def _ordered_activities(select: Select) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, dict[str, Any]]]:
    """The activity rows in plan and code order, each plan's id by IRI, and the plan rows."""
    plan_rows = first_rows(select(_PLANS), "plan")
    rows = first_rows(select(ACTIVITY_ROWS), "activity")
    plan_ids = {iri: str(r.get("id") or local_id(iri)) for iri, r in plan_rows.items()}
    for r in rows.values():  # an activity of a plan not typed nap:ActionPlan still has a plan
        plan_ids.setdefault(r["plan"], local_id(r["plan"]))
    ordered = sorted(rows.values(), key=lambda r: (name_key(plan_ids[r["plan"]]), r["plan"],
                                                  code_order(str(r.get("code") or local_id(r["activity"]))),
                                                  r["activity"]))
    return ordered, plan_ids, plan_rows


def _links(select: Select, position_of: dict[str, int]) -> dict[str, dict[str, list[str]]]:
    """The bodies of each activity by role; leads and supporting bodies are implementers too."""
    links: dict[str, dict[str, list[str]]] = {}
    for row in select(_LINK_ROWS):
        if row["activity"] not in position_of:
            continue
        role = ROLE_OF_PROPERTY[row["property"]]
        links.setdefault(row["activity"], {}).setdefault(role, []).append(row["body"])
        if role in ("lead", "supporting"):
            links[row["activity"]].setdefault("implementer", []).append(row["body"])
    return links


def _metrics_of(select: Select) -> dict[str, dict[str, Any]]:
    """The metrics stored in the graph, by body IRI and API name (:data:`METRICS`)."""
    metrics: dict[str, dict[str, Any]] = {}
    for row in select(_METRIC_ROWS):
        name = METRICS.get(row["property"])
        if name is not None:
            metrics.setdefault(row["body"], {})[name] = row["value"]
    return metrics


class Catalogue:
    """Every plan, section, activity, body, recommendation and body metric of a read-only graph.

    Built once, then shared by every request (see the module's docstring). The graph must not
    change afterwards.
    """

    def __init__(self, select: Select) -> None:
        self.select = select
        self.directory = Directory(select)
        self._lock = threading.Lock()  # guards the caches of orders and selections (held for microseconds)
        self._figures_lock = threading.Lock()  # held while the plan figures are computed (seconds)
        self._figures: dict[str, dict[str, Any]] | None = None
        self._orders: dict[str, list[str]] = {}
        self._selections: dict[tuple[Any, ...], list[str]] = {}
        self._ranks: dict[str, dict[str, int]] = {}

        ordered, plan_ids, plan_rows = _ordered_activities(select)
        self.by_iri: dict[str, int] = {r["activity"]: i for i, r in enumerate(ordered)}
        self.size = len(ordered)
        self._index_activities(ordered, _links(select, self.by_iri))
        self._index_sections(first_rows(select(_SECTIONS), "section"))
        self._index_plans(select, plan_ids, plan_rows)
        self.search = LazySearch(select, self.activities, self.directory.bodies)
        """The search engine of the activities and bodies (:meth:`LazySearch.get` builds it once)."""
        self.metrics = _metrics_of(select)
        self._index_recommendations(select)

    def _index_activities(self, ordered: list[dict[str, Any]], links: dict[str, dict[str, list[str]]]) -> None:
        """The activities, each body's activities by role, and the bit sets of statuses and roles."""
        folded = {iri: body.name.casefold() for iri, body in self.directory.bodies.items()}

        def named(iris: list[str]) -> tuple[str, ...]:
            if not iris:
                return ()
            if len(iris) == 1:
                return (iris[0],)
            unique = dict.fromkeys(iris)
            return tuple(sorted(unique, key=lambda b: folded.get(b, b)))

        self.activities: list[ActivityRef] = []
        self.body_roles: dict[str, dict[str, list[int]]] = {}
        self.by_code: dict[str, list[int]] = {}
        status_positions: dict[str, list[int]] = {}
        role_positions: dict[str, list[int]] = {role: [] for role in ROLES.keys}
        for position, r in enumerate(ordered):
            roles = links.get(r["activity"], {})
            activity = ActivityRef(
                position=position, iri=r["activity"], plan=r["plan"],
                code=str(r.get("code") or local_id(r["activity"])), title=r.get("title"), section=r.get("section"),
                status=_status_key(r.get("status")), start_year=r.get("startYear"), end_year=r.get("endYear"),
                **{field: named(roles.get(role, [])) for role, field in ROLE_FIELDS.items()},
            )
            self.activities.append(activity)
            self.by_code.setdefault(name_key(activity.code), []).append(position)
            status_positions.setdefault(activity.status or NO_STATUS, []).append(position)
            for role, field in ROLE_FIELDS.items():
                held = getattr(activity, field)
                if held:
                    role_positions[role].append(position)
                for body in held:
                    self.body_roles.setdefault(body, {}).setdefault(role, []).append(position)
        self.status_bits: dict[str, int] = {key: bits_of(p) for key, p in status_positions.items()}
        self.role_bits: dict[str, int] = {role: bits_of(p) for role, p in role_positions.items()}

    def _index_sections(self, section_rows: dict[str, dict[str, Any]]) -> None:
        """The sections in plan and code order, with their activities and status counts."""
        section_positions: dict[str, list[int]] = {}
        for activity in self.activities:
            if activity.section:
                section_positions.setdefault(activity.section, []).append(activity.position)
        self.sections: dict[str, SectionRef] = {}
        self._sections_of: dict[str, list[str]] = {}
        for iri, r in sorted(section_rows.items(), key=lambda kv: (kv[1]["plan"], code_order(str(kv[1].get("code") or "")))):
            positions = tuple(section_positions.get(iri, ()))
            self.sections[iri] = SectionRef(iri, r["plan"], r.get("code"), r.get("title"), positions,
                                            _status_counts(self.activities[p] for p in positions))
            self._sections_of.setdefault(r["plan"], []).append(iri)

    def _index_plans(self, select: Select, plan_ids: dict[str, str], plan_rows: dict[str, dict[str, Any]]) -> None:
        """The plans in id order with their span of activities, and plans and bodies by country."""
        latest = {r["plan"]: str(r["latest"]) for r in select(_REPORTS) if r.get("latest") is not None}
        spans: dict[str, list[int]] = {}
        for activity in self.activities:
            span = spans.setdefault(activity.plan, [activity.position, activity.position + 1])
            span[1] = activity.position + 1
        self.plans: dict[str, PlanRef] = {}
        for iri in sorted(plan_ids, key=lambda i: (name_key(plan_ids[i]), i)):
            r = plan_rows.get(iri, {})
            first, stop = spans.get(iri, (0, 0))
            self.plans[iri] = PlanRef(
                iri=iri, id=plan_ids[iri], title=r.get("title"), country=r.get("countryName"),
                country_code=r.get("iso"), start_year=r.get("start"), end_year=r.get("end"),
                report_date=latest.get(iri), first=first, stop=stop, sections=tuple(self._sections_of.get(iri, ())),
                statuses=_status_counts(self.activities[first:stop]),
            )
        self._plan_names: dict[str, str] = {}
        self._country_plans: dict[str, list[str]] = {}
        for plan in self.plans.values():
            self._plan_names.setdefault(name_key(plan.iri), plan.iri)
            self._plan_names.setdefault(name_key(plan.id), plan.iri)
            for name in (plan.country, plan.country_code):
                if name:
                    self._country_plans.setdefault(name_key(name), []).append(plan.iri)
        self._country_bodies: dict[str, list[str]] = {}
        for body in self.directory.bodies.values():
            for name in {name_key(body.country), name_key(body.country_code or "")} - {""}:
                self._country_plans.setdefault(name, [])
                self._country_bodies.setdefault(name, []).append(body.iri)

    def _index_recommendations(self, select: Select) -> None:
        """The recommendations in id order, and which activities answer each."""
        addressed: dict[str, list[int]] = {}
        self.answers: dict[int, list[str]] = {}
        for row in select(_ADDRESSES):
            position = self.by_iri.get(row["activity"])
            if position is not None:
                addressed.setdefault(row["rec"], []).append(position)
                self.answers.setdefault(position, []).append(row["rec"])
        self.recommendations: dict[str, RecommendationRef] = {}
        for iri, r in sorted(first_rows(select(_RECOMMENDATIONS), "rec").items(),
                             key=lambda kv: code_order(str(kv[1].get("id") or local_id(kv[0])))):
            self.recommendations[iri] = RecommendationRef(
                iri=iri, id=r.get("id"), label=r.get("label"), issued_by=r.get("issuer"), report=r.get("report"),
                plan=r.get("plan"), response=r.get("response"), part_of=r.get("parent"),
                addressed_by=tuple(sorted(set(addressed.get(iri, ())))),
            )

    # --- finding things by name ---

    def plan(self, name: str, *, parameter: str = "plan") -> PlanRef:
        """The plan ``name`` names (its id or IRI, any case); NotFound with the closest ids."""
        iri = self._plan_names.get(name_key(name))
        if iri is None:
            ids = [p.id for p in self.plans.values()]
            close = difflib.get_close_matches(name.strip(), ids, n=5, cutoff=0.4)
            close += [i for i in ids if name_key(name) and name_key(name) in name_key(i) and i not in close]
            raise not_found(f"no plan has the id {name!r}", parameter=parameter, suggestions=close[:5])
        return self.plans[iri]

    def country_bits(self, country: str) -> int:
        """The activities of the plans of ``country`` (an ISO code or a name, any case)."""
        plans = self._country_plans.get(name_key(country))
        if plans is None:
            names = sorted({n for n in self._country_plans if len(n) > 3})
            codes = sorted({p.country_code for p in self.plans.values() if p.country_code})
            close = difflib.get_close_matches(name_key(country), names, n=5, cutoff=0.5)
            raise not_found(f"no country is called {country!r}", parameter="country", suggestions=close or codes[:5])
        bits = 0
        for iri in plans:
            bits |= range_bits(self.plans[iri].first, self.plans[iri].stop)
        return bits

    def section(self, name: str, *, plan: PlanRef | None = None) -> list[SectionRef]:
        """The sections ``name`` names: an IRI, or a code (within ``plan`` if given, else in every plan)."""
        if name in self.sections:
            return [self.sections[name]]
        found = [s for s in self.sections.values()
                 if s.code is not None and name_key(s.code) == name_key(name) and (plan is None or s.plan == plan.iri)]
        if not found:
            codes = sorted({s.code for s in self.sections.values() if s.code and (plan is None or s.plan == plan.iri)},
                           key=code_order)
            where = f" in plan {plan.id}" if plan else ""
            raise not_found(f"no section has the code or IRI {name!r}{where}", parameter="section",
                            suggestions=codes[:10])
        return found

    def activity(self, code: str, *, plan: str | None = None) -> ActivityRef:
        """The activity numbered ``code`` (as printed, e.g. "1.7"; or its IRI), in ``plan`` if given.

        Raises NotFound (closest codes) or :class:`Ambiguous` when several plans have the code
        and ``plan`` is not given.
        """
        if code in self.by_iri:
            return self.activities[self.by_iri[code]]
        chosen = self.plan(plan) if plan is not None and plan.strip() else None
        positions = self.by_code.get(name_key(code), [])
        if chosen is not None:
            positions = [p for p in positions if self.activities[p].plan == chosen.iri]
        if not positions:
            pool = self.activities[chosen.first:chosen.stop] if chosen else self.activities
            codes = list(dict.fromkeys(a.code for a in pool))
            close = difflib.get_close_matches(code.strip(), codes, n=5, cutoff=0.5) if len(codes) <= 20_000 else []
            where = f" in plan {chosen.id}" if chosen else ""
            raise not_found(f"no activity is numbered {code!r}{where}", parameter="code", suggestions=close)
        if len(positions) > 1:
            ids = [self.plans[self.activities[p].plan].id for p in positions]
            raise Ambiguous(f"activity {code!r} exists in {len(ids)} plans", parameter="plan", candidates=ids,
                            hint=f"give the plan: one of the candidates, e.g. {ids[0]}")
        return self.activities[positions[0]]

    def plan_of(self, activity: ActivityRef) -> PlanRef:
        return self.plans[activity.plan]

    def roles_of(self, body: BodyRef) -> dict[str, list[int]]:
        return self.body_roles.get(body.iri, {})

    def bodies_in(self, sort: str, *, country: str | None, collective: bool | None, with_metrics: bool) -> list[str]:
        """Body IRIs in ``sort`` order, of ``country`` (case-folded code or name), collective or not,
        with metrics or all (each combination computed once)."""
        key = (sort, country, collective, with_metrics)
        with self._lock:
            chosen = self._selections.get(key)
        if chosen is None:
            bodies, metrics = self.directory.bodies, self.metrics
            if country is None:
                pool = self.body_order(sort)
            else:
                rank = self._rank(sort)
                pool = sorted(self._country_bodies.get(country, ()), key=rank.__getitem__)
            chosen = [iri for iri in pool
                      if (not with_metrics or iri in metrics)
                      and (collective is None or bodies[iri].collective == collective)]
            with self._lock:
                if len(self._selections) > 4096:
                    self._selections.clear()
                self._selections[key] = chosen
        return chosen

    def _rank(self, sort: str) -> dict[str, int]:
        order = self.body_order(sort)
        with self._lock:
            rank = self._ranks.get(sort)
            if rank is None:
                rank = self._ranks[sort] = {iri: i for i, iri in enumerate(order)}
        return rank

    def body_order(self, sort: str) -> list[str]:
        """Body IRIs in the order ``sort`` names (computed once per order)."""
        with self._lock:
            order = self._orders.get(sort)
        if order is not None:
            return order
        bodies, metrics = self.directory.bodies, self.metrics
        if sort == "name":
            order = sorted(bodies, key=lambda b: (bodies[b].name.casefold(), b))
        elif sort == "bottleneck_rank":
            order = sorted(bodies, key=lambda b: (b not in metrics, bodies[b].collective,
                                                  metrics.get(b, {}).get("bottleneck_rank") or 0, b))
        else:
            order = sorted(bodies, key=lambda b: (-(metrics.get(b, {}).get(sort) or 0), bodies[b].name.casefold(), b))
        with self._lock:
            self._orders[sort] = order
        return order
