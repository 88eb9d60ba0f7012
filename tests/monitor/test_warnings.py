"""Early warnings: each rule kind fires on hand-made series with the numbers in its message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from pacesetter.errors import ConfigError
from pacesetter.model.periods import Period
from pacesetter.monitor.fetch import fetch_warning_inputs
from pacesetter.monitor.synthetic import INDICATORS, seed_demo
from pacesetter.monitor.warnings import WarningReport, check_warnings, load_rules
from pacesetter.store.imports import insert_records
from tests.monitor.helpers import obs

VA = "above_size_industry_va_growth"
ROWS = [
    *(obs(VA, f"2022-01..2022-{m:02d}", v) for m, v in
      ((2, 6.0), (3, 5.5), (4, 5.0), (5, 4.6), (6, 4.1), (7, 3.3), (8, 3.6))),
    obs(VA, "2022-01..2022-08", 4.5, region="330200"),
    obs("fai_growth", "2022-01..2022-07", 1.2),
    obs("fai_growth", "2022-01..2022-08", -0.5),
    obs("gdp_growth", "2022-01..2022-06", 3.0, vintage="2022-07-15"),
    obs("gdp_growth", "2022-01..2022-06", 3.7, vintage="2022-10-15"),
    obs("gdp_growth", "2021-01..2021-06", 13.8, vintage="2021-07-15"),
    obs("gdp_growth", "2021-01..2021-06", 13.9, vintage="2021-10-15"),
]
TARGETS = [{"indicator_id": VA, "region_code": "370200", "year": 2022, "value": 6.0, "unit": "%",
            "comparison": ">=", "source": "test: a target written for this test", "note": ""}]


@pytest.fixture
def con(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> duckdb.DuckDBPyConnection:
    store = make_store(ROWS, targets=TARGETS)
    insert_records(store, "indicators", INDICATORS)
    return store


def _check(con: duckdb.DuckDBPyConnection, region: str, period: str, lang: str = "zh") -> WarningReport:
    rules = load_rules()
    return check_warnings(rules, fetch_warning_inputs(con, region, rules, lang, int(period[:4])),
                          region, Period.parse(period), lang)


def _by_rule(report: WarningReport) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for a in report.alerts:
        out.setdefault(f"{a.rule_id}/{a.indicator_id}", []).append(a.message)
    return out


def _skipped(report: WarningReport) -> dict[str, str]:
    """The checks not made, by rule id / indicator id, with why."""
    return {f"{c.rule_id}/{c.indicator_id}": c.reason for c in report.not_checked}


def test_alerts_for_august(con: duckdb.DuckDBPyConnection) -> None:
    alerts = _by_rule(_check(con, "370200", "2022-08"))
    # 3.6 < 6.0; equal months: (1.06 − 8/12 × 1.036) / (4/12) − 1 = 10.8 %.
    assert alerts[f"below_target_path/{VA}"] == [
        "规模以上工业增加值增速1-8月份增长3.6%，低于全年目标6.0%（差2.4个百分点）；"
        "假设各月规模相同，余下4个月需增长10.8%。"]
    assert alerts["turned_negative/fai_growth"] == [
        "fai_growth，1-8月份由正转负：下降0.5%，1-7月份为增长1.2%。"]
    assert alerts[f"behind_ningbo/{VA}"] == [
        "规模以上工业增加值增速1-8月份增长3.6%，低于宁波市（增长4.5%）0.9个百分点。"]
    assert alerts["large_revision/gdp_growth"] == [
        "gdp_growth，2022年1-6月数据修订：由3.0%（2022-07-15发布）修订为3.7%（2022-10-15发布），变动0.7个百分点。"]
    assert f"slowing_3/{VA}" not in alerts  # 1-8月 is faster than 1-7月


def test_slowing_for_three_periods_in_a_row(con: duckdb.DuckDBPyConnection) -> None:
    alerts = _by_rule(_check(con, "370200", "2022-07", "en"))
    assert alerts[f"slowing_3/{VA}"] == [
        "Growth of value added of industry above designated size: slowed 3 times in a row: "
        "Jan–Apr 5.0%, Jan–May 4.6%, H1 4.1%, Jan–Jul 3.3%."]


def test_missing_data_is_reported_not_alerted(con: duckdb.DuckDBPyConnection) -> None:
    report = _check(con, "370200", "2022-03", "en")
    skipped = _skipped(report)
    assert skipped[f"slowing_3/{VA}"] == "fewer than 4 periods"
    assert skipped["below_target_path/retail_sales_growth"] == "no data for this period"


def test_synthetic_sample_region_raises_every_kind(make_store: Callable[..., duckdb.DuckDBPyConnection],
                                                   ) -> None:
    store = make_store(ROWS)
    seed_demo(store)
    report = _check(store, "990100", "2023-08")
    kinds = {a.kind for a in report.alerts}
    assert kinds == {"below_target_path", "consecutive_slowing", "turned_negative", "behind_peer",
                     "large_revision"}
    assert all(a.synthetic for a in report.alerts)
    # A synthetic region is never compared with a real peer.
    assert "behind_ningbo/above_size_industry_va_growth" in _skipped(report)
    # Retail sales have last year's monthly levels (retail_sales): the months are weighted by them.
    retail = next(a for a in report.alerts if a.indicator_id == "retail_sales_growth")
    assert "按上年各月规模加权" in retail.message
    va = next(a for a in report.alerts if a.rule_id == "below_target_path" and a.indicator_id == VA)
    assert "假设各月规模相同" in va.message
    revision = next(a for a in report.alerts if a.kind == "large_revision")
    assert revision.values["new"] - revision.values["old"] == pytest.approx(0.4)


def test_bad_rules_file_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("rules:\n  - id: x\n    kind: consecutive_slowing\n    periods: 0\n"
                    "    indicators: [a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.yaml.*rules\.0\.consecutive_slowing\.periods"):
        load_rules(path)
    path.write_text("rules:\n  - id: x\n    kind: no_such_kind\n    indicators: [a]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"rules\.yaml.*rules\.0"):
        load_rules(path)


def test_shipped_rules_load() -> None:
    rules = load_rules()
    assert {r.kind for r in rules.rules} == {"below_target_path", "consecutive_slowing", "turned_negative",
                                             "behind_peer", "large_revision"}


def test_single_month_series_released_every_month(make_store: Callable[..., duckdb.DuckDBPyConnection],
                                                   ) -> None:
    # 青岛 new-home price index (NBS 70 cities, 上月=100), Dec 2021 – Mar 2022 as published
    # (shared/data/external/macro_national_monthly/house_price_70cities_monthly.csv, EMI00125750).
    ind = "nbs_emi00125750"
    rows = [obs(ind, p, v, unit="上月=100") for p, v in
            (("2021-12", 99.8), ("2022-01", 99.6), ("2022-02", 100.0), ("2022-03", 100.4))]
    store = make_store(rows)
    january = _by_rule(_check(store, "370200", "2022-01"))  # January exists for this series
    assert january == {}
    skipped = _skipped(_check(store, "370200", "2022-01"))
    assert skipped[f"house_prices_falling_2/{ind}"] == "不足3期数据"
    february = _check(store, "370200", "2022-02")
    assert not february.alerts  # 99.6 → 100.0 is a rise, compared with January, not with 1-2月
    assert f"house_prices_falling_2/{ind}" not in _skipped(february)


def test_index_turning_down(make_store: Callable[..., duckdb.DuckDBPyConnection]) -> None:
    # Same file: 青岛 new homes, June 2022 100.6, July 2022 99.8.
    ind = "nbs_emi00125750"
    store = make_store([obs(ind, "2022-06", 100.6, unit="上月=100"),
                        obs(ind, "2022-07", 99.8, unit="上月=100")])
    alerts = _by_rule(_check(store, "370200", "2022-07"))
    assert alerts[f"house_prices_turned_down/{ind}"] == [
        f"{ind}，7月份由涨转降：99.8（上月=100），6月份为100.6。"]
