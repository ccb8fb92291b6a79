"""The client of an external SPARQL 1.1 store: nap-kg's rules applied while forwarding, and loading it."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, cast
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from napkg.graph.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, QueryTooLarge, StoreError
from napkg.graph.store.execute import (
    SERVICE_REFUSED, UPDATE_REFUSED, Answer, QueryRequest, RowCounter, answer_format, check_result_bytes,
    serialize_solutions, serialize_triples, timed_out_message, too_large_message,
)
from napkg.graph.store.formats import ALL_FORMATS, GRAPH, N_TRIPLES, RESULTS, SPARQL_CSV, SPARQL_TSV
from napkg.graph.store.rows import python_value
from napkg.graph.store.safety import check_graph_names, looks_like_update, scan_query

__all__ = ["SparqlEndpoint", "default_graph_store_url"]


_TSV, _NT = SPARQL_TSV.media_types[0], N_TRIPLES.media_types[0]
_REMOTE_ACCEPT = (f"{_TSV}, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8, "
                  f"{_NT}, text/turtle;q=0.9, application/rdf+xml;q=0.8")
# what nap-kg reads of an answer, by its media type (CSV loses term types: not read)
_REMOTE_FORMATS: dict[str, Any] = {
    f.media_types[0]: None if f is SPARQL_CSV else f.pyoxigraph for f in ALL_FORMATS
}
# by the query's form, so that a store choosing by quality alone (Virtuoso) cannot answer a
# SELECT in N-Triples; TSV only where the store writes W3C's TSV (see SparqlEndpoint.accept)
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
_TSV_ACCEPT = f"{_TSV}, application/sparql-results+json;q=0.9, application/sparql-results+xml;q=0.8"
_GRAPH_ACCEPT = f"{_NT}, text/turtle;q=0.9, application/rdf+xml;q=0.8"
_FORM_WORD = re.compile(r"(?:\s+|\#[^\r\n]*|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*([A-Za-z]*)")
_TSV_PROBE = "SELECT ?x WHERE { BIND(<urn:napkg:probe> AS ?x) }"
_MAX_REMOTE_BYTES = 512 * 1024 * 1024
_FORM = "application/x-www-form-urlencoded"


def _form_body(form: list[tuple[str, str]]) -> bytes:
    return urlencode(form).encode("ascii")


_NAPKG_GRAPHS = "https://w3id.org/nap-kg/"
_CHUNK_TRIPLES = 50_000


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
        # None: where the engine serves it (see replace_graphs); credentials kept apart, never printed
        self.graph_store_url, self._credentials = _split_credentials(graph_store_url)
        self._sync: Any = None
        self._tsv: bool | None = None  # whether the store writes W3C's TSV (probed once)
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
            raise QueryTimeout(timed_out_message(self.timeout_s)) from None
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
        """The IRIs of the named graphs nap-kg serves: nap-kg's own if the store holds any, else all.

        A store's own graphs (Virtuoso keeps its configuration, ``virtrdf:``, and others in
        named graphs) are left out as soon as a build of nap-kg is loaded, so the union that
        queries see is the build's, as in the embedded store.
        """
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False)
        if any("g" not in row for row in rows):  # Virtuoso answers the empty pattern with one unbound row
            rows = self.select(_GRAPH_SIZES, union=False)
        return _ours_or_all(str(row["g"]) for row in rows)

    def count(self) -> int:
        """The number of quads in the named graphs nap-kg serves (:meth:`graphs`)."""
        sizes = {str(row["g"]): int(row["n"]) for row in self.select(_GRAPH_SIZES, union=False)}
        return sum(sizes[name] for name in _ours_or_all(sizes))

    def accept(self, query: str = "SELECT") -> str:
        """The ``Accept`` header for ``query``: by its form, and TSV first only if the store's TSV is W3C's.

        TSV lets nap-kg count rows as they stream in. SPARQL 1.1 TSV writes terms as Turtle does
        (``<iri>``, ``"text"@en``); Virtuoso's writes every term as a quoted string, so an IRI,
        a language tag or a date is lost. One probe query, asked once, tells them apart; such
        a store is asked for SPARQL JSON or XML.
        """
        import httpx

        form = _form_of(query)
        if form in ("construct", "describe"):
            return _GRAPH_ACCEPT
        if form not in ("select", "ask"):
            return _REMOTE_ACCEPT
        if self._tsv is None:
            try:
                response = self._client().post(self.url, content=_form_body([("query", _TSV_PROBE)]),
                                               headers={"Accept": _TSV, "Content-Type": _FORM})
            except httpx.HTTPError as exc:
                raise self._unreachable(exc) from None
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            self._tsv = media == _TSV and response.content.split() == [b"?x", b"<urn:napkg:probe>"]
        return _TSV_ACCEPT if self._tsv else _RESULTS_ACCEPT

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
        accept = self.accept(request.query) if self._tsv is not None else await asyncio.to_thread(self.accept, request.query)
        form = [("query", query), *self._dataset(graphs, union=not scan.has_dataset_clause,
                                                 default=request.default_graph_uris,
                                                 named=request.named_graph_uris)]
        try:
            async with asyncio.timeout(timeout_s):
                client = self._async_client()
                async with client.stream("POST", self.url, content=_form_body(form),
                                         headers={"Accept": accept, "Content-Type": _FORM}) as response:
                    if response.status_code >= 400:
                        raise self._refused(response.status_code, await response.aread())
                    media = response.headers.get("content-type", "").split(";")[0].strip().lower()
                    body = await self._bounded_body(response, media, request.max_results)
        except TimeoutError:
            raise QueryTimeout(timed_out_message(timeout_s)) from None
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        return check_result_bytes(self._answer(body, media, request, ask=_form_of(request.query) == "ask"),
                                  request.max_result_bytes)

    @staticmethod
    async def _bounded_body(response: Any, media: str, limit: int) -> bytes:
        counter = RowCounter(b"\n", limit, start=-1 if media == _TSV else 0) if media in (_TSV, _NT) else None
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > _MAX_REMOTE_BYTES:
                raise QueryTooLarge(too_large_message(limit, "rows or triples") + f" (over {_MAX_REMOTE_BYTES} bytes)")
            if counter is not None:
                counter.write(chunk)  # raises QueryTooLarge past the limit; the connection is then closed
            else:
                chunks.append(chunk)
        return counter.getvalue() if counter is not None else b"".join(chunks)

    def _answer(self, body: bytes, media: str, request: QueryRequest, *, ask: bool = False) -> Answer:
        fmt = _REMOTE_FORMATS.get(media)
        if fmt is None:
            raise StoreError(f"the external store answered in {media or 'an unnamed format'}, which nap-kg does not read")
        try:
            if isinstance(fmt, ox.QueryResultsFormat):
                result = ox.parse_query_results(body, format=fmt)
                if ask and isinstance(result, ox.QuerySolutions):
                    result = _ask_answer(result)
                if isinstance(result, ox.QueryBoolean):
                    out = answer_format(request.results_format, RESULTS, "ASK")
                    return Answer(cast(bytes, result.serialize(format=out.pyoxigraph)),
                                  out.media_type, "boolean", None)
                return serialize_solutions(result, answer_format(request.results_format, RESULTS, "SELECT"), request.max_results)
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt))
            return serialize_triples(triples, answer_format(request.graph_format, GRAPH, "CONSTRUCT or DESCRIBE"),
                            request.max_results)
        except SyntaxError as exc:
            raise StoreError(f"the external store's answer ({media}) does not parse: {exc}") from None

    # -- loading
    def server_software(self) -> str:
        """The store's ``Server`` header (``Virtuoso/07.20.3229 …``, ``oxigraph/0.4 …``), or ``""``."""
        import httpx

        try:
            response = self._client().get(self.url, params={"query": "ASK {}"},
                                          headers={"Accept": "application/sparql-results+json"})
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        return response.headers.get("server", "").strip()

    def _graph_store(self) -> tuple[str, Any]:
        """The Graph Store Protocol URL (found, if not given, where the engine serves it) and its authentication."""
        if self.graph_store_url is None:
            self.graph_store_url = (_virtuoso_graph_store(self.url) if self.server_software().startswith("Virtuoso")
                                    else default_graph_store_url(self.url))
        return self.graph_store_url, _challenge_auth(*self._credentials) if self._credentials else None

    def replace_graphs(self, store: ox.Store, *, progress: Callable[[str], None] | None = None,
                       chunk_triples: int = _CHUNK_TRIPLES) -> int:
        """Replace each named graph of ``store`` in the endpoint (Graph Store Protocol).

        A graph is sent in parts of ``chunk_triples`` triples: the first with ``PUT``, which
        replaces the graph, the others with ``POST``, which add to it. Virtuoso replaces a graph
        of 300,000 triples in one ``PUT`` in about 100 s (one transaction deletes and inserts
        them all), in parts in about 15 s; Oxigraph is as fast either way. Until the last part
        is in, queries see part of the new graph. nap-kg's graphs (IRIs under
        ``https://w3id.org/nap-kg/``) that the endpoint holds but ``store`` does not are
        deleted, so the endpoint serves this build and no other. Credentials for a store that
        asks for them (Virtuoso's ``/sparql-graph-crud-auth``) go in the graph store URL,
        ``http://user:password@host/…``; Basic and Digest authentication are answered.
        """
        import httpx

        say = progress or (lambda _: None)
        ours = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        url, auth = self._graph_store()
        client = httpx.Client(timeout=max(self.timeout_s, 600.0), auth=auth)
        try:
            stale = [g for g in self.graphs() if g.startswith(_NAPKG_GRAPHS) and g not in ours]
            if auth is not None:  # one small request first, so the parts are not sent twice
                self._check_write(client.get(url, params={"graph": _NAPKG_GRAPHS + "none"}), url, ok=(404,))
            for name in ours:
                graph = ox.NamedNode(name)
                parts = _parts(store.quads_for_pattern(None, None, None, graph), chunk_triples)
                for index, data in enumerate(parts):
                    method = "PUT" if index == 0 else "POST"
                    say(f"{method} {len(data):,} bytes into <{name}>")
                    self._check_write(client.request(method, url, params={"graph": name}, content=data,
                                                     headers={"Content-Type": _NT}), url)
            for name in stale:
                say(f"DELETE <{name}> (no longer in the build)")
                self._check_write(client.delete(url, params={"graph": name}), url, ok=(404,))
        except httpx.HTTPError as exc:
            raise self._unreachable(exc) from None
        finally:
            client.close()
        return len(ours)

    def _check_write(self, response: Any, url: str, *, ok: tuple[int, ...] = ()) -> None:
        if response.status_code < 400 or response.status_code in ok:
            return
        if response.status_code in (401, 403):
            raise StoreError(f"the external store's Graph Store Protocol at {url} refused to write "
                             f"(HTTP {response.status_code}): give a user allowed to write in the graph store URL, "
                             "http://user:password@host/… (Virtuoso: http://dba:PASSWORD@host:8890/sparql-graph-crud-auth)")
        raise self._refused(response.status_code, response.content)


# GROUP BY, not DISTINCT: Virtuoso takes 10 s for SELECT DISTINCT ?g over 10,000 quads, 0.06 s for this
_GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def _ours_or_all(names: Iterator[str] | dict[str, int]) -> frozenset[str]:
    """nap-kg's graphs among ``names`` if there are any, else all of them (blank nodes left out)."""
    every = frozenset(name for name in names if not name.startswith("_:"))
    return frozenset(name for name in every if name.startswith(_NAPKG_GRAPHS)) or every


def _virtuoso_graph_store(query_url: str) -> str:
    """Virtuoso's authenticated Graph Store Protocol URL beside its ``/sparql``.

    >>> _virtuoso_graph_store("http://127.0.0.1:8890/sparql")
    'http://127.0.0.1:8890/sparql-graph-crud-auth'
    """
    base, _, _ = query_url.rstrip("/").rpartition("/")
    return f"{base}/sparql-graph-crud-auth"


def _split_credentials(url: str | None) -> tuple[str | None, tuple[str, str] | None]:
    """A URL without its ``user:password@``, and them.

    >>> _split_credentials("http://dba:s%40cret@127.0.0.1:8890/sparql-graph-crud-auth")
    ('http://127.0.0.1:8890/sparql-graph-crud-auth', ('dba', 's@cret'))
    """
    if url is None:
        return None, None
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    netloc = parts.hostname or ""
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), (unquote(parts.username), unquote(parts.password or ""))


def _parts(quads: Any, size: int) -> Iterator[bytes]:
    """N-Triples of ``quads`` (one graph's), ``size`` triples a part; one empty part for an empty graph."""
    batch: list[ox.Triple] = []
    sent = False
    for quad in quads:
        batch.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        if len(batch) >= size:
            yield cast(bytes, ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))
            batch, sent = [], True
    if batch or not sent:
        yield cast(bytes, ox.serialize(batch, format=ox.RdfFormat.N_TRIPLES))


def _challenge_auth(user: str, password: str) -> Any:
    """HTTP authentication as the server's first challenge asks: Digest (Virtuoso) or Basic, then kept."""
    import httpx

    class ChallengeAuth(httpx.Auth):
        def __init__(self) -> None:
            self.scheme: httpx.Auth | None = None

        def auth_flow(self, request: Any) -> Any:
            if self.scheme is not None:
                yield from self.scheme.auth_flow(request)
                return
            response = yield request
            if response.status_code != 401:
                return
            digest = response.headers.get("www-authenticate", "").lower().startswith("digest")
            self.scheme = httpx.DigestAuth(user, password) if digest else httpx.BasicAuth(user, password)
            if not digest:
                yield from self.scheme.auth_flow(request)
                return
            flow = self.scheme.auth_flow(request)  # the digest flow learns the challenge from this answer
            next(flow)
            try:
                yield flow.send(response)
            except StopIteration:
                return

    return ChallengeAuth()


def _form_of(query: str) -> str:
    """The query's form, lower case (``select``, ``ask``, …), after its prologue and comments; ``""`` if none."""
    word = _FORM_WORD.match(query)
    return word.group(1).lower() if word else ""


def _ask_answer(solutions: ox.QuerySolutions) -> ox.QueryBoolean:
    """An ASK's answer from a store that gives it as one row (Virtuoso: ``__ASK_RETVAL`` = 1 or 0).

    True if a row binds its one variable to a true value (``1``, ``true``), false if none does or
    there is no row: what SPARQL 1.1 Query §16.3 asks of ASK, whatever form the store used.
    """
    truthy = ("1", "true")
    values = [row[0] for row in solutions if len(solutions.variables) == 1]
    answer = any(isinstance(v, ox.Literal) and v.value.strip().lower() in truthy for v in values)
    return cast(ox.QueryBoolean, ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if answer else b"false"),
                                                          format=ox.QueryResultsFormat.JSON))

