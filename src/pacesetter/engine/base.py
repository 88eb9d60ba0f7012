"""The engine protocol: what every registry engine (DuckDB, pandas, Spark) offers.

The engine knows no chain and no indicator. It aggregates an enterprise registry onto any
mapping of industry codes to groups, and builds region × industry matrices at a GB/T
4754-2017 level; chains, structure analytics and the demo store build on these two calls.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
import pandas as pd

# A Parquet file (local path, or a URI: file://, hdfs://, s3:// — passed to Spark unchanged),
# a table of the store ("store:enterprises", with the engine's DuckDB connection) or an
# in-memory frame of registry rows.
RegistrySource = str | Path | pd.DataFrame
RegionLevel = Literal["city", "province"]
Level = Literal["section", "division", "group", "class", "as_is"]
Measure = Literal["count", "revenue", "employment"]

# Columns of Engine.group_aggregates, in this order. revenue_sq (Σ revenue²) and revenue_max
# serve concentration measures (HHI, top-1 share); like revenue they are NaN when unknown.
GROUP_COLUMNS = ["region_code", "group", "n_enterprises", "revenue", "employment",
                 "n_revenue_known", "n_employment_known", "revenue_sq", "revenue_max"]
COUNT_COLUMNS = ["n_enterprises", "n_revenue_known", "n_employment_known"]


class Engine(Protocol):
    """Aggregates an enterprise registry; every engine returns the same frames.

    Registry rows: enterprise_id, region_code (GB/T 2260, 6 digits; the province is the
    first 2 digits + "0000"), industry_code (GB/T 4754-2017 digits, e.g. "3973"; a leading
    section letter as in "C3973" is ignored; any other label is kept as given), revenue
    (万元, null = unknown), employment (persons, null = unknown). Enterprises without a
    region or an industry code are left out: they cannot be placed.
    """

    name: str

    def group_aggregates(
        self,
        source: RegistrySource,
        groups: pd.DataFrame,
        *,
        regions: Sequence[str] | None = None,
        region_level: RegionLevel = "city",
        default_region: str | None = None,
    ) -> pd.DataFrame:
        """Long rows per region × group with at least one enterprise (``GROUP_COLUMNS``;
        region_code and group as pandas categoricals).

        ``groups`` has columns code_prefix, group: an enterprise belongs (once) to every group
        one of whose prefixes its GB/T 4754-2017 code starts with ("" takes every GB/T code); a
        code outside GB/T 4754 (a registry label) belongs to a group only by a prefix equal to it.
        Or ``groups`` is an explicit membership, columns enterprise_id, group (as a store's
        researched placements give it): each listed enterprise of the registry belongs (once) to
        its groups whatever its code, even without one. Enterprises without a region count in
        ``default_region`` when given (a city's curated firms), else they are left out.
        revenue and employment are the sums of the known figures: NaN when no enterprise of the
        cell reports one, never 0. Rows are sorted by region_code, then groups in first-seen order.
        """
        ...

    def region_industry_matrix(
        self,
        source: RegistrySource,
        *,
        level: Level = "division",
        measure: Measure = "count",
        regions: Sequence[str] | None = None,
        region_level: RegionLevel = "city",
    ) -> pd.DataFrame:
        """Wide: index region_code (sorted), columns the industries at ``level`` (sorted), floats.

        An enterprise whose code is coarser than ``level`` is left out of that level. 0 where
        the region has no enterprise of the industry; NaN where it has some but none reports
        ``measure``; a requested region without any enterprise in the registry is a row of NaN
        (the registry does not speak about it).
        """
        ...

    def region_counts(
        self, source: RegistrySource, *, regions: Sequence[str] | None = None,
        region_level: RegionLevel = "city",
    ) -> pd.Series:
        """Enterprises with an industry code (any, GB/T or not) per region, sorted by region_code.

        The denominator of shares and location quotients; regions without any are absent.
        """
        ...


def finish_groups(frame: Mapping[str, Any] | pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """An engine's raw rows as the protocol's frame: columns, types, unknown as NaN.

    region_code and group come as pandas categoricals (regions sorted, groups in ``names``
    order): they compare and filter like text, and a national registry repeats them a lot.

    ``frame`` (a DataFrame or dict of arrays) has GROUP_COLUMNS with ``group_idx`` (position
    in ``names``) instead of group, in any order (sorting the few result rows here is cheaper
    than in the engine). A sum whose count of known figures is 0 becomes NaN, whatever the
    engine said (SQL gives NULL, pandas 0).
    """
    idx = np.asarray(frame["group_idx"], dtype="int64")
    codes, regions = pd.factorize(np.asarray(frame["region_code"], dtype=object), sort=True)
    order = np.lexsort((idx, codes))
    out: dict[str, object] = {
        "region_code": pd.Categorical.from_codes(codes[order], categories=pd.Index(regions, dtype=object)),
        "group": pd.Categorical.from_codes(idx[order], categories=pd.Index(list(names), dtype=object))}
    for col in COUNT_COLUMNS:
        out[col] = np.asarray(frame[col], dtype="int64")[order]
    for col, known in (("revenue", "n_revenue_known"), ("employment", "n_employment_known"),
                       ("revenue_sq", "n_revenue_known"), ("revenue_max", "n_revenue_known")):
        values = pd.Series(frame[col]).to_numpy(dtype="float64", na_value=np.nan)[order]
        out[col] = np.where(np.asarray(out[known]) > 0, values, np.nan)
    return pd.DataFrame({col: out[col] for col in GROUP_COLUMNS}, copy=False)


def finish_counts(regions: Any, counts: Any) -> pd.Series:
    """Enterprises per region as the protocol's Series: index region_code (text, sorted), int64 values."""
    index = pd.Index(np.asarray(regions, dtype=object).astype(str), dtype=object, name="region_code")
    return pd.Series(np.asarray(counts, dtype="int64"), index=index, name="n_enterprises").sort_index()


def finish_matrix(cells: pd.DataFrame, measure: Measure, regions: Sequence[str] | None) -> pd.DataFrame:
    """Long cells (region_code, industry, n, total, known) as the protocol's wide matrix.

    ``n`` enterprises of the cell, ``total`` the sum of ``measure`` over the ``known`` ones.
    """
    cells = cells.assign(region_code=cells["region_code"].astype(str), industry=cells["industry"].astype(str))
    if measure == "count":
        values = cells["n"].astype("float64")
    else:
        values = pd.to_numeric(cells["total"], errors="coerce").astype("float64").where(cells["known"] > 0)
    wide = cells.assign(value=values).pivot(index="region_code", columns="industry", values="value")
    wide = wide.sort_index().sort_index(axis=1)
    # no enterprise of the industry in a covered region: nothing there, a true 0
    present = cells.assign(one=1).pivot(index="region_code", columns="industry", values="one")
    present = present.reindex_like(wide)
    wide = wide.where(present.notna(), 0.0)
    if regions is not None:
        wide = wide.reindex(pd.Index(sorted(set(regions)), name="region_code"))  # uncovered: NaN rows
    wide.index.name, wide.columns.name = "region_code", "industry_code"
    return wide.astype("float64")
