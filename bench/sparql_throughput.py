#!/usr/bin/env python3
"""``/sparql`` throughput beside ``oxigraph serve-read-only``, side by side in one run, repeated.

Serves one built graph (``graph.nq``) with nap-kg (this checkout, and optionally a baseline
checkout's ``napkg``) and with ``oxigraph serve-read-only``, and sends each the per-agency
lookup of bench/run.py (the same 200 bodies, as SPARQL JSON) from wrk with ``--clients``
connections for ``--duration`` s. The servers take turns, ``--rounds`` times, so that each
ratio compares runs made a few seconds apart on the same (shared, noisy) machine. nap-kg runs
once with its response cache as configured and once with it off (``NAPKG_RESPONSE_CACHE_MB=0``),
labelled; a baseline without the setting ignores it.

Example::

    .venv/bin/python bench/sparql_throughput.py --nq out/graph.nq --rounds 3 \\
        --baseline ../wt-base/.venv/bin/napkg
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BIN, PREFIXES, agency_query, free_port, sparql_request, stop, wait_http, warm_up, wrk  # noqa: E402


def _times(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds: user + system) of process ``pid``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> tuple[float, float]:
    """CPU seconds used so far by process ``root`` and by all its live descendants together."""
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                table[int(entry)] = _times(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    family, frontier = set(), [root]
    while frontier:
        pid = frontier.pop()
        family.add(pid)
        frontier += [p for p, (parent, _) in table.items() if parent == pid and p not in family]
    return table.get(root, (0, 0.0))[1], sum(table[p][1] for p in family if p != root and p in table)


def bodies_of(nq: Path) -> list[str]:
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    return [row["b"].value for row in store.query(
        PREFIXES + "SELECT ?b WHERE { ?b a nap:Body } ORDER BY ?b", use_default_graph_as_union=True)]


def serve_napkg(napkg: str, nq: Path, env: dict[str, str], work: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    log = open(work / f"napkg-{port}.log", "wb")
    command = [napkg, "serve", "--graph", str(nq), "--port", str(port), "--max-results", "100000000"]
    if "--trusted-proxies" in subprocess.run([napkg, "serve", "--help"], capture_output=True, text=True).stdout:
        command += ["--trusted-proxies", "127.0.0.1"]  # wrk's connections as clients of their own, as in bench/run.py
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    wait_http(f"{base}/sparql?query=ASK%7B%7D", process=process, timeout_s=1800)
    warm_up(base, [])  # the catalogue is built on a thread at start-up: wait for it, as bench/run.py does
    wait_idle(process.pid)  # and for the rest of that thread's work (the plan figures), which holds the GIL
    return process, base


def wait_idle(pid: int, *, timeout_s: float = 900) -> None:
    """Return once process ``pid`` used under 5 % of a core for a whole second (or after ``timeout_s``)."""
    import time

    deadline = time.monotonic() + timeout_s
    used = cpu_seconds(pid)[0]
    while time.monotonic() < deadline:
        time.sleep(1.0)
        now = cpu_seconds(pid)[0]
        if now - used < 0.05:
            return
        used = now


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: bench/sparql_throughput.py --nq out/graph.nq --rounds 3",
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nq", type=Path, required=True, help="the graph.nq to serve")
    parser.add_argument("--baseline", help="the napkg command of a baseline checkout, measured in the same rounds")
    parser.add_argument("--rounds", type=int, default=3, help="turns each server takes (default 3)")
    parser.add_argument("--clients", type=int, default=16, help="wrk connections (default 16)")
    parser.add_argument("--duration", type=int, default=8, help="seconds of each wrk run (default 8)")
    parser.add_argument("--oxigraph-store", type=Path,
                        help="an on-disk store of the same graph for oxigraph (copied first) instead of `oxigraph load`")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-cache-row", action="store_true", help="skip the row with the response cache off")
    parser.add_argument("--bypass-row", action="store_true",
                        help="also run the lookups with Cache-Control: no-cache on the server of the first row, "
                             "right after it (every query runs; no second server to start)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for every nap-kg server (repeatable), e.g. NAPKG_QUERY_WORKERS=3")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="napkg-sparql-bench-"))
    bodies = bodies_of(args.nq)
    chosen = random.Random(args.seed).sample(bodies, min(200, len(bodies)))
    lookups = [sparql_request(agency_query(iri)) for iri in chosen]
    location = work / "oxigraph"
    if args.oxigraph_store:
        shutil.copytree(args.oxigraph_store, location)
        (location / "LOCK").unlink(missing_ok=True)
    else:
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(args.nq)],
                       check=True, capture_output=True)
    targets: list[tuple[str, str | None, dict[str, str]]] = []
    napkg = str(BIN / "napkg")
    env = dict(item.split("=", 1) for item in args.env)
    targets.append(("nap-kg (response cache on)", napkg, env))
    if not args.no_cache_row:
        targets.append(("nap-kg (response cache off)", napkg, {**env, "NAPKG_RESPONSE_CACHE_MB": "0"}))
    if args.baseline:
        targets.append(("nap-kg baseline", args.baseline, env))
    targets.append(("oxigraph serve-read-only", None, {}))
    bypass = "nap-kg (response cache bypassed: Cache-Control: no-cache)"
    results: dict[str, list[dict]] = {name: [] for name, _, _ in targets}
    if args.bypass_row:
        results = {targets[0][0]: [], bypass: [], **{name: [] for name, _, _ in targets[1:]}}
    try:
        for round_ in range(args.rounds):
            for name, command, extra in targets:
                if command is None:
                    port = free_port()
                    process = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
                                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                    base = f"http://127.0.0.1:{port}"
                    wait_http(f"{base}/query?query=ASK%7B%7D", process=process, timeout_s=300)
                    requests = [("POST", "/query", body, headers) for _, _, body, headers in lookups]
                else:
                    process, base = serve_napkg(command, args.nq, extra, work)
                    requests = lookups
                runs = [(name, requests)]
                if args.bypass_row and name == targets[0][0]:
                    runs.append((bypass, [(m, p, b, {**h, "Cache-Control": "no-cache"}) for m, p, b, h in requests]))
                try:
                    for label, sent in runs:
                        before = cpu_seconds(process.pid)
                        result = wrk(base, sent, clients=args.clients, duration=args.duration, work=work)
                        after = cpu_seconds(process.pid)
                        result["server_us"] = (after[0] - before[0]) / result["requests"] * 1e6
                        result["children_us"] = (after[1] - before[1]) / result["requests"] * 1e6
                        results[label].append(result)
                        print(f"round {round_ + 1} {label}: {result['rps']:.0f} req/s, "
                              f"p50 {result['p50_us'] / 1000:.1f} ms, CPU per request {result['server_us']:.0f} µs "
                              f"(server) + {result['children_us']:.0f} µs (workers), "
                              f"errors {result['errors'] + result['status_errors'] + result['timeouts']}",
                              file=sys.stderr, flush=True)
                finally:
                    stop(process)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    peer = results["oxigraph serve-read-only"]
    print(f"\n{args.nq}: {len(chosen)} lookups, {args.clients} clients, {args.duration} s a run, {args.rounds} rounds\n")
    print("| server | requests/s per round | median | ratio to oxigraph per round | median ratio "
          "| CPU µs per request: server + workers (median) |")
    print("|---|---|---|---|---|---|")
    for name, runs in results.items():
        rps = [r["rps"] for r in runs]
        ratios = [r["rps"] / p["rps"] for r, p in zip(runs, peer)]
        cpu = (f"{statistics.median(r['server_us'] for r in runs):.0f} + "
               f"{statistics.median(r['children_us'] for r in runs):.0f}")
        print(f"| {name} | {', '.join(f'{x:,.0f}' for x in rps)} | {statistics.median(rps):,.0f} | "
              f"{', '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} | {cpu} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
