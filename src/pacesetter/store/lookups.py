"""Small lookups over the store's entity tables: ids, names, and whether a reference exists."""

from __future__ import annotations

import duckdb

from pacesetter.store.rows import ident


def ids(con: duckdb.DuckDBPyConnection, table: str, key: str = "id") -> set[str]:
    """Every ``key`` of ``table`` (deleted registry rows included)."""
    return {r[0] for r in con.execute(f"SELECT {ident(key)} FROM {ident(table)}").fetchall()}


def names(con: duckdb.DuckDBPyConnection, table: str, key: str, column: str) -> dict[str, str]:
    """``{key: column}`` of every row of ``table``, both as text (e.g. region code → name_zh)."""
    rows = con.execute(f"SELECT {ident(key)}, {ident(column)} FROM {ident(table)}").fetchall()
    return {str(k): str(v) for k, v in rows}


def synthetic_region_codes(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Codes of the regions marked synthetic (the labelled sample regions)."""
    return frozenset(str(c) for (c,) in con.execute("SELECT code FROM regions WHERE synthetic").fetchall())


def _exists(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> bool:
    return con.execute(f"SELECT EXISTS ({sql})", params).fetchone() == (True,)


def region_exists(con: duckdb.DuckDBPyConnection, code: str) -> bool:
    """Whether the store knows the region ``code``."""
    return _exists(con, "SELECT 1 FROM regions WHERE code = ?", [code])


def chain_exists(con: duckdb.DuckDBPyConnection, chain_id: str) -> bool:
    """Whether the store knows the chain ``chain_id``."""
    return _exists(con, "SELECT 1 FROM chains WHERE id = ?", [chain_id])


def segment_exists(con: duckdb.DuckDBPyConnection, segment_id: str, chain_id: str | None) -> bool:
    """Whether ``segment_id`` is a segment of the chain ``chain_id``."""
    return _exists(con, "SELECT 1 FROM segments WHERE id = ? AND chain_id = ?", [segment_id, chain_id])


def indicator_exists(con: duckdb.DuckDBPyConnection, indicator_id: str) -> bool:
    """Whether the store knows the indicator ``indicator_id``."""
    return _exists(con, "SELECT 1 FROM indicators WHERE id = ?", [indicator_id])
