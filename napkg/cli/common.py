"""What every ``napkg`` command shares: how it is registered and how it prints tables."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from napkg.graph.settings import DEFAULT_DATA_DIR

__all__ = ["add_command", "format_table", "progress_printer", "add_graph_options", "graph_select"]


def progress_printer(quiet: bool = False) -> Callable[[str], None]:
    """A progress callback that prints ``[  1.2s] message`` on stderr (nothing when ``quiet``)."""
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr)

    return say


def add_command(
    subparsers: Any,
    name: str,
    *,
    help: str,
    examples: Sequence[str],
    func: Callable[[argparse.Namespace], int],
) -> argparse.ArgumentParser:
    """Register a command whose ``--help`` ends with worked examples."""
    epilog = "examples:\n" + "\n".join(f"  {line}" for line in examples)
    parser = subparsers.add_parser(
        name,
        help=help,
        description=help,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    return parser


def format_table(headers: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 60) -> str:
    """A plain-text table with aligned columns; long cells are cut with an ellipsis.

    >>> print(format_table(["a", "bb"], [[1, "x"], [22, "yyy"]]))
    a   bb
    --  ---
    1   x
    22  yyy
    """

    def cell(value: Any) -> str:
        text = "" if value is None else str(value).replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date of the form YYYY-MM-DD") from None


def add_graph_options(parser: argparse.ArgumentParser) -> None:
    """``--data`` or ``--graph``, and the options of the analyses (``--as-of``, ``--exact-limit``, ...)."""
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                        help=f"data edition to build the graph from (default: {DEFAULT_DATA_DIR})")
    source.add_argument("--graph", type=Path, default=None, metavar="FILE",
                        help="a built graph (graph.nq, graph.ttl, graph.nt, …) instead of --data")
    parser.add_argument("--as-of", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                        help="day against which activities of plans without a progress report are overdue (default: today)")
    parser.add_argument("--exact-limit", type=int, default=None, metavar="N",
                        help="betweenness is exact in connected parts of up to N bodies, sampled above (default 1000)")
    parser.add_argument("--sample", type=int, default=None, metavar="K",
                        help="source bodies sampled for betweenness in larger parts (default: 200, fewer "
                             "down to 50 in parts of more than 75,000 edges, to bound the time)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the betweenness sample (default 0)")


def graph_select(args: argparse.Namespace) -> Callable[[str], list[dict[str, Any]]]:
    """SELECTs on the graph in pyoxigraph: the ``--graph`` file loaded, or the graph built from ``--data``."""
    from napkg.graph.store import load_store, select_rows

    if args.graph is not None:
        store = load_store(args.graph)
    else:
        from napkg.graph.publish import build_and_check

        store = build_and_check(args.data, shapes=False, metrics=False).store

    def select(query: str) -> list[dict[str, Any]]:
        return select_rows(store, query)

    return select
