"""`pacesetter tasks …`, `pacesetter trace …` and `pacesetter audit`: the 找位置 → 领任务 → 打项目 loop."""

from __future__ import annotations

import typer

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    VersionOption,
    as_of_date,
    mark_synthetic,
    parse_date,
    print_trace,
    show,
    show_audit,
    synthetic_note,
)
from pacesetter.registry.lifecycle import stage_label
from pacesetter.registry.tasks import OWNER_KIND_ZH, STATUS_ZH

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
    ws = state(ctx).workspace()
    if overdue:
        on = as_of_date(as_of) or ws.tasks.today()
        late, fake = mark_synthetic(ws.tasks.overdue(on), "id")
        show(late, f"overdue tasks 逾期任务 ({on:%Y-%m-%d})")
        synthetic_note(state(ctx).lang, fake)
        return
    tasks = ws.tasks.list()
    tasks["status"] = tasks["status"].map(lambda s: f"{STATUS_ZH[s]} {s}")
    cols = ["id", "title", "owner", "owner_kind", "due", "status", "escalation", "chain_id", "segment_id",
            "indicator_id", "version", "synthetic"]
    tasks, fake = mark_synthetic(tasks[cols], "id")
    show(tasks, "tasks 任务")
    synthetic_note(state(ctx).lang, fake)


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
    t = state(ctx).workspace().tasks.add(
        title, owner=owner, owner_kind=owner_kind, due=parse_date(due, "--due"),  # type: ignore[arg-type]
        kind=kind, chain=chain, segment=segment, indicator=indicator,  # type: ignore[arg-type]
        projects=tuple(project), actor=actor)
    console.print(f"created task {t['id']}")


@tasks_app.command("status")
def tasks_status(
    ctx: typer.Context, task_id: str, to: str = typer.Option(..., "--to", help="in_progress, done, ..."),
    version: int | None = VersionOption, note: str | None = typer.Option(None, "--note"),
    actor: str | None = ActorOption,
) -> None:
    """Change a task's status (audited, with an optional supervision note)."""
    t = state(ctx).workspace().tasks.set_status(task_id, to, version=version, note=note,  # type: ignore[arg-type]
                                                actor=actor)
    console.print(f"{task_id}: {t['status']} (version {t['version']})")


@tasks_app.command("link")
def tasks_link(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Record that a project came out of a task."""
    state(ctx).workspace().tasks.link(task_id, project_id, actor=actor)
    console.print(f"linked {task_id} → {project_id}")


@tasks_app.command("unlink")
def tasks_unlink(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Remove a task → project link (kept in the audit log)."""
    state(ctx).workspace().tasks.unlink(task_id, project_id, actor=actor)
    console.print(f"unlinked {task_id} → {project_id}")


@tasks_app.command("escalate")
def tasks_escalate(
    ctx: typer.Context, as_of: str | None = AsOfOption, actor: str | None = ActorOption
) -> None:
    """Raise the escalation level of overdue tasks by the rules in escalation.yaml."""
    raised, fake = mark_synthetic(state(ctx).workspace().tasks.escalate(as_of_date(as_of), actor=actor), "id")
    show(raised, f"escalated 升级 ({len(raised)})")
    synthetic_note(state(ctx).lang, fake)


@tasks_app.command("history")
def tasks_history(ctx: typer.Context, task_id: str) -> None:
    """Every change of a task and its project links."""
    show_audit(state(ctx).workspace().tasks.history(task_id))


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
    df = state(ctx).workspace().audit(table, record, actor=actor, last=last)
    show(df[["id", "changed_at", "actor", "table_name", "record_id", "action", "before", "after",
                         "note"]], "audit 变更记录")



# --- trace -------------------------------------------------------------------------------
@trace_app.command("project")
def trace_project_cmd(ctx: typer.Context, project_id: str) -> None:
    """Project → task → gap → indicator.

    Example: pacesetter trace project P-0007
    """
    found = state(ctx).workspace().trace("project", project_id)
    p = found["project"]
    console.print(f"project 项目 {p['id']} {p['alias'] or ''} {p['name_zh']} "  # type: ignore[index]
                  f"({stage_label(p['stage'])})", markup=False)  # type: ignore[index]
    synthetic_note(state(ctx).lang, print_trace(found["tasks"]))  # type: ignore[arg-type]


@trace_app.command("gap")
def trace_gap_cmd(ctx: typer.Context, chain: str, segment: str | None = typer.Argument(None)) -> None:
    """Gap → tasks → projects: what is being done about a chain or segment."""
    found = state(ctx).workspace().trace("gap", chain, segment)["tasks"]
    synthetic_note(state(ctx).lang, print_trace(found))  # type: ignore[arg-type]


@trace_app.command("indicator")
def trace_indicator_cmd(ctx: typer.Context, indicator: str) -> None:
    """Indicator → tasks → projects."""
    found = state(ctx).workspace().trace("indicator", indicator)["tasks"]
    synthetic_note(state(ctx).lang, print_trace(found))  # type: ignore[arg-type]

