"""Sets of activities as bit sets: Python ints whose bit *i* is the *i*-th activity (plan, then code order)."""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

__all__ = ["bits_of", "positions_of", "range_bits"]


def bits_of(positions: Iterable[int]) -> int:
    """A bit set (an int) with the bits at ``positions`` set.

    >>> bin(bits_of([0, 3, 3]))
    '0b1001'
    >>> bits_of([])
    0
    """
    buffer = bytearray()
    for position in positions:
        byte = position >> 3
        if byte >= len(buffer):
            buffer.extend(bytes(byte - len(buffer) + 64))
        buffer[byte] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def positions_of(bits: int, *, offset: int = 0, limit: int | None = None) -> list[int]:
    """The positions of the bits set in ``bits``, ascending: at most ``limit`` after the first ``offset``.

    >>> positions_of(0b101101)
    [0, 2, 3, 5]
    >>> positions_of(0b101101, offset=1, limit=2)
    [2, 3]
    """
    found: list[int] = []
    if bits <= 0 or limit == 0:
        return found
    words = array("Q", bits.to_bytes((bits.bit_length() + 63) // 64 * 8, "little"))
    if sys.byteorder == "big":  # pragma: no cover - the words were written little-endian
        words.byteswap()
    skip = offset
    for index, word in enumerate(words):
        if not word:
            continue
        if skip:
            count = word.bit_count()
            if skip >= count:
                skip -= count
                continue
        base = index << 6
        while word:
            low = word & -word
            if skip:
                skip -= 1
            else:
                found.append(base + low.bit_length() - 1)
                if limit is not None and len(found) >= limit:
                    return found
            word ^= low
    return found


def range_bits(first: int, stop: int) -> int:
    """The bit set of the positions ``first`` to ``stop - 1``.

    >>> bin(range_bits(1, 3))
    '0b110'
    """
    return ((1 << stop) - 1) ^ ((1 << first) - 1)

