"""The nap-kg vocabulary as Python names, and the IRIs nap-kg mints.

``NAP`` mirrors ``ontology/nap.ttl`` term for term (a test holds them equal); a misspelt
term raises ``AttributeError`` instead of minting a wrong IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS, TIME, DefinedNamespace

__all__ = [
    "NAP", "ORG", "M8G", "PROV", "PPLAN", "OA", "TIME", "FOAF", "DCTERMS", "SKOS",
    "ONTOLOGY_IRI", "ID", "RFC5147", "RFC7111",
]

ONTOLOGY_IRI = URIRef("https://w3id.org/nap-kg/ontology")
ID = Namespace("https://w3id.org/nap-kg/id/")
M8G = Namespace("http://data.europa.eu/m8g/")
PPLAN = Namespace("http://purl.org/net/p-plan#")
OA = Namespace("http://www.w3.org/ns/oa#")
RFC5147 = URIRef("http://tools.ietf.org/rfc/rfc5147")
RFC7111 = URIRef("http://tools.ietf.org/rfc/rfc7111")


class NAP(DefinedNamespace):
    """Terms of ``https://w3id.org/nap-kg/ontology#``."""

    _NS = Namespace("https://w3id.org/nap-kg/ontology#")
    _fail = True

    ActionPlan: URIRef  # action plan
    Activity: URIRef  # activity
    Agency: URIRef  # agency
    AssessmentGapScheme: URIRef  # assessment gaps
    Association: URIRef  # association
    AuditInstitution: URIRef  # audit institution
    Body: URIRef  # body
    BodyKindScheme: URIRef  # kinds of bodies
    BodyMetrics: URIRef  # body metrics
    CentralBank: URIRef  # central bank
    CivilSociety: URIRef  # civil society
    CivilSocietyOrganisation: URIRef  # civil society organisation
    CollectiveBody: URIRef  # collective body
    CollectiveGroup: URIRef  # collective group
    Commission: URIRef  # commission
    Complete: URIRef  # complete
    CompletionScale: URIRef  # completion scale
    Council: URIRef  # council
    Country: URIRef  # country
    Court: URIRef  # court
    Evidence: URIRef  # evidence
    ExecutiveOffice: URIRef  # executive office
    ImpactMinor: URIRef  # minor potential impact
    ImpactModerate: URIRef  # moderate potential impact
    ImpactNone: URIRef  # no potential impact
    ImpactTransformative: URIRef  # transformative potential impact
    ImplementerRole: URIRef  # implementer
    InternationalOrganisation: URIRef  # international organisation
    InternationalSector: URIRef  # international
    LeadRole: URIRef  # lead implementer
    Limited: URIRef  # limited
    LocalGovernment: URIRef  # local government
    Ministry: URIRef  # ministry
    NoData: URIRef  # no data
    NoEarlyResults: URIRef  # no early results to report yet
    NotApplicable: URIRef  # not applicable
    NotReviewed: URIRef  # not reviewed
    NotStarted: URIRef  # not started
    Ombudsman: URIRef  # ombudsman
    OpenGovDidNotChange: URIRef  # did not change
    OpenGovMajor: URIRef  # major
    OpenGovMarginal: URIRef  # marginal
    OpenGovOutstanding: URIRef  # outstanding
    OpenGovWorsened: URIRef  # worsened
    OpenGovernmentScale: URIRef  # did it open government scale
    OtherBody: URIRef  # other body
    Parliament: URIRef  # parliament
    PotentialImpactScale: URIRef  # potential impact scale
    PrivateOrganisation: URIRef  # private organisation
    PrivateSector: URIRef  # private sector
    ProfessionalBody: URIRef  # professional body
    ProgressReport: URIRef  # progress report
    Prosecution: URIRef  # prosecution
    PublicLegalEntity: URIRef  # public legal entity
    PublicSector: URIRef  # public sector
    Recommendation: URIRef  # recommendation
    RecommendedToRole: URIRef  # recommended to
    Role: URIRef  # role
    RoleScheme: URIRef  # roles
    Section: URIRef  # section
    SectorScheme: URIRef  # sectors
    SourceDocument: URIRef  # source document
    StateAgency: URIRef  # state agency
    StateCommittee: URIRef  # state committee
    StateOwnedCompany: URIRef  # state-owned company
    StateService: URIRef  # state service
    Substantial: URIRef  # substantial
    SummaryFigure: URIRef  # summary figure
    SupportingRole: URIRef  # supporting implementer
    Unclear: URIRef  # unclear
    Withdrawn: URIRef  # withdrawn
    actor: URIRef  # actor
    addresses: URIRef  # addresses
    articulationPoint: URIRef  # articulation point
    assessedBy: URIRef  # assessed by
    betweenness: URIRef  # betweenness centrality
    bottleneckRank: URIRef  # bottleneck rank
    bottleneckScore: URIRef  # bottleneck score
    code: URIRef  # code
    completionEndOfTerm: URIRef  # completion (end of term)
    completionMidTerm: URIRef  # completion (progress report)
    country: URIRef  # country
    degreeCentrality: URIRef  # degree centrality
    didItOpenGovernment: URIRef  # did it open government
    editorialNote: URIRef  # editorial note
    endDate: URIRef  # end date
    endYear: URIRef  # end year
    evidence: URIRef  # evidence
    figure: URIRef  # figure
    implementedBy: URIRef  # implemented by
    implementerLoad: URIRef  # implementer load
    indicator: URIRef  # evaluation indicator
    isoCode: URIRef  # ISO code
    issuedBy: URIRef  # issued by
    kind: URIRef  # kind
    leadLoad: URIRef  # lead load
    leadText: URIRef  # lead institution text
    ledBy: URIRef  # led by
    mentions: URIRef  # mentions
    mergeNote: URIRef  # merge note
    metrics: URIRef  # metrics
    openLoad: URIRef  # open load
    overdueCount: URIRef  # overdue activities
    period: URIRef  # period
    periodNote: URIRef  # period note
    periodSource: URIRef  # period source
    plan: URIRef  # plan
    potentialImpact: URIRef  # potential impact
    quote: URIRef  # quote
    rank: URIRef  # rank
    rawName: URIRef  # raw name
    rawText: URIRef  # raw text
    recommendedLoad: URIRef  # recommended-to load
    recommendedTo: URIRef  # recommended to
    report: URIRef  # report
    reportedEndYear: URIRef  # reported end year
    reportedStartYear: URIRef  # reported start year
    reportedTitle: URIRef  # reported title
    response: URIRef  # response
    section: URIRef  # section
    sectionCount: URIRef  # sections spanned
    sector: URIRef  # sector
    sharedImplementerLoad: URIRef  # share-weighted implementer load
    slug: URIRef  # slug
    sourceFile: URIRef  # source file
    startDate: URIRef  # start date
    startYear: URIRef  # start year
    status: URIRef  # status
    statusBasis: URIRef  # status basis
    supportedBy: URIRef  # supported by
    supportingText: URIRef  # supporting institutions text
    text: URIRef  # text
    unit: URIRef  # unit
    value: URIRef  # value
    bridging: URIRef  # bridging
    betweennessSample: URIRef  # betweenness sample size
    claimedAboveAssessed: URIRef  # claimed above assessed
    ColumnMapping: URIRef  # column mapping
    columnMapping: URIRef  # column mapping
    field: URIRef  # field
    column: URIRef  # column
    mapsTo: URIRef  # maps to
    claimedStatus: URIRef  # claimed status
    claimBasis: URIRef  # claim basis
    Deliverable: URIRef  # deliverable
    deliverable: URIRef  # deliverable
    shown: URIRef  # shown
    shownBy: URIRef  # shown by
    ShownScale: URIRef  # shown scale
    NotShown: URIRef  # not shown
    PartlyShown: URIRef  # partly shown
    Shown: URIRef  # shown
    UnknownSector: URIRef  # sector unknown
