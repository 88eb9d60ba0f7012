"""The registry pages: projects (funnel, lights, delays, roll-ups), one project (timeline, trace,
audit, edit and lifecycle forms), tasks and their supervision (督办), parks, policy coverage, the
trace and the audit log.

Every page calls the same Workspace methods as the API's registry routes, narrowed to the user's
scope (``seen_by``, ``who=``): a district officer sees only their district's projects in lists,
funnel and roll-ups, and a record outside the scope answers 404. Forms are offered only to those
whose role and scope let them write; they post with htmx and get the part of the page they changed
back, a stale version (someone else wrote first) said in words.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, cast

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse

from pacesetter.api.auth import allowed, reach, server
from pacesetter.api.errors import Forbidden, request_lang
from pacesetter.api.frames import one, records
from pacesetter.api.routes.registry import bad_choice, check_project_filters, scope_of, trace_kind
from pacesetter.api.routes.writes import keeps_remit, writable
from pacesetter.errors import ConflictError, InputError
from pacesetter.i18n import catalogue, t
from pacesetter.model.access import Action, Principal, in_scope
from pacesetter.registry.coverage import INSTRUMENTS, normalise_instrument
from pacesetter.registry.lifecycle import STAGES, legal_targets, stage_label
from pacesetter.render.numbers import EN_AMOUNTS, format_value
from pacesetter.web.security import Session
from pacesetter.web.view import page

if TYPE_CHECKING:
    import pandas as pd

    from pacesetter.workspace import Workspace
    from pacesetter.workspace.registry import _Records

router = APIRouter(include_in_schema=False)
Filter = Annotated[str | None, Query(max_length=100)]
RecordId = Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_\-]+$")]
YI = "亿元"
LIGHTS = ("red", "yellow", "green")
EDITABLE = ("name_zh", "investor", "investment_yi", "district", "park_id")
TASK_STATUSES = ("open", "in_progress", "done", "cancelled")
AUDITED = ("projects", "tasks", "parks", "policies")


def _given(value: str | None) -> str | None:
    """A filter from a GET form: an empty field is no filter."""
    return value.strip() or None if value else None


def _names(ws: Workspace, table: str, lang: str) -> dict[str, str]:
    """Id (or code) → name in ``lang`` of a reference table (chains, regions); the Chinese name
    where no English one is known."""
    df = ws.table(table)
    key = "id" if "id" in df else "code"
    out = {}
    for r in records(df):
        name = r.get(f"name_{lang}") or r.get("name_zh")
        out[str(r[key])] = str(name)
    return out


def _park_names(ws: Workspace, who: Principal | None, lang: str) -> dict[str, str]:
    """Park id → its name in ``lang`` (the Chinese one where no English is known), of the parks
    ``who`` may read."""
    return {str(p["id"]): str(p.get(f"name_{lang}") or p["name_zh"]) for p in records(ws.parks.seen_by(who))}


# markers the project list (data/chains/projects.csv) writes where a chain or investor is not
# known, said in the page's language instead of shown as Chinese text on an English page
CHAIN_MARKERS = {"(服务业,链归属未确认)": "web.registry.marker.services_unassigned",
                 "(服务业)": "web.registry.marker.services"}
INVESTOR_UNSTATED = {"(未注明)", "未注明", "（未注明）"}
INVESTOR_SEVERAL = {"多家"}
INFERRED = re.compile(r"^[(（](.+)[,，]推断[)）]$")


def _chains(value: object, chains: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Chains of a ``;``-joined or listed chain field: each one's name, a known marker (services, chain
    not confirmed) in ``lang``, or the text as published where it names no chain (``known`` false)."""
    ids = value.split(";") if isinstance(value, str) else list(value) if isinstance(value, list) else []
    return [{"name": t(CHAIN_MARKERS[c], lang), "known": True} if c in CHAIN_MARKERS
            else {"name": chains.get(c, c), "known": c in chains} for c in ids if c]


def _investor(value: object, lang: str) -> dict[str, Any]:
    """An investor as published (``name``, data), or the marker the list writes in its place said in
    ``lang`` (``word``): not stated (``unknown``), several investors, a name inferred."""
    text = "" if value is None else str(value).strip()
    if not text or text in INVESTOR_UNSTATED:
        return {"unknown": True, "name": None, "word": None}
    if text in INVESTOR_SEVERAL:
        return {"unknown": False, "name": None, "word": t("web.registry.marker.several_investors", lang)}
    inferred = INFERRED.match(text)
    if inferred:
        return {"unknown": False, "name": inferred.group(1), "word": t("web.registry.marker.inferred", lang)}
    return {"unknown": False, "name": text, "word": None}


def _amount(value: float, lang: str) -> str:
    """An amount in 亿元 as ``lang`` reads it: 355.02 亿元 in zh; in bn yuan in en (as the monitoring
    bulletin writes it, 35.502 bn yuan), since "355.02 100 million yuan" reads as one number."""
    if lang == "zh":
        return format_value(value, YI, lang)
    bn = f"{value * EN_AMOUNTS[YI][1]:,.5f}".rstrip("0").rstrip(".")
    return t("web.registry.amount_bn", lang, value=bn)


def _money(value: object, lang: str, synthetic: bool = False) -> dict[str, Any]:
    """An amount in 亿元 (None: unknown) with its synthetic mark."""
    shown = None if value is None else _amount(float(str(value)), lang)
    return {"shown": shown, "synthetic": synthetic and shown is not None}


def _light(code: object, synthetic: object, lang: str) -> dict[str, Any]:
    """A traffic light: its code (the colour), its word, whether it rests on synthetic values."""
    if code not in LIGHTS:
        return {"code": "none", "word": t("web.registry.no_light", lang), "synthetic": False}
    return {"code": code, "word": t(f"registry.light.{code}", lang), "synthetic": bool(synthetic)}


def _project_rows(found: list[dict[str, Any]], lights: dict[str, dict[str, Any]], chains: dict[str, str],
                  regions: dict[str, str], parks: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Projects as table rows: names and places as published, figures formatted, lights in words."""
    rows = []
    for p in found:
        marked = set(p.get("synthetic_fields") or [])
        light = lights.get(str(p["id"]), {})
        code = p.get("district_code")
        rows.append({
            "id": p["id"], "alias": p.get("alias") or p["id"], "name": p["name_zh"], "district_code": code,
            "chains": _chains(p.get("chain_id"), chains, lang), "district": p.get("district"),
            "district_name": regions.get(str(code)) if code else None,
            "park": parks.get(str(p.get("park_id"))) if p.get("park_id") else None,
            "stage": stage_label(str(p["stage"]), lang), "stage_date": p.get("stage_date"),
            "investor": _investor(p.get("investor"), lang),
            "investment": _money(p.get("investment_yi"), lang, "investment_yi" in marked),
            "completed": _money(p.get("completed_yi"), lang, "completed_yi" in marked),
            "light": _light(light.get("light"), light.get("synthetic"), lang),
            "days_overdue": light.get("days_overdue"), "reasons": light.get("reasons") or "",
        })
    return rows


def funnel_spec(funnel: pd.DataFrame, lang: str) -> dict[str, Any]:
    """The pipeline by stage as a bar chart: projects now in each stage and those that got at least
    that far, each bar's source the registry count it is."""
    labels = {k: t(f"web.provenance.{k}", lang) for k in ("source", "publisher", "vintage", "status", "flags",
                                                           "synthetic")}
    rows = records(funnel)
    names = [stage_label(str(r["stage"]), lang) for r in rows]
    series = []
    for key in ("current", "reached"):
        source = t(f"web.registry.funnel_{key}_source", lang)
        series.append({"name": t(f"registry.col.{key}", lang), "type": "bar", "barGap": "10%",
                       "label": {"show": True, "position": "top"},
                       "data": [{"value": r[key], "shown": str(r[key]), "source": source, "labels": labels}
                                for r in rows]})
    conversion = [None if r["conversion"] is None else round(100 * float(r["conversion"]), 1) for r in rows]
    return {
        "name": "project-funnel", "synthetic": False,
        "option": {"tooltip": {"trigger": "item", "provenance": True}, "legend": {"top": 0},
                   "grid": {"left": 50, "right": 20, "top": 40, "bottom": 30},
                   "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0}},
                   "yAxis": {"type": "value", "name": t("web.registry.projects_unit", lang),
                             "minInterval": 1},
                   "color": ["#1d4f91", "#9db4d6"], "series": series},
        "csv": {"header": [t("web.registry.col.stage", lang), t("registry.col.current", lang),
                           t("registry.col.reached", lang), t("web.registry.col.conversion", lang)],
                "rows": [[n, r["current"], r["reached"], c] for n, r, c in zip(names, rows, conversion,
                                                                               strict=True)]},
    }


def _rollup_rows(df: pd.DataFrame, key: str, names: dict[str, str], lang: str) -> list[dict[str, Any]]:
    """Roll-up rows: a name, projects, investment where known (how many amounts it sums)."""
    out = []
    for r in records(df):
        code = r[key]
        marker = CHAIN_MARKERS.get(str(code)) if key == "chain_id" else None
        name = (r.get(f"district_{lang}") if key == "district_code"
                else t("web.unknown", lang) if code in (None, "—") else t(marker, lang) if marker
                else names.get(str(code), str(code)))
        out.append({"name": name, "named": key == "district_code" or code in names or code in (None, "—")
                    or marker is not None,
                    "projects": r["projects"], "known": r["amount_known"],
                    "investment": _money(r["investment_yi"], lang),
                    "completed": _money(r["completed_yi"], lang, bool(r.get("completed_synthetic")))})
    return out


@router.get("/projects")
def projects_page(request: Request, session: Session, chain: Filter = None, district: Filter = None,
                  park: Filter = None, stage: Filter = None, light: Filter = None) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "projects")
    lang = request_lang(request)
    chosen = {"chain": _given(chain), "district": _given(district), "park": _given(park),
              "stage": _given(stage), "light": _given(light)}
    if chosen["light"] not in (None, *LIGHTS, "none"):
        raise bad_choice("light", str(chosen["light"]), (*LIGHTS, "none"))
    with server(request).reading(who.name) as ws:
        check_project_filters(ws, chain=chosen["chain"], district=chosen["district"], park=chosen["park"])
        found = ws.projects.list(chain=chosen["chain"], stage=chosen["stage"], district=chosen["district"],
                                 park=chosen["park"])
        df = ws.projects.seen_by(who, found)
        judged = ws.projects.lights(lang=lang, who=who)
        funnel = ws.projects.funnel(who)
        by_district, by_chain = ws.projects.rollup("district", who), ws.projects.rollup("chain", who)
        chains, regions = _names(ws, "chains", lang), _names(ws, "regions", lang)
        parks = _park_names(ws, who, lang)
        as_of = ws.projects.today()
    lights = {str(r["id"]): r for r in records(judged)}
    if chosen["light"] in (*LIGHTS, "none"):
        df = df[df["id"].map(lambda i: (lights.get(str(i), {}).get("light") or "none") == chosen["light"])]
    rows = _project_rows(records(df), lights, chains, regions, parks, lang)
    delayed = sorted((r for r in rows if (r["days_overdue"] or 0) > 0), key=lambda r: -r["days_overdue"])
    districts = [(r["district_code"], r[f"district_{lang}"]) for r in records(by_district)
                 if r["district_code"]]
    return page(request, "projects.html.j2", who=who, csrf=csrf, title_key="web.nav.projects",
                rows=rows, delayed=delayed, chosen=chosen, funnel=funnel_spec(funnel, lang),
                by_district=_rollup_rows(by_district, "district_code", regions, lang),
                by_chain=_rollup_rows(by_chain, "chain_id", chains, lang), as_of=as_of.isoformat(),
                chains=sorted(chains.items(), key=lambda kv: kv[1]), districts=districts,
                parks=sorted(parks.items(), key=lambda kv: kv[1]),
                stages=[(s, stage_label(s, lang)) for s in (*STAGES, "terminated")],
                lights=[*((c, t(f"registry.light.{c}", lang)) for c in LIGHTS),
                        ("none", t("web.registry.no_light", lang))],
                export=who.may(Action.READ, "data"))


# --- one project ----------------------------------------------------------------------------
def _changes(history: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """Audit entries as rows: when, who, what (in words), and each field from → to."""
    words = catalogue(lang)
    out = []
    for r in records(history):
        before = json.loads(r["before"]) if r.get("before") else {}
        after = json.loads(r["after"]) if r.get("after") else {}
        fields = [{"field": f, "label": words.get(f"registry.col.{f}"), "before": before.get(f),
                   "after": after.get(f)} for f in dict.fromkeys([*before, *after]) if f != "version"]
        action = str(r["action"])
        out.append({"when": str(r["changed_at"])[:19].replace("T", " "), "actor": r["actor"],
                    "action": words.get(f"registry.action.{action}"), "action_code": action,
                    "note": r.get("note"),
                    "table": r.get("table_name"), "record": r.get("record_id"), "fields": fields})
    return out


def _trace(found: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The tasks of a trace with their gap and indicator named in ``lang``."""
    tasks = []
    for task in found["tasks"]:
        gap = " · ".join(str(x) for x in (task.get(f"chain_{lang}"), task.get(f"segment_{lang}")) if x)
        head = {k: v for k, v in task.items() if k not in ("projects", "target")}
        tasks.append({**one(head), "gap": gap or None,
                      "indicator": task.get(f"indicator_{lang}"),
                      "status_label": t(f"registry.status.{task['status']}", lang),
                      "projects": [{**one(p), "stage_label": stage_label(str(p["stage"]), lang)}
                                   for p in task.get("projects", [])]})
    return tasks


def _project_view(ws: Workspace, who: Principal, project_id: str, lang: str) -> dict[str, Any]:
    """What the project page shows: the record, its light, timeline, trace, history and forms."""
    scope = scope_of(ws.projects, project_id)
    reach(who, Action.READ, "projects", project_id, scope)
    p = one(ws.projects.get(project_id))
    judged = {str(r["id"]): r for r in records(ws.projects.lights(lang=lang, who=who))}.get(str(p["id"]), {})
    chains, regions = _names(ws, "chains", lang), _names(ws, "regions", lang)
    parks = _park_names(ws, None, lang)
    row = _project_rows([p], {str(p["id"]): judged}, chains, regions, parks, lang)[0]
    audit = who.may(Action.READ, "audit")
    return {
        "p": p, "row": row, "timeline": records(ws.projects.timeline(project_id, lang)),
        "trace": _trace(ws.tasks.trace("project", str(p["id"]), who=who), lang),
        "history": _changes(ws.projects.history(project_id), lang) if audit else None,
        "can_write": in_scope(who, Action.WRITE, "projects", scope),
        "targets": [(s, stage_label(s, lang)) for s in legal_targets(str(p["stage"]))],
        "editable": [(f, t(f"registry.col.{f}", lang), _shown(p.get(f))) for f in EDITABLE],
        "today": dt.date.today().isoformat(),
    }


def _project_page(request: Request, who: Principal, csrf: str, project_id: str, *, partial: bool = False,
                  message: str | None = None, problem: str | None = None) -> HTMLResponse:
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        view = _project_view(ws, who, project_id, lang)
    return page(request, "_project.html.j2" if partial else "project.html.j2", who=who, csrf=csrf,
                title_key="web.nav.projects", message=message, problem=problem, **view)


@router.get("/projects/{project_id}")
def project_page(project_id: RecordId, request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "projects")
    return _project_page(request, who, csrf, project_id)


def _attempt(group: _Records, record_id: str, version: int, lang: str,
             write: Callable[[], str]) -> tuple[str | None, str | None]:
    """Run a write of a record of ``group`` read at ``version``: its message, or the problem in words
    (a stale version, with who changed the record since and when; a refused value)."""
    try:
        if group.version(record_id, None) != version:  # stale: say so before judging the change itself
            raise ConflictError(record_id)
        return write(), None
    except ConflictError:
        now = group.get(record_id)["version"]
        last = records(group.history(record_id).tail(1)) or [{"actor": "—", "changed_at": "—"}]
        who, when = last[0]["actor"], str(last[0]["changed_at"])[:16].replace("T", " ")
        return None, t("web.registry.conflict", lang, read=version, now=now, who=who, when=when)
    except (InputError, Forbidden) as exc:
        return None, exc.text(lang)


@router.post("/projects/{project_id}/advance")
def advance(project_id: RecordId, request: Request, session: Session, to: Annotated[str, Form(max_length=50)],
            date: Annotated[dt.date, Form()], version: Annotated[int, Form(ge=1)],
            note: Annotated[str, Form(max_length=2000)] = "") -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.WRITE, "projects")
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)

        def write() -> str:
            p = ws.projects.advance(project_id, to, date, version=version, note=note or None)
            stage = stage_label(str(p["stage"]), lang)
            return t("web.registry.advanced", lang, stage=stage, date=date.isoformat())

        message, problem = _attempt(ws.projects, project_id, version, lang, write)
    return _project_page(request, who, csrf, project_id, partial=True, message=message, problem=problem)


@router.post("/projects/{project_id}/edit")
async def edit(project_id: RecordId, request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.WRITE, "projects")
    lang = request_lang(request)
    form = await request.form()
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)
        current = one(ws.projects.get(project_id))
        changed, version = await _edits(request, EDITABLE, current)
        district = str(form.get("district", "")).strip() or None

        def write() -> str:  # a district officer may not move a project out of their district
            keeps_remit(who, "projects", ws.projects.draft_scope(current["chain_id"], district))
            note = str(form.get("note", "")) or None
            ws.projects.edit(project_id, changed, version=version, note=note) if changed else _nothing()
            return t("web.registry.saved", lang)

        message, problem = _attempt(ws.projects, project_id, version, lang, write)
    return _project_page(request, who, csrf, project_id, partial=True, message=message, problem=problem)


# --- trace and audit ------------------------------------------------------------------------
@router.get("/trace/{kind}/{key}")
def trace_page(kind: Annotated[str, Path(max_length=100)],
               key: Annotated[str, Path(max_length=100, pattern=r"^[A-Za-z0-9_\-:.]+$")],  # listed:002241.SZ
               request: Request, session: Session,
               segment: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "tasks")
    lang = request_lang(request)
    trace_kind(kind)
    with server(request).reading(who.name) as ws:
        if kind == "project":
            reach(who, Action.READ, "projects", key, scope_of(ws.projects, key))
        found = ws.tasks.trace(kind, key, segment, who)
        # what the trace starts from, named in ``lang`` (an indicator, a chain) beside its id
        subject = {"indicator": _names(ws, "indicators", lang), "gap": _names(ws, "chains", lang)}.get(
            kind, {}).get(key)
        # a target: each of its tasks' score with the reasons as they stood when assigned
        targets = [ws.structure.target_view(task["target"], lang)
                   for task in cast("list[dict[str, Any]]", found["tasks"]) if task.get("target")]
    project = cast("dict[str, object] | None", found["project"])
    return page(request, "trace.html.j2", who=who, csrf=csrf, title_key="web.registry.trace.title",
                kind=kind, key=key, subject=subject, trace=_trace(found, lang), targets=targets,
                project=None if project is None
                else {**one(project), "stage_label": stage_label(str(project["stage"]), lang)})


@router.get("/audit")
def audit_page(request: Request, session: Session, table: Filter = None,
               record: Filter = None) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "audit")
    lang = request_lang(request)
    chosen = {"table": _given(table), "record": _given(record)}
    with server(request).reading(who.name) as ws:
        found = ws.audit(chosen["table"], chosen["record"], last=200)
    return page(request, "audit.html.j2", who=who, csrf=csrf, title_key="web.registry.audit.title",
                changes=list(reversed(_changes(found, lang))), chosen=chosen,
                tables=[(x, t(f"web.registry.table.{x}", lang)) for x in AUDITED])


# --- tasks ----------------------------------------------------------------------------------
def _task_rows(ws: Workspace, who: Principal, overdue: bool, lang: str) -> list[dict[str, Any]]:
    """Tasks in the user's sight (or only the overdue ones, with their escalation level), each
    with whether the user may change it."""
    tasks = {str(r["id"]): r for r in records(ws.tasks.seen_by(who))}
    late = {str(r["id"]): r for r in records(ws.tasks.overdue(None, who))}
    ids = sorted(late, key=lambda i: -int(late[i]["days_overdue"])) if overdue else sorted(tasks)
    return [_task_row(ws, who, tasks[i], late.get(i), lang) for i in ids if i in tasks]


def _task_row(ws: Workspace, who: Principal, task: dict[str, Any], late: dict[str, Any] | None,
              lang: str) -> dict[str, Any]:
    return {**task, "status_label": t(f"registry.status.{task['status']}", lang),
            "days_overdue": late["days_overdue"] if late else None,
            "level": late[f"level_{lang}"] if late else None,
            "can_write": in_scope(who, Action.WRITE, "tasks", ws.tasks.scope(str(task["id"]))),
            "statuses": [(s, t(f"registry.status.{s}", lang)) for s in TASK_STATUSES if s != task["status"]]}


@router.get("/tasks")
def tasks_page(request: Request, session: Session, overdue: Filter = None) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "tasks")
    lang = request_lang(request)
    late = _given(overdue) not in (None, "0")
    with server(request).reading(who.name) as ws:
        rows = _task_rows(ws, who, late, lang)
        as_of = ws.tasks.today().isoformat()
    return page(request, "tasks.html.j2", who=who, csrf=csrf, title_key="web.nav.tasks",
                rows=rows, overdue=late, as_of=as_of, message=None, problem=None,
                escalate=who.may(Action.WRITE, "tasks") and not who.scoped)


@router.post("/tasks/escalate")
def escalate(request: Request, session: Session) -> HTMLResponse:
    """Raise overdue tasks by the escalation rules: city-wide, so for unscoped writers only (as the API)."""
    who, csrf = session
    allowed(who, Action.WRITE, "tasks")
    if who.scoped:
        raise Forbidden.said("api.registry.escalate_city")
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        raised = records(ws.tasks.escalate())
    ids = ("、" if lang == "zh" else ", ").join(str(r["id"]) for r in raised)
    said = (t("web.registry.tasks.escalated", lang, n=len(raised), ids=ids) if raised
            else t("web.registry.tasks.none_to_escalate", lang))
    return page(request, "_said.html.j2", who=who, csrf=csrf, title_key="web.nav.tasks", message=said)


@router.post("/tasks/{task_id}/status")
def task_status(task_id: RecordId, request: Request, session: Session,
                to: Annotated[str, Form(max_length=20)], version: Annotated[int, Form(ge=1)],
                note: Annotated[str, Form(max_length=2000)] = "",
                overdue: Annotated[str, Form(max_length=1)] = "") -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.WRITE, "tasks")
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        writable(who, "tasks", ws.tasks, task_id)

        def write() -> str:
            if to not in TASK_STATUSES:
                raise InputError.said("web.registry.bad_status", status=to)
            ws.tasks.set_status(task_id, to, version=version, note=note or None)  # type: ignore[arg-type]
            return t("web.registry.status_set", lang, status=t(f"registry.status.{to}", lang))

        message, problem = _attempt(ws.tasks, task_id, version, lang, write)
        task = one(ws.tasks.get(task_id))
        late = {str(r["id"]): r for r in records(ws.tasks.overdue(None, who))}.get(task_id)
        row = _task_row(ws, who, task, late, lang)
    return page(request, "_task_row.html.j2", who=who, csrf=csrf, title_key="web.nav.tasks", r=row,
                overdue=bool(overdue), message=message, problem=problem)


# --- parks and policies ---------------------------------------------------------------------
PARK_EDITS = ("area_mu", "capacity_mu", "occupied_mu")
POLICY_EDITS = ("instruments", "expires")


def _park_card(ws: Workspace, who: Principal, p: dict[str, Any], chains: dict[str, str],
               regions: dict[str, str], lang: str) -> dict[str, Any]:
    """A park as a card: names and places in ``lang``, occupancy where known, whether the user may
    edit its land figures."""
    share = ws.parks.occupancy(str(p["id"]))
    code = p.get("district_code")
    return {**p, "name": p.get(f"name_{lang}") or p["name_zh"],
            "name_lang": "en" if lang == "en" and p.get("name_en") else "zh",
            "district_name": regions.get(str(code)) if code else None,
            "chains": _chains(p.get("chain_ids"), chains, lang),
            "occupancy": None if share is None else f"{100 * share:.1f}%",
            "can_write": in_scope(who, Action.WRITE, "parks", ws.parks.scope(str(p["id"]))),
            "edits": [(f, t(f"web.registry.parks.{f}", lang), _shown(p.get(f))) for f in PARK_EDITS]}


@router.get("/parks")
def parks_page(request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "parks")
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        chains, regions = _names(ws, "chains", lang), _names(ws, "regions", lang)
        cards = [_park_card(ws, who, p, chains, regions, lang) for p in records(ws.parks.seen_by(who))]
    cards.sort(key=lambda c: (c["district_name"] is None, c["district_name"] or "", c["name"]))
    return page(request, "parks.html.j2", who=who, csrf=csrf, title_key="web.nav.parks", cards=cards,
                message=None, problem=None)


def _shown(value: object) -> str:
    """A field's value as a form shows it (and as the Workspace reads it back): a list ``;``-joined."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return ";".join(map(str, value)) if isinstance(value, list) else str(value)


async def _edits(request: Request, fields: tuple[str, ...], current: dict[str, Any]) -> tuple[list[str], int]:
    """The fields a form changed, as the ``field=value`` texts the Workspace reads (ticked boxes of
    one name joined as a list), and the version the form was read at."""
    form = await request.form()
    given = {f: ";".join(str(v).strip() for v in form.getlist(f))[:2000] for f in fields}
    changed = [f"{f}={v}" for f, v in given.items() if v != _shown(current[f])]
    return changed, int(str(form.get("version", "0")) or 0)


def _nothing() -> str:
    raise InputError.said("web.registry.nothing_changed")


@router.post("/parks/{park_id}/edit")
async def edit_park(park_id: RecordId, request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.WRITE, "parks")
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        writable(who, "parks", ws.parks, park_id)
        changed, version = await _edits(request, PARK_EDITS, one(ws.parks.get(park_id)))

        def write() -> str:
            ws.parks.edit(park_id, changed, version=version) if changed else _nothing()
            return t("web.registry.saved", lang)

        message, problem = _attempt(ws.parks, park_id, version, lang, write)
        card = _park_card(ws, who, one(ws.parks.get(park_id)), _names(ws, "chains", lang),
                          _names(ws, "regions", lang), lang)
    return page(request, "_park_card.html.j2", who=who, csrf=csrf, title_key="web.nav.parks", c=card,
                message=message, problem=problem)


@router.get("/policies")
def policies_page(request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.READ, "policies")
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        coverage = records(ws.policies.coverage())
        chains = _names(ws, "chains", lang)
        listed = [_policy_row(who, p, chains, lang) for p in records(ws.policies.seen_by(who))]
    rows = [{"name": chains.get(str(r["chain_id"]), r["name_zh"]), "cells": [r[i] for i in INSTRUMENTS],
             "policies": r["policies"], "uncoded": r["uncoded"], "uncovered": r["uncovered"]}
            for r in coverage]
    rows.sort(key=lambda r: (r["uncovered"] is not True, r["uncovered"] is not None, r["name"]))
    summary = t("registry.msg.coverage_summary", lang, chains=len(rows),
                uncovered=sum(r["uncovered"] is True for r in rows),
                unknown=sum(r["uncovered"] is None for r in rows))
    return page(request, "policies.html.j2", who=who, csrf=csrf, title_key="web.nav.policies", rows=rows,
                instruments=[t(f"registry.instrument.{i}", lang) for i in INSTRUMENTS], summary=summary,
                as_of=dt.date.today().isoformat(), policies=listed, message=None, problem=None)


def _policy_row(who: Principal, p: dict[str, Any], chains: dict[str, str], lang: str) -> dict[str, Any]:
    """A policy as a table row: its chains named, its instruments in words (unknown where none is
    coded), whether the user may code them."""
    coded = [i for i in map(normalise_instrument, p.get("instruments") or []) if i]
    return {**p, "chains": _chains(p.get("chain_ids"), chains, lang),
            "tools": [t(f"registry.instrument.{i}", lang) for i in coded], "coded": coded,
            "can_write": who.may(Action.WRITE, "policies"),
            "choices": [(i, t(f"registry.instrument.{i}", lang)) for i in INSTRUMENTS]}


@router.post("/policies/{policy_id}/edit")
async def edit_policy(policy_id: RecordId, request: Request, session: Session) -> HTMLResponse:
    who, csrf = session
    allowed(who, Action.WRITE, "policies")
    lang = request_lang(request)
    with server(request).writing(who.name) as ws:
        scope_of(ws.policies, policy_id)
        current = one(ws.policies.get(policy_id))
        changed, version = await _edits(request, POLICY_EDITS, current)

        def write() -> str:
            ws.policies.edit(policy_id, changed, version=version) if changed else _nothing()
            return t("web.registry.saved", lang)

        message, problem = _attempt(ws.policies, policy_id, version, lang, write)
        row = _policy_row(who, one(ws.policies.get(policy_id)), _names(ws, "chains", lang), lang)
    return page(request, "_policy_row.html.j2", who=who, csrf=csrf, title_key="web.nav.policies", r=row,
                message=message, problem=problem)
