"""``napkg serve``: the SPARQL endpoint, the query page and the API in one process."""

from __future__ import annotations

import argparse
import errno
import socket
from pathlib import Path
from typing import Any

from napkg.cli.common import add_command
from napkg.api.settings import SERVICE_SETTINGS, ServiceSettings

__all__ = ["register", "run_serve", "check_port"]


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
    option("--query-memory", "query_memory_mb", type=int, metavar="MB")
    option("--trusted-proxies", "trusted_proxies", metavar="ADDRESSES")
    option("--access-log", "access_log", action="store_true", default=None)


def check_port(host: str, port: int) -> None:
    """Raise :class:`~napkg.graph.errors.InvalidParameter` unless ``host:port`` can be listened on now.

    Bound and released at once, as uvicorn binds it (``SO_REUSEADDR``), so that a port in use
    is reported before the graph is built rather than after.
    """
    from napkg.graph.errors import InvalidParameter

    if not 0 <= port <= 65535:
        raise InvalidParameter(f"--port {port} is not a port number (0 to 65535)", parameter="port",
                               hint="give a number such as 8000")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise InvalidParameter(f"--host {host!r} is not an address of this machine ({exc.strerror})",
                               parameter="host", hint="give 127.0.0.1, 0.0.0.0 or a local address") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                message = (f"port {port} on {host} is already in use (another napkg serve?); stop that process, "
                           f"or give another port: napkg serve --port {port + 1 if port < 65535 else 8000}")
            else:
                message = f"cannot listen on {host}:{port}: {exc.strerror}; give another --host or --port"
            raise InvalidParameter(message, parameter="port", hint="give a free port") from None


def run_serve(args: argparse.Namespace) -> int:
    """Serve until interrupted; 0 on a clean stop (errors raise NapKgError: exit code 2)."""
    from napkg.api.app import serve
    from napkg.api.settings import load_service_settings
    from napkg.graph.errors import NapKgError

    settings = load_service_settings(
        host=args.host, port=args.port, graph_file=args.graph, data_dir=args.data, store=args.store,
        query_timeout_s=args.query_timeout, max_results=args.max_results, query_workers=args.workers,
        query_memory_mb=args.query_memory, trusted_proxies=args.trusted_proxies,
        access_log=args.access_log,
    )
    check_port(settings.host, settings.port)
    try:
        serve(settings)
    except SystemExit as exc:  # uvicorn exits with 3 when it cannot start (the port taken meanwhile)
        if exc.code in (None, 0):
            return 0
        raise NapKgError(f"the server could not start on {settings.host}:{settings.port} (see the message above); "
                         f"give another --port, or stop the process that holds it") from None
    return 0
