"""The two directions agree (issue 16, deliverable 7): every clause the generator writes, of every
kind and comparison and under every shipped profile, is read back by the parser into the same
figures — value with its decimals, unit, period, direction and comparison.

A bounded property-based test: hypothesis draws the clause kind, the value and its decimals, the
period (a month or a year-to-date period, with or without its year) and up to two comparisons
(previous cumulative period, previous month, previous quarter, last year, the preliminary figure,
another indicator). The one convention that loses precision on purpose is 倍: growth of 100 % or
more is written in 倍 to at least one decimal (123.2 % is 1.2倍), so it reads back within half a
unit of that decimal in 倍 (±5 % at one decimal), never exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacesetter.model.periods import Period
from pacesetter.release.compose import Change, Clause, Gap, Number, against_text, compose
from pacesetter.release.extract import earlier_period, resolve_period
from pacesetter.release.grammar import CLAUSE_KINDS, ChangeWord, VerbFamily
from pacesetter.release.parse import Figure, read_sentence
from pacesetter.release.precision import round_half_up
from pacesetter.release.profile import Profile, shipped_profiles

PROFILES = sorted(shipped_profiles())
FAMILIES: tuple[VerbFamily, ...] = ("growth", "price")
_RISING = ("up", "turned_positive", "decline_narrowed", "rise_widened")


@dataclass(frozen=True)
class Expected:
    """What a comparison should read back as: its kind, direction, signed change and earlier period."""

    kind: str
    direction: str
    change: float
    decimals: int
    earlier: Period | None = None
    turn: str = ""  # 由负转正 / 由正转负 named beside the change (its own relation, without a number)


@dataclass(frozen=True)
class Case:
    """A clause, the profile it is written in, the period meant and the comparisons meant."""

    clause: Clause
    profile: str
    period: Period
    year: int
    expected: tuple[Expected, ...]


def _number(draw: st.DrawFn, low: float, high: float, *, decimals: tuple[int, ...] = (0, 1, 2)) -> Number:
    places = draw(st.sampled_from(decimals))
    value = round_half_up(draw(st.floats(low, high, allow_nan=False)), places)
    return Number(value, places)


@st.composite
def cases(draw: st.DrawFn) -> Case:
    name = draw(st.sampled_from(PROFILES))
    profile = shipped_profiles()[name]
    year = draw(st.integers(2015, 2025))
    month = draw(st.integers(2, 12))
    period = draw(st.sampled_from([Period.month(year, month), Period.ytd(year, month)]))
    with_year = draw(st.booleans())
    text = against_text(period, "zh", profile, within_year=0 if with_year else year)
    kind = draw(st.sampled_from(CLAUSE_KINDS))
    label = {"index": "新建商品住宅销售价格指数", "ratio": "三次产业结构", "level": "地区生产总值"}.get(
        kind,
        draw(
            st.sampled_from(["规模以上工业增加值", "固定资产投资", "社会消费品零售总额", "装备制造业增加值"])
        ),
    )
    family: VerbFamily = draw(st.sampled_from(FAMILIES)) if kind == "growth" else "growth"
    value, unit = Number(0.0), ""
    parts: tuple[Number, ...] = ()
    if kind in ("growth", "two_year_average"):
        value = _number(draw, -60, 400)
    elif kind in ("share", "contribution_share"):
        value = _number(draw, 0.1, 99.9)
    elif kind == "pull":
        value = _number(draw, -9.99, 9.99)
    elif kind == "level":
        value = _number(draw, 1, 99999)
        unit = draw(st.sampled_from(["亿元", "万亿元", "万元", "万人", "家", "万吨"]))
    elif kind == "index":
        value = _number(draw, 90, 110)
        unit = draw(st.sampled_from(["上月=100", "上年同月=100"]))
    else:
        first, second = _number(draw, 0.5, 20, decimals=(1,)), _number(draw, 20, 50, decimals=(1,))
        parts = (first, second, Number(round_half_up(100 - first.value - second.value, 1), 1))
        value = first
    changes: list[Change] = []
    expected: list[Expected] = []
    rate = kind in ("share", "contribution_share")
    if kind in ("growth", "two_year_average", "share", "contribution_share"):
        for comparison in draw(
            st.lists(
                st.sampled_from(
                    ["previous_cumulative", "previous_month", "previous_quarter", "last_year", "preliminary"]
                ),
                max_size=2,
                unique=True,
            )
        ):
            change, meant = _comparison(
                draw, comparison, period, year, profile, value, rate=rate, family=family
            )
            if change is not None and meant is not None:
                changes.append(change)
                expected.append(meant)
    gaps: tuple[Gap, ...] = ()
    if kind == "growth" and draw(st.booleans()):
        pp = _number(draw, -9.9, 9.9, decimals=(1,))
        if pp.value:
            gaps = (
                Gap(
                    pp,
                    draw(st.sampled_from(["规模以上工业", "全国", "全省"])),
                    draw(st.sampled_from(["speed", "level"])),
                ),
            )
            other = "other_indicator" if gaps[0].other == "规模以上工业" else "other_region"
            expected.append(Expected(other, "up" if pp.value > 0 else "down", pp.value, 1))
    of = draw(st.sampled_from(["规模以上工业", "GDP"])) if kind == "pull" else ""
    remark = draw(st.sampled_from(["", "按不变价格计算"])) if kind == "growth" else ""
    clause = Clause(
        kind,
        label,
        text,
        value,
        family=family,
        changes=tuple(changes),
        gaps=gaps,
        of=of,
        unit=unit,
        parts=parts,
        remark=remark,
    )
    return Case(clause, name, period, year, tuple(expected))


def _comparison(
    draw: st.DrawFn,
    comparison: str,
    period: Period,
    year: int,
    profile: Profile,
    value: Number,
    *,
    rate: bool,
    family: VerbFamily,
) -> tuple[Change | None, Expected | None]:
    """A comparison of ``comparison``'s kind that the period allows, and how it should read back."""
    pp = _number(draw, 0.1, 9.9, decimals=(0, 1, 2))
    if pp.value == 0:
        return None, None
    earlier: Period | None
    if comparison == "preliminary":
        against, earlier, kind = "初步核算数", None, "preliminary"
    elif comparison == "previous_month":
        if period.kind != "month":
            return None, None
        earlier = period.previous(jan_feb_combined=False)
        assert earlier is not None
        against = against_text(earlier, "zh", profile, within_year=year, month_before=True)
        kind = "earlier_period"
    elif comparison == "last_year":
        earlier = Period.ytd(year - 1, 12)
        against, kind = against_text(earlier, "zh", profile, within_year=year), "earlier_period"
    else:
        if period.kind != "ytd" or period.end_month < 3:
            return None, None
        months = [m for m in range(2, period.end_month) if (m % 3 == 0) == (comparison == "previous_quarter")]
        if not months:
            return None, None
        earlier = Period.ytd(year, draw(st.sampled_from(months)))
        against, kind = against_text(earlier, "zh", profile, within_year=year), "earlier_period"
    if rate:
        direction: ChangeWord = "up" if draw(st.booleans()) else "down"
        stated = Number(pp.value if direction == "up" else -pp.value, pp.decimals)
        return (
            Change(direction, stated, against, rate=True),
            Expected(kind, direction, stated.value, pp.decimals, earlier),
        )
    shown = round_half_up(value.value, value.decimals)
    options: list[ChangeWord] = (
        ["up", "down", "turned_positive"]
        if shown > 0
        else ["decline_narrowed", "decline_widened", "turned_negative"]
        if shown < 0
        else ["flat"]
    )
    direction = draw(st.sampled_from(options))
    month = comparison == "previous_month"
    change = Change(
        direction, Number(0.0, 0) if direction == "flat" else pp, against, month=month, family=family
    )
    read_as: str = {"turned_positive": "up", "turned_negative": "down"}.get(direction, direction)
    turn = direction if direction != read_as else ""
    if family == "price" and not turn:  # a price rate's change in price words (涨幅扩大 / 涨幅回落)
        read_as = {"up": "rise_widened", "down": "rise_narrowed"}.get(direction, direction)
    if direction == "flat":
        return change, Expected(kind, "flat", 0.0, 0, earlier)
    signed = pp.value if read_as in _RISING else -pp.value
    return change, Expected(kind, read_as, signed, pp.decimals, earlier, turn)


def _check_value(f: Figure, value: Number, written_in_times: bool) -> None:
    shown = round_half_up(value.value, value.decimals)
    if shown == 0 and f.kind in ("growth", "two_year_average"):  # 持平: no number, no decimals
        assert (f.value, f.decimals, f.written.endswith("持平")) == (0.0, 0, True), f
        return
    if written_in_times:  # 倍: the stated convention, at least one decimal in 倍 (±5 % at one decimal)
        times = max(value.decimals, 1)
        assert abs(f.value - shown) <= 50 * 10**-times + 1e-6, f
        return
    assert f.value == shown and f.decimals == value.decimals, f


def _span(period: Period) -> tuple[int, int, int, int]:
    """The months a period covers (全年 reads as the year, the same months as 1-12月)."""
    return (period.start_year, period.start_month, period.end_year, period.end_month)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_composed_clause_reads_back(case: Case) -> None:
    profile = shipped_profiles()[case.profile]
    sentence = compose(case.clause, "zh", profile)
    figures = read_sentence(sentence)
    clause = case.clause
    assert figures, sentence
    main = figures[0]
    if clause.kind == "ratio":
        assert [(f.kind, f.value, f.decimals) for f in figures] == [
            ("share", p.value, 1) for p in clause.parts
        ]
        return
    assert len(figures) == 1, (sentence, figures)
    shown = round_half_up(clause.value.value, clause.value.decimals)
    in_times = (
        clause.kind in ("growth", "two_year_average")
        and profile.times_from is not None
        and shown >= profile.times_from
    )
    assert main.kind == clause.kind, (sentence, main)
    assert main.subject == clause.label, (sentence, main)
    assert main.against == (clause.of or None), (sentence, main)
    _check_value(main, clause.value, in_times)
    unit = {"level": clause.unit, "index": clause.unit, "pull": "个百分点"}.get(clause.kind, "%")
    assert main.unit == unit, (sentence, main)
    period, _ = resolve_period(main.period, case.year, main.single_month)
    assert period is not None and _span(Period.parse(period)) == _span(case.period), (sentence, main)
    stated = [r for r in main.relations if r.change is not None]
    assert len(stated) == len(case.expected), (sentence, main.relations)
    for r, meant in zip(stated, case.expected, strict=True):
        assert (r.kind, r.direction, r.change) == (meant.kind, meant.direction, meant.change), (sentence, r)
        assert r.direction == "flat" or r.decimals == meant.decimals, (sentence, r)
        if meant.earlier is not None:
            before = earlier_period(r.against, case.period, case.year)
            assert before is not None and _span(before) == _span(meant.earlier), (sentence, r)
        if meant.turn:
            assert any(t.direction == meant.turn for t in main.relations), (sentence, main.relations)
