"""Counting rules for signings, and the chains × policy instruments coverage matrix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pacesetter.errors import ConfigError
from pacesetter.registry.counting import CountingRules, compute_signings, load_counting_rules, project_key
from pacesetter.registry.coverage import compute_coverage, normalise_instrument

D = dt.date
SIGNINGS = pd.DataFrame([
    {"id": "A1", "investor": "阿斯利康", "name_zh": "吸入气雾剂生产供应基地(首期协议)", "stage": "started",
     "actual_signed": D(2023, 3, 25), "investment_yi": 4.5},
    {"id": "A2", "investor": "阿斯利康", "name_zh": "呼吸药物生产及供应扩建项目", "stage": "signed",
     "actual_signed": D(2025, 11, 5), "investment_yi": 1.36, "parent_id": "A1"},
    {"id": "B1", "investor": "歌尔股份", "name_zh": "整机项目", "stage": "signed",
     "actual_signed": D(2022, 1, 1), "investment_yi": 10.0},
    {"id": "B2", "investor": "歌尔股份", "name_zh": "整机项目(二次签约)", "stage": "signed",
     "actual_signed": D(2022, 6, 1), "investment_yi": 10.0},
    {"id": "B3", "investor": "歌尔股份", "name_zh": "整机项目", "stage": "signed",
     "actual_signed": D(2023, 1, 1), "investment_yi": 15.0},
    {"id": "B4", "investor": "歌尔股份", "name_zh": "整机 项目", "stage": "signed",
     "actual_signed": D(2026, 1, 1), "investment_yi": 20.0},
    {"id": "C1", "investor": "多家", "name_zh": "签约项目(31个)", "stage": "signed",
     "actual_signed": D(2022, 9, 22), "investment_yi": 287.2},
    {"id": "C2", "investor": "多家", "name_zh": "签约项目(31个)", "stage": "signed",
     "actual_signed": D(2022, 9, 22), "investment_yi": 287.2},
    {"id": "D1", "investor": "某公司", "name_zh": "小项目", "stage": "signed",
     "actual_signed": D(2024, 1, 1), "investment_yi": 0.5},
    {"id": "E1", "investor": "某公司", "name_zh": "洽谈中", "stage": "negotiating", "investment_yi": 9.0},
    {"id": "F1", "investor": "海信", "name_zh": "抗光屏幕项目", "stage": "signed"},
    {"id": "F2", "investor": "海信", "name_zh": "抗光屏幕项目", "stage": "signed"},
])


def test_signings_are_classified_by_the_rules() -> None:
    out = compute_signings(SIGNINGS, CountingRules(min_investment_yi=1.0)).set_index("id")
    assert out.index.tolist() == ["B1", "B2", "C1", "C2", "B3", "A1", "D1", "A2", "B4", "F1", "F2"]
    assert out["kind"].to_dict() == {
        "B1": "new_signing",
        "B2": "re_signing",  # same investor and project (remark in brackets ignored), 151 days later
        "C1": "new_signing", "C2": "new_signing",  # 多家: no investor to match
        "B3": "capital_increase",  # same project within 730 days, 15 > 10 亿元
        "A1": "new_signing",
        "D1": "below_threshold",  # 0.5 < 1.0 亿元
        "A2": "capital_increase",  # names its parent project
        "B4": "new_signing",  # 1461 days after B1: outside the window
        "F1": "new_signing", "F2": "re_signing",  # undated repeat: never double counted
    }
    assert out.loc["B3", "counted_yi"] == pytest.approx(5.0)
    assert out.loc["A2", "counted_yi"] == pytest.approx(1.36)
    assert out.loc[["B2", "D1", "F2"], "counted_yi"].tolist() == [0.0, 0.0, 0.0]
    assert out["counts_as_new"].sum() == 6  # B1 C1 C2 A1 B4 F1
    assert out.loc["B2", "kind_zh"] == "重复签约"


def test_capital_increase_can_count_as_new() -> None:
    out = compute_signings(SIGNINGS, CountingRules(capital_increase_counts_as_new=True)).set_index("id")
    assert bool(out.loc["A2", "counts_as_new"]) and bool(out.loc["B3", "counts_as_new"])
    assert out.loc["D1", "kind"] == "new_signing"  # no minimum by default


def test_window_is_configurable() -> None:
    out = compute_signings(SIGNINGS, CountingRules(window_days=100)).set_index("id")
    assert out.loc["B2", "kind"] == "new_signing"  # 151 days apart
    assert out.loc["B3", "kind"] == "new_signing"  # 214 days after B2, the last new signing


def test_project_key() -> None:
    assert project_key("整机项目(二次签约)") == project_key("整机 项目") == "整机项目"
    assert project_key("二期（扩建）项目") == "二期项目"


def test_counting_rule_files(tmp_path: Path) -> None:
    assert load_counting_rules() == CountingRules()
    bad = tmp_path / "counting.yaml"
    bad.write_text("window_days: -1\nsurprise: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_counting_rules(bad)
    assert "key window_days: [greater_than_equal]" in str(err.value)
    assert "key surprise: [extra_forbidden]" in str(err.value)


CHAINS = pd.DataFrame({"id": ["vr", "ic", "ai"], "name_zh": ["虚拟现实", "集成电路", "人工智能"]})
POLICIES = pd.DataFrame([
    {"id": "F1", "chain_ids": ["vr"], "instruments": ["fund", "补贴"], "expires": None},
    {"id": "F2", "chain_ids": ["vr", "ai"], "instruments": ["人才"], "expires": None},
    {"id": "F3", "chain_ids": ["ic"], "instruments": ["土地"], "expires": D(2023, 12, 31)},
    {"id": "F4", "chain_ids": ["vr", "ic"], "instruments": [], "expires": None},
    {"id": "F5", "chain_ids": ["elsewhere"], "instruments": ["tax"], "expires": None},
])


def test_coverage_matrix() -> None:
    m = compute_coverage(CHAINS, POLICIES, D(2025, 6, 30)).set_index("chain_id")
    cols = ["subsidy", "fund", "land", "talent", "tax", "policies"]
    # F4 reaches vr with no coded instrument too: its land and tax may be more than 0, so unknown
    assert m.loc["vr", cols].tolist() == [1, 1, pd.NA, 1, pd.NA, 3]
    # F3 expired; F4 reaches ic with no coded instrument: every instrument unknown (NA), not 0
    assert m.loc["ic", cols[:-1]].isna().all() and m.loc["ic", "policies"] == 1
    assert m.loc["ic", "uncoded"] == 1 and m.loc["vr", "uncoded"] == 1
    assert m.loc["ai", cols].tolist() == [0, 0, 0, 1, 0, 1]
    assert not bool(m.loc["vr", "uncovered"]) and not bool(m.loc["ai", "uncovered"])
    assert m.loc["ic", "uncovered"] is pd.NA  # unknown, not "no support"
    nothing = compute_coverage(CHAINS, POLICIES.iloc[:0].assign()).set_index("chain_id")
    assert nothing["uncovered"].all()  # no policy names them at all
    assert m.loc["ic", "name_zh"] == "集成电路"


def test_coverage_without_date_keeps_every_policy_and_all_marker_reaches_every_chain() -> None:
    m = compute_coverage(CHAINS, POLICIES).set_index("chain_id")
    assert m.loc["ic", "land"] == 1 and not bool(m.loc["ic", "uncovered"])
    every = pd.DataFrame([{"id": "A", "chain_ids": ["全部"], "instruments": ["税收优惠"]}])
    m = compute_coverage(CHAINS, every).set_index("chain_id")
    assert m["tax"].tolist() == [1, 1, 1]


def test_normalise_instrument() -> None:
    got = [normalise_instrument(x) for x in ["基金", "种子基金", "Land", "机制"]]
    assert got == ["fund", "fund", "land", None]
