"""The words nap-kg shares with its users: statuses, roles, body kinds, sectors and prefixes.

Each term is one line: the key users see (its ``skos:notation`` in ``ontology/nap.ttl``), the
concept it stands for and its ``skos:prefLabel``; a test holds every table equal to the
ontology. Keys are lower-case kebab case (``not-started``, ``recommended-to``), the one
spelling every route, option and page answers with. :meth:`Terms.key` also takes the older
spellings (``NotStarted``, ``not_started``, ``Not started``, ``recommended``, ``recommended_to``,
a concept's IRI) and gives the key they stand for.

>>> STATUSES.key("NotStarted"), ROLES.key("recommended_to"), ROLES.key("recommended")
('not-started', 'recommended-to', 'recommended-to')
>>> STATUSES.key("started") is None
True
>>> STATUSES.by_iri(NAP.Limited).label
'limited'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from rdflib import URIRef

from napkg.graph.namespace import DCTERMS, FOAF, ID, M8G, NAP, OA, ORG, PPLAN, PROV, SKOS, TIME

__all__ = [
    "Term", "Terms", "fold",
    "NOT_STARTED", "LIMITED", "SUBSTANTIAL", "COMPLETE", "STATUSES", "NO_STATUS", "ASSESSMENT_GAPS", "SHOWN",
    "IMPLEMENTER", "LEAD", "SUPPORTING", "RECOMMENDED_TO", "ROLES", "KINDS", "SECTORS",
    "KIND_CONCEPTS", "PREFIXES", "SPARQL_PROLOGUE", "QUERY_PREFIXES",
]


def fold(spelling: str) -> str:
    """``spelling`` without case, spaces, hyphens or underscores: how spellings are compared.

    >>> fold("Not_Started"), fold("not-started"), fold(" NotStarted ")
    ('notstarted', 'notstarted', 'notstarted')
    """
    return re.sub(r"[\s_\-]+", "", spelling).casefold()


class Term(NamedTuple):
    """One term: ``key`` (its ``skos:notation``), the concept ``iri``, its ``label`` and older spellings."""

    key: str
    iri: URIRef
    label: str
    aliases: tuple[str, ...] = ()


class Terms:
    """An ordered table of terms, found by key, by any accepted spelling or by concept IRI."""

    def __init__(self, *terms: Term) -> None:
        self._terms = {t.key: t for t in terms}
        self._iris = {str(t.iri): t for t in terms}
        self._spellings: dict[str, str] = {}
        for t in terms:
            for spelling in (t.key, t.iri.rsplit("#", 1)[-1], *t.aliases):
                self._spellings.setdefault(fold(spelling), t.key)

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    def __getitem__(self, key: str) -> Term:
        return self._terms[key]

    def __contains__(self, key: object) -> bool:
        return key in self._terms

    @property
    def keys(self) -> tuple[str, ...]:
        """The keys, in the table's order."""
        return tuple(self._terms)

    def key(self, spelling: str) -> str | None:
        """The key ``spelling`` stands for (a key, an older spelling or a concept IRI), or None."""
        found = self._iris.get(spelling.strip())
        if found is not None:
            return found.key
        return self._spellings.get(fold(spelling))

    def by_iri(self, iri: str) -> Term | None:
        """The term of the concept ``iri``, or None."""
        return self._iris.get(str(iri))

    def concepts(self) -> dict[str, URIRef]:
        """Key → concept IRI."""
        return {t.key: t.iri for t in self._terms.values()}


# --- the completion scale (nap:CompletionScale), in order ---
NOT_STARTED = Term("not-started", NAP.NotStarted, "not started")
LIMITED = Term("limited", NAP.Limited, "limited")
SUBSTANTIAL = Term("substantial", NAP.Substantial, "substantial")
COMPLETE = Term("complete", NAP.Complete, "complete")
STATUSES = Terms(NOT_STARTED, LIMITED, SUBSTANTIAL, COMPLETE)
"""The statuses of activities and evidence."""

NO_STATUS = "none"
"""The ``status`` filter value for activities without a status."""

# --- what an assessment says when it gives no grade (nap:AssessmentGapScheme) ---
ASSESSMENT_GAPS = Terms(
    Term("no-data", NAP.NoData, "no data"),
    Term("not-reviewed", NAP.NotReviewed, "not reviewed"),
    Term("not-applicable", NAP.NotApplicable, "not applicable"),
    Term("withdrawn", NAP.Withdrawn, "withdrawn"),
    Term("unclear", NAP.Unclear, "unclear"),
    Term("no-early-results", NAP.NoEarlyResults, "no early results to report yet"),
)
"""The OGP import's assessment values that are not grades."""

# --- how far evidence shows a deliverable (nap:ShownScale), in order ---
SHOWN = Terms(
    Term("not-shown", NAP.NotShown, "not shown"),
    Term("partly-shown", NAP.PartlyShown, "partly shown", ("partly",)),
    Term("shown", NAP.Shown, "shown"),
)
"""How far an evidence shows each deliverable of its indicator; the edition writes ``partly``."""

# --- what a body is to an activity (nap:RoleScheme) ---
IMPLEMENTER = Term("implementer", NAP.ImplementerRole, "implementer", ("implementers", "implementedBy"))
LEAD = Term("lead", NAP.LeadRole, "lead implementer", ("ledBy",))
SUPPORTING = Term("supporting", NAP.SupportingRole, "supporting implementer", ("supportedBy",))
RECOMMENDED_TO = Term("recommended-to", NAP.RecommendedToRole, "recommended to", ("recommended",))
ROLES = Terms(IMPLEMENTER, LEAD, SUPPORTING, RECOMMENDED_TO)
"""The roles; leads and supporting bodies (imported OGP plans) are implementers too."""

# --- kinds of bodies (nap:BodyKindScheme) ---
KINDS = Terms(
    Term("ministry", NAP.Ministry, "ministry"),
    Term("state-committee", NAP.StateCommittee, "state committee"),
    Term("state-service", NAP.StateService, "state service"),
    Term("state-agency", NAP.StateAgency, "state agency"),
    Term("executive-office", NAP.ExecutiveOffice, "executive office"),
    Term("commission", NAP.Commission, "commission"),
    Term("council", NAP.Council, "council"),
    Term("court", NAP.Court, "court"),
    Term("parliament", NAP.Parliament, "parliament"),
    Term("prosecution", NAP.Prosecution, "prosecution"),
    Term("central-bank", NAP.CentralBank, "central bank"),
    Term("ombudsman", NAP.Ombudsman, "ombudsman"),
    Term("audit-institution", NAP.AuditInstitution, "audit institution"),
    Term("state-owned-company", NAP.StateOwnedCompany, "state-owned company"),
    Term("public-legal-entity", NAP.PublicLegalEntity, "public legal entity"),
    Term("professional-body", NAP.ProfessionalBody, "professional body"),
    Term("association", NAP.Association, "association"),
    Term("local-government", NAP.LocalGovernment, "local government"),
    Term("civil-society", NAP.CivilSocietyOrganisation, "civil society organisation"),
    Term("private", NAP.PrivateOrganisation, "private organisation"),
    Term("international", NAP.InternationalOrganisation, "international organisation"),
    Term("other", NAP.OtherBody, "other body"),
    Term("collective", NAP.CollectiveGroup, "collective group"),
)
"""The kinds of bodies; ``collective`` is the kind of every ``nap:CollectiveBody``."""

KIND_CONCEPTS: dict[str, URIRef] = KINDS.concepts()
"""Kind key → concept IRI."""

# --- sectors (nap:SectorScheme) ---
SECTORS = Terms(
    Term("public", NAP.PublicSector, "public sector"),
    Term("civil-society", NAP.CivilSociety, "civil society"),
    Term("private", NAP.PrivateSector, "private sector"),
    Term("international", NAP.InternationalSector, "international"),
    Term("unknown", NAP.UnknownSector, "sector unknown"),
)
"""The sectors bodies belong to."""

# --- prefixes ---
PREFIXES: dict[str, str] = {
    "nap": str(NAP._NS), "dcterms": str(DCTERMS), "org": str(ORG), "m8g": str(M8G), "prov": str(PROV),
    "p-plan": str(PPLAN), "oa": str(OA), "time": str(TIME), "foaf": str(FOAF), "skos": str(SKOS),
    "id": str(ID),
}
"""The prefixes nap-kg writes RDF with."""

SPARQL_PROLOGUE = "".join(
    f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in {
        **PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    }.items())
"""The PREFIX lines nap-kg's own queries start with: :data:`PREFIXES` and rdf, rdfs, xsd."""

QUERY_PREFIXES: dict[str, str] = {
    "nap": PREFIXES["nap"], "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", **{k: PREFIXES[k] for k in (
        "skos", "dcterms", "prov", "org", "foaf", "time", "oa", "m8g", "p-plan")},
}
"""The prefixes a query to ``/sparql`` or ``napkg query`` may use without declaring them."""
