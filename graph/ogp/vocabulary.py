"""The edition's terms the export's values map onto: completion statuses, assessment scales and their
gaps, and the sector each kind of body belongs to.

These are the importer's copies of the edition's vocabulary, kept together here so that one shared
vocabulary module can replace them in one place.
"""

from __future__ import annotations



__all__ = ["GAPS", "COMPLETION_VALUES", "IMPACT_VALUES", "OPEN_GOV_VALUES", "SECTOR_OF_KIND", "UNKNOWN_SECTOR"]


GAPS = {
    "nd": "no-data", "no data": "no-data",
    "nr": "not-reviewed", "not reviewed": "not-reviewed",
    "na": "not-applicable", "n/a": "not-applicable", "not applicable": "not-applicable",
    "withdrawn": "withdrawn",
    "unclear": "unclear",
}
#: ``Completion (...)`` values -> the edition's status or gap key.
COMPLETION_VALUES = {
    "not started": "not-started", "limited": "limited", "substantial": "substantial",
    "complete": "complete", "completed": "complete", **GAPS,
}
#: ``Potential Impact`` values.
IMPACT_VALUES = {"none": "none", "minor": "minor", "moderate": "moderate", "transformative": "transformative", **GAPS}
#: ``Did It Open Government (Overall)`` values.
OPEN_GOV_VALUES = {
    "worsened": "worsened", "worsens": "worsened", "did not change": "did-not-change",
    "marginal": "marginal", "major": "major", "outstanding": "outstanding",
    "no early results to report yet": "no-early-results", **GAPS,
}
#: The sector of each kind of body that is not public (every other kind is public).
SECTOR_OF_KIND = {"civil-society": "civil-society", "private": "private", "international": "international"}


#: The sector of a body whose name, heading and neighbours say nothing (``nap:UnknownSector``).
UNKNOWN_SECTOR = "unknown"
