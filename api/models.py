"""The JSON API's response models (pydantic), each with an example for the OpenAPI schema; the
functions that fill them from the catalogue's records are in :mod:`napkg.api.items`.

Every record links to itself in the API (``url``): an activity as ``/activities/{code}?plan={plan}``
and a body as ``/agencies/{id}?country={country}``, so that a link never hits the ambiguity rule
(activity codes are unique only within a plan, body ids only within a country).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


__all__ = [
    "Status", "Role", "BodyLink", "PlanLink", "SectionLink", "ActivityLink", "ActivityItem", "ActivityPage",
    "WhoOwnsItem", "WhoOwnsPage", "Load", "Metrics", "AgencyItem", "AgencyPage", "RoleActivities",
    "AgencyActivities", "AgencyEvidence", "AgencyEvidencePage", "AgencyDetail", "Source", "ReportLink",
    "Deliverable", "Evidence", "Period", "RecommendationItem", "RecommendationPage", "ActivityDetail", "PlanItem", "PlanPage",
    "Figures", "PlanDetail", "SectionItem", "SectionPage", "LoadItem", "LoadPage", "BottleneckItem",
    "BottleneckPage", "Index", "Completion", "Completions",
]

Status = Literal["not-started", "limited", "substantial", "complete"]
Role = Literal["implementer", "lead", "supporting", "recommended-to"]


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


# --- examples, from the Azerbaijan plan -----------------------------------------------------------

_PLAN = "az-2020-2022"
_PGO = {"iri": "https://w3id.org/nap-kg/id/body/az/prosecutor-generals-office", "id": "prosecutor-generals-office",
        "name": "Prosecutor General's Office", "country": "AZ",
        "url": "/agencies/prosecutor-generals-office?country=AZ"}
_ACD = {"iri": "https://w3id.org/nap-kg/id/body/az/anti-corruption-directorate", "id": "anti-corruption-directorate",
        "name": "Anti-Corruption Directorate with the Prosecutor General", "country": "AZ",
        "url": "/agencies/anti-corruption-directorate?country=AZ"}
_CCC = {"iri": "https://w3id.org/nap-kg/id/body/az/commission-on-combating-corruption",
        "id": "commission-on-combating-corruption", "name": "Commission on Combating Corruption", "country": "AZ",
        "url": "/agencies/commission-on-combating-corruption?country=AZ"}
_ACT_17 = {
    "iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7", "plan": _PLAN, "code": "1.7",
    "title": "Expanding technical and human resource capabilities of the \"161-Hotline\" call center, operating "
             "under the General Prosecutor's Office of the Republic of Azerbaijan, inter alia creation of a "
             "unified portal for electronic complaints (161.az)",
    "url": "/activities/1.7?plan=az-2020-2022",
}
_ITEM_17 = {**_ACT_17, "section": "1", "status": "limited", "start_year": 2020, "end_year": 2022,
            "implementers": [], "recommended_to": [_PGO]}
_CLAIM_17 = {"claimed_status": None, "claim_basis": None, "claimed_above_assessed": False}  # 1.7's letter claims nothing
_ITEM_17 = {**_ITEM_17, **_CLAIM_17}
_LOAD = {"implementer_load": 4, "shared_implementer_load": 1.033333, "lead_load": 0, "recommended_load": 0,
         "open_load": 4, "overdue": 0}
_METRICS = {**_LOAD, "sections": 2, "degree_centrality": 0.2, "betweenness": 0.012, "betweenness_sample": None,
            "bridging": 0.05, "articulation_point": False, "bottleneck_score": 4.2, "bottleneck_rank": 7}
_AGENCY = {"iri": _ACD["iri"], "id": _ACD["id"], "name": _ACD["name"], "aliases": ["Anti-Corruption Directorate"],
           "kind": "prosecution", "collective": False, "country": "Azerbaijan", "country_code": "AZ",
           "url": _ACD["url"], "load": _LOAD}


# --- small parts --------------------------------------------------------------------------------


class BodyLink(BaseModel):
    """A body, named."""

    iri: str
    id: str = Field(description="The body's id, unique within its country.")
    name: str
    country: str | None = Field(description="The ISO code (or name) of the body's country.")
    url: str = Field(description="The body in this API.")
    model_config = _examples(_PGO)


class PlanLink(BaseModel):
    """An action plan, named."""

    iri: str
    id: str = Field(description="The plan's id, as `plan=` takes it.")
    title: str | None
    url: str
    model_config = _examples({"iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022", "id": _PLAN,
                              "title": "National Action Plan for the Promotion of Open Government 2020-2022",
                              "url": "/plans/az-2020-2022"})


class SectionLink(BaseModel):
    """A section of a plan."""

    iri: str
    code: str | None
    title: str | None
    model_config = _examples({"iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022/section/1", "code": "1",
                              "title": "Measures to prevent corruption and strengthening transparency in the "
                                       "activities of state bodies"})


class ActivityLink(BaseModel):
    """An activity, named: ``code`` is unique within ``plan``."""

    iri: str
    plan: str = Field(description="The id of the activity's plan.")
    code: str = Field(description="The activity's number as the plan prints it.")
    title: str | None
    url: str
    model_config = _examples(_ACT_17)


class ActivityItem(ActivityLink):
    """An activity in a list: who implements it, to whom it is only recommended, how far it got."""

    section: str | None = Field(description="The code of the activity's section.")
    status: Status | None = Field(description="The latest status on the IRM completion scale; null when none is known.")
    claimed_status: Status | None = Field(
        description="The status the report itself claims in its main (graded) evidence; null when it claims none.")
    claim_basis: str | None = Field(description="The report's phrase that makes the claim.")
    claimed_above_assessed: bool = Field(description="Whether the claim is above the status the evidence shows.")
    start_year: int | None
    end_year: int | None
    implementers: list[BodyLink] = Field(description="The bodies that implement it (leads and supporting bodies included).")
    recommended_to: list[BodyLink] = Field(description="The bodies it is only recommended to.")
    model_config = _examples(_ITEM_17)


class _Page(BaseModel):
    total: int = Field(description="How many items match, in all pages.")
    limit: int
    offset: int
    next: str | None = Field(description="The next page (path and query), or null on the last page.")


class _Searched(BaseModel):
    message: str | None = Field(None, description="With `q`: why nothing matched (for a phrase in another language, "
                                                  "which languages the texts are in); null when something did.")
    suggestions: list[str] = Field([], description="With `q` and nothing matched: the indexed words closest to the "
                                                   "phrase's, best first.")


class ActivityPage(_Page, _Searched):
    """A page of activities, in plan and code order."""

    items: list[ActivityItem]
    model_config = _examples({"total": 3, "limit": 1, "offset": 0, "next": "/activities?q=hotline&limit=1&offset=1",
                              "items": [_ITEM_17]},
                             {"total": 0, "limit": 20, "offset": 0, "next": None, "items": [],
                              "message": "no match; did you mean 'hotline'?", "suggestions": ["hotline"]})


_FOUND_17 = {**_ITEM_17, "score": 1.8446, "matched": {"hotlines": "hotline"}, "matched_in": ["title", "indicator"]}


class WhoOwnsItem(ActivityItem):
    """An activity that matches a search, with its score and the words it matched."""

    score: float = Field(description="The number of the phrase's words matched, plus the BM25F score s mapped to "
                                     "[0, 1) as s / (1 + s): higher is better (docs/search.md).")
    matched: dict[str, str] = Field(description="Each word of the phrase it matched, and the indexed word it matched "
                                                "(the word a typo was read as: `{\"procurment\": \"procurement\"}`).")
    matched_in: list[str] = Field(description="The fields that matched: `title`, `indicator`, `evidence`.")
    model_config = _examples(_FOUND_17)


class WhoOwnsPage(_Page, _Searched):
    """Activities that match the phrase ``q``, best first; when none does, why and the closest words."""

    q: str
    items: list[WhoOwnsItem]
    model_config = _examples(
        {"q": "hotlines", "total": 3, "limit": 20, "offset": 0, "next": None, "message": None, "suggestions": [],
         "items": [_FOUND_17]},
        {"q": "hotlnie", "total": 0, "limit": 20, "offset": 0, "next": None,
         "message": "no match; did you mean 'hotline'?", "suggestions": ["hotline"], "items": []})


class Load(BaseModel):
    """How many activities a body carries (from the metrics stored in the graph)."""

    implementer_load: int | None = Field(None, description="Activities it implements.")
    shared_implementer_load: float | None = Field(None, description="Its share of them: 1/k of an activity with k implementers.")
    lead_load: int | None = Field(None, description="Activities it leads (imported OGP plans).")
    recommended_load: int | None = Field(None, description="Activities only recommended to it.")
    open_load: int | None = Field(None, description="Its activities (any role) not complete.")
    overdue: int | None = Field(None, description="Its activities past their end and not complete.")
    model_config = _examples(_LOAD)


class Metrics(Load):
    """Every load and bottleneck figure of a body (see docs/analyses.md)."""

    sections: int | None = Field(None, description="Sections its activities span.")
    degree_centrality: float | None = None
    betweenness: float | None = None
    betweenness_sample: int | None = Field(None, description="Sources betweenness was sampled from; null when exact.")
    bridging: float | None = Field(None, description="Betweenness relative to the highest in its connected part.")
    articulation_point: bool | None = None
    bottleneck_score: float | None = Field(None, description="open_load × (1 + bridging).")
    bottleneck_rank: int | None = Field(None, description="Rank by bottleneck score, among single agencies or "
                                                          "among collective bodies.")
    model_config = _examples(_METRICS)


class AgencyItem(BaseModel):
    """A body (an agency or a collective body) with its load."""

    iri: str
    id: str = Field(description="Unique within its country.")
    name: str
    aliases: list[str] = Field(description="Every other name it is found by.")
    kind: str | None
    collective: bool = Field(description="An umbrella group (e.g. \"central executive authorities\"), not one agency.")
    country: str | None
    country_code: str | None
    url: str
    load: Load | None = Field(description="Null for a body no activity names.")
    model_config = _examples(_AGENCY)


class AgencyPage(_Page, _Searched):
    """A page of bodies."""

    items: list[AgencyItem]
    model_config = _examples({"total": 1, "limit": 20, "offset": 0, "next": None, "items": [_AGENCY]},
                             {"total": 0, "limit": 20, "offset": 0, "next": None, "items": [],
                              "message": "no match; did you mean 'prosecutor'?", "suggestions": ["prosecutor"]})


class RoleActivities(BaseModel):
    """A body's activities in one role (paged by the request's limit and offset)."""

    total: int
    items: list[ActivityItem]
    model_config = _examples({"total": 1, "items": [_ITEM_17]})


class AgencyActivities(BaseModel):
    """A body's activities by role."""

    implementer: RoleActivities
    lead: RoleActivities
    supporting: RoleActivities
    recommended_to: RoleActivities
    model_config = _examples({"implementer": {"total": 0, "items": []}, "lead": {"total": 0, "items": []},
                              "supporting": {"total": 0, "items": []},
                              "recommended_to": {"total": 1, "items": [_ITEM_17]}})


class AgencyEvidence(BaseModel):
    """Evidence of a progress report that names the body as having acted."""

    iri: str
    activity: ActivityLink
    date: str | None
    status: Status | None
    text: str | None
    model_config = _examples({"iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31/evidence/1.7",
                              "activity": _ACT_17, "date": "2021-08-31", "status": "limited",
                              "text": "During the reporting year, the \"161-Hotline\" call center … received totally 4661 appeals. …"})


class AgencyEvidencePage(BaseModel):
    """The evidence naming a body (paged by the request's limit and offset)."""

    total: int
    items: list[AgencyEvidence]


class AgencyDetail(AgencyItem):
    """Everything about a body: its activities by role, the evidence naming it, its metrics."""

    activities: AgencyActivities
    evidence: AgencyEvidencePage
    metrics: Metrics | None
    model_config = _examples({**{k: v for k, v in _AGENCY.items() if k != "load"}, "load": _LOAD,
                              "activities": {"implementer": {"total": 0, "items": []}, "lead": {"total": 0, "items": []},
                                             "supporting": {"total": 0, "items": []},
                                             "recommended_to": {"total": 0, "items": []}},
                              "evidence": {"total": 1, "items": [
                                  {"iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31/evidence/1.7",
                                   "activity": _ACT_17, "date": "2021-08-31", "status": "limited",
                                   "text": "During the reporting year, the \"161-Hotline\" call center …"}]},
                              "metrics": _METRICS})


class Source(BaseModel):
    """Where a record comes from: a document and the place in it."""

    document: str = Field(description="The source document's IRI.")
    title: str | None
    file: str | None = Field(description="The document's file in the data edition.")
    fragment: str | None = Field(description="The place: RFC 5147 lines (`line=40,44`) or RFC 7111 rows (`row=12`).")
    model_config = _examples({"document": "https://w3id.org/nap-kg/id/source/progress-letter-2021-08-31.txt",
                              "title": "Letter to the OGP Steering Committee, 31 August 2021",
                              "file": "sources/progress-letter-2021-08-31.txt", "fragment": "line=40,44"})


class ReportLink(BaseModel):
    """A progress report."""

    iri: str
    title: str | None
    date: str | None


class Deliverable(BaseModel):
    """One thing the activity's indicator asks for, and how far the evidence shows it."""

    iri: str
    label: str | None
    shown: Literal["shown", "partly-shown", "not-shown"] | None = Field(description="How far the evidence shows it: shown, partly shown or not shown (none: not assessed).")
    shown_by: str | None = Field(description="The evidence's phrase that shows it.")
    note: str | None = Field(description="The editors' note on what is missing.")
    model_config = _examples({"iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31/evidence/1.7#deliverable-2",
                              "label": "Unified portal for electronic complaints developed", "shown": "not-shown",
                              "shown_by": None, "note": None})


class Evidence(BaseModel):
    """What a progress report says was done, the status it supports, and its source."""

    iri: str
    date: str | None
    status: Status | None = Field(description="The edition's assessment against the indicator; null on a further "
                                              "passage of the report, which carries no grade.")
    status_basis: str | None = Field(description="The phrase of the text the status rests on.")
    claimed_status: Status | None = Field(description="The status the report claims; null when it claims none.")
    claim_basis: str | None = Field(description="The report's phrase that makes the claim.")
    deliverables: list[Deliverable] = Field(description="The indicator's deliverables, each shown, partly shown or not.")
    text: str | None
    actors: list[BodyLink] = Field(description="The bodies it names as having acted.")
    report: ReportLink | None
    source: Source | None
    model_config = _examples({
        "iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31/evidence/1.7", "date": "2021-08-31",
        "status": "limited",
        "status_basis": "It is planned to work on the creation of a unified, single electronic application portal "
                        "in the following years.",
        "claimed_status": None, "claim_basis": None,
        "deliverables": [Deliverable.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
        "text": "During the reporting year, the \"161-Hotline\" call center … received totally 4661 appeals. …",
        "actors": [_ACD, _PGO],
        "report": {"iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31",
                   "title": "Letter to the OGP Steering Committee on the implementation of the National Action Plan",
                   "date": "2021-08-31"},
        "source": {"document": "https://w3id.org/nap-kg/id/source/progress-letter-2021-08-31.txt",
                   "title": "Letter to the OGP Steering Committee, 31 August 2021",
                   "file": "sources/progress-letter-2021-08-31.txt", "fragment": "line=40,44"}})


class Period(BaseModel):
    """When the activity runs; ``note`` says which document a year comes from where they disagree."""

    start_year: int | None
    end_year: int | None
    start_date: str | None
    end_date: str | None
    note: str | None


_REC = {"iri": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31/recommendation/csc-1", "id": "csc-1",
        "label": "Criteria and Standards Subcommittee, 1st recommendation: NGO registration",
        "issued_by": {"iri": "https://w3id.org/nap-kg/id/body/az/criteria-and-standards-subcommittee",
                      "id": "criteria-and-standards-subcommittee", "name": "OGP Criteria and Standards Subcommittee",
                      "country": "AZ", "url": "/agencies/criteria-and-standards-subcommittee?country=AZ"},
        "report": "https://w3id.org/nap-kg/id/report/az-progress-2021-08-31", "plan": _PLAN,
        "response": "…", "part_of": None,
        "addressed_by": [{"iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/5.2", "plan": _PLAN,
                          "code": "5.2", "title": "…", "url": "/activities/5.2?plan=az-2020-2022"}]}


class RecommendationItem(BaseModel):
    """A recommendation a progress report answers, and the activities that address it."""

    iri: str
    id: str | None
    label: str | None
    issued_by: BodyLink | None
    report: str | None
    plan: str | None = Field(description="The id of the plan the report is on.")
    response: str | None = Field(description="The government's response, as the report words it.")
    part_of: str | None = Field(description="The recommendation this one is a point of.")
    addressed_by: list[ActivityLink]
    model_config = _examples(_REC)


class RecommendationPage(_Page):
    """A page of recommendations."""

    items: list[RecommendationItem]
    model_config = _examples({"total": 1, "limit": 20, "offset": 0, "next": None, "items": [_REC]})


class ActivityDetail(BaseModel):
    """Everything about an activity."""

    iri: str
    plan: PlanLink
    code: str
    title: str | None
    description: str | None
    identifier: str | None = Field(description="OGP's commitment id, for imported plans.")
    page: str | None = Field(description="The commitment's page on the OGP site, for imported plans.")
    section: SectionLink | None
    status: Status | None
    claimed_status: Status | None = Field(description="The status the report claims in the main (graded) evidence.")
    claim_basis: str | None = Field(description="The report's phrase that makes the claim.")
    claimed_above_assessed: bool = Field(description="Whether the claim is above the status the evidence shows.")
    deliverables: list[Deliverable] = Field(description="The main evidence's checklist of the indicator's deliverables.")
    period: Period
    indicator: str | None
    implementers: list[BodyLink]
    lead: list[BodyLink]
    supporting: list[BodyLink]
    recommended_to: list[BodyLink]
    evidence: list[Evidence]
    recommendations: list[RecommendationItem] = Field(description="The recommendations it answers.")
    notes: list[str] = Field(description="The editors' notes on how the row was read.")
    source: Source | None
    url: str
    model_config = _examples({
        "iri": _ACT_17["iri"], "plan": PlanLink.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
        "code": "1.7", "title": _ACT_17["title"], "description": None, "identifier": None, "page": None,
        "section": SectionLink.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
        "status": "limited", **_CLAIM_17,
        "deliverables": [Deliverable.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
        "period": {"start_year": 2020, "end_year": 2022, "start_date": None, "end_date": None, "note": None},
        "indicator": "Measures taken to increase the capacity of the \"161-Hotline\" call center and development of web portal",
        "implementers": [], "lead": [], "supporting": [], "recommended_to": [_PGO],
        "evidence": [Evidence.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
        "recommendations": [],
        "notes": ["The row names no implementer, only \"Recommended to: Prosecutor's Office\". …"],
        "source": {"document": "https://w3id.org/nap-kg/id/source/nap-2020-2022.txt",
                   "title": "National Action Plan for the Promotion of Open Government 2020-2022",
                   "file": "sources/nap-2020-2022.txt", "fragment": "line=52,57"},
        "url": _ACT_17["url"]})


_PLAN_ITEM = {"iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022", "id": _PLAN,
              "title": "National Action Plan for the Promotion of Open Government 2020-2022", "country": "Azerbaijan",
              "country_code": "AZ", "start_year": 2020, "end_year": 2022, "report_date": "2021-08-31",
              "activity_count": 64, "section_count": 9,
              "statuses": {"complete": 27, "substantial": 16, "limited": 15, "not-started": 6},
              "url": "/plans/az-2020-2022"}


class PlanItem(BaseModel):
    """An action plan with its counts."""

    iri: str
    id: str
    title: str | None
    country: str | None
    country_code: str | None
    start_year: int | None
    end_year: int | None
    report_date: str | None = Field(description="The date of its latest progress report, if any.")
    activity_count: int
    section_count: int
    statuses: dict[str, int] = Field(description="How many of its activities have each status (`none`: no status).")
    url: str
    model_config = _examples(_PLAN_ITEM)


class PlanPage(_Page):
    """A page of plans, in id order."""

    items: list[PlanItem]
    model_config = _examples({"total": 1, "limit": 20, "offset": 0, "next": None, "items": [_PLAN_ITEM]})


_FIGURES = {"activities": 64, "with_implementer": 52, "single_implementer": 20, "single_implementer_share": 0.3125,
            "shared": 26, "umbrella_only": 6, "no_implementer": 12, "recommended_only": 12, "open": 37, "overdue": 14,
            "claimed_above_assessed": 14, "implementing_agencies": 40, "gini_implementer_load": 0.41, "reference_date": "2021-08-31",
            "reference": "report"}


class Figures(BaseModel):
    """Plan-level figures (see docs/analyses.md): who carries the activities, how many are open or overdue."""

    activities: int
    with_implementer: int
    single_implementer: int
    single_implementer_share: float
    shared: int
    umbrella_only: int = Field(description="Implemented only by collective bodies: no single accountable body.")
    no_implementer: int
    recommended_only: int
    open: int
    overdue: int
    claimed_above_assessed: int = Field(description="Activities whose report claims a status above the one the "
                                                    "evidence shows (the curated query claimed-not-shown).")
    implementing_agencies: int
    gini_implementer_load: float
    reference_date: str | None = Field(None, description="The day overdue is judged against (its latest report's, else today).")
    reference: Literal["report", "as_of"] | None = None
    model_config = _examples(_FIGURES)


_SECTION = {"iri": "https://w3id.org/nap-kg/id/plan/az-2020-2022/section/1", "plan": _PLAN, "code": "1",
            "title": "Measures to prevent corruption and strengthening transparency in the activities of state bodies",
            "activities": 10, "statuses": {"complete": 3, "substantial": 2, "limited": 4, "not-started": 1},
            "url": "/activities?plan=az-2020-2022&section=1"}


class SectionItem(BaseModel):
    """A section of a plan with its counts; ``url`` lists its activities."""

    iri: str
    plan: str
    code: str | None
    title: str | None
    activities: int
    statuses: dict[str, int]
    url: str
    model_config = _examples(_SECTION)


class SectionPage(_Page):
    """A page of sections, in plan and code order."""

    items: list[SectionItem]
    model_config = _examples({"total": 9, "limit": 1, "offset": 0, "next": "/sections?limit=1&offset=1",
                              "items": [_SECTION]})


class PlanDetail(PlanItem):
    """A plan, its sections and its figures."""

    sections: list[SectionItem]
    figures: Figures | None
    model_config = _examples({**_PLAN_ITEM, "sections": [_SECTION], "figures": _FIGURES})


_LOAD_ITEM = {**{k: v for k, v in _ACD.items()}, "collective": False, **_LOAD}


class LoadItem(BodyLink, Load):
    """A body and its load."""

    collective: bool
    model_config = _examples(_LOAD_ITEM)


class LoadPage(_Page):
    """Bodies by load, largest first."""

    items: list[LoadItem]
    model_config = _examples({"total": 1, "limit": 20, "offset": 0, "next": None, "items": [_LOAD_ITEM]})


_BOTTLENECK = {**_CCC, "collective": False, "bottleneck_rank": 1, "bottleneck_score": 9.6, "open_load": 8,
               "bridging": 0.2, "betweenness": 0.31, "articulation_point": True, "implementer_load": 9, "overdue": 3}


class BottleneckItem(BodyLink):
    """A body ranked by bottleneck score: open_load × (1 + bridging)."""

    collective: bool
    bottleneck_rank: int | None
    bottleneck_score: float | None
    open_load: int | None
    bridging: float | None
    betweenness: float | None
    articulation_point: bool | None
    implementer_load: int | None
    overdue: int | None
    model_config = _examples(_BOTTLENECK)


class BottleneckPage(_Page):
    """Bodies by bottleneck rank."""

    items: list[BottleneckItem]
    model_config = _examples({"total": 1, "limit": 20, "offset": 0, "next": None, "items": [_BOTTLENECK]})


class Index(BaseModel):
    """What nap-kg serves, with links."""

    name: str
    version: str
    description: str
    links: dict[str, str]
    model_config = _examples({"name": "nap-kg", "version": "0.1.0",
                              "description": "A knowledge graph of OGP National Action Plans: who owns what.",
                              "links": {"docs": "/docs", "query page": "/query", "sparql": "/sparql",
                                        "agencies": "/agencies", "who owns": "/who-owns?q=hotline"}})


class Completion(BaseModel):
    """One term the editor may offer."""

    iri: str = Field(description="The term's IRI.", examples=["https://w3id.org/nap-kg/ontology#implementedBy"])
    label: str | None = Field(None, description="Its label, if it has one.", examples=["implemented by"])
    kind: Literal["class", "property", "entity"] = Field(description="class, property or entity.", examples=["property"])


class Completions(BaseModel):
    """The terms that match, best first."""

    terms: list[Completion] = Field(description="At most `limit` terms: IRI matches first, then label matches.")
