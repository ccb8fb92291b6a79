"""``napkg import-ogp``: turn OGP's commitment data export into a data edition folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from napkg.cli.common import add_command, progress_printer

__all__ = ["register"]



def run_import(args: argparse.Namespace) -> int:
    from napkg.graph.ogp import import_ogp

    result = import_ogp(args.file, args.out, on_bad_row=args.on_bad_row, progress=progress_printer(args.quiet))
    report = result.report
    for bad in report["bad_rows"]:
        ident = f" ({bad['identifier']})" if bad["identifier"] else ""
        print(f"napkg import-ogp: skipped row {bad['row']}{ident}: {bad['problem']}", file=sys.stderr)
    print(f"imported {report['imported']} of {report['rows']} commitment(s) into {report['plans']} plan(s) of "
          f"{report['countries']} countries or localities, naming {report['bodies']} bodies "
          f"({report['merges']} spelling(s) merged); {len(report['bad_rows'])} bad row(s) skipped; "
          f"wrote {args.out}/ (see {args.out}/import-report.json)")
    return 0


def register(subparsers) -> None:
    parser = add_command(
        subparsers, "import-ogp",
        help="Import OGP's commitment data export (CSV, one row a commitment) as a data edition folder: "
             "one plan folder per Action Plan ID, its commitments and the bodies they name.",
        examples=[
            "napkg import-ogp ../shared/ogp-commitments/ogp-commitments-sample.csv --out imported/",
            "napkg import-ogp export.csv --out imported/ --on-bad-row fail",
            "napkg build --data imported/ --out out-ogp/",
        ],
        func=run_import,
    )
    parser.add_argument("file", type=Path, metavar="FILE.csv", help="OGP's commitment export, as CSV (UTF-8)")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="the data folder to write (replaced only when the import succeeds; an existing folder "
                             "must be an earlier import)")
    parser.add_argument("--on-bad-row", choices=["skip", "fail"], default="skip",
                        help="skip a bad row (missing or duplicated identifier, unparsable year, ...) and report it "
                             "(default), or fail the whole import and write nothing")
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress")
