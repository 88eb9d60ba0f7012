"""Rendering a page: the Jinja2 environment, the words of the request's language, the navigation.

Templates autoescape everything; data reach scripts only as JSON data blocks (``tojson``), so
the Content-Security-Policy can forbid inline script. Every page gets ``t`` (the catalogue in
the request's language), ``lang``, the signed-in user ``who``, the session's ``csrf`` token
(sent by htmx as a header on every state-changing request) and ``here`` (the page with its
filters, for the language switch to come back to).
"""

from __future__ import annotations

from functools import cache, partial
from typing import TYPE_CHECKING, Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from pacesetter.api.errors import request_lang
from pacesetter.i18n import t
from pacesetter.model.access import Action

if TYPE_CHECKING:
    from pacesetter.model.access import Principal

# (path, catalogue key) of the main navigation, in reading order
NAV: list[tuple[str, str]] = [
    ("/", "web.nav.overview"), ("/assessment", "web.nav.assessment"), ("/monitoring", "web.nav.monitoring"),
    ("/chains", "web.nav.chains"), ("/projects", "web.nav.projects"), ("/tasks", "web.nav.tasks"),
    ("/parks", "web.nav.parks"), ("/policies", "web.nav.policies"), ("/import", "web.nav.import"),
    ("/users", "web.users.nav"),
]
# what a role needs to see an entry (the others are for every signed-in user)
NAV_NEEDS: dict[str, tuple[Action, str]] = {"/import": (Action.IMPORT, "data"),
                                            "/users": (Action.ADMIN, "users")}


@cache
def environment() -> jinja2.Environment:
    """The page templates of this package (autoescaped, undefined names are errors)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("pacesetter.web", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["web_url"] = web_url
    return env


def web_url(source: object) -> str | None:
    """The address to link a source to: its first word when that is an http(s) URL, else None —
    a source is data, and ``javascript:`` or any other scheme must never become a live link."""
    first = str(source or "").split(" ")[0]
    return first if first.startswith(("http://", "https://")) else None


def here(request: Request) -> str:
    """The current page with its query (filters), for links that come back to it."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def page(request: Request, template: str, *, who: Principal | None, title_key: str,
         csrf: str | None = None, status: int = 200, **context: Any) -> HTMLResponse:
    """The page ``template`` in the request's language, with the common context."""
    lang = request_lang(request)
    path = request.url.path
    nav = [{"href": href, "label": t(key, lang),
            "current": path == href or (href != "/" and path.startswith(href + "/"))}
           for href, key in NAV if who is not None and (href not in NAV_NEEDS or who.may(*NAV_NEEDS[href]))]
    html = environment().get_template(template).render(
        lang=lang, t=partial(t_safe, lang), who=who, csrf=csrf, nav=nav, here=here(request),
        title=t(title_key, lang), colours=request.cookies.get("pacesetter_colours", "cn"), **context)
    return HTMLResponse(html, status_code=status)


def t_safe(lang: str, key: str, /, **values: object) -> str:
    """The catalogue for templates (``t('key', n=1)`` with the language already chosen)."""
    return t(key, lang, **values)
