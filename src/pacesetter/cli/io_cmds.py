"""File commands: template, validate, import, export (help and messages: ``cli.<command>``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pacesetter.cli.bars import progress_bar
from pacesetter.cli.options import console, state
from pacesetter.cli.remote import served
from pacesetter.i18n import t
from pacesetter.io.exporter import FORMATS
from pacesetter.io.specs import SPECS

if TYPE_CHECKING:  # the importer loads pandas and DuckDB: only the commands that run need them
    from pacesetter.io.importer import ImportResult

HELP_VALUES = {"entities": list(SPECS), "formats": FORMATS}


def template(
    ctx: typer.Context,
    entity: str = typer.Argument(...),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path = typer.Option(..., "-o", "--output"),
) -> None:
    """Write an import template (help: cli.template)."""
    from pacesetter.workspace import write_template

    lang = state(ctx).lang
    write_template(entity, output, fmt, lang)
    console.print(t("cli.wrote", lang, path=output), markup=False, highlight=False)
    if entity == "projects":  # the bureau's workbook: Chinese headers in either language
        console.print(t("io.projects_template_note", lang), markup=False, highlight=False)


def _encoding(r: ImportResult, lang: str) -> str:
    """The summary's note of the CSV's detected encoding; nothing for formats without one (Excel, Parquet)."""
    if r.encoding is None:
        return ""
    return t("cli.io.encoding", lang, encoding=t(f"io.encoding.{r.encoding}", lang))


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
    when done. Through the server while one holds the database (pacesetter.cli.remote)."""
    if (remote := served(ctx)) is not None:
        return remote.import_file(file, entity=entity, dry_run=dry_run)
    ws = state(ctx).workspace()
    lang = state(ctx).lang
    with progress_bar(lang) as show:
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
    remote = served(ctx)
    if remote is not None:
        n = remote.export(entity, output, fmt)
    else:
        with progress_bar(lang) as show:  # an Excel file of every observation takes a while
            n = state(ctx).workspace().export(entity, output, fmt, progress=show, lang=lang)
    # n is None from a server that does not say how many rows it wrote
    done = t("cli.wrote", lang, path=output) if n is None else \
        t("cli.export.done", lang, n=n, entity=_entity(entity, lang), path=output)
    console.print(done, markup=False, highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach the file commands to the root app."""
    app.command("template")(template)
    app.command("validate")(validate)
    app.command("import")(import_)
    app.command("export")(export)
