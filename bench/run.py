#!/usr/bin/env python3
"""nap-kg's benchmark: build, load, queries, concurrent lookups, analyses and the page, with baselines.

For each size N (activities; M = N/5 bodies) it makes a synthetic edition (N = 64 is the real
Azerbaijani plan in ``data/``), builds it as ``napkg build`` does, and measures, each figure in
the same run as its baseline:

- build time (data → graph, by stage) and the time to load ``graph.nq`` into pyoxigraph (what
  ``napkg serve --graph`` does), into rdflib's memory store and into rdflib with oxrdflib;
- p50/p95 of every curated query (``graph/queries/*.rq``) through nap-kg's ``/sparql`` (HTTP,
  worker processes, limits), beside the same query on bare pyoxigraph in one process (query +
  JSON serialization), on rdflib's memory store and on rdflib + oxrdflib, those two where they
  finish within ``--rdflib-bound`` seconds;
- ``/agencies/{id}``, ``/who-owns`` (common words, and the phrases of tests/test_search_phrases.py as people
  type them: the search row) and the entity pages (``/id/…``, HTML, bodies and activities) under ``--clients`` concurrent connections from wrk (a
  second process), and the per-agency lookup as a SPARQL query sent to nap-kg's ``/sparql``, to
  ``oxigraph serve-read-only``, to Virtuoso (directly and through ``napkg serve --store URL``;
  ``bench/virtuoso.py``, which also times loading it) and to rdflib-endpoint, each loaded with the same graph;
- the analyses (betweenness sampled beyond 1,000 bodies: the output says so) and the network
  page's generation time and node count.

Everything listens on 127.0.0.1 only; every load test is bounded by ``--duration``. Needs the
``bench`` extra (``pip install -e '.[bench]'``) and wrk (``apt-get install wrk``).

Example::

    .venv/bin/python bench/run.py --sizes 64,5000 --duration 10
    .venv/bin/python bench/run.py --sizes 64,5000,100000 --out docs/benchmark-table.md
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
PREFIXES = ("PREFIX nap: <https://w3id.org/nap-kg/ontology#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
WORDS = ("procurement", "budget", "hotline", "registry", "grants", "transparency", "open data", "customs",
         "asset declarations", "court decisions", "consultations", "permits", "beneficial ownership", "school")

SEARCH_ROW = "search: /who-owns, the phrase table"
"""The search row: /who-owns asked the phrases of tests/test_search_phrases.py."""

UNCACHED_ROW = "nap-kg /sparql, response cache bypassed"
"""The per-agency lookups sent with ``Cache-Control: no-cache``: each query runs (the plain row repeats lookups)."""


ONE_CLIENT_ROW = "nap-kg /sparql, cache bypassed, all connections one client"
"""The uncached lookups from one address: the fair share runs one query of a client's at a time."""

BENCH_SERVER_ENV = {"NAPKG_CLIENT_QUERY_SECONDS": "0", "NAPKG_MAX_RESULT_BYTES": "4000000000"}
"""nap-kg's settings in the benchmark beyond the command line: the curated queries come from one
client, one after another, and at 100,000 activities would spend its 30 s a minute of query time
(a 429, by design) and pass the 32 MB response limit (who-owns-what); both limits off, so each
query's own time is measured. The per-client concurrency (1) stays on."""


def _bench_module(name: str) -> Any:
    """A module of bench/ by its file (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def search_phrases() -> list[str]:
    """The phrases of tests/test_search_phrases.py (activities, then bodies), as people type them."""
    spec = importlib.util.spec_from_file_location("search_phrases", ROOT / "tests" / "test_search_phrases.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [phrase for phrase, _, _ in (*module.ACTIVITY_PHRASES, *module.BODY_PHRASES)]


def agency_query(iri: str) -> str:
    """The per-agency lookup as SPARQL: what the body implements or is recommended, first 100 by code."""
    return PREFIXES + (
        "SELECT ?role ?activity ?code ?title WHERE {\n"
        f"  {{ ?activity nap:implementedBy <{iri}> BIND(\"implementer\" AS ?role) }}\n"
        f"  UNION {{ ?activity nap:recommendedTo <{iri}> BIND(\"recommended_to\" AS ?role) }}\n"
        "  ?activity nap:code ?code ; dcterms:title ?title .\n"
        "} ORDER BY ?role ?code LIMIT 100")


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank) of ``samples``, in milliseconds."""
    ordered = sorted(samples)
    if not ordered:
        return float("nan"), float("nan")

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))]

    return rank(0.50) * 1000, rank(0.95) * 1000


def repeat(run: Callable[[], Any], *, times: int, budget_s: float, warm_ups: int = 1) -> list[float]:
    """Durations of ``run`` repeated up to ``times`` times within ``budget_s`` (at least once).

    First ``warm_ups`` untimed runs, side by side: caches, connections, parsed plans, and for a
    server with several query workers one warm-up each (a worker's first query in a large
    store runs cold, and the next request may go to any idle worker).
    """
    if warm_ups > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(warm_ups) as pool:
            list(pool.map(lambda _: run(), range(warm_ups)))
    else:
        run()
    samples: list[float] = []
    started = time.perf_counter()
    while len(samples) < times and (not samples or time.perf_counter() - started < budget_s):
        t0 = time.perf_counter()
        run()
        samples.append(time.perf_counter() - t0)
    return samples


SERVED_PAGES = (("first", "/viz"), ("again", "/viz"), ("other", "/viz?view=agency&role=implementer"))
"""The served network page's requests, in order: the first after start-up, the same again, other options."""


def served_page(base: str) -> dict[str, Any]:
    """The served network page over HTTP, uncompressed: each request of :data:`SERVED_PAGES`, its seconds and bytes."""
    import httpx

    figures: dict[str, Any] = {}
    for name, path in SERVED_PAGES:
        t0 = time.perf_counter()
        response = httpx.get(base + path, timeout=3600, headers={"Accept-Encoding": "identity"})
        figures[name] = {"s": time.perf_counter() - t0, "bytes": len(response.content), "status": response.status_code}
    return figures


def wait_http(url: str, *, process: subprocess.Popen[bytes], timeout_s: float) -> float:
    """Seconds until ``url`` answers (any status); raises if ``process`` dies or time runs out."""
    import httpx

    started = time.perf_counter()
    while True:
        try:
            httpx.get(url, timeout=2)
            return time.perf_counter() - started
        except httpx.TransportError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with {process.returncode}")
        if time.perf_counter() - started > timeout_s:
            raise TimeoutError(f"{url}: not up after {timeout_s:.0f} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def peak_memory_mb(pid: int) -> dict[str, int] | None:
    """The peak resident memory (VmHWM, MB) of a running process and of its largest descendant, from /proc."""
    def hwm(p: int) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
        except OSError:
            pass
        return 0

    def children(p: int) -> list[int]:
        try:
            found = []
            for task in Path(f"/proc/{p}/task").iterdir():
                found += [int(c) for c in (task / "children").read_text().split()]
            return found
        except OSError:
            return []

    if not Path(f"/proc/{pid}").exists():
        return None
    below, todo = [], children(pid)
    while todo:
        c = todo.pop()
        below.append(c)
        todo += children(c)
    return {"process": hwm(pid), "children": max((hwm(c) for c in below), default=0)}


def child(mode: str, payload: dict[str, Any], *, timeout_s: float | None = None) -> tuple[list[dict[str, Any]], bool]:
    """Run ``mode`` of this script in a fresh process; its JSON lines, and whether it finished in time."""
    command = [PYTHON, __file__, "--child", mode, "--payload", json.dumps(payload)]
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=sys.stderr, cwd=ROOT)
        try:
            process.wait(timeout_s)
            finished = process.returncode == 0
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            finished = False
        out.seek(0)
        lines = [json.loads(line) for line in out.read().decode().splitlines() if line.startswith("{")]
    return lines, finished


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# child processes: each measures one thing in a fresh interpreter and prints JSON lines
# ---------------------------------------------------------------------------------------------


def child_build(payload: dict[str, Any]) -> None:
    """Build as ``napkg build --out`` does, timing each stage; then write the four files."""
    from napkg.graph.publish import build_and_check, write_outputs

    marks: list[tuple[float, str]] = []
    started = time.perf_counter()
    result = build_and_check(Path(payload["data"]), progress=lambda m: marks.append((time.perf_counter(), m)))
    total = time.perf_counter() - started
    marks.append((time.perf_counter(), "end"))
    stages: dict[str, float] = {}
    names = {"reading": "read edition", "checking": "quote check", "building": "RDF into the store",
             "computing": "analyses (metrics)", "validating": "validation"}
    for (t0, message), (t1, _) in zip(marks, marks[1:]):
        for key, name in names.items():
            if message.startswith(key):
                stages[name] = stages.get(name, 0.0) + t1 - t0
    t0 = time.perf_counter()
    write_outputs(result, Path(payload["out"]))
    write_s = time.perf_counter() - t0
    from napkg.graph import publish

    peak = publish.peak_memory_mb() if hasattr(publish, "peak_memory_mb") else None  # older builds lack it
    emit({"build_s": total, "stages": stages, "quads": len(result.store), "engine": result.report.engine,
          "quotes_checked": result.quotes_checked, "write_s": write_s, "peak_memory_mb": peak,
          "activities": result.edition.activity_count,
          "bodies": sum(len(p.bodies) for p in result.edition.plans)})


def _curated() -> list[tuple[str, str]]:
    from napkg.graph.queries import list_queries

    return [(q.name, q.text) for q in list_queries()]


def child_bare(payload: dict[str, Any]) -> None:
    """Load graph.nq into in-memory pyoxigraph; time each curated query (evaluation + JSON serialization)."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store = ox.Store()
    store.bulk_load(path=payload["nq"], format=ox.RdfFormat.N_QUADS)
    emit({"load_s": time.perf_counter() - t0, "quads": len(store)})
    bodies = [row["b"].value for row in store.query(
        PREFIXES + "SELECT ?b WHERE { ?b a nap:Body } ORDER BY ?b", use_default_graph_as_union=True)]
    slugs = [row["s"].value for row in store.query(
        PREFIXES + "SELECT ?s WHERE { ?b a nap:Agency ; nap:slug ?s } ORDER BY ?s", use_default_graph_as_union=True)]
    emit({"bodies": bodies, "slugs": slugs})
    for name, text in _curated():
        if payload.get("only") and name not in payload["only"]:
            continue

        def run(text: str = text) -> int:
            result = store.query(text, use_default_graph_as_union=True)
            return len(result.serialize(format=ox.QueryResultsFormat.JSON))

        def measure(name: str = name, text: str = text, run: Callable[[], int] = run) -> None:
            t0 = time.perf_counter()
            rows = sum(1 for _ in store.query(text, use_default_graph_as_union=True))  # also the warm-up
            emit({"query": name, "rows": rows, "first_s": time.perf_counter() - t0})
            samples: list[float] = []
            started = time.perf_counter()
            while len(samples) < payload["repeats"] and (not samples or time.perf_counter() - started < payload["budget_s"]):
                t1 = time.perf_counter()
                run()
                samples.append(time.perf_counter() - t1)
                emit({"query": name, "samples": samples})

        _bounded(measure, payload["bound_s"], {"query": name, "error": f"> {payload['bound_s']:.0f} s"})


def _bounded(work: Callable[[], None], bound_s: float, otherwise: dict[str, Any]) -> None:
    """Run ``work`` in a forked copy of this process (the loaded store is shared); kill it after ``bound_s``."""
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        try:
            work()
            sys.stdout.flush()
        finally:
            os._exit(0)
    deadline = time.monotonic() + bound_s
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    emit(otherwise)


def child_rdflib(payload: dict[str, Any]) -> None:
    """Load graph.nq into rdflib (memory store, or oxrdflib with its ox-nquads parser); time the curated queries."""
    from rdflib import Dataset

    t0 = time.perf_counter()
    if payload["store"] == "oxigraph":
        dataset = Dataset(store="Oxigraph", default_union=True)
        dataset.parse(payload["nq"], format="ox-nquads")
    else:
        dataset = Dataset(default_union=True)
        dataset.parse(payload["nq"], format="nquads")
    emit({"load_s": time.perf_counter() - t0})
    for name, text in _curated():
        def run() -> int:
            return len(dataset.query(text).serialize(format="json"))

        try:
            emit({"query": name, "samples": repeat(run, times=payload["repeats"], budget_s=payload["budget_s"])})
        except Exception as exc:  # rdflib fails on some queries: report it as its result
            emit({"query": name, "error": f"{type(exc).__name__}"})


def child_analysis(payload: dict[str, Any]) -> None:
    """The analyses on the store's select, then the network page (its model and HTML)."""
    import pyoxigraph as ox

    from napkg.graph.analysis import analyse
    from napkg.graph.store import select_rows

    store = ox.Store()
    store.bulk_load(path=payload["nq"], format=ox.RdfFormat.N_QUADS)

    def select(query: str) -> list[dict[str, Any]]:
        return select_rows(store, query)

    t0 = time.perf_counter()
    result = analyse(select)
    analysis_s = time.perf_counter() - t0
    record: dict[str, Any] = {"analysis_s": analysis_s, "sampling": result.sampling.describe(),
                              "bodies": len(result.bodies)}
    from napkg.viz.model import build_model, load_viz_data
    from napkg.viz.page import render_model

    t0 = time.perf_counter()
    data = load_viz_data(select, analysis=result)
    model = build_model(data, max_bodies=payload["max_bodies"])
    html = render_model(model)
    record.update(page_s=time.perf_counter() - t0, page_bytes=len(html), counts=model.counts)
    emit(record)


CHILDREN = {"build": child_build, "bare": child_bare, "rdflib": child_rdflib, "analysis": child_analysis}


# ---------------------------------------------------------------------------------------------
# load generation with wrk (a second process, C, bounded in time)
# ---------------------------------------------------------------------------------------------

_LUA = r"""
local requests = {}
local spread = %(spread)d  -- client addresses a thread's requests cycle through (0: none sent)
local threads = 0
setup = function(thread)
  threads = threads + 1
  thread:set("id", threads)
end
init = function(args)  -- wrk.format needs the thread's host header, set only by now
%(requests)s
end
local i, k = 0, 0
request = function()
  i = i %% #requests + 1
  local r = requests[i]
  if spread == 0 then return wrk.format(r[1], r[2], r[3], r[4]) end
  k = k %% spread + 1
  r[3]["X-Forwarded-For"] = string.format("10.0.%%d.%%d", id, k)
  return wrk.format(r[1], r[2], r[3], r[4])
end
done = function(summary, latency, req)
  io.write(string.format('{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"errors": %%d, "status_errors": %%d, "timeouts": %%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
"""
"""wrk's script: the requests cycled through, each from the next of ``spread`` client addresses per thread.

With ``spread`` twice the connections of a thread, requests in flight at once come from different
addresses (``X-Forwarded-For``, which nap-kg believes from its trusted proxy 127.0.0.1): the
connections stand for as many people, each with a fair share of their own (other servers ignore
the header).
"""


def _lua_string(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


def wrk(base: str, requests: list[tuple[str, str, str | None, dict[str, str]]], *, clients: int, duration: int,
        work: Path, one_client: bool = False) -> dict[str, Any]:
    """Run wrk with ``clients`` connections for ``duration`` s, cycling through ``requests``.

    Each connection stands for a person of their own (a client address each, as a proxy forwards
    them), unless ``one_client``: then all come from one address, as wrk's connections are.
    """
    lines = []
    for method, path, body, headers in requests:
        header_table = "{" + ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in headers.items()) + "}"
        lines.append(f"requests[#requests + 1] = {{{_lua_string(method)}, {_lua_string(path)}, "
                     f"{header_table}, {_lua_string(body) if body is not None else 'nil'}}}")
    threads = max(1, min(2, clients))
    script = work / f"wrk-{os.getpid()}-{time.monotonic_ns()}.lua"
    spread = 0 if one_client else 2 * max(1, -(-clients // threads))
    script.write_text(_LUA % {"requests": "\n".join(lines), "spread": spread}, encoding="utf-8")
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{clients}", f"-d{duration}s", "--timeout", "10s",
                          "-s", str(script), base], capture_output=True, text=True, timeout=duration + 60)
    script.unlink()
    for line in out.stdout.splitlines():
        if line.startswith("{"):
            data = json.loads(line)
            data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
            return data
    raise RuntimeError(f"wrk gave no summary: {out.stdout[-500:]} {out.stderr[-500:]}")


# ---------------------------------------------------------------------------------------------
# one size
# ---------------------------------------------------------------------------------------------


def warm_up(base: str, slugs: list[str]) -> None:
    """One untimed request to each JSON route: the app builds its in-memory catalogue on the first one."""
    import httpx

    for path in (f"/agencies/{slugs[0]}" if slugs else "/agencies", "/who-owns?q=budget"):
        httpx.get(f"{base}{path}", timeout=1800)


def sparql_request(query: str) -> tuple[str, str, str, dict[str, str]]:
    from urllib.parse import urlencode

    return ("POST", "/sparql", urlencode({"query": query}),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})


def entity_page_requests(client: Any, bodies: list[str], *, seed: int) -> list[tuple[str, str, str | None, dict[str, str]]]:
    """Browser requests for the pages of ``bodies`` and of as many activities (``/id/…``, HTML)."""
    answer = client.post("/sparql", data={"query": "SELECT ?a WHERE { ?a a <https://w3id.org/nap-kg/ontology#Activity> }"},
                         headers={"Accept": "application/sparql-results+json"})
    activities = [b["a"]["value"] for b in answer.json()["results"]["bindings"]]
    chosen = bodies + random.Random(seed).sample(activities, min(len(bodies), len(activities)))
    prefix = "https://w3id.org/nap-kg"
    return [("GET", iri[len(prefix):], None, {"Accept": "text/html"}) for iri in chosen if iri.startswith(prefix)]


def run_size(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    from urllib.parse import quote

    import httpx

    figures: dict[str, Any] = {"n": n}
    folder = work / f"n{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if n == 64:
        data = ROOT / "data"
        figures["data"] = "the real plan (data/)"
    else:
        from napkg.graph.edition.synthetic import write_synthetic_edition

        data = folder / "data"
        t0 = time.perf_counter()
        summary = write_synthetic_edition(data, activities=n, bodies=max(8, n // 5), seed=args.seed)
        figures["synth_s"] = time.perf_counter() - t0
        figures["data"] = f"synthetic, seed {args.seed}, {summary.bodies} bodies"
    out = folder / "out"
    nq = out / "graph.nq"

    log(f"N={n}: building")
    (build,), finished = child("build", {"data": str(data), "out": str(out)})
    figures["build"] = build
    figures["bounds"] = {"query_s": args.query_bound, "rdflib_s": args.rdflib_bound,  # said with the figures
                         "clients": args.clients, "duration_s": args.duration}

    log(f"N={n}: bare pyoxigraph")
    repeats, budget = args.repeats, args.query_budget
    lines, _ = child("bare", {"nq": str(nq), "repeats": repeats, "budget_s": budget, "bound_s": args.query_bound})
    figures["load_pyoxigraph_s"] = lines[0]["load_s"]
    bodies, slugs = lines[1]["bodies"], lines[1]["slugs"]
    figures["bare"] = {}
    for line in lines[2:]:  # a query's rows, then its samples so far; an error if it ran past the bound
        figures["bare"].setdefault(line["query"], {}).update(line)

    for store in ("memory", "oxigraph"):
        log(f"N={n}: rdflib ({store})")
        lines, finished = child("rdflib", {"nq": str(nq), "store": store, "repeats": repeats, "budget_s": budget},
                                timeout_s=args.rdflib_bound)
        figures[f"rdflib_{store}"] = {
            "load_s": lines[0]["load_s"] if lines else None, "finished": finished,
            "queries": {line["query"]: line.get("samples") or line.get("error") for line in lines[1:]},
        }

    log(f"N={n}: analyses and page")
    lines, finished = child("analysis", {"nq": str(nq), "max_bodies": 300}, timeout_s=args.analysis_bound)
    figures["analysis"] = lines[0] if lines else {"error": f"not finished within {args.analysis_bound:.0f} s"}

    rng = random.Random(args.seed)
    sample_bodies = rng.sample(bodies, min(200, len(bodies)))
    sample_slugs = rng.sample(slugs, min(200, len(slugs)))
    lookups = [sparql_request(agency_query(iri)) for iri in sample_bodies]
    servers: list[subprocess.Popen[bytes]] = []
    try:
        log(f"N={n}: nap-kg serve")
        port = free_port()
        napkg = subprocess.Popen([str(BIN / "napkg"), "serve", "--graph", str(nq), "--port", str(port),
                                  "--max-results", "100000000", "--query-timeout", str(args.query_bound),
                                  "--workers", str(args.workers), "--trusted-proxies", "127.0.0.1"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                                 env={**os.environ, **BENCH_SERVER_ENV})
        servers.append(napkg)
        base = f"http://127.0.0.1:{port}"
        figures["napkg_start_s"] = wait_http(f"{base}/sparql?query=ASK%7B%7D", process=napkg, timeout_s=1800)
        figures["served_page"] = served_page(base)
        paths = httpx.get(f"{base}/openapi.json", timeout=60).json().get("paths", {})
        warm_up(base, sample_slugs)
        client = httpx.Client(base_url=base, timeout=600)
        figures["napkg"] = {}
        for name, text in _curated():
            def run(text: str = text) -> None:
                response = client.post("/sparql", data={"query": text},
                                       headers={"Accept": "application/sparql-results+json", "Cache-Control": "no-cache"})
                response.raise_for_status()

            try:
                figures["napkg"][name] = repeat(run, times=repeats, budget_s=budget, warm_ups=args.workers)
            except httpx.HTTPStatusError as exc:
                kind = exc.response.json().get("error", {}).get("type", exc.response.status_code)
                figures["napkg"][name] = f"> {args.query_bound:.0f} s" if kind == "QueryTimeout" else f"error {kind}"
        concurrency: dict[str, Any] = {}
        if "/agencies/{id}" in paths:
            if any(client.get(f"/agencies/{s}").status_code != 200 for s in sample_slugs[:5]):
                concurrency["/agencies/{id}"] = {"error": "the route answered an error for a known body"}
            else:
                concurrency["/agencies/{id}"] = wrk(base, [("GET", f"/agencies/{s}", None, {}) for s in sample_slugs],
                                                    clients=args.clients, duration=args.duration, work=work)
        else:
            concurrency["/agencies/{id}"] = {"error": "no such route in this build of nap-kg"}
        if "/who-owns" in paths:
            concurrency["/who-owns"] = wrk(base, [("GET", f"/who-owns?q={quote(w)}", None, {}) for w in WORDS],
                                           clients=args.clients, duration=args.duration, work=work)
            concurrency[SEARCH_ROW] = wrk(base, [("GET", f"/who-owns?q={quote(p)}", None, {}) for p in search_phrases()],
                                          clients=args.clients, duration=args.duration, work=work)
        else:
            concurrency["/who-owns"] = {"error": "no such route in this build of nap-kg"}
        concurrency["nap-kg /sparql"] = wrk(base, lookups, clients=args.clients, duration=args.duration, work=work)
        concurrency[ONE_CLIENT_ROW] = wrk(base, [(m, p, b, {**h, "Cache-Control": "no-cache"}) for m, p, b, h in lookups],
                                          clients=args.clients, duration=args.duration, work=work, one_client=True)
        # the same lookups, each asking not to be answered from the response cache: every one runs on a worker
        uncached = [(m, p, b, {**h, "Cache-Control": "no-cache"}) for m, p, b, h in lookups]
        concurrency[UNCACHED_ROW] = wrk(base, uncached, clients=args.clients, duration=args.duration, work=work)
        concurrency["entity pages /id/…"] = wrk(base, entity_page_requests(client, sample_bodies, seed=args.seed),
                                                clients=args.clients, duration=args.duration, work=work)
        client.close()
        figures["napkg_peak_memory_mb"] = peak_memory_mb(napkg.pid)
        stop(napkg)

        from ready import ready_rows  # bench/ready.py, beside this script

        log(f"N={n}: nap-kg serve ready, from graph.nq and from an on-disk store")
        figures["ready"] = ready_rows(BIN / "napkg", nq, folder / "store", body=sample_slugs[0] if sample_slugs else None)

        log(f"N={n}: oxigraph serve-read-only")
        location = folder / "oxigraph"
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(nq)],
                       check=True, capture_output=True)
        figures["oxigraph_load_s"] = time.perf_counter() - t0
        port = free_port()
        oxigraph = subprocess.Popen([str(BIN / "oxigraph"), "serve-read-only", "--location", str(location),
                                     "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append(oxigraph)
        wait_http(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process=oxigraph, timeout_s=300)
        peer = [("POST", "/query", body, headers) for _, _, body, headers in lookups]
        concurrency["oxigraph serve-read-only"] = wrk(f"http://127.0.0.1:{port}", peer, clients=args.clients,
                                                      duration=args.duration, work=work)
        stop(oxigraph)

        virtuoso = _bench_module("virtuoso")
        if n > args.virtuoso_up_to:
            concurrency["Virtuoso"] = {"error": f"not run above {args.virtuoso_up_to:,} activities (--virtuoso-up-to)"}
        else:
            log(f"N={n}: Virtuoso")  # bench/virtuoso.py starts, loads and stops it
            try:
                figures["virtuoso"], rows = virtuoso.bench_figures(nq, lookups, lambda base, requests: wrk(
                    base, requests, clients=args.clients, duration=args.duration, work=work), napkg=BIN / "napkg")
                concurrency.update(rows)
            except virtuoso.VirtuosoMissing as exc:
                concurrency["Virtuoso"] = {"error": str(exc)}

        log(f"N={n}: rdflib-endpoint")
        port = free_port()
        endpoint = subprocess.Popen([str(BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port),
                                     str(nq)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        servers.append(endpoint)
        try:
            figures["rdflib_endpoint_start_s"] = wait_http(f"http://127.0.0.1:{port}/?query=ASK%7B%7D",
                                                           process=endpoint, timeout_s=args.rdflib_bound)
            at_root = [("POST", "/", body, headers) for _, _, body, headers in lookups]  # it serves SPARQL at /
            concurrency["rdflib-endpoint"] = wrk(f"http://127.0.0.1:{port}", at_root, clients=args.clients,
                                                 duration=args.duration, work=work)
        except TimeoutError:
            concurrency["rdflib-endpoint"] = {"error": f"did not start within {args.rdflib_bound:.0f} s"}
        except RuntimeError as exc:
            concurrency["rdflib-endpoint"] = {"error": f"failed: {exc}"}
        stop(endpoint)
        figures["concurrency"] = concurrency
    finally:
        for server in servers:
            stop(server)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


# ---------------------------------------------------------------------------------------------
# the tables
# ---------------------------------------------------------------------------------------------


def _bound(record: dict[str, Any], key: str, default: float) -> float:
    """The bound a size was measured with (runs before bounds were recorded: ``default``)."""
    return float(record.get("bounds", {}).get(key, default))


def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


def _mb(value: dict[str, int] | None) -> str:
    """Peak memory as ``process / largest child`` in GB (a child shares its parent's pages: not a sum)."""
    if not value:
        return "–"
    return f"{value['process'] / 1024:.2f} / {value['children'] / 1024:.2f} GB"


def _ms(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    return f"{value:.1f}" if value < 100 else f"{value:.0f}"


def tables(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    sizes = [r["n"] for r in results]
    head = "| | " + " | ".join(f"N = {n:,}" for n in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n"
    out = ["### Build and load\n", head]

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        cells = []
        for r in results:
            try:
                cells.append(cell(r))
            except (KeyError, TypeError, IndexError):
                cells.append("–")
        out.append(f"| {label} | " + " | ".join(cells) + " |\n")

    row("data", lambda r: r["data"])
    row("activities / bodies", lambda r: f"{r['build']['activities']:,} / {r['build']['bodies']:,}")
    row("quads (with metrics and ontology)", lambda r: f"{r['build']['quads']:,}")
    row("write the synthetic edition", lambda r: _s(r.get("synth_s")))
    for stage in ("read edition", "quote check", "RDF into the store", "analyses (metrics)", "validation"):
        row(f"build: {stage}", lambda r, s=stage: _s(r["build"]["stages"].get(s)))
    row("validation engine", lambda r: r["build"]["engine"])
    row("**build total (data → graph)**", lambda r: f"**{_s(r['build']['build_s'])}**")
    row("write graph.ttl, .nt, .jsonld, .nq", lambda r: _s(r["build"]["write_s"]))
    row("peak memory: build (process / largest child)", lambda r: _mb(r["build"]["peak_memory_mb"]))
    row("**load graph.nq: pyoxigraph (memory)**", lambda r: f"**{_s(r['load_pyoxigraph_s'])}**")
    row("load graph.nq: `oxigraph load` (disk)", lambda r: _s(r.get("oxigraph_load_s")))
    row("load graph.nq: Virtuoso, `napkg build --store URL` (Graph Store Protocol)",
        lambda r: _s(r.get("virtuoso", {}).get("graph_store_s")))
    row("load graph.nq: Virtuoso, bulk loader (`ld_dir`, `rdf_loader_run`)",
        lambda r: _s(r.get("virtuoso", {}).get("bulk_loader_s")))
    row("load graph.nq: rdflib memory store",
        lambda r: _s(r["rdflib_memory"]["load_s"]) if r["rdflib_memory"]["load_s"] is not None
        else f"> {_bound(r, 'rdflib_s', args.rdflib_bound):.0f} s")
    row("load graph.nq: rdflib + oxrdflib (ox-nquads)",
        lambda r: _s(r["rdflib_oxigraph"]["load_s"]) if r["rdflib_oxigraph"]["load_s"] is not None
        else f"> {_bound(r, 'rdflib_s', args.rdflib_bound):.0f} s")
    row("`napkg serve --graph graph.nq` ready", lambda r: _s(r.get("napkg_start_s")))
    row("peak memory: `napkg serve` (process / largest worker)", lambda r: _mb(r["napkg_peak_memory_mb"]))
    for way, label in (("graph", "`napkg serve --graph graph.nq`"), ("store", "`napkg serve --store DIR`")):
        row(f"{label} ready: first 200 from /health, /agencies/{{id}} (bench/ready.py)",
            lambda r, w=way: f"{_s(r['ready'][w]['health_s'])}, {_s(r['ready'][w]['agency_s'])}")

    for r in results:
        out.append(f"\n### Curated queries, N = {r['n']:,}: p50 / p95 in ms (one client, sequential)\n\n")
        out.append("| query | rows | nap-kg /sparql | bare pyoxigraph | ratio p50 (p95) | rdflib memory | rdflib + oxrdflib |\n"
                   "|---|---|---|---|---|---|---|\n")
        for name, samples in r.get("napkg", {}).items():
            bare = r["bare"].get(name, {})
            if isinstance(samples, str) or not bare.get("samples"):
                shown = samples if isinstance(samples, str) else "{} / {}".format(*map(_ms, percentiles(samples)))
                bare_shown = bare.get("error", "–")
                if "first_s" in bare:
                    bare_shown = f"one run {_s(bare['first_s'])}, then {bare_shown}"
                rows = f"{bare['rows']:,}" if "rows" in bare else "–"
                out.append(f"| {name} | {rows} | {shown} | {bare_shown} | – | – | – |\n")
                continue
            n50, n95 = percentiles(samples)
            b50, b95 = percentiles(bare.get("samples", []))
            cells = []
            for key in ("rdflib_memory", "rdflib_oxigraph"):
                got = r[key]["queries"].get(name)
                if isinstance(got, str):
                    cells.append(f"fails ({got})")
                elif got:
                    g50, g95 = percentiles(got)
                    cells.append(f"{_ms(g50)} / {_ms(g95)}")
                else:
                    cells.append(f"> {_bound(r, 'rdflib_s', args.rdflib_bound):.0f} s (not run)"
                                 if not r[key]["finished"] else "–")
            out.append(f"| {name} | {bare.get('rows', '–'):,} | {_ms(n50)} / {_ms(n95)} | {_ms(b50)} / {_ms(b95)} | "
                       f"{n50 / b50:.2f} ({n95 / b95:.2f}) | {cells[0]} | {cells[1]} |\n")

    clients = {int(_bound(r, "clients", args.clients)) for r in results}
    durations = {_bound(r, "duration_s", args.duration) for r in results}
    out.append(f"\n### {'/'.join(map(str, sorted(clients)))} concurrent clients "
               f"(wrk, {'/'.join(f'{d:g}' for d in sorted(durations))} s each): requests/s, p50 / p95 in ms\n\n")
    out.append("| target | " + " | ".join(f"N = {n:,}" for n in sizes) + " |\n|---|" + "---|" * len(sizes) + "\n")
    targets = ["/agencies/{id}", "/who-owns", SEARCH_ROW, "entity pages /id/…", "nap-kg /sparql", UNCACHED_ROW,
               ONE_CLIENT_ROW, "oxigraph serve-read-only", "Virtuoso", "nap-kg /sparql, --store Virtuoso", "rdflib-endpoint"]
    for target in targets:
        cells = []
        for r in results:
            got = r.get("concurrency", {}).get(target)
            if not got:
                cells.append("–")
            elif "error" in got:
                cells.append(got["error"])
            else:
                errors = got["errors"] + got["status_errors"] + got["timeouts"]
                cells.append(f"{got['rps']:.0f} req/s, {got['p50_us'] / 1000:.1f} / {got['p95_us'] / 1000:.1f}"
                             + (f", {errors} errors" if errors else ""))
        label = target if target.startswith(("/", "search")) else f"per-agency SPARQL → {target}"
        out.append(f"| {label} | " + " | ".join(cells) + " |\n")
    for row_name, label in (("nap-kg /sparql", "nap-kg / oxigraph throughput (response cache on)"),
                            (UNCACHED_ROW, "nap-kg / oxigraph throughput (response cache bypassed)"),
                            (ONE_CLIENT_ROW, "nap-kg / oxigraph throughput (cache bypassed, one client)")):
        ratio = []
        for r in results:
            c = r.get("concurrency", {})
            try:
                ratio.append(f"{c[row_name]['rps'] / c['oxigraph serve-read-only']['rps']:.2f}")
            except (KeyError, ZeroDivisionError):
                ratio.append("–")
        out.append(f"| {label} | " + " | ".join(ratio) + " |\n")

    out.append("\n### Analyses and the network page\n\n" + head)
    row("analyses (load and bottleneck metrics)", lambda r: _s(r["analysis"].get("analysis_s")))
    row("betweenness", lambda r: r["analysis"].get("sampling", r["analysis"].get("error", "–")))
    row("page generation (model + HTML)", lambda r: _s(r["analysis"].get("page_s")))
    row("page nodes / edges drawn (bodies and activities)",
        lambda r: f"{r['analysis']['counts']['bipartite']['nodes']:,} / {r['analysis']['counts']['bipartite']['edges']:,}")
    row("page nodes / edges drawn (bodies only)",
        lambda r: f"{r['analysis']['counts']['agency']['nodes']:,} / {r['analysis']['counts']['agency']['edges']:,}")
    row("page size (the file napkg viz writes)", lambda r: f"{r['analysis']['page_bytes'] / 1e6:.1f} MB")
    for name, words in (("first", "first /viz after start-up"), ("again", "/viz again"), ("other", "/viz, other options")):
        row(f"served page: {words}", lambda r, name=name: "–" if name not in r.get("served_page", {}) else
            f"{_s(r['served_page'][name]['s'])}, {r['served_page'][name]['bytes'] / 1e6:.1f} MB")
    return "".join(out)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f"{pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = "unknown memory"
    import pyoxigraph
    import rdflib

    return (f"{os.cpu_count()} cores ({model}), {memory}, Linux {platform.release()}, Python "
            f"{platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__.split("\n\n")[0],
        epilog=textwrap.dedent("""\
            examples:
              .venv/bin/python bench/run.py --sizes 64,5000 --duration 10
              .venv/bin/python bench/run.py --sizes 64,5000,100000 --out docs/benchmark-table.md --json bench.json
            """),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="64,5000,100000",
                        help="activities per run, comma-separated; 64 is the real plan (default 64,5000,100000)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections for wrk (default 16)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--repeats", type=int, default=20, help="runs of each curated query (default 20)")
    parser.add_argument("--query-budget", type=float, default=20.0,
                        help="seconds a curated query may take in all before its repeats stop (default 20)")
    parser.add_argument("--query-bound", type=float, default=60.0,
                        help="seconds one curated query may run on nap-kg or bare pyoxigraph before it is "
                             "stopped and reported as over the bound (default 60)")
    parser.add_argument("--rdflib-bound", type=float, default=300.0,
                        help="seconds the rdflib baselines (load and queries) may take in all (default 300)")
    parser.add_argument("--analysis-bound", type=float, default=1800.0,
                        help="seconds the analyses and page may take (default 1800)")
    parser.add_argument("--workers", type=int, default=2, help="nap-kg query workers (default 2, the setting's default)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic plans (default 0)")
    parser.add_argument("--virtuoso-up-to", type=int, default=5000, metavar="N",
                        help="run the Virtuoso rows only at sizes up to N activities (default 5000)")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch files")
    parser.add_argument("--out", type=Path, help="also write the markdown tables to this file")
    parser.add_argument("--json", type=Path, help="also write every raw figure as JSON")
    parser.add_argument("--from-json", type=Path, nargs="+", metavar="FILE",
                        help="print the tables of earlier runs' --json files instead of measuring")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--payload", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        CHILDREN[args.child](json.loads(args.payload))
        return 0
    if args.from_json:
        results = [r for path in args.from_json for r in json.loads(path.read_text(encoding="utf-8"))]
        print(tables(sorted(results, key=lambda r: r["n"]), args))
        return 0
    if shutil.which("wrk") is None:
        print("bench/run.py: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    work = args.work or Path(tempfile.mkdtemp(prefix="napkg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    started = time.perf_counter()
    for n in sizes:
        results.append(run_size(n, args, work))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    command = "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv)
    text = (f"Machine: {machine()}.\n\nCommand: `{command}` ({(time.perf_counter() - started) / 60:.0f} min).\n\n"
            + tables(results, args))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.work is None and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
