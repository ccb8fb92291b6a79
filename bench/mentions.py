"""Time ``evidence-mentions-body`` as it reads the derived ``nap:mentions`` against the query that
tried every spelling with CONTAINS, side by side on one store, and the matcher's share of the build.

The store is one that ``napkg build --store`` wrote with the mentions (``--store DIR``), or one
built here in memory from a data edition (``--data DIR``). The CONTAINS query
(``tests/data/evidence-mentions-body-contains.rq``) runs in a child process stopped after
``--old-limit`` seconds. ``--shapes`` times the query as written beside the same query without its
``ORDER BY``, without its ``GROUP BY`` and without both, each as rows and as SPARQL JSON: what
the answer's size costs apart from finding it. With ``--data``, the matcher (``mention_quads`` over the edition's
evidence texts and body spellings) is timed against the whole RDF stage (``iter_quads``, the
mentions included). Not part of the tests.

    .venv/bin/napkg synth --activities 5000 --out /tmp/s5k
    .venv/bin/python bench/mentions.py --data /tmp/s5k --repeat 3
    .venv/bin/python bench/mentions.py --store /tmp/out100k-store --old-limit 120
    .venv/bin/python bench/mentions.py --nq out100k/graph.nq --shapes
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
OLD = ROOT / "tests" / "data" / "evidence-mentions-body-contains.rq"


def _timed_rows(store: Any, query: str) -> tuple[float, int]:
    started = time.perf_counter()
    rows = sum(1 for _ in store.query(query, use_default_graph_as_union=True))
    return time.perf_counter() - started, rows


def _old_in_child(store_dir: str | None, data_dir: str | None, out: Any) -> None:
    out.send(_timed_rows(_open(store_dir, data_dir), OLD.read_text(encoding="utf-8")))


def _open(store_dir: str | None, data_dir: str | None, nq: str | None = None) -> Any:
    import pyoxigraph as ox

    from napkg.graph.build import build_store

    if nq:
        store = ox.Store()
        store.bulk_load(path=nq, format=ox.RdfFormat.N_QUADS)
        return store
    return ox.Store.read_only(store_dir) if store_dir else build_store(Path(data_dir))


def query_shapes(query: str) -> dict[str, str]:
    """The query as written, without its ``ORDER BY``, without its ``GROUP BY``, and without both."""
    unordered = query.split("\nORDER BY")[0]
    ungrouped = "\n".join(line for line in query.splitlines() if not line.startswith("GROUP BY"))
    return {"as written": query, "no ORDER BY": unordered, "no GROUP BY": ungrouped,
            "no ORDER BY, no GROUP BY": ungrouped.split("\nORDER BY")[0]}


def _shapes(store: Any, query: str, repeat: int) -> None:
    import pyoxigraph as ox

    print("| shape | rows | rows: seconds (best of %d) | SPARQL JSON: seconds, MB |" % repeat)
    print("|---|---|---|---|")
    for name, text in query_shapes(query).items():
        runs = [_timed_rows(store, text) for _ in range(repeat)]
        started = time.perf_counter()
        body = store.query(text, use_default_graph_as_union=True).serialize(format=ox.QueryResultsFormat.JSON)
        json_s = time.perf_counter() - started
        print(f"| {name} | {runs[0][1]:,} | {min(t for t, _ in runs):.2f} | {json_s:.2f}, {len(body) / 1e6:.1f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="an on-disk store written by napkg build --store (with the mentions)")
    where.add_argument("--data", help="a data edition to build in memory")
    where.add_argument("--nq", help="a graph.nq written by napkg build, loaded into memory")
    parser.add_argument("--shapes", action="store_true",
                        help="time the query without its ORDER BY and GROUP BY instead of the CONTAINS query")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the new query and the matcher (default 3)")
    parser.add_argument("--old-limit", type=float, default=120.0, help="seconds before the CONTAINS query is stopped")
    args = parser.parse_args(argv)

    from napkg.graph.queries import load_query

    store = _open(args.store, args.data, args.nq)
    new = load_query("evidence-mentions-body").text
    if args.shapes:
        _shapes(store, new, args.repeat)
        return 0
    if args.nq:
        parser.error("--nq is for --shapes; the CONTAINS query needs --store or --data")
    _timed_rows(store, new)  # warm-up
    news = [_timed_rows(store, new) for _ in range(args.repeat)]
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_old_in_child, args=(args.store, args.data, send))
    child.start()
    old = receive.recv() if receive.poll(args.old_limit + (120 if args.data else 0)) else None
    if child.is_alive():
        child.terminate()
    child.join()
    new_s = statistics.median(t for t, _ in news)
    print("| query | rows | seconds (median of %d) |" % args.repeat)
    print("|---|---|---|")
    print(f"| nap:mentions (new) | {news[0][1]:,} | {new_s:.3f} |")
    if old is None:
        print(f"| CONTAINS (old) | – | > {args.old_limit:.0f} s (stopped) |")
        print(f"old/new > {args.old_limit / new_s:.0f}×")
    else:
        print(f"| CONTAINS (old) | {old[1]:,} | {old[0]:.3f} |")
        print(f"old/new = {old[0] / new_s:.1f}×")
    if args.data:
        _matcher_share(Path(args.data), args.repeat)
    return 0


def _matcher_share(data: Path, repeat: int) -> None:
    from napkg.graph.build import emit
    from napkg.graph.build.mentions import mention_quads
    from napkg.graph.edition import load_edition

    edition = load_edition(data)
    stage, matcher = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        quads = sum(1 for _ in emit.iter_quads(edition))
        stage.append(time.perf_counter() - started)
        started = time.perf_counter()
        mentions = sum(1 for _ in mention_quads(emit._evidence_texts(edition), emit._body_spellings(edition)))
        matcher.append(time.perf_counter() - started)
    s, m = statistics.median(stage), statistics.median(matcher)
    print(f"RDF stage (iter_quads, {quads:,} quads): {s:.2f} s; matcher ({mentions:,} quads): {m:.2f} s = {100 * m / s:.1f}%")


if __name__ == "__main__":
    sys.exit(main())
