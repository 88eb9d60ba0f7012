"""`pacesetter chains`: list, diagnose, map and overview of the industrial chains."""

from __future__ import annotations

import json
import math
from contextlib import nullcontext
from pathlib import Path

import pandas as pd
import typer
from rich.table import Table

from pacesetter.chains import report, views
from pacesetter.chains.resilience import WhatIf
from pacesetter.chains.taxonomy import ChainSpec
from pacesetter.cli.options import console, state
from pacesetter.errors import InputError
from pacesetter.i18n import t
from pacesetter.workspace.chains import MAP_SUFFIXES, OVERVIEW_SUFFIXES, ChainDiagnosis, check_suffix

# help text: cli.chains.* in the catalogue, filled in when the command loads (cli.lazy.localise)
chains_app = typer.Typer(no_args_is_help=True)

TaxonomyOpt = typer.Option(None, "--taxonomy")
ThresholdsOpt = typer.Option(None, "--thresholds")
RegionOpt = typer.Option("370200", "--region", "-r")
RegistryOpt = typer.Option(None, "--registry")
ReferenceOpt = typer.Option(None, "--reference")


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _fmt(v: object, spec: str = ".2f") -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return format(v, spec)


def _output(path: Path, allowed: tuple[str, ...]) -> Path:
    """The output file, its kind checked before any work is done (a usage error otherwise)."""
    try:
        check_suffix(path, allowed)
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from None
    return path


def _money(lang: str) -> str:
    """Format of 万元 amounts: thousands separators in English only (as published in zh)."""
    return ".0f" if lang == "zh" else ",.0f"


@chains_app.command("list")
def list_chains(ctx: typer.Context, taxonomy: Path | None = TaxonomyOpt) -> None:
    """List the chains of the taxonomy with their segment counts."""
    lang = state(ctx).lang
    chains = state(ctx).workspace().chains.list(taxonomy=taxonomy)
    title = _t(lang, "重点产业链(环节结构为编制者撰写)", "Key chains (authored segment structure)")
    table = Table(title=title)
    heads = (_t(lang, "编号", "id"), _t(lang, "名称", "name"), _t(lang, "类别", "category"),
             _t(lang, "环节", "segs"), _t(lang, "卡脖子", "chokepts"), _t(lang, "说明", "note"))
    for i, col in enumerate(heads):  # ids stay whole: people type them
        table.add_column(col, overflow="fold", no_wrap=i in (0, 2, 3, 4), min_width=12 if i == 1 else None)
    for c in chains.to_dict("records"):
        unconfirmed = not c["identified"]
        note = _t(lang, "未确认(来源未点名)", "unconfirmed (no source names it)") if unconfirmed else (
            t("analysis.chains.authored", lang) if c["authored"] else "")
        segs = views.UNCONFIRMED[lang] if unconfirmed else str(c["segments"])  # never "0 segments"
        table.add_row(str(c["id"]), str(c["name_zh" if lang == "zh" else "name_en"]),
                      views.CATEGORY_LABELS[lang][str(c["category"])], segs,
                      "—" if unconfirmed else str(c["chokepoints"]), note)
    console.print(table)


@chains_app.command("diagnose")
def diagnose(
    ctx: typer.Context,
    chain: str = typer.Argument(...),
    region: str = RegionOpt,
    remove: list[str] | None = typer.Option(None, "--remove"),
    remove_segment: list[str] | None = typer.Option(None, "--remove-segment"),
    top: int = typer.Option(5, "--top"),
    enterprises: bool = typer.Option(False, "--enterprises"),
    fmt: str = typer.Option("table", "--format"),
    output: Path | None = typer.Option(None, "-o", "--output"),
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: Path | None = RegistryOpt,
    reference: str | None = ReferenceOpt,
) -> None:
    """Present, weak and missing segments of a chain, with reasons and the links to fill first."""
    lang = state(ctx).lang
    if fmt not in ("table", "json", "xlsx"):
        raise typer.BadParameter(t("analysis.format_must", lang, choices="table, json, xlsx"))
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter(t("analysis.needs_output", lang, fmt=fmt))
    if fmt == "xlsx" and output is not None:
        _output(output, (".xlsx",))
    d = state(ctx).workspace().chains.diagnose(
        chain, region, remove=remove or [], remove_segment=remove_segment or [], reference=reference,
        registry=registry, taxonomy=taxonomy, thresholds=thresholds, lang=lang)
    if fmt == "json":
        console.print_json(json.dumps(d.to_json(lang, top), ensure_ascii=False))
        return
    if fmt == "xlsx" and output is not None:
        d.write_xlsx(output, lang)
        console.print(t("analysis.wrote", lang, path=output), markup=False, highlight=False)
        return
    _print_diagnosis(d, lang, top, enterprises)


def _print_diagnosis(d: ChainDiagnosis, lang: str, top: int, enterprises: bool) -> None:
    spec, limits, summary = d.spec, d.basis.thresholds, d.summary
    name = spec.name_zh if lang == "zh" else spec.name_en
    unit = t("analysis.chains.caption", lang)
    if not spec.identified:
        console.print(f"{d.basis.region_name} · {name}: " + _t(
            lang, "未确认：来源未点名此产业链，没有环节可诊断", "unconfirmed: no source names this chain, "
            "so there are no segments to diagnose"))
        return
    console.print(d.basis.coverage(d.segments, lang), highlight=False)  # what it rests on, first
    table = Table(title=f"{d.basis.region_name} · {name}", caption=f"{unit}\n{views.AUTHORED_NOTE[lang]}")
    heads = (_t(lang, "环节", "segment"), _t(lang, "状态", "status"), _t(lang, "企业", "firms"),
             _t(lang, "区位商", "LQ"), _t(lang, "营收", "revenue"), _t(lang, "链主", "leader"),
             _t(lang, "关键度", "crit."), _t(lang, "原因", "reason"))
    for i, col in enumerate(heads):  # short cells never wrap; names and reasons fold
        table.add_column(col, overflow="fold", no_wrap=i in (1, 2, 3, 5, 6), min_width=12 if i == 0 else None)
    colours = {"not_covered": "bright_black", "missing": "red", "weak": "yellow", "present": "cyan",
               "strong": "green"}
    stage = None
    for _, r in d.segments.iterrows():
        if r["stage"] != stage:  # one section per stage: upstream, midstream, downstream
            stage = r["stage"]
            table.add_row(f"[bold]{views.STAGE_LABELS[lang][stage]}[/]", end_section=False)
        leader = "—" if r["leader_present"] is pd.NA else ("✓" if r["leader_present"] else "")
        status = views.status_label(r, lang)
        table.add_row(r["name_zh"] if lang == "zh" else r["name_en"],
                      f"[{colours[r['status']]}]{status}[/]", str(r["n_enterprises"]), _fmt(r["lq"]),
                      _fmt(r["revenue"], _money(lang)), leader, _fmt(r["criticality"], ".0%"),
                      views.render_reason(r, limits, lang))
    console.print(table)
    line = _t(lang, "完整度 {c}(不含未掌握环节)；未掌握 {u}，缺失 {m}，薄弱 {w}，单点 {s}；链主依赖度 {d}",
              "Completeness {c} (of the covered segments); not covered {u}, absent {m}, weak {w}, "
              "single points {s}; leader dependence {d}")
    console.print(line.format(
        c=_fmt(summary["completeness"], ".0%"), u=int(summary["not_covered"]), m=int(summary["missing"]),
        w=int(summary["weak"]),
        s=int(summary["single_points"]), d=_fmt(summary["leader_dependence"], ".0%")))
    _print_links(d.links_table(lang, top), lang)
    if enterprises and d.placements is not None:
        _print_enterprises(d, lang)
    for w in d.what_if.values():
        _print_what_if(w, d.basis.taxonomy.chain(w.chain_id), lang)


def _print_links(links: pd.DataFrame, lang: str) -> None:
    title = _t(lang, "优先补强环节(关键度×薄弱度排序)", "Links to fill first (weight × weakness)")
    table = Table(title=title)
    for col in links.columns:
        table.add_column("#" if col == "序号 rank" else _header(col, lang), overflow="fold")
    for rank, name, action, priority, reason in links.itertuples(index=False):
        table.add_row(str(rank), name, action, f"{priority:.1f}", reason)
    console.print(table)


def _header(column: str, lang: str) -> str:
    """One language of a bilingual header: "环节 segment" → "环节" or "segment"."""
    zh, _, en = column.partition(" ")
    return zh if lang == "zh" or not en else en


def _print_enterprises(d: ChainDiagnosis, lang: str) -> None:
    sheet = d.enterprises_table(lang)
    table = Table(title=_t(lang, "环节企业及依据", "Enterprises by segment, with evidence"))
    for col in sheet.columns:
        table.add_column(_header(col, lang), overflow="fold")
    for row in sheet.itertuples(index=False):
        table.add_row(*[str(v) if v else "—" for v in row])
    console.print(table)


def _print_what_if(w: WhatIf, chain: ChainSpec, lang: str) -> None:
    label = chain.name_zh if lang == "zh" else chain.name_en
    console.print(f"[bold]{_t(lang, '情景推演', 'What-if')} · {label}[/]")
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
    registry: Path | None = RegistryOpt,
) -> None:
    """Draw a chain map coloured by status (SVG/PNG for reports, JSON for ECharts, HTML to explore)."""
    lang = state(ctx).lang
    suffix = _output(output, MAP_SUFFIXES).suffix.lower()
    chains = state(ctx).workspace().chains
    interactive = suffix == ".html" and registry is None
    with console.status(_t(lang, "计算各企业的情景推演…", "computing a what-if per enterprise…")) \
            if interactive else nullcontext():
        chain_map = chains.map(chain, region, lang=lang, scenarios=interactive, registry=registry,
                               taxonomy=taxonomy, thresholds=thresholds)
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
    registry: Path | None = RegistryOpt,
) -> None:
    """All chains at a glance: completeness, gaps, single points, leaders; heatmap with -o."""
    lang = state(ctx).lang
    if output is not None:
        _output(output, OVERVIEW_SUFFIXES)
    ov = state(ctx).workspace().chains.overview(region, lang=lang, registry=registry, taxonomy=taxonomy,
                                                thresholds=thresholds)
    table = Table(title=f"{ov.basis.region_name} · " + _t(lang, "重点产业链总览", "chain overview"),
                  caption=f"{ov.basis.coverage(ov.diagnosis.segments, lang)}\n{views.AUTHORED_NOTE[lang]}")
    for col in (_t(lang, "产业链", "chain"), _t(lang, "完整度", "completeness"),
                _t(lang, "未掌握", "not covered"), _t(lang, "缺失", "absent"),
                _t(lang, "薄弱", "weak"), _t(lang, "具备/优势", "present/strong"),
                _t(lang, "单点", "single pts"),
                _t(lang, "链主环节", "leader segs"), _t(lang, "链主依赖", "leader dep.")):
        table.add_column(col)
    for _, r in ov.chains.iterrows():
        c = ov.basis.taxonomy.chain(r["chain_id"])
        label = c.name_zh if lang == "zh" else c.name_en
        if not c.identified:
            table.add_row(label, *[views.UNCONFIRMED[lang]] * 8)
            continue
        table.add_row(label, _fmt(r["completeness"], ".0%"), str(int(r["not_covered"])),
                      str(int(r["missing"])), str(int(r["weak"])),
                      f"{int(r['present'])}/{int(r['strong'])}", str(int(r["single_points"])),
                      _fmt(r["leaders"], ".0f"), _fmt(r["leader_dependence"], ".0%"))
    console.print(table)
    multi = ov.multi_chain_table(lang)
    if multi is not None and len(multi):
        console.print(_t(lang, "服务多条产业链的企业:", "Enterprises serving several chains:"))
        for _, m in multi.head(10).iterrows():
            console.print(f"  {m['name_zh']} ({m['chains']}): {m['chain_ids']}", highlight=False)
    if output is not None:
        ov.save(output, lang)
        console.print(t("analysis.wrote", lang, path=output), markup=False, highlight=False)


@chains_app.command("check")
def check(ctx: typer.Context, region: str = RegionOpt, taxonomy: Path | None = TaxonomyOpt) -> None:
    """Placements to review (the firm's industry code lies outside the segment's), and corrections made."""
    lang = state(ctx).lang
    chains = state(ctx).workspace().chains
    check = chains.check(region, taxonomy=taxonomy)
    found = check.findings
    table = Table(title=_t(lang, "待复核的环节归属(企业行业代码不在环节代码内)",
                           "Placements to review (enterprise code outside the segment's codes)"))
    for col in (_t(lang, "企业", "enterprise"), _t(lang, "环节", "segment"), _t(lang, "依据", "basis"),
                _t(lang, "企业代码", "firm codes"), _t(lang, "环节代码", "segment codes")):
        table.add_column(col, overflow="fold")
    for r in found.to_dict("records"):
        table.add_row(str(r["name_zh"]), str(r["segment_id"]), str(r["basis"]), str(r["enterprise_codes"]),
                      str(r["segment_codes"]))
    console.print(table)
    console.print(_t(  # an empty table must never read as "all verified"
        lang, f"已核对 {check.checked} 处归属(企业有行业代码)，发现 {len(found)} 处不符；"
        f"{check.unchecked} 处无法核对(企业无行业代码)",
        f"{check.checked} placement(s) checked (the firm has an industry code), {len(found)} outside "
        f"the segment's codes; {check.unchecked} could not be checked (no industry code)"))
    fixed = chains.corrections()
    console.print(_t(lang, f"已更正 {len(fixed)} 处归属(placement_corrections.yaml):",
                     f"{len(fixed)} placements corrected (placement_corrections.yaml):"))
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
    state(ctx).workspace().chains.synthesize(output, n=n, seed=seed)
    count = f"{n:,}" if lang == "en" else str(n)  # thousands separators in en only (UI.md)
    console.print(t("analysis.chains.synthesized", lang, path=output, n=count), markup=False, highlight=False)


def attach(app: typer.Typer) -> None:
    """Attach `pacesetter chains` to the root app."""
    app.add_typer(chains_app, name="chains")
