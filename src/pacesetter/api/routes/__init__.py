"""The API's routers, one module per area; :data:`ROUTERS` is what the app includes."""

from __future__ import annotations

from fastapi import APIRouter

from pacesetter.api.routes import admin, analysis, chains, imports, reference, registry, structure, writes

ROUTERS: list[APIRouter] = [reference.router, admin.router, analysis.router, chains.router, registry.router,
                             writes.router, imports.router, structure.router, structure.writes]
