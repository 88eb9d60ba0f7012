"""Chains, segments, enterprises, parks, projects, policies and targets."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pacesetter.model.uscc import validate_uscc

Stage = Literal["up", "mid", "down"]
ChainCategory = Literal["advantage", "emerging", "service", "unidentified"]
ProjectStage = Literal[
    "negotiating", "signed", "started", "producing", "at_capacity", "terminated"
]
PROJECT_STAGE_ZH: dict[str, str] = {
    "negotiating": "洽谈", "signed": "签约", "started": "开工",
    "producing": "投产", "at_capacity": "达产", "terminated": "终止",
}


class _Entity(BaseModel):
    model_config = ConfigDict(frozen=True)


class Chain(_Entity):
    """A key industrial chain (产业链); ``identified=False`` keeps an unknown slot visible."""

    id: str
    name_zh: str
    name_en: str
    category: ChainCategory
    identified: bool = True
    source: str = ""
    note: str = ""


class Segment(_Entity):
    """A segment (环节) of a chain; the taxonomy is authored unless stated otherwise."""

    id: str
    chain_id: str
    name_zh: str
    name_en: str
    stage: Stage
    depends_on: list[str] = Field(default_factory=list)
    industry_codes: list[str] = Field(default_factory=list)
    critical: bool = False
    authored: bool = True


class Enterprise(_Entity):
    """An enterprise; ``uscc`` is validated with its GB 32100-2015 check character."""

    id: str
    name_zh: str
    name_en: str = ""
    uscc: str | None = None
    region_code: str | None = None
    park_id: str | None = None
    industry_code: str | None = None
    segments: list[str] = Field(default_factory=list)
    chain_leader: bool = False
    srdi: bool = False
    high_tech: bool = False
    source: str = ""
    synthetic: bool = False

    @field_validator("uscc")
    @classmethod
    def _uscc(cls, v: str | None) -> str | None:
        return validate_uscc(v) if v else None


class Park(_Entity):
    """An industrial park (园区, the carrier)."""

    id: str
    name_zh: str
    name_en: str = ""
    district: str = ""
    chain_ids: list[str] = Field(default_factory=list)
    area_mu: float | None = None
    facts: str = ""
    source: str = ""


class Project(_Entity):
    """An investment project and its lifecycle stage."""

    id: str
    name_zh: str
    investor: str = ""
    chain_id: str | None = None
    stage: ProjectStage = "negotiating"
    stage_date: dt.date | None = None
    investment_yi: float | None = None
    district: str = ""
    source: str = ""
    note: str = ""


class Policy(_Entity):
    """A policy, plan, mechanism or fund (政策, the guarantee)."""

    id: str
    name_zh: str
    year: int | None = None
    issuer: str = ""
    chain_ids: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)
    amount_yi: float | None = None
    summary: str = ""
    source: str = ""


class Target(_Entity):
    """A target for an indicator in a region (e.g. manufacturing share ≥ 30 % by 2026)."""

    indicator_id: str
    region_code: str
    year: int
    value: float
    unit: str
    comparison: Literal[">=", ">", "<=", "<", "="] = ">="
    source: str = ""
    note: str = ""
