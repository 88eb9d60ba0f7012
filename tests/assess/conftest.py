"""Shared builders for the assessment tests: a minimal framework file and a small store.

The store holds real published figures (source URLs from ../shared/data/macro/figures.csv):
Qingdao GDP 2021 14136.46 亿元 (https://guanhai.com.cn/p/160392.html), 2024 16719.5 亿元
(https://qzwfgc.com/products4/1127.html); Ningbo GDP 2021 14594.9 亿元
(http://daily.cnnb.com.cn/nbwb/html/2022-02-24/content_1309186.htm), 2024 18147.7 亿元
(https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml); 2023 GDP of Qingdao 15760.3,
Wuxi 15456.19, Xi'an 12010.76 亿元 and Qingdao's 2023 high-tech enterprises 7920 家.
Release dates as the embedded dataset states them (RELEASED); the others are not stated.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pacesetter.assess.loader import load_framework
from pacesetter.store import connect
from pacesetter.store.imports import insert_records

MINIMAL = """\
id: mini
name_zh: 小框架
name_en: Mini framework
region_code: "370200"
baseline_year: 2021
target_year: 2026
peers: {regions: ["370200", "330200", "320200", "610100"], leading_rank: 1}
groups:
  - id: size
    name_zh: 规模
    name_en: Size
    indicators:
      - {id: gdp, name_zh: 地区生产总值, name_en: GDP, unit: 亿元, polarity: higher, status: plan,
         target: {year: 2026, value: 20000, unit: 亿元}}
      - {id: high_tech_enterprises, name_zh: 高企, name_en: High-tech enterprises, unit: 家,
         polarity: higher, status: proposed}
"""

REGIONS = [("370200", "青岛市", "Qingdao"), ("330200", "宁波市", "Ningbo"),
           ("320200", "无锡市", "Wuxi"), ("610100", "西安市", "Xi'an")]
FIGURES = [  # (indicator, region, year, value, unit, source)
    ("gdp", "370200", 2021, 14136.46, "亿元", "https://guanhai.com.cn/p/160392.html"),
    ("gdp", "370200", 2023, 15760.3, "亿元",
     "https://news.qingdaonews.com/qingdao/2024-02/04/content_23537470.htm"),
    ("gdp", "370200", 2024, 16719.5, "亿元", "https://qzwfgc.com/products4/1127.html"),
    ("gdp", "330200", 2021, 14594.9, "亿元",
     "http://daily.cnnb.com.cn/nbwb/html/2022-02-24/content_1309186.htm"),
    ("gdp", "330200", 2024, 18147.7, "亿元", "https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml"),
    # macro/figures.csv line 134: Ningbo 2023 GDP as revised after the 5th economic census
    ("gdp", "330200", 2023, 17146.6, "亿元", "https://web.ncmc.nbtv.cn/cms/nbdst/xwdsg/nb/40256395.shtml"),
    ("gdp", "320200", 2023, 15456.19, "亿元", "https://www.yicai.com/news/102035690.html"),
    ("gdp", "610100", 2023, 12010.76, "亿元", "https://ttnews.tw/caijing/1706619260456217.html"),
    ("high_tech_enterprises", "370200", 2023, 7920, "家", "http://www.qing5.com/2024/1122/511122.shtml"),
]

RELEASED = {  # (indicator, region, year) -> release date stated by the source
    ("gdp", "370200", 2023): "2024-01-29",  # 2024 government work report
    ("high_tech_enterprises", "370200", 2023): "2024-11-22",
}


@pytest.fixture
def write_framework(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write YAML text to tmp_path/<name>.yaml and return the path."""

    def write(text: str, name: str = "mini") -> Path:
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


def catalogue_rows() -> list[dict[str, object]]:
    """Indicator rows for every indicator of the shipped frameworks (and the minimal one)."""
    rows: dict[str, dict[str, object]] = {}
    for name in ("qingdao-2022-2026", "peer-benchmark"):
        for _, spec in load_framework(name).indicators():
            rows[spec.id] = {"id": spec.id, "name_zh": spec.name_zh, "name_en": spec.name_en,
                             "unit": spec.unit, "frequency": "year", "kind": "level",
                             "polarity": spec.polarity}
    return list(rows.values())


@pytest.fixture
def small_store(tmp_path: Path) -> Path:
    """A DuckDB file with four cities, the frameworks' indicators and a few real figures."""
    path = tmp_path / "small.duckdb"
    con: duckdb.DuckDBPyConnection = connect(path)
    insert_records(con, "regions", [{"code": c, "name_zh": zh, "name_en": en, "level": "city",
                                     "synthetic": False} for c, zh, en in REGIONS])
    insert_records(con, "indicators", catalogue_rows())
    insert_records(con, "observations", [
        {"indicator_id": i, "region_code": r, "period": str(y), "value": v, "unit": u, "source": s,
         "vintage": RELEASED.get((i, r, y)), "status": "final", "synthetic": False}
        for i, r, y, v, u, s in FIGURES])
    con.close()
    return path
