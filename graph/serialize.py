"""Turtle or JSON-LD of a piece of a sorted N-Triples file, written by a process of its own.

``python serialize.py FORMAT SOURCE START STOP DEST [PREFIXES]`` parses bytes ``START`` to
``STOP`` of the N-Triples file ``SOURCE`` and writes them to ``DEST`` as ``turtle`` or
``json-ld`` with pyoxigraph (parsed without checking the terms again: the file is pyoxigraph's own
output), one triple at a time (nothing is held but the triple at hand);
``PREFIXES`` is a JSON object of the Turtle prefixes. The module imports pyoxigraph and the
standard library only, so that :mod:`napkg.graph.publish` runs it as a fresh interpreter (a
few megabytes) instead of forking the build process and its graph of millions of statements.

    python graph/serialize.py turtle graph.nt 0 1200 piece.ttl '{"nap": "https://w3id.org/nap-kg/ontology#"}'
"""

from __future__ import annotations

import json
import sys
from typing import Any

__all__ = ["FORMATS", "write_piece", "main"]

FORMATS = ("turtle", "json-ld")


class _Range:
    """The bytes ``start`` to ``stop`` of a file, read as a file is (``read(size)``)."""

    def __init__(self, file: Any, start: int, stop: int) -> None:
        self._file, self._left = file, stop - start
        file.seek(start)

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0 or size > self._left:
            size = self._left
        data = self._file.read(size)
        self._left -= len(data)
        return data


def write_piece(kind: str, source: str, start: int, stop: int, dest: str,
                prefixes: dict[str, str] | None = None) -> None:
    """Write bytes ``start`` to ``stop`` of the N-Triples file ``source`` to ``dest`` as ``kind`` (see :data:`FORMATS`)."""
    import pyoxigraph as ox

    if kind not in FORMATS:
        raise ValueError(f"the format must be one of {', '.join(FORMATS)}, not {kind!r}")
    with open(source, "rb") as file:
        # lenient: the file is the store's own dump, whose IRIs and literals were checked when they
        # entered the store; checking them again is most of the parsing time
        triples = ox.parse(_Range(file, start, stop), format=ox.RdfFormat.N_TRIPLES, lenient=True)
        if kind == "turtle":
            ox.serialize(triples, dest, format=ox.RdfFormat.TURTLE, prefixes=prefixes or None)
        else:
            ox.serialize(triples, dest, format=ox.RdfFormat.JSON_LD)


def main(argv: list[str]) -> int:
    if len(argv) not in (5, 6) or argv[0] not in FORMATS:
        print(__doc__, file=sys.stderr)
        return 2
    kind, source, start, stop, dest = argv[:5]
    write_piece(kind, source, int(start), int(stop), dest, json.loads(argv[5]) if len(argv) == 6 else None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
