"""From the store to plain frames: targets from the targets table, units converted, annual rows only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pacesetter.assess.inputs import framework_specs, read_store_targets, read_values
from pacesetter.assess.loader import load_framework
from pacesetter.store import connect
from pacesetter.store.imports import insert_records

MFG = """\
id: mfg
name_zh: 制造业
name_en: Manufacturing
region_code: "370200"
baseline_year: 2021
target_year: 2026
peers: {regions: ["370200", "330200"]}
groups:
  - id: g
    name_zh: 组
    name_en: Group
    indicators:
      - {id: mfg_va_share_gdp, name_zh: 制造业占比, name_en: Mfg share, unit: "%", status: plan}
      - {id: gdp, name_zh: 地区生产总值, name_en: GDP, unit: 亿元, status: plan}
"""


def test_store_target_fills_a_slot_without_one(small_store: Path, write_framework: Callable[..., Path]
                                               ) -> None:
    con = connect(small_store)
    # Qingdao 14th Five-Year Plan outline: manufacturing share of GDP 27 % by 2025
    # (http://m.isunte.cn/p/109988.html, ../shared/data/macro/plan_indicators.csv).
    insert_records(con, "targets", [{"indicator_id": "mfg_va_share_gdp", "region_code": "370200",
                                     "year": 2025, "value": 27.0, "unit": "%", "comparison": ">=",
                                     "source": "http://m.isunte.cn/p/109988.html"}])
    specs = framework_specs(load_framework(write_framework(MFG)),
                            read_store_targets(con, "370200")).set_index("indicator_id")
    mfg = specs.loc["mfg_va_share_gdp"]
    assert (mfg["target"], mfg["target_year"]) == (27, 2025)
    assert specs.loc["mfg_va_share_gdp", "target_source"] == "http://m.isunte.cn/p/109988.html"
    assert specs["target"].isna().loc["gdp"]  # no target anywhere: missing, not invented
    # The shipped framework's own target (30 % by 2026) wins over the store's.
    shipped = framework_specs(load_framework("qingdao-2022-2026"), read_store_targets(con, "370200"))
    assert shipped.set_index("indicator_id").loc["mfg_va_share_gdp", "target"] == 30
    con.close()


def test_values_are_annual_and_in_the_slot_unit(small_store: Path, write_framework: Callable[..., Path]
                                                ) -> None:
    con = connect(small_store)
    insert_records(con, "observations", [  # test rows, labelled synthetic
        {"indicator_id": "gdp", "region_code": "330200", "period": "2022", "value": 1.5e8, "unit": "万元",
         "source": "test", "status": "final", "synthetic": True},
        {"indicator_id": "gdp", "region_code": "330200", "period": "2022Q3", "value": 1.0, "unit": "亿元",
         "source": "test", "status": "final", "synthetic": True},
    ])
    specs = framework_specs(load_framework(write_framework(MFG)))
    values = read_values(con, specs, ["370200", "330200"])
    ningbo = values[(values["region_code"] == "330200")].set_index("year")["value"]
    assert ningbo[2022] == pytest.approx(15000.0)  # 1.5e8 万元 = 15000 亿元
    assert sorted(ningbo.index) == [2021, 2022, 2024]  # the quarter is left out
    assert set(values["unit"]) == {"亿元"}
    con.close()
