"""Limits on HTTP connections that uvicorn lacks: header-read timeout, header size, connection cap, stalled readers.

uvicorn arms its keep-alive timeout (``timeout_keep_alive``) only after a response, so a
connection that never finishes a request head (or never sends a byte) is held for ever; its
httptools parser takes headers of any size, and it accepts connections until the process runs
out of descriptors. :func:`guarded_protocol` subclasses uvicorn's HTTP protocol (httptools or
h11) so that each connection

- must complete each request head within ``header_timeout_s`` of connecting or of its last
  response, and then its body within ``header_timeout_s`` more, else it is closed;
- may send at most ``max_header_bytes`` of request head: past it, ``414`` (request line) or
  ``431`` (header fields) in the JSON error shape, and the connection is closed;
- counts against ``max_connections``: a new connection past the cap closes the oldest idle
  one (no request in progress), or, if none is idle, is answered ``503`` and closed;
- is dropped (aborted) if it stops reading its response for ``send_timeout_s`` (the server's
  write buffer stays full), so a client that never reads pins no memory.

Malformed requests get uvicorn's 400 in the JSON error shape too.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
import struct
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from napkg.api.errors import error_body

__all__ = ["ConnectionLimits", "guarded_protocol", "error_bytes"]


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """The limits :func:`guarded_protocol` enforces."""

    header_timeout_s: float = 10.0
    max_header_bytes: int = 65_536
    max_connections: int = 2_000
    send_timeout_s: float = 30.0


def error_bytes(status: int, reason: str, kind: str, message: str, hint: str) -> bytes:
    """A whole HTTP/1.1 response, closing the connection, with the JSON error shape as its body."""
    body = json.dumps(error_body(kind, message, hint=hint)).encode()
    return (f"HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n"
            "connection: close\r\n\r\n").encode("ascii") + body


def guarded_protocol(base: type[asyncio.Protocol], limits: ConnectionLimits) -> type[asyncio.Protocol]:
    """A subclass of uvicorn's HTTP protocol class ``base`` that enforces ``limits``."""
    idle: OrderedDict[Any, float] = OrderedDict()  # connections with no request in progress, oldest first

    class Guarded(base):  # type: ignore[valid-type, misc]
        _head_bytes = 0
        _head_timer: asyncio.TimerHandle | None = None
        _stall_timer: asyncio.TimerHandle | None = None

        def _busy(self) -> bool:
            cycle = self.cycle
            return cycle is not None and not cycle.response_complete

        def _await_head(self) -> None:
            self._head_bytes = 0
            idle[self] = time.monotonic()
            if self._head_timer is not None:
                self._head_timer.cancel()
            self._head_timer = self.loop.call_later(limits.header_timeout_s, self._head_timeout)

        def _head_timeout(self) -> None:
            self._head_timer = None
            if not self._busy() and not self.transport.is_closing():
                self.transport.close()

        def _refuse(self, response: bytes) -> None:
            if not self.transport.is_closing():
                self.transport.write(response)
                self.transport.close()

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._await_head()
            while len(self.connections) > limits.max_connections:
                oldest = next((c for c in idle if c is not self), None)
                if oldest is None:
                    self._refuse(error_bytes(503, "Service Unavailable", "TooManyConnections",
                                             f"the server holds {limits.max_connections} connections, its limit "
                                             "(setting max_connections)", "retry in a few seconds"))
                    return
                idle.pop(oldest, None)
                self.connections.discard(oldest)
                oldest.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            idle.pop(self, None)
            for timer in (self._head_timer, self._stall_timer):
                if timer is not None:
                    timer.cancel()
            super().connection_lost(exc)

        def data_received(self, data: bytes) -> None:
            if not self._busy():
                end = data.find(b"\r\n\r\n")
                if self._head_bytes + (len(data) if end < 0 else end) > limits.max_header_bytes:
                    line_done = b"\r\n" in data or self._head_bytes > 0
                    status, reason, kind = (431, "Request Header Fields Too Large", "HeadersTooLarge") if line_done \
                        else (414, "URI Too Long", "URITooLong")
                    what = "request head" if line_done else "request line"
                    self._refuse(error_bytes(
                        status, reason, kind, f"the {what} is larger than {limits.max_header_bytes} bytes, "
                        "the limit (setting max_header_bytes)",
                        "send long SPARQL queries by POST (application/sparql-query), not in the URL"))
                    return
                self._head_bytes += len(data)
            super().data_received(data)
            if self._busy():
                self._head_bytes = 0
                if idle.pop(self, None) is not None and self.cycle.more_body:  # a head just completed
                    if self._head_timer is not None:
                        self._head_timer.cancel()
                    self._head_timer = self.loop.call_later(limits.header_timeout_s, self._body_timeout)

        def _body_timeout(self) -> None:
            self._head_timer = None
            cycle = self.cycle
            if cycle is not None and cycle.more_body and not cycle.response_complete:
                self.transport.close()  # the app's receive() sees the client go

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._await_head()

        def send_400_response(self, msg: str) -> None:
            self._refuse(error_bytes(400, "Bad Request", "BadRequest", msg, "send a well-formed HTTP/1.1 request"))

        def pause_writing(self) -> None:
            super().pause_writing()
            if self._stall_timer is None:
                self._stall_timer = self.loop.call_later(limits.send_timeout_s, self._stalled)

        def resume_writing(self) -> None:
            super().resume_writing()
            if self._stall_timer is not None:
                self._stall_timer.cancel()
                self._stall_timer = None

        def _stalled(self) -> None:
            """The client stopped reading: reset the connection, so its unsent response is freed at once."""
            self._stall_timer = None
            sock = self.transport.get_extra_info("socket")
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.transport.abort()

    Guarded.__name__ = Guarded.__qualname__ = f"Guarded{base.__name__}"
    return Guarded
