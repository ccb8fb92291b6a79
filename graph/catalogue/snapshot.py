"""The catalogue's snapshot: what building a catalogue reads from a store, saved beside an on-disk store.

Building a :class:`~napkg.graph.catalogue.catalogue.Catalogue` (with its search index, plan
figures and claims) runs a few dozen SELECTs over the whole graph: most of the time it takes
(tens of seconds for 100,000 activities on an on-disk store). ``napkg build --store DIR`` runs
them once, when the store is written, and saves their rows in :data:`SNAPSHOT_FILE` inside the
store folder; ``napkg serve --store DIR`` answers the same SELECTs from the snapshot
(:class:`ReplaySelect`), so the catalogue is the one the store would give, only sooner.

The file is plain JSON, never code: a header line (:data:`FORMAT`, :data:`VERSION`, the store's
identity from :func:`~napkg.graph.store.disk.store_identity`, and each query's text, place, size
and SHA-256), then each query's rows as a JSON document (columns, then one list a row).
:func:`open_snapshot` refuses, with a :class:`SnapshotRefused` saying why, a file of another
format or version, or made for another store (or for this one before it was written to again);
a chunk whose checksum does not match is read from the store instead. Queries the snapshot does
not hold (another version of nap-kg may ask others) go to the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from napkg.graph.errors import NapKgError
from napkg.graph.select import Row, Select

__all__ = ["SNAPSHOT_FILE", "FORMAT", "VERSION", "SnapshotRefused", "RecordingSelect", "ReplaySelect",
           "write_snapshot", "open_snapshot", "snapshot_select", "record_catalogue"]

log = logging.getLogger("napkg.catalogue")

SNAPSHOT_FILE = "napkg-catalogue.json"
"""The snapshot's file name, inside the store folder (:func:`napkg.graph.folders.check_store_folder` knows it)."""

FORMAT = "napkg-catalogue-rows"
VERSION = 1


class SnapshotRefused(NapKgError):
    """A snapshot that may not be used for this store (the message says why); the catalogue is built afresh."""


class RecordingSelect:
    """A ``Select`` that passes each query to ``select`` and keeps its rows (the first answer of each query)."""

    def __init__(self, select: Select) -> None:
        self._select = select
        self.recorded: dict[str, list[Row]] = {}

    def __call__(self, query: str) -> list[Row]:
        rows = self._select(query)
        self.recorded.setdefault(query, rows)
        return rows


def record_catalogue(select: Select) -> dict[str, list[Row]]:
    """The rows of every SELECT the service runs to build its catalogue, bodies' evidence, search index, plan
    figures and claims (what :func:`napkg.api.deps.warm_up` builds)."""
    from napkg.graph.catalogue.catalogue import Catalogue
    from napkg.graph.catalogue.details import evidence_of_bodies
    from napkg.graph.catalogue.listings import activity_claims, plan_figures_of

    recording = RecordingSelect(select)
    catalogue = Catalogue(recording)
    evidence_of_bodies(catalogue)
    catalogue.search.get()
    plan_figures_of(catalogue)
    activity_claims(catalogue)
    return recording.recorded


def _encode(rows: list[Row]) -> bytes:
    """Rows as ``{"columns": [...], "rows": [[value or null, ...], ...]}`` (an unbound variable is null)."""
    columns: dict[str, int] = {}
    for row in rows:
        for name in row:
            columns.setdefault(name, len(columns))
    names = list(columns)
    table = [[row.get(name) for name in names] for row in rows]
    return json.dumps({"columns": names, "rows": table}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _decode(data: bytes) -> list[Row]:
    table = json.loads(data)
    names = table["columns"]
    return [{name: value for name, value in zip(names, values) if value is not None} for values in table["rows"]]


def write_snapshot(folder: Path, recorded: dict[str, list[Row]], *, store: dict[str, Any]) -> Path:
    """Write :data:`SNAPSHOT_FILE` in ``folder``: the rows of ``recorded`` for the store whose identity is ``store``."""
    chunks, offset = [], 0
    bodies = []
    for query, rows in recorded.items():
        body = _encode(rows)
        chunks.append({"query": query, "offset": offset, "bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()})
        bodies.append(body)
        offset += len(body)
    header = {"tool": "nap-kg", "format": FORMAT, "version": VERSION, "store": store, "chunks": chunks}
    target = Path(folder) / SNAPSHOT_FILE
    partial = target.with_name(f".{SNAPSHOT_FILE}.partial")
    with open(partial, "wb") as out:
        out.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        for body in bodies:
            out.write(body)
    partial.replace(target)
    return target


def open_snapshot(folder: Path, *, store: dict[str, Any]) -> ReplaySelect | None:
    """The snapshot in ``folder`` as a :class:`ReplaySelect` (without a fallback yet); None if there is none.

    Raises :class:`SnapshotRefused` naming the file and the reason when it is not a snapshot of
    this format and version made for the store whose identity is ``store``.
    """
    path = Path(folder) / SNAPSHOT_FILE
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SnapshotRefused(f"{path}: cannot read the catalogue snapshot: {exc}") from None
    try:
        first = handle.readline()
        try:
            header = json.loads(first)
        except ValueError:
            raise SnapshotRefused(f"{path}: not a catalogue snapshot (its first line is not JSON)") from None
        if not isinstance(header, dict) or header.get("tool") != "nap-kg" or header.get("format") != FORMAT:
            raise SnapshotRefused(f"{path}: not a catalogue snapshot of nap-kg")
        if header.get("version") != VERSION:
            raise SnapshotRefused(f"{path}: a catalogue snapshot of version {header.get('version')!r}; this nap-kg "
                                  f"reads version {VERSION} (rebuild with `napkg build --store {folder}`)")
        if header.get("store") != store:
            raise SnapshotRefused(f"{path}: the catalogue snapshot was made for another store, or for this one "
                                  f"before it was written to again (rebuild with `napkg build --store {folder}`)")
        chunks = header.get("chunks")
        if not isinstance(chunks, list) or not all(isinstance(c, dict) and {"query", "offset", "bytes", "sha256"} <= set(c)
                                                   for c in chunks):
            raise SnapshotRefused(f"{path}: the catalogue snapshot's header lists no valid chunks")
        size = os.fstat(handle.fileno()).st_size - len(first)
        if any(c["offset"] + c["bytes"] > size for c in chunks):
            raise SnapshotRefused(f"{path}: the catalogue snapshot is cut short ({size} bytes of rows)")
    except BaseException:
        handle.close()
        raise
    return ReplaySelect(path, handle, len(first), {c["query"]: c for c in chunks})


class ReplaySelect:
    """A ``Select`` that answers each query the snapshot holds from it, and every other from ``fallback``.

    Rows are read from the file each time they are asked for, never kept, so the snapshot costs
    no memory once the catalogue is built. The file stays open (one descriptor): a store folder
    replaced meanwhile does not change what it reads.
    """

    def __init__(self, path: Path, handle: Any, start: int, chunks: dict[str, dict[str, Any]],
                 fallback: Select | None = None) -> None:
        self.path, self._handle, self._start, self._chunks = path, handle, start, chunks
        self.fallback = fallback
        self.answered = 0

    def with_fallback(self, fallback: Select) -> ReplaySelect:
        self.fallback = fallback
        return self

    def __call__(self, query: str) -> list[Row]:
        chunk = self._chunks.get(query)
        if chunk is not None:
            rows = self._read(chunk)
            if rows is not None:
                self.answered += 1
                return rows
        if self.fallback is None:
            raise NapKgError(f"{self.path}: the catalogue snapshot does not hold this query, and no store is given")
        return self.fallback(query)

    def _read(self, chunk: dict[str, Any]) -> list[Row] | None:
        try:
            data = os.pread(self._handle.fileno(), chunk["bytes"], self._start + chunk["offset"])
        except (OSError, ValueError):
            return None
        if hashlib.sha256(data).hexdigest() != chunk["sha256"]:
            log.warning("%s: a chunk does not match its checksum; reading its rows from the store", self.path)
            return None
        try:
            return _decode(data)
        except (ValueError, KeyError, TypeError):
            return None

    def close(self) -> None:
        self._handle.close()


def snapshot_select(folder: Path, store: dict[str, Any], fallback: Select,
                    *, say: Callable[[str], None] | None = None) -> Select:
    """``fallback`` answered from the snapshot in ``folder`` where it can be; a refused snapshot is said and ignored."""
    try:
        replay = open_snapshot(folder, store=store)
    except SnapshotRefused as exc:
        (say or log.warning)(f"{exc}; building the catalogue from the store")
        return fallback
    if replay is None:
        return fallback
    return replay.with_fallback(fallback)
