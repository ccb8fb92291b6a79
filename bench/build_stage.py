"""Time the build's RDF stage and the writing of the four graph files, old code beside new, in one run.

The old code is ``graph/build/emit.py`` and ``graph/publish.py`` as they are at a git revision
(``--baseline``); the new code is the working tree's. Each variant runs in its own process on
the same data edition (a ``napkg synth`` folder): it reads the edition, puts its RDF into a
pyoxigraph store (``build_store``), then writes graph.nq, .nt, .ttl and .jsonld
(``write_outputs``), and reports both times (CPU counts the writing's child processes) and its peak memory
(``ru_maxrss`` of the process and of its largest child). ``--full`` adds a process that runs the
whole new build and its writing as ``napkg build --out`` does (read, quote check, RDF, analyses,
validation, writing) and reports the seconds of each stage and the peak memory. The table gives
new/old ratios.
Not part of the tests.

    .venv/bin/napkg synth --activities 20000 --out /tmp/s20k
    .venv/bin/python bench/build_stage.py --data /tmp/s20k --baseline ad974e4 [--full] [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]


def _file_at(revision: str, path: str, file: Path) -> bool:
    """Write the file ``path`` as it is at git ``revision`` to ``file``; whether the revision has it."""
    shown = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, text=True)
    if shown.returncode != 0:
        return False
    file.write_text(shown.stdout, encoding="utf-8")
    return True


def _module_at(revision: str, path: str, name: str, folder: Path) -> ModuleType:
    """The module ``path`` as it is at git ``revision``, imported under ``name``."""
    file = folder / f"{name}.py"
    if not _file_at(revision, path, file):
        raise SystemExit(f"{path} is not in revision {revision}")
    spec = importlib.util.spec_from_file_location(name, file)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _children_peak_mb() -> float:
    """The peak of the largest finished child (the forked writers and validators share the parent's pages)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the writers of Turtle and JSON-LD)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _variant(name: str, data: Path, baseline: str) -> dict[str, Any]:
    """Run one variant in this process: read, RDF stage, writing; return its figures."""
    from napkg.graph import publish
    from napkg.graph.build import emit
    from napkg.graph.edition import load_edition

    with tempfile.TemporaryDirectory(prefix="napkg-build-stage-") as tmp:
        folder = Path(tmp)
        if name == "old":
            build, pub = (_module_at(baseline, "graph/build/emit.py", "old_emit", folder),
                          _module_at(baseline, "graph/publish.py", "old_publish", folder))
            _file_at(baseline, "graph/serialize.py", folder / "serialize.py")  # the old writers' pieces, if any
            build.ONTOLOGY_FILE, build.SHAPES_FILE = emit.ONTOLOGY_FILE, emit.SHAPES_FILE
        else:
            build, pub = emit, publish
        started, cpu = time.perf_counter(), time.process_time()
        edition = load_edition(data)
        read_s, read_cpu = time.perf_counter() - started, time.process_time() - cpu
        stage = _rdf_and_write(build, pub, edition, folder / "out")
        sizes = {f.name: f.stat().st_size for f in sorted((folder / "out").iterdir())}
        return {"variant": name, **stage, "read_s": read_s, "read_cpu": read_cpu, "peak_mb": _peak_mb(),
                "children_peak_mb": _children_peak_mb(), "sizes": sizes}


def _rdf_and_write(build: Any, pub: Any, edition: Any, out: Path) -> dict[str, Any]:
    """Time ``build.build_store`` and ``pub.write_outputs`` on ``edition`` (wall-clock and CPU seconds)."""
    from napkg.graph import publish
    from napkg.graph.build.validate import ValidationReport

    started, cpu = time.perf_counter(), time.process_time()
    store = build.build_store(edition)
    rdf_s, rdf_cpu = time.perf_counter() - started, time.process_time() - cpu
    result = publish.BuildResult(edition=edition, store=store,
                                 report=ValidationReport(conforms=True, violations=(), engine="none"))
    started, cpu = time.perf_counter(), _cpu()
    pub.write_outputs(result, out)
    write_s, write_cpu = time.perf_counter() - started, _cpu() - cpu
    return {"quads": len(store), "rdf_s": rdf_s, "rdf_cpu": rdf_cpu, "write_s": write_s, "write_cpu": write_cpu}


def _one_process(data: Path, baseline: str) -> dict[str, dict[str, Any]]:
    """Both variants in this process on one reading of the edition (no peak memory apart): old, then new."""
    from napkg.graph import publish
    from napkg.graph.build import emit
    from napkg.graph.edition import load_edition

    figures: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="napkg-build-stage-") as tmp:
        folder = Path(tmp)
        old_emit = _module_at(baseline, "graph/build/emit.py", "old_emit", folder)
        old_emit.ONTOLOGY_FILE, old_emit.SHAPES_FILE = emit.ONTOLOGY_FILE, emit.SHAPES_FILE
        _file_at(baseline, "graph/serialize.py", folder / "serialize.py")
        variants = {"old": (old_emit, _module_at(baseline, "graph/publish.py", "old_publish", folder)),
                    "new": (emit, publish)}
        started, cpu = time.perf_counter(), time.process_time()
        edition = load_edition(data)
        read = (time.perf_counter() - started, time.process_time() - cpu)
        for name, (build, pub) in variants.items():
            figures[name] = {"variant": name, **_rdf_and_write(build, pub, edition, folder / name),
                             "read_s": read[0], "read_cpu": read[1],
                             "peak_mb": None,  # the process's peak holds both variants
                             "sizes": {f.name: f.stat().st_size for f in sorted((folder / name).iterdir())}}
    return figures


def _full(data: Path) -> dict[str, Any]:
    """The whole new build and its writing (as ``napkg build --out``): times by stage, CPU and peak memory."""
    from napkg.graph.publish import build_and_check, write_outputs

    marks: list[tuple[float, str]] = []
    started = time.perf_counter()
    result = build_and_check(data, progress=lambda message: marks.append((time.perf_counter(), message)))
    built = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="napkg-build-stage-") as tmp:
        write_outputs(result, Path(tmp) / "out")
    marks += [(built, "writing"), (time.perf_counter(), "end")]
    stages: dict[str, float] = {}
    for (t0, message), (t1, _) in zip(marks, marks[1:]):
        stages[message.split()[0]] = stages.get(message.split()[0], 0.0) + t1 - t0
    return {"variant": "build", "quads": len(result.store), "build_s": built - started,
            "write_s": marks[-1][0] - built, "stages": stages, "build_cpu": _cpu(),
            "validation": result.report.engine, "peak_mb": _peak_mb(), "children_peak_mb": _children_peak_mb()}


def _child(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ratio(new: float, old: float) -> str:
    return f"{new / old:.2f}" if old else "–"


def _table(old: dict[str, Any], new: dict[str, Any], full: dict[str, Any] | None) -> str:
    rows = [f"| wall-clock (CPU) | old ({old['quads']:,} quads) | new ({new['quads']:,} quads) | new / old |",
            "|---|---|---|---|"]
    for key, label in (("read", "read edition (same code)"), ("rdf", "RDF into the store"),
                       ("write", "write graph.nq, .nt, .ttl, .jsonld")):
        wall, cpu = f"{key}_s", f"{key}_cpu"
        rows.append(f"| {label} | {old[wall]:.2f} s ({old[cpu]:.2f} s) | {new[wall]:.2f} s ({new[cpu]:.2f} s) "
                    f"| {_ratio(new[wall], old[wall])} ({_ratio(new[cpu], old[cpu])}) |")
    if old["peak_mb"] is not None:
        rows.append(f"| peak memory of the process (ru_maxrss) | {old['peak_mb']:,.0f} MB | {new['peak_mb']:,.0f} MB "
                    f"| {_ratio(new['peak_mb'], old['peak_mb'])} |")
        rows.append(f"| peak memory of its largest child | {old.get('children_peak_mb', 0):,.0f} MB "
                    f"| {new.get('children_peak_mb', 0):,.0f} MB | |")
    graphs = lambda sizes: {name: size for name, size in sizes.items() if name != "build.json"}  # noqa: E731
    same = "yes" if graphs(old["sizes"]) == graphs(new["sizes"]) else f"NO: {old['sizes']} against {new['sizes']}"
    rows.append(f"| graph file sizes equal (build.json records the peak memory) | | | {same} |")
    if full:
        stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in full["stages"].items())
        rows.append(f"| whole new build ({full['validation']} validation) and writing | | {full['build_s']:.1f} s + "
                    f"{full['write_s']:.1f} s ({full['build_cpu']:.1f} s CPU with children; {stages}), peak "
                    f"{full['peak_mb']:,.0f} MB (largest child {full['children_peak_mb']:,.0f} MB) | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a data edition (e.g. written by napkg synth)")
    parser.add_argument("--baseline", required=True, help="git revision of the old code (e.g. the branch point)")
    parser.add_argument("--full", action="store_true", help="also time the whole new build and its peak memory")
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--one-process", action="store_true",
                        help="read the edition once and run both variants in one process (peak memory not apart)")
    parser.add_argument("--variant", choices=("old", "new", "build"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.variant == "build":
        print(json.dumps(_full(args.data)))
        return 0
    if args.variant:
        print(json.dumps(_variant(args.variant, args.data, args.baseline)))
        return 0
    if args.one_process:
        figures = _one_process(args.data, args.baseline)
        print(_table(figures["old"], figures["new"], None))
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
        return 0
    common = ["--data", str(args.data), "--baseline", args.baseline]
    figures: dict[str, Any] = {}
    for variant in ("new", "old", *(("build",) if args.full else ())):
        figures[variant] = _child([*common, "--variant", variant])
        print(json.dumps(figures[variant]), file=sys.stderr, flush=True)  # each as it comes: a long run may be cut
        if args.json:
            args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(_table(figures["old"], figures["new"], figures.get("build")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
