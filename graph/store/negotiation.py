"""Content negotiation: the format an ``Accept`` header or a ``format=`` value asks for.

The header is read as RFC 9110 says: the most specific range that matches a media type gives
its q; a format's media types are all tried; ties go to the server's order of preference. The
parser is nap-kg's own (docs/benchmark.md says why), and its results are cached per header,
so on the ``/sparql`` hot path negotiation costs one dictionary look-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from napkg.graph.store.formats import (
    FORMAT_NAMES, GRAPH_FORMATS, JSON_LD, N_TRIPLES, RDF_XML, RESULT_FORMATS, SPARQL_CSV, SPARQL_JSON, SPARQL_TSV,
    SPARQL_XML, TURTLE, MediaFormat, find_format,
)

__all__ = ["FormatChoice", "DEFAULT_FORMATS", "choose_formats", "choose_format", "accept_quality",
           "prefers_html"]


@dataclass(frozen=True, slots=True)
class FormatChoice:
    """The format for a table or boolean and the one for a graph; None: the client refused it."""

    results: MediaFormat | None = SPARQL_JSON
    graph: MediaFormat | None = TURTLE


DEFAULT_FORMATS = FormatChoice()

# A format= that names only a graph format still answers a SELECT or ASK, in the nearest results
# format (TSV writes terms in Turtle/N-Triples syntax; XML for RDF/XML), and the other way round.
_NEAREST_RESULTS: dict[str, MediaFormat] = {TURTLE.key: SPARQL_TSV, N_TRIPLES.key: SPARQL_TSV,
                                            RDF_XML.key: SPARQL_XML, JSON_LD.key: SPARQL_JSON}
_NEAREST_GRAPH: dict[str, MediaFormat] = {SPARQL_TSV.key: N_TRIPLES, SPARQL_CSV.key: N_TRIPLES,
                                          SPARQL_XML.key: RDF_XML, SPARQL_JSON.key: JSON_LD}


def choose_formats(accept: str | None = None, format: str | Sequence[str] | None = None) -> FormatChoice:
    """The formats to answer in: ``format`` (names or media types) wins over ``accept``.

    Several ``format`` values must agree (SPARQLWrapper sends ``tsv`` and
    ``text/tab-separated-values`` together). An Accept header that matches nothing gets the
    defaults (RFC 9110 lets a server ignore it rather than answer 406). Raises ValueError for
    an unknown or conflicting ``format``.

    >>> choose_formats("text/csv, */*;q=0.1").results.key
    'csv'
    >>> choose_formats(None, "json").graph.key
    'jsonld'
    >>> choose_formats(None, "turtle").results.key   # a SELECT asked for in Turtle: TSV, Turtle's terms
    'tsv'
    """
    values = [format] if isinstance(format, str) else list(format or ())
    if values:
        results: MediaFormat | None = None
        graph: MediaFormat | None = None
        for value in dict.fromkeys(v.strip().lower() for v in values):
            # a value may list alternatives: "application/ld+json,application/x-json+ld"
            known = [FORMAT_NAMES[a.strip()] for a in value.split(",") if a.strip() in FORMAT_NAMES]
            if not known:
                names = ", ".join(k for k in FORMAT_NAMES if "/" not in k)
                raise ValueError(f"unknown format {value!r}; use one of {names} or a media type")
            named_results, named_graph = known[0]
            if (results and named_results and named_results is not results) or (
                    graph and named_graph and named_graph is not graph):
                raise ValueError(f"the formats {', '.join(values)} contradict each other; ask for one")
            results, graph = results or named_results, graph or named_graph
        if results is None and graph is not None:
            results = _NEAREST_RESULTS.get(graph.key)
        if graph is None and results is not None:
            graph = _NEAREST_GRAPH.get(results.key)
        return FormatChoice(results, graph)
    if not accept:
        return DEFAULT_FORMATS
    return _negotiate(accept)


def choose_format(accept: str | None, format: str | None, formats: Sequence[MediaFormat]) -> MediaFormat:
    """One of ``formats``: the one ``format`` names, else the one ``accept`` ranks highest, else the first.

    Raises ValueError for a ``format`` that names none of them.

    >>> from napkg.graph.store.formats import DATASET_FORMATS
    >>> choose_format("application/n-triples", None, GRAPH_FORMATS).key
    'ntriples'
    >>> choose_format("text/html,*/*;q=0.8", "nt", GRAPH_FORMATS + DATASET_FORMATS).key
    'ntriples'
    """
    if format is not None:
        chosen = find_format(format, formats)
        if chosen is None:
            raise ValueError(f"format={format!r} is not a format of this route; "
                             f"use one of {', '.join(f.key for f in formats)}")
        return chosen
    if not accept:
        return formats[0]
    return _best(_parse_accept(accept), tuple(formats))


def _parse_accept(accept: str) -> tuple[tuple[str, float], ...]:
    ranges = []
    for part in accept.split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return tuple(ranges)


def _quality(ranges: tuple[tuple[str, float], ...], media_type: str) -> tuple[float, int]:
    """(q, specificity) of the most specific range in ``ranges`` that matches ``media_type``."""
    kind = media_type.split("/")[0]
    best = (0.0, -1)
    for media, q in ranges:
        specificity = 2 if media == media_type else 1 if media == f"{kind}/*" else 0 if media == "*/*" else -1
        if specificity > best[1]:
            best = (q, specificity)
    return best


def accept_quality(accept: str | None, media_type: str) -> float:
    """The q an Accept header gives ``media_type`` (1.0 when there is no header).

    >>> accept_quality("text/html,*/*;q=0.8", "text/html")
    1.0
    >>> accept_quality("text/*, text/csv;q=0", "text/csv")
    0.0
    """
    if not accept:
        return 1.0
    return _quality(_parse_accept(accept), media_type)[0]


def _best(ranges: tuple[tuple[str, float], ...], formats: tuple[MediaFormat, ...]) -> MediaFormat:
    scored = []
    for order, fmt in enumerate(formats):
        q, specificity = max(_quality(ranges, m) for m in fmt.media_types)
        if q > 0:
            scored.append((q, specificity, -order, fmt))
    return max(scored, key=lambda s: s[:3])[3] if scored else formats[0]


@lru_cache(maxsize=512)
def _negotiate(accept: str) -> FormatChoice:
    ranges = _parse_accept(accept)
    return FormatChoice(_best(ranges, RESULT_FORMATS), _best(ranges, GRAPH_FORMATS))


@lru_cache(maxsize=256)
def prefers_html(accept: str | None) -> bool:
    """Whether the client ranks HTML above every SPARQL result and RDF format (a browser).

    >>> prefers_html("text/html,application/xhtml+xml,*/*;q=0.8"), prefers_html("*/*")
    (True, False)
    """
    if not accept or "html" not in accept:
        return False
    html = accept_quality(accept, "text/html")
    return html > 0 and all(
        html > accept_quality(accept, media)
        for fmt in RESULT_FORMATS + GRAPH_FORMATS for media in fmt.media_types
    )
