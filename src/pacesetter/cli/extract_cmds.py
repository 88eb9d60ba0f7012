"""`pacesetter extract`: a release read into proposed observations (help: cli.extract)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.table import Table

from pacesetter.cli.formats import output_format
from pacesetter.cli.options import UsageError, console, state
from pacesetter.i18n import t

FORMATS = ("table", "json", "xlsx")
SUFFIXES = {".xlsx": "xlsx", ".json": "json"}


def extract(
    ctx: typer.Context,
    source: str | None = typer.Argument(None),
    region: str = typer.Option("370200", "--region"),
    source_url: str | None = typer.Option(None, "--source-url"),
    published: str | None = typer.Option(None, "--published"),
    publisher: str | None = typer.Option(None, "--publisher"),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    accept_confident: bool = typer.Option(False, "--accept-confident"),
    sample: bool = typer.Option(False, "--sample"),
    lang: str | None = typer.Option(None, "--lang"),
) -> None:
    """Propose the figures of a release as observations (help: cli.extract)."""
    from pacesetter.release import review

    st = state(ctx)
    language = st.language(lang)
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(t("cli.extract.bad_format", language, format=fmt))
    fmt = output_format(fmt, output, SUFFIXES, default="table", contradicts="cli.extract.format_contradicts",
                        lang=language)
    if fmt == "xlsx" and output is None:
        raise UsageError(t("cli.extract.needs_output", language))
    if fmt == "xlsx" and output is not None and output.suffix.lower() != ".xlsx":  # r.csv holding a workbook
        raise UsageError(t("cli.extract.xlsx_suffix", language, path=output))
    if fmt == "table" and output is not None:  # a table is for the screen: never a file left unwritten
        raise UsageError(t("cli.extract.table_to_file", language, path=output))
    if source is None and not sample:
        raise UsageError(t("cli.extract.no_source", language))
    day = _published(published, language) if published is not None else None
    ws = st.workspace(must_exist=True)
    found = ws.extract(None if sample else source, region, source_url=source_url,
                       published=day, publisher=publisher)
    if fmt == "json":
        text = review.to_json(found, language)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
            console.print(t("cli.wrote", language, path=output), markup=False, highlight=False)
        else:
            typer.echo(text)
    elif fmt == "xlsx":
        assert output is not None
        review.write_sheet(found, output, language)
        console.print(t("cli.wrote", language, path=output), markup=False, highlight=False)
    else:
        _table(found, language)
    if accept_confident:
        result = ws.land_confident(found, language)
        written = result.written if result else 0
        console.print(t("extract.landed", language, written=written, rest=len(found.proposals) - written),
                      markup=False, highlight=False)


def _published(text: str, lang: str) -> dt.date:
    """The --published date, written as an import's date cells may be (YYYY-MM-DD, 2026年3月1日,
    2026/3/1); a usage error in the user's language naming what was given when it is no date."""
    from pacesetter.io.validate import written_date

    if (day := written_date(text)) is None:
        raise UsageError(t("cli.extract.bad_published", lang, given=text))
    return day


def _table(found: object, lang: str) -> None:
    """The proposals as a table, with the release's header facts and a one-line summary."""
    from pacesetter.release.extract import Extraction
    from pacesetter.release.review import position_text

    assert isinstance(found, Extraction)
    unknown = t("extract.header.unknown", lang)
    for key, value in (("publisher", found.publisher), ("document", found.document),
                       ("published", found.published)):
        line = t("extract.header.line", lang, label=t(f"extract.header.{key}", lang), value=value or unknown)
        console.print(line, markup=False, highlight=False)
    table = Table()
    for key in ("confidence", "indicator", "region", "period", "value", "written", "position"):
        table.add_column(t(f"cli.extract.columns.{key}", lang))
    for p in found.proposals:
        table.add_row(t(f"extract.confidence.{p.confidence}", lang), p.indicator_id or p.name,
                      p.region_code or unknown, _period(p.period, lang) if p.period else unknown,
                      f"{p.value:.{max(p.decimals, 0)}f} {_unit(p.unit, lang)}",
                      p.written, position_text(p.position, lang))
    console.print(table)
    levels = {c: sum(p.confidence == c for p in found.proposals) for c in ("high", "medium", "low")}
    console.print(t("extract.summary", lang, source=found.source, sentences=found.sentences,
                    with_figures=found.with_figures, n=len(found.proposals), **levels),
                  markup=False, highlight=False)


def _period(code: str, lang: str) -> str:
    """A proposal's period as the reader writes it (the code when it is not one the store knows)."""
    from pacesetter.model.periods import Period

    try:
        return Period.parse(code).label(lang)
    except ValueError:
        return code


def _unit(unit: str, lang: str) -> str:
    """A unit in the reader's language; one the catalogue does not know stays as published."""
    from pacesetter.errors import PacesetterError
    from pacesetter.model.units import unit_label

    try:
        return unit_label(unit, lang)
    except (PacesetterError, ValueError, KeyError):
        return unit


def attach(app: typer.Typer) -> None:
    """Attach the extract command to the root app."""
    app.command("extract")(extract)
