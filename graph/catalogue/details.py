"""Details: an activity's texts, period, evidence and sources, read by IRI when asked for; a body's evidence.

An activity's details are read rarely, so the catalogue does not hold them: each call runs a
few SELECTs for the IRIs it needs. A body's evidence is on every ``/agencies/{id}`` answer, so
it is read for every body at once, the first time one is asked for (:func:`evidence_of_bodies`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from typing import Any

from rdflib import RDFS

from napkg.graph.catalogue.catalogue import Catalogue
from napkg.graph.catalogue.listings import claim_of
from napkg.graph.catalogue.owners import values as sparql_values
from napkg.graph.catalogue.records import ActivityRef, BodyRef, Page
from napkg.graph.namespace import DCTERMS, FOAF, NAP
from napkg.graph.select import Select
from napkg.graph.vocabulary import SHOWN, SPARQL_PROLOGUE, STATUSES

__all__ = ["activity_detail", "body_evidence", "evidence_of_bodies", "deliverable_order"]


def _status_key(iri: Any) -> str | None:
    term = STATUSES.by_iri(iri) if iri else None
    return term.key if term else None


_P = {  # the properties activity_detail reads, by the name it gives them
    "title": str(DCTERMS.title), "description": str(DCTERMS.description), "identifier": str(DCTERMS.identifier),
    "page": str(FOAF.page), "indicator": str(NAP.indicator), "start_date": str(NAP.startDate),
    "end_date": str(NAP.endDate), "period_note": str(NAP.periodNote), "note": str(NAP.editorialNote),
    "evidence": str(NAP.evidence), "text": str(NAP.text), "date": str(DCTERMS.date), "status": str(NAP.status),
    "status_basis": str(NAP.statusBasis), "actor": str(NAP.actor), "report": str(NAP.report),
    "claimed_status": str(NAP.claimedStatus), "claim_basis": str(NAP.claimBasis), "deliverable": str(NAP.deliverable),
    "label": str(RDFS.label), "shown": str(NAP.shown), "shown_by": str(NAP.shownBy),
}


def _properties(select: Select, iris: Sequence[str]) -> dict[str, dict[str, list[Any]]]:
    """Every property value of each IRI (subject), by property IRI."""
    found: dict[str, dict[str, list[Any]]] = {iri: {} for iri in iris}
    if iris:
        for row in select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {sparql_values(iris)} }} ?s ?p ?o }}"):
            found[row["s"]].setdefault(row["p"], []).append(row["o"])
    return found


def _sources(select: Select, iris: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Where each record comes from: document, its title and file, and the fragment (``line=4,7``, ``row=12``)."""
    if not iris:
        return {}
    query = SPARQL_PROLOGUE + f"""
SELECT ?record ?document ?title ?file ?fragment WHERE {{
  VALUES ?record {{ {sparql_values(iris)} }}
  ?record prov:wasDerivedFrom ?source . ?source oa:hasSource ?document .
  OPTIONAL {{ ?document dcterms:title ?title }}
  OPTIONAL {{ ?document nap:sourceFile ?file }}
  OPTIONAL {{ ?source oa:hasSelector ?selector . ?selector a oa:FragmentSelector ; rdf:value ?fragment }}
}}"""
    found: dict[str, dict[str, Any]] = {}
    for row in select(query):
        found.setdefault(row["record"], {"document": row["document"], "title": row.get("title"),
                                         "file": row.get("file"), "fragment": row.get("fragment")})
    return found


def _one(values: dict[str, list[Any]], name: str) -> Any:
    found = values.get(_P[name])
    return found[0] if found else None


def deliverable_order(iri: str) -> tuple[int, str]:
    """A deliverable's place in its checklist: the number its IRI ends with (``…#deliverable-3``).

    >>> sorted(["e#deliverable-10", "e#deliverable-9"], key=deliverable_order)
    ['e#deliverable-9', 'e#deliverable-10']
    """
    tail = iri.rsplit("-", 1)[-1]
    return (int(tail) if tail.isdigit() else 0, iri)


def _deliverables(values: dict[str, list[Any]], found: dict[str, dict[str, list[Any]]]) -> list[dict[str, Any]]:
    """An evidence's deliverables checklist, in order: label, how far shown, and the phrase or note."""
    items = []
    for iri in sorted((str(d) for d in values.get(_P["deliverable"], [])), key=deliverable_order):
        d = found.get(iri, {})
        shown = SHOWN.by_iri(_one(d, "shown") or "")
        items.append({"iri": iri, "label": _one(d, "label"), "shown": shown.key if shown else None,
                      "shown_by": _one(d, "shown_by"), "note": _one(d, "note")})
    return items


def activity_detail(catalogue: Catalogue, activity: ActivityRef) -> dict[str, Any]:
    """Everything about one activity: what the catalogue holds, plus its texts, period, evidence
    (with status, claim, deliverables and source), the claim of its main evidence beside its
    status, and the recommendations it answers, read by IRI."""
    select = catalogue.select
    own = _properties(select, [activity.iri])[activity.iri]
    evidence_iris = sorted(str(e) for e in own.get(_P["evidence"], []))
    evidence = _properties(select, evidence_iris)
    deliverables = _properties(select, sorted({str(d) for e in evidence.values() for d in e.get(_P["deliverable"], [])}))
    report_iris = sorted({str(r) for e in evidence.values() for r in e.get(_P["report"], [])})
    reports = _properties(select, report_iris)
    sources = _sources(select, [activity.iri, *evidence_iris])
    items = []
    for iri in evidence_iris:
        values = evidence[iri]
        report = _one(values, "report")
        items.append({
            "iri": iri, "date": _text(_one(values, "date")), "status": _status_key(_one(values, "status")),
            "status_basis": _one(values, "status_basis"), "text": _one(values, "text"),
            "claimed_status": _status_key(_one(values, "claimed_status")), "claim_basis": _one(values, "claim_basis"),
            "deliverables": _deliverables(values, deliverables),
            "actors": sorted(values.get(_P["actor"], [])),
            "report": None if report is None else {
                "iri": report, "title": _one(reports.get(report, {}), "title"),
                "date": _text(_one(reports.get(report, {}), "date"))},
            "source": sources.get(iri),
        })
    items.sort(key=lambda e: (e["date"] or "", e["iri"]))
    graded = [e for e in items if e["status"] is not None]  # a further passage (…/platform) carries no grade
    return {
        "activity": activity, **claim_of(catalogue, activity),
        "deliverables": graded[-1]["deliverables"] if graded else [],
        "description": _one(own, "description"), "identifier": _one(own, "identifier"), "page": _one(own, "page"),
        "indicator": _one(own, "indicator"),
        "period": {"start_year": activity.start_year, "end_year": activity.end_year,
                   "start_date": _text(_one(own, "start_date")), "end_date": _text(_one(own, "end_date")),
                   "note": _one(own, "period_note")},
        "notes": own.get(_P["note"], []),
        "source": sources.get(activity.iri),
        "evidence": items,
        "recommendations": [catalogue.recommendations[r] for r in catalogue.answers.get(activity.position, [])
                            if r in catalogue.recommendations],
    }


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


_EVIDENCE_OF_BODIES = SPARQL_PROLOGUE + """
SELECT ?body ?evidence ?activity ?date ?status ?text WHERE {
  ?evidence nap:actor ?body . ?activity nap:evidence ?evidence .
  OPTIONAL { ?evidence dcterms:date ?date }
  OPTIONAL { ?evidence nap:status ?status }
  OPTIONAL { ?evidence nap:text ?text }
}"""

_EVIDENCE: weakref.WeakKeyDictionary[Catalogue, dict[str, list[dict[str, Any]]]] = weakref.WeakKeyDictionary()
_EVIDENCE_LOCK = threading.Lock()


def evidence_of_bodies(catalogue: Catalogue) -> dict[str, list[dict[str, Any]]]:
    """The evidence naming each body as having acted, by body IRI, in activity order; read once per catalogue.

    One SELECT over the whole graph (answered by the store's snapshot when served from one), so
    that :func:`body_evidence` is a slice of a list.
    """
    with _EVIDENCE_LOCK:
        found = _EVIDENCE.get(catalogue)
        if found is None:
            seen: set[tuple[str, str]] = set()
            found = {}
            by_iri = catalogue.by_iri
            for row in catalogue.select(_EVIDENCE_OF_BODIES):
                key = (row["body"], row["evidence"])
                if key in seen or row["activity"] not in by_iri:
                    continue
                seen.add(key)
                found.setdefault(row["body"], []).append({
                    "iri": row["evidence"], "activity": catalogue.activities[by_iri[row["activity"]]],
                    "date": _text(row.get("date")), "status": _status_key(row.get("status")), "text": row.get("text")})
            for items in found.values():
                items.sort(key=lambda e: (e["activity"].position, e["date"] or "", e["iri"]))
            _EVIDENCE[catalogue] = found
        return found


def body_evidence(catalogue: Catalogue, body: BodyRef, *, offset: int = 0, limit: int = 50) -> Page:
    """The evidence that names ``body`` as having acted, in activity order (:func:`evidence_of_bodies`)."""
    items = evidence_of_bodies(catalogue).get(body.iri, [])
    return Page(len(items), [dict(e) for e in items[offset:offset + limit]])
