"""Extraction: release sentences read into figures (hand-checked values), the pipeline's proposals,
and the real quotes of the researched dataset read back into their rows' values."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from pacesetter.data import data_path
from pacesetter.errors import UnitError
from pacesetter.model.units import convert
from pacesetter.release import catalogue
from pacesetter.release.checks import Stored, check
from pacesetter.release.documents import Document
from pacesetter.release.extract import extract
from pacesetter.release.parse import Figure, read_sentence


def _one(sentence: str, kind: str) -> Figure:
    found = [f for f in read_sentence(sentence, period="1-8月份") if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_growth_with_change_against_the_previous_cumulative_period() -> None:
    f = _one("1-8月份，全市规模以上工业增加值同比增长3.6%，比1-7月份加快0.3个百分点。", "growth")
    assert (f.subject, f.value, f.unit, f.decimals) == ("规模以上工业增加值", 3.6, "%", 1)
    assert f.period == "1-8月份"
    (r,) = f.relations
    assert (r.against, r.kind, r.direction, r.change) == ("1-7月份", "earlier_period", "up", 0.3)


def test_fall_and_narrowing_decline_are_signed() -> None:
    f = _one("社会消费品零售总额下降3.2%，降幅比1-3月份收窄2.6个百分点。", "growth")
    assert f.value == -3.2
    assert (f.relations[0].direction, f.relations[0].change) == ("decline_narrowed", 2.6)
    price = _one("居民消费价格同比上涨2.6%，涨幅比10月回落0.2个百分点。", "growth")
    (r,) = price.relations
    assert (price.value, r.direction, r.change) == (2.6, "rise_narrowed", -0.2)


def test_times_is_percent_and_lists_pair_with_their_subjects() -> None:
    figures = read_sentence("工业机器人、集成电路产量分别增长2.3倍和1.1倍。")
    assert [(f.subject, f.value, f.decimals, f.written) for f in figures] == [
        ("工业机器人产量", 230.0, 0, "增长2.3倍"), ("集成电路产量", 110.0, 0, "增长1.1倍")]
    mixed = read_sentence("新能源汽车、工业机器人产量分别增长1.2倍和35.6%。")
    assert [f.value for f in mixed] == [120.0, 35.6]


def test_national_and_provincial_gaps_are_attributed_to_them() -> None:
    f = _one("上半年，全市地区生产总值7404.04亿元，同比增长3.7%，分别高于全国、全省1.7和0.3个百分点。",
             "growth")
    assert [(r.against, r.kind, r.change) for r in f.relations] == [
        ("全国", "other_region", 1.7), ("全省", "other_region", 0.3)]
    level = _one("上半年，全市地区生产总值7404.04亿元，同比增长3.7%。", "level")
    assert (level.value, level.unit, level.decimals, level.period) == (7404.04, "亿元", 2, "上半年")
    nation = _one("全国规模以上工业增加值增长4.5%左右。", "growth")
    assert (nation.region, nation.approximate) == ("全国", True)


def test_component_pull_share_and_gap_to_the_total() -> None:
    figures = read_sentence("装备制造业增加值增长8.0%，快于规模以上工业3.3个百分点，"
                            "拉动规上工业增长4.1个百分点，占规上工业比重为48.5%，贡献率为78.5%。")
    assert [(f.kind, f.value) for f in figures] == [("growth", 8.0), ("pull", 4.1), ("share", 48.5),
                                                   ("contribution_share", 78.5)]
    assert {f.subject for f in figures} == {"装备制造业增加值"}
    gap = figures[0].relations[0]
    assert (gap.kind, gap.against) == ("other_indicator", "规模以上工业")
    assert figures[1].against == "规上工业"
    drag = _one("房地产开发投资下拉全部投资1.2个百分点。", "pull")
    assert drag.value == -1.2


def test_sign_change_keeps_the_earlier_figure_as_a_relation() -> None:
    f = _one("固定资产投资由1-7月下降1.3%转为增长1.5%。", "growth")
    (r,) = f.relations
    assert (f.value, r.earlier_value, r.direction, r.against) == (1.5, -1.3, "turned_positive", "1-7月")
    named = _one("4月份，规模以上工业增加值增速由负转正，增长5.1%，比3月份回升8.8个百分点。", "growth")
    assert [(r.direction, r.change) for r in named.relations] == [("turned_positive", None), ("up", 8.8)]
    assert (named.value, named.period) == (5.1, "4月份")
    assert _one("出口转为下降3.2%。", "growth").value == -3.2


def test_ratio_two_year_average_flat_and_precision() -> None:
    shares = read_sentence("三次产业结构为3.3:35.9:60.8。")
    assert [(f.subject, f.value) for f in shares] == [("第一产业增加值", 3.3), ("第二产业增加值", 35.9),
                                                     ("第三产业增加值", 60.8)]
    two = _one("同比增长13.8%，两年平均增长6.7%。", "two_year_average")
    assert two.value == 6.7
    assert _one("增长4%。", "growth").decimals == 0  # "4%" stays 4 %, not 4.0
    pp = read_sentence("城镇化率为65.53%，比上年末提高0.99个百分点。")[0].relations[0]
    assert (pp.change, pp.decimals, pp.kind) == (0.99, 2, "year_end")
    assert _one("回落2个百分点", "pp_change").decimals == 0


def test_traditional_characters_footnotes_and_thousands_separators() -> None:
    assert _one("全年地區生產總值[2]8752.9億元，比上年增長6.0%", "growth").value == 6.0
    assert _one("2023年GDP为 15,760.34亿元", "level").value == 15760.34
    assert _one("2017 年 地 区 生 产 总 值 达 到 11037 亿 元", "level").value == 11037


def test_names_match_the_catalogue_by_synonym_and_kind() -> None:
    assert catalogue.match("全市规上工业", "growth").indicator_id == "above_size_industry_va_growth"
    month = catalogue.match("规模以上工业增加值", "growth_month")
    assert month.indicator_id == "above_size_industry_va_growth_month"
    new = catalogue.match("集成电路产量", "growth")
    assert (new.indicator_id, new.known) == (None, False)
    # a pull is matched with the total it pulls, as a share is; 环比 is not the year-on-year series
    pull = catalogue.match("规模以上装备制造业增加值", "pull", "规上工业")
    assert pull.indicator_id == "equipment_mfg_pull_pp"
    assert catalogue.match("装备制造业", "pull", "GDP") == catalogue.Match(None, "装备制造业增加值拉动GDP",
                                                                          True)
    assert catalogue.match("居民消费价格(CPI)", "growth_mom").indicator_id == "nbs_emm00072343"
    assert catalogue.match("CPI", "growth_month").indicator_id == "cpi_yoy"
    # a share is matched with the total it is of: of 规上工业 it is the catalogue's, of GDP it is not
    share = catalogue.match("装备制造业", "share", "规上工业")
    assert share.indicator_id == "equipment_mfg_share_industrial_va"
    other = catalogue.match("装备制造业", "share", "GDP")
    assert other == catalogue.Match(None, "装备制造业增加值占GDP比重", True)


def test_the_pipeline_proposes_checks_and_grades() -> None:
    doc = Document("text", ("2023年1-8月份全市经济运行情况",
                            "1-8月份，全市规模以上工业增加值同比增长3.6%，比1-7月份加快0.3个百分点。",
                            "8月份，规模以上工业增加值增长5.0%，比上月回落2.0个百分点。",
                            "全市地区生产总值三季度增长4.1%。"), title="2023年1-8月份全市经济运行情况")
    found = extract(doc, "370200", source="file.txt", regions={})
    stored = {("above_size_industry_va_growth", "370200", "2023-01..2023-07"): Stored(3.1, "%", None),
              ("above_size_industry_va_growth_month", "370200", "2023-07"): Stored(7.0, "%", None)}
    checked = {(p.indicator_id, p.period): p for p in check(found, stored).proposals}
    ytd = checked[("above_size_industry_va_growth", "2023-01..2023-08")]
    assert (ytd.confidence, ytd.position) == ("low", {"paragraph": 2, "sentence": 1})
    # 3.6 − 3.1 = 0.5, not 0.3 ± 0.1
    assert [i.key for i in ytd.checks if i.key.startswith("pp")] == ["pp_disagrees"]
    month = checked[("above_size_industry_va_growth_month", "2023-08")]
    # 5.0 − 7.0 = −2.0 as stated
    assert (month.confidence, [i.key for i in month.checks]) == ("high", ["pp_agrees", "matched"])
    pp = checked[("above_size_industry_va_growth_month_change_pp", "2023-08")]
    assert (pp.value, pp.decimals, pp.unit) == (-2.0, 1, "个百分点")
    (open_period,) = [p for p in found.proposals if p.indicator_id == "gdp_growth"]
    assert open_period.period is None and open_period.issues[0].key == "period_open"  # 三季度: Q3 or 1-9月


def test_store_confirmation_revision_and_a_period_the_release_cannot_cover() -> None:
    doc = Document("text", ("2023年1-8月份全市经济运行情况", "1-8月份，社会消费品零售总额增长5.4%。",
                            "1-9月份，固定资产投资增长2.0%。"), title="2023年1-8月份全市经济运行情况")
    found = extract(doc, "370200", source="file.txt", regions={})
    stored = {("retail_sales_growth", "370200", "2023-01..2023-08"): Stored(5.5, "%", None)}
    by_id = {p.indicator_id: p for p in check(found, stored).proposals}
    retail = by_id["retail_sales_growth"]
    assert (retail.store, retail.confidence) == ("revises", "medium")
    assert "period_beyond" in [i.key for i in by_id["fai_growth"].checks]
    same = check(found, {("retail_sales_growth", "370200", "2023-01..2023-08"): Stored(5.4, "%", None)})
    assert same.proposals[0].store == "confirms"


def _quotes() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for name in ("figures.csv", "peer_figures.csv"):
        with data_path(f"macro/{name}").open(encoding="utf-8") as fh:
            rows += [r for r in csv.DictReader(fh)
                     if r["kind"] in ("level", "yoy_pct", "share_pct", "pp_change") and r["quote"].strip()]
    return rows


_KINDS = {"level": ("level",), "yoy_pct": ("growth", "two_year_average"), "share_pct": ("share",),
          "pp_change": ("pp_change",)}


def _read_right(row: dict[str, str]) -> bool:
    """Whether the row's quote gives the row's value, of its kind (an amount in its unit or one
    that converts into it: the dataset states 1.7万亿元 as 17000 亿元)."""
    value = float(row["value"])
    for f in read_sentence(row["quote"]):
        values = [f.value] if f.kind in _KINDS[row["kind"]] else []
        if row["kind"] == "pp_change":
            values += [r.change for r in f.relations if r.change is not None]
        if row["kind"] == "level" and f.kind == "level":  # 1.7万亿元 is the row's 17000 亿元
            try:
                values = [convert(f.value, f.unit, row["unit"])]
            except UnitError:
                continue
        if any(v is not None and abs(v - value) < 1e-6 for v in values):
            return True
    return False


def test_real_quotes_of_the_researched_dataset_read_back_into_their_values() -> None:
    rows = [r for r in _quotes() if r["value"].lstrip("-").replace(".", "", 1).isdigit()]
    right = sum(_read_right(r) for r in rows)
    # 2026-12: 569 of 593 (96 %); the rest are chart labels, table rows without a unit, English
    # text, lists of cities in brackets and prose such as "实现了5.8%的稳健增长"
    assert len(rows) > 550
    assert right / len(rows) >= 0.95, f"{right} of {len(rows)}"


@pytest.mark.parametrize(("quote", "kind", "value"), [
    ("全市規上工業增加值同比增長16.4%,較去年同期提升17.5個百分點", "yoy_pct", "16.4"),
    ("第二产业增加值5070.33亿元,增长6.9%", "level", "5070.33"),
    ("比1-7月份加快0.1个百分点", "pp_change", "0.1"),
    ("占GDP比重为51.4%,比上年提高1.3个百分点", "share_pct", "51.4"),
])
def test_real_release_language(quote: str, kind: str, value: str) -> None:
    assert _read_right({"quote": quote, "kind": kind, "value": value, "unit": "亿元"})


def test_a_sentence_without_a_subject_continues_the_one_before_in_its_paragraph() -> None:
    doc = Document("text", ("2023年1-8月份经济运行",
                            "1-8月份，全市规模以上工业增加值同比增长3.6%。其中，8月份增长5.0%。",
                            "增长2.0%。"),
                   title="2023年1-8月份经济运行")
    got = [(p.indicator_id, p.period, p.value, [i.key for i in p.issues])
           for p in extract(doc, "370200", source="t", regions={}).proposals]
    assert got == [("above_size_industry_va_growth", "2023-01..2023-08", 3.6, []),
                   ("above_size_industry_va_growth_month", "2023-08", 5.0, []),
                   (None, "2023-01..2023-08", 2.0, ["subject_missing"])]  # a new paragraph: no subject


def test_a_change_against_last_year_is_no_change_against_the_period_before() -> None:
    doc = Document("text", ("2023年1-8月份经济运行",
                            "1-8月份，全市规模以上工业增加值同比增长3.6%，比上年同期提高2.1个百分点。"),
                   title="2023年1-8月份经济运行")
    (only,) = extract(doc, "370200", source="t", regions={}).proposals
    assert only.indicator_id == "above_size_industry_va_growth"  # no *_change_pp row from 上年同期
    assert [(r.against, r.change) for r in only.relations] == [("上年同期", 2.1)]


def _periods(doc: Document, published: date | None = None) -> list[tuple[str | None, list[str]]]:
    return [(p.period, [i.key for i in p.issues])
            for p in extract(doc, "370200", source="t", regions={}, published=published).proposals]


def test_a_year_compared_with_is_not_the_releases_year() -> None:
    """No year in the title: "比2023年" is a comparison, the year comes from the release date given."""
    text = ("一季度全市经济运行", "一季度，全市规模以上工业增加值同比增长5.0%，比2023年加快1.0个百分点。")
    assert _periods(Document("text", text, title=text[0])) == [(None, ["period_open"])]
    assert _periods(Document("text", text, title=text[0]), date(2022, 4, 20)) == [
        ("2022-01..2022-03", ["year_from_dateline"])]
    # 全年 dated in January is last year's; the document's own dateline counts, and a date given
    # that disagrees with it is said on the proposal
    annual = Document("text", ("全年经济运行", "全年，全市规模以上工业增加值增长4.1%。"),
                      title="全年经济运行", published=date(2023, 1, 20))
    assert _periods(annual) == [("2022", ["year_from_dateline"])]
    assert _periods(annual, date(2024, 1, 20)) == [("2022", ["year_from_dateline", "published_disagrees"])]


def test_budget_names_a_part_in_its_month_an_index_and_a_speed_gap_after_a_share() -> None:
    budget = read_sentence("1-8月份，一般公共预算支出609亿元；其中8月份79.7亿元。")
    assert [(f.subject, f.value, f.period) for f in budget] == [
        ("一般公共预算支出", 609.0, "1-8月份"), ("一般公共预算支出", 79.7, "8月份")]
    (pmi,) = read_sentence("8月份，制造业采购经理指数（PMI）为49.5%，比7月份提高0.1个百分点。")
    assert (pmi.kind, pmi.value, pmi.written, pmi.relations[0].change) == ("index", 49.5, "49.5%", 0.1)
    (cpi,) = read_sentence("8月份，居民消费价格（CPI）环比上涨0.3%。")
    assert (cpi.subject, cpi.month_on_month) == ("居民消费价格（CPI）", True)
    growth, share = read_sentence("1-8月份，装备制造业增加值同比增长7.1%，占规模以上工业增加值比重46.6%，"
                                  "快于规模以上工业3.3个百分点。")
    assert [(r.against, r.change) for r in growth.relations] == [("规模以上工业", 3.3)]
    assert not share.relations
    (level,) = read_sentence("一季度全市实现地区生产总值3516.4亿元。")
    assert (level.subject, level.period) == ("地区生产总值", "一季度")


def test_notes_after_the_body_and_note_lines_propose_nothing() -> None:
    doc = Document("text", ("来源：青岛市统计局",  # a header line: a note line, not the notes heading
                            "来源",  # before any figure: no notes heading, the body follows
                            "1-8月份，全市规模以上工业增加值同比增长3.6%。",
                            "注：外贸进出口总值为海关数据，单位亿元，1-8月份2000.5亿元。",
                            "8月份，规模以上工业增加值增长5.0%。",
                            "附 注",
                            "1.规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。",
                            "2.全市规模以上工业企业4000户。"), title="2023年1-8月份全市经济运行情况")
    found = extract(doc, "370200", source="file.txt", regions={})
    assert [(p.indicator_id, p.value) for p in found.proposals] == [
        ("above_size_industry_va_growth", 3.6), ("above_size_industry_va_growth_month", 5.0)]
    assert found.sentences == 3  # the lone "来源" before the body and the two figures; no note read
