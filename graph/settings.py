"""nap-kg's settings: one typed object, every field with a default and a help line.

Each setting can be given as an environment variable ``NAPKG_<NAME>`` (upper case) or, for
the commands that take it, as a command-line option. The README's settings table is checked
against ``SETTINGS`` by the tests.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

__all__ = ["Settings", "SETTINGS", "REPO_ROOT", "DEFAULT_DATA_DIR", "load_settings"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every knob of nap-kg. Build one with :func:`load_settings`."""

    data_dir: Path = _setting(DEFAULT_DATA_DIR, "Data edition folder the graph is built from")
    graph_file: Path | None = _setting(None, "A built graph (graph.nq or graph.ttl) to serve instead of building data_dir at start-up")
    store: str = _setting("memory", "Where the graph lives: 'memory', a folder path for an on-disk store, or the URL of an external SPARQL 1.1 endpoint")
    host: str = _setting("127.0.0.1", "Address the service listens on")
    port: int = _setting(8000, "Port the service listens on")
    query_timeout_s: float = _setting(10.0, "Time limit for one SPARQL query, in seconds")
    max_results: int = _setting(10000, "Largest number of rows (or triples) a SPARQL query may return")
    query_workers: int = _setting(2, "Worker processes that run SPARQL queries, so a slow query never stalls other requests")
    access_log: bool = _setting(False, "Log one line per HTTP request (uvicorn's access log); off by default, as it adds half again to the server's own work for a small /sparql query")
    base_url: str = _setting("", "URL prefix of the links pages give to nap-kg's IRIs (e.g. https://nap.example.org); empty: links to this server's own paths")
    max_viz_bodies: int = _setting(300, "Most bodies the network page draws before it keeps only the most loaded ones")


SETTINGS: dict[str, str] = {f.name: f.metadata["help"] for f in fields(Settings)}


_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def _coerce(name: str, raw: str) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if "bool" in str(kind):
        if raw.strip().lower() not in _TRUE + _FALSE:
            raise ValueError(f"expected one of {', '.join(_TRUE + _FALSE)}")
        return raw.strip().lower() in _TRUE
    if "int" in str(kind):
        return int(raw)
    if "float" in str(kind):
        return float(raw)
    if "Path" in str(kind):
        return Path(raw)
    return raw


def load_settings(**overrides: Any) -> Settings:
    """Settings from defaults, then ``NAPKG_*`` environment variables, then ``overrides`` (None ignored).

    >>> load_settings(port=9000).port
    9000
    """
    values: dict[str, Any] = {}
    for name in SETTINGS:
        raw = os.environ.get(f"NAPKG_{name.upper()}")
        if raw is not None and raw != "":
            try:
                values[name] = _coerce(name, raw)
            except ValueError as exc:
                from napkg.graph.errors import NapKgError

                raise NapKgError(f"environment variable NAPKG_{name.upper()}={raw!r}: {exc}") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(Settings(), **values)
