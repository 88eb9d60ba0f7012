"""What every page response carries and checks: the Content-Security-Policy, the signed-in user.

The policy allows scripts and styles from this server only, so a name or quote from the data can
never run as script even if escaping were missed somewhere: no inline script, no inline style
element, no eval, no CDN. Pages are for people with a session (signed in through the form);
without one, a page sends them to the sign-in form and back afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, Request
from starlette.responses import Response

from pacesetter.api.auth import COOKIE, CSRF_HEADER, UNSAFE, server
from pacesetter.api.errors import Forbidden
from pacesetter.model.access import Principal

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Middleware: the security headers of every answer (the API's JSON included)."""
    response = await call_next(request)
    if not request.url.path.startswith(("/docs", "/static/swagger")):  # Swagger UI needs its inline start-up
        response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response


class SignInRequired(Exception):
    """A page was asked for without a session: go to the sign-in form, then come back to ``next``."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def safe_next(target: str | None) -> str:
    """A place to return to after signing in: a path on this server only (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return "/"
    return target


def same_origin(request: Request) -> bool:
    """Whether a state-changing request comes from one of our own pages (Origin or Referer)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin:
        return True  # not a browser (or one that sends neither): the CSRF token still applies
    return urlsplit(origin).netloc == request.url.netloc


def session_of(request: Request) -> tuple[Principal, str]:
    """The signed-in user of a page and the session's CSRF token; checks CSRF on writes."""
    secret = request.cookies.get(COOKIE)
    found = None
    if secret:
        with server(request).reading("server") as ws:
            found = ws.users.session(secret)
    if found is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(quote(target, safe="/?=&"))
    forged = request.headers.get(CSRF_HEADER) != found[1] or not same_origin(request)
    if request.method in UNSAFE and forged:
        raise Forbidden.said("api.errors.csrf")
    return found


Session = Annotated[tuple[Principal, str], Depends(session_of)]
