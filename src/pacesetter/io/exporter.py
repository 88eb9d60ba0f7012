"""Export entities and write import templates (CSV, Excel, Parquet) with headers in one language.

A header names its column in the reader's language and by its field name (``园区代码 (id)``,
``Park id (id)``), so a file written in either language imports again (``EntitySpec.match_header``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from pacesetter.errors import InputError
from pacesetter.i18n import catalogue, t
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
                  progress: Progress | None = None, lang: str = "zh") -> int:
    """Write every row of ``entity`` to ``path``, headers and notes in ``lang``; return the row count.

    ``progress`` hears the rows written to an Excel sheet, then the saving of the file (the
    slow part of a large export; CSV and Parquet are written in one call).
    """
    s = spec(entity)
    suffix = path.suffix.lstrip(".").lower()
    fmt = fmt or suffix
    if fmt not in FORMATS:
        raise InputError.said("input.error.export_format", fmt=fmt, formats=tuple(FORMATS))
    if suffix in FORMATS and suffix != fmt:  # CSV text in a file named .xlsx opens as garbage
        raise InputError.said("input.error.export_suffix", path=path, fmt=fmt)
    df = frame_for_export(con, entity)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        out = df.rename(columns={c.name: c.heading(lang) for c in s.columns})
        if fmt == "csv":
            out.to_csv(path, index=False)
        else:
            _write_xlsx(path, s, out, lang, progress)
    return len(df)


def write_template(entity: str, path: Path, fmt: str | None = None, lang: str = "zh") -> None:
    """An empty import template in ``lang``: its headers, an example row, a notes sheet in Excel."""
    s = spec(entity)
    suffix = path.suffix.lstrip(".").lower()
    fmt = fmt or suffix
    if fmt not in ("csv", "xlsx"):
        raise InputError.said("input.error.template_format", fmt=fmt)
    if suffix != fmt:  # an .xlsx named .csv opens as garbage, and the import refuses it
        raise InputError.said("input.error.template_suffix", path=path, fmt=fmt)
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    headers = [c.heading(lang) for c in s.columns]
    example = pd.DataFrame([[s.example.get(c.name, "") for c in s.columns]], columns=headers)
    if fmt == "csv":
        (example if s.example else example.iloc[:0]).to_csv(path, index=False)
    else:
        _write_xlsx(path, s, example if s.example else example.iloc[:0], lang)


def _write_xlsx(path: Path, s: EntitySpec, df: pd.DataFrame, lang: str,
                progress: Progress | None = None) -> None:
    """The data sheet (named as the import reads it in either language), then the notes sheet:
    each column's header, type, whether required and its note (``io.readme.*``), and the units."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from pacesetter.io.workbook import append_table
    from pacesetter.model.units import UNITS

    wb = Workbook(write_only=False)
    ws = cast(Worksheet, wb.active)  # a new workbook's one sheet
    ws.title = format(s, lang)
    append_table(ws, df, progress)
    word = catalogue(lang)
    help_ws = wb.create_sheet(word["io.readme.sheet"])
    help_ws.append([word[f"io.readme.{k}"] for k in ("column", "header", "type", "required", "notes")])
    for c in s.columns:
        note = word.get(f"io.readme.help.{c.name}") or t("cli.list_sep", lang).join(c.choices)
        required = word["io.readme.yes" if c.required else "io.readme.no"]
        help_ws.append([c.name, c.heading(lang), c.type, required, note])
    if any(c.type == "unit" for c in s.columns):
        help_ws.append([])
        help_ws.append([word["io.readme.units"], *([word["io.readme.unit_name"]] if lang == "en" else [])])
        for u in UNITS.values():
            help_ws.append([u.symbol, *([u.en] if lang == "en" else [])])
    if progress:  # the bar waits, without a measure, while openpyxl writes the file
        progress(Step("saving", "save", rows=len(df)))
    wb.save(path)
