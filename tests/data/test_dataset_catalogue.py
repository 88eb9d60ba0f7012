"""The shipped regions table and indicator catalogue."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pacesetter.data import data_path
from pacesetter.data.catalogue import aliases, catalogue

# Ids other modules depend on (issue 2, item 5).
REQUIRED_IDS = [
    "gdp", "gdp_growth", "above_size_industry_va", "above_size_industry_va_growth",
    "above_size_industry_va_growth_month", "industrial_va", "industrial_va_share_gdp", "secondary_va",
    "tertiary_va", "primary_va", "fai_growth", "retail_sales", "retail_sales_growth", "goods_trade",
    "high_tech_mfg_va_growth", "equipment_mfg_va_growth", "advanced_mfg_top100_rank", "mfg_va_share_gdp",
    "high_tech_enterprises", "rd_intensity", "resident_population", "industrial_internet_empowered",
    "industrial_va_share_gdp_change_pp",
]
QINGDAO_DISTRICTS_EN = {
    "370202": "Shinan District", "370203": "Shibei District", "370211": "Huangdao District",
    "370212": "Laoshan District", "370213": "Licang District", "370214": "Chengyang District",
    "370215": "Jimo District", "370281": "Jiaozhou", "370283": "Pingdu", "370285": "Laixi",
}


def test_catalogue_has_the_required_ids_with_their_kinds() -> None:
    entries = {e["id"]: e for e in catalogue()}
    assert set(REQUIRED_IDS) <= set(entries)
    rank = entries["advanced_mfg_top100_rank"]
    assert (rank["unit"], rank["kind"], rank["polarity"]) == ("位", "rank", "lower")
    assert entries["industrial_va_share_gdp_change_pp"]["unit"] == "个百分点"
    assert all(e["kind"] == "pp_change" for e in entries.values() if e["unit"] == "个百分点")
    nbs = [e for e in entries.values() if str(e["id"]).startswith("nbs_")]
    assert nbs and all(str(e["id"]) == str(e["id"]).lower() for e in nbs)
    assert all(e["name_en"] and e["name_zh"] for e in entries.values())


@pytest.mark.parametrize("csv", [("seed", "seed_figures.csv"), ("macro", "figures.csv")])
def test_every_researched_indicator_has_exactly_its_alias(csv: tuple[str, str]) -> None:
    rows = pd.read_csv(data_path(*csv), dtype=str)
    alias = aliases()
    for name, kind in set(zip(rows["indicator_en"], rows["period_kind"], strict=True)):
        ids = alias[(name, kind)]
        assert len(ids) == 1 or name == "Three-sector structure", (name, ids)


def test_targets_and_expected_values_keep_their_status(demo_store: duckdb.DuckDBPyConnection) -> None:
    rows = demo_store.execute(
        "SELECT indicator_id, period, value, status FROM observations WHERE region_code = '370200' "
        "AND status IN ('target', 'expected') ORDER BY ALL").fetchall()
    assert ("mfg_va_share_gdp", "2026", 30.0, "target") in rows
    assert ("gdp", "2025", 17000.0, "expected") in rows
    avg = demo_store.execute(
        "SELECT value FROM observations WHERE indicator_id = 'gdp_growth_avg' AND period = '2021..2025'"
    ).fetchall()
    assert avg == [(5.9,)]


def test_regions_are_complete_and_named(demo_store: duckdb.DuckDBPyConnection) -> None:
    regions = demo_store.execute("SELECT * FROM regions").df().set_index("code")
    assert regions.groupby("level").size().to_dict() == {
        "country": 1, "province": 31, "city": 337, "county": 2975}
    assert regions.loc["000000", "name_en"] == "China"
    assert regions.loc["120100", "name_zh"] == "天津市" and regions.loc["120100", "name_en"] == "Tianjin"
    assert (regions["name_en"].str.len() > 0).all()
    parents = regions["parent"].dropna()
    assert parents.isin(regions.index).all()
    for code, name in QINGDAO_DISTRICTS_EN.items():
        assert regions.loc[code, "name_en"] == name and regions.loc[code, "parent"] == "370200"
    seed = pd.read_csv(data_path("seed", "seed_figures.csv"), dtype=str)
    assert set(seed["region_code"]) <= set(regions.index)  # 青岛高新区 keeps 370200, as in the source
