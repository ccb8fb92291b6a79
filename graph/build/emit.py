"""Turn the data edition into RDF: one named graph per plan, per country's bodies, and for the ontology.

``iter_quads`` is the single mapping from records to statements, as pyoxigraph terms;
``build_store`` bulk-loads them into a pyoxigraph store, and the rdflib copies are derived from
them (``build_dataset`` gathers an rdflib Dataset, ``build_graph`` one merged Graph). Every record carries
``prov:wasDerivedFrom`` a Web Annotation ``oa:SpecificResource`` naming its source document and
the place in it (an RFC 5147 line selector, or an RFC 7111 row selector for CSV).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import RDF as _RDF, RDFS as _RDFS, XSD as _XSD, Dataset, Graph, URIRef
from rdflib.term import Node

from napkg.graph import namespace as _ns
from napkg.graph.edition import (
    Activity, Body, Edition, Evidence, Plan, Report, SourcePlace, load_edition,
)
from napkg.graph.namespace import ID, ONTOLOGY_IRI, RFC5147, RFC7111
from napkg.graph.edition.quotes import anchor
from napkg.graph.vocabulary import ASSESSMENT_GAPS, KIND_CONCEPTS, PREFIXES, ROLES, SECTORS, SHOWN, STATUSES
from napkg.graph.build.mentions import MENTIONS_GRAPH, mention_quads
from napkg.graph.build.terms import (
    Term, dcterms, foaf, iri as _iri, literal as _lit, m8g, nap, oa, org, owltime, ox_quads, pplan, prov,
    rdf, rdflib_quads, rdfs, skos, text as _text, decimal as _decimal, xsd,
)

__all__ = [
    "ONTOLOGY_FILE", "SHAPES_FILE", "METRICS_GRAPH", "iter_quads", "build_dataset", "build_graph",
    "INTERNATIONAL", "ontology_graph", "plan_iri", "activity_iri", "body_iri", "section_iri", "report_iri",
    "graph_name_of_plan", "bodies_graph", "STATUS_CONCEPTS", "KIND_CONCEPTS", "SECTOR_CONCEPTS",
    "ROLE_CONCEPTS", "SHOWN_CONCEPTS", "build_store", "ox_quads", "rdflib_quads", "Term", "evidence_iri",
    "MENTIONS_GRAPH",
]


class _Terms:
    """A namespace whose terms are looked up once, then read as plain attributes.

    rdflib resolves ``NAP.code`` through ``__getattr__`` on every use (a microsecond each,
    a tenth of the build's time at 100,000 activities); the first use of a term stores it
    on this object. Misspelt terms still raise, as the namespace itself does.
    """

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        return str(self._namespace)


NAP, DCTERMS, FOAF, M8G, OA, ORG, PPLAN, PROV, SKOS, TIME = (_Terms(n) for n in (
    _ns.NAP, _ns.DCTERMS, _ns.FOAF, _ns.M8G, _ns.OA, _ns.ORG, _ns.PPLAN, _ns.PROV, _ns.SKOS, _ns.TIME))
RDF, RDFS, XSD = _Terms(_RDF), _Terms(_RDFS), _Terms(_XSD)

ONTOLOGY_FILE = Path(__file__).resolve().parents[2] / "ontology" / "nap.ttl"
SHAPES_FILE = Path(__file__).resolve().parents[2] / "ontology" / "shapes.ttl"
METRICS_GRAPH = ID["metrics"]
INTERNATIONAL = "int"
"""The scope of bodies of no country (international organisations, foreign bodies): ``/id/body/int/…``."""
SOURCES_GRAPH = ID["sources"]

STATUS_CONCEPTS = STATUSES.concepts()
GAP_CONCEPTS = ASSESSMENT_GAPS.concepts()
IMPACT_CONCEPTS = {
    "none": NAP.ImpactNone, "minor": NAP.ImpactMinor,
    "moderate": NAP.ImpactModerate, "transformative": NAP.ImpactTransformative,
}
OPEN_GOV_CONCEPTS = {
    "worsened": NAP.OpenGovWorsened, "did-not-change": NAP.OpenGovDidNotChange,
    "marginal": NAP.OpenGovMarginal, "major": NAP.OpenGovMajor, "outstanding": NAP.OpenGovOutstanding,
}
ASSESSMENT_PROPERTIES = {
    "completion_mid_term": (NAP.completionMidTerm, STATUS_CONCEPTS),
    "completion_end_of_term": (NAP.completionEndOfTerm, STATUS_CONCEPTS),
    "potential_impact": (NAP.potentialImpact, IMPACT_CONCEPTS),
    "did_it_open_government": (NAP.didItOpenGovernment, OPEN_GOV_CONCEPTS),
}
SECTOR_CONCEPTS = SECTORS.concepts()
ROLE_CONCEPTS = ROLES.concepts()
"""Role key (:data:`napkg.graph.vocabulary.ROLES`: ``recommended-to``, …) → concept IRI."""

Quad = tuple[Node, Node, Node, URIRef]


_SAFE = re.compile(r"[A-Za-z0-9\-._~]*")
_ID_BASE = str(ID)


def _slug(text: str) -> str:
    return text if _SAFE.fullmatch(text) else quote(text, safe="-._~")


def _mint(iri: str) -> URIRef:
    """A URIRef for an IRI nap-kg mints from slugs (valid by construction, so not checked again)."""
    return str.__new__(URIRef, iri)


def _id(path: str) -> URIRef:
    return _mint(_ID_BASE + path)


def plan_iri(plan_id: str) -> URIRef:
    return _id(f"plan/{_slug(plan_id)}")


def graph_name_of_plan(plan_id: str) -> URIRef:
    """The named graph holding a plan's statements: the plan's own IRI."""
    return plan_iri(plan_id)


def section_iri(plan_id: str, number: str) -> URIRef:
    return _id(f"plan/{_slug(plan_id)}/section/{_slug(number)}")


def activity_iri(plan_id: str, code: str) -> URIRef:
    return _id(f"plan/{_slug(plan_id)}/activity/{_slug(code)}")


def body_iri(country: str, body_id: str) -> URIRef:
    return _id(f"body/{_slug(country.lower())}/{_slug(body_id)}")


def bodies_graph(country: str) -> URIRef:
    return _id(f"bodies/{_slug(country.lower())}")


def country_iri(country: str) -> URIRef:
    return _id(f"country/{_slug(country.lower())}")


def report_iri(report_id: str) -> URIRef:
    return _id(f"report/{_slug(report_id)}")


def evidence_iri(report_id: str, activity: str, part: str | None = None) -> URIRef:
    """A piece of a report's evidence for an activity (``part`` names a further passage)."""
    return _id(f"report/{_slug(report_id)}/evidence/{_slug(activity)}" + (f"/{_slug(part)}" if part else ""))


def document_iri(file: str) -> URIRef:
    return _id(f"source/{_slug(Path(file).name)}")


_SOURCES = _iri(SOURCES_GRAPH)
_node = ox.NamedNode


@lru_cache(maxsize=1)
def _ontology_triples() -> tuple[tuple[Node, Node, Node], ...]:
    graph = Graph().parse(ONTOLOGY_FILE, format="turtle")
    return tuple(sorted(graph, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))))


def ontology_graph() -> Graph:
    """The ontology (``ontology/nap.ttl``) as a Graph."""
    graph = Graph()
    for triple in _ontology_triples():
        graph.add(triple)
    return graph


class _Emitter:
    """Collects the quads of one plan, with the plan's language and graph names at hand."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.graph = _iri(graph_name_of_plan(plan.id))
        self.bodies = _iri(bodies_graph(plan.country_code))
        self.lang = plan.language  # None: plain literals (a plan whose texts' language is not known)
        self.quads: list[ox.Quad] = []  # emptied by the caller as it passes them on (see _plan_quads)
        self.international = {b.id for b in plan.bodies if b.international}
        self._bodies: dict[str, ox.NamedNode] = {}
        self._documents: dict[str, ox.NamedNode] = {}
        self.plan_node = _iri(plan_iri(plan.id))
        append, quad, default = self.quads.append, ox.Quad, self.graph

        def add(s: ox.NamedNode, p: ox.NamedNode, o: Term | None, graph: ox.NamedNode | None = None) -> None:
            if o is not None:
                append(quad(s, p, o, default if graph is None else graph))

        self.add = add  # a closure: a million calls and more, each spared the attribute look-ups

    def text(self, value: str | None) -> ox.Literal | None:
        return None if value is None else _text(value, self.lang)

    def body(self, body_id: str) -> ox.NamedNode:
        """A body's IRI: under the plan's country, or under ``int`` for an international or foreign body."""
        found = self._bodies.get(body_id)
        if found is None:
            country = INTERNATIONAL if body_id in self.international else self.plan.country_code
            found = self._bodies[body_id] = ox.NamedNode(body_iri(country, body_id))
        return found

    def provenance(self, subject: ox.NamedNode, place: SourcePlace, graph: ox.NamedNode | None = None, *, exact: str | None = None) -> None:
        """``subject prov:wasDerivedFrom [oa:SpecificResource]`` with selectors for the place."""
        source = self._documents.get(place.document)
        if source is None:
            source = self._documents[place.document] = _iri(document_iri(self.plan.documents[place.document].file))
        target = _node(f"{subject.value}#source")
        add, emit = self.add, self.add
        if graph is not None:
            def add(s: ox.NamedNode, p: ox.NamedNode, o: Term) -> None:
                emit(s, p, o, graph)
        add(subject, prov.wasDerivedFrom, target)
        add(target, rdf.type, oa.SpecificResource)
        add(target, oa.hasSource, source)
        if place.lines:
            selector = _node(f"{subject.value}#lines")
            first, last = place.lines
            add(target, oa.hasSelector, selector)
            add(selector, rdf.type, oa.FragmentSelector)
            add(selector, dcterms.conformsTo, _iri(RFC5147))
            add(selector, rdf.value, _lit(f"line={first - 1},{last}"))
        if place.rows:
            selector = _node(f"{subject.value}#rows")
            first, last = place.rows
            add(target, oa.hasSelector, selector)
            add(selector, rdf.type, oa.FragmentSelector)
            add(selector, dcterms.conformsTo, _iri(RFC7111))
            add(selector, rdf.value, _lit(f"row={first}" if first == last else f"row={first}-{last}"))
            if place.column:
                add(target, nap.rawText, _lit(f"column: {place.column}"))
        if exact:
            literal, position = anchor(self.plan, place, exact)
            selector = _node(f"{subject.value}#quote")
            add(target, oa.hasSelector, selector)
            add(selector, rdf.type, oa.TextQuoteSelector)
            add(selector, oa.exact, _lit(literal))
            if position:
                selector = _node(f"{subject.value}#position")
                add(target, oa.hasSelector, selector)
                add(selector, rdf.type, oa.TextPositionSelector)
                add(selector, oa.start, _lit(position[0]))
                add(selector, oa.end, _lit(position[1]))


#: The graph property each tabular edition field becomes (fields that become several are absent).
FIELD_PROPERTIES = {
    "plan.id": DCTERMS.identifier, "plan.country": NAP.country, "plan.period.start": NAP.startYear,
    "plan.period.end": NAP.endYear, "activity.identifier": DCTERMS.identifier, "activity.code": NAP.code,
    "activity.title": DCTERMS.title, "activity.description": DCTERMS.description, "activity.url": FOAF.page,
    "activity.start_date": NAP.startDate, "activity.end_date": NAP.endDate, "activity.lead": NAP.ledBy,
    "activity.supporting": NAP.supportedBy, "activity.assessments.completion_mid_term": NAP.completionMidTerm,
    "activity.assessments.completion_end_of_term": NAP.completionEndOfTerm,
    "activity.assessments.potential_impact": NAP.potentialImpact,
    "activity.assessments.did_it_open_government": NAP.didItOpenGovernment,
}


def _emit_documents(e: _Emitter) -> None:
    for document in e.plan.documents.values():
        iri = _iri(document_iri(document.file))
        e.add(iri, rdf.type, nap.SourceDocument, _SOURCES)
        e.add(iri, dcterms.title, e.text(document.title), _SOURCES)
        e.add(iri, nap.sourceFile, _lit(document.file), _SOURCES)
        e.add(iri, dcterms.format, _lit(document.media_type), _SOURCES)
        if document.date:
            e.add(iri, dcterms.date, _lit(document.date), _SOURCES)
        for field_name, column in sorted(document.columns.items()):
            mapping = _node(f"{iri.value}#column-{_slug(field_name)}")
            e.add(iri, nap.columnMapping, mapping, _SOURCES)
            e.add(mapping, rdf.type, nap.ColumnMapping, _SOURCES)
            e.add(mapping, nap.field, _lit(field_name), _SOURCES)
            e.add(mapping, nap.column, _lit(column), _SOURCES)
            e.add(mapping, nap.mapsTo, _iri(FIELD_PROPERTIES.get(field_name)), _SOURCES)


def _emit_plan(e: _Emitter) -> None:
    plan, iri = e.plan, _iri(plan_iri(e.plan.id))
    country = _iri(country_iri(plan.country_code))
    e.add(country, rdf.type, nap.Country, e.bodies)
    e.add(country, rdfs.label, _text(plan.country_name, "en"), e.bodies)
    if len(plan.country_code) == 2 and plan.country_code.isalpha():
        e.add(country, nap.isoCode, _lit(plan.country_code.upper()), e.bodies)
    e.add(iri, rdf.type, nap.ActionPlan)
    e.add(iri, dcterms.identifier, _lit(plan.id))
    e.add(iri, dcterms.title, e.text(plan.title))
    e.add(iri, rdfs.label, e.text(plan.title))
    e.add(iri, nap.country, country)
    if plan.period:
        e.add(iri, nap.startYear, _lit(plan.period.start))
        e.add(iri, nap.endYear, _lit(plan.period.end))
    if plan.adopted:
        e.add(iri, dcterms.issued, _lit(plan.adopted))
    e.add(iri, nap.editorialNote, e.text(plan.notes))
    e.provenance(iri, plan.source)
    for section in plan.sections:
        s = _iri(section_iri(plan.id, section.number))
        e.add(s, rdf.type, nap.Section)
        e.add(s, nap.code, _lit(section.number))
        e.add(s, dcterms.title, e.text(section.title))
        e.add(s, rdfs.label, e.text(section.title or f"Section {section.number}"))
        e.add(s, nap.plan, iri)
        e.add(s, nap.editorialNote, e.text(section.notes))
        e.provenance(s, section.source)


def _emit_body(e: _Emitter, body: Body) -> None:
    iri = e.body(body.id)
    g = _iri(bodies_graph(INTERNATIONAL)) if body.international else e.bodies
    if body.collective:
        e.add(iri, rdf.type, nap.CollectiveBody, g)
    else:
        e.add(iri, rdf.type, nap.Agency, g)
        e.add(iri, rdf.type, org.Organization, g)
        if body.sector == "public":
            e.add(iri, rdf.type, m8g.PublicOrganisation, g)
    e.add(iri, rdf.type, nap.Body, g)
    e.add(iri, rdfs.label, _text(body.name, e.lang), g)
    e.add(iri, nap.slug, _lit(body.id), g)
    for alias in body.aliases:
        if alias != body.name:
            e.add(iri, skos.altLabel, _text(alias, e.lang), g)
    e.add(iri, nap.kind, _iri(KIND_CONCEPTS[body.kind]), g)
    e.add(iri, nap.sector, _iri(SECTOR_CONCEPTS[body.sector]), g)
    if not body.international:
        e.add(iri, nap.country, _iri(country_iri(e.plan.country_code)), g)
    if body.parent:
        e.add(iri, org.subOrganizationOf, e.body(body.parent), g)
    e.add(iri, nap.editorialNote, _text(body.notes, "en") if body.notes else None, g)
    for raw in body.raw_names:
        e.add(iri, nap.rawName, _lit(raw), g)
    for note in body.merge_notes:
        e.add(iri, nap.mergeNote, _lit(note), g)
    e.provenance(iri, body.source, g)


def _latest_evidence(plan: Plan) -> dict[str, tuple[Report, Evidence]]:
    latest: dict[str, tuple[Report, Evidence]] = {}
    for report in sorted(plan.reports, key=lambda r: r.date):
        for evidence in report.evidence:
            if evidence.part is None:  # a further passage carries no assessment of its own
                latest[evidence.activity] = (report, evidence)
    return latest


def _latest_status(activity: Activity, latest: tuple[Report, Evidence] | None) -> URIRef | None:
    if latest and latest[1].status:
        return STATUS_CONCEPTS[latest[1].status]
    for key in ("completion_end_of_term", "completion_mid_term"):
        value = activity.assessments.get(key)
        if value in STATUS_CONCEPTS:
            return STATUS_CONCEPTS[value]
    return None


def _period_note(plan: Plan, activity: Activity, reported: list[tuple[Report, Evidence]]) -> str | None:
    notes = []
    printed = f"{activity.period.start}-{activity.period.end}" if activity.period else None
    for report, evidence in reported:
        if evidence.reported_period and evidence.reported_period != activity.period:
            said = f"{evidence.reported_period.start}-{evidence.reported_period.end}"
            where = f"the report of {report.date.isoformat()} ({report.id}) gives {said}"
            notes.append(f"The plan prints {printed}; {where}." if printed else f"The plan prints no period; {where}.")
    if not notes:
        return None
    used = "the plan's" if activity.period else "the report's"
    return " ".join(notes) + f" The graph uses {used} period."


def _emit_activity(e: _Emitter, activity: Activity, latest: tuple[Report, Evidence] | None,
                   reported: list[tuple[Report, Evidence]]) -> None:
    plan = e.plan
    iri = _node(activity_iri(plan.id, activity.code))
    e.add(iri, rdf.type, nap.Activity)
    e.add(iri, nap.code, _lit(activity.code))
    e.add(iri, dcterms.title, e.text(activity.title))
    e.add(iri, rdfs.label, e.text(f"{activity.code} {activity.title}"))
    e.add(iri, nap.indicator, e.text(activity.indicator))
    e.add(iri, nap.plan, e.plan_node)
    e.add(iri, pplan.isStepOfPlan, e.plan_node)
    if activity.section is not None:
        e.add(iri, nap.section, _iri(section_iri(plan.id, activity.section)))
    e.add(iri, dcterms.identifier, _lit(activity.identifier) if activity.identifier else None)
    e.add(iri, foaf.page, _node(activity.url) if activity.url else None)
    e.add(iri, dcterms.description, e.text(activity.description))
    e.add(iri, nap.startDate, _lit(activity.start_date) if activity.start_date else None)
    e.add(iri, nap.endDate, _lit(activity.end_date) if activity.end_date else None)
    e.add(iri, nap.leadText, _lit(activity.lead_text) if activity.lead_text else None)
    e.add(iri, nap.supportingText, _lit(activity.supporting_text) if activity.supporting_text else None)
    e.add(iri, nap.editorialNote, e.text(activity.notes))
    _emit_roles(e, iri, activity)
    period, period_source = activity.period, plan.documents[activity.source.document]
    if period is None:
        for report, evidence in reversed(reported):
            if evidence.reported_period:
                period, period_source = evidence.reported_period, plan.documents[report.document]
                break
    if period:
        e.add(iri, nap.startYear, _lit(period.start))
        e.add(iri, nap.endYear, _lit(period.end))
        e.add(iri, nap.periodSource, _iri(document_iri(period_source.file)))
        interval = _node(f"{iri.value}#period")
        e.add(iri, nap.period, interval)
        e.add(interval, rdf.type, owltime.ProperInterval)
        for end, year in (("beginning", period.start), ("end", period.end)):
            instant = _node(f"{iri.value}#{end}")
            e.add(interval, owltime.hasBeginning if end == "beginning" else owltime.hasEnd, instant)
            e.add(instant, rdf.type, owltime.Instant)
            e.add(instant, owltime.inXSDgYear, ox.Literal(f"{year:04d}", datatype=xsd.gYear))
    e.add(iri, nap.periodNote, e.text(_period_note(plan, activity, reported)))
    e.add(iri, nap.status, _iri(_latest_status(activity, latest)))
    for key, value in activity.assessments.items():
        prop, scale = ASSESSMENT_PROPERTIES[key]
        e.add(iri, _iri(prop), _iri(scale.get(value) or GAP_CONCEPTS.get(value)))
    e.provenance(iri, activity.source)


def _emit_roles(e: _Emitter, iri: ox.NamedNode, activity: Activity) -> None:
    roles: list[tuple[str, str, ox.NamedNode]] = []
    if activity.lead or activity.supporting:
        roles += [("lead", b, nap.ledBy) for b in activity.lead]
        roles += [("supporting", b, nap.supportedBy) for b in activity.supporting]
        roles += [("implementer", b, nap.implementedBy) for b in activity.implementers
                  if b not in activity.lead and b not in activity.supporting]
    else:
        roles += [("implementer", b, nap.implementedBy) for b in activity.implementers]
    roles += [("recommended", b, nap.recommendedTo) for b in activity.recommended_to]
    for role, body_id, prop in roles:  # the role's older spelling stays in the association's IRI
        body = e.body(body_id)
        e.add(iri, prop, body)
        if prop in (nap.ledBy, nap.supportedBy):
            e.add(iri, nap.implementedBy, body)
        association = _node(f"{iri.value}/{role}/{_slug(body_id)}")
        e.add(iri, prov.qualifiedAssociation, association)
        e.add(association, rdf.type, prov.Association)
        e.add(association, prov.agent, body)
        e.add(association, prov.hadRole, _iri(ROLE_CONCEPTS[ROLES.key(role) or role]))


def _emit_report(e: _Emitter, report: Report) -> Iterator[None]:
    """A report's statements, pausing after each record so that the caller can pass them on."""
    plan, iri = e.plan, _iri(report_iri(report.id))
    document = plan.documents[report.document]
    e.add(iri, rdf.type, nap.ProgressReport)
    e.add(iri, dcterms.title, e.text(report.title))
    e.add(iri, rdfs.label, e.text(report.title))
    date = _lit(report.date)
    e.add(iri, dcterms.date, date)
    e.add(iri, nap.plan, e.plan_node)
    e.add(iri, dcterms.source, _iri(document_iri(document.file)))
    if report.author:
        e.add(iri, dcterms.creator, e.body(report.author))
    e.add(iri, nap.editorialNote, e.text(report.notes))
    e.provenance(iri, report.source)
    yield
    for ev in report.evidence:
        ev_iri = _node(evidence_iri(report.id, ev.activity, ev.part))
        e.add(_node(activity_iri(plan.id, ev.activity)), nap.evidence, ev_iri)
        e.add(ev_iri, rdf.type, nap.Evidence)
        said = f"{report.date.isoformat()}, {ev.part}" if ev.part else report.date.isoformat()
        e.add(ev_iri, rdfs.label, e.text(f"Evidence for {ev.activity} ({said})"))
        e.add(ev_iri, nap.text, e.text(ev.text))
        e.add(ev_iri, nap.report, iri)
        e.add(ev_iri, dcterms.date, date)
        e.add(ev_iri, nap.status, _iri(STATUS_CONCEPTS.get(ev.status)) if ev.status else None)
        e.add(ev_iri, nap.statusBasis, e.text(ev.basis))
        _emit_assessment(e, ev_iri, ev)
        e.add(ev_iri, nap.reportedTitle, e.text(ev.reported_title))
        if ev.reported_period:
            e.add(ev_iri, nap.reportedStartYear, _lit(ev.reported_period.start))
            e.add(ev_iri, nap.reportedEndYear, _lit(ev.reported_period.end))
        for actor in ev.actors:
            e.add(ev_iri, nap.actor, e.body(actor))
        e.add(ev_iri, nap.editorialNote, e.text(ev.notes))
        e.provenance(ev_iri, ev.source, exact=ev.text)
        yield
    for rec in report.recommendations:
        rec_iri = _node(f"{iri.value}/recommendation/{_slug(rec.id)}")
        e.add(rec_iri, rdf.type, nap.Recommendation)
        e.add(rec_iri, skos.notation, _lit(rec.id))
        e.add(rec_iri, rdfs.label, e.text(rec.label))
        e.add(rec_iri, nap.response, e.text(rec.response))
        e.add(rec_iri, nap.report, iri)
        if rec.issued_by:
            e.add(rec_iri, nap.issuedBy, e.body(rec.issued_by))
        if rec.part_of:
            e.add(rec_iri, dcterms.isPartOf, _node(f"{iri.value}/recommendation/{_slug(rec.part_of)}"))
        for code in rec.addressed_by:
            e.add(_node(activity_iri(plan.id, code)), nap.addresses, rec_iri)
        e.add(rec_iri, nap.editorialNote, e.text(rec.notes))
        e.provenance(rec_iri, rec.source, exact=rec.response)
        yield
    for fig in report.figures:
        fig_iri = _node(f"{iri.value}/figure/{_slug(fig.id)}")
        e.add(iri, nap.figure, fig_iri)
        e.add(fig_iri, rdf.type, nap.SummaryFigure)
        e.add(fig_iri, rdfs.label, e.text(fig.label))
        e.add(fig_iri, nap.value, _decimal(fig.value))
        e.add(fig_iri, nap.unit, _lit(fig.unit))
        e.add(fig_iri, nap.quote, e.text(fig.quote))
        e.add(fig_iri, nap.report, iri)
        if fig.assessed_by:
            e.add(fig_iri, nap.assessedBy, e.body(fig.assessed_by))
        e.add(fig_iri, nap.editorialNote, e.text(fig.notes))
        e.provenance(fig_iri, fig.source, exact=fig.quote)
        yield


SHOWN_CONCEPTS = SHOWN.concepts()


def _emit_assessment(e: _Emitter, ev_iri: ox.NamedNode, ev: Evidence) -> None:
    """The report's claim and the edition's deliverables checklist of one piece of evidence."""
    e.add(ev_iri, nap.claimedStatus, _iri(STATUS_CONCEPTS[ev.claimed_status]) if ev.claimed_status else None)
    e.add(ev_iri, nap.claimBasis, e.text(ev.claim_basis))
    for n, item in enumerate(ev.deliverables, 1):
        d = _node(f"{ev_iri.value}#deliverable-{n}")
        e.add(ev_iri, nap.deliverable, d)
        e.add(d, rdf.type, nap.Deliverable)
        e.add(d, rdfs.label, _text(item.label, "en"))
        e.add(d, nap.shown, _iri(SHOWN_CONCEPTS[SHOWN.key(item.shown) or item.shown]))
        e.add(d, nap.shownBy, e.text(item.phrase))
        e.add(d, nap.editorialNote, _text(item.note, "en") if item.note else None)


def _plan_quads(plan: Plan) -> Iterator[ox.Quad]:
    """A plan's quads, passed on a record at a time (a large plan's are never all held at once)."""
    e = _Emitter(plan)
    quads = e.quads
    _emit_documents(e)
    _emit_plan(e)
    yield from quads
    quads.clear()
    for body in plan.bodies:
        _emit_body(e, body)
        yield from quads
        quads.clear()
    latest = _latest_evidence(plan)
    reported: dict[str, list[tuple[Report, Evidence]]] = {}
    for report in sorted(plan.reports, key=lambda r: r.date):
        for evidence in report.evidence:
            reported.setdefault(evidence.activity, []).append((report, evidence))
    for activity in plan.activities:
        _emit_activity(e, activity, latest.get(activity.code), reported.get(activity.code, []))
        yield from quads
        quads.clear()
    for report in plan.reports:
        for _ in _emit_report(e, report):
            yield from quads
            quads.clear()


def iter_quads(edition: Edition, *, with_ontology: bool = True) -> Iterator[ox.Quad]:
    """Every statement of the edition as a pyoxigraph ``Quad`` (subject, predicate, object, graph name).

    The plans' statements come first, then the bodies each evidence text mentions, which nap-kg
    derives (:mod:`napkg.graph.build.mentions`, in the named graph ``MENTIONS_GRAPH``).
    """
    if with_ontology:
        yield from _ontology_quads()
    for plan in edition.plans:
        yield from _plan_quads(plan)
    yield from mention_quads(_evidence_texts(edition), _body_spellings(edition))


def _evidence_texts(edition: Edition) -> Iterator[tuple[ox.NamedNode, str]]:
    """Every piece of evidence's IRI and verbatim text (``nap:text``)."""
    for plan in edition.plans:
        for report in plan.reports:
            for ev in report.evidence:
                if ev.text is not None:
                    yield _node(evidence_iri(report.id, ev.activity, ev.part)), ev.text


def _body_spellings(edition: Edition) -> dict[ox.NamedNode, list[str]]:
    """Every body's IRI and its spellings (``rdfs:label`` and ``skos:altLabel``), over all plans."""
    spellings: dict[ox.NamedNode, list[str]] = {}
    for plan in edition.plans:
        for body in plan.bodies:
            country = INTERNATIONAL if body.international else plan.country_code
            names = spellings.setdefault(_node(body_iri(country, body.id)), [])
            names.extend(n for n in (body.name, *body.aliases) if n not in names)
    return spellings


@lru_cache(maxsize=1)
def _ontology_quads() -> tuple[ox.Quad, ...]:
    return tuple(ox_quads((s, p, o, ONTOLOGY_IRI) for s, p, o in _ontology_triples()))


def build_dataset(data_dir: Path | Edition, *, with_ontology: bool = True) -> Dataset:
    """The edition (a data folder or a loaded Edition) as an rdflib Dataset of named graphs."""
    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    dataset = Dataset()
    dataset.addN(rdflib_quads(iter_quads(edition, with_ontology=with_ontology)))
    return dataset


def build_graph(data_dir: Path | Edition, *, with_ontology: bool = True) -> Graph:
    """The edition merged into one Graph (the ontology included unless told otherwise)."""
    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for s, p, o, _ in rdflib_quads(iter_quads(edition, with_ontology=with_ontology)):
        graph.add((s, p, o))
    return graph


def build_store(data_dir: Path | Edition, *, with_ontology: bool = True, store: ox.Store | None = None) -> ox.Store:
    """The edition in a pyoxigraph ``Store`` (new and in memory unless ``store`` is given).

    The same statements as :func:`build_dataset`, without the rdflib copy: the path the build
    takes for large editions (100,000 activities in tens of seconds, where rdflib takes
    minutes and several times the memory).
    """
    import gc

    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    store = ox.Store() if store is None else store
    enabled = gc.isenabled()
    gc.disable()  # millions of young objects: the collector would rescan them again and again
    try:
        store.bulk_extend(iter_quads(edition, with_ontology=with_ontology))
    finally:
        if enabled:
            gc.enable()
    return store
