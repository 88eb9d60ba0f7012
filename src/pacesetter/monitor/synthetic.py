"""A seeded generator for the labelled synthetic sample regions (示例市 / Sample City).

Qingdao's real monthly figures are too sparse to show warnings or target paths at
work, so the demo adds two invented regions with code prefix 99 (no real GB/T
2260 province uses it), ``synthetic=TRUE`` on every row and a source that says
so. They never carry a real city's name and never mix with real figures.

Published-style figures are made the way a bureau makes them: monthly levels at
comparable prices, then year-to-date (累计) and single-month (当月) growth
rounded to one decimal, January–February combined.
"""

from __future__ import annotations

import datetime as dt
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
