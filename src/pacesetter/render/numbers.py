"""Figures as people read them: the unit always shown, separators as each language publishes.

Chinese body text has no thousands separators (as published); English has them. Counts of
things (位, 家, 人) are whole; other figures keep up to two decimals, trailing zeros dropped.
Missing is "—" (the page or table says why), never 0.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from pacesetter.i18n import t
from pacesetter.model.units import unit_label

WHOLE_UNITS = frozenset({"位", "家", "人"})
# Amounts in English: 亿 (100 million) read as billions, the English unit and the factor to it
EN_AMOUNTS = {"亿元": ("bn yuan", 0.1), "亿美元": ("bn US dollars", 0.1)}


def round_half_up(value: float, digits: int = 1) -> float:
    """Round as NBS does (四舍五入, half away from zero): 2.25 → 2.3, −0.05 → −0.1."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def format_share(share: object, decimals: int = 0) -> str:
    """A share (0.125) as a percentage rounded half-up as published (13%, not Python's 12%); "—"
    when missing."""
    try:
        value = float(share)  # type: ignore[arg-type]  # NumPy and Python numbers; None, NA refused
    except (TypeError, ValueError):
        return "—"
    return "—" if math.isnan(value) else f"{round_half_up(100 * value, decimals):.{decimals}f}%"


def format_value(value: float | None, unit: str, lang: str = "zh", *, signed: bool = False) -> str:
    """``value`` with its unit in ``lang`` (zh or en); "—" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    sign = "+" if signed else ""
    sep = "" if lang == "zh" else ","
    text = (f"{value:{sign}{sep}.0f}" if unit in WHOLE_UNITS
            else f"{value:{sign}{sep}.2f}".rstrip("0").rstrip("."))
    label = unit_label(unit, lang)
    return f"{text}{'' if label == '%' else ' '}{label}"


def format_gap(gap: float | None, unit: str, lang: str = "zh") -> str:
    """A city's gap to a peer: :func:`format_value` signed, but a gap in rank (位) says who is ahead
    ("1 place behind", "落后 1 位"): a signed "+1" reads as ahead where a larger number is a lower place."""
    if gap is None or math.isnan(gap) or unit != "位":
        return format_value(gap, unit, lang, signed=True)
    places = round(abs(gap))
    if places == 0:
        return t("common.rank_gap.level", lang)
    key = ("behind" if gap > 0 else "ahead") + ("_one" if places == 1 else "")
    return t(f"common.rank_gap.{key}", lang, n=places)
