"""``/graph`` and ``/ontology``: the whole graph and the ontology as files.

``/graph`` gives the union of every named graph as Turtle, N-Triples or RDF/XML, or the dataset with
its named graphs as N-Quads, TriG or compact JSON-LD (nap-kg's ``@context``, one node object per
subject of each graph). The format follows ``format=`` if given, else
the ``Accept`` header (Turtle when nothing matches). Each format is serialized once per app, into
a temporary file that every later request streams (with ``ETag`` and ``Last-Modified``).
``/ontology`` serves ``ontology/nap.ttl`` as written, or converted to the other formats.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, Response

from napkg.api.errors import BadRequest, error_example
from napkg.api.tempfiles import downloads_prefix
from napkg.graph.build import ONTOLOGY_FILE
from napkg.graph.vocabulary import PREFIXES as _PREFIXES
from napkg.graph.errors import NotFound, StoreError
from napkg.graph.catalogue import not_found
from napkg.graph.jsonld import compact_jsonld, parse_to_dataset
from napkg.graph.store import DATASET, DATASET_FORMATS, GRAPH_FORMATS, JSON_LD, MediaFormat, choose_format

__all__ = ["router", "DOWNLOADS", "ONTOLOGY_FORMATS", "choose_download"]

router = APIRouter(tags=["downloads"])


DOWNLOADS = GRAPH_FORMATS + DATASET_FORMATS  # Turtle first: the default
ONTOLOGY_FORMATS = GRAPH_FORMATS


def choose_download(accept: str | None, format: str | None, *, datasets: bool = True) -> MediaFormat:
    """The format named by ``format`` (a name, an alias or a media type), else the one ``accept`` ranks highest.

    >>> choose_download("application/n-triples", None).key
    'ntriples'
    >>> choose_download("text/html,*/*;q=0.8", None).key
    'turtle'
    >>> choose_download(None, "nt").key, choose_download(None, "trig").key
    ('ntriples', 'trig')
    """
    try:
        return choose_format(accept, format, DOWNLOADS if datasets else ONTOLOGY_FORMATS)
    except ValueError as exc:
        raise BadRequest(str(exc), parameter="format") from None


class _Files:
    """The serialized graph of one app, one temporary file per format, written at the first request.

    The union of the graphs is streamed from the store, triple by triple, without a copy of it: a
    statement that two named graphs both hold (the build never writes one) would be written twice,
    which every RDF format allows.
    """

    def __init__(self) -> None:
        self.folder = tempfile.TemporaryDirectory(prefix=downloads_prefix())
        self.locks: dict[str, threading.Lock] = {d.key: threading.Lock() for d in DOWNLOADS}

    def path(self, store: ox.Store, download: MediaFormat) -> Path:
        path = Path(self.folder.name) / f"nap-kg.{download.extension}"
        with self.locks[download.key]:
            if not path.exists():
                partial = path.with_suffix(".part")
                if download is JSON_LD:  # compact, with nap-kg's context, named graphs kept
                    partial.write_bytes(compact_jsonld(parse_to_dataset(store.dump(format=ox.RdfFormat.N_QUADS))))
                elif download.kind == DATASET:
                    store.dump(partial, format=download.pyoxigraph, prefixes=_PREFIXES)
                else:
                    ox.serialize((quad.triple for quad in store), partial, format=download.pyoxigraph,
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




def _format_query(formats: tuple[MediaFormat, ...]) -> Any:
    names = sorted({name for f in formats for name in f.names if "/" not in name})
    return Query(description="The format, overriding Accept: one of these names, or a media type.",
                 examples=["ntriples"], json_schema_extra={"enum": names})
_EXAMPLES = {
    "text/turtle": '@prefix nap: <https://w3id.org/nap-kg/ontology#> .\n'
                   '<https://w3id.org/nap-kg/id/plan/az-2020-2022/activity/1.7> nap:code "1.7" .\n',
    "application/ld+json": '{"@context":{"nap":"https://w3id.org/nap-kg/ontology#","code":"nap:code"},'
                           '"@graph":[{"@id":"https://w3id.org/nap-kg/id/plan/az-2020-2022","@graph":['
                           '{"@id":"id:plan/az-2020-2022/activity/1.7","code":"1.7"}]}]}',
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
               **error_example(BadRequest, "format='csv' is not a format of this route; use one of turtle, "
                               "jsonld, ntriples, rdfxml, nquads, trig", parameter="format")}


@router.get(
    "/graph",
    response_class=Response,
    summary="Download the whole graph",
    description="Every statement of the graph: the union of the named graphs as Turtle (default), "
                "N-Triples or RDF/XML, or the dataset with its named graphs (one per plan, per country's bodies, "
                "the metrics, the sources, the ontology) as N-Quads, TriG or compact JSON-LD (with the context "
                "of `/context.jsonld`). By `format`, else by `Accept`. "
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
def download_graph(request: Request, format: Annotated[str | None, _format_query(DOWNLOADS)] = None) -> Response:
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


def _file(request: Request, path: Path, download: MediaFormat, filename: str) -> Response:
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


def _ontology_bytes(download: MediaFormat) -> bytes:
    with _ONTOLOGY_LOCK:
        if download.key not in _ONTOLOGY_CACHE:
            triples = [q.triple for q in ox.parse(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)]
            _ONTOLOGY_CACHE[download.key] = ox.serialize(triples, format=download.pyoxigraph, prefixes=_PREFIXES)
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
                     **error_example(BadRequest, "format='trig' is not a format of this route; use one of "
                                     "turtle, jsonld, ntriples, rdfxml", parameter="format")}},
)
def download_ontology(
    request: Request,
    format: Annotated[str | None, _format_query(ONTOLOGY_FORMATS)] = None,
) -> Response:
    """The ontology."""
    download = choose_download(request.headers.get("accept"), format, datasets=False)
    if download.key == "turtle":
        return _file(request, ONTOLOGY_FILE, download, "nap.ttl")
    return Response(_ontology_bytes(download), media_type=download.media_type,
                    headers={"Vary": "Accept", "Content-Disposition": f'inline; filename="nap.{download.extension}"'})
