"""The curated SPARQL queries: ``graph/queries/*.rq``, each with a comment header.

Files are named ``NN-name.rq``: ``NN`` orders them on the query page, ``name`` is how they
are called. A query file starts with ``# title: …`` and ``# answers: …`` lines (further ``# `` lines
are notes), then the query. The query page, the API and the tests all read them from here.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from napkg.graph.errors import DataError, NotFound

__all__ = ["CuratedQuery", "QUERIES_DIR", "list_queries", "load_query", "parse_query_file"]

QUERIES_DIR = Path(__file__).resolve().parent / "queries"

_HEADER = re.compile(r"#\s*(title|answers)\s*:\s*(.+)")
_ORDER = re.compile(r"^\d+-")


@dataclass(frozen=True, slots=True)
class CuratedQuery:
    """One curated query: its name, title, the question it answers, and its text."""

    name: str
    title: str
    answers: str
    text: str


def parse_query_file(path: Path) -> CuratedQuery:
    """Read one ``.rq`` file; DataError names the file if its header is incomplete."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER.match(line):
            header[match[1]] = match[2].strip()
    missing = [key for key in ("title", "answers") if key not in header]
    if missing:
        raise DataError(f"the comment header lacks {' and '.join('# ' + m + ':' for m in missing)}",
                        file=str(path))
    return CuratedQuery(_ORDER.sub("", path.stem), header["title"], header["answers"], text)


def list_queries(directory: Path = QUERIES_DIR) -> list[CuratedQuery]:
    """Every curated query, in the order of their file names."""
    return [parse_query_file(path) for path in sorted(directory.glob("*.rq"))]


def load_query(name: str, directory: Path = QUERIES_DIR) -> CuratedQuery:
    """The curated query called ``name`` (its file stem); NotFound suggests close names.

    >>> load_query("who-owns-what").title
    'Who owns what'
    """
    queries = {query.name: query for query in list_queries(directory)}
    if name not in queries:
        raise NotFound(f"no curated query called {name!r}",
                       suggestions=difflib.get_close_matches(name, list(queries), n=3, cutoff=0.4) or list(queries))
    return queries[name]
