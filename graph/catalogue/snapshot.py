"""The catalogue's snapshot: what building a catalogue reads from a store, saved beside an on-disk store.

Building a :class:`~napkg.graph.catalogue.catalogue.Catalogue` (with its search index, plan
figures and claims) runs a few dozen SELECTs over the whole graph: most of the time it takes
(tens of seconds for 100,000 activities on an on-disk store). ``napkg build --store DIR`` runs
them once, when the store is written, and saves their rows in :data:`SNAPSHOT_FILE` inside the
store folder; ``napkg serve --store DIR`` answers the same SELECTs from the snapshot
(:class:`ReplaySelect`), so the catalogue is the one the store would give, only sooner.

The file holds data, never code: a header line of JSON (:data:`FORMAT`, :data:`VERSION`, the
store's identity from :func:`~napkg.graph.store.disk.store_identity`, the place, size and SHA-256 of
the value table, and each query's text, columns, row count, place, size and SHA-256), then the
*value table*, a JSON array holding each distinct value (IRI, text, number, boolean) of every
query's rows once, then each query's rows as columns of 32-bit little-endian numbers, one a row:
0 for an unbound variable, *i* for the value table's *i*-th value. So an IRI or an evidence text
that many rows share is written once and, once read, is one string in memory; reading a chunk is
an array copy and a list of look-ups, not a JSON parse.
:func:`open_snapshot` refuses, with a :class:`SnapshotRefused` saying why, a file of another
format or version, or made for another store (or for this one before it was written to again);
a value table or chunk whose checksum does not match, or that holds what it may not (a number
past the table, a value of another type), is not used: its queries are read from the store.
Queries the snapshot does not hold (another version of nap-kg may ask others) go to the store.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import threading
from array import array
from collections.abc import Callable, Sequence
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
VERSION = 2


class SnapshotRefused(NapKgError):
    """A snapshot that may not be used for this store (the message says why); the catalogue is built afresh."""


class RecordingSelect:
    """A ``Select`` that passes each query to ``select`` once and keeps its rows: a query asked again (the
    plan figures' network and the network page's are the same SELECTs) is answered with the rows kept."""

    def __init__(self, select: Select) -> None:
        self._select = select
        self.recorded: dict[str, list[Row]] = {}

    def __call__(self, query: str) -> list[Row]:
        rows = self.recorded.get(query)
        if rows is None:
            rows = self.recorded[query] = self._select(query)
        return rows


def record_catalogue(select: Select, *, also: Sequence[Callable[[Select], object]] = ()) -> dict[str, list[Row]]:
    """The rows of every SELECT the service runs to build its catalogue, bodies' evidence, search index, plan
    figures and claims (what :func:`napkg.api.deps.warm_up` builds), and those of each reader in ``also``
    (e.g. :func:`napkg.viz.data.read_served_page`, which the layers below the page cannot call)."""
    from napkg.graph.analysis.network import bipartite_network
    from napkg.graph.catalogue.catalogue import Catalogue
    from napkg.graph.catalogue.details import evidence_of_bodies
    from napkg.graph.catalogue.listings import activity_claims
    from napkg.graph.catalogue.search import search_documents

    recording = RecordingSelect(select)
    catalogue = Catalogue(recording)
    evidence_of_bodies(catalogue)
    search_documents(recording, catalogue.activities, catalogue.directory.bodies)  # the index's SELECTs, not its build
    bipartite_network(recording)  # the SELECTs of the plan figures (plan_figures_of), not their sums
    activity_claims(catalogue)
    for read in also:
        read(recording)
    return recording.recorded


_VALUE_TYPES = (str, int, float, bool)
_U32 = "I" if array("I").itemsize == 4 else "L"  # the array type of 32-bit unsigned numbers here


class _Values:
    """The value table being written: each distinct value once, numbered from 1 (0 is "unbound")."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[type, Any], int] = {}  # keyed by type too: True, 1 and 1.0 are equal keys
        self.values: list[Any] = []

    def number(self, value: Any) -> int:
        key = (type(value), value)
        found = self.numbers.get(key)
        if found is None:
            if type(value) not in _VALUE_TYPES:
                raise TypeError(f"a catalogue row holds a {type(value).__name__}, which the snapshot cannot hold")
            self.values.append(value)
            found = self.numbers[key] = len(self.values)
        return found


def _column_bytes(numbers: array) -> bytes:
    if sys.byteorder != "little":
        numbers = array(_U32, numbers)
        numbers.byteswap()
    return numbers.tobytes()


def _encode(rows: list[Row], values: _Values) -> tuple[list[str], bytes]:
    """The columns of ``rows`` and their numbers in the value table, column after column."""
    columns: dict[str, int] = {}
    for row in rows:
        for name in row:
            columns.setdefault(name, len(columns))
    names = list(columns)
    number = values.number
    body = b"".join(_column_bytes(array(_U32, [number(row[name]) if name in row else 0 for row in rows]))
                    for name in names)
    return names, body


def _column(data: bytes, at: int, count: int) -> array:
    numbers = array(_U32)
    numbers.frombytes(data[at:at + 4 * count])
    if sys.byteorder != "little":
        numbers.byteswap()
    return numbers


def _decode(data: bytes, names: list[str], count: int, table: list[Any]) -> list[Row]:
    """The rows of a chunk: ``names`` columns of ``count`` numbers each into ``table`` (``table[0]`` is None).

    Raises ValueError when the chunk is not that size or names a value past the table.
    """
    if len(data) != 4 * count * len(names):
        raise ValueError("a chunk of another size than its columns and rows say")
    columns = [_column(data, 4 * count * i, count) for i in range(len(names))]
    if any(c and max(c) >= len(table) for c in columns):
        raise ValueError("a chunk names a value past the value table")
    unbound = any(c and min(c) == 0 for c in columns)
    values = [list(map(table.__getitem__, c)) for c in columns]
    if not names:
        return [{} for _ in range(count)]
    if not unbound:
        return [dict(zip(names, row)) for row in zip(*values)]
    return [{name: value for name, value in zip(names, row) if value is not None} for row in zip(*values)]


def write_snapshot(folder: Path, recorded: dict[str, list[Row]], *, store: dict[str, Any]) -> Path:
    """Write :data:`SNAPSHOT_FILE` in ``folder``: the rows of ``recorded`` for the store whose identity is ``store``."""
    values = _Values()
    chunks, bodies = [], []
    for query, rows in recorded.items():
        names, body = _encode(rows, values)
        chunks.append({"query": query, "columns": names, "rows": len(rows), "bytes": len(body),
                       "sha256": hashlib.sha256(body).hexdigest()})
        bodies.append(body)
    table = json.dumps(values.values, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    offset = len(table)
    for chunk in chunks:
        chunk["offset"] = offset
        offset += chunk["bytes"]
    header = {"tool": "nap-kg", "format": FORMAT, "version": VERSION, "store": store,
              "values": {"offset": 0, "bytes": len(table), "count": len(values.values),
                         "sha256": hashlib.sha256(table).hexdigest()},
              "chunks": chunks}
    target = Path(folder) / SNAPSHOT_FILE
    partial = target.with_name(f".{SNAPSHOT_FILE}.partial")
    with open(partial, "wb") as out:
        out.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        out.write(table)
        for body in bodies:
            out.write(body)
    partial.replace(target)
    return target


def _valid_part(part: Any, *keys: str) -> bool:
    return (isinstance(part, dict) and all(isinstance(part.get(k), int) and part[k] >= 0 for k in ("offset", "bytes"))
            and isinstance(part.get("sha256"), str) and set(keys) <= set(part))


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
        chunks, table = header.get("chunks"), header.get("values")
        if not isinstance(chunks, list) or not all(
                _valid_part(c, "query", "columns", "rows") and isinstance(c["query"], str)
                and isinstance(c["rows"], int) and isinstance(c["columns"], list)
                and all(isinstance(n, str) for n in c["columns"]) for c in chunks):
            raise SnapshotRefused(f"{path}: the catalogue snapshot's header lists no valid chunks")
        if not _valid_part(table, "count"):
            raise SnapshotRefused(f"{path}: the catalogue snapshot's header gives no valid value table")
        size = os.fstat(handle.fileno()).st_size - len(first)
        if any(c["offset"] + c["bytes"] > size for c in [table, *chunks]):
            raise SnapshotRefused(f"{path}: the catalogue snapshot is cut short ({size} bytes after its header)")
    except BaseException:
        handle.close()
        raise
    return ReplaySelect(path, handle, len(first), {c["query"]: c for c in chunks}, table)


class ReplaySelect:
    """A ``Select`` that answers each query the snapshot holds from it, and every other from ``fallback``.

    The value table is read at the first query and kept until :meth:`forget` (the catalogue's
    records share its strings, so it costs little more than they do); a chunk's rows are read from
    the file each time they are asked for, never kept. The file stays open (one descriptor): a
    store folder replaced meanwhile does not change what it reads.
    """

    def __init__(self, path: Path, handle: Any, start: int, chunks: dict[str, dict[str, Any]],
                 table: dict[str, Any], fallback: Select | None = None) -> None:
        self.path, self._handle, self._start, self._chunks = path, handle, start, chunks
        self._table_part = table
        self._table: list[Any] | None = None
        self._table_failed = False
        self._lock = threading.Lock()
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

    def _bytes(self, part: dict[str, Any]) -> bytes | None:
        try:
            data = os.pread(self._handle.fileno(), part["bytes"], self._start + part["offset"])
        except (OSError, ValueError):
            return None
        if len(data) != part["bytes"] or hashlib.sha256(data).hexdigest() != part["sha256"]:
            log.warning("%s: a part does not match its checksum; reading its rows from the store", self.path)
            return None
        return data

    def values(self) -> list[Any] | None:
        """The value table, ``None`` first (the number 0); None if it cannot be used."""
        with self._lock:
            if self._table is None and not self._table_failed:
                data = self._bytes(self._table_part)
                table = None
                if data is not None:
                    try:
                        table = json.loads(data)
                    except ValueError:
                        table = None
                if (not isinstance(table, list) or len(table) != self._table_part["count"]
                        or not all(type(v) in _VALUE_TYPES for v in table)):
                    if data is not None:
                        log.warning("%s: the value table is not valid; reading the catalogue from the store", self.path)
                    self._table_failed = True
                else:
                    self._table = [None, *table]
            return self._table

    def forget(self) -> None:
        """Drop the value table (read again if another query is asked)."""
        with self._lock:
            self._table = None

    def _read(self, chunk: dict[str, Any]) -> list[Row] | None:
        table = self.values()
        if table is None:
            return None
        data = self._bytes(chunk)
        if data is None:
            return None
        try:
            return _decode(data, chunk["columns"], chunk["rows"], table)
        except ValueError as exc:
            log.warning("%s: %s; reading its rows from the store", self.path, exc)
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
