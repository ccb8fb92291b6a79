"""The service's connections under abuse: idle and slow heads, huge heads, too many sockets, clients that never read.

The server is uvicorn run with :func:`napkg.api.app.uvicorn_options` (so with the connection
guard of :mod:`napkg.api.connections`), on loopback, with short timeouts. Every abusive socket
is opened by the test, counted, and closed at its end; waits are bounded by socket timeouts.
"""

from __future__ import annotations

import os
import select
import socket
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import uvicorn

from napkg.api.app import create_app, uvicorn_options
from napkg.api.settings import load_service_settings
from napkg.api.tempfiles import DOWNLOADS_PREFIX, sweep_stale_downloads
from napkg.graph.store import GraphStore


class GuardedServer:
    """``napkg serve``'s uvicorn configuration, on a free loopback port, in a thread."""

    def __init__(self, app: Any, **settings: Any) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        options = uvicorn_options(load_service_settings(port=self.port, **settings))
        options.update(log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
        self.server = uvicorn.Server(uvicorn.Config(app, **options))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.listener]}, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> GuardedServer:
        self.thread.start()
        while not self.server.started:
            assert self.thread.is_alive(), "the server did not start"
            self.thread.join(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.listener.close()


@pytest.fixture(scope="module")
def guarded(module_mini_store: ox.Store) -> Iterator[GuardedServer]:
    store = GraphStore(module_mini_store, query_timeout_s=5, query_workers=2, max_result_bytes=50_000_000,
                       max_results=100_000)
    with GuardedServer(create_app(store=store), header_timeout_s=0.5, idle_timeout_s=0.5, max_header_bytes=8192,
                       max_connections=40, send_timeout_s=0.5) as server:
        yield server


def _connect(server: GuardedServer, *, receive_buffer: int | None = None) -> socket.socket:
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.settimeout(10)
    sock.connect(("127.0.0.1", server.port))
    return sock


def _closed_by_server(sock: socket.socket) -> bool:
    """Whether the server closes ``sock`` (read until the end, at most 10 s)."""
    try:
        while sock.recv(65536):
            pass
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False
    return True


def _ask(server: GuardedServer) -> httpx.Response:
    return httpx.get(server.url + "/sparql", params={"query": "ASK {}"}, timeout=10)


def test_silent_and_slow_connections_are_closed_when_their_head_is_late(guarded: GuardedServer):
    silent, slow = _connect(guarded), _connect(guarded)
    slow.sendall(b"GET /sparql?query=ASK%20%7B%7D HTTP/1.1\r\nHost: x\r\n")  # and never the end of the head
    try:
        assert _ask(guarded).status_code == 200  # a normal client meanwhile
        assert _closed_by_server(silent) and _closed_by_server(slow)
    finally:
        silent.close()
        slow.close()


def test_a_request_whose_body_never_ends_is_closed(guarded: GuardedServer):
    sock = _connect(guarded)
    try:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 1000\r\n\r\nASK")  # and never the other 997 bytes
        assert _ask(guarded).status_code == 200
        assert _closed_by_server(sock)
    finally:
        sock.close()


def test_an_idle_keep_alive_connection_is_closed(guarded: GuardedServer):
    sock = _connect(guarded)
    try:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert _closed_by_server(sock)
    finally:
        sock.close()


@pytest.mark.parametrize(("head", "status", "kind"), [
    (b"GET /sparql?query=" + b"A" * 1_000_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "URITooLong"),
    (b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 50_000 + b"\r\n\r\n", 431, "HeadersTooLarge"),
])
def test_a_head_past_the_size_limit_gets_the_json_error_shape(guarded: GuardedServer, head: bytes, status: int,
                                                               kind: str):
    with _connect(guarded) as sock:
        try:
            sock.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed before the rest arrived
        reply = b""
        try:
            while chunk := sock.recv(65536):
                reply += chunk
        except ConnectionResetError:
            pass
    status_line, _, rest = reply.partition(b"\r\n")
    assert status_line.startswith(f"HTTP/1.1 {status}".encode()), reply[:200]
    body = rest.partition(b"\r\n\r\n")[2]
    import json

    error = json.loads(body)["error"]
    assert error["type"] == kind and "8192 bytes" in error["message"] and "max_header_bytes" in error["message"]


def test_a_malformed_request_gets_the_json_error_shape(guarded: GuardedServer):
    with _connect(guarded) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        reply = sock.recv(65536)
    assert reply.startswith(b"HTTP/1.1 400") and b'"type": "BadRequest"' in reply


def test_a_normal_client_is_served_while_idle_sockets_fill_the_connection_cap(guarded: GuardedServer):
    hoard = [_connect(guarded) for _ in range(100)]  # 2.5 times the cap of 40
    try:
        for _ in range(3):
            assert _ask(guarded).json()["boolean"] is True
        closed = sum(_closed_by_server(sock) for sock in hoard)
        assert closed == len(hoard)  # the oldest idle ones made room, the rest timed out
    finally:
        for sock in hoard:
            sock.close()


def test_a_client_that_never_reads_its_response_is_dropped(guarded: GuardedServer):
    padding = "0123456789" * 400
    query = (f'SELECT ?x {{ VALUES ?i {{ {" ".join(map(str, range(5000)))} }} '
             f'BIND(CONCAT(STR(?i), "{padding}") AS ?x) }}')  # about 20 MB of JSON
    sock = _connect(guarded, receive_buffer=4096)
    try:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     + f"Content-Length: {len(query)}\r\n\r\n".encode() + query.encode())
        poller = select.poll()
        poller.register(sock, select.POLLERR | select.POLLHUP | getattr(select, "POLLRDHUP", 0x2000))
        assert poller.poll(20_000), "the server kept the stalled connection"  # reset by the server
        assert _ask(guarded).status_code == 200
    finally:
        sock.close()


def test_head_answers_every_get_route_without_a_body(guarded: GuardedServer):
    schema = httpx.get(guarded.url + "/openapi.json").json()
    paths = [p for p, item in schema["paths"].items() if "get" in item and "{" not in p]
    assert "/health" in paths and "/sparql" in paths
    with httpx.Client(base_url=guarded.url, timeout=30) as client:
        for path in paths:
            params = {"query": "ASK {}"} if path == "/sparql" else {"q": "hotline"} if path == "/who-owns" else {}
            get, head = client.get(path, params=params), client.head(path, params=params)
            assert head.status_code == get.status_code != 405, path
            assert head.content == b"" and head.headers.get("content-type") == get.headers.get("content-type"), path


# --- temporary files --------------------------------------------------------------------------


def test_the_downloads_folder_goes_with_the_service(module_mini_store: ox.Store):
    from fastapi.testclient import TestClient

    before = {p for p in Path(tempfile.gettempdir()).glob(f"{DOWNLOADS_PREFIX}{os.getpid()}-*")}
    with TestClient(create_app(store=GraphStore(module_mini_store, query_workers=0))) as client:
        assert client.get("/graph", params={"format": "nt"}).status_code == 200
        during = set(Path(tempfile.gettempdir()).glob(f"{DOWNLOADS_PREFIX}{os.getpid()}-*")) - before
        assert len(during) == 1
    assert not any(p.exists() for p in during)


def test_stale_downloads_folders_are_swept_and_live_ones_kept(tmp_path: Path):
    gone = tmp_path / f"{DOWNLOADS_PREFIX}999999999-abc_1"   # a pid no process has
    alive = tmp_path / f"{DOWNLOADS_PREFIX}1-def"            # init's: running
    not_ours = tmp_path / "napkg-downloads-notes"
    for folder in (gone, alive, not_ours):
        folder.mkdir()
        (folder / "nap-kg.nt").write_text("x")
    assert sweep_stale_downloads(tmp_path) == [gone]
    assert not gone.exists() and alive.exists() and not_ours.exists()
