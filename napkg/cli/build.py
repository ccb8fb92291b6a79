"""``napkg build`` and ``napkg validate``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from napkg.cli.common import add_command, progress_printer
from napkg.graph.settings import DEFAULT_DATA_DIR

__all__ = ["register", "write_store_snapshot"]



def _check_targets(args: argparse.Namespace) -> None:
    """Refuse, before any work, an --out or --store folder the build may not replace."""
    from napkg.graph.folders import check_separate, check_store_folder
    from napkg.graph.publish import check_out_dir
    from napkg.graph.store import store_kind

    if args.out is not None:
        check_out_dir(args.out, data_dir=args.data)
    if args.store is not None and store_kind(args.store) == "disk":
        check_separate(Path(args.store), args.data, option="--store")
        if args.out is not None and Path(args.store).resolve() == args.out.resolve():
            raise _usage(f"--out and --store name the same folder {args.out}; give two folders")
        check_store_folder(Path(args.store))


def write_store_snapshot(staging: Path, *, progress: Callable[[str], None] = lambda message: None) -> Path:
    """The snapshot ``napkg build --store DIR`` writes beside the store: the catalogue's SELECTs and the
    served network page's (``bench/ready.py`` writes the same)."""
    from napkg.graph.publish import write_catalogue_snapshot
    from napkg.viz.data import read_served_page

    return write_catalogue_snapshot(staging, progress=progress, also=(read_served_page,))


def run_build(args: argparse.Namespace) -> int:
    from napkg.graph.publish import build_and_check, write_outputs
    from napkg.graph.store import save_store

    if args.out is None and args.store is None:
        raise _usage("give --out DIR (files), --store DIR|URL (a store), or both")
    _check_targets(args)
    say = progress_printer(args.quiet)
    result = build_and_check(args.data, quotes=not args.no_quote_check, engine=args.validation, progress=say)
    written = []
    if args.out is not None:
        write_outputs(result, args.out, progress=say)
        written.append(f"wrote {args.out}/graph.ttl, graph.nt, graph.jsonld, graph.nq")
    if args.store is not None:
        written.append(save_store(result.store, args.store, graph_store_url=args.graph_store, progress=say,
                                  prepare=lambda staging: write_store_snapshot(staging, progress=say)))
    counts = f"{len(result.edition.plans)} plan(s), {result.edition.activity_count} activities, {len(result.store)} quads"
    checks = f"the graph conforms to the shapes ({result.report.engine} engine)"
    if not args.no_quote_check:
        checks = "verbatim texts found in their sources; " + checks
    else:
        checks = "verbatim texts NOT checked; " + checks
    print(f"built {counts}; {checks}; {'; '.join(written)}")
    return 0


def _usage(message: str) -> Exception:
    from napkg.graph.errors import NapKgError

    return NapKgError(message)


def run_validate(args: argparse.Namespace) -> int:
    from napkg.graph.errors import ShapeError
    from napkg.graph.publish import build_and_check

    try:
        result = build_and_check(args.data, quotes=not args.no_quote_check, engine=args.validation,
                             progress=progress_printer(args.quiet))
    except ShapeError as exc:
        print(exc.report_text, file=sys.stdout)
        return 1
    quotes = "verbatim texts NOT checked" if args.no_quote_check else "verbatim texts found in their sources"
    print(f"{args.data}: {result.edition.activity_count} activities; {quotes}; "
          f"{result.report.summary()} (checked with the {result.report.engine} engine)")
    return 0


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, metavar="DIR",
                        help=f"data edition folder (default: {DEFAULT_DATA_DIR})")
    parser.add_argument("--no-quote-check", action="store_true",
                        help="skip checking that verbatim texts stand in their sources")
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress")
    parser.add_argument("--validation", choices=("auto", "pyshacl", "sparql"), default="auto",
                        help="shape validation engine: pySHACL, the shapes compiled to SPARQL on pyoxigraph, or auto "
                             "(pySHACL up to 200,000 triples, SPARQL above; the output says which ran)")


def register(subparsers) -> None:
    build = add_command(
        subparsers, "build",
        help="Build the graph from the data edition, validate it, and write Turtle, N-Triples, JSON-LD and N-Quads.",
        examples=["napkg build --out out/", "napkg build --data imported/ --out out-ogp/",
                  "napkg build --store var/store           an on-disk store for `napkg serve --store var/store`",
                  "napkg build --store http://127.0.0.1:7878/query   load an external SPARQL store (e.g. oxigraph serve)",
                  "napkg build --store http://127.0.0.1:8890/sparql --graph-store "
                  "'http://dba:PASSWORD@127.0.0.1:8890/sparql-graph-crud-auth'   load Virtuoso"],
        func=run_build,
    )
    build.add_argument("--out", type=Path, metavar="DIR",
                       help="output folder: new, empty, or an earlier build output (marked by its build.json); "
                            "replaced only if the build succeeds, and never a folder holding other files")
    build.add_argument("--store", metavar="DIR|URL",
                       help="also load the graph into a store: a folder (an on-disk store that `napkg serve --store DIR` "
                            "opens without rebuilding) or the query URL of an external SPARQL 1.1 store, whose graphs "
                            "are replaced with the Graph Store Protocol")
    build.add_argument("--graph-store", metavar="URL",
                       help="the external store's Graph Store Protocol URL, with user:password@ if it asks for them "
                            "(Basic or Digest; never printed). Default: /sparql-graph-crud-auth beside the query URL on "
                            "Virtuoso, else the query URL with its last segment, query or sparql, replaced by store, "
                            "as Oxigraph serves it")
    _common(build)
    validate = add_command(
        subparsers, "validate",
        help="Check the data edition and the graph built from it against the shapes; exit 0 if it conforms, 1 if not.",
        examples=["napkg validate", "napkg validate --data imported/"],
        func=run_validate,
    )
    _common(validate)
