"""`pacesetter peers`: a city against all its peers, one common year per indicator."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer
from rich.table import Table
from rich.text import Text

from pacesetter.assess.peer_table import PeerTable
from pacesetter.cli.options import console, state
from pacesetter.io.frames import records_of
from pacesetter.model.provenance import source_note
from pacesetter.model.units import normalise_unit


def peers(
    ctx: typer.Context,
    region: str = typer.Option("370200", "--region", help="The city (GB/T 2260 code)."),
    year: int | None = typer.Option(None, "--year", help="Latest year to consider (default: latest data)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Also write an Excel workbook."),
    config_dir: list[Path] = typer.Option([], "--config-dir", help="Extra folder(s) of framework files."),
) -> None:
    """对标 The city against all its peers on every indicator of its frameworks.

    One common year per indicator (the year with the broadest coverage, the latest on a tie);
    a peer without a figure that year shows "—", never an older figure.

    Example: pacesetter peers --region 370200 -o peers.xlsx
    """
    st = state(ctx)
    ws = st.workspace(must_exist=True)
    result = ws.peers(region, year, config_dirs=config_dir)
    names = ws.region_names(st.lang)
    _render(result, names, st.lang)
    if output is not None:
        result.write_xlsx(output, names, st.lang)
        console.print(f"wrote {output}")


def _render(p: PeerTable, names: dict[str, str], lang: str) -> None:
    zh = lang == "zh"
    label = "name_zh" if zh else "name_en"
    ind_names = dict(zip(p.table["indicator_id"], p.table[label], strict=True))
    ind_names.update(zip(p.missing["indicator_id"], p.missing[label], strict=True))
    console.print(p.coverage.text(lang, ind_names), highlight=False, soft_wrap=True)
    notes: list[str] = []
    for _, rows in p.table.groupby("indicator_id", sort=False):
        first = rows.iloc[0]
        title = (f"{first[label]}（{first['year']}年，{first['n_regions']}个城市有数据）" if zh else
                 f"{first[label]} ({first['year']}, {first['n_regions']} cities with a figure)")
        t = Table(title=title)
        for head in (("排名", "Rank"), ("城市", "City"), ("数值", "Value")):
            t.add_column(head[0] if zh else head[1])
        for r in records_of(rows.sort_values(["rank", "region_code"], na_position="last")):
            city = names.get(str(r["region_code"]), str(r["region_code"]))
            if r["region_code"] == p.region_code:
                city = f"▶ {city}"
            if pd.isna(r["value"]):
                t.add_row("—", Text(city), Text("—" + ("（该年无数据）" if zh else " (no figure that year)")))
                continue
            note = source_note(str(r["source"]), r["vintage"], str(r["status"]), flags=str(r["flags"]),
                               derived_from=str(r["derived_from"]), publisher=r["publisher"],
                               document=r["document"], source_kind=r["source_kind"], lang=lang)
            if note not in notes:
                notes.append(note)
            rank = f"{int(r['rank'])}" + ("=" if r["tied"] else "")
            unit = str(r["unit"]) if zh else normalise_unit(str(r["unit"])).en
            t.add_row(rank, Text(city), Text(f"{r['value']:g} {unit} [{notes.index(note) + 1}]"))
        console.print(t)
    for m in records_of(p.missing):
        reason = "截至该年没有本市与其他对标城市同时有数据的年份" if zh else str(m["reason"])
        console.print(f"· {m[label]}: {reason}", highlight=False)
    console.print("来源 Sources:" if zh else "Sources:")
    for n, note in enumerate(notes, start=1):
        console.print(f"[{n}] {note}", markup=False, highlight=False, soft_wrap=True)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter peers`."""
    app.command("peers")(peers)
