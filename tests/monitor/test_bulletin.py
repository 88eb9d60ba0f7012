"""Bulletins: the Qingdao check, provenance of every number, conventions, overrides, errors."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ConfigError, InputError, ProvenanceError
from pacesetter.monitor.config import load_sections
from pacesetter.monitor.phrases import format_amount, format_number
from pacesetter.monitor.render import Rendered
from pacesetter.monitor.synthetic import seed_demo
from pacesetter.release.profile import shipped_profiles
from pacesetter.store.imports import insert_records
from tests.monitor.helpers import NATION, NATIONAL_ROWS, QINGDAO_ROWS, REGIONS, STATED, make_bulletin, obs

DEFAULT = shipped_profiles()["default"]

# A number with its unit and optional derived mark, then its footnote reference.
_FIGURE = re.compile(
    r"(-?[\d,]+(?:\.\d+)?)(%|倍|个百分点| percentage points|亿元|亿美元| bn yuan| bn US dollars)?"
    r"(?:（推算值）| \(derived\))?\[\^(\d+)\]")
# Dates and period names, the only other digits a bulletin may hold.
_PERIODS = re.compile(r"\b[QH][1-4]\b|\d{4}年|\d{1,2}-\d{1,2}月份?|\d{1,2}月份?|\b(?:19|20)\d{2}\b|"
                      r"^\d+\. |^## \d+\. |\[\^\d+\]")


def _body(rendered: Rendered) -> str:
    return rendered.markdown.split("\n[^1]:")[0]


def test_qingdao_chinese_bulletin_states_the_article_figures(qingdao: duckdb.DuckDBPyConnection) -> None:
    text = _body(make_bulletin(qingdao, "370200", "2022-08", "zh"))
    # Source: the seed article 000_14c0eb08152f58ac.txt:
    # "1-8月…增长3.6%…加快0.3个百分点…8月份…5.0%…加快2.9个百分点"
    assert "1-8月份，规模以上工业增加值同比增长3.6%[^1]" in text
    assert "比1-7月份的3.3%（推算值）[^2]加快0.3个百分点[^3]" in text
    assert "8月份，规模以上工业增加值同比增长5.0%[^4]" in text
    assert "比7月份的2.1%（推算值）[^5]加快2.9个百分点[^6]" in text
    for needle in ("3.6", "3.3", "5.0", "2.1", "加快0.3个百分点", "加快2.9个百分点"):
        assert needle in text
    assert "工业增加值占地区生产总值比重为27.48%" in text and "提高1.1个百分点" in text
    assert "合成" not in text  # a real city's bulletin carries no synthetic label


def test_qingdao_english_bulletin(qingdao: duckdb.DuckDBPyConnection) -> None:
    text = _body(make_bulletin(qingdao, "370200", "2022-08", "en"))
    assert ("up 3.6%[^1] year on year, 0.3 percentage points[^2] faster than Jan–Jul's 3.3% (derived)[^3]"
            in text)
    assert ("up 5.0%[^4] year on year, 2.9 percentage points[^5] faster than July's 2.1% (derived)[^6]"
            in text)


def test_derived_rows_are_footnoted_as_derived(qingdao: duckdb.DuckDBPyConnection) -> None:
    rendered = make_bulletin(qingdao, "370200", "2022-08", "zh")
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", rendered.markdown, re.M))
    assert "推算值，3.6 - 0.3" in notes["2"]
    assert "推算值，5.0 - 2.9" in notes["5"]
    # The changes in pp are the article's own (published), not recomputed from rounded rates.
    assert notes["3"].startswith("2022年1-8月，0.3个百分点：") and "原文“加快0.3个百分点”" in notes["3"]
    assert "原文“增速比7月份加快2.9个百分点”" in notes["6"]
    assert "本公报计算" not in rendered.markdown
    assert "seed:000_14c0eb08152f58ac.txt" in notes["1"]


def test_published_change_without_the_earlier_value(
    make_store: Callable[..., duckdb.DuckDBPyConnection],
) -> None:
    con = make_store([r for r in QINGDAO_ROWS if r["period"] != "2022-01..2022-07"])
    text = _body(make_bulletin(con, "370200", "2022-08", "zh"))
    assert "1-8月份，规模以上工业增加值同比增长3.6%[^1]，比1-7月份加快0.3个百分点[^2]。" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("region", "period"), [("370200", "2022-08"), ("990100", "2023-08"),
                                                ("990100", "2023-03"), ("000000", "2022-08"),
                                                ("000000", "2021-08")])
def test_every_number_traces_back_to_an_observation(
    make_store: Callable[..., duckdb.DuckDBPyConnection], lang: str, region: str, period: str
) -> None:
    con = make_store([*QINGDAO_ROWS, *NATIONAL_ROWS], [*REGIONS, NATION])
    seed_demo(con)
    rendered = make_bulletin(con, region, period, lang)
    text = _body(rendered)
    found = _FIGURE.findall(text)
    assert found, "a bulletin without figures"
    stored = {(r[0], r[1], r[2]): r[3] for r in con.execute(
        "SELECT indicator_id, region_code, period, value FROM observations").fetchall()}
    for number, unit, key in found:
        fig = rendered.figures[int(key)]
        amount = unit in ("亿元", " bn yuan", "亿美元", " bn US dollars")
        shown = format_amount(fig.value, lang=lang) if amount else format_number(
            fig.value / 100 if unit == "倍" else fig.value, 2 if len(number.split(".")[-1]) == 2 else 1,
            lang=lang)
        assert number.lstrip("-") == shown.lstrip("-"), (number, fig)
        assert fig.inputs, f"figure {key} has no observation behind it"
        for o in fig.inputs:
            assert stored[(o.indicator_id, o.region_code, o.stored_period)] == o.value
            assert o.synthetic == (region == "990100")
        if not fig.formula:  # shown as observed: the value is the observation's
            assert len(fig.inputs) == 1 and fig.value == fig.inputs[0].value
    leftover = "\n".join(_PERIODS.sub("", ln) for ln in _FIGURE.sub("", text).splitlines())
    assert not re.search(r"\d", leftover), f"a number without a source: {leftover}"


def test_synthetic_region_is_labelled_everywhere(
    make_store: Callable[..., duckdb.DuckDBPyConnection],
) -> None:
    con = make_store([])
    seed_demo(con)
    zh = make_bulletin(con, "990100", "2023-08", "zh").markdown
    en = make_bulletin(con, "990100", "2023-08", "en").markdown
    assert zh.startswith("# 示例市（合成）2023年1-8月经济运行情况（合成示例数据）")
    assert "不是任何真实城市" in zh and "合成数据（程序生成，非真实统计）" in zh
    assert "(synthetic sample data)" in en and "not a real city" in en
    assert "增速由正转负" in zh  # August 2023 single month: 1.3 % → −1.0 %


def test_synthetic_figure_in_a_real_region_is_refused(
    make_store: Callable[..., duckdb.DuckDBPyConnection],
) -> None:
    con = make_store([*QINGDAO_ROWS, obs("above_size_industry_va_growth", "2022-01..2022-06", 4.1,
                                          synthetic=True)])
    with pytest.raises(ProvenanceError, match="never mix"):
        make_bulletin(con, "370200", "2022-08", "zh")


def test_jan_feb_and_march(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # NBS, 1-2月 2022: 规上工业 +7.5 %, "比2021年12月份加快3.2个百分点" (December 2021: 4.3 %)
    # (m.zhongtouwang.com.cn/caijing/20220315/103246.html, CONVENTIONS §5). Other rows hand-made.
    rows = [obs("above_size_industry_va_growth", "2021", 9.6),
            obs("above_size_industry_va_growth_month", "2021-12", 4.3),
            obs("above_size_industry_va_growth", "2022-01..2022-02", 7.5),
            obs("above_size_industry_va_growth", "2022-01..2022-03", 6.5),
            obs("above_size_industry_va_growth_month", "2022-03", 5.0),
            obs("fai_growth", "2021", 4.9),
            obs("fai_growth", "2022-01..2022-02", 12.2)]
    con = make_store(rows)
    feb = _body(make_bulletin(con, "370200", "2022-02", "zh"))
    # 1-2月 is one release: industry is compared with last December's single month ...
    assert "1-2月份，规模以上工业增加值同比增长7.5%[^1]，比2021年12月份的4.3%[^2]加快3.2个百分点[^3]。" in feb
    # ... a cumulative-only indicator with last year as a whole; there is no single-month line.
    assert "1-2月份，固定资产投资同比增长12.2%[^4]，比上年全年的4.9%[^5]加快7.3个百分点[^6]。" in feb
    assert not re.search(r"(?<![-\d])2月份，", feb)
    mar = _body(make_bulletin(con, "370200", "2022-03", "zh"))
    assert "一季度，规模以上工业增加值同比增长6.5%[^1]，比1-2月份的7.5%[^2]回落1.0个百分点[^3]" in mar
    # March's single month is compared with the combined 1-2月 figure.
    assert "3月份，规模以上工业增加值同比增长5.0%[^4]，比1-2月份的7.5%[^5]回落2.5个百分点[^6]" in mar
    with pytest.raises(InputError, match="Jan–Feb 2022") as refused:
        make_bulletin(con, "370200", "2022-01", "zh")
    assert "1-2月合并发布" in refused.value.text("zh")


def test_sign_change_and_two_year_average(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    rows = [obs("above_size_industry_va_growth", "2020-01..2020-06", -1.1),
            obs("above_size_industry_va_growth", "2021-01..2021-05", -2.0),
            obs("above_size_industry_va_growth", "2021-01..2021-06", 16.4)]
    text = _body(make_bulletin(make_store(rows), "370200", "2021-06", "zh"))
    # Two-year average only in 2021 (sections.yaml): sqrt(1.164 × 0.989) − 1 = 7.29 % → 7.3 %.
    assert ("上半年，规模以上工业增加值同比增长16.4%[^1]，两年平均增长7.3%[^2]，"
            "增速由负转正，比1-5月份的-2.0%[^3]回升18.4个百分点[^4]。") in text


def test_first_quarter_against_last_year_where_the_profile_says(
        make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # Qingdao compares 一季度 with last year as a whole ("比2023年加快0.4个百分点", Q1 2024); the
    # rows are those of test_jan_feb_and_march: 6.5 − 9.6 = −3.1, so 回落3.1; the single month
    # stays compared with 1-2月.
    rows = [obs("above_size_industry_va_growth", "2021", 9.6),
            obs("above_size_industry_va_growth", "2022-01..2022-02", 7.5),
            obs("above_size_industry_va_growth", "2022-01..2022-03", 6.5),
            obs("above_size_industry_va_growth_month", "2022-03", 5.0)]
    profile = STATED.model_copy(update={"first_quarter_against": "previous_year", "previous_year": "year"})
    mar = _body(make_bulletin(make_store(rows), "370200", "2022-03", "zh", profile=profile))
    assert "一季度，规模以上工业增加值同比增长6.5%[^1]，比2021年的9.6%[^2]回落3.1个百分点[^3]" in mar
    assert "3月份，规模以上工业增加值同比增长5.0%[^4]，比1-2月份的7.5%[^5]回落2.5个百分点[^6]" in mar


def test_published_two_year_average_is_cited_as_published(
        make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # Qingdao 前三季度 2021: "同比增长10.70%,两年平均增长6.3%" (figures.csv). The 2020 rate is a
    # test figure: computed, sqrt(1.107 × 1.010) − 1 = 5.74 % would read 5.7 %; the published 6.3 wins.
    rows = [obs("gdp_growth", "2021-01..2021-09", 10.7),
            obs("gdp_growth", "2020-01..2020-09", 1.0),
            obs("gdp_growth_two_year_avg", "2021-01..2021-09", 6.3, quote="两年平均增长6.3%")]
    rendered = make_bulletin(make_store(rows), "370200", "2021-09", "zh")
    assert "前三季度，地区生产总值同比增长10.7%[^1]，两年平均增长6.3%[^2]。" in _body(rendered)
    # its footnote cites the published row, with no formula
    assert [o.indicator_id for o in rendered.figures[2].inputs] == ["gdp_growth_two_year_avg"]
    assert not rendered.figures[2].formula


def test_city_template_override(qingdao: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    city = tmp_path / "templates" / "370200"
    city.mkdir(parents=True)
    (city / "bulletin.zh.md.j2").write_text(
        "# {{ b.region_name }}快报\n\n{% for s in b.sections %}{% for l in s.lines %}"
        "{{ l.period }}{{ l.growth }}。{% endfor %}{% endfor %}\n", encoding="utf-8")
    rendered = make_bulletin(qingdao, "370200", "2022-08", "zh", tmp_path / "templates")
    assert rendered.markdown.startswith("# 青岛市快报\n\n1-8月份同比增长3.6%[^1]。8月份同比增长5.0%[^2]。")
    assert len(rendered.figures) == 2  # only what the template cites is footnoted, renumbered
    # Another city keeps the shipped template.
    assert make_bulletin(qingdao, "370200", "2022-08", "en", tmp_path / "templates").markdown.startswith(
        "# Qingdao: the economy")


def test_broken_template_and_sections_are_config_errors(qingdao: duckdb.DuckDBPyConnection,
                                                         tmp_path: Path) -> None:
    (tmp_path / "bulletin.zh.md.j2").write_text("{{ b.no_such_field }}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bulletin\.zh\.md\.j2"):
        make_bulletin(qingdao, "370200", "2022-08", "zh", tmp_path)
    bad = tmp_path / "sections.yaml"
    bad.write_text("sections:\n  - id: industry\n    title: {zh: 工业, en: Industry}\n"
                   "    items:\n      - kind: growth\n        label: {zh: 工业, en: industry}\n",
                   encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sections\.yaml.*sections\.0\.items\.0: .*needs `ytd` or `month`"):
        load_sections(bad)


def test_national_bulletin_all_item_kinds(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    con = make_store(NATIONAL_ROWS, [*REGIONS, NATION])
    aug = _body(make_bulletin(con, "000000", "2022-08", "zh"))
    # Single month from year-to-date levels: 138043 − 124981 = 13062 (derived, formula footnoted).
    assert "1-8月份，一般公共预算收入138043亿元[^5]；其中8月份13062亿元[^6]。" in aug
    # 千美元 → 亿美元: 310386496.8 / 1e5 = 3103.86.
    assert ("8月份，出口总额（美元计价）3103.86亿美元[^1]，同比增长7.4%[^2]，"
            "比7月份的18.1%[^3]回落10.7个百分点[^4]") in aug
    assert "居民消费价格（CPI）环比下降0.1%" in aug
    en = _body(make_bulletin(con, "000000", "2022-08", "en"))
    assert "amounted to 13,804.3 bn yuan[^5], of which 1,306.2 bn yuan[^6] in August" in en
    # 青岛 house prices are not national: the index id holds 370200 rows only.
    assert "住宅" not in aug
    mid2021 = _body(make_bulletin(con, "000000", "2021-08", "zh"))
    # Quarterly GDP: the latest quarter (H1) against Q1; two-year average sqrt(1.127 × 0.984) − 1 = 5.3 %
    # (NBS published 5.3 %); the 2020 contribution and pull as observed (43.3 %, 1.0 pp).
    assert ("上半年，国内生产总值543034.4亿元[^1]，同比增长12.7%[^2]，两年平均增长5.3%[^3]，"
            "比一季度的18.3%[^4]回落5.6个百分点[^5]。") in mid2021
    assert "2020年，第二产业对经济增长的贡献率为43.3%[^6]，拉动经济增长1.0个百分点[^7]。" in mid2021


def test_house_price_index_as_month_on_month_change(qingdao: duckdb.DuckDBPyConnection) -> None:
    insert_records(qingdao, "observations", [r for r in NATIONAL_ROWS if r["region_code"] == "370200"])
    text = make_bulletin(qingdao, "370200", "2022-08", "zh").markdown
    assert "8月份，新建商品住宅销售价格环比上涨0.3%[^10]。" in text
    assert "本公报计算：100.3 − 100.0 = 0.30%" in text


def test_prices_are_worded_as_prices(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # CONVENTIONS §2 "Prices use their own verbs" (Qingdao CPI "同比上涨2.6%,涨幅比10月回落0.2个百分点");
    # figures hand-made: CPI 0.6 → 0.7 (涨幅扩大0.1), PPI −4.7 → −3.5 (降幅收窄1.2).
    rows = [obs("cpi_yoy", "2023-07", 0.6), obs("cpi_yoy", "2023-08", 0.7),
            obs("ppi_yoy", "2023-07", -4.7), obs("ppi_yoy", "2023-08", -3.5)]
    con = make_store(rows)
    zh = _body(make_bulletin(con, "370200", "2023-08", "zh", profile=DEFAULT))
    assert "## 一、价格涨幅扩大\n" in zh
    assert ("8月份，居民消费价格同比上涨0.7%[^1]，涨幅比上月扩大0.1个百分点[^2]。"
            "8月份，工业生产者出厂价格同比下降3.5%[^3]，降幅比上月收窄1.2个百分点[^4]。") in zh
    en = _body(make_bulletin(con, "370200", "2023-08", "en", profile=DEFAULT))
    assert "## 1. Prices: inflation picked up\n" in en
    assert ("In August, consumer prices were up 0.7%[^1] year on year, the rise widening by "
            "0.1 percentage points[^2] from the previous month. In August, producer prices for industrial "
            "products were down 3.5%[^3] year on year, the decline narrowing by 1.2 percentage points[^4] "
            "from the previous month.") in en


def test_a_price_sign_change_states_both_values(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # CPI −0.3 → 0.1: 由降转涨, named or with both values as the profile says (hand-made figures).
    con = make_store([obs("cpi_yoy", "2023-07", -0.3), obs("cpi_yoy", "2023-08", 0.1)])
    values = DEFAULT.model_copy(update={"sign_change": "values"})
    zh = _body(make_bulletin(con, "370200", "2023-08", "zh", profile=values))
    assert "## 一、价格由降转涨\n" in zh
    assert "8月份，居民消费价格同比由上月下降0.3%[^1]转为上涨0.1%[^2]。" in zh
    named = _body(make_bulletin(con, "370200", "2023-08", "zh", profile=DEFAULT))
    assert "8月份，居民消费价格同比上涨0.1%[^1]，由降转涨，比上月回升0.4个百分点[^2]。" in named


def test_english_verbs_agree_and_balances_are_at_a_months_end(
        make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    rows = [obs("online_retail_sales_growth", "2023-01..2023-08", 11.4),
            obs("loans_growth", "2023-08", 10.5), obs("loans_growth", "2023-07", 10.4),
            obs("loans_balance", "2023-08", 24687.46, unit="亿元"),
            obs("nbs_emm00121996", "2023-07", 49.4), obs("nbs_emm00121996", "2023-08", 49.5),
            obs("tax_revenue_share", "2022-01..2022-08", 73.1),
            obs("tax_revenue_share", "2023-01..2023-08", 71.0)]
    con = make_store(rows)
    en = _body(make_bulletin(con, "370200", "2023-08", "en", profile=DEFAULT))
    assert "In Jan–Aug, online retail sales were up 11.4%[^" in en
    assert ("At the end of August, loans in domestic and foreign currencies amounted to "
            "2,468.75 bn yuan[^") in en
    assert "In August, the manufacturing purchasing managers' index (PMI) was 49.5%[^" in en
    assert "up 0.1 percentage points[^" in en and "from the previous month." in en
    assert "down 2.1 percentage points" in en and "from the same period last year." in en
    zh = _body(make_bulletin(con, "370200", "2023-08", "zh", profile=DEFAULT))
    # the month before is 上月 for a rate as for a growth rate; year to date: 比上年同期 (NBS usage)
    assert "8月份，制造业采购经理指数（PMI）为49.5%" in zh and "，比上月提高0.1个百分点" in zh
    assert "1-8月份，税收收入占一般公共预算收入比重为71.0%" in zh and "，比上年同期下降2.1个百分点" in zh
    for sentence in re.findall(r"[^.]*\.", en):  # a plural English label never takes "was"
        assert not re.search(r"(sales|prices|exports|imports|deposits|loans|goods) was\b", sentence)
