"""Check that the edition's verbatim texts really stand in their sources, at the cited lines.

Extracted PDF text scatters a table cell over lines, so a quote may be *assembled* from runs of
whole words that appear in order in the cited lines. White space is not significant (the
extraction both breaks lines and splits words) and the ``<p>`` tags it left are dropped;
nothing else is forgiven: every letter and punctuation mark must stand in the source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from napkg.graph.edition.load import plan_file
from napkg.graph.edition.records import Edition, Plan, SourcePlace
from napkg.graph.errors import DataError
from napkg.graph.edition.reading import read_text

__all__ = ["normalise", "assembly", "literal_span", "source_lines", "check_quotes", "QuoteProblem", "quoted_fields"]

_TAGS = re.compile(r"</?p>")


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
    if pieces is None:
        return None
    blanked = _TAGS.sub(lambda tag: "\0" * len(tag.group()), source)
    kept = [i for i, c in enumerate(blanked) if not c.isspace() and c != "\0"]
    compact = "".join(blanked[i] for i in kept)
    start, position = None, 0
    for piece in pieces:
        run = piece.replace(" ", "")
        at = compact.find(run, position)
        start = at if start is None else start
        position = at + len(run)
    if start is None or position == 0:
        return None
    return kept[start], kept[position - 1] + 1


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


def check_quotes(edition: Edition) -> list[QuoteProblem]:
    """Every verbatim field of the edition that cannot be assembled from its cited lines."""
    problems = []
    for plan in edition.plans:
        for file, entry, name, text, place in quoted_fields(plan):
            if place.lines is None or plan.documents[place.document].media_type != "text/plain":
                continue
            if assembly(text, source_lines(plan, place)) is None:
                problems.append(QuoteProblem(file, entry, name, text))
    return problems
