#!/usr/bin/env python3
"""A private Virtuoso for the tests and the benchmark: started on free loopback ports, loaded, stopped.

Debian's ``virtuoso-opensource`` (``virtuoso-t``, ``isql-vt``) is run in the foreground with
its own ``virtuoso.ini`` in a fresh folder, never the system service: its SQL port and its HTTP
port (``/sparql``, ``/sparql-graph-crud-auth``) are free ports on 127.0.0.1, chosen at start.
Two ways of loading a build are timed side by side by :func:`main`:

- ``napkg build --store URL`` (the Graph Store Protocol, digest-authenticated as ``dba``),
  what a deployment uses, from any machine;
- Virtuoso's bulk loader (``ld_dir`` and ``rdf_loader_run`` through ``isql-vt``), which reads
  ``graph.nq`` from the server's own disk (the folder must be in ``DirsAllowed``).

The tests (``tests/test_virtuoso.py``) start one server per session with :class:`Virtuoso`.

Example::

    .venv/bin/python bench/virtuoso.py --nq /work/bench-data/out5000/graph.nq
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["NAPKG_ROW", "Virtuoso", "VirtuosoMissing", "bench_figures", "free_port", "load_times", "virtuoso_binary"]

PASSWORD = "dba"  # a fresh database's dba password; the server listens on loopback only


class VirtuosoMissing(RuntimeError):
    """``virtuoso-t`` is not installed, or did not start (the message says which)."""


def virtuoso_binary() -> str | None:
    """The path of ``virtuoso-t`` (Debian's ``virtuoso-opensource``), or None."""
    return shutil.which("virtuoso-t")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ini(folder: Path, *, sql_port: int, http_port: int) -> str:
    # ResultSetMaxRows: Virtuoso's default (10,000) cuts SELECT answers short without an error;
    # nap-kg applies its own row limit. MaxQueryExecutionTime likewise: nap-kg's time limit rules.
    db = folder / "db"
    return f"""\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
CheckpointInterval = 60
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 16
MaxClientConnections = 32
MaxKeepAlives = 32
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


class Virtuoso:
    """``virtuoso-t +foreground`` on free loopback ports, in ``folder`` (a new temporary one by default).

    >>> with Virtuoso() as server:  # doctest: +SKIP
    ...     server.query_url
    'http://127.0.0.1:41234/sparql'
    """

    def __init__(self, folder: Path | None = None, *, start_timeout_s: float = 120) -> None:
        binary = virtuoso_binary()
        if binary is None:
            raise VirtuosoMissing("virtuoso-t is not installed (Debian: apt-get install virtuoso-opensource)")
        self._owned = folder is None
        self.folder = Path(folder or tempfile.mkdtemp(prefix="napkg-virtuoso-"))
        (self.folder / "db").mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        ini = self.folder / "virtuoso.ini"
        ini.write_text(_ini(self.folder, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        self.base = f"http://127.0.0.1:{self.http_port}"
        self.query_url = f"{self.base}/sparql"
        self.graph_store_url = f"{self.base}/sparql-graph-crud-auth"
        self._log = open(self.folder / "virtuoso-t.out", "wb")
        self.process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=self.folder,
                                        stdout=self._log, stderr=subprocess.STDOUT)
        self._wait(start_timeout_s)

    def _wait(self, timeout_s: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(self.query_url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log_tail()
                self.stop()
                raise VirtuosoMissing(f"virtuoso-t did not start within {timeout_s:.0f} s: {log}")
            time.sleep(0.2)

    def log_tail(self, size: int = 800) -> str:
        """The end of the server's output (why it did not start, what it refused)."""
        path = self.folder / "virtuoso-t.out"
        return path.read_bytes()[-size:].decode("utf-8", "replace") if path.exists() else ""

    def isql(self, *statements: str, timeout_s: float = 3600) -> str:
        """Run SQL statements through ``isql-vt`` as dba; RuntimeError with its output if one fails."""
        isql = shutil.which("isql-vt") or shutil.which("isql")
        if isql is None:
            raise VirtuosoMissing("isql-vt is not installed (Debian: virtuoso-opensource)")
        script = "".join(f"{s.rstrip(';')};\n" for s in statements)
        done = subprocess.run([isql, f"127.0.0.1:{self.sql_port}", "dba", PASSWORD, "VERBOSE=OFF",
                               "PROMPT=OFF", "BANNER=OFF"], input=script.encode(), capture_output=True,
                              timeout=timeout_s, check=False)
        out = (done.stdout + done.stderr).decode("utf-8", "replace")
        if done.returncode != 0 or "*** Error" in out:
            raise RuntimeError(f"isql-vt failed: {out[-1500:]}")
        return out

    def bulk_load(self, nq: Path) -> None:
        """Load an N-Quads file with the bulk loader (copied into the server's folder first)."""
        inbox = self.folder / "inbox"
        inbox.mkdir(exist_ok=True)
        shutil.copyfile(nq, inbox / "graph.nq")
        self.isql(f"ld_dir('{inbox}', 'graph.nq', 'urn:napkg:unused')", "rdf_loader_run()", "checkpoint")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s) and remove a temporary folder."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()
        if self._owned:
            shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Virtuoso:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def load_with_napkg(server: Virtuoso, nq: Path) -> float:
    """Seconds to load ``nq`` as ``napkg build --store`` does (:meth:`SparqlEndpoint.replace_graphs`)."""
    import pyoxigraph as ox

    from napkg.graph.store import SparqlEndpoint

    store = ox.Store()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    endpoint = SparqlEndpoint(server.query_url, timeout_s=600, graph_store_url=_with_password(server.graph_store_url))
    started = time.perf_counter()
    endpoint.replace_graphs(store)
    return time.perf_counter() - started


def _with_password(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://dba:{PASSWORD}@{rest}"


def load_times(nq: Path) -> dict[str, float]:
    """Seconds to load ``nq`` into a fresh Virtuoso: Graph Store Protocol, reloading it, and the bulk loader."""
    times: dict[str, float] = {}
    with Virtuoso() as server:
        times["Graph Store Protocol (napkg build --store URL), empty store"] = load_with_napkg(server, nq)
        times["Graph Store Protocol, replacing the same build"] = load_with_napkg(server, nq)
    with Virtuoso() as server:
        started = time.perf_counter()
        server.bulk_load(nq)
        times["bulk loader (ld_dir, rdf_loader_run, checkpoint)"] = time.perf_counter() - started
    return times


def bench_figures(nq: Path, lookups: list[Any], measure: Callable[[str, list[Any]], dict[str, Any]], *,
                  napkg: Path) -> tuple[dict[str, float], dict[str, Any]]:
    """bench/run.py's Virtuoso figures: load times, and ``measure(base, requests)`` of the per-agency lookups.

    The lookups (``POST /sparql``) go to Virtuoso itself and to ``napkg serve --store URL`` in
    front of it; the load is :func:`load_with_napkg`, and the bulk loader in a second server.
    """
    import httpx

    loads: dict[str, float] = {}
    rows: dict[str, Any] = {}
    with Virtuoso() as server:
        loads["graph_store_s"] = load_with_napkg(server, nq)
        rows["Virtuoso"] = measure(server.base, lookups)
        port = free_port()
        serve = subprocess.Popen([str(napkg), "serve", "--store", server.query_url, "--port", str(port),
                                  "--max-results", "100000000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 300
            while serve.poll() is None and time.monotonic() < deadline:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            rows[NAPKG_ROW] = measure(f"http://127.0.0.1:{port}", lookups) if serve.poll() is None \
                else {"error": "napkg serve --store did not start"}
        finally:
            serve.terminate()
            serve.wait(30)
    with Virtuoso() as server:
        started = time.perf_counter()
        server.bulk_load(nq)
        loads["bulk_loader_s"] = time.perf_counter() - started
    return loads, rows


NAPKG_ROW = "nap-kg /sparql, --store Virtuoso"
"""The row of ``napkg serve --store URL`` in front of Virtuoso."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: bench/virtuoso.py --nq /work/bench-data/out5000/graph.nq")
    parser.add_argument("--nq", type=Path, required=True, help="the graph.nq of a build (napkg build --out)")
    args = parser.parse_args()
    if not args.nq.is_file():
        parser.error(f"--nq {args.nq}: no such file")
    for name, seconds in load_times(args.nq).items():
        print(f"| {name} | {seconds:.1f} s |")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    raise SystemExit(main())
