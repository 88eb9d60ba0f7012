"""Clauses into sentences, zh and en, through a city profile and the release grammar.

A clause is what a release states about one figure: its kind (growth, share, pull …), the
indicator's name, the period, the value with its published precision, and the comparisons it
makes (with an earlier period, with another indicator). :func:`compose` writes the whole
sentence ("1-8月份，全市规模以上工业增加值同比增长4.7%，比1-7月份加快0.1个百分点。"); the
bulletin uses the parts (:func:`growth_text`, :func:`change_text`, :func:`against_text`) so that
every number can carry its footnote mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pacesetter.model.periods import Period
from pacesetter.release.grammar import (
    GROWTH_DIRECTIONS,
    ChangeWord,
    ClauseKind,
    PriceDirection,
    VerbFamily,
    grammar,
)
from pacesetter.release.periods import render_release_period
from pacesetter.release.precision import format_decimal, round_half_up
from pacesetter.release.profile import Profile, shipped_profiles

_EN_PP = "percentage points"


@dataclass(frozen=True, slots=True)
class Number:
    """A figure as stated: value, the decimals it is shown with, and a footnote mark after it."""

    value: float
    decimals: int = 1
    mark: str = ""

    def text(self, lang: str, *, absolute: bool = True) -> str:
        """The number alone, rounded half-up to its decimals."""
        return format_decimal(abs(self.value) if absolute else self.value, self.decimals, lang=lang)


@dataclass(frozen=True, slots=True)
class Change:
    """A comparison with an earlier period: the change in pp, its direction and the earlier value.

    ``against`` is the earlier period as worded (:func:`against_text`); ``month`` marks a single
    month compared with the month before (a city may word that otherwise); ``rate`` a level
    that is itself a rate or share (提高 / 下降, no sign-change words); ``family`` "price" words
    the change of a price rate with price words (涨幅扩大 / 涨幅回落, grammar.yaml price_directions).
    """

    direction: ChangeWord
    pp: Number
    against: str
    previous: Number | None = None
    month: bool = False
    rate: bool = False
    family: VerbFamily = "growth"


@dataclass(frozen=True, slots=True)
class Gap:
    """A comparison with another indicator or region: 快于规模以上工业3.3个百分点 (``speed``, two
    growth rates) or 高于全省0.3个百分点 (``level``)."""

    pp: Number
    other: str
    compare: Literal["speed", "level"] = "speed"


@dataclass(frozen=True, slots=True)
class Clause:
    """One figure a release states, with what it is compared with."""

    kind: ClauseKind
    label: str
    period: str
    value: Number
    family: VerbFamily = "growth"
    yoy: bool = True
    remark: str = ""
    changes: tuple[Change, ...] = ()
    gaps: tuple[Gap, ...] = ()
    of: str = ""
    # level: the unit written after the number (亿元); index: its base (上月=100)
    unit: str = ""
    # ratio: the parts (三次产业结构为3.3:35.9:60.8); ``value`` is then the first
    parts: tuple[Number, ...] = ()
    # the English label is plural ("consumer prices were up"), for the verb to agree
    plural: bool = False


def default_profile() -> Profile:
    """The shipped default profile (national usage)."""
    return shipped_profiles()["default"]


def growth_text(value: Number, lang: str = "zh", profile: Profile | None = None, *, yoy: bool = True,
                family: VerbFamily = "growth") -> str:
    """同比增长3.6% / 同比下降1.3% / 增长1.1倍 (from 100 %) / 与上年同期持平; prices 上涨 / 下降."""
    profile = profile or default_profile()
    shown = round_half_up(value.value, value.decimals)
    g = grammar()
    if lang == "zh":
        prefix = "同比" if yoy else ""
        if shown == 0:
            return f"{'与上年同期持平' if yoy else g.verb(family, 'flat')}{value.mark}"
        verb = g.verb(family, "up" if shown > 0 else "down")
        if profile.times_from is not None and shown >= profile.times_from:
            times = format_decimal(value.value / 100, max(value.decimals, 1))
            return f"{prefix}{verb}{times}倍{value.mark}"
        return f"{prefix}{verb}{value.text(lang)}%{value.mark}"
    suffix = " year on year" if yoy else ""
    if shown == 0:
        return f"unchanged{value.mark}{suffix}"
    return f"{'up' if shown > 0 else 'down'} {value.text(lang)}%{value.mark}{suffix}"


def pp_text(pp: Number, lang: str = "zh") -> str:
    """A change in percentage points, unsigned, with its mark after the number's unit."""
    if lang == "zh":
        return f"{pp.text(lang)}个百分点{pp.mark}"
    return f"{pp.text(lang)} {_EN_PP}{pp.mark}"


def against_text(period: Period, lang: str = "zh", profile: Profile | None = None, *,
                 within_year: int, previous: Number | None = None, month_before: bool = False,
                 same_period: bool = False) -> str:
    """The earlier period as a city names it, and its value if the city states it.

    ``month_before``: the single month before (上月, 7月份 or 7月当月 by profile); last year as a
    whole is 上年全年 or 2023年; quarter ends 一季度 / 上半年 or 1-6月份; "1-7月份的3.3%" when the
    city states the earlier value; ``same_period``: the same period of last year (比上年同期,
    grammar.yaml comparisons.same_period).
    """
    profile = profile or default_profile()
    style = profile.period_style
    when = render_release_period(period, lang, within_year=within_year, style=style)
    if same_period:
        words = grammar().comparison("same_period")
        when = words.zh[1].removeprefix("比") if lang == "zh" else "the same period last year"
    elif lang == "zh":
        if month_before and profile.previous_month == "上月":
            when = "上月"
        elif month_before and profile.previous_month == "当月":
            when = when.removesuffix(style.month_suffix) + "月当月"
        elif period.kind == "ytd" and period.end_month == 12 and profile.previous_year == "year":
            when = f"{period.end_year}年"
    elif month_before and profile.previous_month == "上月":
        when = "the previous month"
    if previous is None or not profile.state_previous_value:
        return when
    number = format_decimal(previous.value, previous.decimals, lang=lang)
    return f"{when}的{number}%{previous.mark}" if lang == "zh" else f"{when}'s {number}%{previous.mark}"


def change_text(change: Change, lang: str = "zh", profile: Profile | None = None) -> str:
    """比1-7月份加快0.3个百分点 / 降幅比1-4月份收窄3.1个百分点 / 与上半年持平 / 增速由负转正，比4月份回升…"""
    profile = profile or default_profile()
    size, against, d = pp_text(change.pp, lang), change.against, change.direction
    price = _price_words(change)
    d = price.direction if price else d
    if lang != "zh":
        return _change_en(change, size, d)
    lead = profile.lead(month=change.month)
    if d == "flat":
        return f"与{against}{profile.word('flat')}{change.pp.mark}"
    if change.rate:
        up = change.pp.value > 0
        return f"{lead}{against}{profile.rate_up if up else profile.rate_down}{size}"
    word = price.zh if price else profile.word(d, month=change.month)
    if d in ("turned_positive", "turned_negative"):
        follow = profile.word("up" if d == "turned_positive" else "down", month=change.month)
        follow = "回升" if d == "turned_positive" and follow == "加快" else follow
        return f"{'' if price else '增速'}{word}，{lead}{against}{follow}{size}"
    if d in ("decline_narrowed", "decline_widened", "rise_widened", "rise_narrowed"):
        noun, verb = word[:2], word[2:]
        return f"{noun}{lead}{against}{verb}{size}"
    return f"{lead}{against}{word}{size}"


def _price_words(change: Change) -> PriceDirection | None:
    """The price words of a price rate's change (grammar.yaml price_directions); None otherwise."""
    if change.family != "price" or change.rate or change.direction not in GROWTH_DIRECTIONS:
        return None
    return grammar().price_direction(change.direction)


def _change_en(change: Change, size: str, d: ChangeWord) -> str:
    against = change.against
    price = change.family == "price" and not change.rate
    turn = ("from a fall to a rise", "from a rise to a fall") if price else ("positive", "negative")
    if d == "flat":
        return f"unchanged{change.pp.mark} from {against}"
    if change.rate:
        return f"{'up' if change.pp.value > 0 else 'down'} {size} from {against}"
    return {
        "up": f"{size} faster than {against}",
        "down": f"{size} slower than {against}",
        "turned_positive": f"turning {turn[0]}, {size} higher than {against}",
        "turned_negative": f"turning {turn[1]}, {size} lower than {against}",
        "decline_narrowed": f"the decline narrowing by {size} from {against}",
        "decline_widened": f"the decline widening by {size} from {against}",
        "rise_widened": f"the rise widening by {size} from {against}",
        "rise_narrowed": f"the rise narrowing by {size} from {against}",
    }[d]


def sign_change_text(current: Number, previous: Number, against: str, lang: str = "zh", *,
                     family: VerbFamily = "growth", yoy: bool = False) -> str:
    """Both values of a sign change stated: 由1-7月份下降1.3%转为增长1.5%; a price with its verbs,
    同比由上月下降0.3%转为上涨0.1% (``yoy``: 同比 before it)."""
    g = grammar()
    if lang == "zh":
        before = g.verb(family, "up" if previous.value > 0 else "down")
        after = g.verb(family, "up" if current.value > 0 else "down")
        return (f"{'同比' if yoy else ''}由{against}{before}{previous.text(lang)}%{previous.mark}"
                f"转为{after}{current.text(lang)}%{current.mark}")
    turned = "up" if current.value > 0 else "down"
    return (f"{turned} {current.text(lang)}%{current.mark}, from "
            f"{'up' if previous.value > 0 else 'down'} {previous.text(lang)}%{previous.mark} in {against}")


def gap_text(gap: Gap, lang: str = "zh") -> str:
    """快于规模以上工业3.3个百分点 / 慢于… (another indicator's growth)."""
    g = grammar().comparisons.other_indicator
    faster = gap.pp.value > 0
    if lang == "zh":
        words = g.up if faster else g.down  # [快于, 高于] / [慢于, 低于]
        return f"{words[0 if gap.compare == 'speed' else 1]}{gap.other}{pp_text(gap.pp, lang)}"
    return f"{pp_text(gap.pp, lang)} {g.en_up if faster else g.en_down} {gap.other}"


def share_text(share: Number, of: str, lang: str = "zh") -> str:
    """占规模以上工业增加值比重48.5% / accounting for 48.5% of …"""
    if lang == "zh":
        return f"占{of}比重{share.text(lang)}%{share.mark}"
    return f"accounting for {share.text(lang)}%{share.mark} of {of}"


def pull_text(pull: Number, of: str, lang: str = "zh") -> str:
    """拉动规模以上工业增长4.1个百分点 / 下拉… (a negative pull)."""
    g = grammar()
    if lang == "zh":
        verb = g.verb("pull", "up" if pull.value >= 0 else "down")
        return f"{verb}{of}增长{pp_text(pull, lang)}"
    if pull.value >= 0:
        return f"adding {pp_text(pull, lang)} to the growth of {of}"
    return f"taking {pp_text(pull, lang)} off the growth of {of}"


def compose(clause: Clause, lang: str = "zh", profile: Profile | None = None) -> str:
    """The whole sentence of a clause: period, subject, figure and its comparisons."""
    profile = profile or default_profile()
    zh = lang == "zh"
    parts: list[str] = []
    value = clause.value
    if clause.kind in ("growth", "two_year_average"):
        two_years = clause.kind == "two_year_average"
        text = growth_text(value, lang, profile, yoy=clause.yoy and not two_years, family=clause.family)
        if two_years:  # 两年平均增长6.7% / 两年平均持平
            text = f"两年平均{text}" if zh else f"{text}, an average over two years"
        parts.append(text)
    elif clause.kind in ("share", "contribution_share"):
        names = {"share": ("比重为", "a share of "), "contribution_share": ("贡献率为", "a contribution of ")}
        name = names[clause.kind][0 if zh else 1]
        parts.append(f"{name}{value.text(lang)}%{value.mark}")
    elif clause.kind == "pull":
        parts.append(pull_text(value, clause.of, lang))
    elif clause.kind == "ratio":
        parts.append(("为" if zh else "") + ":".join(f"{p.text(lang)}{p.mark}" for p in clause.parts))
    elif clause.kind == "index":
        number = f"{value.text(lang, absolute=False)}{value.mark}"
        base = f"（{clause.unit}）" if clause.unit else ""
        parts.append(f"{base}为{number}" if zh else f"{number} ({clause.unit})" if clause.unit else number)
    else:
        parts.append(f"{value.text(lang, absolute=False)}{clause.unit}{value.mark}")
    parts += [change_text(c, lang, profile) for c in clause.changes]
    parts += [gap_text(g, lang) for g in clause.gaps]
    if clause.remark and zh:  # 按不变价格计算，同比增长6.2%
        parts.insert(0, clause.remark)
    elif clause.remark:  # up 6.2% year on year at constant prices
        parts[0] = f"{parts[0]} {grammar().remarks[clause.remark]}"
    if zh:
        return f"{clause.period}，{profile.subject}{clause.label}{'，'.join(parts)}。"
    verb = ("" if clause.kind == "pull" else "had " if clause.kind in ("share", "contribution_share")
            else "were " if clause.plural else "was ")
    first = parts[0].replace("adding", "added", 1).replace("taking", "took", 1) \
        if clause.kind == "pull" else parts[0]
    return f"In {clause.period}, {clause.label} {verb}{', '.join([first, *parts[1:]])}."
