"""Published precision: figures keep the decimals they were published with; derived ones round
half-up to the precision of their inputs."""

from __future__ import annotations

import pytest

from pacesetter.release.precision import (
    decimals_of,
    derived_decimals,
    format_decimal,
    round_half_up,
    shown_decimals,
)


@pytest.mark.parametrize(("text", "decimals"), [
    ("4", 0), ("4%", 0), ("4.0", 1), ("0.99个百分点", 2), ("14136.46", 2), ("-1.3", 1),
    ("１２．５", 1), ("1,234.5", 1), ("下降", None),
])
def test_decimals_as_written(text: str, decimals: int | None) -> None:
    assert decimals_of(text) == decimals


def test_shown_as_published_else_the_units_usual_precision() -> None:
    assert shown_decimals(4.0, "%", 0) == 0  # "下降4%" stays 4%
    assert shown_decimals(0.99, "个百分点", 2) == 2
    assert shown_decimals(27.48, "%", None) == 2  # stored with exactly two decimals
    assert shown_decimals(43.32291776, "%", None) == 1  # an unrounded series: one decimal
    assert shown_decimals(4.7, "%", None) == 1
    assert shown_decimals(14136.46, "亿元", None) == 2
    assert shown_decimals(36258.0, "亿元", None) == 0


def test_derived_figures_round_half_up_to_their_inputs() -> None:
    # 4.7 − 4.65 = 0.05 at the finer input's two decimals; 8.0 − 4.7 = 3.3 at one
    assert derived_decimals(1, 2) == 2
    assert format_decimal(4.7 - 4.65, derived_decimals(1, 2)) == "0.05"
    assert format_decimal(8.0 - 4.7, derived_decimals(1, 1)) == "3.3"
    assert round_half_up(2.25, 1) == 2.3 and round_half_up(-0.05, 1) == -0.1
    assert format_decimal(-0.04, 1) == "0.0"  # never "-0.0"
    assert format_decimal(1234.5, 1, lang="en") == "1,234.5"
