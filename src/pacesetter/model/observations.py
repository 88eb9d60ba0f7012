"""Observations: one figure with its unit, period, source, vintage and status."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from pacesetter.model.periods import Period
from pacesetter.model.regions import check_region_code_form
from pacesetter.model.units import normalise_unit

# "not_stated" (未注明) unless the source says preliminary, final or revised.
Status = Literal["not_stated", "preliminary", "final", "revised", "target", "expected"]


class Observation(BaseModel):
    """A figure. A revision is a new row with a later ``vintage``; nothing is overwritten.

    ``vintage`` is the release date; ``None`` means the source does not state it
    (shown as such, never filled in). ``derived_from`` holds the formula of a
    derived figure; ``flags`` keeps reliability notes (LOW RELIABILITY, ...).
    """

    model_config = ConfigDict(frozen=True)

    indicator_id: str
    region_code: str
    period: str
    value: float
    unit: str
    source: str
    source_title: str = ""
    quote: str = ""
    vintage: dt.date | None = None
    status: Status = "not_stated"
    note: str = ""
    flags: str = ""
    derived_from: str = ""
    synthetic: bool = False

    @field_validator("region_code")
    @classmethod
    def _region(cls, v: str) -> str:
        return check_region_code_form(v)

    @field_validator("period")
    @classmethod
    def _period(cls, v: str) -> str:
        return str(Period.parse(v))

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str) -> str:
        return normalise_unit(v).symbol

    @model_validator(mode="after")
    def _sourced(self) -> Observation:
        if not self.source.strip():
            raise ValueError("an observation needs a source (URL or document)")
        return self
