"""The audit log: who changed what, when, from what to what.

Every write of the registry goes through :mod:`pacesetter.registry.repository`,
which calls :func:`record` inside the same transaction as the change, so a
change and its audit entry land together or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import duckdb
import pandas as pd

Action = str  # create | update | advance | delete | restore | link | unlink | escalate | import


def to_json(values: Mapping[str, object] | None) -> str | None:
    """A record as JSON text (dates as ISO strings, Chinese kept readable)."""
    if values is None:
        return None
    return json.dumps(dict(values), ensure_ascii=False, default=_plain, sort_keys=True)


def _plain(value: object) -> object:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def record(
    con: duckdb.DuckDBPyConnection,
    *,
    actor: str,
    table: str,
    record_id: str,
    action: Action,
    before: Mapping[str, object] | None,
    after: Mapping[str, object] | None,
    note: str | None = None,
) -> None:
    """Append one entry (the caller holds the transaction)."""
    con.execute(
        "INSERT INTO audit_log (actor, table_name, record_id, action, before, after, note) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [actor, table, record_id, action, to_json(before), to_json(after), note],
    )


def history(
    con: duckdb.DuckDBPyConnection, *, table: str | None = None, record_id: str | None = None
) -> pd.DataFrame:
    """Audit entries, oldest first.

    Columns: id, changed_at (timestamp), actor, table_name, record_id, action,
    before and after (JSON text of the changed fields; whole rows on create), note.
    """
    where, params = ["TRUE"], []
    if table is not None:
        where.append("table_name = ?")
        params.append(table)
    if record_id is not None:
        where.append("record_id = ?")
        params.append(record_id)
    return con.execute(
        f"SELECT * FROM audit_log WHERE {' AND '.join(where)} ORDER BY id", params
    ).df()
