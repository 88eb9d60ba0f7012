"""The browser workplace: server-rendered pages over the same Workspace as the API.

:func:`install` adds the pages, their static files, the security headers and HTML error pages
to the API's app; :func:`create_app` is the whole server (``pacesetter serve`` runs it).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from pacesetter.api import ServerSettings
from pacesetter.api import create_app as create_api
from pacesetter.api.errors import HANDLERS, request_lang
from pacesetter.i18n import t
from pacesetter.web import (
    admin_pages,
    analysis_pages,
    chain_pages,
    pages,
    registry_pages,
    security,
    structure_pages,
)
from pacesetter.web.view import page


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(("/api/", "/openapi.json", "/static/"))


def _html_errors(app: FastAPI) -> None:
    """Answer failures of pages with an error page in the user's language (the API keeps JSON)."""
    for kind, json_handler in HANDLERS.items():
        def handler(request: Request, exc: Exception, json_handler: object = json_handler) -> Response:
            response: Response = json_handler(request, exc)  # type: ignore[operator]
            if not _wants_html(request):
                return response
            status = response.status_code
            key = {401: "401", 403: "403", 404: "404", 409: "409", 422: "422", 429: "429"}.get(status, "500")
            if isinstance(exc, RequestValidationError):  # what was given and what is allowed
                message = str(json.loads(bytes(response.body))["error"]["message"])
            elif hasattr(exc, "text") and status < 500:
                message = exc.text(request_lang(request))
            else:
                message = t(f"web.errors.{key}.message", request_lang(request))
            return page(request, "error.html.j2", who=None, title_key=f"web.errors.{key}.title",
                        status=status, heading=t(f"web.errors.{key}.title", request_lang(request)),
                        message=message, code=status)
        app.add_exception_handler(kind, handler)

    def sign_in(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, security.SignInRequired)
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": f"/signin?next={exc.next_url}"})
        return RedirectResponse(f"/signin?next={exc.next_url}", status_code=303)

    app.add_exception_handler(security.SignInRequired, sign_in)


def install(app: FastAPI) -> None:
    """Add the pages to ``app`` (made by :func:`pacesetter.api.create_app`)."""
    app.middleware("http")(security.headers)
    static = resources.files("pacesetter.web") / "static"
    echarts = resources.files("pacesetter.render") / "static" / "echarts"
    app.mount("/static/web", StaticFiles(directory=str(static)), name="web-static")
    app.mount("/static/echarts", StaticFiles(directory=str(echarts)), name="echarts")
    app.include_router(pages.router)
    app.include_router(analysis_pages.router)
    app.include_router(chain_pages.router)
    app.include_router(admin_pages.router)
    app.include_router(registry_pages.router)
    app.include_router(structure_pages.router)
    _html_errors(app)


def create_app(db: Path | str, settings: ServerSettings | None = None) -> FastAPI:
    """The whole server over the database at ``db``: the API and the pages."""
    app = create_api(db, settings)
    install(app)
    return app
