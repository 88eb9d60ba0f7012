"""Target arithmetic against hand-worked numbers."""

from __future__ import annotations

import pytest

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.monitor.target_path import (
    MIN_PACE_POINTS,
    best_pace,
    compute_needed_growth,
    compute_ytd_weight,
    render_needed,
)

AUG = Period.ytd(2022, 8)
# Six single months, Mar–Aug 2022: the fastest is June's 9.0.
SIX_MONTHS = {Period.month(2022, m): v
              for m, v in zip(range(3, 9), (4.0, 6.5, 7.0, 9.0, 5.0, 6.0), strict=True)}


def test_equal_months_qingdao_august() -> None:
    # Target 6.0, Jan–Aug 3.6: (1.06 − 8/12 × 1.036) / (4/12) − 1 = 0.108 → 10.8 %.
    r = compute_needed_growth(6.0, AUG, 3.6, history=SIX_MONTHS)
    assert r.weights_basis == "equal_months"
    assert r.weight_ytd == pytest.approx(8 / 12)
    assert r.needed == pytest.approx(10.8)
    assert r.months_left == 4
    assert r.verdict == "beyond_best_pace"
    text = render_needed(r, "规模以上工业增加值", "zh")
    assert "余下4个月需增长10.8%" in text and "假设各月规模相同" in text and "难度很大" in text


def test_weights_from_last_years_levels_with_jan_feb_combined() -> None:
    # Last year: 1-2月 150, March–August 100 each, September–December 150 each: 1350 in all.
    levels = {Period.ytd(2021, 2): 150.0}
    levels |= {Period.month(2021, m): 100.0 for m in range(3, 9)}
    levels |= {Period.month(2021, m): 150.0 for m in range(9, 13)}
    weight, basis = compute_ytd_weight(8, levels)
    assert (weight, basis) == (pytest.approx(750 / 1350), "levels")
    # (1.06 − 0.5556 × 1.04) / 0.4444 − 1 = 0.085 → 8.5 %.
    r = compute_needed_growth(6.0, AUG, 4.0, last_year_levels=levels, history=SIX_MONTHS)
    assert r.needed == pytest.approx(8.5)
    assert r.verdict == "within_reach"
    assert "Weighting the months by last year's levels" in render_needed(r, "Retail sales", "en")


def test_incomplete_levels_fall_back_to_equal_months() -> None:
    levels = {Period.month(2021, m): 100.0 for m in range(3, 13)}  # no 1-2月
    assert compute_ytd_weight(8, levels) == (pytest.approx(8 / 12), "equal_months")


def test_on_track_and_no_history() -> None:
    assert compute_needed_growth(6.0, AUG, 7.0).verdict == "on_track"
    r = compute_needed_growth(6.0, AUG, 5.0)
    assert r.needed == pytest.approx(8.0)  # (1.06 − 2/3 × 1.05) × 3 − 1
    assert r.verdict == "too_few_points" and r.best_pace is None and r.pace_periods == ()


def test_jan_feb_and_year_end() -> None:
    # After 1-2月 ten months remain: (1.06 − 2/12 × 1.10) / (10/12) − 1 = 5.2 %.
    assert compute_needed_growth(6.0, Period.ytd(2022, 2), 10.0).needed == pytest.approx(5.2)
    with pytest.raises(InputError, match="no months remain"):
        compute_needed_growth(6.0, Period.ytd(2022, 12), 5.0)
    with pytest.raises(InputError, match="year-to-date"):
        compute_needed_growth(6.0, Period.month(2022, 8), 5.0)


def test_best_pace() -> None:
    series = {Period.month(2022, 3): 4.0, Period.month(2022, 4): 6.5, Period.month(2022, 5): 6.5}
    assert best_pace(series) == (Period.month(2022, 5), 6.5)
    assert best_pace({}) is None


def test_fewer_points_than_the_minimum_give_the_arithmetic_without_a_verdict() -> None:
    # Qingdao's single months as the demo holds them: May 2020 5.1 (news.bandao.cn), July 2022 2.1
    # and August 2022 5.0 (seed article: "8月增长5.0%，比7月加快2.9个百分点"). Three points < 6.
    history = {Period.month(2022, 8): 5.0, Period.month(2020, 5): 5.1, Period.month(2022, 7): 2.1}
    assert MIN_PACE_POINTS == 6
    r = compute_needed_growth(6.0, AUG, 3.6, history=history)
    assert r.needed == pytest.approx(10.8)  # (1.06 − 8/12 × 1.036) / (4/12) − 1
    assert r.verdict == "too_few_points" and r.best_pace is None and r.best_pace_period is None
    assert r.pace_periods == (Period.month(2020, 5), Period.month(2022, 7), Period.month(2022, 8))
    zh = render_needed(r, "规模以上工业增加值", "zh")
    assert "余下4个月需增长10.8%，比目前累计增速高7.2个百分点。" in zh
    assert ("截至2022年8月，序列中只有3个当月数据（2020年5月、2022年7月、2022年8月），少于作出判断所需的6个，"
            "因此不判断余下月份增长10.8%能否实现。") in zh
    assert "难度" not in zh and "可实现。" not in zh
    en = render_needed(r, "Growth of value added of industry above designated size", "en")
    assert en.endswith("Up to Aug 2022 the series has only 3 single-month figures (May 2020, Jul 2022, "
                       "Aug 2022), fewer than the 6 a verdict needs, so there is no verdict on whether "
                       "10.8% is within reach.")
    assert ("the remaining 4 months need growth of 10.8%, 7.2 percentage points above the "
            "year-to-date rate") in en
    # one point short of the minimum is still too few
    five = {p: v for p, v in SIX_MONTHS.items() if p != Period.month(2022, 3)}
    assert compute_needed_growth(6.0, AUG, 5.0, history=five).verdict == "too_few_points"


def test_enough_points_give_a_verdict_that_says_what_it_rests_on() -> None:
    # Jan–Aug 5.0, target 6.0: (1.06 − 8/12 × 1.05) × 3 − 1 = 8.0 %; the best of six months is 9.0 (Jun 2022).
    r = compute_needed_growth(6.0, AUG, 5.0, history=SIX_MONTHS)
    assert r.needed == pytest.approx(8.0)
    assert (r.best_pace, r.best_pace_period, r.verdict) == (9.0, Period.month(2022, 6), "within_reach")
    assert len(r.pace_periods) == 6
    assert render_needed(r, "Retail sales growth", "en").endswith(
        "The fastest of the 6 single-month figures from Mar 2022 to Aug 2022 was 9.0% (Jun 2022). "
        "The 8.0% needed is no faster than that: the target is within reach.")
    assert render_needed(r, "社会消费品零售总额增速", "zh").endswith(
        "序列中有6个当月数据（2022年3月至2022年8月），其中最快增速为9.0%（2022年6月份），"
        "所需的8.0%不超过这一最快增速，目标仍可实现。")
