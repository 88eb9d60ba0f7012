"""Observed series with their provenance, and which earlier period a figure is compared with."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal, cast

import pandas as pd

from pacesetter.errors import InputError
from pacesetter.model.periods import Period

SeriesKind = Literal["ytd", "month", "year", "level"]


@dataclass(frozen=True, slots=True)
class Obs:
    """One observation as the monitor uses it: the value and everything needed to cite it."""

    indicator_id: str
    region_code: str
    period: Period
    stored_period: str
    value: float
    unit: str
    source: str
    source_title: str = ""
    quote: str = ""
    vintage: str = ""
    status: str = "not_stated"
    derived_from: str = ""
    flags: str = ""
    synthetic: bool = False
    publisher: str = ""
    document: str = ""
    source_kind: str = ""
    decimals: int | None = None  # as published (migration 010); None: not known

    @property
    def derived(self) -> bool:
        """True for a figure derived from others (its formula is in ``derived_from``)."""
        return bool(self.derived_from)


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return str(value.date().isoformat())
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _decimals(value: object) -> int | None:
    """A stored decimals cell (NULL, NaN or pandas' NA where not known)."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(cast(int, value))


def read_period(text: str, kind: SeriesKind, *, month_end: bool = False) -> Period | None:
    """The period of a stored row read as a series of ``kind``; None if it does not belong.

    A ``ytd`` series accepts a year (January to December) and, with ``month_end``,
    month-form periods (``2022-08``): the shape of cumulative (累计) national
    series whose values sit on their last month (a single January is skipped).
    """
    period = Period.parse(text)
    if kind == "ytd" and month_end and period.kind == "month":
        return None if period.end_month == 1 else Period.ytd(period.end_year, period.end_month)
    if kind == "ytd" and period.kind == "year":
        return Period.ytd(period.end_year, 12)
    if kind == "level":
        return period
    return period if period.kind == kind else None


def series_from_frame(frame: pd.DataFrame, indicator_id: str, region_code: str,
                      kind: SeriesKind, *, month_end: bool = False) -> dict[Period, Obs]:
    """One indicator for one region as ``{Period: Obs}`` from an ``observations()`` frame.

    The frame must hold one row per (indicator, region, period), as
    ``queries.observations(latest=True)`` returns; ``month_end`` as in :func:`read_period`.
    """
    rows = frame[(frame["indicator_id"] == indicator_id) & (frame["region_code"] == region_code)]
    out: dict[Period, Obs] = {}
    for row in rows.itertuples(index=False):
        period = read_period(str(row.period), kind, month_end=month_end)
        if period is None:
            continue
        if period in out:
            raise InputError.said("analysis_errors.two_rows", indicator=indicator_id, region=region_code,
                                      period=period)
        out[period] = Obs(
            indicator_id=indicator_id, region_code=region_code, period=period,
            # value is a DOUBLE column; pandas-stubs types a row's fields as any scalar
            stored_period=str(row.period), value=float(cast(float, row.value)), unit=str(row.unit),
            source=str(row.source),
            source_title=_text(row.source_title), quote=_text(row.quote), vintage=_text(row.vintage),
            status=_text(row.status) or "not_stated", derived_from=_text(row.derived_from),
            flags=_text(row.flags), synthetic=bool(row.synthetic),
            # stores before migration 004 and hand-built frames may lack the origin columns
            publisher=_text(getattr(row, "publisher", "")), document=_text(getattr(row, "document", "")),
            source_kind=_text(getattr(row, "source_kind", "")),
            decimals=_decimals(getattr(row, "decimals", None)),
        )
    return dict(sorted(out.items()))


def comparison_period(period: Period) -> Period | None:
    """The earlier period a growth figure is compared with in a release (CONVENTIONS §1, §5).

    Year to date: 1-8月 → 1-7月; 1-3月 → 1-2月; 1-2月 → the previous full year
    (returned as its January–December year-to-date period).
    Single month: 8月 → 7月; 3月 → 1-2月 (combined); 1-2月 (the month series' first
    release) → the previous December. A single January or February has none.
    """
    if period.kind == "ytd":
        return Period.ytd(period.end_year - 1, 12) if period.is_jan_feb else period.previous()
    if period.kind == "month":
        return period.previous(jan_feb_combined=True)
    return period.previous()


def month_series_period(period: Period) -> Period:
    """The period a single-month series is released for in month ``period``: 2月 → 1-2月."""
    if period.kind == "month" and period.end_month in (1, 2):
        if period.end_month == 1:
            raise InputError.said("analysis.errors.january", year=period.end_year)
        return Period.ytd(period.end_year, 2)
    return period
