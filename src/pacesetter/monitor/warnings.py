"""Early warnings from declarative rules (``rules/*.yaml``); each alert says what triggered it."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.model.declarative import config_error, read_yaml
from pacesetter.model.periods import Period
from pacesetter.model.provenance import source_note
from pacesetter.model.units import unit_label
from pacesetter.monitor.growth import compute_direction
from pacesetter.monitor.phrases import format_number, format_plain, format_pp, render_growth, render_period
from pacesetter.monitor.series import Obs, comparison_period, month_series_period, series_from_frame
from pacesetter.monitor.target_path import compute_needed_growth

Severity = Literal["info", "warning", "high"]


class _Rule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    severity: Severity = "warning"
    indicators: list[str] = Field(min_length=1)


class BelowTargetRule(_Rule):
    """Year-to-date growth below the annual target."""

    kind: Literal["below_target_path"]


class SlowingRule(_Rule):
    """Growth fell against the previous period ``periods`` times in a row."""

    kind: Literal["consecutive_slowing"]
    periods: int = Field(default=3, ge=1, le=12)


class TurnedNegativeRule(_Rule):
    """Growth went from ``zero`` or above to below it (``zero: 100`` for 上月=100 indices)."""

    kind: Literal["turned_negative"]
    zero: float = 0.0


class BehindPeerRule(_Rule):
    """Growth below a named peer region's for the same period."""

    kind: Literal["behind_peer"]
    peer: str = Field(pattern=r"^\d{6}$")


class RevisionRule(_Rule):
    """A later vintage moved a figure by at least the threshold."""

    kind: Literal["large_revision"]
    threshold_pp: float = Field(default=0.5, gt=0)
    threshold_pct: float = Field(default=1.0, gt=0)


Rule = Annotated[BelowTargetRule | SlowingRule | TurnedNegativeRule | BehindPeerRule | RevisionRule,
                 Field(discriminator="kind")]


class RuleSet(BaseModel):
    """A rules file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rules: list[Rule]


def load_rules(path: Path | None = None) -> RuleSet:
    """Load and validate a rules file (the shipped ``rules/default.yaml`` when ``path`` is None)."""
    source = path or Path(str(resources.files("pacesetter.monitor") / "rules" / "default.yaml"))
    try:
        return RuleSet.model_validate(read_yaml(source))
    except ValidationError as exc:
        raise config_error(source, exc) from exc


@dataclass(frozen=True, slots=True)
class Alert:
    """One warning: the rule, where and when, the message, the numbers behind it and their sources."""

    rule_id: str
    kind: str
    severity: Severity
    indicator_id: str
    region_code: str
    period: str
    message: str
    values: dict[str, float]
    synthetic: bool
    sources: tuple[str, ...] = ()  # each: address (release date; status) ⚠ cautions
    rule_name: str = ""  # the rule in words, in the output language (连续3期回落)


@dataclass(frozen=True, slots=True)
class WarningInputs:
    """Plain data for :func:`check_warnings` (frames as ``queries`` returns them)."""

    observations: pd.DataFrame          # latest vintage, region and peers
    vintages: pd.DataFrame              # every vintage of the region (latest=False)
    targets: pd.DataFrame               # targets table rows
    names: Mapping[str, str]            # indicator id -> name in the output language
    region_names: Mapping[str, str]     # region code -> name in the output language
    synthetic_regions: frozenset[str] = field(default_factory=frozenset)
    # growth indicator id -> last year's single-month levels, to weight the months
    month_levels: Mapping[str, Mapping[Period, float]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NotChecked:
    """A rule that could not be evaluated for one indicator: ids, the rule in words, and why."""

    rule_id: str
    indicator_id: str
    rule_name: str
    reason: str
    text: str  # the rule and the indicator in words (连续3期回落：出口金额:当月同比)


@dataclass(frozen=True, slots=True)
class WarningReport:
    """Alerts raised, rules (per indicator) that could not be evaluated with the reason, and how
    many were evaluated (0: no alert means nothing was checked, not all clear)."""

    alerts: list[Alert]
    not_checked: list[NotChecked] = field(default_factory=list)
    checked: int = 0

    @property
    def skipped(self) -> list[tuple[str, str]]:
        """The checks not made as ("rule id/indicator id", why), for scripts (JSON)."""
        return [(f"{c.rule_id}/{c.indicator_id}", c.reason) for c in self.not_checked]


def rule_name(rule: _Rule, lang: str, region_names: Mapping[str, str] | None = None) -> str:
    """A rule in words in ``lang``: 连续3期回落 / slowed 3 periods in a row, 低于宁波市 / behind Ningbo."""
    if isinstance(rule, SlowingRule):
        return t("monitor.rule.consecutive_slowing", lang, periods=rule.periods)
    if isinstance(rule, TurnedNegativeRule) and rule.zero:
        return t("monitor.rule.turned_negative_index", lang)  # an index (上月=100)
    if isinstance(rule, BehindPeerRule):
        return t("monitor.rule.behind_peer", lang, peer=(region_names or {}).get(rule.peer, rule.peer))
    return t(f"monitor.rule.{getattr(rule, 'kind', '')}", lang)


def _subject(name: str, lang: str) -> str:
    """An indicator's name at the head of a Chinese sentence, kept apart from what follows when it
    ends in a figure or a Latin letter (上月=100，8月份…; not 上月=1008月份…)."""
    if lang == "zh" and name and ((name[-1].isascii() and name[-1].isalnum()) or name[-1] in "=%"):
        return name + "，"
    return name


class _Eval:
    def __init__(self, data: WarningInputs, region: str, period: Period, lang: str) -> None:
        self.data, self.region, self.period, self.lang = data, region, period, lang
        self.synthetic = region in data.synthetic_regions
        self.alerts: list[Alert] = []
        self.not_checked: list[NotChecked] = []

    def series(self, indicator_id: str, region: str | None = None) -> dict[Period, Obs]:
        """The series under its own convention: year to date if it has such rows, else single months."""
        code, rows = region or self.region, self.data.observations
        has_ytd = ((rows["indicator_id"] == indicator_id) & (rows["region_code"] == code)
                   & rows["period"].str.contains("..", regex=False)).any()
        if has_ytd:
            return series_from_frame(rows, indicator_id, code, "ytd")
        month = series_from_frame(rows, indicator_id, code, "month")
        if indicator_id.endswith("_month"):  # its 1-2月 value is the year-to-date one
            base = series_from_frame(rows, indicator_id.removesuffix("_month"), code, "ytd")
            month.update({p: o for p, o in base.items() if p.is_jan_feb})
        return month

    def at(self, series: Mapping[Period, Obs]) -> Period | None:
        """The period of the series that the month ``self.period`` refers to (None: not released)."""
        y, m = self.period.end_year, self.period.end_month
        if not series:
            return None
        if all(p.kind == "ytd" for p in series):
            return Period.ytd(y, m) if m > 1 else None
        if _single_jan_feb(series):
            return self.period
        return month_series_period(self.period) if m > 1 else None

    def name(self, indicator_id: str) -> str:
        return self.data.names.get(indicator_id, indicator_id)

    def subject(self, indicator_id: str) -> str:
        """The indicator's name heading a sentence (set apart in Chinese where it ends in a figure)."""
        return _subject(self.name(indicator_id), self.lang)

    def when(self, p: Period) -> str:
        return render_period(p, self.lang, within_year=self.period.end_year)

    def alert(self, rule: _Rule, indicator_id: str, p: Period, message: str,
              values: dict[str, float], sources: Iterable[Obs | pd.Series]) -> None:
        cited = tuple(dict.fromkeys(note for x in sources if (note := self.cite(x))))
        self.alerts.append(Alert(rule.id, getattr(rule, "kind", ""), rule.severity, indicator_id,
                                 self.region, str(p), message, values, self.synthetic, cited,
                                 rule_name(rule, self.lang, self.data.region_names)))

    def cite(self, figure: Obs | pd.Series) -> str:
        """A figure's source with its release date and status (an Obs, or a store row); "" if none."""
        if isinstance(figure, Obs):
            return source_note(figure.source, figure.vintage, figure.status, flags=figure.flags,
                               derived_from=figure.derived_from, publisher=figure.publisher,
                               document=figure.document, source_kind=figure.source_kind, lang=self.lang)
        if not figure.get("source"):
            return ""
        return source_note(str(figure["source"]), figure.get("vintage"), str(figure.get("status") or ""),
                           flags=str(figure.get("flags") or ""),
                           derived_from=str(figure.get("derived_from") or ""),
                           publisher=figure.get("publisher"), document=figure.get("document"),
                           source_kind=figure.get("source_kind"), lang=self.lang)

    def skip(self, rule: _Rule, indicator_id: str, reason: str) -> None:
        name = rule_name(rule, self.lang, self.data.region_names)
        self.not_checked.append(NotChecked(rule.id, indicator_id, name, reason,
                                           t("monitor.check", self.lang, rule=name,
                                             indicator=self.name(indicator_id))))


def check_warnings(rules: RuleSet, data: WarningInputs, region: str, period: Period,
                   lang: str = "zh") -> WarningReport:
    """Evaluate every rule for ``region`` as of the month ``period``; never raises on data."""
    if period.kind != "month":
        raise InputError.said("analysis.errors.warnings_month", period=period)
    ev = _Eval(data, region, period, lang)
    for rule in rules.rules:
        for indicator_id in rule.indicators:
            series = ev.series(indicator_id)
            p = ev.at(series)
            if p is None or (p not in series and not isinstance(rule, RevisionRule)):
                ev.skip(rule, indicator_id, t("monitor.skip.no_data", lang))
                continue
            _CHECKS[type(rule)](ev, rule, indicator_id, series, p)
    pairs = sum(len(rule.indicators) for rule in rules.rules)
    return WarningReport(ev.alerts, ev.not_checked, checked=pairs - len(ev.not_checked))


def _zh(ev: _Eval) -> bool:
    return ev.lang == "zh"


def _below_target(ev: _Eval, rule: _Rule, ind: str, series: dict[Period, Obs], p: Period) -> None:
    tg = ev.data.targets
    rows = tg[(tg["indicator_id"] == ind) & (tg["region_code"] == ev.region) & (tg["year"] == p.end_year)]
    if rows.empty or p.kind != "ytd":
        ev.skip(rule, ind, t("monitor.skip.no_target", ev.lang))
        return
    target, cur = float(rows.iloc[0]["value"]), series[p].value
    if cur >= target or p.end_month == 12:
        return
    need = compute_needed_growth(target, p, cur, last_year_levels=ev.data.month_levels.get(ind))
    gap = format_pp(target - cur, ev.lang)
    levels = need.weights_basis == "levels"
    if _zh(ev):
        basis = "按上年各月规模加权" if levels else "假设各月规模相同"
        msg = (f"{ev.subject(ind)}{ev.when(p)}{render_growth(cur, yoy=False)}，"
               f"低于全年目标{format_number(target)}%（差{gap}）；{basis}，"
               f"余下{need.months_left}个月需增长{format_number(need.needed)}%。")
    else:
        basis = "weighting months by last year's levels" if levels else "assuming equal months"
        msg = (f"{ev.name(ind)}: {render_growth(cur, 'en', yoy=False)} in {ev.when(p)}, below the annual "
               f"target of {format_number(target, lang='en')}% (by {gap}); {basis}, the "
               f"remaining {need.months_left} months need {format_number(need.needed, lang='en')}%.")
    ev.alert(rule, ind, p, msg, {"value": cur, "target": target, "needed": need.needed},
             [series[p], rows.iloc[0]])


def _single_jan_feb(series: Mapping[Period, Obs]) -> bool:
    """True for a monthly series released for January and February separately (prices, PMI)."""
    return any(p.kind == "month" and p.end_month in (1, 2) for p in series)


def _previous(series: Mapping[Period, Obs], p: Period) -> Period | None:
    """The period ``p`` is compared with, under the series' own January–February practice."""
    if p.kind == "month" and _single_jan_feb(series):
        return p.previous(jan_feb_combined=False)
    return comparison_period(p)


def _chain(series: Mapping[Period, Obs], p: Period, steps: int) -> list[Obs]:
    """The observation at ``p`` and up to ``steps`` earlier comparison periods, latest first."""
    out = [series[p]]
    for _ in range(steps):
        prev = _previous(series, out[-1].period)
        if prev is None or prev not in series:
            break
        out.append(series[prev])
    return out


def _slowing(ev: _Eval, rule: _Rule, ind: str, series: dict[Period, Obs], p: Period) -> None:
    assert isinstance(rule, SlowingRule)
    chain = _chain(series, p, rule.periods)
    if len(chain) <= rule.periods:
        ev.skip(rule, ind, t("monitor.skip.too_few", ev.lang, n=rule.periods + 1))
        return
    falling = all(compute_direction(a.value, b.value) in ("down", "decline_widened", "turned_negative")
                  for a, b in itertools.pairwise(chain))
    if not falling:
        return
    run = list(reversed(chain))
    unit = "%" if chain[0].unit == "%" else ""
    if _zh(ev):
        steps = "、".join(f"{ev.when(o.period)}{format_number(o.value)}{unit}" for o in run)
        msg = f"{ev.subject(ind)}连续{rule.periods}期回落：{steps}。"
    else:
        steps = ", ".join(f"{ev.when(o.period)} {format_number(o.value, lang='en')}{unit}" for o in run)
        msg = f"{ev.name(ind)}: slowed {rule.periods} times in a row: {steps}."
    ev.alert(rule, ind, p, msg, {str(o.period): o.value for o in run}, run)


def _turned_negative(ev: _Eval, rule: _Rule, ind: str, series: dict[Period, Obs], p: Period) -> None:
    prev_p = _previous(series, p)
    prev = series.get(prev_p) if prev_p else None
    cur = series[p]
    if prev is None:
        ev.skip(rule, ind, t("monitor.skip.no_previous", ev.lang))
        return
    assert isinstance(rule, TurnedNegativeRule)
    if not (cur.value < rule.zero <= prev.value):
        return
    if rule.zero and _zh(ev):  # an index: state the values as published
        msg = (f"{ev.subject(ind)}{ev.when(p)}由涨转降：{format_plain(cur.value)}（{cur.unit}），"
               f"{ev.when(prev.period)}为{format_plain(prev.value)}。")
    elif rule.zero:
        msg = (f"{ev.name(ind)} turned to a decline in {ev.when(p)}: {format_plain(cur.value)} "
               f"({unit_label(cur.unit, 'en')}), "
               f"after {format_plain(prev.value)} in {ev.when(prev.period)}.")
    elif _zh(ev):
        msg = (f"{ev.subject(ind)}{ev.when(p)}由正转负：{render_growth(cur.value, yoy=False)}，"
               f"{ev.when(prev.period)}为{render_growth(prev.value, yoy=False)}。")
    else:
        msg = (f"{ev.name(ind)} turned negative in {ev.when(p)}: {render_growth(cur.value, 'en', yoy=False)}"
               f", after {render_growth(prev.value, 'en', yoy=False)} in {ev.when(prev.period)}.")
    ev.alert(rule, ind, p, msg, {"value": cur.value, "previous": prev.value}, [cur, prev])


def _behind_peer(ev: _Eval, rule: _Rule, ind: str, series: dict[Period, Obs], p: Period) -> None:
    assert isinstance(rule, BehindPeerRule)
    if (rule.peer in ev.data.synthetic_regions) != ev.synthetic:
        ev.skip(rule, ind, t("monitor.skip.peer_kind", ev.lang))
        return
    peer = ev.series(ind, rule.peer).get(p)
    if peer is None:
        ev.skip(rule, ind, t("monitor.skip.no_peer_data", ev.lang))
        return
    cur = series[p].value
    if cur >= peer.value:
        return
    peer_name = ev.data.region_names.get(rule.peer, rule.peer)
    gap = format_pp(peer.value - cur, ev.lang)
    if _zh(ev):
        msg = (f"{ev.subject(ind)}{ev.when(p)}{render_growth(cur, yoy=False)}，低于{peer_name}"
               f"（{render_growth(peer.value, yoy=False)}）{gap}。")
    else:
        msg = (f"{ev.name(ind)}: {render_growth(cur, 'en', yoy=False)} in {ev.when(p)}, behind {peer_name} "
               f"({render_growth(peer.value, 'en', yoy=False)}) by {gap}.")
    ev.alert(rule, ind, p, msg, {"value": cur, "peer": peer.value}, [series[p], peer])


def _revision(ev: _Eval, rule: _Rule, ind: str, series: dict[Period, Obs], p: Period) -> None:
    assert isinstance(rule, RevisionRule)
    v = ev.data.vintages
    rows = v[(v["indicator_id"] == ind) & (v["region_code"] == ev.region) & v["vintage"].notna()]
    end = (ev.period.end_year, ev.period.end_month)
    for period_text, group in rows.groupby("period"):
        pp = Period.parse(str(period_text))
        if not (ev.period.end_year - 1 <= pp.end_year and (pp.end_year, pp.end_month) <= end):
            continue
        ordered = group.sort_values("vintage")
        for (_, a), (_, b) in zip(ordered.iterrows(), list(ordered.iterrows())[1:], strict=False):
            old, new, unit = float(a["value"]), float(b["value"]), str(b["unit"])
            rate = unit in ("%", "个百分点")
            size = abs(new - old) if rate else abs(new - old) / abs(old) * 100 if old else float("inf")
            if size < (rule.threshold_pp if rate else rule.threshold_pct):
                continue
            change = format_pp(new - old, ev.lang) if rate else f"{format_number(size)}%"
            va, vb = (pd.Timestamp(x["vintage"]).date().isoformat() for x in (a, b))
            if _zh(ev):
                msg = (f"{ev.subject(ind)}{pp.label('zh')}数据修订：由{format_plain(old)}{unit}（{va}发布）"
                       f"修订为{format_plain(new)}{unit}（{vb}发布），变动{change}。")
            else:
                shown = unit_label(unit, "en")
                msg = (f"{ev.name(ind)} for {pp.label('en')} was revised from {format_plain(old)} {shown} "
                       f"({va}) to {format_plain(new)} {shown} ({vb}), a change of {change}.")
            ev.alert(rule, ind, pp, msg, {"old": old, "new": new}, [a, b])


_CHECKS = {BelowTargetRule: _below_target, SlowingRule: _slowing, TurnedNegativeRule: _turned_negative,
           BehindPeerRule: _behind_peer, RevisionRule: _revision}
