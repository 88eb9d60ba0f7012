"""The registry read: enterprises, projects (lights, funnel, roll-ups), parks, policies, tasks,
the trace and the audit log.

A scoped user (a district officer) sees only the records of their scope in every list and
aggregate, and a record outside it answers 404 (:func:`pacesetter.api.auth.reach`); lists are
cached per data version and per scope. Codes (stage, light, status) stay as they are, each beside
its label in the request's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from pacesetter.api.auth import needs, reach, server
from pacesetter.api.errors import request_lang
from pacesetter.api.frames import Page, cached_json, one, page_params, paged, records
from pacesetter.errors import InputError, NotFoundError
from pacesetter.i18n import t
from pacesetter.model.access import Action, Principal, RecordScope
from pacesetter.registry.lifecycle import stage_label

if TYPE_CHECKING:
    import pandas as pd

    from pacesetter.workspace import Workspace
    from pacesetter.workspace.registry import _Records

router = APIRouter(prefix="/api/v1", tags=["registry"])
Paging = Annotated[Page, Depends(page_params)]
ProjectReader = Annotated[Principal, needs(Action.READ, "projects")]
TaskReader = Annotated[Principal, needs(Action.READ, "tasks")]
ParkReader = Annotated[Principal, needs(Action.READ, "parks")]
PolicyReader = Annotated[Principal, needs(Action.READ, "policies")]
EnterpriseReader = Annotated[Principal, needs(Action.READ, "enterprises")]
AuditReader = Annotated[Principal, needs(Action.READ, "audit")]
ProjectId = Annotated[str, Path(description="project id or alias (P-0007)")]
TaskId = Annotated[str, Path(description="task id (T-0001)")]
ParkId = Annotated[str, Path(description="park id")]
PolicyId = Annotated[str, Path(description="policy id")]
AsOf = Annotated[dt.date | None, Query(description="the date to judge by (default: the store's "
                                                    "scenario date, else today)")]


def sight(who: Principal) -> str:
    """The part of a cache key that a list narrowed to the user's scope depends on."""
    return f"{who.role.value}|{','.join(sorted(who.chains))}|{','.join(sorted(who.districts))}"


def labelled(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Stage, light and status codes kept, each with its label in ``lang`` beside it; an escalation
    level's and a district's name in ``lang`` only."""
    other = "en" if lang == "zh" else "zh"
    dropped = ("light_zh", "stage_zh", "stage_en", f"level_{other}", f"district_{other}")
    out = df.drop(columns=[c for c in dropped if c in df])
    out = out.rename(columns={f"level_{lang}": "level_label", f"district_{lang}": "district_name"})
    if "stage" in out:
        out["stage_label"] = out["stage"].map(lambda s: stage_label(str(s), lang))
    if "light" in out:
        out["light_label"] = out["light"].map(
            lambda c: t(f"registry.light.{c if isinstance(c, str) else 'none'}", lang))
    if "status" in out:
        out["status_label"] = out["status"].map(lambda s: t(f"registry.status.{s}", lang))
    return out


def scope_of(group: _Records, record_id: str) -> RecordScope:
    """The scope of a record of ``group``; an unknown id answers as one outside the user's scope
    does (the same 404, so that the answer reveals nothing)."""
    try:
        return group.scope(record_id)
    except NotFoundError:
        raise NotFoundError.said("api.errors.no_record", record=record_id) from None


def project_record(ws: Workspace, who: Principal, project_id: str, lang: str) -> dict[str, Any]:
    """One project the user may read, with its stage label (404 outside their scope)."""
    reach(who, Action.READ, "projects", project_id, scope_of(ws.projects, project_id))
    found = ws.projects.get(project_id)
    return {**one(found), "stage_label": stage_label(str(found["stage"]), lang)}


TRACE_KINDS = ("project", "gap", "indicator", "target")


def bad_choice(param: str, value: str, allowed: tuple[str, ...]) -> InputError:
    """The error of a parameter given a value not among ``allowed``: the parameter, the value, the
    values it takes."""
    return InputError.said("api.errors.bad_choice", param=param, value=value, allowed=allowed)


def trace_kind(kind: str) -> str:
    """``kind`` if the trace follows it, else a clear error listing the kinds."""
    if kind not in TRACE_KINDS:
        raise bad_choice("kind", kind, TRACE_KINDS)
    return kind


def check_project_filters(ws: Workspace, *, chain: str | None, district: str | None,
                          park: str | None) -> None:
    """Refuse a projects filter that names nothing (a chain, district or park not known) instead of
    answering an empty or unfiltered list as if it had been applied."""
    live = ws.projects.frame() if chain or district else None
    if chain and live is not None:
        ids = tuple(sorted(map(str, ws.table("chains")["id"])))
        # a chain of the taxonomy, or a chain field as the list publishes it (a marker such as (服务业))
        published = {c for field in live["chain_id"].dropna() for c in str(field).split(";") if c}
        if chain not in {*ids, *published}:
            raise bad_choice("chain", chain, ids)
    if district and live is not None:
        codes = set(map(str, ws.table("regions")["code"]))
        texts = [str(d) for d in live["district"].dropna()]
        if district not in codes and not any(district in d for d in texts):
            used = tuple(sorted({str(c) for c in live["district_code"].dropna()}))
            raise InputError.said("api.errors.bad_district", value=district, codes=used)
    if park and park not in set(map(str, ws.parks.list()["id"])):
        raise InputError.said("api.errors.bad_park", value=park)


# --- projects ------------------------------------------------------------------------------
@router.get("/projects", summary="Projects, filtered like `pacesetter projects list` (in the user's scope)")
def projects(request: Request, who: ProjectReader, paging: Paging,
             chain: Annotated[str | None, Query(description="chain id")] = None,
             stage: Annotated[str | None, Query(description="stage, zh or en (签约, signed)")] = None,
             district: Annotated[str | None, Query(description="district code or part of its name")] = None,
             park: Annotated[str | None, Query(description="park id")] = None) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            check_project_filters(ws, chain=chain, district=district, park=park)
            found = ws.projects.list(chain=chain, stage=stage, district=district, park=park)
            df = ws.projects.seen_by(who, found)
        return paged(labelled(df, lang), paging)

    return cached_json(request, state, compute, sight(who))


@router.get("/projects/lights", summary="Traffic lights (红黄绿灯) of live projects, with their reasons")
def lights(request: Request, who: ProjectReader, paging: Paging, as_of: AsOf = None,
           only: Annotated[Literal["red", "yellow", "green"] | None, Query(description="only this light")]
           = None) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            df = ws.projects.lights(as_of, only=only, lang=lang, who=who)
        return paged(labelled(df, lang), paging)

    return cached_json(request, state, compute, sight(who))


@router.get("/projects/funnel", summary="The pipeline funnel: projects per stage, conversion, median days")
def funnel(request: Request, who: ProjectReader) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            return {"items": records(labelled(ws.projects.funnel(who), lang))}

    return cached_json(request, state, compute, sight(who))


@router.get("/projects/rollup", summary="Projects and investment (亿元) by chain, district, park or stage")
def rollup(request: Request, who: ProjectReader,
           by: Annotated[Literal["chain", "district", "park", "stage"], Query(description="roll up by")]
           = "chain") -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            return {"by": by, "items": records(labelled(ws.projects.rollup(by, who), lang))}

    return cached_json(request, state, compute, sight(who))


@router.get("/projects/{project_id}", summary="One project (by id or alias), planned and actual dates")
def project(project_id: ProjectId, request: Request, who: ProjectReader) -> dict[str, Any]:
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        found = project_record(ws, who, project_id, lang)
        return {**found, "timeline": records(ws.projects.timeline(project_id, lang))}


# --- enterprises, parks, policies ----------------------------------------------------------
def listing(request: Request, who: Principal, paging: Page,
            group: Callable[[Workspace], _Records]) -> Response:
    """One page of the live records of a registry group that the user may read."""
    state = server(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            return paged(group(ws).seen_by(who), paging)

    return cached_json(request, state, compute, sight(who))


@router.get("/enterprises", summary="Enterprises of the registry")
def enterprises(request: Request, who: EnterpriseReader, paging: Paging) -> Response:
    return listing(request, who, paging, lambda ws: ws.enterprises)


@router.get("/enterprises/{enterprise_id}", summary="One enterprise")
def enterprise(enterprise_id: Annotated[str, Path(description="enterprise id")], request: Request,
               who: EnterpriseReader) -> dict[str, Any]:
    with server(request).reading(who.name) as ws:
        return one(ws.enterprises.get(enterprise_id))


@router.get("/parks", summary="Parks (in the user's scope)")
def parks(request: Request, who: ParkReader, paging: Paging) -> Response:
    return listing(request, who, paging, lambda ws: ws.parks)


@router.get("/parks/{park_id}", summary="One park: occupancy where known, its projects and policies")
def park(park_id: ParkId, request: Request, who: ParkReader) -> dict[str, Any]:
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        reach(who, Action.READ, "parks", park_id, scope_of(ws.parks, park_id))
        return {**one(ws.parks.get(park_id)), "occupancy": ws.parks.occupancy(park_id),
                "projects": records(labelled(ws.projects.seen_by(who, ws.parks.projects(park_id)), lang)),
                "policies": records(ws.parks.policies(park_id))}


@router.get("/policies", summary="Policies and funds")
def policies(request: Request, who: PolicyReader, paging: Paging) -> Response:
    return listing(request, who, paging, lambda ws: ws.policies)


@router.get("/policies/coverage", summary="Chains × policy instruments in force; chains none reaches")
def coverage(request: Request, who: PolicyReader,
             as_of: Annotated[dt.date | None, Query(description="policies in force on this date (default "
                                                                "today)")] = None) -> Response:
    state = server(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            return {"items": records(ws.policies.coverage(as_of))}

    return cached_json(request, state, compute)


@router.get("/policies/{policy_id}", summary="One policy or fund")
def policy(policy_id: PolicyId, request: Request, who: PolicyReader) -> dict[str, Any]:
    with server(request).reading(who.name) as ws:
        return one(ws.policies.get(policy_id))


# --- tasks, trace, audit -------------------------------------------------------------------
@router.get("/tasks", summary="Tasks and their supervision (in the user's scope), or the overdue ones")
def tasks(request: Request, who: TaskReader, paging: Paging,
          overdue: Annotated[bool, Query(description="only open tasks past due, with their escalation "
                                                     "level")] = False,
          as_of: AsOf = None) -> Response:
    state, lang = server(request), request_lang(request)

    def compute() -> dict[str, Any]:
        with state.reading(who.name) as ws:
            df = ws.tasks.overdue(as_of, who) if overdue else ws.tasks.seen_by(who)
        return paged(labelled(df, lang), paging)

    return cached_json(request, state, compute, sight(who))


@router.get("/tasks/{task_id}", summary="One task with the projects it produced")
def task(task_id: TaskId, request: Request, who: TaskReader) -> dict[str, Any]:
    lang = request_lang(request)
    with server(request).reading(who.name) as ws:
        reach(who, Action.READ, "tasks", task_id, scope_of(ws.tasks, task_id))
        found = ws.tasks.get(task_id)
        return {**one(found), "status_label": t(f"registry.status.{found['status']}", lang),
                "projects": records(labelled(ws.tasks.projects(task_id, who), lang))}


@router.get("/trace/{kind}/{key}", summary="Follow project → task → gap → indicator, or back; or "
                                            "a promotion target → its tasks → their projects")
def trace(kind: Annotated[str, Path(description="what to trace from: project, gap, indicator or target",
                               json_schema_extra={"enum": list(TRACE_KINDS)})],
          key: Annotated[str, Path(description="a project id or alias, a chain id, an indicator id, or "
                                               "a target enterprise's id (listed:002241.SZ)")],
          request: Request, who: TaskReader,
          segment: Annotated[str | None, Query(description="a segment of the chain (kind gap)")] = None
          ) -> dict[str, Any]:
    lang = request_lang(request)
    trace_kind(kind)
    with server(request).reading(who.name) as ws:
        if kind == "project":
            reach(who, Action.READ, "projects", key, scope_of(ws.projects, key))
        found = ws.tasks.trace(kind, key, segment, who)
        tasks = cast("list[dict[str, Any]]", found["tasks"])
        # a target's score with its reasons as they stood when assigned, in the request's language
        view = {t["id"]: ws.structure.target_view(t["target"], lang) for t in tasks if t.get("target")}
        target = found.get("target")
        latest = ws.structure.target_view(target, lang) if isinstance(target, dict) else None
    out = {"project": None if found["project"] is None else one(found["project"]),  # type: ignore[arg-type]
           "tasks": [{**one({k: v for k, v in t.items() if k != "target"}),
                      **({"target": view[t["id"]]} if t["id"] in view else {})} for t in tasks]}
    return {**out, "target": latest} if kind == "target" else out


@router.get("/audit", summary="The audit log: who changed what, when, from what to what")
def audit(request: Request, who: AuditReader,
          table: Annotated[str | None, Query(description="only this table (projects, tasks, ...)")] = None,
          record: Annotated[str | None, Query(description="only this record id")] = None,
          actor: Annotated[str | None, Query(description="only changes by this user")] = None,
          last: Annotated[int, Query(ge=1, le=10000, description="the last N changes")] = 50
          ) -> dict[str, Any]:
    with server(request).reading(who.name) as ws:
        return {"items": records(ws.audit(table, record, actor=actor, last=last))}
