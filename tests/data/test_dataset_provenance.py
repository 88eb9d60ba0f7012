"""Every shipped figure keeps its source, unit, flags and value as researched.

Reference values are the researched rows themselves (seed/seed_figures.csv,
macro/figures.csv and macro/peer_figures.csv, shipped byte-identical to ../shared/data, see
test_dataset_copy.py).
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pacesetter.data import data_path
from pacesetter.model.periods import Period
from pacesetter.model.units import normalise_unit

SEED = "seed:000_14c0eb08152f58ac.txt"
# GB/T 2260 codes of the 16 cities of macro/figures.csv and the 10 more of peer_figures.csv,
# written out by hand (municipalities take the xx0100 code, as the census does).
CITY_CODES = {
    "青岛": "370200", "宁波": "330200", "成都": "510100", "大连": "210200", "广州": "440100",
    "杭州": "330100", "合肥": "340100", "济南": "370100", "南京": "320100", "深圳": "440300",
    "苏州": "320500", "天津": "120100", "无锡": "320200", "西安": "610100", "厦门": "350200",
    "郑州": "410100", "常州": "320400", "武汉": "420100", "长沙": "430100", "佛山": "440600",
    "重庆": "500100", "东莞": "441900", "烟台": "370600", "泉州": "350500", "沈阳": "210100",
    "福州": "350100",
}


def researched() -> pd.DataFrame:
    """Seed and macro rows in one frame: region_code, period, value, unit, source, quote, notes, ..."""
    seed = pd.read_csv(data_path("seed", "seed_figures.csv"), dtype=str).fillna("")
    macro = pd.concat([pd.read_csv(data_path("macro", name), dtype=str).fillna("")
                       for name in ("figures.csv", "peer_figures.csv")], ignore_index=True)
    macro = macro.assign(region_code=macro["city_zh"].map(CITY_CODES), source=macro["source_url"])
    return pd.concat([seed, macro], ignore_index=True)


def loaded(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute(
        "SELECT * FROM observations WHERE source NOT LIKE 'https://github.com/%'").df()


def test_every_observation_has_a_source_and_a_known_unit(demo_store: duckdb.DuckDBPyConnection) -> None:
    df = demo_store.execute("SELECT source, unit, count(*) n FROM observations GROUP BY ALL").df()
    assert (df["source"].str.strip() != "").all()
    for unit in df["unit"].unique():
        assert normalise_unit(unit).symbol == unit
    units = dict(demo_store.execute("SELECT id, unit FROM indicators").fetchall())
    bad = demo_store.execute(
        "SELECT o.indicator_id, o.unit FROM observations o JOIN indicators i ON i.id = o.indicator_id "
        "WHERE o.unit <> i.unit").fetchall()
    assert bad == [], f"units that do not fit their indicator: {bad[:5]}"
    orphans = demo_store.execute(
        "SELECT DISTINCT indicator_id FROM observations WHERE indicator_id NOT IN "
        "(SELECT id FROM indicators)").fetchall()
    assert orphans == [] and units
    periods = [r[0] for r in demo_store.execute("SELECT DISTINCT period FROM observations").fetchall()]
    assert [p for p in periods if str(Period.parse(p)) != p] == []
    repeated = demo_store.execute(
        "SELECT count(*) FROM (SELECT indicator_id, region_code, period, source, value, quote, count(*) n "
        "FROM observations GROUP BY ALL HAVING n > 1)").fetchone()
    assert repeated == (0,)


def test_every_researched_row_loads_with_its_value_unit_source_and_quote(
    demo_store: duckdb.DuckDBPyConnection,
) -> None:
    rows = researched()
    expected: dict[tuple[str, ...], list[float]] = {}
    for r in rows.itertuples(index=False):
        unit = "%" if r.unit == "ratio" else normalise_unit(r.unit).symbol
        # GDP per capita printed in 元 is stored in the indicator's 万元 (the note says so)
        scale = 1e-4 if unit == "元" else 1.0
        stored = "万元" if unit == "元" else unit
        key = (r.region_code, str(Period.parse(r.period)), r.source, r.quote, stored)
        expected.setdefault(key, []).extend(float(v) * scale for v in r.value.split(":"))  # a:b:c: 3 shares
    obs = loaded(demo_store)
    got = obs.groupby(["region_code", "period", "source", "quote", "unit"])["value"].apply(sorted).to_dict()
    assert {k: [round(x, 6) for x in sorted(v)] for k, v in expected.items()} == {
        k: [round(x, 6) for x in v] for k, v in got.items()}


def test_nothing_is_shipped_that_was_not_researched(demo_store: duckdb.DuckDBPyConnection) -> None:
    rows = researched()
    expected = sum(len(v.split(":")) for v in rows["value"])
    assert len(loaded(demo_store)) == expected
    assert not loaded(demo_store)["synthetic"].any()


def test_reliability_flags_and_notes_are_kept(demo_store: duckdb.DuckDBPyConnection) -> None:
    obs = loaded(demo_store).set_index(["source", "quote", "period", "region_code"])
    rows = researched()
    for flag in ("LOW RELIABILITY", "UNCERTAIN ATTRIBUTION", "YEAR INFERRED", "RANK INFERRED"):
        for r in rows[rows["notes"].str.contains(flag)].itertuples(index=False):
            hit = obs.loc[[(r.source, r.quote, str(Period.parse(r.period)), r.region_code)]]
            assert flag in " ".join(hit["flags"].fillna("")), (r.indicator_en, r.notes)
            assert any(note.startswith(r.notes) for note in hit["note"])  # a unit conversion is appended
    # macro/README.md: "31 rows carry one of these flags" (figures.csv); peer_figures.csv: "195 rows
    # carry a flag"; a flagged a:b:c structure row loads as three shares
    flagged = rows[rows["notes"].str.contains(
        r"LOW RELIABILITY|UNCERTAIN ATTRIBUTION|YEAR INFERRED|YEAR UNCERTAIN|year (?:\d{4} )?inferred|"
        r"\d{4}-\d{4} inferred|RANK INFERRED")]
    assert len(flagged) == 31 + 195
    assert loaded(demo_store)["flags"].notna().sum() == sum(len(v.split(":")) for v in flagged["value"])
    sc592 = obs[obs.index.get_level_values("source") == "https://sc592.com/post/104694.html"]
    assert set(sc592["flags"]) == {"LOW RELIABILITY"}
    # "year 2023 inferred" (观海新闻, Jan-Apr 2023) is a YEAR INFERRED row too
    guanhai = obs[obs.index.get_level_values("source") == "https://guanhai.com.cn/p/255777.html"]
    assert set(guanhai["flags"]) == {"YEAR INFERRED"} and len(guanhai) == 4


def test_derived_rows_name_their_formula(demo_store: duckdb.DuckDBPyConnection) -> None:
    obs = loaded(demo_store)
    derived = obs[obs["derived_from"].notna()]
    share_2020 = derived[(derived["indicator_id"] == "industrial_va_share_gdp")
                         & (derived["period"] == "2020")]
    assert share_2020["derived_from"].tolist() == ["27.48 - 1.1"]
    assert share_2020["value"].tolist() == [26.38]
    qd_2023 = derived[(derived["indicator_id"] == "above_size_industry_va_growth")
                      & (derived["period"] == "2023")]
    assert qd_2023["derived_from"].str.startswith("10.0 - 4.2 = 5.8").all() and len(qd_2023) == 1
    # seed 5 derived rows (3 stated + 2 of the 3-term split come elsewhere): every researched
    # `derived` row has a formula
    rows = researched()
    assert len(derived[~derived["derived_from"].str.startswith("three-sector")]) == (
        rows["kind"] == "derived").sum()


def test_status_and_vintage_are_stated_never_invented(demo_store: duckdb.DuckDBPyConnection) -> None:
    obs = loaded(demo_store)
    statuses = obs.groupby("status").size().to_dict()
    assert statuses["target"] == 6 and statuses["expected"] == 4 and statuses["revised"] == 1
    seed = obs[obs["source"] == SEED]
    assert seed["vintage"].isna().all(), "the seed article states no date"
    dated = obs[obs["note"].str.contains(r"\d{4}-\d{2}-\d{2}")]
    for r in dated.itertuples(index=False):
        assert str(r.vintage.date()) in r.note
    ningbo_2023 = obs[(obs["indicator_id"] == "gdp") & (obs["region_code"] == "330200")
                      & (obs["period"] == "2023")]
    assert ningbo_2023["status"].tolist() == ["revised"]
    # a status is what the source states: one row of peer_figures.csv says final; most say nothing
    assert statuses["final"] == 1
    rows = researched()
    stated = rows["status_stated"].fillna("").isin(["preliminary", "final", "revised", "target"])
    assert statuses["not_stated"] > 0 and "final" not in set(obs.loc[obs["source"] == SEED, "status"])
    assert stated.sum() == 6 + 5 + 1 + 18 + 1  # PUBLISHERS.md: target 6, preliminary 5+18, revised 1, final 1


def test_publisher_document_and_source_kind_are_kept(demo_store: duckdb.DuckDBPyConnection) -> None:
    obs = loaded(demo_store)
    # peer_figures.csv line 2: Shenzhen 2022 GDP on 深圳市统计局's own page
    sz = obs[(obs["region_code"] == "440300") & (obs["period"] == "2022") & (obs["indicator_id"] == "gdp")]
    assert sz[["publisher", "document", "source_kind"]].values.tolist() == [
        ["深圳市统计局", "《2022年深圳市国民经济和社会发展统计公报》", "official"]]
    # figures.csv line 2: Qingdao 2015 GDP from the yearbook on a mirror (docslib.org)
    qd = obs[(obs["region_code"] == "370200") & (obs["period"] == "2015") & (obs["indicator_id"] == "gdp")]
    assert qd[["publisher", "document", "source_kind"]].values.tolist() == [
        ["青岛市统计局", "《青岛统计年鉴2018》", "reprint"]]
    kinds = obs.drop_duplicates("source").groupby("source_kind").size().to_dict()
    assert kinds["official"] == 3  # PUBLISHERS.md: 3 official pages


def test_seed_headline_figures_load_with_the_seed_source(demo_store: duckdb.DuckDBPyConnection) -> None:
    def one(indicator: str, period: str) -> tuple[float, str, str]:
        rows = demo_store.execute(
            "SELECT value, unit, source FROM observations WHERE indicator_id = ? AND region_code = '370200' "
            "AND period = ?", [indicator, period]).fetchall()
        assert len(rows) == 1
        return rows[0]

    assert one("industrial_va_share_gdp", "2021") == (27.48, "%", SEED)
    assert one("industrial_va_share_gdp_change_pp", "2021") == (1.1, "个百分点", SEED)
    assert one("above_size_industry_va_growth", "2022-01..2022-08") == (3.6, "%", SEED)
    assert one("above_size_industry_va_growth_month", "2022-08") == (5.0, "%", SEED)
    assert one("industrial_internet_empowered", "2021") == (3561.0, "家", SEED)


@pytest.mark.parametrize("city,code", sorted(CITY_CODES.items()))
def test_region_codes_of_the_16_cities_resolve(
    demo_store: duckdb.DuckDBPyConnection, city: str, code: str
) -> None:
    row = demo_store.execute("SELECT name_zh, level, name_en FROM regions WHERE code = ?", [code]).fetchone()
    assert row is not None and row[0] == city + "市" and row[1] == "city" and row[2]
    n = demo_store.execute(
        "SELECT count(*) FROM observations WHERE region_code = ? AND source NOT LIKE 'https://github.com/%'",
        [code]).fetchone()
    assert n is not None and n[0] > 0


def test_the_national_series_state_no_status(demo_store: duckdb.DuckDBPyConnection) -> None:
    """The macropage files (NBS via Choice) say nothing of preliminary or final: not stated."""
    row = demo_store.execute(
        "SELECT count(*), count(*) FILTER (WHERE status <> 'not_stated') FROM observations "
        "WHERE source LIKE 'https://github.com/AFAN-LIFE/macropage%'").fetchone()
    assert row is not None and row[0] > 70_000 and row[1] == 0
