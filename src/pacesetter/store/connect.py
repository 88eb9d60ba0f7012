"""Open the one-file DuckDB store and bring its schema up to date."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

from pacesetter.store.lock import OnWait, open_waiting

log = logging.getLogger(__name__)


def migrations() -> list[tuple[int, str, str]]:
    """Every shipped migration as (version, name, sql), in order.

    Migrations are files ``store/migrations/NNN_name.sql``; a new capability adds
    a file with the next number and never edits an applied one.
    """
    folder = resources.files("pacesetter.store") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            out.append((version, entry.name[:-4], entry.read_text(encoding="utf-8")))
    return sorted(out)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest applied migration, 0 for an empty database."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations, each in its own transaction; return their names.

    A migration is pending when its version is not recorded, even below the highest
    applied one (migrations developed side by side may land in any order).
    """
    schema_version(con)  # creates the bookkeeping table on a new database
    done = {int(v) for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in migrations():
        if version in done:
            continue
        with transaction(con):
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
        log.info("applied migration %s", name)
        applied.append(name)
    return applied


def _pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a shipped migration is not yet applied (read without writing)."""
    try:
        done = {int(v) for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:  # no bookkeeping table: nothing applied yet
        return True
    return any(version not in done for version, _, _ in migrations())


def connect(path: Path | str, *, read_only: bool = False, wait: float = 0.0,
            on_wait: OnWait | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database at ``path`` with an up-to-date schema.

    A file held by another process is waited for up to ``wait`` seconds (see
    :func:`pacesetter.store.lock.open_waiting`). A read-only open of a file with pending
    migrations first opens it for writing once to apply them, so readers see the current schema.
    """
    p = Path(path)
    if str(p) == ":memory:":
        con = duckdb.connect(str(p))
        migrate(con)
        return con
    p.parent.mkdir(parents=True, exist_ok=True)
    con = open_waiting(p, read_only=read_only, wait=wait, on_wait=on_wait)
    if not read_only:
        migrate(con)
    elif _pending(con):
        con.close()
        connect(p, wait=wait, on_wait=on_wait).close()
        con = open_waiting(p, read_only=True, wait=wait, on_wait=on_wait)
    return con


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: commit on success, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
