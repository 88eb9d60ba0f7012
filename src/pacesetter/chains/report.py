"""One chain's diagnosis as tables for a workbook: segments, links to fill, enterprises, what-if.

Headers, statuses and reasons come from the message catalogue in the chosen language; names
are data values (the en field in English where the data has one). Unknown figures stay empty,
never 0.
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
    firm_count,
    render_link_reason,
    render_reason,
    stage_word,
    status_label,
    status_word,
)
from pacesetter.i18n import t


def _name(item: pd.Series | ChainSpec | SegmentSpec, lang: str) -> str:
    """The zh or en name of a diagnostics row, a chain or a segment spec."""
    if isinstance(item, pd.Series):
        return str(item["name_zh"] if lang == "zh" else item["name_en"])
    return str(item.name_zh if lang == "zh" else item.name_en)


def _flag(value: object, lang: str) -> str:
    """是 / yes, 否 / no, or 未知 / unknown for an unknown value (never "no")."""
    if value is None or value is pd.NA:
        return t("common.unknown", lang)
    return t("chains.flag_yes" if bool(value) else "chains.flag_no", lang)


# what a segment no registry covers cannot say: its firm and leader counts, leader, single point
_UNKNOWN_WHERE_NOT_COVERED = ("n_enterprises", "n_by_code", "n_leaders", "leader_present", "single_point")


def _covered(r: pd.Series, value: object) -> object:
    """``value``, or NA (unknown) for a segment no registry covers."""
    return pd.NA if r["status"] == "not_covered" else value


def _covered_or_unknown(r: pd.Series, value: object, lang: str) -> object:
    """``value``, or "未知 / unknown" for a segment no registry covers (never 0)."""
    return t("common.unknown", lang) if r["status"] == "not_covered" else value


def column(key: str, lang: str, /, **values: object) -> str:
    """A column header of the chain tables in ``lang`` (``chains.columns.<key>``)."""
    return t(f"chains.columns.{key}", lang, **values)


def _segment_columns(limits: Thresholds, lang: str) -> list[tuple[str, Callable[[pd.Series], object]]]:
    return [
        ("stage", lambda r: stage_word(str(r["stage"]), lang)),
        ("segment", lambda r: _name(r, lang)),
        ("status", lambda r: status_label(r, lang)),
        ("reason", lambda r: render_reason(r, limits, lang)),
        ("enterprises", lambda r: t("common.unknown", lang) if (n := firm_count(r)) is None else n),
        ("lq", lambda r: r["lq"]),
        ("revenue", lambda r: r["revenue"]),
        ("revenue_reported", lambda r: _covered_or_unknown(r, int(r["revenue_reported"]), lang)),
        ("employment", lambda r: r["employment"]),
        ("hhi", lambda r: r["hhi"]),
        ("top1_share", lambda r: r["top1_share"]),
        ("leader", lambda r: _flag(_covered(r, r["leader_present"]), lang)),
        ("single_point", lambda r: _flag(_covered(r, r["single_point"]), lang)),
        ("chokepoint", lambda r: _flag(r["critical"], lang)),
        ("downstream", lambda r: int(r["downstream_count"])),
        ("criticality", lambda r: r["criticality"]),
        ("weight", lambda r: r["weight"]),
        # a segment no registry covers is not ranked for filling: its priority is not known, not 0
        ("priority", lambda r: _covered_or_unknown(r, r["priority"], lang)),
    ]


def segment_sheet(segments: pd.DataFrame, thresholds: Thresholds, lang: str = "zh") -> pd.DataFrame:
    """Every segment of one chain and region: status, reason and every metric."""
    columns = _segment_columns(thresholds, lang)
    return pd.DataFrame([[get(r) for _, get in columns] for _, r in segments.iterrows()],
                        columns=[column(key, lang) for key, _ in columns])


def links_sheet(segments: pd.DataFrame, chain_id: str, region: str, thresholds: Thresholds,
                lang: str = "zh", limit: int | None = None) -> pd.DataFrame:
    """Missing and weak segments ranked by priority (the first ``limit``), with the action and reason."""
    links = compute_links_to_fill(segments, chain_id, region, limit)
    return pd.DataFrame({
        column("rank", lang): range(1, len(links) + 1),
        column("segment", lang): [_name(r, lang) for _, r in links.iterrows()],
        column("action", lang): [t(f"chains.action.{a}", lang) for a in links["action"]],
        column("priority", lang): links["priority"].round(2),
        column("link_reason", lang): [render_link_reason(r, thresholds, lang) for _, r in links.iterrows()],
    })


def enterprises_sheet(spec: ChainSpec, placed: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Each segment's enterprises with the basis and source of their placement.

    Enterprise names are the store's Chinese names (the placements carry no English name).
    """
    placed = placed[placed["chain_id"] == spec.id]
    rows = [[_name(seg, lang), r["name_zh"], _flag(r["leader"], lang), basis_word(str(r["basis"]), lang),
             r["source"]]
            for seg in spec.segments for _, r in placed[placed["segment_id"] == seg.id].iterrows()]
    heads = ("segment", "enterprise", "leader", "basis", "source")
    return pd.DataFrame(rows, columns=[column(key, lang) for key in heads])


def basis_word(basis: str, lang: str) -> str:
    """The basis of a placement in words (sourced, authored, product, industry_code)."""
    return t(f"chains.basis.{basis}", lang)


def what_if_sheet(w: WhatIf, spec: ChainSpec, lang: str = "zh") -> pd.DataFrame:
    """What a removal takes with it, one line per effect, with its unit (万元, %) where it has one."""
    def names(ids: list[str]) -> str:
        return t("chains.list_sep", lang).join(_name(spec.segment(i), lang) for i in ids)

    def effect(key: str) -> str:
        return t(f"chains.what_if.{key}", lang)

    sep, money = t("chains.clause_sep", lang), effect("money")
    effects = [
        (effect("newly_missing"), names(w.newly_missing), ""),
        (effect("weakened"), sep.join(f"{names([s])} {status_word(a, lang)}→{status_word(b, lang)}"
                                      for s, a, b in w.weakened), ""),
        (effect("lost_supply"), sep.join(f"{names([s])} ← {names(d)}" for s, d in w.lost_supply.items()), ""),
        (effect("exposed"), names(w.exposed), ""),
        (effect("revenue_removed"), w.revenue_removed, money),
        (effect("revenue_exposed"), w.revenue_exposed, money),
        (effect("completeness_before"), round(100 * w.completeness_before, 1), "%"),
        (effect("completeness_after"), round(100 * w.completeness_after, 1), "%"),
    ]
    return pd.DataFrame(effects, columns=[column(key, lang) for key in ("effect", "value", "unit")])


def overview_sheet(chains: pd.DataFrame, segments: pd.DataFrame, taxonomy: Taxonomy, region: str,
                   thresholds: Thresholds, lang: str = "zh", top: int = 3) -> pd.DataFrame:
    """One row per chain: category, completeness by stage, counts by status, leaders, first links to fill."""
    stages = compute_stage_completeness(segments, thresholds)
    by_stage = stages.pivot_table(index="chain_id", columns="stage", values="completeness", observed=False)
    rows = []
    for _, r in chains.iterrows():
        spec = taxonomy.chain(str(r["chain_id"]))
        links = compute_links_to_fill(segments, spec.id, region, top)
        first = t("chains.list_sep", lang).join(_name(x, lang) for _, x in links.iterrows())
        counts = [r[c] for c in ("not_covered", "missing", "weak", "present", "strong", "single_points")]
        rows.append([
            _name(spec, lang), t(f"chains.category.{spec.category}", lang), _flag(spec.identified, lang),
            r["completeness"],
            *(by_stage.at[spec.id, st] if spec.id in by_stage.index else None for st in STAGES),
            # never "0 segments" for a chain no source names
            *(counts if spec.identified else [t("chains.unconfirmed", lang)] * len(counts)),
            r["leaders"] if spec.identified else t("chains.unconfirmed", lang), r["leader_dependence"], first,
        ])
    heads = [column(key, lang) for key in ("chain", "category", "identified", "completeness")]
    heads += [column("stage_completeness", lang, stage=stage_word(st, lang)) for st in STAGES]
    heads += [column(key, lang) for key in ("not_covered", "missing", "weak", "present", "strong",
                                            "single_points", "leaders", "leader_dependence")]
    heads.append(column("first_links", lang, top=top))
    return pd.DataFrame(rows, columns=heads)


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
            shown = f"{value:{'.0f' if lang == 'zh' else ',.0f'}} {unit}"  # separators in en only (UI.md)
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
                     without: str | None = None, lang: str = "zh") -> dict[str, list[str]]:
    """Segment id → names of the enterprises placed there (optionally without one enterprise), in
    ``lang`` where the registry has the English name (else the Chinese one, as registered)."""
    if placed is None:
        return {}
    rows = placed[(placed["chain_id"] == chain_id) & (placed["enterprise_id"] != without)]
    english = lang == "en" and "name_en" in rows.columns
    out: dict[str, list[str]] = {}
    for r in rows.drop_duplicates(["segment_id", "enterprise_id"]).to_dict("records"):
        name = r["name_en"] if english and isinstance(r["name_en"], str) and r["name_en"] else r["name_zh"]
        out.setdefault(str(r["segment_id"]), []).append(str(name))
    return out


def diagnosis_json(spec: ChainSpec, region: str, summary: pd.Series, segments: pd.DataFrame,
                   links: pd.DataFrame, what_if: dict[str, WhatIf], thresholds: Thresholds,
                   lang: str = "zh") -> dict[str, object]:
    """One chain's diagnosis as JSON-ready data: summary, segments with their reason, links, what-ifs.

    A segment no registry covers has null (unknown) firm and leader counts, never 0."""
    reasons = [render_reason(r, thresholds, lang) for _, r in segments.iterrows()]
    segments = segments.astype({c: object for c in _UNKNOWN_WHERE_NOT_COVERED})
    segments.loc[segments["status"] == "not_covered", list(_UNKNOWN_WHERE_NOT_COVERED)] = None
    return {"chain": spec.id, "region_code": region, "authored": spec.authored,
            "summary": json.loads(summary.to_json()),
            "segments": json.loads(segments.assign(reason_text=reasons).to_json(orient="records")),
            "links_to_fill": links["segment_id"].tolist(),
            "what_if": {k: dataclasses.asdict(v) for k, v in what_if.items()}}
