"""The read-only store behind ``/sparql``: a pyoxigraph store or an external endpoint, with limits and workers.

:meth:`GraphStore.query` hands a client's query to the worker processes
(:mod:`napkg.graph.store.workers`), which check, run and serialize it
(:mod:`napkg.graph.store.execute`) within the time and result-size limits, or forwards it to an
external store (:mod:`napkg.graph.store.remote`) under the same rules.

With ``query_workers=0`` (or where ``os.fork`` does not exist) queries run on a thread of
the server process: the client still gets its time-limit error, but the query keeps running
to its end. Do not expose that mode to the internet.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from napkg.graph.errors import QueryRefused, QueryTimeout, StoreError
from napkg.graph.store.fairness import ClientShares
from napkg.graph.store.execute import SERVICE_REFUSED, Answer, QueryRequest, execute, timed_out_message
from napkg.graph.store.load import store_graphs
from napkg.graph.store.negotiation import DEFAULT_FORMATS, FormatChoice
from napkg.graph.store.prefixes import QUERY_PREFIXES
from napkg.graph.store.remote import SparqlEndpoint
from napkg.graph.store.rows import select_rows
from napkg.graph.store.safety import check_graph_names, scan_query
from napkg.graph.store.workers import WorkerPool

__all__ = ["GraphStore"]


class GraphStore:
    """The read-only store the endpoint queries: a pyoxigraph store with limits and workers.

    Call :meth:`start` (or ``async with``) inside the event loop that will query it; it forks
    the workers, so start it only once the store is fully loaded. ``disk_path``: the folder
    ``store`` was opened from read-only, which each worker opens for itself.
    """

    def __init__(
        self,
        store: ox.Store | SparqlEndpoint,
        *,
        query_timeout_s: float = 10.0,
        max_results: int = 10_000,
        query_workers: int = 2,
        disk_path: Path | None = None,
        query_memory_mb: int = 0,
        max_result_bytes: int = 32_000_000,
        client_concurrency: int = 0,
        client_query_seconds: float = 0.0,
    ) -> None:
        if query_timeout_s <= 0 or max_results < 0 or query_workers < 0 or query_memory_mb < 0 or max_result_bytes < 1:
            raise StoreError("query_timeout_s must be > 0, max_results, query_workers and query_memory_mb >= 0, "
                             "max_result_bytes >= 1")
        self.remote: SparqlEndpoint | None = store if isinstance(store, SparqlEndpoint) else None
        self.store = None if self.remote is not None else store
        self.query_timeout_s, self.max_results = query_timeout_s, max_results
        self.query_workers = query_workers if hasattr(os, "fork") and self.remote is None else 0
        self.graphs = self.remote.graphs() if self.remote is not None else store_graphs(store)
        self.disk_path = disk_path  # the folder of an on-disk store: workers open it themselves
        self.query_memory_mb, self.max_result_bytes = query_memory_mb, max_result_bytes
        self.shares = ClientShares(concurrency=client_concurrency, seconds_per_minute=client_query_seconds,
                                   wait_s=query_timeout_s)
        self._pool: WorkerPool | None = None

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

    @property
    def fork_server_pid(self) -> int | None:
        """Process id of the process that forks the query workers (None when queries run in-process)."""
        server = self._pool._server if self._pool is not None else None
        return server.pid if server is not None else None

    @property
    def busy_worker_pids(self) -> list[int]:
        """Process ids of the query workers running a query now."""
        return self._pool.busy_pids if self._pool is not None else []

    def health(self) -> dict[str, Any]:
        """Which parts are up: the store, the fork server, the workers (``ok`` only if all are)."""
        pool = self._pool
        fork_server = pool.fork_server_alive if pool is not None else None
        alive = len(pool.pids) if pool is not None else 0
        ok = self.query_workers == 0 or (bool(fork_server) and alive >= self.query_workers)
        return {"status": "ok" if ok else "degraded", "store": "remote" if self.remote is not None else "local",
                "query_workers": self.query_workers, "workers_alive": alive, "fork_server": fork_server,
                "fork_server_restarts": pool.heals if pool is not None else 0}

    async def start(self) -> None:
        """Fork the query workers (no-op with ``query_workers=0``)."""
        if self._pool is None and self.query_workers > 0:
            pool = WorkerPool(self.disk_path or self.store, size=self.query_workers, timeout_s=self.query_timeout_s,
                              memory_mb=self.query_memory_mb)
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

    async def query(
        self,
        query: str,
        *,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        formats: FormatChoice = DEFAULT_FORMATS,
        base_iri: str | None = None,
        client: str | None = None,
    ) -> Answer:
        """Check and run ``query`` within the time and size limits; the serialized answer.

        The checks run in the worker too, so even they count against the time limit. ``client``
        (an address) is held to its fair share (:class:`ClientShares`): TooManyQueries past it.
        """
        request = self.request_for(query, formats, base_iri=base_iri, default_graph_uris=tuple(default_graph_uris),
                                named_graph_uris=tuple(named_graph_uris))
        if client is not None and self.shares.enabled:
            async with self.shares.admit(client) as ran:
                return await self._run(request, ran)
        return await self._run(request)

    def request_for(self, query: str, formats: FormatChoice, **protocol: Any) -> QueryRequest:
        """The request for ``query`` under this store's limits; ``protocol`` gives the :class:`QueryRequest` fields
        the protocol sets (``base_iri``, ``default_graph_uris``, ``named_graph_uris``), where a caller has them."""
        return QueryRequest(
            query=query, results_format=formats.results.key if formats.results else None,
            graph_format=formats.graph.key if formats.graph else None,
            max_results=self.max_results, max_result_bytes=self.max_result_bytes, **protocol,
        )

    async def _run(self, request: QueryRequest, ran: list[float] | None = None) -> Answer:
        if self.remote is not None:
            return await self.remote.run(request, graphs=self.graphs, timeout_s=self.query_timeout_s)
        if self._pool is not None:
            return await self._pool.run(request, ran)
        try:
            return await asyncio.wait_for(asyncio.to_thread(execute, self.store, request, graphs=self.graphs),
                                          self.query_timeout_s)
        except TimeoutError:
            raise QueryTimeout(timed_out_message(self.query_timeout_s)) from None

    def query_sync(self, query: str, *, formats: FormatChoice = DEFAULT_FORMATS) -> Answer:
        """Check and run ``query`` in this thread (size limit, but no time limit): for the CLI."""
        request = self.request_for(query, formats)
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
        """Rows and column names of a user's SELECT or ASK, checked and run like the endpoint's.

        The query may use the prefixes of :data:`~napkg.graph.store.prefixes.QUERY_PREFIXES`
        undeclared (an external store gets them as one line of PREFIX declarations first).
        """
        scan = scan_query(query)
        if scan.service:
            raise QueryRefused(SERVICE_REFUSED)
        check_graph_names(scan.from_graphs, self.graphs, where="FROM")
        check_graph_names(scan.from_named_graphs, self.graphs, where="FROM NAMED")
        if self.remote is not None:
            prologue = " ".join(f"PREFIX {p}: <{iri}>" for p, iri in QUERY_PREFIXES.items())
            return self.remote.select(f"{prologue}\n{query}", graphs=self.graphs,
                                      union=not scan.has_dataset_clause, with_columns=True)
        return select_rows(self.store, query, union=not scan.has_dataset_clause, with_columns=True,
                           prefixes=QUERY_PREFIXES)

