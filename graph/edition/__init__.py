"""The data edition: its typed records (:mod:`.records`), read and checked from a data folder (:mod:`.load`).

Its other modules each do one job for the loader or its users: reading files (:mod:`.reading`),
collecting every error of a run (:mod:`.problems`), checking references (:mod:`.references`),
claims and deliverables (:mod:`.assessment`), verbatim quotes against their sources
(:mod:`.quotes`), and synthetic editions for benchmarks (:mod:`.synthetic`).
"""

from napkg.graph.edition.load import load_edition, load_plan, plan_file
from napkg.graph.edition.records import (
    ASSESSMENT_GAPS, BODY_KINDS, EDITION_FORMATS, SECTORS, STATUSES, Activity, Body, Document, Edition, Evidence, Figure,
    Period, Plan, Recommendation, Report, Section, SourcePlace,
)

__all__ = [
    "Edition", "Plan", "Document", "SourcePlace", "Section", "Activity", "Body", "Report",
    "Evidence", "Recommendation", "Figure", "Period", "load_edition", "load_plan",
    "STATUSES", "ASSESSMENT_GAPS", "BODY_KINDS", "SECTORS", "EDITION_FORMATS", "plan_file",
]
