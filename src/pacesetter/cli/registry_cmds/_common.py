"""Options and helpers the registry commands share."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from pacesetter.cli.lazy import help_language
from pacesetter.cli.options import console, message_language
from pacesetter.i18n import catalogue, t

if TYPE_CHECKING:  # pandas loads only in the commands that run
    import pandas as pd

HELP_LANG = help_language()


def help_text(key: str, **values: object) -> str:
    """The help text ``registry.help.<key>`` in the language help is shown in."""
    return t(f"registry.help.{key}", HELP_LANG, **values)


def say(key: str, **values: object) -> str:
    """The message ``registry.<key>`` in the language of this run."""
    return t(f"registry.{key}", message_language(), **values)


ActorOption = typer.Option(None, "--actor", help=help_text("actor"))
AsOfOption = typer.Option(None, "--as-of", help=help_text("as_of"))
VersionOption = typer.Option(None, "--version", help=help_text("version"))
SetOption = typer.Option(..., "--set", help=help_text("set"))
FORMATS = ("table", "csv", "json")


def _check_format(fmt: str) -> str:
    """``--format`` as given, or a usage error naming the formats (any other fell back to a table)."""
    if fmt not in FORMATS:
        raise typer.BadParameter(say("msg.format_choices", choices=", ".join(FORMATS), fmt=fmt))
    return fmt


FormatOption = typer.Option("table", "--format", help=help_text("format"), callback=_check_format)
NoteOption = typer.Option(None, "--note", help=help_text("note"))
ProjectArgument = typer.Argument(..., help=help_text("project_id"))


def parse_date(text: str | None, what: str = "date") -> dt.date | None:
    """An ISO date from the command line, or a usage error."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(say("msg.date_format", what=what, text=text)) from None


def as_of_date(as_of: str | None) -> dt.date | None:
    """``--as-of``, or None: the workspace's default (today, or the demo scenario's fixed date)."""
    return parse_date(as_of, "--as-of")


# The marker of a synthetic value in a table cell or line (the footnote explains it).
SYNTHETIC_MARK = " *"


def marked(value: object, synthetic: object) -> str:
    """A cell with the synthetic marker when ``synthetic`` is true."""
    return cell(value) + (SYNTHETIC_MARK if synthetic is True or synthetic == 1 else "")


def mark_synthetic(df: pd.DataFrame, column: str, flag: str = "synthetic") -> tuple[pd.DataFrame, bool]:
    """``column`` marked where ``flag`` is true, ``flag`` dropped; and whether any row was marked."""
    import pandas as pd

    flags = df[flag].fillna(False).astype(bool) if flag in df else pd.Series(False, index=df.index)
    out = df.drop(columns=[flag], errors="ignore")
    out[column] = [marked(v, f) for v, f in zip(out[column], flags, strict=True)]
    return out, bool(flags.any())


def synthetic_note(lang: str, shown: bool = True) -> None:
    """Print the synthetic footnote when a synthetic value was ``shown``."""
    if shown:
        console.print(t("registry.synthetic_note", lang), markup=False)


def cell(value: object) -> str:
    """A table cell: — for unknown, dates without midnight times, lists joined by 、 (zh) or ; (en)."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d %H:%M:%S}" if value != value.normalize() else f"{value:%Y-%m-%d}"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list | tuple | np.ndarray):
        return ("、" if message_language() == "zh" else "; ").join(map(str, value))
    return str(value)


def show(df: pd.DataFrame, title: str, fmt: str = "table") -> None:
    """Print a frame as a table (headers in the language of this run), CSV or JSON (field names)."""
    if fmt == "csv":  # plain text, never wrapped to the terminal width
        typer.echo(df.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        typer.echo(df.to_json(orient="records", force_ascii=False, date_format="iso"))
        return
    table = Table(title=title)
    labels = catalogue(message_language())
    for col in df.columns:
        table.add_column(labels.get(f"registry.col.{col}", str(col)), overflow="fold", no_wrap=col == "id")
    for row in df.itertuples(index=False):
        table.add_row(*[cell(v) for v in row])
    console.print(table)


def stage_names(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The stage column in words of ``lang`` (开工 / started)."""
    from pacesetter.registry.lifecycle import stage_label

    out = df.copy()
    out["stage"] = out["stage"].map(lambda s: stage_label(s, lang))
    return out


def task_status(status: object) -> str:
    """A task status in words of this run's language (待办 / open)."""
    return say(f"status.{status}")


def print_trace(tasks: list[dict[str, object]]) -> bool:
    """Tasks with their gap and indicator, and the projects each produced; synthetic ones marked.

    Returns whether a synthetic task or link was shown (the caller prints the footnote).
    """
    from pacesetter.registry.lifecycle import stage_label

    lang = message_language()
    if not tasks:
        console.print(say("msg.no_task"))
    for task in tasks:  # names in the run's language; where a name is not known, its id
        gap = f"{task[f'chain_{lang}'] or task['chain_id'] or '—'}"
        if task["segment_id"]:
            gap += f" / {task[f'segment_{lang}'] or task['segment_id']}"
        console.print(say("msg.trace_task", id=marked(task["id"], task.get("synthetic")), title=task["title"],
                          owner=task["owner"], due=cell(task["due"]), status=task_status(task["status"])),
                      markup=False)
        console.print(say("msg.trace_gap", gap=gap), markup=False)
        indicator = task[f"indicator_{lang}"] or task["indicator_id"] or "—"
        console.print(say("msg.trace_indicator", indicator=indicator), markup=False)
        for p in task.get("projects", []):  # type: ignore[attr-defined]
            console.print(say("msg.trace_produced", id=p["id"], alias=p.get("alias") or "", name=p["name_zh"],
                              stage=stage_label(p["stage"], lang),
                              mark=SYNTHETIC_MARK if p.get("synthetic") else ""), markup=False)
    return any(task.get("synthetic") for task in tasks)


def show_audit(df: pd.DataFrame, columns: tuple[str, ...] = ("changed_at", "actor", "action", "before",
                                                              "after", "note")) -> None:
    """Audit entries (of one record, by default), the action in words of this run's language."""
    words = catalogue(message_language())
    shown = df[list(columns)].assign(
        action=df["action"].map(lambda a: words.get(f"registry.action.{a}", a)))
    show(shown, say("title.audit"))

