"""Versions, conflicts between two real connections, soft deletion, and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ConflictError, InputError, NotFoundError
from pacesetter.registry import audit
from pacesetter.registry.projects import advance_project, filter_projects, save_project
from pacesetter.registry.repository import Repository
from pacesetter.store import connect

TODAY = dt.date(2025, 6, 30)


def _signed(repo: Repository, pid: str = "P1") -> dict[str, object]:
    # each its own name: a second live project of one name is refused
    return save_project(repo, {"id": pid, "name_zh": f"歌尔虚拟现实整机二期项目{pid}", "stage": "signed",
                               "actual_signed": dt.date(2025, 1, 8), "investment_yi": 16.0,
                               "chain_id": "vr"}, today=TODAY)


def test_stale_edit_from_a_second_connection_is_refused(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    alice = Repository(con, "alice")
    _signed(alice)
    other = connect(tmp_path / "registry.duckdb")  # a second connection to the same database file
    bob = Repository(other, "bob")
    seen_by_alice = alice.get("projects", "P1")["version"]
    seen_by_bob = bob.get("projects", "P1")["version"]
    assert seen_by_alice == seen_by_bob == 1
    alice.update("projects", "P1", {"completed_yi": 3.0}, expected_version=1)
    with pytest.raises(ConflictError) as err:
        bob.update("projects", "P1", {"completed_yi": 5.0}, expected_version=1)
    message = str(err.value)
    assert "you edited version 1" in message and "version 2" in message and "alice" in message
    assert bob.get("projects", "P1")["completed_yi"] == 3.0  # alice's edit survives
    assert audit.history(other, table="projects", record_id="P1")["actor"].tolist() == ["alice", "alice"]


def test_simultaneous_transactions_conflict(con: duckdb.DuckDBPyConnection) -> None:
    alice = Repository(con, "alice")
    _signed(alice)
    bob = Repository(con.cursor(), "bob")  # a second connection to the same database instance
    with alice.atomic():
        alice.update("projects", "P1", {"completed_yi": 3.0}, expected_version=1)
        with pytest.raises(ConflictError, match="another session"):
            bob.update("projects", "P1", {"completed_yi": 5.0}, expected_version=1)
    assert bob.get("projects", "P1")["completed_yi"] == 3.0
    assert bob.get("projects", "P1")["version"] == 2


def test_stale_advance_is_refused(repo: Repository) -> None:
    _signed(repo)
    repo.update("projects", "P1", {"note": "checked"}, expected_version=1)
    with pytest.raises(ConflictError, match="you edited version 1"):
        advance_project(repo, "P1", "开工", dt.date(2025, 3, 1), today=TODAY, expected_version=1)
    assert repo.get("projects", "P1")["stage"] == "signed"


def test_unchanged_write_keeps_version_and_leaves_no_trace(repo: Repository) -> None:
    _signed(repo)
    before = len(audit.history(repo.con))
    after = repo.update("projects", "P1", {"investment_yi": 16.0, "chain_id": "vr"}, expected_version=1)
    assert after["version"] == 1
    assert len(audit.history(repo.con)) == before


def test_soft_delete_and_restore(repo: Repository) -> None:
    _signed(repo)
    repo.delete("projects", "P1", expected_version=1, note="duplicate row")
    assert repo.frame("projects").empty
    assert len(repo.frame("projects", include_deleted=True)) == 1
    with pytest.raises(NotFoundError, match="restore"):
        repo.get("projects", "P1")
    repo.restore("projects", "P1", expected_version=2)
    assert repo.get("projects", "P1")["version"] == 3
    assert audit.history(repo.con, record_id="P1")["action"].tolist() == ["create", "delete", "restore"]


def test_create_twice_and_unknown_table(repo: Repository) -> None:
    _signed(repo)
    with pytest.raises(ConflictError, match="already exists"):
        _signed(repo)
    with pytest.raises(InputError, match="not a registry table"):
        repo.get("observations", "x")
    with pytest.raises(InputError, match="actor"):
        Repository(repo.con, " ")


def test_edit_cannot_change_stage(repo: Repository) -> None:
    _signed(repo)
    with pytest.raises(InputError, match="projects advance"):
        save_project(repo, {"id": "P1", "stage": "producing"}, today=TODAY, expected_version=1)


def test_invalid_project_is_not_written(repo: Repository) -> None:
    with pytest.raises(InputError, match="exceeds the total"):
        save_project(repo, {"id": "P9", "name_zh": "x", "stage": "signed", "investment_yi": 1.0,
                            "completed_yi": 2.0}, today=TODAY)
    assert repo.find("projects", "P9") is None
    assert audit.history(repo.con).empty


def test_every_write_leaves_one_audit_entry(repo: Repository) -> None:
    """Audit completeness: each write adds exactly one entry naming actor, action, before and after."""
    writes = [
        ("create", lambda: _signed(repo)),
        ("advance", lambda: advance_project(repo, "P1", "started", dt.date(2025, 3, 1), today=TODAY)),
        ("update", lambda: save_project(repo, {"id": "P1", "completed_yi": 4.0}, today=TODAY,
                                        expected_version=2)),
        ("advance", lambda: advance_project(repo, "P1", "投产", dt.date(2025, 6, 1), today=TODAY)),
        ("delete", lambda: repo.delete("projects", "P1", expected_version=4)),
        ("restore", lambda: repo.restore("projects", "P1", expected_version=5)),
        ("update", lambda: repo.update("parks", "vr_park", {"capacity_mu": 2181.0}, expected_version=1)),
    ]
    for i, (action, write) in enumerate(writes, start=1):
        write()
        log = audit.history(repo.con)
        assert len(log) == i
        last = log.iloc[-1]
        assert (last["action"], last["actor"]) == (action, "tester")
        after = json.loads(last["after"])
        assert after["version"] == (1 if action == "create" else json.loads(last["before"])["version"] + 1)
    advance_log = audit.history(repo.con, table="projects", record_id="P1")
    second = json.loads(advance_log.iloc[1]["after"])
    assert second == {"actual_started": "2025-03-01", "stage": "started", "stage_date": "2025-03-01",
                      "version": 2}
    assert json.loads(advance_log.iloc[1]["before"])["stage"] == "signed"


def test_failed_write_leaves_nothing(repo: Repository) -> None:
    _signed(repo)
    with pytest.raises(InputError):
        advance_project(repo, "P1", "达产", dt.date(2025, 3, 1), today=TODAY)
    assert len(audit.history(repo.con)) == 1
    assert repo.get("projects", "P1")["version"] == 1


def test_filter_projects(repo: Repository) -> None:
    _signed(repo, "P1")
    save_project(repo, {"id": "P2", "name_zh": "青特智能制造产业园", "stage": "started",
                        "actual_started": dt.date(2024, 3, 7), "chain_id": "ic;vr", "district": "平度市",
                        "park_id": "vr_park"}, today=TODAY)
    df = repo.frame("projects")
    assert filter_projects(df, chain="vr")["id"].tolist() == ["P1", "P2"]
    assert filter_projects(df, chain="vr", stage="开工")["id"].tolist() == ["P2"]
    assert filter_projects(df, stage="signed")["id"].tolist() == ["P1"]
    assert filter_projects(df, district="平度")["id"].tolist() == ["P2"]
    assert filter_projects(df, park="vr_park")["id"].tolist() == ["P2"]
    assert filter_projects(df, chain="ai").empty


def test_audit_entries_match_versions_across_every_kind_of_write(repo: Repository, tmp_path: Path) -> None:
    """Every version of every record has its audit entry.

    A record created through the registry has one entry per version (create, then
    each change); one bulk-loaded with the dataset (the park here) starts at
    version 1 without an entry.
    """
    from pacesetter.registry.excel import import_projects, write_projects
    from pacesetter.registry.fields import edit_place
    from pacesetter.registry.tasks import add_task, escalate, link_project, load_escalation_rules, set_status

    _signed(repo, "P1")
    _signed(repo, "P2")
    advance_project(repo, "P1", "开工", dt.date(2025, 2, 1), today=TODAY)
    save_project(repo, {"id": "P2", "completed_yi": 1.0}, today=TODAY, expected_version=1)
    repo.delete("projects", "P2", expected_version=2)
    repo.restore("projects", "P2", expected_version=3)
    sheet = tmp_path / "p.xlsx"
    write_projects(repo.frame("projects"), sheet)
    import_projects(repo, sheet, today=TODAY)  # unchanged: no entries, no new versions
    edit_place(repo, "parks", "vr_park", {"capacity_mu": 100.0}, expected_version=1)
    task = add_task(repo, title="补链", owner="专班", owner_kind="task_force", due=dt.date(2025, 1, 1),
                    today=dt.date(2024, 12, 1), chain_id="vr")
    link_project(repo, str(task["id"]), "P1")
    set_status(repo, str(task["id"]), "in_progress", expected_version=1)
    escalate(repo, load_escalation_rules(), TODAY)
    log = audit.history(repo.con)
    for table in ("projects", "parks", "tasks"):
        versions = repo.frame(table, include_deleted=True).set_index("id")["version"].to_dict()
        mine = log[log["table_name"] == table]
        created = set(mine.loc[mine["action"] == "create", "record_id"])
        entries = mine.groupby("record_id").size().to_dict()
        assert {rid: entries.get(rid, 0) for rid in versions} == {
            rid: v if rid in created else v - 1 for rid, v in versions.items()}
    assert len(log) == 2 + 4 + 1 + 3 + 1  # P1, P2, the park, the task, the link
    assert log[log["table_name"] == "task_projects"]["action"].tolist() == ["link"]
    assert log["actor"].eq("tester").all()
