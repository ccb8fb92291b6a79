"""The web app's routers, one module per resource, each defining ``router``; :data:`api_router` holds them all.

As in the FastAPI project template (``app/api/main.py``), the routers are imported by name and
included in one router, so that static tools see every route and the app includes just one.
"""

from __future__ import annotations

from fastapi import APIRouter

from napkg.api.routes import (
    activities, agencies, analysis, completions, describe, downloads, index, network, pages, plans, recommendations,
    sections, sparql, viz, who_owns,
)

__all__ = ["api_router"]

api_router = APIRouter()
for _routes in (sparql, pages, index, who_owns, agencies, activities, plans, sections, recommendations, analysis,
               downloads, viz, network, describe, completions):
    api_router.include_router(_routes.router)
