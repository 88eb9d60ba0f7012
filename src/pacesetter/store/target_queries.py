"""Reads of enterprise registries for targeting, and the task ↔ target link (migration 012)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from pacesetter.store.rows import dict_rows

_TARGET_COLUMNS = ["task_id", "enterprise_id", "name_zh", "name_en", "region_code", "industry_code",
                   "chain_id", "segment_id", "city", "registry", "synthetic", "score", "reasons", "created"]


def listed_registry(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The listed-company registry held in the store: enterprise_id, name_zh, name_en, region_code,
    industry_code (``tushare:<label>``), revenue and growth (unknown: the list carries neither)."""
    return con.execute(
        "SELECT id AS enterprise_id, name_zh, name_en, region_code, industry_code, "
        "CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS growth "
        "FROM enterprises WHERE id LIKE 'listed:%' AND NOT deleted AND industry_code IS NOT NULL "
        "ORDER BY id").df()


def file_registry(con: duckdb.DuckDBPyConnection, path: Path, prefixes: Sequence[str]) -> pd.DataFrame:
    """Rows of a Parquet registry whose industry code starts with one of ``prefixes``.

    Columns as :func:`listed_registry`; a file without names, revenue or growth gives NULLs.
    """
    src = f"read_parquet('{str(path).replace(chr(39), chr(39) * 2)}')"
    have = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {src}").fetchall()}

    def col(name: str, cast: str) -> str:
        return f"CAST({name} AS {cast})" if name in have else f"CAST(NULL AS {cast})"

    where = " OR ".join("starts_with(CAST(industry_code AS VARCHAR), ?)" for _ in prefixes) or "FALSE"
    return con.execute(
        f"SELECT CAST(enterprise_id AS VARCHAR) AS enterprise_id, {col('name_zh', 'VARCHAR')} AS name_zh, "
        f"{col('name_en', 'VARCHAR')} AS name_en, CAST(region_code AS VARCHAR) AS region_code, "
        f"CAST(industry_code AS VARCHAR) AS industry_code, {col('revenue', 'DOUBLE')} AS revenue, "
        f"{col('growth', 'DOUBLE')} AS growth FROM {src} WHERE {where}", list(prefixes)).df()


def insert_target(con: duckdb.DuckDBPyConnection, task_id: str, target: Mapping[str, object],
                  reasons: Sequence[Mapping[str, object]], created: dt.date) -> None:
    """Record the target of a task (the caller holds the transaction)."""
    values = {**{k: target.get(k) for k in _TARGET_COLUMNS}, "task_id": task_id,
              "reasons": json.dumps(list(reasons), ensure_ascii=False, default=str), "created": created}
    con.execute(f"INSERT INTO task_targets ({', '.join(_TARGET_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _TARGET_COLUMNS)})", [values[k] for k in _TARGET_COLUMNS])


def open_target_task(con: duckdb.DuckDBPyConnection, enterprise_id: str, chain_id: str, segment_id: str,
                     city: str) -> str | None:
    """The first live task not done or cancelled that already targets ``enterprise_id`` for this gap
    of ``city``, if any."""
    row = con.execute("SELECT g.task_id FROM task_targets g JOIN tasks t ON t.id = g.task_id "
                      "WHERE NOT t.deleted AND t.status NOT IN ('done', 'cancelled') AND g.enterprise_id = ? "
                      "AND g.chain_id = ? AND g.segment_id = ? AND g.city = ? ORDER BY g.task_id LIMIT 1",
                      [enterprise_id, chain_id, segment_id, city]).fetchone()
    return None if row is None else str(row[0])


def targets_of(con: duckdb.DuckDBPyConnection, enterprise_id: str | None = None,
               task_id: str | None = None, chain_id: str | None = None,
               segment_id: str | None = None) -> list[dict[str, object]]:
    """Targets of live tasks (of one enterprise, one task, or one gap: chain and segment), by task
    id; ``reasons`` parsed."""
    rows = dict_rows(con, f"SELECT {', '.join('g.' + c for c in _TARGET_COLUMNS)} FROM task_targets g "
                          "JOIN tasks t ON t.id = g.task_id WHERE NOT t.deleted "
                          "AND (? IS NULL OR g.enterprise_id = ?) AND (? IS NULL OR g.task_id = ?) "
                          "AND (? IS NULL OR g.chain_id = ?) AND (? IS NULL OR g.segment_id = ?) "
                          "ORDER BY g.task_id", [enterprise_id, enterprise_id, task_id, task_id,
                                                 chain_id, chain_id, segment_id, segment_id])
    return [{**r, "reasons": json.loads(str(r["reasons"])) if r["reasons"] else []} for r in rows]
