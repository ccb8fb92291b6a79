"""``/static/…``: the pages' own style sheet and script, and the vendored Swagger UI and Redoc files."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from napkg.graph.errors import NotFound

__all__ = ["router", "STATIC_FILES", "static_path"]

_STATIC = Path(__file__).resolve().parent.parent / "static"

STATIC_FILES: dict[str, str] = {  # path under api/static/ -> Content-Type
    "pages.css": "text/css; charset=utf-8",
    "pages.js": "text/javascript; charset=utf-8",
    "docs.js": "text/javascript; charset=utf-8",
    "vendor/swagger-ui/swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "vendor/swagger-ui/swagger-ui.css": "text/css; charset=utf-8",
    "vendor/redoc/redoc.standalone.js": "text/javascript; charset=utf-8",
}

router = APIRouter(tags=["pages"])


def static_path(name: str) -> str:
    """The URL path of a static file (one of :data:`STATIC_FILES`)."""
    if name not in STATIC_FILES:
        raise NotFound(f"no static file called {name!r}", suggestions=list(STATIC_FILES))
    return f"/static/{name}"


@router.get("/static/{name:path}", include_in_schema=False)
async def static_file(name: str) -> FileResponse:
    """One of the pages' files; nothing else under api/static/ is served."""
    if name not in STATIC_FILES:
        raise NotFound(f"no static file called {name!r}", suggestions=list(STATIC_FILES))
    return FileResponse(_STATIC / name, media_type=STATIC_FILES[name],
                        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"})
