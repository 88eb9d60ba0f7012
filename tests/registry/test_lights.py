"""Each traffic-light rule at its thresholds, the worst-of combination, and rule-file errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from pacesetter.errors import ConfigError
from pacesetter.registry.lights import compute_lights, evaluate, load_light_rules

RULES = load_light_rules()
AS_OF = dt.date(2024, 2, 20)  # 50 days after 2024-01-01


def _overdue(days: int) -> dict[str, object]:
    return {"id": "P", "stage": "signed", "planned_started": AS_OF - dt.timedelta(days=days)}


@pytest.mark.parametrize(("days", "light"), [(0, "green"), (29, "green"), (30, "yellow"), (89, "yellow"),
                                             (90, "red"), (400, "red")])
def test_milestone_overdue_thresholds(days: int, light: str) -> None:
    judged = evaluate(_overdue(days), RULES, AS_OF)
    assert (judged["light"], judged["days_overdue"]) == (light, days)


def test_planned_date_in_the_future_is_green() -> None:
    judged = evaluate(_overdue(-10), RULES, AS_OF)
    assert (judged["light"], judged["days_overdue"]) == ("green", 0)


def _paced(completed: float) -> dict[str, object]:
    # planned construction 2024-01-01 → 2024-04-10 is 100 days; on AS_OF 50 have passed: pace 50 %.
    return {"id": "P", "stage": "started", "actual_started": dt.date(2024, 1, 5),
            "planned_started": dt.date(2024, 1, 1), "planned_producing": dt.date(2024, 4, 10),
            "investment_yi": 100.0, "completed_yi": completed}


@pytest.mark.parametrize(("completed", "lag", "light"), [
    (50.0, 0.0, "green"), (31.0, 19.0, "green"), (30.0, 20.0, "yellow"), (11.0, 39.0, "yellow"),
    (10.0, 40.0, "red"), (0.0, 50.0, "red"), (80.0, -30.0, "green"),
])
def test_investment_pace_thresholds(completed: float, lag: float, light: str) -> None:
    judged = evaluate(_paced(completed), RULES, AS_OF)
    assert judged["pace_lag_pp"] == pytest.approx(lag)
    assert judged["light"] == light
    assert judged["days_overdue"] == 0  # the only pending planned date (投产) is not yet due


def test_pace_is_capped_at_the_planned_end() -> None:
    project = {**_paced(60.0), "planned_producing": dt.date(2024, 1, 11)}  # ended 40 days ago
    judged = evaluate(project, RULES, AS_OF)
    assert judged["pace_lag_pp"] == pytest.approx(40.0)  # pace 100 %, progress 60 %


def test_worst_rule_wins_and_both_reasons_are_given() -> None:
    project = {**_paced(10.0), "planned_producing": dt.date(2024, 1, 11)}  # 40 days overdue, pace lag 90
    judged = evaluate(project, RULES, AS_OF)
    assert judged["light"] == "red"
    assert "计划节点逾期" in str(judged["reasons"]) and "序时进度" in str(judged["reasons"])


def test_no_data_means_no_light_never_green() -> None:
    reached_only = {"id": "P", "stage": "started", "planned_started": dt.date(2020, 1, 1)}
    assert evaluate(reached_only, RULES, AS_OF)["light"] is None
    assert evaluate({"id": "P", "stage": "signed"}, RULES, AS_OF)["light"] is None


def test_compute_lights_orders_and_skips_terminated() -> None:
    df = pd.DataFrame([
        {"name_zh": "a", **_overdue(10), "id": "G"},
        {"name_zh": "b", **_overdue(95), "id": "R"},
        {"name_zh": "c", **_overdue(40), "id": "Y"},
        {"name_zh": "d", "id": "N", "stage": "signed"},
        {"name_zh": "e", "id": "X", "stage": "terminated", "planned_started": dt.date(2020, 1, 1)},
    ])
    out = compute_lights(df, RULES, AS_OF)
    assert out["id"].tolist() == ["R", "Y", "G", "N"]
    assert out["light_zh"].tolist() == ["红灯", "黄灯", "绿灯", "—"]


def test_user_thresholds(tmp_path: Path) -> None:
    path = tmp_path / "lights.yaml"
    path.write_text("rules:\n  - {id: late, metric: days_overdue, name_zh: 逾期, name_en: late, "
                    "yellow: 10, red: 20}\n", encoding="utf-8")
    rules = load_light_rules(path)
    assert evaluate(_overdue(10), rules, AS_OF)["light"] == "yellow"
    assert evaluate(_overdue(20), rules, AS_OF)["light"] == "red"
    producing = {**_paced(0.0), "stage": "producing", "actual_producing": dt.date(2024, 2, 1)}
    assert evaluate(producing, RULES, AS_OF)["light"] == "red"  # 50 points behind the pace
    assert evaluate(producing, rules, AS_OF)["light"] is None  # this file has no pace rule


@pytest.mark.parametrize(("body", "expected"), [
    ("rules:\n  - {id: a, metric: days_overdue, name_zh: x, name_en: x, yellow: 90, red: 30}\n",
     "rules.0: [value_error]"),
    ("rules:\n  - {id: a, metric: weather, name_zh: x, name_en: x, yellow: 1, red: 2}\n",
     "rules.0.metric: [literal_error]"),
    ("rules:\n  - {id: a, metric: days_overdue, name_zh: x, name_en: x, yellow: 1}\n",
     "rules.0.red: [missing]"),
    ("rules: [\n", "[yaml]"),
])
def test_bad_rule_files_name_file_and_key(tmp_path: Path, body: str, expected: str) -> None:
    path = tmp_path / "lights.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_light_rules(path)
    assert str(path) in str(err.value)
    assert expected in str(err.value)
