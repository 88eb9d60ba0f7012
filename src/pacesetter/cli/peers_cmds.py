"""`pacesetter peers`: a city against all its peers, one common year per indicator."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from pacesetter.cli.formats import check_output_file
from pacesetter.cli.options import console, existing_folders, state
from pacesetter.i18n import t
from pacesetter.model.provenance import source_note
from pacesetter.model.units import unit_label

if TYPE_CHECKING:  # pandas and SciPy load only in the commands that run
    from pacesetter.assess.peer_table import PeerTable


def peers(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region"),
    year: int | None = typer.Option(None, "--year", min=1949, metavar="N"),  # PRC statistics begin in 1949
    output: Path | None = typer.Option(None, "-o", "--output"),
    config_dir: list[Path] = typer.Option([], "--config-dir"),
) -> None:
    """The city against all its peers, one common year per indicator (help: cli.peers)."""
    st = state(ctx)
    check_output_file(output, (".xlsx",), st.lang)  # a workbook, under a name Excel opens as one
    existing_folders(config_dir, "--config-dir", st.lang)
    ws = st.workspace(must_exist=True)
    result = ws.peers(region, year, config_dirs=config_dir)
    names = ws.region_names(st.lang)
    _render(result, names, st.lang)
    if output is not None:
        result.write_xlsx(output, names, st.lang)
        console.print(t("cli.wrote", st.lang, path=output), markup=False, highlight=False)


def _render(p: PeerTable, names: dict[str, str], lang: str) -> None:
    import pandas as pd

    from pacesetter.assess.export import reason_text
    from pacesetter.io.frames import records_of

    zh = lang == "zh"
    label = "name_zh" if zh else "name_en"
    ind_names = dict(zip(p.table["indicator_id"], p.table[label], strict=True))
    ind_names.update(zip(p.missing["indicator_id"], p.missing[label], strict=True))
    console.print(p.coverage.text(lang, ind_names), highlight=False, soft_wrap=True)
    notes: list[str] = []
    for _, rows in p.table.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        table = Table(title=t("cli.peers.title", lang, indicator=first[label], year=first["year"],
                                n=first["n_regions"]))
        for head in ("rank", "city", "value"):
            table.add_column(t(f"cli.peers.{head}", lang))
        for r in records_of(rows.sort_values(["rank", "region_code"], na_position="last")):
            city = names.get(str(r["region_code"]), str(r["region_code"]))
            if r["region_code"] == p.region_code:
                city = f"▶ {city}"
            if pd.isna(r["value"]):
                table.add_row("—", Text(city), Text(t("cli.peers.no_figure", lang)))
                continue
            note = source_note(str(r["source"]), r["vintage"], str(r["status"]), flags=str(r["flags"]),
                               derived_from=str(r["derived_from"]), publisher=r["publisher"],
                               document=r["document"], source_kind=r["source_kind"], lang=lang)
            if note not in notes:
                notes.append(note)
            rank = f"{int(r['rank'])}" + ("=" if r["tied"] else "")
            unit = unit_label(str(r["unit"]), lang)
            table.add_row(rank, Text(city), Text(f"{r['value']:g} {unit} [{notes.index(note) + 1}]"))
        console.print(table)
    for m in records_of(p.missing):
        reason = reason_text(m["reason"], lang, year=p.year, focus=names.get(p.region_code, p.region_code))
        console.print(f"· {m[label]}: {reason}", highlight=False)
    console.print(t("cli.overview.sources", lang))
    for n, note in enumerate(notes, start=1):
        console.print(f"[{n}] {note}", markup=False, highlight=False, soft_wrap=True)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter peers`."""
    app.command("peers")(peers)
