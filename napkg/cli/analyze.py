"""``napkg analyze`` and ``napkg export``: where the plan gets stuck, and the networks for Gephi or Cytoscape."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from napkg.cli.common import add_command, add_graph_options, format_table, graph_select

__all__ = ["register", "CSV_COLUMNS", "TABLE_COLUMNS"]

CSV_COLUMNS = [
    "bottleneck_rank", "id", "name", "collective", "country", "kind", "bottleneck_score", "open_load",
    "overdue", "implementer_load", "shared_implementer_load", "lead_load", "recommended_load", "sections",
    "degree_centrality", "betweenness", "bridging", "articulation_point", "iri",
]
"""The columns of ``napkg analyze --csv``, one row a body."""

TABLE_COLUMNS = [
    ("rank", "bottleneck_rank", "{}"), ("body", "name", "{}"), ("score", "bottleneck_score", "{:.2f}"),
    ("open", "open_load", "{}"), ("overdue", "overdue", "{}"), ("impl", "implementer_load", "{}"),
    ("shared", "shared_implementer_load", "{:.2f}"), ("rec", "recommended_load", "{}"),
    ("betweenness", "betweenness", "{:.3f}"), ("bridging", "bridging", "{:.2f}"),
    ("cut", "articulation_point", "{}"), ("sections", "sections", "{}"),
]
"""The columns of the terminal table: header, metric, format."""


def _analyse(args: argparse.Namespace, select: Any = None):
    """The analyses of the graph the options name (or of ``select``'s, when given)."""
    from napkg.graph.analysis import analyse

    options = {"exact_limit": args.exact_limit, "k": args.sample, "seed": args.seed}
    return analyse(select if select is not None else graph_select(args), as_of=args.as_of,
                   **{k: v for k, v in options.items() if v is not None})


LEGEND = (
    "score = open × (1 + bridging); open: unfinished activities, any role; impl / rec: activities as implementer / "
    "recommended-to; shared: share-weighted implementer load; bridging: betweenness over the highest in the body's "
    "part of the network; cut: articulation point; sections: sections spanned."
)


def _footer(result, *, collective: bool) -> list[str]:
    lines = [LEGEND, result.sampling.describe() + "."]
    reported = {plan: f["reference_date"] for plan, f in result.figures.items() if plan != "all" and f["reference"] == "report"}
    if 0 < len(reported) <= 3:
        lines += [f"overdue: period ended before the latest progress report of {plan} ({day})" for plan, day in reported.items()]
    elif reported:
        lines.append(f"overdue: period ended before the latest progress report of the activity's plan ({len(reported)} plans)")
    without = result.plans_without_report()
    if without:
        lines.append(f"overdue: {len(without)} plan(s) without a progress report are judged as of {result.as_of.isoformat()}"
                     + (" (today; see --as-of)" if result.as_of == date.today() else "")
                     + ": " + ", ".join(without[:5]) + (" …" if len(without) > 5 else ""))
    other = result.ranked(collective=not collective)
    if collective:
        lines.append(f"{len(other)} single agencies are reported apart: napkg analyze (without --collective).")
    elif other:
        lines.append(f"{len(other)} collective bodies (umbrella groups) are reported apart: napkg analyze --collective.")
    return lines


def _figures_text(f: dict[str, Any]) -> str:
    n = f["activities"] or 1
    return (
        f"{f['activities']} activities: {f['single_implementer']} with a single implementer "
        f"({f['single_implementer_share']:.0%}), {f['shared']} shared, {f['umbrella_only']} owned only by "
        f"umbrella groups ({f['umbrella_only'] / n:.0%}), {f['no_implementer']} with no implementer "
        f"({f['recommended_only']} only recommended-to); {f['open']} open, {f['overdue']} overdue; "
        f"{f['claimed_above_assessed']} claimed above what their evidence shows. "
        f"Gini coefficient of implementer load over {f['implementing_agencies']} implementing agencies: "
        f"{f['gini_implementer_load']:.2f}."
    )


def run_analyze(args: argparse.Namespace) -> int:
    result = _analyse(args)
    if not result.bodies:
        print("napkg analyze: the graph names no body in any activity; nothing to analyse", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return 0
    if args.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for group in (False, True):
            writer.writerows(m.as_dict() for m in result.ranked(collective=group))
        print(buffer.getvalue(), end="")
        return 0
    bodies = result.ranked(collective=args.collective)[: args.top]
    title = "Collective bodies (umbrella groups)" if args.collective else "Single agencies"
    print(f"{title} by bottleneck score = open × (1 + bridging), top {len(bodies)}:\n")
    rows = [
        [("yes" if getattr(m, key) else "") if key == "articulation_point" else fmt.format(getattr(m, key))
         for _, key, fmt in TABLE_COLUMNS]
        for m in bodies
    ]
    print(format_table([header for header, _, _ in TABLE_COLUMNS], rows, max_width=48))
    print("\n" + _figures_text(result.figures["all"]))
    print("\n".join(["", *_footer(result, collective=args.collective)]))
    return 0


def _projection_role(value: str) -> str:
    """``--role``, in any spelling the vocabulary takes (``recommended`` for ``recommended-to``)."""
    from napkg.graph.analysis.network import projection_role

    try:
        return projection_role(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run_export(args: argparse.Namespace) -> int:
    from napkg.graph.analysis.export import write_network
    from napkg.viz.data import load_viz_data
    from napkg.viz.download import page_network

    select = graph_select(args)
    result = _analyse(args, select)
    if not result.bodies:
        print("napkg export: the graph names no body in any activity; nothing to export", file=sys.stderr)
        return 1
    data = load_viz_data(select, analysis=result)
    max_bodies = args.max_bodies if args.max_bodies is not None else len(result.bodies)
    G = page_network(data, view=args.network, section=args.section, status=args.status, role=args.role,
                     focus=args.focus, max_bodies=max_bodies, layout=args.layout)
    write_network(G, args.out, format=args.format)
    print(f"wrote {args.out}: the {args.network} network as {args.format}, "
          f"{G.number_of_nodes()} nodes and {G.number_of_edges()} edges, coloured and sized as /viz draws them; "
          f"{result.sampling.describe()}")
    return 0


def register(subparsers) -> None:
    analyze = add_command(
        subparsers, "analyze",
        help="Where the plan gets stuck: each body's load and bottleneck score, with its components, and plan-level figures.",
        examples=[
            "napkg analyze                        top 20 single agencies by bottleneck score",
            "napkg analyze --collective           the umbrella groups, ranked apart",
            "napkg analyze --json > metrics.json  every body, every figure",
            "napkg analyze --csv --graph out/graph.nq",
            "napkg analyze --data imported/ --as-of 2024-12-31 --top 50",
        ],
        func=run_analyze,
    )
    add_graph_options(analyze)
    analyze.add_argument("--top", type=int, default=20, metavar="N", help="bodies in the table (default 20)")
    output = analyze.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="every body and figure as JSON (agencies and collective bodies in separate lists)")
    output.add_argument("--csv", action="store_true", help="the full per-body table as CSV (single agencies, then collective bodies)")
    analyze.add_argument("--collective", action="store_true", help="show collective bodies (umbrella groups) instead of single agencies")

    export = add_command(
        subparsers, "export",
        help="Write the activity–body network, or its projection onto bodies, as GraphML or GEXF with each body's "
             "metrics, coloured, sized and labelled as the network page draws it (the service's /network alike).",
        examples=[
            "napkg export --format gexf --out plan.gexf                   activities and bodies, for Gephi",
            "napkg export --format graphml --network bodies --out bodies.graphml",
            "napkg export --format graphml --network bodies --role implementer --out co-implementers.graphml",
            "napkg export --format gexf --status not-started --status limited --layout --out open.gexf",
        ],
        func=run_export,
    )
    export.add_argument("--format", choices=["graphml", "gexf"], required=True, help="file format")
    export.add_argument("--out", type=Path, required=True, metavar="FILE", help="file to write")
    export.add_argument("--network", choices=["bipartite", "bodies"], default="bipartite",
                        help="activities and bodies (default), or bodies linked by shared activities")
    export.add_argument("--role", type=_projection_role, default="all", metavar="ROLE",
                        help="the role bodies hold; for --network bodies: link bodies sharing activities in this "
                             "role: all (default), implementer or recommended-to")
    export.add_argument("--section", default=None, metavar="SECTION", help="only a section (its number or IRI)")
    export.add_argument("--status", action="append", default=None, metavar="STATUS",
                        help="only activities of this status (repeat, or separate with commas)")
    export.add_argument("--focus", default=None, metavar="BODY", help="focused on a body or activity, as the page is")
    export.add_argument("--max-bodies", type=int, default=None, metavar="N",
                        help="at most N bodies, the most loaded, as the page caps them (default: every body)")
    export.add_argument("--layout", action="store_true", help="compute a layout and give each node a position")
    add_graph_options(export)
