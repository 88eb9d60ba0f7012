"""File commands: template, validate, import, export."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from pacesetter.cli.options import console, err_console, state
from pacesetter.io.exporter import FORMATS
from pacesetter.io.importer import ImportResult
from pacesetter.io.readers import ENCODING_LABELS
from pacesetter.io.specs import SPECS
from pacesetter.workspace import write_template

ENTITIES = ", ".join(SPECS)


def template(
    entity: str = typer.Argument(..., help=f"One of: {ENTITIES}."),
    fmt: str = typer.Option("xlsx", "--format", help="xlsx or csv."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
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


def _run(ctx: typer.Context, file: Path, entity: str | None, dry_run: bool) -> ImportResult:
    ws = state(ctx).workspace()
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, transient=True) as bar:
        task = bar.add_task("starting", total=None)
        return ws.import_file(file, entity=entity, dry_run=dry_run,
                              progress=lambda msg: bar.update(task, description=msg))


def validate(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    entity: str | None = typer.Option(None, "--entity", help=f"One of: {ENTITIES} (guessed if omitted)."),
) -> None:
    """Check a file without writing anything (a dry run of import). Exit 2 if it has problems.

    Example: pacesetter validate figures.csv   (a filled template, or an edited export)
    """
    r = _run(ctx, file, entity, True)
    if state(ctx).lang == "zh":
        line = f"{file}：{SPECS[r.entity].zh} {r.rows} 行有效（库中已有 {r.unchanged} 行）"
    else:
        line = f"{file}: {r.rows} {r.entity} rows are valid ({r.unchanged} already in the store)"
    console.print(line + _encoding(r, state(ctx).lang), highlight=False)


def import_(
    ctx: typer.Context,
    file: Path = typer.Argument(..., help="CSV, XLSX or Parquet file."),
    entity: str | None = typer.Option(None, "--entity", help=f"One of: {ENTITIES} (guessed if omitted)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate only; write nothing."),
) -> None:
    """Import a file in one transaction: every row lands, or none (exit 2 with every problem).

    Example: pacesetter import figures.csv   (a filled template, or an edited export)
    """
    r = _run(ctx, file, entity, dry_run)
    if state(ctx).lang == "zh":
        verb = "将导入" if dry_run else "已导入"
        line = f"{verb} {file} 的{SPECS[r.entity].zh} {r.rows - r.unchanged} 行（{r.unchanged} 行未变）"
    else:
        verb = "would import" if dry_run else "imported"
        line = f"{verb} {r.rows - r.unchanged} {r.entity} rows from {file} ({r.unchanged} unchanged)"
    console.print(line + _encoding(r, state(ctx).lang), highlight=False)


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
