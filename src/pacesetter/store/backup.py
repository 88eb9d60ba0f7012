"""A consistent copy of the open database into a new file (``pacesetter backup``).

DuckDB's ``COPY FROM DATABASE`` copies every table, view, sequence (with its current value) and
macro in one statement, so in one transaction: the copy is a snapshot, never half a write. It
runs on a connection that may be read-only (a backup made directly) or the server's (under its
write lock), and leaves the copy closed and complete before it returns.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import duckdb


def copy_database(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    """Write the database of ``con`` to the new file ``target`` (which must not exist)."""
    if target.exists():
        raise FileExistsError(target)
    cur = con.cursor()  # ATTACH and COPY run outside any transaction the caller holds
    try:
        row = cur.execute("SELECT current_database()").fetchone()
        assert row is not None
        source, alias = str(row[0]), f"backup_{uuid.uuid4().hex}"
        quoted = str(target).replace("'", "''")
        cur.execute(f"ATTACH '{quoted}' AS {alias} (READ_WRITE)")
        try:
            cur.execute(f'COPY FROM DATABASE "{source}" TO {alias}')
        finally:
            cur.execute(f"DETACH {alias}")
    finally:
        cur.close()
