"""Chain diagnostics of one region from the store, ready to render.

This module orchestrates: it reads placements from the store, calls the pure
functions of ``diagnostics`` and ``resilience``, and returns plain data for the
CLI, API and web. (Registry files go through ``pacesetter.engine.diagnose``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from pacesetter.chains.diagnostics import (
    SegmentAggregates,
    Thresholds,
    compute_chain_diagnostics,
    compute_segment_diagnostics,
)
from pacesetter.chains.placements import resolve_enterprises, store_aggregates, store_placements
from pacesetter.chains.resilience import WhatIf, compute_what_if
from pacesetter.chains.taxonomy import Taxonomy, load_crosswalk, load_industry_codes


@dataclass(frozen=True)
class Diagnosis:
    """Segment and chain diagnostics of one region, with an optional what-if."""

    region_code: str
    segments: pd.DataFrame
    chains: pd.DataFrame
    what_if: dict[str, WhatIf]


def diagnose_aggregates(agg: SegmentAggregates, taxonomy: Taxonomy, region: str, t: Thresholds) -> Diagnosis:
    """Segment and chain diagnostics of one region from its aggregates (no what-if)."""
    seg = compute_segment_diagnostics(agg, taxonomy, [region], t)
    return Diagnosis(region_code=region, segments=seg, chains=compute_chain_diagnostics(seg, taxonomy, t),
                     what_if={})


def diagnose_store(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    region: str,
    thresholds: Thresholds,
    *,
    remove_enterprises: Sequence[str] = (),
    remove_segments: Sequence[str] = (),
    home_region: str | None = None,
    reference_region: str | None = None,
) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from the store.

    With removals (enterprise ids or exact names), ``what_if`` holds the comparison for
    every chain the removal touches.
    ``home_region`` is where enterprises without a region code sit (default: nowhere);
    ``reference_region`` is the LQ reference (default: every region in the store).
    """
    codes = load_industry_codes()
    crosswalk = load_crosswalk(known_codes=codes)
    agg = store_aggregates(con, taxonomy, codes, crosswalk, region,
                           home_region=home_region, reference_region=reference_region)
    before = diagnose_aggregates(agg, taxonomy, region, thresholds)
    if not (remove_enterprises or remove_segments):
        return before
    removed = resolve_enterprises(con, remove_enterprises)
    after_agg = store_aggregates(con, taxonomy, codes, crosswalk, region,
                                 home_region=home_region, reference_region=reference_region,
                                 exclude_enterprises=removed, exclude_segments=remove_segments)
    after = diagnose_aggregates(after_agg, taxonomy, region, thresholds)
    what_if = _compare(before.segments, after.segments, before.chains, after.chains, taxonomy, region)
    return Diagnosis(region_code=region, segments=before.segments, chains=before.chains, what_if=what_if)


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
    """Every enterprise placed in ``region`` with its evidence (see ``placements.store_placements``)."""
    codes = load_industry_codes()
    return store_placements(con, taxonomy, codes, load_crosswalk(known_codes=codes), region,
                            home_region=home_region)
