"""Reading the export as CSV rows numbered as RFC 7111 numbers records (the header is row 1), and
refusing, with what to do, a file that is not a UTF-8, comma-separated OGP export.

A file that is not UTF-8 is refused, not decoded by a guess: the bytes alone do not tell
Windows-1252 from Latin-1 or another code page, a wrong guess would turn names into other names
(and other ids) without a word, and the edition's sources are UTF-8 text that the records cite
row by row. The message names the row, the line and the byte offset of the first byte that is
not UTF-8 and gives the ``iconv`` command that converts the file.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from napkg.graph.errors import DataError
from napkg.graph.ogp.columns import REQUIRED_COLUMNS

__all__ = ["MAX_CELL", "Row", "read_rows", "cell_problem"]


#: The most characters one cell may hold (Python's csv default limit; the longest cell of OGP's
#: sample holds 27,816). A row with a longer cell is a bad row, not the end of the import.
MAX_CELL = 131_072

#: One commitment row: its RFC 7111 row number, its cells by column, how many fields it has.
Row = tuple[int, dict[str, str], int]

_SEPARATORS = {"\t": "tab", ";": "semicolon", "|": "pipe"}


def read_rows(path: Path) -> tuple[list[str], list[Row]]:
    """The header and the non-blank rows of a CSV export; raises :class:`DataError` for a file that
    cannot be read, is not UTF-8, is not comma-separated or lacks OGP's columns."""
    text = _decode(path, _read_bytes(path))
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))  # a long cell makes a bad row, not a csv.Error
    try:
        return _parse(path, text)
    finally:
        csv.field_size_limit(limit)


def cell_problem(record: dict[str, str]) -> str | None:
    """What is wrong with a row's cells as cells: one longer than :data:`MAX_CELL`."""
    for column, value in record.items():
        if len(value) > MAX_CELL:
            return (f"the {column!r} cell holds {len(value):,} characters, more than the {MAX_CELL:,} a cell may "
                    f"hold (a quote that is never closed makes one cell of the rest of the file)")
    return None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder; give the CSV file of OGP's export", file=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot be read: {exc.strerror}", file=str(path)) from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        before = data[:start].decode("utf-8-sig")
        row = len(list(csv.reader(io.StringIO(before + "x"))))
        line = before.count("\n") + 1
        bad = data[start:start + 1]
        raise DataError(
            f"row {row} (line {line}, byte {start}) is not UTF-8: byte 0x{bad.hex()} "
            f"(in Windows-1252, {bad.decode('cp1252', errors='replace')!r}); OGP's export is UTF-8. "
            f"If the file was saved as Windows-1252 (or Latin-1), convert it and import the copy: "
            f"iconv -f WINDOWS-1252 -t UTF-8 {path.name} > {path.stem}-utf8{path.suffix}",
            file=str(path)) from None


def _parse(path: Path, text: str) -> tuple[list[str], list[Row]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError("the file is empty; expected OGP's header row", file=str(path)) from None
    except csv.Error as exc:
        raise DataError(f"row 1 (the header) is not readable as CSV: {exc}", file=str(path)) from None
    header = [h.strip() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise DataError(_not_an_export(header, missing), file=str(path))
    rows: list[Row] = []
    number = 1
    try:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            record = {h: (values[i] if i < len(values) else "") for i, h in enumerate(header)}
            rows.append((number, record, len(values)))
    except csv.Error as exc:
        raise DataError(f"row {number + 1} (line {reader.line_num}) is not readable as CSV: {exc}",
                        file=str(path)) from None
    return header, rows


def _not_an_export(header: list[str], missing: list[str]) -> str:
    """Why a header is not OGP's: another separator, or the columns it lacks."""
    line = ",".join(header)
    for separator, name in _SEPARATORS.items():
        fields = [f.strip() for f in line.split(separator)]
        found = [c for c in REQUIRED_COLUMNS if c in fields]
        if len(fields) > len(header) and len(found) * 2 >= len(REQUIRED_COLUMNS):
            return (f"this looks {name}-separated ({len(fields)} {name}-separated columns in the header, "
                    f"{len(found)} of OGP's {len(REQUIRED_COLUMNS)} required ones among them), but the import "
                    f"reads comma-separated CSV: save the sheet as CSV (comma-separated, UTF-8) and import that")
    return f"not an OGP commitment export: missing column(s) {', '.join(map(repr, missing))}"
