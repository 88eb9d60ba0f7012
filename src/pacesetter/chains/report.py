"""One chain's diagnosis as tables for a workbook: segments, links to fill, enterprises, what-if.

Headers are bilingual ("环节 segment"); names, statuses and reasons are in the chosen
language. Unknown figures stay empty, never 0.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pandas as pd

from pacesetter.chains.diagnostics import Thresholds, compute_links_to_fill, compute_stage_completeness
from pacesetter.chains.resilience import WhatIf
from pacesetter.chains.taxonomy import STAGES, ChainSpec, SegmentSpec, Taxonomy
from pacesetter.chains.views import (
    ACTION_LABELS,
    CATEGORY_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    UNCONFIRMED,
    render_link_reason,
    render_reason,
    status_label,
)

_YES_NO = {"zh": ("是", "否", "未知"), "en": ("yes", "no", "unknown")}
ENTERPRISE_COLUMNS = ["环节 segment", "企业 enterprise", "链主 chain leader", "依据 basis", "来源 source"]


def _name(item: pd.Series | ChainSpec | SegmentSpec, lang: str) -> str:
    """The zh or en name of a diagnostics row, a chain or a segment spec."""
    if isinstance(item, pd.Series):
        return str(item["name_zh"] if lang == "zh" else item["name_en"])
    return str(item.name_zh if lang == "zh" else item.name_en)


def _flag(value: object, lang: str) -> str:
    yes, no, unknown = _YES_NO[lang]
    return unknown if value is None or value is pd.NA else (yes if bool(value) else no)


def _segment_columns(t: Thresholds, lang: str) -> list[tuple[str, Callable[[pd.Series], object]]]:
    return [
        ("阶段 stage", lambda r: STAGE_LABELS[lang][str(r["stage"])]),
        ("环节 segment", lambda r: _name(r, lang)),
        ("状态 status", lambda r: status_label(r, lang)),
        ("原因 reason", lambda r: render_reason(r, t, lang)),
        ("企业数 enterprises", lambda r: int(r["n_enterprises"])),
        ("区位商 LQ", lambda r: r["lq"]),
        ("营收(万元) revenue (10k yuan)", lambda r: r["revenue"]),
        ("报告营收企业 reporting revenue", lambda r: int(r["revenue_reported"])),
        ("从业人数 employment", lambda r: r["employment"]),
        ("HHI", lambda r: r["hhi"]),
        ("首位企业占比 top-1 share", lambda r: r["top1_share"]),
        ("链主 chain leader", lambda r: _flag(r["leader_present"], lang)),
        ("单点 single point", lambda r: _flag(r["single_point"], lang)),
        ("卡脖子 chokepoint", lambda r: _flag(r["critical"], lang)),
        ("下游依赖 downstream", lambda r: int(r["downstream_count"])),
        ("关键度 criticality", lambda r: r["criticality"]),
        ("权重 weight", lambda r: r["weight"]),
        ("优先度 priority", lambda r: r["priority"]),
    ]


def segment_sheet(segments: pd.DataFrame, thresholds: Thresholds, lang: str = "zh") -> pd.DataFrame:
    """Every segment of one chain and region: status, reason and every metric."""
    columns = _segment_columns(thresholds, lang)
    return pd.DataFrame([[get(r) for _, get in columns] for _, r in segments.iterrows()],
                        columns=[head for head, _ in columns])


def links_sheet(segments: pd.DataFrame, chain_id: str, region: str, thresholds: Thresholds,
                lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    """Missing and weak segments ranked by priority (the first ``limit``), with the action and reason."""
    links = compute_links_to_fill(segments, chain_id, region, limit)
    return pd.DataFrame({
        "序号 rank": range(1, len(links) + 1),
        "环节 segment": [_name(r, lang) for _, r in links.iterrows()],
        "行动 action": [ACTION_LABELS[lang][a] for a in links["action"]],
        "优先度 priority": links["priority"].round(2),
        "理由 reason": [render_link_reason(r, thresholds, lang) for _, r in links.iterrows()],
    })


def enterprises_sheet(spec: ChainSpec, placed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Each segment's enterprises with the basis and source of their placement."""
    placed = placed[placed["chain_id"] == spec.id]
    rows = [[_name(seg, lang), r["name_zh"], _flag(r["leader"], lang), r["basis"], r["source"]]
            for seg in spec.segments for _, r in placed[placed["segment_id"] == seg.id].iterrows()]
    return pd.DataFrame(rows, columns=ENTERPRISE_COLUMNS)


def what_if_sheet(w: WhatIf, spec: ChainSpec, lang: str = "zh") -> pd.DataFrame:
    """What a removal takes with it, one line per effect, with its unit (万元, %) where it has one."""
    def names(ids: list[str]) -> str:
        return ("、" if lang == "zh" else ", ").join(_name(spec.segment(i), lang) for i in ids)

    labels, zh = STATUS_LABELS[lang], lang == "zh"
    sep = "；" if zh else "; "
    money = "万元" if zh else "10k yuan (万元)"
    effects = [
        ("已无已知企业" if zh else "no known firm left", names(w.newly_missing), ""),
        ("状态下降" if zh else "weakened",
         sep.join(f"{names([s])} {labels[a]}→{labels[b]}" for s, a, b in w.weakened), ""),
        ("失去本地配套" if zh else "lose local supply",
         sep.join(f"{names([s])} ← {names(d)}" for s, d in w.lost_supply.items()), ""),
        ("受波及下游" if zh else "exposed downstream", names(w.exposed), ""),
        ("移出的已知营收" if zh else "known revenue removed", w.revenue_removed, money),
        ("下游暴露的已知营收" if zh else "known revenue exposed", w.revenue_exposed, money),
        ("完整度(前)" if zh else "completeness before", round(100 * w.completeness_before, 1), "%"),
        ("完整度(后)" if zh else "completeness after", round(100 * w.completeness_after, 1), "%"),
    ]
    return pd.DataFrame(effects, columns=["影响 effect", "内容 value", "单位 unit"])


def overview_sheet(chains: pd.DataFrame, segments: pd.DataFrame, taxonomy: Taxonomy, region: str,
                   thresholds: Thresholds, lang: str = "zh", top: int = 3) -> pd.DataFrame:
    """One row per chain: category, completeness by stage, counts by status, leaders, first links to fill."""
    stages = compute_stage_completeness(segments, thresholds)
    by_stage = stages.pivot_table(index="chain_id", columns="stage", values="completeness", observed=False)
    rows = []
    for _, r in chains.iterrows():
        spec = taxonomy.chain(str(r["chain_id"]))
        links = compute_links_to_fill(segments, spec.id, region, top)
        first = ("、" if lang == "zh" else ", ").join(_name(x, lang) for _, x in links.iterrows())
        counts = [r[c] for c in ("not_covered", "missing", "weak", "present", "strong", "single_points")]
        rows.append([
            _name(spec, lang), CATEGORY_LABELS[lang][spec.category], spec.identified, r["completeness"],
            *(by_stage.at[spec.id, st] if spec.id in by_stage.index else None for st in STAGES),
            *(counts if spec.identified else [UNCONFIRMED[lang]] * len(counts)),  # never "0 segments"
            r["leaders"], r["leader_dependence"], first,
        ])
    heads = ["产业链 chain", "类别 category", "已确认 identified", "完整度 completeness",
             *(f"{STAGE_LABELS['zh'][st]}完整度 {STAGE_LABELS['en'][st]}" for st in STAGES),
             "未掌握 not covered", "缺失 absent", "薄弱 weak", "具备 present", "优势 strong",
             "单点 single points",
             "链主环节 leader segments", "链主依赖 leader dependence",
             f"优先补强(前{top}) first links to fill"]
    out = pd.DataFrame(rows, columns=heads)
    out["已确认 identified"] = [_flag(v, lang) for v in out["已确认 identified"]]
    return out


def what_if_lines(w: WhatIf, spec: ChainSpec, lang: str = "zh") -> list[str]:
    """The what-if in words, one "effect: value" line per effect (unknown shown as —)."""
    lines = []
    for effect, value, unit in what_if_sheet(w, spec, lang).itertuples(index=False):
        if isinstance(value, str):
            shown = value or "—"
        elif value is None or value != value:  # unknown (None or NaN), never 0
            shown = "—"
        elif unit == "%":
            shown = f"{value:.0f}%"
        else:
            shown = f"{value:{'.0f' if lang == 'zh' else ',.0f'}} {unit}"
        lines.append(f"{effect}: {shown}")
    return lines


def chain_list(taxonomy: Taxonomy) -> pd.DataFrame:
    """The chains of a taxonomy: id, names, category, segment and chokepoint counts, identified, authored."""
    return pd.DataFrame(
        [{"id": c.id, "name_zh": c.name_zh, "name_en": c.name_en, "category": c.category,
          "segments": len(c.segments), "chokepoints": sum(s.critical for s in c.segments),
          "identified": c.identified, "authored": c.authored} for c in taxonomy],
        columns=["id", "name_zh", "name_en", "category", "segments", "chokepoints", "identified", "authored"])


def firms_by_segment(placed: pd.DataFrame | None, chain_id: str,
                     without: str | None = None) -> dict[str, list[str]]:
    """Segment id → names of the enterprises placed there (optionally without one enterprise)."""
    if placed is None:
        return {}
    rows = placed[(placed["chain_id"] == chain_id) & (placed["enterprise_id"] != without)]
    out: dict[str, list[str]] = {}
    for segment_id, name_zh in rows.drop_duplicates(["segment_id", "enterprise_id"])[
            ["segment_id", "name_zh"]].itertuples(index=False):
        out.setdefault(str(segment_id), []).append(str(name_zh))
    return out


def diagnosis_json(spec: ChainSpec, region: str, summary: pd.Series, segments: pd.DataFrame,
                   links: pd.DataFrame, what_if: dict[str, WhatIf], thresholds: Thresholds,
                   lang: str = "zh") -> dict[str, object]:
    """One chain's diagnosis as JSON-ready data: summary, segments with their reason, links, what-ifs."""
    reasons = [render_reason(r, thresholds, lang) for _, r in segments.iterrows()]
    return {"chain": spec.id, "region_code": region, "authored": spec.authored,
            "summary": json.loads(summary.to_json()),
            "segments": json.loads(segments.assign(reason_text=reasons).to_json(orient="records")),
            "links_to_fill": links["segment_id"].tolist(),
            "what_if": {k: dataclasses.asdict(v) for k, v in what_if.items()}}
