"""The catalogue: find plans, sections, activities and bodies by any name; list, search and detail them.

- :mod:`~napkg.graph.catalogue.directory`: every body, found by IRI, id or any alias;
- :mod:`~napkg.graph.catalogue.search`: the search engine of its activities and bodies, built at first search;
- :mod:`~napkg.graph.catalogue.catalogue`: the :class:`Catalogue`, built once per read-only graph;
- :mod:`~napkg.graph.catalogue.listings`: the lists and filters the JSON API serves;
- :mod:`~napkg.graph.catalogue.details`: details read by IRI when asked for;
- :mod:`~napkg.graph.catalogue.owners`: "who owns what?" as plain records (the CLI);
- :mod:`~napkg.graph.catalogue.records` and :mod:`~napkg.graph.catalogue.bits`: what it holds.

Everything reads the graph through a :data:`~napkg.graph.select.Select`, so the same code serves
any store, embedded or remote.
"""

from napkg.graph.catalogue.bits import bits_of, positions_of, range_bits
from napkg.graph.catalogue.catalogue import Catalogue
from napkg.graph.catalogue.details import activity_detail, body_evidence
from napkg.graph.catalogue.directory import Directory, not_found
from napkg.graph.catalogue.listings import (
    body_activities, bottleneck_table, list_activities, list_bodies, list_plans, list_recommendations,
    list_sections, load_table, plan_figures_of, role_key, search_activities, status_key,
)
from napkg.graph.catalogue.owners import owned, who_owns, who_owns_page
from napkg.graph.catalogue.records import (
    METRICS, ROLE_FIELDS, ActivityRef, BodyRef, Page, PlanRef, RecommendationRef, SectionRef, code_order,
)
from napkg.graph.catalogue.search import LazySearch, search_index

__all__ = [
    "Catalogue", "Directory", "not_found", "BodyRef", "PlanRef", "SectionRef", "ActivityRef", "RecommendationRef",
    "Page", "METRICS", "ROLE_FIELDS", "code_order", "bits_of", "positions_of", "range_bits",
    "LazySearch", "search_index",
    "status_key", "role_key", "list_activities", "search_activities", "body_activities", "list_bodies",
    "load_table", "bottleneck_table", "list_plans", "list_sections", "list_recommendations", "plan_figures_of",
    "activity_detail", "body_evidence", "owned", "who_owns", "who_owns_page",
]
