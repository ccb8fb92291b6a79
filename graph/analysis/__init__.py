"""Where does a plan get stuck? Load and bottleneck analyses of the activity–body network.

One topic a module, as networkx's ``algorithms/``:

- :mod:`~napkg.graph.analysis.network`: RDF to networkx (the activity–body network ``B``) and
  its projection onto bodies ``P``;
- :mod:`~napkg.graph.analysis.loads`: loads per body, from ``B``;
- :mod:`~napkg.graph.analysis.centrality`: degree, betweenness (exact or sampled), bridging and
  articulation points, from ``P``;
- :mod:`~napkg.graph.analysis.bottleneck`: the bottleneck score and rank;
- :mod:`~napkg.graph.analysis.figures`: plan-level figures and the Gini coefficient;
- :mod:`~napkg.graph.analysis.results`: :func:`analyse`, everything together;
- :mod:`~napkg.graph.analysis.metrics`: the metrics as RDF;
- :mod:`~napkg.graph.analysis.export`: GraphML and GEXF for network tools.

The names most callers need are importable from here.
"""

from napkg.graph.analysis.bottleneck import bottleneck_rank, bottleneck_score
from napkg.graph.analysis.centrality import (
    EXACT_LIMIT, MIN_SAMPLE, SAMPLE_SIZE, SEED, WORK_BUDGET, Sampling, articulation, betweenness,
    betweenness_sampling, bridging, degree_centrality, sample_size, sampled_betweenness,
)
from napkg.graph.analysis.figures import gini, plan_figures
from napkg.graph.analysis.loads import (
    implementer_load, lead_load, open_load, overdue_count, recommended_load, reference_date, section_count,
    shared_implementer_load,
)
from napkg.graph.analysis.metrics import metrics_graph, metrics_iri, metrics_triples
from napkg.graph.analysis.results import AnalysisResult, BodyMetrics, analyse, analyse_network

__all__ = [
    "EXACT_LIMIT", "SAMPLE_SIZE", "MIN_SAMPLE", "WORK_BUDGET", "SEED", "sample_size",
    "implementer_load", "shared_implementer_load", "lead_load", "recommended_load", "open_load",
    "overdue_count", "section_count", "reference_date", "degree_centrality", "betweenness",
    "betweenness_sampling", "Sampling", "bridging", "articulation", "bottleneck_score",
    "bottleneck_rank", "gini", "plan_figures", "BodyMetrics", "AnalysisResult", "analyse",
    "analyse_network", "metrics_triples", "metrics_graph", "metrics_iri", "sampled_betweenness",
]
