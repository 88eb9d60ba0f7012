"""Statistical tables of a release read into figures: the common 指标 / 本月 / 累计 / 增长% layout.

A header of one or two rows names each column (本月, 累计, 1-8月, 比上年同期增长%, 单位); a row
names its indicator in the first column. A column is a level (本月: the single month; 累计 or
1-n月: the year to date) or a growth rate (增长, 增速, 同比, ±%), a growth column taking the period
of the level column its header or position ties it to. The unit comes from a 单位 column, the
indicator's name (亿元) or the header; a cell that is no number (—, …) is left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pacesetter.release.documents import Table
from pacesetter.release.parse import Figure

_NUMBER = re.compile(r"^[-−–]?\d+(?:\.\d+)?$")
_UNIT = re.compile(r"[(（]([^()（）]*?)[)）]")
_GROWTH = re.compile(r"增长|增速|同比|比上年|±|%|％")
_MONTH = re.compile(r"本月|当月|^\d{1,2}月份?$")
_YTD = re.compile(r"累计|\d{1,2}\s*[-—–~～至]\s*\d{1,2}月|年初|全年|上半年|前三季度|一季度")


@dataclass(frozen=True)
class Cell:
    """A figure read from a table, and where it stood (table, row and column, 1-based)."""

    figure: Figure
    table: int
    row: int
    column: int
    label: str  # the column's header


def _is_number(text: str) -> bool:
    return bool(_NUMBER.match(text.replace(",", "").strip()))


def _header_rows(table: Table) -> int:
    """How many rows the header takes: those before the first row with a number past the first column."""
    for i, row in enumerate(table.rows):
        if any(_is_number(c) for c in row[1:]):
            return i
    return len(table.rows)


def read_table(table: Table, period: str | None) -> list[Cell]:
    """The figures of a table; ``period`` is the release's period (a column's when it names none; a
    本月 column is the last month of it)."""
    n = _header_rows(table)
    if n == 0 or n == len(table.rows):
        return []
    width = max(len(r) for r in table.rows)
    labels = [" ".join(dict.fromkeys(r[c] for r in table.rows[:n] if c < len(r) and r[c]))
              for c in range(width)]
    unit_col = next((c for c, label in enumerate(labels) if "单位" in label), None)
    # each column: (kind, single month?, period text) — a growth column follows the level column before it
    columns: dict[int, tuple[str, bool, str | None]] = {}
    last_level: tuple[bool, str | None] = (False, period)
    for c, label in enumerate(labels[1:], start=1):
        if c == unit_col or not label:
            continue
        ytd = _YTD.search(label)
        month = bool(_MONTH.search(label)) and not ytd
        named = ytd.group() if ytd and re.search(r"\d", ytd.group()) else None
        if _GROWTH.search(label):
            columns[c] = ("growth", month, named or period) if month or ytd else ("growth", *last_level)
        else:
            last_level = (month, named or period)
            columns[c] = ("level", *last_level)
    cells = []
    for r, row in enumerate(table.rows[n:], start=n + 1):
        name = re.sub(r"^[#＃\s]*(其中[:：]?)?", "", row[0]).strip()
        if not name:
            continue
        unit_m = _UNIT.search(name)
        unit = (row[unit_col] if unit_col is not None and unit_col < len(row) else "") or (
            unit_m.group(1) if unit_m else "")
        subject = _UNIT.sub("", name).strip()
        for c, (kind, month, col_period) in columns.items():
            if c >= len(row) or not _is_number(row[c]):
                continue
            text = row[c].replace(",", "").replace("−", "-").replace("–", "-").strip()
            decimals = len(text.split(".")[1]) if "." in text else 0
            header_unit = _UNIT.search(labels[c])
            cell_unit = "%" if kind == "growth" else (unit or (header_unit.group(1) if header_unit else ""))
            if not cell_unit:
                continue  # an amount without a unit is no figure we can state
            figure = Figure(subject, kind, float(text), cell_unit, decimals, row[c], col_period,
                            single_month=month)
            cells.append(Cell(figure, table.number, r, c + 1, labels[c]))
    return cells
