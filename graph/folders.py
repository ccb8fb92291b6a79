"""Replace an output folder all at once, so a failed run never leaves half-written output."""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = ["swap_in"]


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished ``staging`` folder in place of ``out_dir`` (renames, no copying)."""
    if out_dir.exists():
        retired = out_dir.with_name(f".{out_dir.name}-old")
        shutil.rmtree(retired, ignore_errors=True)
        out_dir.rename(retired)
        staging.rename(out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out_dir)
