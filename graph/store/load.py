"""Loading RDF into a pyoxigraph store: files, bytes or rdflib graphs; and the graphs a store holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from napkg.graph.errors import StoreError

__all__ = ["load_store", "store_graphs"]


def load_store(
    source: Path | str | bytes | Any,
    *,
    format: ox.RdfFormat | None = None,
    graph: str | None = None,
    store: ox.Store | None = None,
) -> ox.Store:
    """Load N-Quads, TriG, Turtle, N-Triples, RDF/XML or JSON-LD into a pyoxigraph store.

    ``source`` is a file path (format from its extension), bytes (``format`` required) or an
    rdflib ``Dataset``/``Graph``. Triples go to ``graph`` if given, else to the default graph;
    quads keep their graph names. Loads into ``store`` if given, else into a new in-memory one.
    """
    store = store if store is not None else ox.Store()
    to_graph = ox.NamedNode(graph) if graph else None
    if isinstance(source, (str, Path)):
        path = Path(source)
        fmt = format or ox.RdfFormat.from_extension(path.suffix.lstrip("."))
        if fmt is None:
            raise StoreError(f"{path}: unknown RDF file extension; use .nq, .trig, .ttl, .nt, .rdf or .jsonld")
        if not path.is_file():
            raise StoreError(f"{path}: no such graph file; build one with `napkg build --out DIR`")
        data: Any = None
    elif isinstance(source, bytes):
        if format is None:
            raise StoreError("loading bytes needs a format (e.g. RdfFormat.N_QUADS)")
        fmt, path, data = format, None, source
    else:  # an rdflib Dataset or Graph
        quads = hasattr(source, "contexts") and hasattr(source, "quads")
        fmt = ox.RdfFormat.N_QUADS if quads else ox.RdfFormat.N_TRIPLES
        data = source.serialize(format="nquads" if quads else "nt", encoding="utf-8")
        path = None
    try:
        if path is not None:
            store.bulk_load(path=str(path), format=fmt, to_graph=to_graph)
        else:
            store.load(data, format=fmt, to_graph=to_graph)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path or 'graph data'}: cannot load: {exc}") from exc
    return store


def store_graphs(store: ox.Store) -> frozenset[str]:
    """The IRIs of the named graphs ``store`` holds (the only ones a query may name)."""
    return frozenset(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
