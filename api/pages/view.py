"""What an entity page shows, read from its :class:`~napkg.graph.describe.Description`: its facts by
property (named as the ontology names them), its parts, its incoming links, and where it comes from.

Pure functions of a description and the ontology's labels; the entity router renders the result.
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDFS

from napkg.graph.analysis.network import claimed_above
from napkg.graph.catalogue.details import deliverable_order
from napkg.graph.describe import LABELS, PROV_DERIVED, PROV_QUALIFIED, RDF_TYPE, Description
from napkg.graph.namespace import DCTERMS, NAP, ONTOLOGY_IRI, PPLAN, PROV, SKOS, TIME
from napkg.graph.vocabulary import SHOWN, STATUSES

__all__ = ["TermLabels", "TERM_QUERY", "INCOMING_TITLES", "term_labels", "kebab", "entity_view", "value_view", "KIND_NAMES",
           "evidence_view", "main_claim"]

TermLabels = dict[str, tuple[str, str | None]]  # IRI -> (label, comment)

TERM_QUERY = (f"SELECT ?t ?l ?c WHERE {{ GRAPH <{ONTOLOGY_IRI}> {{ ?t <{RDFS.label}> ?l "
              f"OPTIONAL {{ ?t <{RDFS.comment}> ?c }} }} }}")

_OTHER_TERMS: TermLabels = {  # the terms of other vocabularies that nap-kg uses, in words
    str(RDFS.label): ("label", None),
    str(RDFS.comment): ("comment", None),
    str(SKOS.altLabel): ("also called", "Other names the sources use."),
    str(SKOS.prefLabel): ("name", None),
    str(SKOS.notation): ("notation", None),
    str(SKOS.inScheme): ("in scheme", None),
    str(DCTERMS.title): ("title", None),
    str(DCTERMS.date): ("date", None),
    str(DCTERMS.format): ("format", None),
    str(DCTERMS.identifier): ("identifier", None),
    str(PPLAN.isStepOfPlan): ("step of plan", None),
    str(PROV.agent): ("agent", None),
    str(PROV.hadRole): ("role", None),
    str(TIME.hasBeginning): ("beginning", None),
    str(TIME.hasEnd): ("end", None),
    str(TIME.inXSDgYear): ("year", None),
    str(TIME.inXSDDate): ("date", None),
}

KIND_NAMES = {  # class IRI -> the kind of page, for its template's own parts
    str(NAP.Body): "body", str(NAP.Activity): "activity", str(NAP.ActionPlan): "plan",
    str(NAP.Section): "section", str(NAP.Recommendation): "recommendation", str(NAP.ProgressReport): "report",
    str(NAP.Evidence): "evidence", str(NAP.SourceDocument): "source", str(NAP.Country): "country",
}

INCOMING_TITLES = {  # an incoming link's property -> how the linked entity's page heads the list
    str(NAP.implementedBy): "Activities it implements",
    str(NAP.recommendedTo): "Activities only recommended to it (it is not named an implementer)",
    str(NAP.actor): "Evidence naming it as an actor",
    str(NAP.mentions): "Evidence that mentions it (found by nap-kg in the texts)",
    str(PPLAN.isStepOfPlan): "Its activities",
    str(NAP.status): "Activities and evidence with this status",
}

_HIDDEN = {RDF_TYPE, PROV_DERIVED, PROV_QUALIFIED, *LABELS[:1]}  # shown elsewhere on the page
_PROVENANCE_PARTS = ("#source", "#lines", "#rows", "#quote")


def term_labels(rows: list[dict[str, Any]]) -> TermLabels:
    """The ontology's labels and comments (rows of :data:`TERM_QUERY`), with the other vocabularies' terms."""
    labels = dict(_OTHER_TERMS)
    for row in rows:
        labels.setdefault(str(row["t"]), (str(row["l"]), str(row["c"]) if row.get("c") is not None else None))
    return labels


def kebab(iri: str) -> str:
    """A concept's key as the JSON API spells it.

    >>> kebab("https://w3id.org/nap-kg/ontology#NotStarted")
    'not-started'
    """
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", "-", local).lower()


def _words(iri: str, terms: TermLabels) -> str:
    if iri in terms:
        return terms[iri][0]
    local = re.split(r"[#/]", iri.rstrip("/#"))[-1]
    return re.sub(r"(?<!^)(?=[A-Z])", " ", local).lower()


def value_view(d: Description, term: Any, terms: TermLabels) -> dict[str, Any]:
    """One value as the page shows it: ``text``, and ``iri`` (to link) for a resource."""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        text = d.label(iri) or (terms[iri][0] if iri in terms else None) or iri.rsplit("/", 1)[-1]
        return {"iri": iri, "text": text, "status": kebab(iri) if iri.startswith(str(NAP)) else None}
    if isinstance(term, ox.Literal):
        if term.datatype.value.endswith("#boolean"):
            return {"text": "yes" if term.value == "true" else "no"}
        return {"text": term.value, "long": len(term.value) > 160}
    return {"text": str(term)}


def _facts(d: Description, subject: str, terms: TermLabels, *, hide: set[str]) -> list[dict[str, Any]]:
    facts = []
    for predicate, values in d.statements(subject).items():
        if predicate in hide:
            continue
        label, comment = terms.get(predicate, (_words(predicate, terms), None))
        facts.append({"iri": predicate, "label": label, "comment": comment,
                      "objects": [value_view(d, v, terms) for v in values]})
    return sorted(facts, key=lambda f: f["label"])


def _incoming(d: Description, terms: TermLabels) -> list[dict[str, Any]]:
    groups = []
    for predicate, subjects in d.incoming().items():
        items = []
        for s in dict.fromkeys(subjects):
            if s.startswith(d.iri + "#") or str(PROV.Association) in d.types(s):
                continue
            status = d.values(str(NAP.status), s)
            items.append({"iri": s, "text": d.label(s) or s.rsplit("/", 1)[-1], "code": d.value(str(NAP.code), s),
                          "status": kebab(status[0].value) if status else None,
                          "status_text": d.label(status[0].value) if status else None})
        if items:
            label, comment = terms.get(predicate, (_words(predicate, terms), None))
            label = INCOMING_TITLES.get(predicate, label)
            items.sort(key=lambda i: _code_key(i["code"], i["text"]))
            groups.append({"iri": predicate, "label": label, "comment": comment, "members": items})
    return sorted(groups, key=lambda g: -len(g["members"]))


def _code_key(code: Any, text: str) -> tuple[Any, ...]:
    if code is None:
        return (1, (), text)
    return (0, tuple(int(p) if p.isdigit() else 0 for p in str(code).split(".")), text)


def entity_view(d: Description, terms: TermLabels) -> dict[str, Any]:
    """Everything an entity page shows, from the entity's description."""
    types = d.types()
    kind = next((KIND_NAMES[t] for t in types if t in KIND_NAMES), "term" if d.iri.startswith(str(NAP)) else "thing")
    parts = [{"iri": p, "name": p.rsplit("#", 1)[-1], "label": d.label(p), "facts": _facts(d, p, terms, hide={RDF_TYPE, PROV_DERIVED}),
              "sources": d.sources(p)}
             for p in d.parts() if not p.endswith(_PROVENANCE_PARTS)]
    return {
        "iri": d.iri,
        "label": d.label(d.iri) or d.iri.rsplit("/", 1)[-1],
        "kind": kind,
        "types": [{"iri": t, "text": d.label(t) or _words(t, terms)} for t in types],
        "comment": terms.get(d.iri, ("", None))[1],
        "facts": _facts(d, d.iri, terms, hide=_HIDDEN),
        "parts": parts,
        "incoming": _incoming(d, terms),
        "sources": d.sources(),
    }


def _status(e: Description, predicate: Any) -> tuple[str | None, str | None]:
    """The status key and label of ``predicate`` on the evidence (None, None when it has none)."""
    term = STATUSES.by_iri(e.value(str(predicate)) or "")
    return (term.key, term.label) if term else (None, None)


def evidence_view(e: Description) -> dict[str, Any]:
    """One evidence as the activity page shows it: the assessment (``status``, ``basis``) and the
    report's claim (``claimed``, ``claim_basis``) apart, and the deliverables checklist, in order,
    each ``shown`` (a key of :data:`~napkg.graph.vocabulary.SHOWN`) with its phrase or note."""
    status, status_text = _status(e, NAP.status)
    claimed, claimed_text = _status(e, NAP.claimedStatus)
    deliverables = []
    for d in sorted((t.value for t in e.values(str(NAP.deliverable))), key=deliverable_order):
        shown = SHOWN.by_iri(e.value(str(NAP.shown), d) or "")
        deliverables.append({"iri": d, "label": e.value(str(RDFS.label), d), "shown": shown.key if shown else None,
                             "shown_text": shown.label if shown else "not graded",
                             "shown_by": e.value(str(NAP.shownBy), d), "note": e.value(str(NAP.editorialNote), d)})
    return {
        "iri": e.iri, "label": e.label(e.iri), "date": e.value(str(DCTERMS.date)),
        "status": status, "status_text": status_text, "basis": e.value(str(NAP.statusBasis)),
        "claimed": claimed, "claimed_text": claimed_text, "claim_basis": e.value(str(NAP.claimBasis)),
        "deliverables": deliverables, "text": e.value(str(NAP.text)),
        "actors": [{"iri": a.value, "text": e.label(a.value) or a.value.rsplit("/", 1)[-1]}
                   for a in e.values(str(NAP.actor))],
        "note": e.value(str(NAP.editorialNote)), "sources": e.sources(),
    }


def main_claim(evidence: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The claim of the main evidence (the latest graded one, of :func:`evidence_view`), with
    ``above`` when it is above the assessed status on the scale; None when it claims nothing.

    >>> ev = [{"date": "2021-08-31", "iri": "e/2.2", "status": "limited", "claimed": "complete",
    ...        "claimed_text": "complete", "claim_basis": "fully implemented"},
    ...       {"date": "2021-08-31", "iri": "e/2.2/platform", "status": None, "claimed": None}]
    >>> main_claim(ev)["above"], main_claim(ev[1:])
    (True, None)
    """
    graded = sorted((e for e in evidence if e["status"]), key=lambda e: (str(e["date"] or ""), e["iri"]))
    if not graded or not graded[-1]["claimed"]:
        return None
    main = graded[-1]
    return {"status": main["claimed"], "text": main["claimed_text"], "basis": main["claim_basis"],
            "above": claimed_above(main["claimed"], main["status"])}
