"""The registry commands as a user types them, against a real database file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.cli.options import console
from pacesetter.errors import ConflictError, InputError
from pacesetter.registry import audit
from pacesetter.registry.projects import save_project
from pacesetter.registry.repository import Repository
from pacesetter.store.imports import insert_records

TODAY = dt.date.today()
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as they need: no cell text folded across lines."""
    monkeypatch.setattr(console, "_width", 250)


@pytest.fixture
def db(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> Path:
    repo = Repository(con, "setup")
    save_project(repo, {"id": "P1", "name_zh": "歌尔虚拟现实整机二期项目", "chain_id": "vr",
                        "stage": "started", "stage_date": dt.date(2024, 1, 8), "investment_yi": 16.0,
                        "park_id": "vr_park",
                        "planned_producing": TODAY - dt.timedelta(days=100)}, today=TODAY)
    save_project(repo, {"id": "P2", "name_zh": "集成电路项目", "chain_id": "ic", "stage": "signed",
                        "actual_signed": dt.date(2024, 2, 1), "investment_yi": 10.0}, today=TODAY)
    insert_records(con, "policies", [{"id": "F1", "name_zh": "虚拟现实种子基金", "chain_ids": ["vr"],
                                      "instruments": ["fund"], "amount_yi": 25.0, "park_ids": ["vr_park"]}])
    con.close()
    return tmp_path / "registry.duckdb"


def run(db: Path, *args: str) -> str:
    result = runner.invoke(app, ["--db", str(db), *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result.output


def test_list_filters_by_chain_and_zh_or_en_stage(db: Path) -> None:
    out = run(db, "projects", "list", "--chain", "vr", "--stage", "开工", "--format", "csv")
    assert out.splitlines()[1].startswith("P1,P-0001,歌尔虚拟现实整机二期项目,vr")
    assert "P2" not in out
    assert "P2" in run(db, "projects", "list", "--stage", "signed", "--format", "csv")
    # a known chain no project of that stage is on: the header only; a chain the store lacks is refused
    none_started = run(db, "projects", "list", "--chain", "ic", "--stage", "开工", "--format", "csv")
    assert len(none_started.splitlines()) == 1
    with pytest.raises(InputError, match="no chain 'ai' in the store"):
        run(db, "projects", "list", "--chain", "ai", "--format", "csv")


def test_advance_and_refusals(db: Path) -> None:
    run(db, "projects", "advance", "P1", "--to", "投产", "--date", TODAY.isoformat(), "--actor", "wang")
    with pytest.raises(InputError, match="advance to started first"):
        run(db, "projects", "advance", "P2", "--to", "投产", "--date", TODAY.isoformat())
    run(db, "projects", "advance", "P2", "--to", "开工", "--date", TODAY.isoformat(), "--actor", "li")
    with pytest.raises(ConflictError, match="you edited version 1"):  # a stale view of P2
        run(db, "projects", "advance", "P2", "--to", "投产", "--date", TODAY.isoformat(), "--version", "1")
    out = run(db, "projects", "history", "P1")
    assert "wang" in out and "推进阶段" in out  # the action advance, in zh
    shown = run(db, "projects", "show", "P1")
    assert "2024-01-08" in shown  # the sourced start date survives the move to 投产


def test_failed_command_exits_2_with_a_clear_message(db: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pacesetter", "--db", str(db), "projects", "advance", "P2", "--to", "达产",
         "--date", "2024-05-01"], capture_output=True, text=True, timeout=60,
        env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 2
    assert "不能从签约直接改为达产" in proc.stderr  # one language: the stages in Chinese
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT stage, version FROM projects WHERE id = 'P2'").fetchone() == ("signed", 1)


def test_views(db: Path) -> None:
    lights = run(db, "projects", "lights")
    assert "红灯" in lights and "计划节点逾期" in lights  # P1's planned production is 100 days past
    funnel = run(db, "projects", "funnel")
    assert "50.0%" in funnel  # 2 signed, 1 started
    by_park = run(db, "projects", "rollup", "--by", "park")
    assert any("vr_park" in line and "16" in line for line in by_park.splitlines())
    assert "新签约" in run(db, "projects", "signings")
    coverage = run(db, "policies", "coverage")
    assert "2 条产业链中，1 条未见已编码政策覆盖" in coverage  # ic has no instrument; vr has the fund
    park = run(db, "parks", "show", "vr_park")
    assert "歌尔虚拟现实整机二期项目" in park and "虚拟现实种子基金" in park


def test_export_import_round_trip(db: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "台账.xlsx"
    assert "已把 2 个项目写入" in run(db, "projects", "export", "-o", str(sheet))
    assert "新建 0 个，更新 0 个，未变 2 个" in run(db, "projects", "import", str(sheet))


def test_tasks_and_trace(db: Path) -> None:
    due = (TODAY - dt.timedelta(days=20)).isoformat()
    run(db, "tasks", "add", "--title", "补齐光学模组环节", "--owner", "虚拟现实专班", "--due", due,
        "--kind", "fill_segment", "--chain", "vr", "--segment", "vr.optics", "--indicator", "gdp",
        "--project", "P1")
    overdue = run(db, "tasks", "list", "--overdue")
    assert "T-0001" in overdue and "督办" in overdue  # 20 days: level 2
    assert "T-0001" in run(db, "tasks", "escalate")
    traced = run(db, "trace", "project", "P1")
    assert "补齐光学模组环节" in traced and "光学模组" in traced and "地区生产总值" in traced
    assert "P1" in run(db, "trace", "gap", "vr", "vr.optics")
    run(db, "tasks", "status", "T-0001", "--to", "in_progress", "--note", "已约谈企业")
    history = run(db, "tasks", "history", "T-0001")
    # the actions create, link, escalate and status, in zh
    assert all(word in history for word in ("新建", "关联项目", "提升督办级别", "改状态", "已约谈企业"))
    con = duckdb.connect(str(db), read_only=True)
    assert audit.history(con, table="tasks", record_id="T-0001")["action"].tolist() == [
        "create", "escalate", "status"]


def test_edits_are_checked_versioned_and_audited(db: Path) -> None:
    run(db, "projects", "edit", "P1", "--set", "completed_yi=4亿元",
        "--set", "planned_at_capacity=2030-01-01", "--actor", "zhao")
    with pytest.raises(InputError, match="exceeds the total"):
        run(db, "projects", "edit", "P1", "--set", "completed_yi=20")
    with pytest.raises(InputError, match="field=value"):
        run(db, "projects", "edit", "P1", "--set", "stage=投产")
    with pytest.raises(ConflictError):
        run(db, "projects", "edit", "P1", "--set", "note=x", "--version", "1")
    run(db, "parks", "edit", "vr_park", "--set", "capacity_mu=2181", "--set", "occupied_mu=1710")
    with pytest.raises(InputError, match="exceeds the capacity"):
        run(db, "parks", "edit", "vr_park", "--set", "occupied_mu=3000")
    assert "78.4%" in run(db, "parks", "show", "vr_park")  # 1710 / 2181
    run(db, "policies", "edit", "F1", "--set", "instruments=fund;subsidy", "--set", "expires=2020-01-01")
    # the only instrumented policy expired
    assert "2 条产业链中，2 条未见已编码政策覆盖" in run(db, "policies", "coverage")
    log = run(db, "audit", "--last", "2")  # setup's 2 creates, zhao's edit, then these two
    assert "zhao" not in log and "F1" in log and "vr_park" in log
    assert "zhao" in run(db, "audit", "--actor", "zhao")
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT completed_yi, version FROM projects WHERE id = 'P1'").fetchone() == (4.0, 2)
