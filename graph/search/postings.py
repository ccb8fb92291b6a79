"""Postings with precomputed BM25F scores, in numpy arrays: which documents hold a term, how well.

Built once from the analysed tokens of every field of every document: for each (term,
document) pair the fields' weighted term frequencies are summed and scored with BM25F
(k1 = 1.2, b = 0.75, lengths weighted as the fields are), so that a search adds up arrays
instead of scoring documents one by one. A search over 100,000 documents whose words occur
in most of them costs a few vector operations.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

import numpy as np

__all__ = ["Postings", "PostingsBuilder", "K1", "B"]

K1 = 1.2
B = 0.75


class PostingsBuilder:
    """Collects the term ids of each field of each document, in document order."""

    def __init__(self, weights: Sequence[float]) -> None:
        self.weights = np.asarray(weights, dtype=np.float32)
        self.tokens = array("i")
        self.segment_doc = array("i")
        self.segment_field = array("b")
        self.segment_length = array("i")
        self.documents = 0

    def add(self, fields: Sequence[Sequence[int]]) -> None:
        """Add the next document: the term ids of each of its fields."""
        doc = self.documents
        self.documents += 1
        for field, ids in enumerate(fields):
            if ids:
                self.tokens.extend(ids)
                self.segment_doc.append(doc)
                self.segment_field.append(field)
                self.segment_length.append(len(ids))

    def build(self, terms: int) -> Postings:
        """The postings of ``terms`` term ids over the documents added."""
        n = max(self.documents, 1)
        lengths = np.frombuffer(self.segment_length, dtype=np.int32) if self.segment_length else np.zeros(0, np.int32)
        docs = np.repeat(np.frombuffer(self.segment_doc, dtype=np.int32) if self.segment_doc else np.zeros(0, np.int32),
                         lengths).astype(np.int64)
        fields = np.repeat(np.frombuffer(self.segment_field, dtype=np.int8) if self.segment_field else np.zeros(0, np.int8),
                           lengths)
        tokens = np.frombuffer(self.tokens, dtype=np.int32).astype(np.int64) if self.tokens else np.zeros(0, np.int64)
        weight = self.weights[fields]
        doc_length = np.bincount(docs, weights=weight, minlength=n)
        average = float(doc_length.mean()) or 1.0
        pairs = tokens * n + docs
        order = np.argsort(pairs)
        pairs = pairs[order]
        starts = np.flatnonzero(np.r_[True, pairs[1:] != pairs[:-1]]) if len(pairs) else np.zeros(0, np.int64)
        frequency = np.add.reduceat(weight[order], starts) if len(starts) else np.zeros(0, np.float32)
        masks = np.bitwise_or.reduceat((1 << fields[order]).astype(np.uint8), starts) if len(starts) else np.zeros(0, np.uint8)
        pair = pairs[starts]
        term, doc = pair // n, pair % n
        df = np.bincount(term, minlength=terms)
        idf = np.log1p((n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * doc_length[doc] / average)
        scores = idf[term] * frequency * (K1 + 1) / (frequency + norm)
        bounds = np.searchsorted(term, np.arange(terms + 1))
        return Postings(n, doc.astype(np.int32), scores.astype(np.float32), masks, bounds, df)


class Postings:
    """For each term id, the documents that hold it (ascending), their scores and field masks."""

    def __init__(self, documents: int, docs: np.ndarray, scores: np.ndarray, masks: np.ndarray, bounds: np.ndarray,
                 df: np.ndarray) -> None:
        self.documents, self.docs, self.scores, self.masks, self.bounds, self.df = documents, docs, scores, masks, bounds, df

    def of(self, term: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(documents, scores, field masks) of one term id."""
        start, stop = self.bounds[term], self.bounds[term + 1]
        return self.docs[start:stop], self.scores[start:stop], self.masks[start:stop]

    def together(self, terms: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(documents holding every one of ``terms``, their mean score): a compound's parts."""
        docs, scores, _ = self.of(terms[0])
        total = scores.astype(np.float32)
        for term in terms[1:]:
            other, other_scores, _ = self.of(term)
            keep = np.isin(docs, other, assume_unique=True)
            docs, total = docs[keep], total[keep]
            total = total + other_scores[np.searchsorted(other, docs)]
        return docs, total / len(terms)

    def masks_of(self, term: int, docs: np.ndarray) -> np.ndarray:
        """The fields (bit i: field i) of each of ``docs`` that hold ``term``; 0 where none does."""
        held, _, masks = self.of(term)
        if not len(held):
            return np.zeros(len(docs), dtype=np.uint8)
        at = np.minimum(np.searchsorted(held, docs), len(held) - 1)
        return np.where(held[at] == docs, masks[at], 0).astype(np.uint8)

    def matching(self, words: Sequence[Sequence[Sequence[int]]], *, allowed: np.ndarray | None) -> np.ndarray:
        """The documents (ascending) that match any of a phrase's words, as :meth:`rank` counts them."""
        found = np.zeros(self.documents, dtype=bool)
        for options in words:
            for option in options:
                found[self.of(option[0])[0] if len(option) == 1 else self.together(option)[0]] = True
        if allowed is not None:
            found &= allowed
        return np.flatnonzero(found)

    def rank(self, words: Sequence[Sequence[Sequence[int]]], *, allowed: np.ndarray | None, factor: np.ndarray | None,
             limit: int, offset: int) -> tuple[int, list[tuple[int, float]]]:
        """(how many documents match, [(document, score)] best first) for a phrase's words.

        Each word is a list of options (term-id sequences; several ids are a compound's parts);
        a document's score for a word is its best option's, its score for the phrase the number
        of words it matches plus its summed word scores s mapped into [0, 1) as s / (1 + s).
        Ties keep document order.
        """
        wanted = offset + limit
        if len(words) == 1:
            candidates, total = self._best(words[0])
            if allowed is not None:
                keep = allowed[candidates]
                candidates, total = candidates[keep], total[keep]
            count, matched = len(candidates), None
        else:
            total = np.zeros(self.documents, dtype=np.float32)
            matched = np.zeros(self.documents, dtype=np.int16)
            for options in words:
                docs, best = self._best(options)
                total[docs] += best
                matched[docs] += 1
            if allowed is not None:
                matched *= allowed
            count = int(np.count_nonzero(matched))
            level = _fullest_level(matched, wanted)
            candidates = np.flatnonzero(matched >= level)
            total, matched = total[candidates], matched[candidates]
        if not count or not wanted:
            return count, []
        if factor is not None:
            total = total * factor[candidates]
        share = (total / (1.0 + total)).astype(np.float64)
        rank = share + 1 if matched is None else share + matched
        if wanted < len(candidates):
            keep = rank >= _threshold(rank, wanted)
            candidates, rank = candidates[keep], rank[keep]
        order = np.lexsort((candidates, -rank))[offset:offset + limit]
        return count, list(zip(candidates[order].tolist(), rank[order].tolist()))

    def _best(self, options: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """(the documents, ascending, that match a word's options, their best option's score, above 0)."""
        if len(options) == 1:
            docs, scores = self._option(options[0])
        else:
            best = np.zeros(self.documents, dtype=np.float32)
            for option in options:
                docs, scores = self._option(option)
                best[docs] = np.maximum(best[docs], scores)
            docs = np.flatnonzero(best > 0)
            return docs, best[docs]
        positive = scores > 0
        return (docs, scores) if positive.all() else (docs[positive], scores[positive])

    def _option(self, option: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """(documents, scores) of one option: a term, or a compound's parts side by side."""
        if len(option) == 1:
            docs, scores, _ = self.of(option[0])
            return docs, scores
        return self.together(option)


def _fullest_level(matched: np.ndarray, wanted: int) -> int:
    """The most words matched by at least ``wanted`` documents (1 if no count of two or more is): a document
    matching more words ranks above every one matching fewer, so the page lies among those."""
    if not wanted:
        return 1
    at_least = np.cumsum(np.bincount(matched)[::-1])[::-1]  # at_least[k]: documents matching k words or more
    full = np.flatnonzero(at_least[2:] >= wanted)
    return int(full[-1]) + 2 if len(full) else 1


_BLOCK = 64


def _threshold(rank: np.ndarray, wanted: int) -> float:
    """The ``wanted``-th largest value of ``rank`` (``0 < wanted < len(rank)``).

    For a long array the ``wanted``-th largest of its blocks' maxima bounds the answer from below,
    so only the values above that bound are partitioned.
    """
    if len(rank) >= 8 * _BLOCK * wanted:
        maxima = np.maximum.reduceat(rank, np.arange(0, len(rank), _BLOCK))
        rank = rank[rank >= np.partition(maxima, len(maxima) - wanted)[len(maxima) - wanted]]
    return float(np.partition(rank, len(rank) - wanted)[len(rank) - wanted])
