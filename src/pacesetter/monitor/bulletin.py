"""Build a monthly bulletin's content: sentences with cited figures, from observations.

Every number shown is a :class:`Figure` with the observations it comes from and a
footnote; computed numbers (changes in pp, two-year averages, single months from
year-to-date levels) state their formula. Rendering to Markdown, HTML and Word is
in :mod:`pacesetter.monitor.render`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from pacesetter.errors import InputError, ProvenanceError
from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.model.provenance import flag_label, origin_note, status_label
from pacesetter.model.units import convert, normalise_unit, unit_label
from pacesetter.monitor import phrases
from pacesetter.monitor.config import BulletinConfig, Item
from pacesetter.monitor.growth import (
    Direction,
    compute_direction,
    compute_month_levels_from_ytd,
    compute_pp_change,
    compute_two_year_average,
)
from pacesetter.monitor.series import (
    Obs,
    SeriesKind,
    comparison_period,
    month_series_period,
    series_from_frame,
)
from pacesetter.release import compose
from pacesetter.release.compose import Number
from pacesetter.release.grammar import VerbFamily, grammar
from pacesetter.release.periods import render_release_period
from pacesetter.release.precision import derived_decimals, format_decimal, shown_decimals
from pacesetter.release.profile import Profile
from pacesetter.render.numbers import EN_AMOUNTS

_plain = phrases.format_plain


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in the bulletin: value as shown, its inputs and, if computed, the formula."""

    key: int
    value: float
    unit: str
    inputs: tuple[Obs, ...]
    formula: str = ""
    # what a computed figure is (FIGURE_KINDS; "" for a figure as published or only converted)
    what: str = ""
    period: Period | None = None  # the figure's own period where it is not its first input's


# What a computed figure is: its label in a figure table (``outputs.figure.<kind>``).
FIGURE_KINDS = ("change", "gap", "two_year", "month", "index_change")


def figure_label(fig: Figure, names: Mapping[str, str], lang: str) -> tuple[str, str]:
    """A figure's own label and period in ``lang``: the indicator's name (``names``: id → name)
    for a figure as published; for a computed one what it is (the single month, the change from
    the earlier period, the gap to the total in percentage points…)."""
    first = fig.inputs[0]
    name = names.get(first.indicator_id, first.indicator_id)
    period = (fig.period or first.period).label(lang)
    if not fig.what:
        return name, period
    other = fig.inputs[1] if len(fig.inputs) > 1 else None
    fmt: dict[str, object] = {"name": name}
    if other is not None:
        fmt |= {"other": names.get(other.indicator_id, other.indicator_id),
                "against": other.period.label(lang)}
    return t(f"outputs.figure.{fig.what}", lang, **fmt), period


@dataclass(frozen=True, slots=True)
class Line:
    """One sentence: clauses already worded and cited (``[^n]`` after each number)."""

    kind: str
    period: str
    label: str
    level: str | None = None
    growth: str | None = None
    two_year: str | None = None
    change: str | None = None
    month_part: str | None = None
    direction: Direction | None = None
    of: str = ""
    remark: str = ""
    extras: tuple[str, ...] = ()
    family: VerbFamily = "growth"  # price: 涨幅扩大 / 降幅收窄 … and a price headline
    plural: bool = False  # the English label is plural: "were up"
    stock: bool = False  # a balance at a month's end: "At the end of August"


@dataclass(frozen=True, slots=True)
class SectionContent:
    """A section with data: its title, headline words and lines."""

    id: str
    title: str
    headline: str
    lines: tuple[Line, ...]


@dataclass(slots=True)
class Bulletin:
    """Everything a template needs, and every figure behind it."""

    lang: str
    region_code: str
    region_name: str
    synthetic: bool
    period: Period
    period_label: str
    sections: list[SectionContent]
    figures: dict[int, Figure] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # titles of sections without data this period


def with_unit(number: str, unit: str, lang: str) -> str:
    """A number and its unit in ``lang``: 7070.35亿元, "7070.35 100 million yuan", 3.6%,
    "99.6 (previous month = 100)"."""
    name = unit_label(unit, lang)
    if lang == "zh" or name in ("", "%"):
        return f"{number}{name}"
    return f"{number} ({name})" if "=" in name else f"{number} {name}"


def cite_obs(obs: Obs, lang: str) -> str:
    """Where one observation comes from, as a footnote sentence (its labels from the catalogue)."""
    # a synthetic figure's stored title names it in both languages: its label below says it in one
    shown = obs.source_title if obs.source_title and not obs.synthetic else ""
    title = t("outputs.source.title", lang, title=shown) if shown else ""
    text = t("outputs.source.cite", lang, label=Period.parse(obs.stored_period).label(lang),
             value=with_unit(phrases.format_plain(obs.value), obs.unit, lang), title=title,
             source=obs.source, vintage=obs.vintage or t("outputs.source.not_stated", lang),
             status=status_label(obs.status, lang))
    origin = origin_note(obs.publisher, obs.document, obs.source_kind, lang)
    extras = [(origin, origin), (obs.quote, t("outputs.source.quote", lang, quote=obs.quote)),
              (obs.derived_from, t("outputs.source.derived_from", lang, formula=obs.derived_from)),
              (obs.flags, t("outputs.source.caution", lang, flags=flag_label(obs.flags, lang))),
              (obs.synthetic, t("outputs.source.synthetic", lang))]
    return t("outputs.source.sep", lang).join([text, *(words for present, words in extras if present)])


def footnote_text(fig: Figure, lang: str) -> str:
    """A figure's footnote: its source(s), and its formula when the bulletin computed it."""
    sources = t("outputs.source.sep", lang).join(cite_obs(o, lang) for o in fig.inputs)
    if not fig.formula:
        return sources + t("outputs.source.end", lang)
    return t("outputs.source.computed", lang, formula=fig.formula, sources=sources)


class _Builder:
    """Accumulates figures while the lines of one bulletin are worded."""

    def __init__(self, frame: pd.DataFrame, region_code: str, synthetic: bool, lang: str,
                 profile: Profile) -> None:
        self.frame, self.region, self.synthetic, self.lang = frame, region_code, synthetic, lang
        self.profile = profile
        self.figures: dict[int, Figure] = {}

    def series(self, indicator_id: str | None, kind: SeriesKind, *, month_end: bool = False
               ) -> dict[Period, Obs]:
        if indicator_id is None:
            return {}
        out = series_from_frame(self.frame, indicator_id, self.region, kind, month_end=month_end)
        for obs in out.values():
            if obs.synthetic != self.synthetic:
                key = "real_in_synthetic" if self.synthetic else "synthetic_in_real"
                raise ProvenanceError.said(f"analysis_errors.{key}", indicator=indicator_id,
                                           region=self.region, period=obs.period)
        return out

    def cite(self, value: float, unit: str, inputs: tuple[Obs, ...], formula: str = "", *,
             what: str = "", period: Period | None = None) -> str:
        key = len(self.figures) + 1
        self.figures[key] = Figure(key, value, unit, inputs, formula, what, period)
        return f"[^{key}]"

    def period_text(self, period: Period, within: int) -> str:
        return render_release_period(period, self.lang, within_year=within, style=self.profile.period_style)

    def name(self, indicator_id: str | None, label: str, *, level: bool = False) -> str:
        """The name the city's profile gives an indicator (zh), else the section's label; with
        ``level``, after the verb the city writes before a stated level (实现地区生产总值)."""
        if self.lang != "zh":
            return label
        verb = self.profile.level_verbs.get(indicator_id or "", "") if level else ""
        return verb + self.profile.label(indicator_id, label)

    def number(self, obs: Obs, mark: str = "") -> Number:
        """An observation as stated: its value with the decimals it was published with."""
        return Number(obs.value, shown_decimals(obs.value, obs.unit, obs.decimals), mark)

    def growth_clause(self, obs: Obs, *, lead: bool = True, family: VerbFamily = "growth",
                      yoy: bool = True) -> str:
        number = self.number(obs, self.cite(obs.value, "%", (obs,)))
        yoy = yoy and (self.profile.yoy_lead if lead else self.profile.yoy_others)
        return compose.growth_text(number, self.lang, self.profile, yoy=yoy, family=family)

    def previous_number(self, prev: Obs) -> Number:
        """The earlier figure, cited, marked 推算值 / derived where it was derived."""
        mark = self.cite(prev.value, unit_label(prev.unit, self.lang), (prev,))
        derived = ("（推算值）" if self.lang == "zh" else " (derived)") if prev.derived else ""
        return self.number(prev, derived + mark)

    def change_clause(self, cur: Obs, prev: Obs | None, prev_period: Period, within: int, *,
                      published: Obs | None = None, rate: bool = False, month_before: bool = False,
                      same_period: bool = False, family: VerbFamily = "growth",
                      ) -> tuple[str, Direction] | None:
        """比1-7月份加快0.3个百分点: the published pp change if there is one, else computed.

        A published change is cited as published, with its own decimals (rates are published
        rounded, so recomputing from them can be off by 0.1); a computed one rounds half-up to
        the precision of the two rates. The city's profile says whether the earlier value is
        stated and how the earlier period is named.
        """
        if published is None and prev is None:
            return None
        stated = prev is not None and self.profile.state_previous_value
        previous_number = self.previous_number(prev) if stated and prev is not None else None
        if published is not None:
            pp = published.value
            previous = prev.value if prev is not None else cur.value - pp
            mark = self.cite(pp, published.unit, (published,))
            digits = shown_decimals(pp, published.unit, published.decimals)
        else:
            assert prev is not None
            pp, previous = compute_pp_change(cur.value, prev.value), prev.value
            digits = self.profile.pp_decimals if self.profile.pp_decimals is not None else derived_decimals(
                self.number(cur).decimals, self.number(prev).decimals)
            formula = f"{_plain(cur.value)} − {_plain(prev.value)} = {phrases.format_number(pp, 2)}"
            mark = self.cite(pp, "个百分点", (cur, prev), formula, what="change")
        direction = compute_direction(cur.value, previous, digits=digits)
        against = compose.against_text(prev_period, self.lang, self.profile, within_year=within,
                                       previous=previous_number, month_before=month_before,
                                       same_period=same_period)
        change = compose.Change(direction, Number(pp, digits, mark), against, month=month_before,
                                rate=rate, family=family)
        return compose.change_text(change, self.lang, self.profile), direction

    def amount_clause(self, obs: Obs, display_unit: str | None, *, value: float | None = None,
                      formula: str = "", inputs: tuple[Obs, ...] = (), what: str = "",
                      period: Period | None = None) -> str:
        """An amount in its display unit: 36258亿元 / 3,625.8 bn yuan."""
        raw = obs.value if value is None else value
        unit = normalise_unit(display_unit or obs.unit).symbol
        shown = convert(raw, obs.unit, unit)
        steps = [formula] if formula else []
        if unit != obs.unit:
            steps.append(f"{unit_label(obs.unit, self.lang)} → {unit_label(unit, self.lang)}")
        if self.lang == "en" and unit in EN_AMOUNTS:
            unit_text, factor = EN_AMOUNTS[unit]
            shown *= factor
            steps.append(f"{unit_label(unit, self.lang)} → {unit_text}")
        else:
            unit_text = unit_label(unit, self.lang)
        mark = self.cite(shown, unit_text, inputs or (obs,), "; ".join(steps), what=what, period=period)
        as_published = obs.decimals is not None and not steps  # the figure as printed, unconverted
        number = (format_decimal(shown, obs.decimals or 0, lang=self.lang) if as_published
                  else phrases.format_amount(shown, lang=self.lang))
        return f"{number}{unit_text}{mark}" if self.lang == "zh" else f"{number} {unit_text}{mark}"


def build_bulletin(frame: pd.DataFrame, region: Mapping[str, object], period: Period,
                   config: BulletinConfig, lang: str = "zh", profile: Profile | None = None) -> Bulletin:
    """The bulletin of ``region`` for the month ``period`` (year to date and single month).

    ``frame`` is ``queries.observations(latest=True)`` for the region; ``region``
    a row of ``regions`` (code, name_zh, name_en, synthetic); ``profile`` the city's wording
    (the national default when None). Sections without data are listed in ``missing``.
    """
    if lang not in ("zh", "en"):
        raise InputError.said("analysis_errors.language", lang=lang)
    if period.kind == "ytd":
        period = Period.month(period.end_year, period.end_month)
    if period.kind != "month":
        raise InputError.said("analysis.errors.bulletin_month", period=period)
    month_period = month_series_period(period)  # raises for a single January
    code, synthetic = str(region["code"]), bool(region["synthetic"])
    name = str(region["name_zh"] if lang == "zh" else region["name_en"])
    b = _Builder(frame, code, synthetic, lang, profile or compose.default_profile())
    sections, missing = [], []
    for section in config.sections:
        lines: list[Line] = []
        for item in section.items:
            item_lines = [replace(ln, plural=item.label.plural)
                          for ln in _item_lines(b, item, period, month_period, config, lead=not lines)]
            lines.extend(_with_subject(b.profile, item_lines, lead=not lines) if lang == "zh" else item_lines)
        if lines:
            lead = next((ln for ln in lines if ln.direction), None)
            headline = phrases.headline(lead.direction, lead.family, lang) if lead and lead.direction else ""
            sections.append(SectionContent(section.id, section.title.get(lang), headline, tuple(lines)))
        else:
            missing.append(section.title.get(lang))
    ytd = Period.ytd(period.end_year, period.end_month)
    return Bulletin(lang, code, name, synthetic, period, ytd.label(lang), sections, b.figures, missing)


def _with_subject(profile: Profile, lines: list[Line], *, lead: bool) -> list[Line]:
    """The lines of a section's lead item with the city's subject (全市) before the label:
    on its first line, or on every line of the lead item, as the profile says."""
    if not (lead and profile.subject and lines):
        return lines
    count = 1 if profile.subject_on == "first_line" else len(lines)
    return [replace(ln, label=profile.subject + ln.label) if i < count else ln for i, ln in enumerate(lines)]


def _item_lines(b: _Builder, item: Item, period: Period, month_period: Period,
                config: BulletinConfig, *, lead: bool) -> list[Line]:
    y, m = period.end_year, period.end_month
    label = item.label.get(b.lang)
    ytd_p = Period.ytd(y, m)
    if item.kind == "growth":
        return _growth_lines(b, item, ytd_p, month_period, label, config, lead=lead)
    label = b.name(item.id, label)
    if item.kind == "price":
        obs = b.series(item.id, "month").get(period)
        if obs is None:
            return []
        if item.index_base is None:
            mark = b.cite(obs.value, "%", (obs,))
            change = obs.value
        else:  # an index with the previous month = base: the change is index − base
            change = obs.value - item.index_base
            formula = f"{_plain(obs.value)} − {_plain(item.index_base)} = {change:.2f}%"
            mark = b.cite(change, "%", (obs,), formula, what="index_change")
        text = phrases.render_price_change(change, b.lang, mark=mark)
        return [Line("price", b.period_text(period, y), label, growth=text)]
    if item.kind == "contribution":
        return _contribution_lines(b, item, Period.year(y if m == 12 else y - 1), label)
    if item.kind == "rate":
        at: dict[str, tuple[Period, SeriesKind]] = {
            "month": (period, "month"), "quarter": (ytd_p, "ytd"), "ytd": (ytd_p, "ytd"),
            "year": (Period.year(y if m == 12 else y - 1), "year")}
        when, kind = at[item.frequency]
        series = b.series(item.id, kind)
        obs = series.get(when)
        if obs is None:
            return []
        prev_p = when.same_period_last_year() if when.kind == "ytd" else when.previous(
            jan_feb_combined=False)
        mark = b.cite(obs.value, obs.unit, (obs,))
        number = b.number(obs).text(b.lang, absolute=False)
        published = b.series(item.change, kind).get(when)
        # a month: 比上月 (as the city names the month before); year to date: 比上年同期
        clause = b.change_clause(obs, series.get(prev_p) if prev_p else None, prev_p, when.end_year,
                                 published=published, rate=True, month_before=when.kind == "month",
                                 same_period=when.kind == "ytd") if prev_p else None
        return [Line("rate", _rate_period(b, when, y), label, level=f"{number}{obs.unit}{mark}",
                     change=clause[0] if clause else None)]
    return _level_lines(b, item, period, ytd_p, label)


def _contribution_lines(b: _Builder, item: Item, year: Period, label: str) -> list[Line]:
    """An observed contribution share (贡献率) and pull (拉动); never recomputed from levels."""
    share = b.series(item.id, "year").get(year)
    pull = b.series(item.pull, "year").get(year)
    if share is None or pull is None:
        return []
    assert item.of is not None
    share_text = f"{b.number(share).text(b.lang)}%{b.cite(share.value, '%', (share,))}"
    pull_text = compose.pp_text(b.number(pull, b.cite(pull.value, "个百分点", (pull,))), b.lang)
    return [Line("contribution", year.label(b.lang), label, level=share_text, growth=pull_text,
                 of=item.of.get(b.lang))]


def _rate_period(b: _Builder, when: Period, within: int) -> str:
    return when.label(b.lang) if when.kind == "year" else b.period_text(when, within)


def _growth_lines(b: _Builder, item: Item, ytd_p: Period, month_period: Period, label: str,
                  config: BulletinConfig, *, lead: bool) -> list[Line]:
    y = ytd_p.end_year
    ytd = b.series(item.ytd, "ytd", month_end=item.month_end)
    lines = []
    quarterly = item.frequency == "quarter"
    remark = b.profile.remarks.get(item.ytd or item.month or "", "")  # 按不变价格计算, said before the growth
    if remark and b.lang == "en":  # "… year on year at constant prices", after it
        remark = grammar().remarks[remark]
    if quarterly:  # the latest quarter released, compared with the quarter before
        if ytd_p.end_month < 3:
            return []
        ytd_p = Period.ytd(y, ytd_p.end_month - ytd_p.end_month % 3)
    elif item.lag_months:  # released a month late: 1-7月 in the 1-8月 release
        if ytd_p.end_month - item.lag_months < 2:
            return []
        ytd_p = Period.ytd(y, ytd_p.end_month - item.lag_months)
    obs = ytd.get(ytd_p)
    if obs is not None:
        level = None
        if item.level and item.level_period == "ytd":
            lvl = b.series(item.level, "ytd", month_end=item.month_end).get(ytd_p)
            level = b.amount_clause(lvl, item.display_unit) if lvl else None
        growth: str | None = b.growth_clause(obs, lead=lead, family=item.family, yoy=item.yoy)
        two_year = _two_year(b, item, ytd, obs, ytd_p, config)
        change, direction = None, None
        prev, prev_p = _ytd_previous(b, item, ytd, ytd_p, quarterly)
        published = b.series(item.ytd_change, "ytd").get(ytd_p)
        clause = b.change_clause(obs, prev, prev_p, y, published=published, family=item.family)
        if clause is not None:
            change, direction = clause
            if _states_both(b.profile, direction, prev):
                assert prev is not None
                growth, change = _sign_change(b, item, obs, prev, prev_p, y), None
        lines.append(Line("growth", b.period_text(ytd_p, y), b.name(item.ytd, label, level=level is not None),
                          level, growth, two_year,
                          change, direction=direction, remark=remark,
                          extras=_extras(b, item, obs, ytd_p, "ytd"), family=item.family))
    if item.month and not month_period.is_jan_feb and not quarterly:
        month = b.series(item.month, "month")
        mobs = month.get(month_period)
        if mobs is not None:
            level = None
            if item.level and item.level_period == "month":
                lvl = b.series(item.level, "month").get(month_period)
                level = b.amount_clause(lvl, item.display_unit) if lvl else None
            month_prev = comparison_period(month_period)
            month_before = month_prev is not None and month_prev.kind == "month"
            series = month if month_before else ytd
            published = b.series(item.month_change, "month").get(month_period)
            growth = b.growth_clause(mobs, lead=lead, family=item.family, yoy=item.yoy)
            clause = None if month_prev is None else b.change_clause(
                mobs, series.get(month_prev), month_prev, y, published=published,
                month_before=month_before, family=item.family)
            change, direction = clause if clause else (None, None)
            mprev = series.get(month_prev) if month_prev is not None else None
            if month_prev is not None and _states_both(b.profile, direction, mprev):
                assert mprev is not None
                growth, change = _sign_change(b, item, mobs, mprev, month_prev, y,
                                              month_before=month_before), None
            when = _month_end(month_period, b.lang) if item.stock else b.period_text(month_period, y)
            lines.append(Line("growth", when, b.name(item.month, label), level, growth, None, change,
                              direction=direction, remark=remark, family=item.family, stock=item.stock))
    return lines


def _two_year(b: _Builder, item: Item, ytd: dict[Period, Obs], obs: Obs, ytd_p: Period,
              config: BulletinConfig) -> str | None:
    """两年平均增长6.3%: as published where the release states it (`two_year`), else computed in
    the years the sections name from this year's and last year's rates (a geometric mean)."""
    published = b.series(item.two_year, "ytd").get(ytd_p)
    last = ytd.get(ytd_p.same_period_last_year())
    if published is not None:
        avg = published.value
        digits = b.number(published).decimals
        mark = b.cite(avg, "%", (published,))
    elif ytd_p.end_year in config.two_year_average_years and last is not None:
        avg = compute_two_year_average(obs.value, last.value)
        formula = f"sqrt((1 + {_plain(obs.value)}%) × (1 + {_plain(last.value)}%)) − 1 = {avg:.2f}%"
        mark = b.cite(avg, "%", (obs, last), formula, what="two_year")
        digits = derived_decimals(b.number(obs).decimals, b.number(last).decimals)
    else:
        return None
    if b.lang == "zh":
        return f"两年平均增长{format_decimal(avg, digits)}%{mark}"
    return f"an average of {format_decimal(avg, digits, lang='en')}%{mark} a year over two years"


def _month_end(month: Period, lang: str) -> str:
    """The end of a month, for balances: 8月末 / the end of August."""
    if lang == "zh":
        return f"{month.end_month}月末"
    return f"the end of {render_release_period(month, lang, within_year=month.end_year)}"


def _states_both(profile: Profile, direction: Direction | None, prev: Obs | None) -> bool:
    """Whether a sign change is worded with both values (由1-7月下降1.3%转为增长1.5%)."""
    turned = direction in ("turned_positive", "turned_negative")
    return turned and prev is not None and profile.sign_change == "values"


def _sign_change(b: _Builder, item: Item, cur: Obs, prev: Obs, prev_p: Period, within: int, *,
                 month_before: bool = False) -> str:
    """由1-7月份下降1.3%转为增长1.5%, both figures cited; a price 同比由上月下降0.3%转为上涨0.1%."""
    previous = b.previous_number(prev)
    current = b.number(cur, b.cite(cur.value, "%", (cur,)))
    against = compose.against_text(prev_p, b.lang, b.profile, within_year=within, month_before=month_before)
    price = item.family == "price"
    return compose.sign_change_text(current, previous, against, b.lang, family=item.family,
                                    yoy=price and item.yoy)


def _extras(b: _Builder, item: Item, obs: Obs, when: Period, kind: SeriesKind) -> tuple[str, ...]:
    """The clauses after a component's growth: its share of the total (占规模以上工业增加值比重48.5%),
    its gap to the total's growth (快于规模以上工业3.3个百分点) and its pull (拉动…增长4.1个百分点)."""
    out = []
    share = b.series(item.share, kind).get(when)
    if share is not None and item.share_of is not None:
        number = b.number(share, b.cite(share.value, "%", (share,)))
        out.append(compose.share_text(number, item.share_of.get(b.lang), b.lang))
    total = b.series(item.gap, kind).get(when)
    if total is not None and item.gap_of is not None:
        gap = compute_pp_change(obs.value, total.value)
        formula = f"{_plain(obs.value)} − {_plain(total.value)} = {phrases.format_number(gap, 2)}"
        digits = derived_decimals(b.number(obs).decimals, b.number(total).decimals)
        mark = b.cite(gap, "个百分点", (obs, total), formula, what="gap")
        out.append(compose.gap_text(compose.Gap(Number(gap, digits, mark), item.gap_of.get(b.lang)), b.lang))
    pull = b.series(item.pull, kind).get(when)
    if pull is not None and item.of is not None:
        number = b.number(pull, b.cite(pull.value, "个百分点", (pull,)))
        out.append(compose.pull_text(number, item.of.get(b.lang), b.lang))
    return tuple(out)


def _ytd_previous(b: _Builder, item: Item, ytd: dict[Period, Obs], ytd_p: Period,
                  quarterly: bool) -> tuple[Obs | None, Period]:
    """What a year-to-date figure is compared with (CONVENTIONS §1, §5).

    1-n月 → 1-(n−1)月; a quarterly series → the quarter before; 1-2月 of an indicator
    with a single-month series → last December's single month, of a cumulative-only
    indicator → last year as a whole; 1-3月 → last year as a whole where the city's profile
    compares its first quarter so.
    """
    y, m = ytd_p.end_year, ytd_p.end_month
    first_quarter = m == 3 and b.profile.first_quarter_against == "previous_year"
    if quarterly or first_quarter:
        prev_p = Period.ytd(y, m - 3) if m > 3 else Period.ytd(y - 1, 12)
    elif ytd_p.is_jan_feb and item.month:
        prev_p = Period.month(y - 1, 12)
        return b.series(item.month, "month").get(prev_p), prev_p
    else:
        prev_p = comparison_period(ytd_p) or Period.ytd(y - 1, 12)
    return ytd.get(prev_p), prev_p


def _level_lines(b: _Builder, item: Item, period: Period, ytd_p: Period, label: str) -> list[Line]:
    y = period.end_year
    if item.level_period == "month":
        obs = b.series(item.id, "month").get(period)
        if obs is None:
            return []
        return [Line("level", b.period_text(period, y), label,
                     level=b.amount_clause(obs, item.display_unit))]
    ytd = b.series(item.id, "ytd", month_end=item.month_end)
    obs = ytd.get(ytd_p)
    if obs is None:
        return []
    month_part = None
    prev_p = ytd_p.previous()
    prev = ytd.get(prev_p) if prev_p else None
    if item.month_from_ytd and prev is not None:
        single = compute_month_levels_from_ytd({ytd_p: obs.value, prev.period: prev.value})
        value = single[period]
        formula = f"{_plain(obs.value)} − {_plain(prev.value)} = {with_unit(_plain(value), obs.unit, b.lang)}"
        amount = b.amount_clause(obs, item.display_unit, value=value, formula=formula,
                                 inputs=(obs, prev), what="month", period=period)
        when = b.period_text(period, y)
        month_part = f"其中{when}{amount}" if b.lang == "zh" else f"of which {amount} in {when}"
    return [Line("level", b.period_text(ytd_p, y), label, level=b.amount_clause(obs, item.display_unit),
                 month_part=month_part)]
