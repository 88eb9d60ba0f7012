"""Read an Excel workbook's data sheets as columns of strings, as the user sees them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

Columns = dict[str, pa.Array | pa.ChunkedArray]


@dataclass
class RawSheet:
    """One sheet as read: headers in order and columns of strings, before mapping to an entity.

    ``header_row`` is the row (1-based, as Excel numbers it) that holds the headers; the data
    start on the row after it.
    """

    name: str | None
    headers: list[str]
    columns: Columns
    header_row: int = 1


@dataclass
class RawFile:
    """A file's data sheets, the CSV's text encoding, and the sheets left out (named in the report)."""

    sheets: list[RawSheet]
    encoding: str | None = None  # None for Excel and Parquet, whose formats fix their own
    ignored: list[str] = field(default_factory=list)


def read_excel(path: Path) -> RawFile:
    """The workbook's data sheets as strings; notes sheets (说明, README) are left out and named."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    out = RawFile([])
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = next(rows, None)
            if ws.title.startswith(("说明", "README")):
                out.ignored.append(ws.title)
                continue
            if header is None:
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
            out.sheets.append(RawSheet(ws.title, [h for h in headers if h],
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
