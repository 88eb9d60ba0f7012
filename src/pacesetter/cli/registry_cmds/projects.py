"""`pacesetter projects …`: list, show, add, advance, edit, delete, lights, funnel, Excel in and out."""

from __future__ import annotations

import math
from pathlib import Path
from typing import cast

import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.cli.registry_cmds._common import (
    ActorOption,
    AsOfOption,
    SetOption,
    VersionOption,
    as_of_date,
    cell,
    mark_synthetic,
    marked,
    parse_date,
    print_trace,
    show,
    show_audit,
    stage_names,
    synthetic_note,
)
from pacesetter.registry.lifecycle import stage_label, synthetic_fields
from pacesetter.registry.rollups import UNKNOWN_DISTRICT
from pacesetter.workspace.registry import ROLLUP_KEYS

projects_app = typer.Typer(help="Projects 项目: list, advance, lights, funnel, Excel in and out.",
                           no_args_is_help=True)


# --- projects ----------------------------------------------------------------------------
@projects_app.command("list")
def projects_list(
    ctx: typer.Context,
    chain: str | None = typer.Option(None, "--chain", help="Chain id, e.g. vr."),
    stage: str | None = typer.Option(None, "--stage", help="Stage in zh or en: 开工 / started."),
    district: str | None = typer.Option(
        None, "--district", help="District: a code (370212) or a substring of the text (崂山)."),
    park: str | None = typer.Option(None, "--park", help="Park id."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List projects, filtered.

    Example: pacesetter projects list --chain vr --stage 开工
    """
    df = state(ctx).workspace().projects.list(chain=chain, stage=stage, district=district, park=park)
    cols = ["id", "alias", "name_zh", "chain_id", "district", "district_code", "stage", "stage_date",
            "investment_yi"]
    show(stage_names(df[cols], state(ctx).lang), f"projects 项目 ({len(df)})", fmt)


@projects_app.command("show")
def projects_show(ctx: typer.Context,
                  project_id: str = typer.Argument(..., help="Project id or alias (P-0007).")) -> None:
    """One project: every field, the planned vs actual timeline, its light and its trace.

    Example: pacesetter projects show P-0007   (the VR headset and optics project)
    """
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
        table.add_row(key, marked(value, key in fake))
    console.print(table)
    timeline, _ = mark_synthetic(ws.projects.timeline(project_id, lang), "planned")
    show(timeline, "planned vs actual 计划与实际")
    lights = ws.projects.lights()
    lights = lights[lights["id"] == project_id]
    if not lights.empty:
        light = lights.iloc[0]
        console.print(f"light 灯 ({ws.projects.today():%Y-%m-%d}): "
                      f"{marked(light['light_zh'], light['synthetic'])} {light['reasons']}", markup=False)
    traced = print_trace(cast("list[dict[str, object]]", ws.trace("project", project_id)["tasks"]))
    synthetic_note(lang, bool(fake) or traced)


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
    p = state(ctx).workspace().projects.add(
        name, stage=stage, date=parse_date(date), investor=investor, chain=chain, district=district,
        park=park, investment=investment, source=source, actor=actor)
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

    Example: pacesetter projects advance P-0007 --to 投产 --date 2026-05-01
    """
    on = parse_date(date)
    assert on is not None  # --date is required
    p = state(ctx).workspace().projects.advance(project_id, to, on, version=version, note=note, actor=actor)
    console.print(f"{project_id}: {stage_label(str(p['stage']), state(ctx).lang)} "
                  f"{cell(p['stage_date'])} (version {p['version']})")


@projects_app.command("edit")
def projects_edit(
    ctx: typer.Context,
    project_id: str,
    assignments: list[str] = SetOption,
    version: int | None = VersionOption,
    note: str | None = typer.Option(None, "--note"),
    actor: str | None = ActorOption,
) -> None:
    """Edit fields of a project (not its stage: use `advance`); checked against the lifecycle rules.

    Example: pacesetter projects edit P-0007 --set completed_yi=8亿元   (or planned_producing=…)
    """
    p = state(ctx).workspace().projects.edit(project_id, assignments, version=version, note=note, actor=actor)
    console.print(f"{project_id}: version {p['version']}")


@projects_app.command("delete")
def projects_delete(ctx: typer.Context, project_id: str, version: int | None = VersionOption,
                    actor: str | None = ActorOption) -> None:
    """Soft-delete a project (reversible with `projects restore`)."""
    state(ctx).workspace().projects.delete(project_id, version=version, actor=actor)
    console.print(f"deleted {project_id}; undo with `pacesetter projects restore {project_id}`")


@projects_app.command("restore")
def projects_restore(ctx: typer.Context, project_id: str, actor: str | None = ActorOption) -> None:
    """Undo the deletion of a project."""
    state(ctx).workspace().projects.restore(project_id, actor=actor)
    console.print(f"restored {project_id}")


@projects_app.command("history")
def projects_history(ctx: typer.Context, project_id: str) -> None:
    """Every change of a project: who, when, what, before and after."""
    show_audit(state(ctx).workspace().projects.history(project_id))


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
    ws = state(ctx).workspace()
    on = as_of_date(as_of) or ws.projects.today()
    df = ws.projects.lights(on, rules=rules, only=only)
    if fmt != "table":  # CSV and JSON keep the synthetic column as data
        show(stage_names(df.drop(columns="light"), state(ctx).lang), "", fmt)
        return
    df, fake = mark_synthetic(df.drop(columns="light"), "light_zh")
    show(stage_names(df, state(ctx).lang), f"lights 红黄绿灯 ({on:%Y-%m-%d})", fmt)
    console.print("— = no planned dates or amounts to judge by (无计划数据, 不判灯)")
    synthetic_note(state(ctx).lang, fake)


@projects_app.command("funnel")
def projects_funnel(ctx: typer.Context) -> None:
    """The pipeline funnel: projects per stage, conversion rates, median days in each stage."""
    df = state(ctx).workspace().projects.funnel()
    df["conversion"] = df["conversion"].map(lambda v: "—" if math.isnan(v) else f"{v * 100:.1f}%")
    show(df, "funnel 项目漏斗")


@projects_app.command("rollup")
def projects_rollup(
    ctx: typer.Context,
    by: str = typer.Option("chain", "--by", help="chain, district, park or stage."),
) -> None:
    """Projects and investment (亿元) by chain, district, park or stage.

    By district the rows are GB/T 2260 codes; places in no one district (高新区, several
    districts, none stated) form the row "区县未知 / district unknown", with their texts.
    """
    if by not in ROLLUP_KEYS:
        raise typer.BadParameter(f"--by must be one of {', '.join(ROLLUP_KEYS)}")
    df = state(ctx).workspace().projects.rollup(by)
    if by == "district":
        lang = state(ctx).lang
        df = df.drop(columns=f"district_{'en' if lang == 'zh' else 'zh'}")
        df, fake = _mark_completed(df)
        show(df, "projects by district 项目按区县 (亿元)")
        synthetic_note(lang, fake)
        console.print("区县未知：所在地不在单一区县（如高新区、跨区项目）或未注明，原文见 texts 列；"
                      "规则见 data/districts.yaml" if lang == "zh" else
                      "district unknown: the place lies in no one district (such as 高新区, or a project "
                      "across districts) or none is stated; the texts column keeps the published place; "
                      "rules in data/districts.yaml")
        return
    df, fake = _mark_completed(df)
    show(df, f"projects by {by} (亿元)")
    synthetic_note(state(ctx).lang, fake)


def _mark_completed(df: pd.DataFrame) -> tuple[pd.DataFrame, bool]:
    """A roll-up's completed investment marked where it sums synthetic amounts."""
    return mark_synthetic(df.assign(synthetic=df["completed_synthetic"] > 0).drop(
        columns="completed_synthetic"), "completed_yi")


@projects_app.command("gaps")
def projects_gaps(
    ctx: typer.Context, region: str = typer.Option("370200", "--region", help="Region code of the city."),
) -> None:
    """Investment per chain beside the chain's gaps (missing and weak segments, from `chains diagnose`).

    Example: pacesetter projects gaps
    """
    df = state(ctx).workspace().projects.gaps(region)
    df["completeness"] = df["completeness"].map(lambda v: "—" if pd.isna(v) else f"{v * 100:.0f}%")
    show(df, "investment against chain gaps 投资与链条缺口 (亿元)")
    console.print("gap_projects: projects whose recorded segments are missing or weak; "
                  "segments_known: projects with segments recorded at all")


@projects_app.command("signings")
def projects_signings(
    ctx: typer.Context, rules: Path | None = typer.Option(None, "--rules", help="Your own counting.yaml.")
) -> None:
    """Signings classified by the counting rules: new signing, capital increase, re-signing."""
    df = state(ctx).workspace().projects.signings(rules)
    show(df, "signings 签约计数")
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
    s = state(ctx).workspace().projects.import_excel(file, actor=actor)
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
    n = state(ctx).workspace().projects.export_excel(output, chain=chain, stage=stage)
    console.print(f"wrote {n} projects to {output}")

