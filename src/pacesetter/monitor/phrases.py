"""Wording as published: numbers, growth clauses, direction words and period names (zh/en)."""

from __future__ import annotations

from pacesetter.model.periods import Period
from pacesetter.monitor.growth import Direction, round_half_up

_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
_EN_SHORT = [m[:3] for m in _EN_MONTHS]
_QUARTER_ZH = {3: "一季度", 6: "上半年", 9: "前三季度"}
_QUARTER_EN = {3: "Q1", 6: "H1", 9: "the first three quarters"}

# Direction words (GLOSSARY): the word alone, for warnings, tables and tests.
DIRECTION_WORDS: dict[str, dict[Direction, str]] = {
    "zh": {"up": "加快", "down": "回落", "flat": "持平", "turned_positive": "由负转正",
           "turned_negative": "由正转负", "decline_narrowed": "降幅收窄",
           "decline_widened": "降幅扩大"},
    "en": {"up": "accelerated", "down": "slowed", "flat": "unchanged",
           "turned_positive": "turned positive", "turned_negative": "turned negative",
           "decline_narrowed": "decline narrowed", "decline_widened": "decline widened"},
}


def format_number(value: float, digits: int = 1, *, lang: str = "zh") -> str:
    """Round half-up to ``digits``; thousands separators in English only (none in zh body text)."""
    rounded = round_half_up(value, digits)
    if rounded == 0:
        rounded = 0.0  # never print "-0.0"
    return f"{rounded:,.{digits}f}" if lang == "en" else f"{rounded:.{digits}f}"


def format_plain(value: float) -> str:
    """A stored value as stored, with at least one decimal: 5.0, 27.48, 14136.46."""
    text = f"{value:.10g}"
    return text if ("." in text or "e" in text) else f"{text}.0"


def format_amount(value: float, *, lang: str = "zh") -> str:
    """An amount to two decimals at most, trailing zeros dropped (14136.46, 36258)."""
    text = format_number(value, 2, lang=lang)
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_pp(value: float, lang: str = "zh") -> str:
    """A change in percentage points, unsigned: ``0.3个百分点`` / ``0.3 percentage points``."""
    number = format_number(abs(value), 1, lang=lang)
    return f"{number}个百分点" if lang == "zh" else f"{number} percentage points"


def render_growth(value: float, lang: str = "zh", *, mark: str = "", yoy: bool = True) -> str:
    """The growth clause: 同比增长3.6% / 同比下降1.3% / 增长1.1倍 (≥100 %) / 与上年同期持平.

    ``mark`` (a footnote reference) goes right after the number and its unit.
    """
    rounded = round_half_up(value, 1)
    if lang == "zh":
        prefix = "同比" if yoy else ""
        if rounded == 0:
            return f"{'与上年同期持平' if yoy else '持平'}{mark}"
        if rounded >= 100:
            return f"{prefix}增长{format_number(value / 100, 1)}倍{mark}"
        verb = "增长" if rounded > 0 else "下降"
        return f"{prefix}{verb}{format_number(abs(value), 1)}%{mark}"
    suffix = " year on year" if yoy else ""
    if rounded == 0:
        return f"unchanged{mark}{suffix}"
    verb = "up" if rounded > 0 else "down"
    return f"{verb} {format_number(abs(value), 1, lang='en')}%{mark}{suffix}"


def render_price_change(value: float, lang: str = "zh", *, mark: str = "") -> str:
    """A month-on-month price change with price verbs: 环比上涨0.3% / 环比下降0.1% / 环比持平."""
    rounded = round_half_up(value, 1)
    number = format_number(abs(value), 1, lang=lang)
    if lang == "zh":
        if rounded == 0:
            return f"环比持平{mark}"
        return f"环比{'上涨' if rounded > 0 else '下降'}{number}%{mark}"
    if rounded == 0:
        return f"unchanged{mark} month on month"
    return f"{'up' if rounded > 0 else 'down'} {number}%{mark} month on month"


def render_change(
    direction: Direction, pp: float, against: str, lang: str = "zh", *, mark: str = "",
    rate: bool = False,
) -> str:
    """The comparison clause against an earlier period, e.g. 比1-7月份加快0.3个百分点.

    ``against`` names the earlier period (and may state its value); ``mark`` follows
    the pp number. ``rate=True`` words a level that is itself a rate (PMI, a share,
    the unemployment rate): 提高 / 下降 instead of 加快 / 回落, no sign-change words.
    """
    size = format_pp(pp, lang) + mark
    if lang == "zh":
        word = DIRECTION_WORDS["zh"]
        if direction == "flat":
            return f"与{against}{word['flat']}{mark}"
        if rate:
            return f"比{against}{'提高' if pp > 0 else '下降'}{size}"
        return {
            "up": f"比{against}{word['up']}{size}",
            "down": f"比{against}{word['down']}{size}",
            "turned_positive": f"增速{word['turned_positive']}，比{against}回升{size}",
            "turned_negative": f"增速{word['turned_negative']}，比{against}{word['down']}{size}",
            "decline_narrowed": f"降幅比{against}收窄{size}",
            "decline_widened": f"降幅比{against}扩大{size}",
        }[direction]
    if direction == "flat":
        return f"unchanged{mark} from {against}"
    if rate:
        return f"{'up' if pp > 0 else 'down'} {size} from {against}"
    return {
        "up": f"{size} faster than {against}",
        "down": f"{size} slower than {against}",
        "turned_positive": f"turning positive, {size} higher than {against}",
        "turned_negative": f"turning negative, {size} lower than {against}",
        "decline_narrowed": f"the decline narrowing by {size} from {against}",
        "decline_widened": f"the decline widening by {size} from {against}",
    }[direction]


# Section headlines by the lead figure's direction: 一、工业生产增速加快.
HEADLINES: dict[str, dict[Direction, str]] = {
    "zh": {"up": "增速加快", "down": "增速回落", "flat": "增速持平",
           "turned_positive": "增速由负转正", "turned_negative": "增速由正转负",
           "decline_narrowed": "降幅收窄", "decline_widened": "降幅扩大"},
    "en": {"up": "growth picked up", "down": "growth slowed", "flat": "growth unchanged",
           "turned_positive": "growth turned positive", "turned_negative": "growth turned negative",
           "decline_narrowed": "the decline narrowed", "decline_widened": "the decline widened"},
}


def render_period(period: Period, lang: str = "zh", *, within_year: int | None = None) -> str:
    """A period as the text of a release; the year is dropped when it is ``within_year``.

    zh: 1-8月份, 8月份, 上半年 (1-6月), 2021年12月份, 上年全年; en: Jan–Aug, August, H1, ….
    """
    same_year = within_year == period.end_year
    y, m = period.end_year, period.end_month
    if lang == "zh":
        year = "" if same_year else f"{y}年"
        if period.kind == "ytd":
            if m == 12:
                return {y: "全年", y + 1: "上年全年"}.get(within_year or 0, f"{y}年全年")
            return f"{year}{_QUARTER_ZH[m]}" if m in _QUARTER_ZH else f"{year}1-{m}月份"
        if period.kind == "month":
            return f"{year}{m}月份"
        return period.label("zh")
    year = "" if same_year else f" {y}"
    if period.kind == "ytd":
        if m == 12:
            return {y: "the year as a whole", y + 1: "last year as a whole"}.get(
                within_year or 0, f"{y} as a whole")
        return f"{_QUARTER_EN[m]}{year}" if m in _QUARTER_EN else f"Jan–{_EN_SHORT[m - 1]}{year}"
    if period.kind == "month":
        return f"{_EN_MONTHS[m - 1]}{year}"
    return period.label("en")
