"""The web app's routers, one module per resource; each module defines ``router``.

:func:`include_routers` adds every module listed in :data:`ROUTER_MODULES` to an app.
"""

from __future__ import annotations

import importlib

from fastapi import FastAPI

__all__ = ["ROUTER_MODULES", "include_routers"]

ROUTER_MODULES = [
    "napkg.api.routes.sparql",
    "napkg.api.routes.pages",
    "napkg.api.routes.index",
    "napkg.api.routes.who_owns",
    "napkg.api.routes.agencies",
    "napkg.api.routes.activities",
    "napkg.api.routes.plans",
    "napkg.api.routes.sections",
    "napkg.api.routes.recommendations",
    "napkg.api.routes.analysis",
    "napkg.api.routes.downloads",
    "napkg.api.routes.viz",
]


def include_routers(app: FastAPI) -> None:
    """Include the ``router`` of every module in :data:`ROUTER_MODULES`."""
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
