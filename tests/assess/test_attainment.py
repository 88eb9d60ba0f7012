"""Target attainment against values worked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pacesetter.assess.attainment import compute_attainment
from pacesetter.assess.config import Attainment
from pacesetter.assess.export import reason_text

NAN = math.nan


def _slot(i: str, baseline: float, target: float, polarity: str = "higher") -> dict[str, object]:
    return {"indicator_id": i, "unit": "亿元", "polarity": polarity, "baseline_year": 2021,
            "baseline": baseline, "target_year": 2026, "target": target}


def _run(slots: list[dict[str, object]], values: list[tuple[str, int, float]], year: int = 2024
         ) -> pd.DataFrame:
    vals = pd.DataFrame(values, columns=["indicator_id", "year", "value"])
    return compute_attainment(pd.DataFrame(slots), vals, year).set_index("indicator_id")


def test_on_track_with_paths_and_needed_growth() -> None:
    # baseline 100 (2021) → target 150 (2026); 130 in 2024. Pace 3/5 = 0.6; progress 30/50 = 0.6.
    r = _run([_slot("a", 100, 150)], [("a", 2024, 130.0)]).loc["a"]
    assert r["pace"] == pytest.approx(0.6)
    assert r["progress"] == pytest.approx(0.6)
    assert r["expected_linear"] == pytest.approx(130.0)            # 100 + 0.6 × 50
    assert r["expected_compound"] == pytest.approx(127.5424, abs=1e-4)  # 100 × 1.5^0.6
    assert r["needed_annual_change"] == pytest.approx(10.0)       # (150 − 130) / 2
    assert r["needed_annual_growth_pct"] == pytest.approx(7.4172, abs=1e-4)  # √(150/130) − 1
    assert r["status"] == "on_track"


@pytest.mark.parametrize(("current", "status"), [
    (155.0, "achieved"),   # target met
    (128.0, "on_track"),   # progress 0.56 ≥ 0.9 × 0.6 = 0.54
    (120.0, "behind"),     # progress 0.40: below 0.54, at least 0.5 × 0.6 = 0.30
    (110.0, "at_risk"),    # progress 0.20 < 0.30
    (95.0, "at_risk"),     # moving away from the target
])
def test_status_thresholds(current: float, status: str) -> None:
    assert _run([_slot("a", 100, 150)], [("a", 2024, current)]).loc["a", "status"] == status


def test_thresholds_are_configurable() -> None:
    vals = pd.DataFrame([("a", 2024, 120.0)], columns=["indicator_id", "year", "value"])
    strict = compute_attainment(pd.DataFrame([_slot("a", 100, 150)]), vals, 2024,
                                Attainment(on_track=0.9, behind=0.8))
    assert strict.loc[0, "status"] == "at_risk"  # 0.40 < 0.8 × 0.6


def test_lower_is_better_rank() -> None:
    # Rank 11 (2021) → target 5 (2026); rank 6 in 2024: progress (6 − 11) / (5 − 11) = 5/6.
    r = _run([_slot("rank", 11, 5, "lower")], [("rank", 2024, 6.0)]).loc["rank"]
    assert r["progress"] == pytest.approx(5 / 6)
    assert r["needed_annual_change"] == pytest.approx(-0.5)
    assert r["status"] == "on_track"


def test_missing_pieces_are_reported_not_filled() -> None:
    slots = [_slot("no_target", 100, NAN), _slot("no_data", 100, 150), _slot("no_base", NAN, 150),
             _slot("observed_base", NAN, 150)]
    values = [("no_target", 2024, 120.0), ("no_base", 2023, 120.0), ("observed_base", 2021, 100.0),
              ("observed_base", 2024, 130.0), ("no_data", 2025, 200.0)]  # 2025 is after the year
    r = _run(slots, values)
    assert r.loc["no_target", "status"] == "no_target" and math.isnan(r.loc["no_target", "progress"])
    assert r.loc["no_data", "status"] == "no_data" and r.loc["no_data", "reason"] == "no_figure"
    assert reason_text("no_figure", "en", year=2024) == "no figure for 2024 or earlier in the store"
    assert reason_text("no_figure", "zh", year=2024) == "2024年及以前无数据"
    assert r.loc["no_base", "status"] == "no_baseline"
    assert r.loc["no_base", "current_year"] == 2023
    assert r.loc["no_base", "needed_annual_change"] == pytest.approx(10.0)  # (150 − 120) / 3
    assert r.loc["observed_base", "baseline_origin"] == "observed"
    assert r.loc["observed_base", "progress"] == pytest.approx(0.6)


def test_target_year_passed_without_meeting_it() -> None:
    r = _run([_slot("a", 100, 150)], [("a", 2026, 140.0)], year=2027).loc["a"]
    assert r["status"] == "at_risk" and r["reason"] == "target_year_passed"
    assert math.isnan(r["needed_annual_change"])
