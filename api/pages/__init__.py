"""Pages for people: the home page, search results, a page for every entity at its IRI's path, the
sources with line anchors, and the API documentation, all server-rendered and served offline.

One router per page kind, imported by name and included in :data:`pages_router`, which the app
includes ahead of the JSON routers (so that ``/ontology`` can answer browsers with a page).
"""

from __future__ import annotations

from fastapi import APIRouter

from napkg.api.pages import assets, docs, entity, search, sources

__all__ = ["pages_router"]

pages_router = APIRouter()
for _pages in (assets, docs, search, sources, entity):
    pages_router.include_router(_pages.router)
