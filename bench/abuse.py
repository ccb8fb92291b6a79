#!/usr/bin/env python3
"""The SPARQL endpoint under abuse: nap-kg's ``napkg serve`` beside ``oxigraph serve-read-only``, same probes.

Both servers serve the real plan's graph (``napkg build`` of ``data/``), with their default
settings (oxigraph given the same 10 s query time limit, ``--timeout-s 10``). Three probes,
each bounded in time and in memory (a server whose processes pass ``--memory-cap-mb`` is
stopped and the probe says so):

1. memory: two clients' concurrent ``SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1``;
   the peak of the server's memory (PSS, summed over its processes, sampled every 50 ms) and
   what each client got;
2. fairness: one client (127.0.0.2) sends 8 runaway queries at once; another (127.0.0.3) sends a
   cheap ``ASK {}`` every half second for 10 s: its median and worst latency, and its failures;
3. connections: 1,000 idle connections (connected, nothing sent); a normal client's ``ASK``
   latency while they are open, how many of them the server has closed after 15 s, and the
   server's memory.

Everything listens on 127.0.0.1. Run: ``.venv/bin/python bench/abuse.py`` (needs the ``oxigraph``
binary of the test or bench extra); ``--json FILE`` keeps the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ORDER_BY = "SELECT ?a ?d { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?{v} {{ {' '.join(str(i) for i in range(30))} }}" for v in "abcdefg") + " }"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def memory_mb(pid: int) -> float:
    """Proportional set size of ``pid`` and its descendants, in MB (shared pages counted once)."""
    total = 0
    for member in tree(pid):
        try:
            for line in Path(f"/proc/{member}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


class Sampler:
    """Samples a server's memory every 50 ms in a thread; stops the server past ``cap_mb``."""

    def __init__(self, process: subprocess.Popen[bytes], cap_mb: float) -> None:
        self.process, self.cap_mb, self.peak, self.capped = process, cap_mb, 0.0, False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            used = memory_mb(self.process.pid)
            self.peak = max(self.peak, used)
            if used > self.cap_mb:
                self.capped = True
                for member in reversed(tree(self.process.pid)):
                    with _quiet():
                        os.kill(member, 9)
                return
            self._stop.wait(0.05)

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


class _quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, *rest: object) -> bool:
        return kind is not None and issubclass(kind, OSError)


def _kind(response: httpx.Response) -> str:
    """`` TypeOfError`` for a nap-kg error body, else nothing."""
    try:
        return f" {response.json()['error']['type']}"
    except (ValueError, KeyError, TypeError):
        return ""


def client(address: str, timeout_s: float = 30) -> httpx.Client:
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), timeout=timeout_s)


def ask(url: str, address: str = "127.0.0.1", timeout_s: float = 30) -> tuple[float, int | str]:
    with client(address, timeout_s) as c:
        t0 = time.perf_counter()
        try:
            status: int | str = c.get(url, params={"query": "ASK {}"}).status_code
        except httpx.HTTPError as exc:
            status = type(exc).__name__
        return time.perf_counter() - t0, status


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            for member in reversed(tree(process.pid)):
                with _quiet():
                    os.kill(member, 9)
            process.wait()


def probe_memory(url: str, process: subprocess.Popen[bytes], cap_mb: float) -> dict[str, Any]:
    before = memory_mb(process.pid)
    with Sampler(process, cap_mb) as sampler, ThreadPoolExecutor(2) as pool:
        t0 = time.perf_counter()

        def run(i: int) -> str:
            with client(f"127.0.0.{10 + i}", 40) as c:  # two clients
                try:
                    r = c.post(url, data={"query": ORDER_BY})
                    return f"{r.status_code}{_kind(r)} after {time.perf_counter() - t0:.1f} s"
                except httpx.HTTPError as exc:
                    return f"{type(exc).__name__} after {time.perf_counter() - t0:.1f} s"

        answers = list(pool.map(run, range(2)))
    return {"idle_mb": round(before), "peak_mb": round(sampler.peak), "capped": sampler.capped, "answers": answers}


def probe_fairness(url: str, process: subprocess.Popen[bytes], cap_mb: float) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[str] = []
    runaway_statuses: list[str] = []
    with Sampler(process, cap_mb) as sampler, ThreadPoolExecutor(8) as pool:
        def runaway(_: int) -> None:
            with client("127.0.0.2", 40) as c:
                try:
                    r = c.get(url, params={"query": RUNAWAY})
                    runaway_statuses.append(f"{r.status_code}{_kind(r)}")
                except httpx.HTTPError as exc:
                    runaway_statuses.append(type(exc).__name__)

        futures = [pool.submit(runaway, i) for i in range(8)]
        time.sleep(0.5)  # the runaways have reached the server
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            took, status = ask(url, "127.0.0.3", 30)
            latencies.append(took)
            if status != 200:
                failures.append(str(status))
            time.sleep(0.5)
        for future in futures:
            future.result()
    return {"asks": len(latencies), "median_s": round(statistics.median(latencies), 3),
            "max_s": round(max(latencies), 3), "failed": failures, "runaways": sorted(runaway_statuses),
            "capped": sampler.capped}


def probe_connections(url: str, port: int, process: subprocess.Popen[bytes]) -> dict[str, Any]:
    idle = []
    refused = 0
    for _ in range(1000):
        sock = socket.socket()
        sock.settimeout(5)
        try:
            sock.connect(("127.0.0.1", port))
            idle.append(sock)
        except OSError:
            refused += 1
            sock.close()
    took, status = ask(url, "127.0.0.3", 30)
    held_mb = memory_mb(process.pid)
    time.sleep(15)
    closed = 0
    for sock in idle:
        sock.setblocking(False)
        try:
            closed += sock.recv(1) == b""
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        sock.close()
    return {"opened": len(idle), "refused": refused, "ask_s": round(took, 3), "ask_status": status,
            "memory_mb": round(held_mb), "closed_by_server_after_15_s": closed}


def run_server(name: str, start: Callable[[int], subprocess.Popen[bytes]], path: str,
               cap_mb: float, probes: list[str]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for probe in probes:  # a fresh server for each probe
        port = free_port()
        process = start(port)
        url = f"http://127.0.0.1:{port}{path}"
        try:
            wait_ready(url, process)
            print(f"{name}: {probe}", file=sys.stderr)
            if probe == "memory":
                figures[probe] = probe_memory(url, process, cap_mb)
            elif probe == "fairness":
                figures[probe] = probe_fairness(url, process, cap_mb)
            else:
                figures[probe] = probe_connections(url, port, process)
        finally:
            stop(process)
    return figures


def table(results: dict[str, dict[str, Any]]) -> str:
    names = list(results)
    lines = ["| probe | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        try:
            lines.append(f"| {label} | " + " | ".join(cell(results[n]) for n in names) + " |")
        except KeyError:
            pass  # that probe was not run

    row("2 × ORDER BY: peak memory (idle)", lambda r: f"{r['memory']['peak_mb']} MB ({r['memory']['idle_mb']} MB)"
        + (" — stopped at the probe's cap" if r["memory"]["capped"] else ""))
    row("2 × ORDER BY: answers", lambda r: "; ".join(r["memory"]["answers"]))
    row("8 runaways: other client's ASK, median / worst", lambda r: f"{r['fairness']['median_s']} s / "
        f"{r['fairness']['max_s']} s ({r['fairness']['asks']} asks, {len(r['fairness']['failed'])} failed)")
    row("8 runaways: their answers", lambda r: ", ".join(r["fairness"]["runaways"]))
    row("1,000 idle connections: ASK meanwhile", lambda r: f"{r['connections']['ask_s']} s "
        f"({r['connections']['ask_status']})")
    row("1,000 idle connections: closed by the server after 15 s",
        lambda r: f"{r['connections']['closed_by_server_after_15_s']} of {r['connections']['opened']}")
    row("1,000 idle connections: server memory", lambda r: f"{r['connections']['memory_mb']} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--memory-cap-mb", type=float, default=5000, help="stop a server whose processes pass this")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--probes", default="memory,fairness,connections", help="which probes to run")
    parser.add_argument("--from-json", type=Path, help="print the table of an earlier run")
    args = parser.parse_args(argv)
    if args.from_json:
        print(table(json.loads(args.from_json.read_text())))
        return 0
    with tempfile.TemporaryDirectory(prefix="napkg-abuse-") as work:
        out = Path(work) / "out"
        subprocess.run([str(BIN / "napkg"), "build", "--out", str(out)], check=True, capture_output=True)
        location = Path(work) / "oxigraph"
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(out / "graph.nq")],
                       check=True, capture_output=True)
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        results = {
            "nap-kg (napkg serve, defaults)": run_server("nap-kg", lambda port: subprocess.Popen(
                [str(BIN / "napkg"), "serve", "--graph", str(out / "graph.nq"), "--port", str(port)], **quiet),
                "/sparql", args.memory_cap_mb, args.probes.split(",")),
            "oxigraph serve-read-only --timeout-s 10": run_server("oxigraph", lambda port: subprocess.Popen(
                [str(BIN / "oxigraph"), "serve-read-only", "--location", str(location), "--bind",
                 f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", "10"], **quiet),
                "/query", args.memory_cap_mb, args.probes.split(",")),
        }
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
