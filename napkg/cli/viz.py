"""``napkg viz``: write the interactive network page as one self-contained HTML file.

The file opens from disk, offline: vis-network and the page's script and style are inside it.
Progress goes to stderr. Exit codes: 0 written; 1 the graph names no body in any activity
(nothing to draw, no file written); 2 an error (bad option, unreadable graph, bad data).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from napkg.cli.common import add_command, add_graph_options, graph_select
from napkg.graph.vocabulary import IMPLEMENTER, RECOMMENDED_TO, STATUSES

__all__ = ["register", "run_viz", "write_page"]


def _progress(message: str) -> None:
    print(f"napkg viz: {message}", file=sys.stderr, flush=True)


def write_page(path: Path, html: str) -> None:
    """Write ``html`` to ``path`` all or nothing: a failed write leaves an existing file as it was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(html)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_viz(args: argparse.Namespace) -> int:
    from napkg.graph.analysis import analyse
    from napkg.graph.settings import load_settings
    from napkg.viz.model import build_model, load_viz_data
    from napkg.viz.page import render_model

    started = time.perf_counter()
    _progress(f"reading the graph from {args.graph or args.data}")
    select = graph_select(args)
    _progress("analysing the activity–body network")
    options = {"exact_limit": args.exact_limit, "k": args.sample, "seed": args.seed}
    analysis = analyse(select, as_of=args.as_of, **{k: v for k, v in options.items() if v is not None})
    if not analysis.bodies:
        print("napkg viz: the graph names no body in any activity; nothing to draw", file=sys.stderr)
        return 1
    data = load_viz_data(select, analysis=analysis)
    max_bodies = args.max_bodies if args.max_bodies is not None else load_settings().max_viz_bodies
    model = build_model(data, view=args.view, section=args.section, status=args.status, role=args.role,
                        focus=args.focus, max_bodies=max_bodies)
    _progress(f"drawing {model.counts['bipartite']['nodes']:,} nodes")
    write_page(args.out, render_model(model))
    bipartite, agency = model.counts["bipartite"], model.counts["agency"]
    print(f"wrote {args.out}: bodies and activities {bipartite['nodes']:,} nodes, {bipartite['edges']:,} edges; "
          f"bodies only {agency['nodes']:,} nodes, {agency['edges']:,} edges; "
          f"{time.perf_counter() - started:.1f} s")
    if model.left_out:
        print(model.left_out["text"])
    return 0


def register(subparsers) -> None:
    viz = add_command(
        subparsers, "viz",
        help="Write the interactive network of bodies and activities as one HTML file that opens offline.",
        examples=[
            "napkg viz --out plan.html                           both views; opens on bodies and activities",
            "napkg viz --out agencies.html --view agency         opens on bodies linked by shared activities",
            "napkg viz --out stuck.html --status not-started --status limited",
            "napkg viz --out moj.html --focus \"Ministry of Justice\" --section 2",
            "napkg viz --out big.html --graph out/graph.nq --max-bodies 150",
        ],
        func=run_viz,
    )
    viz.add_argument("--out", type=Path, required=True, metavar="FILE", help="the HTML file to write")
    viz.add_argument("--view", choices=["bipartite", "agency"], default="bipartite",
                     help="the view the page opens on: bodies and activities (default), or bodies only")
    viz.add_argument("--section", default=None, metavar="SECTION", help="open filtered on a section (its number or IRI)")
    viz.add_argument("--status", action="append", default=None, metavar="STATUS",
                     help=f"open filtered on a status: {', '.join(STATUSES.keys)}, unknown "
                          "(repeat, or separate with commas; NotStarted and the other old spellings are read too)")
    viz.add_argument("--role", default="all", metavar="ROLE",
                     help=f"open filtered on a role: all (the default), {IMPLEMENTER.key} or {RECOMMENDED_TO.key} "
                          f"(recommended is read as {RECOMMENDED_TO.key})")
    viz.add_argument("--focus", default=None, metavar="BODY",
                     help="open focused on a body (its name, alias, id or IRI) or an activity (its IRI); "
                          "it is drawn even on a capped page")
    viz.add_argument("--max-bodies", type=int, default=None, metavar="N",
                     help="draw at most N bodies, the most loaded (default: the max_viz_bodies setting, 300)")
    add_graph_options(viz)
