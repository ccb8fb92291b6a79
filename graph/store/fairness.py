"""Fair shares of the query workers between clients: a per-client concurrency limit and query-time budget.

As public endpoints do (Wikidata's query service gives each client a budget of query time per
minute and answers 429 with ``Retry-After`` past it), each client (an address: the service
decides what identifies one) may run at most ``concurrency`` queries at once, and spend at
most ``seconds_per_minute`` seconds of query time per minute:

- a query beyond its client's concurrency waits for one of that client's own queries to end,
  up to ``wait_s``; then it is refused with :class:`~napkg.graph.errors.TooManyQueries`;
- the budget is a token bucket of ``seconds_per_minute`` seconds refilled continuously; each
  query is charged, once it ends, the seconds a worker spent on it (the block :meth:`admit`
  guards appends them to the list it yields; the wall time if nothing was appended), and a
  client whose bucket is empty is refused at once, with the seconds until it has credit again.

So one client's runaway queries occupy at most ``concurrency`` workers, and only for as long as
its budget lasts; the other workers stay free for everyone else.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from napkg.graph.errors import TooManyQueries

__all__ = ["ClientShares"]

_PRUNE_AT = 10_000  # clients remembered before idle ones with full budgets are forgotten


@dataclass(slots=True)
class _Client:
    tokens: float
    updated: float
    running: int = 0
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class ClientShares:
    """Admission of each client's queries within its concurrency limit and time budget (0 turns either off)."""

    def __init__(self, *, concurrency: int, seconds_per_minute: float, wait_s: float) -> None:
        self.concurrency, self.budget, self.wait_s = concurrency, seconds_per_minute, wait_s
        self._clients: dict[str, _Client] = {}

    @property
    def enabled(self) -> bool:
        """Whether any limit applies."""
        return self.concurrency > 0 or self.budget > 0

    def _client(self, key: str, now: float) -> _Client:
        client = self._clients.get(key)
        if client is None:
            if len(self._clients) >= _PRUNE_AT:
                self._prune(now)
            client = self._clients[key] = _Client(self.budget, now)
        elif self.budget > 0:
            client.tokens = min(self.budget, client.tokens + (now - client.updated) * self.budget / 60)
            client.updated = now
        return client

    def _prune(self, now: float) -> None:
        for key, client in list(self._clients.items()):
            refilled = client.tokens + (now - client.updated) * self.budget / 60
            if not client.running and not client.waiters and (self.budget <= 0 or refilled >= self.budget):
                del self._clients[key]

    def retry_after(self, key: str) -> int:
        """Whole seconds until client ``key`` has query time again (0: it has some now)."""
        client = self._client(key, time.monotonic())
        if self.budget <= 0 or client.tokens > 0:
            return 0
        return max(1, math.ceil(-client.tokens * 60 / self.budget) + 1)

    @asynccontextmanager
    async def admit(self, key: str) -> AsyncIterator[list[float]]:
        """Hold one of client ``key``'s query slots while the block runs; charge its time to the budget.

        Raises TooManyQueries when the budget is spent or no slot frees within ``wait_s``.
        """
        now = time.monotonic()
        client = self._client(key, now)
        if self.budget > 0 and client.tokens <= 0:
            wait = self.retry_after(key)
            raise TooManyQueries(
                f"this client ({key}) used its query time budget ({self.budget:g} s of query time per minute, "
                f"setting client_query_seconds); try again in {wait} s", retry_after_s=wait)
        if self.concurrency > 0 and client.running >= self.concurrency:
            waiter = asyncio.get_running_loop().create_future()
            client.waiters.append(waiter)
            try:
                await asyncio.wait_for(waiter, self.wait_s)  # an ending query hands its slot over
            except TimeoutError:
                raise TooManyQueries(
                    f"this client ({key}) already runs {client.running} queries, its limit (setting "
                    f"client_concurrency), and none ended within {self.wait_s:g} s; send fewer queries at once",
                    retry_after_s=max(1, math.ceil(self.wait_s / 2))) from None
            finally:
                if waiter in client.waiters:
                    client.waiters.remove(waiter)
        else:
            client.running += 1
        started = time.monotonic()
        ran: list[float] = []
        try:
            yield ran
        finally:
            end = time.monotonic()
            if self.budget > 0:
                self._client(key, end).tokens -= sum(ran) if ran else end - started
            while client.waiters:
                waiter = client.waiters.pop(0)
                if not waiter.done():
                    waiter.set_result(None)  # the slot passes to the waiter
                    break
            else:
                client.running -= 1
