"""Indicators: what is measured, in which unit, and which direction is better."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from pacesetter.model.periods import PeriodKind
from pacesetter.model.units import normalise_unit

# contribution_share (贡献率) is a share of a *change*: it can be negative or above 100 %.
IndicatorKind = Literal[
    "level", "growth", "share", "contribution_share", "rank", "count", "index", "pp_change"
]
Frequency = Literal["year", "quarter", "month", "irregular"]
Polarity = Literal["higher", "lower", "neutral"]


class Indicator(BaseModel):
    """An indicator. ``kind='growth'`` means year-on-year growth at comparable prices."""

    model_config = ConfigDict(frozen=True)

    id: str
    name_zh: str
    name_en: str
    unit: str
    frequency: Frequency = "year"
    kind: IndicatorKind
    polarity: Polarity = "higher"
    definition: str = ""
    agency: str = ""
    # The kinds of period it is published as, and whether 1-2月 is released combined; None: not stated.
    period_kinds: tuple[PeriodKind, ...] | None = None
    jan_feb_combined: bool | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        return normalise_unit(v).symbol
