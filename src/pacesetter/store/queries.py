"""Read queries over the store. Each returns a pandas DataFrame with documented columns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from pacesetter.errors import NotFoundError
from pacesetter.store import lookups

# Preference among rows for the same (indicator, region, period): outcomes before
# targets and expectations, unflagged rows first, then the latest vintage (unknown
# release dates last), then the latest import.
_PREFERENCE = (
    "(status IN ('target', 'expected')) ASC, (coalesce(flags, '') = '') DESC, "
    "vintage DESC NULLS LAST, imported_at DESC, source"
)


_OPTIONAL_TEXT = ("source_title", "quote", "note", "flags", "derived_from", "publisher", "document",
                  "source_kind")


def observations(
    con: duckdb.DuckDBPyConnection,
    *,
    indicator_ids: Sequence[str] | None = None,
    region_codes: Sequence[str] | None = None,
    periods: Sequence[str] | None = None,
    vintage: dt.date | None = None,
    latest: bool = True,
    include_synthetic: bool = True,
) -> pd.DataFrame:
    """Observations, one row per (indicator, region, period) when ``latest``.

    ``vintage`` returns what was known on that date (rows released on or before
    it). ``latest=False`` returns every vintage and every source.

    Columns: indicator_id, region_code, period, value, unit, source, source_title,
    quote, vintage, status, note, flags, derived_from, synthetic, imported_at, publisher,
    document, source_kind; the optional text columns hold "" where the store has nothing.
    """
    where: list[str] = ["TRUE"]
    params: list[object] = []
    for col, values in (
        ("indicator_id", indicator_ids), ("region_code", region_codes), ("period", periods)
    ):
        if values is not None:
            where.append(f"{col} IN (SELECT unnest(?))")
            params.append(list(values))
    if vintage is not None:  # released by then; a figure of unknown release date, if its period had ended
        where.append(f"(vintage <= ? OR (vintage IS NULL AND {_PERIOD_OVER} <= ?))")
        params += [vintage, vintage]
    if not include_synthetic:
        where.append("NOT synthetic")
    # optional text comes back as "" (never NULL/NaN), so callers can test it for truth
    text = ", ".join(f"coalesce({c}, '') AS {c}" for c in _OPTIONAL_TEXT)
    sql = (f"SELECT * REPLACE ({text}) FROM observations WHERE {' AND '.join(where)}")
    if latest:
        sql = f"SELECT * EXCLUDE (rn) FROM ({_ranked(sql)}) WHERE rn = 1"
    sql += " ORDER BY indicator_id, region_code, period"
    return con.execute(sql, params).df()


# The first day after a stored period's end (2022-08, 2022-01..2022-08 → 2022-09-01; 2022 →
# 2023-01-01; 2022Q3 → 2022-10-01): no figure of it can be known before
_PERIOD_END = "(CASE WHEN contains(period, '..') THEN split_part(period, '..', 2) ELSE period END)"
_PERIOD_OVER = (
    f"(CASE WHEN length({_PERIOD_END}) = 4 THEN make_date(CAST({_PERIOD_END} AS INT) + 1, 1, 1) "
    f"WHEN {_PERIOD_END} LIKE '____Q_' THEN make_date(CAST(left({_PERIOD_END}, 4) AS INT), "
    f"CAST(right({_PERIOD_END}, 1) AS INT) * 3, 1) + INTERVAL 1 MONTH "
    f"ELSE make_date(CAST(left({_PERIOD_END}, 4) AS INT), CAST(right({_PERIOD_END}, 2) AS INT), 1) "
    "+ INTERVAL 1 MONTH END)")


def _ranked(sql: str) -> str:
    """``sql`` with ``rn``: 1 for the preferred row of each (indicator, region, period)."""
    return (f"SELECT *, row_number() OVER (PARTITION BY indicator_id, region_code, period "
            f"ORDER BY {_PREFERENCE}) AS rn FROM ({sql})")


def conflicts(con: duckdb.DuckDBPyConnection, indicator_ids: Sequence[str],
              region_codes: Sequence[str]) -> pd.DataFrame:
    """Rows the latest view does not show whose value differs from the one it shows.

    Columns: indicator_id, region_code, period, n_conflicting (other values), n_flagged
    (of those, rows with reliability flags). Only keys with at least one conflict appear.
    """
    base = ("SELECT * FROM observations WHERE indicator_id IN (SELECT unnest(?)) "
            "AND region_code IN (SELECT unnest(?))")
    sql = (
        f"WITH r AS ({_ranked(base)}) SELECT o.indicator_id, o.region_code, o.period, "
        "count(*) AS n_conflicting, count(*) FILTER (WHERE coalesce(o.flags, '') <> '') AS n_flagged "
        "FROM r o JOIN r p ON p.rn = 1 AND o.rn > 1 AND o.indicator_id = p.indicator_id "
        "AND o.region_code = p.region_code AND o.period = p.period AND o.value <> p.value "
        "GROUP BY ALL ORDER BY ALL"
    )
    return con.execute(sql, [list(indicator_ids), list(region_codes)]).df()


def table(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """A whole entity table (regions, indicators, chains, ...), ordered by its first column."""
    known = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if name not in known:
        raise NotFoundError(f"no table {name!r}; known: {', '.join(sorted(known))}")
    return con.execute(f'SELECT * FROM "{name}" ORDER BY 1').df()


def region(con: duckdb.DuckDBPyConnection, code: str) -> dict[str, object]:
    """One region as a dict, or :class:`NotFoundError`."""
    df = con.execute("SELECT * FROM regions WHERE code = ?", [code]).df()
    if df.empty:
        empty = empty_store_message(con)
        raise NotFoundError(empty) if empty else NotFoundError.said("analysis.errors.unknown_region",
                                                                    code=code)
    return {str(k): v for k, v in df.iloc[0].to_dict().items()}


def indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> dict[str, object]:
    """One indicator as a dict, or :class:`NotFoundError`."""
    df = con.execute("SELECT * FROM indicators WHERE id = ?", [indicator_id]).df()
    if df.empty:
        empty = empty_store_message(con)
        raise NotFoundError(empty) if empty else NotFoundError.said("analysis.errors.unknown_indicator",
                                                                    indicator=indicator_id)
    return {str(k): v for k, v in df.iloc[0].to_dict().items()}


def region_names(con: duckdb.DuckDBPyConnection, lang: str = "zh") -> dict[str, str]:
    """``{code: name}`` of every region, in Chinese (``lang="zh"``) or English."""
    return lookups.names(con, "regions", "code", "name_zh" if lang == "zh" else "name_en")


def has_data(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the store holds any region (an empty, freshly created store holds none)."""
    row = con.execute("SELECT count(*) FROM regions").fetchone()
    return bool(row and row[0])


def empty_store_message(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why nothing is found when the store is empty (no region), in zh and en; None otherwise.

    An empty store is the usual mistake after `make demo`, which fills out/demo.duckdb and not
    the default database: saying "unknown region code" would send the user hunting for a typo.
    """
    if has_data(con):
        return None
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
                      ).fetchone()
    path = row[0] if row and row[0] else "(in memory)"
    return (f"数据库 {path} 是空的（没有任何行政区划）：请用 `pacesetter init --demo --force` "
            "重建并载入示例数据，或指向已有的数据库：`--db out/demo.duckdb`（`make demo` 之后）"
            "或环境变量 PACESETTER_DB。"
            f" / The database {path} is empty (no regions): recreate it with the demo data with "
            "`pacesetter init --demo --force`, or point at a filled database with `--db out/demo.duckdb` "
            "(after `make demo`) or the PACESETTER_DB environment variable.")


def park_enterprises(con: duckdb.DuckDBPyConnection, park_id: str) -> pd.DataFrame:
    """Live enterprises located in a park: id, name_zh."""
    return con.execute("SELECT id, name_zh FROM enterprises WHERE park_id = ? AND NOT deleted ORDER BY id",
                       [park_id]).df()
