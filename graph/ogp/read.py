"""Reading the export as CSV rows numbered as RFC 7111 numbers records (the header is row 1).
"""

from __future__ import annotations

import csv
from pathlib import Path

from napkg.graph.errors import DataError
from napkg.graph.ogp.columns import REQUIRED_COLUMNS

__all__ = ['read_rows']

def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str], int]]]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise DataError("the file is empty; expected OGP's header row", file=str(path)) from None
        except csv.Error as exc:
            raise DataError(f"not a readable CSV file: {exc}", file=str(path)) from None
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise DataError(f"not an OGP commitment export: missing column(s) {', '.join(map(repr, missing))}",
                            file=str(path))
        rows = []
        try:
            for number, values in enumerate(reader, start=2):
                if not any(v.strip() for v in values):
                    continue
                record = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
                rows.append((number, record, len(values)))
        except csv.Error as exc:
            raise DataError(f"row {reader.line_num}: not readable as CSV: {exc}", file=str(path)) from None
    return header, rows
