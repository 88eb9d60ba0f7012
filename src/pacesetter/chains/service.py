"""Chain diagnostics of one region from the store or a registry file, ready to render.

This module orchestrates: it reads through the engine, calls the pure functions
of ``diagnostics`` and ``resilience``, and returns plain data for the CLI, API and web.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pacesetter.chains.diagnostics import (
    SegmentAggregates,
    Thresholds,
    compute_chain_diagnostics,
    compute_segment_diagnostics,
)
from pacesetter.chains.resilience import WhatIf, compute_what_if
from pacesetter.chains.taxonomy import Taxonomy, load_crosswalk, load_industry_codes
from pacesetter.engine.duckdb import DuckDBEngine


@dataclass(frozen=True)
class Diagnosis:
    """Segment and chain diagnostics of one region, with an optional what-if."""

    region_code: str
    segments: pd.DataFrame
    chains: pd.DataFrame
    what_if: dict[str, WhatIf]


def _diagnose(agg: SegmentAggregates, taxonomy: Taxonomy, region: str, t: Thresholds) -> tuple[
        pd.DataFrame, pd.DataFrame]:
    seg = compute_segment_diagnostics(agg, taxonomy, [region], t)
    return seg, compute_chain_diagnostics(seg, taxonomy, t)


def diagnose_store(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    region: str,
    thresholds: Thresholds,
    *,
    remove_enterprises: Sequence[str] = (),
    remove_segments: Sequence[str] = (),
    home_region: str | None = None,
) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from the store.

    With removals, ``what_if`` holds the comparison for every chain the removal touches.
    ``home_region`` is where enterprises without a region code sit (default: nowhere).
    """
    codes = load_industry_codes()
    engine = DuckDBEngine(con)
    crosswalk = load_crosswalk(known_codes=codes)
    agg = engine.store_aggregates(taxonomy, codes, crosswalk, region, home_region=home_region)
    seg, chains = _diagnose(agg, taxonomy, region, thresholds)
    what_if: dict[str, WhatIf] = {}
    if remove_enterprises or remove_segments:
        after_agg = engine.store_aggregates(
            taxonomy, codes, crosswalk, region, exclude_enterprises=remove_enterprises,
            exclude_segments=remove_segments, home_region=home_region)
        seg_after, chains_after = _diagnose(after_agg, taxonomy, region, thresholds)
        what_if = _compare(seg, seg_after, chains, chains_after, taxonomy, region)
    return Diagnosis(region_code=region, segments=seg, chains=chains, what_if=what_if)


def diagnose_registry(
    path: Path, taxonomy: Taxonomy, region: str, thresholds: Thresholds
) -> Diagnosis:
    """Diagnose every chain in ``region`` from a Parquet registry (e.g. the synthetic one)."""
    agg = DuckDBEngine().registry_aggregates(path, taxonomy, load_industry_codes(), regions=[region])
    seg, chains = _diagnose(agg, taxonomy, region, thresholds)
    return Diagnosis(region_code=region, segments=seg, chains=chains, what_if={})


def _compare(
    seg: pd.DataFrame, seg_after: pd.DataFrame, chains: pd.DataFrame, chains_after: pd.DataFrame,
    taxonomy: Taxonomy, region: str,
) -> dict[str, WhatIf]:
    changed = seg.merge(seg_after, on=["chain_id", "segment_id"], suffixes=("", "_after"))
    touched = changed.loc[changed["n_enterprises"] != changed["n_enterprises_after"], "chain_id"].unique()
    before_c = chains.set_index("chain_id")["completeness"]
    after_c = chains_after.set_index("chain_id")["completeness"]
    return {
        cid: compute_what_if(seg, seg_after, taxonomy.chain(cid), region,
                             (float(before_c[cid]), float(after_c[cid])))
        for cid in touched
    }


def placements_store(
    con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, region: str, *, home_region: str | None = None
) -> pd.DataFrame:
    """Every enterprise placed in ``region`` with its evidence (see ``DuckDBEngine.store_placements``)."""
    codes = load_industry_codes()
    return DuckDBEngine(con).store_placements(taxonomy, codes, load_crosswalk(known_codes=codes), region,
                                              home_region=home_region)


def multi_chain_enterprises(segments_by_enterprise: pd.DataFrame) -> pd.DataFrame:
    """Enterprises placed in two or more chains, most chains first.

    Input columns: enterprise_id, name_zh, chain_id. Output: enterprise_id, name_zh,
    chains (count), chain_ids (sorted, joined by ", ").
    """
    g = segments_by_enterprise.drop_duplicates(["enterprise_id", "chain_id"]).groupby(
        ["enterprise_id", "name_zh"])["chain_id"]
    out = g.agg(chains="size", chain_ids=lambda s: ", ".join(sorted(s))).reset_index()
    return out[out["chains"] >= 2].sort_values(["chains", "enterprise_id"], ascending=[False, True],
                                               ignore_index=True)
