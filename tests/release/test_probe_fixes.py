"""What a tester found in `extract`: a "publisher + date" line under the title, figures quoted as
written, the growth series named as such, and a bad --published said in the user's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.release.documents import Document, parse_document
from pacesetter.release.extract import extract, release_period

RELEASE = ("2025年青岛市国民经济和社会发展统计公报\n"
           "青岛市统计局 2026年3月20日\n"
           "初步核算，全年全市生产总值16880.5亿元，按不变价格计算，比上年增长5.7%。"
           "其中，第一产业增加值520.3亿元，增长3.5%。\n"
           "全年一般公共预算收入1,365.2亿元，增长2.1%。城镇居民人均可支配收入68,000元。\n")


def _doc(tmp_path: Path, text: str = RELEASE) -> Document:
    path = tmp_path / "rel.txt"
    path.write_text(text, encoding="utf-8")
    return parse_document(path.read_bytes(), name=path.name)


def _said(output: str) -> str:
    return re.sub(r"[\s│]+", " ", output)


def test_a_publisher_and_date_line_is_the_header_not_the_period(tmp_path: Path) -> None:
    doc = _doc(tmp_path)
    assert "2026" not in str(release_period(doc)[1])
    found = extract(doc, "370200", source="rel.txt", regions={"青岛市": "370200"})
    assert found.publisher == "青岛市统计局" and str(found.published) == "2026-03-20"
    assert {p.period for p in found.proposals} == {"2025"}


def test_figures_are_quoted_as_written_and_growth_named_as_growth(tmp_path: Path) -> None:
    found = extract(_doc(tmp_path), "370200", source="rel.txt", regions={"青岛市": "370200"})
    written = {p.written for p in found.proposals}
    assert "1,365.2亿元" in written and "68,000元" in written and "1365.2亿元" not in written
    names = {p.indicator_id: p.name for p in found.proposals if p.indicator_id}
    assert names["gdp"] == "地区生产总值" and names["gdp_growth"] == "地区生产总值增速"


def test_the_command_shows_the_header_facts(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "rel.txt"
    path.write_text(RELEASE, encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", "zh", "extract", str(path),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["publisher"] == "青岛市统计局" and data["published"] == "2026-03-20"


@pytest.mark.parametrize(("lang", "words"), [
    ("zh", "--published 2026-13-45 不是日期：请写作 YYYY-MM-DD"),
    ("en", "--published 2026-13-45 is not a date: write YYYY-MM-DD"),
])
def test_a_bad_published_date_is_said_in_the_users_language(demo_db: Path, tmp_path: Path, lang: str,
                                                             words: str) -> None:
    path = tmp_path / "rel.txt"
    path.write_text(RELEASE, encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", lang, "extract", str(path),
                                      "--published", "2026-13-45"], env={"COLUMNS": "2000"})
    assert result.exit_code == 2
    said = _said(result.output)
    assert words in said and "Value error" not in said and "%Y" not in said


def test_published_takes_the_chinese_way_of_writing_a_date(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "rel.txt"
    path.write_text("2025年青岛市经济运行情况\n全年一般公共预算收入1365.2亿元。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "extract", str(path), "--format", "json",
                                      "--published", "2026年3月1日"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["published"] == "2026-03-01"


@pytest.mark.parametrize(("lang", "words"), [("zh", "审核表是 Excel 工作簿"),
                                             ("en", "the review sheet is an Excel workbook")])
def test_a_review_sheet_is_not_written_under_another_suffix(demo_db: Path, tmp_path: Path, lang: str,
                                                            words: str) -> None:
    path = tmp_path / "rel.txt"
    path.write_text(RELEASE, encoding="utf-8")
    out = tmp_path / "review.csv"
    result = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", lang, "extract", str(path),
                                      "--format", "xlsx", "-o", str(out)], env={"COLUMNS": "2000"})
    assert result.exit_code == 2 and words in _said(result.output)
    assert not out.exists()
