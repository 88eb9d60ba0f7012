"""Open the one-file DuckDB store and bring its schema up to date."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from pacesetter.errors import NotADatabase
from pacesetter.store.lock import OnWait, close_writer, open_waiting

log = logging.getLogger(__name__)


@cache
def migrations() -> tuple[tuple[int, str, str], ...]:
    """Every shipped migration as (version, name, sql), in order (read once per process: every
    open of a database checks them).

    Migrations are files ``store/migrations/NNN_name.sql``; a new capability adds
    a file with the next number and never edits an applied one.
    """
    folder = resources.files("pacesetter.store") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            out.append((version, entry.name[:-4], entry.read_text(encoding="utf-8")))
    return tuple(sorted(out))


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


# File signatures of what is most often given as --db by mistake (DuckDB's own is b"DUCK" at byte 8).
_SIGNATURES = ((b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0", "ole"), (b"SQLite format 3\x00", "sqlite"))


def _not_duckdb(path: Path) -> str | None:
    """What the file at ``path`` is when it is not a DuckDB database (a NotADatabase kind), else None.

    Read before DuckDB sees the file: DuckDB opens an existing CSV as an in-memory database
    (everything written would be lost) and tries to download an extension for an SQLite file.
    """
    if path.is_dir():
        return "directory"
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except FileNotFoundError:
        return None  # a new database
    except OSError:
        return "unreadable"
    if not head:
        return "empty"
    if head[8:12] == b"DUCK":
        return None
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return "binary" if b"\x00" in head else "text"


def refuse_unless_duckdb(path: Path) -> None:
    """Raise :class:`NotADatabase` when ``path`` exists and is not a DuckDB file (it stays untouched)."""
    kind = _not_duckdb(path)
    if kind is not None:
        raise NotADatabase(path, kind)


def remove_database(path: Path) -> None:
    """Delete a Pacesetter database and its write-ahead log, if present.

    Never anything else: a file that is not a Pacesetter database (a CSV, another program's DuckDB
    database) is refused untouched, and so is one another process holds.
    """
    if path.exists():
        connect(path, read_only=True).close()
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()


def _refusal(path: Path, exc: duckdb.Error) -> NotADatabase | None:
    """The NotADatabase that DuckDB's refusal of a file means; None when it means something else."""
    message = str(exc)
    if "storage version" in message:
        found = re.search(r"storage version number (\d+)", message)
        detail = f"storage version {found.group(1) if found else '?'}, DuckDB {duckdb.__version__}"
        return NotADatabase(path, "newer_duckdb" if "newer version" in message else "older_duckdb", detail)
    if "not a valid DuckDB database file" in message:
        return NotADatabase(path, "binary")
    if "Corrupt database file" in message:
        return NotADatabase(path, "corrupt")
    return None


def _check_pacesetter(path: Path, con: duckdb.DuckDBPyConnection) -> None:
    """Refuse, before anything is written, a DuckDB database that is not (or not yet) Pacesetter's.

    A database with tables but no migration bookkeeping belongs to another program (migrating it
    would write Pacesetter's tables into it); one with a migration newer than any shipped was
    written by a newer Pacesetter. A database without any table is new and becomes Pacesetter's.
    """
    tables = {name for (name,) in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()"
    ).fetchall()}
    if not tables:
        return
    if "schema_migrations" not in tables:
        raise NotADatabase(path, "foreign")
    row = con.execute("SELECT max(version) FROM schema_migrations").fetchone()
    newest = max(version for version, _, _ in migrations())
    if row and row[0] is not None and int(row[0]) > newest:
        raise NotADatabase(path, "newer_schema", f"schema {row[0]} > {newest}")


def connect(path: Path | str, *, read_only: bool = False, wait: float = 0.0,
            on_wait: OnWait | None = None) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the database at ``path`` with an up-to-date schema.

    A file held by another process is waited for up to ``wait`` seconds (see
    :func:`pacesetter.store.lock.open_waiting`). A read-only open of a file with pending
    migrations first opens it for writing once to apply them, so readers see the current schema.
    A file that is not a Pacesetter database is refused with :class:`NotADatabase`, untouched.
    """
    p = Path(path)
    if str(p) == ":memory:":
        con = duckdb.connect(str(p))
        migrate(con)
        return con
    p.parent.mkdir(parents=True, exist_ok=True)
    refuse_unless_duckdb(p)
    try:
        con = open_waiting(p, read_only=read_only, wait=wait, on_wait=on_wait)
    except duckdb.Error as exc:
        refusal = _refusal(p, exc)
        if refusal is None:
            raise
        raise refusal from exc
    try:
        _check_pacesetter(p, con)
    except NotADatabase:
        if read_only:
            con.close()
        else:
            close_writer(con, p)
        raise
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
