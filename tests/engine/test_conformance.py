"""One conformance suite over every engine (DuckDB, pandas, Spark), on the same fixtures.

Expected values are computed by hand from the registry in conftest.py (ROWS): counts must be
exact, sums equal to 1e-9 relative, and unknown stays NaN (never 0) in the same places.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pacesetter.engine import Engine
from pacesetter.engine.base import GROUP_COLUMNS

from .conftest import GROUPS, registry_frame

nan = math.nan
# region, group, n, revenue, employment, revenue known, employment known, Σ revenue², max revenue
CITY = [
    ("330200", "chips", 1, 10.0, 1.0, 1, 1, 100.0, 10.0),
    ("330200", "electronics", 1, 10.0, 1.0, 1, 1, 100.0, 10.0),
    ("330200", "all", 2, 30.0, 3.0, 2, 2, 500.0, 20.0),  # 3973, 1513: not the label, not the codeless one
    ("370100", "chips", 1, 20.0, 2.0, 1, 1, 400.0, 20.0),  # C3974 is 3974: under 397, so a chip maker
    ("370100", "electronics", 1, 20.0, 2.0, 1, 1, 400.0, 20.0),
    ("370100", "software", 1, nan, 5.0, 0, 1, nan, nan),  # no revenue known: NaN, not 0
    ("370100", "all", 2, 20.0, 7.0, 1, 2, 400.0, 20.0),
    ("370200", "chips", 2, 400.0, 40.0, 2, 2, 100_000.0, 300.0),  # prefixes 3973 and 397: once each
    ("370200", "headsets", 2, 50.0, nan, 1, 0, 2500.0, 50.0),  # no employment known
    ("370200", "electronics", 5, 490.0, 44.0, 4, 3, 104_100.0, 300.0),
    ("370200", "all", 5, 490.0, 44.0, 4, 3, 104_100.0, 300.0),
]
PROVINCE = [
    ("330000", "chips", 1, 10.0, 1.0, 1, 1, 100.0, 10.0),
    ("330000", "electronics", 1, 10.0, 1.0, 1, 1, 100.0, 10.0),
    ("330000", "all", 2, 30.0, 3.0, 2, 2, 500.0, 20.0),
    ("370000", "chips", 3, 420.0, 42.0, 3, 3, 100_400.0, 300.0),
    ("370000", "headsets", 2, 50.0, nan, 1, 0, 2500.0, 50.0),
    ("370000", "electronics", 6, 510.0, 46.0, 5, 4, 104_500.0, 300.0),
    ("370000", "software", 1, nan, 5.0, 0, 1, nan, nan),
    ("370000", "all", 7, 510.0, 51.0, 5, 5, 104_500.0, 300.0),
]


def _expected(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=GROUP_COLUMNS)


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Same rows and columns; counts exact, sums to 1e-9 relative, NaN in the same places; region
    and group as categoricals."""
    assert all(isinstance(got[c].dtype, pd.CategoricalDtype) for c in ("region_code", "group"))
    text = {"region_code": object, "group": object}
    pd.testing.assert_frame_equal(got.astype(text).reset_index(drop=True),
                                  expected.astype(text).reset_index(drop=True),
                                  check_dtype=False, rtol=1e-9, atol=0.0)


def test_group_aggregates_by_city(engine: Engine, registry_file) -> None:
    got = engine.group_aggregates(registry_file, GROUPS)
    assert_same(got, _expected(CITY))
    assert got["n_enterprises"].dtype == "int64" and got["revenue"].dtype == "float64"


def test_group_aggregates_by_province(engine: Engine, registry_file) -> None:
    assert_same(engine.group_aggregates(registry_file, GROUPS, region_level="province"), _expected(PROVINCE))


def test_a_region_the_registry_does_not_cover_has_no_rows(engine: Engine, registry_file) -> None:
    got = engine.group_aggregates(registry_file, GROUPS, regions=["370200", "440300"])
    assert_same(got, _expected([r for r in CITY if r[0] == "370200"]))
    assert engine.group_aggregates(registry_file, GROUPS, regions=["440300"]).empty


def test_a_frame_is_read_like_the_file(engine: Engine) -> None:
    assert_same(engine.group_aggregates(registry_frame(), GROUPS), _expected(CITY))


# an explicit membership: 1 listed twice, 9 without a city, 10 without a code, 99 not in the registry
MEMBERS = pd.DataFrame({"enterprise_id": [1, 1, 3, 9, 10, 12, 99],
                        "group": ["a", "a", "a", "a", "b", "b", "b"]})


def test_an_explicit_membership_counts_each_enterprise_once(engine: Engine, registry_file) -> None:
    assert_same(engine.group_aggregates(registry_file, MEMBERS), _expected([
        ("330200", "b", 1, 500.0, 5.0, 1, 1, 250_000.0, 500.0),  # 10: placed without a code
        ("370200", "a", 2, 100.0, 10.0, 1, 1, 10_000.0, 100.0),  # 1 once, 3 unknown
        ("370200", "b", 1, 40.0, 4.0, 1, 1, 1600.0, 40.0)]))


def test_a_default_region_takes_the_enterprises_without_one(engine: Engine) -> None:
    got = engine.group_aggregates(registry_frame(), MEMBERS, default_region="370200", region_level="province")
    assert_same(got, _expected([
        ("330000", "b", 1, 500.0, 5.0, 1, 1, 250_000.0, 500.0),
        ("370000", "a", 3, 1100.0, 60.0, 2, 2, 1_010_000.0, 1000.0),  # 9 counts in 370200
        ("370000", "b", 1, 40.0, 4.0, 1, 1, 1600.0, 40.0)]))


def test_groups_nobody_belongs_to_give_no_rows(engine: Engine, registry_file) -> None:
    groups = pd.DataFrame({"code_prefix": ["7320", "99"], "group": ["research", "other"]})
    got = engine.group_aggregates(registry_file, groups)
    assert list(got.columns) == GROUP_COLUMNS and got.empty


def test_region_counts_count_every_coded_enterprise(engine: Engine, registry_file) -> None:
    got = engine.region_counts(registry_file)  # the label counts: it is a code, if not GB/T's
    regions = pd.Index(["330200", "370100", "370200"], dtype=object, name="region_code")
    pd.testing.assert_series_equal(got, pd.Series([3, 2, 5], index=regions, name="n_enterprises"))
    by_province = engine.region_counts(registry_file, region_level="province", regions=["370000"])
    assert by_province.to_dict() == {"370000": 7}


def test_a_label_is_placed_only_by_its_own_name(engine: Engine, registry_file) -> None:
    groups = pd.DataFrame({"code_prefix": ["tushare:软件服务", "tushare"], "group": ["software", "prefix"]})
    got = engine.group_aggregates(registry_file, groups)
    assert got[["region_code", "group", "n_enterprises"]].astype(object).values.tolist() == [
        ["330200", "software", 1]]


def test_matrix_counts_by_division(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, level="division")
    expected = pd.DataFrame({"15": [1.0, 0.0, 0.0], "39": [1.0, 1.0, 5.0], "65": [0.0, 1.0, 0.0]},
                            index=pd.Index(["330200", "370100", "370200"], name="region_code"))
    pd.testing.assert_frame_equal(got, expected, check_names=False)


def test_matrix_revenue_by_class_keeps_unknown_apart_from_none(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, level="class", measure="revenue")
    # 370100 has one 6513 firm, its revenue unknown: NaN; nobody in 370200 is 6513: 0
    expected = pd.DataFrame({"1513": [20.0, 0.0, 0.0], "3961": [0.0, 0.0, 50.0], "3973": [10.0, 0.0, 400.0],
                             "3974": [0.0, 20.0, 0.0], "6513": [0.0, nan, 0.0]},
                            index=pd.Index(["330200", "370100", "370200"], name="region_code"))
    pd.testing.assert_frame_equal(got, expected, check_names=False, rtol=1e-9)


def test_matrix_employment_all_unknown_is_nan(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, level="class", measure="employment")
    assert math.isnan(got.loc["370200", "3961"]) and got.loc["370200", "3973"] == 40.0
    assert got.loc["370200", "3974"] == 0.0


def test_matrix_sections_and_provinces(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, level="section", region_level="province")
    expected = pd.DataFrame({"C": [2.0, 6.0], "I": [0.0, 1.0]},
                            index=pd.Index(["330000", "370000"], name="region_code"))
    pd.testing.assert_frame_equal(got, expected, check_names=False)


def test_matrix_as_is_keeps_labels(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, level="as_is")
    assert list(got.columns) == ["1513", "39", "3961", "3973", "6513", "C3974", "tushare:软件服务"]
    assert got.loc["330200", "tushare:软件服务"] == 1.0 and got.loc["370200", "39"] == 1.0


def test_matrix_rows_of_regions_not_covered_are_unknown(engine: Engine, registry_file) -> None:
    got = engine.region_industry_matrix(registry_file, regions=["440300", "370200"])
    assert list(got.index) == ["370200", "440300"] and list(got.columns) == ["39"]  # industries of 370200
    assert got.loc["370200", "39"] == 5.0
    assert np.isnan(got.loc["440300"].to_numpy()).all()  # the registry says nothing of Shenzhen


def test_engines_agree_on_a_synthetic_registry(engine: Engine, synthetic_registry) -> None:
    """On 20,000 synthetic enterprises every engine gives DuckDB's figures (the reference here)."""
    from pacesetter.engine import get_engine

    groups = pd.DataFrame({"code_prefix": ["13", "39", "3973", "65", "7", ""],
                           "group": ["food", "electronics", "chips", "software", "services", "all"]})
    reference = get_engine("duckdb")
    assert_same(engine.group_aggregates(synthetic_registry, groups, region_level="province"),
                reference.group_aggregates(synthetic_registry, groups, region_level="province"))
    pd.testing.assert_frame_equal(
        engine.region_industry_matrix(synthetic_registry, level="group", measure="revenue"),
        reference.region_industry_matrix(synthetic_registry, level="group", measure="revenue"), rtol=1e-9)


def test_a_store_table_is_a_source(engine: Engine, tmp_path) -> None:
    """"store:enterprises": the store's firms (district codes, a label, one without region or code);
    the store keeps no revenue, so every sum is unknown."""
    from pacesetter.engine import get_engine
    from pacesetter.store import connect
    from pacesetter.store.imports import insert_records

    con = connect(tmp_path / "store.duckdb")
    firms = [("q1", "370202", "3973"), ("q2", "370203", "3973"), ("q3", "370200", "3961"), ("L", None, None),
             ("n1", "330200", "3973"), ("n2", "330200", "tushare:软件服务")]
    insert_records(con, "enterprises", [
        {"id": i, "name_zh": i, "region_code": r, "industry_code": c, "chain_leader": False, "srdi": False,
         "high_tech": False, "synthetic": False} for i, r, c in firms])
    on_store = get_engine(engine.name, spark_master="local[2]", con=con)
    counts = on_store.region_counts("store:enterprises", region_level="province")
    assert counts.to_dict() == {"330000": 2, "370000": 3}
    groups = pd.DataFrame({"code_prefix": ["3973", "39"], "group": ["chips", "electronics"]})
    got = on_store.group_aggregates("store:enterprises", groups, region_level="province")
    columns = ["region_code", "group", "n_enterprises", "n_revenue_known"]
    assert got[columns].astype(object).values.tolist() == [
        ["330000", "chips", 1, 0], ["330000", "electronics", 1, 0],
        ["370000", "chips", 2, 0], ["370000", "electronics", 3, 0]]
    assert got["revenue"].isna().all() and got["employment"].isna().all()


def test_a_uri_duckdb_cannot_read_is_a_clear_error() -> None:
    from pacesetter.engine import get_engine
    from pacesetter.errors import InputError

    with pytest.raises(InputError) as info:
        get_engine("duckdb").region_counts("hdfs://namenode:8020/registry/2024.parquet")
    said = info.value.text("en")
    assert said.startswith("hdfs://namenode:8020/registry/2024.parquet: cannot read the registry")
    assert "use --engine spark" in info.value.text("en") and "--engine spark" in info.value.text("zh")
