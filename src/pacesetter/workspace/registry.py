"""The registry of a workspace: projects, tasks, parks and policies, every change audited.

Writes are recorded as the workspace's actor (``pacesetter.open(path, actor="王科长")``)
unless a call names another; ``version`` is the version the caller read, and a write
is refused if the record has moved on since (optimistic concurrency).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

import pandas as pd

from pacesetter.errors import Bilingual, InputError, NotFoundError, Said
from pacesetter.model.access import Action, Principal, RecordScope, in_scope
from pacesetter.registry import audit
from pacesetter.registry.counting import compute_signings, load_counting_rules
from pacesetter.registry.coverage import compute_coverage
from pacesetter.registry.fields import PARK_FIELDS, POLICY_FIELDS, edit_place, parse_assignments
from pacesetter.registry.lifecycle import (
    STAGES,
    parse_amount,
    parse_stage,
    reached_dates,
    stage_label,
    synthetic_fields,
)
from pacesetter.registry.lights import compute_lights, load_light_rules
from pacesetter.registry.projects import advance_project, filter_projects, save_project
from pacesetter.registry.repository import Repository, with_district_code
from pacesetter.registry.rollups import (
    compute_district_rollup,
    compute_funnel,
    compute_investment_vs_gaps,
    compute_rollup,
)
from pacesetter.registry.tasks import (
    OwnerKind,
    TaskKind,
    TaskStatus,
    add_task,
    compute_escalation,
    escalate,
    link_project,
    load_escalation_rules,
    set_status,
    task_history,
    unlink_project,
)
from pacesetter.store import lookups, queries, scenario_queries, scope_queries, task_queries

if TYPE_CHECKING:  # the Excel layer loads openpyxl: imported by the methods that read or write Excel
    from pacesetter.registry.excel import ImportSummary
    from pacesetter.workspace.core import Workspace

ROLLUP_KEYS = {"chain": "chain_id", "district": "district_code", "park": "park_id", "stage": "stage"}
Changes = dict[str, object] | list[str]  # field → value, or "field=value" texts as typed


class _Records:
    """What every registry group shares: the audited repository and versions."""

    table = ""

    def __init__(self, ws: Workspace) -> None:
        self._ws = ws

    def repo(self, actor: str | None = None) -> Repository:
        """The audited repository, writing as ``actor`` (default: the workspace's actor)."""
        return Repository(self._ws.con, actor or self._ws.actor)

    def frame(self) -> pd.DataFrame:
        """Every live record, every field."""
        return self.repo().frame(self.table)

    def get(self, record_id: str) -> dict[str, object]:
        """One record by id, or :class:`pacesetter.errors.NotFoundError`."""
        return self.repo().get(self.table, record_id)

    def scope(self, record_id: str) -> RecordScope:
        """What a record (deleted or not) touches, for the server's scope checks: chains, districts."""
        found = self.repo().get(self.table, record_id, include_deleted=True)
        return scope_queries.record_scopes(self._ws.con, self.table).get(str(found["id"]), RecordScope())

    def seen_by(self, who: Principal | None, df: pd.DataFrame | None = None) -> pd.DataFrame:
        """The rows of ``df`` (default: every live record) that ``who`` may read
        (:func:`pacesetter.model.access.in_scope`); all of them for ``None`` or an unscoped role."""
        df = self.frame() if df is None else df
        if who is None or not who.scoped:
            return df
        scopes = scope_queries.record_scopes(self._ws.con, self.table)
        none = RecordScope()
        seen = df["id"].map(lambda i: in_scope(who, Action.READ, self.table, scopes.get(str(i), none)))
        return df[seen.astype(bool)]

    def history(self, record_id: str) -> pd.DataFrame:
        """Every change of a record (a project also by its alias): who, when, what, before and after."""
        return audit.history(self._ws.con, table=self.table, record_id=str(self.get(record_id)["id"]))

    def version(self, record_id: str, version: int | None) -> int:
        """The version the caller read, else the one in the store now."""
        return version if version is not None else int(str(self.get(record_id)["version"]))

    def today(self) -> dt.date:
        """The date lights and overdue tasks are judged as of by default: the fixed date of the
        store's synthetic scenario (the demo's, so that it gives the same results every day),
        else today."""
        return scenario_queries.scenario_as_of(self._ws.con) or dt.date.today()


class Projects(_Records):
    """The project registry (``ws.projects``): filters, lights, funnel, lifecycle, Excel in and out."""

    table = "projects"

    def list(self, *, chain: str | None = None, stage: str | None = None, district: str | None = None,
             park: str | None = None) -> pd.DataFrame:
        """Live projects matching every filter given (stage in zh or en; district a code or a substring).

        A chain or park the store does not know, or a district code of no district of the city, is
        refused (it would list nothing, as if no project matched)."""
        from pacesetter.registry.fields import check_district

        live = self.frame()
        # a chain of the store, or one as a project's chain field publishes it (a marker such as (服务业))
        published = {c for field in live["chain_id"].dropna() for c in str(field).split(";") if c}
        problems = [Said("registry.problems.ref_unknown", id=one, table=table,
                         what=Said(f"registry.problems.what.{what}"))
                    for one, table, what in ((chain, "chains", "chain"), (park, "parks", "park"))
                    if one and not (table == "chains" and one in published)
                    and not lookups.id_exists(self._ws.con, table, one)]
        problems += [p.said for p in check_district({"district": district})]
        if problems:
            raise InputError.said("registry_errors.problems", problems=problems)
        return filter_projects(live, chain=chain, stage=stage, district=district, park=park)

    def timeline(self, project_id: str, lang: str = "zh") -> pd.DataFrame:
        """Planned against actual dates of each stage: stage, planned, actual, synthetic (planned date)."""
        p = self.get(project_id)
        reached = reached_dates(p)
        marked = synthetic_fields(p)
        return pd.DataFrame([{"stage": stage_label(s, lang), "planned": p.get(f"planned_{s}"),
                              "actual": reached.get(s), "synthetic": f"planned_{s}" in marked}
                             for s in (*STAGES[1:], "terminated")])

    def add(self, name: str, *, stage: str = "洽谈", date: dt.date | None = None, investor: str | None = None,
            chain: str | None = None, district: str | None = None, park: str | None = None,
            investment: str | float | None = None, source: str | None = None,
            actor: str | None = None) -> dict[str, object]:
        """Register a project at a stage (zh or en) reached on ``date``; investment as 16亿元, 7400万元.

        Its id is the next short id (``P-0062``), which is also its alias.
        """
        repo = self.repo(actor)
        to = parse_stage(stage)
        pid = scenario_queries.next_project_alias(self._ws.con)
        values: dict[str, object] = {
            "id": pid, "alias": pid, "name_zh": name.strip(), "stage": to, "stage_date": date,
            "investor": investor, "chain_id": chain, "district": district, "park_id": park,
            "investment_yi": parse_amount(investment), "source": source,
        }
        if to not in ("negotiating", "terminated"):
            values[f"actual_{to}"] = date
        return save_project(repo, values, today=dt.date.today())

    def advance(self, project_id: str, to: str, date: dt.date, *, version: int | None = None,
                note: str | None = None, actor: str | None = None) -> dict[str, object]:
        """Move a project to its next stage (or terminate it); illegal moves are refused."""
        return advance_project(self.repo(actor), project_id, to, date, today=dt.date.today(),
                               expected_version=version, note=note)

    def edit(self, project_id: str, changes: Changes, *, version: int | None = None,
             note: str | None = None, actor: str | None = None) -> dict[str, object]:
        """Edit fields (not the stage: use :meth:`advance`), checked against the lifecycle rules."""
        from pacesetter.registry.excel import COLUMNS

        kinds = {c.field: c.kind for c in COLUMNS if c.field not in ("id", "stage", "version")}
        values = parse_assignments(kinds, changes) if isinstance(changes, list) else changes
        return save_project(self.repo(actor), {"id": project_id, **values}, today=dt.date.today(),
                            expected_version=self.version(project_id, version), note=note)

    def delete(self, project_id: str, *, version: int | None = None, actor: str | None = None) -> None:
        """Soft-delete a project (reversible with :meth:`restore`)."""
        self.repo(actor).delete("projects", project_id, expected_version=self.version(project_id, version))

    def restore(self, project_id: str, *, actor: str | None = None) -> None:
        """Undo the deletion of a project."""
        repo = self.repo(actor)
        current = repo.get("projects", project_id, include_deleted=True)
        repo.restore("projects", project_id, expected_version=int(str(current["version"])))

    def lights(self, as_of: dt.date | None = None, *, rules: Path | None = None,
               only: str | None = None, lang: str = "zh", who: Principal | None = None) -> pd.DataFrame:
        """Traffic lights (红黄绿灯) of every live project (that ``who`` may read) by the rules in
        lights.yaml, as of ``as_of`` (default :meth:`today`), reasons in ``lang``; ``synthetic``
        marks lights resting on synthetic values."""
        from pacesetter.registry.lights import LIGHT_ZH

        if only is not None:  # a light as its code or its Chinese word (红灯); any other showed nothing
            named = {word: code for code, word in LIGHT_ZH.items() if code} | {c: c for c in LIGHT_ZH if c}
            only = named.get(only.strip())
            if only is None:
                raise InputError.said("workspace.light_only", lights=tuple(
                    Bilingual(f"{w}（{c}）", c) for c, w in LIGHT_ZH.items() if c))
        df = compute_lights(self.seen_by(who), load_light_rules(rules), as_of or self.today(), lang)
        return df[df["light"] == only] if only else df

    def funnel(self, who: Principal | None = None) -> pd.DataFrame:
        """Projects (that ``who`` may read) per stage, conversion rates and median days in each stage."""
        return compute_funnel(self.seen_by(who))

    def rollup(self, by: str = "chain", who: Principal | None = None) -> pd.DataFrame:
        """Projects (that ``who`` may read) and investment (亿元) by chain, district, park (with the
        park's name_zh) or stage.

        By district the rows are GB/T 2260 districts (code, zh and en names) and a last row
        "区县未知 / district unknown" for places that lie in no one district (data/districts.yaml).
        """
        if by not in ROLLUP_KEYS:
            raise InputError.said("workspace.rollup_key", keys=", ".join(ROLLUP_KEYS), by=by)
        if by == "district":
            return compute_district_rollup(self.seen_by(who), self._ws.table("regions"))
        key = cast(Literal["chain_id", "district_code", "park_id", "stage"], ROLLUP_KEYS[by])
        out = compute_rollup(self.seen_by(who), key)
        if by == "park":  # the park's name beside its id (none for the row of projects in no park)
            names = self._ws.parks.frame().set_index("id")["name_zh"]
            out.insert(1, "name_zh", out["park_id"].map(names))
        return out

    def gaps(self, region: str = "370200") -> pd.DataFrame:
        """Investment per chain beside the chain's missing and weak segments."""
        from pacesetter.chains.diagnostics import load_thresholds
        from pacesetter.chains.service import diagnose_store

        # the store's chains (shipped and imported), as every chain view reads them
        diag = diagnose_store(self._ws.con, self._ws.chains.taxonomy(), region, load_thresholds())
        return compute_investment_vs_gaps(self.frame(), diag.chains, diag.segments)

    def signings(self, rules: Path | None = None, lang: str = "zh") -> pd.DataFrame:
        """Signings classified by the counting rules: new signing, capital increase, re-signing
        (reasons in ``lang``)."""
        return compute_signings(self.frame(), load_counting_rules(rules), lang)

    def draft_scope(self, chain: str | None, district: str | None) -> RecordScope:
        """The scope a project with this chain and district text would have (its district code
        derived as every registry write derives it), to check a write before it is made."""
        code = with_district_code("projects", {"district": district})["district_code"]
        return RecordScope.of((chain or "").split(";"), [str(code) if code else None])

    def import_excel(self, path: Path | str, *, actor: str | None = None) -> ImportSummary:
        """Import a bureau project sheet: every row checked; all land or none."""
        from pacesetter.registry.excel import import_projects

        return import_projects(self.repo(actor), Path(path), today=dt.date.today())

    def export_excel(self, path: Path | str, *, chain: str | None = None, stage: str | None = None) -> int:
        """Write projects in the bureau layout (Chinese headers, real dates); projects written.
        The layout is a workbook: a path not ending in .xlsx is refused (it would hold one anyway)."""
        from pacesetter.registry.excel import write_projects

        if Path(path).suffix.lower() != ".xlsx":
            raise InputError.said("io.projects_xlsx", path=path)
        return write_projects(self.list(chain=chain, stage=stage), Path(path))


class Tasks(_Records):
    """Tasks and supervision (``ws.tasks``): 找位置 → 领任务 → 打项目."""

    table = "tasks"

    def list(self) -> pd.DataFrame:
        """Every live task."""
        return self.frame()

    def overdue(self, as_of: dt.date | None = None, who: Principal | None = None) -> pd.DataFrame:
        """Open tasks (that ``who`` may read) past due as of ``as_of`` (default :meth:`today`), with
        their escalation level."""
        return compute_escalation(self.seen_by(who), load_escalation_rules(), as_of or self.today())

    def add(self, title: str, *, owner: str, due: dt.date, owner_kind: OwnerKind = "task_force",
            kind: TaskKind = "other", chain: str | None = None, segment: str | None = None,
            indicator: str | None = None, projects: tuple[str, ...] = (),
            actor: str | None = None) -> dict[str, object]:
        """Create a task and link the projects it produced, in one transaction."""
        repo = self.repo(actor)
        with repo.atomic():
            t = add_task(repo, title=title, owner=owner, owner_kind=owner_kind, due=due,
                         today=dt.date.today(), kind=kind, chain_id=chain, segment_id=segment,
                         indicator_id=indicator)
            for pid in projects:
                link_project(repo, str(t["id"]), pid)
        return t

    def set_status(self, task_id: str, to: TaskStatus, *, version: int | None = None,
                   note: str | None = None, actor: str | None = None) -> dict[str, object]:
        """Change a task's status (audited, with an optional supervision note)."""
        return set_status(self.repo(actor), task_id, to, expected_version=self.version(task_id, version),
                          note=note)

    def link(self, task_id: str, project_id: str, *, actor: str | None = None) -> None:
        """Record that a project came out of a task."""
        link_project(self.repo(actor), task_id, project_id)

    def unlink(self, task_id: str, project_id: str, *, actor: str | None = None) -> None:
        """Remove a task → project link (kept in the audit log)."""
        unlink_project(self.repo(actor), task_id, project_id)

    def escalate(self, as_of: dt.date | None = None, *, actor: str | None = None) -> pd.DataFrame:
        """Raise the level of overdue tasks by the rules (as of :meth:`today`); the tasks raised.
        An ``as_of`` after today is refused: the levels it would store are not due yet."""
        if as_of is not None and as_of > dt.date.today():
            raise InputError.said("registry_errors.escalate_future", as_of=as_of, today=dt.date.today())
        return escalate(self.repo(actor), load_escalation_rules(), as_of or self.today())

    def history(self, record_id: str) -> pd.DataFrame:
        """Every change of a task and of its project links; :class:`NotFoundError` for an unknown task."""
        return task_history(self.repo(), str(self.get(record_id)["id"]))

    def projects(self, task_id: str, who: Principal | None = None) -> pd.DataFrame:
        """The live projects a task produced (those ``who`` may read): id, alias, name_zh, stage,
        stage_date, synthetic (the link)."""
        found = task_queries.projects_of_task(self._ws.con, str(self.get(task_id)["id"]))
        columns = ["id", "alias", "name_zh", "stage", "stage_date", "synthetic"]
        return self._ws.projects.seen_by(who, pd.DataFrame(found, columns=columns))

    def draft_scope(self, chain: str | None, projects: tuple[str, ...] = ()) -> RecordScope:
        """The scope a task on ``chain`` linked to ``projects`` would have, to check a write first."""
        scopes = [self._ws.projects.scope(p) for p in projects]
        return RecordScope(RecordScope.of([chain]).chains.union(*(s.chains for s in scopes)),
                           frozenset().union(*(s.districts for s in scopes)))

    def trace(self, kind: str, key: str, segment: str | None = None,
              who: Principal | None = None) -> dict[str, object]:
        """:meth:`Workspace.trace` narrowed to the tasks and projects ``who`` may read;
        :class:`NotFoundError` for a target enterprise neither in the store nor a target of a task."""
        from pacesetter.store import chain_queries

        found = self._ws.trace(kind, key, segment)
        if kind == "target" and found["target"] is None and self.repo().find(
                "enterprises", key, include_deleted=True) is None and not chain_queries.enterprises_named(
                self._ws.con, key):  # its id or exact name, as `target assign` takes it
            raise NotFoundError.said("registry_errors.unknown_target", enterprise=key)
        if who is None or not who.scoped:
            return found
        tasks = set(self.seen_by(who)["id"])
        projects = set(self._ws.projects.seen_by(who)["id"])
        kept = [{**t, "projects": [p for p in cast("list[dict[str, object]]", t["projects"])
                                   if p["id"] in projects]} if "projects" in t else t
                for t in cast("list[dict[str, object]]", found["tasks"]) if t["id"] in tasks]
        if "target" in found:  # a target is known to the user only through a task they may read
            return {**found, "tasks": kept, "target": kept[-1]["target"] if kept else None}
        return {**found, "tasks": kept}


class Parks(_Records):
    """Parks (``ws.parks``)."""

    table = "parks"

    def list(self) -> pd.DataFrame:
        """Every live park."""
        return self.frame()

    def occupancy(self, park_id: str) -> float | None:
        """Occupied share of the park's land (0..1), or None where capacity or use is unknown."""
        park = self.get(park_id)
        cap, used = park["capacity_mu"], park["occupied_mu"]
        if isinstance(cap, float) and isinstance(used, float) and cap > 0:
            return used / cap
        return None

    def projects(self, park_id: str) -> pd.DataFrame:
        """The park's live projects."""
        return filter_projects(self._ws.projects.frame(), park=park_id)

    def enterprises(self, park_id: str) -> pd.DataFrame:
        """Enterprises located in the park: id, name_zh."""
        return queries.park_enterprises(self._ws.con, park_id)

    def policies(self, park_id: str) -> pd.DataFrame:
        """Policies that name the park."""
        policies = self._ws.policies.frame()
        # park_ids is a list, or unknown (NULL read back as None, NaN or NA)
        mask = policies["park_ids"].map(lambda ids: not isinstance(ids, str) and hasattr(ids, "__iter__")
                                        and park_id in list(ids))
        return policies[mask]

    def edit(self, park_id: str, changes: Changes, *, version: int | None = None,
             actor: str | None = None) -> dict[str, object]:
        """Edit a park (e.g. capacity_mu, occupied_mu), checked before it is written."""
        values = parse_assignments(PARK_FIELDS, changes) if isinstance(changes, list) else changes
        return edit_place(self.repo(actor), "parks", park_id, values,
                          expected_version=self.version(park_id, version))


class Policies(_Records):
    """Policies and funds (``ws.policies``)."""

    table = "policies"

    def list(self) -> pd.DataFrame:
        """Every live policy."""
        return self.frame()

    def coverage(self, as_of: dt.date | None = None) -> pd.DataFrame:
        """Chains × policy instruments in force on ``as_of`` (default today); chains none reaches."""
        chains = self._ws.table("chains")[["id", "name_zh"]]
        return compute_coverage(chains, self.frame(), as_of or dt.date.today())

    def edit(self, policy_id: str, changes: Changes, *, version: int | None = None,
             actor: str | None = None) -> dict[str, object]:
        """Edit a policy (e.g. instruments, expires), checked before it is written."""
        values = parse_assignments(POLICY_FIELDS, changes) if isinstance(changes, list) else changes
        return edit_place(self.repo(actor), "policies", policy_id, values,
                          expected_version=self.version(policy_id, version))


class Enterprises(_Records):
    """Enterprises of the registry (``ws.enterprises``): list and one by id."""

    table = "enterprises"

    def list(self) -> pd.DataFrame:
        """Every live enterprise."""
        return self.frame()
