"""Output folders: stage beside the target, swap in all at once, and never remove a user's files.

A command that writes a folder stages it in a sibling it creates under a unique name
(``.NAME.napkg-staging-XXXXXXXX``, holding a :data:`STAGING_MARKER` with the writer's process
id), then swaps it in with renames: the previous folder is first moved into another sibling
created for the purpose (``.NAME.napkg-old-XXXXXXXX``), so no name that someone else may own
is ever removed. Staging siblings left by a killed run are removed by the next run, and only
when they carry the marker of a process that no longer exists. Folders get the user's umask.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from napkg.graph.errors import OutputError

__all__ = [
    "swap_in", "make_staging", "remove_stale_staging", "check_output_folder", "check_separate",
    "check_store_folder", "read_marker", "STAGING_MARKER", "TOOL",
]

TOOL = "nap-kg"
"""The name every marker file of nap-kg's outputs carries in its ``tool`` field."""

STAGING_MARKER = ".napkg-staging"
"""The file a staging folder holds while it is written: which tool made it, and which process."""

_STAGING_NAME = re.compile(r"^\.(?P<name>.+)\.napkg-(?:staging|old)-[0-9a-f]{8}$")
_ROCKSDB_FILES = ("CURRENT", "IDENTITY", "OPTIONS-", "MANIFEST-", "LOCK", "LOG", ".napkg-staging",
                  "napkg-catalogue.json")  # the last: the catalogue's snapshot (napkg.graph.catalogue.snapshot)


def _folder_mode() -> int:
    """The mode ``mkdir`` gives a new folder under the current umask (``0o755`` under ``022``)."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


def _unique_sibling(target: Path, role: str) -> Path:
    """Create and return an empty sibling folder of ``target`` with a name no one else uses."""
    while True:
        candidate = target.with_name(f".{target.name}.napkg-{role}-{secrets.token_hex(4)}")
        try:
            candidate.mkdir(mode=0o777)  # the umask applies
        except FileExistsError:
            continue
        (candidate / STAGING_MARKER).write_text(json.dumps({"tool": TOOL, "pid": os.getpid()}) + "\n", encoding="utf-8")
        return candidate


def make_staging(out_dir: Path) -> Path:
    """A new staging folder beside ``out_dir`` (parents made), after removing stale ones of killed runs."""
    out_dir = Path(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise OutputError(f"{out_dir}: a part of the path is a file, not a folder; give a folder path") from None
    remove_stale_staging(out_dir)
    return _unique_sibling(out_dir, "staging")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def remove_stale_staging(out_dir: Path) -> list[Path]:
    """Remove the staging siblings of ``out_dir`` that a killed run left; returns those removed.

    A sibling is removed only if its name is one this module makes and it holds a
    :data:`STAGING_MARKER` of nap-kg whose process no longer runs.
    """
    out_dir = Path(out_dir)
    removed = []
    try:
        siblings = list(out_dir.parent.iterdir())
    except OSError:
        return removed
    for sibling in siblings:
        match = _STAGING_NAME.match(sibling.name)
        if not match or match["name"] != out_dir.name or sibling.is_symlink() or not sibling.is_dir():
            continue
        try:
            marker = json.loads((sibling / STAGING_MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(marker, dict) or marker.get("tool") != TOOL or not isinstance(marker.get("pid"), int):
            continue
        if _alive(marker["pid"]):
            continue
        shutil.rmtree(sibling, ignore_errors=True)
        removed.append(sibling)
    return removed


def swap_in(staging: Path, out_dir: Path) -> None:
    """Put the finished ``staging`` folder in place of ``out_dir`` (renames, no copying).

    The caller has checked that ``out_dir``, if it exists, may be replaced. The previous folder
    is moved into a sibling created here under a unique name, then removed with it.
    """
    staging, out_dir = Path(staging), Path(out_dir)
    (staging / STAGING_MARKER).unlink(missing_ok=True)
    staging.chmod(_folder_mode())
    if out_dir.exists() or out_dir.is_symlink():
        retired = _unique_sibling(out_dir, "old")
        out_dir.rename(retired / out_dir.name)
        staging.rename(out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        staging.rename(out_dir)


def read_marker(folder: Path, marker: str, *, legacy_keys: Iterable[str] = ()) -> dict | None:
    """The JSON mapping of ``folder/marker`` if it is a marker of nap-kg's, else None.

    A marker written before markers named their tool counts if it has every key of
    ``legacy_keys`` (when some are given).
    """
    try:
        data = json.loads((Path(folder) / marker).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    legacy = set(legacy_keys)
    return data if data.get("tool") == TOOL or (legacy and "tool" not in data and legacy <= set(data)) else None


def check_output_folder(out_dir: Path, *, marker: str, allowed: Iterable[str], what: str,
                        legacy_keys: Iterable[str] = ()) -> None:
    """Refuse an ``out_dir`` that nap-kg may not replace: raises :class:`OutputError` saying what to do.

    ``out_dir`` may be new, an empty folder, or an earlier output of the same kind: a folder
    holding ``marker`` (a JSON file whose ``tool`` is ``nap-kg``) and nothing but the names in
    ``allowed``. A file, the current folder or one of its parents, and any other folder are
    refused, so replacing the output never removes anything the user put there.
    """
    out_dir = Path(out_dir)
    if not out_dir.name or out_dir.resolve() in (Path.cwd(), *Path.cwd().parents):
        raise OutputError(f"{out_dir}: the output folder may not be the current folder or one above it "
                          f"(it is replaced as a whole); give a new folder, e.g. --out out/")
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        kind = "a symbolic link" if out_dir.is_symlink() else "a file"
        raise OutputError(f"{out_dir}: is {kind}, not a folder; give the path of a new or empty folder "
                          f"(it is left as it is)")
    if not out_dir.exists():
        return
    entries = sorted(p.name for p in out_dir.iterdir())
    if not entries:
        return
    if read_marker(out_dir, marker, legacy_keys=legacy_keys) is None:
        raise OutputError(f"{out_dir}: will not replace a folder that is not an earlier {what} (it has no {marker} "
                          f"written by nap-kg) and holds {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}: "
                          f"{_listed(entries)}; give a new or empty folder, or move these files away first")
    foreign = [name for name in entries if name not in set(allowed)]
    if foreign:
        raise OutputError(f"{out_dir}: is an earlier {what} but also holds what nap-kg did not write: "
                          f"{_listed(foreign)}; move these away first (replacing the folder would remove them)")


def _listed(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def check_separate(out: Path, data_dir: Path, *, option: str = "--out") -> None:
    """Refuse an output ``out`` equal to, inside, or holding the data edition ``data_dir``."""
    out_r, data_r = Path(out).resolve(), Path(data_dir).resolve()
    if out_r == data_r or data_r in out_r.parents:
        raise OutputError(f"{option} {out} is the data edition {data_dir} or a folder inside it; writing there would "
                          f"replace or mix with the data: give a folder outside it, e.g. {option} out/")
    if out_r in data_r.parents:
        raise OutputError(f"{option} {out} holds the data edition {data_dir}; replacing it would remove the data: "
                          f"give a folder outside it, e.g. {option} out/")


def check_store_folder(path: Path) -> None:
    """Refuse an on-disk store folder that holds anything but an earlier store (RocksDB files)."""
    path = Path(path)
    if not path.name or path.resolve() in (Path.cwd(), *Path.cwd().parents):
        raise OutputError(f"--store {path}: may not be the current folder or one above it; give a new folder")
    if path.exists() and not path.is_dir():
        raise OutputError(f"--store {path}: is a file, not a folder; give the path of a new or empty folder")
    if not path.exists():
        return
    foreign = sorted(p.name for p in path.iterdir()
                     if not (p.is_file() and (p.name.startswith(_ROCKSDB_FILES) or re.fullmatch(r"\d+\.(log|sst)", p.name))))
    if foreign:
        raise OutputError(f"--store {path}: will not replace a folder that is not an on-disk store (it holds "
                          f"{_listed(foreign)}); give a new or empty folder, or move these files away first")
