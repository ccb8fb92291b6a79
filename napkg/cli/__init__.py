"""The ``napkg`` command: a thin layer over nap-kg's plain functions.

Exit codes: 0 success (and, for ``validate``, the graph conforms); 1 the answer is "no"
(the graph does not conform, nothing matched, a body is unknown); 2 an error (bad data,
bad arguments, a query that failed, an output folder that may not be replaced, a port in
use); 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from napkg import __version__
from napkg.cli import analyze, build, lookup, ogp, serve, synth, viz

__all__ = ["main", "build_parser", "COMMANDS"]

# Each module defines ``register(subparsers)``; its commands set ``func(args) -> int``.
COMMANDS: tuple[ModuleType, ...] = (build, lookup, ogp, analyze, serve, viz, synth)

EXAMPLES = """\
examples:
  napkg serve                      start the service on http://127.0.0.1:8000
  napkg build --out out/           build, validate and write the graph
  napkg who-owns "hotline"         who owns the activities about hotlines
  napkg agency "Prosecutor's Office"
  napkg query "SELECT (COUNT(*) AS ?n) WHERE { ?a a nap:Activity }"
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="napkg",
        description="nap-kg: a knowledge graph of OGP National Action Plans (who owns what).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"napkg {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``napkg`` with ``argv``; returns the exit code."""
    from napkg.graph.errors import NapKgError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except NapKgError as exc:
        print(f"napkg {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (e.g. `head`) closed the pipe: not an error
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # Ctrl-C: outputs are written all or nothing, so nothing is left half-done
        print(f"napkg {args.command}: interrupted (outputs are swapped in only when complete: none is half-written)", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
