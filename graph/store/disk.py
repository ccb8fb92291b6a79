"""Where the graph lives: the ``store`` setting read, and the on-disk store opened and written."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from napkg.graph.errors import StoreError
from napkg.graph.folders import swap_in
from napkg.graph.store.remote import SparqlEndpoint

__all__ = ["STORE_KINDS", "store_kind", "open_disk_store", "save_store", "store_identity"]

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


_DATA_FILE = re.compile(r"(\d+\.(sst|log|blob)|MANIFEST-\d+)")


def store_identity(path: Path) -> dict[str, object]:
    """What tells this on-disk store from any other, and from itself once written to again.

    RocksDB's ``IDENTITY`` (a random id given when the store is created), ``CURRENT`` (the manifest
    in use: a new one each time the store is opened for writing) and the name and size of every
    data file. Opening the store read-only changes none of them.
    """
    path = Path(path)
    try:
        files = {p.name: p.stat().st_size for p in sorted(path.iterdir()) if _DATA_FILE.fullmatch(p.name)}
        return {"identity": (path / "IDENTITY").read_text(encoding="utf-8").strip(),
                "current": (path / "CURRENT").read_text(encoding="utf-8").strip(), "files": files}
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store's identity: {exc}") from exc


def save_store(store: ox.Store, target: str, *, graph_store_url: str | None = None,
               progress: Callable[[str], None] | None = None,
               prepare: Callable[[Path], None] | None = None) -> str:
    """Put the statements of ``store`` where ``target`` (a folder or an endpoint URL) says; a description.

    A folder is written beside itself and swapped in once complete, so a failed load leaves the
    previous store; a process serving the old folder keeps its files open and must be restarted
    to see the new graph. ``prepare`` is called with the staging folder once the store there is complete
    and closed, before it is swapped in (``napkg build`` writes the catalogue's snapshot there). An endpoint gets every named graph replaced with the SPARQL 1.1 Graph
    Store Protocol (``PUT``), and nap-kg's graphs that the build no longer has are deleted.
    """
    say = progress or (lambda _: None)
    if store_kind(target) == "remote":
        endpoint = SparqlEndpoint(target, graph_store_url=graph_store_url, timeout_s=600.0)
        count = endpoint.replace_graphs(store, progress=say)
        return f"{count} named graphs put to {endpoint.graph_store_url}"
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
        if prepare is not None:
            prepare(staging)
        swap_in(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return f"{len(store):,} quads written to the on-disk store {path}"
