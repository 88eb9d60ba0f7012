"""Report workbooks: a few tables, one sheet each, ready to read in Excel.

Bold headers, frozen header rows, columns wide enough for their text (CJK counts
double), missing values as empty cells, and text that looks like a formula kept as
text. The last sheet, 说明 About, lists what the reader must know (source, date,
labels such as "authored" or "synthetic").
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import cast

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from pacesetter.i18n import catalogue, t
from pacesetter.io.progress import Progress, Step

EVERY = 2_000  # rows between two reports to ``progress``


def _width(value: object) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # CJK characters are double width


def write_report_workbook(
    path: Path | str, sheets: Mapping[str, pd.DataFrame], about: Sequence[tuple[str, str]],
    lang: str | None = None,
) -> Path:
    """Write ``sheets`` (sheet name → frame, in order) and an about sheet to ``path`` (.xlsx).

    In ``lang`` the sheet names, column headers and the about sheet's keys are the catalogue's
    ``outputs.sheet.<name>``, ``outputs.column.<name>`` and ``outputs.about.<key>`` where it has
    them (a data column such as a city's name stays as it is); without ``lang`` they are written
    as given, under a bilingual 说明 About.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(cast(Worksheet, wb.active))
    if lang is None:
        notes = pd.DataFrame(about, columns=["项目 item", "内容 value"])
        named = [*sheets.items(), ("说明 About", notes)]
    else:
        notes = pd.DataFrame([(_word("about", k, lang), v) for k, v in about],
                             columns=[t("outputs.column.item", lang), t("outputs.column.content", lang)])
        named = [(_word("sheet", name, lang),
                  _in_words(frame, lang).rename(columns=lambda c: _word("column", str(c), lang)))
                 for name, frame in sheets.items()]
        named.append((t("outputs.sheet.about", lang), notes))
    for name, frame in named:
        append_table(wb.create_sheet(name[:31]), frame, readable=True)  # 31: Excel's limit on sheet names
    out = Path(path)
    wb.save(out)
    return out


# columns whose values are codes, and the catalogue's vocabularies for them (the first that has a code)
_CODED = {"status": ("outputs.indicator_status", "outputs.attainment_status", "outputs.status"),
          "source_kind": ("outputs.source_kind",), "polarity": ("common.words.polarity",),
          "direction": ("outputs.direction",), "baseline_origin": ("outputs.baseline_origin",)}


def _in_words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the codes of its coded columns (:data:`_CODED`) in ``lang``'s words and
    true/false as 是/否 (yes/no): a person reads the workbook, not a script (JSON keeps the codes)."""
    words = catalogue(lang)
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == bool:
            out[column] = values.map({True: words["outputs.pack.yes"], False: words["outputs.pack.no"]})
        elif str(column) in _CODED:
            def word(code: object, prefixes: tuple[str, ...] = _CODED[str(column)]) -> object:
                found = (words.get(f"{p}.{code}") for p in prefixes if isinstance(code, str))
                return next((w for w in found if w is not None), code)
            out[column] = values.map(word)
    return out


def _word(kind: str, name: str, lang: str) -> str:
    """``name`` as the catalogue's ``outputs.<kind>.<name>`` in ``lang``, or as it is."""
    key = f"outputs.{kind}.{name}"
    return t(key, lang) if key in catalogue(lang) else name


def append_table(ws: Worksheet, frame: pd.DataFrame, progress: Progress | None = None, *,
                 readable: bool = False) -> None:
    """Write ``frame`` to an empty sheet: bold frozen header, fitted widths, cells Excel can hold.

    ``progress`` hears the rows written so far (a ``write`` :class:`Step`), every few thousand.
    ``readable`` (a report, not an export that must read back exactly): floats without binary
    noise (1386.299999999999 → 1386.3, 0.8500000000000002 → 0.85), to 12 significant digits,
    more than any figure here carries.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([str(c) for c in frame.columns])
    for n, row in enumerate(frame.itertuples(index=False), start=1):
        ws.append([_tidy(v) if readable else _cell(v) for v in row])
        if progress and (n % EVERY == 0 or n == len(frame)):
            progress(Step(f"{n} rows", "write", rows=n, done=n, total=len(frame)))
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


def _tidy(value: object) -> object:
    """:func:`_cell`, a finite float to 12 significant digits."""
    cell = _cell(value)
    return float(f"{cell:.12g}") if isinstance(cell, float) and math.isfinite(cell) else cell


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))  # type: ignore[call-overload]  # pd.isna takes any object
    except (TypeError, ValueError):  # lists and arrays are values, not missing
        return False
