"""Reads and writes of tasks' links to projects, and the trace between tasks, gaps and indicators."""

from __future__ import annotations

import duckdb

from pacesetter.store.rows import dict_rows

# Every task column a trace shows, with the names of its chain, segment and indicator.
_TASKS = """
SELECT t.id, t.title, t.kind, t.owner, t.owner_kind, t.due, t.status, t.escalation, t.synthetic,
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


def project_head(con: duckdb.DuckDBPyConnection, project_id: str) -> dict[str, object] | None:
    """A live project's id, alias, name_zh, stage and chain_id, or ``None`` (unknown or deleted)."""
    rows = dict_rows(con, "SELECT id, alias, name_zh, stage, chain_id FROM projects "
                          "WHERE id = ? AND NOT deleted", [project_id])
    return rows[0] if rows else None


def tasks_of_project(con: duckdb.DuckDBPyConnection, project_id: str) -> list[dict[str, object]]:
    """Live tasks linked to a project, by id, each with the names of its chain, segment and indicator.

    Keys: id, title, kind, owner, owner_kind, due, status, escalation, synthetic, chain_id,
    chain_zh, chain_en, segment_id, segment_zh, segment_en, indicator_id,
    indicator_zh, indicator_en.
    """
    where = "t.id IN (SELECT task_id FROM task_projects WHERE project_id = ?)"
    return dict_rows(con, _TASKS.format(where=where), [project_id])


def tasks_of_gap(
    con: duckdb.DuckDBPyConnection, chain_id: str, segment_id: str | None = None
) -> list[dict[str, object]]:
    """Live tasks on a chain (or one of its segments), by id, with the columns of :func:`tasks_of_project`."""
    if segment_id is None:
        return dict_rows(con, _TASKS.format(where="t.chain_id = ?"), [chain_id])
    return dict_rows(con, _TASKS.format(where="t.chain_id = ? AND t.segment_id = ?"), [chain_id, segment_id])


def tasks_of_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[dict[str, object]]:
    """Live tasks that lift an indicator, by id, with the columns of :func:`tasks_of_project`."""
    return dict_rows(con, _TASKS.format(where="t.indicator_id = ?"), [indicator_id])


def projects_of_task(con: duckdb.DuckDBPyConnection, task_id: str) -> list[dict[str, object]]:
    """Live projects linked to a task, by id: id, alias, name_zh, stage, stage_date, synthetic (the link)."""
    return dict_rows(con, "SELECT p.id, p.alias, p.name_zh, p.stage, p.stage_date, l.synthetic "
                          "FROM task_projects l "
                          "JOIN projects p ON p.id = l.project_id WHERE l.task_id = ? AND NOT p.deleted "
                          "ORDER BY p.id", [task_id])


def link_exists(con: duckdb.DuckDBPyConnection, task_id: str, project_id: str) -> bool:
    """Whether the task is linked to the project."""
    row = con.execute("SELECT count(*) FROM task_projects WHERE task_id = ? AND project_id = ?",
                      [task_id, project_id]).fetchone()
    return bool(row and row[0])


def insert_link(
    con: duckdb.DuckDBPyConnection, task_id: str, project_id: str, *, synthetic: bool = False
) -> None:
    """Link a task to a project (the caller checks it is new and holds the transaction)."""
    con.execute("INSERT INTO task_projects (task_id, project_id, synthetic) VALUES (?, ?, ?)",
                [task_id, project_id, synthetic])


def delete_link(con: duckdb.DuckDBPyConnection, task_id: str, project_id: str) -> bool:
    """Remove a task → project link; whether there was one."""
    gone = con.execute("DELETE FROM task_projects WHERE task_id = ? AND project_id = ? RETURNING project_id",
                       [task_id, project_id]).fetchall()
    return bool(gone)
