"""nap-kg's settings: one typed table, every field with a default and a help line.

Each setting can be given as an environment variable ``NAPKG_<NAME>`` (upper case) or, for
the commands that take it, as a command-line option (pydantic-settings reads and coerces the
environment). The settings of the web server (address, port, access log) extend this table in
:mod:`napkg.api.settings`. The README's settings table is checked against both by the tests.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from napkg.graph.errors import NapKgError

__all__ = ["Settings", "SETTINGS", "REPO_ROOT", "DEFAULT_DATA_DIR", "load_settings", "read_settings",
           "settings_help"]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"

ENV_PREFIX = "NAPKG_"


class Settings(BaseSettings):
    """Every knob of the graph, its store and its pages. Build one with :func:`load_settings`."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, frozen=True, extra="forbid")

    data_dir: Path = Field(DEFAULT_DATA_DIR, description="Data edition folder the graph is built from")
    graph_file: Path | None = Field(None, description="A built graph (graph.nq or graph.ttl) to serve instead of building data_dir at start-up")
    store: str = Field("memory", description="Where the graph lives: 'memory', a folder path for an on-disk store, or the URL of an external SPARQL 1.1 endpoint")
    query_timeout_s: float = Field(10.0, gt=0, description="Time limit for one SPARQL query, in seconds")
    max_results: int = Field(10000, ge=0, description="Largest number of rows (or triples) a SPARQL query may return")
    query_workers: int = Field(2, ge=0, description="Worker processes that run SPARQL queries, so a slow query never stalls other requests")
    query_memory_mb: int = Field(2048, ge=0, description="Memory one SPARQL query may use beyond the shared store, in MB (0: no limit); past it the query gets a 400 error")
    max_result_bytes: int = Field(32_000_000, ge=1, description="Largest SPARQL response body, in bytes; past it the query gets a 400 error")
    client_concurrency: int = Field(1, ge=0, description="SPARQL queries one client may run at once; more wait their turn (0: no limit)")
    client_query_seconds: float = Field(30.0, ge=0, description="Seconds of SPARQL query time one client may use per minute; past it 429 with Retry-After (0: no limit)")
    response_cache_mb: int = Field(64, ge=0, description="Memory for the answers of recent SPARQL queries, given again without running them (the graph is read-only while served), in MB (0: off)")
    max_viz_bodies: int = Field(300, ge=1, description="Most bodies the network page draws before it keeps only the most loaded ones")


def settings_help(cls: type[BaseSettings]) -> dict[str, str]:
    """Each setting of ``cls`` with its help line."""
    return {name: field.description or "" for name, field in cls.model_fields.items()}


SETTINGS: dict[str, str] = settings_help(Settings)

S = TypeVar("S", bound=BaseSettings)


def read_settings(cls: type[S], overrides: dict[str, Any]) -> S:
    """``cls`` from its defaults, then ``NAPKG_*`` environment variables, then ``overrides`` (None ignored)."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return cls(**given)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else "?"
            variable = f"{ENV_PREFIX}{name.upper()}"
            if name not in given and variable in os.environ:
                problems.append(f"environment variable {variable}={os.environ[variable]!r}: {error['msg']}")
            else:
                problems.append(f"setting {name}={given.get(name)!r}: {error['msg']}")
        raise NapKgError("; ".join(problems)) from None


def load_settings(**overrides: Any) -> Settings:
    """Settings from defaults, then ``NAPKG_*`` environment variables, then ``overrides`` (None ignored).

    >>> load_settings(query_workers=0).query_workers
    0
    """
    return read_settings(Settings, overrides)
