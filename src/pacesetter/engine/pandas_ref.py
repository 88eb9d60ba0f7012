"""A straightforward pandas implementation of the registry aggregates.

It reads the registry into one DataFrame, merges it onto the segment codes and
groups. It is the baseline the benchmark times against DuckDB and the reference
the tests compare DuckDB with.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import pandas as pd

from pacesetter.chains.diagnostics import AGGREGATE_COLUMNS, SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.engine.base import segment_codes


class PandasEngine:
    """Registry aggregates in plain pandas (see ``RegistryEngine``)."""

    name = "pandas"

    def registry_aggregates(
        self,
        path: Path,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        *,
        regions: Sequence[str] | None = None,
    ) -> SegmentAggregates:
        """Per city × segment sums for ``regions`` (default every city in the file)."""
        reg = pd.read_parquet(path, columns=["region_code", "industry_code", "revenue", "employment"])
        reg = reg[reg["industry_code"].notna()]
        reg = reg.assign(region_code=reg["region_code"].astype(str),
                         industry_code=reg["industry_code"].astype(str))
        region_totals = reg.groupby("region_code").size()
        placed = reg.merge(segment_codes(taxonomy, industry_codes), left_on="industry_code", right_on="code")
        placed["revenue_sq"] = placed["revenue"] ** 2
        cells = placed.groupby(["region_code", "chain_id", "segment_id"]).agg(
            n_enterprises=("industry_code", "size"),
            revenue_sum=("revenue", "sum"), revenue_reported=("revenue", "count"),
            revenue_sq_sum=("revenue_sq", "sum"), revenue_max=("revenue", "max"),
            employment_sum=("employment", "sum"), employment_reported=("employment", "count"),
        ).reset_index()
        cells["n_by_code"] = cells["n_enterprises"]
        cells["n_leaders"] = float("nan")
        cells = cells[["region_code", "chain_id", "segment_id", *AGGREGATE_COLUMNS]]
        reference = cells.groupby("segment_id")["n_by_code"].sum()
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))].reset_index(drop=True)
        return SegmentAggregates(cells=cells, region_totals=region_totals, reference_counts=reference,
                                 reference_total=int(region_totals.sum()), leaders_known=False)
