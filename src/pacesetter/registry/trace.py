"""Trace both ways: project → task → gap → indicator, and gap or indicator → tasks → projects."""

from __future__ import annotations

import duckdb

from pacesetter.errors import NotFoundError
from pacesetter.store import lookups, scenario_queries, task_queries


def trace_project(con: duckdb.DuckDBPyConnection, project_id: str) -> dict[str, object]:
    """A project (by id or alias) with every task it came from, each with its gap and indicator.

    Returns {"project": {id, alias, name_zh, stage, chain_id}, "tasks": [task rows with
    chain_*, segment_*, indicator_* names and ``synthetic``]}; an untraced project has no tasks.
    """
    found = task_queries.project_head(con, scenario_queries.resolve_project(con, project_id) or project_id)
    if found is None:
        raise NotFoundError.said("registry_errors.no_project", project=project_id)
    return {"project": found, "tasks": task_queries.tasks_of_project(con, str(found["id"]))}


def trace_gap(
    con: duckdb.DuckDBPyConnection, chain_id: str, segment_id: str | None = None
) -> list[dict[str, object]]:
    """Tasks on a chain (or one of its segments) and, in each, the projects they produced;
    :class:`NotFoundError` for a chain or segment the store does not know."""
    if not lookups.chain_exists(con, chain_id):
        raise NotFoundError.said("registry_errors.unknown_chain", chain=chain_id)
    if segment_id is not None and not lookups.segment_exists(con, segment_id, chain_id):
        raise NotFoundError.said("registry_errors.unknown_segment", chain=chain_id, segment=segment_id)
    return _with_projects(con, task_queries.tasks_of_gap(con, chain_id, segment_id))


def trace_indicator(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[dict[str, object]]:
    """Tasks that lift an indicator and the projects they produced; :class:`NotFoundError` for an
    indicator the store does not know."""
    if not lookups.indicator_exists(con, indicator_id):
        raise NotFoundError.said("analysis.errors.unknown_indicator", indicator=indicator_id)
    return _with_projects(con, task_queries.tasks_of_indicator(con, indicator_id))


def _with_projects(
    con: duckdb.DuckDBPyConnection, tasks: list[dict[str, object]]
) -> list[dict[str, object]]:
    """Each task with the projects it produced under ``projects``."""
    return [{**t, "projects": task_queries.projects_of_task(con, str(t["id"]))} for t in tasks]
