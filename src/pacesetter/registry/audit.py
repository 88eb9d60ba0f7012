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

from pacesetter.store import records

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
    records.append_audit(con, actor=actor, table=table, record_id=record_id, action=action,
                         before=to_json(before), after=to_json(after), note=note)


def history(
    con: duckdb.DuckDBPyConnection, *, table: str | None = None, record_id: str | None = None
) -> pd.DataFrame:
    """Audit entries, oldest first.

    Columns: id, changed_at (timestamp), actor, table_name, record_id, action,
    before and after (JSON text of the changed fields; whole rows on create), note.
    """
    return records.audit_entries(con, table=table, record_id=record_id)
