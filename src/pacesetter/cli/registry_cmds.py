"""Registry commands: projects, tasks, parks, policies and `trace`."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.registry import audit
from pacesetter.registry.counting import compute_signings, load_counting_rules
from pacesetter.registry.coverage import INSTRUMENT_ZH, INSTRUMENTS, compute_coverage
from pacesetter.registry.excel import import_projects, write_projects
from pacesetter.registry.lifecycle import STAGES, parse_amount, parse_stage, reached_dates, stage_label
from pacesetter.registry.lights import compute_lights, load_light_rules
from pacesetter.registry.projects import advance_project, filter_projects, save_project
from pacesetter.registry.repository import Repository
from pacesetter.registry.rollups import compute_funnel, compute_investment_vs_gaps, compute_rollup
from pacesetter.registry.tasks import (
    OWNER_KIND_ZH,
    STATUS_ZH,
    add_task,
    compute_escalation,
    escalate,
    link_project,
    load_escalation_rules,
    set_status,
    task_history,
)
from pacesetter.registry.trace import trace_gap, trace_indicator, trace_project

projects_app = typer.Typer(help="Projects 项目: list, advance, lights, funnel, Excel in and out.",
                           no_args_is_help=True)
tasks_app = typer.Typer(help="Tasks and supervision 任务督办: 找位置 → 领任务 → 打项目.",
                        no_args_is_help=True)
parks_app = typer.Typer(help="Parks 园区.", no_args_is_help=True)
policies_app = typer.Typer(help="Policies 政策: list and coverage of chains by instrument.",
                           no_args_is_help=True)
trace_app = typer.Typer(help="Trace project → task → gap → indicator, and back.", no_args_is_help=True)

ActorOption = typer.Option(None, "--actor", help="Who makes the change (default: your login name).")
AsOfOption = typer.Option(None, "--as-of", help="Judge as of this date (default today), e.g. 2025-06-30.")
VersionOption = typer.Option(None, "--version",
                             help="The version you read (refuses the change if the record moved on).")


# --- helpers -----------------------------------------------------------------------------
def _date(text: str | None, what: str = "date") -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what} must be YYYY-MM-DD, got {text!r}") from None


def _today(as_of: str | None) -> dt.date:
    return _date(as_of, "--as-of") or dt.date.today()


def _repo(ctx: typer.Context, actor: str | None) -> Repository:
    return Repository(state(ctx).open(), actor or getpass.getuser())


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "—"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M:%S}" if value != value.normalize() else f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | np.ndarray):
        return ";".join(map(str, value))
    return str(value)


def _show(df: pd.DataFrame, title: str, fmt: str = "table") -> None:
    if fmt == "csv":  # plain text, never wrapped to the terminal width
        typer.echo(df.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        typer.echo(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return
    table = Table(title=title)
    for col in df.columns:
        table.add_column(str(col), overflow="fold", no_wrap=col == "id")
    for row in df.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    console.print(table)


def _stage_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = df.copy()
    out["stage"] = out["stage"].map(lambda s: stage_label(s, lang))
    return out


def _projects(ctx: typer.Context) -> pd.DataFrame:
    return Repository(state(ctx).open(), "reader").frame("projects")


# --- projects ----------------------------------------------------------------------------
@projects_app.command("list")
def projects_list(
    ctx: typer.Context,
    chain: str | None = typer.Option(None, "--chain", help="Chain id, e.g. vr."),
    stage: str | None = typer.Option(None, "--stage", help="Stage in zh or en: 开工 / started."),
    district: str | None = typer.Option(None, "--district", help="District (substring), e.g. 崂山."),
    park: str | None = typer.Option(None, "--park", help="Park id."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List projects, filtered.

    Example: pacesetter projects list --chain vr --stage 开工
    """
    df = filter_projects(_projects(ctx), chain=chain, stage=stage, district=district, park=park)
    cols = ["id", "name_zh", "chain_id", "district", "stage", "stage_date", "investment_yi"]
    _show(_stage_names(df[cols], state(ctx).lang), f"projects 项目 ({len(df)})", fmt)


@projects_app.command("show")
def projects_show(ctx: typer.Context, project_id: str = typer.Argument(..., help="Project id.")) -> None:
    """One project: every field, the planned vs actual timeline, its light and its trace.

    Example: pacesetter projects show P1
    """
    repo = Repository(state(ctx).open(), "reader")
    p = repo.get("projects", project_id)
    lang = state(ctx).lang
    table = Table(title=f"{p['id']} {p['name_zh']}", show_header=False)
    for key in ("investor", "chain_id", "segments", "park_id", "district", "stage", "stage_date",
                "investment_yi", "completed_yi", "expected_output_yi", "expected_tax_yi",
                "parent_id", "source", "note", "version"):
        value = stage_label(str(p[key]), lang) if key == "stage" else p[key]
        table.add_row(key, _cell(value))
    console.print(table)
    reached = reached_dates(p)
    timeline = pd.DataFrame([{"stage": stage_label(s, lang), "planned": p.get(f"planned_{s}"),
                              "actual": reached.get(s)} for s in (*STAGES[1:], "terminated")])
    _show(timeline, "planned vs actual 计划与实际")
    lights = compute_lights(pd.DataFrame([p]), load_light_rules(), dt.date.today())
    if not lights.empty:
        console.print(f"light 灯: {lights.iloc[0]['light_zh']} {lights.iloc[0]['reasons']}")
    _print_trace(trace_project(repo.con, project_id)["tasks"])


@projects_app.command("add")
def projects_add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help="Project name (Chinese)."),
    stage: str = typer.Option("洽谈", "--stage", help="Current stage, zh or en."),
    date: str | None = typer.Option(None, "--date", help="Date the project reached that stage."),
    investor: str | None = typer.Option(None, "--investor"),
    chain: str | None = typer.Option(None, "--chain", help="Chain id."),
    district: str | None = typer.Option(None, "--district"),
    park: str | None = typer.Option(None, "--park", help="Park id."),
    investment: str | None = typer.Option(None, "--investment", help="Total investment: 16亿元, 7400万元."),
    source: str | None = typer.Option(None, "--source", help="Where this comes from (URL or document)."),
    actor: str | None = ActorOption,
) -> None:
    """Register a project.

    Example: pacesetter projects add --name 某项目 --stage 签约 --date 2024-03-01 --investment 16亿元
    """
    repo = _repo(ctx, actor)
    to = parse_stage(stage)
    on = _date(date)
    values: dict[str, object] = {
        "id": repo.next_id("projects", "P"), "name_zh": name, "stage": to, "stage_date": on,
        "investor": investor, "chain_id": chain, "district": district, "park_id": park,
        "investment_yi": parse_amount(investment), "source": source,
    }
    if to not in ("negotiating", "terminated"):
        values[f"actual_{to}"] = on
    p = save_project(repo, values, today=dt.date.today())
    console.print(f"created {p['id']} (version {p['version']})")


@projects_app.command("advance")
def projects_advance(
    ctx: typer.Context,
    project_id: str = typer.Argument(..., help="Project id."),
    to: str = typer.Option(..., "--to", help="Next stage in zh or en: 签约 开工 投产 达产 终止."),
    date: str = typer.Option(..., "--date", help="Date reached, YYYY-MM-DD."),
    version: int | None = VersionOption,
    note: str | None = typer.Option(None, "--note"),
    actor: str | None = ActorOption,
) -> None:
    """Move a project to its next stage (or terminate it); illegal moves are refused.

    Example: pacesetter projects advance P12 --to 投产 --date 2024-05-01
    """
    p = advance_project(_repo(ctx, actor), project_id, to, _date(date), today=dt.date.today(),
                        expected_version=version, note=note)
    console.print(f"{project_id}: {stage_label(str(p['stage']), state(ctx).lang)} "
                  f"{_cell(p['stage_date'])} (version {p['version']})")


@projects_app.command("delete")
def projects_delete(ctx: typer.Context, project_id: str, version: int | None = VersionOption,
                    actor: str | None = ActorOption) -> None:
    """Soft-delete a project (reversible with `projects restore`)."""
    repo = _repo(ctx, actor)
    current = version if version is not None else int(str(repo.get("projects", project_id)["version"]))
    repo.delete("projects", project_id, expected_version=current)
    console.print(f"deleted {project_id}; undo with `pacesetter projects restore {project_id}`")


@projects_app.command("restore")
def projects_restore(ctx: typer.Context, project_id: str, actor: str | None = ActorOption) -> None:
    """Undo the deletion of a project."""
    repo = _repo(ctx, actor)
    current = repo.get("projects", project_id, include_deleted=True)
    repo.restore("projects", project_id, expected_version=int(str(current["version"])))
    console.print(f"restored {project_id}")


@projects_app.command("history")
def projects_history(ctx: typer.Context, project_id: str) -> None:
    """Every change of a project: who, when, what, before and after."""
    _show_audit(audit.history(state(ctx).open(), table="projects", record_id=project_id))


@projects_app.command("lights")
def projects_lights(
    ctx: typer.Context,
    as_of: str | None = AsOfOption,
    rules: Path | None = typer.Option(None, "--rules", help="Your own lights.yaml."),
    only: str | None = typer.Option(None, "--only", help="red, yellow or green."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Traffic lights 红黄绿灯 for every live project (rules and thresholds in lights.yaml).

    Example: pacesetter projects lights --only red
    """
    df = compute_lights(_projects(ctx), load_light_rules(rules), _today(as_of))
    if only:
        df = df[df["light"] == only]
    _show(_stage_names(df.drop(columns="light"), state(ctx).lang), "lights 红黄绿灯", fmt)
    console.print("— = no planned dates or amounts to judge by (无计划数据, 不判灯)")


@projects_app.command("funnel")
def projects_funnel(ctx: typer.Context) -> None:
    """The pipeline funnel: projects per stage, conversion rates, median days in each stage."""
    df = compute_funnel(_projects(ctx))
    df["conversion"] = df["conversion"].map(lambda v: "—" if math.isnan(v) else f"{v * 100:.1f}%")
    _show(df, "funnel 项目漏斗")


@projects_app.command("rollup")
def projects_rollup(
    ctx: typer.Context,
    by: str = typer.Option("chain", "--by", help="chain, district, park or stage."),
) -> None:
    """Projects and investment (亿元) by chain, district, park or stage."""
    keys = {"chain": "chain_id", "district": "district", "park": "park_id", "stage": "stage"}
    if by not in keys:
        raise typer.BadParameter(f"--by must be one of {', '.join(keys)}")
    _show(compute_rollup(_projects(ctx), keys[by]), f"projects by {by} (亿元)")  # type: ignore[arg-type]


@projects_app.command("gaps")
def projects_gaps(
    ctx: typer.Context, region: str = typer.Option("370200", "--region", help="Region code of the city."),
) -> None:
    """Investment per chain beside the chain's gaps (missing and weak segments, from `chains diagnose`).

    Example: pacesetter projects gaps
    """
    from pacesetter.chains.diagnostics import load_thresholds
    from pacesetter.chains.service import diagnose_store
    from pacesetter.chains.taxonomy import load_taxonomy

    con = state(ctx).open()
    diag = diagnose_store(con, load_taxonomy(), region, load_thresholds())
    df = compute_investment_vs_gaps(_projects(ctx), diag.chains, diag.segments)
    df["completeness"] = df["completeness"].map(lambda v: "—" if pd.isna(v) else f"{v * 100:.0f}%")
    _show(df, "investment against chain gaps 投资与链条缺口 (亿元)")
    console.print("gap_projects: projects whose recorded segments are missing or weak; "
                  "segments_known: projects with segments recorded at all")


@projects_app.command("signings")
def projects_signings(
    ctx: typer.Context, rules: Path | None = typer.Option(None, "--rules", help="Your own counting.yaml.")
) -> None:
    """Signings classified by the counting rules: new signing, capital increase, re-signing."""
    df = compute_signings(_projects(ctx), load_counting_rules(rules))
    _show(df, "signings 签约计数")
    new = df[df["counts_as_new"]]
    console.print(f"new signings 新签约项目: {len(new)}; counted investment 计入投资额: "
                  f"{df['counted_yi'].sum(min_count=1):.2f} 亿元 (unknown amounts not counted)")


@projects_app.command("import")
def projects_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="Bureau project sheet (.xlsx)."),
    actor: str | None = ActorOption,
) -> None:
    """Import a project sheet: every row checked; all land or none (exit 2 with every problem).

    Example: pacesetter projects import 项目台账.xlsx
    """
    s = import_projects(_repo(ctx, actor), file, today=dt.date.today())
    console.print(f"{file}: {len(s.created)} created, {len(s.updated)} updated, "
                  f"{len(s.unchanged)} unchanged")


@projects_app.command("export")
def projects_export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--output", help="The .xlsx file to write."),
    chain: str | None = typer.Option(None, "--chain"),
    stage: str | None = typer.Option(None, "--stage"),
) -> None:
    """Export projects in the bureau layout (one row per project, Chinese headers, real dates).

    Example: pacesetter projects export -o 项目台账.xlsx
    """
    n = write_projects(filter_projects(_projects(ctx), chain=chain, stage=stage), output)
    console.print(f"wrote {n} projects to {output}")


# --- tasks -------------------------------------------------------------------------------
@tasks_app.command("list")
def tasks_list(
    ctx: typer.Context,
    overdue: bool = typer.Option(False, "--overdue", help="Only open tasks past due, with their level."),
    as_of: str | None = AsOfOption,
) -> None:
    """List tasks (or only overdue ones with their escalation level).

    Example: pacesetter tasks list --overdue
    """
    tasks = Repository(state(ctx).open(), "reader").frame("tasks")
    if overdue:
        _show(compute_escalation(tasks, load_escalation_rules(), _today(as_of)), "overdue tasks 逾期任务")
        return
    tasks["status"] = tasks["status"].map(lambda s: f"{STATUS_ZH[s]} {s}")
    _show(tasks[["id", "title", "owner", "owner_kind", "due", "status", "escalation", "chain_id",
                 "segment_id", "indicator_id", "version"]], "tasks 任务")


@tasks_app.command("add")
def tasks_add(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", help="What must be done."),
    owner: str = typer.Option(..., "--owner", help="Who is responsible."),
    owner_kind: str = typer.Option("task_force", "--owner-kind", help=", ".join(OWNER_KIND_ZH)),
    due: str = typer.Option(..., "--due", help="Due date YYYY-MM-DD."),
    kind: str = typer.Option("other", "--kind", help="fill_segment, lift_indicator or other."),
    chain: str | None = typer.Option(None, "--chain", help="Chain id of the gap."),
    segment: str | None = typer.Option(None, "--segment", help="Segment id of the gap."),
    indicator: str | None = typer.Option(None, "--indicator", help="Indicator id it lifts."),
    project: list[str] = typer.Option([], "--project", help="Project(s) it produced."),
    actor: str | None = ActorOption,
) -> None:
    """Create a task (and link the projects it produced).

    Example: pacesetter tasks add --title 补齐光学模组环节 --owner 虚拟现实专班 --due 2025-12-31 --chain vr
    """
    repo = _repo(ctx, actor)
    with repo.atomic():
        t = add_task(repo, title=title, owner=owner, owner_kind=owner_kind, due=_date(due, "--due"),  # type: ignore[arg-type]
                     today=dt.date.today(), kind=kind, chain_id=chain, segment_id=segment,  # type: ignore[arg-type]
                     indicator_id=indicator)
        for pid in project:
            link_project(repo, str(t["id"]), pid)
    console.print(f"created task {t['id']}")


@tasks_app.command("status")
def tasks_status(
    ctx: typer.Context, task_id: str, to: str = typer.Option(..., "--to", help="in_progress, done, ..."),
    version: int | None = VersionOption, note: str | None = typer.Option(None, "--note"),
    actor: str | None = ActorOption,
) -> None:
    """Change a task's status (audited, with an optional supervision note)."""
    repo = _repo(ctx, actor)
    current = version if version is not None else int(str(repo.get("tasks", task_id)["version"]))
    t = set_status(repo, task_id, to, expected_version=current, note=note)  # type: ignore[arg-type]
    console.print(f"{task_id}: {t['status']} (version {t['version']})")


@tasks_app.command("link")
def tasks_link(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Record that a project came out of a task."""
    link_project(_repo(ctx, actor), task_id, project_id)
    console.print(f"linked {task_id} → {project_id}")


@tasks_app.command("escalate")
def tasks_escalate(
    ctx: typer.Context, as_of: str | None = AsOfOption, actor: str | None = ActorOption
) -> None:
    """Raise the escalation level of overdue tasks by the rules in escalation.yaml."""
    raised = escalate(_repo(ctx, actor), load_escalation_rules(), _today(as_of))
    _show(raised, f"escalated 升级 ({len(raised)})")


@tasks_app.command("history")
def tasks_history(ctx: typer.Context, task_id: str) -> None:
    """Every change of a task and its project links."""
    _show_audit(task_history(Repository(state(ctx).open(), "reader"), task_id))


def _show_audit(df: pd.DataFrame) -> None:
    _show(df[["changed_at", "actor", "action", "before", "after", "note"]], "audit 变更记录")


# --- trace -------------------------------------------------------------------------------
def _print_trace(tasks: list[dict[str, object]]) -> None:
    if not tasks:
        console.print("no task leads to this yet (尚未关联任务)")
    for t in tasks:
        gap = f"{t['chain_zh'] or t['chain_id'] or '—'}"
        if t["segment_id"]:
            gap += f" / {t['segment_zh'] or t['segment_id']}"
        console.print(f"task 任务 {t['id']} {t['title']} [{t['owner']}, due {_cell(t['due'])}, {t['status']}]"
                      f"\n  → gap 缺口: {gap}\n  → indicator 指标: "
                      f"{t['indicator_zh'] or t['indicator_id'] or '—'}")
        for p in t.get("projects", []):  # type: ignore[attr-defined]
            console.print(f"  ← project 项目 {p['id']} {p['name_zh']} ({stage_label(p['stage'])})")


@trace_app.command("project")
def trace_project_cmd(ctx: typer.Context, project_id: str) -> None:
    """Project → task → gap → indicator.

    Example: pacesetter trace project P12
    """
    found = trace_project(state(ctx).open(), project_id)
    p = found["project"]
    console.print(f"project 项目 {p['id']} {p['name_zh']} ({stage_label(p['stage'])})")  # type: ignore[index]
    _print_trace(found["tasks"])  # type: ignore[arg-type]


@trace_app.command("gap")
def trace_gap_cmd(ctx: typer.Context, chain: str, segment: str | None = typer.Argument(None)) -> None:
    """Gap → tasks → projects: what is being done about a chain or segment."""
    _print_trace(trace_gap(state(ctx).open(), chain, segment))


@trace_app.command("indicator")
def trace_indicator_cmd(ctx: typer.Context, indicator: str) -> None:
    """Indicator → tasks → projects."""
    _print_trace(trace_indicator(state(ctx).open(), indicator))


# --- parks and policies ------------------------------------------------------------------
@parks_app.command("list")
def parks_list(ctx: typer.Context) -> None:
    """List parks."""
    df = Repository(state(ctx).open(), "reader").frame("parks")
    _show(df[["id", "name_zh", "district", "chain_ids", "area_mu", "version"]], "parks 园区")


@parks_app.command("show")
def parks_show(ctx: typer.Context, park_id: str) -> None:
    """A park: district, focus chains, area, occupancy where known, its projects and policies.

    Example: pacesetter parks show vr_park
    """
    repo = Repository(state(ctx).open(), "reader")
    park = repo.get("parks", park_id)
    cap, used = park["capacity_mu"], park["occupied_mu"]
    known = isinstance(cap, float) and isinstance(used, float) and cap > 0
    occupancy = f"{used / cap * 100:.1f}%" if known else "—"  # type: ignore[operator]
    console.print(f"{park['name_zh']} ({park['district'] or '—'}) chains 产业链: {_cell(park['chain_ids'])}; "
                  f"area 面积 {_cell(park['area_mu'])} 亩; occupancy 入驻率 {occupancy}")
    if park["facts"]:
        console.print(f"{park['facts']}\nsource 来源: {park['source']}", markup=False)
    projects = filter_projects(repo.frame("projects"), park=park_id)
    _show(_stage_names(projects[["id", "name_zh", "stage", "investment_yi"]], state(ctx).lang),
          f"projects 项目 ({len(projects)})")
    enterprises = repo.con.execute("SELECT id, name_zh FROM enterprises WHERE park_id = ? AND NOT deleted "
                                   "ORDER BY id", [park_id]).df()
    _show(enterprises, f"enterprises 企业 ({len(enterprises)})")
    policies = repo.frame("policies")
    mask = policies["park_ids"].map(lambda ids: not isinstance(ids, float | type(None)) and park_id in ids)
    _show(policies[mask][["id", "name_zh", "issuer", "instruments"]], "policies 政策")


@policies_app.command("list")
def policies_list(ctx: typer.Context) -> None:
    """List policies and funds."""
    df = Repository(state(ctx).open(), "reader").frame("policies")
    _show(df[["id", "name_zh", "year", "issuer", "chain_ids", "instruments", "amount_yi", "expires"]],
          "policies 政策")


@policies_app.command("coverage")
def policies_coverage(ctx: typer.Context, as_of: str | None = AsOfOption) -> None:
    """Chains × policy instruments; chains no instrument reaches are marked.

    Example: pacesetter policies coverage
    """
    con = state(ctx).open()
    chains = con.execute("SELECT id, name_zh FROM chains ORDER BY id").df()
    df = compute_coverage(chains, Repository(con, "reader").frame("policies"), _today(as_of))
    df = df.rename(columns={t: f"{INSTRUMENT_ZH[t]} {t}" for t in INSTRUMENTS})
    df["uncovered"] = df["uncovered"].map({True: "无支持 uncovered", False: ""})
    _show(df, "policy coverage 政策覆盖 (policies in force per chain and instrument)")
    console.print(json.dumps({"uncovered": int((df["uncovered"] != "").sum()), "chains": len(df)}))


def register(app: typer.Typer) -> None:
    """Attach the registry groups to the root app."""
    app.add_typer(projects_app, name="projects")
    app.add_typer(tasks_app, name="tasks")
    app.add_typer(parks_app, name="parks")
    app.add_typer(policies_app, name="policies")
    app.add_typer(trace_app, name="trace")
