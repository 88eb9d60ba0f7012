"""Assessment commands: `pacesetter assess` and `pacesetter assess frameworks`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import cast

import pandas as pd
import typer
from rich.table import Table
from rich.text import Text

from pacesetter.assess.attainment import STATUS_LABELS
from pacesetter.assess.config import STATUS_LABELS as INDICATOR_STATUS
from pacesetter.assess.export import STATUS_NOTE, assessment_frames, assessment_json
from pacesetter.assess.peers import gap_unit
from pacesetter.assess.report import Assessment
from pacesetter.assess.uncertainty import ALL_REGIONS
from pacesetter.cli.options import console, state
from pacesetter.i18n import t
from pacesetter.io.frames import records_of
from pacesetter.io.workbook import write_report_workbook
from pacesetter.model.provenance import source_note
from pacesetter.model.units import unit_label

FORMATS = ("table", "json", "xlsx")
# help text: cli.assess.* in the catalogue, filled in when the command loads (cli.lazy.localise)
assess_app = typer.Typer(invoke_without_command=True)


@assess_app.callback()
def assess(
    ctx: typer.Context,
    framework: str = typer.Option("qingdao-2022-2026", "--framework", "-f"),
    year: int | None = typer.Option(None, "--year"),
    uncertainty: int = typer.Option(1000, "--uncertainty", min=0, metavar="N"),
    seed: int | None = typer.Option(None, "--seed"),
    fmt: str = typer.Option("table", "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    config_dir: list[Path] = typer.Option([], "--config-dir"),
) -> None:
    """Assess a city against its framework: progress to targets, peer rank, composite rank."""
    if ctx.invoked_subcommand is not None:
        return
    st = state(ctx)
    if fmt not in FORMATS:
        raise typer.BadParameter(t("analysis.format_must", st.lang, choices=", ".join(FORMATS)))
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter(t("analysis.needs_output", st.lang, fmt=fmt))
    ws = st.workspace(must_exist=True)
    result = ws.assess(framework, year, draws=uncertainty, seed=seed, config_dirs=config_dir)
    names = ws.region_names(st.lang)
    if fmt == "json":
        text = json.dumps(assessment_json(result), ensure_ascii=False, indent=1)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            console.print(text, markup=False, highlight=False)
    elif fmt == "xlsx" and output is not None:
        _write_xlsx(result, output)
        console.print(t("analysis.wrote", st.lang, path=output), markup=False, highlight=False)
    else:
        _Renderer(result, names, st.lang).render()


@assess_app.command("frameworks")
def frameworks(
    ctx: typer.Context,
    config_dir: list[Path] = typer.Option([], "--config-dir"),
) -> None:
    """List the assessment frameworks, each named in the chosen language."""
    lang = state(ctx).lang
    table = Table(title=t("analysis.assess.frameworks.title", lang))
    for col in ("id", "name", "path"):
        table.add_column(t(f"analysis.assess.frameworks.{col}", lang))
    found = state(ctx).workspace().frameworks(config_dir)
    for row in records_of(found):
        _row(table, str(row["id"]), str(row[f"name_{lang}"]), str(row["path"]))
    console.print(table)


def _write_xlsx(result: Assessment, path: Path) -> None:
    frames = assessment_frames(result)
    about = frames.pop("about")
    write_report_workbook(path, frames, list(zip(about["key"], about["value"], strict=True)))


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text (no rich markup: labels such as "[plan indicator]" stay visible)."""
    table.add_row(*[Text(c) for c in cells])


def _missing(v: object) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _num(v: object, unit: str, lang: str, *, sign: bool = False) -> str:
    """A value with its unit as ``lang`` writes it (亿元 / 100 million yuan; thousands separators in
    en only, as UI.md has it); ``sign`` for a gap (+486 家); missing is '—'."""
    if _missing(v):
        return "—"
    x = float(str(v))
    spec = ("+" if sign else "") + ("," if lang == "en" else "")
    text = f"{x:{spec}.0f}" if unit == "位" else f"{x:{spec}.2f}".rstrip("0").rstrip(".")
    name = unit_label(unit, lang) if unit else ""
    return f"{text}{name}" if name == "%" else f"{text} {name}".strip()


def _pct(v: object) -> str:
    return "—" if _missing(v) else f"{float(str(v)) * 100:.0f}%"


def _year(v: object) -> str:
    return "" if _missing(v) else f" ({int(float(str(v)))})"


class _Renderer:
    """Rich tables of an assessment in one language."""

    def __init__(self, a: Assessment, names: dict[str, str], lang: str) -> None:
        self.a, self.names, self.zh = a, names, lang == "zh"
        self.lang = lang
        self.specs = a.specs.set_index("indicator_id")
        self.sources = a.values.set_index(["indicator_id", "region_code", "year"])[
            ["source", "vintage", "status", "flags", "derived_from", "publisher", "document", "source_kind"]]
        self.footnotes: list[str] = []

    def cite(self, indicator_id: str, region: object, year: object) -> str:
        """A footnote mark ``[n]`` for the figure shown, its source listed after the tables."""
        key = (indicator_id, str(region), int(float(str(year)))) if not _missing(year) else None
        if key is None or key not in self.sources.index:
            return ""
        # a full MultiIndex key: pandas-stubs reads a tuple in .loc as (row, column); a key
        # may repeat (several sources for one figure): the first row cites it
        found = cast(pd.Series | pd.DataFrame, self.sources.loc[key])  # type: ignore[index]
        row = found.iloc[0] if isinstance(found, pd.DataFrame) else found
        note = source_note(row["source"], row["vintage"], row["status"], flags=row["flags"],
                           derived_from=row["derived_from"], publisher=row["publisher"],
                           document=row["document"], source_kind=row["source_kind"], lang=self.lang)
        if note not in self.footnotes:
            self.footnotes.append(note)
        return f" [{self.footnotes.index(note) + 1}]"

    def t(self, zh: str, en: str) -> str:
        return zh if self.zh else en

    def name(self, indicator_id: str) -> str:
        return str(self.specs.at[indicator_id, "name_zh" if self.zh else "name_en"])

    def city(self, code: object) -> str:
        return "—" if _missing(code) or not code else self.names.get(str(code), str(code))

    def table(self, title: str, heads: list[str]) -> Table:
        t = Table(title=title)
        for h in heads:
            t.add_column(h)
        return t

    def render(self) -> None:
        fw = self.a.framework
        console.print(f"[bold]{self.t(fw.name_zh, fw.name_en)}[/bold] · "
                      f"{self.city(fw.region_code)} · {self.a.year}")
        names = {i: self.name(i) for i in self.specs.index}
        console.print(self.a.coverage.text(self.lang, names), highlight=False, soft_wrap=True)
        console.print(STATUS_NOTE[self.lang], highlight=False)
        self.attainment()
        self.standing()
        self.composite()
        console.print(t("analysis.sources", self.lang), markup=False)
        for n, note in enumerate(self.footnotes, start=1):
            console.print(f"[{n}] {note}", markup=False, highlight=False, soft_wrap=True)

    def attainment(self) -> None:
        t = self.table(self.t("目标进度", "Progress to target"), self.t(
            "指标|基期|当前|目标|进度/序时|状态", "Indicator|Baseline|Current|Target|Progress/pace|Status",
        ).split("|"))
        notes = []
        for r in records_of(self.a.attainment):
            i, unit = str(r["indicator_id"]), str(r["unit"])
            kind = INDICATOR_STATUS[str(self.specs.at[i, "status"])][0 if self.zh else 1]
            focus = self.a.framework.region_code
            baseline = "" if _missing(r["baseline"]) else self.cite(i, focus, r["baseline_year"])
            current = "" if _missing(r["current"]) else self.cite(i, focus, r["current_year"])
            _row(t, f"{self.name(i)} [{kind}]",
                      _num(r["baseline"], unit, self.lang) + _year(r["baseline_year"]) + baseline,
                      _num(r["current"], unit, self.lang) + _year(r["current_year"]) + current,
                      _num(r["target"], unit, self.lang) + _year(r["target_year"]),
                      f"{_pct(r['progress'])} / {_pct(r['pace'])}",
                      STATUS_LABELS[str(r["status"])][0 if self.zh else 1])
            if not _missing(r["needed_annual_change"]):
                growth = ("" if _missing(r["needed_annual_growth_pct"])
                          else f" ({r['needed_annual_growth_pct']:.1f}%/{self.t('年', 'yr')})")
                need = _num(r["needed_annual_change"], gap_unit(unit), self.lang)
                notes.append(self.t(f"{self.name(i)}：每年还需 {need}",
                                    f"{self.name(i)}: still needs {need} per year") + growth)
            if r["reason"]:
                notes.append(f"{self.name(i)}: {self.reason(r)}")
        console.print(t)
        for n in notes:
            console.print("· " + n, highlight=False)

    def reason(self, r: dict[str, object]) -> str:
        """Why a figure is missing, in the display language (the frames carry English)."""
        if not self.zh:
            return str(r["reason"])
        status = r.get("status")
        if status == "no_data":
            return f"{self.a.year}年及以前无数据"
        if status == "no_target":
            return "框架与数据库均未给出目标值"
        if status == "no_baseline":
            return f"无{r['baseline_year']}年基期值"
        if status == "at_risk":
            return "已到目标年份仍未实现"
        if "rank" in r:
            return f"截至{self.a.year}年，没有本市与其他对标城市同时有数据的年份"
        others = self.a.framework.methods.min_regions - 1
        return f"截至{self.a.year}年，没有本市与至少{others}个对标城市同时有数据的年份"

    def standing(self) -> None:
        lead_rank = self.a.framework.peers.leading_rank
        t = self.table(
            self.t(f"同类城市排名（前{lead_rank}名为“在前列”★）",
                   f"Peer standing (top {lead_rank} = leading ★)"),
            self.t("指标|年份|数值|排名|前一名：差距|第一名：差距|无数据",
                   "Indicator|Year|Value|Rank|Next up: gap|Leader: gap|No data").split("|"))
        notes: list[str] = []
        unranked: dict[str, list[str]] = {}
        for r in records_of(self.a.standing):
            i = str(r["indicator_id"])
            if _missing(r["rank"]):
                unranked.setdefault(self.reason(r), []).append(self.name(i))
                continue
            rank = (f"{int(r['rank'])}/{int(r['n_ranked'])}" + ("=" if r["tied"] else "")
                    + (" ★" if r["leading"] is True else ""))
            if _missing(r["leading"]):
                notes.append(self.t(
                    f"{self.name(i)}：仅{int(r['n_ranked'])}个城市有数据，不足以判断是否“在前列”",
                    f"{self.name(i)}: only {int(r['n_ranked'])} cities have a figure, too few to "
                    "judge a leading position"))
            missing = [self.city(c) for c in str(r["missing_regions"]).split(",") if c]
            nxt = lead = "—"
            if not _missing(r["next_region"]):
                nxt = (f"{self.city(r['next_region'])}: {self.gap(r['gap_to_next'], r)}"
                       + self.cite(i, r["next_region"], r["year"]))
                lead = (f"{self.city(r['leader_region'])}: {self.gap(r['gap_to_leader'], r)}"
                        + self.cite(i, r["leader_region"], r["year"]))
                notes.insert(0, self.overtake(r))
            value = (_num(r["value"], str(r["unit"]), self.lang)
                     + self.cite(i, self.a.framework.region_code, r["year"]))
            _row(t, self.name(i), str(int(r["year"])), value, rank, nxt, lead, str(len(missing)))
            if missing:
                notes.append(f"{self.name(i)} {self.t('无数据', 'no data')}: {', '.join(missing)}")
        console.print(t)
        notes += [f"{reason}: {self.t('、', ', ').join(names)}" for reason, names in unranked.items()]
        for n in notes:
            console.print("· " + n, highlight=False)

    def gap(self, value: object, r: dict[str, object]) -> str:
        """A gap to another city in the row's gap unit, signed."""
        return _num(value, str(r["gap_unit"]), self.lang, sign=True)

    def overtake(self, r: dict[str, object]) -> str:
        """"To overtake Ningbo on GDP Qingdao needs +X 亿元, i.e. Y% more growth next year"."""
        me, other, ind = self.city(self.a.framework.region_code), self.city(r["next_region"]), self.name(
            str(r["indicator_id"]))
        gap = self.gap(r["gap_to_next"], r)
        edge = r["growth_edge_pct"]
        if self.zh:
            s = f"{ind}：{me}赶超{other}需{gap}以上（{r['year']}年差距）"
            return s + ("" if _missing(edge) else f"，即下一年增速需比{other}高约{float(str(edge)):.1f}%")
        s = f"{ind}: to overtake {other}, {me} needs more than {gap} (gap in {r['year']})"
        return s + ("" if _missing(edge) else
                    f", i.e. about {float(str(edge)):.1f}% more growth than {other} next year")

    def composite(self) -> None:
        c, u = self.a.composite, self.a.uncertainty
        m = self.a.framework.methods
        chosen = {k: t(f"analysis.assess.method.{getattr(m, k)}", self.lang)
                  for k in ("normalisation", "weighting", "aggregation", "missing", "outliers")}
        console.print(t("analysis.assess.methods", self.lang, **chosen), highlight=False)
        used = c.indicators[c.indicators["used"]]
        console.print(self.t("纳入指标（年份，权重）: ", "Indicators (year, weight): ") + "; ".join(
            f"{self.name(str(r['indicator_id']))} ({r['year']}, {r['weight']:.2f})"
            for r in records_of(used)), highlight=False)
        left: dict[str, list[str]] = {}
        for r in records_of(c.indicators[~c.indicators["used"]]):
            left.setdefault(self.reason(r), []).append(self.name(str(r["indicator_id"])))
        for reason, names in left.items():
            console.print(f"  {self.t('未纳入', 'left out')} ({reason}): {self.t('、', ', ').join(names)}",
                          highlight=False)
        if c.note:
            console.print(c.note, highlight=False)
            return
        if not c.ranked:
            used_n = int(c.indicators["used"].sum())
            console.print(self.t(
                f"综合指数不作排名：仅依据框架 {len(c.indicators)} 个指标中的 {used_n} 个、"
                f"{len(c.treated)} 个数据完整的城市，低于门槛（至少 {m.min_composite_indicators} 个指标"
                f"且不少于框架指标的 {m.min_composite_share:.0%}）。补充数据后再比较。",
                f"The composite is not presented as a ranking: {c.unranked_reason}. Import more figures "
                "to compare."), highlight=False)
            return
        ranks = u.ranks.set_index("region_code") if u else None
        table = self.table(self.t("综合排名", "Composite rank"), self.t(
            "城市|得分|排名|中位排名|5–95%区间", "City|Score|Rank|Median rank|5–95% interval").split("|"))
        for r in records_of(c.scores):
            code = str(r["region_code"])
            med = band = "—"
            if ranks is not None:
                # float64 cells (np.percentile); pandas-stubs types .at as any scalar
                med = f"{cast(float, ranks.at[code, 'median_rank']):g}"
                band = (f"{cast(float, ranks.at[code, 'p05_rank']):g}–"
                        f"{cast(float, ranks.at[code, 'p95_rank']):g}")
            _row(table, self.city(code), f"{r['score']:.3f}", str(r["rank"]), med, band)
        console.print(table)
        self.notes()

    def notes(self) -> None:
        c, u, focus = self.a.composite, self.a.uncertainty, self.a.framework.region_code
        if not c.excluded.empty:
            console.print(self.t("因缺数据未参与（缺几项）: ", "Excluded for missing data (how many): ")
                          + ", ".join(f"{self.city(r['region_code'])} ({len(str(r['missing']).split(','))})"
                                      for r in records_of(c.excluded)), highlight=False)
        for r in records_of(c.imputed):
            console.print(f"  {self.t('插补', 'imputed')} ({r['method']}): {self.city(r['region_code'])} "
                          f"{self.name(str(r['indicator_id']))} = {r['value']:.4g}", highlight=False)
        for r in records_of(c.outliers):
            console.print(f"  {self.t('异常值缩尾', 'winsorised')}: {self.city(r['region_code'])} "
                          f"{self.name(str(r['indicator_id']))} {r['original']:.4g} → {r['treated']:.4g}",
                          highlight=False)
        if c.n_floored:
            console.print(f"  {self.t('几何平均：零值下限处理', 'geometric mean: values floored')}: "
                          f"{c.n_floored}")
        mine = c.contributions[c.contributions["region_code"] == focus]
        if not mine.empty:
            parts = [f"{self.name(str(r['indicator_id']))} {'↑' if r['direction'] == 'up' else '↓'}"
                     f"{r['contribution']:+.3f}" for r in records_of(mine)]
            console.print(self.t("拉动/拖累（相对平均）: ", "Pushes up/down (vs average): ")
                          + "; ".join(parts), highlight=False)
        if u is not None:
            sens = u.sensitivity[u.sensitivity["region_code"].isin([focus, ALL_REGIONS])]
            table = self.table(self.t(f"敏感性（{u.info['runs']}次运行，种子{u.info['seed']}）",
                                  f"Sensitivity ({u.info['runs']} runs, seed {u.info['seed']})"),
                           self.t("对象|不确定因素|一阶指数|总效应指数",
                                  "Of|Uncertain input|First order|Total effect").split("|"))
            if sens[["first_order", "total_effect"]].isna().all().all():
                console.print(self.t("各次运行排名均不变，无敏感性可言。",
                                     "Ranks are the same in every run: nothing to attribute."))
                return
            for r in records_of(sens):
                of = (self.t("平均排名变动", "mean rank shift") if r["region_code"] == ALL_REGIONS
                      else self.city(r["region_code"]))
                factor = t(f"analysis.assess.factor.{r['factor']}", self.lang)
                _row(table, of, factor, *[("—" if _missing(r[k]) else f"{r[k]:.2f}")
                                                  for k in ("first_order", "total_effect")])
            console.print(table)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter assess` (and `pacesetter assess frameworks`)."""
    app.add_typer(assess_app, name="assess")
