"""Running one query under nap-kg's rules: checked, evaluated, serialized within the result-size limit.

The result-size limit
---------------------
Rows and bytes are counted while pyoxigraph writes them, and writing stops at ``max_results + 1``
rows or past ``max_result_bytes`` bytes:
SELECT results are written as TSV (one line per row, exactly) or XML (one ``<result>`` per
row) and, for JSON and CSV, converted from that TSV by pyoxigraph; CONSTRUCT/DESCRIBE
triples are pulled up to the limit and then serialized. The final body is checked against the
byte limit again (JSON is larger than the TSV it is converted from). :func:`execute` has no
time or memory limit of its own: the query workers (:mod:`napkg.graph.store.workers`) enforce them.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import islice
from typing import Any, NamedTuple, cast

import pyoxigraph as ox

from napkg.graph.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTooLarge
from napkg.graph.store.formats import (
    GRAPH, GRAPH_FORMATS, N_TRIPLES, OUTPUT_PREFIXES, RDF_XML, RESULT_FORMATS, RESULTS, SPARQL_TSV, SPARQL_XML, TURTLE,
    MediaFormat, format_by_key,
)
from napkg.graph.store.load import store_graphs
from napkg.graph.store.prefixes import QUERY_PREFIXES, explain_syntax_error
from napkg.graph.store.safety import check_graph_names, check_nesting, looks_like_update, scan_query

__all__ = [
    "UPDATE_REFUSED", "SERVICE_REFUSED", "QueryRequest", "Answer", "RowCounter", "execute",
    "answer_format", "serialize_solutions", "serialize_triples", "too_large_message", "timed_out_message",
    "too_many_bytes_message", "out_of_memory_message", "check_result_bytes",
]

UPDATE_REFUSED = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, "
    "ADD, MOVE, COPY) is refused and nothing was changed"
)
SERVICE_REFUSED = (
    "SERVICE is refused: this endpoint never sends requests to other endpoints; "
    "query each endpoint on its own and join the results on your side"
)


class QueryRequest(NamedTuple):
    """A query as the protocol gives it, for :func:`execute` (plain data: it crosses processes)."""

    query: str
    base_iri: str | None = None
    default_graph_uris: tuple[str, ...] = ()  # the protocol's dataset, if either is given
    named_graph_uris: tuple[str, ...] = ()
    results_format: str | None = "json"       # MediaFormat keys; None: the client refused them all
    graph_format: str | None = "turtle"
    max_results: int = 10_000
    max_result_bytes: int = 32_000_000


class Answer(NamedTuple):
    """A serialized result."""

    body: bytes
    media_type: str
    kind: str            # "boolean", "solutions" or "graph"
    size: int | None     # rows or triples; None for a boolean


class RowCounter:
    """A binary sink for pyoxigraph that counts row markers and stops past the limit."""

    __slots__ = ("chunks", "count", "limit", "marker", "tail", "size", "max_bytes", "what")

    def __init__(self, marker: bytes, limit: int, *, start: int = 0, max_bytes: int | None = None,
                 what: str = "rows") -> None:
        self.chunks: list[bytes] = []
        self.count, self.limit, self.marker, self.tail = start, limit, marker, b""
        self.size, self.max_bytes, self.what = 0, max_bytes, what

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.chunks.append(data)
        self.size += len(data)
        if self.max_bytes is not None and self.size > self.max_bytes:
            raise QueryTooLarge(too_many_bytes_message(self.max_bytes))
        if len(self.marker) == 1:
            self.count += data.count(self.marker)
        else:
            window = self.tail + data
            self.count += window.count(self.marker)
            self.tail = window[1 - len(self.marker):]
        if self.count > self.limit:
            raise QueryTooLarge(too_large_message(self.limit, self.what))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks stay in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def too_large_message(limit: int, what: str) -> str:
    """What a client is told when its result passed the result-size limit."""
    return (f"the result has more than {limit} {what}, the result-size limit (setting max_results); "
            "add LIMIT, aggregate, or make the query more selective")


def too_many_bytes_message(limit: int) -> str:
    """What a client is told when its result passed the byte limit."""
    return (f"the result is larger than {limit} bytes, the response-size limit (setting max_result_bytes); "
            "add LIMIT, select fewer or shorter values (SUBSTR), or aggregate")


def out_of_memory_message(limit_mb: int) -> str:
    """What a client is told when its query needed more than its memory limit."""
    return (f"the query needed more than {limit_mb} MB of memory, the per-query memory limit "
            "(setting query_memory_mb), and was stopped; avoid cross products and ORDER BY over "
            "large intermediate results, add LIMIT inside subqueries, or make the patterns more selective")


def check_result_bytes(answer: Answer, limit: int) -> Answer:
    """``answer``, or QueryTooLarge if its body is larger than ``limit`` bytes."""
    if len(answer.body) > limit:
        raise QueryTooLarge(too_many_bytes_message(limit))
    return answer


def answer_format(key: str | None, kind: str, query_form: str) -> MediaFormat:
    """The format ``key`` names; QueryError if None (the client refused every format of ``kind``)."""
    if key is None:
        choices = ", ".join(f.key for f in (RESULT_FORMATS if kind == RESULTS else GRAPH_FORMATS))
        raise QueryError(f"a {query_form} query cannot be answered in the format asked for; "
                         f"ask for one of: {choices}")
    return format_by_key(key)


def execute(store: ox.Store, request: QueryRequest, *, graphs: frozenset[str] | None = None) -> Answer:
    """Check ``request``, run it on ``store`` and serialize the result; no time limit of its own.

    ``graphs`` are the store's graph names (:func:`store_graphs`, computed if not given).
    Without a dataset from the protocol or ``FROM``, the default graph is the union of all
    graphs. The query may use the prefixes of :data:`QUERY_PREFIXES` undeclared. Raises QueryRefused (update, SERVICE, a graph the store does not hold),
    QuerySyntaxError, QueryTooLarge or QueryError.
    """
    graphs = store_graphs(store) if graphs is None else graphs
    scan = scan_query(request.query, base_iri=request.base_iri)
    if scan.service:
        raise QueryRefused(SERVICE_REFUSED)
    check_nesting(request.query)
    options: dict[str, Any] = {}
    if request.default_graph_uris or request.named_graph_uris:  # the protocol's dataset wins
        check_graph_names(request.default_graph_uris, graphs, where="default-graph-uri")
        check_graph_names(request.named_graph_uris, graphs, where="named-graph-uri")
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graph_uris]
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graph_uris]
    elif scan.has_dataset_clause:
        check_graph_names(scan.from_graphs, graphs, where="FROM")
        check_graph_names(scan.from_named_graphs, graphs, where="FROM NAMED")
    else:
        options["use_default_graph_as_union"] = True
    try:
        result = store.query(request.query, base_iri=request.base_iri, prefixes=QUERY_PREFIXES, **options)
    except SyntaxError as exc:
        if looks_like_update(request.query):
            raise QueryRefused(UPDATE_REFUSED) from None
        raise QuerySyntaxError(explain_syntax_error(request.query, str(exc))) from None
    except (RuntimeError, OSError) as exc:  # a query pyoxigraph parses but cannot plan (an unknown function)
        raise QueryError(f"the query cannot be run: {exc}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = answer_format(request.results_format, RESULTS, "ASK")
            body = cast(bytes, result.serialize(format=fmt.pyoxigraph))
            return Answer(body, fmt.media_type, "boolean", None)
        if isinstance(result, ox.QuerySolutions):
            fmt = answer_format(request.results_format, RESULTS, "SELECT")
            answer = serialize_solutions(result, fmt, request.max_results, max_bytes=request.max_result_bytes)
        else:
            fmt = answer_format(request.graph_format, GRAPH, "CONSTRUCT or DESCRIBE")
            answer = serialize_triples(result, fmt, request.max_results)
        return check_result_bytes(answer, request.max_result_bytes)
    except (RuntimeError, OSError) as exc:  # evaluation errors surface while results are read
        raise QueryError(f"the query failed while running: {exc}") from None


def serialize_solutions(solutions: ox.QuerySolutions, fmt: MediaFormat, limit: int, *,
                        max_bytes: int | None = None) -> Answer:
    """``solutions`` in ``fmt``, stopped past ``limit`` rows or ``max_bytes`` bytes (QueryTooLarge)."""
    if fmt is SPARQL_XML:
        sink = RowCounter(b"<result>", limit, max_bytes=max_bytes)
        solutions.serialize(cast(Any, sink), format=ox.QueryResultsFormat.XML)
        return Answer(sink.getvalue(), fmt.media_type, "solutions", sink.count)
    sink = RowCounter(b"\n", limit, start=-1, max_bytes=max_bytes)  # TSV: a header line, then one line per row
    solutions.serialize(cast(Any, sink), format=ox.QueryResultsFormat.TSV)
    body = sink.getvalue()
    if fmt is not SPARQL_TSV:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
        body = cast(bytes, parsed.serialize(format=fmt.pyoxigraph))
    return Answer(body, fmt.media_type, "solutions", sink.count)


def serialize_triples(triples: Iterable[ox.Triple], fmt: MediaFormat, limit: int) -> Answer:
    """``triples`` in ``fmt``, or QueryTooLarge past ``limit`` triples.

    N-Triples (one triple a line) are written by pyoxigraph straight from a query's result and
    counted by their lines, without a Python object a triple; the other formats are written from
    the triples pulled up to the limit.
    """
    if fmt is N_TRIPLES and isinstance(triples, ox.QueryTriples):
        sink = RowCounter(b"\n", limit, what="triples")
        triples.serialize(cast(Any, sink), format=fmt.pyoxigraph)
        return Answer(sink.getvalue(), fmt.media_type, "graph", sink.count)
    items = list(islice(triples, limit + 1))
    if len(items) > limit:
        raise QueryTooLarge(too_large_message(limit, "triples"))
    prefixes = OUTPUT_PREFIXES if fmt in (TURTLE, RDF_XML) else None
    body = cast(bytes, ox.serialize(items, format=fmt.pyoxigraph, prefixes=prefixes))
    return Answer(body, fmt.media_type, "graph", len(items))



def timed_out_message(timeout_s: float) -> str:
    """What a client is told when its query ran past the time limit."""
    return (f"the query ran past the {timeout_s:g} s time limit (setting query_timeout_s) and was "
            "stopped; add LIMIT, narrow the patterns, or avoid cross products")
