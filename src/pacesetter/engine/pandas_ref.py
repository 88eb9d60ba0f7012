"""A straightforward pandas implementation of the registry aggregates.

It reads the registry into one DataFrame, merges it onto the segment codes and
groups. It is the baseline the benchmark times against DuckDB and the reference
the tests compare DuckDB with.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pacesetter.chains.diagnostics import AGGREGATE_COLUMNS, SegmentAggregates
from pacesetter.chains.placements import segment_codes
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.engine.registry_file import check_registry


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
        check_registry(path)
        reg = pd.read_parquet(path, columns=["region_code", "industry_code", "revenue", "employment"])
        reg = reg[reg["industry_code"].notna() & reg["region_code"].notna()]
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
        cells["n_coarse"] = 0  # a registry file places by full GB/T codes only
        cells["n_leaders"] = float("nan")
        cells = cells[["region_code", "chain_id", "segment_id", *AGGREGATE_COLUMNS]]
        reference = cells.groupby("segment_id")["n_by_code"].sum()
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))].reset_index(drop=True)
        return SegmentAggregates(cells=cells, region_totals=region_totals, reference_counts=reference,
                                 reference_total=int(region_totals.sum()), leaders_known=False)


def check_same(a: pd.DataFrame, b: pd.DataFrame, *, rtol: float = 1e-9) -> list[str]:
    """Columns in which two result frames differ (empty list: the same).

    Numbers may differ by ``rtol`` relative (engines add floats in different orders)
    and must be NaN in the same places; every other column must be equal.
    """
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return ["<shape or columns>"]
    differ = []
    for col in a.columns:
        x, y = a[col], b[col]
        if pd.api.types.is_numeric_dtype(x) and pd.api.types.is_numeric_dtype(y):
            xv, yv = x.to_numpy(dtype=float, na_value=np.nan), y.to_numpy(dtype=float, na_value=np.nan)
            same = np.isclose(xv, yv, rtol=rtol, atol=0.0, equal_nan=True)
        else:
            same = (x.astype(str).to_numpy() == y.astype(str).to_numpy())
        if not same.all():
            differ.append(col)
    return differ
