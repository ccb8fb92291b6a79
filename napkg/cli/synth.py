"""``napkg synth``: write a synthetic data edition shaped like real plans, for tests and benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path

from napkg.cli.common import add_command

__all__ = ["register", "run_synth"]


def run_synth(args: argparse.Namespace) -> int:
    """Write the edition; 0 on success (a bad number is an argparse error: exit code 2)."""
    from napkg.graph.errors import OutputError
    from napkg.graph.folders import check_separate
    from napkg.graph.settings import DEFAULT_DATA_DIR
    from napkg.graph.edition.synthetic import write_synthetic_edition

    check_separate(args.out, DEFAULT_DATA_DIR)
    if args.out.exists() and not args.out.is_dir():
        raise OutputError(f"--out {args.out}: is a file, not a folder; give the path of a new or empty folder")
    summary = write_synthetic_edition(args.out, activities=args.activities, bodies=args.bodies, seed=args.seed,
                                      exponent=args.skew)
    print(f"wrote {summary.folder}: {summary.activities:,} activities, {summary.bodies:,} bodies "
          f"({summary.collective_bodies} collective), {summary.evidence:,} evidence entries, seed {summary.seed}; "
          f"build it with: napkg build --data {args.out} --out OUT")
    return 0


def _positive(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "synth",
        help="Write a synthetic data edition (plan, bodies, progress report and source texts) of N activities "
             "and M bodies, shaped like real plans; the same seed writes the same files.",
        examples=[
            "napkg synth --activities 5000 --out /tmp/synth-5k          M defaults to N/5 bodies",
            "napkg synth --activities 100000 --bodies 20000 --seed 7 --out /tmp/synth-100k",
            "napkg build --data /tmp/synth-5k --out /tmp/synth-5k-out   then build it like the real data",
        ],
        func=run_synth,
    )
    parser.add_argument("--activities", "-n", type=_positive, required=True, metavar="N", help="number of activities")
    parser.add_argument("--bodies", "-m", type=_positive, default=None, metavar="M",
                        help="number of bodies (default: N/5, at least 8)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="data folder to write (sources/ and plans/<id>/ inside it)")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument("--skew", type=float, default=1.0, metavar="S",
                        help="Zipf exponent of the implementer draw: weight 1/rank^S (default 1.0; 0 = uniform)")
