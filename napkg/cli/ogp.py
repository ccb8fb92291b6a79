"""``napkg import-ogp``: turn OGP's commitment data export into a data edition folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from napkg.cli.common import add_command, progress_printer

__all__ = ["register", "DEFAULT_OUT", "data_dir_note"]

#: Where the import is written without ``--out``: beside the data folder, never inside it, so that
#: the commands that read the default data folder go on reading only the reviewed edition.
DEFAULT_OUT = Path("imported")


def data_dir_note(out: Path, data_dir: Path, plans: int) -> str | None:
    """What to tell a user whose import lies inside the data folder that commands read by default.

    >>> data_dir_note(Path("/r/data/ogp"), Path("/r/data"), 178) is not None, data_dir_note(Path("/r/imported"), Path("/r/data"), 1)
    (True, None)
    """
    out, data_dir = out.resolve(), data_dir.resolve()
    if out != data_dir and data_dir not in out.parents:
        return None
    return (f"note: {out} is inside the data folder {data_dir}, which every command reads when it is given no "
            f"--data or --graph (build, validate, who-owns, agency, analyze, serve, ...): from now on they read "
            f"these {plans} plan(s) together with the reviewed edition. To undo it, remove the folder: rm -r {out}")


def run_import(args: argparse.Namespace) -> int:
    from napkg.graph.ogp import import_ogp
    from napkg.graph.settings import load_settings

    result = import_ogp(args.file, args.out, on_bad_row=args.on_bad_row, progress=progress_printer(args.quiet))
    report = result.report
    for bad in report["bad_rows"]:
        ident = f" ({bad['identifier']})" if bad["identifier"] else ""
        print(f"napkg import-ogp: skipped row {bad['row']}{ident}: {bad['problem']}", file=sys.stderr)
    print(f"imported {report['imported']} of {report['rows']} commitment(s) into {report['plans']} plan(s) of "
          f"{report['countries']} countries or localities, naming {report['bodies']} bodies "
          f"({report['merges']} spelling(s) merged); {len(report['bad_rows'])} bad row(s) skipped; "
          f"wrote {args.out}/ (see {args.out}/import-report.json)")
    note = data_dir_note(args.out, load_settings().data_dir, report["plans"])
    if note:
        print(f"napkg import-ogp: {note}", file=sys.stderr)
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
            "iconv -f WINDOWS-1252 -t UTF-8 export.csv > export-utf8.csv   # a file saved as Windows-1252",
        ],
        func=run_import,
    )
    parser.add_argument("file", type=Path, metavar="FILE.csv",
                        help="OGP's commitment export, as comma-separated CSV in UTF-8 (a file in another encoding "
                             "is refused with the iconv command that converts it)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
                        help="the data folder to write (default: imported/ in the current folder); replaced only when "
                             "the import succeeds, and an existing folder must be an earlier import. A folder inside "
                             "the data folder is read by every later command that is given no --data")
    parser.add_argument("--on-bad-row", choices=["skip", "fail"], default="skip",
                        help="skip a bad row (missing or duplicated identifier, unparsable year, a cell over "
                             "131,072 characters, ...) and report it (default), or fail the whole import and write "
                             "nothing")
    parser.add_argument("--quiet", "-q", action="store_true", help="print no progress")
