"""File commands: template, validate, import, export (help and messages: ``cli.<command>``)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from pacesetter.cli.options import console, err_console, state
from pacesetter.i18n import t
from pacesetter.io.exporter import FORMATS
from pacesetter.io.importer import ImportResult
from pacesetter.io.progress import PHASES, Step
from pacesetter.io.readers import ENCODING_LABELS
from pacesetter.io.specs import SPECS
from pacesetter.workspace import write_template

HELP_VALUES = {"entities": list(SPECS), "formats": FORMATS}


def template(
    ctx: typer.Context,
    entity: str = typer.Argument(...),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path = typer.Option(..., "-o", "--output"),
) -> None:
    """Write an import template (help: cli.template)."""
    write_template(entity, output, fmt)
    console.print(t("cli.wrote", state(ctx).lang, path=output), markup=False, highlight=False)


def _encoding(r: ImportResult, lang: str) -> str:
    """The summary's note of the CSV's detected encoding; nothing for formats without one (Excel, Parquet)."""
    if r.encoding is None:
        return ""
    zh, en = ENCODING_LABELS[r.encoding]
    return t("cli.io.encoding", lang, encoding=zh if lang == "zh" else en)


def _ignored(r: ImportResult, lang: str) -> str:
    """The summary's note of the sheets left out (notes, hidden); nothing when none were."""
    if not r.ignored_sheets:
        return ""
    sheets = [t(f"cli.io.sheet_{why}", lang, name=name) for name, why in r.ignored_sheets]
    return t("cli.io.ignored", lang, sheets=t("cli.list_sep", lang).join(sheets))


def _counts(r: ImportResult, lang: str) -> str:
    """Rows added, changed and unchanged (新增 / 变更 / 未变)."""
    return t("cli.io.counts", lang, added=r.added, changed=r.changed, unchanged=r.unchanged)


def _run(ctx: typer.Context, file: Path, entity: str | None, dry_run: bool) -> ImportResult:
    """Validate or import with a progress bar on stderr: one line per phase (reading, validating,
    writing); while a CSV is read, rows, percentage of its bytes and time left. It vanishes
    when done."""
    ws = state(ctx).workspace()
    lang = state(ctx).lang
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TextColumn("{task.fields[rows]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                  console=err_console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def show(msg: str) -> None:
            if not isinstance(msg, Step):  # a check within the phase, said in English only
                if lang == "en" and tasks:
                    phase = list(tasks)[-1]
                    bar.update(tasks[phase], description=f"{PHASES[phase][1]}: {msg}")
                return
            label = PHASES[msg.phase][0 if lang == "zh" else 1]
            if msg.phase not in tasks:
                for done in tasks.values():  # the phase before is over
                    bar.update(done, total=1, completed=1)
                tasks[msg.phase] = bar.add_task(label, total=None, rows="")
            rows = "" if msg.rows is None else t("cli.io.rows", lang, rows=f"{msg.rows:,}")
            bar.update(tasks[msg.phase], description=label, rows=rows, completed=msg.done, total=msg.total)

        return ws.import_file(file, entity=entity, dry_run=dry_run, progress=show)


def validate(
    ctx: typer.Context,
    file: Path = typer.Argument(...),
    entity: str | None = typer.Option(None, "--entity"),
) -> None:
    """Check a file without writing anything; exit 2 if it has problems (help: cli.validate)."""
    r = _run(ctx, file, entity, True)
    lang = state(ctx).lang
    line = t("cli.validate.valid", lang, file=file, entity=_entity(r.entity, lang), rows=r.rows,
             counts=_counts(r, lang))
    console.print(line + _encoding(r, lang) + _ignored(r, lang), markup=False, highlight=False)


def _entity(name: str, lang: str) -> str:
    """An entity as the user reads it: 指标数据 in zh, observations in en."""
    return SPECS[name].zh if lang == "zh" else name


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(...),
    entity: str | None = typer.Option(None, "--entity"),
    dry_run: bool = typer.Option(False, "--dry-run"),
) -> None:
    """Import a file in one transaction, every row or none (help: cli.import)."""
    r = _run(ctx, file, entity, dry_run)
    lang = state(ctx).lang
    line = t("cli.import.would" if dry_run else "cli.import.done", lang, file=file,
             entity=_entity(r.entity, lang), counts=_counts(r, lang))
    console.print(line + _encoding(r, lang) + _ignored(r, lang), markup=False, highlight=False)


def export(
    ctx: typer.Context,
    entity: str = typer.Argument(...),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path = typer.Option(..., "-o", "--output"),
) -> None:
    """Export every row of an entity, to edit and import again (help: cli.export)."""
    lang = state(ctx).lang
    n = state(ctx).workspace().export(entity, output, fmt)
    console.print(t("cli.export.done", lang, n=n, entity=_entity(entity, lang), path=output),
                  markup=False, highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach the file commands to the root app."""
    app.command("template")(template)
    app.command("validate")(validate)
    app.command("import")(import_)
    app.command("export")(export)
