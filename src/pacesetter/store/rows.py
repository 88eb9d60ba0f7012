"""Helpers the query modules share: rows as dicts of Python values, quoted identifiers."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb


def ident(name: str) -> str:
    """``name`` as a double-quoted SQL identifier (table or column names from code, never values)."""
    return '"' + name.replace('"', '""') + '"'


def dict_rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[object] = ()
) -> list[dict[str, object]]:
    """The rows of one parameterised query as dicts keyed by column name (dates stay ``datetime.date``)."""
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
