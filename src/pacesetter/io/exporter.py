"""Export entities and write import templates (CSV, Excel, Parquet) with bilingual headers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from pacesetter.errors import InputError
from pacesetter.io.progress import Progress, Step
from pacesetter.io.specs import Column, EntitySpec, spec

if TYPE_CHECKING:  # FORMATS is read by `pacesetter export --help`, which needs neither
    import duckdb
    import pandas as pd

FORMATS = ("csv", "xlsx", "parquet")


def frame_for_export(con: duckdb.DuckDBPyConnection, entity: str) -> pd.DataFrame:
    """The entity's rows as text-ready columns: lists joined by ``;``, dates ISO.

    Registry records carry their version (an import of the edited file detects conflicts by
    it); soft-deleted records are left out, as every list leaves them out.
    """
    s = spec(entity)
    cols = ", ".join(_export_expr(c) for c in s.columns)
    order = ", ".join(f'"{k}"' for k in s.key)
    live = "WHERE NOT deleted" if s.versioned else ""
    return con.execute(f'SELECT {cols} FROM "{s.table}" {live} ORDER BY {order}').df()


def _export_expr(c: Column) -> str:
    q = f'"{c.name}"'
    if c.type == "list":
        return f"array_to_string({q}, ';') AS {q}"
    if c.type == "date":
        return f"strftime({q}, '%Y-%m-%d') AS {q}"
    return q


def export_entity(con: duckdb.DuckDBPyConnection, entity: str, path: Path, fmt: str | None = None,
                  progress: Progress | None = None) -> int:
    """Write every row of ``entity`` to ``path``; return the row count.

    ``progress`` hears the rows written to an Excel sheet, then the saving of the file (the
    slow part of a large export; CSV and Parquet are written in one call).
    """
    s = spec(entity)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputError(f"cannot export to {fmt!r}; choose one of {', '.join(FORMATS)}")
    df = frame_for_export(con, entity)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        out = df.rename(columns={c.name: c.header for c in s.columns})
        if fmt == "csv":
            out.to_csv(path, index=False)
        else:
            _write_xlsx(path, s, out, progress)
    return len(df)


def write_template(entity: str, path: Path, fmt: str | None = None) -> None:
    """An empty import template: bilingual headers, an example row in CSV, a help sheet in Excel."""
    s = spec(entity)
    suffix = path.suffix.lstrip(".").lower()
    fmt = fmt or suffix
    if fmt not in ("csv", "xlsx"):
        raise InputError(f"templates are csv or xlsx, not {fmt!r}")
    if suffix != fmt:  # an .xlsx named .csv opens as garbage, and the import refuses it
        raise InputError(f"{path}: a {fmt} template needs a .{fmt} file name")
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    headers = [c.header for c in s.columns]
    example = pd.DataFrame([[s.example.get(c.name, "") for c in s.columns]], columns=headers)
    if fmt == "csv":
        (example if s.example else example.iloc[:0]).to_csv(path, index=False)
    else:
        _write_xlsx(path, s, example if s.example else example.iloc[:0])


def _write_xlsx(path: Path, s: EntitySpec, df: pd.DataFrame, progress: Progress | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from pacesetter.io.workbook import append_table
    from pacesetter.model.units import UNITS

    wb = Workbook(write_only=False)
    ws = cast(Worksheet, wb.active)  # a new workbook's one sheet
    ws.title = s.name
    append_table(ws, df, progress)
    help_ws = wb.create_sheet("说明 README")
    help_ws.append(["列 column", "中文", "English", "类型 type", "必填 required", "说明 notes"])
    for c in s.columns:
        notes = c.help or (", ".join(c.choices) if c.choices else "")
        help_ws.append([c.name, c.zh, c.en, c.type, "是 yes" if c.required else "否 no", notes])
    if any(c.type == "unit" for c in s.columns):
        help_ws.append([])
        help_ws.append(["单位 units", "English", "", "", "", ""])
        for u in UNITS.values():
            help_ws.append([u.symbol, u.en])
    if progress:  # the bar waits, without a measure, while openpyxl writes the file
        progress(Step("saving", "save", rows=len(df)))
    wb.save(path)
