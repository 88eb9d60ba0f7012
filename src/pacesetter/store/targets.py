"""Reads of the ``targets`` table (annual targets of a region's indicators)."""

from __future__ import annotations

import duckdb
import pandas as pd


def region_targets(con: duckdb.DuckDBPyConnection, region_code: str) -> pd.DataFrame:
    """Every target of one region, ordered by indicator_id and year.

    Columns: indicator_id, region_code, year, value (in unit), unit, comparison
    (e.g. ``>=``), source, note.
    """
    return con.execute(
        "SELECT * FROM targets WHERE region_code = ? ORDER BY indicator_id, year", [region_code]
    ).df()


def target_value(
    con: duckdb.DuckDBPyConnection, indicator_id: str, region_code: str, year: int
) -> float | None:
    """The target value of one indicator, region and year (in the target's unit), or ``None``."""
    row = con.execute(
        "SELECT value FROM targets WHERE indicator_id = ? AND region_code = ? AND year = ?",
        [indicator_id, region_code, year],
    ).fetchone()
    return float(row[0]) if row else None
