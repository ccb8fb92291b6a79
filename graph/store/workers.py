"""The query worker processes: a fork server, its workers, and the IPC between them and the server.

Right after the store is loaded, :meth:`WorkerPool.start` forks a *fork server*: a
single-threaded copy of the process that holds the loaded store (shared copy-on-write, cyclic
GC off so the pages stay shared) and is barred from the network
(:func:`~napkg.graph.store.sandbox.deny_network`). The fork server forks ``query_workers``
workers. They all read one shared queue (a Unix ``SOCK_SEQPACKET`` socket: the kernel gives
each request to exactly one of them), so a worker goes from one query to the next without
waiting for the server, and a slow query holds up no other. A worker runs
:func:`~napkg.graph.store.execute.execute` and sends back bytes on its own channel, behind a
fixed binary header (the server never unpickles what a worker sends). The server process only
moves bytes, so no query text, however large or contrived, costs it more than a copy.

The time limit
--------------
pyoxigraph cannot be interrupted from another thread, so the limit is enforced by the kernel:
before each query a worker arms ``setitimer(ITIMER_REAL, query_timeout_s)`` with ``SIGALRM``
left at its default action, which *terminates the process* wherever it is, inside Rust code
included. The work of a timed-out query is therefore gone at the deadline: its CPU time
stops, its memory returns to the system, nothing needs rolling back (nothing was written).
The server sees the worker's channel close, reads from a small shared-memory table which
request that worker held and since when, answers it :class:`~napkg.graph.errors.QueryTimeout`,
and the fork server forks a fresh worker (a few milliseconds). As a backstop, a worker still
running ``_GRACE_S`` after its deadline is killed with ``SIGKILL``. Other requests are never
stalled: the event loop only waits on sockets, and the other workers keep answering. A
request that no worker takes within ``query_timeout_s`` (every worker busy) is told to retry
(:class:`~napkg.graph.errors.StoreError`).

The memory limit
----------------
Each worker caps its own address space (``RLIMIT_AS``) at what it had when forked (the shared
store included) plus ``query_memory_mb``. A query that needs more fails an allocation: Python
raises MemoryError, which the worker answers as :class:`~napkg.graph.errors.QueryTooLarge`, and
Rust aborts the process, which the fork server reports (the worker's wait status travels back
with its reaping), so the client gets the same error and a fresh worker takes the slot.

Healing
-------
The sweep also watches the fork server. If it is gone (killed), a new fork server is forked from
the server process with a new queue and a new set of workers; the old workers finish what they
hold, then see their queue end and exit. Queries keep being answered throughout.
"""

from __future__ import annotations

import array
import asyncio
import contextlib
import errno
import gc
import itertools
import logging
import mmap
import os
import pickle
import resource
import signal
import socket
import struct
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from napkg.graph.errors import QueryError, QueryRefused, QuerySyntaxError, QueryTimeout, QueryTooLarge, StoreError
from napkg.graph.store.execute import Answer, QueryRequest, execute, out_of_memory_message, timed_out_message
from napkg.graph.store.formats import format_by_key
from napkg.graph.store.load import store_graphs
from napkg.graph.store.sandbox import deny_network

__all__ = ["WorkerPool"]

log = logging.getLogger("napkg.store")

# One shared queue feeds every worker: a SOCK_SEQPACKET socket pair whose far end all workers
# read. The kernel hands each message to exactly one reader, so a worker that finishes a query
# takes the next one at once, without a round trip through the server's event loop, and a slow
# query never holds up the ones queued behind it. A message is a _REQUEST header and the
# pickled QueryRequest (server to worker only: the server never unpickles what a worker sends);
# a query too large for one message travels in an in-memory file whose descriptor rides along.
# Each worker answers on its own stream socket: a _REPLY header, then the serialized body.
# Before running a query a worker writes its request id and start time to its slot of a small
# shared memory table, so when a worker dies (its time limit, or the out-of-memory killer) the
# server knows which request it held and for how long.

_REQUEST = struct.Struct("=QdB")   # request id, monotonic time a worker must start it by, payload in a file?
_REPLY = struct.Struct("=QBBqQd")  # request id, outcome, kind, size (-1: none), body length, seconds it ran
_SLOT = struct.Struct("=Qd")       # the request a worker is running (0: none), and since when
_INLINE_MAX = 32 * 1024            # larger requests travel in an in-memory file
_GRACE_S = 1.0                     # a worker still running this long past its limit is killed
_SWEEP_S = 0.5                     # how often the server looks for overdue workers and lost requests
_OK, _FAILED, _BUG, _BUSY = range(4)  # outcomes: answered, a QueryError, a bug, no worker took it in time
_KINDS = ("boolean", "solutions", "graph")
_ERROR_TYPES: dict[str, type[QueryError]] = {
    cls.__name__: cls for cls in (QueryError, QuerySyntaxError, QueryRefused, QueryTooLarge)
}


def _queue_pair() -> tuple[socket.socket, socket.socket]:
    """A socket pair that keeps message boundaries: SOCK_SEQPACKET, or SOCK_DGRAM where it is missing."""
    try:
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    except (AttributeError, OSError):  # pragma: no cover - macOS and other non-Linux systems
        return socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)


def _in_memory_file(data: bytes) -> int:
    """A file descriptor of an anonymous file holding ``data``."""
    if hasattr(os, "memfd_create"):
        fd = os.memfd_create("napkg-query", os.MFD_CLOEXEC)
    else:  # pragma: no cover - not Linux
        import tempfile

        fd = os.dup(tempfile.TemporaryFile().fileno())
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    return fd


def _read_file(fd: int) -> bytes:
    size, chunks, offset = os.fstat(fd).st_size, [], 0
    while offset < size:
        chunk = os.pread(fd, size - offset, offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


def _close_inherited_fds(keep: set[int]) -> None:
    """Close every file descriptor but stdio and ``keep`` (listening sockets, log files...)."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 1024))
    for fd in fds:
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def _limit_memory(memory_mb: int) -> None:
    """Cap this process's address space at its present size plus ``memory_mb`` (0: no cap)."""
    if memory_mb <= 0:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            present = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux
        return
    limit = present + memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))


def _worker_main(replies: socket.socket, queue: socket.socket, slots: mmap.mmap, slot: int,
                 store: ox.Store | Path, timeout_s: float, memory_mb: int) -> None:
    """Take requests from ``queue`` one at a time, answer on ``replies``; SIGALRM ends the process at the deadline.

    ``store`` is a folder for an on-disk store: each worker opens it read-only for itself, as
    a RocksDB handle inherited through ``fork`` may hold locks of threads the child lacks.
    """
    if isinstance(store, Path):
        store = ox.Store.read_only(str(store))
    graphs = store_graphs(store)
    buffer = bytearray(_REQUEST.size + _INLINE_MAX)
    _limit_memory(memory_mb)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGALRM})
    view = memoryview(buffer)
    ancillary = socket.CMSG_SPACE(array.array("i").itemsize)
    offset = slot * _SLOT.size
    while True:
        size, ancdata, flags, _ = queue.recvmsg_into([buffer], ancillary)
        if size == 0:
            return  # the server closed the queue
        fds = array.array("i")
        for level, kind, data in ancdata:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds.frombytes(data[:len(data) - len(data) % fds.itemsize])
        request_id, start_by, in_file = _REQUEST.unpack_from(buffer)
        started = time.monotonic()
        _SLOT.pack_into(slots, offset, request_id, started)
        kind, count = 0, -1
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        try:
            if started > start_by:
                outcome, body = _BUSY, b""
            elif flags & getattr(socket, "MSG_TRUNC", 0) or (in_file and not fds):
                outcome, body = _BUG, b"a request arrived truncated"
            else:
                payload = _read_file(fds[0]) if in_file else view[_REQUEST.size:size]
                answer = execute(store, QueryRequest(*pickle.loads(payload)), graphs=graphs)
                outcome, body = _OK, answer.body
                kind, count = _KINDS.index(answer.kind), -1 if answer.size is None else answer.size
        except QueryError as exc:
            outcome, body = _FAILED, f"{type(exc).__name__}\n{exc}".encode()
        except MemoryError:
            outcome, body = _FAILED, f"QueryTooLarge\n{out_of_memory_message(memory_mb)}".encode()
        except Exception as exc:  # a bug: report it to the server, keep serving
            outcome, body = _BUG, f"{type(exc).__name__}: {exc}".encode()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            for fd in fds:
                os.close(fd)
        header = _REPLY.pack(request_id, outcome, kind, count, len(body), time.monotonic() - started)
        try:
            if len(body) < 65536:
                replies.sendall(header + body)
            else:
                replies.sendall(header)
                replies.sendall(body)
        except OSError:
            return  # the server is gone
        _SLOT.pack_into(slots, offset, 0, 0.0)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


class _ForkServer:
    """A single-threaded child holding the loaded store that forks query workers on request."""

    def __init__(self, store: ox.Store | Path, timeout_s: float, *, queue: socket.socket, slots: mmap.mmap,
                 memory_mb: int = 0) -> None:
        parent, child = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the child
            try:
                parent.close()
                self._serve(child, queue, slots, store, timeout_s, memory_mb)
            finally:
                os._exit(0)
        child.close()
        self.pid, self._control, self._lock = pid, parent, threading.Lock()
        self.network_denied = self._control.recv(1) == b"1"

    @staticmethod
    def _serve(control: socket.socket, queue: socket.socket, slots: mmap.mmap, store: ox.Store | Path,
               timeout_s: float, memory_mb: int) -> None:  # pragma: no cover
        gc.disable()
        gc.freeze()
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGALRM):
            signal.signal(sig, signal.SIG_IGN if sig == signal.SIGINT else signal.SIG_DFL)
        signal.set_wakeup_fd(-1)
        _close_inherited_fds({control.fileno(), queue.fileno()})
        control.sendall(b"1" if deny_network() else b"0")
        children: set[int] = set()
        statuses: dict[int, int] = {}  # wait status of workers reaped before the server asked
        while True:
            command = _recv_exact(control, 9)
            if command is None:
                break
            while children:  # reap finished workers
                try:
                    done, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if not done:
                    break
                children.discard(done)
                statuses[done] = status
            (argument,) = struct.unpack("!q", command[1:])
            if command[:1] == b"S":
                ours, theirs = socket.socketpair()
                pid = os.fork()
                if pid == 0:
                    try:
                        control.close()
                        ours.close()
                        _worker_main(theirs, queue, slots, argument, store, timeout_s, memory_mb)
                    finally:
                        os._exit(0)
                theirs.close()
                children.add(pid)
                socket.send_fds(control, [struct.pack("!q", pid)], [ours.fileno()])
                ours.close()
            elif command[:1] == b"K":
                status = statuses.pop(argument, -1)
                if argument in children:  # not yet reaped, so the pid cannot have been reused
                    os.kill(argument, signal.SIGKILL)  # a no-op on a worker its time limit ended
                    status = os.waitpid(argument, 0)[1]
                    children.discard(argument)
                control.sendall(struct.pack("!q", status))
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def spawn(self, slot: int) -> tuple[int, socket.socket]:
        """Fork a worker that uses ``slot``; its pid and the server's end of its reply channel (blocking)."""
        try:
            with self._lock:
                self._control.sendall(b"S" + struct.pack("!q", slot))
                data, fds, _, _ = socket.recv_fds(self._control, 8, 1)
        except OSError as exc:
            raise StoreError(f"the query fork server stopped ({exc})") from None
        if len(data) != 8 or not fds:
            raise StoreError("the query fork server stopped")
        return struct.unpack("!q", data)[0], socket.socket(fileno=fds[0])

    def kill(self, pid: int) -> int:
        """Kill worker ``pid`` if it is still running (blocking); its wait status (-1: unknown)."""
        try:
            with self._lock:
                self._control.sendall(b"K" + struct.pack("!q", pid))
                reply = _recv_exact(self._control, 8)  # once it is gone
        except OSError as exc:
            raise StoreError(f"the query fork server stopped ({exc})") from None
        if reply is None:
            raise StoreError("the query fork server stopped")
        return int(struct.unpack("!q", reply)[0])

    def alive(self) -> bool:
        """Whether the fork server process is still running (it is this process's child)."""
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] == 0
        except ChildProcessError:
            return False

    def close(self) -> None:
        """Stop the fork server and every worker it forked."""
        self._control.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def abandon(self) -> None:
        """Forget a fork server that died: close its channel, reap it."""
        self._control.close()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, os.WNOHANG)


class _Worker(asyncio.Protocol):
    """The server's side of one worker: reads its replies and hands each to the pool."""

    def __init__(self, pool: WorkerPool, pid: int, slot: int, server: _ForkServer, slots: mmap.mmap) -> None:
        self.pool, self.pid, self.slot, self.server, self.slots = pool, pid, slot, server, slots
        self.transport: asyncio.BaseTransport | None = None
        self.buffer = bytearray()
        self.killing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        if not self.buffer and len(data) >= _REPLY.size:  # the usual case: one whole reply
            header = _REPLY.unpack_from(data)
            if len(data) == _REPLY.size + header[4]:
                self.pool._deliver(header, data[_REPLY.size:])
                return
        buffer = self.buffer
        buffer += data
        while len(buffer) >= _REPLY.size:
            header = _REPLY.unpack_from(buffer)
            end = _REPLY.size + header[4]
            if len(buffer) < end:
                break
            body = bytes(buffer[_REPLY.size:end])
            del buffer[:end]
            self.pool._deliver(header, body)

    def connection_lost(self, exc: Exception | None) -> None:
        self.pool._lost(self)


class WorkerPool:
    """``size`` query workers fed from one shared queue; replaces any worker that dies."""

    def __init__(self, store: ox.Store | Path, *, size: int, timeout_s: float, memory_mb: int = 0) -> None:
        self.store, self.size, self.timeout_s, self.memory_mb = store, size, timeout_s, memory_mb
        self.heals = 0  # how many times a lost fork server was replaced
        self._healing = False
        self._server: _ForkServer | None = None
        self._queue: socket.socket | None = None  # the server's end of the shared queue
        self._slots: mmap.mmap | None = None
        self._backlog: deque[tuple[bytes, int | None]] = deque()  # messages waiting for room in the queue
        self._pending: dict[int, tuple[asyncio.Future[Any], float]] = {}  # request id: (future, give up at)
        self._ids = itertools.count(1)
        self._workers: dict[int, _Worker] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._sweeper: asyncio.TimerHandle | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop of start(): every call comes from it
        self._closed = False

    @property
    def network_denied(self) -> bool:
        """Whether the workers run under the seccomp network filter."""
        return bool(self._server and self._server.network_denied)

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers (idle or busy)."""
        return sorted(self._workers)

    @property
    def busy_pids(self) -> list[int]:
        """Process ids of the live workers running a query now."""
        return sorted(pid for pid, worker in self._workers.items()
                      if not worker.slots.closed and _SLOT.unpack_from(worker.slots, worker.slot * _SLOT.size)[0])

    @property
    def fork_server_alive(self) -> bool:
        """Whether the process that forks the workers is running."""
        return self._server is not None and self._server.alive()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self._start_generation()
        self._sweeper = self._loop.call_later(_SWEEP_S, self._sweep)

    async def _start_generation(self) -> None:
        """A new queue, slot table and fork server, and ``size`` workers forked from it."""
        ours, theirs = _queue_pair()
        self._slots = mmap.mmap(-1, _SLOT.size * self.size)  # shared with every process forked from here on
        try:
            self._server = _ForkServer(self.store, self.timeout_s, queue=theirs, slots=self._slots,
                                       memory_mb=self.memory_mb)
        finally:
            theirs.close()
        ours.setblocking(False)
        self._queue = ours
        for slot in range(self.size):
            await self._spawn(slot)

    async def _spawn(self, slot: int) -> None:
        server, slots = self._server, self._slots
        assert server is not None and slots is not None
        pid, sock = await asyncio.to_thread(server.spawn, slot)
        worker = _Worker(self, pid, slot, server, slots)
        self._workers[pid] = worker
        await asyncio.get_running_loop().create_unix_connection(lambda: worker, sock=sock)

    async def run(self, request: QueryRequest, ran: list[float] | None = None) -> Answer:
        """Run ``request`` on a worker; the seconds the worker spent on it are appended to ``ran`` (if given).

        Nothing is appended when the worker died with it (its time limit): the caller counts the wall time.
        """
        if self._loop is None or self._closed:
            raise StoreError("the query workers are not running; restart nap-kg")
        now = time.monotonic()
        request_id = next(self._ids)
        future = self._loop.create_future()  # asyncio.get_running_loop() would cost a getpid() system call
        self._pending[request_id] = (future, now + 2 * (self.timeout_s + _GRACE_S))
        try:
            self._send(request_id, now + self.timeout_s, pickle.dumps(tuple(request), protocol=pickle.HIGHEST_PROTOCOL))
            (_, outcome, kind, size, _, seconds), body = await future  # a worker that died raises here
        finally:
            del self._pending[request_id]
        if ran is not None:
            ran.append(seconds)
        if outcome == _OK:
            kind_name = _KINDS[kind]
            fmt = format_by_key(cast(str, request.graph_format if kind_name == "graph" else request.results_format))
            return Answer(body, fmt.media_type, kind_name, None if size < 0 else size)
        if outcome == _FAILED:
            name, _, message = body.decode("utf-8", "replace").partition("\n")
            raise _ERROR_TYPES.get(name, QueryError)(message)
        if outcome == _BUSY:
            raise StoreError(f"all {self.size} query workers stayed busy for {self.timeout_s:g} s; try again shortly")
        raise RuntimeError(f"query worker failed: {body.decode('utf-8', 'replace')}")

    # -- the queue
    def _send(self, request_id: int, start_by: float, payload: bytes) -> None:
        if len(payload) <= _INLINE_MAX:
            message, fd = _REQUEST.pack(request_id, start_by, 0) + payload, None
        else:
            message, fd = _REQUEST.pack(request_id, start_by, 1), _in_memory_file(payload)
        if not self._backlog:
            try:
                if self._put(message, fd):
                    return
            except OSError as exc:
                if exc.errno != errno.EMSGSIZE or fd is not None:
                    raise StoreError(f"the query queue is closed ({exc}); restart nap-kg") from None
                # the system's message size is smaller than ours: send the payload as a file
                message, fd = _REQUEST.pack(request_id, start_by, 1), _in_memory_file(payload)
                if self._put(message, fd):
                    return
        self._backlog.append((message, fd))
        if len(self._backlog) == 1:
            asyncio.get_running_loop().add_writer(cast(socket.socket, self._queue).fileno(), self._flush)

    def _put(self, message: bytes, fd: int | None) -> bool:
        """Send one message if the queue has room (non-blocking); whether it was sent."""
        queue = cast(socket.socket, self._queue)
        try:
            if fd is None:
                queue.send(message)
            else:
                queue.sendmsg([message], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
        except BlockingIOError:
            return False
        if fd is not None:
            os.close(fd)  # the message holds its own reference until a worker takes it
        return True

    def _flush(self) -> None:
        try:
            while self._backlog:
                if not self._put(*self._backlog[0]):
                    return
                self._backlog.popleft()
        except OSError as exc:
            log.error("the query queue is closed (%s)", exc)
            self._backlog.clear()
        asyncio.get_running_loop().remove_writer(cast(socket.socket, self._queue).fileno())

    # -- replies and failures
    def _deliver(self, header: tuple[int, int, int, int, int, float], body: bytes) -> None:
        entry = self._pending.get(header[0])
        if entry is not None and not entry[0].done():
            entry[0].set_result((header, body))

    def _fail(self, request_id: int, error: Exception) -> None:
        entry = self._pending.get(request_id)
        if entry is not None and not entry[0].done():
            entry[0].set_exception(error)

    def _lost(self, worker: _Worker) -> None:
        """``worker``'s channel closed: it died. Fail the request it held (why, once reaped); fork a replacement."""
        self._workers.pop(worker.pid, None)
        if self._closed or worker.slots.closed:
            return
        request_id, started = _SLOT.unpack_from(worker.slots, worker.slot * _SLOT.size)
        if worker.server is not self._server:  # a worker of a lost fork server: not replaced
            if request_id:
                self._fail(request_id, self._failure(-1, time.monotonic() - started, worker.killing))
            return
        self._background(self._replace(worker, request_id, started))

    def _failure(self, status: int, elapsed: float, killed: bool) -> Exception:
        """The error for a request whose worker ended with wait ``status`` (-1: unknown) after ``elapsed`` s."""
        signum = os.WTERMSIG(status) if status >= 0 and os.WIFSIGNALED(status) else 0
        if signum == signal.SIGALRM or killed or elapsed >= self.timeout_s * 0.95:
            return QueryTimeout(timed_out_message(self.timeout_s))
        if self.memory_mb > 0 and signum in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
            return QueryTooLarge(out_of_memory_message(self.memory_mb))  # an allocation failed: Rust aborts
        return StoreError("the query worker stopped unexpectedly (killed, or out of the host's memory); "
                          "the query was abandoned, try a smaller one")

    async def _replace(self, worker: _Worker, request_id: int, started: float) -> None:
        server = worker.server
        status = -1
        try:
            status = await asyncio.to_thread(server.kill, worker.pid)
        except StoreError as exc:
            log.error("cannot reap query worker %d: %s", worker.pid, exc)
        if request_id:
            self._fail(request_id, self._failure(status, time.monotonic() - started, worker.killing))
        if self._closed or worker.slots.closed or server is not self._server:
            return
        _SLOT.pack_into(worker.slots, worker.slot * _SLOT.size, 0, 0.0)
        try:
            await self._spawn(worker.slot)
        except StoreError as exc:
            log.error("cannot replace query worker %d: %s", worker.pid, exc)
            await self._heal()

    async def _heal(self) -> None:
        """Replace a fork server that is gone: a new queue, fork server and workers; the old workers drain."""
        if self._healing or self._closed or self._loop is None:
            return
        self._healing = True
        old_server, old_queue = self._server, self._queue
        try:
            log.error("the query fork server (pid %s) is gone; starting a new one", old_server and old_server.pid)
            if old_queue is not None and self._backlog:
                self._loop.remove_writer(old_queue.fileno())
            await self._start_generation()
            if self._backlog and self._queue is not None:
                self._loop.add_writer(self._queue.fileno(), self._flush)
            if old_queue is not None:
                old_queue.close()  # the old workers take what is queued, then see the end and exit
            if old_server is not None:
                old_server.abandon()
            self.heals += 1
        except (OSError, StoreError) as exc:
            log.error("cannot start a new query fork server: %s", exc)
        finally:
            self._healing = False

    def _sweep(self) -> None:
        """Kill a worker still running past its limit (a backstop: SIGALRM comes first); fail lost requests."""
        if self._closed or self._slots is None:
            return
        now = time.monotonic()
        if not self._healing and self._server is not None and not self._server.alive():
            self._background(self._heal())
        for worker in list(self._workers.values()):
            if worker.slots.closed or worker.server is not self._server:
                continue
            request_id, started = _SLOT.unpack_from(worker.slots, worker.slot * _SLOT.size)
            if request_id and now - started > self.timeout_s + _GRACE_S and not worker.killing:
                worker.killing = True
                self._background(self._kill_quietly(worker))
        for request_id, (_, give_up_at) in list(self._pending.items()):
            if now > give_up_at:
                self._fail(request_id, StoreError("the query was lost by its worker; try again"))
        self._sweeper = asyncio.get_running_loop().call_later(_SWEEP_S, self._sweep)

    async def _kill_quietly(self, worker: _Worker) -> None:
        with contextlib.suppress(StoreError):
            await asyncio.to_thread(worker.server.kill, worker.pid)

    def _background(self, work: Any) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        self._closed = True
        if self._sweeper is not None:
            self._sweeper.cancel()
        for task in list(self._tasks):
            task.cancel()
        for request_id in list(self._pending):
            self._fail(request_id, StoreError("nap-kg is shutting down"))
        if self._queue is not None:
            if self._backlog:
                asyncio.get_running_loop().remove_writer(self._queue.fileno())
            self._queue.close()  # idle workers see the end of the queue and exit
        for _, fd in self._backlog:
            if fd is not None:
                os.close(fd)
        self._backlog.clear()
        for worker in list(self._workers.values()):
            if worker.transport is not None:
                worker.transport.close()
        self._workers.clear()
        if self._server is not None:
            await asyncio.to_thread(self._server.close)
            self._server = None
        if self._slots is not None:
            self._slots.close()
            self._slots = None

