"""Reads and writes of users, sign-in sessions, API tokens and the data-version counter.

The rules (roles, scopes, password checks, what is audited) live in
:mod:`pacesetter.workspace.users`; this module only speaks SQL. Sessions and tokens are found by
the sha256 of their secret: the secret itself is never stored. Times are naive UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from pacesetter.store.rows import dict_rows, ident

# The user's own columns a signed-in principal is built from, joined to sessions and tokens.
_WHO = "u.name, u.role, u.chains, u.districts, u.disabled"


def insert_user(con: duckdb.DuckDBPyConnection, name: str, role: str, chains: Sequence[str],
                districts: Sequence[str], password_hash: str, now: dt.datetime) -> None:
    """Add one user (the caller checked the name is new)."""
    con.execute(
        "INSERT INTO users (name, role, chains, districts, password_hash, disabled, created, "
        "password_changed) VALUES (?, ?, ?, ?, ?, FALSE, ?, ?)",
        [name, role, list(chains), list(districts), password_hash, now, now])


def find_user(con: duckdb.DuckDBPyConnection, name: str) -> dict[str, object] | None:
    """Every column of user ``name`` (hash included, for checking a password), or None."""
    rows = dict_rows(con, "SELECT * FROM users WHERE name = ?", [name])
    return rows[0] if rows else None


def user_frame(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every user without the hash: name, role, chains, districts, disabled, created (by name)."""
    return con.execute(
        "SELECT name, role, chains, districts, disabled, created FROM users ORDER BY name").df()


def count_users(con: duckdb.DuckDBPyConnection) -> int:
    """How many users the store holds."""
    row = con.execute("SELECT count(*) FROM users").fetchone()
    return int(row[0]) if row else 0


def set_disabled(con: duckdb.DuckDBPyConnection, name: str, disabled: bool) -> None:
    """Disable or enable user ``name``."""
    con.execute("UPDATE users SET disabled = ? WHERE name = ?", [disabled, name])


def set_password_hash(con: duckdb.DuckDBPyConnection, name: str, password_hash: str,
                      changed: dt.datetime | None) -> None:
    """Store a new hash of user ``name``; ``changed`` is when the password changed (None: the same
    password, rehashed with newer parameters)."""
    con.execute(
        "UPDATE users SET password_hash = ?, password_changed = coalesce(?, password_changed) WHERE name = ?",
        [password_hash, changed, name])


# --- sessions ----------------------------------------------------------------------------
def insert_session(con: duckdb.DuckDBPyConnection, id_hash: str, user_name: str, csrf: str,
                   created: dt.datetime, expires: dt.datetime) -> None:
    """Record a sign-in session by the hash of its secret."""
    con.execute("INSERT INTO sessions (id_hash, user_name, csrf, created, expires) VALUES (?, ?, ?, ?, ?)",
                [id_hash, user_name, csrf, created, expires])


def _credential(con: duckdb.DuckDBPyConnection, table: str, columns: str,
                id_hash: str) -> dict[str, object] | None:
    """The row of ``table`` (sessions or api_tokens) with this hash, its ``columns`` and its user's."""
    rows = dict_rows(con, f"SELECT {columns}, {_WHO} FROM {ident(table)} c "
                          "JOIN users u ON u.name = c.user_name WHERE c.id_hash = ?", [id_hash])
    return rows[0] if rows else None


def find_session(con: duckdb.DuckDBPyConnection, id_hash: str) -> dict[str, object] | None:
    """The session with this hash and its user (csrf, expires and the user's columns), or None."""
    return _credential(con, "sessions", "c.csrf, c.expires", id_hash)


def delete_session(con: duckdb.DuckDBPyConnection, id_hash: str) -> str | None:
    """End one session; the name of its user, None when there was no such session."""
    row = con.execute("DELETE FROM sessions WHERE id_hash = ? RETURNING user_name", [id_hash]).fetchone()
    return str(row[0]) if row else None


def delete_user_sessions(con: duckdb.DuckDBPyConnection, user_name: str) -> int:
    """End every session of a user; how many were ended."""
    ended = con.execute("DELETE FROM sessions WHERE user_name = ? RETURNING id_hash", [user_name]).fetchall()
    return len(ended)


def delete_expired_sessions(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> None:
    """Forget every session that expired before ``now``."""
    con.execute("DELETE FROM sessions WHERE expires <= ?", [now])


# --- API tokens --------------------------------------------------------------------------
def insert_token(con: duckdb.DuckDBPyConnection, id_hash: str, user_name: str, label: str,
                 created: dt.datetime, expires: dt.datetime | None) -> None:
    """Record an API token by its hash (``expires`` None: it never expires)."""
    con.execute("INSERT INTO api_tokens (id_hash, user_name, label, created, expires) VALUES (?, ?, ?, ?, ?)",
                [id_hash, user_name, label, created, expires])


def find_token(con: duckdb.DuckDBPyConnection, id_hash: str) -> dict[str, object] | None:
    """The token with this hash and its user (expires and the user's columns), or None."""
    return _credential(con, "api_tokens", "c.expires", id_hash)


# --- data version ------------------------------------------------------------------------
def data_version(con: duckdb.DuckDBPyConnection) -> int:
    """The data version: how many data writes the server has made (keys caches and ETags)."""
    row = con.execute("SELECT version FROM data_version").fetchone()
    return int(row[0]) if row else 0


def bump_data_version(con: duckdb.DuckDBPyConnection) -> int:
    """Count one more data write; the new version."""
    row = con.execute("UPDATE data_version SET version = version + 1, changed_at = ? RETURNING version",
                      [dt.datetime.now(dt.UTC).replace(tzinfo=None)]).fetchone()
    return int(row[0]) if row else 0
