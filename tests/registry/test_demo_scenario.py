"""The demo's synthetic scenario: every light colour, overdue tasks, a trace; all marked, all optional.

Hand-known values come from the scenario (seed 20260630, as of 2026-06-30) and the shipped
rules: lights.yaml (milestone overdue: yellow ≥ 30 days, red ≥ 90; investment behind pace:
yellow ≥ 20 pp, red ≥ 40) and escalation.yaml (level 3 from 30 days overdue).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.registry.lifecycle import synthetic_fields
from pacesetter.registry.scenario import NOTE, SEED, TODAY, plan_projects
from pacesetter.store import connect
from pacesetter.store.scenario_queries import synthetic_counts

SYNTHETIC_FIELDS = ["planned_signed", "planned_started", "planned_producing", "completed_yi",
                    "expected_output_yi"]


@pytest.fixture(scope="module")
def ws(demo_db_template: Path) -> pacesetter.Workspace:
    """A read-only view of the demo database of this run (with its scenario)."""
    return pacesetter.open(demo_db_template, read_only=True)


def _project(ws: pacesetter.Workspace, name: str) -> dict[str, object]:
    hit = ws.projects.frame()
    hit = hit[hit["name_zh"] == name]
    assert len(hit) == 1, name
    return {str(k): v for k, v in hit.iloc[0].to_dict().items()}


def test_the_demo_judges_as_of_its_fixed_date_and_shows_every_light(ws: pacesetter.Workspace) -> None:
    assert ws.projects.today() == TODAY == dt.date(2026, 6, 30)
    lights = ws.projects.lights()
    assert {"red", "yellow", "green"} <= set(lights["light"].dropna())
    assert lights[lights["light"].notna()]["synthetic"].all()  # every light rests on the scenario
    by_id = lights.set_index("id")
    # 潍柴高端新能源汽车创新孵化中心 (published stage 签约): planned 开工 2025-08-02, not reached;
    # 2025-08-02 → 2026-06-30 is 29+30+31+30+31+31+28+31+30+31+30 = 332 days ≥ 90: red.
    weichai = _project(ws, "潍柴高端新能源汽车创新孵化中心")
    assert weichai["stage"] == "signed" and weichai["planned_started"] == pd.Timestamp(2025, 8, 2)
    assert by_id.loc[weichai["id"], "light"] == "red" and by_id.loc[weichai["id"], "days_overdue"] == 332
    # 钢材贸易供应链中心(济铁物流园), 开工, total 1.5 亿元 (published): planned 投产 2026-04-09 is
    # 21+31+30 = 82 days past (yellow); completed 0.97 of 1.5 = 64.7 % against a pace of 100 %
    # (planned 开工 2025-06-17 → 投产 2026-04-09 has elapsed): 35.3 pp behind (yellow).
    steel = _project(ws, "钢材贸易供应链中心(济铁物流园)")
    assert steel["investment_yi"] == 1.5 and steel["completed_yi"] == 0.97
    row = by_id.loc[steel["id"]]
    assert (row["light"], row["days_overdue"], row["pace_lag_pp"]) == ("yellow", 82, 35.3)


def test_overdue_tasks_escalated_and_traced_to_an_indicator(ws: pacesetter.Workspace) -> None:
    late = ws.tasks.overdue().set_index("id")
    assert late["synthetic"].all() and (late["level"] == late["recorded"]).all()  # escalated on 2026-06-30
    # T-0001 due 2026-01-11: 20+28+31+30+31+30 = 170 days late, level 3 (≥ 30 days)
    assert late.loc["T-0001", "days_overdue"] == 170 and late.loc["T-0001", "level"] == 3
    thread = ws.trace("project", "p-0007")  # an alias, in any case
    assert thread["project"]["name_zh"] == "整机和光学模组项目(2022报道)"
    tasks = thread["tasks"]
    assert tasks and all(t["synthetic"] and t["indicator_id"] for t in tasks)
    assert ws.projects.rollup("district")["completed_synthetic"].sum() > 0


def test_every_synthetic_value_is_flagged_and_no_published_one_replaced(ws: pacesetter.Workspace) -> None:
    projects = ws.projects.frame()
    for p in projects.to_dict("records"):
        filled = {f for f in SYNTHETIC_FIELDS if not pd.isna(p[f])}
        assert filled == synthetic_fields(p), p["id"]  # the published data hold none of these fields
    assert ws.tasks.list()["synthetic"].all() and len(ws.tasks.list()) > 0
    log = ws.audit(actor="demo-scenario")
    assert len(log) > 0 and ((log["note"] == NOTE) | (log["action"] == "escalate")).all()
    assert not log["after"].fillna("").str.contains("investment_yi").any()  # totals: published only


def test_the_plan_is_seeded() -> None:
    frame = pd.DataFrame({"id": [f"p{i}" for i in range(8)], "name_zh": [f"项目{i}" for i in range(8)],
                          "stage": ["started"] * 8, "investment_yi": [10.0] * 8})
    first, second = (plan_projects(frame, np.random.default_rng(SEED)) for _ in range(2))
    assert first == second and {p.light for p in first} == {"red", "yellow", "green"}


def _real_rows(path: Path) -> dict[str, pd.DataFrame]:
    """Every table's published rows, synthetic values blanked, bookkeeping columns left out."""
    con = duckdb.connect(str(path), read_only=True)
    fake_regions = "(SELECT code FROM regions WHERE synthetic)"
    out = {}
    for (name,) in con.execute("SELECT table_name FROM information_schema.tables "
                               "WHERE table_schema = 'main' AND table_type = 'BASE TABLE'").fetchall():
        if name in ("audit_log", "schema_migrations", "scenarios", "tasks", "task_projects"):
            continue
        cols = {c for (c,) in con.execute(f"SELECT column_name FROM information_schema.columns "
                                          f"WHERE table_name = '{name}'").fetchall()}
        where = ["NOT synthetic"] if "synthetic" in cols else []
        where += [f"coalesce(region_code, '') NOT IN {fake_regions}"] if "region_code" in cols else []
        df = con.execute(f'SELECT * FROM "{name}" {"WHERE " + " AND ".join(where) if where else ""}').df()
        if name == "projects":
            for f in SYNTHETIC_FIELDS:
                fake = df["synthetic_fields"].map(
                    lambda m, f=f: f in synthetic_fields({"synthetic_fields": m}))
                df[f] = df[f].astype(object).where(~fake, None)
        df = df.drop(columns=[c for c in ("imported_at", "version", "synthetic_fields") if c in df])
        out[name] = df.astype(str).sort_values(list(df.columns)).reset_index(drop=True)
    con.close()
    return out


def test_no_synthetic_leaves_none_and_the_same_real_rows(demo_db_template: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.duckdb"
    result = CliRunner().invoke(app, ["--db", str(real), "init", "--demo", "--no-synthetic"])
    assert result.exit_code == 0, result.output
    con = connect(real)
    assert synthetic_counts(con) == {"projects": 0, "tasks": 0, "task_projects": 0, "scenarios": 0}
    assert con.execute("SELECT count(*) FROM observations WHERE synthetic").fetchone() == (0,)
    con.close()
    assert pacesetter.open(real, read_only=True).projects.lights()["light"].isna().all()  # nothing to judge
    with_scenario, without = _real_rows(demo_db_template), _real_rows(real)
    assert with_scenario.keys() == without.keys()
    for name in without:
        pd.testing.assert_frame_equal(with_scenario[name], without[name], obj=name)


def test_excel_export_marks_each_synthetic_cell(ws: pacesetter.Workspace, tmp_path: Path) -> None:
    import openpyxl

    from pacesetter.registry.excel import SYNTHETIC_COMMENT, write_projects

    projects = ws.projects.frame()
    write_projects(projects, tmp_path / "台账.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "台账.xlsx").active
    assert sheet is not None
    comments = [c.comment.text for row in sheet.iter_rows() for c in row if c.comment]
    marked = sum(len(synthetic_fields(p)) for p in projects.to_dict("records"))
    assert len(comments) == marked > 0 and set(comments) == {SYNTHETIC_COMMENT}


def test_short_ids_are_accepted_and_a_real_edit_is_no_longer_synthetic(demo_db: Path) -> None:
    ws = pacesetter.open(demo_db, actor="王科长")
    p = ws.projects.get("P-0007")
    assert p["id"] == "project-1e7e6ba7" and "completed_yi" in synthetic_fields(p)
    after = ws.projects.edit("p-0007", {"completed_yi": 8.0})
    assert after["completed_yi"] == 8.0 and "completed_yi" not in synthetic_fields(after)
    assert "planned_producing" in synthetic_fields(after)  # the other synthetic values stay marked
    assert ws.projects.history("P-0007")["record_id"].eq("project-1e7e6ba7").all()
    task = ws.tasks.add("补齐光学模组环节", owner="虚拟现实专班", due=dt.date(2026, 12, 31),
                        projects=("P-0007",))
    assert task["id"] == "T-0023" and not task["synthetic"]  # after the scenario's T-0001…T-0022
    assert [t["id"] for t in ws.trace("project", "project-1e7e6ba7")["tasks"]][-1] == "T-0023"
    new = ws.projects.add("光学模组扩产项目", stage="签约", date=dt.date(2026, 3, 1), chain="vr")
    assert new["id"] == new["alias"] == "P-0062"  # 61 demo projects
