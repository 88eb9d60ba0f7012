"""Chains, registry entities, targets and external tables of the embedded dataset."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest
import yaml

from pacesetter.data import data_path
from pacesetter.data.demo import load_demo


def frame(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> pd.DataFrame:
    return con.execute(sql, params or []).df()


def test_24_chains_with_the_2_unidentified_service_chains_as_slots(
    demo_store: duckdb.DuckDBPyConnection,
) -> None:
    chains = frame(demo_store, "SELECT * FROM chains")
    assert len(chains) == 24
    assert chains.groupby("category").size().to_dict() == {
        "advantage": 7, "emerging": 10, "service": 5, "unidentified": 2}
    slots = chains[~chains["identified"]]
    assert sorted(slots["id"]) == ["svc_unconfirmed_a", "svc_unconfirmed_b"]
    assert slots["name_zh"].str.contains("未确认").all()  # the one word for them in every view
    assert slots["name_en"].str.contains("unconfirmed").all()
    # nothing is invented for them: no segments, enterprises or projects
    for table in ("segments", "enterprise_placements", "projects"):
        sql = f"SELECT count(*) FROM {table} WHERE chain_id LIKE 'svc_unconfirmed%'"
        n = demo_store.execute(sql).fetchone()
        assert n == (0,)


def test_segments_are_the_authored_taxonomy(demo_store: duckdb.DuckDBPyConnection) -> None:
    seg = frame(demo_store, "SELECT * FROM segments")
    assert len(seg) == 275  # chains/README.md
    assert seg["authored"].all() and seg["stage"].isin(["up", "mid", "down"]).all()
    assert seg["industry_codes"].map(len).eq(0).all()
    assert seg["chain_id"].nunique() == 22


# macro/peer_figures.csv lines 94 and 100: Hangzhou's core digital-economy share of GDP
DIGITAL_CORE_SHARES = [("330100", "2021", 27.1), ("330100", "2024", 28.8)]

def test_plan_indicators_without_a_figure_stay_missing(demo_store: duckdb.DuckDBPyConnection) -> None:
    framework = yaml.safe_load(data_path("seed", "plan_framework.yaml").read_text(encoding="utf-8"))
    slots = [i["id"] for g in framework["groups"] for i in g["indicators"]]
    assert len(slots) == 12
    known = {r[0] for r in demo_store.execute("SELECT id FROM indicators").fetchall()}
    assert set(slots) <= known
    unknown = ["producer_services_share", "four_new_economy_share",
               "two_industry_fusion_pilots", "energy_intensity_change", "industrial_va_per_land"]
    n = demo_store.execute(
        "SELECT count(*) FROM observations WHERE indicator_id IN (SELECT unnest(?))", [unknown]).fetchone()
    assert n == (0,)
    # the digital-economy core share: none for Qingdao; two peers' in macro/peer_figures.csv
    digital = demo_store.execute("SELECT region_code, period, value FROM observations "
                                 "WHERE indicator_id = 'digital_core_va_share' ORDER BY ALL").fetchall()
    assert digital == DIGITAL_CORE_SHARES
    targets = frame(demo_store, "SELECT * FROM targets")
    assert set(targets["indicator_id"]) == {"mfg_va_share_gdp", "high_tech_enterprises"}
    assert targets.set_index(["indicator_id", "year"])["value"].to_dict() == {
        ("mfg_va_share_gdp", 2026): 30.0, ("mfg_va_share_gdp", 2025): 27.0,
        ("high_tech_enterprises", 2026): 10000.0}


def test_every_enterprise_row_is_placed_and_each_enterprise_loaded_once(
    demo_store: duckdb.DuckDBPyConnection,
) -> None:
    rows = pd.read_csv(data_path("chains", "enterprises.csv"), dtype=str).fillna("")
    seed = pd.read_csv(data_path("seed", "seed_entities.csv"), dtype=str)
    expected = sum(max(1, len([s for s in seg.split(";") if s])) for seg in rows["segment"])
    expected += (seed["entity_type"] == "enterprise").sum()
    placements = frame(demo_store, "SELECT * FROM enterprise_placements")
    assert len(placements) == expected
    assert placements["source"].str.len().gt(0).all()
    assert placements["basis"].isin(["source", "authored"]).all()
    ents = frame(demo_store, "SELECT * FROM enterprises WHERE id NOT LIKE 'listed:%'")
    assert ents["name_zh"].is_unique and set(ents["id"]) == set(placements["enterprise_id"])
    goertek = ents.set_index("name_zh").loc["歌尔股份"]
    assert goertek["chain_leader"] and goertek["region_code"] == "370212"
    leaders = set(rows.loc[rows["role"] == "chain_leader", "name_zh"])
    assert leaders <= set(ents.loc[ents["chain_leader"], "name_zh"])


def test_listed_companies_are_enterprises(demo_store: duckdb.DuckDBPyConnection) -> None:
    listed = frame(demo_store, "SELECT * FROM enterprises WHERE id LIKE 'listed:%'")
    ts = pd.read_csv(data_path("external", "listed_companies", "tushare_stock_basic.csv"), dtype=str)
    assert len(listed) == (ts["status"] == "L").sum()
    row = listed.set_index("id").loc["listed:000599.SZ"]  # 青岛双星, SZSE list: 城市 青岛市
    got = (row["name_zh"], row["region_code"], row["industry_code"])
    assert got == ("青岛双星", "370200", "tushare:汽车配件")
    assert row["name_en"] == "QINGDAO DOUBLESTAR CO,LTD."
    assert listed["region_code"].notna().all()


def test_projects_stages_investment_and_aggregates(demo_store: duckdb.DuckDBPyConnection) -> None:
    projects = frame(demo_store, "SELECT * FROM projects").set_index("name_zh")
    researched = pd.read_csv(data_path("chains", "projects.csv"), dtype=str)
    aggregates = researched["name_zh"].str.contains("汇总")
    assert aggregates.sum() == 4 and not projects.index.str.contains("汇总").any()
    assert len(projects) == (~aggregates).sum() + 2  # + the seed's two projects
    assert projects["stage"].isin(["negotiating", "signed", "started", "producing", "at_capacity"]).all()
    assert projects.loc["歌尔虚拟现实整机二期项目", "stage"] == "started"
    assert projects.loc["京东方青岛基地配套项目(4个)", "stage"] == "negotiating"
    # 7400万元 = 0.74亿元
    assert projects.loc["海信(山东)家电产业园智能制造升级", "investment_yi"] == pytest.approx(0.74)
    assert pd.isna(projects.loc["阿斯利康青岛吸入气雾剂生产供应基地", "investment_yi"])  # 7.5亿美元
    assert "已建/投产" in projects.loc["歌尔虚拟现实整机和光学模组项目一期", "note"]


def test_policies_parks_and_the_vr_seed_fund(demo_store: duckdb.DuckDBPyConnection) -> None:
    policies = frame(demo_store, "SELECT * FROM policies").set_index("name_zh")
    assert policies.loc["虚拟现实种子基金", "amount_yi"] == 25.0
    assert policies["amount_yi"].notna().sum() == 1
    assert len(policies.loc["实体经济振兴发展三年行动(计划)", "chain_ids"]) == 24
    parks = frame(demo_store, "SELECT * FROM parks").set_index("name_zh")
    assert parks.loc["青岛市虚拟现实产业园", "name_en"] == "Qingdao Virtual Reality Industrial Park"
    assert "seed:000_14c0eb08152f58ac.txt" in parks.loc["青岛市虚拟现实产业园", "source"]
    assert "城阳区医疗器械园" in parks.index and not parks.index.str.contains("汇总").any()


def test_census_and_national_series(demo_store: duckdb.DuckDBPyConnection) -> None:
    def value(indicator: str, region: str, period: str) -> float:
        row = demo_store.execute(
            "SELECT value FROM observations WHERE indicator_id = ? AND region_code = ? AND period = ?",
            [indicator, region, period]).fetchone()
        assert row is not None
        return float(row[0])

    # census_city_2010_2020.csv, 青岛市: popu_2020 10071722, popu_2010 8715087
    assert value("census_population", "370200", "2020") == 10071722
    assert value("census_population", "370200", "2010") == 8715087
    # cpi_ppi_mom_monthly.csv first row: 1988-12, CPI:环比, EMM00072343, 18.5357
    assert value("nbs_emm00072343", "000000", "1988-12") == pytest.approx(18.5357)
    # fixed_asset_investment_monthly.csv: 累计同比 at 1998-02 is January-February
    assert value("nbs_emm00026906", "000000", "1998-01..1998-02") == pytest.approx(7.5)
    cities = {r[0] for r in demo_store.execute(
        "SELECT DISTINCT region_code FROM observations WHERE indicator_id LIKE 'nbs_emi001%' "
        "AND indicator_id IN ('nbs_emi00125744', 'nbs_emi00125750', 'nbs_emi00126168', 'nbs_emi00126174')"
    ).fetchall()}
    assert cities == {"370200", "330200"}
    # every house-price index sits on its city, never on 000000 (北京 -> 110100)
    house = frame(demo_store, "SELECT i.name_zh, o.region_code FROM observations o JOIN indicators i "
                              "ON i.id = o.indicator_id WHERE i.name_zh LIKE '%住宅价格指数%'")
    assert "000000" not in set(house["region_code"])
    assert set(house.loc[house["name_zh"].str.startswith("北京"), "region_code"]) == {"110100"}
    names = dict(demo_store.execute("SELECT id, name_en FROM indicators WHERE id LIKE 'nbs_%'").fetchall())
    assert names["nbs_emm00027210"] == "fixed-asset investment: YTD yoy"


def test_load_is_one_transaction(demo_store: duckdb.DuckDBPyConnection) -> None:
    def counts() -> dict[str, object]:
        tables = ("regions", "observations", "enterprises")
        return {t: demo_store.execute(f"SELECT count(*) FROM {t}").fetchone() for t in tables}

    before = counts()
    with pytest.raises(duckdb.Error):
        load_demo(demo_store)  # regions already there: the primary key refuses, nothing lands
    assert counts() == before


def test_every_census_and_national_value_equals_its_source_row(demo_store: duckdb.DuckDBPyConnection) -> None:
    census = pd.read_csv(data_path("external", "census_2010_2020", "census_city_2010_2020.csv"),
                         dtype={"city_code": str}).set_index("city_code")
    loaded = frame(demo_store, "SELECT region_code, period, value FROM observations "
                               "WHERE indicator_id = 'census_population'")
    coded = census.drop(index=["810000", "820000"])  # Hong Kong and Macao have no GB/T 2260 row
    assert len(loaded) == coded["popu_2020"].notna().sum() + coded["popu_2010"].notna().sum()
    for r in loaded.itertuples(index=False):
        assert r.value == census.loc[r.region_code, f"popu_{r.period}"]
    nbs = frame(demo_store, "SELECT indicator_id, value FROM observations WHERE indicator_id LIKE 'nbs_%'")
    got = nbs.groupby("indicator_id")["value"].apply(sorted).to_dict()
    folder = data_path("external", "macro_national_monthly")
    for path in sorted(folder.glob("*.csv")):
        src = pd.read_csv(path, dtype={"period": str}).drop_duplicates(["indicator_id", "period", "value"])
        src["id"] = "nbs_" + src["indicator_id"].str.lower()
        for sid, rows in src[src["id"].isin(got)].groupby("id"):
            assert got.pop(sid) == sorted(rows["value"]), sid
    assert got == {}, "series loaded from no source file"
