"""Every legal and illegal lifecycle transition, date rules, amounts with units."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from pacesetter.errors import InputError
from pacesetter.registry.lifecycle import (
    check_project,
    check_transition,
    furthest_stage,
    parse_amount,
    parse_stage,
    plan_transition,
)

TODAY = dt.date(2025, 6, 30)
ALL = ("negotiating", "signed", "started", "producing", "at_capacity", "terminated")
# Written out by hand: the next stage, or termination from any live stage.
LEGAL = {
    ("negotiating", "signed"), ("signed", "started"), ("started", "producing"),
    ("producing", "at_capacity"),
    ("negotiating", "terminated"), ("signed", "terminated"), ("started", "terminated"),
    ("producing", "terminated"), ("at_capacity", "terminated"),
}
ORDER = {s: i for i, s in enumerate(ALL[:-1])}


def _rule(current: str, to: str) -> str:
    """The rule an illegal move breaks, derived by hand from the lifecycle description."""
    if current == to:
        return "transition.same"
    if current == "terminated":
        return "transition.from_terminated"
    return "transition.backward" if ORDER[to] < ORDER[current] else "transition.skip"


@pytest.mark.parametrize(("current", "to"), list(itertools.product(ALL, ALL)))
def test_every_transition(current: str, to: str) -> None:
    project = {"id": "P1", "stage": current, "stage_date": dt.date(2024, 1, 1)}
    problems = check_transition(project, to, dt.date(2024, 6, 1), TODAY)  # type: ignore[arg-type]
    if (current, to) in LEGAL:
        assert problems == []
        changes = plan_transition(project, to, dt.date(2024, 6, 1), TODAY)  # type: ignore[arg-type]
        day = dt.date(2024, 6, 1)
        kept = {f"actual_{current}": dt.date(2024, 1, 1)} if current != "negotiating" else {}
        assert changes == {"stage": to, "stage_date": day, f"actual_{to}": day, **kept}
    else:
        assert [p.rule for p in problems] == [_rule(current, to)]
        with pytest.raises(InputError, match="P1"):
            plan_transition(project, to, dt.date(2024, 6, 1), TODAY)  # type: ignore[arg-type]


def test_skip_message_names_the_next_stage() -> None:
    (p,) = check_transition({"stage": "signed"}, "producing", dt.date(2024, 1, 1), TODAY)
    assert p.rule == "transition.skip"
    assert "advance to started first" in p.text("en") and "请先推进到开工" in p.text("zh")


def test_start_before_signing_is_refused() -> None:
    project = {"stage": "signed", "actual_signed": dt.date(2024, 3, 1)}
    (p,) = check_transition(project, "started", dt.date(2024, 2, 28), TODAY)
    assert (p.rule, p.value) == ("date.order", dt.date(2024, 2, 28))
    assert check_transition(project, "started", dt.date(2024, 3, 1), TODAY) == []  # same day is fine


def test_sourced_stage_date_counts_as_the_current_stage_date() -> None:
    project = {"stage": "started", "stage_date": dt.date(2026, 1, 8)}
    (p,) = check_transition(project, "producing", dt.date(2025, 12, 1), dt.date(2026, 6, 1))
    assert p.rule == "date.order"


def test_advancing_keeps_a_recorded_actual_date() -> None:
    project = {"stage": "started", "stage_date": dt.date(2024, 3, 1), "actual_started": dt.date(2024, 2, 1)}
    changes = plan_transition(project, "producing", dt.date(2024, 6, 1), TODAY)
    assert "actual_started" not in changes  # already recorded: left alone


def test_future_and_missing_dates() -> None:
    project = {"stage": "signed"}
    assert [p.rule for p in check_transition(project, "started", TODAY + dt.timedelta(days=1), TODAY)] == [
        "date.future"]
    assert [p.rule for p in check_transition(project, "started", None, TODAY)] == ["date.required"]


@pytest.mark.parametrize(("text", "stage"), [
    ("开工", "started"), ("started", "started"), ("投产", "producing"), ("in production", "producing"),
    ("At capacity", "at_capacity"), ("at_capacity", "at_capacity"), ("达产", "at_capacity"),
    ("洽谈", "negotiating"), ("终止", "terminated"), (" 签约 ", "signed"),
])
def test_parse_stage_zh_and_en(text: str, stage: str) -> None:
    assert parse_stage(text) == stage


def test_unknown_stage_lists_the_names() -> None:
    with pytest.raises(InputError) as err:
        parse_stage("在建")
    assert "洽谈、签约、开工、投产、达产、终止" in err.value.text("zh")
    assert "negotiating, signed, started, in production, at capacity, terminated" in err.value.text("en")


def test_check_project_rules() -> None:
    project = {
        "stage": "signed",
        "planned_started": dt.date(2025, 3, 1), "planned_producing": dt.date(2025, 1, 1),
        "actual_signed": dt.date(2025, 7, 1), "actual_producing": dt.date(2025, 5, 1),
        "investment_yi": 10.0, "completed_yi": 12.0, "expected_tax_yi": -1.0,
    }
    found = {(p.field, p.rule) for p in check_project(project, TODAY)}
    assert found == {
        ("planned_producing", "date.order"),
        ("actual_signed", "date.future"),
        ("actual_producing", "date.order"),  # before the actual signing
        ("actual_producing", "date.beyond_stage"),  # the project has only signed
        ("expected_tax_yi", "amount.negative"),
        ("completed_yi", "amount.exceeds_total"),
    }


def test_clean_project_has_no_problems() -> None:
    project = {"stage": "started", "actual_signed": dt.date(2024, 1, 1),
               "actual_started": dt.date(2024, 5, 1), "planned_producing": dt.date(2026, 1, 1),
               "investment_yi": 10.0, "completed_yi": 4.0}
    assert check_project(project, TODAY) == []


def test_terminated_project_keeps_its_furthest_stage() -> None:
    p = {"stage": "terminated", "actual_signed": dt.date(2023, 1, 1), "actual_started": dt.date(2023, 6, 1),
         "actual_terminated": dt.date(2024, 1, 1)}
    assert furthest_stage(p) == "started"
    assert furthest_stage({"stage": "terminated"}) == "negotiating"
    assert check_project(p, TODAY) == []


@pytest.mark.parametrize(("value", "unit", "yi"), [
    ("16亿元", "亿元", 16.0), ("7400万元", "亿元", 0.74), (7400, "万元", 0.74), ("约67亿元", "亿元", 67.0),
    (2.5, "亿元", 2.5), ("3", "亿元", 3.0), ("", "亿元", None), (None, "亿元", None),
])
def test_parse_amount(value: object, unit: str, yi: float | None) -> None:
    got = parse_amount(value, unit)
    assert got == pytest.approx(yi) if yi is not None else got is None


@pytest.mark.parametrize("value", ["很多", "7.5亿美元", "16 亿 元 多", True])
def test_parse_amount_refuses(value: object) -> None:
    with pytest.raises(InputError):
        parse_amount(value)
