"""Target arithmetic: the growth the remaining months need to meet an annual growth target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pacesetter.errors import InputError
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
    if ytd_period.kind != "ytd":
        raise InputError(f"{ytd_period} is not a year-to-date period (write 2022-01..2022-08)")
    if ytd_period.end_month == 12:
        raise InputError(f"{ytd_period.label('en')} covers the whole year: no months remain")
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


_VERDICT = {
    "zh": {"on_track": "保持目前累计增速即可完成全年目标。",
           "within_reach": "所需的{needed}%不超过这一最快增速，目标仍可实现。",
           "beyond_best_pace": "所需的{needed}%高于这一最快增速，完成全年目标难度很大。"},
    "en": {"on_track": "Growing at the year-to-date rate is enough to meet the annual target.",
           "within_reach": "The {needed}% needed is no faster than that: the target is within reach.",
           "beyond_best_pace": "The {needed}% needed is faster than that: the target will be hard to reach."},
}
_KIND = {"month": ("当月", "single-month"), "ytd": ("累计", "year-to-date")}


def _months(periods: tuple[Period, ...], lang: str) -> str:
    """Every period when few (May 2020, Jul 2022), else the first and last (from Mar 2021 to Aug 2023)."""
    if len(periods) >= MIN_PACE_POINTS:
        first, last = periods[0].label(lang), periods[-1].label(lang)
        return f"{first}至{last}" if lang == "zh" else f"from {first} to {last}"
    return ("、" if lang == "zh" else ", ").join(q.label(lang) for q in periods)


def _pace_clause(result: NeededGrowth, lang: str) -> str:
    """What the verdict rests on: how many points of which series, which months, the fastest of them."""
    periods, needed = result.pace_periods, format_number(result.needed, lang=lang)
    n = len(periods)
    kind = _KIND["ytd" if periods and periods[0].kind == "ytd" else "month"][lang == "en"]
    until = Period.month(result.ytd_period.end_year, result.ytd_period.end_month).label(lang)
    if lang == "zh":
        if result.best_pace is None or result.best_pace_period is None:
            listed = f"（{_months(periods, 'zh')}）" if n else ""
            return (f"截至{until}，序列中只有{n}个{kind}数据{listed}，少于作出判断所需的{MIN_PACE_POINTS}个，"
                    f"因此不判断余下月份增长{needed}%能否实现。")
        return (f"序列中有{n}个{kind}数据（{_months(periods, 'zh')}），其中最快增速为"
                f"{format_number(result.best_pace)}%（{render_period(result.best_pace_period, 'zh')}），"
                + _VERDICT["zh"][result.verdict].format(needed=needed))
    if result.best_pace is None or result.best_pace_period is None:
        listed = f" ({_months(periods, 'en')})" if n else ""
        figures = "figure" if n == 1 else "figures"
        return (f"Up to {until} the series has only {n} {kind} {figures}{listed}, fewer than the "
                f"{MIN_PACE_POINTS} a verdict needs, so there is no verdict on whether {needed}% is "
                "within reach.")
    return (f"The fastest of the {n} {kind} figures {_months(periods, 'en')} was "
            f"{format_number(result.best_pace, lang='en')}% ({result.best_pace_period.label('en')}). "
            + _VERDICT["en"][result.verdict].format(needed=needed))


def render_needed(result: NeededGrowth, label: str, lang: str = "zh") -> str:
    """The arithmetic, its assumption, and the verdict with the points it rests on (or why there is none)."""
    p, n = result.ytd_period, result.months_left
    target = format_number(result.target, lang=lang)
    needed = format_number(result.needed, lang=lang)
    share = format_number(result.weight_ytd * 100, lang=lang)
    gap = result.needed - result.ytd_growth
    verdict = _VERDICT[lang][result.verdict] if result.verdict == "on_track" else _pace_clause(result, lang)
    if lang == "zh":
        basis = (f"按上年各月规模加权（前{p.end_month}个月占全年{share}%）"
                 if result.weights_basis == "levels"
                 else f"假设各月规模相同（前{p.end_month}个月占全年{share}%，缺少上年各月规模）")
        pace = (f"比目前累计增速高{format_pp(gap)}" if gap > 0 else "不高于目前累计增速")
        return (f"{label}{p.label('zh')}{render_growth(result.ytd_growth, yoy=False)}，全年目标{target}%。"
                f"{basis}，余下{n}个月需增长{needed}%，{pace}。{verdict}")
    basis = (f"Weighting the months by last year's levels (the first {p.end_month} months made up {share}% "
             "of last year)"
             if result.weights_basis == "levels" else
             f"Assuming every month weighs the same (the first {p.end_month} months then make up {share}% "
             "of the year; last year's monthly levels are not in the store)")
    pace = (f"{format_pp(gap, 'en')} above the year-to-date rate" if gap > 0
            else "no more than the year-to-date rate")
    return (f"{label} was {format_number(result.ytd_growth, lang='en')}% year on year in {p.label('en')}, "
            f"against an annual target of {target}%. {basis}, the remaining {n} months need growth of "
            f"{needed}%, {pace}. {verdict}")
