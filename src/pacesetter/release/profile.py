"""City wording profiles (``profiles/*.yaml``): the choices a bureau makes within the grammar.

Which direction words, whether the earlier value is stated, 上月 or 7月份, 1-6月份 or 上半年,
倍 from 100 %, the names it gives indicators (规上工业增加值) and the subject it opens a
section with (全市). The shipped ``default.yaml`` follows the most common national usage; a
region code selects its city's profile unless the user names another (a name or a file).
Validated on load like every declarative file: words must be the grammar's.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pacesetter.errors import ConfigError, InputError
from pacesetter.model.declarative import load_validated
from pacesetter.release.grammar import ChangeWord, grammar
from pacesetter.release.periods import PeriodStyle

PROFILES = Path(str(resources.files("pacesetter.release") / "profiles"))


class Profile(BaseModel):
    """One city's wording choices."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    region_codes: list[str] = []
    # 全市 before a section's first figure ("first_line") or before every line of the
    # section's lead item ("lead_item"); empty: none
    subject: str = ""
    subject_on: Literal["first_line", "lead_item"] = "first_line"
    month_suffix: Literal["月份", "月"] = "月份"
    # 比一季度 / 比上半年 / 比前三季度 for an earlier period ending at a quarter; else 比1-6月份
    quarter_names: bool = True
    # 比上月, 比7月份 or 较7月当月 for the previous single month
    previous_month: Literal["上月", "month", "当月"] = "上月"
    # 比上年全年 or 比2023年 for the previous year as a whole
    previous_year: Literal["上年全年", "year"] = "上年全年"
    # 一季度 (1-3月) compared with 1-2月, or with the previous year as a whole (Qingdao: "一季度全市
    # 固定资产投资同比增长5.4%,比2023年加快0.4个百分点")
    first_quarter_against: Literal["previous_period", "previous_year"] = "previous_period"
    # 比1-7月份加快… or 比1-7月份的3.3%加快…
    state_previous_value: bool = False
    # 由负转正 named ("增速由负转正，比4月份回升8.8个百分点") or both values stated
    # ("由1-7月下降1.3%转为增长1.5%")
    sign_change: Literal["named", "values"] = "named"
    lead_in: Literal["比", "较"] = "比"
    # the word written for each direction of a growth rate's change; each from the grammar's list
    words: dict[ChangeWord, str] = {}
    # a single month compared with the month before, where the city words it otherwise
    month_lead_in: Literal["比", "较"] | None = None
    month_words: dict[ChangeWord, str] = {}
    # the words for a rate or share that moves (提高 / 下降)
    rate_up: str = "提高"
    rate_down: str = "下降"
    # 增长1.1倍 from this growth in % on; none: always in %
    times_from: float | None = 100
    # decimals of a change in percentage points the bulletin computes (a published one keeps its
    # own); none: the precision of the two rates it is computed from
    pp_decimals: int | None = Field(default=None, ge=0, le=3)
    # 同比增长 for the section's lead figures / for the others
    yoy_lead: bool = True
    yoy_others: bool = True
    # indicator id -> the name this city writes (e.g. above_size_industry_va_growth: 规上工业增加值)
    labels: dict[str, str] = {}
    # indicator id -> a remark before its growth (gdp_growth: 按不变价格计算)
    remarks: dict[str, str] = {}
    # indicator id -> the verb before its name when its level is stated (gdp_growth: 实现, as in
    # "全市实现地区生产总值3516.4亿元")
    level_verbs: dict[str, str] = {}

    @model_validator(mode="after")
    def _grammar_words(self) -> Profile:
        # InputError is a ValueError: pydantic reports it with the key path, in the user's language
        g = grammar()
        for key, chosen in (("words", self.words), ("month_words", self.month_words)):
            for direction, word in chosen.items():
                allowed = g.change_words(direction)
                if word not in allowed:
                    raise InputError.said("input.error.profile_word", key=key, direction=direction,
                                          word=word, allowed=allowed)
        for key, word, direction in (("rate_up", self.rate_up, "up"),
                                     ("rate_down", self.rate_down, "down")):
            if word not in (allowed := g.change_words(direction)):
                raise InputError.said("input.error.profile_choice", key=key, word=word, allowed=allowed)
        for indicator, remark in self.remarks.items():
            if remark not in g.remarks:  # a bulletin in en must have its English
                raise InputError.said("input.error.profile_choice", key=f"remarks.{indicator}",
                                      word=remark, allowed=tuple(g.remarks))
        return self

    def word(self, direction: ChangeWord, *, month: bool = False) -> str:
        """The word this city writes for ``direction`` (the grammar's first word by default);
        ``month``: comparing a single month with the month before."""
        chosen = (self.month_words.get(direction) if month else None) or self.words.get(direction)
        return chosen or grammar().change_word(direction)

    def lead(self, *, month: bool = False) -> str:
        """比 or 较 before the earlier period."""
        return (self.month_lead_in if month else None) or self.lead_in

    @property
    def period_style(self) -> PeriodStyle:
        """How this city spells periods."""
        return PeriodStyle(month_suffix=self.month_suffix, quarter_names=self.quarter_names)

    def label(self, indicator_id: str | None, default: str) -> str:
        """The name this city gives an indicator, else ``default`` (the section's label)."""
        return self.labels.get(indicator_id or "", default)



def load_profile_file(path: Path) -> Profile:
    """Load and validate a profile file; errors name the file, the key path and the rule."""
    return load_validated(path, Profile)


@cache
def shipped_profiles() -> dict[str, Profile]:
    """The shipped profiles by name (default, qingdao, ningbo ...)."""
    return {p.stem: load_profile_file(p) for p in sorted(PROFILES.glob("*.yaml"))}


def select_profile(choice: str | Path | None, region_code: str) -> Profile:
    """The profile ``choice`` names (a shipped name or a YAML file), else the region's, else default."""
    profiles = shipped_profiles()
    if choice is not None:
        text = str(choice)
        if text in profiles:
            return profiles[text]
        path = Path(text)
        if path.suffix in (".yaml", ".yml") or path.exists():
            return load_profile_file(path)
        raise ConfigError.said("release.profile.unknown", name=text, names=", ".join(profiles))
    return next((p for p in profiles.values() if region_code in p.region_codes), profiles["default"])
