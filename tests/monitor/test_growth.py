"""Conventions as arithmetic and wording, against hand-worked and published numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.monitor import phrases
from pacesetter.monitor.growth import (
    DIRECTIONS,
    compute_contribution,
    compute_direction,
    compute_month_levels_from_ytd,
    compute_pp_change,
    compute_share,
    compute_two_year_average,
    round_half_up,
)
from pacesetter.monitor.series import comparison_period, month_series_period


@pytest.mark.parametrize(("current", "previous", "expected"), [
    (3.6, 3.3, "up"),                 # Qingdao 1-8月 vs 1-7月
    (5.0, 2.1, "up"),                 # Qingdao 8月 vs 7月
    (4.4, 4.8, "down"),
    (4.7, 4.7, "flat"),
    (4.74, 4.71, "flat"),             # equal at the published one decimal
    (5.1, -3.7, "turned_positive"),
    (-0.3, 1.1, "turned_negative"),
    (-2.0, -5.1, "decline_narrowed"),
    (-5.7, -5.1, "decline_widened"),
    (0.0, -2.0, "up"),                # zero is neither sign: no "turned positive" to 0
    (-1.0, 0.0, "down"),
    (2.0, 0.0, "up"),
    (0.0, 0.0, "flat"),
])
def test_direction(current: float, previous: float, expected: str) -> None:
    assert compute_direction(current, previous) == expected


def test_every_direction_has_words_and_a_clause_in_both_languages() -> None:
    zh_words = {"up": "加快", "down": "回落", "flat": "持平", "turned_positive": "由负转正",
                "turned_negative": "由正转负", "decline_narrowed": "降幅收窄", "decline_widened": "降幅扩大"}
    assert phrases.DIRECTION_WORDS["zh"] == zh_words
    assert set(phrases.DIRECTION_WORDS["en"]) == set(DIRECTIONS)
    clauses = {
        "up": ("比1-7月份加快0.3个百分点", "0.3 percentage points faster than Jan–Jul"),
        "down": ("比1-7月份回落0.3个百分点", "0.3 percentage points slower than Jan–Jul"),
        "flat": ("与1-7月份持平", "unchanged from Jan–Jul"),
        "turned_positive": ("增速由负转正，比1-7月份回升0.3个百分点",
                            "turning positive, 0.3 percentage points higher than Jan–Jul"),
        "turned_negative": ("增速由正转负，比1-7月份回落0.3个百分点",
                            "turning negative, 0.3 percentage points lower than Jan–Jul"),
        "decline_narrowed": ("降幅比1-7月份收窄0.3个百分点", "the decline narrowing by 0.3 percentage points "
                             "from Jan–Jul"),
        "decline_widened": ("降幅比1-7月份扩大0.3个百分点", "the decline widening by 0.3 percentage points "
                            "from Jan–Jul"),
    }
    for direction, (zh, en) in clauses.items():
        assert phrases.render_change(direction, 0.3, "1-7月份", "zh") == zh
        assert phrases.render_change(direction, 0.3, "Jan–Jul", "en") == en


def test_rate_changes_use_level_words() -> None:
    assert phrases.render_change("up", 1.1, "上年", "zh", rate=True) == "比上年提高1.1个百分点"
    assert phrases.render_change("down", -0.6, "7月份", "zh", rate=True) == "比7月份下降0.6个百分点"
    assert (phrases.render_change("down", -0.6, "July", "en", rate=True)
            == "down 0.6 percentage points from July")


def test_pp_change_uses_unrounded_rates_and_rounds_half_up() -> None:
    assert compute_pp_change(3.6, 3.3) == pytest.approx(0.3)
    assert round_half_up(2.25) == 2.3
    assert round_half_up(0.05) == 0.1
    assert round_half_up(-0.05) == -0.1
    assert round_half_up(compute_pp_change(5.0, 2.1)) == 2.9
    assert phrases.format_number(-0.04) == "0.0"  # never "-0.0"


@pytest.mark.parametrize(("value", "zh", "en"), [
    (3.6, "同比增长3.6%", "up 3.6% year on year"),
    (-1.3, "同比下降1.3%", "down 1.3% year on year"),
    (0.0, "与上年同期持平", "unchanged year on year"),
    (0.04, "与上年同期持平", "unchanged year on year"),
    (110.0, "同比增长1.1倍", "up 110.0% year on year"),   # NBS: 倍 from 100 % up
    (99.96, "同比增长1.0倍", "up 100.0% year on year"),   # rounds to 100.0 → 倍
])
def test_growth_clause(value: float, zh: str, en: str) -> None:
    assert phrases.render_growth(value, "zh") == zh
    assert phrases.render_growth(value, "en") == en


def test_price_clause_uses_price_verbs() -> None:
    assert phrases.render_price_change(0.3) == "环比上涨0.3%"
    assert phrases.render_price_change(-0.1) == "环比下降0.1%"
    assert phrases.render_price_change(0.0) == "环比持平"
    assert phrases.render_price_change(-0.1, "en") == "down 0.1% month on month"


@pytest.mark.parametrize(("this_year", "last_year", "exact", "published"), [
    # CONVENTIONS §3 [V], Qingdao 2021 (guanhai.com.cn/p/160392.html; my67778.com …/1105201536307.shtml)
    (13.8, 0.1, 6.73, 6.7),    # GDP H1 2021
    (16.4, -1.1, 7.29, 7.3),   # 规上工业 H1 2021
    (8.3, 3.7, 5.975, 6.0),    # GDP 2021
    (18.0, -7.1, 4.70, 4.7),   # GDP Q1 2021
])
def test_two_year_average_is_geometric(this_year: float, last_year: float, exact: float,
                                       published: float) -> None:
    avg = compute_two_year_average(this_year, last_year)
    assert avg == pytest.approx(exact, abs=0.005)
    assert round_half_up(avg) == published


def test_two_year_average_is_not_the_arithmetic_mean() -> None:
    # GDP H1 2021: the arithmetic mean would be 6.95 → 7.0, the published figure is 6.7.
    assert round_half_up(compute_two_year_average(13.8, 0.1)) == 6.7
    assert round_half_up((13.8 + 0.1) / 2) == 7.0


def test_two_year_average_rejects_impossible_factors() -> None:
    with pytest.raises(InputError):
        compute_two_year_average(-100.0, 5.0)


def test_share_and_its_change() -> None:
    # Qingdao 2021 three-sector structure 3.3 : 35.9 : 60.8 (CONVENTIONS §8)
    total = 14136.46
    shares = [round_half_up(compute_share(v, total)) for v in (470.06, 5070.33, 8596.07)]
    assert shares == [3.3, 35.9, 60.8]
    assert round_half_up(compute_pp_change(27.48, 26.38)) == 1.1
    with pytest.raises(InputError):
        compute_share(1.0, 0.0)


def test_contribution_and_pull_hand_worked() -> None:
    # Base: total 200, components 100 and 100 growing 8.2 % and 7.8 %: total 8.0 %.
    # Pulls 4.1 and 3.9 pp (sum 8.0), shares 51.25 % and 48.75 % (sum 100) — the Licang 2019 pattern.
    a = compute_contribution(100, 8.2, 200, 8.0)
    b = compute_contribution(100, 7.8, 200, 8.0)
    assert (a.pull_pp, b.pull_pp) == (pytest.approx(4.1), pytest.approx(3.9))
    assert (a.contribution_share, b.contribution_share) == (pytest.approx(51.25), pytest.approx(48.75))
    # One component: base 40 of 100 growing 10 % while the total grows 6 %: 4 pp, 66.7 %.
    c = compute_contribution(40, 10.0, 100, 6.0)
    assert c.pull_pp == pytest.approx(4.0)
    assert c.contribution_share == pytest.approx(66.6667, abs=1e-3)
    with pytest.raises(InputError):
        compute_contribution(40, 10.0, 100, 0.0)


def test_month_levels_from_ytd_keep_jan_feb_combined() -> None:
    ytd = {Period.ytd(2022, 2): 100.0, Period.ytd(2022, 3): 160.0, Period.ytd(2022, 4): 230.0,
           Period.ytd(2022, 6): 400.0}
    months = compute_month_levels_from_ytd(ytd)
    assert months == {Period.ytd(2022, 2): 100.0, Period.month(2022, 3): 60.0, Period.month(2022, 4): 70.0}
    assert not any(p.kind == "month" and p.end_month in (1, 2) for p in months)  # no January, no February
    with pytest.raises(InputError):
        compute_month_levels_from_ytd({Period.month(2022, 3): 1.0})


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=11, max_size=11))
def test_month_levels_add_back_up_to_ytd(monthly: list[float]) -> None:
    # monthly[0] is 1-2月 combined, then March … December.
    ytd, running = {}, 0.0
    for i, value in enumerate(monthly):
        running += value
        ytd[Period.ytd(2023, i + 2)] = running
    months = compute_month_levels_from_ytd(ytd)
    assert len(months) == 11
    assert sum(months.values()) == pytest.approx(running, rel=1e-9, abs=1e-6)


def test_comparison_periods_follow_the_release_conventions() -> None:
    assert comparison_period(Period.ytd(2022, 8)) == Period.ytd(2022, 7)
    assert comparison_period(Period.ytd(2022, 3)) == Period.ytd(2022, 2)
    assert comparison_period(Period.ytd(2022, 2)) == Period.ytd(2021, 12)   # 1-2月 vs last year
    assert comparison_period(Period.month(2022, 8)) == Period.month(2022, 7)
    assert comparison_period(Period.month(2022, 3)) == Period.ytd(2022, 2)  # 3月 vs 1-2月
    assert month_series_period(Period.month(2022, 2)) == Period.ytd(2022, 2)
    with pytest.raises(InputError, match="Jan–Feb 2022") as refused:
        month_series_period(Period.month(2022, 1))                         # no January release
    assert "1-2月" in refused.value.text("zh")


def test_period_names_as_published() -> None:
    assert phrases.render_period(Period.ytd(2022, 7), "zh", within_year=2022) == "1-7月份"
    assert phrases.render_period(Period.ytd(2022, 3), "zh", within_year=2022) == "一季度"
    assert phrases.render_period(Period.ytd(2022, 6), "zh", within_year=2022) == "上半年"
    assert phrases.render_period(Period.ytd(2022, 9), "zh", within_year=2022) == "前三季度"
    assert phrases.render_period(Period.ytd(2021, 12), "zh", within_year=2022) == "上年全年"
    assert phrases.render_period(Period.ytd(2022, 12), "zh", within_year=2022) == "全年"
    assert phrases.render_period(Period.ytd(2022, 12), "en", within_year=2022) == "the year as a whole"
    assert phrases.render_period(Period.month(2021, 12), "zh", within_year=2022) == "2021年12月份"
    assert phrases.render_period(Period.ytd(2022, 7), "en", within_year=2022) == "Jan–Jul"
    assert phrases.render_period(Period.month(2022, 7), "en", within_year=2022) == "July"


rates = st.floats(min_value=-50, max_value=50, allow_nan=False).map(lambda x: round(x, 1))


@given(rates, rates)
def test_direction_is_determined_by_signs_and_order(current: float, previous: float) -> None:
    direction = compute_direction(current, previous)
    if round_half_up(current - previous) == 0:
        assert direction == "flat"
    elif previous < 0 < current:
        assert direction == "turned_positive"
    elif current < 0 < previous:
        assert direction == "turned_negative"
    elif current < 0 and previous < 0:
        assert direction == ("decline_narrowed" if current > previous else "decline_widened")
    else:
        assert direction == ("up" if current > previous else "down")
    # Swapping the two periods reverses every non-flat direction.
    opposite = {"up": "down", "down": "up", "flat": "flat", "turned_positive": "turned_negative",
                "turned_negative": "turned_positive", "decline_narrowed": "decline_widened",
                "decline_widened": "decline_narrowed"}
    assert compute_direction(previous, current) == opposite[direction]
