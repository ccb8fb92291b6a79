"""``/id/source/<file>``: a source document, its text with numbered lines (each an anchor) or its CSV rows.

A provenance selector's link (``?line=40,44#line=40,44``) marks those lines and scrolls to them. The
selectors count as RFC 5147 does, line *boundaries* from zero: ``line=40,44`` is the text between the
40th and the 44th line break, lines 41 to 44 as numbered on the page. CSV rows (RFC 7111,
``row=3`` or ``row=3-5``) count from 1, the header being row 1. ``text/plain`` (or ``format=text``)
gets the file as it is; the RDF formats get the document's description.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from napkg.api.pages.entity import FORMAT_QUERY, entity_iri, entity_response, negotiate
from napkg.api.errors import error_example
from napkg.api.pages.render import HTML_EXAMPLE, RDF_EXAMPLES
from napkg.graph.errors import InvalidParameter, NotFound
from napkg.graph.namespace import NAP
from napkg.graph.settings import DEFAULT_DATA_DIR
from napkg.graph.store import accept_quality

__all__ = ["router", "line_range", "row_range", "source_file"]

router = APIRouter(tags=["pages"])

_LINE = re.compile(r"^(\d+),(\d+)$")
_ROW = re.compile(r"^(\d+)(?:-(\d+))?$")


def line_range(selector: str | None) -> tuple[int, int] | None:
    """The lines (numbered from 1, both ends included) an RFC 5147 ``line=a,b`` selector picks.

    >>> line_range("40,44")
    (41, 44)
    >>> line_range("14,15")
    (15, 15)
    """
    if selector is None:
        return None
    match = _LINE.match(selector.strip())
    if match is None or int(match[1]) >= int(match[2]):
        raise InvalidParameter(f"line={selector!r} is not an RFC 5147 line range", parameter="line",
                               hint="give two line boundaries counted from zero, the first smaller, e.g. line=40,44")
    return int(match[1]) + 1, int(match[2])


def row_range(selector: str | None) -> tuple[int, int] | None:
    """The rows (from 1, header included) an RFC 7111 ``row=n`` or ``row=n-m`` selector picks.

    >>> row_range("3-5")
    (3, 5)
    """
    if selector is None:
        return None
    match = _ROW.match(selector.strip())
    if match is None or (match[2] and int(match[2]) < int(match[1])):
        raise InvalidParameter(f"row={selector!r} is not an RFC 7111 row range", parameter="row",
                               hint="give a row or a range of rows counted from 1, e.g. row=3 or row=3-5")
    return int(match[1]), int(match[2] or match[1])


def source_file(request: Request, name: str) -> Path:
    """The file of the source document ``name`` in the data folder; NotFound when there is none."""
    settings = getattr(request.app.state, "settings", None)
    data_dir = Path(getattr(settings, "data_dir", DEFAULT_DATA_DIR))
    rows = request.app.state.store.select(
        f"SELECT ?f WHERE {{ <{entity_iri(f'id/source/{name}')}> <{NAP.sourceFile}> ?f }} LIMIT 1")
    if not rows:
        raise NotFound(f"no source document called {name!r}", suggestions=sorted(p.name for p in (data_dir / "sources").glob("*")))
    path = (data_dir / str(rows[0]["f"])).resolve()
    if not path.is_relative_to(data_dir.resolve()) or not path.is_file():
        raise NotFound(f"the source document {name!r} is in the graph, but its file {path} is not in {data_dir}",
                       suggestions=[])
    return path


def _wants_text(request: Request, format: str | None) -> bool:
    if format is not None:
        return format.strip().lower() in ("text", "txt", "raw", "text/plain")
    accept = request.headers.get("accept")
    return bool(accept) and accept_quality(accept, "text/plain") > max(accept_quality(accept, "text/html"), 0.0) \
        and accept_quality(accept, "text/plain") >= accept_quality(accept, "application/n-triples")


@router.get("/id/source/{name}", summary="A source document: its text, its lines, its description",
            description="`text/html`: the text with numbered lines, `line=a,b` (RFC 5147, from zero) or `row=n` "
                        "(RFC 7111) marked; `text/plain` or `format=text`: the file as it is; the RDF formats: its "
                        "description.", response_class=Response,
            responses={200: {"description": "The source document.", "content": {
                **HTML_EXAMPLE, "text/plain; charset=utf-8": {"example": "National Action Plan for the Promotion of Open Government\n…"},
                **RDF_EXAMPLES}},
                       400: {"description": "A `line`, `row` or `format` the route cannot read.",
                             **error_example(InvalidParameter, "line='15,14' is not an RFC 5147 line range",
                                             parameter="line", hint="give two line boundaries counted from zero, "
                                                                    "the first smaller, e.g. line=40,44")},
                       404: {"description": "No such source document.",
                             **error_example(NotFound, "no source document called 'nap.txt'",
                                             suggestions=["nap-2020-2022.txt"])}})
async def source(
    request: Request, name: str, format: Annotated[str | None, FORMAT_QUERY] = None,
    line: Annotated[str | None, Query(description="RFC 5147 line range, from zero.", examples=["40,44"])] = None,
    row: Annotated[str | None, Query(description="RFC 7111 row range, from 1.", examples=["3"])] = None,
) -> Response:
    """The source document ``name``."""
    iri = entity_iri(f"id/source/{name}")
    if _wants_text(request, format):
        return Response(source_file(request, name).read_bytes(), media_type="text/plain; charset=utf-8",
                        headers={"Vary": "Accept"})
    if format is not None and format.strip().lower() not in ("html", "text/html") or _rdf_first(request, format):
        return await entity_response(request, iri, format)
    path = source_file(request, name)
    text = path.read_text(encoding="utf-8-sig")
    lines, rows = line_range(line), row_range(row)
    context: dict[str, Any] = {"name": name, "selector": f"line={line}" if line else f"row={row}" if row else None}
    if path.suffix.lower() == ".csv":
        table = list(csv.reader(io.StringIO(text)))
        context["rows"] = [{"n": i, "cells": cells, "hl": bool(rows and rows[0] <= i <= rows[1])}
                           for i, cells in enumerate(table, start=1)]
        context["first"] = rows[0] if rows else None
    else:
        context["lines"] = [{"n": i, "text": t, "hl": bool(lines and lines[0] <= i <= lines[1])}
                            for i, t in enumerate(text.split("\n"), start=1)]
        context["first"] = lines[0] if lines else None
        context["range"] = lines
    return await entity_response(request, iri, "html", template="source.html", extra=context)


def _rdf_first(request: Request, format: str | None) -> bool:
    return format is None and negotiate(request, None) is not None
