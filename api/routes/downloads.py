"""``/graph`` and ``/ontology``: the whole graph and the ontology as files.

``/graph`` gives the union of every named graph as Turtle, JSON-LD, N-Triples or RDF/XML, or the
dataset with its named graphs as N-Quads or TriG. The format follows ``format=`` if given, else
the ``Accept`` header (Turtle when nothing matches). Each format is serialized once per app, into
a temporary file that every later request streams (with ``ETag`` and ``Last-Modified``).
``/ontology`` serves ``ontology/nap.ttl`` as written, or converted to the other formats.
"""

from __future__ import annotations

import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response

from napkg.api.errors import BadRequest, error_example
from napkg.graph.build import _PREFIXES, ONTOLOGY_FILE
from napkg.graph.errors import NotFound, StoreError
from napkg.graph.catalogue import not_found
from napkg.graph.store import accept_quality

__all__ = ["router", "DOWNLOADS", "Download", "choose_download"]

router = APIRouter(tags=["downloads"])


@dataclass(frozen=True, slots=True)
class Download:
    """A file format ``/graph`` and ``/ontology`` answer in."""

    key: str                   # its ``format=`` value
    media_type: str
    extension: str
    rdf_format: Any            # a pyoxigraph RdfFormat
    dataset: bool              # keeps the named graphs
    also: tuple[str, ...] = ()  # other media types that select it in Accept


DOWNLOADS = (
    Download("turtle", "text/turtle; charset=utf-8", "ttl", ox.RdfFormat.TURTLE, False, ("application/x-turtle",)),
    Download("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD, False, ("application/json",)),
    Download("ntriples", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES, False, ("text/plain",)),
    Download("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML, False, ("application/xml", "text/xml")),
    Download("nquads", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, True),
    Download("trig", "application/trig", "trig", ox.RdfFormat.TRIG, True),
)
_BY_KEY = {d.key: d for d in DOWNLOADS}

FormatName = Literal["turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig"]


def choose_download(accept: str | None, format: str | None, *, datasets: bool = True) -> Download:
    """The format named by ``format``, else the one ``accept`` ranks highest (Turtle by default).

    >>> choose_download("application/n-triples", None).key
    'ntriples'
    >>> choose_download("text/html,*/*;q=0.8", None).key
    'turtle'
    >>> choose_download(None, "trig").key
    'trig'
    """
    choices = [d for d in DOWNLOADS if datasets or not d.dataset]
    if format is not None:
        chosen = _BY_KEY.get(format)
        if chosen is None or chosen not in choices:
            raise BadRequest(f"format={format!r} is not a format of this route", parameter="format",
                             hint=f"use one of {', '.join(d.key for d in choices)}")
        return chosen
    if not accept:
        return choices[0]
    best, best_q = choices[0], 0.0
    for download in choices:
        for media in (download.media_type.split(";")[0], *download.also):
            q = accept_quality(accept, media)
            if q > best_q:
                best, best_q = download, q
    return best


class _Files:
    """The serialized graph of one app, one temporary file per format, written at the first request.

    The union of the graphs is streamed from the store, triple by triple, without a copy of it: a
    statement that two named graphs both hold (the build never writes one) would be written twice,
    which every RDF format allows.
    """

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix="napkg-downloads-")
        self.locks: dict[str, threading.Lock] = {d.key: threading.Lock() for d in DOWNLOADS}

    def path(self, store: ox.Store, download: Download) -> Path:
        path = Path(self.folder.name) / f"nap-kg.{download.extension}"
        with self.locks[download.key]:
            if not path.exists():
                partial = path.with_suffix(".part")
                if download.dataset:
                    store.dump(partial, format=download.rdf_format, prefixes=_PREFIXES)
                else:
                    ox.serialize((quad.triple for quad in store), partial, format=download.rdf_format,
                                 prefixes=_PREFIXES)
                partial.replace(path)
        return path


_FILES_LOCK = threading.Lock()


def _files(app: Any) -> _Files:
    with _FILES_LOCK:
        files = getattr(app.state, "downloads", None)
        if files is None:
            files = app.state.downloads = _Files()
    return files


_FORMAT_QUERY = Query(description="The format, overriding Accept.", examples=["ntriples"])
_EXAMPLES = {
    "text/turtle": '@prefix nap: <https://w3id.org/nap-kg/ontology#> .\n'
                   '<https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7> nap:code "1.7" .\n',
    "application/ld+json": '[{"@id":"https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7",'
                           '"https://w3id.org/nap-kg/ontology#code":[{"@value":"1.7"}]}]',
    "application/n-triples": '<https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7> '
                             '<https://w3id.org/nap-kg/ontology#code> "1.7" .\n',
    "application/rdf+xml": '<?xml version="1.0" encoding="UTF-8"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                           '22-rdf-syntax-ns#">…</rdf:RDF>',
    "application/n-quads": '<https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7> '
                           '<https://w3id.org/nap-kg/ontology#code> "1.7" <https://w3id.org/nap-kg/id/plan/az-2020-2022> .\n',
    "application/trig": '<https://w3id.org/nap-kg/id/plan/az-2020-2022> {\n'
                        '\t<https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7> '
                        '<https://w3id.org/nap-kg/ontology#code> "1.7" .\n}\n',
}
_BAD_FORMAT = {"description": "An unknown `format`.",
               **error_example(BadRequest, "format: Input should be 'turtle', 'jsonld', 'ntriples', 'rdfxml', "
                               "'nquads' or 'trig'", parameter="format")}


@router.get(
    "/graph",
    response_class=Response,
    summary="Download the whole graph",
    description="Every statement of the graph: the union of the named graphs as Turtle (default), JSON-LD, "
                "N-Triples or RDF/XML, or the dataset with its named graphs (one per plan, per country's bodies, "
                "the metrics, the sources, the ontology) as N-Quads or TriG. By `format`, else by `Accept`. "
                "The first download of a format serializes it; later ones stream the same file.",
    responses={200: {"description": "The graph.", "content": {m: {"example": e} for m, e in _EXAMPLES.items()}},
               304: {"description": "The copy the client has (`If-None-Match`) is current."},
               400: _BAD_FORMAT,
               404: {"description": "The graph lives in an external SPARQL endpoint (setting `store`): nothing to download.",
                     **error_example(NotFound, "this nap-kg serves an external SPARQL endpoint and holds no copy "
                                     "of the graph to download",
                                     hint="download the graph from that endpoint, or run CONSTRUCT queries on /sparql")},
               503: {"description": "The graph is not loaded yet.",
                     **error_example(StoreError, "the graph is not loaded yet; try again shortly")}},
)
def download_graph(request: Request, format: Annotated[FormatName | None, _FORMAT_QUERY] = None) -> Response:
    """The whole graph."""
    download = choose_download(request.headers.get("accept"), format)
    store = getattr(request.app.state, "store", None)
    if store is None:
        raise StoreError("the graph is not loaded yet; try again shortly")
    if getattr(store, "store", None) is None:  # an external SPARQL endpoint: nap-kg holds no copy of the graph
        raise not_found("this nap-kg serves an external SPARQL endpoint and holds no copy of the graph to download",
                        hint="download the graph from that endpoint, or run CONSTRUCT queries on /sparql")
    path = _files(request.app).path(store.store, download)
    return _file(request, path, download, f"nap-kg.{download.extension}")


def _file(request: Request, path: Path, download: Download, filename: str) -> Response:
    """``path`` as the response, or 304 Not Modified when the client's copy (If-None-Match) is current."""
    stat = path.stat()
    etag = f'"{download.key}-{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    headers = {"Vary": "Accept", "ETag": etag}
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=download.media_type, filename=filename, content_disposition_type="inline",
                        headers=headers, stat_result=stat)


_ONTOLOGY_CACHE: dict[str, bytes] = {}
_ONTOLOGY_LOCK = threading.Lock()


def _ontology_bytes(download: Download) -> bytes:
    with _ONTOLOGY_LOCK:
        if download.key not in _ONTOLOGY_CACHE:
            triples = [q.triple for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
            _ONTOLOGY_CACHE[download.key] = ox.serialize(triples, format=download.rdf_format, prefixes=_PREFIXES)
        return _ONTOLOGY_CACHE[download.key]


@router.get(
    "/ontology",
    response_class=Response,
    summary="Download the ontology",
    description="The nap-kg ontology (`ontology/nap.ttl`: every class, property and concept scheme, with labels "
                "and comments): Turtle as written (default), or JSON-LD, N-Triples or RDF/XML, by `format` or "
                "`Accept`.",
    responses={200: {"description": "The ontology.",
                     "content": {m: {"example": e} for m, e in _EXAMPLES.items() if m not in
                                 ("application/n-quads", "application/trig")}},
               400: {"description": "An unknown `format`.",
                     **error_example(BadRequest, "format: Input should be 'turtle', 'jsonld', 'ntriples' or 'rdfxml'",
                                     parameter="format")}},
)
def download_ontology(
    request: Request,
    format: Annotated[Literal["turtle", "jsonld", "ntriples", "rdfxml"] | None, _FORMAT_QUERY] = None,
) -> Response:
    """The ontology."""
    download = choose_download(request.headers.get("accept"), format, datasets=False)
    if download.key == "turtle":
        return _file(request, ONTOLOGY_FILE, download, "nap.ttl")
    return Response(_ontology_bytes(download), media_type=download.media_type,
                    headers={"Vary": "Accept", "Content-Disposition": f'inline; filename="nap.{download.extension}"'})
