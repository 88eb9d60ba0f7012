"""Wording as published: numbers, growth clauses, direction words and period names (zh/en)."""

from __future__ import annotations

from pacesetter.model.periods import Period
from pacesetter.monitor.growth import Direction, round_half_up
from pacesetter.release.compose import Change, Number, change_text, growth_text
from pacesetter.release.grammar import VerbFamily, grammar
from pacesetter.release.periods import render_release_period
from pacesetter.release.precision import format_decimal

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
    return format_decimal(value, digits, lang=lang)


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


def render_growth(value: float, lang: str = "zh", *, mark: str = "", yoy: bool = True,
                  decimals: int = 1) -> str:
    """The growth clause in the default wording: 同比增长3.6% / 同比下降1.3% / 增长1.1倍 (≥100 %).

    ``mark`` (a footnote reference) goes right after the number and its unit.
    """
    return growth_text(Number(value, decimals, mark), lang, yoy=yoy)


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
    rate: bool = False, decimals: int = 1,
) -> str:
    """The comparison clause in the default wording, e.g. 比1-7月份加快0.3个百分点.

    ``against`` names the earlier period (and may state its value); ``mark`` follows
    the pp number. ``rate=True`` words a level that is itself a rate (PMI, a share,
    the unemployment rate): 提高 / 下降 instead of 加快 / 回落, no sign-change words.
    """
    return change_text(Change(direction, Number(pp, decimals, mark), against, rate=rate), lang)


# Section headlines by the lead figure's direction: 一、工业生产增速加快.
HEADLINES: dict[str, dict[Direction, str]] = {
    "zh": {"up": "增速加快", "down": "增速回落", "flat": "增速持平",
           "turned_positive": "增速由负转正", "turned_negative": "增速由正转负",
           "decline_narrowed": "降幅收窄", "decline_widened": "降幅扩大"},
    "en": {"up": "growth picked up", "down": "growth slowed", "flat": "growth unchanged",
           "turned_positive": "growth turned positive", "turned_negative": "growth turned negative",
           "decline_narrowed": "the decline narrowed", "decline_widened": "the decline widened"},
}


def headline(direction: Direction, family: VerbFamily, lang: str) -> str:
    """A section's headline after its title, from its lead figure: 增速加快; a price 涨幅扩大
    (grammar.yaml price_directions)."""
    if family == "price":
        words = grammar().price_direction(direction).headline
        return words.zh if lang == "zh" else words.en
    return HEADLINES[lang][direction]


def render_period(period: Period, lang: str = "zh", *, within_year: int | None = None) -> str:
    """A period as the text of a release in the default style (1-8月份, 上半年 / Jan–Aug, H1)."""
    return render_release_period(period, lang, within_year=within_year)
