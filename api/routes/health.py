"""``/health``: which parts of the service are up (the store, the query fork server, the workers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

__all__ = ["router", "HEALTH_EXAMPLE"]

router = APIRouter(tags=["health"])

HEALTH_EXAMPLE: dict[str, Any] = {"status": "ok", "store": "local", "query_workers": 2, "workers_alive": 2,
                                  "fork_server": True, "fork_server_restarts": 0}


@router.get(
    "/health",
    summary="Which parts of the service are up",
    description="`status` is `ok` when the store answers and every query worker and the process that forks "
                "them are running, else `degraded` (what is down is `false` or below `query_workers`). A lost fork server is replaced by itself within a second; "
                "`fork_server_restarts` counts how often that happened.",
    responses={200: {"description": "What is up.", "content": {"application/json": {"examples": {
        "ok": {"summary": "every part is up", "value": HEALTH_EXAMPLE},
        "degraded": {"summary": "the fork server was lost and is being replaced",
                     "value": {**HEALTH_EXAMPLE, "status": "degraded", "workers_alive": 1, "fork_server": False}},
    }}}}},
)
async def health(request: Request) -> JSONResponse:
    """The store's :meth:`~napkg.graph.store.GraphStore.health`."""
    return JSONResponse(request.app.state.store.health())
