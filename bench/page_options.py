#!/usr/bin/env python3
"""Seconds to draw the served network page for each new set of options, this checkout against a baseline, side by side.

The page's data are read from the graph once (as ``napkg serve`` reads them, ``details="fetch"``)
and kept in a pickle (``--data``, reused when it exists: reading 100,000 activities takes minutes).
Then each checkout, in its own process, draws the page with no options first (what the service
draws at start-up), then each of :data:`OPTIONS` once (model and HTML, as ``/viz`` draws a page it
has not kept), ``--repeats`` times, the checkouts alternating. It prints the median seconds of each
row, old and new and their ratio, and whether the two checkouts drew the same page (same SHA-256)::

    .venv/bin/python bench/page_options.py --graph /work/bench-data/out5000/graph.nq \\
        --data /tmp/viz5000.pickle --baseline main --repeats 3

``--graph`` is an N-Quads file or an on-disk store folder (``napkg build --store``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

OPTIONS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("bodies only, implementers", {"view": "agency", "role": "implementer"}),
    ("a section", {"section": "2"}),
    ("a status", {"status": ["not-started"]}),
    ("a focus on the most loaded body", {"focus": "*"}),
)
"""The options sets drawn after the default page; ``focus: "*"`` is the most loaded body's IRI."""

_PACKAGES = {"napkg": "napkg", "napkg/graph": "graph", "napkg/api": "api", "napkg/viz": "viz",
             "napkg/ontology": "ontology", "napkg/data": "data"}


def read_data(graph: str, out: Path) -> None:
    """Read the page's data from ``graph`` as the service does, and pickle them to ``out``."""
    import pickle
    from datetime import date
    from functools import partial

    import pyoxigraph as ox

    from napkg.graph.store import select_rows
    from napkg.viz.data import load_viz_data

    if Path(graph).is_dir():
        store = ox.Store.read_only(graph)
    else:
        store = ox.Store()
        store.bulk_load(path=graph, format=ox.RdfFormat.N_QUADS)
    data = load_viz_data(partial(select_rows, store), as_of=date(2026, 12, 3), stored=True, details="fetch")
    with out.open("wb") as f:
        pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)


def measure(data_path: str) -> list[dict[str, Any]]:
    """In this process: the default page, then each of :data:`OPTIONS`, with seconds and SHA-256 of each."""
    import pickle

    from napkg.viz.model import build_model
    from napkg.viz.page import render_model

    with open(data_path, "rb") as f:
        data = pickle.load(f)
    most = max(data.analysis.bodies, key=lambda b: (data.network.degree(b), b))
    rows = []
    for name, options in (("default page (the one drawn at start-up)", {}), *OPTIONS):
        options = {k: (most if v == "*" else v) for k, v in options.items()}
        t0 = time.perf_counter()
        model = build_model(data, details="fetch", links="path", **options)
        t1 = time.perf_counter()
        html = render_model(model)
        t2 = time.perf_counter()
        rows.append({"name": name, "model_s": t1 - t0, "html_s": t2 - t1, "s": t2 - t0, "bytes": len(html),
                     "sha256": hashlib.sha256(html.encode()).hexdigest()})
    return rows


def checkout(rev: str, into: Path) -> Path:
    """The files of ``rev`` laid out as the installed package (``napkg.graph`` is ``graph/``, …), for ``PYTHONPATH``."""
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    tree = into / "tree"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    site = into / "site"
    for package, folder in _PACKAGES.items():
        target = site / package
        target.parent.mkdir(parents=True, exist_ok=True)
        if package == "napkg":
            target.mkdir()
            for item in (tree / folder).iterdir():
                (target / item.name).symlink_to(item)
        else:
            target.symlink_to(tree / folder)
    return site


def run_child(site: Path | None, data_path: str) -> list[dict[str, Any]]:
    env = None
    if site is not None:
        import os

        env = {**os.environ, "PYTHONPATH": str(site)}
    out = subprocess.run([sys.executable, __file__, "--child", "--data", data_path], capture_output=True,
                         text=True, env=env, cwd=tempfile.gettempdir())
    if out.returncode:
        raise RuntimeError(f"measuring {'the baseline' if site else 'this checkout'} failed:\n{out.stderr}")
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: bench/page_options.py --graph out5000/graph.nq "
                                            "--data /tmp/viz5000.pickle --baseline main",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--graph", help="N-Quads file or on-disk store folder to read the page's data from")
    parser.add_argument("--data", required=True, help="pickle of the page's data (written from --graph if missing)")
    parser.add_argument("--baseline", help="a git revision to measure beside this checkout (e.g. main)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        import napkg.viz.model

        print(f"measuring {napkg.viz.model.__file__}", file=sys.stderr)
        print(json.dumps(measure(args.data)))
        return 0
    if not Path(args.data).exists():
        if not args.graph:
            parser.error(f"--data {args.data} does not exist; give --graph to read it")
        started = time.perf_counter()
        read_data(args.graph, Path(args.data))
        print(f"read the page's data in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        ways: dict[str, Path | None] = {"new": None}
        if args.baseline:
            ways = {"old": checkout(args.baseline, Path(tmp)), **ways}
        runs: dict[str, list[list[dict[str, Any]]]] = {way: [] for way in ways}
        for _ in range(args.repeats):
            for way, site in ways.items():
                runs[way].append(run_child(site, args.data))
    names = [row["name"] for row in runs["new"][0]]
    print(f"| page ({args.repeats} runs, median s) | " + " | ".join(ways) + (" | old/new | same page |" if "old" in ways else " |"))
    print("|---" * (len(ways) + (3 if "old" in ways else 1)) + "|")
    for i, name in enumerate(names):
        med = {way: statistics.median(run[i]["s"] for run in runs[way]) for way in ways}
        cells = [f"{med[way]:.2f}" for way in ways]
        if "old" in ways:
            same = {run[i]["sha256"] for way in ways for run in runs[way]}
            cells += [f"{med['old'] / med['new']:.1f}×", "yes" if len(same) == 1 else "NO"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    detail = {way: [{k: round(v, 2) if isinstance(v, float) else v for k, v in row.items() if k != "sha256"}
                    for row in runs[way][-1]] for way in ways}
    print(json.dumps(detail), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
