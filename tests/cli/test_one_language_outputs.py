"""One language at a time in the files the commands write: Excel sheets and Word documents.

Each file is opened (openpyxl, python-docx) and its text checked as the console output is in
tests/cli/test_one_language.py: in zh no English outside data values, in en no Chinese.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest

from pacesetter.i18n import t
from pacesetter.io.specs import SPECS
from tests.cli.test_one_language import data_values, invoke, other_language


def xlsx_sheets(path: Path) -> dict[str, list[list[str]]]:
    """Every sheet's rows as text, by sheet name (empty cells as "")."""
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = {ws.title: [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
              for ws in wb.worksheets}
    wb.close()
    return sheets


def xlsx_text(path: Path) -> str:
    return "\n".join(name + "\n" + "\n".join("\t".join(row) for row in rows)
                     for name, rows in xlsx_sheets(path).items())


def docx_text(path: Path) -> str:
    """The body's paragraphs (headings included) and table cells as text."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += ["\t".join(c.text for c in row.cells) for table in document.tables for row in table.rows]
    return "\n".join(lines)


# the month's pack's sheets in order, and the heading of the documents' endnotes, per language
PACK_SHEETS = {"zh": ["经济运行公报", "预警", "所需增速", "评估摘要", "产业链总览", "说明"],
               "en": ["Monthly bulletin", "Early warnings", "Growth needed", "Assessment summary",
                      "Chain overview", "About"]}
SOURCES = {"zh": "来源", "en": "Sources"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_reports_files_speak_one_language(demo_db: Path, demo_db_template: Path, tmp_path: Path,
                                              lang: str) -> None:
    values = data_values(str(demo_db_template))
    invoke(demo_db, lang, "report", "--region", "370200", "--period", "2022-08", "-o", str(tmp_path))
    invoke(demo_db, lang, "bulletin", "--region", "370200", "--period", "2022-08", "--format", "docx",
           "-o", str(tmp_path / "bulletin.docx"))
    pack = tmp_path / f"pacesetter_370200_2022-08_{lang}"
    assert list(xlsx_sheets(pack.with_suffix(".xlsx"))) == PACK_SHEETS[lang]
    assert other_language(xlsx_text(pack.with_suffix(".xlsx")), lang, values) == []
    # no annual target for industry in 2022, but its growth Jan-Aug (3.6 %) is known, not unknown
    needed = openpyxl.load_workbook(pack.with_suffix(".xlsx"))[PACK_SHEETS[lang][2]]
    first = [c.value for c in next(needed.iter_rows(min_row=2, max_row=2))]
    assert first[3] == 3.6 and first[4] == ("未知" if lang == "zh" else "unknown")
    for path in (pack.with_suffix(".docx"), tmp_path / "bulletin.docx"):
        text = docx_text(path)
        assert SOURCES[lang] in text.splitlines(), path.name
        assert other_language(text, lang, values) == [], path.name


# the attainment sheet's name and first headers, the About sheet's name and headers, per language
ASSESS = {"zh": ("目标进度", ["指标代码", "单位", "方向", "基期年份"], "说明", ["项目", "内容"]),
          "en": ("Attainment", ["Indicator id", "Unit", "Polarity", "Baseline year"], "About",
                 ["Item", "Value"])}


# a reason of the attainment sheet and one of a peer comparison, per language (outputs.reason.*)
REASONS = {"zh": ("无2021年基期值", "同时有数据的年份"),
           "en": ("no baseline figure for 2021", "both have a figure")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_analysis_workbooks_name_sheets_and_columns_in_one_language(
        demo_db: Path, demo_db_template: Path, tmp_path: Path, lang: str) -> None:
    """Sheet names, headers and the About sheet's items of assess and peers workbooks, and the
    reasons their rows give (why a figure, rank or score is missing)."""
    values = data_values(str(demo_db_template))
    invoke(demo_db, lang, "assess", "--uncertainty", "0", "--format", "xlsx", "-o", str(tmp_path / "a.xlsx"))
    invoke(demo_db, lang, "peers", "-o", str(tmp_path / "p.xlsx"))
    attainment, first, about, about_head = ASSESS[lang]
    for path in (tmp_path / "a.xlsx", tmp_path / "p.xlsx"):
        sheets = xlsx_sheets(path)
        assert list(sheets)[-1] == about and sheets[about][0] == about_head
        labels = [*sheets, *(c for rows in sheets.values() for c in rows[0]),
                  *(row[0] for row in sheets[about][1:])]
        assert other_language("\n".join(labels), lang, values) == [], path.name
    assert xlsx_sheets(tmp_path / "a.xlsx")[attainment][0][:4] == first
    reasons: dict[str, set[str]] = {}
    for path in (tmp_path / "a.xlsx", tmp_path / "p.xlsx"):
        for name, rows in xlsx_sheets(path).items():
            if t("outputs.column.reason", lang) in rows[0]:
                j = rows[0].index(t("outputs.column.reason", lang))
                reasons[name] = {row[j] for row in rows[1:] if row[j]}
                assert other_language("\n".join(reasons[name]), lang, values) == [], name
    # the demo's attainment: no 2021 baseline for some indicators; peers without a common year
    assert any(REASONS[lang][0] in r for r in reasons[attainment]), reasons
    assert any(REASONS[lang][1] in r for rs in reasons.values() for r in rs), reasons


def test_reliability_flags_show_in_the_users_language(demo_db: Path) -> None:
    # the demo holds Qingdao's 2015 GDP with the flag YEAR INFERRED (the year is the research's guess)
    zh = invoke(demo_db, "zh", "show", "gdp", "-r", "370200", "--format", "csv")
    en = invoke(demo_db, "en", "show", "gdp", "-r", "370200", "--format", "csv")
    assert "年份为推断" in zh and "YEAR INFERRED" not in zh
    assert "year inferred" in en and "年份为推断" not in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_and_template_workbooks_speak_one_language_and_import_again(
        demo_db: Path, demo_db_template: Path, tmp_path: Path, lang: str) -> None:
    exported, template = tmp_path / "parks.xlsx", tmp_path / "observations.xlsx"
    invoke(demo_db, lang, "export", "parks", "-o", str(exported))
    invoke(demo_db, lang, "template", "observations", "-o", str(template))
    values = data_values(str(demo_db_template))
    # the export's rows are data (lists of ids like ic;vr); the template's example row and its
    # units (亿元, the symbols a clerk types) too: the headers and the notes on columns are words
    (parks, notes), (example, about) = xlsx_sheets(exported).values(), xlsx_sheets(template).values()
    words = [parks[0], *notes, example[0], *about[:len(SPECS["observations"].columns) + 1]]
    for row in words:
        text = "\t".join(cell for cell in row if cell not in ("float", "enum"))  # type codes
        assert other_language(re.sub(r"\b\w+(?:;\w+)+\b", " ", text), lang, values) == [], row
    assert parks[0][:2] == (["园区代码 (id)", "园区名称 (name_zh)"] if lang == "zh" else
                            ["Park id (id)", "Chinese name (name_zh)"])
    assert notes[0] == (["列", "表头", "类型", "必填", "说明"] if lang == "zh" else
                        ["column", "header", "type", "required", "notes"])
    # the export reads back in either language: its 36 parks, none changed
    other = "zh" if lang == "en" else "en"
    done = invoke(demo_db, other, "import", str(exported))
    assert ("未变 36 行" if other == "zh" else "36 unchanged") in done
