"""The metrics as RDF: ``nap:BodyMetrics`` nodes and plan figures in the named graph ``METRICS_GRAPH``, as the shapes want them."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from napkg.graph.analysis.centrality import sampled_bodies
from napkg.graph.analysis.results import AnalysisResult

__all__ = ["metrics_iri", "metrics_triples", "metrics_graph"]


def metrics_iri(body: str) -> str:
    """The IRI of a body's metrics node.

    >>> metrics_iri("https://w3id.org/nap-kg/id/body/az/ministry-of-justice")
    'https://w3id.org/nap-kg/id/body/az/ministry-of-justice#metrics'
    """
    return f"{body}#metrics"


def _decimal(value: float) -> Any:
    from rdflib import XSD, Literal

    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return Literal(Decimal(text if text not in ("", "-0") else "0"), datatype=XSD.decimal)


def metrics_triples(result: AnalysisResult) -> Iterator[tuple[Any, Any, Any]]:
    """The metrics of every body as RDF triples: ``body nap:metrics [a nap:BodyMetrics; …]``, and
    each plan's ``plan nap:claimedAboveAssessed n`` (how many of its activities are claimed above
    their assessment).

    The triples belong in the named graph ``METRICS_GRAPH`` and conform to the shapes'
    ``BodyMetricsShape``. Decimals are rounded to 6 places so the output is stable.
    """
    from rdflib import RDF, RDFS, Literal, URIRef

    from napkg.graph.namespace import NAP

    sampling = result.sampling
    sampled = sampled_bodies(result.projection, exact_limit=sampling.exact_limit, k=sampling.k)
    for body, m in sorted(result.bodies.items()):
        node, subject = URIRef(metrics_iri(body)), URIRef(body)
        yield subject, NAP.metrics, node
        yield node, RDF.type, NAP.BodyMetrics
        yield node, RDFS.label, Literal(f"Load and bottleneck figures of {m.name}", lang="en")
        for prop, value in (
            (NAP.implementerLoad, m.implementer_load), (NAP.leadLoad, m.lead_load),
            (NAP.recommendedLoad, m.recommended_load), (NAP.openLoad, m.open_load),
            (NAP.overdueCount, m.overdue), (NAP.sectionCount, m.sections),
            (NAP.bottleneckRank, m.bottleneck_rank),
        ):
            yield node, prop, Literal(int(value))
        for prop, value in (
            (NAP.sharedImplementerLoad, m.shared_implementer_load), (NAP.degreeCentrality, m.degree_centrality),
            (NAP.betweenness, m.betweenness), (NAP.bridging, m.bridging), (NAP.bottleneckScore, m.bottleneck_score),
        ):
            yield node, prop, _decimal(value)
        yield node, NAP.articulationPoint, Literal(bool(m.articulation_point))
        if body in sampled:
            yield node, NAP.betweennessSample, Literal(int(sampling.k))
    for plan, figures in sorted(result.figures.items()):
        if plan != "all":
            yield URIRef(plan), NAP.claimedAboveAssessed, Literal(int(figures["claimed_above_assessed"]))


def metrics_graph(result: AnalysisResult) -> Any:
    """The metrics as an rdflib Graph named ``METRICS_GRAPH`` (``https://w3id.org/nap-kg/id/metrics``)."""
    from rdflib import Graph

    from napkg.graph.build import METRICS_GRAPH
    from napkg.graph.vocabulary import PREFIXES

    graph = Graph(identifier=METRICS_GRAPH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for triple in metrics_triples(result):
        graph.add(triple)
    return graph
