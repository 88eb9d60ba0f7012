"""Peer standing: rank within a peer set, ties and missing data explicit, gaps in own units.

The year rule (one for peer standing, the composite and ``pacesetter peers``): for
each indicator the reference year is, among the years at or before the assessment year in
which the focus region has a figure, the one with the broadest coverage (most regions
with a figure), the latest of those on a tie; it counts only if at least ``min_regions``
regions have a figure then. Peers without a figure that year are listed as missing, never
ranked, and figures of other years are never compared with it. Ranks are competition ranks
(1 = best, ties share the better rank: 1, 2, 2, 4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from pacesetter.io.frames import records_of
from pacesetter.model.units import normalise_unit

# Dimensions whose ratio is meaningful, so a gap can also be read as extra growth.
_LEVEL_DIMENSIONS = {"money_cny", "money_usd", "count", "count_enterprise", "count_chain",
                     "persons", "mass", "area_mu"}

STANDING_COLUMNS = [
    "indicator_id", "year", "unit", "value", "rank", "tied", "n_ranked", "missing_regions",
    "leading", "next_region", "next_value", "gap_to_next", "leader_region", "leader_value",
    "gap_to_leader", "gap_unit", "growth_edge_pct", "reason",
]


def gap_unit(unit: str) -> str:
    """The unit of a difference: shares and rates (%) differ in percentage points."""
    return "个百分点" if normalise_unit(unit).symbol == "%" else normalise_unit(unit).symbol


def rank_regions(values: pd.Series, polarity: str) -> pd.Series:
    """Competition ranks (1 = best; ties share the better rank) of a region-indexed series."""
    return values.rank(ascending=polarity == "lower", method="min").astype(int)


def reference_year(
    values: pd.DataFrame, year: int, min_regions: int, require: str | None = None
) -> int | None:
    """The year ≤ ``year`` with the most regions (latest on a tie) among those with ``require``
    (if given); None unless at least ``min_regions`` regions have a figure that year.

    ``values`` has the columns region_code, year, value for one indicator.
    """
    past = values[(values["year"] <= year) & values["value"].notna()]
    counts = past.groupby("year")["region_code"].nunique()
    if require is not None:
        counts = counts[counts.index.isin(past.loc[past["region_code"] == require, "year"])]
    counts = counts[counts >= min_regions]
    if counts.empty:
        return None
    return int(max(counts.index, key=lambda y: (counts[y], y)))


def compute_peer_ranks(
    values: pd.DataFrame, specs: pd.DataFrame, regions: Sequence[str], year: int,
    *, min_regions: int = 2, require: str | None = None,
) -> pd.DataFrame:
    """Every peer's rank on every indicator in its reference year.

    ``values``: indicator_id, region_code, year, value. ``specs``: indicator_id,
    unit, polarity. Returns indicator_id, year, region_code, value, rank (NaN when
    the region has no figure), tied (bool). Indicators without a reference year
    are left out.
    """
    out = []
    for spec in specs.to_dict("records"):
        sub = values[(values["indicator_id"] == spec["indicator_id"])
                     & values["region_code"].isin(regions)]
        ref = reference_year(sub, year, min_regions, require)
        if ref is None:
            continue
        at = sub[sub["year"] == ref].set_index("region_code")["value"]
        ranks = rank_regions(at, spec["polarity"])
        frame = pd.DataFrame({"region_code": list(regions)})
        frame["value"] = frame["region_code"].map(at)
        frame["rank"] = frame["region_code"].map(ranks)
        frame["tied"] = frame["rank"].map(ranks.value_counts()).fillna(0) > 1
        frame.insert(0, "year", ref)
        frame.insert(0, "indicator_id", spec["indicator_id"])
        out.append(frame)
    cols = ["indicator_id", "year", "region_code", "value", "rank", "tied"]
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


def compute_peer_standing(
    values: pd.DataFrame, specs: pd.DataFrame, focus: str, regions: Sequence[str], year: int,
    *, leading_rank: int = 3,
) -> pd.DataFrame:
    """The focus region's standing on each indicator, with the gaps to move up.

    Returns one row per indicator with :data:`STANDING_COLUMNS`. ``gap_to_next``
    and ``gap_to_leader`` are the signed changes of the focus value (in
    ``gap_unit``) that would draw level with the next region up and with the
    leader; overtaking takes a little more. ``growth_edge_pct`` (level
    indicators) is how much faster than that region the focus must grow, in %:
    (next value / own value − 1) × 100. ``leading`` is rank ≤ ``leading_rank``, or
    None when no more than ``leading_rank`` regions have a figure (too few to judge).
    """
    ranks = compute_peer_ranks(values, specs, regions, year, require=focus)
    rows = []
    for spec in records_of(specs):
        sub = ranks[ranks["indicator_id"] == spec["indicator_id"]]
        row: dict[str, object] = dict.fromkeys(STANDING_COLUMNS)
        row.update(indicator_id=spec["indicator_id"], unit=spec["unit"],
                   gap_unit=gap_unit(spec["unit"]), reason="")
        if sub.empty:
            row["reason"] = "no_common_year"  # outputs.reason.no_common_year
            rows.append(row)
            continue
        ranked = sub[sub["rank"].notna()].sort_values("rank")
        me = ranked[ranked["region_code"] == focus].iloc[0]
        better = ranked[ranked["rank"] < me["rank"]]
        leader = ranked.iloc[0]
        row.update(
            year=int(me["year"]), value=float(me["value"]), rank=int(me["rank"]),
            tied=bool(me["tied"]), n_ranked=len(ranked),
            missing_regions=",".join(sub.loc[sub["rank"].isna(), "region_code"]),
            # with no more ranked cities than the threshold, "in the top N" says nothing
            leading=int(me["rank"]) <= leading_rank if len(ranked) > leading_rank else None,
        )
        if not better.empty:
            nxt = better.iloc[-1]
            row.update(
                next_region=nxt["region_code"], next_value=float(nxt["value"]),
                gap_to_next=float(nxt["value"] - me["value"]),
                leader_region=leader["region_code"], leader_value=float(leader["value"]),
                gap_to_leader=float(leader["value"] - me["value"]),
                growth_edge_pct=_growth_edge(spec, float(me["value"]), float(nxt["value"])),
            )
        rows.append(row)
    out = pd.DataFrame(rows, columns=STANDING_COLUMNS)
    return out.astype({"year": "Int64", "rank": "Int64", "n_ranked": "Int64"})


def _growth_edge(spec: dict[str, object], own: float, other: float) -> float:
    level = normalise_unit(str(spec["unit"])).dimension in _LEVEL_DIMENSIONS
    if not level or spec["polarity"] != "higher" or own <= 0 or other <= 0:
        return math.nan
    return float((other / own - 1) * 100)


def ranks_with_ties(scores: np.ndarray) -> np.ndarray:
    """Competition ranks along the last axis (1 = highest score; ties share the better rank).

    Works on a (draws × regions) array at once; NaN scores rank last.
    """
    s = np.where(np.isnan(scores), -np.inf, scores)
    order = np.argsort(-s, axis=-1)  # tied values get the same rank whatever their order
    sorted_s = np.take_along_axis(s, order, axis=-1)
    n = s.shape[-1]
    idx = np.broadcast_to(np.arange(n), s.shape)
    new = np.ones(s.shape, dtype=bool)
    new[..., 1:] = sorted_s[..., 1:] != sorted_s[..., :-1]
    start = np.maximum.accumulate(np.where(new, idx, 0), axis=-1)
    ranks = np.empty(s.shape, dtype=np.int32)
    np.put_along_axis(ranks, order, (start + 1).astype(np.int32), axis=-1)
    return ranks
