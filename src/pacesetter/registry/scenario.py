"""The demo's synthetic scenario: plans and tasks layered on the real registry, seeded and marked.

The embedded dataset holds real projects with published names, stages and amounts, but no
planned dates and no tasks, so lights, supervision and the trace would have nothing to show.
This module makes up what the demo lacks, with a fixed seed and for a fixed "today"
(:data:`TODAY`), so every run gives the same scenario and the same lights:

- for a subset of live, single (not 汇总 aggregate) projects: planned dates of 签约, 开工 and
  投产 such that red, yellow and green lights all occur on :data:`TODAY`; where a started
  project's total investment is published, a completed investment that agrees with its light,
  and an expected annual output; each such field is listed in the row's ``synthetic_fields``;
- tasks (督办) ``T-0001``… on the chains' unplaced segments and on plan indicators, with
  owners, due dates (some overdue, escalated by the rules as of :data:`TODAY`) and links to the
  projects above; each task and link row has ``synthetic = TRUE``.

Only empty fields are filled: a published value is never overwritten. Every write is audited
as :data:`ACTOR` with :data:`NOTE`. ``pacesetter init --demo --no-synthetic`` leaves it all out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from pacesetter.io.frames import records_of
from pacesetter.registry.lifecycle import STAGES
from pacesetter.registry.repository import Repository
from pacesetter.registry.tasks import (
    OwnerKind,
    TaskKind,
    add_task,
    escalate,
    link_project,
    load_escalation_rules,
    set_status,
)
from pacesetter.store import queries, scenario_queries

SEED = 20260630
TODAY = dt.date(2026, 6, 30)  # the demo's fixed "today": lights and overdue tasks are judged as of it
ACTOR = "demo-scenario"
NOTE = f"synthetic: demo scenario (seed {SEED}, as of {TODAY}), not a published figure"
PLANNED = ("signed", "started", "producing")  # the stages a plan dates
# Days past the next planned milestone, per intended light (lights.yaml: yellow ≥ 30, red ≥ 90).
_OVERDUE = {"red": (90, 400), "yellow": (30, 90), "green": (-360, 30)}
# Completed investment behind the time-elapsed pace, pp (lights.yaml: yellow ≥ 20, red ≥ 40).
_LAG = {"red": (42.0, 60.0), "yellow": (22.0, 36.0), "green": (-10.0, 15.0)}
_AGGREGATE = re.compile(r"\d+个|汇总")  # "签约项目(31个)": a group of projects, not one
# Plan indicators a task may serve: manufacturing chains, service chains, districts.
_MFG_INDICATORS = ("mfg_va_share_gdp", "high_tech_mfg_va_growth", "above_size_industry_va_growth")
_SERVICE_INDICATORS = ("services_share_gdp", "producer_services_va")
_DISTRICT_INDICATORS = ("fai_growth", "high_tech_enterprises")


@dataclass(frozen=True, slots=True)
class Plan:
    """Synthetic values for one project's empty fields, and the light they are meant to give."""

    project_id: str
    light: str
    values: dict[str, object]


def _day(base: dt.date, days: int | np.integer) -> dt.date:
    return base + dt.timedelta(days=int(days))


def plan_project(project: Mapping[str, object], light: str, rng: np.random.Generator,
                 today: dt.date = TODAY) -> Plan:
    """Planned dates (and, for a started project with a published total, amounts) giving ``light``."""
    nxt = STAGES.index(project["stage"]) + 1  # the next stage, not yet reached
    low, high = _OVERDUE[light]
    dates = {STAGES[nxt]: _day(today, -rng.integers(low, high))}
    for i in range(nxt - 1, 0, -1):  # earlier planned milestones, backwards
        dates[STAGES[i]] = _day(dates[STAGES[i + 1]], -rng.integers(60, 365))
    for i in range(nxt + 1, STAGES.index("producing") + 1):  # later ones, forwards
        dates[STAGES[i]] = _day(dates[STAGES[i - 1]], rng.integers(120, 540))
    values: dict[str, object] = {f"planned_{s}": dates[s] for s in PLANNED if s in dates}
    total = project.get("investment_yi")
    if isinstance(total, float) and total == total and total > 0:
        values["expected_output_yi"] = round(total * float(rng.uniform(0.8, 2.5)), 1)
        if project["stage"] == "started":
            span = (dates["producing"] - dates["started"]).days
            pace = min(max((today - dates["started"]).days / span, 0.0), 1.0) * 100
            share = min(max(pace - float(rng.uniform(*_LAG[light])), 0.0), 100.0) / 100
            values["completed_yi"] = round(total * share, 2)
    empty = {k: v for k, v in values.items() if _missing(project.get(k))}  # never overwrite a real value
    return Plan(str(project["id"]), light, empty)


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def plan_projects(projects: pd.DataFrame, rng: np.random.Generator, today: dt.date = TODAY) -> list[Plan]:
    """Plans for single live projects before 投产, a quarter red, a quarter yellow, half green."""
    pool = projects[projects["stage"].isin(STAGES[:3]) & ~projects["name_zh"].str.contains(_AGGREGATE)]
    pool = pool.sort_values("id")
    n = len(pool)
    lights = ["red"] * max(1, n // 4) + ["yellow"] * max(1, n // 4)
    lights = rng.permutation(lights + ["green"] * max(1, n - len(lights))).tolist()
    return [plan_project(p, light, rng, today) for p, light in zip(records_of(pool), lights, strict=False)]


def seed_scenario(con: duckdb.DuckDBPyConnection, seed: int = SEED, today: dt.date = TODAY) -> dict[str, int]:
    """Write the scenario in one transaction (audited as ``demo-scenario``); rows written per kind."""
    rng = np.random.default_rng(seed)
    repo = Repository(con, ACTOR)
    with repo.atomic():
        projects = repo.frame("projects")
        plans = plan_projects(projects, rng, today)
        by_id = projects.set_index("id")
        for plan in plans:
            repo.update("projects", plan.project_id, {**plan.values, "synthetic_fields": sorted(plan.values)},
                        expected_version=int(str(by_id.loc[plan.project_id, "version"])), note=NOTE)
        tasks = _seed_tasks(repo, projects, plans, rng, today)
        raised = escalate(repo, load_escalation_rules(), today)
        scenario_queries.record_scenario(con, "demo", seed, today, NOTE)
    return {"projects (synthetic plans)": len(plans), "tasks (synthetic)": tasks,
            "tasks escalated (synthetic)": len(raised)}


def _seed_tasks(repo: Repository, projects: pd.DataFrame, plans: list[Plan], rng: np.random.Generator,
                today: dt.date) -> int:
    """Gap tasks on the planned projects' chains and indicator tasks on their districts, linked to them."""
    con = repo.con
    planned = projects.set_index("id").loc[[p.project_id for p in plans]]
    chains = queries.table(con, "chains").set_index("id")
    indicators = set(queries.table(con, "indicators")["id"])
    gaps = scenario_queries.unplaced_segments(con)
    n = 0
    for chain_id, group in planned.groupby(planned["chain_id"].str.split(";").str[0], sort=True):
        if chain_id not in chains.index:
            continue
        segments = gaps[gaps["chain_id"] == chain_id]
        if segments.empty:
            continue
        seg = segments.iloc[int(rng.integers(len(segments)))]
        pool = _SERVICE_INDICATORS if chains.loc[chain_id, "category"] == "service" else _MFG_INDICATORS
        name = str(chains.loc[chain_id, "name_zh"])
        kind: OwnerKind = "task_force" if rng.random() < 0.6 else "chain_chief"
        owner = f"{name}{'专班' if kind == 'task_force' else '链长办公室'}"
        _task(repo, rng, today, title=f"补齐{seg['name_zh']}环节", kind="fill_segment", owner=owner,
              owner_kind=kind, chain=str(chain_id), segment=str(seg["id"]),
              indicator=_pick(rng, pool, indicators), projects=list(group.index[:2]))
        n += 1
    names = queries.region_names(con, "zh")
    for code, group in planned.dropna(subset=["district_code"]).groupby("district_code", sort=True):
        indicator = _pick(rng, _DISTRICT_INDICATORS, indicators)
        label = str(queries.indicator(con, indicator)["name_zh"]) if indicator else "重点项目"
        _task(repo, rng, today, title=f"{names.get(str(code), code)}推进重点项目，提升{label}",
              kind="lift_indicator" if indicator else "other", owner=f"{names.get(str(code), code)}招商专班",
              owner_kind="district", chain=None, segment=None, indicator=indicator,
              projects=list(group.index[:3]))
        n += 1
    return n


def _pick(rng: np.random.Generator, pool: tuple[str, ...], known: set[str]) -> str | None:
    """One indicator of ``pool`` the store knows, or None."""
    present = [i for i in pool if i in known]
    return present[int(rng.integers(len(present)))] if present else None


def _task(repo: Repository, rng: np.random.Generator, today: dt.date, *, title: str, kind: TaskKind,
          owner: str, owner_kind: OwnerKind, chain: str | None, segment: str | None,
          indicator: str | None, projects: list[str]) -> None:
    """One synthetic task: due 200 days ago to 180 days ahead; some in progress, some done; linked."""
    due = _day(today, rng.integers(-200, 180))
    task = add_task(repo, title=title, owner=owner, owner_kind=owner_kind, due=due,
                    today=_day(min(due, today), -rng.integers(60, 240)), kind=kind, chain_id=chain,
                    segment_id=segment, indicator_id=indicator, note=NOTE, synthetic=True)
    tid = str(task["id"])
    for pid in projects:
        link_project(repo, tid, pid, note=NOTE, synthetic=True)
    roll = rng.random()
    if roll < 0.2 or (roll < 0.55 and due >= today):
        set_status(repo, tid, "done" if roll < 0.2 else "in_progress", expected_version=1, note=NOTE)

