"""A cache of recent answers: the serialized result of each (query, dataset, format, limits), within a byte budget.

The served graph is read-only while it is served, so the same request always gets the same
bytes; as public endpoints put an HTTP cache in front of their query service, nap-kg keeps the
answers of recent queries and gives them again without running the query. A key is the whole
:class:`~napkg.graph.store.execute.QueryRequest` (the query text, base IRI, dataset, the
negotiated formats and the limits), so two requests share an answer only if a worker would
have been given the same work. Only answers are kept (errors and time-outs never), each with the
time it was stored, from which the ``Age`` of a cached response is counted (the validators,
``ETag`` and ``Last-Modified``, are the whole graph's: :mod:`napkg.api.middleware`). The least recently used answers are dropped past
``max_bytes``; an answer larger than ``max_bytes // 16`` is not kept, so one large result
cannot empty the cache. ``max_bytes = 0`` turns the cache off.

>>> from napkg.graph.store.execute import Answer, QueryRequest
>>> cache = ResponseCache(max_bytes=1_000_000)
>>> key = QueryRequest("ASK {}")
>>> cache.get(key) is None
True
>>> stored = cache.put(key, Answer(b'{"boolean":true}', "application/sparql-results+json", "boolean", None))
>>> cache.get(key) == stored, len(cache)
(True, 1)
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import NamedTuple

from napkg.graph.store.execute import Answer, QueryRequest

__all__ = ["CachedAnswer", "ResponseCache"]

_OVERHEAD = 256  # bytes an entry costs beyond its body and query text (the key, the record, the dict slot)


class CachedAnswer(NamedTuple):
    """An answer as it was stored, and the monotonic time it was stored."""

    answer: Answer
    stored: float

    def age(self, now: float | None = None) -> int:
        """Whole seconds since the answer was stored (the ``Age`` header)."""
        return int((time.monotonic() if now is None else now) - self.stored)


class ResponseCache:
    """The answers of recent requests, least recently used dropped first, within ``max_bytes`` (0: off)."""

    def __init__(self, *, max_bytes: int) -> None:
        if max_bytes < 0:
            raise ValueError("max_bytes must be >= 0")
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_bytes // 16
        self.size = 0  # bytes held, by the same count as max_bytes
        self.hits = self.misses = 0
        self._entries: OrderedDict[QueryRequest, tuple[CachedAnswer, int]] = OrderedDict()

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: QueryRequest) -> CachedAnswer | None:
        """The answer stored for ``key`` (now the most recently used), or None."""
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[0]

    def cost(self, key: QueryRequest, answer: Answer) -> int:
        """The bytes an entry for ``answer`` under ``key`` counts against the budget."""
        return len(answer.body) + len(key.query) + _OVERHEAD

    def keeps(self, key: QueryRequest, answer: Answer) -> bool:
        """Whether :meth:`put` would store ``answer``: the cache is on and the entry is small enough."""
        return self.max_bytes > 0 and self.cost(key, answer) <= self.max_entry_bytes

    def put(self, key: QueryRequest, answer: Answer) -> CachedAnswer | None:
        """Store ``answer`` for ``key`` if it :meth:`keeps` it, dropping the least recently used past the budget."""
        if not self.keeps(key, answer):
            return None
        cost = self.cost(key, answer)
        cached = CachedAnswer(answer, time.monotonic())
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= old[1]
        self._entries[key] = (cached, cost)
        self.size += cost
        while self.size > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= dropped
        return cached

    def clear(self) -> None:
        """Forget every answer (the graph served changed)."""
        self._entries.clear()
        self.size = 0
