"""A non-editable install (``pip install .``, a wheel) holds every module and the data edition it defaults to."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_folder_of_python_modules_is_a_listed_package():
    for package, top in CONFIG["package-dir"].items():
        for module in (ROOT / top).rglob("*.py"):
            inner = module.parent.relative_to(ROOT / top).parts
            if "__pycache__" in inner:
                continue
            dotted = ".".join((package, *inner))
            assert dotted in CONFIG["packages"], f"{module.parent} holds modules but {dotted} is not in packages"


def test_the_data_edition_is_package_data_so_the_default_data_folder_exists_once_installed():
    assert CONFIG["package-dir"]["napkg.data"] == "data"
    patterns = CONFIG["package-data"]["napkg.data"]
    files = [p.relative_to(ROOT / "data").as_posix() for p in (ROOT / "data").rglob("*") if p.is_file()]
    assert any(f.endswith("plan.yaml") for f in files)
    for file in files:
        assert any(fnmatch.fnmatch(file, pattern) for pattern in patterns), f"data/{file} would not be installed"
