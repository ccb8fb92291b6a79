"""Check that the build's RDF stage at a git revision and in the working tree state the same quads.

For each data edition given, the edition is read once, then ``build_store`` of
``graph/build/emit.py`` as it is at ``--baseline`` and of the working tree each fill a store
(the new one after ``check_quotes``, as the build runs it); the two stores' sorted N-Quads
must be byte for byte equal. Prints one line per edition and exits 1 if any differs (with the
first differing lines). Not part of the tests.

    .venv/bin/napkg synth --activities 2000 --out /tmp/s2k
    .venv/bin/python bench/same_quads.py --baseline main data /tmp/s2k
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_stage import _module_at  # noqa: E402

__all__ = ["main", "sorted_nquads"]


def sorted_nquads(store: ox.Store) -> list[bytes]:
    """The store's statements as N-Quads lines, sorted."""
    return sorted(store.dump(format=ox.RdfFormat.N_QUADS).splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", required=True, help="git revision of the old code (e.g. main)")
    parser.add_argument("data", nargs="+", type=Path, help="data editions (e.g. data, or a napkg synth folder)")
    args = parser.parse_args(argv)

    from napkg.graph.build import emit
    from napkg.graph.edition import load_edition
    from napkg.graph.edition.quotes import check_quotes

    failed = 0
    with tempfile.TemporaryDirectory(prefix="napkg-same-quads-") as tmp:
        old = _module_at(args.baseline, "graph/build/emit.py", "old_emit", Path(tmp))
        old.ONTOLOGY_FILE, old.SHAPES_FILE = emit.ONTOLOGY_FILE, emit.SHAPES_FILE
        for data in args.data:
            edition = load_edition(data)
            before = sorted_nquads(old.build_store(edition))
            check_quotes(edition)  # as the build does: the spans it finds are reused by the emitter
            after = sorted_nquads(emit.build_store(edition))
            digest = hashlib.sha256(b"\n".join(after)).hexdigest()[:16]
            if before == after:
                print(f"{data}: same {len(after):,} quads (sha256 {digest}…)")
                continue
            failed = 1
            print(f"{data}: DIFFERENT: {len(before):,} quads at {args.baseline}, {len(after):,} now")
            diff = difflib.unified_diff([b.decode() for b in before], [a.decode() for a in after], lineterm="", n=0)
            for n, line in enumerate(diff):
                if n > 40:
                    break
                print("  " + line)
    return failed


if __name__ == "__main__":
    sys.exit(main())
