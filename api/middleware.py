"""The web conventions every read-only route follows: CORS, gzip, and validators with ``304 Not Modified``.

The data are public and the service read-only, so any origin may read them
(``Access-Control-Allow-Origin: *``, preflight requests answered: Starlette's ``CORSMiddleware``);
answers of more than :data:`GZIP_MINIMUM_SIZE` bytes are gzipped for clients that accept it
(``GZipMiddleware``). The graph never changes while it is served, so one validator serves every
``GET`` and ``HEAD``: :class:`GraphValidators` gives each successful answer the loaded graph's
``ETag`` (weak, as answers differ in encoding) and ``Last-Modified``, and answers ``304`` to a
request whose ``If-None-Match`` (or, without one, ``If-Modified-Since``) shows the client has it,
without running the route. The tag also names the day, as the analyses judge "overdue" against
today. Routes that set their own ``ETag`` (the downloads) keep it. :func:`install_web_conventions`
adds the three to an app, CORS outermost so that every answer, 304 and errors included, carries it.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from napkg import __version__

__all__ = ["GZIP_MINIMUM_SIZE", "GZIP_LEVEL", "EXPOSED_HEADERS", "GraphValidators", "install_web_conventions"]

GZIP_MINIMUM_SIZE = 1024
"""Answers smaller than this are sent as they are: gzip would save less than a packet."""

GZIP_LEVEL = 6
"""zlib's default level: nearly the size of level 9 at a fraction of its time."""

EXPOSED_HEADERS = ("ETag", "Link", "X-Total-Count", "Content-Disposition")
"""Response headers a cross-origin script may read, besides the CORS-safelisted ones."""

_READS = frozenset({"GET", "HEAD"})


class _Validators:
    """The ``ETag`` and ``Last-Modified`` of one loaded graph on one day."""

    def __init__(self, store: Any, day: date) -> None:
        graphs = sorted(str(g) for g in getattr(store, "graphs", ()) or ())
        loaded = time.time()  # with the store's identity, this tells loads apart (counting quads would cost seconds)
        seed = f"{__version__}|{id(store)}|{'|'.join(graphs)}|{loaded}".encode()
        self.store, self.day = store, day
        self.etag = f'W/"{hashlib.sha256(seed).hexdigest()[:16]}-{day:%Y%m%d}"'
        start_of_day = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
        self.modified = max(datetime.fromtimestamp(int(loaded), timezone.utc), start_of_day)
        self.last_modified = format_datetime(self.modified, usegmt=True)

    def fresh(self, headers: Headers) -> bool:
        """Whether the request's conditional headers show the client holds the current answer."""
        if_none_match = headers.get("if-none-match")
        if if_none_match is not None:
            tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return "*" in tags or self.etag.removeprefix("W/") in tags
        if_modified_since = headers.get("if-modified-since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        return since >= self.modified


class GraphValidators:
    """ASGI middleware: the graph's ``ETag``/``Last-Modified`` on successful reads, and ``304`` when the client is current."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._current: _Validators | None = None

    def _validators(self, scope: Scope) -> _Validators | None:
        store = getattr(scope["app"].state, "store", None) if "app" in scope else None
        if store is None:
            return None
        current, today = self._current, date.today()
        if current is None or current.store is not store or current.day != today:
            current = self._current = _Validators(store, today)
        return current

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _READS:
            await self.app(scope, receive, send)
            return
        validators = self._validators(scope)
        if validators is None:
            await self.app(scope, receive, send)
            return
        if validators.fresh(Headers(scope=scope)):
            await send({"type": "http.response.start", "status": 304,
                        "headers": [(b"etag", validators.etag.encode()),
                                    (b"last-modified", validators.last_modified.encode())]})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                headers = MutableHeaders(scope=message)
                if "etag" not in headers:
                    headers["ETag"] = validators.etag
                    headers.setdefault("Last-Modified", validators.last_modified)
            await send(message)

        await self.app(scope, receive, send_with_validators)


def install_web_conventions(app: FastAPI) -> None:
    """Add validators, gzip and CORS to ``app`` (CORS outermost, so 304s and errors carry it too)."""
    app.add_middleware(GraphValidators)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE, compresslevel=GZIP_LEVEL)
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["*"], expose_headers=list(EXPOSED_HEADERS), max_age=86400)
