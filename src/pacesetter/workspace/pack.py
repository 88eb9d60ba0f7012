"""The month's pack: bulletin, warnings, growth needed, assessment summary, chain overview.

One Word document (laid out as GB/T 9704 lays out a report, :mod:`pacesetter.render.word`)
and one workbook (a sheet per part, then 说明/About), in one language. It lives beside the
Workspace rather than in an analysis package because it joins several of them (monitor,
assess, chains); each part is what the Workspace method of the same name returns, turned
into sentences and a table whose every figure keeps its unit, period, source and release
date. What the data do not say is shown as 未知 / unknown, never 0; a part that cannot be
made for this region says why instead of failing the pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from pacesetter.errors import InputError, NotFoundError
from pacesetter.i18n import t
from pacesetter.model.periods import Period
from pacesetter.model.provenance import status_label
from pacesetter.model.units import UNITS
from pacesetter.render.numbers import format_share

if TYPE_CHECKING:
    from pacesetter.assess.report import Assessment
    from pacesetter.monitor.render import Rendered
    from pacesetter.monitor.series import Obs
    from pacesetter.workspace.core import Workspace

PART_KEYS = ("bulletin", "warnings", "needed", "assessment", "chains")


def _t(key: str, lang: str, **fmt: object) -> str:
    """The pack's label ``key`` (``outputs.pack.<key>`` of the catalogue) in ``lang``."""
    return t(f"outputs.pack.{key}", lang, **fmt)


def _unit(unit: object, lang: str) -> str:
    """A unit in ``lang``: the catalogue's English label in English, as stored in Chinese."""
    text = "" if unit is None or pd.isna(unit) else str(unit)  # type: ignore[call-overload]
    return UNITS[text].en if lang == "en" and text in UNITS else text


def _date(value: object) -> object:
    """A release date as an ISO date, or missing (shown as unknown)."""
    if value is None or value == "" or pd.isna(value):  # type: ignore[call-overload]
        return None
    return str(value)[:10]


@dataclass(frozen=True)
class PackPart:
    """One part of the pack: its heading, its sentences (what it rests on first) and its table.

    ``table`` is the workbook sheet (every figure with unit, period, source, release date);
    ``brief`` the shorter table the Word document shows, if any.
    """

    key: str
    heading: str
    lines: list[str]
    table: pd.DataFrame
    brief: pd.DataFrame | None = None
    about: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class MonthlyPack:
    """The month's pack of one region, in one language, ready to write as .docx and .xlsx."""

    region_code: str
    region_name: str
    month: Period
    lang: str
    synthetic: bool
    database: str
    bulletin: Rendered
    parts: list[PackPart]

    @property
    def title(self) -> str:
        """The document title, e.g. 青岛市2022年8月经济运行月度报告."""
        return _t("title", self.lang, region=self.region_name, period=self.month.label(self.lang))

    def write(self, out_dir: Path | str) -> tuple[Path, Path]:
        """Write ``pacesetter_<region>_<YYYY-MM>_<lang>.docx`` and ``.xlsx`` into ``out_dir``
        (made if needed); their paths."""
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"pacesetter_{self.region_code}_{self.month.end_year}-{self.month.end_month:02d}_{self.lang}"
        docx, xlsx = folder / f"{stem}.docx", folder / f"{stem}.xlsx"
        docx.write_bytes(self.docx())
        self.write_xlsx(xlsx)
        return docx, xlsx

    def docx(self) -> bytes:
        """The pack as a Word document: the bulletin (sources as endnotes), then each part."""
        from pacesetter.monitor.render import write_bulletin
        from pacesetter.render.word import WordReport

        word = WordReport(self.title, self.lang)
        word.title(self.title, _t("synthetic", self.lang) if self.synthetic else "")
        with_notes = False
        for n, part in enumerate(self.parts, start=1):
            number = _t("number", self.lang, numeral=_t("numerals", self.lang).split("|")[n - 1])
            if part.key == "bulletin":
                with_notes = write_bulletin(word, self.bulletin, prefix=number, sources_heading=False)
                continue
            word.heading(number + part.heading)
            if self.synthetic:  # the label on every part, not only on the title page
                word.paragraph(_t("synthetic", self.lang), bold=True)
            for line in part.lines:
                word.paragraph(line)
            if part.brief is not None and len(part.brief):
                brief, sources = _with_sources(part, self.lang)
                word.table(brief, _t("unknown", self.lang))
                if sources:  # every figure of the table traceable: its source and release date
                    word.paragraph(_t("table_sources", self.lang))
                    for line in sources:
                        word.paragraph(line)
        if with_notes:  # Word prints the endnotes (the bulletin's sources) at the document's end
            word.heading(_t("sources_heading", self.lang))
            word.paragraph(_t("endnotes_note", self.lang, part=self.parts[0].heading))
        return word.to_bytes()

    def write_xlsx(self, path: Path) -> None:
        """One sheet per part (headers in the pack's language), then 说明/About."""
        from openpyxl import Workbook

        from pacesetter.io.workbook import append_table

        wb = Workbook()
        first = wb.active
        unknown = _t("unknown", self.lang)
        for part in self.parts:
            name = _t(_SHEET.get(part.key, part.key), self.lang)
            append_table(wb.create_sheet(name[:31]), part.table.astype(object).fillna(unknown), readable=True)
        about = [(_t("region", self.lang), f"{self.region_code} {self.region_name}"),
                 (_t("month", self.lang), self.month.label(self.lang)),
                 (_t("database", self.lang), self.database),
                 (_t("generated", self.lang), dt.date.today().isoformat()),
                 (_t("synthetic_col", self.lang),
                  _t("synthetic", self.lang) if self.synthetic else _t("no", self.lang)),
                 ("", _t("unknown_note", self.lang)),
                 *(item for part in self.parts for item in part.about)]
        frame = pd.DataFrame(about, columns=[_t("item", self.lang), _t("content", self.lang)])
        append_table(wb.create_sheet(_t("about", self.lang)), frame)
        if first is not None:
            wb.remove(first)
        wb.save(path)


_SHEET = {"needed": "sheet_needed", "chains": "sheet_chains"}


def _with_sources(part: PackPart, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """The part's brief table with a column numbering each row's source, and the numbered
    source lines (source and release date, from the row of the full table) it refers to."""
    assert part.brief is not None
    source, released = _t("source", lang), _t("released", lang)
    if source not in part.table.columns:
        return part.brief, []
    numbers: dict[tuple[str, str], int] = {}
    refs: list[int | None] = []
    for idx in part.brief.index:
        row = part.table.loc[idx]
        text = _cell_text(row.get(source))
        if not text:  # a row without a figure (unknown) cites nothing
            refs.append(None)
            continue
        when = _cell_text(row.get(released)) or t("outputs.source.not_stated", lang)
        refs.append(numbers.setdefault((text, when), len(numbers) + 1))
    brief = part.brief.copy()
    brief[_t("source_ref", lang)] = refs
    dated = part.key != "warnings"  # an alert's sources already say their release dates
    lines = [_t("source_line" if dated else "source_line_dated", lang, n=n, source=text, released=when)
             for (text, when), n in numbers.items()]
    return (brief, lines) if lines else (part.brief, [])


def _cell_text(value: object) -> str:
    """A table cell as text; "" where it is missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[call-overload]
        return ""
    return str(value).strip()


def gather_pack(ws: Workspace, region: str, period: str, lang: str) -> MonthlyPack:
    """Every part of the month's pack of ``region``; :class:`InputError` if the database does
    not hold the region or any bulletin figure for the month."""
    try:
        reg = ws.region(region)
    except NotFoundError as exc:
        raise InputError.said("outputs.pack.no_region", region=region) from exc
    month = Period.parse_month(period)
    try:
        bulletin = ws.bulletin(region, period, lang)
    except NotFoundError as exc:
        raise InputError.said("outputs.pack.no_month", region=region, period=month) from exc
    table = ws.table("indicators")
    names = dict(zip(table["id"].astype(str), table[f"name_{lang}"].astype(str), strict=True))
    makers: list[Callable[[], PackPart]] = [
        lambda: _bulletin_part(bulletin, names, lang),
        lambda: _warnings_part(ws, region, period, names, lang),
        lambda: _needed_part(ws, region, month, names, lang, bool(reg["synthetic"])),
        lambda: _assessment_part(ws, region, month, lang),
        lambda: _chains_part(ws, region, lang),
    ]
    parts = []
    for key, make in zip(PART_KEYS, makers, strict=True):
        try:
            parts.append(make())
        except (NotFoundError, InputError) as exc:  # the part says why; the rest of the pack stands
            why = _t("not_made", lang, reason=exc.text(lang))
            parts.append(PackPart(key, _t(key, lang), [why], pd.DataFrame({_t("message", lang): [why]})))
    return MonthlyPack(region, str(reg[f"name_{lang}"]), month, lang, bool(reg["synthetic"]),
                       str(ws.path), bulletin, parts)


def _yes_no(flag: object, lang: str) -> str:
    return _t("yes" if bool(flag) else "no", lang)


def _source(obs: Obs, lang: str) -> str:
    """Where a bulletin figure comes from, in ``lang``: a synthetic one is labelled so in the
    pack's language (its stored title carries both languages), a real one by title and address."""
    if obs.synthetic:
        return f"{_t('synthetic', lang)}, {obs.source}"
    return f"{obs.source_title}, {obs.source}" if obs.source_title else obs.source


def _bulletin_part(rendered: Rendered, names: dict[str, str], lang: str) -> PackPart:
    """Every figure the bulletin cites, by its note number, with the observations behind it."""
    from pacesetter.monitor.bulletin import figure_label

    rows = []
    for n, fig in rendered.figures.items():
        label, period = figure_label(fig, names, lang)  # a computed figure says what it is
        rows.append({
            _t("note", lang): n,
            _t("indicator", lang): label,
            _t("period", lang): period,
            _t("value", lang): round(fig.value, 6),  # without float noise of unit conversion
            _t("unit", lang): _unit(fig.unit, lang),
            _t("formula", lang): fig.formula or _t("as_published", lang),
            _t("source", lang): "; ".join(dict.fromkeys(_source(o, lang) for o in fig.inputs)),
            _t("released", lang): "; ".join(dict.fromkeys(str(_date(o.vintage)) for o in fig.inputs
                                                           if _date(o.vintage))) or None,
            _t("status", lang): "; ".join(dict.fromkeys(status_label(o.status, lang) for o in fig.inputs)),
            _t("synthetic_col", lang): _yes_no(any(o.synthetic for o in fig.inputs), lang),
        })
    return PackPart("bulletin", _t("bulletin", lang), [], pd.DataFrame(rows))


def _warnings_part(ws: Workspace, region: str, period: str, names: dict[str, str], lang: str) -> PackPart:
    """The alerts (each with the figure of its period: unit, source, release date) and the checks
    that could not be made, with why."""
    report = ws.warnings(region, period, lang)
    obs = ws.observations(sorted({a.indicator_id for a in report.alerts}), [region]) \
        if report.alerts else pd.DataFrame()
    rows, lines = [], []
    for a in report.alerts:
        hit = obs[(obs["indicator_id"] == a.indicator_id) & (obs["period"] == a.period)] if len(obs) else obs
        first = hit.iloc[0] if len(hit) else None
        rows.append({
            _t("status", lang): _t("alert", lang), _t("severity", lang): _t(a.severity, lang),
            _t("rule", lang): a.rule_name or a.rule_id,
            _t("indicator", lang): names.get(a.indicator_id, a.indicator_id),
            _t("period", lang): Period.parse(a.period).label(lang),
            _t("values", lang): "; ".join(f"{p}: {v:g}" for p, v in a.values.items()),
            _t("unit", lang): _unit(first["unit"], lang) if first is not None else None,
            _t("message", lang): a.message, _t("source", lang): "; ".join(a.sources),
            _t("released", lang): _date(first["vintage"]) if first is not None else None,
            _t("synthetic_col", lang): _yes_no(a.synthetic, lang)})
    if not report.alerts:
        lines.append(_t("no_alerts", lang))
    by_reason: dict[str, list[str]] = {}
    for check in report.not_checked:  # the rule in words and the indicator it watches
        by_reason.setdefault(check.reason, []).append(check.rule_name)
        rows.append({_t("status", lang): _t("not_checked", lang), _t("rule", lang): check.rule_name,
                     _t("indicator", lang): names.get(check.indicator_id, check.indicator_id),
                     _t("period", lang): Period.parse_month(period).label(lang),  # the month checked
                     _t("message", lang): check.reason})
    lines += [_t("not_checked_line", lang, reason=r, n=len(w)) for r, w in by_reason.items()]
    table = pd.DataFrame(rows)
    brief = table.loc[table[_t("status", lang)] == _t("alert", lang),
                      [_t(k, lang) for k in ("severity", "indicator", "period", "message")]] \
        if report.alerts else None
    return PackPart("warnings", _t("warnings", lang), lines, table, brief)


def _needed_part(ws: Workspace, region: str, month: Period, names: dict[str, str], lang: str,
                 synthetic: bool) -> PackPart:
    """Growth needed for each indicator the warning rules hold to an annual target path."""
    from pacesetter.monitor.warnings import load_rules
    from pacesetter.store.targets import region_targets

    ids = list(dict.fromkeys(i for r in load_rules(None).rules if r.kind == "below_target_path"
                             for i in r.indicators))
    ytd = Period.ytd(month.end_year, month.end_month)
    targets = region_targets(ws.con, region)
    targets = targets[targets["year"] == month.end_year].set_index("indicator_id")
    rows, lines = [], []
    for ind in ids:
        label = names.get(ind, ind)
        target = targets.loc[ind] if ind in targets.index else None
        row: dict[str, object] = {_t("indicator", lang): label, _t("period", lang): ytd.label(lang),
                                  _t("unit", lang): "%", _t("target", lang): None,
                                  _t("synthetic_col", lang): _yes_no(synthetic, lang)}
        if target is None:  # nothing to compare with, but the growth so far is known: shown, not unknown
            lines.append(_t("no_target", lang, label=label, year=month.end_year))
            found = ws.observations([ind], [region], [str(ytd)])
            if not found.empty:
                fig = found.iloc[0]
                title = fig.get("source_title")
                row |= {_t("ytd", lang): fig["value"],
                        _t("source", lang): (f"{title}, {fig['source']}" if _cell_text(title)
                                             else fig["source"]),
                        _t("released", lang): _date(fig["vintage"])}
            rows.append(row | {_t("text", lang): lines[-1]})
            continue
        row |= {_t("target", lang): target["value"], _t("target_source", lang): target["source"]}
        try:
            rep = ws.needed(ind, str(month), region=region, lang=lang)
        except InputError:
            lines.append(_t("no_ytd", lang, label=label, period=ytd.label(lang)))
            rows.append(row | {_t("text", lang): lines[-1]})
            continue
        cited = dict(rep.cited)
        lines.append(rep.text)
        rows.append(row | {
            _t("ytd", lang): rep.result.ytd_growth, _t("needed_col", lang): round(rep.result.needed, 1),
            _t("best", lang): rep.result.best_pace, _t("text", lang): rep.text,
            _t("source", lang): _source(cited["ytd"], lang),
            _t("released", lang): _date(cited["ytd"].vintage),
            _t("synthetic_col", lang): _yes_no(cited["ytd"].synthetic, lang)})
    columns = [_t(k, lang) for k in ("indicator", "period", "unit", "ytd", "target", "needed_col", "best",
                                     "text", "source", "released", "target_source", "synthetic_col")]
    table = pd.DataFrame(rows).reindex(columns=columns)
    brief = table[[_t(k, lang) for k in ("indicator", "ytd", "target", "needed_col")]]
    unit = _t("rate_unit", lang)  # the unit of every rate shown
    brief = brief.rename(columns={c: f"{c}{unit}" for c in brief.columns[1:]})
    return PackPart("needed", _t("needed", lang), lines, table, brief)


def _assessment_part(ws: Workspace, region: str, month: Period, lang: str) -> PackPart:
    """The city's attainment of its framework's targets in the latest full year before the month,
    with what the assessment rests on first."""
    from pacesetter.assess.attainment import status_label
    from pacesetter.assess.export import said
    from pacesetter.assess.loader import load_framework

    # the region's fullest framework (most indicators): the plan's, not a narrower benchmark
    mine = [fw for fw in map(load_framework, map(str, ws.frameworks()["path"])) if fw.region_code == region]
    if not mine:
        raise NotFoundError.said("outputs.pack.no_framework", region=region)
    year = month.end_year - 1
    a = ws.assess(max(mine, key=lambda fw: len(fw.indicators())).id, year, draws=0)
    fw = a.framework
    specs = a.specs.set_index("indicator_id")
    names = dict(zip(a.specs["indicator_id"], a.specs[f"name_{lang}"], strict=True))
    lines = [_t("framework", lang, name=fw.name_zh if lang == "zh" else fw.name_en, year=year,
                month=month.label(lang)),
             a.coverage.text(lang, names),
             _composite_line(a, lang)]
    own = a.values[a.values["region_code"] == fw.region_code]
    sources = {(str(i), int(y)): (s, v) for i, y, s, v in  # the first row cites a repeated figure
               reversed(list(zip(own["indicator_id"], own["year"], own["source"], own["vintage"],
                                 strict=True)))}
    rows = []
    for r in a.attainment.to_dict("records"):
        ind = str(r["indicator_id"])
        cur_year = None if pd.isna(r["current_year"]) else int(r["current_year"])
        source, vintage = sources.get((ind, cur_year or 0), (None, None))
        rows.append({
            _t("indicator", lang): names.get(ind, ind), _t("unit", lang): _unit(r["unit"], lang),
            _t("year", lang): cur_year, _t("current", lang): r["current"],
            _t("goal", lang): r["target"], _t("target_year", lang): r["target_year"],
            _t("progress", lang): r["progress"],
            _t("status", lang): status_label(str(r["status"]), lang),
            _t("source", lang): source, _t("released", lang): _date(vintage),
            _t("target_source", lang): specs.at[ind, "target_source"] or None,
        })
    about = [(_t("assessment", lang), line) for line in lines]
    if not a.composite.ranked:
        about.append((_t("assessment", lang), t("outputs.workbook.ranked_no", lang,
                                                  reason=said(a.composite.unranked_reason, lang))))
    table = pd.DataFrame(rows)
    brief = table[[_t(k, lang) for k in ("indicator", "unit", "year", "current", "goal", "status")]]
    return PackPart("assessment", _t("assessment", lang), lines, table, brief, about)


def _composite_line(a: Assessment, lang: str) -> str:
    """The region's composite score and rank, or that the composite is not ranked."""
    if not a.composite.ranked:
        return _t("composite_unranked", lang)
    scores = a.composite.scores
    own = scores[scores["region_code"] == a.framework.region_code]
    if own.empty:
        return _t("composite_unranked", lang)
    return _t("composite_ranked", lang, score=float(own["score"].iloc[0]), rank=int(own["rank"].iloc[0]),
              n=len(scores))


def _chains_part(ws: Workspace, region: str, lang: str) -> PackPart:
    """Every chain's completeness and segment counts, with the registries it rests on."""
    from pacesetter.chains import report
    from pacesetter.chains.coverage import coverage_lines

    ov = ws.chains.overview(region, lang=lang)
    b = ov.basis
    sheet = report.overview_sheet(ov.chains, ov.diagnosis.segments, b.taxonomy, b.region, b.thresholds, lang)
    sheet[_t("unit", lang)] = _t("chain_unit", lang)
    sheet[_t("period", lang)] = _t("chain_period", lang)
    sheet[_t("source", lang)] = "; ".join(coverage_lines(b.registries, lang))
    sheet[_t("released", lang)] = None
    sheet[_t("synthetic_col", lang)] = _yes_no(b.synthetic, lang)
    lines = [b.coverage(ov.diagnosis.segments, lang), t("chains.authored_note", lang)]
    brief = sheet.iloc[:, [0, 3, 7, 8, 9, 10, 11, 12]].astype(object)
    brief.iloc[:, 1] = [None if pd.isna(v) else format_share(v) for v in brief.iloc[:, 1]]
    about = [(_t("chains", lang), line) for line in lines]
    return PackPart("chains", _t("chains", lang), lines, sheet, brief, about)

