"""Regions identified by GB/T 2260 administrative division codes."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from pacesetter.errors import InputError

RegionLevel = Literal["country", "province", "city", "county"]
_CODE = re.compile(r"\d{6}")


class Region(BaseModel):
    """A country, province, city or district/county (Qingdao = 370200, Ningbo = 330200)."""

    model_config = ConfigDict(frozen=True)

    code: str
    name_zh: str
    name_en: str
    level: RegionLevel
    parent: str | None = None
    synthetic: bool = False

    @field_validator("code")
    @classmethod
    def _six_digits(cls, v: str) -> str:
        return check_region_code_form(v)


def check_region_code_form(code: str) -> str:
    """Return a 6-digit GB/T 2260 code or raise :class:`InputError` (a ValueError, which a
    pydantic validator reports with the error itself) naming the expected form."""
    c = str(code).strip()
    if not _CODE.fullmatch(c):
        raise InputError.said("input.error.region_form", code=code)
    return c


def level_of(code: str) -> RegionLevel:
    """The level implied by a code's trailing zeros (000000 is the country)."""
    if code == "000000":
        return "country"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"
