"""Options and helpers the registry commands share."""

from __future__ import annotations

import datetime as dt
import getpass
import math

import numpy as np
import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.registry.lifecycle import stage_label
from pacesetter.registry.repository import Repository

ActorOption = typer.Option(None, "--actor", help="Who makes the change (default: your login name).")
AsOfOption = typer.Option(None, "--as-of", help="Judge as of this date (default today), e.g. 2025-06-30.")
VersionOption = typer.Option(None, "--version",
                             help="The version you read (refuses the change if the record moved on).")
SetOption = typer.Option(..., "--set", help="field=value, repeatable (e.g. completed_yi=8亿元).")


def version_of(repo: Repository, table: str, record_id: str, version: int | None) -> int:
    """The version the user gave, else the one in the store now."""
    return version if version is not None else int(str(repo.get(table, record_id)["version"]))


def parse_date(text: str | None, what: str = "date") -> dt.date | None:
    """An ISO date from the command line, or a usage error."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{what} must be YYYY-MM-DD, got {text!r}") from None


def as_of_date(as_of: str | None) -> dt.date:
    """``--as-of`` or today."""
    return parse_date(as_of, "--as-of") or dt.date.today()


def repo_for(ctx: typer.Context, actor: str | None) -> Repository:
    """The audited repository for ``--actor`` (default: the login name)."""
    return Repository(state(ctx).open(), actor or getpass.getuser())


def cell(value: object) -> str:
    """A table cell: — for unknown, dates without midnight times, lists joined by ;."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "—"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M:%S}" if value != value.normalize() else f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | np.ndarray):
        return ";".join(map(str, value))
    return str(value)


def show(df: pd.DataFrame, title: str, fmt: str = "table") -> None:
    """Print a frame as a table, CSV or JSON."""
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
        table.add_row(*[cell(v) for v in row])
    console.print(table)


def stage_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage column in words of ``lang`` (开工 / started)."""
    out = df.copy()
    out["stage"] = out["stage"].map(lambda s: stage_label(s, lang))
    return out


def projects_frame(ctx: typer.Context) -> pd.DataFrame:
    """Every live project."""
    return Repository(state(ctx).open(), "reader").frame("projects")


def print_trace(tasks: list[dict[str, object]]) -> None:
    """Tasks with their gap and indicator, and the projects each produced."""
    if not tasks:
        console.print("no task leads to this yet (尚未关联任务)")
    for t in tasks:
        gap = f"{t['chain_zh'] or t['chain_id'] or '—'}"
        if t["segment_id"]:
            gap += f" / {t['segment_zh'] or t['segment_id']}"
        console.print(f"task 任务 {t['id']} {t['title']} [{t['owner']}, due {cell(t['due'])}, {t['status']}]"
                      f"\n  → gap 缺口: {gap}\n  → indicator 指标: "
                      f"{t['indicator_zh'] or t['indicator_id'] or '—'}", markup=False)
        for p in t.get("projects", []):  # type: ignore[attr-defined]
            console.print(f"  ← project 项目 {p['id']} {p['name_zh']} ({stage_label(p['stage'])})",
                          markup=False)


def show_audit(df: pd.DataFrame) -> None:
    """Audit entries of one record."""
    show(df[["changed_at", "actor", "action", "before", "after", "note"]], "audit 变更记录")

