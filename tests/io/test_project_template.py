"""The projects template is the bureau workbook `projects import` reads, and the generic import
sends a project sheet there, in the user's language (a tester's template was unimportable)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

import pacesetter
from pacesetter.errors import InputError
from pacesetter.workspace.core import write_template


def test_a_filled_projects_template_is_imported_by_projects_import(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "项目.xlsx"
    write_template("projects", path, lang="en")  # the bureau layout whatever the language
    wb = openpyxl.load_workbook(path)
    sheet = wb.worksheets[0]
    head = [c.value for c in sheet[1]]
    assert head[:3] == ["项目编号", "项目名称", "投资方"] and sheet.max_row == 1
    row: list[object] = [None] * len(head)
    for name, value in (("项目名称", "模板新项目"), ("项目阶段", "签约"), ("阶段日期", dt.date(2024, 5, 1)),
                        ("总投资(亿元)", 5)):
        row[head.index(name)] = value
    sheet.append(row)
    wb.save(path)
    with pacesetter.open(demo_db) as ws:
        assert len(ws.projects.import_excel(path).created) == 1
        found = ws.projects.list()
        assert (found["name_zh"] == "模板新项目").sum() == 1
        for dry_run in (False, True):  # import and validate send it to projects import, in words
            with pytest.raises(InputError) as refused:
                ws.import_file(path, dry_run=dry_run)
            assert "须用 `pacesetter projects import` 导入" in refused.value.text("zh")
            assert "are imported with `pacesetter projects import`" in refused.value.text("en")
    with pytest.raises(InputError, match=r"name the file \.xlsx"):
        write_template("projects", tmp_path / "projects.csv")


def test_projects_export_to_a_csv_name_is_refused(demo_db: Path, tmp_path: Path) -> None:
    # it wrote a workbook under the .csv name, which nothing then read back
    with pacesetter.open(demo_db) as ws, pytest.raises(InputError, match=r"name the file \.xlsx"):
        ws.projects.export_excel(tmp_path / "p.csv")
    assert not (tmp_path / "p.csv").exists()


def test_an_export_whose_format_contradicts_its_file_name_is_refused(demo_db: Path, tmp_path: Path) -> None:
    # CSV text written into regions.xlsx: Excel cannot open it
    with pacesetter.open(demo_db) as ws, pytest.raises(InputError) as refused:
        ws.export("regions", tmp_path / "regions.xlsx", "csv")
    assert refused.value.text("en").endswith("regions.xlsx: a csv export needs a .csv file name")
    assert not (tmp_path / "regions.xlsx").exists()
