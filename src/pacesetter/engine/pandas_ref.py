"""The reference engine: a straightforward pandas implementation of the protocol.

It reads the whole registry into one frame, merges every enterprise onto the code mapping
of ``engine.codes`` and groups. Slow and memory-hungry at national scale; it is the baseline the
benchmark times and a second opinion the conformance suite holds DuckDB and Spark to.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import numpy as np
import pandas as pd

from pacesetter.engine import codes as gbt
from pacesetter.engine.base import (
    Level,
    Measure,
    RegionLevel,
    RegistrySource,
    finish_counts,
    finish_groups,
    finish_matrix,
)
from pacesetter.engine.sources import load_frame, resolve


class PandasEngine:
    """Registry aggregates in plain pandas; ``con`` is the store, for "store:" sources."""

    name = "pandas"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        self.con = con

    def group_aggregates(
        self, source: RegistrySource, groups: pd.DataFrame, *,
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
        default_region: str | None = None,
    ) -> pd.DataFrame:
        """Per region × group sums (see ``Engine.group_aggregates``)."""
        if gbt.is_membership(groups):
            reg = self._registry(source, regions, region_level, default_region, coded=False)
            placed = reg.merge(gbt.member_mapping(groups), on="enterprise_id")
        else:
            reg = self._registry(source, regions, region_level, default_region)
            placed = reg.merge(gbt.group_mapping(groups), on="code")
        got = placed.groupby(["region_code", "group_idx"]).agg(
            n_enterprises=("group_idx", "size"), revenue=("revenue", "sum"),
            employment=("employment", "sum"), n_revenue_known=("revenue", "count"),
            n_employment_known=("employment", "count"), revenue_sq=("revenue_sq", "sum"),
            revenue_max=("revenue", "max")).reset_index()
        return finish_groups(got, gbt.group_names(groups))

    def region_industry_matrix(
        self, source: RegistrySource, *, level: Level = "division", measure: Measure = "count",
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
    ) -> pd.DataFrame:
        """Regions × industries at ``level`` (see ``Engine.region_industry_matrix``)."""
        reg = self._registry(source, regions, region_level, None)
        placed = (reg.assign(industry=reg["code"]) if level == "as_is"
                  else reg.merge(gbt.level_mapping(level), on="code"))
        value = "code" if measure == "count" else measure
        got = placed.groupby(["region_code", "industry"]).agg(
            n=("code", "size"), total=(value, "count" if measure == "count" else "sum"),
            known=(value, "count")).reset_index()
        return finish_matrix(got, measure, regions)

    def region_counts(self, source: RegistrySource, *, regions: Sequence[str] | None = None,
                      region_level: RegionLevel = "city") -> pd.Series:
        """Enterprises with an industry code per region (see ``Engine.region_counts``)."""
        reg = self._registry(source, regions, region_level, None)
        got = reg.groupby("region_code").size()
        return finish_counts(got.index, got.to_numpy())

    def _registry(self, source: RegistrySource, regions: Sequence[str] | None, region_level: RegionLevel,
                  default_region: str | None, *, coded: bool = True) -> pd.DataFrame:
        """Enterprises with a region (``default_region`` where none) and, if ``coded``, a code:
        enterprise_id (text, None where the source has none), region_code (at ``region_level``),
        code, revenue, revenue_sq, employment (floats, NaN unknown)."""
        raw = load_frame(resolve(source), self.con)
        if default_region is not None:
            raw = raw.assign(region_code=raw["region_code"].astype(object).where(raw["region_code"].notna(),
                                                                                 default_region))
        raw = raw[raw["region_code"].notna() & (raw["industry_code"].notna() if coded else True)]
        region = raw["region_code"].astype(str)
        if region_level == "province":
            region = region.str[:2] + "0000"
        revenue = pd.to_numeric(raw["revenue"]).astype("float64")
        ids = raw["enterprise_id"].astype(str) if "enterprise_id" in raw.columns else None
        reg = pd.DataFrame({"enterprise_id": ids.to_numpy() if ids is not None else None,
                            "region_code": region.to_numpy(),
                            "code": raw["industry_code"].astype(str).to_numpy(),
                            "revenue": revenue.to_numpy(), "revenue_sq": (revenue**2).to_numpy(),
                            "employment": pd.to_numeric(raw["employment"]).astype("float64").to_numpy()})
        if regions is not None:
            reg = reg[reg["region_code"].isin(list(regions))]
        return reg


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
