"""Atomic writes of already-validated rows into the store."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping

import duckdb
import pandas as pd

from pacesetter.store.connect import transaction


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The columns of ``table`` in schema order."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
        "ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def insert_frame(
    con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, *, in_transaction: bool = False
) -> int:
    """Insert a frame's columns (by name) into ``table``; one transaction unless already in one."""
    if frame.empty:
        return 0
    cols = [c for c in table_columns(con, table) if c in frame.columns]
    frame = frame[cols].copy()
    # One spelling of "missing" in the store: empty or blank text is stored as NULL, as imports do.
    for c in cols:
        if frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c].dtype):
            blank = frame[c].map(lambda v: isinstance(v, str) and not v.strip())
            if blank.any():
                frame[c] = frame[c].mask(blank, None)
    con.register("_pacesetter_insert", frame)
    try:
        sql = (
            f'INSERT INTO "{table}" ({", ".join(cols)}) '
            f"SELECT {', '.join(cols)} FROM _pacesetter_insert"
        )
        if in_transaction:
            con.execute(sql)
        else:
            with transaction(con):
                con.execute(sql)
    finally:
        # After a failed statement the transaction is aborted and unregistering raises
        # too; keep the original error, which is the one the caller needs to see.
        with contextlib.suppress(duckdb.TransactionException):
            con.unregister("_pacesetter_insert")
    return len(frame)


def insert_records(
    con: duckdb.DuckDBPyConnection,
    table: str,
    records: Iterable[Mapping[str, object]],
    *,
    in_transaction: bool = False,
) -> int:
    """Insert dicts (e.g. ``model.model_dump()``) into ``table`` atomically."""
    return insert_frame(con, table, pd.DataFrame(list(records)), in_transaction=in_transaction)
