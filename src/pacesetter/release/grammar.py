"""The release grammar (``grammar.yaml``): the one vocabulary both directions use.

The bulletin writes sentences with it (``compose.py``) and extraction reads them back
(``parse.py``). Loaded once and validated: an error names the file, the key path and the
rule broken.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from pacesetter.model.declarative import load_validated

ClauseKind = Literal["level", "growth", "share", "contribution_share", "pull", "two_year_average",
                     "index", "ratio"]
CLAUSE_KINDS: tuple[ClauseKind, ...] = ("level", "growth", "share", "contribution_share", "pull",
                                        "two_year_average", "index", "ratio")
VerbFamily = Literal["growth", "price", "pull", "level"]
Sign = Literal["up", "down", "flat"]
ChangeWord = Literal["up", "down", "flat", "turned_positive", "turned_negative", "decline_narrowed",
                     "decline_widened", "rise_widened", "rise_narrowed"]
CHANGE_WORDS: tuple[ChangeWord, ...] = ("up", "down", "flat", "turned_positive", "turned_negative",
                                        "decline_narrowed", "decline_widened", "rise_widened",
                                        "rise_narrowed")
GrowthDirection = Literal["up", "down", "flat", "turned_positive", "turned_negative", "decline_narrowed",
                          "decline_widened"]
GROWTH_DIRECTIONS: tuple[GrowthDirection, ...] = ("up", "down", "flat", "turned_positive",
                                                  "turned_negative", "decline_narrowed", "decline_widened")
ComparisonName = Literal["previous_cumulative", "previous_month", "previous_quarter", "last_year",
                         "same_period", "earlier_year", "preliminary", "year_end"]

_Words = list[str]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class KindSpec(_Strict):
    """A clause kind: its English name, the unit it is stated in and its marker words."""

    en: str
    unit: Literal["amount", "percent", "pp", "index", "ratio"]
    markers: _Words = Field(min_length=1)
    separators: _Words = []


class SignWords(_Strict):
    """Verbs of one family by sign; the first word is the one written."""

    up: _Words = Field(min_length=1)
    down: _Words = Field(min_length=1)
    flat: _Words = Field(min_length=1)


class DirectionWords(_Strict):
    """Words for one direction of change between two rates, zh and en."""

    zh: _Words = Field(min_length=1)
    en: _Words = Field(min_length=1)


class Headline(_Strict):
    """A section headline's words after the title (价格涨幅扩大 / Prices: inflation picked up)."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class PriceDirection(_Strict):
    """How a price rate's change is worded: the direction written, its word and the headline."""

    direction: ChangeWord
    zh: str = Field(min_length=1)
    headline: Headline


class ComparisonWords(_Strict):
    """Lead-ins of a comparison with an earlier period or figure."""

    zh: _Words = Field(min_length=1)
    en: str


class OtherIndicatorWords(_Strict):
    """快于 / 高于 (faster than) and 慢于 / 低于 (slower than) another indicator."""

    up: _Words = Field(min_length=1)
    down: _Words = Field(min_length=1)
    en_up: str
    en_down: str


class Comparisons(_Strict):
    """Every comparison a clause can make."""

    previous_cumulative: ComparisonWords
    previous_month: ComparisonWords
    previous_quarter: ComparisonWords
    last_year: ComparisonWords
    same_period: ComparisonWords
    earlier_year: ComparisonWords
    other_indicator: OtherIndicatorWords
    preliminary: ComparisonWords
    year_end: ComparisonWords


class UnitWord(_Strict):
    """A unit as written, the catalogue unit it stands for and the factor into it."""

    text: str = Field(min_length=1)
    unit: str = Field(min_length=1)
    factor: float = Field(gt=0)


class NamedPeriod(_Strict):
    """A period name (上半年): how many months from January, and whether cumulative."""

    months: int = Field(ge=1, le=12)
    cumulative: bool


class PeriodWords(_Strict):
    """How releases spell periods: range dashes, month suffixes, names."""

    range_dashes: _Words = Field(min_length=1)
    month_suffix: _Words = Field(min_length=1)
    named: dict[str, NamedPeriod]
    single_quarter: _Words
    ambiguous: _Words
    year_end: _Words


class Status(_Strict):
    """Words stating a figure's data status."""

    preliminary: _Words
    final: _Words


class Grammar(_Strict):
    """The whole vocabulary, with typed accessors."""

    version: Literal[1]
    kinds: dict[ClauseKind, KindSpec]
    verbs: dict[VerbFamily, SignWords]
    directions: dict[ChangeWord, DirectionWords]
    price_directions: dict[GrowthDirection, PriceDirection]
    comparisons: Comparisons
    units: list[UnitWord] = Field(min_length=1)
    approximate: _Words
    status: Status
    periods: PeriodWords
    remarks: dict[str, str] = Field(min_length=1)  # 按不变价格计算 → at constant prices

    @model_validator(mode="after")
    def _complete(self) -> Grammar:
        for key, present, required in (("kinds", self.kinds, CLAUSE_KINDS),
                                       ("directions", self.directions, CHANGE_WORDS)):
            missing = [str(k) for k in required if k not in present]
            if missing:
                raise ValueError(f"{key}: missing {', '.join(missing)}")
        missing = [d for d in GROWTH_DIRECTIONS if d not in self.price_directions]
        if missing:
            raise ValueError(f"price_directions: missing {', '.join(missing)}")
        for key, price in self.price_directions.items():
            if price.zh not in self.directions[price.direction].zh:
                raise ValueError(f"price_directions.{key}: {price.zh!r} is not a word of "
                                 f"directions.{price.direction}")
        texts = [u.text for u in self.units]
        repeated = sorted({t for t in texts if texts.count(t) > 1})
        if repeated:
            raise ValueError(f"units: {', '.join(repeated)} listed more than once")
        return self

    def verb(self, family: VerbFamily, sign: Sign) -> str:
        """The verb written for a figure of ``family`` with ``sign``: 增长, 上涨, 拉动, 下拉 ..."""
        return getattr(self.verbs[family], sign)[0]  # type: ignore[no-any-return]

    def verb_words(self, family: VerbFamily, sign: Sign) -> tuple[str, ...]:
        """Every verb read as ``sign`` in ``family`` (for extraction)."""
        return tuple(getattr(self.verbs[family], sign))

    def change_words(self, direction: ChangeWord, lang: str = "zh") -> tuple[str, ...]:
        """The words of a change direction; the first is the default."""
        words = self.directions[direction]
        return tuple(words.zh if lang == "zh" else words.en)

    def change_word(self, direction: ChangeWord, lang: str = "zh") -> str:
        """The default word of a change direction (加快, 回落, 降幅收窄 ...)."""
        return self.change_words(direction, lang)[0]

    def price_direction(self, direction: GrowthDirection) -> PriceDirection:
        """How a price rate moving in ``direction`` is worded (涨幅扩大, 降幅收窄, 由降转涨 ...)."""
        return self.price_directions[direction]

    def comparison(self, name: ComparisonName) -> ComparisonWords:
        """The lead-ins of a comparison."""
        return getattr(self.comparisons, name)  # type: ignore[no-any-return]

    def unit_word(self, text: str) -> UnitWord | None:
        """The unit written ``text`` (亿元, 倍, 个百分点 ...), or None when the grammar lacks it."""
        return next((u for u in self.units if u.text == text), None)

    def unit_texts(self) -> tuple[str, ...]:
        """Every unit as written, longest first (so 万亿元 is tried before 亿元)."""
        return tuple(sorted((u.text for u in self.units), key=len, reverse=True))


GRAMMAR_FILE = Path(str(resources.files("pacesetter.release") / "grammar.yaml"))


def load_grammar(path: Path | None = None) -> Grammar:
    """Load and validate a grammar file; the shipped ``grammar.yaml`` when ``path`` is None."""
    return load_validated(path or GRAMMAR_FILE, Grammar)


@cache
def grammar() -> Grammar:
    """The shipped grammar, loaded once."""
    return load_grammar()
