"""Diagnostics of chain segments and chains, vectorised over any number of regions.

Input is a :class:`SegmentAggregates` (per region × segment sums that an engine
computes from placed enterprises); output is plain pandas frames. Unknown stays
unknown: a revenue, LQ or concentration that cannot be computed is NaN, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError

from pacesetter.chains.graph import downstream, segment_weights
from pacesetter.chains.taxonomy import STAGES, Taxonomy
from pacesetter.model.declarative import config_error, read_yaml

Status = Literal["not_covered", "missing", "weak", "present", "strong"]
# not_covered (未掌握): no source or complete registry speaks to the segment, so nobody knows
# whether it is there; missing (缺失): a complete registry (or a source) says there is none
STATUSES: tuple[Status, ...] = ("not_covered", "missing", "weak", "present", "strong")
_DEFAULT_THRESHOLDS = Path(__file__).with_name("thresholds.yaml")

# Columns of SegmentAggregates.cells besides the key (region_code, chain_id, segment_id).
AGGREGATE_COLUMNS = [
    "n_enterprises", "n_coarse", "n_by_code", "n_leaders", "revenue_sum", "revenue_reported",
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
    # not_covered has no credit and no weakness: it is left out of completeness and links to fill
    coverage: dict[Status, float] = {"missing": 0.0, "weak": 0.5, "present": 1.0, "strong": 1.0}
    weakness: dict[Status, float] = {"missing": 1.0, "weak": 0.6, "present": 0.0, "strong": 0.0}
    critical_multiplier: float = 2.0

    def credit(self, status: str) -> float:
        """Completeness credit of a status; NaN for not_covered (unknown, never 0)."""
        return self.coverage.get(cast(Status, status), np.nan)


def load_thresholds(path: Path | str | None = None) -> Thresholds:
    """Load thresholds from YAML (default: the shipped ``thresholds.yaml``)."""
    p = Path(path) if path is not None else _DEFAULT_THRESHOLDS
    raw = read_yaml(p) or {}
    try:
        return Thresholds.model_validate(raw)
    except ValidationError as exc:
        raise config_error(p, exc) from None


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
    ``reference_total``: enterprises with a code in the reference. ``n_coarse`` (optional)
    counts enterprises placed only by a code coarser than 4 digits: they cover a segment
    but do not make it present. ``complete_segments``: the segments whose industries a
    registry in use is declared complete for (None: all, as for a full registry file);
    only there can "no enterprise" read as missing, and only there is an LQ computed.
    ``occupied_before`` (a what-if's "after"): the segments that had a known firm before the
    removal; one left empty is "no known firm left" (missing, credit 0), never not covered,
    so that it stays in the completeness denominator and a removal cannot raise completeness.
    """

    cells: pd.DataFrame
    region_totals: pd.Series
    reference_counts: pd.Series
    reference_total: int
    leaders_known: bool
    complete_segments: frozenset[str] | None = None
    occupied_before: frozenset[str] = frozenset()


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
    frame = pd.DataFrame(rows, columns=[
        "chain_id", "segment_id", "name_zh", "name_en", "stage", "critical", "order",
        "downstream_count", "criticality", "weight"])
    # categorical text columns: the grid repeats them once per region
    for col in ("chain_id", "segment_id", "name_zh", "name_en"):
        frame[col] = pd.Categorical(frame[col], categories=pd.unique(frame[col]))
    frame["stage"] = pd.Categorical(frame["stage"], categories=list(STAGES))
    return frame


def compute_segment_diagnostics(
    agg: SegmentAggregates, taxonomy: Taxonomy, regions: list[str], thresholds: Thresholds
) -> pd.DataFrame:
    """Status and metrics of every segment of every chain in every region.

    Rows come in the order of ``regions``, then chains and segments as in the taxonomy.

    Columns: region_code, the :func:`segment_table` columns, n_enterprises, n_by_code,
    revenue (known sum, 万元; NaN if none reported), revenue_reported, employment,
    employment_reported, lq (location quotient of registry counts against all regions:
    (n_by_code / region's coded firms) / (reference n / reference coded firms); NaN where
    the region or the reference has no registry data, or where some local enterprises
    are placed from outside the registry), hhi and top1_share
    (of revenue, 0..1; NaN unless every enterprise's revenue is known), leader_present
    (NA when unknown), single_point (exactly one enterprise), status, reason (the
    rule that set the status), weakness, priority (weight × weakness).
    """
    static = segment_table(taxonomy, thresholds)
    n_seg, n_reg = len(static), len(regions)
    grid_seg = np.tile(np.arange(n_seg), n_reg)  # row i is region i // n_seg, segment i % n_seg
    grid_reg = np.repeat(np.arange(n_reg), n_seg)
    out: dict[str, object] = {
        "region_code": pd.Categorical.from_codes(grid_reg, categories=pd.Index(regions))}
    for col in static.columns:
        values = static[col]
        out[col] = (pd.Categorical.from_codes(values.cat.codes.to_numpy()[grid_seg], dtype=values.dtype)
                    if isinstance(values.dtype, pd.CategoricalDtype) else values.to_numpy()[grid_seg])
    a = _grid_aggregates(agg, regions, static["segment_id"])
    n = np.nan_to_num(a["n_enterprises"]).astype("int64")
    by_code = np.nan_to_num(a["n_by_code"]).astype("int64")
    rev_n = np.nan_to_num(a["revenue_reported"]).astype("int64")
    emp_n = np.nan_to_num(a["employment_reported"]).astype("int64")
    coarse = np.nan_to_num(a["n_coarse"]).astype("int64")
    complete = (np.ones(len(n), dtype=bool) if agg.complete_segments is None else
                static["segment_id"].isin(agg.complete_segments).to_numpy()[grid_seg])
    emptied = (n == 0) & static["segment_id"].isin(agg.occupied_before).to_numpy()[grid_seg]
    leaders = np.nan_to_num(a["n_leaders"]) if agg.leaders_known else np.full(len(n), np.nan)
    rev = a["revenue_sum"]
    all_known = (rev_n == n) & (n > 0) & (np.nan_to_num(rev) > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        hhi = np.where(all_known, a["revenue_sq_sum"] / rev**2, np.nan)
        top1 = np.where(all_known, a["revenue_max"] / rev, np.nan)
        local_total = agg.region_totals.reindex(regions).fillna(0).to_numpy(dtype=float)[grid_reg]
        ref = agg.reference_counts.reindex(static["segment_id"]).fillna(0).to_numpy(dtype=float)[grid_seg]
        # LQ compares registry counts; where named firms outside the registry also sit in the
        # segment, the registry undercounts it, so the LQ is left unknown
        # and only a registry declared complete for the segment's industries can give one
        ok = (local_total > 0) & (ref > 0) & (agg.reference_total > 0) & (by_code == n) & complete
        lq = np.where(ok, (by_code / local_total) / (ref / agg.reference_total), np.nan)
    leader_present = pd.array(leaders > 0, dtype="boolean")
    leader_present[np.isnan(leaders)] = pd.NA
    out |= {
        "n_enterprises": n, "n_coarse": coarse, "complete": complete, "n_by_code": by_code,
        "revenue": np.where(rev_n > 0, rev, np.nan), "revenue_reported": rev_n,
        "employment": np.where(emp_n > 0, a["employment_sum"], np.nan), "employment_reported": emp_n,
        "lq": lq, "hhi": hhi, "top1_share": top1, "n_leaders": leaders,
        "leader_present": leader_present, "single_point": n == 1,
    }
    leader_known = np.asarray(leader_present.fillna(False), dtype=bool)
    out |= _classify(n, complete, emptied, lq, top1, leader_known, thresholds)
    out["priority"] = out["weight"] * out["weakness"]  # type: ignore[operator]
    return pd.DataFrame(out)


def _grid_aggregates(
    agg: SegmentAggregates, regions: list[str], segment_ids: pd.Series
) -> dict[str, np.ndarray]:
    """Each aggregate column laid out on the region × segment grid (NaN where no cell)."""
    cells = agg.cells
    r_pos = _positions(cells["region_code"], pd.Index(regions))
    s_pos = _positions(cells["segment_id"], pd.Index(segment_ids))
    keep = (r_pos >= 0) & (s_pos >= 0)
    rows = r_pos[keep] * len(segment_ids) + s_pos[keep]
    out = {}
    for col in AGGREGATE_COLUMNS:
        values = np.full(len(regions) * len(segment_ids), np.nan)
        if col in cells:  # an engine that has no such figure leaves it unknown
            values[rows] = cells[col].to_numpy(dtype=float, na_value=np.nan)[keep]
        out[col] = values
    return out


def _positions(values: pd.Series, index: pd.Index) -> np.ndarray:
    """Position of each value in ``index`` (-1 where absent); categoricals look up categories only."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        return np.where(codes >= 0, index.get_indexer(values.cat.categories)[codes], -1)
    return index.get_indexer(pd.Index(values))


def _classify(
    n: np.ndarray, complete: np.ndarray, emptied: np.ndarray, lq: np.ndarray, top1: np.ndarray,
    leader: np.ndarray, t: Thresholds,
) -> dict[str, object]:
    """Status, reason (the first rule that matched) and weakness of each grid row."""
    r = t.status
    rules: list[tuple[Status, str, np.ndarray]] = [
        ("missing", "no_known_firm_left", emptied),
        ("not_covered", "not_covered", (n == 0) & ~complete),
        ("missing", "no_enterprise", n == 0),
        ("weak", "few_enterprises", n <= r.weak_max_enterprises),
        ("weak", "low_lq", ~np.isnan(lq) & (lq < r.weak_lq_below)),
        ("weak", "concentrated", ~np.isnan(top1) & (top1 >= r.weak_top1_share_at_least)),
        ("strong", "many_enterprises",
         (n >= r.strong_min_enterprises) & (np.isnan(lq) | (lq >= r.strong_lq_at_least))),
        ("strong", "leader_present", leader),
    ]
    # index of the first rule that matched (len(rules): none, the default "present")
    rule = np.select([c for _, _, c in rules], list(range(len(rules))), default=len(rules))
    statuses = [s for s, _, _ in rules] + ["present"]
    return {
        "status": pd.Categorical.from_codes(np.asarray([STATUSES.index(s) for s in statuses])[rule],
                                            categories=pd.Index(STATUSES)),
        "reason": pd.Categorical.from_codes(
            rule, categories=pd.Index([c for _, c, _ in rules] + ["enterprises"])),
        "weakness": np.asarray([t.weakness.get(s, 0.0) for s in statuses])[rule],
    }


def compute_chain_diagnostics(
    segments: pd.DataFrame, taxonomy: Taxonomy, thresholds: Thresholds
) -> pd.DataFrame:
    """Per region × chain summary of :func:`compute_segment_diagnostics` output.

    One row per region (in order of appearance) × chain (taxonomy order). Columns:
    region_code, chain_id, identified, segments, not_covered, missing, weak, present, strong,
    completeness (Σ weight × coverage credit / Σ weight over the segments that are
    covered, 0..1; NaN for a chain without covered segments), single_points (segments
    held by one enterprise), leaders (segments with a chain leader; NA when leaders are
    unknown), leader_dependence (share of occupied segments that only chain leaders
    hold; NaN when leaders are unknown or
    none is present).
    """
    chain_ids = [c.id for c in taxonomy]
    codes, regions = pd.factorize(segments["region_code"])
    key = codes * len(chain_ids) + pd.Index(chain_ids).get_indexer(pd.Index(segments["chain_id"]))
    size = len(regions) * len(chain_ids)

    def total(values: pd.Series | np.ndarray) -> np.ndarray:
        return np.bincount(key, weights=np.asarray(values, dtype=float), minlength=size)

    n, leaders = segments["n_enterprises"], segments["n_leaders"]
    status = pd.Categorical(segments["status"], categories=STATUSES).codes
    credits = np.asarray([thresholds.credit(st) for st in STATUSES])
    credit = segments["weight"].to_numpy() * credits[status]
    known = ~np.isnan(credit)  # not_covered segments count in neither numerator nor denominator
    out = pd.DataFrame({
        "region_code": pd.Categorical.from_codes(np.repeat(np.arange(len(regions)), len(chain_ids)),
                                                 categories=regions),
        "chain_id": pd.Categorical.from_codes(np.tile(np.arange(len(chain_ids)), len(regions)),
                                              categories=pd.Index(chain_ids)),
        "identified": np.tile([c.identified for c in taxonomy], len(regions)),
        "segments": total(np.ones(len(segments))).astype("int64"),
    })
    for i, st in enumerate(STATUSES):
        out[st] = total(status == i).astype("int64")
    weight = total(np.where(known, segments["weight"], 0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["completeness"] = np.where(weight > 0, total(np.nan_to_num(credit)) / weight, np.nan)
        occupied = total(n > 0)
        dependence = total((n > 0) & (leaders == n)) / occupied
    out["single_points"] = total(segments["single_point"]).astype("int64")
    leader_known = total(leaders.notna()) == out["segments"].to_numpy()
    count = total(leaders > 0)
    out["leaders"] = pd.array(np.where(leader_known, count, np.nan), dtype="Int64")  # NA when unknown
    out["leader_dependence"] = np.where(leader_known & (count > 0) & (occupied > 0), dependence, np.nan)
    return out


def compute_links_to_fill(
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


def compute_stage_completeness(segments: pd.DataFrame, thresholds: Thresholds) -> pd.DataFrame:
    """Completeness per region × chain × stage (up/mid/down) for the overview heatmap."""
    credit = segments["weight"] * segments["status"].astype(str).map(thresholds.credit).astype(float)
    s = segments.assign(credit=credit.fillna(0.0), weight=segments["weight"].where(credit.notna(), 0.0))
    g = s.groupby(["region_code", "chain_id", "stage"], sort=False)[["credit", "weight"]].sum()
    out = (g["credit"] / g["weight"].where(g["weight"] > 0)).rename("completeness").reset_index()
    out["stage"] = pd.Categorical(out["stage"], categories=list(STAGES), ordered=True)
    return out


def compute_multi_chain_enterprises(segments_by_enterprise: pd.DataFrame) -> pd.DataFrame:
    """Enterprises placed in two or more chains, most chains first.

    Input columns: enterprise_id, name_zh, chain_id. Output: enterprise_id, name_zh,
    chains (count), chain_ids (sorted, joined by ", ").
    """
    g = segments_by_enterprise.drop_duplicates(["enterprise_id", "chain_id"]).groupby(
        ["enterprise_id", "name_zh"])["chain_id"]
    out = g.agg(chains="size", chain_ids=lambda s: ", ".join(sorted(s))).reset_index()
    return out[out["chains"] >= 2].sort_values(["chains", "enterprise_id"], ascending=[False, True],
                                               ignore_index=True)
