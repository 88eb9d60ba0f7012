"""Published precision: a figure keeps the decimals it was published with.

"4%" stays 4%, "0.99个百分点" keeps two decimals, "14136.46亿元" two (CONVENTIONS §9). The
store keeps the decimals as written (``observations.decimals``, migration 010) where it knows
them; a figure without them falls back on the usual precision of its unit (one decimal for %
and 个百分点, the stored digits up to two for amounts). Derived figures round half-up (四舍五入)
to the precision of their inputs: the finest of them.
"""

from __future__ import annotations

# the decimals of a number as written ("4" → 0, "0.99个百分点" → 2): the importer's reading
from pacesetter.io.validate import written_decimals as decimals_of
from pacesetter.render.numbers import round_half_up  # with the figures' formatting, below this layer

__all__ = ["decimals_of", "derived_decimals", "format_decimal", "round_half_up", "shown_decimals",
           "stored_decimals"]
RATE_UNITS = ("%", "个百分点", "pp")
DEFAULT_RATE_DECIMALS = 1
MAX_AMOUNT_DECIMALS = 2


def stored_decimals(value: float) -> int:
    """The decimals a stored double shows (27.48 → 2, 5.0 → 0), at most two."""
    text = f"{round_half_up(value, MAX_AMOUNT_DECIMALS):.{MAX_AMOUNT_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1])


def shown_decimals(value: float, unit: str, decimals: int | None) -> int:
    """The decimals to show a figure with: as published when known, else its unit's usual ones.

    A rate or pp change without its published precision shows one decimal, or two where the
    stored value has exactly two (城镇化率 65.53 %; an unrounded 43.3229… shows one); an amount
    shows its stored digits up to two.
    """
    if decimals is not None:
        return decimals
    if unit in RATE_UNITS:
        exactly_two = round(value, 2) == value and round(value, 1) != value
        return 2 if exactly_two else DEFAULT_RATE_DECIMALS
    return stored_decimals(value)


def derived_decimals(*inputs: int) -> int:
    """The precision of a figure derived from figures of ``inputs`` decimals: the finest of them."""
    return max(inputs, default=DEFAULT_RATE_DECIMALS)


def format_decimal(value: float, decimals: int, *, lang: str = "zh") -> str:
    """``value`` rounded half-up to ``decimals``; thousands separators in English only, never "-0"."""
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = 0.0
    return f"{rounded:,.{decimals}f}" if lang == "en" else f"{rounded:.{decimals}f}"
