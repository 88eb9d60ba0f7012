"""Read a user's CSV, Excel or Parquet file into a table of strings with row numbers.

Every cell becomes text (dates as ISO strings) so that validation sees what the
user wrote; ``_row`` is the row number the user sees in Excel (header = row 1),
or the 1-based record number in a Parquet file.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pacesetter.errors import ImportRejected, InputError, Issue
from pacesetter.io.specs import SPECS, EntitySpec


@dataclass
class Sheet:
    """One sheet of strings: ``table`` has spec column names plus ``_row``."""

    file: str
    name: str | None
    table: pa.Table | None = None
    sql: str | None = None  # instead of a table: a DuckDB SELECT of _row and the columns as text


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return "csv"
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix == ".parquet":
        return "parquet"
    raise InputError(f"{path}: cannot read {suffix or 'files without a suffix'}; use .csv, .xlsx or .parquet")


Columns = dict[str, pa.Array | pa.ChunkedArray]


def read_raw(path: Path) -> list[tuple[str | None, list[str], Columns]]:
    """Sheets as (sheet name, headers in order, columns of strings)."""
    fmt = detect_format(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if fmt == "csv":
        with path.open(encoding="utf-8-sig", newline="") as fh:
            names = next(csv.reader(fh), [])
        table = pacsv.read_csv(
            path,
            # blank lines stay as rows (staging drops them) so later rows keep their numbers
            parse_options=pacsv.ParseOptions(ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
        return [(None, table.column_names, {n: table.column(n) for n in table.column_names})]
    if fmt == "parquet":
        return [(None, pq.read_schema(path).names, {})]  # read by DuckDB itself, see _parquet_sql
    return _read_xlsx(path)


def _parquet_sql(path: Path, mapped: dict[str, str]) -> str:
    """DuckDB reads the Parquet file directly (no copy through Python), each column as text.

    DuckDB writes doubles in their shortest round-trip form, so no digits are lost;
    ``file_row_number`` gives each record's exact position.
    """
    schema = pq.read_schema(path)
    exprs = []
    for name, src in mapped.items():
        t = schema.field(src).type
        q = '"' + src.replace('"', '""') + '"'
        text = (f"array_to_string({q}, ';')" if pa.types.is_list(t) or pa.types.is_large_list(t)
                else f"CAST({q} AS VARCHAR)")
        exprs.append(f'{text} AS "{name}"')
    where = str(path).replace("'", "''")
    return (f"SELECT file_row_number + 1 AS _row, {', '.join(exprs)} "
            f"FROM read_parquet('{where}', file_row_number = true)")


def _read_xlsx(path: Path) -> list[tuple[str | None, list[str], Columns]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out: list[tuple[str | None, list[str], Columns]] = []
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None or ws.title.startswith(("说明", "README")):
                continue
            headers = [str(h).strip() if h is not None else "" for h in header]
            cols: dict[str, list[str | None]] = {h: [] for h in headers if h}
            last = 0  # blank rows inside the data keep their place, so row numbers match Excel
            for i, row in enumerate(rows, start=1):
                cells = [_cell_text(v) for v in row]
                if any(v not in (None, "") for v in cells):
                    last = i
                for h, v in zip(headers, cells + [None] * (len(headers) - len(cells)), strict=False):
                    if h:
                        cols[h].append(v)
            out.append((ws.title, [h for h in headers if h],
                        {h: pa.array(c[:last], pa.string()) for h, c in cols.items()}))
    finally:
        wb.close()
    return out


def _cell_text(v: object) -> str | None:
    if v is None:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time(0) else v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))  # Excel keeps every number as a float: 370200.0 is the code 370200
    return str(v)


def guess_entity(headers: list[str], sheet: str | None) -> EntitySpec:
    """The entity a sheet holds: by sheet name, else the spec whose required columns match."""
    for s in SPECS.values():
        if sheet and sheet.strip().lower() in (s.name, s.zh):
            return s
    best = None
    for s in SPECS.values():
        matched = {c.name for h in headers if (c := s.match_header(h))}
        required = {c.name for c in s.columns if c.required}
        if required <= matched and (best is None or len(matched) > best[0]):
            best = (len(matched), s)
    if best is None:
        raise InputError(
            f"cannot tell which entity the columns {headers[:6]} hold; pass --entity "
            f"({', '.join(SPECS)})"
        )
    return best[1]


def read_sheets(path: Path, entity: str | None = None) -> tuple[EntitySpec, list[Sheet]]:
    """Read ``path`` and map its headers to the entity's columns; header problems are issues."""
    raw = read_raw(path)
    if not raw:
        raise InputError(f"{path}: no data sheet found")
    spec = SPECS[entity] if entity else guess_entity(raw[0][1], raw[0][0])
    issues: list[Issue] = []
    sheets = []
    for sheet_name, headers, cols in raw:
        mapped: Columns = {}
        sources: dict[str, str] = {}
        for h in headers:
            col = spec.match_header(h)
            if col is None:
                issues.append(Issue(str(path), sheet_name, 1, h, "unknown_column",
                                    h, f"column {h!r} is not part of {spec.name}",
                                    f"列 {h!r} 不属于{spec.zh}"))
            elif col.name in sources:
                issues.append(Issue(str(path), sheet_name, 1, h, "duplicate_column",
                                    h, f"column {col.name} appears twice", f"列 {col.name} 出现了两次"))
            else:
                sources[col.name] = h
                if h in cols:
                    mapped[col.name] = cols[h]
        for c in spec.columns:
            if c.required and c.name not in sources:
                issues.append(Issue(str(path), sheet_name, 1, c.header, "missing_column",
                                    None, f"required column {c.header} is missing", f"缺少必填列 {c.header}"))
        if detect_format(path) == "parquet":
            sheets.append(Sheet(str(path), sheet_name, sql=_parquet_sql(path, sources)))
            continue
        n = len(next(iter(cols.values()), []))
        arrays = dict(mapped)
        arrays["_row"] = pa.array(range(2, 2 + n), pa.int64())  # the header is row 1
        sheets.append(Sheet(str(path), sheet_name, pa.table(arrays)))
    if issues:
        raise ImportRejected(issues)
    return spec, sheets
