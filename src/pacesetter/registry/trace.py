"""Trace both ways: project → task → gap → indicator, and gap or indicator → tasks → projects."""

from __future__ import annotations

import duckdb

from pacesetter.errors import NotFoundError


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[object]) -> list[dict[str, object]]:
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


_TASKS = """
SELECT t.id, t.title, t.kind, t.owner, t.owner_kind, t.due, t.status, t.escalation,
       t.chain_id, c.name_zh AS chain_zh, c.name_en AS chain_en,
       t.segment_id, s.name_zh AS segment_zh, s.name_en AS segment_en,
       t.indicator_id, i.name_zh AS indicator_zh, i.name_en AS indicator_en
FROM tasks t
LEFT JOIN chains c ON c.id = t.chain_id
LEFT JOIN segments s ON s.id = t.segment_id
LEFT JOIN indicators i ON i.id = t.indicator_id
WHERE NOT t.deleted AND {where}
ORDER BY t.id
"""


def _projects_of(con: duckdb.DuckDBPyConnection, task_id: str) -> list[dict[str, object]]:
    return _rows(con, "SELECT p.id, p.name_zh, p.stage, p.stage_date FROM task_projects l "
                      "JOIN projects p ON p.id = l.project_id WHERE l.task_id = ? AND NOT p.deleted "
                      "ORDER BY p.id", [task_id])


def trace_project(con: duckdb.DuckDBPyConnection, project_id: str) -> dict[str, object]:
    """A project with every task it came from, each with its gap (chain, segment) and indicator.

    Returns {"project": {id, name_zh, stage, chain_id}, "tasks": [task rows with
    chain_*, segment_*, indicator_* names]}; an untraced project has no tasks.
    """
    found = _rows(con, "SELECT id, name_zh, stage, chain_id FROM projects WHERE id = ? AND NOT deleted",
                  [project_id])
    if not found:
        raise NotFoundError(f"no project {project_id!r}; see `pacesetter projects list`")
    where = "t.id IN (SELECT task_id FROM task_projects WHERE project_id = ?)"
    return {"project": found[0], "tasks": _rows(con, _TASKS.format(where=where), [project_id])}


def trace_gap(
    con: duckdb.DuckDBPyConnection, chain_id: str, segment_id: str | None = None
) -> list[dict[str, object]]:
    """Tasks on a chain (or one of its segments) and, in each, the projects they produced."""
    if segment_id is None:
        tasks = _rows(con, _TASKS.format(where="t.chain_id = ?"), [chain_id])
    else:
        tasks = _rows(con, _TASKS.format(where="t.chain_id = ? AND t.segment_id = ?"),
                      [chain_id, segment_id])
    return [{**t, "projects": _projects_of(con, str(t["id"]))} for t in tasks]


def trace_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[dict[str, object]]:
    """Tasks that lift an indicator and the projects they produced."""
    tasks = _rows(con, _TASKS.format(where="t.indicator_id = ?"), [indicator_id])
    return [{**t, "projects": _projects_of(con, str(t["id"]))} for t in tasks]
