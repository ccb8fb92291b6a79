"""``/docs`` (Swagger UI) and ``/redoc``: the API documentation, with every asset served by nap-kg.

The app is created without FastAPI's own documentation routes, whose assets come from a CDN.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from napkg.api.pages.render import DOCS_CSP, render

__all__ = ["router"]

router = APIRouter(tags=["pages"])


@router.get("/docs", include_in_schema=False)
async def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over ``/openapi.json``."""
    return render(request, "swagger.html", {"title": "API documentation", "openapi": request.app.openapi_url},
                  csp=DOCS_CSP)


@router.get("/redoc", include_in_schema=False)
async def redoc(request: Request) -> HTMLResponse:
    """Redoc over ``/openapi.json``."""
    return render(request, "redoc.html", {"title": "API reference", "openapi": request.app.openapi_url},
                  csp=DOCS_CSP)
