"""Projects: listing with filters, validated creation, edits and lifecycle moves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from pacesetter.errors import ConflictError, InputError
from pacesetter.model.entities import ProjectStage
from pacesetter.registry.fields import check_district, check_name, check_refs
from pacesetter.registry.lifecycle import (
    AMOUNT_FIELDS,
    check_date_edits,
    check_finite,
    check_project,
    parse_stage,
    plan_transition,
    refused,
)
from pacesetter.registry.repository import Repository, check_version
from pacesetter.store import lookups, scenario_queries


def filter_projects(
    projects: pd.DataFrame,
    *,
    chain: str | None = None,
    stage: str | None = None,
    district: str | None = None,
    park: str | None = None,
) -> pd.DataFrame:
    """Rows of ``projects`` matching every given filter.

    ``stage`` is zh or en (开工 / started); ``district`` is a GB/T 2260 district code
    (370211 finds 西海岸新区) or a substring of the published text (崂山 finds 崂山区(中韩街道));
    ``chain`` also matches multi-chain rows (``nev;smart_mfg_equip``).
    """
    keep = pd.Series(True, index=projects.index)
    if chain:
        keep &= projects["chain_id"].fillna("").str.split(";").map(lambda ids: chain in ids)
    if stage:
        keep &= projects["stage"] == parse_stage(stage)
    if district:
        keep &= (projects["district"].fillna("").str.contains(district, regex=False)
                 | (projects["district_code"] == district))
    if park:
        keep &= projects["park_id"].fillna("") == park
    return projects[keep]


def save_project(
    repo: Repository,
    values: Mapping[str, object],
    *,
    today: dt.date,
    expected_version: int | None = None,
    note: str | None = None,
) -> dict[str, object]:
    """Create a project (``expected_version=None``) or edit one, validated against the lifecycle rules.

    An edit may not change the stage: stages move through :func:`advance_project`.
    """
    record_id = str(values.get("id") or "")
    current = repo.find("projects", record_id) if expected_version is not None else None
    if isinstance(parent := values.get("parent_id"), str):  # a parent named by its alias: its id
        values = {**values, "parent_id": scenario_queries.resolve_project(repo.con, parent) or parent}
    merged = {**(current or {}), **values}
    found = (check_name(merged) + check_finite(values, AMOUNT_FIELDS) + check_project(merged, today)
             + check_date_edits(current or {}, values, today) + check_district(values)
             + check_refs(values, current, lambda table, one: lookups.id_exists(repo.con, table, one)))
    problems = list({(p.rule, p.value): p for p in found}.values())  # a rule broken twice is said once
    if current is not None and values.get("stage", current["stage"]) != current["stage"]:
        raise InputError.said("registry_errors.stage_by_edit", record=record_id)
    if problems:
        raise refused(record_id, problems)
    if expected_version is None:
        same = scenario_queries.live_project_names(repo.con).get(str(values["name_zh"]).strip())
        if same is not None:
            raise ConflictError.said("registry_errors.name_taken", name=values["name_zh"], alias=same[1],
                                     id=same[0])
        return repo.create("projects", values, note=note)
    return repo.update("projects", record_id, {k: v for k, v in values.items() if k != "id"},
                       expected_version=expected_version, note=note)


def advance_project(
    repo: Repository,
    project_id: str,
    to: ProjectStage | str,
    on: dt.date | None,
    *,
    today: dt.date,
    expected_version: int | None = None,
    note: str | None = None,
) -> dict[str, object]:
    """Move a project to its next stage (or terminate it) on date ``on``; audited as ``advance``.

    ``expected_version`` defaults to the version read here; pass the version a
    person saw to refuse a stale edit.
    """
    with repo.atomic():
        project = repo.get("projects", project_id)
        version = int(str(project["version"])) if expected_version is None else expected_version
        # a stale version is a conflict, judged before the move: the stage a person saw is gone
        check_version("projects", project_id, project, version, repo)
        changes = plan_transition(project, parse_stage(to), on, today)
        return repo.update("projects", project_id, changes, expected_version=version,
                           action="advance", note=note)
