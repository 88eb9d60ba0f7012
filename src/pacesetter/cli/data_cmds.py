"""Data commands: init, list, show, overview."""

from __future__ import annotations

import importlib
import math
import sys

import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console, state
from pacesetter.model.periods import Period
from pacesetter.model.provenance import source_note
from pacesetter.model.units import normalise_unit
from pacesetter.store import queries

HEADLINE = [
    "gdp", "gdp_growth", "above_size_industry_va_growth", "secondary_va", "tertiary_va",
    "services_share_gdp", "mfg_va_share_gdp", "fai_growth", "retail_sales", "retail_sales_growth",
    "high_tech_enterprises", "srdi_little_giants", "advanced_mfg_top100_rank", "census_population",
]

# Domains that add demo rows after the core dataset: "module:function", each
# function taking a connection and returning {table: rows added}.
DOMAIN_SEEDS: list[str] = [
    "pacesetter.monitor.synthetic:seed_demo",
    "pacesetter.chains.seed:seed_segments",
    "pacesetter.registry.demo:seed_registry",
]

LISTABLE = ["regions", "indicators", "chains", "segments", "enterprises", "parks", "projects",
            "policies", "targets", "industries"]


def init(
    ctx: typer.Context,
    demo: bool = typer.Option(False, "--demo", help="Load the embedded Qingdao dataset."),
    force: bool = typer.Option(False, "--force", help="Delete an existing database first."),
) -> None:
    """Create the database (and load the embedded dataset with --demo).

    Example: pacesetter init --demo
    """
    from pacesetter.data.demo import load_demo

    st = state(ctx)
    path = st.settings.db
    if path.exists():
        if not force:
            console.print(f"database {path} exists; use --force to recreate it")
            raise typer.Exit(1)
        path.unlink()
        wal = path.with_name(path.name + ".wal")
        if wal.exists():
            wal.unlink()
    con = st.open()
    if demo:
        with console.status("loading the embedded dataset…"):
            counts = load_demo(con)
            for spec in DOMAIN_SEEDS:
                module, func = spec.split(":")
                counts.update(getattr(importlib.import_module(module), func)(con))
        table = Table(title=f"{path}")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, n in counts.items():
            table.add_row(name, str(n))
        console.print(table)
    else:
        console.print(f"created {path}")


def list_(
    ctx: typer.Context,
    what: str = typer.Argument(..., help=f"One of: {', '.join(LISTABLE)}."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """List a table of the store (regions, indicators, chains, ...).

    Example: pacesetter list indicators
    """
    if what not in LISTABLE:
        raise typer.BadParameter(f"choose one of {', '.join(LISTABLE)}")
    df = queries.table(state(ctx).open(), what)
    _print_frame(df, fmt, title=what)


def show(
    ctx: typer.Context,
    indicator: str = typer.Argument(..., help="Indicator id, e.g. gdp."),
    region: list[str] = typer.Option(["370200"], "--region", "-r", help="Region code(s)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """One indicator for one or more regions, every row with its source.

    Example: pacesetter show gdp -r 370200 -r 330200
    """
    st = state(ctx)
    con = st.open()
    ind = queries.indicator(con, indicator)
    df = queries.observations(con, indicator_ids=[indicator], region_codes=region)
    name_col = "name_zh" if st.lang == "zh" else "name_en"
    names = dict(con.execute(f"SELECT code, {name_col} FROM regions").fetchall())
    df.insert(0, "region", df["region_code"].map(names))
    df["period"] = df["period"].map(lambda p: Period.parse(p).label(st.lang))
    cols = ["region", "period", "value", "unit", "status", "vintage", "flags", "source"]
    _print_frame(df[cols], fmt, title=f"{ind[name_col]} ({ind['unit']})")


def overview(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region", help="The city to show."),
    peer: str = typer.Option("330200", "--peer", help="The peer city to compare with."),
) -> None:
    """Headline indicators of a city against a peer, latest common year, every figure sourced.

    Where the two have no year in common, each city's latest year is shown and marked.

    Example: pacesetter overview --region 370200 --peer 330200
    """
    st = state(ctx)
    con = st.open()
    zh = st.lang == "zh"
    name = "name_zh" if zh else "name_en"
    a, b = queries.region(con, region), queries.region(con, peer)
    obs = queries.observations(con, indicator_ids=HEADLINE, region_codes=[region, peer])
    obs = obs[obs["period"].str.fullmatch(r"\d{4}") & ~obs["status"].isin(["target", "expected"])]
    table = Table(title=f"{a[name]} vs {b[name]}" + (" 主要指标" if zh else ": headline indicators"))
    for head in (("指标", "Indicator"), ("年份", "Year"), (str(a[name]), str(a[name])),
                 (str(b[name]), str(b[name])), ("差距", "Gap")):
        table.add_column(head[0] if zh else head[1], justify="left" if head[0] == "指标" else "right",
                         overflow="fold", min_width=12 if head[0] == "指标" else None)
    notes: list[str] = []
    for ind_id in HEADLINE:
        sub = obs[obs["indicator_id"] == ind_id]
        mine, theirs = sub[sub.region_code == region], sub[sub.region_code == peer]
        if mine.empty and theirs.empty:
            continue
        common = set(mine.period) & set(theirs.period)
        ind = queries.indicator(con, ind_id)
        cells: list[str] = []
        rows: list[pd.Series | None] = []
        for part in (mine, theirs):
            pick = part[part.period == max(common)] if common else part[part.period == part.period.max()]
            if pick.empty:
                cells.append("—")
                rows.append(None)
                continue
            row = pick.iloc[0]
            notes.append(_source_note(row, len(notes) + 1, zh))
            when = "" if common else f" ({Period.parse(row['period']).label(st.lang)})"
            cells.append(f"{_fmt_value(row['value'], row['unit'], zh)}{when} [{len(notes)}]")
            rows.append(row)
        gap = "—"
        if common and rows[0] is not None and rows[1] is not None:
            unit = "个百分点" if ind["unit"] == "%" else ind["unit"]
            gap = _fmt_value(rows[0]["value"] - rows[1]["value"], str(unit), zh, signed=True)
        year = Period.parse(max(common)).label(st.lang) if common else "*"
        table.add_row(str(ind[name]), year, *cells, gap)
    console.print(table)
    console.print("* " + ("两市无共同年份，各取最新年份。" if zh else "no common year; each city's latest."))
    console.print("来源 Sources:" if zh else "Sources:")
    for note in notes:
        console.print(note, markup=False, highlight=False, soft_wrap=True)


def _source_note(row: pd.Series, n: int, zh: bool) -> str:
    note = source_note(row["source"], row["vintage"], row["status"], flags=row["flags"],
                       derived_from=row["derived_from"], lang="zh" if zh else "en")
    return f"[{n}] {note}"


def _fmt_value(value: float, unit: str, zh: bool = True, *, signed: bool = False) -> str:
    """As published: no thousands separators in zh, separators in en; the unit always shown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed else ""
    sep = "" if zh else ","
    text = f"{value:{sign}{sep}.2f}".rstrip("0").rstrip(".") if unit not in ("位", "家", "人") \
        else f"{value:{sign}{sep}.0f}"
    if not zh:
        unit = "pp" if unit == "个百分点" else normalise_unit(unit).en
    return f"{text}{'' if unit == '%' else ' '}{unit}"


def _print_frame(df: pd.DataFrame, fmt: str, *, title: str = "") -> None:
    """A frame as csv or json on stdout (unwrapped, for scripts) or as a table for people."""
    if fmt == "csv":
        sys.stdout.write(df.to_csv(index=False))
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, date_format="iso") + "\n")
        return
    if fmt != "table":
        raise typer.BadParameter("--format must be table, csv or json")
    table = Table(title=title)
    for col in df.columns:
        table.add_column(str(col), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*[_cell(v) for v in row])
    console.print(table)


def _cell(v: object) -> str:
    # pd.isna takes any object; pandas-stubs' overloads list only known scalar and array types
    if v is None or (not isinstance(v, list | tuple) and pd.isna(v)):  # type: ignore[call-overload]
        return "—"
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def register(app: typer.Typer) -> None:
    """Attach the data commands to the root app."""
    app.command("init")(init)
    app.command("list")(list_)
    app.command("show")(show)
    app.command("overview")(overview)
