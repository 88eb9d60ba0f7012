"""Projects to Excel and back in the bureau layout; bad sheets are refused whole, naming every problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from pacesetter.errors import ImportRejected
from pacesetter.registry import audit
from pacesetter.registry.excel import COLUMNS, import_projects, write_projects
from pacesetter.registry.projects import save_project
from pacesetter.registry.repository import Repository
from pacesetter.testing import store_fingerprint

TODAY = dt.date(2025, 6, 30)
HEADERS = [c.zh for c in COLUMNS]


@pytest.fixture
def filled(repo: Repository) -> Repository:
    save_project(repo, {
        "id": "P1", "name_zh": "歌尔虚拟现实整机二期项目", "investor": "歌尔股份", "chain_id": "vr",
        "segments": ["vr.optics", "vr.device"], "park_id": "vr_park", "district": "崂山区",
        "stage": "signed", "stage_date": dt.date(2025, 1, 8), "actual_signed": dt.date(2025, 1, 8),
        "planned_started": dt.date(2025, 5, 1), "investment_yi": 16.0, "completed_yi": 0.0,
        "source": "https://example.org/a", "note": "计划总投资16亿元"}, today=TODAY)
    save_project(repo, {"id": "P2", "name_zh": "青岛人工智能计算中心", "stage": "started",
                        "stage_date": dt.date(2022, 5, 15), "investment_yi": 3.9, "chain_id": "ic"},
                 today=TODAY)
    save_project(repo, {"id": "P3", "name_zh": "已终止项目", "stage": "terminated",
                        "actual_signed": dt.date(2023, 1, 1), "actual_terminated": dt.date(2024, 1, 1)},
                 today=TODAY)
    return repo


def _sheet(path: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    return openpyxl.load_workbook(path)["项目"]


def test_export_layout(filled: Repository, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    assert write_projects(filled.frame("projects"), path) == 3
    ws = _sheet(path)
    assert [c.value for c in ws[1]] == HEADERS
    row = {h: c for h, c in zip(HEADERS, ws[2], strict=True)}
    assert row["项目阶段"].value == "签约"
    assert row["实际签约日期"].value == dt.datetime(2025, 1, 8)  # a real date cell, not text
    assert row["实际签约日期"].number_format == "yyyy-mm-dd"
    assert row["总投资(亿元)"].value == 16.0
    assert row["细分环节"].value == "vr.optics;vr.device"
    assert row["实际开工日期"].value is None  # unknown stays empty
    assert row["版本"].value == 1
    assert ws.cell(4, HEADERS.index("项目阶段") + 1).value == "终止"


def test_round_trip_changes_nothing(filled: Repository, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_projects(filled.frame("projects"), path)
    before, log = store_fingerprint(filled.con), len(audit.history(filled.con))
    summary = import_projects(filled, path, today=TODAY)
    assert (summary.created, summary.updated, summary.unchanged) == ([], [], ["P1", "P2", "P3"])
    assert store_fingerprint(filled.con) == before
    assert len(audit.history(filled.con)) == log


def test_edited_sheet_updates_advances_and_creates(filled: Repository, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_projects(filled.frame("projects"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["项目"]
    col = {h: i + 1 for i, h in enumerate(HEADERS)}
    ws.cell(2, col["已完成投资(亿元)"], "3500万元")  # an amount with its unit
    ws.cell(2, col["项目阶段"], "开工")  # P1 signed → started
    ws.cell(2, col["实际开工日期"], dt.datetime(2025, 5, 20))
    ws.cell(2, col["阶段日期"], dt.datetime(2025, 5, 20))
    ws.append(_row(name_zh="新项目", investor="某公司", chain_id="vr", district="崂山区", stage="洽谈"))
    wb.save(path)
    summary = import_projects(filled, path, today=TODAY)
    assert (summary.created, summary.updated, summary.unchanged) == (["P4"], ["P1"], ["P2", "P3"])
    p1 = filled.get("projects", "P1")
    assert (p1["stage"], p1["actual_started"], p1["completed_yi"], p1["version"]) == (
        "started", dt.date(2025, 5, 20), pytest.approx(0.35), 2)
    assert filled.get("projects", "P4")["name_zh"] == "新项目"
    log = audit.history(filled.con)
    assert log.iloc[-2:][["record_id", "action"]].values.tolist() == [["P1", "import"], ["P4", "create"]]


def test_sheet_move_keeps_the_date_of_the_stage_left(filled: Repository, tmp_path: Path) -> None:
    path = tmp_path / "台账.xlsx"
    write_projects(filled.frame("projects"), path)
    wb = openpyxl.load_workbook(path)
    ws = wb["项目"]
    col = {h: i + 1 for i, h in enumerate(HEADERS)}
    assert ws.cell(3, col["实际开工日期"]).value is None  # P2's start is known only as its stage date
    ws.cell(3, col["项目阶段"], "投产")
    ws.cell(3, col["阶段日期"], dt.datetime(2024, 6, 1))
    wb.save(path)
    assert import_projects(filled, path, today=TODAY).updated == ["P2"]
    p2 = filled.get("projects", "P2")
    assert (p2["stage"], p2["actual_started"], p2["actual_producing"]) == (
        "producing", dt.date(2022, 5, 15), dt.date(2024, 6, 1))


def _bad_sheet(path: Path, rows: list[list[object]], headers: list[str] = HEADERS) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "项目"
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)


def _row(**cells: object) -> list[object]:
    by_field = {c.field: c.zh for c in COLUMNS}
    zh = {by_field.get(k, k): v for k, v in cells.items()}
    return [zh.get(h) for h in HEADERS]


def test_bad_sheet_names_every_problem_and_writes_nothing(filled: Repository, tmp_path: Path) -> None:
    filled.delete("projects", "P3", expected_version=1)
    path = tmp_path / "bad.xlsx"
    _bad_sheet(path, [
        _row(id="P1", name_zh="x", stage="投产", stage_date="2025-06-01", version=1),  # 2: skips 开工
        _row(id="P2", name_zh="y", stage="开工", version=5),  # 3: stale version
        _row(id="N1", name_zh="z", stage="在建"),  # 4: unknown stage
        _row(id="N2", name_zh=None, stage="签约", actual_signed="2024-13-01"),  # 5: blank name, bad date
        _row(id="N2", name_zh="w", stage="签约", investment_yi="很多"),  # 6: duplicate id, bad amount
        _row(id="N3", name_zh="v", stage="签约", chain_id="xx", park_id="nowhere", parent_id="P404"),  # 7
        _row(id="N4", name_zh="u", stage="签约", investment_yi=1, completed_yi=2,
             planned_started=dt.datetime(2025, 9, 1), planned_producing=dt.datetime(2025, 3, 1)),  # 8
        _row(id="N5", name_zh="t", stage="签约", actual_signed=dt.datetime(2026, 1, 1)),  # 9: future
        _row(id="P3", name_zh="s", stage="终止"),  # 10: deleted
        _row(id="N6", name_zh="r", stage="签约", version="two"),  # 11: not a number
        _row(id="N7", name_zh="q", stage="签约", segments="vr.optics;vr.nothing", investor_id="e404"),  # 12
    ])
    before = store_fingerprint(filled.con)
    with pytest.raises(ImportRejected) as err:
        import_projects(filled, path, today=TODAY)
    found = {(i.row, i.column, i.rule) for i in err.value.issues}
    assert found == {
        (2, "项目阶段", "transition.skip"),
        (3, "版本", "version.stale"),
        (4, "项目阶段", "stage.unknown"),
        (5, "项目名称", "required"),
        (5, "实际签约日期", "date.invalid"),
        (6, "项目编号", "id.duplicate"),
        (6, "总投资(亿元)", "amount.invalid"),
        (7, "产业链代码", "chain.unknown"),
        (7, "园区代码", "park.unknown"),
        (7, "增资所属项目", "parent.unknown"),
        (8, "已完成投资(亿元)", "amount.exceeds_total"),
        (8, "计划投产日期", "date.order"),
        (9, "实际签约日期", "date.future"),
        (10, "项目编号", "id.deleted"),
        (11, "版本", "int.invalid"),
        (12, "细分环节", "segment.unknown"),
        (12, "投资企业代码", "enterprise.unknown"),
    }
    assert {(i.file, i.sheet) for i in err.value.issues} == {(str(path), "项目")}
    stale = next(i for i in err.value.issues if i.rule == "version.stale")
    assert stale.value == 5 and "version 1" in stale.text("en")
    assert store_fingerprint(filled.con) == before


def test_bad_headers_and_unreadable_file(repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "headers.xlsx"
    _bad_sheet(path, [["x", "y"]], headers=["项目名称", "天气"])
    with pytest.raises(ImportRejected) as err:
        import_projects(repo, path, today=TODAY)
    assert {(i.row, i.column, i.rule) for i in err.value.issues} == {
        (1, "天气", "header.unknown"), (1, "项目阶段", "header.missing")}
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(ImportRejected) as err:
        import_projects(repo, text, today=TODAY)
    assert [i.rule for i in err.value.issues] == ["file.unreadable"]
    assert repo.frame("projects").empty
