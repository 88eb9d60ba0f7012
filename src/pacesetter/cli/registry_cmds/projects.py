"""`pacesetter projects …`: list, show, add, advance, edit, delete, lights, funnel, Excel in and out."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    FormatOption,
    NoteOption,
    ProjectArgument,
    SetOption,
    VersionOption,
    as_of_date,
    cell,
    help_text,
    mark_synthetic,
    marked,
    parse_date,
    print_trace,
    say,
    show,
    show_audit,
    stage_names,
    synthetic_note,
)
from pacesetter.cli.remote import workspace_or_server

if TYPE_CHECKING:  # pandas loads only in the commands that run
    import pandas as pd

projects_app = typer.Typer(help=help_text("projects"), no_args_is_help=True)


# --- projects ----------------------------------------------------------------------------
@projects_app.command("list", help=help_text("projects_list"))
def projects_list(
    ctx: typer.Context,
    chain: str | None = typer.Option(None, "--chain", help=help_text("chain")),
    stage: str | None = typer.Option(None, "--stage", help=help_text("stage")),
    district: str | None = typer.Option(None, "--district", help=help_text("district")),
    park: str | None = typer.Option(None, "--park", help=help_text("park")),
    fmt: str = FormatOption,
) -> None:
    """List projects, filtered."""
    df = workspace_or_server(ctx).projects.list(chain=chain, stage=stage, district=district, park=park)
    cols = ["id", "alias", "name_zh", "chain_id", "district", "district_code", "stage", "stage_date",
            "investment_yi"]
    show(stage_names(df[cols], state(ctx).lang), say("title.projects", n=len(df)), fmt)


@projects_app.command("show", help=help_text("projects_show"))
def projects_show(ctx: typer.Context,
                  project_id: str = ProjectArgument) -> None:
    """One project: every field, the planned vs actual timeline, its light and its trace."""
    from pacesetter.registry.lifecycle import stage_label, synthetic_fields
    from pacesetter.registry.rollups import UNKNOWN_DISTRICT

    ws = state(ctx).workspace()
    p = ws.projects.get(project_id)
    project_id = str(p["id"])
    lang = state(ctx).lang
    fake = synthetic_fields(p)
    table = Table(title=f"{p['id']} {p['alias'] or ''} {p['name_zh']}", show_header=False)
    for key in ("investor", "chain_id", "segments", "park_id", "district", "district_code", "stage",
                "stage_date",
                "investment_yi", "completed_yi", "expected_output_yi", "expected_tax_yi",
                "parent_id", "source", "note", "version"):
        value = stage_label(str(p[key]), lang) if key == "stage" else p[key]
        if key == "district_code" and value is None:
            value = UNKNOWN_DISTRICT[lang]
        table.add_row(say(f"col.{key}"), marked(value, key in fake))
    console.print(table)
    timeline, _ = mark_synthetic(ws.projects.timeline(project_id, lang), "planned")
    show(timeline, say("title.timeline"))
    lights = ws.projects.lights(lang=lang)
    lights = lights[lights["id"] == project_id]
    if not lights.empty:
        light = lights.iloc[0]
        console.print(say("msg.light_line", date=f"{ws.projects.today():%Y-%m-%d}",
                          light=marked(light_word(light["light"]), light["synthetic"]),
                          reasons=light["reasons"]), markup=False)
    traced = print_trace(cast("list[dict[str, object]]", ws.trace("project", project_id)["tasks"]))
    synthetic_note(lang, bool(fake) or traced)


@projects_app.command("add", help=help_text("projects_add"))
def projects_add(
    ctx: typer.Context,
    name: str = typer.Option(..., "--name", help=help_text("name")),
    stage: str = typer.Option("negotiating", "--stage", help=help_text("add_stage")),
    date: str | None = typer.Option(None, "--date", help=help_text("date_reached")),
    investor: str | None = typer.Option(None, "--investor", help=help_text("investor")),
    chain: str | None = typer.Option(None, "--chain", help=help_text("chain")),
    district: str | None = typer.Option(None, "--district", help=help_text("district")),
    park: str | None = typer.Option(None, "--park", help=help_text("park")),
    investment: str | None = typer.Option(None, "--investment", help=help_text("investment")),
    source: str | None = typer.Option(None, "--source", help=help_text("source")),
    actor: str | None = ActorOption,
) -> None:
    """Register a project."""
    p = state(ctx).workspace().projects.add(
        name, stage=stage, date=parse_date(date), investor=investor, chain=chain, district=district,
        park=park, investment=investment, source=source, actor=actor)
    console.print(say("msg.created", id=p["id"], version=p["version"]))


@projects_app.command("advance", help=help_text("projects_advance"))
def projects_advance(
    ctx: typer.Context,
    project_id: str = typer.Argument(..., help=help_text("project_id")),
    to: str = typer.Option(..., "--to", help=help_text("to_stage")),
    date: str = typer.Option(..., "--date", help=help_text("date_reached")),
    version: int | None = VersionOption,
    note: str | None = NoteOption,
    actor: str | None = ActorOption,
) -> None:
    """Move a project to its next stage (or terminate it); illegal moves are refused."""
    from pacesetter.registry.lifecycle import stage_label

    on = parse_date(date)
    assert on is not None  # --date is required
    p = workspace_or_server(ctx).projects.advance(project_id, to, on, version=version, note=note, actor=actor)
    console.print(say("msg.advanced", id=project_id, stage=stage_label(str(p["stage"]), state(ctx).lang),
                      date=cell(p["stage_date"]), version=p["version"]))


@projects_app.command("edit", help=help_text("projects_edit"))
def projects_edit(
    ctx: typer.Context,
    project_id: str = ProjectArgument,
    assignments: list[str] = SetOption,
    version: int | None = VersionOption,
    note: str | None = NoteOption,
    actor: str | None = ActorOption,
) -> None:
    """Edit fields of a project (not its stage: use `advance`); checked against the lifecycle rules."""
    p = state(ctx).workspace().projects.edit(project_id, assignments, version=version, note=note, actor=actor)
    console.print(say("msg.version", id=project_id, version=p["version"]))


@projects_app.command("delete", help=help_text("projects_delete"))
def projects_delete(ctx: typer.Context, project_id: str = ProjectArgument,
                    version: int | None = VersionOption, actor: str | None = ActorOption) -> None:
    """Soft-delete a project (reversible with `projects restore`)."""
    state(ctx).workspace().projects.delete(project_id, version=version, actor=actor)
    console.print(say("msg.deleted", id=project_id))


@projects_app.command("restore", help=help_text("projects_restore"))
def projects_restore(ctx: typer.Context, project_id: str = ProjectArgument,
                     actor: str | None = ActorOption) -> None:
    """Undo the deletion of a project."""
    state(ctx).workspace().projects.restore(project_id, actor=actor)
    console.print(say("msg.restored", id=project_id))


@projects_app.command("history", help=help_text("projects_history"))
def projects_history(ctx: typer.Context, project_id: str = ProjectArgument) -> None:
    """Every change of a project: who, when, what, before and after."""
    show_audit(state(ctx).workspace().projects.history(project_id))


@projects_app.command("lights", help=help_text("projects_lights"))
def projects_lights(
    ctx: typer.Context,
    as_of: str | None = AsOfOption,
    rules: Path | None = typer.Option(None, "--rules", help=help_text("rules_lights")),
    only: str | None = typer.Option(None, "--only", help=help_text("only")),
    fmt: str = FormatOption,
) -> None:
    """Traffic lights for every live project (rules and thresholds in lights.yaml)."""
    ws, lang = state(ctx).workspace(), state(ctx).lang
    on = as_of_date(as_of) or ws.projects.today()
    df = ws.projects.lights(on, rules=rules, only=only, lang=lang)
    if fmt != "table":  # CSV and JSON keep the light's code and synthetic column as data, the word beside
        df.insert(list(df.columns).index("light_zh"), "light_label", df["light"].map(light_word))
        show(stage_names(df.drop(columns="light_zh"), lang), "", fmt)
        return
    df["light_zh"] = df["light"].map(light_word)
    df, fake = mark_synthetic(df.drop(columns="light"), "light_zh")
    show(stage_names(df, lang), say("title.lights", date=f"{on:%Y-%m-%d}"), fmt)
    console.print(say("msg.no_light"))
    synthetic_note(lang, fake)


def light_word(light: object) -> str:
    """红灯 / red in this run's language; — when no rule could judge the project."""
    return say(f"light.{light}" if isinstance(light, str) else "light.none")


@projects_app.command("funnel", help=help_text("projects_funnel"))
def projects_funnel(ctx: typer.Context) -> None:
    """The pipeline funnel: projects per stage, conversion rates, median days in each stage."""
    df = state(ctx).workspace().projects.funnel()
    df = stage_names(df.drop(columns=["stage_zh", "stage_en"]), state(ctx).lang)
    df["conversion"] = df["conversion"].map(lambda v: "—" if math.isnan(v) else f"{v * 100:.1f}%")
    show(df, say("title.funnel"))


@projects_app.command("rollup", help=help_text("projects_rollup"))
def projects_rollup(
    ctx: typer.Context,
    by: str = typer.Option("chain", "--by", help=help_text("by")),
) -> None:
    """Projects and investment by chain, district, park or stage."""
    from pacesetter.workspace.registry import ROLLUP_KEYS

    if by not in ROLLUP_KEYS:
        raise typer.BadParameter(say("msg.by_choices", choices=", ".join(ROLLUP_KEYS)))
    df = state(ctx).workspace().projects.rollup(by)
    if by == "district":
        lang = state(ctx).lang
        df = df.drop(columns=f"district_{'en' if lang == 'zh' else 'zh'}").rename(
            columns={f"district_{lang}": "district_name"})
        df, fake = _mark_completed(df)
        show(df, say("title.by_district"))
        synthetic_note(lang, fake)
        console.print(say("msg.rollup_unknown"))
        return
    df, fake = _mark_completed(df)
    show(df, say("title.by_other", by=say(f"by.{by}")))
    synthetic_note(state(ctx).lang, fake)


def _mark_completed(df: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A roll-up's completed investment marked where it sums synthetic amounts."""
    return mark_synthetic(df.assign(synthetic=df["completed_synthetic"] > 0).drop(
        columns="completed_synthetic"), "completed_yi")


@projects_app.command("gaps", help=help_text("projects_gaps"))
def projects_gaps(
    ctx: typer.Context, region: str = typer.Option("370200", "--region", help=help_text("region")),
) -> None:
    """Investment per chain beside the chain's gaps (missing and weak segments, from `chains diagnose`)."""
    import pandas as pd

    df = state(ctx).workspace().projects.gaps(region)
    df["completeness"] = df["completeness"].map(lambda v: "—" if pd.isna(v) else f"{v * 100:.0f}%")
    df["gap_projects"] = df["gap_projects"].map(lambda v: say("msg.unknown") if pd.isna(v) else str(v))
    show(df, say("title.gaps"))
    console.print(say("msg.gaps_note"))


@projects_app.command("signings", help=help_text("projects_signings"))
def projects_signings(
    ctx: typer.Context, rules: Path | None = typer.Option(None, "--rules", help=help_text("rules_counting"))
) -> None:
    """Signings classified by the counting rules: new signing, capital increase, re-signing."""
    import pandas as pd

    df = state(ctx).workspace().projects.signings(rules, state(ctx).lang)
    shown = df.assign(
        kind_zh=df["kind"].map(lambda k: say(f"signing_kind.{k}")),
        counts_as_new=df["counts_as_new"].map(lambda v: say("answer_yes" if v else "answer_no")))
    show(shown.drop(columns="kind"), say("title.signings"))
    new = df[df["counts_as_new"]]
    amount = df["counted_yi"].sum(min_count=1)
    console.print(say("msg.signings_total", n=len(new), amount="—" if pd.isna(amount) else f"{amount:.2f}"))


@projects_app.command("import", help=help_text("projects_import"))
def projects_import(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help=help_text("sheet")),
    actor: str | None = ActorOption,
) -> None:
    """Import a project sheet: every row checked; all land or none (exit 2 with every problem)."""
    s = state(ctx).workspace().projects.import_excel(file, actor=actor)
    console.print(say("msg.imported", file=file, created=len(s.created), updated=len(s.updated),
                      unchanged=len(s.unchanged)))


@projects_app.command("export", help=help_text("projects_export"))
def projects_export(
    ctx: typer.Context,
    output: Path = typer.Option(..., "-o", "--output", help=help_text("output")),
    chain: str | None = typer.Option(None, "--chain", help=help_text("chain")),
    stage: str | None = typer.Option(None, "--stage", help=help_text("stage")),
) -> None:
    """Export projects in the bureau layout (one row per project, Chinese headers, real dates)."""
    n = state(ctx).workspace().projects.export_excel(output, chain=chain, stage=stage)
    console.print(say("msg.exported", n=n, file=output))

