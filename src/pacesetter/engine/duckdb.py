"""The default engine: chain aggregates in DuckDB over Parquet enterprise registries.

Nothing is loaded into Python objects row by row: the join of enterprises onto
segments and the per region × segment sums run inside DuckDB, and only the
aggregates (one row per region × segment) come back as a pandas frame.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import duckdb

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.placements import register_segments
from pacesetter.chains.taxonomy import Taxonomy


class DuckDBEngine:
    """Chain aggregates with DuckDB; ``con`` defaults to a fresh in-memory database."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        # a cursor of its own: temp tables stay private and the caller's pending results untouched
        self.con = (con if con is not None else duckdb.connect()).cursor()

    def registry_aggregates(
        self,
        path: Path,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        *,
        regions: Sequence[str] | None = None,
    ) -> SegmentAggregates:
        """Per city × segment sums over a Parquet registry (see RegistryEngine)."""
        register_segments(self.con, taxonomy, industry_codes)
        # group on a small integer segment key, then attach the names (cheaper than strings)
        cells = self.con.execute("""
            WITH g AS (
                SELECT r.region_code, c.seg_idx, count(*) AS n_enterprises,
                       sum(revenue) AS revenue_sum, count(revenue) AS revenue_reported,
                       sum(revenue * revenue) AS revenue_sq_sum, max(revenue) AS revenue_max,
                       sum(employment) AS employment_sum, count(employment) AS employment_reported
                FROM read_parquet($path) r JOIN _chain_codes c ON r.industry_code = c.code
                GROUP BY ALL)
            SELECT g.region_code, s.chain_id, s.segment_id, g.* EXCLUDE (region_code, seg_idx)
            FROM g JOIN _chain_segments s USING (seg_idx)""", {"path": str(path)}).df()
        cells = cells.assign(n_by_code=cells["n_enterprises"], n_leaders=float("nan"))
        totals = self.con.execute(
            "SELECT region_code, count(*) AS n FROM read_parquet($path) WHERE industry_code IS NOT NULL "
            "GROUP BY 1", {"path": str(path)}).df()
        region_totals = totals.set_index("region_code")["n"]
        reference = cells.groupby("segment_id")["n_by_code"].sum()
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))]
        return SegmentAggregates(cells=cells.reset_index(drop=True), region_totals=region_totals,
                                 reference_counts=reference, reference_total=int(region_totals.sum()),
                                 leaders_known=False)
