#!/usr/bin/env python3
"""How soon ``napkg serve`` is ready: process start → first 200 from ``/health``, and → first 200 from ``/agencies/{id}``.

Each way of serving is started in turn, ``--repeats`` times, alternating, so that the figures of
one run are side by side on an equally busy machine. A way is ``LABEL=COMMAND`` (the command's
``{port}`` is filled in), e.g. the same store served by two checkouts of nap-kg::

    .venv/bin/python bench/ready.py --id ministry-of-justice-1 \\
        --way "before=../base/.venv/bin/napkg serve --store /data/store100000 --port {port}" \\
        --way "after=.venv/bin/napkg serve --store var/store100000 --port {port}"

Without ``--id`` the first body's id the graph has is asked for. Everything listens on
127.0.0.1. :func:`ready_times` is what ``bench/run.py`` calls for its "ready" rows.
"""

from __future__ import annotations

import argparse
import shlex
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

__all__ = ["ready_times", "make_store", "ready_rows", "main"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_200(client: Any, path: str, process: subprocess.Popen[bytes], started: float, timeout_s: float) -> float:
    import httpx

    while True:
        try:
            if client.get(path).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{path}: the server exited with {process.returncode}")
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError(f"{path}: no 200 after {timeout_s:.0f} s")
        time.sleep(0.05)


def _some_body(client: Any) -> str:
    answer = client.get("/agencies", params={"limit": 1, "sort": "name"}, timeout=1800)
    answer.raise_for_status()
    return answer.json()["items"][0]["id"]


def ready_times(command: list[str], *, body: str | None = None, timeout_s: float = 1800) -> dict[str, Any]:
    """Start ``command`` (a ``napkg serve`` listening where its ``{port}`` says) and time its first answers.

    ``health_s``: seconds to the first 200 from ``/health``; ``agency_s``: to the first 200 from
    ``/agencies/{body}`` (asked once ``/health`` answers; without ``body``, the first body by name).
    """
    import httpx

    port = free_port()
    argv = [part.replace("{port}", str(port)) for part in command]
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as client:
            health = _first_200(client, "/health", process, started, timeout_s)
            if body is None:
                agency = None
                body = _some_body(client)
                agency = time.perf_counter() - started
            else:
                agency = _first_200(client, f"/agencies/{body}", process, started, timeout_s)
        return {"health_s": health, "agency_s": agency, "body": body}
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def make_store(nq: Path, folder: Path) -> None:
    """Load ``nq`` into an on-disk store in ``folder`` as ``napkg build --store`` writes it (with the
    catalogue's snapshot), in a fresh process, without building the graph again."""
    code = ("import sys; from napkg.cli.build import write_store_snapshot; "
            "from napkg.graph.store import load_store, save_store; "
            "save_store(load_store(sys.argv[1]), sys.argv[2], prepare=write_store_snapshot)")
    subprocess.run([sys.executable, "-c", code, str(nq), str(folder)], check=True)


def ready_rows(napkg: Path, nq: Path, folder: Path, *, body: str | None, repeats: int = 1) -> dict[str, Any]:
    """The figures of ``bench/run.py``'s ready rows: ``serve --graph nq`` and ``serve --store folder``
    (made from ``nq`` first), each started ``repeats`` times, alternating; the median of each."""
    started = time.perf_counter()
    make_store(nq, folder)
    figures: dict[str, Any] = {"make_store_s": time.perf_counter() - started}
    ways = {"graph": [str(napkg), "serve", "--graph", str(nq), "--port", "{port}"],
            "store": [str(napkg), "serve", "--store", str(folder), "--port", "{port}"]}
    samples: dict[str, list[dict[str, Any]]] = {key: [] for key in ways}
    for _ in range(repeats):
        for key, command in ways.items():
            samples[key].append(ready_times(command, body=body))
    for key, found in samples.items():
        figures[key] = {name: statistics.median(s[name] for s in found) for name in ("health_s", "agency_s")}
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--way", action="append", required=True, metavar="LABEL=COMMAND",
                        help="a way of serving: a label, then the command (with {port})")
    parser.add_argument("--id", help="the body asked for at /agencies/{id} (default: the first by name)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each way, alternating (default 3)")
    args = parser.parse_args(argv)
    ways = [(label, shlex.split(command)) for label, _, command in (w.partition("=") for w in args.way)]
    samples: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in ways}
    for run in range(args.repeats):
        for label, command in ways:
            found = ready_times(command, body=args.id)
            samples[label].append(found)
            print(f"[ready] run {run + 1} {label}: /health {found['health_s']:.1f} s, "
                  f"/agencies/{found['body']} {found['agency_s']:.1f} s", file=sys.stderr, flush=True)
    first = ways[0][0]
    base = statistics.median(s["agency_s"] for s in samples[first])
    print(f"\n| way | /health 200 (median, runs) | /agencies/{{id}} 200 (median, runs) | ratio to {first} |\n|---|---|---|---|")
    for label, _ in ways:
        health = [s["health_s"] for s in samples[label]]
        agency = [s["agency_s"] for s in samples[label]]
        print(f"| {label} | {statistics.median(health):.1f} s ({', '.join(f'{h:.1f}' for h in health)}) | "
              f"{statistics.median(agency):.1f} s ({', '.join(f'{a:.1f}' for a in agency)}) | "
              f"{statistics.median(agency) / base:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
