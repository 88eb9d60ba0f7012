"""Views of chain diagnostics: reasons in words, ECharts options, SVG/PNG maps, heatmaps.

Option dicts are plain JSON-ready data for the web page; images are written with
matplotlib using Noto Sans CJK so that Chinese labels render. Every view states
that the segment structure is authored (not sourced).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from pacesetter.chains.diagnostics import STATUSES, Thresholds
from pacesetter.chains.taxonomy import STAGES, ChainSpec
from pacesetter.i18n import t
from pacesetter.render.numbers import format_share

# not covered is grey: unknown, never the red of missing
STATUS_COLORS = {"not_covered": "#bdbdbd", "missing": "#c0392b", "weak": "#e67e22", "present": "#5dade2",
                 "strong": "#1a5276"}
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC")


def status_word(status: str, lang: str) -> str:
    """A segment status in words: 未掌握 / not covered, 缺失 / absent, 薄弱, 具备, 优势."""
    return t(f"chains.status.{status}", lang)


def stage_word(stage: str, lang: str) -> str:
    """A stage in words: 上游 / upstream, 中游, 下游."""
    return t(f"chains.stage.{stage}", lang)


def status_label(row: pd.Series | Mapping[str, Any], lang: str = "zh") -> str:
    """The status of one segment diagnostics row in words ("no known firm left" after a removal)."""
    if str(row["reason"]) == "no_known_firm_left":  # counted as not present, but nobody said absent
        return t("chains.status.emptied", lang)
    return status_word(str(row["status"]), lang)


def firm_count(row: pd.Series | Mapping[str, Any]) -> int | None:
    """A segment's local enterprise count; None (unknown) where no registry covers it: its 0 is
    "nobody looked", never "none there"."""
    return None if str(row["status"]) == "not_covered" else int(row["n_enterprises"])


def firm_count_word(row: pd.Series | Mapping[str, Any], lang: str = "zh") -> str:
    """:func:`firm_count` in words: the number, or 未知 / unknown."""
    n = firm_count(row)
    return t("common.unknown", lang) if n is None else str(n)


def render_reason(row: pd.Series | dict[str, Any], thresholds: Thresholds, lang: str = "zh") -> str:
    """The status reason of one segment diagnostics row, in words."""
    text = t(f"chains.reason.{row['reason']}", lang, n=int(row["n_enterprises"]), lq=_num(row["lq"]),
             top1=_num(row["top1_share"]), lq_weak=thresholds.status.weak_lq_below)
    coarse = int(row.get("n_coarse", 0) or 0)
    if row["reason"] == "not_covered" and coarse:
        text += t("chains.reason.coarse", lang, n=coarse)
    if row["reason"] in ("many_enterprises", "enterprises") and not _isnan(row["lq"]):
        text += t("chains.reason.lq", lang, lq=row["lq"])
    if row.get("critical"):
        text += t("chains.reason.chokepoint", lang)
    return text


def render_link_reason(row: pd.Series | dict[str, Any], thresholds: Thresholds, lang: str = "zh") -> str:
    """Why a link to fill ranks where it does: its status reason and what depends on it downstream."""
    text = render_reason(row, thresholds, lang)
    n = int(row["downstream_count"])
    if n:
        text += t("chains.reason.downstream", lang, n=n)
    return text


def _num(v: Any) -> float:
    return float("nan") if v is None or v is pd.NA else float(v)


def _isnan(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _known_true(v: Any) -> bool:
    """True only for a known true value (NA, unknown, is not true)."""
    return not _isnan(v) and bool(v)


def _layout(chain: ChainSpec) -> dict[str, tuple[float, float]]:
    """x by stage (0, 1, 2), y by position within the stage (0 at the top)."""
    seen = {stage: 0 for stage in STAGES}
    pos = {}
    for s in chain.segments:
        pos[s.id] = (float(STAGES.index(s.stage)), float(seen[s.stage]))
        seen[s.stage] += 1
    return pos


def render_echarts_option(
    chain: ChainSpec, segments: pd.DataFrame, region_name: str, thresholds: Thresholds, lang: str = "zh",
    enterprises: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """An ECharts ``graph`` option: nodes coloured by status, sized by weight, edges by dependency.

    ``segments`` holds one region's rows of ``compute_segment_diagnostics`` for this chain;
    ``enterprises`` (segment id → names), when given, are listed in each node's tooltip.
    """
    rows = segments.set_index("segment_id")
    pos = _layout(chain)
    nodes = []
    for s in chain.segments:
        r = cast(pd.Series, rows.loc[s.id])  # segment ids are unique: one row
        nodes.append({
            "id": s.id, "name": s.name_zh if lang == "zh" else s.name_en,
            "x": pos[s.id][0] * 320, "y": pos[s.id][1] * 70,
            "symbolSize": round(18 + 6 * math.sqrt(float(r["weight"])), 1),
            "category": STATUSES.index(r["status"]), "value": firm_count(r),
            "status": r["status"], "critical": s.critical, "leader": _known_true(r["leader_present"]),
            "reason": render_reason(r, thresholds, lang),
            "itemStyle": {"borderColor": "#000", "borderWidth": 2} if s.critical else {},
        })
        # hover: name, status and enterprise count, and the reason for the status
        count = f"{status_label(r, lang)} · {firm_count_word(r, lang)}"
        lines = [nodes[-1]["name"], count, nodes[-1]["reason"]]
        firms = list((enterprises or {}).get(s.id, ()))
        if firms:
            more = len(firms) - _TOOLTIP_FIRMS
            shown = t("chains.list_sep", lang).join(firms[:_TOOLTIP_FIRMS])
            lines.append(shown + (f" …(+{more})" if more > 0 else ""))
        nodes[-1]["tooltip"] = {"formatter": "<br>".join(html.escape(str(x)) for x in lines)}
        if nodes[-1]["leader"]:
            nodes[-1]["label"] = {"formatter": "{b} ★"}
    links = [{"source": dep, "target": s.id} for s in chain.segments for dep in s.depends_on]
    name = chain.name_zh if lang == "zh" else chain.name_en
    return {
        "title": {"text": f"{region_name} · {name}", "subtext": t("chains.authored_note", lang)},
        "tooltip": {"formatter": "{b}: {c}"},
        "legend": [{"data": [status_word(s, lang) for s in STATUSES], "bottom": 0}],
        "series": [{
            "type": "graph", "layout": "none", "roam": True, "draggable": False,
            "edgeSymbol": ["none", "arrow"], "edgeSymbolSize": 8,
            "label": {"show": True, "position": "right"},
            "lineStyle": {"color": "#888", "curveness": 0.1},
            "categories": [{"name": status_word(s, lang), "itemStyle": {"color": STATUS_COLORS[s]}}
                           for s in STATUSES],
            "data": nodes, "links": links,
        }],
    }


def render_heatmap_option(
    stages: pd.DataFrame, chains: Sequence[ChainSpec], region_name: str, lang: str = "zh"
) -> dict[str, Any]:
    """An ECharts ``heatmap`` option of chains × stages, colour = completeness (0..1).

    ``stages`` comes from ``compute_stage_completeness`` for one region. A cell without a
    known completeness is grey, never 0: "未确认 / unconfirmed" for a chain the source does
    not name, "未掌握 / not covered" where no segment of the stage is covered, "—" for a
    stage without segments; labels show percentages.
    """
    values = _stage_grid(stages, chains)
    # each cell carries its own label, as a percentage (ECharts templates cannot multiply);
    # an unknown cell says why: unconfirmed chain, not covered, or no segment there ("—")
    data = [{"value": [j, i, "-"], "label": {"formatter": _empty_cell(chains[i], STAGES[j], lang)}}
            if math.isnan(v) else
            {"value": [j, i, round(float(v), 4)], "label": {"formatter": format_share(v)}}
            for i, row in enumerate(values) for j, v in enumerate(row)]
    title = t("chains.map.heatmap_title", lang)
    return {
        "title": {"text": f"{region_name} · {title}", "subtext": t("chains.authored_note", lang)},
        "tooltip": {"position": "top"},
        "grid": {"left": 200, "right": 40, "top": 110, "bottom": 80},
        "xAxis": {"type": "category", "data": [stage_word(s, lang) for s in STAGES], "position": "top"},
        "yAxis": {"type": "category", "inverse": True,
                  "data": [c.name_zh if lang == "zh" else c.name_en for c in chains]},
        "visualMap": {"min": 0, "max": 1, "calculable": True, "orient": "horizontal", "left": "center",
                      "bottom": 10, "inRange": {"color": ["#d73027", "#fee08b", "#1a9850"]},
                      "text": ["100%", "0%"]},
        "series": [{"type": "heatmap", "data": data, "label": {"show": True}}],
    }


def _stage_grid(stages: pd.DataFrame, chains: Sequence[ChainSpec]) -> Any:
    """Completeness as a chains × stages array (NaN where unknown)."""
    grid = stages.pivot_table(index="chain_id", columns="stage", values="completeness", observed=False)
    return grid.reindex(index=[c.id for c in chains], columns=list(STAGES)).to_numpy(dtype=float)


def _empty_cell(chain: ChainSpec, stage: str, lang: str) -> str:
    """The word for a heatmap cell without a known completeness."""
    if not chain.identified:
        return t("chains.unconfirmed", lang)
    return status_word("not_covered", lang) if any(s.stage == stage for s in chain.segments) else "—"


def scenario_nodes(
    chain: ChainSpec, segments_after: pd.DataFrame, region_name: str, thresholds: Thresholds,
    lang: str = "zh", enterprises: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """The node fields of :func:`render_echarts_option` that a what-if changes, by node id.

    ``segments_after``: the chain's segment diagnostics without the removed enterprise;
    ``enterprises``: the names still placed. Colour, status, count, reason, tooltip and
    the leader star all follow the state after the removal.
    """
    option = render_echarts_option(chain, segments_after, region_name, thresholds, lang, enterprises)
    keys = ("category", "status", "value", "reason", "tooltip", "leader")
    return {n["id"]: {**{k: n[k] for k in keys}, "label": n.get("label", {"formatter": "{b}"})}
            for n in option["series"][0]["data"]}


_TOOLTIP_FIRMS = 8  # enterprise names shown on hover; the rest are counted


def cjk_font() -> str | None:
    """The first installed CJK font family (Noto Sans CJK preferred), or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def _fonts() -> list[str]:
    """Font families for figures: the CJK font first when installed."""
    font = cjk_font()
    return [font, "DejaVu Sans"] if font else ["DejaVu Sans"]


def _edge(
    src: tuple[float, float], dst: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """Where an arrow leaves its source box and meets its target box, and its curvature.

    Points are fractions of each box's extent (0, 0.5 = middle of the left side).
    Forward edges run right side to left side; backward ones the other way; edges
    within a stage bow out on the right of the column.
    """
    (x0, y0), (x1, y1) = src, dst
    if x1 > x0:
        return (1, 0.5), (0, 0.5), 0.05
    if x1 < x0:
        return (0, 0.5), (1, 0.5), 0.05
    return (1, 0.5), (1, 0.5), -0.5 if y1 > y0 else 0.5


def render_chain_map(
    path: Path | str, chain: ChainSpec, segments: pd.DataFrame, region_name: str, lang: str = "zh"
) -> Path:
    """Write a static chain map (SVG or PNG by suffix): upstream → downstream, status colours.

    Returns the path. Chinese labels need a CJK font (Debian: ``fonts-noto-cjk``);
    without one, the map is still written but CJK glyphs are missing.
    """
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    rows = segments.set_index("segment_id")
    pos = _layout(chain)
    depth = max((y for _, y in pos.values()), default=0) + 1
    with rc_context({"font.family": _fonts(), "svg.fonttype": "path"}):
        fig = Figure(figsize=(14, 1.6 + 0.62 * depth))
        ax = fig.add_axes((0.01, 0.08, 0.98, 0.82))
        ax.set_xlim(-0.5, 2.9)
        ax.set_ylim(depth - 0.4, -0.9)
        ax.axis("off")
        for i, stage in enumerate(STAGES):
            ax.text(i, -0.7, stage_word(stage, lang), ha="center", fontsize=12, weight="bold")
        boxes = {}
        for s in chain.segments:
            r = cast(pd.Series, rows.loc[s.id])  # segment ids are unique: one row
            x, y = pos[s.id]
            name = s.name_zh if lang == "zh" else s.name_en
            leader = t("chains.map.leader", lang) if _known_true(r["leader_present"]) else ""
            text = f"{name}\n{status_word(r['status'], lang)} · {firm_count_word(r, lang)}{leader}"
            dark = r["status"] in ("missing", "strong")
            boxes[s.id] = ax.text(
                x, y, text, ha="center", va="center", fontsize=9, color="white" if dark else "black",
                bbox={"boxstyle": "round,pad=0.35", "fc": STATUS_COLORS[r["status"]],
                      "ec": "black" if s.critical else STATUS_COLORS[r["status"]],
                      "lw": 2 if s.critical else 0.5})
        for s in chain.segments:  # arrows attach to the boxes' sides, whatever their widths
            for dep in s.depends_on:
                start, end, bend = _edge(pos[dep], pos[s.id])
                ax.annotate("", xy=end, xycoords=boxes[s.id], xytext=start, textcoords=boxes[dep],
                            zorder=0, arrowprops={"arrowstyle": "->", "color": "#999", "lw": 0.8,
                                                  "shrinkA": 5, "shrinkB": 5,
                                                  "connectionstyle": f"arc3,rad={bend}"})
        title = chain.name_zh if lang == "zh" else chain.name_en
        fig.suptitle(f"{region_name} · {title}", fontsize=14)
        handles = [Patch(color=STATUS_COLORS[s], label=status_word(s, lang)) for s in STATUSES]
        handles.append(Patch(fc="white", ec="black", lw=2, label=t("chains.map.chokepoint", lang)))
        fig.legend(handles=handles, loc="lower left", ncol=5, frameon=False, fontsize=9)
        fig.text(0.99, 0.01, t("chains.authored_note", lang), ha="right", fontsize=8, color="#555")
        out = Path(path)
        fig.savefig(out, bbox_inches="tight")
    return out


def render_overview_heatmap(
    path: Path | str, stages: pd.DataFrame, chains: Sequence[ChainSpec], region_name: str, lang: str = "zh"
) -> Path:
    """Write a heatmap of chains × stages, colour = completeness (from ``compute_stage_completeness``)."""
    import numpy as np
    from matplotlib import colormaps, rc_context
    from matplotlib.figure import Figure

    values = _stage_grid(stages, chains)
    with rc_context({"font.family": _fonts(), "svg.fonttype": "path"}):
        fig = Figure(figsize=(7, 0.36 * len(chains) + 1.8))
        ax = fig.add_axes((0.38, 0.08, 0.5, 0.82))
        cmap = colormaps["RdYlGn"].with_extremes(bad="#dddddd")
        im = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, vmin=0, vmax=1, aspect="auto")
        ax.set_xticks(range(len(STAGES)), [stage_word(s, lang) for s in STAGES])
        names = [c.name_zh if lang == "zh" else c.name_en for c in chains]
        ax.set_yticks(range(len(chains)), names, fontsize=9)
        for (i, j), v in np.ndenumerate(values):
            ax.text(j, i, _empty_cell(chains[i], STAGES[j], lang) if math.isnan(v) else format_share(v),
                    ha="center", va="center", fontsize=8)
        fig.colorbar(im, ax=ax, fraction=0.05, label=t("chains.map.completeness", lang))
        fig.suptitle(f"{region_name} · " + t("chains.map.heatmap_title", lang))
        fig.text(0.99, 0.01, t("chains.authored_note", lang), ha="right", fontsize=6, color="#555")
        out = Path(path)
        fig.savefig(out, bbox_inches="tight")
    return out
