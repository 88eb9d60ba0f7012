"""`pacesetter report`: the month's pack of a region as one Word document and one workbook."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from pacesetter.cli.options import console, state


def report(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region", help="Region code (GB/T 2260)."),
    period: str = typer.Option(..., "--period", help="The month, e.g. 2022-08 (2022-02 for 1-2月)."),
    output: Path = typer.Option(..., "-o", "--output", help="Folder to write the .docx and .xlsx into."),
    lang: str | None = typer.Option(None, "--lang", help="zh or en (default: the global --lang)."),
) -> None:
    """月度报告 Write the month's pack: bulletin, warnings, growth needed, assessment, chains.

    One .docx (A4, laid out as GB/T 9704 lays out a report) and one .xlsx (a sheet per part,
    each figure with its unit, period, source and release date) in the folder -o.

    Example: pacesetter report --region 370200 --period 2022-08 -o pack
    """
    st = state(ctx)
    language = lang or st.lang
    if language not in ("zh", "en"):
        raise typer.BadParameter("--lang must be zh or en")
    docx, xlsx = st.workspace(must_exist=True).report(region, period, output, language)
    for path in (docx, xlsx):
        console.print(f"{'已写入' if language == 'zh' else 'wrote'} {escape(str(path))}", highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach the report command to the root app."""
    app.command("report")(report)
