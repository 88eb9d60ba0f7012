"""Assessment commands: `pacesetter assess` and `pacesetter assess frameworks`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer
from rich.table import Table
from rich.text import Text

from pacesetter.cli.formats import check_output_file, output_format
from pacesetter.cli.options import console, existing_folders, state
from pacesetter.i18n import t
from pacesetter.model.provenance import source_note
from pacesetter.model.units import unit_label
from pacesetter.render.numbers import format_share

if TYPE_CHECKING:  # pandas and SciPy load only in the commands that run
    from pacesetter.assess.report import Assessment

FORMATS = ("table", "json", "xlsx")
SUFFIXES = {".json": "json", ".xlsx": "xlsx"}  # the files -o writes, the format each names
# help text: cli.assess.* in the catalogue, filled in when the command loads (cli.lazy.localise)
assess_app = typer.Typer(invoke_without_command=True)


@assess_app.callback()
def assess(
    ctx: typer.Context,
    framework: str = typer.Option("qingdao-2022-2026", "--framework", "-f"),
    year: int | None = typer.Option(None, "--year", min=1949, metavar="N"),  # PRC statistics begin in 1949
    uncertainty: int = typer.Option(1000, "--uncertainty", min=0, metavar="N"),
    seed: int | None = typer.Option(None, "--seed"),
    fmt: str | None = typer.Option(None, "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    config_dir: list[Path] = typer.Option([], "--config-dir"),
) -> None:
    """Assess a city against its framework: progress to targets, peer rank, composite rank."""
    if ctx.invoked_subcommand is not None:
        return
    from pacesetter.assess.export import assessment_json

    st = state(ctx)
    if fmt is not None and fmt not in FORMATS:
        raise typer.BadParameter(t("analysis.format_must", st.lang, choices=", ".join(FORMATS)))
    # -o t.xlsx alone writes the workbook: the format follows the file name, never a file left
    # unwritten while the table goes to the screen, nor a workbook under a name that is no workbook
    check_output_file(output, SUFFIXES, st.lang)
    fmt = output_format(fmt, output, SUFFIXES, default="table", contradicts="analysis.format_contradicts",
                        lang=st.lang)
    existing_folders(config_dir, "--config-dir", st.lang)
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter(t("analysis.needs_output", st.lang, fmt=fmt))
    ws = st.workspace(must_exist=True)
    result = ws.assess(framework, year, draws=uncertainty, seed=seed, config_dirs=config_dir)
    names = ws.region_names(st.lang)
    if fmt == "json":
        text = json.dumps(assessment_json(result), ensure_ascii=False, indent=1)
        if output:
            output.write_text(text, encoding="utf-8")
            console.print(t("analysis.wrote", st.lang, path=output), markup=False, highlight=False)
        else:
            console.print(text, markup=False, highlight=False)
    elif fmt == "xlsx" and output is not None:
        _write_xlsx(result, output, st.lang)
        console.print(t("analysis.wrote", st.lang, path=output), markup=False, highlight=False)
    else:
        _Renderer(result, names, st.lang).render()


@assess_app.command("frameworks")
def frameworks(
    ctx: typer.Context,
    config_dir: list[Path] = typer.Option([], "--config-dir"),
) -> None:
    """List the assessment frameworks, each named in the chosen language."""
    from pacesetter.io.frames import records_of

    lang = state(ctx).lang
    existing_folders(config_dir, "--config-dir", lang)
    table = Table(title=t("analysis.assess.frameworks.title", lang))
    for col in ("id", "name", "path"):
        table.add_column(t(f"analysis.assess.frameworks.{col}", lang))
    found = state(ctx).workspace().frameworks(config_dir)
    for row in records_of(found):
        _row(table, str(row["id"]), str(row[f"name_{lang}"]), str(row["path"]))
    console.print(table)


def _write_xlsx(result: Assessment, path: Path, lang: str) -> None:
    from pacesetter.assess.export import assessment_frames
    from pacesetter.io.workbook import write_report_workbook

    frames = assessment_frames(result, lang)
    about = frames.pop("about")
    write_report_workbook(path, frames, list(zip(about["key"], about["value"], strict=True)), lang)


def _row(table: Table, *cells: str) -> None:
    """Add a row of plain text (no rich markup: labels such as "[plan indicator]" stay visible)."""
    table.add_row(*[Text(c) for c in cells])


def _missing(v: object) -> bool:
    import pandas as pd

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
    return "—" if _missing(v) else format_share(float(str(v)))


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
        import pandas as pd

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

    def say(self, key: str, /, **values: object) -> str:
        """The renderer's message ``outputs.assess.<key>`` in the display language."""
        return t(f"outputs.assess.{key}", self.lang, **values)

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
        from pacesetter.assess.export import status_note

        fw = self.a.framework
        console.print(f"[bold]{fw.name_zh if self.zh else fw.name_en}[/bold] · "
                      f"{self.city(fw.region_code)} · {self.a.year}")
        names = {i: self.name(i) for i in self.specs.index}
        console.print(self.a.coverage.text(self.lang, names), highlight=False, soft_wrap=True)
        console.print(status_note(self.lang), highlight=False)
        self.attainment()
        self.standing()
        self.composite()
        console.print(t("analysis.sources", self.lang), markup=False)
        for n, note in enumerate(self.footnotes, start=1):
            console.print(f"[{n}] {note}", markup=False, highlight=False, soft_wrap=True)

    def attainment(self) -> None:
        from pacesetter.assess.attainment import status_label
        from pacesetter.assess.config import indicator_status_label
        from pacesetter.assess.peers import gap_unit
        from pacesetter.io.frames import records_of

        t = self.table(self.say("attainment_title"), self.say("attainment_heads").split("|"))
        notes = []
        for r in records_of(self.a.attainment):
            i, unit = str(r["indicator_id"]), str(r["unit"])
            kind = indicator_status_label(str(self.specs.at[i, "status"]), self.lang)
            focus = self.a.framework.region_code
            baseline = "" if _missing(r["baseline"]) else self.cite(i, focus, r["baseline_year"])
            current = "" if _missing(r["current"]) else self.cite(i, focus, r["current_year"])
            _row(t, f"{self.name(i)} [{kind}]",
                      _num(r["baseline"], unit, self.lang) + _year(r["baseline_year"]) + baseline,
                      _num(r["current"], unit, self.lang) + _year(r["current_year"]) + current,
                      _num(r["target"], unit, self.lang) + _year(r["target_year"]),
                      f"{_pct(r['progress'])} / {_pct(r['pace'])}",
                      status_label(str(r["status"]), self.lang))
            if not _missing(r["needed_annual_change"]):
                growth = ("" if _missing(r["needed_annual_growth_pct"])
                          else f" ({r['needed_annual_growth_pct']:.1f}%/{self.say('per_year')})")
                need = _num(r["needed_annual_change"], gap_unit(unit), self.lang)
                notes.append(self.say("still_needs", name=self.name(i), need=need) + growth)
            if r["reason"]:
                notes.append(f"{self.name(i)}: {self.reason(r)}")
        console.print(t)
        for n in notes:
            console.print("· " + n, highlight=False)

    def reason(self, r: dict[str, object]) -> str:
        """Why a figure is missing (the row's reason code), in the display language."""
        from pacesetter.assess.export import row_reason

        return row_reason(self.a, r, self.lang, focus=self.city(self.a.framework.region_code))

    def standing(self) -> None:
        from pacesetter.io.frames import records_of

        lead_rank = self.a.framework.peers.leading_rank
        t = self.table(
            self.say("standing_title", n=lead_rank), self.say("standing_heads").split("|"))
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
                notes.append(self.say("too_few", name=self.name(i), n=int(r["n_ranked"])))
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
                notes.append(self.say("no_data", name=self.name(i), cities=self.say("sep").join(missing)))
        console.print(t)
        notes += [f"{reason}: {self.say('sep').join(names)}" for reason, names in unranked.items()]
        for n in notes:
            console.print("· " + n, highlight=False)

    def gap(self, value: object, r: dict[str, object]) -> str:
        """A gap to another city in the row's gap unit, signed."""
        return _num(value, str(r["gap_unit"]), self.lang, sign=True)

    def overtake(self, r: dict[str, object]) -> str:
        """"To overtake Ningbo on GDP Qingdao needs +X 亿元, i.e. Y% more growth next year"."""
        me, other, ind = self.city(self.a.framework.region_code), self.city(r["next_region"]), self.name(
            str(r["indicator_id"]))
        if str(r["gap_unit"]) == "位":  # a rank: the places to climb, not "more than -1 rank"
            places = abs(int(float(str(r["gap_to_next"]))))
            return self.say("overtake_rank", indicator=ind, me=me, other=other, places=places, year=r["year"])
        gap = self.gap(r["gap_to_next"], r)
        edge = r["growth_edge_pct"]
        s = self.say("overtake", indicator=ind, me=me, other=other, gap=gap, year=r["year"])
        return s + ("" if _missing(edge) else self.say("overtake_edge", other=other, edge=float(str(edge))))

    def composite(self) -> None:
        from pacesetter.io.frames import records_of

        c, u = self.a.composite, self.a.uncertainty
        m = self.a.framework.methods
        chosen = {k: t(f"analysis.assess.method.{getattr(m, k)}", self.lang)
                  for k in ("normalisation", "weighting", "aggregation", "missing", "outliers")}
        console.print(t("analysis.assess.methods", self.lang, **chosen), highlight=False)
        used = c.indicators[c.indicators["used"]]
        console.print(self.say("used") + "; ".join(
            f"{self.name(str(r['indicator_id']))} ({r['year']}, {r['weight']:.2f})"
            for r in records_of(used)), highlight=False)
        left: dict[str, list[str]] = {}
        for r in records_of(c.indicators[~c.indicators["used"]]):
            left.setdefault(self.reason(r), []).append(self.name(str(r["indicator_id"])))
        for reason, names in left.items():
            console.print(f"  {self.say('left_out')} ({reason}): {self.say('sep').join(names)}",
                          highlight=False)
        if c.note is not None:
            console.print(c.note.text(self.lang), highlight=False)
            return
        if not c.ranked:
            console.print(self.say("unranked", used=int(c.indicators["used"].sum()), total=len(c.indicators),
                                   cities=len(c.treated), min_n=m.min_composite_indicators,
                                   share=m.min_composite_share), highlight=False)
            return
        ranks = u.ranks.set_index("region_code") if u else None
        table = self.table(self.say("composite_title"), self.say("composite_heads").split("|"))
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
        from pacesetter.assess.uncertainty import ALL_REGIONS
        from pacesetter.io.frames import records_of

        c, u, focus = self.a.composite, self.a.uncertainty, self.a.framework.region_code
        if not c.excluded.empty:
            console.print(self.say("excluded")
                          + ", ".join(f"{self.city(r['region_code'])} ({len(str(r['missing']).split(','))})"
                                      for r in records_of(c.excluded)), highlight=False)
        for r in records_of(c.imputed):
            console.print(f"  {self.say('imputed')} ({r['method']}): {self.city(r['region_code'])} "
                          f"{self.name(str(r['indicator_id']))} = {r['value']:.4g}", highlight=False)
        for r in records_of(c.outliers):
            console.print(f"  {self.say('winsorised')}: {self.city(r['region_code'])} "
                          f"{self.name(str(r['indicator_id']))} {r['original']:.4g} → {r['treated']:.4g}",
                          highlight=False)
        if c.n_floored:
            console.print(f"  {self.say('floored')}: "
                          f"{c.n_floored}")
        mine = c.contributions[c.contributions["region_code"] == focus]
        if not mine.empty:
            parts = [f"{self.name(str(r['indicator_id']))} {'↑' if r['direction'] == 'up' else '↓'}"
                     f"{r['contribution']:+.3f}" for r in records_of(mine)]
            console.print(self.say("pushes")
                          + "; ".join(parts), highlight=False)
        if u is not None:
            sens = u.sensitivity[u.sensitivity["region_code"].isin([focus, ALL_REGIONS])]
            table = self.table(self.say("sensitivity_title", runs=u.info["runs"], seed=u.info["seed"]),
                               self.say("sensitivity_heads").split("|"))
            if sens[["first_order", "total_effect"]].isna().all().all():
                console.print(self.say("no_sensitivity"))
                return
            for r in records_of(sens):
                of = (self.say("mean_shift") if r["region_code"] == ALL_REGIONS
                      else self.city(r["region_code"]))
                factor = t(f"analysis.assess.factor.{r['factor']}", self.lang)
                _row(table, of, factor, *[("—" if _missing(r[k]) else f"{r[k]:.2f}")
                                                  for k in ("first_order", "total_effect")])
            console.print(table)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter assess` (and `pacesetter assess frameworks`)."""
    app.add_typer(assess_app, name="assess")
