"""What registry records touch, for the server's scope checks: their chains and districts.

The rules are :mod:`pacesetter.model.access`: a project touches its chain (a text may name
several, ``nev;smart_mfg_equip``) and its district code; a park its district code; a task its
own chain and the chains and districts of its live linked projects. Deleted records are
included, so that a deleted project can be checked before it is restored.
"""

from __future__ import annotations

from collections import defaultdict

import duckdb

from pacesetter.model.access import RecordScope

# (id, chain text or NULL, district code or NULL) rows per table; several rows per id are merged
_TOUCHES = {
    "projects": "SELECT id, chain_id, district_code FROM projects",
    "parks": "SELECT id, NULL, district_code FROM parks",
    "tasks": "SELECT id, chain_id, NULL FROM tasks UNION ALL "
             "SELECT l.task_id, p.chain_id, p.district_code FROM task_projects l "
             "JOIN projects p ON p.id = l.project_id AND NOT p.deleted",
}


def record_scopes(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, RecordScope]:
    """``{id: RecordScope}`` of every record of ``table``; empty for tables no scope narrows
    (policies, enterprises)."""
    if table not in _TOUCHES:
        return {}
    chains: dict[str, set[str]] = defaultdict(set)
    districts: dict[str, set[str]] = defaultdict(set)
    for record_id, chain, district in con.execute(_TOUCHES[table]).fetchall():
        chains[record_id].update(c.strip() for c in (chain or "").split(";"))
        districts[record_id].add(district)
    return {rid: RecordScope.of(chains[rid], districts[rid]) for rid in chains}
