"""Open the graph store a configuration names: build it from data, load a file, open a folder or an endpoint.

This is the one place that decides between building the graph (:mod:`napkg.graph.publish`) and
loading a built one (:mod:`napkg.graph.store`), so data flows one way: edition, build, store.
The service and the command line both open their store here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from napkg.graph.select import Select
from napkg.graph.settings import Settings
from napkg.graph.store import GraphStore, SparqlEndpoint, load_store, open_disk_store, store_kind

__all__ = ["open_graph_store", "open_store", "store_limits", "catalogue_select"]


def store_limits(settings: Settings) -> dict[str, Any]:
    """The :class:`GraphStore` limits ``settings`` give (time, size, workers, memory, fair shares)."""
    return {"query_timeout_s": settings.query_timeout_s, "max_results": settings.max_results,
            "query_workers": settings.query_workers, "query_memory_mb": settings.query_memory_mb,
            "max_result_bytes": settings.max_result_bytes, "client_concurrency": settings.client_concurrency,
            "client_query_seconds": settings.client_query_seconds}


def open_graph_store(settings: Settings) -> GraphStore:
    """The store ``settings.store`` names, loaded as the service serves it (workers not started).

    ``memory``: ``settings.graph_file`` loaded, or the graph built from ``settings.data_dir``
    with every check of ``napkg build``; a folder: the on-disk store ``napkg build --store DIR``
    wrote, opened read-only (no rebuild); a URL: an external SPARQL 1.1 endpoint, queried over HTTP.
    """
    limits = store_limits(settings)
    kind = store_kind(settings.store)
    if kind == "remote":
        return GraphStore(SparqlEndpoint(settings.store, timeout_s=settings.query_timeout_s), **limits)
    if kind == "disk":
        path = Path(settings.store)
        return GraphStore(open_disk_store(path), disk_path=path.resolve(), **limits)
    if settings.graph_file is not None:
        return GraphStore(load_store(settings.graph_file), **limits)
    from napkg.graph.publish import build_and_check  # the build's dependencies, only when it runs

    return GraphStore(build_and_check(settings.data_dir).store, **limits)


def open_store(settings: Settings) -> GraphStore:
    """A store for the command line: opened as the service would open it, queried in-process."""
    return open_graph_store(settings.model_copy(update={"query_workers": 0}))


def catalogue_select(store: Any, *, say: Callable[[str], None] | None = None) -> Select:
    """The ``Select`` to build ``store``'s catalogue with: its on-disk store's snapshot first, if it has a valid one.

    ``napkg build --store DIR`` saved the rows of the catalogue's SELECTs beside the store
    (:mod:`napkg.graph.catalogue.snapshot`); they are used if the snapshot was made for this very
    store. A snapshot of another store, of another format, or of this store before it was written
    to again is refused (``say`` is told why) and the catalogue is built from the store.
    """
    folder = getattr(store, "disk_path", None)
    if folder is None:
        return store.select
    from napkg.graph.catalogue.snapshot import snapshot_select
    from napkg.graph.errors import StoreError
    from napkg.graph.store.disk import store_identity

    try:
        identity = store_identity(folder)
    except StoreError as exc:
        (say or (lambda _: None))(f"{exc}; building the catalogue from the store")
        return store.select
    return snapshot_select(Path(folder), identity, store.select, say=say)
