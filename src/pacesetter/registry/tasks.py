"""Tasks and supervision (督办): 找位置 → 领任务 → 打项目 (find the gap → take the task → land the project).

A task says what must be done (fill a segment of a chain, lift an indicator),
who owns it, by when, and where it stands. It links to the gap (chain and
segment) and the indicator it serves and to the projects it produced. Overdue
tasks escalate by the rules in ``rules/escalation.yaml``. Every change goes
through the audited :class:`Repository`, so a task's history is its audit trail.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from pacesetter.errors import Bilingual, ConflictError, InputError, Said
from pacesetter.i18n import t as message
from pacesetter.registry import audit
from pacesetter.registry.config import load_rules, shipped_rules
from pacesetter.registry.lifecycle import as_date
from pacesetter.registry.repository import Repository
from pacesetter.store import lookups, scenario_queries, task_queries

TaskKind = Literal["fill_segment", "lift_indicator", "other"]
OwnerKind = Literal["chain_chief", "deputy", "task_force", "district"]
TaskStatus = Literal["open", "in_progress", "done", "cancelled"]
TASK_KINDS: tuple[TaskKind, ...] = ("fill_segment", "lift_indicator", "other")
OWNER_KIND_ZH = {"chain_chief": "链长", "deputy": "副链长", "task_force": "专班", "district": "区市"}
CLOSED = ("done", "cancelled")
_NEXT_STATUS: dict[str, tuple[str, ...]] = {
    "open": ("in_progress", "done", "cancelled"),
    "in_progress": ("done", "cancelled"),
    "done": ("in_progress",),  # reopen
    "cancelled": ("open",),
}


class EscalationLevel(BaseModel):
    """One level: reached when a task is at least ``days`` overdue."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(ge=1)
    days: int = Field(ge=0)
    name_zh: str
    name_en: str


class EscalationRules(BaseModel):
    """The levels of ``escalation.yaml``, increasing in level and days."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    levels: list[EscalationLevel]

    @model_validator(mode="after")
    def _increasing(self) -> EscalationRules:
        for a, b in itertools.pairwise(self.levels):
            if b.level <= a.level or b.days < a.days:
                raise ValueError("levels must increase, and their days must not decrease")
        return self


def load_escalation_rules(path: Path | None = None) -> EscalationRules:
    """The shipped escalation rules, or a user's copy at ``path``."""
    return load_rules(path or shipped_rules("escalation.yaml"), EscalationRules)


def compute_escalation(tasks: pd.DataFrame, rules: EscalationRules, as_of: dt.date) -> pd.DataFrame:
    """Open tasks past due and the escalation level each has reached.

    Columns: id, title, owner, due, days_overdue (days), level (0 = none yet),
    level_zh, level_en, recorded (the level stored on the task), synthetic (a task of the
    demo's synthetic scenario).
    """
    rows = []
    for t in tasks.to_dict("records"):
        due = as_date(t["due"])
        if t["status"] in CLOSED or due is None or due >= as_of:
            continue
        late = (as_of - due).days
        reached = [lv for lv in rules.levels if late >= lv.days]
        top = reached[-1] if reached else None
        rows.append({
            "id": t["id"], "title": t["title"], "owner": t["owner"], "due": due, "days_overdue": late,
            "level": top.level if top else 0, "level_zh": top.name_zh if top else "",
            "level_en": top.name_en if top else "", "recorded": int(t["escalation"]),
            "synthetic": bool(t.get("synthetic", False)),
        })
    cols = ["id", "title", "owner", "due", "days_overdue", "level", "level_zh", "level_en", "recorded",
            "synthetic"]
    df = pd.DataFrame(rows, columns=cols)
    return df.sort_values(["days_overdue", "id"], ascending=[False, True]).reset_index(drop=True)


def add_task(
    repo: Repository,
    *,
    title: str,
    owner: str,
    owner_kind: OwnerKind,
    due: dt.date,
    today: dt.date,
    kind: TaskKind = "other",
    chain_id: str | None = None,
    segment_id: str | None = None,
    indicator_id: str | None = None,
    note: str | None = None,
    synthetic: bool = False,
) -> dict[str, object]:
    """Create an open task (id ``T-0001``, ...); a gap task names its chain, an indicator task its indicator.

    ``synthetic`` marks a task of a synthetic scenario (the demo's), shown as such everywhere.
    """
    problems: list[Said] = []
    if not title.strip() or not owner.strip():
        problems.append(Said("registry_errors.task_title_owner"))
    if owner_kind not in OWNER_KIND_ZH:
        problems.append(Said("registry_errors.owner_kind", kind=owner_kind, kinds=tuple(OWNER_KIND_ZH)))
    if kind not in TASK_KINDS:
        problems.append(Said("registry_errors.task_kind", kind=kind, kinds=TASK_KINDS))
    if kind == "fill_segment" and not chain_id:
        problems.append(Said("registry_errors.fill_segment"))
    if kind == "lift_indicator" and not indicator_id:
        problems.append(Said("registry_errors.lift_indicator"))
    if segment_id and not chain_id:
        problems.append(Said("registry_errors.segment_chain"))
    problems += _unknown_refs(repo, chain_id, segment_id, indicator_id)
    if problems:
        raise InputError.said("registry_errors.problems", problems=problems)
    return repo.create("tasks", {
        "id": repo.next_id("tasks", "T-", 4), "title": title.strip(), "kind": kind, "chain_id": chain_id,
        "segment_id": segment_id, "indicator_id": indicator_id, "owner": owner.strip(),
        "owner_kind": owner_kind, "due": due, "status": "open", "escalation": 0,
        "note": note, "created": today, "synthetic": synthetic,
    }, note=note)


def _unknown_refs(
    repo: Repository, chain_id: str | None, segment_id: str | None, indicator_id: str | None
) -> list[Said]:
    """Chain, segment (of that chain) and indicator ids the store does not know."""
    con, out = repo.con, []
    if chain_id and not lookups.chain_exists(con, chain_id):
        out.append(Said("registry_errors.unknown_chain", chain=chain_id))
    # a segment without its chain is said by the caller's own rule, not as "unknown segment of chain None"
    if segment_id and chain_id and not lookups.segment_exists(con, segment_id, chain_id):
        out.append(Said("registry_errors.unknown_segment", chain=chain_id, segment=segment_id))
    if indicator_id and not lookups.indicator_exists(con, indicator_id):
        out.append(Said("analysis.errors.unknown_indicator", indicator=indicator_id))
    return out


def set_status(
    repo: Repository, task_id: str, status: TaskStatus, *, expected_version: int, note: str | None = None
) -> dict[str, object]:
    """Move a task to ``status`` (open → in_progress → done; cancel; reopen)."""
    if status not in _NEXT_STATUS:
        raise InputError.said("registry_errors.unknown_status", status=status,
                              known=_status_choices(_NEXT_STATUS))
    with repo.atomic():
        task = repo.get("tasks", task_id)
        if status not in _NEXT_STATUS.get(str(task["status"]), ()):
            raise InputError.said("registry_errors.status_move", task=task_id,
                                  status=Said(f"registry.status.{task['status']}"),
                                  next=_status_choices(_NEXT_STATUS[str(task["status"])]))
        return repo.update("tasks", task_id, {"status": status}, expected_version=expected_version,
                           action="status", note=note)


def _status_choices(codes: Iterable[str]) -> tuple[Bilingual, ...]:
    """Statuses as a reader types them, named in their language: 推进中 (in_progress) / in_progress."""
    return tuple(Bilingual(f"{message(f'registry.status.{c}', 'zh')}（{c}）", c) for c in codes)


def link_project(repo: Repository, task_id: str, project_id: str, *, note: str | None = None,
                 synthetic: bool = False) -> None:
    """Record that ``project_id`` (an id or alias) came out of ``task_id`` (audited)."""
    with repo.atomic():
        repo.get("tasks", task_id)
        project_id = str(repo.get("projects", project_id)["id"])
        if task_queries.link_exists(repo.con, task_id, project_id):
            raise ConflictError.said("registry_errors.linked", task=task_id, project=project_id)
        task_queries.insert_link(repo.con, task_id, project_id, synthetic=synthetic)
        repo.log("task_projects", task_id, "link", before=None, after={"project_id": project_id}, note=note)


def unlink_project(repo: Repository, task_id: str, project_id: str, *, note: str | None = None) -> None:
    """Remove a task → project link (audited, so it can be re-created from the log)."""
    project_id = scenario_queries.resolve_project(repo.con, project_id) or project_id
    with repo.atomic():
        if not task_queries.delete_link(repo.con, task_id, project_id):
            raise InputError.said("registry_errors.not_linked", task=task_id, project=project_id)
        repo.log("task_projects", task_id, "unlink", before={"project_id": project_id}, after=None, note=note)


def escalate(repo: Repository, rules: EscalationRules, as_of: dt.date) -> pd.DataFrame:
    """Raise the stored escalation level of every overdue task that reached a higher one.

    Returns the rows of :func:`compute_escalation` that were raised (audited as ``escalate``).
    """
    due = compute_escalation(repo.frame("tasks"), rules, as_of)
    raised = due[due["level"] > due["recorded"]]
    with repo.atomic():
        for row in raised.to_dict("records"):
            task = repo.get("tasks", str(row["id"]))
            repo.update("tasks", str(row["id"]), {"escalation": int(row["level"])},
                        expected_version=int(str(task["version"])), action="escalate",
                        note=f"{row['days_overdue']} days overdue: {row['level_zh']} {row['level_en']}")
    return raised.reset_index(drop=True)


def task_history(repo: Repository, task_id: str) -> pd.DataFrame:
    """Every change of a task and its links, oldest first (columns of :func:`audit.history`)."""
    changes = audit.history(repo.con, table="tasks", record_id=task_id)
    links = audit.history(repo.con, table="task_projects", record_id=task_id)
    return pd.concat([changes, links]).sort_values("id").reset_index(drop=True)
