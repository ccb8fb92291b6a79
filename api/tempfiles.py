"""The service's temporary folders: named with the owning process, removed on shutdown, swept when stale.

The downloads of ``/graph`` are serialized into a temporary folder per app
(:mod:`napkg.api.routes.downloads`). Its name carries the process id
(``napkg-downloads-<pid>-…``), so that a start can tell the folders of a process that is gone
(killed, so its shutdown never ran) from those of a service still running, and remove only
the former.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

__all__ = ["DOWNLOADS_PREFIX", "downloads_prefix", "sweep_stale_downloads"]

log = logging.getLogger("napkg.api")

DOWNLOADS_PREFIX = "napkg-downloads-"
_OURS = re.compile(rf"{re.escape(DOWNLOADS_PREFIX)}(\d+)-[A-Za-z0-9_]+")


def downloads_prefix() -> str:
    """The prefix of this process's downloads folder."""
    return f"{DOWNLOADS_PREFIX}{os.getpid()}-"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def sweep_stale_downloads(folder: Path | None = None) -> list[Path]:
    """Remove the downloads folders in ``folder`` (the temporary folder) whose process is gone; those removed."""
    folder = Path(folder or tempfile.gettempdir())
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _OURS.fullmatch(entry.name)
        if match is None or not entry.is_dir() or entry.is_symlink() or entry.owner() != _me():
            continue
        pid = int(match[1])
        if pid != os.getpid() and not _running(pid):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    if removed:
        log.info("removed %d stale downloads folder(s) of stopped nap-kg processes", len(removed))
    return removed


def _me() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name
