"""Versioned, audited, soft-deleting writes to the registry tables.

Every record of ``projects``, ``parks``, ``policies``, ``enterprises`` and
``tasks`` carries a ``version``. A write names the version it was based on;
if the store holds another one, somebody else changed the record in between
and the write is refused with :class:`ConflictError` instead of silently
overwriting their change. Deletion sets ``deleted`` and can be undone.
Each write and its audit entry share one transaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import duckdb
import pandas as pd

from pacesetter.data.places import district_rules
from pacesetter.errors import ConflictError, InputError, NotFoundError, Said
from pacesetter.registry import audit
from pacesetter.registry.lifecycle import synthetic_fields
from pacesetter.store import records, scenario_queries

VERSIONED = ("projects", "parks", "policies", "enterprises", "tasks")


def _same(a: object, b: object) -> bool:
    """Equality that treats NaN/None alike and dates/datetimes by day."""
    if _missing(a) and _missing(b):
        return True
    if isinstance(a, dt.datetime) and isinstance(b, dt.date) and not isinstance(b, dt.datetime):
        a = a.date()
    return a == b


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def with_district_code(table: str, values: Mapping[str, object]) -> dict[str, object]:
    """``values`` plus the district code of their district text, for projects and parks.

    The code always follows the text by the rules of data/districts.yaml (None: district
    unknown), so no write can leave a text and a code that disagree.
    """
    out = dict(values)
    if table in ("projects", "parks") and "district" in out:
        rules = district_rules()
        text = out["district"]
        if isinstance(text, str) and text.strip() in set(rules.names.values()):  # a code: the district's name
            code = text.strip()
            out["district"] = max((n for n, c in rules.names.items() if c == code), key=len)
        out["district_code"] = rules.code(out["district"])
    return out


class Repository:
    """Audited access to the registry tables for one actor on one connection.

    ``atomic()`` groups several writes into one transaction (nested calls join
    the outer one), e.g. an Excel import: all rows and their audit entries, or nothing.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, actor: str) -> None:
        if not actor.strip():
            raise InputError.said("registry_errors.actor_required")
        self.con = con
        self.actor = actor
        self._depth = 0

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction around the block; nested blocks join the outermost one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._depth = 1
        try:
            with records.atomic(self.con):
                yield
        finally:
            self._depth = 0

    # --- reads ----------------------------------------------------------------------------
    def find(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, object] | None:
        """One record as a dict, or ``None``; a project is also found by its alias (P-0001)."""
        _check_table(table)
        if table == "projects":
            record_id = scenario_queries.resolve_project(self.con, record_id) or record_id
        row = records.find_record(self.con, table, record_id)
        if row is None or (row["deleted"] and not include_deleted):
            return None
        return row

    def get(self, table: str, record_id: str, *, include_deleted: bool = False) -> dict[str, object]:
        """One record as a dict, or :class:`NotFoundError` (also for a deleted one)."""
        row = self.find(table, record_id, include_deleted=True)
        if row is None:
            raise NotFoundError.said("records.no_record", record=record_id, table=table)
        if row["deleted"] and not include_deleted:
            raise NotFoundError.said("records.deleted", record=record_id, table=table)
        return row

    def frame(self, table: str, *, include_deleted: bool = False) -> pd.DataFrame:
        """A whole table (without deleted rows unless asked), ordered by id."""
        _check_table(table)
        return records.record_frame(self.con, table, include_deleted=include_deleted)

    # --- writes ---------------------------------------------------------------------------
    def create(
        self, table: str, values: Mapping[str, object], *, note: str | None = None
    ) -> dict[str, object]:
        """Insert a new record at version 1 and audit it; a new project gets the next alias (P-0001)."""
        _check_table(table)
        record_id = str(values.get("id") or "")
        if not record_id:
            raise InputError.said("registry_errors.id_required", table=Said(f"registry_errors.table.{table}"))
        with self.atomic():
            if self.find(table, record_id, include_deleted=True) is not None:
                raise ConflictError.said("registry_errors.exists", record=record_id,
                                         table=Said(f"registry_errors.table.{table}"))
            if table == "projects" and not values.get("alias"):
                values = {**values, "alias": scenario_queries.next_project_alias(self.con)}
            records.insert_record(self.con, table, {k: v for k, v in with_district_code(table, values).items()
                                                    if k not in ("version", "deleted")})
            after = self.get(table, record_id)
            audit.record(self.con, actor=self.actor, table=table, record_id=record_id,
                         action="create", before=None, after=after, note=note)
        return after

    def update(
        self,
        table: str,
        record_id: str,
        changes: Mapping[str, object],
        *,
        expected_version: int,
        action: str = "update",
        note: str | None = None,
        include_deleted: bool = False,
    ) -> dict[str, object]:
        """Apply ``changes`` if the record is still at ``expected_version``; audit the change.

        Unchanged values are dropped; a write that changes nothing leaves no trace
        and keeps the version. A value written over a synthetic one is no longer synthetic
        (unless ``changes`` sets ``synthetic_fields`` itself). Raise :class:`ConflictError`
        when the record moved on.
        """
        _check_table(table)
        if {"id", "version"} & set(changes):
            raise InputError.said("registry_errors.managed")
        with self.atomic():
            current = self.get(table, record_id, include_deleted=include_deleted)
            typed, record_id = record_id, str(current["id"])  # a project named by its alias
            check_version(table, record_id, current, expected_version, self, shown=typed)
            diff = {k: v for k, v in with_district_code(table, changes).items()
                    if not _same(current.get(k), v)}
            if diff and "synthetic_fields" not in changes:
                diff |= _unmark_synthetic(current, diff)
            if not diff:
                return current
            if not records.update_record(self.con, table, record_id, diff, expected_version=expected_version):
                check_version(table, record_id, self.get(table, record_id, include_deleted=True),
                               expected_version, self, shown=typed)
            after = self.get(table, record_id, include_deleted=True)
            before = {k: current.get(k) for k in diff} | {"version": current["version"]}
            audit.record(self.con, actor=self.actor, table=table, record_id=record_id, action=action,
                         before=before, after={k: after.get(k) for k in before}, note=note)
        return after

    def delete(self, table: str, record_id: str, *, expected_version: int, note: str | None = None) -> None:
        """Soft-delete: the record disappears from lists but stays restorable."""
        self.update(table, record_id, {"deleted": True}, expected_version=expected_version,
                    action="delete", note=note)

    def restore(self, table: str, record_id: str, *, expected_version: int, note: str | None = None) -> None:
        """Undo a soft deletion; :class:`InputError` if the record is not deleted."""
        if not self.get(table, record_id, include_deleted=True)["deleted"]:
            raise InputError.said("registry_errors.not_deleted", record=record_id,
                                  table=Said(f"registry_errors.table.{table}"))
        self.update(table, record_id, {"deleted": False}, expected_version=expected_version,
                    action="restore", note=note, include_deleted=True)

    def next_id(self, table: str, prefix: str, width: int = 0) -> str:
        """``<prefix><n>`` one above the highest ``<prefix><number>`` id in ``table`` (deleted included).

        ``width`` pads the number with zeros (``T-0001``).
        """
        _check_table(table)
        return f"{prefix}{records.max_id_number(self.con, table, prefix) + 1:0{width}d}"

    def log(self, table: str, record_id: str, action: str, *, before: Mapping[str, object] | None,
            after: Mapping[str, object] | None, note: str | None = None) -> None:
        """Audit a write that is not a versioned record change (e.g. a task → project link)."""
        audit.record(self.con, actor=self.actor, table=table, record_id=record_id, action=action,
                     before=before, after=after, note=note)


def _unmark_synthetic(current: Mapping[str, object], diff: Mapping[str, object]) -> dict[str, object]:
    """``{"synthetic_fields": rest}`` when ``diff`` writes over synthetic fields of the record, else {}."""
    marked = synthetic_fields(current)
    if not marked & set(diff):
        return {}
    return {"synthetic_fields": sorted(marked - set(diff)) or None}


def _check_table(table: str) -> None:
    if table not in VERSIONED:
        raise InputError.said("registry_errors.not_table", table=table, tables=VERSIONED)


def check_version(
    table: str, record_id: str, current: Mapping[str, object], expected: int, repo: Repository,
    *, shown: str | None = None,
) -> None:
    """Refuse (:class:`ConflictError`, naming who changed it when) an edit of a version that is
    no longer the stored one; nothing is written. The record is named ``shown`` (as the user
    named it, e.g. a project by its alias P-0009), else by its id."""
    if current["version"] == expected:
        return
    last = last_change(repo.con, table, str(current.get("id") or record_id))
    record_id = shown or record_id
    if last is None:
        raise ConflictError.said("records.conflict", record=record_id, expected=expected,
                                 current=current["version"])
    raise ConflictError.said("records.conflict_by", record=record_id, expected=expected,
                             current=current["version"], actor=last[0], at=last[1])


def last_change(con: duckdb.DuckDBPyConnection, table: str, record_id: str) -> tuple[str, str] | None:
    """Who changed the record last and when (to the second), for conflict messages; None if no one."""
    last = audit.history(con, table=table, record_id=record_id).tail(1)
    return None if last.empty else (str(last.iloc[0]["actor"]), str(last.iloc[0]["changed_at"])[:19])
