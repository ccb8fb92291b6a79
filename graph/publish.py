"""Build the graph from a data folder and write it, all or nothing, in every format.

``OUT/graph.ttl`` (data and ontology, Turtle), ``graph.nt`` (N-Triples), ``graph.jsonld``
(JSON-LD) and ``graph.nq`` (N-Quads with one named graph per plan, for stores), plus
``build.json`` (the marker of a build output: ``tool``, ``format`` and the counts). The same
input gives the same bytes. Files are written to a staging folder beside ``OUT`` and swapped in
only when everything succeeded, so a failed build leaves the previous output untouched; ``OUT``
is replaced only if it is new, empty or an earlier build output holding nothing else.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from napkg.graph.analysis import analyse, metrics_triples
from napkg.graph.build import METRICS_GRAPH, build_store, ox_quads
from napkg.graph.vocabulary import PREFIXES as _PREFIXES
from napkg.graph.edition import Edition, load_edition
from napkg.graph.errors import DataError, OutputError, ShapeError
from napkg.graph.forking import usable_processes
from napkg.graph.select import Select
from napkg.graph.folders import TOOL, check_output_folder, check_separate, make_staging, swap_in
from napkg.graph.edition.quotes import check_quotes
from napkg.graph.build.validate import ValidationReport, validate_store

__all__ = [
    "BuildResult", "build_and_check", "reference_day", "write_outputs", "publish", "check_out_dir",
    "OUTPUT_FILES", "BUILD_MARKER", "BUILD_FORMAT", "peak_memory_mb", "write_catalogue_snapshot",
]

OUTPUT_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.nq": "nquads"}
BUILD_MARKER = "build.json"
"""The file that marks a folder as a build output: its ``tool`` is ``nap-kg``, its ``format`` a number."""
BUILD_FORMAT = 1
_LEGACY_MARKER_KEYS = ("plans", "activities", "triples", "conforms")  # build.json before it named its tool
"""The version of the output folder's layout, written in ``build.json`` as ``format``."""
Progress = Callable[[str], None]

_TURTLE_PREFIXES = {
    **_PREFIXES, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}


@dataclass(frozen=True)
class BuildResult:
    """A built graph: the edition, the pyoxigraph store holding every named graph, the validation report.

    ``dataset`` (an rdflib Dataset of the named graphs) and ``graph`` (an rdflib Graph of them
    merged) are made from the store the first time they are read: cheap for one plan, costly
    for the largest editions, whose build never needs them.
    """

    edition: Edition
    store: Any  # pyoxigraph.Store
    report: ValidationReport
    quotes_checked: bool = True

    @cached_property
    def dataset(self) -> Dataset:
        import pyoxigraph as ox

        dataset = Dataset()
        for prefix, namespace in _PREFIXES.items():
            dataset.bind(prefix, namespace)
        dataset.parse(data=self.store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
        return dataset

    @cached_property
    def graph(self) -> Graph:
        graph = Graph()
        for prefix, namespace in _PREFIXES.items():
            graph.bind(prefix, namespace)
        graph.parse(data=_sorted_lines(self.store, with_graph=False), format="nt")
        return graph

    @property
    def triples(self) -> int:
        """The number of distinct triples of the merged graph."""
        return _sorted_lines(self.store, with_graph=False).count(b"\n")


def _quiet(_: str) -> None:
    pass


def reference_day(edition: Edition) -> date:
    """The day overdue activities are judged against when a plan has no progress report.

    The latest report date of the edition, else 31 December of the latest plan year: a fixed
    day, so that the same input always gives the same graph.
    """
    reports = [r.date for p in edition.plans for r in p.reports]
    if reports:
        return max(reports)
    years = [p.period.end for p in edition.plans if p.period] or [date.today().year]
    return date(max(years), 12, 31)


def build_and_check(
    data_dir: Path,
    *,
    quotes: bool = True,
    shapes: bool = True,
    metrics: bool = True,
    engine: str = "auto",
    progress: Progress = _quiet,
) -> BuildResult:
    """Load, quote-check, build, analyse and validate; raises DataError or ShapeError, writes nothing.

    The graph is built straight into a pyoxigraph store; the analyses read it with SPARQL.
    ``engine`` picks the validation engine (see :func:`napkg.graph.build.validate.validate_store`);
    the result's report says which one ran.
    """
    from napkg.graph.store import select_rows

    progress(f"reading the data edition in {data_dir}")
    edition = load_edition(Path(data_dir))
    if quotes:
        progress("checking verbatim texts against their sources")
        problems = check_quotes(edition)
        if problems:
            listed = "\n  ".join(str(p) for p in problems)
            raise DataError(f"{len(problems)} verbatim text(s) not found in their sources; copy each from its cited "
                            f"lines (or fix the lines cited):\n  {listed}")
    else:
        progress("NOT checking verbatim texts against their sources (skipped)")
    progress(f"building RDF for {len(edition.plans)} plan(s), {edition.activity_count} activities")
    store = build_store(edition)
    if metrics:
        progress(f"computing load and bottleneck metrics on {len(store)} quads")
        result = analyse(lambda query: select_rows(store, query), as_of=reference_day(edition))
        store.bulk_extend(ox_quads((*triple, METRICS_GRAPH) for triple in metrics_triples(result)))
    report = ValidationReport(conforms=True, violations=(), engine="none")
    built = BuildResult(edition=edition, store=store, report=report, quotes_checked=quotes)
    if shapes:
        progress(f"validating {len(store)} quads against the shapes")
        graph = built.graph if engine == "pyshacl" or (engine == "auto" and _small(store)) else None
        report = validate_store(store, engine=engine, graph=graph)
        progress(f"validated with the {report.engine} engine")
        if not report.conforms:
            raise ShapeError(report.summary(), report_text=report.summary(limit=10**6))
    else:
        progress("NOT validating against the shapes (skipped)")
    result = BuildResult(edition=edition, store=store, report=report, quotes_checked=quotes)
    if "graph" in built.__dict__:
        result.__dict__["graph"] = built.__dict__["graph"]
    return result


def _small(store: Any) -> bool:
    from napkg.graph.build.validate import PYSHACL_LIMIT

    return len(store) <= PYSHACL_LIMIT


def _sorted_lines(store: Any, *, with_graph: bool) -> bytes:
    """The store's distinct statements as sorted N-Quads lines, or N-Triples lines of the union.

    Lines are sorted as UTF-8 bytes, which is code point order: the same input, the same bytes.
    """
    quads = _sorted_quads(store)
    return _join(quads if with_graph else _union_triples(store, quads))


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines) + b"\n" if lines else b""


def _sorted_quads(store: Any, *, scratch: Path | None = None) -> list[bytes]:
    """The N-Quads lines of the store's dump (each quad once), sorted as bytes.

    With ``scratch`` (a file name), the dump goes to that file and is read back a block at a
    time, so the lines are never held twice (once as one string, once split); the file is removed.
    """
    import pyoxigraph as ox

    if scratch is None:
        lines = store.dump(format=ox.RdfFormat.N_QUADS).splitlines()
    else:
        store.dump(str(scratch), format=ox.RdfFormat.N_QUADS)
        lines, rest = [], b""
        try:
            with scratch.open("rb") as file:
                while block := file.read(1 << 26):
                    parts = (rest + block).split(b"\n")
                    rest = parts.pop()
                    lines.extend(parts)
        finally:
            scratch.unlink()
        if rest:
            lines.append(rest)
    lines.sort()
    return lines


def _union_triples(store: Any, quads: list[bytes]) -> list[bytes]:
    """The distinct triples of all graphs as sorted N-Triples lines, from the sorted N-Quads lines.

    Without its graph name a quad line is its triple's line, and the order holds: a line's
    triple is followed by a space in both forms, so two lines compare as their triples do, and
    a triple held in several graphs comes out as neighbouring lines, kept once. Triples in the
    default graph (whose lines carry no graph name) are dumped and sorted apart.
    """
    import pyoxigraph as ox

    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        lines: list[bytes] = []
        for graph in (ox.DefaultGraph(), *store.named_graphs()):
            lines.extend(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
        return sorted(set(lines) - {b""})
    return [triple + b" ." for triple in dict.fromkeys(line.rsplit(b" ", 2)[0] for line in quads)]


def check_out_dir(out_dir: Path, *, data_dir: Path | None = None) -> None:
    """Raise :class:`~napkg.graph.errors.OutputError` unless a build may write ``out_dir``.

    It must be new, empty, or an earlier build output (``build.json`` of nap-kg and only the
    files a build writes), and neither hold nor lie inside ``data_dir``.
    """
    if data_dir is not None:
        check_separate(out_dir, data_dir)
    check_output_folder(out_dir, marker=BUILD_MARKER, allowed=(*OUTPUT_FILES, BUILD_MARKER), what="build output",
                        legacy_keys=_LEGACY_MARKER_KEYS)


def write_outputs(result: BuildResult, out_dir: Path, *, progress: Progress = _quiet,
                  processes: int | None = None) -> list[Path]:
    """Write every format into ``out_dir`` atomically; returns the files written.

    N-Triples and N-Quads are sorted line by line and written from the sorted lines a chunk at
    a time; Turtle and JSON-LD are written by pyoxigraph from the sorted triples of graph.nt,
    in pieces cut between subjects, each by a fresh interpreter (``processes`` of them at
    once, default one a core) that reads its piece from the file, so that no process copies
    the build's memory; the pieces are then joined. The same input gives the same bytes.
    Raises :class:`~napkg.graph.errors.OutputError` (writing nothing) if ``out_dir`` may not
    be replaced (see :func:`check_out_dir`) or a piece could not be written. ``build.json``
    records the peak memory of the process and of its largest child (``peak_memory_mb``).
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir, data_dir=result.edition.data_dir)
    staging = make_staging(out_dir)
    try:
        progress("sorting the statements for graph.nq and graph.nt")
        quads = _sorted_quads(result.store, scratch=staging / "graph.nq.unsorted")
        progress("writing graph.nt, then graph.nq beside graph.ttl and graph.jsonld")
        triples = _write_triples(staging / "graph.nt", result.store, quads)
        workers = usable_processes(processes)
        pieces = _pieces(staging / "graph.nt", workers)
        jobs = [(kind, piece, staging / f"{name}.{index}") for name, kind in (("graph.jsonld", "json-ld"),
                                                                              ("graph.ttl", "turtle"))
                for index, piece in enumerate(pieces)]  # the longest first
        with ThreadPoolExecutor(max_workers=workers) as pool:  # each thread waits on its interpreter
            running = [pool.submit(_serialize_piece, staging / "graph.nt", *job) for job in jobs]
            _write_lines(staging / "graph.nq", quads)
            del quads
            for future in running:
                future.result()
        _join_turtle(staging / "graph.ttl", [job[2] for job in jobs if job[0] == "turtle"])
        _join_json_ld(staging / "graph.jsonld", [job[2] for job in jobs if job[0] == "json-ld"])
        counts = {
            "tool": TOOL,
            "format": BUILD_FORMAT,
            "plans": len(result.edition.plans),
            "activities": result.edition.activity_count,
            "bodies": sum(len(p.bodies) for p in result.edition.plans),
            "triples": triples,
            "conforms": result.report.conforms,
            "validation": result.report.engine,
            "quotes_checked": result.quotes_checked,
            "peak_memory_mb": peak_memory_mb(),
        }
        (staging / BUILD_MARKER).write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        check_out_dir(out_dir)  # again: it may have changed while the files were written
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out_dir.iterdir())


_CHUNK = 1 << 16
"""Lines joined and written at a time."""


def _write_lines(path: Path, lines: list[bytes]) -> None:
    """Write ``lines``, each ended by a newline, a chunk at a time (never one string of them all)."""
    with path.open("wb") as file:
        for at in range(0, len(lines), _CHUNK):
            file.write(b"\n".join(lines[at:at + _CHUNK]) + b"\n")


def _write_triples(path: Path, store: Any, quads: list[bytes]) -> int:
    """Write graph.nt, the distinct triples of the sorted N-Quads lines (see :func:`_union_triples`); returns their number."""
    import pyoxigraph as ox

    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None:
        lines = _union_triples(store, quads)
        _write_lines(path, lines)
        return len(lines)
    count, last = 0, None
    with path.open("wb") as file:
        for at in range(0, len(quads), _CHUNK):
            triples = list(dict.fromkeys(line.rsplit(b" ", 2)[0] for line in quads[at:at + _CHUNK]))
            if triples and triples[0] == last:  # the same triple in another graph, across the cut
                del triples[0]
            if triples:
                file.write(b" .\n".join(triples) + b" .\n")
                count, last = count + len(triples), triples[-1]
    return count


def _pieces(path: Path, count: int) -> list[tuple[int, int]]:
    """``count`` byte ranges of the N-Triples file ``path`` (fewer for a small file), each cut between two subjects.

    Turtle and JSON-LD group a subject's statements; cut between subjects, the pieces are
    written as the whole is, and joined they are the whole's file.
    """
    size = path.stat().st_size
    if size == 0:
        return [(0, 0)]
    cuts = [0]
    with path.open("rb") as file, mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as text:
        for part in range(1, count):
            at = text.find(b"\n", max(cuts[-1], size * part // count)) + 1
            if at <= cuts[-1] or at >= size:
                break
            subject = text[text.rfind(b"\n", 0, at - 1) + 1:at].split(b" ", 1)[0] + b" "
            while at < size and text[at:at + len(subject)] == subject:
                at = text.find(b"\n", at) + 1
            if at <= 0 or at >= size:
                break
            cuts.append(at)
    cuts.append(size)
    return list(zip(cuts, cuts[1:]))


_SERIALIZER = Path(__file__).with_name("serialize.py")


def _serialize_piece(source: Path, kind: str, piece: tuple[int, int], dest: Path) -> None:
    """Write one piece of graph.nt as ``kind`` into ``dest``, by a fresh interpreter (:mod:`napkg.graph.serialize`)."""
    command = [sys.executable, "-I", str(_SERIALIZER), kind, str(source), str(piece[0]), str(piece[1]), str(dest)]
    if kind == "turtle":
        command.append(json.dumps(_TURTLE_PREFIXES))
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise OutputError(f"writing {dest.name} ({kind}, bytes {piece[0]} to {piece[1]} of graph.nt) failed "
                          f"with exit code {done.returncode}: {done.stderr.strip()[-2000:]}")


def _join_turtle(path: Path, pieces: list[Path]) -> None:
    """Join Turtle pieces into ``path``: the first whole, the others without the ``@prefix`` lines they repeat."""
    header = _prefix_lines(pieces[0].read_bytes()[:1 << 20])
    with path.open("wb") as whole:
        for index, piece in enumerate(pieces):
            with piece.open("rb") as part:
                if index and part.read(len(header)) != header:
                    raise AssertionError("pyoxigraph's Turtle does not start with the same prefix lines for every input")
                shutil.copyfileobj(part, whole, 1 << 24)
            piece.unlink()


def _join_json_ld(path: Path, pieces: list[Path]) -> None:
    """Join JSON-LD pieces (each a JSON array of node objects) into ``path``, one array of them all."""
    with path.open("wb") as whole:
        wrote = False
        for piece in pieces:
            with piece.open("rb") as part:
                size = os.fstat(part.fileno()).st_size
                if part.read(1) != b"[" or size < 2:
                    raise AssertionError(f"pyoxigraph's JSON-LD piece {piece.name} is not a JSON array")
                part.seek(size - 1)
                if part.read(1) != b"]":
                    raise AssertionError(f"pyoxigraph's JSON-LD piece {piece.name} does not end its array")
                if size > 2:
                    whole.write(b"," if wrote else b"[")
                    part.seek(1)
                    _copy_bytes(part, whole, size - 2)
                    wrote = True
            piece.unlink()
        whole.write(b"]" if wrote else b"[]")


def _copy_bytes(source: Any, dest: Any, count: int) -> None:
    while count > 0:
        data = source.read(min(count, 1 << 24))
        if not data:
            raise OSError("a JSON-LD piece ended early")
        dest.write(data)
        count -= len(data)


def _prefix_lines(turtle: bytes) -> bytes:
    """The ``@prefix`` lines Turtle starts with (pyoxigraph writes every prefix given, before the first statement)."""
    at = 0
    while turtle.startswith(b"@prefix ", at):
        at = turtle.index(b"\n", at) + 1
    return turtle[:at]


def peak_memory_mb() -> dict[str, int]:
    """The peak resident memory (``ru_maxrss``, in MB) of this process and of its largest finished child.

    A forked child shares its parent's pages until either writes them, so its peak counts
    memory the parent holds too: the two are not to be added up. The interpreters that write
    Turtle and JSON-LD are started from this process, so their figure starts at its size too.
    """
    import resource

    def peak(who: int) -> int:
        return round(resource.getrusage(who).ru_maxrss / 1024)  # kilobytes on Linux

    return {"process": peak(resource.RUSAGE_SELF), "children": peak(resource.RUSAGE_CHILDREN)}


def publish(data_dir: Path, out_dir: Path, *, quotes: bool = True, progress: Progress = _quiet) -> BuildResult:
    """``napkg build``: build, validate and write; on any error the previous output stays."""
    check_out_dir(out_dir, data_dir=data_dir)
    result = build_and_check(data_dir, quotes=quotes, progress=progress)
    write_outputs(result, out_dir, progress=progress)
    return result


def write_catalogue_snapshot(folder: Path, *, progress: Progress = _quiet,
                             also: Sequence[Callable[[Select], object]] = ()) -> Path:
    """The store-writing hook of ``napkg build --store DIR``: the catalogue's snapshot of the on-disk store in ``folder``.

    Called by :func:`napkg.graph.store.save_store` on the finished, closed staging store, before it is
    swapped in: the store is opened read-only, the SELECTs the service runs to build its catalogue
    are run once, and their rows are written beside it (:mod:`napkg.graph.catalogue.snapshot`), so
    ``napkg serve --store DIR`` need not run them at every start. The SELECTs of each reader in
    ``also`` are kept too (``napkg build`` passes the served network page's).
    """
    import pyoxigraph as ox

    from napkg.graph.catalogue.snapshot import SNAPSHOT_FILE, record_catalogue, write_snapshot
    from napkg.graph.store import select_rows
    from napkg.graph.store.disk import store_identity

    progress(f"building the catalogue's snapshot ({SNAPSHOT_FILE})")
    disk = ox.Store.read_only(str(folder))
    try:
        recorded = record_catalogue(lambda query: select_rows(disk, query), also=also)
    finally:
        del disk
    return write_snapshot(folder, recorded, store=store_identity(folder))
