"""Data commands: init, list, show, overview (help and messages: ``cli.<command>`` in the catalogue)."""

from __future__ import annotations

import math
import sys
from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from pacesetter.cli.bars import progress_bar
from pacesetter.cli.options import UsageError, console, state
from pacesetter.cli.remote import workspace_or_server
from pacesetter.i18n import catalogue, t
from pacesetter.io.specs import SPECS
from pacesetter.model.periods import Period
from pacesetter.model.provenance import flag_label, origin_note, source_note, status_label
from pacesetter.model.units import unit_label
from pacesetter.render.numbers import format_gap

if TYPE_CHECKING:  # pandas and the workspace load only in the commands that run
    import pandas as pd

LISTABLE = ["regions", "indicators", "chains", "segments", "enterprises", "parks", "projects",
            "policies", "targets", "industries"]
HELP_VALUES = {"listable": LISTABLE}
SHOW_COLUMNS = ["region", "period", "value", "unit", "derived", "status", "vintage", "flags", "source",
                "origin", "quote", "n_conflicting"]


def init(
    ctx: typer.Context,
    demo: bool = typer.Option(False, "--demo"),
    force: bool = typer.Option(False, "--force"),
    synthetic: bool = typer.Option(True, "--synthetic/--no-synthetic"),
) -> None:
    """Create the database, with the demo data on --demo (help: cli.init)."""
    from pacesetter.workspace import refuse_unless_duckdb, remove_database

    st = state(ctx)
    path = st.settings.db
    if path.exists():
        refuse_unless_duckdb(path)  # --force never deletes a file that is not a database
        if not force:
            console.print(t("cli.init.exists", st.lang, path=path), markup=False, highlight=False)
            raise typer.Exit(1)
        remove_database(path)
    ws = st.workspace()
    if demo:
        # a bar on stderr, each step named by its message (several seconds in all)
        with progress_bar(st.lang, label=lambda step: t(step, st.lang)) as show:
            counts = ws.load_demo(progress=show, synthetic=synthetic)
        table = Table(title=f"{path}")
        table.add_column(t("cli.init.table", st.lang))
        table.add_column(t("cli.init.rows", st.lang), justify="right")
        for name, n in counts.items():
            table.add_row(name, str(n))
        console.print(table)
    else:
        ws.con  # noqa: B018 (opening creates the file and its schema)
        console.print(t("cli.init.created", st.lang, path=path), markup=False, highlight=False)


def list_(
    ctx: typer.Context,
    what: str = typer.Argument(...),
    fmt: str = typer.Option("table", "--format"),
) -> None:
    """List a table of the store (help: cli.list).

    A listing shows one language: the ``_zh`` columns in zh, the ``_en`` ones in en, under the
    headers the import spec of the table gives them (the field name where it has none).
    """
    lang = state(ctx).lang
    if what not in LISTABLE:
        raise UsageError(t("cli.list.choose", lang, listable=t("cli.list_sep", lang).join(LISTABLE)))
    df = workspace_or_server(ctx).table(what)
    other = "_en" if lang == "zh" else "_zh"
    df = df[[c for c in df.columns if not str(c).endswith(other)]]
    if fmt == "table":  # code words for people; csv and json keep the codes for scripts
        words = catalogue(lang)
        for col in ("level", "frequency", "kind", "polarity"):
            if col in df.columns:
                df = df.assign(**{col: df[col].map(lambda v, c=col: words.get(f"common.words.{c}.{v}", v))})
        if "period_kinds" in df.columns:  # a list of kinds per indicator
            df = df.assign(period_kinds=df["period_kinds"].map(
                lambda ks: [words.get(f"common.words.period_kinds.{k}", k) for k in ks]
                if hasattr(ks, "__len__") and not isinstance(ks, str) else ks))
        if "unit" in df.columns:
            df = df.assign(unit=df["unit"].map(lambda u: unit_label(u, lang) if isinstance(u, str) else u))
        if what == "chains" and "category" in df.columns:
            df = df.assign(category=df["category"].map(lambda v: words.get(f"chains.category.{v}", v)))
    spec = SPECS.get(what)
    heads = {c.name: c.zh if lang == "zh" else c.en for c in spec.columns} if spec else {}
    if what == "projects" and lang == "zh":  # the bureau workbook's headers (Chinese only)
        from pacesetter.registry.excel import COLUMNS

        heads |= {c.field: c.zh for c in COLUMNS}
    # a field no import spec names: the catalogue's header for it where it has one
    known = catalogue(lang)
    heads = {str(c): heads.get(str(c)) or known.get(f"outputs.column.{c}", str(c)) for c in df.columns}
    _print_frame(df, fmt, lang, title=spec.zh if spec and lang == "zh" else what,
                 headers=[heads.get(str(c), str(c)) for c in df.columns])


def show(
    ctx: typer.Context,
    indicator: str = typer.Argument(...),
    region: list[str] = typer.Option(["370200"], "--region", "-r"),
    fmt: str = typer.Option("table", "--format"),
    all_sources: bool = typer.Option(False, "--all-sources"),
) -> None:
    """One indicator for one or more regions, each row sourced (help: cli.show)."""
    st = state(ctx)
    ws = workspace_or_server(ctx)
    lang = st.lang
    ind = ws.indicator(indicator)
    df = ws.show(indicator, region, lang=lang, all_sources=all_sources)
    df["status"] = df["status"].map(lambda s: status_label(str(s), lang))
    df["flags"] = df["flags"].map(lambda f: flag_label(f, lang) if isinstance(f, str) else f)
    df["unit"] = df["unit"].map(lambda u: unit_label(str(u), lang))
    # a derived figure says so next to its value, in every format
    df["derived"] = df["derived_from"].map(lambda f: t("cli.show.derived", lang, formula=f) if f else "")
    df["origin"] = [origin_note(p, d, k, lang) for p, d, k in
                    zip(df["publisher"], df["document"], df["source_kind"], strict=True)]
    name_col = "name_zh" if lang == "zh" else "name_en"
    # a table lists the quotes (the published sentences) under it, whole, rather than in a column
    # too narrow to read; in English it leaves them (Chinese text) to csv and json
    columns = [c for c in SHOW_COLUMNS if not (c == "quote" and fmt == "table")]
    _print_frame(df[columns], fmt, lang, title=f"{ind[name_col]} ({unit_label(str(ind['unit']), lang)})",
                 headers=[t(f"cli.show.columns.{c}", lang) for c in columns])
    quoted = df[df["quote"].fillna("").astype(str).str.strip() != ""]
    if fmt == "table" and lang == "zh" and not quoted.empty:
        console.print(t("cli.show.quotes", lang), highlight=False)
        for row in quoted.itertuples():
            console.print(t("cli.show.quote_line", lang, region=row.region, period=row.period,
                            quote=str(row.quote).strip()), markup=False, highlight=False, soft_wrap=True)
    missing = [c for c in dict.fromkeys(region) if c not in set(df["region_code"])]
    if fmt == "table" and missing:  # a region asked for with no figure is said so, not left out
        named = ws.table("regions").set_index("code")[f"name_{lang}"]
        for code in missing:
            console.print(t("cli.show.none", lang, region=f"{code} {named.get(code, '')}".strip()),
                          markup=False, highlight=False)
    conflicted = df[df["n_conflicting"] > 0]
    if fmt == "table" and not conflicted.empty:
        regions = " ".join(f"-r {r}" for r in region)
        console.print(
            t("cli.show.conflicts", lang, periods=t("cli.list_sep", lang).join(conflicted["period"]),
              n=int(conflicted["n_conflicting"].sum()), flagged=int(conflicted["n_flagged"].sum()),
              command=f"pacesetter show {indicator} {regions} --all-sources"),
            markup=False, highlight=False, soft_wrap=True)


def overview(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region"),
    peer: str = typer.Option("330200", "--peer"),
) -> None:
    """Headline indicators of a city against a peer, every figure sourced (help: cli.overview)."""
    import pandas as pd

    st = state(ctx)
    ws = st.workspace()
    lang = st.lang
    zh = lang == "zh"
    name = "name_zh" if zh else "name_en"
    a, b = ws.region(region), ws.region(peer)
    rows = ws.overview(region, peer)
    names = dict(zip(rows["indicator_id"], rows[name], strict=True))
    console.print(rows.attrs["coverage"].text(lang, names), highlight=False, soft_wrap=True)
    table = Table(title=t("cli.overview.title", lang, a=a[name], b=b[name]))
    table.add_column(t("cli.overview.indicator", lang), overflow="fold", min_width=12)
    for head in (t("cli.overview.year", lang), str(a[name]), str(b[name]), t("cli.overview.gap", lang)):
        table.add_column(head, justify="right", overflow="fold")
    notes: list[str] = []
    for r in rows.to_dict("records"):
        cells: list[str] = []
        for side in ("region", "peer"):
            if pd.isna(r[f"{side}_value"]):
                cells.append("—")
                continue
            notes.append(_source_note(r, side, len(notes) + 1, zh))
            when = "" if r["common"] else f" ({Period.parse(str(r[f'{side}_period'])).label(st.lang)})"
            derived = t("cli.overview.derived", lang) if r[f"{side}_derived_from"] else ""
            cells.append(f"{_fmt_value(r[f'{side}_value'], str(r[f'{side}_unit']), zh)}{derived}{when} "
                         f"[{len(notes)}]")
        no_gap = r["gap"] is None or pd.isna(r["gap"])
        gap = "—" if no_gap else format_gap(float(r["gap"]), str(r["gap_unit"]), lang)
        year = Period.parse(str(r["year"])).label(st.lang) if r["common"] else "*"
        table.add_row(str(r[name]), year, *cells, gap)
    console.print(table)
    console.print("* " + t("cli.overview.no_common_year", lang))
    console.print(t("cli.overview.sources", lang))
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
    unit = unit_label(unit, "zh" if zh else "en")
    return f"{text}{'' if unit == '%' else ' '}{unit}"


def _print_frame(df: pd.DataFrame, fmt: str, lang: str, *, title: str = "",
                 headers: list[str] | None = None) -> None:
    """A frame as csv or json on stdout (unwrapped, for scripts, under its field names) or as a
    table for people (under ``headers``, the field names where none are given)."""
    if fmt == "csv":  # a list cell as the templates write one (a;b), not Python's ['a' 'b']
        import numpy as np

        listed = df.apply(lambda col: col.map(lambda v: ";".join(map(str, v))
                                              if isinstance(v, list | tuple | np.ndarray) else v))
        sys.stdout.write(listed.to_csv(index=False))
        return
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, date_format="iso") + "\n")
        return
    if fmt != "table":
        raise UsageError(t("cli.bad_format", lang))
    heads = headers or [str(c) for c in df.columns]
    rows = [[_cell(v, lang) for v in row] for row in df.itertuples(index=False)]
    if len(rows) > LONG_TABLE:
        _print_long(title, heads, rows)
        return
    table = Table(title=title)
    for head in heads:
        table.add_column(head, overflow="fold")
    for cells in rows:
        table.add_row(*cells)
    console.print(table)


LONG_TABLE = 300  # rows beyond which a table is printed as aligned text


def _print_long(title: str, heads: list[str], rows: list[list[str]]) -> None:
    """A long table as aligned columns of text: rich measures and wraps every cell of a boxed
    table, which takes seconds for thousands of rows (``list regions``: 3,346); this takes
    milliseconds and stays readable, greppable and the same for people and pipes."""
    from rich.cells import cell_len

    widths = [max(cell_len(h), *(cell_len(r[i]) for r in rows)) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - cell_len(c)) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [title] if title else []
    out += [line(heads), "  ".join("─" * w for w in widths), *(line(r) for r in rows)]
    sys.stdout.write("\n".join(out) + "\n")


def _cell(v: object, lang: str) -> str:
    import pandas as pd

    # pd.isna takes any object; pandas-stubs' overloads list only known scalar and array types
    if hasattr(v, "__len__") and not isinstance(v, str):  # a list column (VARCHAR[]) read as an array
        return t("cli.list_sep", lang).join(map(str, v))  # type: ignore[call-overload]
    if v is None or pd.isna(v):  # type: ignore[call-overload]
        return "—"
    if isinstance(v, bool) or type(v).__name__ == "bool_":  # Python's or NumPy's
        return t("common.yes" if v else "common.no", lang)
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def attach(app: typer.Typer) -> None:
    """Attach the data commands to the root app."""
    app.command("init")(init)
    app.command("list")(list_)
    app.command("show")(show)
    app.command("overview")(overview)
