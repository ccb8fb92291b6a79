"""Writing a conversion as a data folder, atomically (:func:`write_edition`).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from napkg.graph.errors import DataError
from napkg.graph.folders import make_staging, swap_in
from napkg.graph.ogp.convert import Conversion, Progress, quiet

__all__ = ["write_edition", "dump_yaml"]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml when present
    """YAML with multi-line texts as literal blocks and no line folding."""


def _str_representer(dumper: Any, value: str) -> Any:
    if "\n" in value and not re.search(r"[ \t]\n|\n[ \t]|[^\S\n]$|^\s", value) and "\r" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)


def write_edition(conversion: Conversion, out_dir: Path | str, *, progress: Progress = quiet) -> Path:
    """Write a conversion as a data folder, atomically: staged beside ``out_dir``, swapped in at the end.

    Refuses to replace a folder that holds files but no ``import-report.json`` (it is not an
    earlier import, and might be a hand-made edition).
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or (any(out_dir.iterdir())
                                                       and not (out_dir / "import-report.json").exists())):
        raise DataError("will not replace a folder that is not an earlier import (it has no import-report.json); "
                        "give an empty or new folder", file=str(out_dir))
    staging = make_staging(out_dir)
    try:
        (staging / "sources").mkdir()
        shutil.copyfile(conversion.source, staging / "sources" / conversion.source.name)
        for plan in conversion.plans:
            folder = staging / "plans" / plan["id"]
            folder.mkdir(parents=True)
            (folder / "plan.yaml").write_text(dump_yaml(plan), encoding="utf-8")
            (folder / "bodies.yaml").write_text(dump_yaml({"bodies": list(conversion.bodies[plan["id"]])}), encoding="utf-8")
        (staging / "import-report.json").write_text(
            json.dumps(conversion.report, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")
        progress(f"wrote {len(conversion.plans)} plan folder(s)")
        swap_in(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out_dir
