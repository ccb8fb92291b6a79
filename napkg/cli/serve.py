"""``napkg serve``: the SPARQL endpoint, the query page and the API in one process."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from napkg.cli.common import add_command
from napkg.api.settings import SERVICE_SETTINGS, ServiceSettings

__all__ = ["register", "run_serve"]


def register(subparsers: Any) -> None:
    """Add ``napkg serve`` to the command line."""
    parser = add_command(
        subparsers,
        "serve",
        help="Serve the graph: the read-only SPARQL endpoint (/sparql), the query page (/query), the API.",
        examples=[
            "napkg serve                          build data/ and serve it on http://127.0.0.1:8000",
            "napkg serve --graph out/graph.nq     serve a graph built by `napkg build`",
            "napkg serve --store var/store        serve the on-disk store `napkg build --store var/store` wrote",
            "napkg serve --store http://127.0.0.1:7878/query   forward queries to an external SPARQL store",
            "napkg serve --host 0.0.0.0 --port 8080 --query-timeout 5 --max-results 5000",
            "napkg serve --access-log             log one line per request (off by default: it costs throughput)",
        ],
        func=run_serve,
    )
    defaults = ServiceSettings()

    def option(flag: str, setting: str, **kwargs: Any) -> None:
        default = getattr(defaults, setting)
        shown = "" if default is None else f" (default {default})"
        parser.add_argument(flag, help=f"{SERVICE_SETTINGS[setting]}{shown}", **kwargs)

    option("--host", "host")
    option("--port", "port", type=int)
    option("--graph", "graph_file", type=Path, metavar="FILE")
    option("--store", "store", metavar="memory|DIR|URL")
    option("--data", "data_dir", type=Path, metavar="DIR")
    option("--query-timeout", "query_timeout_s", type=float, metavar="SECONDS")
    option("--max-results", "max_results", type=int, metavar="N")
    option("--workers", "query_workers", type=int, metavar="N")
    option("--access-log", "access_log", action="store_true", default=None)

def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; 0 on a clean stop (errors raise NapKgError: exit code 2)."""
    from napkg.api.app import serve
    from napkg.api.settings import load_service_settings

    settings = load_service_settings(
        host=args.host, port=args.port, graph_file=args.graph, data_dir=args.data, store=args.store,
        query_timeout_s=args.query_timeout, max_results=args.max_results, query_workers=args.workers,
        access_log=args.access_log,
    )
    serve(settings)
    return 0
