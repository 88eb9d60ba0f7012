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


def id_exists(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> bool:
    """Whether ``table`` holds a row (deleted registry rows included) with id ``record_id``."""
    return _exists(con, f"SELECT 1 FROM {ident(table)} WHERE id = ?", [record_id])


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


def store_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The names of the store's own tables (not DuckDB's or temporary ones), sorted."""
    return [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT temporary "
                                      "AND database_name = current_database() ORDER BY 1").fetchall()]
