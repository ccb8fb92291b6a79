"""Build the graph from a data folder and write it, all or nothing, in every format.

``OUT/graph.ttl`` (data and ontology, Turtle), ``graph.nt`` (N-Triples), ``graph.jsonld``
(JSON-LD) and ``graph.nq`` (N-Quads with one named graph per plan, for stores), plus
``build.json`` (counts). The same input gives the same bytes. Files are written to a
temporary folder beside ``OUT`` and swapped in only when everything succeeded, so a failed
build leaves the previous output untouched.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rdflib import Dataset, Graph

from napkg.graph.analysis import analyse, metrics_triples
from napkg.graph.build import _PREFIXES, METRICS_GRAPH, iter_quads
from napkg.graph.network import select_from_rdflib
from napkg.graph.edition import Edition, load_edition
from napkg.graph.errors import DataError, ShapeError
from napkg.graph.quotes import check_quotes
from napkg.graph.validate import ValidationReport, validate

__all__ = ["BuildResult", "build_and_check", "reference_day", "write_outputs", "publish", "OUTPUT_FILES"]

OUTPUT_FILES = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld", "graph.nq": "nquads"}
Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    edition: Edition
    dataset: Dataset
    graph: Graph
    report: ValidationReport


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
    progress: Progress = _quiet,
) -> BuildResult:
    """Load, quote-check, build, analyse and validate; raises DataError or ShapeError, writes nothing."""
    progress(f"reading the data edition in {data_dir}")
    edition = load_edition(Path(data_dir))
    if quotes:
        progress("checking verbatim texts against their sources")
        problems = check_quotes(edition)
        if problems:
            listed = "\n  ".join(str(p) for p in problems[:10])
            more = f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else ""
            raise DataError(f"{len(problems)} verbatim text(s) not found in their sources:\n  {listed}{more}")
    progress(f"building RDF for {len(edition.plans)} plan(s), {edition.activity_count} activities")
    dataset, graph = Dataset(), Graph()
    for prefix, namespace in _PREFIXES.items():
        dataset.bind(prefix, namespace)
        graph.bind(prefix, namespace)
    for s, p, o, g in iter_quads(edition):
        dataset.add((s, p, o, g))
        graph.add((s, p, o))
    if metrics:
        progress("computing load and bottleneck metrics")
        result = analyse(select_from_rdflib(graph), as_of=reference_day(edition))
        for triple in metrics_triples(result):
            dataset.add((*triple, METRICS_GRAPH))
            graph.add(triple)
    report = ValidationReport(conforms=True, violations=())
    if shapes:
        progress(f"validating {len(graph)} triples against the shapes")
        report = validate(graph)
        if not report.conforms:
            raise ShapeError(report.summary(), report_text=report.summary(limit=10**6))
    return BuildResult(edition=edition, dataset=dataset, graph=graph, report=report)


def _sorted_lines(text: str) -> str:
    lines = sorted(set(line for line in text.splitlines() if line.strip()))
    return "\n".join(lines) + "\n"


def _sorted_jsonld(text: str) -> str:
    """JSON-LD with nodes ordered by @id and values by their JSON text, so output is stable."""
    nodes = json.loads(text)
    nodes = nodes.get("@graph", nodes) if isinstance(nodes, dict) else nodes
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    nodes.sort(key=lambda n: n.get("@id", ""))
    return json.dumps(nodes, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_outputs(result: BuildResult, out_dir: Path, *, progress: Progress = _quiet) -> list[Path]:
    """Write every format into ``out_dir`` atomically; returns the files written."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        for name, fmt in OUTPUT_FILES.items():
            progress(f"writing {name}")
            source = result.dataset if fmt == "nquads" else result.graph
            text = source.serialize(format=fmt)
            if fmt in ("nt", "nquads"):
                text = _sorted_lines(text)
            elif fmt == "json-ld":
                text = _sorted_jsonld(text)
            (staging / name).write_text(text, encoding="utf-8")
        counts = {
            "plans": len(result.edition.plans),
            "activities": result.edition.activity_count,
            "bodies": sum(len(p.bodies) for p in result.edition.plans),
            "triples": len(result.graph),
            "conforms": result.report.conforms,
        }
        (staging / "build.json").write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        _swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(out_dir.iterdir())


def _swap_in(staging: Path, out_dir: Path) -> None:
    if out_dir.exists():
        retired = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(retired, ignore_errors=True)
        out_dir.rename(retired)
        staging.rename(out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out_dir)


def publish(data_dir: Path, out_dir: Path, *, quotes: bool = True, progress: Progress = _quiet) -> BuildResult:
    """``napkg build``: build, validate and write; on any error the previous output stays."""
    result = build_and_check(data_dir, quotes=quotes, progress=progress)
    write_outputs(result, out_dir, progress=progress)
    return result
