"""What a tester found in the month's pack, the warnings and the growth needed (both languages).

Every row of the pack's bulletin sheet carries its own period and says what it is (the month
alone, the gap to all industry); warnings name their rules in words and keep an indicator's
name apart from the period after it; the Word pack ties every table to its sources and puts
the bulletin's endnotes under their heading; one language per file; the growth needed names
its source document and says its release date is not stated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

import pacesetter
from pacesetter.model.periods import Period
from pacesetter.monitor.series import Obs
from tests.cli.test_one_language import invoke

CJK = re.compile(r"[\u4e00-\u9fff]")


def _rows(sheet: Worksheet) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


@pytest.fixture(scope="module")
def synthetic_packs(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory,
                    ) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("probe-packs")
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        return {lang: ws.report("990100", "2023-08", out / lang, lang) for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def qingdao_packs(demo_db_template: Path, tmp_path_factory: pytest.TempPathFactory,
                  ) -> dict[str, tuple[Path, Path]]:
    out = tmp_path_factory.mktemp("probe-qingdao")
    with pacesetter.open(demo_db_template, read_only=True) as ws:
        return {lang: ws.report("370200", "2022-08", out / lang, lang) for lang in ("zh", "en")}


# --- 1. every row its own period and label ----------------------------------------------------

@pytest.mark.parametrize(("lang", "month", "words", "ytd"), [
    ("zh", "2023年8月", "当月值", "2023年1-8月"),
    ("en", "Aug 2023", "the month alone", "Jan–Aug 2023"),
])
def test_a_month_derived_from_ytd_values_is_labelled_as_the_month(
        synthetic_packs: dict[str, tuple[Path, Path]], lang: str, month: str, words: str, ytd: str) -> None:
    rows = _rows(load_workbook(synthetic_packs[lang][1]).worksheets[0])
    headers = list(rows[0])
    indicator, period, formula = headers[1], headers[2], headers[5]
    derived = [r for r in rows if "609.0 − 529.3" in str(r[formula])]
    assert len(derived) == 1
    assert derived[0][period] == month  # August alone, not Jan–Aug
    assert words in str(derived[0][indicator])
    level = [r for r in rows if r[period] == ytd and r[indicator] == derived[0][indicator].split(
        "：" if lang == "zh" else ": the month")[0]]
    assert level  # the published Jan–Aug level keeps its own row, name and period


@pytest.mark.parametrize(("lang", "gap", "change"), [
    ("zh", "装备制造业增加值增速与规模以上工业增加值增速之差", "装备制造业增加值增速：比2023年1-7月增减"),
    ("en", "Growth of equipment manufacturing value added minus Growth of value added of industry",
     "Growth of equipment manufacturing value added: change from Jan–Jul 2023"),
])
def test_computed_changes_say_what_they_are(synthetic_packs: dict[str, tuple[Path, Path]], lang: str,
                                            gap: str, change: str) -> None:
    rows = _rows(load_workbook(synthetic_packs[lang][1]).worksheets[0])
    headers = list(rows[0])
    indicator, formula = headers[1], headers[5]
    by_formula = {str(r[formula]): str(r[indicator]) for r in rows}
    assert by_formula["7.1 − 3.8 = 3.30"].startswith(gap)  # the gap to all industry, in pp
    assert by_formula["7.1 − 8.0 = -0.90"].startswith(change)  # the change from the month before


# --- 2. an indicator's name kept apart from the period after it -----------------------------------

def test_zh_warning_keeps_the_name_apart_from_the_month(demo_db: Path) -> None:
    out = invoke(demo_db, "zh", "warnings", "--period", "2022-08", "--region", "330200")
    assert "上月=100，8月份由涨转降" in out
    assert "上月=1008月份" not in out
    assert "上月=100，连续2期回落" in out


# --- 3. rules and indicators in words --------------------------------------------------------------

@pytest.mark.parametrize(("lang", "rule", "not_checked"), [
    ("zh", "连续2期回落", "连续3期回落：出口金额:当月同比"),
    ("en", "slowed 2 periods in a row", "slowed 3 periods in a row: "),
])
def test_warnings_name_their_rules_in_words(demo_db: Path, lang: str, rule: str, not_checked: str) -> None:
    with pacesetter.open(demo_db, read_only=True) as ws:
        report = ws.warnings("330200", "2022-08", lang)
    assert rule in {a.rule_name for a in report.alerts}
    texts = [c.text for c in report.not_checked]  # the rule in words and the indicator's name
    assert any(x.startswith(not_checked) for x in texts)
    assert not [x for x in texts if "slowing_3" in x or "nbs_emm00027210" in x]
    assert len(report.not_checked) == len(report.skipped)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pack_warnings_sheet_shows_rule_names_and_indicators(qingdao_packs: dict[str, tuple[Path, Path]],
                                                             lang: str) -> None:
    sheet = load_workbook(qingdao_packs[lang][1]).worksheets[1]
    rows = _rows(sheet)
    headers = list(rows[0])
    rule, indicator = headers[2], headers[3]
    shown = [str(r[rule]) for r in rows]
    assert not any(re.fullmatch(r"[a-z_0-9]+(/[a-z_0-9]+)?", s) for s in shown)  # no rule ids
    unknown = "未知" if lang == "zh" else "unknown"
    assert all(r[indicator] not in (None, "", unknown) for r in rows)
    if lang == "en":
        assert not [s for s in shown if CJK.search(s)]


# --- 4. the Word pack: every table traceable, the endnotes under their heading ---------------------

@pytest.mark.parametrize(("lang", "heading", "table_sources", "column"), [
    ("zh", "来源", "表中数字来源：", "来源注"),
    ("en", "Sources", "Sources of the figures in the table:", "Source note"),
])
def test_word_pack_cites_every_table_and_heads_the_endnotes(
        qingdao_packs: dict[str, tuple[Path, Path]], lang: str, heading: str, table_sources: str,
        column: str) -> None:
    doc = Document(str(qingdao_packs[lang][0]))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[-1] == heading  # the last heading: the endnotes print right after it
    assert heading not in headings[:-1]  # no empty Sources heading inside part 1
    texts = [p.text for p in doc.paragraphs]
    assert texts.count(table_sources) == len(doc.tables)  # a source list after every table
    assert all(t.rows[0].cells[-1].text == column for t in doc.tables)
    lines = [x for x in texts if x.startswith("[1] ")]
    assert len(lines) == len(doc.tables)
    released = "发布日期" if lang == "zh" else "release date"
    assert all(released in x for x in lines)


# --- 5. one language per file ------------------------------------------------------------------------

def test_synthetic_sources_in_one_language(synthetic_packs: dict[str, tuple[Path, Path]]) -> None:
    zh = _rows(load_workbook(synthetic_packs["zh"][1]).worksheets[0])
    assert not any("synthetic sample data" in str(r["来源"]) for r in zh)
    assert all("合成示例数据，非真实统计" in str(r["来源"]) for r in zh)
    en = _rows(load_workbook(synthetic_packs["en"][1]).worksheets[0])
    for row in en:
        for key in ("Indicator", "Source", "Computed as", "Unit"):
            assert not CJK.search(str(row[key])), (key, row[key])


# --- 6. the growth needed: its source named, its release date said to be unknown ----------------------

@pytest.mark.parametrize(("lang", "words"), [("zh", "发布日期未注明"), ("en", "release date not stated")])
def test_needed_source_names_the_document_and_its_release_date(lang: str, words: str) -> None:
    from pacesetter.monitor.needed import cited_source

    obs = Obs("above_size_industry_va_growth", "370200", Period.parse("2022-01..2022-08"),
              "2022-01..2022-08", 3.6, "%", "seed:000_14c0eb08152f58ac.txt",
              source_title="建设现代工业龙头城市迎接拐点，这是青岛的选择!")
    text = cited_source(obs, lang)
    assert text.startswith("建设现代工业龙头城市迎接拐点，这是青岛的选择!")
    assert "seed:000_14c0eb08152f58ac.txt" in text and words in text


@pytest.mark.parametrize(("lang", "words"), [("zh", "发布日期：未注明"), ("en", "release date: not stated")])
def test_pack_needed_part_names_the_seed_document(qingdao_packs: dict[str, tuple[Path, Path]], lang: str,
                                                  words: str) -> None:
    texts = [p.text for p in Document(str(qingdao_packs[lang][0])).paragraphs]
    cited = [x for x in texts if "seed:000_14c0eb08152f58ac.txt" in x and "建设现代工业龙头城市" in x]
    assert cited and all(words in x for x in cited)
