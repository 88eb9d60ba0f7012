"""Chinese statistical conventions as arithmetic: pp changes, direction, averages, shares.

Growth rates of value added are observed at comparable prices and never
recomputed from (current-price) levels; the functions here only compare
published rates, combine published factors, or split published levels.
See ``shared/data/bulletins/CONVENTIONS.md`` §2–§8 for the practice and sources.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.release.precision import round_half_up

Direction = Literal[
    "up", "down", "flat", "turned_positive", "turned_negative", "decline_narrowed", "decline_widened"
]
DIRECTIONS: tuple[Direction, ...] = (
    "up", "down", "flat", "turned_positive", "turned_negative", "decline_narrowed", "decline_widened"
)


def compute_pp_change(current: float, previous: float) -> float:
    """Change of a rate or share in percentage points (个百分点): ``current − previous``."""
    return current - previous


def compute_direction(current: float, previous: float, *, digits: int = 1) -> Direction:
    """The direction word's code for a growth rate moving from ``previous`` to ``current``.

    Equal at the published precision (``digits``) → ``flat``. A sign change names
    the new state (negative → positive is ``turned_positive``); both negative →
    the decline narrowed or widened; otherwise faster (``up``) or slower (``down``).
    Zero counts as neither negative nor positive: −2.0 → 0.0 is ``up``, 0.0 → −1.0
    is ``down``.
    """
    if round_half_up(current - previous, digits) == 0:
        return "flat"
    if previous < 0 and current < 0:
        return "decline_narrowed" if current > previous else "decline_widened"
    if previous < 0 < current:
        return "turned_positive"
    if current < 0 < previous:
        return "turned_negative"
    return "up" if current > previous else "down"


def compute_two_year_average(growth_this_year: float, growth_last_year: float) -> float:
    """Two-year average growth (两年平均增长, %), the geometric mean of the two factors.

    ``sqrt((1 + g_t)(1 + g_{t−1})) − 1``; not the arithmetic mean. Qingdao GDP H1
    2021: 13.8 and 0.1 → 6.73 (published 6.7).
    """
    product = (1 + growth_this_year / 100) * (1 + growth_last_year / 100)
    if product <= 0:
        raise InputError.said("analysis_errors.two_year_average", this_year=growth_this_year,
                              last_year=growth_last_year)
    return (math.sqrt(product) - 1) * 100


def compute_share(part: float, total: float) -> float:
    """Share (比重, %) of ``part`` in ``total``, both in the same (current-price) unit."""
    if total == 0:
        raise InputError.said("analysis_errors.share_zero_total")
    return part / total * 100


@dataclass(frozen=True, slots=True)
class Contribution:
    """A component's contribution share (贡献率, %) and pull (拉动, pp) on total growth."""

    contribution_share: float
    pull_pp: float


def compute_contribution(
    component_base: float, component_growth: float, total_base: float, total_growth: float
) -> Contribution:
    """Contribution share and pull of one component, from base-period levels and growth.

    ``pull = component_base / total_base × component_growth`` (pp) and
    ``contribution_share = pull / total_growth × 100`` (%). Levels must be at
    comparable prices for the result to match published figures (CONVENTIONS §7).
    """
    if total_base == 0:
        raise InputError.said("analysis_errors.contribution_zero_base")
    if total_growth == 0:
        raise InputError.said("analysis_errors.contribution_zero_growth")
    pull = component_base / total_base * component_growth
    return Contribution(contribution_share=pull / total_growth * 100, pull_pp=pull)


def compute_month_levels_from_ytd(ytd_levels: Mapping[Period, float]) -> dict[Period, float]:
    """Single-month levels (当月值) from year-to-date levels (累计值) of one or more years.

    Month ``m`` is ``ytd(m) − ytd(m−1)``. January–February stays one combined
    period (1-2月): no January or February level is produced. A month whose
    previous year-to-date level is missing is left out, never guessed.
    """
    out: dict[Period, float] = {}
    for period, value in ytd_levels.items():
        if period.kind != "ytd":
            raise InputError.said("analysis_errors.not_ytd", period=period)
        if period.is_jan_feb:
            out[period] = value
            continue
        previous = period.previous()
        if previous is not None and previous in ytd_levels:
            out[Period.month(period.end_year, period.end_month)] = value - ytd_levels[previous]
    return dict(sorted(out.items()))
