"""Units as published in Chinese statistics, with explicit conversions.

Written by hand rather than with pint: the units we need are a short, closed
list of Chinese counting and money units (万元, 亿元, 个百分点, 家, 条 ...) whose
spellings and aliases matter more than dimensional algebra; a table keeps every
conversion visible and testable.
"""

from __future__ import annotations

from dataclasses import dataclass

from pacesetter.errors import UnitError


@dataclass(frozen=True, slots=True)
class Unit:
    """A canonical unit: its symbol, English label, dimension and factor to the base."""

    symbol: str
    en: str
    dimension: str
    factor: float  # value in this unit x factor = value in the dimension's base unit


_UNITS = [
    Unit("元", "yuan", "money_cny", 1.0),
    Unit("万元", "10 thousand yuan", "money_cny", 1e4),
    Unit("亿元", "100 million yuan", "money_cny", 1e8),
    Unit("万亿元", "trillion yuan", "money_cny", 1e12),
    Unit("美元", "US dollars", "money_usd", 1.0),
    Unit("千美元", "thousand US dollars", "money_usd", 1e3),
    Unit("万美元", "10 thousand US dollars", "money_usd", 1e4),
    Unit("亿美元", "100 million US dollars", "money_usd", 1e8),
    Unit("%", "%", "percent", 1.0),
    Unit("个百分点", "percentage points", "pp", 1.0),
    Unit("位", "rank", "rank", 1.0),
    Unit("家", "enterprises", "count_enterprise", 1.0),
    Unit("个", "units", "count", 1.0),
    Unit("条", "chains", "count_chain", 1.0),
    Unit("人", "persons", "persons", 1.0),
    Unit("万人", "10 thousand persons", "persons", 1e4),
    Unit("亩", "mu", "area_mu", 1.0),
    Unit("万元/亩", "10 thousand yuan per mu", "money_per_mu", 1.0),
    Unit("万元/人", "10 thousand yuan per person", "money_per_person", 1.0),
    Unit("上月=100", "previous month = 100", "index_prev_month", 1.0),
    Unit("上年同月=100", "same month last year = 100", "index_prev_year", 1.0),
    Unit("指数", "index", "index", 1.0),
    Unit("比例", "ratio", "ratio", 1.0),
    Unit("吨", "tonnes", "mass", 1.0),
    Unit("万吨", "10 thousand tonnes", "mass", 1e4),
]
UNITS: dict[str, Unit] = {u.symbol: u for u in _UNITS}

_ALIASES = {
    "yuan": "元", "万": "万元", "亿": "亿元", "亿元人民币": "亿元", "万亿": "万亿元",
    "percent": "%", "pct": "%", "％": "%",
    "pp": "个百分点", "百分点": "个百分点", "percentage points": "个百分点",
    "rank": "位", "名": "位", "enterprises": "家", "户": "家", "项": "个",
    "ratio": "比例", "index": "指数", "persons": "人", "10k persons": "万人",
}


def normalise_unit(text: str) -> Unit:
    """Return the canonical unit for a spelling, or raise :class:`UnitError`."""
    s = str(text).strip()
    symbol = _ALIASES.get(s, _ALIASES.get(s.lower(), s))
    if symbol not in UNITS:
        raise UnitError.said("common.units.unknown", unit=text, known=tuple(UNITS))
    return UNITS[symbol]


def unit_label(text: str, lang: str) -> str:
    """A unit as written in ``lang``: as published in zh, its English name in en ("pp" for 个百分点)."""
    if lang == "zh":
        return text
    return "pp" if text == "个百分点" else normalise_unit(text).en


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between two units of one dimension (e.g. 万元 → 亿元 divides by 1e4)."""
    a, b = normalise_unit(from_unit), normalise_unit(to_unit)
    if a.dimension != b.dimension:
        raise UnitError.said("common.units.mismatch", a=a.symbol, a_dim=a.dimension, b=b.symbol,
                             b_dim=b.dimension)
    if a.symbol == b.symbol:
        return value
    return value * a.factor / b.factor
