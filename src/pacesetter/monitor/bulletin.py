"""Build a monthly bulletin's content: sentences with cited figures, from observations.

Every number shown is a :class:`Figure` with the observations it comes from and a
footnote; computed numbers (changes in pp, two-year averages, single months from
year-to-date levels) state their formula. Rendering to Markdown, HTML and Word is
in :mod:`pacesetter.monitor.render`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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

_plain = phrases.format_plain
# Amounts in English: 亿 (100 million) shown as billions.
_EN_AMOUNTS = {"亿元": ("bn yuan", 0.1), "亿美元": ("bn US dollars", 0.1)}


@dataclass(frozen=True, slots=True)
class Figure:
    """A number in the bulletin: value as shown, its inputs and, if computed, the formula."""

    key: int
    value: float
    unit: str
    inputs: tuple[Obs, ...]
    formula: str = ""


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


def with_unit(number: str, unit: str, lang: str) -> str:
    """A number and its unit in ``lang``: 7070.35亿元, "7070.35 100 million yuan", 3.6%,
    "99.6 (previous month = 100)"."""
    name = unit_label(unit, lang)
    if lang == "zh" or name in ("", "%"):
        return f"{number}{name}"
    return f"{number} ({name})" if "=" in name else f"{number} {name}"


def cite_obs(obs: Obs, lang: str) -> str:
    """Where one observation comes from, as a footnote sentence (its labels from the catalogue)."""
    title = t("outputs.source.title", lang, title=obs.source_title) if obs.source_title else ""
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

    def __init__(self, frame: pd.DataFrame, region_code: str, synthetic: bool, lang: str) -> None:
        self.frame, self.region, self.synthetic, self.lang = frame, region_code, synthetic, lang
        self.figures: dict[int, Figure] = {}

    def series(self, indicator_id: str | None, kind: SeriesKind, *, month_end: bool = False
               ) -> dict[Period, Obs]:
        if indicator_id is None:
            return {}
        out = series_from_frame(self.frame, indicator_id, self.region, kind, month_end=month_end)
        for obs in out.values():
            if obs.synthetic != self.synthetic:
                raise ProvenanceError(
                    f"{indicator_id} {self.region} {obs.period}: "
                    f"{'real' if self.synthetic else 'synthetic'} figure in a "
                    f"{'synthetic' if self.synthetic else 'real'} region; they never mix"
                )
        return out

    def cite(self, value: float, unit: str, inputs: tuple[Obs, ...], formula: str = "") -> str:
        key = len(self.figures) + 1
        self.figures[key] = Figure(key, value, unit, inputs, formula)
        return f"[^{key}]"

    def period_text(self, period: Period, within: int) -> str:
        return phrases.render_period(period, self.lang, within_year=within)

    def growth_clause(self, obs: Obs) -> str:
        return phrases.render_growth(obs.value, self.lang, mark=self.cite(obs.value, "%", (obs,)))

    def previous_text(self, prev: Obs, within: int) -> str:
        """The earlier period with its value: 1-7月份的3.3%（推算值）[^n]."""
        zh, unit = self.lang == "zh", unit_label(prev.unit, self.lang)
        mark = self.cite(prev.value, unit, (prev,))
        number = phrases.format_number(prev.value, 2 if _two_decimals(prev) else 1, lang=self.lang)
        derived = ("（推算值）" if zh else " (derived)") if prev.derived else ""
        when = self.period_text(prev.period, within)
        return f"{when}的{number}{unit}{derived}{mark}" if zh else f"{when}'s {number}{unit}{derived}{mark}"

    def change_clause(self, cur: Obs, prev: Obs | None, prev_period: Period, within: int, *,
                      published: Obs | None = None, rate: bool = False) -> tuple[str, Direction] | None:
        """比1-7月份的3.3%加快0.3个百分点: the published pp change if there is one, else computed.

        A published change is cited as observed (rates are published rounded, so
        recomputing from them can be off by 0.1); without the earlier value the
        clause names only the earlier period.
        """
        if published is not None:
            pp = published.value
            previous = prev.value if prev is not None else cur.value - pp
            mark = self.cite(pp, published.unit, (published,))
        elif prev is not None:
            pp, previous = compute_pp_change(cur.value, prev.value), prev.value
            formula = f"{_plain(cur.value)} − {_plain(prev.value)} = {phrases.format_number(pp, 2)}"
            mark = self.cite(pp, "个百分点", (cur, prev), formula)
        else:
            return None
        direction = compute_direction(cur.value, previous)
        against = self.previous_text(prev, within) if prev is not None else self.period_text(
            prev_period, within)
        return phrases.render_change(direction, pp, against, self.lang, mark=mark, rate=rate), direction

    def amount_clause(self, obs: Obs, display_unit: str | None, *, value: float | None = None,
                      formula: str = "", inputs: tuple[Obs, ...] = ()) -> str:
        """An amount in its display unit: 36258亿元 / 3,625.8 bn yuan."""
        raw = obs.value if value is None else value
        unit = normalise_unit(display_unit or obs.unit).symbol
        shown = convert(raw, obs.unit, unit)
        steps = [formula] if formula else []
        if unit != obs.unit:
            steps.append(f"{unit_label(obs.unit, self.lang)} → {unit_label(unit, self.lang)}")
        if self.lang == "en" and unit in _EN_AMOUNTS:
            unit_text, factor = _EN_AMOUNTS[unit]
            shown *= factor
            steps.append(f"{unit_label(unit, self.lang)} → {unit_text}")
        else:
            unit_text = unit_label(unit, self.lang)
        mark = self.cite(shown, unit_text, inputs or (obs,), "; ".join(steps))
        number = phrases.format_amount(shown, lang=self.lang)
        return f"{number}{unit_text}{mark}" if self.lang == "zh" else f"{number} {unit_text}{mark}"


def _two_decimals(obs: Obs) -> bool:
    """Shares published with two decimals (27.48 %) keep them."""
    return round(obs.value, 1) != round(obs.value, 2)


def build_bulletin(frame: pd.DataFrame, region: Mapping[str, object], period: Period,
                   config: BulletinConfig, lang: str = "zh") -> Bulletin:
    """The bulletin of ``region`` for the month ``period`` (year to date and single month).

    ``frame`` is ``queries.observations(latest=True)`` for the region; ``region``
    a row of ``regions`` (code, name_zh, name_en, synthetic).
    """
    if lang not in ("zh", "en"):
        raise InputError(f"language {lang!r}: choose zh or en")
    if period.kind == "ytd":
        period = Period.month(period.end_year, period.end_month)
    if period.kind != "month":
        raise InputError.said("analysis.errors.bulletin_month", period=period)
    month_period = month_series_period(period)  # raises for a single January
    code, synthetic = str(region["code"]), bool(region["synthetic"])
    name = str(region["name_zh"] if lang == "zh" else region["name_en"])
    b = _Builder(frame, code, synthetic, lang)
    sections = []
    for section in config.sections:
        lines: list[Line] = []
        for item in section.items:
            lines.extend(_item_lines(b, item, period, month_period, config))
        if lines:
            lead = next((ln.direction for ln in lines if ln.direction), None)
            headline = phrases.HEADLINES[lang][lead] if lead else ""
            sections.append(SectionContent(section.id, section.title.get(lang), headline, tuple(lines)))
    ytd = Period.ytd(period.end_year, period.end_month)
    return Bulletin(lang, code, name, synthetic, period, ytd.label(lang), sections, b.figures)


def _item_lines(b: _Builder, item: Item, period: Period, month_period: Period,
                config: BulletinConfig) -> list[Line]:
    y, m = period.end_year, period.end_month
    label = item.label.get(b.lang)
    ytd_p = Period.ytd(y, m)
    if item.kind == "growth":
        return _growth_lines(b, item, ytd_p, month_period, label, config)
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
            mark = b.cite(change, "%", (obs,), formula)
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
        digits = 2 if _two_decimals(obs) else 1
        mark = b.cite(obs.value, obs.unit, (obs,))
        number = phrases.format_number(obs.value, digits, lang=b.lang)
        published = b.series(item.change, kind).get(when)
        clause = b.change_clause(obs, series.get(prev_p) if prev_p else None, prev_p, when.end_year,
                                 published=published, rate=True) if prev_p else None
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
    share_text = f"{phrases.format_number(share.value)}%{b.cite(share.value, '%', (share,))}"
    pull_text = phrases.format_pp(pull.value, b.lang) + b.cite(pull.value, "个百分点", (pull,))
    return [Line("contribution", year.label(b.lang), label, level=share_text, growth=pull_text,
                 of=item.of.get(b.lang))]


def _rate_period(b: _Builder, when: Period, within: int) -> str:
    return when.label(b.lang) if when.kind == "year" else b.period_text(when, within)


def _growth_lines(b: _Builder, item: Item, ytd_p: Period, month_period: Period, label: str,
                  config: BulletinConfig) -> list[Line]:
    y = ytd_p.end_year
    ytd = b.series(item.ytd, "ytd", month_end=item.month_end)
    lines = []
    quarterly = item.frequency == "quarter"
    if quarterly:  # the latest quarter released, compared with the quarter before
        if ytd_p.end_month < 3:
            return []
        ytd_p = Period.ytd(y, ytd_p.end_month - ytd_p.end_month % 3)
    obs = ytd.get(ytd_p)
    if obs is not None:
        level = None
        if item.level and item.level_period == "ytd":
            lvl = b.series(item.level, "ytd", month_end=item.month_end).get(ytd_p)
            level = b.amount_clause(lvl, item.display_unit) if lvl else None
        growth = b.growth_clause(obs)
        two_year = None
        last = ytd.get(ytd_p.same_period_last_year())
        if y in config.two_year_average_years and last is not None:
            avg = compute_two_year_average(obs.value, last.value)
            formula = f"sqrt((1 + {_plain(obs.value)}%) × (1 + {_plain(last.value)}%)) − 1 = {avg:.2f}%"
            mark = b.cite(avg, "%", (obs, last), formula)
            two_year = (f"两年平均增长{phrases.format_number(avg)}%{mark}" if b.lang == "zh"
                        else f"an average of {phrases.format_number(avg, lang='en')}%{mark} a year "
                             "over two years")
        change, direction = None, None
        prev, prev_p = _ytd_previous(b, item, ytd, ytd_p, quarterly)
        published = b.series(item.ytd_change, "ytd").get(ytd_p)
        clause = b.change_clause(obs, prev, prev_p, y, published=published)
        if clause is not None:
            change, direction = clause
        lines.append(Line("growth", b.period_text(ytd_p, y), label, level, growth, two_year, change,
                          direction=direction))
    if item.month and not month_period.is_jan_feb and not quarterly:
        month = b.series(item.month, "month")
        mobs = month.get(month_period)
        if mobs is not None:
            level = None
            if item.level and item.level_period == "month":
                lvl = b.series(item.level, "month").get(month_period)
                level = b.amount_clause(lvl, item.display_unit) if lvl else None
            month_prev = comparison_period(month_period)
            series = ytd if month_prev is not None and month_prev.kind == "ytd" else month
            published = b.series(item.month_change, "month").get(month_period)
            clause = None if month_prev is None else b.change_clause(
                mobs, series.get(month_prev), month_prev, y, published=published)
            change, direction = clause if clause else (None, None)
            lines.append(Line("growth", b.period_text(month_period, y), label, level, b.growth_clause(mobs),
                              None, change, direction=direction))
    return lines


def _ytd_previous(b: _Builder, item: Item, ytd: dict[Period, Obs], ytd_p: Period,
                  quarterly: bool) -> tuple[Obs | None, Period]:
    """What a year-to-date figure is compared with (CONVENTIONS §1, §5).

    1-n月 → 1-(n−1)月; a quarterly series → the quarter before; 1-2月 of an indicator
    with a single-month series → last December's single month, of a cumulative-only
    indicator → last year as a whole.
    """
    y, m = ytd_p.end_year, ytd_p.end_month
    if quarterly:
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
        formula = f"{_plain(obs.value)} − {_plain(prev.value)} = {_plain(value)}{obs.unit}"
        amount = b.amount_clause(obs, item.display_unit, value=value, formula=formula,
                                 inputs=(obs, prev))
        when = b.period_text(period, y)
        month_part = f"其中{when}{amount}" if b.lang == "zh" else f"of which {amount} in {when}"
    return [Line("level", b.period_text(ytd_p, y), label, level=b.amount_clause(obs, item.display_unit),
                 month_part=month_part)]
