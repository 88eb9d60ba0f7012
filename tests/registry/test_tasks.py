"""Tasks: creation rules, status moves, escalation at its thresholds, links and tracing both ways."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pacesetter.errors import ConfigError, ConflictError, InputError, NotFoundError
from pacesetter.registry.projects import save_project
from pacesetter.registry.repository import Repository
from pacesetter.registry.tasks import (
    add_task,
    compute_escalation,
    escalate,
    link_project,
    load_escalation_rules,
    set_status,
    task_history,
    unlink_project,
)
from pacesetter.registry.trace import trace_gap, trace_indicator, trace_project

AS_OF = dt.date(2025, 6, 30)
RULES = load_escalation_rules()


def _task(repo: Repository, days_overdue: int, **kw: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": f"任务 {days_overdue}", "owner": "虚拟现实专班", "owner_kind": "task_force",
        "due": AS_OF - dt.timedelta(days=days_overdue), "today": dt.date(2025, 1, 1),
    }
    return add_task(repo, **{**values, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(("days", "level"), [(1, 1), (14, 1), (15, 2), (29, 2), (30, 3), (365, 3)])
def test_escalation_levels_at_thresholds(repo: Repository, days: int, level: int) -> None:
    _task(repo, days)
    out = compute_escalation(repo.frame("tasks"), RULES, AS_OF)
    assert out[["days_overdue", "level"]].values.tolist() == [[days, level]]


def test_tasks_due_today_or_closed_do_not_escalate(repo: Repository) -> None:
    _task(repo, 0)
    _task(repo, -5)
    done = _task(repo, 40)
    set_status(repo, str(done["id"]), "done", expected_version=1)
    assert compute_escalation(repo.frame("tasks"), RULES, AS_OF).empty


def test_escalate_raises_levels_once_and_audits(repo: Repository) -> None:
    _task(repo, 20)  # T-0001 → level 2
    _task(repo, 3)  # T2 → level 1
    _task(repo, -1)  # T3 not due
    raised = escalate(repo, RULES, AS_OF)
    assert raised["id"].tolist() == ["T-0001", "T-0002"]
    assert repo.get("tasks", "T-0001")["escalation"] == 2
    assert escalate(repo, RULES, AS_OF).empty  # nothing new the same day
    later = escalate(repo, RULES, AS_OF + dt.timedelta(days=10))  # T-0001 30 days, T2 13, T3 9 days
    assert later[["id", "level"]].values.tolist() == [["T-0001", 3], ["T-0003", 1]]  # T2 stays at 1
    log = task_history(repo, "T-0001")
    assert log["action"].tolist() == ["create", "escalate", "escalate"]
    assert json.loads(log.iloc[-1]["after"])["escalation"] == 3
    assert "30 days overdue" in log.iloc[-1]["note"]


def test_status_moves_and_stale_status_change(repo: Repository) -> None:
    t = _task(repo, -30)
    tid = str(t["id"])
    with pytest.raises(InputError, match="can move to"):
        set_status(repo, tid, "open", expected_version=1)
    set_status(repo, tid, "in_progress", expected_version=1, note="专班已对接企业")
    with pytest.raises(ConflictError):
        set_status(repo, tid, "done", expected_version=1)
    set_status(repo, tid, "done", expected_version=2)
    set_status(repo, tid, "in_progress", expected_version=3, note="reopened")
    assert task_history(repo, tid)["action"].tolist() == ["create", "status", "status", "status"]


@pytest.mark.parametrize(("kw", "message"), [
    ({"kind": "fill_segment"}, "names the chain"),
    ({"kind": "lift_indicator"}, "names the indicator"),
    ({"segment_id": "vr.optics"}, "give the chain"),
    ({"owner": " "}, "title and an owner"),
    ({"owner_kind": "mayor"}, "owner kind"),
    ({"chain_id": "nochain"}, "unknown chain 'nochain'"),
    ({"chain_id": "ic", "segment_id": "vr.optics"}, "unknown segment of chain ic"),
    ({"indicator_id": "happiness"}, "unknown indicator 'happiness'"),
])
def test_task_rules(repo: Repository, kw: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        _task(repo, -10, **kw)
    assert repo.frame("tasks").empty


def test_trace_both_ways(repo: Repository) -> None:
    save_project(repo, {"id": "P1", "name_zh": "光学模组项目", "stage": "signed",
                        "actual_signed": dt.date(2025, 3, 1), "chain_id": "vr"}, today=AS_OF)
    save_project(repo, {"id": "P2", "name_zh": "无关项目", "stage": "negotiating"}, today=AS_OF)
    t = _task(repo, -100, kind="fill_segment", chain_id="vr", segment_id="vr.optics", indicator_id="gdp",
              title="补齐光学模组环节")
    link_project(repo, str(t["id"]), "P1")
    with pytest.raises(ConflictError, match="already linked"):
        link_project(repo, str(t["id"]), "P1")
    with pytest.raises(NotFoundError):
        link_project(repo, str(t["id"]), "P404")

    back = trace_project(repo.con, "P1")
    (task,) = back["tasks"]
    assert (task["id"], task["chain_zh"], task["segment_zh"], task["indicator_zh"]) == (
        "T-0001", "虚拟现实", "光学模组", "地区生产总值")
    assert trace_project(repo.con, "P2")["tasks"] == []

    (forward,) = trace_gap(repo.con, "vr", "vr.optics")
    assert [p["id"] for p in forward["projects"]] == ["P1"]
    assert [t["id"] for t in trace_gap(repo.con, "vr")] == ["T-0001"]
    assert trace_gap(repo.con, "ic") == []
    assert [p["id"] for p in trace_indicator(repo.con, "gdp")[0]["projects"]] == ["P1"]

    unlink_project(repo, "T-0001", "P1", note="wrong project")
    assert trace_project(repo.con, "P1")["tasks"] == []
    assert task_history(repo, "T-0001")["action"].tolist() == ["create", "link", "unlink"]
    with pytest.raises(NotFoundError):
        trace_project(repo.con, "P404")


def test_bad_escalation_file(tmp_path: Path) -> None:
    path = tmp_path / "escalation.yaml"
    path.write_text("levels:\n  - {level: 2, days: 10, name_zh: a, name_en: a}\n"
                    "  - {level: 1, days: 20, name_zh: b, name_en: b}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="levels must increase"):
        load_escalation_rules(path)
