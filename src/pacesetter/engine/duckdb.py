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
        # One scan of the registry: sums per (city, industry code) first (a few hundred
        # thousand rows), then onto segments; an enterprise's code may serve several segments.
        self.con.execute("""
            CREATE OR REPLACE TEMP TABLE _registry_by_code AS
            SELECT region_code, industry_code, count(*) AS n,
                   sum(revenue) AS rev, count(revenue) AS rev_n, sum(revenue * revenue) AS rev_sq,
                   max(revenue) AS rev_max, sum(employment) AS emp, count(employment) AS emp_n
            FROM read_parquet($path) GROUP BY ALL""", {"path": str(path)})
        cells = self.con.execute("""
            WITH g AS (
                SELECT b.region_code, c.seg_idx, sum(n)::BIGINT AS n_enterprises,
                       sum(rev) AS revenue_sum, sum(rev_n)::BIGINT AS revenue_reported,
                       sum(rev_sq) AS revenue_sq_sum, max(rev_max) AS revenue_max,
                       sum(emp) AS employment_sum, sum(emp_n)::BIGINT AS employment_reported
                FROM _registry_by_code b JOIN _chain_codes c ON b.industry_code = c.code
                GROUP BY ALL)
            SELECT g.region_code, s.chain_id, s.segment_id, g.* EXCLUDE (region_code, seg_idx)
            FROM g JOIN _chain_segments s USING (seg_idx)""").df()
        cells = cells.assign(n_by_code=cells["n_enterprises"], n_leaders=float("nan"))
        totals = self.con.execute(
            "SELECT region_code, sum(n)::BIGINT AS n FROM _registry_by_code WHERE industry_code IS NOT NULL "
            "GROUP BY 1").df()
        region_totals = totals.set_index("region_code")["n"]
        reference = cells.groupby("segment_id")["n_by_code"].sum()
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))]
        return SegmentAggregates(cells=cells.reset_index(drop=True), region_totals=region_totals,
                                 reference_counts=reference, reference_total=int(region_totals.sum()),
                                 leaders_known=False)
