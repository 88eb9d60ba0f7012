"""The pages of those who look after the data and the users: import a file, administer users.

Import: a file is uploaded, checked by a dry run of the same :meth:`Workspace.import_file` as
``pacesetter import`` (every problem in a table, the file named as it was uploaded) and, when
clean, kept on the server under a random token until the user confirms it or it expires; the
confirmation names the token only, never a path, and imports every row or none.

Users (admins only): list, add, disable and enable, new password, all through ``ws.users``
(audited as the admin); a refusal is said in words on the form.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, UploadFile
from fastapi.responses import HTMLResponse

from pacesetter.api.auth import allowed, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import records
from pacesetter.api.routes.imports import upload_name
from pacesetter.data.places import district_rules
from pacesetter.errors import ImportRejected, Issue, PacesetterError
from pacesetter.i18n import t
from pacesetter.io.importer import ImportResult
from pacesetter.io.specs import SPECS
from pacesetter.model.access import Action, Principal, Role
from pacesetter.web.security import Session
from pacesetter.web.view import page
from pacesetter.workspace.users import MIN_PASSWORD

router = APIRouter(include_in_schema=False)
KEEP_SECONDS = 30 * 60  # a checked upload waits this long for its confirmation
# what the import page offers (projects go through their own lifecycle-checking import)
ENTITIES = tuple(name for name, spec in SPECS.items() if not spec.import_command)
UserName = Annotated[str, Path(max_length=100)]
_MAKING = threading.Lock()  # the uploads of an app are made once
# refusals of ws.users whose words name command-line options: the form's words instead
FORM_WORDING = {f"users.errors.{k}": k for k in ("chain_scope", "district_scope", "no_scope")}


@dataclass(frozen=True)
class Upload:
    """A checked upload waiting for its confirmation: whose, where on the server, what it holds."""

    owner: str
    path: FilePath
    entity: str
    made: float


class Uploads:
    """Checked uploads by token, each in a private temporary folder until confirmed or expired."""

    def __init__(self) -> None:
        self._kept: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def keep(self, upload: Upload) -> str:
        """A new token for ``upload`` (the expired ones are removed on the way)."""
        self.expire()
        token = secrets.token_urlsafe(24)
        with self._lock:
            self._kept[token] = upload
        return token

    def take(self, token: str, owner: str) -> Upload | None:
        """The upload of ``token`` if ``owner`` made it and it has not expired (then forgotten)."""
        self.expire()
        with self._lock:
            upload = self._kept.get(token)
            if upload is None or upload.owner != owner:
                return None
            return self._kept.pop(token)

    def expire(self) -> None:
        """Remove the uploads older than :data:`KEEP_SECONDS` with their folders."""
        now = time.monotonic()
        with self._lock:
            old = [k for k, u in self._kept.items() if now - u.made > KEEP_SECONDS]
            gone = [self._kept.pop(k) for k in old]
        for upload in gone:
            shutil.rmtree(upload.path.parent, ignore_errors=True)


def _uploads(request: Request) -> Uploads:
    state = request.app.state
    with _MAKING:
        if not hasattr(state, "web_uploads"):
            state.web_uploads = Uploads()
    uploads: Uploads = state.web_uploads
    return uploads


def _entity_label(name: str, lang: str) -> str:
    """An entity as the user reads it: 指标数据 in zh, observations in en."""
    return SPECS[name].zh if lang == "zh" else name


def _issues(issues: list[Issue], path: FilePath, lang: str) -> list[dict[str, Any]]:
    """The rows of the problem table, the file named as it was uploaded (not the server's copy)."""
    return [{"file": path.name, "sheet": i.sheet, "row": i.row, "column": i.column, "rule": i.rule,
             "value": i.value, "message": i.text(lang).replace(str(path), path.name)} for i in issues]


def _summary(result: ImportResult, name: str, lang: str) -> dict[str, Any]:
    return {"file": name, "entity": _entity_label(result.entity, lang), "rows": result.rows,
            "added": result.added, "changed": result.changed, "unchanged": result.unchanged,
            "sheets": [t(f"cli.io.sheet_{why}", lang, name=s) for s, why in result.ignored_sheets]}


def _result(request: Request, **context: Any) -> HTMLResponse:
    """The part of the import page that answers a check or a confirmation."""
    context = {"issues": None, "summary": None, "token": None, "done": False, "error": None, **context}
    return page(request, "_import_result.html.j2", who=None, title_key="web.import.title", **context)


def _importer(who: Principal) -> Principal:
    return allowed(who, Action.IMPORT, "data")


@router.get("/import")
def import_page(request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    _importer(who)
    lang = request_lang(request)
    return page(request, "import.html.j2", who=who, csrf=csrf, title_key="web.import.title",
                entities=[(e, _entity_label(e, lang)) for e in ENTITIES])


@router.post("/import/check")
def import_check(request: Request, session: Session, file: Annotated[UploadFile, File()],
                 entity: Annotated[str, Form(max_length=40)] = "") -> HTMLResponse:
    """A dry run of the upload: every problem, or the summary and a token to confirm it with."""
    who = _importer(session[0])
    lang = request_lang(request)
    name = upload_name(file)
    folder = FilePath(tempfile.mkdtemp(prefix="pacesetter-web-import-"))
    path = folder / name
    with path.open("wb") as out:
        shutil.copyfileobj(file.file, out)
    chosen = entity if entity in ENTITIES else None
    try:
        with server(request).writing(who.name, data=False) as ws:
            result = ws.import_file(path, entity=chosen, dry_run=True)
    except ImportRejected as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _result(request, file=name, issues=_issues(exc.issues, path, lang))
    except PacesetterError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return _result(request, file=name, error=exc.text(lang).replace(str(path), name))
    token = _uploads(request).keep(Upload(who.name, path, result.entity, time.monotonic()))
    return _result(request, file=name, summary=_summary(result, name, lang), token=token)


@router.post("/import/confirm")
def import_confirm(request: Request, session: Session,
                   token: Annotated[str, Form(max_length=64)]) -> HTMLResponse:
    """Import a checked upload for real: every row or none, audited as the user."""
    who = _importer(session[0])
    lang = request_lang(request)
    upload = _uploads(request).take(token, who.name)
    if upload is None:
        return _result(request, file="", error=t("web.import.expired", lang))
    name = upload.path.name
    try:
        with server(request).writing(who.name) as ws:
            result = ws.import_file(upload.path, entity=upload.entity)
    except ImportRejected as exc:  # the data changed since the check
        return _result(request, file=name, issues=_issues(exc.issues, upload.path, lang))
    except PacesetterError as exc:
        return _result(request, file=name, error=exc.text(lang).replace(str(upload.path), name))
    finally:
        shutil.rmtree(upload.path.parent, ignore_errors=True)
    return _result(request, file=name, summary=_summary(result, name, lang), done=True)


# --- users -------------------------------------------------------------------------------------
def _admin(who: Principal) -> Principal:
    return allowed(who, Action.ADMIN, "users")


def _users_page(request: Request, who: Principal, csrf: str, *, flash: str | None = None,
                error: str | None = None, form: dict[str, Any] | None = None) -> HTMLResponse:
    """The users page: every user, the form to add one (as it was filled, with its refusal)."""
    lang = request_lang(request)
    codes = sorted(set(district_rules().names.values()))
    with server(request).reading(who.name) as ws:
        users = records(ws.users.list())
        chains = {str(r["id"]): str(r.get(f"name_{lang}") or r["name_zh"])
                  for r in records(ws.table("chains"))}
        regions = ws.region_names(lang)
    districts = {c: regions.get(c, c) for c in codes}
    rows = [{"name": u["name"], "role": t(f"users.roles.{u['role']}", lang),
             "scope": [chains.get(c, c) for c in u.get("chains") or []]
             + [districts.get(d, d) for d in u.get("districts") or []],
             "disabled": bool(u["disabled"]), "self": u["name"] == who.name} for u in users]
    return page(request, "users.html.j2", who=who, csrf=csrf, title_key="web.users.title", users=rows,
                roles=[(r.value, t(f"users.roles.{r.value}", lang)) for r in Role],
                chains=sorted(chains.items(), key=lambda c: c[1]), districts=list(districts.items()),
                flash=flash, error=error, min_password=MIN_PASSWORD,
                form=form or {"name": "", "role": "analyst", "chains": [], "districts": []})


def _refusal(exc: PacesetterError, lang: str) -> str:
    """A refusal of the users group in words of the form (the command line's name its options)."""
    if exc.key in FORM_WORDING:
        role = exc.values.get("role")
        return t(f"web.users.errors.{FORM_WORDING[exc.key]}", lang,
                 **({"role": t(f"users.roles.{role}", lang)} if role else {}))
    return exc.text(lang)


@router.get("/users")
def users_page(request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    return _users_page(request, _admin(who), csrf)


@router.post("/users")
def add_user(request: Request, session: Session, name: Annotated[str, Form(max_length=100)],
             role: Annotated[str, Form(max_length=40)], password: Annotated[str, Form(max_length=1000)],
             repeat: Annotated[str, Form(max_length=1000)],
             chains: Annotated[list[str] | None, Form(max_length=100)] = None,
             districts: Annotated[list[str] | None, Form(max_length=12)] = None) -> HTMLResponse:
    who, csrf = session
    _admin(who)
    lang = request_lang(request)
    form = {"name": name, "role": role, "chains": chains or [], "districts": districts or []}
    if password != repeat:
        return _users_page(request, who, csrf, error=t("cli.users.msg.mismatch", lang), form=form)
    try:
        with server(request).writing(who.name, data=False) as ws:
            ws.users.add(name.strip(), role, password, chains=chains or [], districts=districts or [])
    except PacesetterError as exc:
        return _users_page(request, who, csrf, error=_refusal(exc, lang), form=form)
    return _users_page(request, who, csrf, flash=t("cli.users.msg.added", lang, name=name.strip(),
                                                   role=t(f"users.roles.{role}", lang)))


@router.post("/users/{name}/{change}")
def change_user(request: Request, session: Session, name: UserName,
                change: Annotated[str, Path(pattern="^(disable|enable|reset)$")],
                password: Annotated[str, Form(max_length=1000)] = "",
                repeat: Annotated[str, Form(max_length=1000)] = "") -> HTMLResponse:
    """Disable, enable or give a new password to one user."""
    who, csrf = session
    _admin(who)
    lang = request_lang(request)
    if change == "reset" and password != repeat:
        return _users_page(request, who, csrf, error=t("cli.users.msg.mismatch", lang))
    try:
        with server(request).writing(who.name, data=False) as ws:
            if change == "reset":
                ws.users.reset(name, password)
            else:
                getattr(ws.users, change)(name)
    except PacesetterError as exc:
        return _users_page(request, who, csrf, error=exc.text(lang))
    done = {"disable": "disabled", "enable": "enabled", "reset": "reset"}[change]
    return _users_page(request, who, csrf, flash=t(f"cli.users.msg.{done}", lang, name=name))
