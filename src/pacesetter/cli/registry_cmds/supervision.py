"""`pacesetter tasks …`, `pacesetter trace …` and `pacesetter audit`: the 找位置 → 领任务 → 打项目 loop."""

from __future__ import annotations

import datetime as dt

import typer

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    VersionOption,
    as_of_date,
    parse_date,
    print_trace,
    repo_for,
    show,
    show_audit,
    version_of,
)
from pacesetter.registry import audit
from pacesetter.registry.lifecycle import stage_label
from pacesetter.registry.repository import Repository
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
    unlink_project,
)
from pacesetter.registry.trace import trace_gap, trace_indicator, trace_project

tasks_app = typer.Typer(help="Tasks and supervision 任务督办: 找位置 → 领任务 → 打项目.",
                        no_args_is_help=True)
trace_app = typer.Typer(help="Trace project → task → gap → indicator, and back.", no_args_is_help=True)


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
        show(compute_escalation(tasks, load_escalation_rules(), as_of_date(as_of)), "overdue tasks 逾期任务")
        return
    tasks["status"] = tasks["status"].map(lambda s: f"{STATUS_ZH[s]} {s}")
    show(tasks[["id", "title", "owner", "owner_kind", "due", "status", "escalation", "chain_id",
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
    repo = repo_for(ctx, actor)
    with repo.atomic():
        t = add_task(repo, title=title, owner=owner, owner_kind=owner_kind, due=parse_date(due, "--due"),  # type: ignore[arg-type]
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
    repo = repo_for(ctx, actor)
    t = set_status(repo, task_id, to, expected_version=version_of(repo, "tasks", task_id, version),  # type: ignore[arg-type]
                   note=note)
    console.print(f"{task_id}: {t['status']} (version {t['version']})")


@tasks_app.command("link")
def tasks_link(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Record that a project came out of a task."""
    link_project(repo_for(ctx, actor), task_id, project_id)
    console.print(f"linked {task_id} → {project_id}")


@tasks_app.command("unlink")
def tasks_unlink(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Remove a task → project link (kept in the audit log)."""
    unlink_project(repo_for(ctx, actor), task_id, project_id)
    console.print(f"unlinked {task_id} → {project_id}")


@tasks_app.command("escalate")
def tasks_escalate(
    ctx: typer.Context, as_of: str | None = AsOfOption, actor: str | None = ActorOption
) -> None:
    """Raise the escalation level of overdue tasks by the rules in escalation.yaml."""
    raised = escalate(repo_for(ctx, actor), load_escalation_rules(), as_of_date(as_of))
    show(raised, f"escalated 升级 ({len(raised)})")


@tasks_app.command("history")
def tasks_history(ctx: typer.Context, task_id: str) -> None:
    """Every change of a task and its project links."""
    show_audit(task_history(Repository(state(ctx).open(), "reader"), task_id))


def audit_log(
    ctx: typer.Context,
    table: str | None = typer.Option(None, "--table", help="projects, parks, policies, tasks, ..."),
    record: str | None = typer.Option(None, "--record", help="One record id."),
    actor: str | None = typer.Option(None, "--actor", help="Only changes by this person."),
    last: int = typer.Option(50, "--last", help="How many of the latest entries."),
) -> None:
    """The audit log: who changed what, when, from what to what.

    Example: pacesetter audit --table projects --last 20
    """
    df = audit.history(state(ctx).open(), table=table, record_id=record)
    if actor:
        df = df[df["actor"] == actor]
    show(df.tail(last)[["id", "changed_at", "actor", "table_name", "record_id", "action", "before", "after",
                         "note"]], "audit 变更记录")



# --- trace -------------------------------------------------------------------------------
@trace_app.command("project")
def trace_project_cmd(ctx: typer.Context, project_id: str) -> None:
    """Project → task → gap → indicator.

    Example: pacesetter trace project P12
    """
    found = trace_project(state(ctx).open(), project_id)
    p = found["project"]
    console.print(f"project 项目 {p['id']} {p['name_zh']} ({stage_label(p['stage'])})",  # type: ignore[index]
                  markup=False)
    print_trace(found["tasks"])  # type: ignore[arg-type]


@trace_app.command("gap")
def trace_gap_cmd(ctx: typer.Context, chain: str, segment: str | None = typer.Argument(None)) -> None:
    """Gap → tasks → projects: what is being done about a chain or segment."""
    print_trace(trace_gap(state(ctx).open(), chain, segment))


@trace_app.command("indicator")
def trace_indicator_cmd(ctx: typer.Context, indicator: str) -> None:
    """Indicator → tasks → projects."""
    print_trace(trace_indicator(state(ctx).open(), indicator))

