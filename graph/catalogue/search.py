"""The text search of activities, behind one small interface (:class:`TextSearch`).

:func:`text_index` gives the engine the catalogue uses: a :class:`TextIndex` of the words of
the activities' titles, indicators and evidence, which scores an activity 3 for a term in its
title, 2 in its indicator and 1 in any of its evidence, with bit-sliced counters. Another
engine that keeps the interface (add, freeze, any_match, search) can replace it.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from napkg.graph.catalogue.bits import bits_of, positions_of

__all__ = ["MAX_TERMS", "FIELDS", "search_terms", "TextSearch", "TextIndex", "text_index"]

MAX_TERMS = 32
"""The most words a text search may have."""

FIELDS = ("title", "indicator", "evidence")
"""The fields of an activity that are searched, by number (0, 1, 2)."""


def search_terms(text: str) -> list[str]:
    """The lower-case words of a search, without duplicates or one-letter words.

    >>> search_terms("Hotline, the 161-Hotline!")
    ['hotline', 'the', '161-hotline']
    """
    words = re.findall(r"[\w][\w'’\-]*", text.casefold())
    return list(dict.fromkeys(w for w in words if len(w) > 1))



class TextSearch(Protocol):
    """What the catalogue asks of a text search engine."""

    def add(self, position: int, field: int, text: str) -> None:
        """Index ``text`` as field ``field`` (see :data:`FIELDS`) of activity ``position``."""

    def freeze(self) -> None:
        """Finish building: no :meth:`add` after this."""

    def any_match(self, terms: Sequence[str]) -> int:
        """The bit set of the activities where any of ``terms`` occurs, in any field."""

    def search(self, terms: Sequence[str], *, within: int = -1, offset: int,
               limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(how many activities in ``within`` match, [(position, score)] best first, ties in position order)."""


def text_index() -> TextSearch:
    """A new, empty text search engine of the kind the catalogue uses."""
    return TextIndex()


def _add(counter: list[int], bits: int, weight: int) -> None:
    """Add ``weight`` to the score of every activity in ``bits``; ``counter`` holds scores bit-sliced:
    bit *i* of ``counter[j]`` is bit *j* of activity *i*'s score.

    >>> counter = []
    >>> _add(counter, 0b10, 2); _add(counter, 0b11, 3)
    >>> [sum(((s >> i) & 1) << j for j, s in enumerate(counter)) for i in range(2)]
    [3, 5]
    """
    shift = 0
    while weight:
        if weight & 1:
            carry, j = bits, shift
            while carry:
                while j >= len(counter):
                    counter.append(0)
                counter[j], carry = counter[j] ^ carry, counter[j] & carry
                j += 1
        weight >>= 1
        shift += 1


def _ranked(counter: list[int], top: int, *, offset: int, limit: int) -> tuple[int, list[tuple[int, int]]]:
    """(how many activities score above 0, [(position, score)] best first, then in position order)."""
    hits = 0
    for slice_ in counter:
        hits |= slice_
    total = remaining = hits.bit_count()
    found: list[tuple[int, int]] = []
    skip = offset
    for score in range(top, 0, -1):
        if remaining == 0 or len(found) >= limit:
            break
        if score >> len(counter):
            continue
        level = hits
        for j, slice_ in enumerate(counter):
            level = level & slice_ if score >> j & 1 else level & ~slice_
            if not level:
                break
        if not level:
            continue
        count = level.bit_count()
        remaining -= count
        if skip >= count:
            skip -= count
            continue
        found += [(p, score) for p in positions_of(level, offset=skip, limit=limit - len(found))]
        skip = 0
    return total, found


_WORD = re.compile(r"[\w][\w'’\-]*")


class TextIndex:
    """The words of the activities' titles, indicators and evidence, and where each occurs.

    A search term matches a word that *contains* it, so that "hotline" finds "161-hotline" as
    :func:`~napkg.graph.catalogue.owners.who_owns`'s ``CONTAINS`` does; a term found in an
    activity's title scores 3, in its indicator 2 and in any of its evidence 1 (:data:`WEIGHTS`).
    Words are compared case-folded.

    >>> index = TextIndex()
    >>> index.add(0, 0, "The 161-Hotline call centre"); index.add(1, 2, "a hotline was set up")
    >>> index.freeze()
    >>> index.search(["hotline"], offset=0, limit=5)
    (2, [(0, 3), (1, 1)])
    """

    FIELDS = FIELDS
    WEIGHTS = (3, 2, 1)
    DENSE = 1024
    """A word in more activities than this keeps its positions as a bit set, otherwise as an array."""

    def __init__(self) -> None:
        self._building: dict[str, tuple[list[int], list[int], list[int]]] = {}
        self._postings: list[tuple[int | array, ...]] = []
        self._vocabulary = ""
        self._starts: list[int] = []
        self.match = lru_cache(maxsize=4096)(self._match)

    def add(self, position: int, field: int, text: str) -> None:
        """Index ``text`` as field ``field`` (0 title, 1 indicator, 2 evidence) of activity ``position``."""
        for word in set(_WORD.findall(text.casefold())):
            if len(word) > 1:
                entry = self._building.get(word)
                if entry is None:
                    entry = self._building[word] = ([], [], [])
                entry[field].append(position)

    def freeze(self) -> None:
        """Finish building: no :meth:`add` after this."""
        words = sorted(self._building)
        offset = 0
        for word in words:
            self._starts.append(offset)
            offset += len(word) + 1
        self._vocabulary = "\n".join(words)
        self._postings = [tuple(self._pack(p) for p in self._building[w]) for w in words]
        self._building = {}

    @classmethod
    def _pack(cls, positions: list[int]) -> int | array:
        unique = sorted(set(positions))
        return bits_of(unique) if len(unique) > cls.DENSE else array("I", unique)

    def __len__(self) -> int:
        return len(self._postings)

    def words_containing(self, term: str) -> list[str]:
        """The indexed words that contain ``term`` (case-folded).

        >>> index = TextIndex(); index.add(0, 0, "hotline hotlines online"); index.freeze()
        >>> index.words_containing("LINE")
        ['hotline', 'hotlines', 'online']
        """
        starts, text = self._starts, self._vocabulary
        return [text[starts[k]:starts[k + 1] - 1] if k + 1 < len(starts) else text[starts[k]:]
                for k in self._containing(term.casefold())]

    def _containing(self, term: str) -> list[int]:
        text, starts, found = self._vocabulary, self._starts, []
        at = text.find(term) if term and "\n" not in term else -1
        while at >= 0:
            k = bisect_right(starts, at) - 1
            found.append(k)
            at = text.find(term, starts[k + 1]) if k + 1 < len(starts) else -1
        return found

    def _match(self, term: str) -> tuple[int, ...]:
        dense = [0] * len(self.FIELDS)
        sparse: list[list[array]] = [[] for _ in self.FIELDS]
        for k in self._containing(term):
            for f, positions in enumerate(self._postings[k]):
                if isinstance(positions, int):
                    dense[f] |= positions
                elif positions:
                    sparse[f].append(positions)
        return tuple(dense[f] | _bits_of_arrays(sparse[f]) for f in range(len(self.FIELDS)))

    def any_match(self, terms: Sequence[str]) -> int:
        """The activities where any of ``terms`` occurs, in any field."""
        found = 0
        for term in terms:
            for bits in self.match(term):
                found |= bits
        return found

    def search(self, terms: Sequence[str], *, within: int = -1, offset: int, limit: int) -> tuple[int, list[tuple[int, int]]]:
        """(how many activities in ``within`` match, [(position, score)] best first).

        Ties keep position order (plan, then code). ``within`` is a bit set (default: all).
        """
        counter: list[int] = []
        for term in terms:
            for bits, weight in zip(self.match(term), self.WEIGHTS):
                bits &= within
                if bits:
                    _add(counter, bits, weight)
        return _ranked(counter, sum(self.WEIGHTS) * len(terms), offset=offset, limit=limit)


def _bits_of_arrays(arrays: list[array]) -> int:
    if not arrays:
        return 0
    buffer = bytearray((max(a[-1] for a in arrays) >> 3) + 1)
    for positions in arrays:
        for p in positions:
            buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")
