"""The registry's writes: projects and their lifecycle, tasks and their supervision (督办), parks and
policies, each audited under the signed-in user's name.

Every write runs on the server's one writer (:meth:`ServerState.writing`) and checks the record
first: outside the user's sight it answers 404, in sight but outside their remit 403; a write
that would move a record out of their remit (a district officer moving a project to another
district) is refused the same way. Edits carry the ``version`` the client read: a record that
has moved on since answers 409 and nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from pacesetter.api.auth import needs, reach, server
from pacesetter.api.errors import Forbidden, request_lang
from pacesetter.api.frames import one, records
from pacesetter.api.routes.registry import ParkId, PolicyId, ProjectId, TaskId, labelled, scope_of
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.access import Action, Principal, RecordScope, in_scope
from pacesetter.registry.fields import PARK_FIELDS, POLICY_FIELDS
from pacesetter.registry.lifecycle import stage_label
from pacesetter.registry.tasks import OwnerKind, TaskKind, TaskStatus
from pacesetter.workspace import Workspace
from pacesetter.workspace.registry import _Records

router = APIRouter(prefix="/api/v1", tags=["registry writes"])
ProjectWriter = Annotated[Principal, needs(Action.WRITE, "projects")]
TaskWriter = Annotated[Principal, needs(Action.WRITE, "tasks")]
ParkWriter = Annotated[Principal, needs(Action.WRITE, "parks")]
PolicyWriter = Annotated[Principal, needs(Action.WRITE, "policies")]
Text = Annotated[str | None, Field(max_length=2000)]


class NewProject(BaseModel):
    """A project to register, as `pacesetter projects add` takes it."""

    name: str = Field(min_length=1, max_length=500, description="the project's name (Chinese as published)")
    stage: str = Field("negotiating", description="stage reached, zh or en (洽谈, signed, started, ...)")
    date: dt.date | None = Field(None, description="the date the stage was reached")
    investor: Text = Field(None, description="the investor")
    chain: Text = Field(None, description="chain id")
    district: Text = Field(None, description="district as published (its code is derived)")
    park: Text = Field(None, description="park id")
    investment: str | float | None = Field(None, description="investment: 16 (亿元), 16亿元, 7400万元")
    source: Text = Field(None, description="where the project is published")


class Edit(BaseModel):
    """Fields to change, as `--set field=value` takes them, and the version the client read."""

    set: dict[str, str | int | float] = Field(min_length=1, description="field → value (investment_yi: 12)")
    version: int = Field(ge=1, description="the record's version when it was read (a newer one answers 409)")
    note: Text = Field(None, description="why (kept in the audit log)")


class Advance(BaseModel):
    """A lifecycle transition (洽谈 → 签约 → 开工 → 投产 → 达产, or 终止)."""

    to: str = Field(min_length=1, max_length=50, description="the next stage, zh or en, or terminated")
    date: dt.date = Field(description="the date it was reached")
    version: int | None = Field(None, ge=1, description="the project's version when it was read (a "
                                "stale one is refused with 409); omit to move the current one")
    note: Text = Field(None, description="why (kept in the audit log)")


class NewTask(BaseModel):
    """A task (领任务), as `pacesetter tasks add` takes it."""

    title: str = Field(min_length=1, max_length=500, description="what is to be done")
    owner: str = Field(min_length=1, max_length=200, description="who is responsible")
    owner_kind: OwnerKind = Field("task_force", description="chain_chief, deputy, task_force or district")
    due: dt.date = Field(description="due date")
    kind: TaskKind = Field("other", description="fill_segment, lift_indicator or other")
    chain: Text = Field(None, description="chain id of the gap")
    segment: Text = Field(None, description="segment id of the gap")
    indicator: Text = Field(None, description="indicator id the task lifts")
    projects: list[str] = Field(default_factory=list, max_length=100, description="projects it produced")


class StatusChange(BaseModel):
    """A task's new status, with a supervision note."""

    to: TaskStatus = Field(description="open, in_progress, done or cancelled")
    version: int = Field(ge=1, description="the task's version when it was read")
    note: Text = Field(None, description="supervision note (kept in the audit log)")


class Link(BaseModel):
    """A project that came out of a task."""

    project: str = Field(min_length=1, max_length=100, description="project id or alias")


class Escalation(BaseModel):
    """Raise overdue tasks by the escalation rules."""

    as_of: dt.date | None = Field(None, description="judge as of this date (default: the store's scenario "
                                                    "date, else today)")


def project_fields() -> tuple[str, ...]:
    """The fields of a project a PATCH may set (not its id, version or stage: a stage is advanced)."""
    from pacesetter.registry.excel import COLUMNS

    return tuple(c.field for c in COLUMNS if c.field not in ("id", "stage", "version"))


def assignments(edit: Edit, fields: Iterable[str]) -> list[str]:
    """The edit as the `field=value` texts the Workspace reads (one parser for every face); a field
    not among ``fields`` is refused here, in the API's words (the Workspace's speak of `field=value`)."""
    known = tuple(fields)
    unknown = tuple(f"'{f}'" for f in edit.set if f not in known)
    if unknown:
        raise InputError.said("api.errors.unknown_fields", unknown=unknown, fields=known)
    return [f"{field}={value}" for field, value in edit.set.items()]


def keeps_remit(who: Principal, resource: str, scope: RecordScope) -> None:
    """403 unless ``who`` may still write the record with the scope a write would give it."""
    if not in_scope(who, Action.WRITE, resource, scope):
        raise Forbidden.said("api.registry.outside_remit")


def project_out(p: dict[str, object], lang: str) -> dict[str, Any]:
    """A project as written, with its stage label."""
    return {**one(p), "stage_label": stage_label(str(p["stage"]), lang)}


def task_out(task: dict[str, object], lang: str) -> dict[str, Any]:
    """A task as written, with its status label."""
    return {**one(task), "status_label": t(f"registry.status.{task['status']}", lang)}


def writable(who: Principal, resource: str, group: _Records, record_id: str) -> None:
    """404 for a record of ``group`` out of sight (or unknown), 403 for one in sight but not the
    user's to change."""
    reach(who, Action.WRITE, resource, record_id, scope_of(group, record_id))


def readable_projects(ws: Workspace, who: Principal, projects: list[str]) -> None:
    """404 for a project to link that the user cannot see."""
    for pid in projects:
        reach(who, Action.READ, "projects", pid, scope_of(ws.projects, pid))


# --- projects ------------------------------------------------------------------------------
@router.post("/projects", status_code=201, summary="Register a project (its id is the next alias, P-0062)")
def add_project(body: NewProject, request: Request, who: ProjectWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        keeps_remit(who, "projects", ws.projects.draft_scope(body.chain, body.district))
        p = ws.projects.add(body.name, stage=body.stage, date=body.date, investor=body.investor,
                            chain=body.chain, district=body.district, park=body.park,
                            investment=body.investment, source=body.source)
    return project_out(p, request_lang(request))


@router.patch("/projects/{project_id}", summary="Edit a project's fields (not its stage: advance it)")
def edit_project(project_id: ProjectId, body: Edit, request: Request, who: ProjectWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)
        if "stage" in body.set:
            raise InputError.said("api.registry.stage_by_patch", record=project_id)
        changes = assignments(body, project_fields())
        current = ws.projects.get(project_id)
        chain = body.set.get("chain_id", current["chain_id"])
        district = body.set.get("district", current["district"])
        keeps_remit(who, "projects", ws.projects.draft_scope(None if chain is None else str(chain),
                                                             None if district is None else str(district)))
        p = ws.projects.edit(project_id, changes, version=body.version, note=body.note)
    return project_out(p, request_lang(request))


@router.post("/projects/{project_id}/advance", summary="Move a project to its next stage (or terminate it)")
def advance_project(project_id: ProjectId, body: Advance, request: Request,
                    who: ProjectWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)
        p = ws.projects.advance(project_id, body.to, body.date, version=body.version, note=body.note)
    return project_out(p, request_lang(request))


@router.delete("/projects/{project_id}", summary="Delete a project (reversible: restore it)")
def delete_project(project_id: ProjectId, request: Request, who: ProjectWriter,
                   version: Annotated[int, Query(ge=1, description="the project's version when it was read")]
                   ) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)
        ws.projects.delete(project_id, version=version)
    return {"deleted": project_id}


@router.post("/projects/{project_id}/restore", summary="Undo the deletion of a project")
def restore_project(project_id: ProjectId, request: Request, who: ProjectWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "projects", ws.projects, project_id)
        ws.projects.restore(project_id)
        p = ws.projects.get(project_id)
    return project_out(p, request_lang(request))


# --- tasks (督办) ---------------------------------------------------------------------------
@router.post("/tasks", status_code=201, summary="Create a task and link the projects it produced")
def add_task(body: NewTask, request: Request, who: TaskWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        readable_projects(ws, who, body.projects)
        keeps_remit(who, "tasks", ws.tasks.draft_scope(body.chain, tuple(body.projects)))
        task = ws.tasks.add(body.title, owner=body.owner, due=body.due, owner_kind=body.owner_kind,
                            kind=body.kind, chain=body.chain, segment=body.segment,
                            indicator=body.indicator, projects=tuple(body.projects))
    return task_out(task, request_lang(request))


@router.post("/tasks/{task_id}/status", summary="Change a task's status, with a supervision note")
def task_status(task_id: TaskId, body: StatusChange, request: Request, who: TaskWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "tasks", ws.tasks, task_id)
        task = ws.tasks.set_status(task_id, body.to, version=body.version, note=body.note)
    return task_out(task, request_lang(request))


@router.post("/tasks/{task_id}/links", status_code=201, summary="Record that a project came out of a task")
def link(task_id: TaskId, body: Link, request: Request, who: TaskWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "tasks", ws.tasks, task_id)
        readable_projects(ws, who, [body.project])
        ws.tasks.link(task_id, body.project)
        linked = records(labelled(ws.tasks.projects(task_id, who), request_lang(request)))
    return {"task": task_id, "projects": linked}


@router.delete("/tasks/{task_id}/links/{project_id}", summary="Remove a task → project link (audited)")
def unlink(task_id: TaskId, project_id: ProjectId, request: Request, who: TaskWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "tasks", ws.tasks, task_id)
        readable_projects(ws, who, [project_id])
        ws.tasks.unlink(task_id, project_id)
    return {"task": task_id, "unlinked": project_id}


@router.post("/tasks/escalate", summary="Raise overdue tasks by the escalation rules (unscoped writers)")
def escalate(body: Escalation, request: Request, who: TaskWriter) -> dict[str, Any]:
    if who.scoped:  # the rules raise every overdue task of the city, not only those of one remit
        raise Forbidden.said("api.registry.escalate_city")
    with server(request).writing(who.name) as ws:
        raised = ws.tasks.escalate(body.as_of)
    return {"items": records(raised)}


# --- parks and policies --------------------------------------------------------------------
@router.patch("/parks/{park_id}", summary="Edit a park (e.g. capacity_mu, occupied_mu)")
def edit_park(park_id: ParkId, body: Edit, request: Request,
              who: ParkWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        writable(who, "parks", ws.parks, park_id)
        changes = assignments(body, PARK_FIELDS)
        district = body.set.get("district", ws.parks.get(park_id)["district"])
        # a park's district code follows its text by the same rule as a project's
        keeps_remit(who, "parks", ws.projects.draft_scope(None, None if district is None else str(district)))
        return one(ws.parks.edit(park_id, changes, version=body.version))


@router.patch("/policies/{policy_id}", summary="Edit a policy (e.g. instruments, expires)")
def edit_policy(policy_id: PolicyId, body: Edit, request: Request,
                who: PolicyWriter) -> dict[str, Any]:
    with server(request).writing(who.name) as ws:
        scope_of(ws.policies, policy_id)
        return one(ws.policies.edit(policy_id, assignments(body, POLICY_FIELDS), version=body.version))
