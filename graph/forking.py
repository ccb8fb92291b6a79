"""Share CPU-bound work among forked processes that read their parent's memory.

A forked child sees the parent's objects as they were at the fork (copy-on-write): a store of
millions of quads or a large network is shared, not copied or pickled. Only each item's index
goes to a child and only its result comes back. Where fork is unavailable, or the process runs
other threads (forking those is unsafe), the work runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["fork_map", "usable_processes", "MAX_PROCESSES"]

MAX_PROCESSES = 4
"""At most this many processes share one piece of work."""

T = TypeVar("T")
R = TypeVar("R")

_WORK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the children inherit


def usable_processes(requested: int | None = None) -> int:
    """How many processes may share work here: ``requested`` (default one a core, at most four), or one.

    >>> usable_processes(1)
    1
    """
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    if requested is None:
        requested = min(os.cpu_count() or 1, MAX_PROCESSES)
    return max(1, requested)


def _call(index: int) -> Any:
    assert _WORK is not None
    function, items = _WORK
    return function(items[index])


def fork_map(function: Callable[[T], R], items: Sequence[T], *, processes: int | None = None) -> list[R]:
    """``[function(item) for item in items]``, the items shared among forked processes.

    ``function`` may be any callable, a closure included: children inherit it. Items are handed
    out one at a time, so uneven items still spread evenly.

    >>> fork_map(len, ["a", "bb", "ccc"], processes=2)
    [1, 2, 3]
    """
    global _WORK
    workers = min(usable_processes(processes), len(items))
    if workers <= 1:
        return [function(item) for item in items]
    _WORK = (function, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_call, range(len(items)), chunksize=1)
    finally:
        _WORK = None
