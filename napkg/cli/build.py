"""``napkg build`` and ``napkg validate``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from napkg.cli.common import add_command
from napkg.graph.settings import DEFAULT_DATA_DIR

__all__ = ["register"]


def _progress(quiet: bool):
    started = time.perf_counter()

    def say(message: str) -> None:
        if not quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr)

    return say


def run_build(args: argparse.Namespace) -> int:
    from napkg.graph.publish import publish

    result = publish(args.data, args.out, quotes=not args.no_quote_check, progress=_progress(args.quiet))
    counts = f"{len(result.edition.plans)} plan(s), {result.edition.activity_count} activities, {len(result.graph)} triples"
    print(f"built {counts}; the graph conforms to the shapes; wrote {args.out}/graph.ttl, graph.nt, graph.jsonld, graph.nq")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from napkg.graph.errors import ShapeError
    from napkg.graph.publish import build_and_check

    try:
        result = build_and_check(args.data, quotes=not args.no_quote_check, progress=_progress(args.quiet))
    except ShapeError as exc:
        print(exc.report_text, file=sys.stdout)
        return 1
    print(f"{args.data}: {result.edition.activity_count} activities; verbatim texts found in their sources; "
          f"{result.report.summary()}")
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                        help=f"data edition folder (default: {DEFAULT_DATA_DIR})")
    parser.add_argument("--no-quote-check", action="store_true",
                        help="skip checking that verbatim texts stand in their sources")
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress")


def register(subparsers) -> None:
    build = add_command(
        subparsers, "build",
        help="Build the graph from the data edition, validate it, and write Turtle, N-Triples, JSON-LD and N-Quads.",
        examples=["napkg build --out out/", "napkg build --data imported/ --out out-ogp/"],
        func=run_build,
    )
    build.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder (replaced only if the build succeeds)")
    _common(build)
    validate = add_command(
        subparsers, "validate",
        help="Check the data edition and the graph built from it against the shapes; exit 0 if it conforms, 1 if not.",
        examples=["napkg validate", "napkg validate --data imported/"],
        func=run_validate,
    )
    _common(validate)
