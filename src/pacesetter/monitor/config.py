"""The bulletin's section list (``sections.yaml``): pydantic models and a validating loader.

The validators raise with a message of the catalogue (``analysis_errors``), which the loader
(:func:`pacesetter.model.declarative.load_validated`) shows in the user's language.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pacesetter.errors import InputError
from pacesetter.model.declarative import load_validated


class Label(BaseModel):
    """A text in both languages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    zh: str
    en: str
    # the English text is plural ("consumer prices", "exports"): its verb agrees (were up)
    plural: bool = False

    def get(self, lang: str) -> str:
        """The text in ``lang`` (zh or en)."""
        return self.zh if lang == "zh" else self.en


class Item(BaseModel):
    """One line of a section: which indicators it reads and how it is worded."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["growth", "rate", "level", "price", "contribution"]
    label: Label
    of: Label | None = None
    id: str | None = None
    ytd: str | None = None
    month: str | None = None
    level: str | None = None
    pull: str | None = None
    change: str | None = None
    ytd_change: str | None = None
    month_change: str | None = None
    level_period: Literal["ytd", "month"] = "ytd"
    frequency: Literal["month", "quarter", "ytd", "year"] = "month"
    month_from_ytd: bool = False
    month_end: bool = False
    display_unit: str | None = None
    index_base: float | None = None
    # a component's share of the total (`share`: indicator id, `share_of`: the total's name), its
    # gap to the total's growth (`gap`: the total's growth id, `gap_of`: its name) and, with `pull`
    # on a growth item, its pull on `of` (拉动规模以上工业增长…个百分点)
    # months an indicator reaches the release late (规上服务业 in the 1-8月 release is 1-7月: 1)
    lag_months: int = Field(default=0, ge=0, le=2)
    # a balance at the month's end (存贷款余额): "8月末" rather than "8月份"
    stock: bool = False
    # verbs of the figure: growth 增长 / 下降, price 上涨 / 下降 (CPI year on year)
    family: Literal["growth", "price"] = "growth"
    # 同比 before the growth (false: "第二产业增加值2458.61亿元，增长5.3%")
    yoy: bool = True
    share: str | None = None
    share_of: Label | None = None
    # a published two-year average (两年平均增长, an indicator id), cited as published; without
    # one the bulletin computes it in `two_year_average_years`
    two_year: str | None = None
    gap: str | None = None
    gap_of: Label | None = None

    @model_validator(mode="after")
    def _ids(self) -> Item:
        if self.kind == "growth" and not (self.ytd or self.month):
            raise InputError.said("analysis_errors.growth_ids")
        if self.kind != "growth" and not self.id:
            raise InputError.said("analysis_errors.item_id", kind=self.kind)
        if self.kind == "contribution" and not (self.pull and self.of):
            raise InputError.said("analysis_errors.contribution_ids")
        for key, name in (("share", "share_of"), ("gap", "gap_of"), ("pull", "of")):
            if getattr(self, key) and getattr(self, name) is None:
                raise InputError.said("analysis_errors.needs_label", key=key, name=name)
        return self

    def indicator_ids(self) -> list[str]:
        """Every indicator id the item reads."""
        ids = (self.id, self.ytd, self.month, self.level, self.pull, self.change, self.ytd_change,
               self.month_change, self.share, self.gap, self.two_year)
        return [i for i in ids if i]


class Section(BaseModel):
    """A numbered section of the bulletin (一、工业生产 ...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: Label
    items: list[Item]


class BulletinConfig(BaseModel):
    """The whole section list and the years that also state two-year averages."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    two_year_average_years: list[int] = []
    sections: list[Section]

    def indicator_ids(self) -> list[str]:
        """Every indicator id any item reads, in order, without repeats."""
        ids = [i for s in self.sections for item in s.items for i in item.indicator_ids()]
        return list(dict.fromkeys(ids))


def load_sections(path: Path | None = None) -> BulletinConfig:
    """Load and validate a section list; the shipped ``sections.yaml`` when ``path`` is None."""
    source = path or Path(str(resources.files("pacesetter.monitor") / "sections.yaml"))
    return load_validated(source, BulletinConfig)
