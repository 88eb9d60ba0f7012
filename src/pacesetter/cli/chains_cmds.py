"""`pacesetter chains`: list, diagnose, map and overview of the industrial chains."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from pathlib import Path
from typing import cast

import pandas as pd
import typer
from rich.table import Table

from pacesetter.chains import report, views
from pacesetter.chains.diagnostics import (
    Thresholds,
    compute_links_to_fill,
    compute_multi_chain_enterprises,
    compute_stage_completeness,
    load_thresholds,
)
from pacesetter.chains.resilience import WhatIf
from pacesetter.chains.service import Diagnosis, diagnose_store, enterprise_scenarios, placements_store
from pacesetter.chains.taxonomy import ChainSpec, Taxonomy, load_industry_codes, load_taxonomy
from pacesetter.cli.options import console, state
from pacesetter.engine.diagnose import diagnose_registry
from pacesetter.engine.synthetic import SYNTHETIC_LABEL, is_synthetic
from pacesetter.io.workbook import write_report_workbook
from pacesetter.web.standalone import standalone_chart_html

chains_app = typer.Typer(help="产业链图谱 Industrial-chain maps: diagnostics, what-ifs, maps.",
                         no_args_is_help=True)

TaxonomyOpt = typer.Option(None, "--taxonomy", help="Folder of chain YAML files (default: shipped).")
ThresholdsOpt = typer.Option(None, "--thresholds", help="Thresholds YAML (default: shipped).")
RegionOpt = typer.Option("370200", "--region", "-r", help="Region code (GB/T 2260), default Qingdao.")
RegistryOpt = typer.Option(None, "--registry", help="Diagnose from a Parquet registry instead of the store.")
ReferenceOpt = typer.Option(None, "--reference",
                            help="LQ reference region, e.g. 370000 (default: every region in the store).")
def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _fmt(v: object, spec: str = ".2f") -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return "—"
    return format(v, spec)


def _money(lang: str) -> str:
    """Format of 万元 amounts: thousands separators in English only (as published in zh)."""
    return ".0f" if lang == "zh" else ",.0f"


def _suffix(output: Path, allowed: tuple[str, ...]) -> str:
    """The output's suffix (lower case), checked before any work is done."""
    suffix = output.suffix.lower()
    if suffix not in allowed:
        raise typer.BadParameter(f"{output}: the file must end in {', '.join(allowed)}")
    return suffix


def _load(taxonomy: Path | None, thresholds: Path | None) -> tuple[Taxonomy, Thresholds]:
    return load_taxonomy(taxonomy), load_thresholds(thresholds)


def _region_name(ctx: typer.Context, code: str, registry: Path | None = None) -> str:
    """The region's name, with a SYNTHETIC badge when the figures come from a synthetic registry."""
    st = state(ctx)
    name = code
    if Path(st.settings.db).exists():
        row = st.open().execute("SELECT name_zh, name_en FROM regions WHERE code = ?", [code]).fetchone()
        name = code if row is None else str(row[0] if st.lang == "zh" else row[1])
    if registry is not None and is_synthetic(registry):
        name += _t(st.lang, " [合成数据 SYNTHETIC]", " [SYNTHETIC data]")
    return name


def _diagnosis(ctx: typer.Context, tax: Taxonomy, t: Thresholds, region: str, registry: Path | None,
               remove: list[str] | None = None, remove_segment: list[str] | None = None,
               reference: str | None = None) -> Diagnosis:
    if registry is not None:
        if remove or remove_segment or reference:
            raise typer.BadParameter("--remove and --reference work on the store, not with --registry")
        return diagnose_registry(registry, tax, region, t)
    return diagnose_store(state(ctx).open(), tax, region, t, remove_enterprises=remove or [],
                          remove_segments=remove_segment or [], reference_region=reference)


@chains_app.command("list")
def list_chains(ctx: typer.Context, taxonomy: Path | None = TaxonomyOpt) -> None:
    """List the chains of the taxonomy with their segment counts.

    Example: pacesetter chains list
    """
    lang = state(ctx).lang
    tax = load_taxonomy(taxonomy)
    title = _t(lang, "重点产业链(环节结构为编制者撰写)", "Key chains (authored segment structure)")
    table = Table(title=title)
    heads = (_t(lang, "编号", "id"), _t(lang, "名称", "name"), _t(lang, "类别", "category"),
             _t(lang, "环节", "segs"), _t(lang, "卡脖子", "chokepts"), _t(lang, "说明", "note"))
    for i, col in enumerate(heads):  # ids stay whole: people type them
        table.add_column(col, overflow="fold", no_wrap=i in (0, 2, 3, 4), min_width=12 if i == 1 else None)
    for c in tax:
        note = _t(lang, "未确认(空位)", "unidentified slot") if not c.identified else (
            "authored" if c.authored else "")
        table.add_row(c.id, c.name_zh if lang == "zh" else c.name_en, views.CATEGORY_LABELS[lang][c.category],
                      str(len(c.segments)),
                      str(sum(s.critical for s in c.segments)), note)
    console.print(table)


@chains_app.command("diagnose")
def diagnose(
    ctx: typer.Context,
    chain: str = typer.Argument(..., help="Chain id, e.g. vr or ic."),
    region: str = RegionOpt,
    remove: list[str] | None = typer.Option(None, "--remove",
                                            help="Enterprise id or exact name to remove (what-if)."),
    remove_segment: list[str] | None = typer.Option(None, "--remove-segment", help="Segment to remove."),
    top: int = typer.Option(5, "--top", help="How many links to fill to show."),
    enterprises: bool = typer.Option(False, "--enterprises", help="List each segment's enterprises "
                                     "with the evidence of their placement."),
    fmt: str = typer.Option("table", "--format", help="table, json or xlsx (with -o)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="File for --format xlsx."),
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: Path | None = RegistryOpt,
    reference: str | None = ReferenceOpt,
) -> None:
    """Present, weak and missing segments of a chain, with reasons and the links to fill first.

    Example: pacesetter chains diagnose vr --region 370200 --remove goertek
             pacesetter chains diagnose ic --format xlsx -o ic.xlsx   (a workbook for Excel)
    """
    lang = state(ctx).lang
    if fmt not in ("table", "json", "xlsx"):
        raise typer.BadParameter("--format must be table, json or xlsx")
    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("--format xlsx needs -o FILE.xlsx")
    if fmt == "xlsx" and output is not None:
        _suffix(output, (".xlsx",))
    tax, t = _load(taxonomy, thresholds)
    spec = tax.chain(chain)
    diag = _diagnosis(ctx, tax, t, region, registry, remove, remove_segment, reference)
    seg = diag.segments[diag.segments["chain_id"] == chain]
    links = compute_links_to_fill(diag.segments, chain, region, top)
    summary = cast(pd.Series, diag.chains.set_index("chain_id").loc[chain])  # chain ids are unique: one row
    if fmt == "json":
        out = {"chain": spec.id, "region_code": region, "authored": spec.authored,
               "summary": json.loads(summary.to_json()),
               "segments": json.loads(seg.assign(reason_text=[views.render_reason(r, t, lang) for _, r in
                                                              seg.iterrows()]).to_json(orient="records")),
               "links_to_fill": links["segment_id"].tolist(),
               "what_if": {k: dataclasses.asdict(v) for k, v in diag.what_if.items()}}
        console.print_json(json.dumps(out, ensure_ascii=False))
        return
    if fmt == "xlsx" and output is not None:
        _write_workbook(ctx, output, tax, spec, diag, seg, region, registry, t, lang)
        return
    name = spec.name_zh if lang == "zh" else spec.name_en
    unit = _t(lang, "营收单位: 万元; “—”: 未知(非零)", "revenue in 10k yuan (万元); —: unknown, not zero")
    table = Table(title=f"{_region_name(ctx, region, registry)} · {name}",
                  caption=f"{unit}\n{views.AUTHORED_NOTE[lang]}")
    heads = (_t(lang, "环节", "segment"), _t(lang, "状态", "status"), _t(lang, "企业", "firms"),
             _t(lang, "区位商", "LQ"), _t(lang, "营收", "revenue"), _t(lang, "链主", "leader"),
             _t(lang, "关键度", "crit."), _t(lang, "原因", "reason"))
    for i, col in enumerate(heads):  # short cells never wrap; names and reasons fold
        table.add_column(col, overflow="fold", no_wrap=i in (1, 2, 3, 5, 6), min_width=12 if i == 0 else None)
    colours = {"missing": "red", "weak": "yellow", "present": "cyan", "strong": "green"}
    stage = None
    for _, r in seg.iterrows():
        if r["stage"] != stage:  # one section per stage: upstream, midstream, downstream
            stage = r["stage"]
            table.add_row(f"[bold]{views.STAGE_LABELS[lang][stage]}[/]", end_section=False)
        leader = "—" if r["leader_present"] is pd.NA else ("✓" if r["leader_present"] else "")
        status = views.STATUS_LABELS[lang][r["status"]]
        table.add_row(r["name_zh"] if lang == "zh" else r["name_en"],
                      f"[{colours[r['status']]}]{status}[/]", str(r["n_enterprises"]), _fmt(r["lq"]),
                      _fmt(r["revenue"], _money(lang)), leader, _fmt(r["criticality"], ".0%"),
                      views.render_reason(r, t, lang))
    console.print(table)
    line = _t(lang, "完整度 {c}；缺失 {m}，薄弱 {w}，单点 {s}；链主依赖度 {d}",
              "Completeness {c}; missing {m}, weak {w}, single points {s}; leader dependence {d}")
    console.print(line.format(
        c=_fmt(summary["completeness"], ".0%"), m=int(summary["missing"]), w=int(summary["weak"]),
        s=int(summary["single_points"]), d=_fmt(summary["leader_dependence"], ".0%")))
    _print_links(report.links_sheet(diag.segments, chain, region, t, lang, top), lang)
    if enterprises and registry is None:
        _print_enterprises(spec, placements_store(state(ctx).open(), tax, region), lang)
    for w in diag.what_if.values():
        _print_what_if(w, tax, lang)


def _print_links(links: pd.DataFrame, lang: str) -> None:
    title = _t(lang, "优先补强环节(关键度×薄弱度排序)", "Links to fill first (weight × weakness)")
    table = Table(title=title)
    for col in links.columns:
        table.add_column("#" if col == "序号 rank" else _header(col, lang), overflow="fold")
    for rank, name, action, priority, reason in links.itertuples(index=False):
        table.add_row(str(rank), name, action, f"{priority:.1f}", reason)
    console.print(table)


def _write_workbook(ctx: typer.Context, path: Path, tax: Taxonomy, spec: ChainSpec, diag: Diagnosis,
                    seg: pd.DataFrame, region: str, registry: Path | None, t: Thresholds, lang: str) -> None:
    """The diagnosis as an Excel workbook: segments, links to fill, enterprises, what-if, about."""
    links = report.links_sheet(diag.segments, spec.id, region, t, lang)
    sheets = {_t(lang, "环节诊断", "Segments"): report.segment_sheet(seg, t, lang),
              _t(lang, "优先补强", "Links to fill"): links}
    if registry is None:
        placed = placements_store(state(ctx).open(), tax, region)
        sheets[_t(lang, "环节企业", "Enterprises")] = report.enterprises_sheet(spec, placed, lang)
    for w in diag.what_if.values():
        sheets[_t(lang, "情景推演", "What-if")] = report.what_if_sheet(w, spec, lang)
    about = [("产业链 chain", f"{spec.id} {spec.name_zh} / {spec.name_en}"),
             *_about(ctx, region, registry, t, lang)]
    write_report_workbook(path, sheets, about)
    console.print(f"{_t(lang, '已写入', 'wrote')} {path}")


def _chain_names(ids: object, tax: Taxonomy, lang: str) -> str:
    """"vr, ic" (as compute_multi_chain_enterprises joins them) → "虚拟现实、集成电路"."""
    names = {c.id: c.name_zh if lang == "zh" else c.name_en for c in tax}
    return _t(lang, "、", ", ").join(names.get(i, i) for i in str(ids).split(", "))


def _about(ctx: typer.Context, region: str, registry: Path | None, t: Thresholds,
           lang: str) -> list[tuple[str, str]]:
    """What a workbook's reader must know: region, data, date, authored structure, unknowns, thresholds."""
    synthetic = registry is not None and is_synthetic(registry)
    return [
        ("地区 region", f"{region} {_region_name(ctx, region, registry)}"),
        ("数据 data", str(registry) if registry is not None else str(state(ctx).settings.db)),
        *([("合成数据 synthetic", SYNTHETIC_LABEL)] if synthetic else []),
        ("生成日期 generated", dt.date.today().isoformat()),
        ("环节结构 structure", views.AUTHORED_NOTE[lang]),
        ("未知 unknown", _t(lang, "空白单元格表示未知，不是0", "an empty cell is unknown, not zero")),
        ("阈值 thresholds", t.model_dump_json()),
    ]


def _header(column: str, lang: str) -> str:
    """One language of a bilingual header: "环节 segment" → "环节" or "segment"."""
    zh, _, en = column.partition(" ")
    return zh if lang == "zh" or not en else en


def _print_enterprises(spec: ChainSpec, placed: pd.DataFrame, lang: str) -> None:
    sheet = report.enterprises_sheet(spec, placed, lang)
    table = Table(title=_t(lang, "环节企业及依据", "Enterprises by segment, with evidence"))
    for col in sheet.columns:
        table.add_column(_header(col, lang), overflow="fold")
    for row in sheet.itertuples(index=False):
        table.add_row(*[str(v) if v else "—" for v in row])
    console.print(table)


def _print_what_if(w: WhatIf, tax: Taxonomy, lang: str) -> None:
    chain = tax.chain(w.chain_id)
    label = chain.name_zh if lang == "zh" else chain.name_en
    console.print(f"[bold]{_t(lang, '情景推演', 'What-if')} · {label}[/]")
    for line in report.what_if_lines(w, chain, lang):
        console.print(f"  {line}", highlight=False)


@chains_app.command("map")
def map_chain(
    ctx: typer.Context,
    chain: str = typer.Argument(..., help="Chain id, e.g. vr."),
    output: Path = typer.Option(
        ..., "-o", "--output",
        help="File: .svg/.png image, .json ECharts option, or .html interactive page (works offline)."),
    region: str = RegionOpt,
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: Path | None = RegistryOpt,
) -> None:
    """Draw a chain map coloured by status (SVG/PNG for reports, JSON for ECharts, HTML to explore).

    Example: pacesetter chains map vr -o vr.svg   (or vr.html: hover a segment for its reason)
    """
    lang = state(ctx).lang
    suffix = _suffix(output, (".svg", ".png", ".json", ".html"))
    tax, t = _load(taxonomy, thresholds)
    spec = tax.chain(chain)
    diag = _diagnosis(ctx, tax, t, region, registry)
    seg = diag.segments[diag.segments["chain_id"] == chain]
    name = _region_name(ctx, region, registry)
    if suffix in (".json", ".html"):
        # the store names its enterprises; a registry has only counts
        placed = None if registry is not None else placements_store(state(ctx).open(), tax, region)
        option = views.render_echarts_option(spec, seg, name, t, lang, _firms(placed, spec.id))
        notes = [_t(lang, "悬停环节查看企业数与状态原因；★ 链主企业所在环节；黑框为卡脖子环节。",
                    "Hover a segment for its enterprises and the reason for its status; ★ a chain "
                    "leader works there; a black ring marks a chokepoint.")]
        if suffix == ".json":
            text = json.dumps(option, ensure_ascii=False, indent=1)
        else:
            scenarios = None if placed is None else _scenarios(ctx, tax, spec, region, name, t, lang, placed)
            text = standalone_chart_html(option, title=option["title"]["text"], notes=notes, lang=lang,
                                         scenarios=scenarios)
        output.write_text(text, encoding="utf-8")
    else:
        if views.cjk_font() is None:
            console.print("[yellow]no CJK font found (install fonts-noto-cjk): Chinese labels will not "
                          "render[/]")
        views.render_chain_map(output, spec, seg, name, lang)
    console.print(f"{_t(lang, '已写入', 'wrote')} {output}")


def _firms(placed: pd.DataFrame | None, chain_id: str, without: str | None = None) -> dict[str, list[str]]:
    """Segment id → names of the enterprises placed there (optionally without one enterprise)."""
    if placed is None:
        return {}
    rows = placed[(placed["chain_id"] == chain_id) & (placed["enterprise_id"] != without)]
    out: dict[str, list[str]] = {}
    for segment_id, name_zh in rows.drop_duplicates(["segment_id", "enterprise_id"])[
            ["segment_id", "name_zh"]].itertuples(index=False):
        out.setdefault(str(segment_id), []).append(str(name_zh))
    return out


def _scenarios(ctx: typer.Context, tax: Taxonomy, spec: ChainSpec, region: str, name: str, t: Thresholds,
               lang: str, placed: pd.DataFrame) -> list[dict[str, object]]:
    """One what-if per enterprise of the chain, for the map's picker: the chain without it."""
    with console.status(_t(lang, "计算各企业的情景推演…", "computing a what-if per enterprise…")):
        found = enterprise_scenarios(state(ctx).open(), tax, spec.id, region, t)
    return [{"key": s.enterprise_id, "label": s.name_zh,
             "summary": _t(lang, "；", "; ").join(report.what_if_lines(s.what_if, spec, lang)),
             "nodes": views.scenario_nodes(spec, s.segments, name, t, lang,
                                           _firms(placed, spec.id, without=s.enterprise_id))}
            for s in found]


@chains_app.command("overview")
def overview(
    ctx: typer.Context,
    region: str = RegionOpt,
    output: Path | None = typer.Option(
        None, "-o", "--output",
        help="Heatmap as .svg/.png image or .html interactive page (works offline), or .xlsx workbook."),
    taxonomy: Path | None = TaxonomyOpt,
    thresholds: Path | None = ThresholdsOpt,
    registry: Path | None = RegistryOpt,
) -> None:
    """All chains at a glance: completeness, gaps, single points, leaders; heatmap with -o.

    Example: pacesetter chains overview -o chains.png   (or chains.html, chains.xlsx)
    """
    lang = state(ctx).lang
    suffix = None if output is None else _suffix(output, (".svg", ".png", ".html", ".xlsx"))
    tax, t = _load(taxonomy, thresholds)
    diag = _diagnosis(ctx, tax, t, region, registry)
    name = _region_name(ctx, region, registry)
    table = Table(title=f"{name} · " + _t(lang, "重点产业链总览", "chain overview"),
                  caption=views.AUTHORED_NOTE[lang])
    for col in (_t(lang, "产业链", "chain"), _t(lang, "完整度", "completeness"), _t(lang, "缺失", "missing"),
                _t(lang, "薄弱", "weak"), _t(lang, "具备/优势", "present/strong"),
                _t(lang, "单点", "single pts"),
                _t(lang, "链主环节", "leader segs"), _t(lang, "链主依赖", "leader dep.")):
        table.add_column(col)
    for _, r in diag.chains.iterrows():
        c = tax.chain(r["chain_id"])
        label = c.name_zh if lang == "zh" else c.name_en
        if not c.identified:
            table.add_row(label, "—", "—", "—", "—", "—", "—", _t(lang, "未确认", "unidentified"))
            continue
        table.add_row(label, _fmt(r["completeness"], ".0%"), str(int(r["missing"])), str(int(r["weak"])),
                      f"{int(r['present'])}/{int(r['strong'])}", str(int(r["single_points"])),
                      _fmt(r["leaders"], ".0f"), _fmt(r["leader_dependence"], ".0%"))
    console.print(table)
    multi = None
    if registry is None:
        multi = compute_multi_chain_enterprises(placements_store(state(ctx).open(), tax, region))
        multi["chain_ids"] = [_chain_names(ids, tax, lang) for ids in multi["chain_ids"]]
        if len(multi):
            console.print(_t(lang, "服务多条产业链的企业:", "Enterprises serving several chains:"))
            for _, m in multi.head(10).iterrows():
                console.print(f"  {m['name_zh']} ({m['chains']}): {m['chain_ids']}", highlight=False)
    if output is not None and suffix == ".xlsx":
        summary = report.overview_sheet(diag.chains, diag.segments, tax, region, t, lang)
        sheets = {_t(lang, "总览", "Overview"): summary}
        if multi is not None:
            sheets[_t(lang, "多链企业", "Multi-chain firms")] = multi.rename(columns={
                "enterprise_id": "编号 id", "name_zh": "企业 enterprise", "chains": "链数 chains",
                "chain_ids": "产业链 chains"})
        write_report_workbook(output, sheets, _about(ctx, region, registry, t, lang))
        console.print(f"{_t(lang, '已写入', 'wrote')} {output}")
    elif output is not None:
        stages = compute_stage_completeness(diag.segments, t)
        if suffix == ".html":
            option = views.render_heatmap_option(stages, list(tax), name, lang)
            page = standalone_chart_html(option, title=option["title"]["text"], notes=[], lang=lang)
            output.write_text(page, encoding="utf-8")
        else:
            views.render_overview_heatmap(output, stages, list(tax), name, lang)
        console.print(f"{_t(lang, '已写入', 'wrote')} {output}")


@chains_app.command("synth")
def synth(
    output: Path = typer.Argument(..., help="Parquet file to write."),
    n: int = typer.Option(5_000_000, "--n", help="Number of synthetic enterprises."),
    seed: int = typer.Option(20221001, "--seed", help="Random seed (same seed, same file)."),
) -> None:
    """Write a SYNTHETIC national enterprise registry (Parquet) for engine-scale diagnostics.

    Example: pacesetter chains synth registry.parquet --n 5000000
    """
    from pacesetter.engine.synthetic import default_cities, generate_registry

    codes = [c for c in load_industry_codes() if len(c) == 4 and c.isdigit()]
    generate_registry(output, default_cities(), codes, n_enterprises=n, seed=seed)
    console.print(f"wrote {output}: {n:,} SYNTHETIC enterprises (not real data)")


def register(app: typer.Typer) -> None:
    """Attach `pacesetter chains` to the root app."""
    app.add_typer(chains_app, name="chains")
