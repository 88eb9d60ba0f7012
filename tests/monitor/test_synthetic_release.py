"""The synthetic sample regions carry a full standard monthly release (issue 16, deliverable 4):
every default bulletin section has figures, every clause kind is written, and the figures
agree with the generator's documented formulas (monitor/synthetic.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

import duckdb
import pytest

from pacesetter.model.periods import Period
from pacesetter.monitor.bulletin import Bulletin, build_bulletin
from pacesetter.monitor.config import load_sections
from pacesetter.monitor.fetch import fetch_bulletin_observations
from pacesetter.monitor.render import render_markdown
from pacesetter.monitor.synthetic import generate_sample, seed_demo
from pacesetter.store import queries

# Employment has only the national surveyed unemployment rate (全国城镇调查失业率), which a city
# never carries, so it is the one section the sample city leaves "not covered".
NOT_COVERED = {"zh": ["就业"], "en": ["Employment"]}
SECTIONS = ["gdp", "industry", "services", "investment", "consumption", "trade", "fiscal", "finance",
            "prices"]
# One instance of every clause kind in the 2023-08 bulletin of 990100 (footnote marks removed).
CLAUSES = {
    "zh": [
        "上半年，地区生产总值5188.49亿元，同比增长5.5%，比一季度加快0.4个百分点",  # quarterly, level
        "8月份，规模以上工业增加值同比下降1.0%，增速由正转负",  # single month, sign change
        "出口总额1310.79亿元，同比增长0.2%，增速由负转正",
        "房地产开发投资同比下降11.4%，降幅比1-7月份收窄0.8个百分点",
        "进口总额736.74亿元，同比下降5.3%，降幅比1-7月份扩大0.5个百分点",
        "基础设施投资同比增长6.4%，与1-7月份持平",
        "占规模以上工业增加值比重46.6%，快于规模以上工业3.3个百分点，拉动规模以上工业增长3.2个百分点",
        "慢于规模以上工业1.8个百分点",
        "新能源汽车产量同比增长1.2倍",  # 倍 from 100 %
        "2022年，工业增加值占地区生产总值比重为34.8%，比2021年提高0.4个百分点",  # share, pp change
        "税收收入占一般公共预算收入比重为71.0%，比上年同期下降2.1个百分点",
        "8月份，制造业采购经理指数（PMI）为49.5%，比上月提高0.1个百分点",
        "1-7月份，规模以上服务业营业收入同比增长8.1%",  # a month late
        "1-8月份，一般公共预算支出609亿元；其中8月份79.7亿元",  # a month from two year-to-date levels
        "8月末，本外币存款余额26884.89亿元，同比增长10.6%",  # a balance
        "8月份，社会消费品零售总额349.2亿元",
        "居民消费价格同比上涨0.7%，涨幅比上月扩大0.1个百分点",  # prices in price words
        "工业生产者出厂价格同比下降3.5%，降幅比上月收窄1.2个百分点",
        "居民消费价格（CPI）环比上涨0.3%",
    ],
    "en": [
        "In H1, GDP amounted to 518.85 bn yuan, up 5.5% year on year, 0.4 percentage points faster than Q1",
        "down 1.0% year on year, turning negative",
        "up 0.2% year on year, turning positive",
        "the decline narrowing by 0.8 percentage points from Jan–Jul",
        "the decline widening by 0.5 percentage points from Jan–Jul",
        "up 6.4% year on year, unchanged from Jan–Jul",
        "accounting for 46.6% of the value added of industry above designated size, 3.3 percentage points "
        "higher than industry above designated size, adding 3.2 percentage points to the growth of industry",
        "1.8 percentage points lower than industry above designated size",
        "the output of new-energy vehicles was up 123.2% year on year",
        "In 2022, the share of industrial value added in GDP was 34.8%, up 0.4 percentage points from 2021",
        "down 2.1 percentage points from the same period last year",
        "In Jan–Jul, the operating revenue of services enterprises above designated size was up 8.1%",
        "of which 7.97 bn yuan in August",
        "were down 3.5% year on year, the decline narrowing by 1.2 percentage points",
        "consumer prices were up 0.7% year on year, the rise widening by 0.1 percentage points",
        "At the end of August, deposits in domestic and foreign currencies amounted to",
        "was up 0.3% month on month",
    ],
}


@pytest.fixture
def store(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
    con = make_store([])
    seed_demo(con)
    return con


def _bulletin(con: duckdb.DuckDBPyConnection, region: str, lang: str) -> Bulletin:
    """The 2023-08 bulletin with the default sections and wording."""
    config = load_sections()
    frame = fetch_bulletin_observations(con, region, config)
    return build_bulletin(frame, queries.region(con, region), Period.parse("2023-08"), config, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_default_section_and_clause_kind(store: duckdb.DuckDBPyConnection, lang: str) -> None:
    content = _bulletin(store, "990100", lang)
    assert [s.id for s in content.sections] == SECTIONS
    assert content.missing == NOT_COVERED[lang]
    text = render_markdown(content).markdown.split("[^1]:")[0]
    plain = "".join(part.split("]", 1)[-1] for part in text.split("[^"))  # footnote marks removed
    for clause in CLAUSES[lang]:
        assert clause in plain, clause


def test_the_second_sample_city_has_every_section(store: duckdb.DuckDBPyConnection) -> None:
    content = _bulletin(store, "990200", "zh")
    assert [s.id for s in content.sections] == SECTIONS and content.missing == NOT_COVERED["zh"]


def _values(region: str = "990100") -> dict[tuple[str, str], float]:
    return {(str(o["indicator_id"]), str(o["period"])): float(str(o["value"]))
            for o in generate_sample().observations if o["region_code"] == region and o["status"] == "final"}


def test_figures_follow_the_documented_formulas() -> None:
    v = _values()
    ytd = "2023-01..2023-08"
    # a year-to-date level sums the published single months: 3009.32 亿元 in the bulletin
    assert round(sum(v["retail_sales", f"2023-{m:02d}"] for m in range(1, 9)), 2) == v["retail_sales", ytd]
    assert v["retail_sales", ytd] == 3009.32
    # totals are their parts (each rounded to 0.01)
    assert math.isclose(v["goods_trade", ytd], v["exports", ytd] + v["imports", ytd], abs_tol=0.02)
    h1 = "2023-01..2023-06"
    assert math.isclose(v["gdp", h1], sum(v[s, h1] for s in ("primary_va", "secondary_va", "tertiary_va")),
                        abs_tol=0.03)
    # growth from the levels (rounding of the levels moves it far less than 0.05)
    assert round((v["goods_trade", ytd] / v["goods_trade", "2022-01..2022-08"] - 1) * 100, 1) == v[
        "goods_trade_growth", ytd]
    # a pull is last year's share × the part's growth (each published to one decimal)
    last_share = v["equipment_mfg_share_industrial_va", "2022-01..2022-08"]
    pull = last_share * v["equipment_mfg_va_growth", ytd] / 100
    assert abs(pull - v["equipment_mfg_pull_pp", ytd]) < 0.1
    # a published pp change is the difference of the two published rates
    assert math.isclose(v["fai_growth_change_pp", ytd],
                        v["fai_growth", ytd] - v["fai_growth", "2023-01..2023-07"], abs_tol=1e-9)
    # CPI year on year: the published month-on-month changes of the last 12 months, chained
    moms = [v["nbs_emm00072343", f"{y}-{m:02d}"] for y, m in [(2022, m) for m in range(9, 13)]
            + [(2023, m) for m in range(1, 9)]]
    assert round((math.prod(1 + x / 100 for x in moms) - 1) * 100, 1) == v["cpi_yoy", "2023-08"] == 0.7
    # a balance's growth is on the same month's end a year earlier
    assert round((v["deposits_balance", "2023-08"] / v["deposits_balance", "2022-08"] - 1) * 100, 1) == v[
        "deposits_growth", "2023-08"]


def test_the_older_series_keep_their_values() -> None:
    """The release draws from its own generator: industry and retail sales are as before."""
    v = _values()
    assert v["above_size_industry_va_growth", "2023-01..2023-08"] == 3.8
    assert v["above_size_industry_va_growth_month", "2023-08"] == -1.0
    assert v["retail_sales_growth", "2023-01..2023-08"] == 6.0
