"""Turn the data edition into RDF: one named graph per plan, per country's bodies, and for the ontology.

``iter_quads`` is the single mapping from records to statements; ``build_dataset`` gathers
them into an rdflib Dataset, ``build_graph`` into one merged Graph. Every record carries
``prov:wasDerivedFrom`` a Web Annotation ``oa:SpecificResource`` naming its source document and
the place in it (an RFC 5147 line selector, or an RFC 7111 row selector for CSV).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import RDF as _RDF, RDFS as _RDFS, XSD as _XSD, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from napkg.graph import namespace as _ns
from napkg.graph.edition import (
    Activity, Body, Edition, Evidence, Plan, Report, SourcePlace, load_edition,
)
from napkg.graph.namespace import ID, ONTOLOGY_IRI, RFC5147, RFC7111
from napkg.graph.edition.quotes import literal_span, source_lines
from napkg.graph.vocabulary import ASSESSMENT_GAPS, KIND_CONCEPTS, PREFIXES, ROLES, SECTORS, SHOWN, STATUSES

__all__ = [
    "ONTOLOGY_FILE", "SHAPES_FILE", "METRICS_GRAPH", "iter_quads", "build_dataset", "build_graph",
    "INTERNATIONAL", "ontology_graph", "plan_iri", "activity_iri", "body_iri", "section_iri", "report_iri",
    "graph_name_of_plan", "bodies_graph", "STATUS_CONCEPTS", "KIND_CONCEPTS", "SECTOR_CONCEPTS",
    "ROLE_CONCEPTS", "SHOWN_CONCEPTS", "build_store", "ox_quads",
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


def document_iri(file: str) -> URIRef:
    return _id(f"source/{_slug(Path(file).name)}")


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
        self.graph = graph_name_of_plan(plan.id)
        self.bodies = bodies_graph(plan.country_code)
        self.lang = plan.language  # None: plain literals (a plan whose texts' language is not known)
        self.quads: list[Quad] = []
        self.international = {b.id for b in plan.bodies if b.international}

    def add(self, s: Node, p: Node, o: Node | None, graph: URIRef | None = None) -> None:
        if o is not None:
            self.quads.append((s, p, o, graph or self.graph))

    def text(self, value: str | None) -> Literal | None:
        return None if value is None else Literal(value, lang=self.lang)

    def body(self, body_id: str) -> URIRef:
        """A body's IRI: under the plan's country, or under ``int`` for an international or foreign body."""
        return body_iri(INTERNATIONAL if body_id in self.international else self.plan.country_code, body_id)

    def provenance(self, subject: URIRef, place: SourcePlace, graph: URIRef | None = None, *, exact: str | None = None) -> None:
        """``subject prov:wasDerivedFrom [oa:SpecificResource]`` with selectors for the place."""
        document = self.plan.documents[place.document]
        target = _mint(f"{subject}#source")
        add = lambda s, p, o: self.add(s, p, o, graph)  # noqa: E731
        add(subject, PROV.wasDerivedFrom, target)
        add(target, RDF.type, OA.SpecificResource)
        add(target, OA.hasSource, document_iri(document.file))
        if place.lines:
            selector = _mint(f"{subject}#lines")
            first, last = place.lines
            add(target, OA.hasSelector, selector)
            add(selector, RDF.type, OA.FragmentSelector)
            add(selector, DCTERMS.conformsTo, RFC5147)
            add(selector, RDF.value, Literal(f"line={first - 1},{last}"))
        if place.rows:
            selector = _mint(f"{subject}#rows")
            first, last = place.rows
            add(target, OA.hasSelector, selector)
            add(selector, RDF.type, OA.FragmentSelector)
            add(selector, DCTERMS.conformsTo, RFC7111)
            add(selector, RDF.value, Literal(f"row={first}" if first == last else f"row={first}-{last}"))
            if place.column:
                add(target, NAP.rawText, Literal(f"column: {place.column}"))
        if exact:
            literal, position = _anchored(self.plan, place, exact)
            selector = _mint(f"{subject}#quote")
            add(target, OA.hasSelector, selector)
            add(selector, RDF.type, OA.TextQuoteSelector)
            add(selector, OA.exact, Literal(literal))
            if position:
                selector = _mint(f"{subject}#position")
                add(target, OA.hasSelector, selector)
                add(selector, RDF.type, OA.TextPositionSelector)
                add(selector, OA.start, Literal(position[0]))
                add(selector, OA.end, Literal(position[1]))


@lru_cache(maxsize=32)
def _line_offsets(path: Path) -> tuple[int, ...]:
    """The character offset at which each line of a text file starts (line 1 first)."""
    offsets, at = [], 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        offsets.append(at)
        at += len(line)
    return tuple(offsets)


def _anchored(plan: Plan, place: SourcePlace, quote: str) -> tuple[str, tuple[int, int] | None]:
    """A verbatim quote as its source prints it (a literal substring) and its character span in the file.

    The edition folds white space and drops extraction tags (``nap:text`` keeps that form); a strict
    Web Annotation client anchors ``oa:exact`` literally, so the selector takes the source's own text,
    from the quote's first piece to its last. A quote without a text source is kept as it is.
    """
    document = plan.documents[place.document]
    if not place.lines or document.media_type != "text/plain" or document.path is None or not document.path.exists():
        return quote, None
    source = source_lines(plan, place)
    found = literal_span(quote, source)
    if found is None:
        return quote, None
    first = _line_offsets(document.path)[place.lines[0] - 1]
    return source[found[0]:found[1]], (first + found[0], first + found[1])


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
        iri = document_iri(document.file)
        e.add(iri, RDF.type, NAP.SourceDocument, SOURCES_GRAPH)
        e.add(iri, DCTERMS.title, e.text(document.title), SOURCES_GRAPH)
        e.add(iri, NAP.sourceFile, Literal(document.file), SOURCES_GRAPH)
        e.add(iri, DCTERMS.format, Literal(document.media_type), SOURCES_GRAPH)
        if document.date:
            e.add(iri, DCTERMS.date, Literal(document.date), SOURCES_GRAPH)
        for field_name, column in sorted(document.columns.items()):
            mapping = URIRef(f"{iri}#column-{_slug(field_name)}")
            e.add(iri, NAP.columnMapping, mapping, SOURCES_GRAPH)
            e.add(mapping, RDF.type, NAP.ColumnMapping, SOURCES_GRAPH)
            e.add(mapping, NAP.field, Literal(field_name), SOURCES_GRAPH)
            e.add(mapping, NAP.column, Literal(column), SOURCES_GRAPH)
            e.add(mapping, NAP.mapsTo, FIELD_PROPERTIES.get(field_name), SOURCES_GRAPH)


def _emit_plan(e: _Emitter) -> None:
    plan, iri = e.plan, plan_iri(e.plan.id)
    country = country_iri(plan.country_code)
    e.add(country, RDF.type, NAP.Country, e.bodies)
    e.add(country, RDFS.label, Literal(plan.country_name, lang="en"), e.bodies)
    if len(plan.country_code) == 2 and plan.country_code.isalpha():
        e.add(country, NAP.isoCode, Literal(plan.country_code.upper()), e.bodies)
    e.add(iri, RDF.type, NAP.ActionPlan)
    e.add(iri, DCTERMS.identifier, Literal(plan.id))
    e.add(iri, DCTERMS.title, e.text(plan.title))
    e.add(iri, RDFS.label, e.text(plan.title))
    e.add(iri, NAP.country, country)
    if plan.period:
        e.add(iri, NAP.startYear, Literal(plan.period.start))
        e.add(iri, NAP.endYear, Literal(plan.period.end))
    if plan.adopted:
        e.add(iri, DCTERMS.issued, Literal(plan.adopted))
    e.add(iri, NAP.editorialNote, e.text(plan.notes))
    e.provenance(iri, plan.source)
    for section in plan.sections:
        s = section_iri(plan.id, section.number)
        e.add(s, RDF.type, NAP.Section)
        e.add(s, NAP.code, Literal(section.number))
        e.add(s, DCTERMS.title, e.text(section.title))
        e.add(s, RDFS.label, e.text(section.title or f"Section {section.number}"))
        e.add(s, NAP.plan, iri)
        e.add(s, NAP.editorialNote, e.text(section.notes))
        e.provenance(s, section.source)


def _emit_body(e: _Emitter, body: Body) -> None:
    iri = e.body(body.id)
    g = bodies_graph(INTERNATIONAL) if body.international else e.bodies
    if body.collective:
        e.add(iri, RDF.type, NAP.CollectiveBody, g)
    else:
        e.add(iri, RDF.type, NAP.Agency, g)
        e.add(iri, RDF.type, ORG.Organization, g)
        if body.sector == "public":
            e.add(iri, RDF.type, M8G.PublicOrganisation, g)
    e.add(iri, RDF.type, NAP.Body, g)
    e.add(iri, RDFS.label, Literal(body.name, lang=e.lang), g)
    e.add(iri, NAP.slug, Literal(body.id), g)
    for alias in body.aliases:
        if alias != body.name:
            e.add(iri, SKOS.altLabel, Literal(alias, lang=e.lang), g)
    e.add(iri, NAP.kind, KIND_CONCEPTS[body.kind], g)
    e.add(iri, NAP.sector, SECTOR_CONCEPTS[body.sector], g)
    if not body.international:
        e.add(iri, NAP.country, country_iri(e.plan.country_code), g)
    if body.parent:
        e.add(iri, ORG.subOrganizationOf, e.body(body.parent), g)
    e.add(iri, NAP.editorialNote, Literal(body.notes, lang="en") if body.notes else None, g)
    for raw in body.raw_names:
        e.add(iri, NAP.rawName, Literal(raw), g)
    for note in body.merge_notes:
        e.add(iri, NAP.mergeNote, Literal(note), g)
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
    iri = activity_iri(plan.id, activity.code)
    e.add(iri, RDF.type, NAP.Activity)
    e.add(iri, NAP.code, Literal(activity.code))
    e.add(iri, DCTERMS.title, e.text(activity.title))
    e.add(iri, RDFS.label, e.text(f"{activity.code} {activity.title}"))
    e.add(iri, NAP.indicator, e.text(activity.indicator))
    e.add(iri, NAP.plan, plan_iri(plan.id))
    e.add(iri, PPLAN.isStepOfPlan, plan_iri(plan.id))
    if activity.section is not None:
        e.add(iri, NAP.section, section_iri(plan.id, activity.section))
    e.add(iri, DCTERMS.identifier, Literal(activity.identifier) if activity.identifier else None)
    e.add(iri, FOAF.page, URIRef(activity.url) if activity.url else None)
    e.add(iri, DCTERMS.description, e.text(activity.description))
    e.add(iri, NAP.startDate, Literal(activity.start_date) if activity.start_date else None)
    e.add(iri, NAP.endDate, Literal(activity.end_date) if activity.end_date else None)
    e.add(iri, NAP.leadText, Literal(activity.lead_text) if activity.lead_text else None)
    e.add(iri, NAP.supportingText, Literal(activity.supporting_text) if activity.supporting_text else None)
    e.add(iri, NAP.editorialNote, e.text(activity.notes))
    _emit_roles(e, iri, activity)
    period, period_source = activity.period, plan.documents[activity.source.document]
    if period is None:
        for report, evidence in reversed(reported):
            if evidence.reported_period:
                period, period_source = evidence.reported_period, plan.documents[report.document]
                break
    if period:
        e.add(iri, NAP.startYear, Literal(period.start))
        e.add(iri, NAP.endYear, Literal(period.end))
        e.add(iri, NAP.periodSource, document_iri(period_source.file))
        interval = _mint(f"{iri}#period")
        e.add(iri, NAP.period, interval)
        e.add(interval, RDF.type, TIME.ProperInterval)
        for end, year in (("beginning", period.start), ("end", period.end)):
            instant = _mint(f"{iri}#{end}")
            e.add(interval, TIME.hasBeginning if end == "beginning" else TIME.hasEnd, instant)
            e.add(instant, RDF.type, TIME.Instant)
            e.add(instant, TIME.inXSDgYear, Literal(f"{year:04d}", datatype=XSD.gYear))
    e.add(iri, NAP.periodNote, e.text(_period_note(plan, activity, reported)))
    e.add(iri, NAP.status, _latest_status(activity, latest))
    for key, value in activity.assessments.items():
        prop, scale = ASSESSMENT_PROPERTIES[key]
        e.add(iri, prop, scale.get(value) or GAP_CONCEPTS.get(value))
    e.provenance(iri, activity.source)


def _emit_roles(e: _Emitter, iri: URIRef, activity: Activity) -> None:
    roles: list[tuple[str, str, URIRef]] = []
    if activity.lead or activity.supporting:
        roles += [("lead", b, NAP.ledBy) for b in activity.lead]
        roles += [("supporting", b, NAP.supportedBy) for b in activity.supporting]
        roles += [("implementer", b, NAP.implementedBy) for b in activity.implementers
                  if b not in activity.lead and b not in activity.supporting]
    else:
        roles += [("implementer", b, NAP.implementedBy) for b in activity.implementers]
    roles += [("recommended", b, NAP.recommendedTo) for b in activity.recommended_to]
    for role, body_id, prop in roles:  # the role's older spelling stays in the association's IRI
        body = e.body(body_id)
        e.add(iri, prop, body)
        if prop in (NAP.ledBy, NAP.supportedBy):
            e.add(iri, NAP.implementedBy, body)
        association = _mint(f"{iri}/{role}/{_slug(body_id)}")
        e.add(iri, PROV.qualifiedAssociation, association)
        e.add(association, RDF.type, PROV.Association)
        e.add(association, PROV.agent, body)
        e.add(association, PROV.hadRole, ROLE_CONCEPTS[ROLES.key(role) or role])


def _emit_report(e: _Emitter, report: Report) -> None:
    plan, iri = e.plan, report_iri(report.id)
    document = plan.documents[report.document]
    e.add(iri, RDF.type, NAP.ProgressReport)
    e.add(iri, DCTERMS.title, e.text(report.title))
    e.add(iri, RDFS.label, e.text(report.title))
    e.add(iri, DCTERMS.date, Literal(report.date))
    e.add(iri, NAP.plan, plan_iri(plan.id))
    e.add(iri, DCTERMS.source, document_iri(document.file))
    if report.author:
        e.add(iri, DCTERMS.creator, e.body(report.author))
    e.add(iri, NAP.editorialNote, e.text(report.notes))
    e.provenance(iri, report.source)
    for ev in report.evidence:
        part = f"/{_slug(ev.part)}" if ev.part else ""
        ev_iri = _mint(f"{iri}/evidence/{_slug(ev.activity)}{part}")
        e.add(activity_iri(plan.id, ev.activity), NAP.evidence, ev_iri)
        e.add(ev_iri, RDF.type, NAP.Evidence)
        said = f"{report.date.isoformat()}, {ev.part}" if ev.part else report.date.isoformat()
        e.add(ev_iri, RDFS.label, e.text(f"Evidence for {ev.activity} ({said})"))
        e.add(ev_iri, NAP.text, e.text(ev.text))
        e.add(ev_iri, NAP.report, iri)
        e.add(ev_iri, DCTERMS.date, Literal(report.date))
        e.add(ev_iri, NAP.status, STATUS_CONCEPTS.get(ev.status) if ev.status else None)
        e.add(ev_iri, NAP.statusBasis, e.text(ev.basis))
        _emit_assessment(e, ev_iri, ev)
        e.add(ev_iri, NAP.reportedTitle, e.text(ev.reported_title))
        if ev.reported_period:
            e.add(ev_iri, NAP.reportedStartYear, Literal(ev.reported_period.start))
            e.add(ev_iri, NAP.reportedEndYear, Literal(ev.reported_period.end))
        for actor in ev.actors:
            e.add(ev_iri, NAP.actor, e.body(actor))
        e.add(ev_iri, NAP.editorialNote, e.text(ev.notes))
        e.provenance(ev_iri, ev.source, exact=ev.text)
    for rec in report.recommendations:
        rec_iri = _mint(f"{iri}/recommendation/{_slug(rec.id)}")
        e.add(rec_iri, RDF.type, NAP.Recommendation)
        e.add(rec_iri, SKOS.notation, Literal(rec.id))
        e.add(rec_iri, RDFS.label, e.text(rec.label))
        e.add(rec_iri, NAP.response, e.text(rec.response))
        e.add(rec_iri, NAP.report, iri)
        if rec.issued_by:
            e.add(rec_iri, NAP.issuedBy, e.body(rec.issued_by))
        if rec.part_of:
            e.add(rec_iri, DCTERMS.isPartOf, _mint(f"{iri}/recommendation/{_slug(rec.part_of)}"))
        for code in rec.addressed_by:
            e.add(activity_iri(plan.id, code), NAP.addresses, rec_iri)
        e.add(rec_iri, NAP.editorialNote, e.text(rec.notes))
        e.provenance(rec_iri, rec.source, exact=rec.response)
    for fig in report.figures:
        fig_iri = _mint(f"{iri}/figure/{_slug(fig.id)}")
        e.add(iri, NAP.figure, fig_iri)
        e.add(fig_iri, RDF.type, NAP.SummaryFigure)
        e.add(fig_iri, RDFS.label, e.text(fig.label))
        e.add(fig_iri, NAP.value, Literal(str(fig.value), datatype=XSD.decimal))
        e.add(fig_iri, NAP.unit, Literal(fig.unit))
        e.add(fig_iri, NAP.quote, e.text(fig.quote))
        e.add(fig_iri, NAP.report, iri)
        if fig.assessed_by:
            e.add(fig_iri, NAP.assessedBy, e.body(fig.assessed_by))
        e.add(fig_iri, NAP.editorialNote, e.text(fig.notes))
        e.provenance(fig_iri, fig.source, exact=fig.quote)


SHOWN_CONCEPTS = SHOWN.concepts()


def _emit_assessment(e: _Emitter, ev_iri: URIRef, ev: Evidence) -> None:
    """The report's claim and the edition's deliverables checklist of one piece of evidence."""
    e.add(ev_iri, NAP.claimedStatus, STATUS_CONCEPTS[ev.claimed_status] if ev.claimed_status else None)
    e.add(ev_iri, NAP.claimBasis, e.text(ev.claim_basis))
    for n, item in enumerate(ev.deliverables, 1):
        d = _mint(f"{ev_iri}#deliverable-{n}")
        e.add(ev_iri, NAP.deliverable, d)
        e.add(d, RDF.type, NAP.Deliverable)
        e.add(d, RDFS.label, Literal(item.label, lang="en"))
        e.add(d, NAP.shown, SHOWN_CONCEPTS[SHOWN.key(item.shown) or item.shown])
        e.add(d, NAP.shownBy, e.text(item.phrase))
        e.add(d, NAP.editorialNote, Literal(item.note, lang="en") if item.note else None)


def _plan_quads(plan: Plan) -> list[Quad]:
    e = _Emitter(plan)
    _emit_documents(e)
    _emit_plan(e)
    for body in plan.bodies:
        _emit_body(e, body)
    latest = _latest_evidence(plan)
    reported: dict[str, list[tuple[Report, Evidence]]] = {}
    for report in sorted(plan.reports, key=lambda r: r.date):
        for evidence in report.evidence:
            reported.setdefault(evidence.activity, []).append((report, evidence))
    for activity in plan.activities:
        _emit_activity(e, activity, latest.get(activity.code), reported.get(activity.code, []))
    for report in plan.reports:
        _emit_report(e, report)
    return e.quads


def iter_quads(edition: Edition, *, with_ontology: bool = True) -> Iterator[Quad]:
    """Every statement of the edition as (subject, predicate, object, graph name)."""
    if with_ontology:
        for s, p, o in _ontology_triples():
            yield s, p, o, ONTOLOGY_IRI
    for plan in edition.plans:
        yield from _plan_quads(plan)


def build_dataset(data_dir: Path | Edition, *, with_ontology: bool = True) -> Dataset:
    """The edition (a data folder or a loaded Edition) as an rdflib Dataset of named graphs."""
    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    dataset = Dataset()
    dataset.addN(iter_quads(edition, with_ontology=with_ontology))
    return dataset


def build_graph(data_dir: Path | Edition, *, with_ontology: bool = True) -> Graph:
    """The edition merged into one Graph (the ontology included unless told otherwise)."""
    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    for s, p, o, _ in iter_quads(edition, with_ontology=with_ontology):
        graph.add((s, p, o))
    return graph




def _ox_terms() -> Any:
    """A function turning the rdflib terms of :func:`iter_quads` into pyoxigraph terms, IRIs cached."""
    import pyoxigraph as ox

    from rdflib import BNode

    iris: dict[str, Any] = {}
    literal, named = ox.Literal, ox.NamedNode

    def term(node: Node) -> Any:
        if isinstance(node, URIRef):
            found = iris.get(node)
            if found is None:
                found = iris[node] = named(node)
            return found
        if isinstance(node, Literal):
            if node.language:
                return literal(str(node), language=node.language)
            if node.datatype is None:
                return literal(str(node))
            return literal(str(node), datatype=term(node.datatype))
        if isinstance(node, BNode):
            return ox.BlankNode(str(node))
        raise TypeError(f"not an RDF term: {node!r}")

    return term


def ox_quads(quads: Iterable[Quad]) -> Iterator[Any]:
    """The rdflib quads of :func:`iter_quads` as pyoxigraph ``Quad`` objects."""
    import pyoxigraph as ox

    term, quad = _ox_terms(), ox.Quad
    for s, p, o, g in quads:
        yield quad(term(s), term(p), term(o), term(g))


def build_store(data_dir: Path | Edition, *, with_ontology: bool = True, store: Any = None) -> Any:
    """The edition in a pyoxigraph ``Store`` (new and in memory unless ``store`` is given).

    The same statements as :func:`build_dataset`, without the rdflib copy: the path the build
    takes for large editions (100,000 activities in tens of seconds, where rdflib takes
    minutes and several times the memory).
    """
    import gc

    import pyoxigraph as ox

    edition = data_dir if isinstance(data_dir, Edition) else load_edition(Path(data_dir))
    store = ox.Store() if store is None else store
    enabled = gc.isenabled()
    gc.disable()  # millions of young tuples: the collector would rescan them again and again
    try:
        store.bulk_extend(ox_quads(iter_quads(edition, with_ontology=with_ontology)))
    finally:
        if enabled:
            gc.enable()
    return store
