"""Target arithmetic: the growth the remaining months need to meet an annual growth target."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from pacesetter.errors import InputError
from pacesetter.model.periods import Period
from pacesetter.monitor.phrases import format_number, format_pp, render_period

WeightsBasis = Literal["levels", "equal_months"]
Verdict = Literal["on_track", "within_reach", "beyond_best_pace", "faster_pace_needed"]


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
    best_pace: tuple[Period, float] | None = None,
) -> NeededGrowth:
    """Growth the remaining months need so the whole year grows by ``target`` (%).

    With ``w`` the weight of months 1..m in last year's level:
    ``(1 + G) = w (1 + g_ytd) + (1 − w)(1 + r)``, so
    ``r = ((1 + G) − w (1 + g_ytd)) / (1 − w) − 1``. ``best_pace`` is the fastest
    growth seen in the series (period, %), to judge whether ``r`` is realistic.
    """
    if ytd_period.kind != "ytd":
        raise InputError(f"{ytd_period} is not a year-to-date period (write 2022-01..2022-08)")
    if ytd_period.end_month == 12:
        raise InputError(f"{ytd_period.label('en')} covers the whole year: no months remain")
    weight, basis = compute_ytd_weight(ytd_period.end_month, last_year_levels)
    factor = ((1 + target / 100) - weight * (1 + ytd_growth / 100)) / (1 - weight)
    needed = (factor - 1) * 100
    best_p, best_v = best_pace if best_pace else (None, None)
    if needed <= ytd_growth:
        verdict: Verdict = "on_track"
    elif best_v is None:
        verdict = "faster_pace_needed"
    else:
        verdict = "within_reach" if needed <= best_v else "beyond_best_pace"
    return NeededGrowth(target, ytd_period, ytd_growth, weight, basis, needed, best_v, best_p, verdict)


def best_pace(series: Mapping[Period, float]) -> tuple[Period, float] | None:
    """The fastest growth in a series, the latest period on ties; None for an empty series."""
    if not series:
        return None
    return max(series.items(), key=lambda kv: (kv[1], kv[0].end_year, kv[0].end_month))


_VERDICT = {
    "zh": {"on_track": "保持目前增速即可完成全年目标。",
           "within_reach": "需要加快，但不超过序列中出现过的最快增速，目标仍可实现。",
           "beyond_best_pace": "高于序列中出现过的最快增速，完成全年目标难度很大。",
           "faster_pace_needed": "需要明显加快；序列中没有可比的历史增速。"},
    "en": {"on_track": "Keeping the pace so far meets the annual target.",
           "within_reach": "A faster pace is needed, but no faster than the best seen in the series: "
                           "the target is within reach.",
           "beyond_best_pace": "That is faster than the best pace seen in the series: the target is "
                               "hard to reach.",
           "faster_pace_needed": "A faster pace is needed; the series holds no earlier pace to compare."},
}


def render_needed(result: NeededGrowth, label: str, lang: str = "zh") -> str:
    """A plain statement of the arithmetic, its assumption and the verdict."""
    p, n = result.ytd_period, result.months_left
    ytd_text, target = format_number(result.ytd_growth, lang=lang), format_number(result.target, lang=lang)
    needed = format_number(result.needed, lang=lang)
    share = format_number(result.weight_ytd * 100, lang=lang)
    if lang == "zh":
        basis = (f"按上年各月规模加权（前{p.end_month}个月占全年{share}%）"
                 if result.weights_basis == "levels"
                 else f"假设各月规模相同（前{p.end_month}个月占全年{share}%，缺少上年各月规模）")
        best = ""
        if result.best_pace is not None and result.best_pace_period is not None:
            best = (f"序列中最快增速为{format_number(result.best_pace)}%"
                    f"（{render_period(result.best_pace_period, 'zh')}），")
        gap = result.needed - result.ytd_growth
        pace = (f"比目前累计增速高{format_pp(gap)}" if gap > 0 else "不高于目前累计增速")
        return (f"{label}{p.label('zh')}增长{ytd_text}%，全年目标{target}%。{basis}，余下{n}个月需增长"
                f"{needed}%，{pace}；{best}{_VERDICT['zh'][result.verdict]}")
    basis = (f"weighting months by last year's levels (the first {p.end_month} months were {share}% "
             "of the year)"
             if result.weights_basis == "levels" else
             f"assuming every month weighs the same (the first {p.end_month} months {share}% of the year; "
             "last year's monthly levels are missing)")
    best = ""
    if result.best_pace is not None and result.best_pace_period is not None:
        best = (f" The best pace seen in the series is {format_number(result.best_pace, lang='en')}% "
                f"({result.best_pace_period.label('en')}).")
    return (f"{label}: {ytd_text}% in {p.label('en')}, against an annual target of {target}%. "
            f"{basis[0].upper()}{basis[1:]}, the remaining {n} months need {needed}%.{best} "
            f"{_VERDICT['en'][result.verdict]}")
