"""`pacesetter structure`: specialisation (RCA), economic complexity and input-output analysis."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.i18n import t

if TYPE_CHECKING:  # pandas and the measures load only in the commands that run
    import pandas as pd

    from pacesetter.structure.io import IOTable
    from pacesetter.workspace.structure import RegistryBasis

# help text: cli.structure.* in the catalogue, filled in when the command loads (cli.lazy.localise)
structure_app = typer.Typer(no_args_is_help=True)
RegistryOpt = typer.Option(None, "--registry")
ThresholdOpt = typer.Option(1.0, "--threshold", min=0.0)
TopOpt = typer.Option(20, "--top", min=1)
TableOpt = typer.Option("china_2020_42", "--table")


def _say(text: str) -> None:
    console.print(escape(text), highlight=False, soft_wrap=True)


def _num(v: object, spec: str = ".2f") -> str:
    """A figure, or — when unknown (never 0)."""
    return "—" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def _table(heads: list[str], rows: list[list[str]], title: str | None = None) -> None:
    out = Table(title=title)
    for h in heads:
        out.add_column(h, overflow="fold")
    for r in rows:
        out.add_row(*(escape(c) for c in r))
    console.print(out)


def _basis(basis: RegistryBasis, lang: str, threshold: float) -> None:
    _say(basis.describe(lang))
    _say(t("structure.measure.threshold", lang, threshold=f"{threshold:g}"))


@structure_app.command("rca")
def rca(ctx: typer.Context, region: str = typer.Option("370200", "--region", "-r"),
        registry: Path | None = RegistryOpt, threshold: float = ThresholdOpt, top: int = TopOpt) -> None:
    """RCA (location quotient) of a region's industries against the nation, with relatedness density."""
    from pacesetter.data.industry_labels import industry_name

    lang = state(ctx).lang
    ws = state(ctx).workspace(must_exist=True)
    found = ws.structure.rca(region, registry=registry, threshold=threshold)
    name = ws.region_names(lang).get(found.place, found.place)
    _basis(found.basis, lang, threshold)
    heads = [t("target.column.industry", lang), t("cli.structure.count", lang),
             *(t(f"structure.measure.{k}", lang) for k in ("rca", "presence", "density"))]
    rows = [[industry_name(str(r["industry"]), lang), _num(r["count"], ".0f"), _num(r["rca"]),
             "—" if math.isnan(r["present"]) else t(f"cli.structure.yes_no.{int(r['present'])}", lang),
             _num(r["density"])] for r in found.rows.head(top).to_dict("records")]
    _table(heads, rows, t("cli.structure.rca_title", lang, region=name))


@structure_app.command("complexity")
def complexity(ctx: typer.Context, registry: Path | None = RegistryOpt, threshold: float = ThresholdOpt,
               top: int = TopOpt) -> None:
    """Economic complexity: ECI of the regions and PCI of the industries (eigenvector method)."""
    from pacesetter.data.industry_labels import industry_name
    from pacesetter.workspace.structure import warning_text

    lang = state(ctx).lang
    ws = state(ctx).workspace(must_exist=True)
    cx, basis = ws.structure.complexity(registry=registry, threshold=threshold)
    names = ws.region_names(lang)
    _basis(basis, lang, threshold)
    for w in cx.warnings[:top]:
        _say(warning_text(w, lang, names))
    eci = cx.eci.dropna().sort_values(ascending=False).head(top)
    _table([t("target.column.region", lang), t("structure.measure.eci", lang),
            t("structure.measure.coi", lang)],
           [[names.get(str(k), str(k)), _num(v), _num(cx.coi.get(k))] for k, v in eci.items()])
    pci = cx.pci.dropna().sort_values(ascending=False).head(top)
    _table([t("target.column.industry", lang), t("structure.measure.pci", lang)],
           [[industry_name(str(k), lang), _num(v)] for k, v in pci.items()])


@structure_app.command("io-multipliers")
def io_multipliers(ctx: typer.Context, table: str = TableOpt,
                   top: int = typer.Option(42, "--top", min=1)) -> None:
    """Multipliers and linkages of an NBS input-output table, key sectors first."""
    lang = state(ctx).lang
    io, prof = state(ctx).workspace().structure.io_profile(table)
    _table_heading(io, lang)
    order = prof.sort_values(["key_sector", "backward"], ascending=[False, False]).head(top)
    heads = [t("cli.structure.sector", lang), *(t(f"structure.io.{k}", lang) for k in (
        "key_sector", "backward", "forward", "output_multiplier", "va_multiplier", "employment_multiplier"))]
    not_covered = t("common.not_covered", lang)
    rows = [[f"{code} {io.sectors.loc[str(code), lang]!s}",
             t(f"cli.structure.yes_no.{int(r['key_sector'])}", lang),
             _num(r["backward"], ".3f"), _num(r["forward"], ".3f"), _num(r["output"], ".3f"),
             _num(r["value_added"], ".3f"),
             not_covered if math.isnan(r["employment"]) else format(r["employment"], ".4f")]
            for code, r in order.iterrows()]
    title = t("cli.structure.key_sectors", lang, n=int(prof["key_sector"].sum()), total=len(prof))
    _table(heads, rows, title)
    if not io.domestic:  # imports inside the flows: every sector's value-added multiplier is 1
        _say(t("cli.structure.va_imports_note", lang))
    _say(_employment_note(io, prof, lang))


def _employment_note(io: IOTable, prof: pd.DataFrame, lang: str) -> str:
    """What the employment multipliers rest on, or which sectors the employment series lacks."""
    if io.employment is None:
        return t("cli.structure.employment_none", lang)
    if prof["employment"].notna().any():
        return t("cli.structure.employment_note", lang, year=io.employment_year)
    lacking = io.employment.index[io.employment.isna()]
    sectors = t("chains.list_sep", lang).join(f"{c} {io.sectors.loc[str(c), lang]!s}" for c in lacking)
    return t("cli.structure.employment_partial", lang, sectors=sectors)


def _table_heading(io: IOTable, lang: str) -> None:
    """The table's name and year, and its source."""
    _say(t("cli.structure.io_title", lang, table=io.name, year=io.year))
    _say(t(io.source, lang) if io.source.startswith("structure.") else io.source)


def _amount(value: float) -> str:
    """A sum of money in the user's unit, to a precision that shows it (never rounded to 0)."""
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"


@structure_app.command("io-impact")
def io_impact(ctx: typer.Context, sector: str = typer.Option(..., "--sector"),
              output: float = typer.Option(..., "--output"), unit: str | None = typer.Option(None, "--unit"),
              table: str = TableOpt) -> None:
    """What a project's output in one sector adds to total output, value added and employment."""
    from pacesetter.structure.io import UNIT_KEYS, UNITS

    lang = state(ctx).lang
    unit = "wan_yuan" if unit is None else unit  # the default: 万元
    found = state(ctx).workspace().structure.io_impact(sector, output, unit, table)
    per = UNITS[unit]  # 万元 per the user's unit: the results are stated in the unit given
    unit_name = t(f"structure.io.unit.{UNIT_KEYS[unit]}", lang)
    _table_heading(found.table, lang)
    name = f"{found.sector} {found.table.sectors.loc[found.sector, lang]!s}"
    said = {"sector": name, "output": f"{output:,g}", "unit": unit_name,
            "total": _amount(found.total_output / per), "va": _amount(found.value_added / per)}
    if found.employment is None:
        _say(t("cli.structure.impact_no_jobs", lang, **said))
    else:
        jobs = found.employment
        _say(t("cli.structure.impact", lang, **said, jobs=f"{jobs:,.0f}" if jobs >= 10 else f"{jobs:.2g}"))
    _say(t("cli.structure.assumptions", lang))
    for key in found.assumptions:
        _say(f"- {t(key, lang)}")


def attach(app: typer.Typer) -> None:
    """Attach the structure commands to the root app."""
    app.add_typer(structure_app, name="structure")
