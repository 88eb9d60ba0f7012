"""The review sheet (Excel, zh/en; JSON) and landing: accepted rows through the observation import,
atomically, with their provenance; revisions as a new vintage; --accept-confident lands only the
high ones. On the demo database, through the Workspace and the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

import pacesetter
from pacesetter.cli.main import app
from pacesetter.errors import ImportRejected, InputError
from pacesetter.release.review import COLUMNS, MARKER, is_review

RELEASE = ["2023年1-8月份全市经济运行情况（测试样例）", "发布单位：样例市统计局 发布时间：2023-09-18",
           "1-8月份，全市规模以上工业增加值同比增长3.6%，比1-7月份加快0.3个百分点。",
           "8月份，新能源汽车产量增长1.2倍。"]


@pytest.fixture
def release(tmp_path: Path) -> Path:
    path = tmp_path / "release.txt"
    path.write_text("\n".join(RELEASE), encoding="utf-8")
    return path


def sheet_rows(path: Path) -> list[dict[str, object]]:
    """The review sheet's rows by column name (shared with the other review tests)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [dict(zip(COLUMNS, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)]


def _accept(path: Path, rows: set[int], word: str = "yes") -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 1).value = word if r in rows else ""
    wb.save(path)


def test_sheet_import_lands_accepted_rows_with_provenance(demo_db: Path, release: Path,
                                                         tmp_path: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        found = ws.extract(str(release), "330200", source_url="https://example.org/r.html")
        from pacesetter.release.review import write_sheet

        sheet = write_sheet(found, tmp_path / "review.xlsx", "en")
        assert is_review(sheet) and not is_review(release)
        rows = sheet_rows(sheet)
        assert [(r["indicator_id"], r["value"], r["confidence"], r["accept"]) for r in rows] == [
            ("above_size_industry_va_growth", 3.6, "high", "yes"),
            ("above_size_industry_va_growth_change_pp", 0.3, "high", "yes"),
            (None, 120, "low", None)]  # 新能源汽车产量: a new indicator, left to the reviewer
        assert rows[0]["quote"] == RELEASE[2] and rows[0]["position"] == "paragraph 3, sentence 1"
        assert rows[0]["status"] == "status not stated"  # in the sheet's language, not the code
        assert openpyxl.load_workbook(sheet)[MARKER].sheet_state == "hidden"
        _accept(sheet, {2}, word="是")
        result = ws.import_file(sheet)
        assert (result.entity, result.added, result.rows) == ("observations", 1, 1)
        got = ws.observations(["above_size_industry_va_growth"], ["330200"], ["2023-01..2023-08"],
                              latest=False)
        row = got[got["source"] == "https://example.org/r.html"].iloc[0]
        assert (row["value"], row["quote"], row["publisher"], str(row["vintage"])[:10], row["status"]) == (
            3.6, RELEASE[2], "样例市统计局", "2023-09-18", "not_stated")
        assert "paragraph 3, sentence 1" in row["note"]
        again = ws.extract(str(release), "330200", source_url="https://example.org/r.html")
        assert again.proposals[0].store == "confirms"


def test_the_status_is_shown_in_words_and_read_back_in_either_language(demo_db: Path, release: Path,
                                                                         tmp_path: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        from pacesetter.release.review import write_sheet

        sheet = write_sheet(ws.extract(str(release), "330200"), tmp_path / "review.xlsx", "zh")
        assert [r["status"] for r in sheet_rows(sheet)] == ["状态未注明"] * 3
        _accept(sheet, {2, 3})
        wb = openpyxl.load_workbook(sheet)
        column = COLUMNS.index("status") + 1
        wb.worksheets[0].cell(2, column).value = "Revised"  # a reviewer's correction, in English
        wb.worksheets[0].cell(3, column).value = "初步数"
        wb.save(sheet)
        assert ws.import_file(sheet).added == 2
        got = ws.observations(["above_size_industry_va_growth", "above_size_industry_va_growth_change_pp"],
                              ["330200"], ["2023-01..2023-08"], latest=False)
        assert dict(zip(got["indicator_id"], got["status"], strict=True)) == {
            "above_size_industry_va_growth": "revised",
            "above_size_industry_va_growth_change_pp": "preliminary"}


def test_a_refused_row_lands_nothing(demo_db: Path, release: Path, tmp_path: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        from pacesetter.release.review import write_sheet

        sheet = write_sheet(ws.extract(str(release), "330200"), tmp_path / "review.xlsx", "zh")
        _accept(sheet, {2, 3, 4})  # the third row has no indicator id (a proposed new indicator)
        before = len(ws.observations(latest=False))
        with pytest.raises(ImportRejected):
            ws.import_file(sheet)
        assert len(ws.observations(latest=False)) == before


def test_a_revision_lands_as_a_new_vintage_beside_the_stored_one(demo_db: Path, tmp_path: Path) -> None:
    with pacesetter.open(demo_db) as ws:
        stored = ws.observations(["gdp"], ["370200"], ["2023"]).iloc[0]
        before = sorted(ws.observations(["gdp"], ["370200"], ["2023"], latest=False)["value"])
        text = tmp_path / "revision.txt"
        text.write_text("2023年青岛市地区生产总值最终核实公告（测试样例）\n"
                        f"经最终核实，2023年全市地区生产总值{stored['value'] + 100:.2f}亿元。",
                        encoding="utf-8")
        found = ws.extract(str(text), "370200", published=dt.date(2025, 1, 20))
        (p,) = [p for p in found.proposals if p.indicator_id == "gdp"]
        assert (p.store, p.confidence, p.status) == ("revises", "medium", "final")
        assert p.stored_value == stored["value"]
        result = ws.land_confident(found)
        assert result is None  # a revision is medium: it waits for review
        from pacesetter.release.review import write_sheet

        sheet = write_sheet(found, tmp_path / "review.xlsx", "zh")
        _accept(sheet, {2})
        assert ws.import_file(sheet).added == 1
        rows = ws.observations(["gdp"], ["370200"], ["2023"], latest=False)
        assert sorted(rows["value"]) == sorted([*before, stored["value"] + 100])  # nothing overwritten
        latest = ws.observations(["gdp"], ["370200"], ["2023"]).iloc[0]
        assert (latest["value"], latest["status"]) == (stored["value"] + 100, "final")


def test_cli_json_table_and_accept_confident(demo_db: Path, release: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["--db", str(demo_db), "extract", str(release), "--region", "330200",
                              "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert (data["publisher"], data["published"]) == ("样例市统计局", "2023-09-18")
    assert [(p["indicator_id"], p["value"], p["confidence"]) for p in data["proposals"]][:2] == [
        ("above_size_industry_va_growth", 3.6, "high"),
        ("above_size_industry_va_growth_change_pp", 0.3, "high")]
    assert data["proposals"][2]["new_indicator"] and data["proposals"][2]["period"] == "2023-08"
    table = runner.invoke(app, ["--db", str(demo_db), "--lang", "en", "extract", str(release), "--region",
                                "330200", "--publisher", "Sample bureau", "--accept-confident"])
    assert table.exit_code == 0, table.output
    assert "Publisher: Sample bureau" in table.output and "landed 2 rows" in table.output
    with pacesetter.open(demo_db) as ws:
        got = ws.observations(["above_size_industry_va_growth_change_pp"], ["330200"], latest=False)
        assert list(got["value"]) == [0.3] and list(got["publisher"]) == ["Sample bureau"]
    sample = runner.invoke(app, ["--db", str(demo_db), "extract", "--sample", "--region", "330200"])
    assert sample.exit_code == 0 and "样例" in sample.output
    offline = runner.invoke(app, ["--db", str(demo_db), "extract", "http://127.0.0.1:9/x.html"])
    assert isinstance(offline.exception, InputError) and "离线" in offline.exception.text("zh")
