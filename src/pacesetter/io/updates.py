"""Round trips: an edited export adds what is new, updates what changed, leaves the rest alone.

A row of the file (the typed table validation builds) is compared with the
stored row of the same key on the columns the file *has* (a column left out of the file keeps
its stored values; a blank cell under a present column clears the field). Values are compared
as an export writes them, so re-importing an unchanged export changes nothing: blank text and
NULL are the same, an empty list and NULL are the same, a blank flag is false.

What a changed row does depends on the entity:

- observations are never edited in place: a changed figure under the same key is refused at
  validation (``revision_needs_new_vintage``); a revision is a new row with a later vintage.
- registry records (``version`` in the spec: parks, policies, enterprises) are an audited edit:
  the version goes up by one and the audit log gets the changed fields before and after. A row
  whose ``version`` cell differs from the store's is a conflict (somebody changed the record
  since the export) and nothing is written; a file without a version column, or a blank cell,
  edits the current version. A soft-deleted record is never brought back by an import: its row
  is refused (``record_deleted``), and exports leave deleted records out. New records start at
  version 1 whatever the file says (they have no history in this store) and are audited too.
- reference entities (indicators, regions, chains, segments, placements, targets) are updated
  in place, each change written to the audit log (action ``import_update``).

Every write here runs inside the import's one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection

import duckdb

from pacesetter.io.specs import Column, EntitySpec
from pacesetter.store.records import append_audit

_TEXT = ("str", "enum", "period", "region", "unit", "uscc", "indicator", "industry", "enterprise",
         "chain", "segment")


def stored_as_exported(c: Column, alias: str = "t") -> str:
    """SQL: the stored value of ``c`` as a re-import of its export would type it."""
    q = f'{alias}."{c.name}"'
    if c.type in _TEXT:
        return f"nullif(trim({q}), '')"
    if c.blank_unknown:
        return q
    if c.type == "list":
        return f"coalesce({q}, [])"
    if c.type == "bool":
        return f"coalesce({q}, FALSE)"
    return q


def compared(spec: EntitySpec, given: Collection[str]) -> list[Column]:
    """The columns a file row is compared on: those the file has, other than the key and version."""
    return [c for c in spec.columns if c.name in given and c.name not in spec.key and c.name != "version"]


def differs(c: Column) -> str:
    """SQL: whether the file's value (alias ``s``) differs from the stored one (alias ``t``)."""
    return f'{stored_as_exported(c)} IS DISTINCT FROM s."{c.name}"'


def key_join(spec: EntitySpec) -> str:
    """SQL: file row ``s`` and stored row ``t`` have the same key."""
    return " AND ".join(f't."{k}" IS NOT DISTINCT FROM s."{k}"' for k in spec.key)


def any_difference(spec: EntitySpec, given: Collection[str]) -> str:
    """SQL: whether any compared column differs (FALSE when the file has only the key)."""
    return " OR ".join(f"({differs(c)})" for c in compared(spec, given)) or "FALSE"


def record_id(spec: EntitySpec, alias: str = "s") -> str:
    """SQL: the id the audit log names a row by (the key, `` / ``-joined when composite)."""
    return "concat_ws(' / ', " + ", ".join(f'{alias}."{k}"::VARCHAR' for k in spec.key) + ")"


def write(
    con: duckdb.DuckDBPyConnection, spec: EntitySpec, typed: str, given: Collection[str], *, file: str,
    actor: str, dry_run: bool,
) -> tuple[int, int]:
    """Add the rows of ``typed`` with a new key and update the changed ones (unless ``dry_run``).

    Returns (added, changed).

    Validation has already refused every row that may not be written (conflicts, deleted
    records, changed observations); the caller holds the transaction.
    """
    join, diff = key_join(spec), any_difference(spec, given)
    new = f'NOT EXISTS (SELECT 1 FROM "{spec.table}" t WHERE {join})'
    added = _count(con, f"SELECT count(*) FROM {typed} s WHERE {new}")
    changed = _count(con, f'SELECT count(*) FROM {typed} s JOIN "{spec.table}" t ON {join} WHERE {diff}')
    if dry_run:
        return added, changed
    if changed:
        _update(con, spec, typed, given, file=file, actor=actor)
    if added:
        cols = ", ".join(f'"{c.name}"' for c in spec.columns if c.name != "version")
        if spec.versioned:  # audited like the registry's own creates: the whole new record
            after = "to_json(struct_pack(" + ", ".join(
                f'"{c.name}" := s."{c.name}"' for c in spec.columns if c.name != "version") + "))"
            con.execute(
                "INSERT INTO audit_log (actor, table_name, record_id, action, before, after, note) "
                f"SELECT ?, ?, {record_id(spec)}, 'import_create', NULL, {after}, ? "
                f"FROM {typed} s WHERE {new}",
                [actor, spec.table, file],
            )
        con.execute(f'INSERT INTO "{spec.table}" ({cols}) SELECT {cols} FROM {typed} s WHERE {new}')
    return added, changed


def _update(con: duckdb.DuckDBPyConnection, spec: EntitySpec, typed: str, given: Collection[str], *,
            file: str, actor: str) -> None:
    """Update the changed rows in place (versioned ones gain a version) and audit each change."""
    cols = compared(spec, given)
    join, diff = key_join(spec), any_difference(spec, given)
    version = ", t.version" if spec.versioned else ""
    rows = con.execute(
        f"SELECT {record_id(spec)}, "
        + ", ".join(f't."{c.name}", s."{c.name}", {differs(c)}' for c in cols)
        + f'{version} FROM {typed} s JOIN "{spec.table}" t ON {join} WHERE {diff}'
    ).fetchall()
    for row in rows:
        before: dict[str, object] = {}
        after: dict[str, object] = {}
        for i, c in enumerate(cols):
            old, value, changed = row[1 + 3 * i: 4 + 3 * i]
            if changed:
                before[c.name], after[c.name] = old, value
        if spec.versioned:
            before["version"], after["version"] = row[-1], int(row[-1]) + 1
        append_audit(con, actor=actor, table=spec.table, record_id=str(row[0]), action="import_update",
                     before=_json(before), after=_json(after), note=file)
    sets = [f'"{c.name}" = CASE WHEN {differs(c)} THEN s."{c.name}" ELSE t."{c.name}" END' for c in cols]
    if spec.versioned:
        sets.append("version = t.version + 1")
    con.execute(f'UPDATE "{spec.table}" AS t SET {", ".join(sets)} FROM {typed} s WHERE {join} AND ({diff})')


def _json(values: dict[str, object]) -> str:
    """Changed fields as the audit log keeps them (dates ISO, Chinese readable)."""
    return json.dumps(values, ensure_ascii=False, default=str, sort_keys=True)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
