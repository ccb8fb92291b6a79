"""The read-only store behind ``/sparql``: load, check, run with limits, serialize.

How a query is run
------------------
:meth:`GraphStore.query` hands the query to a pool of worker processes. Right after the store
is loaded, :meth:`GraphStore.start` forks a *fork server*: a single-threaded copy of the
process that holds the loaded store (shared copy-on-write, cyclic GC off so the pages stay
shared) and is barred from the network (:func:`~napkg.graph.sparql_safety.deny_network`). The
fork server forks ``query_workers`` workers. They all read one shared queue (a Unix
``SOCK_SEQPACKET`` socket: the kernel gives each request to exactly one of them), so a worker
goes from one query to the next without waiting for the server, and a slow query holds up no
other. A worker checks the query (:func:`execute`: no ``SERVICE``, no graph name the store
does not hold), has pyoxigraph parse, evaluate and serialize it with its own writers, and sends
back bytes on its own channel, behind a fixed binary header (the server never unpickles what
a worker sends). The server process only negotiates the format and moves bytes, so no query
text, however large or contrived, costs it more than a copy.

The time limit
--------------
pyoxigraph cannot be interrupted from another thread, so the limit is enforced by the kernel:
before each query a worker arms ``setitimer(ITIMER_REAL, query_timeout_s)`` with ``SIGALRM``
left at its default action, which *terminates the process* wherever it is, inside Rust code
included. The work of a timed-out query is therefore gone at the deadline: its CPU time
stops, its memory returns to the system, nothing needs rolling back (nothing was written).
The server sees the worker's channel close, reads from a small shared-memory table which
request that worker held and since when, answers it :class:`~napkg.graph.errors.QueryTimeout`,
and the fork server forks a fresh worker (a few milliseconds). As a backstop, a worker still
running ``_GRACE_S`` after its deadline is killed with ``SIGKILL``. Other requests are never
stalled: the event loop only waits on sockets, and the other workers keep answering. A
request that no worker takes within ``query_timeout_s`` (every worker busy) is told to retry
(:class:`~napkg.graph.errors.StoreError`).

The result-size limit
---------------------
Rows are counted while pyoxigraph writes them, and writing stops at ``max_results + 1``:
SELECT results are written as TSV (one line per row, exactly) or XML (one ``<result>`` per
row) and, for JSON and CSV, converted from that TSV by pyoxigraph; CONSTRUCT/DESCRIBE
triples are pulled up to the limit and then serialized.

With ``query_workers=0`` (or where ``os.fork`` does not exist) queries run on a thread of
the server process: the client still gets its time-limit error, but the query keeps running
to its end. Do not expose that mode to the internet.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import errno
import gc
import itertools
import logging
import mmap
import os
import pickle
import signal
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import pyoxigraph as ox

from napkg.graph.errors import (
    QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, QueryTooLarge, StoreError,
)
from napkg.graph.folders import swap_in
from napkg.graph.sparql_safety import check_graph_names, deny_network, looks_like_update, scan_query

if TYPE_CHECKING:
    from napkg.graph.settings import Settings

log = logging.getLogger("napkg.store")

__all__ = [
    "MediaFormat", "RESULTS", "GRAPH",
    "SPARQL_JSON", "SPARQL_XML", "SPARQL_CSV", "SPARQL_TSV",
    "TURTLE", "JSON_LD", "N_TRIPLES", "RDF_XML",
    "RESULT_FORMATS", "GRAPH_FORMATS", "FORMAT_NAMES",
    "FormatChoice", "DEFAULT_FORMATS", "choose_formats", "accept_quality",
    "load_store", "store_graphs", "QueryRequest", "Answer", "execute", "GraphStore",
    "UPDATE_REFUSED", "SERVICE_REFUSED", "python_value", "select_rows", "open_store",
    "store_kind", "SparqlEndpoint", "open_disk_store", "save_store", "STORE_KINDS",
]

# --- media types ----------------------------------------------------------------------------

RESULTS = "results"  # SELECT and ASK
GRAPH = "graph"      # CONSTRUCT and DESCRIBE


@dataclass(frozen=True, slots=True)
class MediaFormat:
    """One serialization the endpoint answers in."""

    key: str                 # its ``format=`` name
    media_type: str          # the response's Content-Type
    label: str
    kind: str                # RESULTS or GRAPH
    extension: str
    also: tuple[str, ...] = ()  # other media types that select it in an Accept header

    @property
    def media_types(self) -> tuple[str, ...]:
        """Every media type (without parameters) that selects this format."""
        return (self.media_type.split(";")[0], *self.also)


SPARQL_JSON = MediaFormat("json", "application/sparql-results+json", "SPARQL Results JSON", RESULTS, "srj",
                          ("application/json",))
SPARQL_XML = MediaFormat("xml", "application/sparql-results+xml", "SPARQL Results XML", RESULTS, "srx",
                         ("application/xml", "text/xml"))
SPARQL_CSV = MediaFormat("csv", "text/csv; charset=utf-8", "SPARQL Results CSV", RESULTS, "csv")
SPARQL_TSV = MediaFormat("tsv", "text/tab-separated-values; charset=utf-8", "SPARQL Results TSV", RESULTS, "tsv")
TURTLE = MediaFormat("turtle", "text/turtle; charset=utf-8", "Turtle", GRAPH, "ttl", ("application/x-turtle",))
JSON_LD = MediaFormat("jsonld", "application/ld+json", "JSON-LD", GRAPH, "jsonld", ("application/json",))
N_TRIPLES = MediaFormat("ntriples", "application/n-triples", "N-Triples", GRAPH, "nt", ("text/plain",))
RDF_XML = MediaFormat("rdfxml", "application/rdf+xml", "RDF/XML", GRAPH, "rdf", ("application/xml", "text/xml"))

RESULT_FORMATS = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)  # in the server's order of preference
GRAPH_FORMATS = (TURTLE, JSON_LD, N_TRIPLES, RDF_XML)
_BY_KEY = {f.key: f for f in RESULT_FORMATS + GRAPH_FORMATS}

_PYOXIGRAPH_FORMATS: dict[str, Any] = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
    "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES, "rdfxml": ox.RdfFormat.RDF_XML,
}

# ``format=`` values: a name selects a results format and a graph format (``json`` is SPARQL
# JSON for a table and JSON-LD for a graph); a media type selects the format it names.
FORMAT_NAMES: dict[str, tuple[MediaFormat | None, MediaFormat | None]] = {
    "json": (SPARQL_JSON, JSON_LD), "xml": (SPARQL_XML, RDF_XML),
    "csv": (SPARQL_CSV, None), "tsv": (SPARQL_TSV, None),
    "turtle": (None, TURTLE), "ttl": (None, TURTLE),
    "jsonld": (None, JSON_LD), "json-ld": (None, JSON_LD),
    "ntriples": (None, N_TRIPLES), "n-triples": (None, N_TRIPLES), "nt": (None, N_TRIPLES),
    "rdfxml": (None, RDF_XML), "rdf": (None, RDF_XML), "rdf-xml": (None, RDF_XML), "rdf+xml": (None, RDF_XML),
    "n3": (None, TURTLE),  # Turtle is N3 without its extensions; SPARQLWrapper asks for n3
}
for _fmt in RESULT_FORMATS + GRAPH_FORMATS:
    _results, _graph = FORMAT_NAMES.get(_fmt.media_types[0], (None, None))
    FORMAT_NAMES[_fmt.media_types[0]] = (_fmt, _graph) if _fmt.kind == RESULTS else (_results, _fmt)

_PREFIXES = {  # for Turtle and RDF/XML output
    "nap": "https://w3id.org/nap-kg/ontology#", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "dcterms": "http://purl.org/dc/terms/",
}


@dataclass(frozen=True, slots=True)
class FormatChoice:
    """The format for a table or boolean and the one for a graph; None: the client refused it."""

    results: MediaFormat | None = SPARQL_JSON
    graph: MediaFormat | None = TURTLE


DEFAULT_FORMATS = FormatChoice()


def choose_formats(accept: str | None = None, format: str | Sequence[str] | None = None) -> FormatChoice:
    """The formats to answer in: ``format`` (names or media types) wins over ``accept``.

    Several ``format`` values must agree (SPARQLWrapper sends ``tsv`` and
    ``text/tab-separated-values`` together). An Accept header that matches nothing gets the
    defaults (RFC 9110 lets a server ignore it rather than answer 406). Raises ValueError for
    an unknown or conflicting ``format``.

    >>> choose_formats("text/csv, */*;q=0.1").results.key
    'csv'
    >>> choose_formats(None, "json").graph.key
    'jsonld'
    """
    values = [format] if isinstance(format, str) else list(format or ())
    if values:
        results: MediaFormat | None = None
        graph: MediaFormat | None = None
        for value in dict.fromkeys(v.strip().lower() for v in values):
            # a value may list alternatives: "application/ld+json,application/x-json+ld"
            known = [FORMAT_NAMES[a.strip()] for a in value.split(",") if a.strip() in FORMAT_NAMES]
            if not known:
                names = ", ".join(k for k in FORMAT_NAMES if "/" not in k)
                raise ValueError(f"unknown format {value!r}; use one of {names} or a media type")
            named_results, named_graph = known[0]
            if (results and named_results and named_results is not results) or (
                    graph and named_graph and named_graph is not graph):
                raise ValueError(f"the formats {', '.join(values)} contradict each other; ask for one")
            results, graph = results or named_results, graph or named_graph
        return FormatChoice(results, graph)
    if not accept:
        return DEFAULT_FORMATS
    return _negotiate(accept)


def _parse_accept(accept: str) -> tuple[tuple[str, float], ...]:
    ranges = []
    for part in accept.split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return tuple(ranges)


def _quality(ranges: tuple[tuple[str, float], ...], media_type: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range in ``ranges`` that matches ``media_type``."""
    kind = media_type.split("/")[0]
    best = (0.0, -1)
    for media, q in ranges:
        specificity = 2 if media == media_type else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if specificity > best[1]:
            best = (q, specificity)
    return best


def accept_quality(accept: str | None, media_type: str) -> float:
    """The q an Accept header gives ``media_type`` (1.0 when there is no header).

    >>> accept_quality("text/html,*/*;q=0.8", "text/html")
    1.0
    """
    if not accept:
        return 1.0
    return _quality(_parse_accept(accept), media_type)[0]


@lru_cache(maxsize=512)
def _negotiate(accept: str) -> FormatChoice:
    ranges = _parse_accept(accept)

    def best(formats: tuple[MediaFormat, ...]) -> MediaFormat:
        scored = []
        for order, fmt in enumerate(formats):
            q, specificity = max(_quality(ranges, m) for m in fmt.media_types)
            if q > 0:
                scored.append((q, specificity, -order, fmt))
        return max(scored, key=lambda s: s[:3])[3] if scored else formats[0]

    return FormatChoice(best(RESULT_FORMATS), best(GRAPH_FORMATS))


# --- loading --------------------------------------------------------------------------------


def load_store(
    source: Path | str | bytes | Any,
    *,
    format: ox.RdfFormat | None = None,
    graph: str | None = None,
    store: ox.Store | None = None,
) -> ox.Store:
    """Load N-Quads, TriG, Turtle, N-Triples, RDF/XML or JSON-LD into a pyoxigraph store.

    ``source`` is a file path (format from its extension), bytes (``format`` required) or an
    rdflib ``Dataset``/``Graph``. Triples go to ``graph`` if given, else to the default graph;
    quads keep their graph names. Loads into ``store`` if given, else into a new in-memory one.
    """
    store = store if store is not None else ox.Store()
    to_graph = ox.NamedNode(graph) if graph else None
    if isinstance(source, (str, Path)):
        path = Path(source)
        fmt = format or ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None:
            raise StoreError(f"{path}: unknown RDF file extension; use .nq, .trig, .ttl, .nt, .rdf or .jsonld")
        if not path.is_file():
            raise StoreError(f"{path}: no such graph file; build one with `napkg build --out DIR`")
        data: Any = None
    elif isinstance(source, bytes):
        if format is None:
            raise StoreError("loading bytes needs a format (e.g. RdfFormat.N_QUADS)")
        fmt, path, data = format, None, source
    else:  # an rdflib Dataset or Graph
        quads = hasattr(source, "contexts") and hasattr(source, "quads")
        fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
        data = source.serialize(format="nquads" if quads else "nt", encoding="utf-8")
        path = None
    try:
        if path is not None:
            store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        else:
            store.load(data, format=fmt, to_graph=to_graph)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path or 'graph data'}: cannot load: {exc}") from exc
    return store


# --- running one query ----------------------------------------------------------------------

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


class Answer(NamedTuple):
    """A serialized result."""

    body: bytes
    media_type: str
    kind: str            # "boolean", "solutions" or "graph"
    size: int | None     # rows or triples; None for a boolean


class _Counter:
    """A binary sink for pyoxigraph that counts row markers and stops past the limit."""

    __slots__ = ("chunks", "count", "limit", "marker", "tail")

    def __init__(self, marker: bytes, limit: int, *, start: int = 0) -> None:
        self.chunks: list[bytes] = []
        self.count, self.limit, self.marker, self.tail = start, limit, marker, b""

    def write(self, data: bytes) -> int:
        data = bytes(data)
        self.chunks.append(data)
        if len(self.marker) == 1:
            self.count += data.count(self.marker)
        else:
            window = self.tail + data
            self.count += window.count(self.marker)
            self.tail = window[1 - len(self.marker):]
        if self.count > self.limit:
            raise QueryTooLarge(_too_large(self.limit, "rows"))
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: chunks stay in memory."""

    def getvalue(self) -> bytes:
        return b"".join(self.chunks)


def _too_large(limit: int, what: str) -> str:
    return (f"the result has more than {limit} {what}, the result-size limit (setting max_results); "
            "add LIMIT, aggregate, or make the query more selective")


def _format(key: str | None, kind: str, query_form: str) -> MediaFormat:
    if key is None:
        choices = ", ".join(f.key for f in (RESULT_FORMATS if kind == RESULTS else GRAPH_FORMATS))
        raise QueryError(f"a {query_form} query cannot be answered in the format asked for; "
                         f"ask for one of: {choices}")
    return _BY_KEY[key]


def store_graphs(store: ox.Store) -> frozenset[str]:
    """The IRIs of the named graphs ``store`` holds (the only ones a query may name)."""
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def execute(store: ox.Store, request: QueryRequest, *, graphs: frozenset[str] | None = None) -> Answer:
    """Check ``request``, run it on ``store`` and serialize the result; no time limit of its own.

    ``graphs`` are the store's graph names (:func:`store_graphs`, computed if not given).
    Without a dataset from the protocol or ``FROM``, the default graph is the union of all
    graphs. Raises QueryRefused (update, SERVICE, a graph the store does not hold),
    QuerySyntaxError, QueryTooLarge or QueryError.
    """
    graphs = store_graphs(store) if graphs is None else graphs
    scan = scan_query(request.query, base_iri=request.base_iri)
    if scan.service:
        raise QueryRefused(SERVICE_REFUSED)
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
        result = store.query(request.query, base_iri=request.base_iri, **options)
    except SyntaxError as exc:
        if looks_like_update(request.query):
            raise QueryRefused(UPDATE_REFUSED) from None
        raise QuerySyntaxError(f"syntax {exc}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = _format(request.results_format, RESULTS, "ASK")
            body = cast(bytes, result.serialize(format=_PYOXIGRAPH_FORMATS[fmt.key]))
            return Answer(body, fmt.media_type, "boolean", None)
        if isinstance(result, ox.QuerySolutions):
            return _solutions(result, _format(request.results_format, RESULTS, "SELECT"), request.max_results)
        return _triples(result, _format(request.graph_format, GRAPH, "CONSTRUCT or DESCRIBE"), request.max_results)
    except (RuntimeError, OSError) as exc:  # evaluation errors surface while results are read
        raise QueryError(f"the query failed while running: {exc}") from None


def _solutions(solutions: ox.QuerySolutions, fmt: MediaFormat, limit: int) -> Answer:
    if fmt is SPARQL_XML:
        sink = _Counter(b"<result>", limit)
        solutions.serialize(cast(Any, sink), format=ox.QueryResultsFormat.XML)
        return Answer(sink.getvalue(), fmt.media_type, "solutions", sink.count)
    sink = _Counter(b"\n", limit, start=-1)  # TSV: a header line, then one line per row
    solutions.serialize(cast(Any, sink), format=ox.QueryResultsFormat.TSV)
    body = sink.getvalue()
    if fmt is not SPARQL_TSV:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
        body = cast(bytes, parsed.serialize(format=_PYOXIGRAPH_FORMATS[fmt.key]))
    return Answer(body, fmt.media_type, "solutions", sink.count)


def _triples(triples: Iterable[ox.Triple], fmt: MediaFormat, limit: int) -> Answer:
    items = list(islice(triples, limit + 1))
    if len(items) > limit:
        raise QueryTooLarge(_too_large(limit, "triples"))
    prefixes = _PREFIXES if fmt in (TURTLE, RDF_XML) else None
    body = cast(bytes, ox.serialize(items, format=_PYOXIGRAPH_FORMATS[fmt.key], prefixes=prefixes))
    return Answer(body, fmt.media_type, "graph", len(items))


# --- worker processes -----------------------------------------------------------------------
#
# One shared queue feeds every worker: a SOCK_SEQPACKET socket pair whose far end all workers
# read. The kernel hands each message to exactly one reader, so a worker that finishes a query
# takes the next one at once, without a round trip through the server's event loop, and a slow
# query never holds up the ones queued behind it. A message is a _REQUEST header and the
# pickled QueryRequest (server to worker only: the server never unpickles what a worker sends);
# a query too large for one message travels in an in-memory file whose descriptor rides along.
# Each worker answers on its own stream socket: a _REPLY header, then the serialized body.
# Before running a query a worker writes its request id and start time to its slot of a small
# shared memory table, so when a worker dies (its time limit, or the out-of-memory killer) the
# server knows which request it held and for how long.

_REQUEST = struct.Struct("=QdB")   # request id, monotonic time a worker must start it by, payload in a file?
_REPLY = struct.Struct("=QBBqQ")   # request id, outcome, kind, size (-1: none), body length
_SLOT = struct.Struct("=Qd")       # the request a worker is running (0: none), and since when
_INLINE_MAX = 32 * 1024            # larger requests travel in an in-memory file
_GRACE_S = 1.0                     # a worker still running this long past its limit is killed
_SWEEP_S = 0.5                     # how often the server looks for overdue workers and lost requests
_OK, _FAILED, _BUG, _BUSY = range(4)  # outcomes: answered, a QueryError, a bug, no worker took it in time
_KINDS = ("boolean", "solutions", "graph")
_ERROR_TYPES: dict[str, type[QueryError]] = {
    cls.__name__: cls for cls in (QueryError, QuerySyntaxError, QueryRefused, QueryTooLarge)
}


def _queue_pair() -> tuple[socket.socket, socket.socket]:
    """A socket pair that keeps message boundaries: SOCK_SEQPACKET, or SOCK_DGRAM where it is missing."""
    try:
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    except (AttributeError, OSError):  # pragma: no cover - macOS and other non-Linux systems
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)


def _in_memory_file(data: bytes) -> int:
    """A file descriptor of an anonymous file holding ``data``."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("napkg-query", os.MFD_CLOEXEC)
    else:  # pragma: no cover - not Linux
        import tempfile

        fd = os.dup(tempfile.TemporaryFile().fileno())
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    return fd


def _read_file(fd: int) -> bytes:
    size, chunks, offset = os.fstat(fd).st_size, [], 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _close_inherited_fds(keep: set[int]) -> None:
    """Close every file descriptor but stdio and ``keep`` (listening sockets, log files...)."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def _worker_main(replies: socket.socket, queue: socket.socket, slots: mmap.mmap, slot: int,
                 store: ox.Store | Path, timeout_s: float) -> None:
    """Take requests from ``queue`` one at a time, answer on ``replies``; SIGALRM ends the process at the deadline.

    ``store`` is a folder for an on-disk store: each worker opens it read-only for itself, as
    a RocksDB handle inherited through ``fork`` may hold locks of threads the child lacks.
    """
    if isinstance(store, Path):
        store = ox.Store.read_only(str(store))
    graphs = store_graphs(store)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    buffer = bytearray(_REQUEST.size + _INLINE_MAX)
    view = memoryview(buffer)
    ancillary = socket.CMSG_SPACE(array.array("i").itemsize)
    offset = slot * _SLOT.size
    while True:
        size, ancdata, flags, _ = queue.recvmsg_into([buffer], ancillary)
        if size == 0:
            return  # the server closed the queue
        fds = array.array("i")
        for level, kind, data in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        request_id, start_by, in_file = _REQUEST.unpack_from(buffer)
        started = time.monotonic()
        _SLOT.pack_into(slots, offset, request_id, started)
        kind, count = 0, -1
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        try:
            if started > start_by:
                outcome, body = _BUSY, b""
            elif flags & getattr(socket, "MSG_TRUNC", 0) or (in_file and not fds):
                outcome, body = _BUG, b"a request arrived truncated"
            else:
                payload = _read_file(fds[0]) if in_file else view[_REQUEST.size:size]
                answer = execute(store, QueryRequest(*pickle.loads(payload)), graphs=graphs)
                outcome, body = _OK, answer.body
                kind, count = _KINDS.index(answer.kind), -1 if answer.size is None else answer.size
        except QueryError as exc:
            outcome, body = _FAILED, f"{type(exc).__name__}\n{exc}".encode()
        except Exception as exc:  # a bug: report it to the server, keep serving
            outcome, body = _BUG, f"{type(exc).__name__}: {exc}".encode()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for fd in fds:
                os.close(fd)
        header = _REPLY.pack(request_id, outcome, kind, count, len(body))
        try:
            if len(body) < 65536:
                replies.sendall(header + body)
            else:
                replies.sendall(header)
                replies.sendall(body)
        except OSError:
            return  # the server is gone
        _SLOT.pack_into(slots, offset, 0, 0.0)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


class _ForkServer:
    """A single-threaded child holding the loaded store that forks query workers on request."""

    def __init__(self, store: ox.Store | Path, timeout_s: float, *, queue: socket.socket, slots: mmap.mmap) -> None:
        parent, child = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                parent.close()
                self._serve(child, queue, slots, store, timeout_s)
            finally:
                os._exit(0)
        child.close()
        self.pid, self._control, self._lock = pid, parent, threading.Lock()
        self.network_denied = self._control.recv(1) == b"1"

    @staticmethod
    def _serve(control: socket.socket, queue: socket.socket, slots: mmap.mmap, store: ox.Store | Path,
               timeout_s: float) -> None:  # pragma: no cover
        gc.disable()
        gc.freeze()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGALRM):
            signal.signal(sig, signal.SIG_IGN if sig == signal.SIGINT else signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        _close_inherited_fds({control.fileno(), queue.fileno()})
        control.sendall(b"1" if deny_network() else b"0")
        children: set[int] = set()
        while True:
            command = _recv_exact(control, 9)
            if command is None:
                break
            while children:  # reap finished workers
                try:
                    done, _ = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if not done:
                    break
                children.discard(done)
            (argument,) = struct.unpack("!q", command[1:])
            if command[:1] == b"S":
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:
                    try:
                        control.close()
                        ours.close()
                        _worker_main(theirs, queue, slots, argument, store, timeout_s)
                    finally:
                        os._exit(0)
                theirs.close()
                children.add(pid)
                socket.send_fds(control, [struct.pack("!q", pid)], [ours.fileno()])
                ours.close()
            elif command[:1] == b"K":
                if argument in children:  # not yet reaped, so the pid cannot have been reused
                    os.kill(argument, signal.SIGKILL)  # a no-op on a worker its time limit ended
                    os.waitpid(argument, 0)
                    children.discard(argument)
                control.sendall(b"k")
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def spawn(self, slot: int) -> tuple[int, socket.socket]:
        """Fork a worker that uses ``slot``; its pid and the server's end of its reply channel (blocking)."""
        try:
            with self._lock:
                self._control.sendall(b"S" + struct.pack("!q", slot))
                data, fds, _, _ = socket.recv_fds(self._control, 8, 1)
        except OSError as exc:
            raise StoreError(f"the query fork server stopped ({exc}); restart nap-kg") from None
        if len(data) != 8 or not fds:
            raise StoreError("the query fork server stopped; restart nap-kg")
        return struct.unpack("!q", data)[0], socket.socket(fileno=fds[0])

    def kill(self, pid: int) -> None:
        """Kill worker ``pid`` if it is still running (blocking)."""
        try:
            with self._lock:
                self._control.sendall(b"K" + struct.pack("!q", pid))
                self._control.recv(1)  # wait until it is gone
        except OSError as exc:
            raise StoreError(f"the query fork server stopped ({exc}); restart nap-kg") from None

    def close(self) -> None:
        """Stop the fork server and every worker it forked."""
        self._control.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


class _Worker(asyncio.Protocol):
    """The server's side of one worker: reads its replies and hands each to the pool."""

    def __init__(self, pool: _WorkerPool, pid: int, slot: int) -> None:
        self.pool, self.pid, self.slot = pool, pid, slot
        self.transport: asyncio.BaseTransport | None = None
        self.buffer = bytearray()
        self.killing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.buffer and len(data) >= _REPLY.size:  # the usual case: one whole reply
            header = _REPLY.unpack_from(data)
            if len(data) == _REPLY.size + header[4]:
                self.pool._deliver(header, data[_REPLY.size:])
                return
        buffer = self.buffer
        buffer += data
        while len(buffer) >= _REPLY.size:
            header = _REPLY.unpack_from(buffer)
            end = _REPLY.size + header[4]
            if len(buffer) < end:
                break
            body = bytes(buffer[_REPLY.size:end])
            del buffer[:end]
            self.pool._deliver(header, body)

    def connection_lost(self, exc: Exception | None) -> None:
        self.pool._lost(self)


class _WorkerPool:
    """``size`` query workers fed from one shared queue; replaces any worker that dies."""

    def __init__(self, store: ox.Store | Path, *, size: int, timeout_s: float) -> None:
        self.store, self.size, self.timeout_s = store, size, timeout_s
        self._server: _ForkServer | None = None
        self._queue: socket.socket | None = None  # the server's end of the shared queue
        self._slots: mmap.mmap | None = None
        self._backlog: deque[tuple[bytes, int | None]] = deque()  # messages waiting for room in the queue
        self._pending: dict[int, tuple[asyncio.Future[Any], float]] = {}  # request id: (future, give up at)
        self._ids = itertools.count(1)
        self._workers: dict[int, _Worker] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._sweeper: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop of start(): every call comes from it
        self._closed = False

    @property
    def network_denied(self) -> bool:
        """Whether the workers run under the seccomp network filter."""
        return bool(self._server and self._server.network_denied)

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers (idle or busy)."""
        return sorted(self._workers)

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        ours, theirs = _queue_pair()
        self._slots = mmap.mmap(-1, _SLOT.size * self.size)  # shared with every process forked from here on
        try:
            self._server = _ForkServer(self.store, self.timeout_s, queue=theirs, slots=self._slots)
        finally:
            theirs.close()
        ours.setblocking(False)
        self._queue = ours
        for slot in range(self.size):
            await self._spawn(slot)
        self._sweeper = self._loop.call_later(_SWEEP_S, self._sweep)

    async def _spawn(self, slot: int) -> None:
        assert self._server is not None
        pid, sock = await asyncio.to_thread(self._server.spawn, slot)
        worker = _Worker(self, pid, slot)
        self._workers[pid] = worker
        await asyncio.get_running_loop().create_unix_connection(lambda: worker, sock=sock)

    async def run(self, request: QueryRequest) -> Answer:
        if self._loop is None or self._closed:
            raise StoreError("the query workers are not running; restart nap-kg")
        now = time.monotonic()
        request_id = next(self._ids)
        future = self._loop.create_future()  # asyncio.get_running_loop() would cost a getpid() system call
        self._pending[request_id] = (future, now + 2 * (self.timeout_s + _GRACE_S))
        try:
            self._send(request_id, now + self.timeout_s, pickle.dumps(tuple(request), protocol=pickle.HIGHEST_PROTOCOL))
            (_, outcome, kind, size, _), body = await future
        finally:
            del self._pending[request_id]
        if outcome == _OK:
            kind_name = _KINDS[kind]
            fmt = _BY_KEY[cast(str, request.graph_format if kind_name == "graph" else request.results_format)]
            return Answer(body, fmt.media_type, kind_name, None if size < 0 else size)
        if outcome == _FAILED:
            name, _, message = body.decode("utf-8", "replace").partition("\n")
            raise _ERROR_TYPES.get(name, QueryError)(message)
        if outcome == _BUSY:
            raise StoreError(f"all {self.size} query workers stayed busy for {self.timeout_s:g} s; try again shortly")
        raise RuntimeError(f"query worker failed: {body.decode('utf-8', 'replace')}")

    # -- the queue
    def _send(self, request_id: int, start_by: float, payload: bytes) -> None:
        if len(payload) <= _INLINE_MAX:
            message, fd = _REQUEST.pack(request_id, start_by, 0) + payload, None
        else:
            message, fd = _REQUEST.pack(request_id, start_by, 1), _in_memory_file(payload)
        if not self._backlog:
            try:
                if self._put(message, fd):
                    return
            except OSError as exc:
                if exc.errno != errno.EMSGSIZE or fd is not None:
                    raise StoreError(f"the query queue is closed ({exc}); restart nap-kg") from None
                # the system's message size is smaller than ours: send the payload as a file
                message, fd = _REQUEST.pack(request_id, start_by, 1), _in_memory_file(payload)
                if self._put(message, fd):
                    return
        self._backlog.append((message, fd))
        if len(self._backlog) == 1:
            asyncio.get_running_loop().add_writer(cast(socket.socket, self._queue).fileno(), self._flush)

    def _put(self, message: bytes, fd: int | None) -> bool:
        """Send one message if the queue has room (non-blocking); whether it was sent."""
        queue = cast(socket.socket, self._queue)
        try:
            if fd is None:
                queue.send(message)
            else:
                queue.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
        except BlockingIOError:
            return False
        if fd is not None:
            os.close(fd)  # the message holds its own reference until a worker takes it
        return True

    def _flush(self) -> None:
        try:
            while self._backlog:
                if not self._put(*self._backlog[0]):
                    return
                self._backlog.popleft()
        except OSError as exc:
            log.error("the query queue is closed (%s)", exc)
            self._backlog.clear()
        asyncio.get_running_loop().remove_writer(cast(socket.socket, self._queue).fileno())

    # -- replies and failures
    def _deliver(self, header: tuple[int, int, int, int, int], body: bytes) -> None:
        entry = self._pending.get(header[0])
        if entry is not None and not entry[0].done():
            entry[0].set_result((header, body))

    def _fail(self, request_id: int, error: Exception) -> None:
        entry = self._pending.get(request_id)
        if entry is not None and not entry[0].done():
            entry[0].set_exception(error)

    def _lost(self, worker: _Worker) -> None:
        """``worker``'s channel closed: it died. Fail the request it held; fork a replacement."""
        self._workers.pop(worker.pid, None)
        if self._slots is None or self._slots.closed:
            return
        request_id, started = _SLOT.unpack_from(self._slots, worker.slot * _SLOT.size)
        if request_id:
            if time.monotonic() - started >= self.timeout_s * 0.95:
                self._fail(request_id, QueryTimeout(_timed_out(self.timeout_s)))
            else:
                self._fail(request_id, StoreError("the query worker stopped unexpectedly (out of memory?); "
                                                  "the query was abandoned, try a smaller one"))
        if not self._closed:
            self._background(self._replace(worker))

    async def _replace(self, worker: _Worker) -> None:
        server = self._server
        if server is None:
            return
        try:
            await asyncio.to_thread(server.kill, worker.pid)
            if not self._closed and self._slots is not None:
                _SLOT.pack_into(self._slots, worker.slot * _SLOT.size, 0, 0.0)
                await self._spawn(worker.slot)
        except StoreError as exc:
            log.error("cannot replace query worker %d: %s", worker.pid, exc)

    def _sweep(self) -> None:
        """Kill a worker still running past its limit (a backstop: SIGALRM comes first); fail lost requests."""
        if self._closed or self._slots is None:
            return
        now = time.monotonic()
        for worker in list(self._workers.values()):
            request_id, started = _SLOT.unpack_from(self._slots, worker.slot * _SLOT.size)
            if request_id and now - started > self.timeout_s + _GRACE_S and not worker.killing:
                worker.killing = True
                if self._server is not None:
                    self._background(asyncio.to_thread(self._server.kill, worker.pid))
        for request_id, (_, give_up_at) in list(self._pending.items()):
            if now > give_up_at:
                self._fail(request_id, StoreError("the query was lost by its worker; try again"))
        self._sweeper = asyncio.get_running_loop().call_later(_SWEEP_S, self._sweep)

    def _background(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        self._closed = True
        if self._sweeper is not None:
            self._sweeper.cancel()
        for task in list(self._tasks):
            task.cancel()
        for request_id in list(self._pending):
            self._fail(request_id, StoreError("nap-kg is shutting down"))
        if self._queue is not None:
            if self._backlog:
                asyncio.get_running_loop().remove_writer(self._queue.fileno())
            self._queue.close()  # idle workers see the end of the queue and exit
        for _, fd in self._backlog:
            if fd is not None:
                os.close(fd)
        self._backlog.clear()
        for worker in list(self._workers.values()):
            if worker.transport is not None:
                worker.transport.close()
        self._workers.clear()
        if self._server is not None:
            await asyncio.to_thread(self._server.close)
            self._server = None
        if self._slots is not None:
            self._slots.close()
            self._slots = None


def _timed_out(timeout_s: float) -> str:
    return (f"the query ran past the {timeout_s:g} s time limit (setting query_timeout_s) and was "
            "stopped; add LIMIT, narrow the patterns, or avoid cross products")


# --- the store ------------------------------------------------------------------------------


class GraphStore:
    """The read-only store the endpoint queries: a pyoxigraph store with limits and workers.

    Call :meth:`start` (or ``async with``) inside the event loop that will query it; it forks
    the workers, so start it only once the store is fully loaded.
    """

    def __init__(
        self,
        store: ox.Store | SparqlEndpoint,
        *,
        query_timeout_s: float = 10.0,
        max_results: int = 10_000,
        query_workers: int = 2,
    ) -> None:
        if query_timeout_s <= 0 or max_results < 0 or query_workers < 0:
            raise StoreError("query_timeout_s must be > 0, max_results and query_workers >= 0")
        self.remote: SparqlEndpoint | None = store if isinstance(store, SparqlEndpoint) else None
        self.store = None if self.remote is not None else store
        self.query_timeout_s, self.max_results = query_timeout_s, max_results
        self.query_workers = query_workers if hasattr(os, "fork") and self.remote is None else 0
        self.graphs = self.remote.graphs() if self.remote is not None else store_graphs(store)
        self.disk_path: Path | None = None  # the folder of an on-disk store: workers open it themselves
        self._pool: _WorkerPool | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> GraphStore:
        """The store ``settings.store`` names, loaded as the service serves it.

        ``memory``: ``settings.graph_file`` loaded, or the graph built from ``settings.data_dir``;
        a folder: the on-disk store ``napkg build --store DIR`` wrote, opened read-only (no
        rebuild); a URL: an external SPARQL 1.1 endpoint, queried over HTTP.
        """
        limits = {"query_timeout_s": settings.query_timeout_s, "max_results": settings.max_results,
                  "query_workers": settings.query_workers}
        kind = store_kind(settings.store)
        if kind == "remote":
            return cls(SparqlEndpoint(settings.store, timeout_s=settings.query_timeout_s), **limits)
        if kind == "disk":
            graph_store = cls(open_disk_store(Path(settings.store)), **limits)
            graph_store.disk_path = Path(settings.store).resolve()
            return graph_store
        if settings.graph_file is not None:
            store = load_store(settings.graph_file)
        else:
            from napkg.graph.publish import build_and_check

            store = build_and_check(settings.data_dir).store
        return cls(store, **limits)

    def __len__(self) -> int:
        return self.remote.count() if self.remote is not None else len(self.store)

    @property
    def started(self) -> bool:
        """Whether the worker processes are running."""
        return self._pool is not None

    @property
    def network_denied(self) -> bool:
        """Whether query workers are barred from opening network sockets (seccomp)."""
        return self._pool is not None and self._pool.network_denied

    @property
    def worker_pids(self) -> list[int]:
        """Process ids of the query workers now alive (empty when queries run in-process)."""
        return self._pool.pids if self._pool is not None else []

    async def start(self) -> None:
        """Fork the query workers (no-op with ``query_workers=0``)."""
        if self._pool is None and self.query_workers > 0:
            pool = _WorkerPool(self.disk_path or self.store, size=self.query_workers, timeout_s=self.query_timeout_s)
            await pool.start()
            self._pool = pool

    async def close(self) -> None:
        """Stop the query workers."""
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def __aenter__(self) -> GraphStore:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    def request(
        self,
        query: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        formats: FormatChoice = DEFAULT_FORMATS,
        base_iri: str | None = None,
    ) -> QueryRequest:
        """The request for ``query`` under this store's limits."""
        return QueryRequest(
            query=query, base_iri=base_iri,
            default_graph_uris=tuple(default_graph_uris), named_graph_uris=tuple(named_graph_uris),
            results_format=formats.results.key if formats.results else None,
            graph_format=formats.graph.key if formats.graph else None,
            max_results=self.max_results,
        )

    async def query(
        self,
        query: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        formats: FormatChoice = DEFAULT_FORMATS,
        base_iri: str | None = None,
    ) -> Answer:
        """Check and run ``query`` within the time and size limits; the serialized answer.

        The checks run in the worker too, so even they count against the time limit.
        """
        request = self.request(query, default_graph_uris=default_graph_uris, named_graph_uris=named_graph_uris,
                               formats=formats, base_iri=base_iri)
        if self.remote is not None:
            return await self.remote.run(request, graphs=self.graphs, timeout_s=self.query_timeout_s)
        if self._pool is not None:
            return await self._pool.run(request)
        try:
            return await asyncio.wait_for(asyncio.to_thread(execute, self.store, request, graphs=self.graphs),
                                          self.query_timeout_s)
        except TimeoutError:
            raise QueryTimeout(_timed_out(self.query_timeout_s)) from None

    def query_sync(self, query: str, *, formats: FormatChoice = DEFAULT_FORMATS) -> Answer:
        """Check and run ``query`` in this thread (size limit, but no time limit): for the CLI."""
        request = self.request(query, formats=formats)
        if self.remote is not None:
            return asyncio.run(self.remote.run(request, graphs=self.graphs, timeout_s=self.query_timeout_s))
        return execute(self.store, request, graphs=self.graphs)

    def select(self, query: str) -> list[dict[str, Any]]:
        """Rows of nap-kg's own SELECT ``query`` (a ``Select``): run in this thread, no limits.

        On an external store it goes over HTTP (blocking), within the store's time limit.
        """
        if self.remote is not None:
            return self.remote.select(query, graphs=self.graphs)
        return select_rows(self.store, query)

    def select_with_columns(self, query: str) -> tuple[list[dict[str, Any]], list[str]]:
        """Rows and column names of a user's SELECT or ASK, checked and run like the endpoint's."""
        scan = scan_query(query)
        if scan.service:
            raise QueryRefused(SERVICE_REFUSED)
        check_graph_names(scan.from_graphs, self.graphs, where="FROM")
        check_graph_names(scan.from_named_graphs, self.graphs, where="FROM NAMED")
        if self.remote is not None:
            return self.remote.select(query, graphs=self.graphs, union=not scan.has_dataset_clause,
                                      with_columns=True)
        return select_rows(self.store, query, union=not scan.has_dataset_clause, with_columns=True)


# --- rows for nap-kg's own code ----------------------------------------------------------------

_NUMBERS = {
    "http://www.w3.org/2001/XMLSchema#integer": int,
    "http://www.w3.org/2001/XMLSchema#int": int,
    "http://www.w3.org/2001/XMLSchema#long": int,
    "http://www.w3.org/2001/XMLSchema#decimal": float,
    "http://www.w3.org/2001/XMLSchema#double": float,
    "http://www.w3.org/2001/XMLSchema#float": float,
}


def python_value(term: Any) -> Any:
    """A pyoxigraph term as a plain value: IRIs as strings, numbers and booleans as Python's.

    >>> python_value(ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    3
    >>> python_value(ox.NamedNode("http://x/a"))
    'http://x/a'
    """
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        convert = _NUMBERS.get(datatype)
        if convert is not None:
            try:
                return convert(term.value)
            except ValueError:
                return term.value
        if datatype == "http://www.w3.org/2001/XMLSchema#boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def select_rows(store: ox.Store, query: str, *, union: bool = True, with_columns: bool = False) -> Any:
    """Run a SELECT (or ASK) on ``store``, by default over the union of its graphs; rows as dicts.

    Unbound variables are left out of a row. Raises QuerySyntaxError on a bad query.
    """
    try:
        result = store.query(query, use_default_graph_as_union=union)
    except SyntaxError as exc:
        raise QuerySyntaxError(f"syntax {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        rows, columns = [{"result": bool(result)}], ["result"]
    elif isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        rows = [
            {name: python_value(term) for name, term in zip(columns, solution) if term is not None}
            for solution in result
        ]
    else:
        raise QueryError("this command answers SELECT and ASK queries; use /sparql for CONSTRUCT and DESCRIBE")
    return (rows, columns) if with_columns else rows


def open_store(settings: Settings) -> GraphStore:
    """A store for the command line: loaded as the service would load it, queried in-process."""
    from dataclasses import replace

    return GraphStore.from_settings(replace(settings, query_workers=0))


# --- where the graph lives: memory, a folder, or an external SPARQL endpoint ------------------

STORE_KINDS = ("memory", "disk", "remote")


def store_kind(setting: str) -> str:
    """``memory``, ``remote`` (an http(s) URL) or ``disk`` (any other value: a folder path).

    >>> store_kind("memory"), store_kind("http://127.0.0.1:7878/query"), store_kind("var/store")
    ('memory', 'remote', 'disk')
    """
    if setting == "memory":
        return "memory"
    if setting.startswith(("http://", "https://")):
        return "remote"
    return "disk"


def open_disk_store(path: Path) -> ox.Store:
    """The on-disk store ``napkg build --store DIR`` wrote, opened read-only (no lock is taken)."""
    if not path.is_dir() or not any(path.iterdir()):
        raise StoreError(f"{path}: no graph store there; create it with `napkg build --store {path}`")
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the graph store: {exc}") from exc


def save_store(store: ox.Store, target: str, *, graph_store_url: str | None = None,
               progress: Any = None) -> str:
    """Put the statements of ``store`` where ``target`` (a folder or an endpoint URL) says; a description.

    A folder is written beside itself and swapped in once complete, so a failed load leaves the
    previous store; a process serving the old folder keeps its files open and must be restarted
    to see the new graph. An endpoint gets every named graph replaced with the SPARQL 1.1 Graph
    Store Protocol (``PUT``), and nap-kg's graphs that the build no longer has are deleted.
    """
    say = progress or (lambda _: None)
    if store_kind(target) == "remote":
        endpoint = SparqlEndpoint(target, graph_store_url=graph_store_url, timeout_s=600.0)
        count = endpoint.replace_graphs(store, progress=say)
        return f"{count} named graphs put to {endpoint.graph_store_url}"
    import shutil
    import tempfile

    path = Path(target)
    if path.exists():
        if not path.is_dir():
            raise StoreError(f"{path}: not a folder")
        if any(path.iterdir()):
            try:  # a writer (another napkg build, an `oxigraph serve`) holds the lock: say so
                ox.Store(str(path))  # opened and, unreferenced, closed at once
            except OSError as exc:
                raise StoreError(f"{path}: the store is locked by another process that opened it for writing "
                                 f"({exc}); stop it first") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-new-", dir=path.parent))
    try:
        say(f"loading {len(store):,} quads into {path}")
        disk = ox.Store(str(staging))
        disk.bulk_load(store.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        disk.flush()
        disk.optimize()
        del disk
        swap_in(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return f"{len(store):,} quads written to the on-disk store {path}"


_TSV, _NT = "text/tab-separated-values", "application/n-triples"
_REMOTE_ACCEPT = (f"{_TSV}, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8, "
                  f"{_NT}, text/turtle;q=0.9, application/rdf+xml;q=0.8")
_REMOTE_FORMATS: dict[str, Any] = {
    _TSV: ox.QueryResultsFormat.TSV, "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "text/csv": None,
    _NT: ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE, "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD, "application/n-quads": ox.RdfFormat.N_QUADS,
}
_MAX_REMOTE_BYTES = 512 * 1024 * 1024
_FORM = "application/x-www-form-urlencoded"


def _form_body(form: list[tuple[str, str]]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(form).encode("ascii")
_NAPKG_GRAPHS = "https://w3id.org/nap-kg/"


def default_graph_store_url(query_url: str) -> str:
    """The Graph Store Protocol URL beside a query URL, as Oxigraph lays them out.

    >>> default_graph_store_url("http://127.0.0.1:7878/query")
    'http://127.0.0.1:7878/store'
    """
    base, _, last = query_url.rstrip("/").rpartition("/")
    return f"{base}/store" if last in ("query", "sparql") else f"{query_url.rstrip('/')}/store"


class SparqlEndpoint:
    """An external SPARQL 1.1 store nap-kg forwards queries to (SPARQL 1.1 Protocol, POST form).

    nap-kg applies its own rules before and while forwarding, whatever the store: queries are
    scanned (no ``SERVICE``; graph names only among the store's graphs; updates refused and
    only ever sent as a query operation), the time limit bounds the whole exchange, and rows or
    triples are counted while the answer streams in, the connection closed past
    ``max_results``. The store's own default graph is not used: unless the query or the
    protocol names a dataset, every named graph is passed as ``default-graph-uri`` and
    ``named-graph-uri``, the union the embedded store queries by default.
    """

    def __init__(self, url: str, *, timeout_s: float = 10.0, graph_store_url: str | None = None) -> None:
        self.url, self.timeout_s = url, timeout_s
        self.graph_store_url = graph_store_url or default_graph_store_url(url)
        self._sync: Any = None
        self._async: tuple[Any, Any] | None = None

    def __repr__(self) -> str:
        return f"SparqlEndpoint({self.url!r})"

    # -- plumbing
    def _client(self) -> Any:
        import httpx

        if self._sync is None:
            self._sync = httpx.Client(timeout=self.timeout_s)
        return self._sync

    def _async_client(self) -> Any:
        import httpx

        loop = asyncio.get_running_loop()
        if self._async is None or self._async[0] is not loop:
            self._async = (loop, httpx.AsyncClient(timeout=None, limits=httpx.Limits(max_connections=64)))
        return self._async[1]

    def _unreachable(self, exc: Exception) -> StoreError:
        return StoreError(f"the external SPARQL store {self.url} did not answer ({type(exc).__name__}: {exc})")

    @staticmethod
    def _refused(status: int, body: bytes) -> QueryError | StoreError:
        text = body.decode("utf-8", "replace").strip()[:1000] or f"HTTP {status}"
        if status == 400:
            return QuerySyntaxError(f"the store refused the query: {text}")
        if status in (408, 504):
            return QueryTimeout(f"the external store gave up on the query: {text}")
        return StoreError(f"the external store answered HTTP {status}: {text}")

    @staticmethod
    def _dataset(graphs: frozenset[str], *, union: bool, default: Sequence[str] = (),
                 named: Sequence[str] = ()) -> list[tuple[str, str]]:
        if default or named:
            return [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
        if not union:
            return []
        ordered = sorted(graphs)
        return [("default-graph-uri", g) for g in ordered] + [("named-graph-uri", g) for g in ordered]

    # -- nap-kg's own queries
    def select(self, query: str, *, graphs: frozenset[str] | None = None, union: bool = True,
               with_columns: bool = False) -> Any:
        """Rows of a SELECT or ASK, as :func:`select_rows` gives them (blocking)."""
        import httpx

        form = [("query", query), *self._dataset(graphs or frozenset(), union=union and bool(graphs))]
        try:
            response = self._client().post(self.url, content=_form_body(form), headers={
                "Accept": "application/sparql-results+json", "Content-Type": _FORM})
        except httpx.TimeoutException:
            raise QueryTimeout(_timed_out(self.timeout_s)) from None
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        if response.status_code >= 400:
            raise self._refused(response.status_code, response.content)
        try:
            result = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"the external store answered a SELECT with something else: {exc}") from None
        if isinstance(result, ox.QueryBoolean):
            rows, columns = [{"result": bool(result)}], ["result"]
        else:
            columns = [v.value for v in result.variables]
            rows = [{n: python_value(t) for n, t in zip(columns, solution) if t is not None} for solution in result]
        return (rows, columns) if with_columns else rows

    def graphs(self) -> frozenset[str]:
        """The IRIs of the store's named graphs."""
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        return frozenset(row["g"] for row in rows if not str(row["g"]).startswith("_:"))

    def count(self) -> int:
        """The number of quads in the store's named graphs."""
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union=False)
        return int(rows[0]["n"]) if rows else 0

    # -- a client's query, under nap-kg's rules
    async def run(self, request: QueryRequest, *, graphs: frozenset[str], timeout_s: float) -> Answer:
        """Check ``request`` as :func:`execute` does, forward it, and serialize the answer within the limits."""
        import httpx

        scan = scan_query(request.query, base_iri=request.base_iri)
        if scan.service:
            raise QueryRefused(SERVICE_REFUSED)
        if looks_like_update(request.query):
            raise QueryRefused(UPDATE_REFUSED)
        if request.default_graph_uris or request.named_graph_uris:
            check_graph_names(request.default_graph_uris, graphs, where="default-graph-uri")
            check_graph_names(request.named_graph_uris, graphs, where="named-graph-uri")
        elif scan.has_dataset_clause:
            check_graph_names(scan.from_graphs, graphs, where="FROM")
            check_graph_names(scan.from_named_graphs, graphs, where="FROM NAMED")
        query = f"BASE <{request.base_iri}>\n{request.query}" if request.base_iri else request.query
        form = [("query", query), *self._dataset(graphs, union=not scan.has_dataset_clause,
                                                 default=request.default_graph_uris,
                                                 named=request.named_graph_uris)]
        try:
            async with asyncio.timeout(timeout_s):
                client = self._async_client()
                async with client.stream("POST", self.url, content=_form_body(form),
                                         headers={"Accept": _REMOTE_ACCEPT, "Content-Type": _FORM}) as response:
                    if response.status_code >= 400:
                        raise self._refused(response.status_code, await response.aread())
                    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    body = await self._bounded_body(response, media, request.max_results)
        except TimeoutError:
            raise QueryTimeout(_timed_out(timeout_s)) from None
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        return self._answer(body, media, request)

    @staticmethod
    async def _bounded_body(response: Any, media: str, limit: int) -> bytes:
        counter = _Counter(b"\n", limit, start=-1 if media == _TSV else 0) if media in (_TSV, _NT) else None
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > _MAX_REMOTE_BYTES:
                raise QueryTooLarge(_too_large(limit, "rows or triples") + f" (over {_MAX_REMOTE_BYTES} bytes)")
            if counter is not None:
                counter.write(chunk)  # raises QueryTooLarge past the limit; the connection is then closed
            else:
                chunks.append(chunk)
        return counter.getvalue() if counter is not None else b"".join(chunks)

    def _answer(self, body: bytes, media: str, request: QueryRequest) -> Answer:
        fmt = _REMOTE_FORMATS.get(media)
        if fmt is None:
            raise StoreError(f"the external store answered in {media or 'an unnamed format'}, which nap-kg does not read")
        try:
            if isinstance(fmt, ox.QueryResultsFormat):
                result = ox.parse_query_results(body, format=fmt)
                if isinstance(result, ox.QueryBoolean):
                    out = _format(request.results_format, RESULTS, "ASK")
                    return Answer(cast(bytes, result.serialize(format=_PYOXIGRAPH_FORMATS[out.key])),
                                  out.media_type, "boolean", None)
                return _solutions(result, _format(request.results_format, RESULTS, "SELECT"), request.max_results)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt))
            return _triples(triples, _format(request.graph_format, GRAPH, "CONSTRUCT or DESCRIBE"),
                            request.max_results)
        except SyntaxError as exc:
            raise StoreError(f"the external store's answer ({media}) does not parse: {exc}") from None

    # -- loading
    def replace_graphs(self, store: ox.Store, *, progress: Any = None) -> int:
        """Replace each named graph of ``store`` in the endpoint (Graph Store Protocol ``PUT``).

        nap-kg's graphs (IRIs under ``https://w3id.org/nap-kg/``) that the endpoint holds but
        ``store`` does not are deleted, so the endpoint serves this build and no other.
        """
        import httpx

        say = progress or (lambda _: None)
        ours = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        client = httpx.Client(timeout=self.timeout_s)
        try:
            stale = [g for g in self.graphs() if g.startswith(_NAPKG_GRAPHS) and g not in ours]
            for name in ours:
                data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                say(f"PUT {len(data):,} bytes into <{name}>")
                response = client.put(self.graph_store_url, params={"graph": name}, content=data,
                                      headers={"Content-Type": _NT})
                if response.status_code >= 400:
                    raise self._refused(response.status_code, response.content)
            for name in stale:
                say(f"DELETE <{name}> (no longer in the build)")
                response = client.delete(self.graph_store_url, params={"graph": name})
                if response.status_code >= 400 and response.status_code != 404:
                    raise self._refused(response.status_code, response.content)
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        finally:
            client.close()
        return len(ours)
