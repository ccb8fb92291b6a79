"""What every ``napkg`` command shares: how it is registered and how it prints tables."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["add_command", "format_table", "progress_printer"]


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
