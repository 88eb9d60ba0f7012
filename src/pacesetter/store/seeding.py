"""Deletes that make a seed step repeatable: rows an earlier run of the seed wrote."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pacesetter.store.rows import ident


def delete_where_in(con: duckdb.DuckDBPyConnection, table: str, column: str, values: Sequence[str]) -> None:
    """Delete the rows of ``table`` whose ``column`` is one of ``values`` (caller holds the transaction)."""
    con.execute(f"DELETE FROM {ident(table)} WHERE {ident(column)} IN (SELECT unnest(?::VARCHAR[]))",
                [list(values)])
