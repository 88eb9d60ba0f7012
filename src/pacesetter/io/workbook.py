"""Report workbooks: a few tables, one sheet each, ready to read in Excel.

Bold headers, frozen header rows, columns wide enough for their text (CJK counts
double), missing values as empty cells, and text that looks like a formula kept as
text. The last sheet, 说明 About, lists what the reader must know (source, date,
labels such as "authored" or "synthetic").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are double width


def write_report_workbook(
    path: Path | str, sheets: Mapping[str, pd.DataFrame], about: Sequence[tuple[str, str]]
) -> Path:
    """Write ``sheets`` (sheet name → frame, in order) and an about sheet to ``path`` (.xlsx)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(cast(Worksheet, wb.active))
    notes = pd.DataFrame(about, columns=["项目 item", "内容 value"])
    for name, frame in [*sheets.items(), ("说明 About", notes)]:
        append_table(wb.create_sheet(name[:31]), frame)  # Excel's limit on sheet names
    out = Path(path)
    wb.save(out)
    return out


def append_table(ws: Worksheet, frame: pd.DataFrame) -> None:
    """Write ``frame`` to an empty sheet: bold frozen header, fitted widths, cells Excel can hold."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula stays text
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    for i, column in enumerate(frame.columns, start=1):
        widest = max([_width(column), *(_width(v) for v in frame.iloc[:, i - 1])])
        ws.column_dimensions[get_column_letter(i)].width = min(max(widest + 2, 8), 80)


def _cell(value: object) -> object:
    """A value Excel can hold: missing → empty, lists → "a; b", other objects → their text."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    if _missing(value):
        return None
    if isinstance(value, np.generic):  # NumPy scalars (int64, bool_) as Python numbers
        value = value.item()
    return value if isinstance(value, (str, int, float, bool, dt.date)) else str(value)


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]  # pd.isna takes any object
    except (TypeError, ValueError):  # lists and arrays are values, not missing
        return False
