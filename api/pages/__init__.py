"""Pages for people: the home page, search results, a page for every entity at its IRI's path, the
sources with line anchors, and the API documentation, all server-rendered and served offline.

One router per page kind; :func:`include_pages` adds them to an app (ahead of the JSON routers,
so that ``/ontology`` can answer browsers with a page).
"""

from __future__ import annotations

import importlib

from fastapi import FastAPI

__all__ = ["PAGE_MODULES", "include_pages"]

PAGE_MODULES = [
    "napkg.api.pages.assets",
    "napkg.api.pages.docs",
    "napkg.api.pages.search",
    "napkg.api.pages.sources",
    "napkg.api.pages.entity",
]


def include_pages(app: FastAPI) -> None:
    """Include the ``router`` of every module in :data:`PAGE_MODULES`."""
    for name in PAGE_MODULES:
        app.include_router(importlib.import_module(name).router)
