"""The FastAPI application: the Workspace over HTTP, under ``/api/v1/``.

:func:`create_app` makes the app for one database; ``pacesetter serve`` runs it on uvicorn. The
routes are thin: each checks who is asking (:mod:`pacesetter.api.auth`), calls one Workspace
method on a per-request Workspace (:mod:`pacesetter.api.state`) and returns its plain data as
JSON (:mod:`pacesetter.api.frames`). Interactive documentation is at ``/docs`` with Swagger UI
served from the package (vendored from npm; no CDN), the schema at ``/openapi.json``.
"""

from __future__ import annotations

import gzip
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import pacesetter
from pacesetter.api import errors
from pacesetter.api.auth import LoginLimiter
from pacesetter.api.auth import router as session_router
from pacesetter.api.routes import ROUTERS
from pacesetter.api.state import ServerSettings, ServerState

SWAGGER = "/static/swagger"


def create_app(db: Path | str, settings: ServerSettings | None = None) -> FastAPI:
    """The API over the database at ``db``; the app holds it open (the one writer) while it runs."""
    state = ServerState(db, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()

    app = FastAPI(title="Pacesetter API", version=pacesetter.__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan, responses=errors.RESPONSES,
                  description="Indicators, monitoring, chains and the registry of a city's industrial "
                              "programme; every figure with its source. Sign in with a token from "
                              "`pacesetter users token` (Authorization: Bearer …).")
    app.state.server = state
    app.state.limiter = LoginLimiter(state.settings.login_attempts, state.settings.login_window)
    errors.install(app)
    app.include_router(session_router)
    for router in ROUTERS:
        app.include_router(router)
    static = resources.files("pacesetter.api") / "static" / "swagger"
    bundle = (static / "swagger-ui-bundle.js.gz").read_bytes()

    @app.get(f"{SWAGGER}/swagger-ui-bundle.js", include_in_schema=False)
    def swagger_bundle(request: Request) -> Response:
        """Swagger UI's script, vendored unmodified and stored compressed: sent as it is to
        browsers that take gzip (all of them), unpacked for any other client."""
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(bundle, media_type="text/javascript",
                            headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        return Response(gzip.decompress(bundle), media_type="text/javascript",
                        headers={"Vary": "Accept-Encoding"})

    app.mount(SWAGGER, StaticFiles(directory=str(static)), name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Pacesetter API",
                                   swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER}/swagger-ui.css",
                                   swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png")

    return app
