#!/usr/bin/env python3
"""Benchmark search: today's engines beside graph/search's SearchIndex, at the real plan's size and at scale.

For the real edition (``data/``) and, with ``--synthetic DIR``, for a synthetic edition written
by ``napkg synth`` (with the real plan's 64 activities added, so that the phrase table means
something at every size), it measures:

- today's catalogue warm-up: the store built from the edition, then ``Catalogue`` from
  graph/lookup.py on it (the time the search index must add at most 10% to);
- build time and memory (what tracemalloc traces, numpy's arrays included) of graph/lookup.py's ``TextIndex`` and of the
  new ``SearchIndex``, each from the same texts;
- query p50/p95 of the phrases of tests/test_search_phrases.py (and a few common synthetic
  phrases at scale) on ``TextIndex`` (as ``/who-owns`` runs it), on ``who_owns`` (the CLI's
  SPARQL scoring, on ``--sparql-phrases`` phrases only: it scans every activity) and on the
  new engine; and how many phrases find their activity in the top three.

Times are CPU seconds of this process (``time.process_time``), so that other work on a shared
machine does not inflate them; the store and ``who_owns`` run in this process too. It prints
one Markdown table, old beside new with the ratios. Example::

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
from napkg.graph.edition import Edition, load_edition
from napkg.graph.lookup import Catalogue, TextIndex, search_terms, who_owns
from napkg.graph.search import ActivityDoc, SearchIndex, activity_docs, body_docs
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


def _text_index(docs: Sequence[ActivityDoc]) -> TextIndex:
    index = TextIndex()
    for position, doc in enumerate(docs):
        index.add(position, 0, doc.title)
        if doc.indicator:
            index.add(position, 1, doc.indicator)
        for text in doc.evidence:
            index.add(position, 2, text)
    index.freeze()
    return index


@dataclass
class Figures:
    size: int
    catalogue_s: float = 0.0
    old_build_s: float = 0.0
    old_mb: float = 0.0
    new_build_s: float = 0.0
    new_mb: float = 0.0
    old_ms: tuple[float, float] = (0.0, 0.0)
    sparql_ms: tuple[float, float] = (0.0, 0.0)
    new_ms: tuple[float, float] = (0.0, 0.0)
    body_ms: tuple[float, float] = (0.0, 0.0)
    old_found: int = 0
    new_found: int = 0
    sparql_found: int = 0
    sparql_count: int = 0
    phrases: int = 0
    notes: list[str] = field(default_factory=list)


def measure(edition: Edition, *, repeat: int, sparql_phrases: int, synthetic: bool) -> Figures:
    activities, bodies = activity_docs(edition), body_docs(edition)
    figures = Figures(len(activities))
    store, store_s, _ = _timed(lambda: build_store(edition))
    select = lambda query: select_rows(store, query)  # noqa: E731
    catalogue, figures.catalogue_s, _ = _timed(lambda: Catalogue(select))
    figures.notes.append(f"store built in {store_s:.1f} s; the TextIndex built here is the part of the catalogue "
                         "warm-up that SearchIndex replaces")
    del catalogue
    old, figures.old_build_s, figures.old_mb = _timed(lambda: _text_index(activities), memory=True)
    new, figures.new_build_s, figures.new_mb = _timed(lambda: SearchIndex.build(activities, bodies), memory=True)

    table, body_table = _phrase_table()
    phrases = [p for p, _, _ in table] + (list(SYNTHETIC_PHRASES) if synthetic else [])
    figures.phrases = len(table)
    keys = [d.key for d in activities]

    def old_search(phrase: str) -> list[str]:
        terms = search_terms(phrase)
        return [keys[p] for p, _ in old.search(terms, offset=0, limit=3)[1]] if terms else []

    figures.old_ms = _latencies(old_search, phrases, repeat)
    figures.new_ms = _latencies(lambda p: new.activities(p, limit=20), phrases, repeat)
    figures.body_ms = _latencies(lambda p: new.bodies(p, limit=20), [p for p, _, _ in body_table], repeat)
    wanted = {phrase: f"az-2020-2022/{code}" for phrase, code, _ in table}
    figures.old_found = sum(wanted[p] in old_search(p) for p in wanted)
    figures.new_found = sum(wanted[p] in new.activities(p, limit=3).keys for p in wanted)

    iri_key = {f"https://w3id.org/nap-kg/id/plan/{d.plan}/activity/{d.key.split('/', 1)[1]}": d.key for d in activities}
    chosen = [p for p, _, _ in table][:sparql_phrases]
    if chosen:
        figures.sparql_ms = _latencies(lambda p: who_owns(select, p, limit=20), chosen, 1)
        found = 0
        for phrase in chosen:
            top = [iri_key.get(r["iri"], r["iri"]) for r in who_owns(select, phrase, limit=3)]
            found += wanted[phrase] in top
        figures.sparql_found, figures.sparql_count = found, len(chosen)
        figures.notes.append(f"who_owns timed on the first {len(chosen)} phrases, once each")
    if synthetic:
        figures.notes.append("in the top-3 count the synthetic activities compete with the real ones for the same words; "
                             "TextIndex breaks its many ties by plan order, which puts the real plan first")
    return figures


def _ratio(new: float, old: float) -> str:
    return f"{new / old:.3g}×" if old else "–"


def table(rows: Sequence[Figures]) -> str:
    lines = ["| activities | figure | today | new (SearchIndex) | new / today |", "|---:|---|---:|---:|---:|"]
    for f in rows:
        def row(name: str, old: str, new: str, ratio: str) -> None:
            lines.append(f"| {f.size:,} | {name} | {old} | {new} | {ratio} |")
        row("catalogue warm-up (today) vs index build", f"{f.catalogue_s:.2f} s", f"{f.new_build_s:.2f} s",
            f"{100 * f.new_build_s / f.catalogue_s:.0f}%" if f.catalogue_s else "–")
        row("catalogue warm-up with SearchIndex in TextIndex's place",
            f"{f.catalogue_s:.2f} s", f"{f.catalogue_s - f.old_build_s + f.new_build_s:.2f} s",
            f"+{100 * (f.new_build_s - f.old_build_s) / f.catalogue_s:.0f}%" if f.catalogue_s else "–")
        row("index build: TextIndex vs SearchIndex", f"{f.old_build_s:.2f} s", f"{f.new_build_s:.2f} s",
            _ratio(f.new_build_s, f.old_build_s))
        row("index memory (tracemalloc)", f"{f.old_mb:.1f} MB", f"{f.new_mb:.1f} MB", _ratio(f.new_mb, f.old_mb))
        row("activity search p50 (TextIndex)", f"{f.old_ms[0]:.2f} ms", f"{f.new_ms[0]:.2f} ms",
            _ratio(f.new_ms[0], f.old_ms[0]))
        row("activity search p95 (TextIndex)", f"{f.old_ms[1]:.2f} ms", f"{f.new_ms[1]:.2f} ms",
            _ratio(f.new_ms[1], f.old_ms[1]))
        if f.sparql_found or f.sparql_ms[0]:
            row("activity search p50 (who_owns, SPARQL)", f"{f.sparql_ms[0]:.1f} ms", f"{f.new_ms[0]:.2f} ms",
                _ratio(f.new_ms[0], f.sparql_ms[0]))
        row("body search p50 / p95 (new only)", "–", f"{f.body_ms[0]:.2f} / {f.body_ms[1]:.2f} ms", "–")
        old_found = f"{f.old_found} (who_owns {f.sparql_found} of {f.sparql_count})" if f.sparql_count else f"{f.old_found}"
        row(f"phrase table: expected activity in top 3 (of {f.phrases})", old_found, f"{f.new_found}", "–")
    notes = [n for f in rows for n in (f"{f.size:,}: {m}" for m in f.notes)]
    return "\n".join(lines + [""] + [f"- {n}" for n in notes])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the real edition (default data/)")
    parser.add_argument("--synthetic", type=Path, help="a synthetic edition written by `napkg synth --out DIR`")
    parser.add_argument("--repeat", type=int, default=20, help="times each phrase is searched (default 20)")
    parser.add_argument("--sparql-phrases", type=int, default=40,
                        help="phrases timed on who_owns at the real size (default 40; 5 at scale)")
    args = parser.parse_args(argv)
    real = load_edition(args.data)
    rows = [measure(real, repeat=args.repeat, sparql_phrases=args.sparql_phrases, synthetic=False)]
    if args.synthetic:
        synthetic = load_edition(args.synthetic)
        both = Edition(synthetic.data_dir, (*real.plans, *synthetic.plans))
        rows.append(measure(both, repeat=max(1, args.repeat // 4), sparql_phrases=min(5, args.sparql_phrases),
                            synthetic=True))
    print(table(rows))


if __name__ == "__main__":
    main()
