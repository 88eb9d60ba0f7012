"""The pages every user starts from: sign-in and sign-out, the language switch, the overview.

Each page is a thin call of the Workspace (through the server's per-request Workspace) and a
template; the figures keep their provenance to the screen (hover and footnotes).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pacesetter.api.auth import COOKIE, LoginLimiter, server
from pacesetter.api.errors import TooManyAttempts, request_lang
from pacesetter.errors import AuthError, NotFoundError
from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.model.provenance import source_note
from pacesetter.render.numbers import format_gap, format_value
from pacesetter.web.charts import trend
from pacesetter.web.security import Session, safe_next, same_origin
from pacesetter.web.view import page, web_url

router = APIRouter(include_in_schema=False)
DEFAULT_REGION, DEFAULT_PEER = "370200", "330200"


@router.get("/signin")
def signin_form(request: Request, next: str = "/") -> HTMLResponse:
    return page(request, "signin.html.j2", who=None, title_key="web.signin.title", next=safe_next(next),
                name="", error=None)


@router.post("/signin")
def signin(request: Request, name: Annotated[str, Form(max_length=100)],
           password: Annotated[str, Form(max_length=1000)], next: Annotated[str, Form()] = "/") -> Response:
    state = server(request)
    lang = request_lang(request)
    limiter: LoginLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    target = safe_next(next)

    def again(message: str, status: int) -> HTMLResponse:
        return page(request, "signin.html.j2", who=None, title_key="web.signin.title", next=target,
                    name=name, error=message, status=status)

    if not same_origin(request):
        return again(t("api.errors.csrf", lang), 403)
    try:
        limiter.check(client, name)
    except TooManyAttempts as exc:
        return again(exc.text(lang), 429)
    with state.writing(name, data=False) as ws:
        try:
            who = ws.users.authenticate(name, password)
        except AuthError as exc:
            limiter.failed(client, name)
            return again(exc.text(lang), 401)
        secret, _, _ = ws.users.start_session(who.name, hours=state.settings.session_hours)
    limiter.succeeded(client, name)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", path="/",
                        secure=state.settings.secure_cookies or request.url.scheme == "https",
                        max_age=int(state.settings.session_hours * 3600))
    return response


@router.post("/signout")
def signout(request: Request, session: Session) -> Response:
    with server(request).writing(session[0].name, data=False) as ws:
        ws.users.end_session(request.cookies.get(COOKIE, ""))
    response = Response(status_code=204, headers={"HX-Redirect": "/signin"})
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/lang/{lang}")
def switch_language(lang: str, next: str = "/") -> Response:
    """Switch the language and come back to the same page with the same filters."""
    if lang not in ("zh", "en"):
        raise NotFoundError.said("api.errors.no_record", record=lang)
    target = safe_next(next)
    # a ?lang= in the page's address would override the cookie: drop it
    response = RedirectResponse(target.replace(f"lang={'en' if lang == 'zh' else 'zh'}", f"lang={lang}"),
                                status_code=303)
    response.set_cookie("pacesetter_lang", lang, max_age=365 * 86400, samesite="lax", path="/")
    return response


@router.get("/")
def overview(request: Request, session: Session,
             region: Annotated[str, Query(max_length=12)] = DEFAULT_REGION,
             peer: Annotated[str, Query(max_length=12)] = DEFAULT_PEER) -> HTMLResponse:
    who, csrf = session
    lang = request_lang(request)
    name = "name_zh" if lang == "zh" else "name_en"
    with server(request).reading(who.name) as ws:
        a, b = ws.region(region), ws.region(peer)
        rows = ws.overview(region, peer)
        peers = ws.table("regions")
        gdp = ws.observations(["gdp"], [region, peer])
    names = dict(zip(rows["indicator_id"], rows[name], strict=True))
    notes: list[dict[str, Any]] = []
    table = []
    for r in rows.to_dict("records"):
        cells = []
        for side in ("region", "peer"):
            if r[f"{side}_value"] is None or r[f"{side}_value"] != r[f"{side}_value"]:
                cells.append({"shown": None, "src": "", "n": 0})
                continue
            note = source_note(str(r[f"{side}_source"]), r[f"{side}_vintage"], str(r[f"{side}_status"]),
                               flags=str(r[f"{side}_flags"]), derived_from=str(r[f"{side}_derived_from"]),
                               publisher=r[f"{side}_publisher"], document=r[f"{side}_document"],
                               source_kind=r[f"{side}_source_kind"], lang=lang)
            url = str(r[f"{side}_source"])
            notes.append({"text": note, "url": web_url(url)})
            shown = format_value(r[f"{side}_value"], str(r[f"{side}_unit"]), lang)
            if not r["common"]:
                shown += f" ({Period.parse(str(r[f'{side}_period'])).label(lang)})"
            cells.append({"shown": shown, "src": note, "n": len(notes)})
        gap = r["gap"]
        year = Period.parse(str(r["year"])).label(lang) if r["common"] else "*"
        shown_gap = (None if gap is None or gap != gap
                     else format_gap(gap, str(r["gap_unit"]), lang))
        table.append({"name": r[name], "year": year, "cells": cells, "gap": shown_gap})
    cities = peers[peers["level"] == "city"] if "level" in peers else peers
    cities = cities[cities["code"] != region]  # a city is not its own peer (the overview refuses it)
    return page(request, "overview.html.j2", who=who, csrf=csrf, title_key="web.nav.overview",
                a=a[name], b=b[name], region=region, peer=peer, rows=table, notes=notes,
                coverage=rows.attrs["coverage"].text(lang, names),
                cities=[(c, n) for c, n in zip(cities["code"], cities[name], strict=True)],
                gdp=trend(gdp, {region: str(a[name]), peer: str(b[name])}, lang, "gdp"))
