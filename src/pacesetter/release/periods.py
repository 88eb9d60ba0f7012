"""Periods as releases write them: read (上半年, 前三季度, 1至8月, 1~9月, 前7个月, 年末) and written
back in a city's style (1-8月份 or 1-8月; 上半年 or 1-6月份; 上月 or 7月份).

Semantics (CONVENTIONS §1, §5): 上半年 is 1-6月 cumulative, 前三季度 1-9月, 一季度 1-3月 (single
and cumulative coincide), 全年 the year, 年末 a stock at the end of the year; a single quarter
only when the text says so (第二季度, 二季度单季). 三季度 alone is ambiguous and an error naming
both readings (:class:`AmbiguousPeriod`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pacesetter.model.periods import AmbiguousPeriod, Period

__all__ = ["AmbiguousPeriod", "PeriodStyle", "ReleasePeriod", "parse_release_period",
           "render_release_period"]

_YEAR_END = re.compile(r"(?:(\d{4})年?)?(?:年末|年底)")
_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_QUARTER_ZH = {3: "一季度", 6: "上半年", 9: "前三季度"}
_QUARTER_EN = {3: "Q1", 6: "H1", 9: "the first three quarters"}


@dataclass(frozen=True, slots=True)
class ReleasePeriod:
    """A period read from a release: the span, and whether it dates a stock at year end (年末)."""

    period: Period
    stock: bool = False


def parse_release_period(text: str, year: int | None = None) -> ReleasePeriod:
    """Read a period as a release writes it; ``year`` supplies the year the text leaves out.

    Raises :class:`AmbiguousPeriod` (with ``readings``) for 三季度 alone and
    :class:`~pacesetter.errors.InputError` for text that is no period or names no year.
    """
    cleaned = str(text).strip().replace(" ", "")
    if m := _YEAR_END.fullmatch(cleaned):
        y = int(m[1]) if m[1] else year
        return ReleasePeriod(Period.parse(f"{y}年" if y else cleaned), stock=True)
    return ReleasePeriod(Period.parse(cleaned, year=year))


@dataclass(frozen=True, slots=True)
class PeriodStyle:
    """How a city writes periods: 1-8月份 or 1-8月, 上半年 or 1-6月份, 8月份 or 8月."""

    month_suffix: str = "月份"
    quarter_names: bool = True


def render_release_period(period: Period, lang: str = "zh", *, within_year: int | None = None,
                          style: PeriodStyle | None = None) -> str:
    """A period as the text of a release; the year is dropped when it is ``within_year``.

    zh: 1-8月份, 8月份, 上半年 (1-6月), 2021年12月份, 上年全年; en: Jan–Aug, August, H1, ….
    """
    style = style or PeriodStyle()
    y, m = period.end_year, period.end_month
    same_year = within_year == y
    if lang == "zh":
        year = "" if same_year else f"{y}年"
        if period.kind == "ytd" and m == 12:
            return {y: "全年", y + 1: "上年全年"}.get(within_year or 0, f"{y}年全年")
        if period.kind == "ytd":
            if style.quarter_names and m in _QUARTER_ZH:
                return f"{year}{_QUARTER_ZH[m]}"
            return f"{year}1-{m}{style.month_suffix}"
        if period.kind == "month":
            return f"{year}{m}{style.month_suffix}"
        return period.label("zh")
    year = "" if same_year else f" {y}"
    if period.kind == "ytd" and m == 12:
        return {y: "the year as a whole", y + 1: "last year as a whole"}.get(
            within_year or 0, f"{y} as a whole")
    if period.kind == "ytd":
        if style.quarter_names and m in _QUARTER_EN:
            return f"{_QUARTER_EN[m]}{year}"
        return f"Jan–{_EN_MONTHS[m - 1][:3]}{year}"
    if period.kind == "month":
        return f"{_EN_MONTHS[m - 1]}{year}"
    return period.label("en")
