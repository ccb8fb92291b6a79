#!/usr/bin/env python3
"""Benchmark search: the catalogue's warm-up, its SearchIndex's build, and searches, at the real plan's size and at scale.

For the real edition (``data/``) and, with ``--synthetic DIR``, for a synthetic edition written
by ``napkg synth`` (with the real plan's 64 activities added, so that the phrase table means
something at every size), it measures:

- the catalogue's warm-up (``Catalogue`` on the store built from the edition: what the service
  waits for before it answers) and the build of its search index (``catalogue.search.get()``,
  which the service runs after the catalogue, in the warm-up thread), and what the index holds
  in memory (tracemalloc, numpy's arrays included);
- search p50/p95 of the phrases of tests/test_search_phrases.py (and a few common synthetic
  phrases at scale) as ``/who-owns`` and ``napkg who-owns`` run them (``search_activities``),
  bodies as ``/agencies?q=`` runs them (``list_bodies``), and how many phrases find their
  activity in the top three.

Times are CPU seconds of this process (``time.process_time``), so that other work on a shared
machine does not inflate them. It prints one Markdown table. Example::

    .venv/bin/napkg synth --activities 100000 --bodies 20000 --out /tmp/synth100k
    .venv/bin/python bench/search.py --synthetic /tmp/synth100k
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from napkg.graph.build import build_store
from napkg.graph.catalogue import Catalogue, list_bodies, search_activities, search_index
from napkg.graph.edition import Edition, load_edition
from napkg.graph.store import select_rows

ROOT = Path(__file__).resolve().parents[1]
SYNTHETIC_PHRASES = ("budget spending", "beneficial ownership", "open data portal", "state committee for housing",
                     "extractive industries in forestry", "enviromental permits", "the work was started",
                     "who monitors public procurement?")


def _phrase_table() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    spec = importlib.util.spec_from_file_location("phrases", ROOT / "tests" / "test_search_phrases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ACTIVITY_PHRASES, module.BODY_PHRASES


def _timed(build: Callable[[], Any], *, memory: bool = False) -> tuple[Any, float, float]:
    """(what ``build`` made, CPU seconds, MB it holds: traced by tracemalloc in a second build if ``memory``)."""
    gc.collect()
    t0 = time.process_time()
    built = build()
    seconds = time.process_time() - t0
    megabytes = 0.0
    if memory:
        tracemalloc.start()
        again = build()
        megabytes = tracemalloc.get_traced_memory()[0] / 2**20
        tracemalloc.stop()
        del again
    return built, seconds, megabytes


def _latencies(run: Callable[[str], Any], phrases: Sequence[str], repeat: int) -> tuple[float, float]:
    for phrase in phrases:  # warm caches once, as a served index is warm
        run(phrase)
    times = []
    for _ in range(repeat):
        for phrase in phrases:
            t0 = time.process_time()
            run(phrase)
            times.append((time.process_time() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


@dataclass
class Figures:
    size: int
    catalogue_s: float = 0.0
    index_s: float = 0.0
    index_mb: float = 0.0
    activity_ms: tuple[float, float] = (0.0, 0.0)
    body_ms: tuple[float, float] = (0.0, 0.0)
    found: int = 0
    phrases: int = 0
    notes: list[str] = field(default_factory=list)


def measure(edition: Edition, *, repeat: int, synthetic: bool) -> Figures:
    figures = Figures(sum(len(p.activities) for p in edition.plans))
    store, store_s, _ = _timed(lambda: build_store(edition))
    select = lambda query: select_rows(store, query)  # noqa: E731
    catalogue, figures.catalogue_s, _ = _timed(lambda: Catalogue(select))
    figures.notes.append(f"store built in {store_s:.1f} s")
    bodies = catalogue.directory.bodies
    _, figures.index_s, figures.index_mb = _timed(lambda: search_index(select, catalogue.activities, bodies),
                                                  memory=True)
    catalogue.search.get()

    table, body_table = _phrase_table()
    phrases = [p for p, _, _ in table] + (list(SYNTHETIC_PHRASES) if synthetic else [])
    figures.phrases = len(table)
    figures.activity_ms = _latencies(lambda p: search_activities(catalogue, p, limit=20), phrases, repeat)
    figures.body_ms = _latencies(lambda p: list_bodies(catalogue, q=p, limit=20), [p for p, _, _ in body_table], repeat)
    plan = "https://w3id.org/nap-kg/id/plan/az-2020-2022"
    figures.found = sum(any(a.plan == plan and a.code == code for a, _ in search_activities(catalogue, p, limit=3).items)
                        for p, code, _ in table)
    if synthetic:
        figures.notes.append("in the top-3 count the synthetic activities compete with the real ones for the same words")
    return figures


def table(rows: Sequence[Figures]) -> str:
    lines = ["| activities | figure | value |", "|---:|---|---:|"]
    for f in rows:
        def row(name: str, value: str) -> None:
            lines.append(f"| {f.size:,} | {name} | {value} |")
        row("catalogue warm-up (the service answers after it)", f"{f.catalogue_s:.3f} s")
        row("search index build, after the catalogue (share of its warm-up)",
            f"{f.index_s:.3f} s ({100 * f.index_s / f.catalogue_s:.0f}%)" if f.catalogue_s else f"{f.index_s:.3f} s")
        row("search index memory (tracemalloc)", f"{f.index_mb:.1f} MB")
        row("activity search p50 / p95 (/who-owns, napkg who-owns)", f"{f.activity_ms[0]:.2f} / {f.activity_ms[1]:.2f} ms")
        row("body search p50 / p95 (/agencies?q=)", f"{f.body_ms[0]:.2f} / {f.body_ms[1]:.2f} ms")
        row(f"phrase table: expected activity in the top three (of {f.phrases})", f"{f.found}")
    notes = [n for f in rows for n in (f"{f.size:,}: {m}" for m in f.notes)]
    return "\n".join(lines + [""] + [f"- {n}" for n in notes])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real edition (default data/)")
    parser.add_argument("--synthetic", type=Path, help="a synthetic edition written by `napkg synth --out DIR`")
    parser.add_argument("--repeat", type=int, default=20, help="times each phrase is searched (default 20)")
    args = parser.parse_args(argv)
    real = load_edition(args.data)
    rows = [measure(real, repeat=args.repeat, synthetic=False)]
    if args.synthetic:
        synthetic = load_edition(args.synthetic)
        both = Edition(synthetic.data_dir, (*real.plans, *synthetic.plans))
        rows.append(measure(both, repeat=max(1, args.repeat // 4), synthetic=True))
    print(table(rows))


if __name__ == "__main__":
    main()
