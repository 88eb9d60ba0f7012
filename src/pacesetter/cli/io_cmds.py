"""File commands: template, validate, import, export."""

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
from pacesetter.io.exporter import FORMATS
from pacesetter.io.importer import ImportResult
from pacesetter.io.progress import PHASES, Step
from pacesetter.io.readers import ENCODING_LABELS
from pacesetter.io.specs import SPECS
from pacesetter.workspace import write_template

ENTITIES = ", ".join(SPECS)


def template(
    entity: str = typer.Argument(..., help=f"One of: {ENTITIES}."),
    fmt: str | None = typer.Option(None, "--format", help="xlsx or csv (default: the output's suffix)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write (.xlsx or .csv)."),
) -> None:
    """Write an import template with zh/en headers (and a help sheet in xlsx).

    Example: pacesetter template observations --format xlsx -o observations.xlsx
    """
    write_template(entity, output, fmt)
    console.print(f"wrote {output}")


def _encoding(r: ImportResult, lang: str) -> str:
    """The summary's note of the CSV's detected encoding; nothing for formats without one (Excel, Parquet)."""
    if r.encoding is None:
        return ""
    zh, en = ENCODING_LABELS[r.encoding]
    return f"；编码：{zh}" if lang == "zh" else f"; encoding: {en}"


def _ignored(r: ImportResult, lang: str) -> str:
    """The summary's note of the sheets left out (notes, hidden); nothing when none were."""
    if not r.ignored_sheets:
        return ""
    names = ", ".join(r.ignored_sheets)
    return f"；已忽略工作表：{names}" if lang == "zh" else f"; sheets ignored: {names}"


def _counts(r: ImportResult, lang: str) -> str:
    """Rows added, changed and unchanged (新增 / 变更 / 未变)."""
    if lang == "zh":
        return f"新增 {r.added} 行、变更 {r.changed} 行、未变 {r.unchanged} 行"
    return f"{r.added} added, {r.changed} changed, {r.unchanged} unchanged"


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
            rows = "" if msg.rows is None else f"{msg.rows:,} 行" if lang == "zh" else f"{msg.rows:,} rows"
            bar.update(tasks[msg.phase], description=label, rows=rows, completed=msg.done, total=msg.total)

        return ws.import_file(file, entity=entity, dry_run=dry_run, progress=show)


def validate(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    entity: str | None = typer.Option(None, "--entity", help=f"One of: {ENTITIES} (guessed if omitted)."),
) -> None:
    """Check a file without writing anything (a dry run of import). Exit 2 if it has problems.

    Example: pacesetter validate figures.csv   (a filled template, or an edited export)
    """
    r = _run(ctx, file, entity, True)
    lang = state(ctx).lang
    if lang == "zh":
        line = f"{file}：{SPECS[r.entity].zh} {r.rows} 行有效（导入将{_counts(r, lang)}）"
    else:
        line = f"{file}: {r.rows} {r.entity} rows are valid (on import: {_counts(r, lang)})"
    console.print(line + _encoding(r, lang) + _ignored(r, lang), highlight=False)


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    entity: str | None = typer.Option(None, "--entity", help=f"One of: {ENTITIES} (guessed if omitted)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate only; write nothing."),
) -> None:
    """Import a file in one transaction: every row lands, or none (exit 2 with every problem).

    An edited export updates what changed and adds what is new; changes are audited, and a
    registry row (park, policy, enterprise) whose record changed since its version is refused.

    Example: pacesetter import figures.csv   (a filled template, or an edited export)
    """
    r = _run(ctx, file, entity, dry_run)
    lang = state(ctx).lang
    if lang == "zh":
        line = f"{'将导入' if dry_run else '已导入'} {file} 的{SPECS[r.entity].zh}：{_counts(r, lang)}"
    else:
        line = f"{'would import' if dry_run else 'imported'} {r.entity} from {file}: {_counts(r, lang)}"
    console.print(line + _encoding(r, lang) + _ignored(r, lang), highlight=False)


def export(
    ctx: typer.Context,
    entity: str = typer.Argument(..., help=f"One of: {ENTITIES}."),
    fmt: str | None = typer.Option(None, "--format", help=f"{', '.join(FORMATS)} (default: from -o)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
) -> None:
    """Export every row of an entity; export then import is lossless.

    Example: pacesetter export observations --format parquet -o obs.parquet
    """
    n = state(ctx).workspace().export(entity, output, fmt)
    console.print(f"wrote {n} {entity} rows to {output}")


def attach(app: typer.Typer) -> None:
    """Attach the file commands to the root app."""
    app.command("template")(template)
    app.command("validate")(validate)
    app.command("import")(import_)
    app.command("export")(export)
