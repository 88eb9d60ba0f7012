"""Data commands: init, list, show, overview."""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd
import typer
from rich.table import Table

from pacesetter.cli.options import console, state, workspace
from pacesetter.model.periods import Period
from pacesetter.model.provenance import origin_note, source_note, status_label
from pacesetter.model.units import normalise_unit
from pacesetter.workspace import refuse_unless_duckdb, remove_database

LISTABLE = ["regions", "indicators", "chains", "segments", "enterprises", "parks", "projects",
            "policies", "targets", "industries"]


def init(
    ctx: typer.Context,
    demo: bool = typer.Option(False, "--demo", help="Load the embedded Qingdao dataset."),
    force: bool = typer.Option(False, "--force", help="Delete an existing database first."),
    synthetic: bool = typer.Option(
        True, "--synthetic/--no-synthetic",
        help="With --demo: add the synthetic scenario (planned dates, tasks; marked synthetic) or not."),
) -> None:
    """Create the database (and load the embedded dataset with --demo).

    --demo also adds a seeded synthetic scenario (planned dates, supervision tasks), marked
    synthetic wherever it shows; --no-synthetic leaves it out (real published data only).

    Example: pacesetter init --demo
    """
    st = state(ctx)
    path = st.settings.db
    if path.exists():
        refuse_unless_duckdb(path)  # --force never deletes a file that is not a database
        if not force:
            console.print(f"数据库 {path} 已存在；如需重建请加 --force" if st.lang == "zh"
                          else f"database {path} exists; use --force to recreate it")
            raise typer.Exit(1)
        remove_database(path)
    ws = st.workspace()
    if demo:
        with console.status("loading the embedded dataset…") as status:
            counts = ws.load_demo(progress=status.update, synthetic=synthetic)
        table = Table(title=f"{path}")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, n in counts.items():
            table.add_row(name, str(n))
        console.print(table)
    else:
        ws.con  # noqa: B018 (opening creates the file and its schema)
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
    df = workspace(ctx).table(what)
    _print_frame(df, fmt, title=what)


def show(
    ctx: typer.Context,
    indicator: str = typer.Argument(..., help="Indicator id, e.g. gdp."),
    region: list[str] = typer.Option(["370200"], "--region", "-r", help="Region code(s)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    all_sources: bool = typer.Option(False, "--all-sources",
                                     help="Every source and vintage, not only the preferred row."),
) -> None:
    """One indicator for one or more regions, every row with its source and original publisher.

    Example: pacesetter show gdp -r 370200 -r 330200 --all-sources
    """
    st = state(ctx)
    ws = st.workspace()
    zh = st.lang == "zh"
    ind = ws.indicator(indicator)
    df = ws.show(indicator, region, lang=st.lang, all_sources=all_sources)
    df["status"] = df["status"].map(lambda s: status_label(str(s), st.lang))
    # a derived figure says so next to its value, in every format
    df["derived"] = df["derived_from"].map(lambda f: (f"推算值：{f}" if zh else f"derived: {f}") if f else "")
    df["origin"] = [origin_note(p, d, k, st.lang) for p, d, k in
                    zip(df["publisher"], df["document"], df["source_kind"], strict=True)]
    name_col = "name_zh" if zh else "name_en"
    cols = ["region", "period", "value", "unit", "derived", "status", "vintage", "flags", "source",
            "origin", "n_conflicting"]
    _print_frame(df[cols], fmt, title=f"{ind[name_col]} ({ind['unit']})")
    conflicted = df[df["n_conflicting"] > 0]
    if fmt == "table" and not conflicted.empty:
        periods = ("、" if zh else ", ").join(conflicted["period"])
        flagged = int(conflicted["n_flagged"].sum())
        regions = " ".join(f"-r {r}" for r in region)
        n = int(conflicted["n_conflicting"].sum())
        console.print(
            f"{periods}：另有 {n} 个来源给出不同数值（其中 {flagged} 个带可靠性标记）；"
            f"查看全部：pacesetter show {indicator} {regions} --all-sources" if zh else
            f"{periods}: {n} other source(s) give another value ({flagged} flagged); "
            f"see them all: pacesetter show {indicator} {regions} --all-sources",
            markup=False, highlight=False, soft_wrap=True)


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
    ws = st.workspace()
    zh = st.lang == "zh"
    name = "name_zh" if zh else "name_en"
    a, b = ws.region(region), ws.region(peer)
    rows = ws.overview(region, peer)
    names = dict(zip(rows["indicator_id"], rows[name], strict=True))
    console.print(rows.attrs["coverage"].text(st.lang, names), highlight=False, soft_wrap=True)
    table = Table(title=f"{a[name]} vs {b[name]}" + (" 主要指标" if zh else ": headline indicators"))
    for head in (("指标", "Indicator"), ("年份", "Year"), (str(a[name]), str(a[name])),
                 (str(b[name]), str(b[name])), ("差距", "Gap")):
        table.add_column(head[0] if zh else head[1], justify="left" if head[0] == "指标" else "right",
                         overflow="fold", min_width=12 if head[0] == "指标" else None)
    notes: list[str] = []
    for r in rows.to_dict("records"):
        cells: list[str] = []
        for side in ("region", "peer"):
            if pd.isna(r[f"{side}_value"]):
                cells.append("—")
                continue
            notes.append(_source_note(r, side, len(notes) + 1, zh))
            when = "" if r["common"] else f" ({Period.parse(str(r[f'{side}_period'])).label(st.lang)})"
            derived = ("（推算）" if zh else " (derived)") if r[f"{side}_derived_from"] else ""
            cells.append(f"{_fmt_value(r[f'{side}_value'], str(r[f'{side}_unit']), zh)}{derived}{when} "
                         f"[{len(notes)}]")
        gap = "—" if r["gap"] is None or pd.isna(r["gap"]) else _fmt_value(
            r["gap"], str(r["gap_unit"]), zh, signed=True)
        year = Period.parse(str(r["year"])).label(st.lang) if r["common"] else "*"
        table.add_row(str(r[name]), year, *cells, gap)
    console.print(table)
    console.print("* " + ("两市无共同年份，各取最新年份。" if zh else "no common year; each city's latest."))
    console.print("来源 Sources:" if zh else "Sources:")
    for note in notes:
        console.print(note, markup=False, highlight=False, soft_wrap=True)


def _source_note(row: Mapping[Hashable, Any], side: str, n: int, zh: bool) -> str:
    note = source_note(str(row[f"{side}_source"]), row[f"{side}_vintage"], str(row[f"{side}_status"]),
                       flags=str(row[f"{side}_flags"]), derived_from=str(row[f"{side}_derived_from"]),
                       publisher=row[f"{side}_publisher"], document=row[f"{side}_document"],
                       source_kind=row[f"{side}_source_kind"], lang="zh" if zh else "en")
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
    if hasattr(v, "__len__") and not isinstance(v, str):  # a list column (VARCHAR[]) read as an array
        return ";".join(map(str, v))  # type: ignore[call-overload]
    if v is None or pd.isna(v):  # type: ignore[call-overload]
        return "—"
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def attach(app: typer.Typer) -> None:
    """Attach the data commands to the root app."""
    app.command("init")(init)
    app.command("list")(list_)
    app.command("show")(show)
    app.command("overview")(overview)
