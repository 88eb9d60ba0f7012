"""Reads and writes of synthetic scenarios and of project aliases (P-0001), migration 008."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

ALIAS_PREFIX = "P-"


def resolve_project(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """The id of the project whose id or alias (any case) is ``key``, deleted or not; ``None`` if none."""
    row = con.execute("SELECT id FROM projects WHERE id = ? OR upper(alias) = upper(?) "
                      "ORDER BY id = ? DESC LIMIT 1", [key, key, key]).fetchone()
    return str(row[0]) if row else None


def live_project_names(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """Trimmed name → (id, alias) of every live project (the first by id), to refuse a second
    project of the same name."""
    rows = con.execute("SELECT trim(name_zh), id, alias FROM projects WHERE NOT deleted "
                       "ORDER BY id DESC").fetchall()
    return {str(name): (str(pid), str(alias or pid)) for name, pid, alias in rows}


def next_project_alias(con: duckdb.DuckDBPyConnection) -> str:
    """``P-NNNN`` one above the highest alias in the store (deleted projects included)."""
    row = con.execute("SELECT max(TRY_CAST(substr(alias, 3) AS INTEGER)) FROM projects "
                      "WHERE starts_with(alias, ?)", [ALIAS_PREFIX]).fetchone()
    return f"{ALIAS_PREFIX}{(int(row[0] or 0) if row else 0) + 1:04d}"


def scenario_as_of(con: duckdb.DuckDBPyConnection) -> dt.date | None:
    """The fixed date of the store's synthetic scenario, or ``None`` when it holds none."""
    row = con.execute("SELECT max(as_of) FROM scenarios").fetchone()
    return row[0] if row and row[0] is not None else None


def record_scenario(con: duckdb.DuckDBPyConnection, scenario_id: str, seed: int, as_of: dt.date,
                    note: str) -> None:
    """Record a generated scenario (the caller holds the transaction)."""
    con.execute("INSERT INTO scenarios VALUES (?, ?, ?, ?)", [scenario_id, seed, as_of, note])


def unplaced_segments(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Segments no enterprise of the store is placed in (candidate gaps): chain_id, id, name_zh, critical."""
    return con.execute(
        "SELECT s.chain_id, s.id, s.name_zh, s.critical FROM segments s "
        "WHERE NOT EXISTS (SELECT 1 FROM enterprise_placements p WHERE p.segment_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM enterprises e WHERE list_contains(e.segments, s.id)) "
        "ORDER BY s.chain_id, s.id").df()


def synthetic_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows holding synthetic values, per table: projects (some fields), tasks, task links, scenarios."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM projects WHERE len(coalesce(synthetic_fields, [])) > 0), "
        "(SELECT count(*) FROM tasks WHERE synthetic), (SELECT count(*) FROM task_projects WHERE synthetic), "
        "(SELECT count(*) FROM scenarios)").fetchone()
    names = ("projects", "tasks", "task_projects", "scenarios")
    return dict(zip(names, (int(v) for v in row), strict=True)) if row else dict.fromkeys(names, 0)
