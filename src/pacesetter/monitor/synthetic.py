"""A seeded generator for the labelled synthetic sample regions (示例市 / Sample City).

Qingdao's real monthly figures are too sparse to show warnings or target paths at
work, so the demo adds two invented regions with code prefix 99 (no real GB/T
2260 province uses it), ``synthetic=TRUE`` on every row and a source that says
so. They never carry a real city's name and never mix with real figures.

Published-style figures are made the way a bureau makes them: monthly levels at
comparable prices, then year-to-date (累计) and single-month (当月) growth
rounded to one decimal, January–February combined.

Beyond industry and retail sales, each region carries a full standard monthly release, so
that the default bulletin sections (sections.yaml) all have figures: GDP and its sectors
(quarterly), industry by ownership and sector with shares and pulls, products, the PMI,
services (revenue one month late), investment, consumption, trade, public finance, deposits
and loans, CPI and PPI. The formulas, all over the unrounded monthly levels ``L``:

- year-to-date growth = ΣL(this year, months 1..m) / ΣL(last year, months 1..m) − 1;
- a year-to-date level = ΣL(months 1..m) (retail sales: of the published single months);
- a part's share = its year-to-date level / the total's; its pull (拉动, pp) = its increase /
  the total's year-to-date level last year, i.e. last year's share × the part's growth;
- a published pp change = the difference of the two published (rounded) rates;
- a balance's growth = this month's end / the same month last year − 1;
- a price index chains the published month-on-month changes (one decimal), and the
  year-on-year change = ∏ over the last 12 months of (1 + mom / 100) − 1.

These draw from a generator of their own, so the older series keep their values. The national
series of the sections (国内生产总值, 全国城镇调查失业率, contribution shares to GDP growth,
70-city house prices) are not given to a city.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb
import numpy as np

from pacesetter.store import lookups
from pacesetter.store.connect import transaction
from pacesetter.store.imports import insert_records
from pacesetter.store.seeding import delete_where_in

SEED = 20220801
SOURCE = f"synthetic:pacesetter.monitor.synthetic (seed {SEED})"
SOURCE_TITLE = "合成示例数据，非真实统计 / synthetic sample data, not real statistics"
SAMPLE_REGIONS: list[dict[str, object]] = [
    {"code": "990100", "name_zh": "示例市（合成）", "name_en": "Sample City (synthetic)", "level": "city",
     "parent": None, "synthetic": True},
    {"code": "990200", "name_zh": "示例二市（合成）", "name_en": "Sample City 2 (synthetic)",
     "level": "city", "parent": None, "synthetic": True},
]
INDICATORS: list[dict[str, object]] = [
    {"id": "above_size_industry_va_growth", "name_zh": "规模以上工业增加值增速",
     "name_en": "Growth of value added of industry above designated size", "unit": "%",
     "frequency": "month", "kind": "growth", "polarity": "higher", "definition": "", "agency": ""},
    {"id": "above_size_industry_va_growth_month", "name_zh": "规模以上工业增加值增速（当月）",
     "name_en": "Growth of value added of industry above designated size (single month)", "unit": "%",
     "frequency": "month", "kind": "growth", "polarity": "higher", "definition": "", "agency": ""},
    {"id": "retail_sales_growth", "name_zh": "社会消费品零售总额增速",
     "name_en": "Growth of retail sales of consumer goods", "unit": "%", "frequency": "month",
     "kind": "growth", "polarity": "higher", "definition": "", "agency": ""},
    {"id": "retail_sales", "name_zh": "社会消费品零售总额", "name_en": "Retail sales of consumer goods",
     "unit": "亿元", "frequency": "month", "kind": "level", "polarity": "higher", "definition": "",
     "agency": ""},
]
YEARS = (2021, 2022, 2023)
# Planned single-month growth of value added (%) before noise: 2023 slows from spring
# and turns negative in August, so the warnings have something to show.
_VA_PATH = {
    "990100": {2021: [9.0] * 12, 2022: [5.0] * 12,
               2023: [5.5, 5.5, 6.5, 6.0, 4.8, 3.1, 1.2, -0.8, 0.5, 1.5, 2.5, 3.0]},
    "990200": {2021: [8.0] * 12, 2022: [5.5] * 12, 2023: [6.0] * 12},
}
_SEASON = np.array([0.70, 0.70, 0.95, 0.95, 1.0, 1.05, 0.95, 0.95, 1.0, 1.05, 1.10, 1.30])


@dataclass(frozen=True, slots=True)
class SampleData:
    """Rows for the regions, indicators, observations and targets tables."""

    regions: list[dict[str, object]]
    indicators: list[dict[str, object]]
    observations: list[dict[str, object]]
    targets: list[dict[str, object]]


def _row(indicator_id: str, region: str, period: str, value: float, unit: str, vintage: dt.date,
         status: str = "final") -> dict[str, object]:
    return {"indicator_id": indicator_id, "region_code": region, "period": period,
            "value": value, "unit": unit, "source": SOURCE, "source_title": SOURCE_TITLE, "quote": "",
            "vintage": vintage, "status": status, "note": "synthetic", "flags": "", "derived_from": "",
            "synthetic": True}


def _release(year: int, month: int) -> dt.date:
    """Published on the 15th of the following month."""
    return dt.date(year + month // 12, month % 12 + 1, 15)


def _growth_rows(indicator_id: str, region: str, levels: dict[int, np.ndarray],
                 month_id: str | None) -> list[dict[str, object]]:
    """Year-to-date (and single-month) growth rows, one decimal, 1-2月 combined."""
    rows = []
    for year in YEARS:
        cur, base = levels[year], levels[year - 1]
        for m in range(2, 13):
            ytd = (cur[:m].sum() / base[:m].sum() - 1) * 100
            rows.append(_row(indicator_id, region, f"{year}-01..{year}-{m:02d}", round(ytd, 1), "%",
                             _release(year, m)))
            if month_id and m >= 3:
                single = (cur[m - 1] / base[m - 1] - 1) * 100
                rows.append(_row(month_id, region, f"{year}-{m:02d}", round(single, 1), "%",
                                 _release(year, m)))
    return rows


# The rest of a standard monthly release, planned like _VA_PATH: growth (%) per year, one figure
# or twelve months of 2023 for 990100; 990200 takes each year's mean (a steadier city).
Plan = dict[int, float | list[float]]
_PLAN: dict[str, Plan] = {
    # GDP by sector (quarterly year to date) and the services of the release
    "primary_va": {2021: 3.5, 2022: 3.2, 2023: 3.4},
    "secondary_va": {2021: 8.8, 2022: 4.8,
                     2023: [5.2, 5.2, 6.0, 5.6, 4.6, 3.2, 1.5, -0.2, 0.8, 1.8, 2.6, 3.0]},
    "tertiary_va": {2021: 8.0, 2022: 3.0,
                    2023: [4.8, 4.8, 5.6, 7.2, 6.8, 6.4, 5.9, 5.5, 5.4, 5.3, 5.2, 5.2]},
    "producer_services_va": {2021: 9.2, 2022: 4.5, 2023: 7.6},
    "services_revenue": {2021: 15.0, 2022: 3.5,
                         2023: [6.5, 6.5, 7.8, 9.6, 9.2, 8.4, 7.6, 7.2, 7.0, 7.0, 7.2, 7.5]},
    # investment: the total is industry + infrastructure + real estate + the rest
    "industrial_investment": {2021: 12.0, 2022: 10.5, 2023: 9.0},
    "mfg_investment": {2021: 13.5, 2022: 9.8, 2023: 8.4},
    "infrastructure_investment": {2021: 1.5, 2022: 9.4, 2023: 6.5},
    "real_estate_investment": {2021: 4.4, 2022: -10.0,
                               2023: [-16, -16, -14, -12.5, -11, -9.5, -8, -6, -5, -4.5, -4, -3.5]},
    "other_investment": {2021: 5.0, 2022: 3.0, 2023: 2.0},
    "private_investment": {2021: 7.0, 2022: 0.9,
                           2023: [-1.5, -1.5, -1.0, -0.5, 0.0, 0.5, 0.8, 1.0, 1.2, 1.5, 1.8, 2.0]},
    # consumption, trade (exports turn positive year to date in August), public finance
    "online_retail": {2021: 14.0, 2022: 6.0, 2023: 11.5},
    "exports": {2021: 21.0, 2022: 6.5,
                2023: [-2.0, -2.0, -1.2, -0.8, -0.6, -0.3, 1.5, 6.0, 3.0, 2.5, 2.0, 2.0]},
    "imports": {2021: 18.0, 2022: 1.0,
                2023: [-2.5, -2.5, -3.5, -4.5, -5.5, -6.5, -7.5, -8.5, -6.0, -5.0, -4.0, -3.0]},
    "budget_revenue": {2021: 10.5, 2022: -2.0,
                       2023: [14.0, 14.0, 12.0, 11.0, 10.0, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0]},
    "budget_expenditure": {2021: 2.5, 2022: 5.0, 2023: 4.0},
    # balances at the month's end (year-on-year growth)
    "deposits": {2021: 9.5, 2022: 11.2, 2023: 10.3},
    "loans": {2021: 12.3, 2022: 11.0, 2023: 10.6},
}
# Components of industry above designated size: (share of the total's 2020 level, a, b), the
# component's planned growth being a + b × the total's (_VA_PATH).
_INDUSTRY_PARTS = {
    "state_holding_industry_va": (0.30, 3.0, 0.6), "private_industry_va": (0.46, -0.8, 1.1),
    "foreign_industry_va": (0.20, -6.5, 1.4), "mfg_va": (0.88, 0.4, 1.0),
    "equipment_mfg_va": (0.42, 2.5, 1.2), "high_tech_mfg_va": (0.16, -0.2, 0.6),
}
# Output of products (growth in %): new-energy vehicles more than double in 2023 (增长1.2倍).
_PRODUCTS: dict[str, Plan] = {
    "nev_output": {2021: 160.0, 2022: 95.0,
                   2023: [135, 135, 128, 124, 121, 118, 116, 114, 112, 110, 108, 105]},
    "industrial_robot_output": {2021: 42.0, 2022: -6.0,
                                2023: [-14, -14, -11, -8, -5.5, -3, 1.5, 6, 8, 9, 10, 11]},
}
# Prices month on month (%), 2020 included (it makes 2021's year-on-year change).
_PRICES_MOM: dict[str, Plan] = {
    "cpi": {2020: 0.2, 2021: 0.13, 2022: 0.16,
            2023: [0.4, -0.3, -0.2, 0.0, -0.1, -0.1, 0.1, 0.3, 0.1, -0.1, 0.0, 0.1]},
    "ppi": {2020: -0.1, 2021: 0.7,
            2022: [0.5, 0.5, 1.0, 0.6, 0.1, 0.0, -0.9, -1.0, -0.2, -0.1, -0.4, -0.4],
            2023: [-0.4, -0.4, 0.0, -0.5, -0.8, -0.7, 0.1, 0.3, 0.5, 0.0, -0.1, -0.2]},
}
_PMI: Plan = {2021: 50.6, 2022: 49.6,
              2023: [50.1, 51.6, 51.9, 49.2, 48.8, 49.0, 49.3, 49.7, 50.2, 49.5, 49.4, 49.0]}
_QUARTER_ENDS = (3, 6, 9, 12)
_TO_DATE = range(2, 13)  # year-to-date periods 1-2月 … 1-12月
Levels = dict[int, np.ndarray]


def _planned(plan: Plan, year: int, steady: bool) -> np.ndarray:
    growth = np.broadcast_to(np.asarray(plan[year], dtype=float), (12,))
    return np.full(12, growth.mean()) if steady else growth


def _flow(rng: np.random.Generator, first: np.ndarray, plan: Plan, steady: bool,
          noise: float = 0.3) -> Levels:
    """Monthly levels: ``first`` in 2020, then each month the planned growth plus N(0, noise)."""
    levels = {YEARS[0] - 1: first}
    for year in YEARS:
        growth = _planned(plan, year, steady) + rng.normal(0, noise, 12)
        levels[year] = levels[year - 1] * (1 + growth / 100)
    return levels


def _sum(*parts: Levels) -> Levels:
    """The total of parts, month by month."""
    return {y: np.sum([p[y] for p in parts], axis=0) for y in parts[0]}


def _to_date(levels: Levels, year: int, m: int) -> float:
    return float(levels[year][:m].sum())


def _ytd_period(year: int, m: int) -> str:
    return f"{year}-01..{year}-{m:02d}"


def _ytd_rows(indicator_id: str, region: str, values: dict[tuple[int, int], float], unit: str, digits: int,
              lag: int = 0) -> list[dict[str, object]]:
    """Year-to-date rows from {(year, last month): value}; ``lag`` months late to the release."""
    return [_row(indicator_id, region, _ytd_period(y, m), round(v, digits) + 0.0, unit, _release(y, m + lag))
            for (y, m), v in values.items()]


def _month_rows(indicator_id: str, region: str, values: dict[tuple[int, int], float], unit: str,
                digits: int) -> list[dict[str, object]]:
    return [_row(indicator_id, region, f"{y}-{m:02d}", round(v, digits) + 0.0, unit, _release(y, m))
            for (y, m), v in values.items()]


def _ytd_growth(levels: Levels, months: Iterable[int] = _TO_DATE) -> dict[tuple[int, int], float]:
    """Year-to-date growth (%): the sum of this year's months over last year's, minus one."""
    return {(y, m): (_to_date(levels, y, m) / _to_date(levels, y - 1, m) - 1) * 100
            for y in YEARS for m in months}


def _ytd_level(levels: Levels, months: Iterable[int] = _TO_DATE) -> dict[tuple[int, int], float]:
    return {(y, m): _to_date(levels, y, m) for y in YEARS for m in months}


def _ytd_share(part: Levels, total: Levels) -> dict[tuple[int, int], float]:
    """A part's share (%) of the total, year to date."""
    return {(y, m): _to_date(part, y, m) / _to_date(total, y, m) * 100 for y in YEARS for m in _TO_DATE}


def _ytd_pull(part: Levels, total: Levels) -> dict[tuple[int, int], float]:
    """The pull (拉动, pp) of a part on the total's growth: its increase over the total's base."""
    return {(y, m): (_to_date(part, y, m) - _to_date(part, y - 1, m)) / _to_date(total, y - 1, m) * 100
            for y in YEARS for m in _TO_DATE}


def _pp_changes(published: dict[tuple[int, int], float], step: int) -> dict[tuple[int, int], float]:
    """Published pp changes against the period ``step`` months earlier in the same year, from the
    published (rounded) rates, so that a change agrees with both rates as stated."""
    rounded = {k: round(v, 1) for k, v in published.items()}
    return {(y, m): rounded[y, m] - rounded[y, m - step] for (y, m) in rounded if (y, m - step) in rounded}


def _month_growth(levels: Levels) -> dict[tuple[int, int], float]:
    """Single-month (or month-end balance) growth on the same month last year (%)."""
    return {(y, m): (levels[y][m - 1] / levels[y - 1][m - 1] - 1) * 100 for y in YEARS for m in range(1, 13)}


def _month_level(levels: Levels) -> dict[tuple[int, int], float]:
    return {(y, m): float(levels[y][m - 1]) for y in YEARS for m in range(1, 13)}


def _industry_rows(region: str, rng: np.random.Generator, va: Levels, steady: bool
                   ) -> list[dict[str, object]]:
    """By ownership and sector (shares, pulls) and products: parts grown off the total's plan."""
    rows = []
    for name, (share, a, b) in _INDUSTRY_PARTS.items():
        plan: Plan = {y: [a + b * g for g in _VA_PATH[region][y]] for y in YEARS}
        part = _flow(rng, share * va[YEARS[0] - 1], plan, steady)
        rows += _ytd_rows(f"{name}_growth", region, _ytd_growth(part), "%", 1)
        if name in ("equipment_mfg_va", "high_tech_mfg_va"):
            stem = name.removesuffix("_va")
            rows += _ytd_rows(f"{stem}_share_industrial_va", region, _ytd_share(part, va), "%", 1)
            rows += _ytd_rows(f"{stem}_pull_pp", region, _ytd_pull(part, va), "个百分点", 1)
    for name, plan in _PRODUCTS.items():
        output = _flow(rng, 5 * _SEASON, plan, steady, noise=1.0)
        rows += _ytd_rows(f"{name}_growth", region, _ytd_growth(output), "%", 1)
    return rows


def _gdp_rows(region: str, rng: np.random.Generator, steady: bool) -> list[dict[str, object]]:
    """GDP and its sectors, quarterly year to date; industry's share of GDP by year."""
    sectors = {name: _flow(rng, base * _SEASON, _PLAN[name], steady)
               for name, base in (("primary_va", 20.0), ("secondary_va", 330.0), ("tertiary_va", 470.0))}
    gdp = _sum(*sectors.values())
    rows = []
    for name, levels in (*sectors.items(), ("gdp", gdp)):
        rows += _ytd_rows(name, region, _ytd_level(levels, _QUARTER_ENDS), "亿元", 2)
        rows += _ytd_rows(f"{name}_growth", region, _ytd_growth(levels, _QUARTER_ENDS), "%", 1)
    rows += _ytd_rows("gdp_growth_change_pp", region, _pp_changes(_ytd_growth(gdp, _QUARTER_ENDS), 3),
                      "个百分点", 1)
    # industry is 85 % of the secondary sector (the rest is construction)
    share = {y: round(0.85 * _to_date(sectors["secondary_va"], y, 12) / _to_date(gdp, y, 12) * 100, 1)
             for y in YEARS}
    rows += [_row("industrial_va_share_gdp", region, str(y), v, "%", _release(y, 12))
             for y, v in share.items()]
    rows += [_row("industrial_va_share_gdp_change_pp", region, str(y), round(share[y] - share[y - 1], 1),
                  "个百分点", _release(y, 12)) for y in YEARS[1:]]
    producer = _flow(rng, 0.38 * sectors["tertiary_va"][YEARS[0] - 1], _PLAN["producer_services_va"], steady)
    rows += _ytd_rows("producer_services_va", region, _ytd_level(producer, _QUARTER_ENDS), "亿元", 2)
    rows += _ytd_rows("producer_services_va_growth", region, _ytd_growth(producer, _QUARTER_ENDS), "%", 1)
    revenue = _flow(rng, 120 * _SEASON, _PLAN["services_revenue"], steady)
    rows += _ytd_rows("above_size_services_revenue_growth", region, _ytd_growth(revenue), "%", 1, lag=1)
    return rows


def _demand_rows(region: str, rng: np.random.Generator, retail: Levels, steady: bool
                 ) -> list[dict[str, object]]:
    """Investment, consumption and foreign trade, year to date (1-2月 combined)."""
    parts = {name: _flow(rng, base * _SEASON, _PLAN[name], steady) for name, base in (
        ("industrial_investment", 120.0), ("infrastructure_investment", 90.0),
        ("real_estate_investment", 110.0), ("other_investment", 80.0))}
    fai = _sum(*parts.values())
    parts["mfg_investment"] = _flow(rng, 0.8 * parts["industrial_investment"][YEARS[0] - 1],
                                    _PLAN["mfg_investment"], steady)
    parts["private_investment"] = _flow(rng, 0.5 * fai[YEARS[0] - 1], _PLAN["private_investment"], steady,
                                        noise=0.1)
    rows = _ytd_rows("fai_growth", region, _ytd_growth(fai), "%", 1)
    rows += _ytd_rows("fai_growth_change_pp", region, _pp_changes(_ytd_growth(fai), 1), "个百分点", 1)
    for name, levels in parts.items():
        if name != "other_investment":
            rows += _ytd_rows(f"{name}_growth", region, _ytd_growth(levels), "%", 1)
    # consumption: the year-to-date level sums the published single months
    published = {y: np.round(retail[y], 2) for y in retail}
    rows += _ytd_rows("retail_sales", region, _ytd_level(published), "亿元", 2)
    rows += _ytd_rows("retail_sales_growth_change_pp", region, _pp_changes(_ytd_growth(retail), 1),
                      "个百分点", 1)
    rows += _month_rows("nbs_emi00135323", region, _month_level(published), "亿元", 2)
    online = _flow(rng, 0.26 * retail[YEARS[0] - 1], _PLAN["online_retail"], steady)
    rows += _ytd_rows("online_retail_sales_growth", region, _ytd_growth(online), "%", 1)
    rows += _month_rows("nbs_emm01293254", region, _month_level(online), "亿元", 2)
    flows = {name: _flow(rng, base * _SEASON, _PLAN[name], steady, noise=0.2)
             for name, base in (("exports", 140.0), ("imports", 90.0))}
    flows["goods_trade"] = _sum(flows["exports"], flows["imports"])
    for name, levels in flows.items():
        rows += _ytd_rows(name, region, _ytd_level(levels), "亿元", 2)
        rows += _ytd_rows(f"{name}_growth", region, _ytd_growth(levels), "%", 1)
    return rows


def _money_rows(region: str, rng: np.random.Generator, steady: bool) -> list[dict[str, object]]:
    """Public finance (year to date), deposits and loans (balances at the month's end)."""
    fiscal_season = np.array([1.5, 0.8, 1.0, 1.2, 0.9, 1.0, 1.0, 0.7, 0.8, 1.0, 0.7, 0.6])
    revenue = _flow(rng, 60.0 * fiscal_season, _PLAN["budget_revenue"], steady)
    tax_share = {2020: 0.78, 2021: 0.77, 2022: 0.73, 2023: 0.71}
    tax = {y: revenue[y] * tax_share[y] * (1 + rng.normal(0, 0.01, 12)) for y in revenue}
    expenditure = _flow(rng, 75.0 * _SEASON, _PLAN["budget_expenditure"], steady)
    rows = _ytd_rows("general_budget_revenue", region, _ytd_level(revenue), "亿元", 2)
    rows += _ytd_rows("general_budget_revenue_growth", region, _ytd_growth(revenue), "%", 1)
    rows += _ytd_rows("tax_revenue_share", region, _ytd_share(tax, revenue), "%", 1)
    rows += _ytd_rows("nbs_emm00058481", region, _ytd_level(expenditure), "亿元", 2)
    for name, base in (("deposits", 19000.0), ("loans", 17000.0)):
        balance = _flow(rng, base * 1.007 ** np.arange(12), _PLAN[name], steady, noise=0.2)
        rows += _month_rows(f"{name}_balance", region, _month_level(balance), "亿元", 2)
        rows += _month_rows(f"{name}_growth", region, _month_growth(balance), "%", 1)
    return rows


def _price_rows(region: str, rng: np.random.Generator, steady: bool) -> list[dict[str, object]]:
    """CPI and PPI: published month-on-month changes (one decimal) chain into the index, and the
    year-on-year change is the index over the same month a year earlier; then the PMI."""
    rows: list[dict[str, object]] = []
    for name, (yoy_id, mom_id) in (("cpi", ("cpi_yoy", "nbs_emm00072343")),
                                   ("ppi", ("ppi_yoy", "nbs_emm00073349"))):
        plan = _PRICES_MOM[name]
        mom = np.round(np.concatenate([_planned(plan, y, steady) + rng.normal(0, 0.05, 12)
                                       for y in (YEARS[0] - 1, *YEARS)]), 1)
        index = np.cumprod(1 + mom / 100)
        months = [(y, m) for y in YEARS for m in range(1, 13)]
        rows += _month_rows(mom_id, region, dict(zip(months, mom[12:].tolist(), strict=True)), "%", 1)
        rows += _month_rows(yoy_id, region, {k: (index[i + 12] / index[i] - 1) * 100
                                             for i, k in enumerate(months)}, "%", 1)
    pmi = {(y, m): float(v) for y in YEARS
           for m, v in enumerate(_planned(_PMI, y, steady) + rng.normal(0, 0.1, 12), start=1)}
    return rows + _month_rows("nbs_emm00121996", region, pmi, "%", 1)


def _release_rows(region: str, va: Levels, retail: Levels, seed: int) -> list[dict[str, object]]:
    """The other figures of a standard monthly release (sections.yaml), drawn from a generator of
    their own so that the value-added and retail series above stay as they were."""
    rng = np.random.default_rng([seed, int(region)])
    steady = region != "990100"
    return [*_industry_rows(region, rng, va, steady), *_gdp_rows(region, rng, steady),
            *_demand_rows(region, rng, retail, steady), *_money_rows(region, rng, steady),
            *_price_rows(region, rng, steady)]


def generate_sample(seed: int = SEED) -> SampleData:
    """The sample regions' rows; the same ``seed`` always gives the same rows."""
    rng = np.random.default_rng(seed)
    observations: list[dict[str, object]] = []
    for region, path in _VA_PATH.items():
        va = {YEARS[0] - 1: 100 * _SEASON * (1 + rng.normal(0, 0.01, 12))}
        retail = {YEARS[0] - 1: 300 * _SEASON[::-1] * (1 + rng.normal(0, 0.01, 12))}
        for year in YEARS:
            va[year] = va[year - 1] * (1 + (np.array(path[year]) + rng.normal(0, 0.3, 12)) / 100)
            retail[year] = retail[year - 1] * (1 + rng.normal(6.0, 1.5, 12) / 100)
        observations += _growth_rows("above_size_industry_va_growth", region, va,
                                     "above_size_industry_va_growth_month")
        observations += _growth_rows("retail_sales_growth", region, retail, None)
        for year in (YEARS[0] - 1, *YEARS):
            for m in range(1, 13):
                observations.append(_row("retail_sales", region, f"{year}-{m:02d}",
                                         round(float(retail[year][m - 1]), 2), "亿元",
                                         _release(year, m)))
        observations += _release_rows(region, va, retail, seed)
    # A revision: the first release of Jan–Jun 2023 said 0.4 pp less than the current one.
    final = next(r for r in observations if r["region_code"] == "990100"
                 and r["indicator_id"] == "above_size_industry_va_growth"
                 and r["period"] == "2023-01..2023-06")
    final["status"] = "revised"
    final["vintage"] = dt.date(2023, 8, 15)
    first = {**final, "value": round(float(str(final["value"])) - 0.4, 1), "status": "preliminary",
             "vintage": dt.date(2023, 7, 15)}
    observations.append(first)
    targets = [
        {"indicator_id": ind, "region_code": "990100", "year": 2023, "value": value, "unit": "%",
         "comparison": ">=", "source": SOURCE, "note": "synthetic target"}
        for ind, value in (("above_size_industry_va_growth", 6.0), ("retail_sales_growth", 6.5))
    ]
    return SampleData(SAMPLE_REGIONS, INDICATORS, observations, targets)


def seed_demo(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Write the sample regions into a store (replacing earlier sample rows); rows added per table."""
    data = generate_sample()
    codes = [str(r["code"]) for r in data.regions]
    known = lookups.ids(con, "indicators")
    indicators = [i for i in data.indicators if i["id"] not in known]
    with transaction(con):
        for table, column in (("observations", "region_code"), ("targets", "region_code"),
                              ("regions", "code")):
            delete_where_in(con, table, column, codes)
        insert_records(con, "regions", data.regions, in_transaction=True)
        insert_records(con, "indicators", indicators, in_transaction=True)
        insert_records(con, "observations", data.observations, in_transaction=True)
        insert_records(con, "targets", data.targets, in_transaction=True)
    return {"regions (synthetic)": len(data.regions), "indicators (monitor)": len(indicators),
            "observations (synthetic)": len(data.observations), "targets (synthetic)": len(data.targets)}
