"""`pacesetter tasks …`, `pacesetter trace …` and `pacesetter audit`: the 找位置 → 领任务 → 打项目 loop."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    NoteOption,
    VersionOption,
    as_of_date,
    help_text,
    mark_synthetic,
    parse_date,
    print_trace,
    say,
    show,
    show_audit,
    synthetic_note,
    task_status,
)
from pacesetter.cli.remote import workspace_or_server

if TYPE_CHECKING:  # pandas loads only in the commands that run
    import pandas as pd

tasks_app = typer.Typer(help=help_text("tasks"), no_args_is_help=True)
trace_app = typer.Typer(help=help_text("trace"), no_args_is_help=True)


# --- tasks -------------------------------------------------------------------------------
@tasks_app.command("list", help=help_text("tasks_list"))
def tasks_list(
    ctx: typer.Context,
    overdue: bool = typer.Option(False, "--overdue", help=help_text("overdue")),
    as_of: str | None = AsOfOption,
) -> None:
    """List tasks (or only overdue ones with their escalation level)."""
    ws = workspace_or_server(ctx)
    if overdue:
        on = as_of_date(as_of) or ws.tasks.today()
        late, fake = mark_synthetic(_level_names(ws.tasks.overdue(on), state(ctx).lang), "id")
        show(late, say("title.overdue", date=f"{on:%Y-%m-%d}"))
        synthetic_note(state(ctx).lang, fake)
        return
    tasks = ws.tasks.list()
    tasks["status"] = tasks["status"].map(task_status)
    cols = ["id", "title", "owner", "owner_kind", "due", "status", "escalation", "chain_id", "segment_id",
            "indicator_id", "version", "synthetic"]
    tasks, fake = mark_synthetic(tasks[cols], "id")
    show(tasks, say("title.tasks"))
    synthetic_note(state(ctx).lang, fake)


@tasks_app.command("add", help=help_text("tasks_add"))
def tasks_add(
    ctx: typer.Context,
    title: str = typer.Option(..., "--title", help=help_text("title")),
    owner: str = typer.Option(..., "--owner", help=help_text("owner")),
    owner_kind: str = typer.Option("task_force", "--owner-kind", help=help_text("owner_kind")),
    due: str = typer.Option(..., "--due", help=help_text("due")),
    kind: str = typer.Option("other", "--kind", help=help_text("kind")),
    chain: str | None = typer.Option(None, "--chain", help=help_text("gap_chain")),
    segment: str | None = typer.Option(None, "--segment", help=help_text("gap_segment")),
    indicator: str | None = typer.Option(None, "--indicator", help=help_text("indicator")),
    project: list[str] = typer.Option([], "--project", help=help_text("produced")),
    actor: str | None = ActorOption,
) -> None:
    """Create a task (and link the projects it produced)."""
    task = state(ctx).workspace().tasks.add(
        title, owner=owner, owner_kind=owner_kind, due=parse_date(due, "--due"),  # type: ignore[arg-type]
        kind=kind, chain=chain, segment=segment, indicator=indicator,  # type: ignore[arg-type]
        projects=tuple(project), actor=actor)
    console.print(say("msg.task_created", id=task["id"]))


@tasks_app.command("status", help=help_text("tasks_status"))
def tasks_status(
    ctx: typer.Context, task_id: str, to: str = typer.Option(..., "--to", help=help_text("task_to")),
    version: int | None = VersionOption, note: str | None = NoteOption,
    actor: str | None = ActorOption,
) -> None:
    """Change a task's status (audited, with an optional supervision note)."""
    task = state(ctx).workspace().tasks.set_status(task_id, to, version=version, note=note,  # type: ignore[arg-type]
                                                   actor=actor)
    console.print(say("msg.task_status", id=task_id, status=task_status(task["status"]),
                      version=task["version"]))


@tasks_app.command("link", help=help_text("tasks_link"))
def tasks_link(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Record that a project came out of a task."""
    state(ctx).workspace().tasks.link(task_id, project_id, actor=actor)
    console.print(say("msg.linked", task=task_id, project=project_id))


@tasks_app.command("unlink", help=help_text("tasks_unlink"))
def tasks_unlink(ctx: typer.Context, task_id: str, project_id: str, actor: str | None = ActorOption) -> None:
    """Remove a task → project link (kept in the audit log)."""
    state(ctx).workspace().tasks.unlink(task_id, project_id, actor=actor)
    console.print(say("msg.unlinked", task=task_id, project=project_id))


@tasks_app.command("escalate", help=help_text("tasks_escalate"))
def tasks_escalate(
    ctx: typer.Context, as_of: str | None = AsOfOption, actor: str | None = ActorOption
) -> None:
    """Raise the escalation level of overdue tasks by the rules in escalation.yaml."""
    raised = state(ctx).workspace().tasks.escalate(as_of_date(as_of), actor=actor)
    raised, fake = mark_synthetic(_level_names(raised, state(ctx).lang), "id")
    show(raised, say("title.escalated", n=len(raised)))
    synthetic_note(state(ctx).lang, fake)


def _level_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Escalation rows with the level's name in ``lang`` only (level_zh / level_en → level_name)."""
    other = "level_en" if lang == "zh" else "level_zh"
    return df.drop(columns=other).rename(columns={f"level_{lang}": "level_name"})


@tasks_app.command("history", help=help_text("tasks_history"))
def tasks_history(ctx: typer.Context, task_id: str) -> None:
    """Every change of a task and its project links."""
    show_audit(state(ctx).workspace().tasks.history(task_id))


def audit_log(
    ctx: typer.Context,
    table: str | None = typer.Option(None, "--table", help=help_text("table")),
    record: str | None = typer.Option(None, "--record", help=help_text("record")),
    actor: str | None = typer.Option(None, "--actor", help=help_text("actor_filter")),
    last: int = typer.Option(50, "--last", help=help_text("last")),
) -> None:
    """The audit log: who changed what, when, from what to what."""
    df = state(ctx).workspace().audit(table, record, actor=actor, last=last)
    show_audit(df, ("id", "changed_at", "actor", "table_name", "record_id", "action", "before", "after",
                    "note"))



# --- trace -------------------------------------------------------------------------------
@trace_app.command("project", help=help_text("trace_project"))
def trace_project_cmd(ctx: typer.Context, project_id: str) -> None:
    """Project → task → gap → indicator."""
    from pacesetter.registry.lifecycle import stage_label

    found = state(ctx).workspace().tasks.trace("project", project_id)
    p = found["project"]
    console.print(say("msg.trace_project", id=p["id"], alias=p["alias"] or "", name=p["name_zh"],  # type: ignore[index]
                      stage=stage_label(p["stage"], state(ctx).lang)), markup=False)  # type: ignore[index]
    synthetic_note(state(ctx).lang, print_trace(found["tasks"]))  # type: ignore[arg-type]


@trace_app.command("gap", help=help_text("trace_gap"))
def trace_gap_cmd(ctx: typer.Context, chain: str, segment: str | None = typer.Argument(None)) -> None:
    """Gap → tasks → projects: what is being done about a chain or segment."""
    found = state(ctx).workspace().tasks.trace("gap", chain, segment)["tasks"]
    synthetic_note(state(ctx).lang, print_trace(found))  # type: ignore[arg-type]


@trace_app.command("indicator", help=help_text("trace_indicator"))
def trace_indicator_cmd(ctx: typer.Context, indicator: str) -> None:
    """Indicator → tasks → projects."""
    found = state(ctx).workspace().tasks.trace("indicator", indicator)["tasks"]
    synthetic_note(state(ctx).lang, print_trace(found))  # type: ignore[arg-type]


@trace_app.command("target")
def trace_target_cmd(ctx: typer.Context, enterprise: str) -> None:
    """Target → tasks → projects: what became of a candidate enterprise (help: cli.trace.target)."""
    from pacesetter.i18n import t

    ws, lang = state(ctx).workspace(), state(ctx).lang
    found = ws.tasks.trace("target", enterprise)
    target = found["target"]
    name = ws.structure.target_view(target, lang)["name"] if isinstance(target, dict) else enterprise
    if not found["tasks"]:
        console.print(t("target.trace.none", lang, enterprise=name), markup=False)
        return
    console.print(t("target.trace.title", lang, enterprise=name), markup=False)
    synthetic_note(lang, print_trace(found["tasks"]))  # type: ignore[arg-type]

