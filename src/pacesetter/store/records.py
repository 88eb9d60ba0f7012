"""Reads and writes of the versioned registry tables and their audit log.

The rules (which tables are versioned, what a conflict means, what gets audited)
live in :mod:`pacesetter.registry.repository`; this module only speaks SQL.
Table and column names come from code and are quoted; values are parameters.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

from pacesetter.errors import ConflictError
from pacesetter.store.rows import dict_rows, ident


@contextmanager
def atomic(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction; a write conflict with another session rolls back and raises ConflictError."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except duckdb.TransactionException as exc:
        con.execute("ROLLBACK")
        raise ConflictError(
            f"another session changed the same record at the same time ({exc}); "
            "reload and try again"
        ) from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
    else:
        try:
            con.execute("COMMIT")
        except duckdb.TransactionException as exc:
            raise ConflictError(
                f"another session committed a change to the same record first ({exc}); "
                "reload and try again"
            ) from exc


def find_record(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> dict[str, object] | None:
    """The row of ``table`` with ``id = record_id`` as a dict (deleted or not), or ``None``."""
    rows = dict_rows(con, f"SELECT * FROM {ident(table)} WHERE id = ?", [record_id])
    return rows[0] if rows else None


def record_frame(con: duckdb.DuckDBPyConnection, table: str, *, include_deleted: bool) -> pd.DataFrame:
    """Every row of ``table`` (without deleted ones unless asked), ordered by id; the table's columns."""
    where = "" if include_deleted else "WHERE NOT deleted"
    return con.execute(f"SELECT * FROM {ident(table)} {where} ORDER BY id").df()


def insert_record(con: duckdb.DuckDBPyConnection, table: str, values: Mapping[str, object]) -> None:
    """Insert one row of ``values`` (column → value) into ``table``."""
    cols = list(values)
    marks = ", ".join("?" for _ in cols)
    con.execute(f"INSERT INTO {ident(table)} ({', '.join(ident(c) for c in cols)}) VALUES ({marks})",
                [values[c] for c in cols])


def update_record(
    con: duckdb.DuckDBPyConnection, table: str, record_id: str, changes: Mapping[str, object],
    *, expected_version: int,
) -> bool:
    """Apply ``changes`` and bump the version if the row is at ``expected_version``; whether it was."""
    sets = ", ".join(f"{ident(k)} = ?" for k in changes)
    rows = con.execute(
        f"UPDATE {ident(table)} SET {sets}, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
        [*changes.values(), record_id, expected_version],
    ).fetchall()
    return bool(rows)


def max_id_number(con: duckdb.DuckDBPyConnection, table: str, prefix: str) -> int:
    """The highest number ``n`` of the ids ``<prefix><n>`` in ``table`` (deleted included), 0 if none."""
    row = con.execute(
        f"SELECT max(TRY_CAST(substr(id, ?) AS INTEGER)) FROM {ident(table)} WHERE starts_with(id, ?)",
        [len(prefix) + 1, prefix],
    ).fetchone()
    return int(row[0] or 0) if row else 0


def append_audit(
    con: duckdb.DuckDBPyConnection, *, actor: str, table: str, record_id: str, action: str,
    before: str | None, after: str | None, note: str | None,
) -> None:
    """Append one audit entry (before and after as JSON text); the caller holds the transaction."""
    con.execute(
        "INSERT INTO audit_log (actor, table_name, record_id, action, before, after, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [actor, table, record_id, action, before, after, note],
    )


def audit_entries(
    con: duckdb.DuckDBPyConnection, *, table: str | None = None, record_id: str | None = None
) -> pd.DataFrame:
    """Audit entries of a table and/or record, oldest first.

    Columns: id, changed_at (timestamp), actor, table_name, record_id, action,
    before, after (JSON text), note.
    """
    where, params = ["TRUE"], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if record_id is not None:
        where.append("record_id = ?")
        params.append(record_id)
    return con.execute(f"SELECT * FROM audit_log WHERE {' AND '.join(where)} ORDER BY id", params).df()
