"""One error format for every answer that is not a success, in the user's language.

Body: ``{"error": {"status": 404, "code": "not_found", "message": "…", "issues": [...]}}``.
``code`` is the stable id of :mod:`pacesetter.errors` (scripts rely on it), ``message`` is in
the request's language, and ``issues`` lists, for a refused import, every problem with its
file, sheet, row, column, rule and value. No traceback ever reaches the client: an unexpected
failure is logged on the server and answered with a 500 that says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from pacesetter.errors import (
    AuthError,
    ConflictError,
    DatabaseBusy,
    ImportRejected,
    InputError,
    Issue,
    NotFoundError,
    PacesetterError,
)
from pacesetter.i18n import t

log = logging.getLogger(__name__)


class IssueBody(BaseModel):
    """One problem of a refused request or file: where it is and which rule it breaks."""

    file: str | None
    sheet: str | None
    row: int | None
    column: str | None
    rule: str
    value: str | None
    message: str


class ErrorDetail(BaseModel):
    """What went wrong: the HTTP status, a stable code, a message in the request's language."""

    status: int
    code: str
    message: str
    issues: list[IssueBody]


class ErrorBody(BaseModel):
    """The one error format of every answer that is not a success."""

    error: ErrorDetail


# Documented on every route of the OpenAPI (what each status means in this API).
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": what} for status, what in (
        (400, "the request could not be read"),
        (401, "not signed in: no valid session or token"),
        (403, "the role does not allow this, or the record is readable but not yours to change"),
        (404, "no such record, or one outside your remit"),
        (409, "the record changed since you read it (a stale version)"),
        (422, "the request or the uploaded file is not valid; every problem in issues"),
        (429, "too many failed sign-ins; Retry-After says when to try again"),
        (500, "the server failed; the details are in its log"),
        (503, "the database is busy"),
    )
}


def request_lang(request: Request) -> str:
    """The language of a request: ``?lang=``, else the ``pacesetter_lang`` cookie, else
    ``Accept-Language`` (en when it prefers English), else zh, the product's default."""
    lang = request.query_params.get("lang") or request.cookies.get("pacesetter_lang")
    if lang in ("zh", "en"):
        return lang
    accept = request.headers.get("accept-language", "").strip().lower()
    return "en" if accept.startswith("en") else "zh"


class Forbidden(PacesetterError):
    """The user's role does not allow this (on a record they can see)."""

    code = "forbidden"


class Unauthenticated(PacesetterError):
    """No valid session or token came with the request."""

    code = "unauthenticated"


class TooManyAttempts(PacesetterError):
    """Too many failed sign-ins from one address for one name; ``retry_after`` seconds to wait."""

    code = "too_many_attempts"
    retry_after = 0


STATUS: list[tuple[type[PacesetterError], int]] = [
    (ImportRejected, 422), (NotFoundError, 404), (ConflictError, 409), (Unauthenticated, 401),
    (AuthError, 401), (Forbidden, 403), (TooManyAttempts, 429), (DatabaseBusy, 503), (InputError, 422),
]


def _issue(issue: Issue, lang: str) -> dict[str, Any]:
    return {"file": issue.file, "sheet": issue.sheet, "row": issue.row, "column": issue.column,
            "rule": issue.rule, "value": None if issue.value is None else str(issue.value),
            "message": issue.render(lang)}


def body(status: int, code: str, message: str, issues: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The error body every failure answers with."""
    return {"error": {"status": status, "code": code, "message": message, "issues": issues or []}}


def _pacesetter(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PacesetterError)
    lang = request_lang(request)
    status = next((s for kind, s in STATUS if isinstance(exc, kind)), 400)
    issues = [_issue(i, lang) for i in exc.issues] if isinstance(exc, ImportRejected) else None
    message = t("cli.errors.rejected", lang, n=len(exc.issues)) if isinstance(exc, ImportRejected) \
        else exc.text(lang)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    if status == 401:
        headers = {"WWW-Authenticate": "Bearer"}
    return JSONResponse(body(status, exc.code, message, issues), status_code=status, headers=headers)


# FastAPI's (pydantic's) error types with a message of their own (api.errors.field.<key>): what
# was given and what is allowed, rather than "missing or not valid"
_FIELD_ERRORS = {"missing": "missing", "int_parsing": "whole_number", "int_from_float": "whole_number",
                 "float_parsing": "number", "literal_error": "choice", "enum": "choice",
                 "greater_than_equal": "at_least", "less_than_equal": "at_most",
                 "string_too_long": "too_long", "string_pattern_mismatch": "form",
                 "date_from_datetime_parsing": "date", "date_parsing": "date"}


def _field_message(err: Any, lang: str) -> str:
    """One validation error in ``lang``: the parameter, the value given, what is allowed."""
    loc = [str(p) for p in err.get("loc", ())]
    name = loc[-1] if loc and loc[0] in ("query", "path", "header", "cookie") else ".".join(loc)
    key = _FIELD_ERRORS.get(str(err.get("type")))
    if key is None:
        return t("api.errors.invalid_field", lang, field=name)
    ctx = err.get("ctx") or {}
    limit = next((ctx[k] for k in ("ge", "le", "max_length") if k in ctx), "")
    return t(f"api.errors.field.{key}", lang, param=name, value=str(err.get("input"))[:80],
             allowed=str(ctx.get("expected", "")), limit=str(limit))


def _validation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    lang = request_lang(request)
    issues = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err.get("loc", ()))
        issues.append({"file": None, "sheet": None, "row": None, "column": field,
                       "rule": err.get("type", "invalid"),
                       "value": None if err.get("input") is None else str(err.get("input"))[:200],
                       "message": _field_message(err, lang)})
    said = t("api.errors.invalid_request_said", lang, issues=t("chains.clause_sep", lang).join(
        str(i["message"]) for i in issues[:3]))
    return JSONResponse(body(422, "input.invalid", said, issues), status_code=422)


def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    lang = request_lang(request)
    key = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(exc.status_code, "http")
    message = t(f"api.errors.{key}", lang, status=exc.status_code)
    return JSONResponse(body(exc.status_code, key, message), status_code=exc.status_code,
                        headers=getattr(exc, "headers", None))


def _crash(request: Request, exc: Exception) -> JSONResponse:
    # the handler runs in a worker thread, outside the ``except``: the traceback is passed on
    log.error("unexpected failure on %s %s", request.method, request.url.path, exc_info=exc)
    message = t("api.errors.internal", request_lang(request))
    return JSONResponse(body(500, "internal", message), status_code=500)


HANDLERS: dict[type[Exception], Callable[[Request, Exception], JSONResponse]] = {
    PacesetterError: _pacesetter, RequestValidationError: _validation,
    StarletteHTTPException: _http, Exception: _crash,
}


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error format."""
    for kind, handler in HANDLERS.items():
        app.add_exception_handler(kind, handler)
