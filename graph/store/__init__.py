"""The read-only graph store: formats, negotiation, loading, execution with limits, workers, remote and disk.

One job a module:

- :mod:`~napkg.graph.store.formats`: the format table (names, media types, extensions);
- :mod:`~napkg.graph.store.negotiation`: ``Accept`` and ``format=`` to a format;
- :mod:`~napkg.graph.store.load`: RDF into a pyoxigraph store;
- :mod:`~napkg.graph.store.safety`: what the endpoint refuses (``SERVICE``, unknown graphs);
- :mod:`~napkg.graph.store.sandbox`: the workers' kernel guard against network sockets;
- :mod:`~napkg.graph.store.execute`: one query checked, run and serialized within the size limit;
- :mod:`~napkg.graph.store.rows`: SELECT rows as plain values, for nap-kg's own code;
- :mod:`~napkg.graph.store.workers`: the fork server and query workers (the time limit);
- :mod:`~napkg.graph.store.remote`: an external SPARQL 1.1 store;
- :mod:`~napkg.graph.store.disk`: the ``store`` setting and the on-disk store;
- :mod:`~napkg.graph.store.facade`: :class:`GraphStore`, what the service queries.

Opening the store a configuration names (building the graph from data if need be) sits a layer
above, in :mod:`napkg.graph.serving`.
"""

from napkg.graph.store.disk import STORE_KINDS, open_disk_store, save_store, store_kind
from napkg.graph.store.execute import SERVICE_REFUSED, UPDATE_REFUSED, Answer, QueryRequest, execute
from napkg.graph.store.facade import GraphStore
from napkg.graph.store.formats import (
    ALL_FORMATS, DATASET, DATASET_FORMATS, FORMAT_NAMES, GRAPH, GRAPH_FORMATS, JSON_LD, N_QUADS, N_TRIPLES,
    RDF_XML, RESULT_FORMATS, RESULTS, SPARQL_CSV, SPARQL_JSON, SPARQL_TSV, SPARQL_XML, TRIG, TURTLE, MediaFormat,
    find_format, format_by_key,
)
from napkg.graph.store.load import load_store, store_graphs
from napkg.graph.store.negotiation import (
    DEFAULT_FORMATS, FormatChoice, accept_quality, choose_format, choose_formats, prefers_html,
)
from napkg.graph.store.remote import SparqlEndpoint
from napkg.graph.store.rows import python_value, select_rows

__all__ = [
    "MediaFormat", "RESULTS", "GRAPH", "DATASET",
    "SPARQL_JSON", "SPARQL_XML", "SPARQL_CSV", "SPARQL_TSV",
    "TURTLE", "JSON_LD", "N_TRIPLES", "RDF_XML", "N_QUADS", "TRIG",
    "RESULT_FORMATS", "GRAPH_FORMATS", "DATASET_FORMATS", "ALL_FORMATS", "FORMAT_NAMES",
    "find_format", "format_by_key",
    "FormatChoice", "DEFAULT_FORMATS", "choose_formats", "choose_format", "accept_quality", "prefers_html",
    "load_store", "store_graphs", "QueryRequest", "Answer", "execute", "GraphStore",
    "UPDATE_REFUSED", "SERVICE_REFUSED", "python_value", "select_rows",
    "store_kind", "SparqlEndpoint", "open_disk_store", "save_store", "STORE_KINDS",
]
