"""Target arithmetic against hand-worked numbers."""

from __future__ import annotations

import pytest

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.monitor.target_path import (
    best_pace,
    compute_needed_growth,
    compute_ytd_weight,
    render_needed,
)

AUG = Period.ytd(2022, 8)


def test_equal_months_qingdao_august() -> None:
    # Target 6.0, Jan–Aug 3.6: (1.06 − 8/12 × 1.036) / (4/12) − 1 = 0.108 → 10.8 %.
    r = compute_needed_growth(6.0, AUG, 3.6, best_pace=(Period.month(2022, 8), 5.0))
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
    r = compute_needed_growth(6.0, AUG, 4.0, last_year_levels=levels, best_pace=(Period.month(2022, 5), 9.0))
    assert r.needed == pytest.approx(8.5)
    assert r.verdict == "within_reach"
    assert "Weighting months by last year's levels" in render_needed(r, "Retail sales", "en")


def test_incomplete_levels_fall_back_to_equal_months() -> None:
    levels = {Period.month(2021, m): 100.0 for m in range(3, 13)}  # no 1-2月
    assert compute_ytd_weight(8, levels) == (pytest.approx(8 / 12), "equal_months")


def test_on_track_and_no_history() -> None:
    assert compute_needed_growth(6.0, AUG, 7.0).verdict == "on_track"
    r = compute_needed_growth(6.0, AUG, 5.0)
    assert r.needed == pytest.approx(8.0)  # (1.06 − 2/3 × 1.05) × 3 − 1
    assert r.verdict == "faster_pace_needed"


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
