"""From the store to plain frames: targets from the targets table, units converted, annual rows only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pacesetter.assess.inputs import framework_specs, read_store_targets, read_values
from pacesetter.assess.loader import load_framework
from pacesetter.errors import ProvenanceError
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


def test_values_are_outcomes_annual_and_in_the_slot_unit(
    small_store: Path, write_framework: Callable[..., Path]
) -> None:
    con = connect(small_store)
    yzh = "https://yzhqwj.com/www/zwgk/zdgk/fgwj/zcwj/swgw/2022ngw/202210/t20221012_6444425"
    insert_records(con, "observations", [
        # Qingdao 2022 GDP 14920.75 亿元 (http://qingdao.dzwww.com/jjqt/202302/t20230202_11359302.htm),
        # stored here in 万元 to exercise the conversion.
        {"indicator_id": "gdp", "region_code": "370200", "period": "2022", "value": 149_207_500.0,
         "unit": "万元", "source": "http://qingdao.dzwww.com/jjqt/202302/t20230202_11359302.htm",
         "status": "final", "synthetic": False},
        {"indicator_id": "gdp", "region_code": "370200", "period": "2022Q3", "value": 1.0, "unit": "亿元",
         "source": "test", "status": "final", "synthetic": False},
        # A target is not an outcome: the 2026 manufacturing share of "30% or more".
        {"indicator_id": "mfg_va_share_gdp", "region_code": "370200", "period": "2026", "value": 30.0,
         "unit": "%", "source": yzh, "status": "target", "synthetic": False},
    ])
    specs = framework_specs(load_framework(write_framework(MFG)))
    values = read_values(con, specs, ["370200", "330200"])
    qingdao = values[values["region_code"] == "370200"].set_index(["indicator_id", "year"])["value"]
    assert qingdao[("gdp", 2022)] == pytest.approx(14920.75)  # 149,207,500 万元 = 14920.75 亿元
    assert sorted(qingdao.loc["gdp"].index) == [2021, 2022, 2023, 2024]  # the quarter is left out
    assert "mfg_va_share_gdp" not in qingdao.index.get_level_values(0)
    assert set(values["unit"]) == {"亿元"}
    con.close()


def test_synthetic_and_real_figures_never_mix(small_store: Path, write_framework: Callable[..., Path]
                                              ) -> None:
    con = connect(small_store)
    insert_records(con, "observations", [
        {"indicator_id": "gdp", "region_code": "330200", "period": "2022", "value": 1.0, "unit": "亿元",
         "source": "synthetic:test", "status": "final", "synthetic": True}])
    specs = framework_specs(load_framework(write_framework(MFG)))
    with pytest.raises(ProvenanceError, match="330200"):
        read_values(con, specs, ["370200", "330200"])
    con.close()
