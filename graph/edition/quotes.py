"""Check that the edition's verbatim texts really stand in their sources, at the cited lines.

Extracted PDF text scatters a table cell over lines, so a quote may be *assembled* from runs of
whole words that appear in order in the cited lines. White space is not significant (the
extraction both breaks lines and splits words) and the ``<p>`` tags it left are dropped;
nothing else is forgiven: every letter and punctuation mark must stand in the source.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from napkg.graph.edition.load import plan_file
from napkg.graph.edition.records import Edition, Plan, SourcePlace
from napkg.graph.errors import DataError
from napkg.graph.edition.reading import read_text

__all__ = [
    "normalise", "assembly", "literal_span", "source_lines", "check_quotes", "QuoteProblem", "quoted_fields",
    "anchor", "ANCHORED_FIELDS",
]

_TAGS = re.compile(r"</?p>")
_RUN = re.compile(r"[^\s\0]+")  # a run of printed characters once the tags are blanked to NULs


def normalise(text: str) -> str:
    """Fold white space and drop extraction tags.

    >>> normalise("<p>The  clause\\n was</p>  done")
    'The clause was done'
    """
    return " ".join(_TAGS.sub(" ", text).split())


def assembly(quote: str, source: str) -> list[str] | None:
    """The pieces (runs of whole words, in source order) that make ``quote`` from ``source``, or None.

    White space is not significant inside a piece, since PDF extraction inserts spaces into
    words ("strengthen ing", "e- services").

    >>> assembly("Cabinet of Ministers", "Implementers: Cabinet of Ministers")
    ['Cabinet of Ministers']
    >>> assembly("progressive international practice", "with progressive | 1.1. international practice")
    ['progressive', 'international practice']
    >>> assembly("strengthening transparency", "and strengthen\ting transparency")
    ['strengthening transparency']
    >>> assembly("practice progressive", "progressive practice") is None
    True
    """
    words = normalise(quote).split(" ")
    text = "".join(normalise(source).split(" "))
    pieces: list[str] = []
    position, i = 0, 0
    while i < len(words):
        piece, at = words[i], text.find(words[i], position)
        if at < 0:
            return None
        j = i + 1
        while j < len(words):
            longer = piece + words[j]
            longer_at = text.find(longer, position)
            if longer_at < 0:
                break
            piece, at, j = longer, longer_at, j + 1
        pieces.append(" ".join(words[i:j]))
        position, i = at + len(piece), j
    return pieces


def literal_span(quote: str, source: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``source``, as it is printed: from its first piece to its last, or None.

    ``source[start:end]`` is a literal substring (line breaks and extraction tags included), which a
    strict Web Annotation client can anchor on, unlike the folded quote.

    >>> source = "<p>The clause\\nwas</p> done"
    >>> start, end = literal_span("clause was done", source)
    >>> source[start:end]
    'clause\\nwas</p> done'
    """
    pieces = assembly(quote, source)
    return None if pieces is None else _span(pieces, source)


def _span(pieces: list[str], source: str) -> tuple[int, int] | None:
    """The span in ``source`` from the first of ``pieces`` (see :func:`assembly`) to the end of the last."""
    blanked = _TAGS.sub(lambda tag: "\0" * len(tag.group()), source)
    runs = [match.span() for match in _RUN.finditer(blanked)]
    compact = "".join(blanked[a:b] for a, b in runs)
    starts, length = [], 0  # where each run starts in ``compact``
    for a, b in runs:
        starts.append(length)
        length += b - a
    start, position = None, 0
    for piece in pieces:
        run = piece.replace(" ", "")
        at = compact.find(run, position)
        start = at if start is None else start
        position = at + len(run)
    if start is None or position == 0:
        return None

    def in_source(at: int) -> int:
        k = bisect_right(starts, at) - 1
        return runs[k][0] + at - starts[k]

    return in_source(start), in_source(position - 1) + 1


@lru_cache(maxsize=32)
def _file_lines(path: Path) -> tuple[str, ...]:
    return tuple(read_text(path).splitlines())


def source_lines(plan: Plan, place: SourcePlace) -> str:
    """The text of the cited line range of a plan's document."""
    document = plan.documents[place.document]
    assert document.path is not None
    lines = _file_lines(document.path)
    if place.lines is None:
        return "\n".join(lines)
    first, last = place.lines
    if last > len(lines):
        raise DataError(f"cites lines {first}-{last} but {document.file} has {len(lines)} lines", file=str(plan.folder))
    return "\n".join(lines[first - 1 : last])


@dataclass(frozen=True)
class QuoteProblem:
    file: str
    entry: str
    field: str
    text: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field} is not found verbatim in its cited lines: {self.text[:80]!r}"


def quoted_fields(plan: Plan) -> Iterator[tuple[str, str, str, str, SourcePlace]]:
    """(file, entry, field, text, place) for every verbatim text of a plan that cites text lines."""
    plan_path = str(plan_file(plan.folder))
    for section in plan.sections:
        if section.title:
            yield plan_path, f"section {section.number}", "title", section.title, section.source
    for activity in plan.activities:
        for name in ("title", "indicator"):
            value = getattr(activity, name)
            if value and activity.source.lines:
                yield plan_path, f"activity {activity.code}", name, value, activity.source
    for report in plan.reports:
        for ev in report.evidence:
            entry = f"evidence for activity {ev.activity}"
            for name in ("text", "basis", "reported_title"):
                value = getattr(ev, name)
                if value:
                    yield report.file, entry, name, value, ev.source
        for rec in report.recommendations:
            if rec.response:
                yield report.file, f"recommendation {rec.id}", "response", rec.response, rec.source
        for fig in report.figures:
            if fig.quote:
                yield report.file, f"figure {fig.id}", "quote", fig.quote, fig.source


ANCHORED_FIELDS = frozenset({"text", "response", "quote"})
"""The verbatim fields (of :func:`quoted_fields`) the graph anchors in their source with :func:`anchor`."""


def check_quotes(edition: Edition) -> list[QuoteProblem]:
    """Every verbatim field of the edition that cannot be assembled from its cited lines.

    The spans of the fields the graph anchors (:data:`ANCHORED_FIELDS`) are kept for
    :func:`anchor`, which the build calls next, so that each quote is found in its source once.
    """
    problems = []
    for plan in edition.plans:
        memo = _memo(plan)
        for file, entry, name, text, place in quoted_fields(plan):
            document = plan.documents[place.document]
            if place.lines is None or document.media_type != "text/plain":
                continue
            source = source_lines(plan, place)
            pieces = assembly(text, source)
            if pieces is None:
                problems.append(QuoteProblem(file, entry, name, text))
            elif name in ANCHORED_FIELDS and document.path is not None:
                memo[(place.document, place.lines, text)] = _anchored(document.path, place.lines, source, pieces)
    return problems


# The spans check_quotes found, per plan (by identity, dropped with the plan), until anchor takes them.
_MEMOS: dict[int, tuple[weakref.ref, dict]] = {}


def _memo(plan: Plan) -> dict:
    key = id(plan)
    found = _MEMOS.get(key)
    if found is not None and found[0]() is plan:
        return found[1]

    def forget(ref: weakref.ref, key: int = key) -> None:
        if _MEMOS.get(key, (None,))[0] is ref:
            del _MEMOS[key]

    memo: dict = {}
    _MEMOS[key] = (weakref.ref(plan, forget), memo)
    return memo


@lru_cache(maxsize=32)
def _line_offsets(path: Path) -> tuple[int, ...]:
    """The character offset at which each line of a text file starts (line 1 first)."""
    offsets, at = [], 0
    for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
        offsets.append(at)
        at += len(line)
    return tuple(offsets)


def _anchored(path: Path, lines: tuple[int, int], source: str, pieces: list[str]) -> tuple[str, tuple[int, int]] | None:
    found = _span(pieces, source)
    if found is None:
        return None
    first = _line_offsets(path)[lines[0] - 1]
    return source[found[0]:found[1]], (first + found[0], first + found[1])


def anchor(plan: Plan, place: SourcePlace, quote: str) -> tuple[str, tuple[int, int] | None]:
    """A verbatim quote as its source prints it (a literal substring) and its character span in the file.

    The edition folds white space and drops extraction tags (``nap:text`` keeps that form); a strict
    Web Annotation client anchors ``oa:exact`` literally, so the selector takes the source's own text,
    from the quote's first piece to its last. A quote without a text source is kept as it is. A span
    :func:`check_quotes` already found is taken from it rather than found again.
    """
    document = plan.documents[place.document]
    if not place.lines or document.media_type != "text/plain" or document.path is None:
        return quote, None
    memo = _memo(plan)
    key = (place.document, place.lines, quote)
    if key in memo:
        found = memo.pop(key)
    elif not document.path.exists():
        return quote, None
    else:
        source = source_lines(plan, place)
        pieces = assembly(quote, source)
        found = None if pieces is None else _anchored(document.path, place.lines, source, pieces)
    return (quote, None) if found is None else found
