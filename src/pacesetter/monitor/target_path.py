"""Target arithmetic: the growth the remaining months need to meet an annual growth target."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.monitor.phrases import format_number, format_pp, render_growth, render_period

WeightsBasis = Literal["levels", "equal_months"]
Verdict = Literal["on_track", "within_reach", "beyond_best_pace", "too_few_points"]

MIN_PACE_POINTS = 6
"""Fewest points of the series a "best pace" may come from before it judges a needed growth.

With fewer, the fastest growth seen is one of a handful of months (Qingdao's demo series
holds three, one of them the rebound of May 2020) and says little about what is
attainable: the arithmetic is given without a verdict (monitor/README.md, "Verdicts").
"""


@dataclass(frozen=True, slots=True)
class NeededGrowth:
    """What the rest of the year needs, under a stated weighting assumption (all rates in %)."""

    target: float
    ytd_period: Period
    ytd_growth: float
    weight_ytd: float
    weights_basis: WeightsBasis
    needed: float
    best_pace: float | None
    best_pace_period: Period | None
    verdict: Verdict
    pace_periods: tuple[Period, ...] = ()
    """The periods of the series the best pace was looked for in, in order."""

    @property
    def months_left(self) -> int:
        """Months after the year-to-date period."""
        return 12 - self.ytd_period.end_month


def compute_ytd_weight(month: int, last_year_levels: Mapping[Period, float] | None = None
                       ) -> tuple[float, WeightsBasis]:
    """Share of the months 1..``month`` in last year's annual level, and how it was found.

    ``last_year_levels`` are single-month levels of last year (1-2月 may be one
    combined period). With all twelve months covered the weight is their share;
    otherwise every month is assumed to weigh the same (``month / 12``).
    """
    if last_year_levels:
        covered = sorted(m for p in last_year_levels for _, m in p.months())
        if covered == list(range(1, 13)):
            total = sum(last_year_levels.values())
            part = sum(v for p, v in last_year_levels.items() if p.end_month <= month)
            if total > 0:
                return part / total, "levels"
    return month / 12, "equal_months"


def check_target(target: float) -> float:
    """An annual growth target (%) as given, or :class:`InputError`: not a finite number (nan,
    inf), or -100 % or below (a year whose first months exist cannot lose its whole value)."""
    if not math.isfinite(target):
        raise InputError.said("analysis.needed.target_not_finite", target=target)
    if target <= -100:
        raise InputError.said("analysis.needed.target_impossible", target=f"{target:g}")
    return target


def compute_needed_growth(
    target: float, ytd_period: Period, ytd_growth: float, *,
    last_year_levels: Mapping[Period, float] | None = None,
    history: Mapping[Period, float] | None = None,
) -> NeededGrowth:
    """Growth the remaining months need so the whole year grows by ``target`` (%).

    With ``w`` the weight of months 1..m in last year's level:
    ``(1 + G) = w (1 + g_ytd) + (1 − w)(1 + r)``, so
    ``r = ((1 + G) − w (1 + g_ytd)) / (1 − w) − 1``. ``history`` is the growth series
    (period → %) whose fastest value judges whether ``r`` is realistic; with fewer than
    :data:`MIN_PACE_POINTS` points there is no best pace and no verdict beyond "on track".
    """
    check_target(target)
    if ytd_period.kind != "ytd":
        raise InputError.said("outputs.needed.not_ytd", period=ytd_period)
    if ytd_period.end_month == 12:
        raise InputError.said("outputs.needed.whole_year", period=ytd_period)
    weight, basis = compute_ytd_weight(ytd_period.end_month, last_year_levels)
    factor = ((1 + target / 100) - weight * (1 + ytd_growth / 100)) / (1 - weight)
    needed = (factor - 1) * 100
    points = dict(history or {})
    best = best_pace(points) if len(points) >= MIN_PACE_POINTS else None
    best_p, best_v = best if best else (None, None)
    if needed <= ytd_growth:
        verdict: Verdict = "on_track"
    elif best_v is None:
        verdict = "too_few_points"
    else:
        verdict = "within_reach" if needed <= best_v else "beyond_best_pace"
    return NeededGrowth(target, ytd_period, ytd_growth, weight, basis, needed, best_v, best_p, verdict,
                        tuple(sorted(points, key=lambda q: (q.end_year, q.end_month))))


def best_pace(series: Mapping[Period, float]) -> tuple[Period, float] | None:
    """The fastest growth in a series, the latest period on ties; None for an empty series."""
    if not series:
        return None
    return max(series.items(), key=lambda kv: (kv[1], kv[0].end_year, kv[0].end_month))


def _months(periods: tuple[Period, ...], lang: str) -> str:
    """Every period when few (May 2020, Jul 2022), else the first and last (from Mar 2021 to Aug 2023)."""
    if len(periods) >= MIN_PACE_POINTS:
        return t("outputs.needed.range", lang, first=periods[0].label(lang), last=periods[-1].label(lang))
    return t("cli.list_sep", lang).join(q.label(lang) for q in periods)


def _pace_clause(result: NeededGrowth, lang: str) -> str:
    """What the verdict rests on: how many points of which series, which months, the fastest of them."""
    periods, needed = result.pace_periods, format_number(result.needed, lang=lang)
    n = len(periods)
    kind = t(f"outputs.needed.kind.{'ytd' if periods and periods[0].kind == 'ytd' else 'month'}", lang)
    if result.best_pace is None or result.best_pace_period is None:
        until = Period.month(result.ytd_period.end_year, result.ytd_period.end_month).label(lang)
        listed = t("outputs.needed.listed", lang, months=_months(periods, lang)) if n else ""
        return t("outputs.needed.too_few_one" if n == 1 else "outputs.needed.too_few", lang, until=until, n=n,
                 kind=kind, listed=listed, least=MIN_PACE_POINTS, needed=needed)
    period = (render_period(result.best_pace_period, "zh") if lang == "zh"
              else result.best_pace_period.label(lang))
    return t("outputs.needed.pace", lang, n=n, kind=kind, months=_months(periods, lang),
             best=format_number(result.best_pace, lang=lang), period=period,
             verdict=t(f"outputs.needed.verdict.{result.verdict}", lang, needed=needed))


def render_needed(result: NeededGrowth, label: str, lang: str = "zh") -> str:
    """The arithmetic, its assumption, and the verdict with the points it rests on (or why there is none)."""
    p, n = result.ytd_period, result.months_left
    target = format_number(result.target, lang=lang)
    needed = format_number(result.needed, lang=lang)
    share = format_number(result.weight_ytd * 100, lang=lang)
    gap = result.needed - result.ytd_growth
    verdict = (t("outputs.needed.verdict.on_track", lang) if result.verdict == "on_track"
               else _pace_clause(result, lang))
    basis = t(f"outputs.needed.basis_{'levels' if result.weights_basis == 'levels' else 'equal'}", lang,
              months=p.end_month, share=share)
    pace = (t("outputs.needed.above", lang, gap=format_pp(gap, lang)) if gap > 0
            else t("outputs.needed.not_above", lang))
    # zh words the growth (增长5.6% / 下降1.3%); en gives the rate
    growth = (render_growth(result.ytd_growth, yoy=False) if lang == "zh"
              else format_number(result.ytd_growth, lang="en"))
    return t("outputs.needed.line", lang, label=label, period=p.label(lang), growth=growth, target=target,
             basis=basis, n=n, needed=needed, pace=pace, verdict=verdict)
