"""Building the graph: emitting the data edition as RDF (:mod:`.emit`) and validating it against the shapes (:mod:`.validate`)."""

from napkg.graph.build.emit import (
    INTERNATIONAL, KIND_CONCEPTS, METRICS_GRAPH, ONTOLOGY_FILE, ROLE_CONCEPTS, SECTOR_CONCEPTS, SHAPES_FILE,
    SHOWN_CONCEPTS, STATUS_CONCEPTS, activity_iri, bodies_graph, body_iri, build_dataset, build_graph, build_store,
    graph_name_of_plan, iter_quads, ontology_graph, ox_quads, plan_iri, report_iri, section_iri,
)

__all__ = [
    "ONTOLOGY_FILE", "SHAPES_FILE", "METRICS_GRAPH", "iter_quads", "build_dataset", "build_graph",
    "INTERNATIONAL", "ontology_graph", "plan_iri", "activity_iri", "body_iri", "section_iri", "report_iri",
    "graph_name_of_plan", "bodies_graph", "STATUS_CONCEPTS", "KIND_CONCEPTS", "SECTOR_CONCEPTS",
    "ROLE_CONCEPTS", "SHOWN_CONCEPTS", "build_store", "ox_quads",
]
