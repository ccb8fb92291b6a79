"""Time ``evidence-mentions-body`` as it reads the derived ``nap:mentions`` against the query that
tried every spelling with CONTAINS, side by side on one store, and the matcher's share of the build.

The store is one that ``napkg build --store`` wrote with the mentions (``--store DIR``), or one
built here in memory from a data edition (``--data DIR``). The CONTAINS query
(``tests/data/evidence-mentions-body-contains.rq``) runs in a child process stopped after
``--old-limit`` seconds. With ``--data``, the matcher (``mention_quads`` over the edition's
evidence texts and body spellings) is timed against the whole RDF stage (``iter_quads``, the
mentions included). Not part of the tests.

    .venv/bin/napkg synth --activities 5000 --out /tmp/s5k
    .venv/bin/python bench/mentions.py --data /tmp/s5k --repeat 3
    .venv/bin/python bench/mentions.py --store /tmp/out100k-store --old-limit 120
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


def _open(store_dir: str | None, data_dir: str | None) -> Any:
    import pyoxigraph as ox

    from napkg.graph.build import build_store

    return ox.Store.read_only(store_dir) if store_dir else build_store(Path(data_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", help="an on-disk store written by napkg build --store (with the mentions)")
    where.add_argument("--data", help="a data edition to build in memory")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the new query and the matcher (default 3)")
    parser.add_argument("--old-limit", type=float, default=120.0, help="seconds before the CONTAINS query is stopped")
    args = parser.parse_args(argv)

    from napkg.graph.queries import load_query

    store = _open(args.store, args.data)
    new = load_query("evidence-mentions-body").text
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
