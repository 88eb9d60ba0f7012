"""A figure whose indicator the store does not hold (or a proposed new one) is never rated high nor
pre-accepted, and a refused review sheet is told on the sheet the user edits: its file, sheet, the
sheet's own row and the header the user sees, never the staging CSV or internal column names."""

from __future__ import annotations

from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.errors import ImportRejected
from pacesetter.release.review import COLUMNS, write_sheet
from tests.release.test_review import sheet_rows

REL1 = ["2022年1-8月份青岛市经济运行情况", "发布单位：青岛市统计局 发布时间：2022-09-20",
        "1-8月，全市固定资产投资同比增长4.3%。",
        "1-8月，全市一般公共预算收入910.3亿元，同比增长3.5%。",
        "8月份，全市居民消费价格同比上涨2.4%。",
        "1-8月，全市外贸进出口总额5829.8亿元。"]
MISSING = ("general_budget_revenue", "cpi_yoy")  # in the shipped catalogue, taken out of this store


@pytest.fixture
def store(demo_db: Path) -> Path:
    con = duckdb.connect(str(demo_db))
    con.execute("DELETE FROM observations WHERE indicator_id IN ?", [list(MISSING)])
    con.execute("DELETE FROM indicators WHERE id IN ?", [list(MISSING)])
    con.close()
    return demo_db


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "rel1.txt"
    path.write_text("\n".join(REL1), encoding="utf-8")
    return path


def _edit(path: Path, cells: dict[tuple[int, int], object]) -> None:
    wb = openpyxl.load_workbook(path)
    for (row, column), value in cells.items():
        wb.worksheets[0].cell(row, column).value = value
    wb.save(path)


@pytest.mark.parametrize(("lang", "sheet", "header", "how"), [
    ("en", "review", "Indicator id", "add the indicator first"),
    ("zh", "审核", "指标代码", "须先添加该指标")])
def test_an_indicator_the_store_lacks_is_low_and_its_import_says_add_it_first(
        store: Path, release: Path, tmp_path: Path, lang: str, sheet: str, header: str, how: str) -> None:
    with pacesetter.open(store) as ws:
        path = write_sheet(ws.extract(str(release)), tmp_path / f"rev_{lang}.xlsx", lang)
        rows = sheet_rows(path)
        # sheet rows 2..7: fai_growth, budget revenue, its growth, CPI, trade (a new indicator)
        assert [(r["indicator_id"], r["value"]) for r in rows] == [
            ("fai_growth", 4.3), ("general_budget_revenue", 910.3), ("general_budget_revenue_growth", 3.5),
            ("cpi_yoy", 2.4), (None, 5829.8)]
        high, low = {"en": ("high", "low"), "zh": ("高", "低")}[lang]
        assert [r["confidence"] for r in rows] == [high, low, high, low, low]
        assert [bool(r["accept"]) for r in rows] == [True, False, True, False, False]  # growth: in the store
        assert "pacesetter template indicators" in str(rows[1]["reasons"]) and how in str(rows[1]["reasons"])
        assert "pacesetter template indicators" in str(rows[4]["reasons"])  # the new one says how, too
        _edit(path, {(3, 1): "yes", (5, 1): "yes", (6, 1): "是"})  # accept revenue, CPI and the new one
        with pytest.raises(ImportRejected) as refused:
            ws.import_file(path)
    issues = refused.value.issues
    assert [(i.file, i.sheet, i.row, i.column, i.rule) for i in issues] == [
        (str(path), sheet, 3, header, "unknown_indicator"),
        (str(path), sheet, 5, header, "unknown_indicator"),
        (str(path), sheet, 6, header, "new_indicator")]
    text = [i.render(lang) for i in issues]
    assert "general_budget_revenue" in text[0] and "pacesetter import indicators.xlsx" in text[0]
    assert "外贸进出口总额" in text[2] and how in text[2]
    assert not any("pacesetter-extract-" in line or ".csv" in line for line in text)


def test_another_import_problem_names_the_sheet_row_and_its_visible_header(
        store: Path, release: Path, tmp_path: Path) -> None:
    with pacesetter.open(store) as ws:
        path = write_sheet(ws.extract(str(release)), tmp_path / "rev.xlsx", "en")
        # the only pre-accepted rows are sheet rows 2 and 4; row 4's value made no number
        _edit(path, {(4, COLUMNS.index("value") + 1): "three"})
        with pytest.raises(ImportRejected) as refused:
            ws.import_file(path)
    [issue] = refused.value.issues
    assert (issue.file, issue.sheet, issue.row, issue.column) == (str(path), "review", 4, "Value")


def test_accept_confident_lands_only_what_the_store_can_hold(store: Path, release: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(store), "--lang", "en", "extract", str(release),
                                 "--accept-confident"])
    assert result.exit_code == 0, result.output
    assert "landed 2 rows" in result.output  # fai_growth and budget revenue growth; 3 left for review
    with pacesetter.open(store) as ws:
        landed = ws.observations(["fai_growth", "general_budget_revenue_growth"], ["370200"],
                                 ["2022-01..2022-08"])
    assert sorted(landed["value"]) == [3.5, 4.3]


def test_the_synthetic_sample_never_lands_in_a_real_region(store: Path) -> None:
    runner = CliRunner()
    common = ["--db", str(store), "--lang", "en", "extract", "--sample", "--accept-confident"]
    real = runner.invoke(app, common)
    assert "only in a synthetic region, never in 370200" in str(real.exception)
    sample = runner.invoke(app, [*common, "--region", "990100"])
    assert sample.exit_code == 0 and "landed 2 rows" in sample.output, sample.output  # the two pp changes
    with pacesetter.open(store) as ws:
        assert ws.observations(regions=["370200"], periods=["2023-01..2023-08"]).query("synthetic").empty
