"""`pacesetter chains`: list, diagnose, map and overview of the industrial chains."""

from __future__ import annotations

import json
import math
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from pacesetter.cli.bars import progress_bar
from pacesetter.cli.options import console, state
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.render.numbers import format_share

if TYPE_CHECKING:  # pandas, DuckDB and the chain engine load only in the commands that run
    import pandas as pd

    from pacesetter.chains.resilience import WhatIf
    from pacesetter.chains.taxonomy import ChainSpec
    from pacesetter.engine import EngineChoice
    from pacesetter.workspace.chains import ChainDiagnosis

# help text: cli.chains.* in the catalogue, filled in when the command loads (cli.lazy.localise)
chains_app = typer.Typer(no_args_is_help=True)

TaxonomyOpt = typer.Option(None, "--taxonomy")
ThresholdsOpt = typer.Option(None, "--thresholds")
RegionOpt = typer.Option("370200", "--region", "-r")
RegistryOpt = typer.Option(None, "--registry")  # text: a path, or a URI (hdfs://, s3a://) for Spark
EngineOpt = typer.Option(None, "--engine")
SparkMasterOpt = typer.Option(None, "--spark-master")
SparkRemoteOpt = typer.Option(None, "--spark-remote")
ReferenceOpt = typer.Option(None, "--reference")


def _fmt(v: object, spec: str = ".2f") -> str:
    import pandas as pd

    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return format(v, spec)


def _output(path: Path, allowed: tuple[str, ...], lang: str) -> Path:
    """The output file, its kind checked before any work is done (a usage error otherwise)."""
    from pacesetter.workspace.chains import check_suffix

    try:
        check_suffix(path, allowed)
    except InputError as exc:
        raise typer.BadParameter(exc.text(lang)) from None
    return path


def _engine(ctx: typer.Context, name: str | None, master: str | None, remote: str | None) -> EngineChoice:
    """The engine that reads --registry: the options, else the settings (PACESETTER_ENGINE, …)."""
    from pacesetter.engine import EngineChoice

    st = state(ctx).settings
    return EngineChoice(name or st.engine, master or st.spark_master, remote or st.spark_remote)


def _heads(area: str, keys: tuple[str, ...], lang: str) -> list[str]:
    """The column headers ``chains.<area>.<key>`` of a table in ``lang``."""
    return [t(f"chains.{area}.{key}", lang) for key in keys]


def _money(lang: str) -> str:
    """Format of 万元 amounts: thousands separators in English only (as published in zh)."""
    return ".0f" if lang == "zh" else ",.0f"


@chains_app.command("list")
def list_chains(ctx: typer.Context, taxonomy: Path | None = TaxonomyOpt) -> None:
    """List the chains of the taxonomy with their segment counts."""
    lang = state(ctx).lang
    chains = state(ctx).workspace().chains.list(taxonomy=taxonomy)
    table = Table(title=t("chains.list.title", lang))
    heads = _heads("list", ("id", "name", "category", "segments", "chokepoints", "note"), lang)
    for i, col in enumerate(heads):  # ids stay whole: people type them
        table.add_column(col, overflow="fold", no_wrap=i in (0, 2, 3, 4), min_width=12 if i == 1 else None)
    for c in chains.to_dict("records"):
        unconfirmed = not c["identified"]
        note = t("chains.list.unconfirmed_note", lang) if unconfirmed else (
            t("analysis.chains.authored", lang) if c["authored"] else "")
        segs = t("chains.unconfirmed", lang) if unconfirmed else str(c["segments"])  # never "0 segments"
        table.add_row(str(c["id"]), str(c["name_zh" if lang == "zh" else "name_en"]),
                      t(f"chains.category.{c['category']}", lang), segs,
                      "—" if unconfirmed else str(c["chokepoints"]), note)
    console.print(table)


@chains_app.command("diagnose")
def diagnose(
    ctx: typer.Context,
    chain: str = typer.Argument(...),
    region: str = RegionOpt,
    remove: list[str] | None = typer.Option(None, "--remove"),
    remove_segment: list[str] | None = typer.Option(None, "--remove-segment"),
    top: int = typer.Option(5, "--top", min=1, metavar="N"),
    enterprises: bool = typer.Option(False, "--enterprises"),
    fmt: str = typer.Option("table", "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: str | None = RegistryOpt,
    reference: str | None = ReferenceOpt,
    engine: str | None = EngineOpt,
    spark_master: str | None = SparkMasterOpt,
    spark_remote: str | None = SparkRemoteOpt,
) -> None:
    """Present, weak and missing segments of a chain, with reasons and the links to fill first."""
    lang = state(ctx).lang
    if fmt not in ("table", "json", "xlsx"):
        raise typer.BadParameter(t("analysis.format_must", lang, choices="table, json, xlsx"))
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter(t("analysis.needs_output", lang, fmt=fmt))
    if fmt == "table" and output is not None:  # never a file silently not written
        raise typer.BadParameter(t("chains.errors.output_needs_file_format", lang))
    if output is not None:
        _output(output, (f".{fmt}",), lang)
    d = state(ctx).workspace().chains.diagnose(
        chain, region, remove=remove or [], remove_segment=remove_segment or [], reference=reference,
        registry=registry, taxonomy=taxonomy, thresholds=thresholds, lang=lang,
        engine=_engine(ctx, engine, spark_master, spark_remote))
    if output is not None:
        d.write_json(output, lang, top) if fmt == "json" else d.write_xlsx(output, lang)
        console.print(t("analysis.wrote", lang, path=output), markup=False, highlight=False)
    elif fmt == "json":
        console.print_json(json.dumps(d.to_json(lang, top), ensure_ascii=False))
    else:
        _print_diagnosis(d, lang, top, enterprises)


def _print_diagnosis(d: ChainDiagnosis, lang: str, top: int, enterprises: bool) -> None:
    import pandas as pd

    from pacesetter.chains import views

    spec, limits, summary = d.spec, d.basis.thresholds, d.summary
    name = spec.name_zh if lang == "zh" else spec.name_en
    unit = t("analysis.chains.caption", lang)
    if not spec.identified:
        console.print(t("chains.diagnose.unconfirmed", lang, region=d.basis.region_name, chain=name))
        return
    console.print(d.basis.coverage(d.segments, lang), highlight=False)  # what it rests on, first
    table = Table(title=f"{d.basis.region_name} · {name}",
                  caption=f"{unit}\n{t('chains.authored_note', lang)}")
    heads = _heads("diagnose", ("segment", "status", "firms", "lq", "revenue", "leader", "criticality",
                                       "reason"), lang)
    for i, col in enumerate(heads):  # short cells never wrap; names and reasons fold
        table.add_column(col, overflow="fold", no_wrap=i in (1, 2, 3, 5, 6), min_width=12 if i == 0 else None)
    colours = {"not_covered": "bright_black", "missing": "red", "weak": "yellow", "present": "cyan",
               "strong": "green"}
    stage = None
    for _, r in d.segments.iterrows():
        if r["stage"] != stage:  # one section per stage: upstream, midstream, downstream
            stage = r["stage"]
            table.add_row(f"[bold]{views.stage_word(stage, lang)}[/]", end_section=False)
        unknown = r["leader_present"] is pd.NA or r["status"] == "not_covered"
        leader = "—" if unknown else ("✓" if r["leader_present"] else "")
        status = views.status_label(r, lang)
        table.add_row(r["name_zh"] if lang == "zh" else r["name_en"],
                      f"[{colours[r['status']]}]{status}[/]", views.firm_count_word(r, lang), _fmt(r["lq"]),
                      _fmt(r["revenue"], _money(lang)), leader, format_share(r["criticality"]),
                      views.render_reason(r, limits, lang))
    console.print(table)
    console.print(t("chains.diagnose.summary", lang, c=format_share(summary["completeness"]),
                    u=int(summary["not_covered"]), m=int(summary["missing"]), w=int(summary["weak"]),
                    s=int(summary["single_points"]), d=format_share(summary["leader_dependence"])))
    _print_links(d.links_table(lang, top), lang)
    if enterprises and d.placements is not None:
        _print_enterprises(d, lang)
    for note in d.what_if_notes(lang):
        console.print(note, style="yellow", markup=False, highlight=False)
    for w in d.what_if.values():
        _print_what_if(w, d.basis.taxonomy.chain(w.chain_id), lang)


def _print_links(links: pd.DataFrame, lang: str) -> None:
    table = Table(title=t("chains.diagnose.links_title", lang))
    for i, col in enumerate(links.columns):
        table.add_column("#" if i == 0 else col, overflow="fold")  # the first column is the rank
    for rank, name, action, priority, reason in links.itertuples(index=False):
        table.add_row(str(rank), name, action, f"{priority:.1f}", reason)
    console.print(table)


def _print_enterprises(d: ChainDiagnosis, lang: str) -> None:
    sheet = d.enterprises_table(lang)
    table = Table(title=t("chains.diagnose.enterprises_title", lang))
    for col in sheet.columns:
        table.add_column(col, overflow="fold")
    for row in sheet.itertuples(index=False):
        table.add_row(*[str(v) if v else "—" for v in row])
    console.print(table)


def _print_what_if(w: WhatIf, chain: ChainSpec, lang: str) -> None:
    from pacesetter.chains import report

    label = chain.name_zh if lang == "zh" else chain.name_en
    console.print(f"[bold]{t('chains.what_if.title', lang)} · {label}[/]")
    for line in report.what_if_lines(w, chain, lang):
        console.print(f"  {line}", highlight=False)


@chains_app.command("map")
def map_chain(
    ctx: typer.Context,
    chain: str = typer.Argument(...),
    output: Path = typer.Option(..., "-o", "--output"),
    region: str = RegionOpt,
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: str | None = RegistryOpt,
    engine: str | None = EngineOpt,
    spark_master: str | None = SparkMasterOpt,
    spark_remote: str | None = SparkRemoteOpt,
) -> None:
    """Draw a chain map coloured by status (SVG/PNG for reports, JSON for ECharts, HTML to explore)."""
    from pacesetter.chains import views
    from pacesetter.workspace.chains import MAP_SUFFIXES

    lang = state(ctx).lang
    suffix = _output(output, MAP_SUFFIXES, lang).suffix.lower()
    chains = state(ctx).workspace().chains
    interactive = suffix == ".html" and registry is None
    with console.status(t("chains.map_cmd.computing", lang)) \
            if interactive else nullcontext():
        chain_map = chains.map(chain, region, lang=lang, scenarios=interactive, registry=registry,
                               taxonomy=taxonomy, thresholds=thresholds,
                               engine=_engine(ctx, engine, spark_master, spark_remote))
    if suffix in (".svg", ".png") and views.cjk_font() is None:
        console.print(t("analysis.chains.no_cjk_font", lang), style="yellow", markup=False)
    chain_map.save(output)
    console.print(t("analysis.wrote", lang, path=output), markup=False, highlight=False)


@chains_app.command("overview")
def overview(
    ctx: typer.Context,
    region: str = RegionOpt,
    output: Path | None = typer.Option(None, "-o", "--output"),
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: str | None = RegistryOpt,
    engine: str | None = EngineOpt,
    spark_master: str | None = SparkMasterOpt,
    spark_remote: str | None = SparkRemoteOpt,
) -> None:
    """All chains at a glance: completeness, gaps, single points, leaders; heatmap with -o."""
    from pacesetter.workspace.chains import OVERVIEW_SUFFIXES

    lang = state(ctx).lang
    if output is not None:
        _output(output, OVERVIEW_SUFFIXES, lang)
    ov = state(ctx).workspace().chains.overview(region, lang=lang, registry=registry, taxonomy=taxonomy,
                                                thresholds=thresholds,
                                                engine=_engine(ctx, engine, spark_master, spark_remote))
    caption = f"{ov.basis.coverage(ov.diagnosis.segments, lang)}\n{t('chains.authored_note', lang)}"
    table = Table(title=t("chains.overview.title", lang, region=ov.basis.region_name), caption=caption)
    for col in _heads("overview", ("chain", "completeness", "not_covered", "missing", "weak",
                                          "present_strong", "single_points", "leaders", "leader_dependence"),
                      lang):
        table.add_column(col)
    for _, r in ov.chains.iterrows():
        c = ov.basis.taxonomy.chain(r["chain_id"])
        label = c.name_zh if lang == "zh" else c.name_en
        if not c.identified:
            table.add_row(label, *[t("chains.unconfirmed", lang)] * 8)
            continue
        table.add_row(label, format_share(r["completeness"]), str(int(r["not_covered"])),
                      str(int(r["missing"])), str(int(r["weak"])),
                      f"{int(r['present'])}/{int(r['strong'])}", str(int(r["single_points"])),
                      _fmt(r["leaders"], ".0f"), format_share(r["leader_dependence"]))
    console.print(table)
    multi = ov.multi_chain_table(lang)
    if multi is not None and len(multi):
        console.print(t("chains.overview.multi_chain", lang))
        for _, m in multi.head(10).iterrows():
            console.print(f"  {m['name_zh']} ({m['chains']}): {m['chain_ids']}", highlight=False)
    if output is not None:
        ov.save(output, lang)
        console.print(t("analysis.wrote", lang, path=output), markup=False, highlight=False)


@chains_app.command("check")
def check(ctx: typer.Context, region: str = RegionOpt, taxonomy: Path | None = TaxonomyOpt) -> None:
    """Placements to review (the firm's industry code lies outside the segment's), and corrections made."""
    from pacesetter.chains import report

    lang = state(ctx).lang
    chains = state(ctx).workspace().chains
    check = chains.check(region, taxonomy=taxonomy)
    found = check.findings
    table = Table(title=t("chains.check.title", lang))
    for col in _heads("check", ("enterprise", "segment", "basis", "firm_codes", "segment_codes"), lang):
        table.add_column(col, overflow="fold")
    for r in found.to_dict("records"):
        table.add_row(str(r["name_zh"]), str(r["segment_id"]), report.basis_word(str(r["basis"]), lang),
                      str(r["enterprise_codes"]), str(r["segment_codes"]))
    console.print(table)
    # an empty table must never read as "all verified"
    console.print(t("chains.check.counts", lang, checked=check.checked, found=len(found),
                    unchecked=check.unchecked))
    fixed = chains.corrections()
    console.print(t("chains.check.corrected", lang, n=len(fixed), file="placement_corrections.yaml"),
                  markup=False)
    for r in fixed.drop_duplicates(["enterprise_id", "reason"]).to_dict("records"):
        segs = ", ".join(fixed.loc[(fixed["enterprise_id"] == r["enterprise_id"])
                                   & (fixed["reason"] == r["reason"]), "segment_id"])
        console.print(f"  {r['enterprise_id']} ✗ {segs}: {r['reason']}", highlight=False)


@chains_app.command("synth")
def synth(
    ctx: typer.Context,
    output: Path = typer.Argument(...),
    n: int = typer.Option(5_000_000, "--n"),
    seed: int = typer.Option(20221001, "--seed"),
) -> None:
    """Write a SYNTHETIC national enterprise registry (Parquet) for engine-scale diagnostics."""
    lang = state(ctx).lang
    with progress_bar(lang) as show:  # 5 million enterprises take a while
        state(ctx).workspace().chains.synthesize(output, n=n, seed=seed, progress=show)
    count = f"{n:,}" if lang == "en" else str(n)  # thousands separators in en only (UI.md)
    console.print(t("analysis.chains.synthesized", lang, path=output, n=count), markup=False, highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter chains` to the root app."""
    app.add_typer(chains_app, name="chains")
