"""Diagnostics of chain segments and chains, vectorised over any number of regions.

Input is a :class:`SegmentAggregates` (per region × segment sums that an engine
computes from placed enterprises); output is plain pandas frames. Unknown stays
unknown: a revenue, LQ or concentration that cannot be computed is NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from pacesetter.chains.graph import downstream, segment_weights
from pacesetter.chains.taxonomy import STAGES, Taxonomy
from pacesetter.errors import ConfigError

Status = Literal["missing", "weak", "present", "strong"]
STATUSES: tuple[Status, ...] = ("missing", "weak", "present", "strong")
_DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.yaml")

# Columns of SegmentAggregates.cells besides the key (region_code, chain_id, segment_id).
AGGREGATE_COLUMNS = [
    "n_enterprises", "n_by_code", "n_leaders", "revenue_sum", "revenue_reported",
    "revenue_sq_sum", "revenue_max", "employment_sum", "employment_reported",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatusRules(_Strict):
    """Cut-offs of the status rules (see thresholds.yaml for their order)."""

    weak_max_enterprises: int = 1
    weak_lq_below: float = 0.5
    weak_top1_share_at_least: float = 0.9
    strong_min_enterprises: int = 5
    strong_lq_at_least: float = 1.0


class Thresholds(_Strict):
    """Every configurable number of the diagnostics."""

    status: StatusRules = StatusRules()
    coverage: dict[Status, float] = {"missing": 0.0, "weak": 0.5, "present": 1.0, "strong": 1.0}
    weakness: dict[Status, float] = {"missing": 1.0, "weak": 0.6, "present": 0.0, "strong": 0.0}
    critical_multiplier: float = 2.0


def load_thresholds(path: Path | str | None = None) -> Thresholds:
    """Load thresholds from YAML (default: the shipped ``thresholds.yaml``)."""
    p = Path(path) if path is not None else _DEFAULT_THRESHOLDS
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        return Thresholds.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{p}: cannot read thresholds: {exc}") from exc
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ConfigError(f"{p}: invalid thresholds: {where}") from exc


@dataclass(frozen=True)
class SegmentAggregates:
    """Per region × segment sums over placed enterprises, as an engine returns them.

    ``cells``: one row per (region_code, chain_id, segment_id) with at least one
    enterprise; columns ``AGGREGATE_COLUMNS``. ``n_by_code`` counts enterprises
    placed by industry code (the registry, used for LQ); ``n_leaders`` is NaN when
    the source says nothing about chain leaders; revenue in 10k yuan (万元),
    ``*_reported`` = enterprises with a known value. ``region_totals``: enterprises
    with an industry code per region (LQ denominator). ``reference_counts``:
    enterprises per segment_id placed by code in the reference (all regions);
    ``reference_total``: enterprises with a code in the reference.
    """

    cells: pd.DataFrame
    region_totals: pd.Series
    reference_counts: pd.Series
    reference_total: int
    leaders_known: bool


def segment_table(taxonomy: Taxonomy, thresholds: Thresholds) -> pd.DataFrame:
    """Static facts of every segment from the graph.

    Columns: chain_id, segment_id, name_zh, name_en, stage, critical, order (position
    in the file), downstream_count (segments depending on it transitively),
    criticality (downstream_count / (segments in chain − 1), 0..1), weight.
    """
    rows = []
    for chain in taxonomy:
        deps = chain.depends_on()
        down = downstream(deps)
        weights = segment_weights(deps, {s.id for s in chain.segments if s.critical},
                                  thresholds.critical_multiplier)
        span = max(len(deps) - 1, 1)
        for i, s in enumerate(chain.segments):
            rows.append({
                "chain_id": chain.id, "segment_id": s.id, "name_zh": s.name_zh, "name_en": s.name_en,
                "stage": s.stage, "critical": s.critical, "order": i,
                "downstream_count": len(down[s.id]), "criticality": len(down[s.id]) / span,
                "weight": weights[s.id],
            })
    return pd.DataFrame(rows, columns=[
        "chain_id", "segment_id", "name_zh", "name_en", "stage", "critical", "order",
        "downstream_count", "criticality", "weight"])


def compute_segment_diagnostics(
    agg: SegmentAggregates, taxonomy: Taxonomy, regions: list[str], thresholds: Thresholds
) -> pd.DataFrame:
    """Status and metrics of every segment of every chain in every region.

    Rows come in the order of ``regions``, then chains and segments as in the taxonomy.

    Columns: region_code, the :func:`segment_table` columns, n_enterprises, n_by_code,
    revenue (known sum, 万元; NaN if none reported), revenue_reported, employment,
    employment_reported, lq (registry count LQ against all regions), hhi and top1_share
    (of revenue, 0..1; NaN unless every enterprise's revenue is known), leader_present
    (NA when unknown), single_point (exactly one enterprise), status, reason (the
    rule that set the status), weakness, priority (weight × weakness).
    """
    static = segment_table(taxonomy, thresholds)
    n_seg, n_reg = len(static), len(regions)
    df = static.iloc[np.tile(np.arange(n_seg), n_reg)].reset_index(drop=True)
    df.insert(0, "region_code", np.repeat(np.asarray(regions, dtype=object), n_seg))
    # place each aggregate cell at its grid row: region position × segments + segment position
    cells = agg.cells
    r_pos = pd.Index(regions).get_indexer(cells["region_code"])
    s_pos = pd.Index(static["segment_id"]).get_indexer(cells["segment_id"])
    keep = (r_pos >= 0) & (s_pos >= 0)
    rows = r_pos[keep] * n_seg + s_pos[keep]
    for col in AGGREGATE_COLUMNS:
        values = np.full(len(df), np.nan)
        values[rows] = cells[col].to_numpy(dtype=float, na_value=np.nan)[keep]
        df[col] = values
    for col in ("n_enterprises", "n_by_code", "revenue_reported", "employment_reported"):
        df[col] = df[col].fillna(0).astype("int64")
    if agg.leaders_known:
        df["n_leaders"] = df["n_leaders"].fillna(0)
    n = df["n_enterprises"]
    df["revenue"] = df["revenue_sum"].where(df["revenue_reported"] > 0)
    df["employment"] = df["employment_sum"].where(df["employment_reported"] > 0)
    all_known = (df["revenue_reported"] == n) & (n > 0) & (df["revenue_sum"] > 0)
    df["hhi"] = (df["revenue_sq_sum"] / df["revenue_sum"] ** 2).where(all_known)
    df["top1_share"] = (df["revenue_max"] / df["revenue_sum"]).where(all_known)
    totals = agg.region_totals.reindex(regions).fillna(0).to_numpy(dtype=float)
    local_total = pd.Series(np.repeat(totals, n_seg))
    ref_by_segment = agg.reference_counts.reindex(static["segment_id"]).fillna(0).to_numpy(dtype=float)
    ref = pd.Series(np.tile(ref_by_segment, n_reg))
    ok = (local_total > 0) & (ref > 0) & (agg.reference_total > 0)
    df["lq"] = ((df["n_by_code"] / local_total.where(ok)) / (ref.where(ok) / agg.reference_total))
    df["leader_present"] = (df["n_leaders"] > 0).astype("boolean").mask(df["n_leaders"].isna())
    df["single_point"] = n == 1
    _classify(df, thresholds)
    columns = ["region_code", *static.columns, "n_enterprises", "n_by_code", "revenue", "revenue_reported",
            "employment", "employment_reported", "lq", "hhi", "top1_share", "n_leaders",
            "leader_present", "single_point", "status", "reason", "weakness", "priority"]
    return df[columns]


def _classify(df: pd.DataFrame, t: Thresholds) -> None:
    r = t.status
    n, lq, top1 = df["n_enterprises"], df["lq"], df["top1_share"]
    leader = df["leader_present"].fillna(False).astype(bool)
    rules = [
        ("missing", "no_enterprise", n == 0),
        ("weak", "few_enterprises", n <= r.weak_max_enterprises),
        ("weak", "low_lq", lq.notna() & (lq < r.weak_lq_below)),
        ("weak", "concentrated", top1.notna() & (top1 >= r.weak_top1_share_at_least)),
        ("strong", "many_enterprises",
         (n >= r.strong_min_enterprises) & (lq.isna() | (lq >= r.strong_lq_at_least))),
        ("strong", "leader_present", leader),
    ]
    conds = [c.to_numpy(dtype=bool) for _, _, c in rules]
    df["status"] = np.select(conds, [s for s, _, _ in rules], default="present")
    df["reason"] = np.select(conds, [code for _, code, _ in rules], default="enterprises")
    df["weakness"] = np.select(conds, [t.weakness[s] for s, _, _ in rules], default=t.weakness["present"])
    df["priority"] = df["weight"] * df["weakness"]


def compute_chain_diagnostics(
    segments: pd.DataFrame, taxonomy: Taxonomy, thresholds: Thresholds
) -> pd.DataFrame:
    """Per region × chain summary of :func:`compute_segment_diagnostics` output.

    Columns: region_code, chain_id, identified, segments, missing, weak, present, strong,
    completeness (Σ weight × coverage credit / Σ weight, 0..1; NaN for a chain without
    segments), single_points (segments held by one enterprise), leaders (segments
    with a chain leader), leader_dependence (share of occupied segments that only
    chain leaders hold; NaN when leaders are unknown or none is present).
    """
    s = segments.assign(
        credit=segments["weight"] * segments["status"].map(thresholds.coverage).astype(float),
        occupied=segments["n_enterprises"] > 0,
        leader_only=(segments["n_enterprises"] > 0)
        & (segments["n_leaders"] == segments["n_enterprises"]),
        has_leader=segments["n_leaders"] > 0,
        leader_known=segments["n_leaders"].notna(),
    )
    for status in STATUSES:
        s[status] = s["status"] == status
    g = s.groupby(["region_code", "chain_id"], sort=False)
    out = g.agg(segments=("segment_id", "size"), missing=("missing", "sum"), weak=("weak", "sum"),
                present=("present", "sum"), strong=("strong", "sum"), credit=("credit", "sum"),
                weight=("weight", "sum"), single_points=("single_point", "sum"),
                leaders=("has_leader", "sum"), leader_only=("leader_only", "sum"),
                occupied=("occupied", "sum"), leader_known=("leader_known", "all")).reset_index()
    out["completeness"] = out["credit"] / out["weight"]
    out["leader_dependence"] = (out["leader_only"] / out["occupied"]).where(
        out["leader_known"] & (out["leaders"] > 0) & (out["occupied"] > 0))
    regions = segments["region_code"].unique().tolist() if len(segments) else []
    empty = [{"region_code": r, "chain_id": c.id, "segments": 0} for r in regions for c in taxonomy
             if not c.segments]
    out = pd.concat([out, pd.DataFrame(empty)], ignore_index=True) if empty else out
    out["identified"] = out["chain_id"].map({c.id: c.identified for c in taxonomy})
    order = {c.id: i for i, c in enumerate(taxonomy)}
    out = out.sort_values(["region_code", "chain_id"], key=lambda col: col.map(order) if col.name ==
                          "chain_id" else col, ignore_index=True)
    cols = ["region_code", "chain_id", "identified", "segments", *STATUSES, "completeness",
            "single_points", "leaders", "leader_dependence"]
    return out[cols]


def links_to_fill(
    segments: pd.DataFrame, chain_id: str, region_code: str, limit: int | None = None
) -> pd.DataFrame:
    """Missing and weak segments of one chain, ranked by priority (weight × weakness).

    Ties keep taxonomy order. Action: ``fill`` (补链) for missing, ``strengthen`` (强链) for weak.
    """
    sub = segments[(segments["chain_id"] == chain_id) & (segments["region_code"] == region_code)
                   & (segments["weakness"] > 0)]
    sub = sub.sort_values(["priority", "order"], ascending=[False, True], ignore_index=True)
    sub = sub.assign(action=np.where(sub["status"] == "missing", "fill", "strengthen"))
    return sub.head(limit) if limit else sub


def stage_completeness(segments: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Completeness per region × chain × stage (up/mid/down) for the overview heatmap."""
    credit = segments["weight"] * segments["status"].map(thresholds.coverage).astype(float)
    s = segments.assign(credit=credit)
    g = s.groupby(["region_code", "chain_id", "stage"], sort=False)[["credit", "weight"]].sum()
    out = (g["credit"] / g["weight"]).rename("completeness").reset_index()
    out["stage"] = pd.Categorical(out["stage"], categories=list(STAGES), ordered=True)
    return out
