"""Who is asking, and may they: sessions and tokens, CSRF, sign-in throttling, role and scope checks.

A request proves who it is with ``Authorization: Bearer <token>`` (from ``pacesetter users
token``; for scripts and the command line) or with the session cookie set by signing in (for
browsers). A cookie is sent by the browser on its own, so a state-changing request that relies
on it must also carry the session's CSRF token in ``X-CSRF-Token``; a bearer token is never sent
on its own, so it needs none. The rules of who may do what are :mod:`pacesetter.model.access`.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from pacesetter.api.errors import Forbidden, TooManyAttempts, Unauthenticated, request_lang
from pacesetter.api.state import ServerState
from pacesetter.errors import NotFoundError
from pacesetter.i18n import t
from pacesetter.model.access import Action, Principal, RecordScope, in_scope

COOKIE = "pacesetter_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def server(request: Request) -> ServerState:
    """The server state the app was made with."""
    state: ServerState = request.app.state.server
    return state


class LoginLimiter:
    """Failed sign-ins per (client address, name) in a sliding window; more than allowed is 429."""

    def __init__(self, attempts: int, window: float) -> None:
        self.attempts, self.window = attempts, window
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures[key]
        while times and now - times[0] > self.window:
            times.popleft()
        return times

    def check(self, client: str, name: str) -> None:
        """Raise :class:`TooManyAttempts` while this address has used up its attempts for this name."""
        now = time.monotonic()
        with self._lock:
            times = self._recent((client, name), now)
            if len(times) >= self.attempts:
                exc = TooManyAttempts.said("api.errors.too_many_attempts",
                                           seconds=int(self.window - (now - times[0])) + 1)
                exc.retry_after = int(self.window - (now - times[0])) + 1
                raise exc

    def failed(self, client: str, name: str) -> None:
        with self._lock:
            self._recent((client, name), time.monotonic()).append(time.monotonic())

    def succeeded(self, client: str, name: str) -> None:
        with self._lock:
            self._failures.pop((client, name), None)


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def principal(request: Request) -> Principal:
    """The signed-in user of a request (401 without a valid token or session; CSRF checked)."""
    state = server(request)
    token = _bearer(request)
    if token is not None:
        who = state.signed_in("token", token, lambda ws: ws.users.principal_for_token(token))
        if who is None:
            raise Unauthenticated.said("api.errors.bad_token")
        return who
    secret = request.cookies.get(COOKIE)
    found = state.signed_in("session", secret, lambda ws: ws.users.session(secret)) if secret else None
    if found is None:
        raise Unauthenticated.said("api.errors.unauthenticated")
    who, csrf = found
    if request.method in UNSAFE and request.headers.get(CSRF_HEADER) != csrf:
        raise Forbidden.said("api.errors.csrf")
    return who


User = Annotated[Principal, Depends(principal)]


def allowed(who: Principal, action: Action, resource: str) -> Principal:
    """``who`` if their role grants ``action`` on ``resource`` at all; else 403."""
    if not who.may(action, resource):
        raise Forbidden.said("api.errors.forbidden")
    return who


def needs(action: Action, resource: str) -> Any:
    """A dependency: the signed-in user, if their role grants ``action`` on ``resource``."""

    def dependency(who: User) -> Principal:
        return allowed(who, action, resource)

    return Depends(dependency)


def reach(who: Principal, action: Action, resource: str, record_id: str, scope: RecordScope) -> None:
    """Check one record: out of the user's sight is 404 (its existence is not revealed); in
    sight but not theirs to change is 403."""
    if not in_scope(who, Action.READ, resource, scope):
        raise NotFoundError.said("api.errors.no_record", record=record_id)
    if not in_scope(who, action, resource, scope):
        raise Forbidden.said("api.errors.out_of_scope", record=record_id)


class SignIn(BaseModel):
    """A sign-in: name and password."""

    name: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=1000)


def _who(who: Principal, lang: str) -> dict[str, Any]:
    return {"name": who.name, "role": who.role.value, "role_label": t(f"users.roles.{who.role.value}", lang),
            "chains": sorted(who.chains), "districts": sorted(who.districts)}


router = APIRouter(prefix="/api/v1/session", tags=["session"])


@router.post("", summary="Sign in (sets the session cookie; returns the CSRF token)")
def sign_in(form: SignIn, request: Request, response: Response) -> dict[str, Any]:
    state = server(request)
    limiter: LoginLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    limiter.check(client, form.name)
    with state.writing(form.name, data=False) as ws:
        try:
            who = ws.users.authenticate(form.name, form.password)
        except Exception:
            limiter.failed(client, form.name)
            raise
        secret, csrf, expires = ws.users.start_session(who.name, hours=state.settings.session_hours)
    limiter.succeeded(client, form.name)
    secure = state.settings.secure_cookies or request.url.scheme == "https"
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", secure=secure,
                        max_age=int(state.settings.session_hours * 3600), path="/")
    return {"user": _who(who, request_lang(request)), "csrf_token": csrf, "expires": expires.isoformat()}


@router.get("", summary="The signed-in user and the session's CSRF token")
def whoami(who: User, request: Request) -> dict[str, Any]:
    csrf = None
    secret = request.cookies.get(COOKIE)
    if secret and _bearer(request) is None:
        with server(request).reading(who.name) as ws:
            found = ws.users.session(secret)
        csrf = found[1] if found else None
    return {"user": _who(who, request_lang(request)), "csrf_token": csrf}


@router.delete("", summary="Sign out (ends the session)")
def sign_out(who: User, request: Request, response: Response) -> dict[str, Any]:
    secret = request.cookies.get(COOKIE)
    if secret:
        with server(request).writing(who.name, data=False) as ws:
            ws.users.end_session(secret)
    response.delete_cookie(COOKIE, path="/")
    return {"signed_out": who.name}
