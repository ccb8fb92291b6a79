"""``napkg import-ogp``: convert an export, apply the bad-row policy, write the data folder (:func:`import_ogp`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from napkg.graph.errors import DataError
from napkg.graph.ogp.columns import BAD_ROW_POLICIES
from napkg.graph.ogp.convert import Conversion, Progress, convert, quiet
from napkg.graph.ogp.write import write_edition

__all__ = ["ImportResult", "import_ogp"]


@dataclass(frozen=True)
class ImportResult:
    conversion: Conversion
    out_dir: Path

    @property
    def report(self) -> dict[str, Any]:
        return self.conversion.report


def import_ogp(path: Path | str, out_dir: Path | str, *, on_bad_row: str = "skip",
               progress: Progress = quiet) -> ImportResult:
    """``napkg import-ogp``: convert an OGP export and write it as a data folder.

    With ``on_bad_row="fail"`` any bad row stops the import before anything is written, with
    a :class:`~napkg.graph.errors.DataError` listing every bad row; with ``"skip"`` bad rows
    are left out and listed in ``import-report.json``.
    """
    if on_bad_row not in BAD_ROW_POLICIES:
        raise DataError(f"on_bad_row must be one of {', '.join(BAD_ROW_POLICIES)}, not {on_bad_row!r}")
    conversion = convert(path, progress=progress)
    if conversion.bad_rows and on_bad_row == "fail":
        listed = "\n  ".join(str(b) for b in conversion.bad_rows)
        raise DataError(f"{len(conversion.bad_rows)} bad row(s); nothing written:\n  {listed}", file=str(path))
    if not conversion.plans:
        raise DataError("no row could be imported; nothing written", file=str(path))
    write_edition(conversion, out_dir, progress=progress)
    return ImportResult(conversion=conversion, out_dir=Path(out_dir))
