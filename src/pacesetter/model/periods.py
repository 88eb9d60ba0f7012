"""Periods as Chinese statistical releases use them.

A period is a span of whole months with a kind:

- ``year``     ``2022``                 (also ``2022年``)
- ``quarter``  ``2022Q3``               (also ``2022年第三季度``, ``2022年3季度``)
- ``month``    ``2022-08``              (also ``2022M08``, ``2022年8月``)
- ``ytd``      ``2022-01..2022-08``     (also ``2022年1-8月``, ``1-8月`` with a year; ``2022年上半年``,
                                         ``2022年前三季度``, ``2022年1-3季度`` end with a quarter)
- ``range``    ``2021..2025`` or ``2022-03..2022-05`` (multi-year averages, other spans)

January–February is released combined (``1-2月``): it is the ``ytd`` period
``2022-01..2022-02``. Under ``jan_feb_combined=True`` (the convention of value
added, investment and retail releases) a single January or February does not
exist and parsing one is an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pacesetter.errors import Bilingual, InputError, Said

PeriodKind = Literal["year", "quarter", "month", "ytd", "range"]

_EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ZH_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_ZH_NUMBERS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
               "十": 10, "十一": 11, "十二": 12}
# Range dashes as releases write them: 1-8月, 1—8月 (NBS), 1–8月, 1至8月 (Xinhua), 1~11月 (Qingdao CPI)
_DASHES = ("—", "–", "－", "～", "~", "至")
# Cumulative periods by name; 一季度 is 1-3月 (single and cumulative coincide), 全年 the year
_NAMED_YTD = {"一季度": 3, "1季度": 3, "上半年": 6, "前两季度": 6, "前二季度": 6, "前三季度": 9,
              "1-2季度": 6, "1-3季度": 9, "1-4季度": 12}


class AmbiguousPeriod(InputError):
    """A period a release writes with two readings (三季度: Q3 alone, or 前三季度 in some cities)."""

    code = "input.period_ambiguous"
    readings: tuple[Period, ...] = ()

    @classmethod
    def of(cls, text: str, readings: tuple[Period, Period]) -> AmbiguousPeriod:
        """The error naming ``text`` and both of its ``readings``."""
        error = cls.said("periods.ambiguous", text=text, first=readings[0], second=readings[1])
        error.readings = readings
        return error


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A span of whole months, ``start`` to ``end`` inclusive, with its kind."""

    start_year: int
    start_month: int
    end_year: int
    end_month: int
    kind: PeriodKind

    def __post_init__(self) -> None:
        for m in (self.start_month, self.end_month):
            if not 1 <= m <= 12:
                raise InputError.said("periods.month_range", month=m)
        if (self.end_year, self.end_month) < (self.start_year, self.start_month):
            raise InputError.said("periods.ends_before", start=f"{self.start_year}-{self.start_month:02d}")
        if self.kind == "ytd" and (self.start_month != 1 or self.start_year != self.end_year):
            raise InputError.said("periods.ytd_january")

    # --- constructors -------------------------------------------------------------------
    @classmethod
    def year(cls, y: int) -> Period:
        return cls(y, 1, y, 12, "year")

    @classmethod
    def quarter(cls, y: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise InputError.said("periods.quarter_range", quarter=q)
        return cls(y, 3 * q - 2, y, 3 * q, "quarter")

    @classmethod
    def month(cls, y: int, m: int, *, jan_feb_combined: bool = False) -> Period:
        if jan_feb_combined and m in (1, 2):
            # the catalogue writes {period:zh} / {period:en}: the label in the message's language
            raise InputError.said("periods.jan_feb", period=cls(y, m, y, m, "month"), year=y)
        return cls(y, m, y, m, "month")

    @classmethod
    def ytd(cls, y: int, m: int) -> Period:
        """January to month ``m`` of year ``y`` (1-2月 when ``m`` is 2)."""
        if m == 1:
            raise InputError.said("periods.ytd_single", year=y)
        return cls(y, 1, y, m, "ytd")

    @classmethod
    def parse(cls, text: str, *, year: int | None = None, jan_feb_combined: bool = False) -> Period:
        """Parse the forms people type; raise :class:`InputError` naming the form expected.

        ``year`` supplies the year for forms without one (``1-2月``, ``1-8月``, ``8月``).
        """
        s = str(text).strip().replace(" ", "")
        for dash in _DASHES:
            s = s.replace(dash, "-")
        if not s:
            raise InputError.said("periods.empty")
        parsed = _parse(s, year, jan_feb_combined)
        if parsed is None and (day := re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", s)):
            # a day: what Excel makes of 2012-03 typed into a cell (2012-03-01); say so
            raise InputError.said("periods.a_date", text=text, month=f"{day[1]}-{day[2]}",
                                  other=Bilingual(f"{day[1]}年{int(day[2])}月", f"{day[1]}M{day[2]}"))
        if parsed is None:
            raise InputError.said("periods.unreadable", text=text)
        return parsed

    @classmethod
    def parse_month(cls, text: str) -> Period:
        """A reporting month from 2022-08, 2022年8月 or 2022-01..2022-08 (1-2月 is given as 2022-02)."""
        period = cls.parse(text)
        if period.kind == "ytd":
            return cls.month(period.end_year, period.end_month)
        if period.kind != "month":
            raise InputError.said("periods.not_a_month", text=text)
        return period

    # --- properties ---------------------------------------------------------------------
    @property
    def is_jan_feb(self) -> bool:
        """True for the combined January–February release (1-2月)."""
        return self.kind == "ytd" and self.end_month == 2

    @property
    def n_months(self) -> int:
        return (self.end_year - self.start_year) * 12 + self.end_month - self.start_month + 1

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) inside the period, in order."""
        out = []
        y, m = self.start_year, self.start_month
        for _ in range(self.n_months):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def __str__(self) -> str:
        if self.kind == "year":
            return f"{self.start_year}"
        if self.kind == "quarter":
            return f"{self.start_year}Q{self.end_month // 3}"
        if self.kind == "month":
            return f"{self.start_year}-{self.start_month:02d}"
        if self.start_month == 1 and self.end_month == 12 and self.kind == "range":
            return f"{self.start_year}..{self.end_year}"
        return (
            f"{self.start_year}-{self.start_month:02d}..{self.end_year}-{self.end_month:02d}"
        )

    def __format__(self, spec: str) -> str:
        """``{period:zh}`` / ``{period:en}`` in a message: the label in that language; else as ``str``."""
        return self.label(spec) if spec in ("zh", "en") else format(str(self), spec)

    def label(self, lang: str = "zh") -> str:
        """As published: ``2022年1-8月`` / ``Jan–Aug 2022``; ``2022年8月`` / ``Aug 2022``."""
        y, m0, m1 = self.start_year, self.start_month, self.end_month
        if lang == "zh":
            if self.kind == "year":
                return f"{y}年"
            if self.kind == "quarter":
                return f"{y}年第{'一二三四'[m1 // 3 - 1]}季度"
            if self.kind == "month":
                return f"{y}年{m0}月"
            if self.kind == "ytd":
                return f"{y}年{m0}-{m1}月"
            if m0 == 1 and m1 == 12:
                return f"{y}-{self.end_year}年"
            return f"{y}年{m0}月-{self.end_year}年{m1}月"
        if self.kind == "year":
            return f"{y}"
        if self.kind == "quarter":
            return f"Q{m1 // 3} {y}"
        if self.kind == "month":
            return f"{_EN_MONTHS[m0 - 1]} {y}"
        if self.kind == "ytd":
            return f"{_EN_MONTHS[0]}–{_EN_MONTHS[m1 - 1]} {y}"
        if m0 == 1 and m1 == 12:
            return f"{y}–{self.end_year}"
        return f"{_EN_MONTHS[m0 - 1]} {y}–{_EN_MONTHS[m1 - 1]} {self.end_year}"

    # --- arithmetic under the release conventions -------------------------------------
    def same_period_last_year(self) -> Period:
        return Period(
            self.start_year - 1, self.start_month, self.end_year - 1, self.end_month, self.kind
        )

    def previous(self, *, jan_feb_combined: bool = True) -> Period | None:
        """The previous period of the same kind, or None where the convention has none.

        1-8月 → 1-7月; 1-3月 → 1-2月; 1-2月 → None (first release of the year).
        8月 → 7月; 3月 → 1-2月 (combined); a single January or February → None.
        """
        y, m = self.end_year, self.end_month
        if self.kind == "year":
            return Period.year(y - 1)
        if self.kind == "quarter":
            q = m // 3
            return Period.quarter(y, q - 1) if q > 1 else Period.quarter(y - 1, 4)
        if self.kind == "ytd":
            return None if m <= 2 else Period.ytd(y, m - 1)
        if self.kind == "month":
            if jan_feb_combined:
                if m <= 2:
                    return None
                return Period.ytd(y, 2) if m == 3 else Period.month(y, m - 1)
            return Period.month(y, m - 1) if m > 1 else Period.month(y - 1, 12)
        return None


def _month(m: str) -> int:
    value = int(m)
    if not 1 <= value <= 12:
        raise InputError.said("periods.month_range", month=value)
    return value


def _parse(s: str, year: int | None, jfc: bool) -> Period | None:
    if m := re.fullmatch(r"(\d{4})年?", s):
        return Period.year(int(m[1]))
    if m := re.fullmatch(r"(\d{4})[-_]?[Qq]([1-4])", s):
        return Period.quarter(int(m[1]), int(m[2]))
    if named := _parse_named(s, year):
        return named
    if m := re.fullmatch(r"(\d{4})(?:-|M|m|/)(\d{1,2})", s):
        return Period.month(int(m[1]), _month(m[2]), jan_feb_combined=jfc)
    if m := re.fullmatch(r"(\d{4})年(\d{1,2})月(?:份)?", s):
        return Period.month(int(m[1]), _month(m[2]), jan_feb_combined=jfc)
    if m := re.fullmatch(r"(?:(\d{4})年)?(\d{1,2})-(\d{1,2})月(?:份)?", s):
        y = int(m[1]) if m[1] else year
        if y is None:
            raise InputError.said("periods.no_year", text=s, example=f"2022年{m[2]}-{m[3]}月")
        a, b = _month(m[2]), _month(m[3])
        return Period.ytd(y, b) if a == 1 else Period(y, a, y, b, "range")
    if m := re.fullmatch(r"(\d{1,2})月(?:份)?", s):
        if year is None:
            raise InputError.said("periods.no_year", text=s, example=f"2022年{m[1]}月")
        return Period.month(year, _month(m[1]), jan_feb_combined=jfc)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})\.\.(\d{4})-(\d{1,2})", s):
        y0, m0, y1, m1 = int(m[1]), _month(m[2]), int(m[3]), _month(m[4])
        if y0 == y1 and m0 == 1 and m1 > 1:
            return Period.ytd(y0, m1)
        if (y0, m0) == (y1, m1):
            return Period.month(y0, m0, jan_feb_combined=jfc)
        return Period(y0, m0, y1, m1, "range")
    if m := re.fullmatch(r"(\d{4})\.\.(\d{4})", s):
        y0, y1 = int(m[1]), int(m[2])
        return Period.year(y0) if y0 == y1 else Period(y0, 1, y1, 12, "range")
    return None


def _parse_named(s: str, year: int | None) -> Period | None:
    """Quarters and named cumulative periods, with the year written or given: 2024年上半年,
    2024上半年, 上半年 (with ``year``), 第三季度, 三季度单季, 前7个月, 全年; 三季度 alone is ambiguous."""
    m = re.fullmatch(r"(?:(\d{4})年?)?(.+)", s)
    if m is None:  # pragma: no cover - the pattern matches any non-empty text
        return None
    name = m[2]
    single = re.fullmatch(r"第([一二三四1-4])季度|([一二三四1-4])季度(?:单季|当季)", name)
    months = re.fullmatch(r"前(\d{1,2}|[一二两三四五六七八九十]{1,2})个月", name)
    plain = re.fullmatch(r"([二三四2-4])季度", name)
    if not (single or months or plain or name in _NAMED_YTD or name == "全年"):
        return None
    y = int(m[1]) if m[1] else year
    if y is None:
        raise InputError.said("periods.no_year", text=s, example=f"2022年{name}")
    if single:
        return Period.quarter(y, _ZH_DIGITS[single[1] or single[2]])
    if months:
        n = int(months[1]) if months[1].isdigit() else _ZH_NUMBERS.get(months[1], 0)
        return Period.ytd(y, _month(str(n))) if n != 1 else Period.month(y, 1)
    if plain:
        quarter = _ZH_DIGITS[plain[1]]
        if quarter == 3:  # releases write 三季度 for both Q3 and 前三季度
            raise AmbiguousPeriod.of(s, (Period.quarter(y, 3), Period.ytd(y, 9)))
        return Period.quarter(y, quarter)
    return Period.year(y) if name == "全年" else Period.ytd(y, _NAMED_YTD[name])


def off_calendar(period: Period, kinds: tuple[str, ...], jan_feb_combined: bool | None) -> Said | None:
    """Why ``period`` is not a period the indicator is published for (a message of the catalogue,
    ``io.rules.off_calendar.*``); None if it is.

    ``kinds`` are the period kinds the catalogue states. A whole year is the same span as January
    to December, so ``year`` and a year to date ending in December stand for each other; a
    January alone is the first year-to-date value (1月 is 1月 cumulative) unless January is
    released only with February.
    """
    kind = period.kind
    january_or_feb = kind == "month" and period.start_month in (1, 2)
    if jan_feb_combined and (january_or_feb or (kind == "ytd" and period.end_month == 1)):
        return Said("io.rules.off_calendar.jan_feb", period=period, year=period.start_year)
    if not kinds:
        return None
    allowed = set(kinds)
    if "ytd" in allowed:
        allowed.add("year")
    whole_year = kind == "ytd" and period.end_month == 12 and "year" in allowed
    # January alone, or the first quarter, is the span of the first year-to-date value
    first_month = kind in ("month", "quarter") and period.start_month == 1 and "ytd" in allowed
    if kind in allowed or whole_year or first_month:
        return None
    return Said("io.rules.off_calendar.kind", period=period, kind=Said(f"io.rules.off_calendar.kinds.{kind}"),
                kinds=tuple(Said(f"io.rules.off_calendar.kinds.{k}") for k in kinds))

