"""What the API asks the catalogue: lists of activities, bodies, plans, sections and recommendations.

Each function takes a :class:`~napkg.graph.catalogue.catalogue.Catalogue` and keyword filters,
and returns a :class:`~napkg.graph.catalogue.records.Page` (``total`` and one page of items).
A value no filter takes raises :class:`~napkg.graph.errors.InvalidParameter`, a name that names
nothing :class:`~napkg.graph.errors.NotFound`, each naming the parameter at fault.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any

from napkg.graph.catalogue.bits import bits_of, positions_of, range_bits
from napkg.graph.catalogue.catalogue import Catalogue
from napkg.graph.catalogue.records import ActivityRef, BodyRef, Page, name_key
from napkg.graph.catalogue.search import country_key
from napkg.graph.errors import InvalidParameter
from napkg.graph.vocabulary import IMPLEMENTER, NO_STATUS, RECOMMENDED_TO, ROLES, STATUSES, fold

__all__ = [
    "status_key", "role_key", "list_activities", "search_activities", "body_activities", "list_bodies",
    "load_table", "bottleneck_table", "list_plans", "list_sections", "list_recommendations", "plan_figures_of",
    "activity_claims", "claim_of",
]


def status_key(status: str, *, parameter: str = "status") -> str:
    """The status ``status`` names, in any spelling (``NotStarted``, ``not_started``), or ``none``.

    >>> status_key("NotStarted"), status_key("NONE")
    ('not-started', 'none')
    """
    key = NO_STATUS if fold(status) == NO_STATUS else STATUSES.key(status)
    if key is None:
        raise InvalidParameter(f"{parameter}={status!r} is not a status", parameter=parameter,
                               hint=f"use one of {', '.join([*STATUSES.keys, NO_STATUS])}")
    return key


def role_key(role: str, *, parameter: str = "role") -> str:
    """The role ``role`` names, in any spelling (``recommended``, ``recommended_to``).

    >>> role_key("recommended_to")
    'recommended-to'
    """
    key = ROLES.key(role)
    if key is None:
        raise InvalidParameter(f"{parameter}={role!r} is not a role", parameter=parameter,
                               hint=f"use one of {', '.join(ROLES.keys)}")
    return key


def _phrase(text: str, *, parameter: str = "q") -> str:
    """``text`` if it has a word to search by; otherwise :class:`InvalidParameter` naming ``parameter``."""
    from napkg.graph.search.analysis import words  # the engine is imported at the first search
    if not words(text):
        raise InvalidParameter(f"{parameter}={text!r} has no word to search by", parameter=parameter,
                               hint="search with one or more words, e.g. hotline")
    return text


def _plans_of(catalogue: Catalogue, plan: str | None, country: str | None) -> set[str] | None:
    """The IRIs of the plans ``plan`` and ``country`` leave (None: every plan)."""
    chosen = None if plan is None else {catalogue.plan(plan).iri}
    if country is not None:
        catalogue.country_bits(country)  # NotFound for an unknown country
        of_country = set(catalogue._country_plans.get(name_key(country), ()))
        chosen = of_country if chosen is None else chosen & of_country
    return chosen


def _page_of(catalogue: Catalogue, bits: int, *, offset: int, limit: int) -> Page:
    return Page(bits.bit_count(), [catalogue.activities[p] for p in positions_of(bits, offset=offset, limit=limit)])


def list_activities(
    catalogue: Catalogue,
    *,
    plan: str | None = None,
    country: str | None = None,
    section: str | None = None,
    status: str | None = None,
    body: str | None = None,
    role: str | None = None,
    q: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Page:
    """Activities that pass every filter given, in plan and code order.

    ``body`` is any name of a body (``country`` picks one when several countries share it);
    ``role`` is a role of :data:`~napkg.graph.vocabulary.ROLES` (with ``body``: the body's role;
    alone: activities that have some body in that role); ``status`` a status of
    :data:`~napkg.graph.vocabulary.STATUSES` or :data:`~napkg.graph.vocabulary.NO_STATUS`;
    ``q`` a phrase, kept when the search engine finds any of its words in the title, indicator or
    evidence (the page's ``search`` says what it made of the phrase). Statuses and roles may be
    given in any spelling :meth:`~napkg.graph.vocabulary.Terms.key` takes.
    """
    bits = range_bits(0, catalogue.size)
    chosen = catalogue.plan(plan) if plan is not None else None
    if chosen is not None:
        bits &= range_bits(chosen.first, chosen.stop)
    if country is not None:
        bits &= catalogue.country_bits(country)
    if section is not None:
        bits &= bits_of(p for s in catalogue.section(section, plan=chosen) for p in s.positions)
    if status is not None:
        bits &= catalogue.status_bits.get(status_key(status), 0)
    if role is not None:
        role = role_key(role)
    if body is not None:
        ref = catalogue.directory.resolve(body, country=country, parameter="body")
        roles = catalogue.roles_of(ref)
        chosen_roles = [role] if role else [IMPLEMENTER.key, RECOMMENDED_TO.key]
        bits &= bits_of(p for r in chosen_roles for p in roles.get(r, ()))
    elif role is not None:
        bits &= catalogue.role_bits[role]
    found = None
    if q is not None:
        positions, found = catalogue.search.get().activity_positions(_phrase(q))
        bits &= bits_of(positions.tolist())
    page = _page_of(catalogue, bits, offset=offset, limit=limit)
    return page if found is None else Page(page.total, page.items, search=found)


def search_activities(
    catalogue: Catalogue, text: str, *, plan: str | None = None, country: str | None = None,
    offset: int = 0, limit: int = 20,
) -> Page:
    """"Who owns what?": activities the search engine finds for ``text``, best first, as
    ``(activity, hit)`` pairs (:class:`~napkg.graph.search.Hit`: score, fields and words matched);
    the page's ``search`` says what the engine made of the phrase, and why nothing matched."""
    found = catalogue.search.get().activities(_phrase(text), plans=_plans_of(catalogue, plan, country),
                                              offset=offset, limit=limit)
    by_iri = catalogue.by_iri
    return Page(found.total, [(catalogue.activities[by_iri[hit.key]], hit) for hit in found], search=found)


def body_activities(catalogue: Catalogue, body: BodyRef, *, offset: int = 0, limit: int = 50) -> dict[str, Page]:
    """A body's activities by role (keyed as :data:`~napkg.graph.vocabulary.ROLES`), each role's list paged on its own."""
    roles = catalogue.roles_of(body)
    return {role: Page(len(roles.get(role, ())), [catalogue.activities[p] for p in roles.get(role, [])[offset:offset + limit]])
            for role in ROLES.keys}


def list_bodies(
    catalogue: Catalogue, *, q: str | None = None, country: str | None = None, collective: bool | None = None,
    with_metrics: bool = False, sort: str | None = None, offset: int = 0, limit: int = 20,
) -> Page:
    """Bodies in ``sort`` order (``name``, ``bottleneck_rank`` or a metric, largest first), filtered.

    With ``q`` (a phrase: the search engine's body search) only the bodies it finds are kept,
    best match first unless ``sort`` is given; without ``q`` the default order is
    ``implementer_load``. The page's ``search`` says what the engine made of ``q``.
    """
    if country is not None:
        catalogue.country_bits(country)  # NotFound for an unknown country
    bodies = catalogue.directory.bodies
    country_name = name_key(country) if country is not None else None
    chosen = catalogue.bodies_in(sort or "implementer_load", country=country_name, collective=collective,
                                 with_metrics=with_metrics)
    found = None
    if q is not None:
        countries = None if country_name is None else {country_key(bodies[iri])
                                                       for iri in catalogue._country_bodies.get(country_name, ())}
        ranked, found = catalogue.search.get().body_ranking(_phrase(q), country=countries)
        if sort is None:
            kept = set(chosen)
            chosen = [iri for iri in ranked if iri in kept]
        else:
            matched = set(ranked)
            chosen = [iri for iri in chosen if iri in matched]
    return Page(len(chosen), [bodies[iri] for iri in chosen[offset:offset + limit]], search=found)


def load_table(catalogue: Catalogue, *, sort: str = "implementer_load", **filters: Any) -> Page:
    """Bodies with metrics, by load (``sort``: a metric name), from the metrics stored in the graph."""
    return list_bodies(catalogue, with_metrics=True, sort=sort, **filters)


def bottleneck_table(catalogue: Catalogue, *, collective: bool = False, **filters: Any) -> Page:
    """Single agencies (or collective bodies) by bottleneck rank, from the metrics stored in the graph."""
    return list_bodies(catalogue, with_metrics=True, sort="bottleneck_rank", collective=collective, **filters)


def list_plans(catalogue: Catalogue, *, country: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Plans in id order, of ``country`` if given."""
    plans = list(catalogue.plans.values())
    if country is not None:
        catalogue.country_bits(country)
        plans = [p for p in plans if name_key(country) in {name_key(p.country or ""), name_key(p.country_code or "")}]
    return Page(len(plans), plans[offset:offset + limit])


def list_sections(catalogue: Catalogue, *, plan: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Sections in plan and code order, of ``plan`` if given."""
    if plan is not None:
        sections = [catalogue.sections[s] for s in catalogue.plan(plan).sections]
    else:
        sections = list(catalogue.sections.values())
    return Page(len(sections), sections[offset:offset + limit])


def list_recommendations(catalogue: Catalogue, *, plan: str | None = None, offset: int = 0, limit: int = 20) -> Page:
    """Recommendations in the order of their ids, answered in reports on ``plan`` if given."""
    recommendations = list(catalogue.recommendations.values())
    if plan is not None:
        iri = catalogue.plan(plan).iri
        recommendations = [r for r in recommendations if r.plan == iri]
    return Page(len(recommendations), recommendations[offset:offset + limit])


def plan_figures_of(catalogue: Catalogue) -> dict[str, dict[str, Any]]:
    """:func:`napkg.graph.analysis.figures.plan_figures` of the graph, keyed by plan IRI and ``"all"``; computed once."""
    with catalogue._figures_lock:
        if catalogue._figures is None:
            from napkg.graph.analysis.figures import plan_figures
            from napkg.graph.analysis.network import bipartite_network

            catalogue._figures = plan_figures(bipartite_network(catalogue.select))
        return catalogue._figures



_CLAIMS: weakref.WeakKeyDictionary[Catalogue, dict[str, Any]] = weakref.WeakKeyDictionary()
_CLAIMS_LOCK = threading.Lock()


def activity_claims(catalogue: Catalogue) -> dict[str, Any]:
    """Each activity's :class:`~napkg.graph.analysis.network.Claim` (what its main evidence claims,
    beside its assessed status), by activity IRI; read from the graph once per catalogue."""
    with _CLAIMS_LOCK:
        claims = _CLAIMS.get(catalogue)
        if claims is None:
            from napkg.graph.analysis.network import main_claims

            claims = _CLAIMS[catalogue] = main_claims(catalogue.select)
        return claims


def claim_of(catalogue: Catalogue, activity: ActivityRef) -> dict[str, Any]:
    """``claimed_status``, ``claim_basis`` and ``claimed_above_assessed`` of ``activity``, as lists show them."""
    from napkg.graph.analysis.network import NO_CLAIM

    claim = activity_claims(catalogue).get(activity.iri, NO_CLAIM)
    return {"claimed_status": claim.claimed_status, "claim_basis": claim.claim_basis,
            "claimed_above_assessed": claim.claimed_above_assessed}
