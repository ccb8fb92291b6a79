"""A per-app cache of finished entity pages and descriptions.

nap-kg serves a read-only graph, so a page, once rendered, stays right for the app's life. Rendering
one costs 10-20 ms of CPU (the description's CONSTRUCT, its serialization and parse, the template);
under 16 concurrent clients on two cores that queues up to p95s of hundreds of milliseconds
(bench/run.py, "entity pages"). A hit costs a dictionary look-up. The cache holds the
:data:`PAGE_CACHE_SIZE` most recently used answers (a few kB each).
"""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from fastapi import Request
from fastapi.responses import Response

__all__ = ["PAGE_CACHE_SIZE", "PageCache", "page_cache"]

PAGE_CACHE_SIZE = 4096


class PageCache:
    """The ``size`` most recently used responses, by key (least recently used dropped first)."""

    def __init__(self, size: int = PAGE_CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[Any, tuple[bytes, int, str | None, dict[str, str]]] = OrderedDict()
        self._lock = Lock()

    def get(self, key: Any) -> Response | None:
        """The response stored under ``key`` (a fresh object each time), or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
        body, status, media_type, headers = entry
        return Response(body, status_code=status, media_type=media_type, headers=headers)

    def put(self, key: Any, response: Response) -> Response:
        """Store a successful ``response`` under ``key``; returns it."""
        if response.status_code == 200:
            headers = {k: v for k, v in response.headers.items() if k.lower() not in ("content-length", "content-type")}
            media_type = response.headers.get("content-type")
            with self._lock:
                self._entries[key] = (bytes(response.body), response.status_code, media_type, headers)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return response

    def __len__(self) -> int:
        return len(self._entries)


def page_cache(request: Request) -> PageCache:
    """The app's page cache (made on first use)."""
    state = request.app.state
    cache = getattr(state, "page_cache", None)
    if cache is None:
        cache = state.page_cache = PageCache()
    return cache
