"""`pacesetter report`: the month's pack of a region as one Word document and one workbook."""

from __future__ import annotations

from pathlib import Path

import typer

from pacesetter.cli.formats import check_output_folder
from pacesetter.cli.options import console, state
from pacesetter.i18n import t


def report(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region"),
    period: str = typer.Option(..., "--period"),
    output: Path = typer.Option(..., "-o", "--output"),
    lang: str | None = typer.Option(None, "--lang"),
) -> None:
    """Write the month's pack of a region as .docx and .xlsx (help: cli.report)."""
    st = state(ctx)
    language = st.language(lang)
    check_output_folder(output, language)  # the pack is two files: -o is their folder, checked first
    docx, xlsx = st.workspace(must_exist=True).report(region, period, output, language)
    for path in (docx, xlsx):
        console.print(t("cli.wrote", language, path=path), markup=False, highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach the report command to the root app."""
    app.command("report")(report)
