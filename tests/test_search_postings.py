"""The postings' ranking against its definition: every match scored, then one full sort.

:meth:`Postings.rank` takes shortcuts (documents matching more words first, a bound on the
threshold from blocks of scores); over thousands of documents with many tied scores, each page
it gives must be the slice of the full sort by rank, then document order.
"""

from __future__ import annotations

import numpy as np
import pytest

from napkg.graph.search.postings import Postings, PostingsBuilder

DOCUMENTS = 12_000


@pytest.fixture(scope="module")
def postings() -> Postings:
    """Postings of many short documents: most hold term 1, many tie (read-only, so shared by the module)."""
    rng = np.random.default_rng(7)
    builder = PostingsBuilder([3.0, 2.0, 1.0])
    for _ in range(DOCUMENTS):
        builder.add([rng.zipf(1.6, size=rng.integers(1, 4)).clip(max=40).tolist() if rng.random() < 0.9 else []
                     for _ in range(3)])
    return builder.build(41)


def _expected(postings: Postings, words: list[list[tuple[int, ...]]], *, allowed: np.ndarray | None,
              factor: np.ndarray | None, limit: int, offset: int) -> tuple[int, list[tuple[int, float]]]:
    n = postings.documents
    total = np.zeros(n, dtype=np.float32)
    matched = np.zeros(n, dtype=np.int16)
    for options in words:
        best = np.zeros(n, dtype=np.float32)
        for option in options:
            docs, scores = (postings.of(option[0])[:2] if len(option) == 1 else postings.together(option))
            best[docs] = np.maximum(best[docs], scores)
        total += best
        matched += best > 0
    if factor is not None:
        total *= factor
    if allowed is not None:
        matched[~allowed] = 0
    candidates = np.flatnonzero(matched).tolist()
    rank = matched.astype(np.float64) + (total / (1.0 + total)).astype(np.float64)
    ranked = sorted(candidates, key=lambda doc: (-rank[doc], doc))
    return len(candidates), [(doc, float(rank[doc])) for doc in ranked[offset:offset + limit]]


WORDS = [
    [[(1,)]], [[(2,)]], [[(1,), (2,)]], [[(3, 4)]], [[(1,)], [(2,)]], [[(1,)], [(2,)], [(3,)], [(5,)]],
    [[(2,), (3, 4)], [(1,)]], [[(40,)], [(7,)]], [[(39,)]],
]


@pytest.mark.parametrize("words", WORDS)
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (2, 0), (3, 4), (20, 0), (20, 40), (0, 0), (0, 5),
                                               (5, 10**6), (DOCUMENTS, 0)])
def test_a_page_is_the_slice_of_the_full_sort(postings: Postings, words: list[list[tuple[int, ...]]], limit: int,
                                              offset: int) -> None:
    rng = np.random.default_rng(limit + offset)
    for allowed, factor in ((None, None), (rng.random(DOCUMENTS) < 0.4, None),
                            (None, np.where(rng.random(DOCUMENTS) < 0.5, 0.5, 1.0).astype(np.float32))):
        assert postings.rank(words, allowed=allowed, factor=factor, limit=limit, offset=offset) == \
            _expected(postings, words, allowed=allowed, factor=factor, limit=limit, offset=offset)


@pytest.mark.parametrize("words", [[[(1,)], [(12,)], [(13,)]], [[(1,)], [(2,)], [(9,)], [(10,)]]])
def test_a_page_across_the_boundary_between_documents_matching_more_and_fewer_words(
        postings: Postings, words: list[list[tuple[int, ...]]]) -> None:
    whole = _expected(postings, words, allowed=None, factor=None, limit=DOCUMENTS, offset=0)[1]
    counts = [sum(1 for _, rank in whole if rank >= level) for level in range(2, len(words) + 1)]
    assert 0 < min(counts) < 60, counts
    for limit in range(1, 60):
        assert postings.rank(words, allowed=None, factor=None, limit=limit, offset=0)[1] == whole[:limit]
