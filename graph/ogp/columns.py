"""The columns of OGP's commitment export: which are required, which edition field each feeds, and
which cells mean "nothing here".
"""

from __future__ import annotations

from napkg.graph.ogp.vocabulary import COMPLETION_VALUES, IMPACT_VALUES, OPEN_GOV_VALUES

__all__ = [
    "BAD_ROW_POLICIES", "REQUIRED_COLUMNS", "OPTIONAL_COLUMNS", "COLUMNS", "FIELD_COLUMNS", "NULL_CELLS",
    "ASSESSMENT_COLUMNS"
]


BAD_ROW_POLICIES = ("skip", "fail")

#: Columns an export must have; the import stops at once when one is missing.
REQUIRED_COLUMNS = (
    "Commitment Unique Identifier", "Country/Locality", "Action Plan ID", "Commitment Number",
    "Year Of Submission", "Action Plan End Year", "Commitment Title", "Lead Institution",
    "Supporting Institution(s)",
)
#: Columns read when present.
OPTIONAL_COLUMNS = (
    "Code", "Action Plan Number", "Short Title", "Full Text", "Start Date", "End Date", "URL",
    "Completion (Progress Report)", "Completion (End Of Term)", "Potential Impact",
    "Did It Open Government (Overall)",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

#: Which column each imported fact comes from (edition field -> OGP column).
FIELD_COLUMNS = {
    "plan.id": "Action Plan ID",
    "plan.country": "Country/Locality",
    "plan.country.code": "Code",
    "plan.period.start": "Year Of Submission",
    "plan.period.end": "Action Plan End Year",
    "activity.identifier": "Commitment Unique Identifier",
    "activity.code": "Commitment Number",
    "activity.title": "Commitment Title",
    "activity.description": "Full Text",
    "activity.url": "URL",
    "activity.start_date": "Start Date",
    "activity.end_date": "End Date",
    "activity.period": "Start Date, End Date",
    "activity.lead": "Lead Institution",
    "activity.supporting": "Supporting Institution(s)",
    "activity.assessments.completion_mid_term": "Completion (Progress Report)",
    "activity.assessments.completion_end_of_term": "Completion (End Of Term)",
    "activity.assessments.potential_impact": "Potential Impact",
    "activity.assessments.did_it_open_government": "Did It Open Government (Overall)",
}

#: Cell values that mean "nothing here" (compared case-insensitively, white space folded).
NULL_CELLS = frozenset({
    "", "na", "n/a", "n.a.", "n.a", "nd", "nr", "none", "null", "-", "--", "—", "unclear", "tbd", "tbc",
    "see action plan", "not specified", "not applicable", "no aplica", "n/d", "s/d", "sin información",
})

ASSESSMENT_COLUMNS = {
    "completion_mid_term": ("Completion (Progress Report)", COMPLETION_VALUES),
    "completion_end_of_term": ("Completion (End Of Term)", COMPLETION_VALUES),
    "potential_impact": ("Potential Impact", IMPACT_VALUES),
    "did_it_open_government": ("Did It Open Government (Overall)", OPEN_GOV_VALUES),
}
