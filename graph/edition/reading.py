"""Read the data edition's files (YAML, JSON, source text) with errors that say where and what to do.

Every file is UTF-8 (a leading byte-order mark is allowed). A byte that is not UTF-8, an empty
file, malformed YAML or JSON, or a missing file raises :class:`~napkg.graph.errors.DataError`
naming the file and the line (and byte offset) at fault.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from napkg.graph.errors import DataError

__all__ = ["read_text", "read_structured", "decode"]

try:  # libyaml is ten times faster on large editions
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def decode(data: bytes, file: str) -> str:
    """``data`` as UTF-8 text; a byte that is not UTF-8 is a DataError with its line and byte offset.

    >>> decode(b"caf\\xc3\\xa9", "a.txt")
    'café'
    >>> try:
    ...     decode(b"ok\\ncaf\\xe9", "a.txt")
    ... except DataError as error:
    ...     print(error)
    a.txt: not UTF-8 text: byte 0xe9 at line 2, byte offset 6 cannot be decoded; save the file as UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8, then rename it)
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, byte offset {exc.start} cannot be "
            f"decoded; save the file as UTF-8 (for example: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8, "
            f"then rename it)", file=file) from None


def read_text(path: Path) -> str:
    """A text file's content, checked to be UTF-8; a missing file names itself."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError("file not found", file=str(path)) from None
    except IsADirectoryError:
        raise DataError("is a folder, not a file", file=str(path)) from None
    return decode(data, str(path))


def read_structured(path: Path) -> Any:
    """A YAML or JSON file's content (by its suffix); empty or malformed files name the file and place."""
    path = Path(path)
    text = read_text(path)
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_Loader)
    except json.JSONDecodeError as exc:
        raise DataError(f"malformed JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}", file=str(path)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataError(f"malformed YAML: {where}{problem}", file=str(path)) from None
    if data is None:
        raise DataError("the file is empty (or holds only comments); fill it in as data/README.md describes, "
                        "or remove it", file=str(path))
    return data
