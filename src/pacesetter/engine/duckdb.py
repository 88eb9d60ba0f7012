"""The default engine: chain aggregates in DuckDB over Parquet enterprise registries.

Nothing is loaded into Python objects row by row: the join of enterprises onto
segments and the per region × segment sums run inside DuckDB, and only the
aggregates (one row per region × segment, as integer positions and numbers)
come back, as NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.placements import segment_codes
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.engine.registry_file import check_registry

# Per city × segment; the city as its position in $regions, the segment as its position in
# the taxonomy (grouping and returning small integers is cheaper than strings).
_CELLS = """
    WITH codes AS (SELECT unnest($codes) AS code, unnest($seg_idx)::SMALLINT AS seg_idx),
    regions AS (SELECT unnest($regions) AS region_code, unnest(range(len($regions)))::SMALLINT AS r_idx),
    g AS (
        SELECT r.region_code, c.seg_idx, count(*) AS n_enterprises,
               sum(revenue) AS revenue_sum, count(revenue) AS revenue_reported,
               sum(revenue * revenue) AS revenue_sq_sum, max(revenue) AS revenue_max,
               sum(employment::DOUBLE) AS employment_sum, count(employment) AS employment_reported
        FROM read_parquet($path) r JOIN codes c ON r.industry_code = c.code
        GROUP BY ALL)
    SELECT regions.r_idx, g.* EXCLUDE (region_code) FROM g JOIN regions USING (region_code)"""


class DuckDBEngine:
    """Chain aggregates with DuckDB; ``con`` defaults to a fresh in-memory database."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        # a cursor of its own: the caller's pending results stay untouched
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
        check_registry(path)
        totals = self.con.execute(
            "SELECT region_code::VARCHAR AS region_code, count(*) AS n FROM read_parquet($path) "
            "WHERE industry_code IS NOT NULL AND region_code IS NOT NULL GROUP BY 1 ORDER BY 1",
            {"path": str(path)}).fetchnumpy()
        region_totals = pd.Series(totals["n"], index=pd.Index(totals["region_code"], name="region_code"),
                                  name="n")
        seg_ids = [s.id for chain in taxonomy for s in chain.segments]
        seg_chain = [chain.id for chain in taxonomy for _ in chain.segments]
        position = {s: i for i, s in enumerate(seg_ids)}
        codes = segment_codes(taxonomy, industry_codes)
        got = self.con.execute(_CELLS, {
            "path": str(path), "codes": codes["code"].tolist(),
            "seg_idx": [position[s] for s in codes["segment_id"]],
            "regions": region_totals.index.tolist()}).fetchnumpy()
        seg_idx = np.asarray(got.pop("seg_idx"), dtype=np.int64)
        chain_ids = list(dict.fromkeys(seg_chain))
        cells = pd.DataFrame({
            "region_code": pd.Categorical.from_codes(np.asarray(got.pop("r_idx"), dtype=np.int64),
                                                     categories=region_totals.index),
            "chain_id": pd.Categorical.from_codes(
                np.asarray([chain_ids.index(c) for c in seg_chain])[seg_idx], categories=pd.Index(chain_ids)),
            "segment_id": pd.Categorical.from_codes(seg_idx, categories=pd.Index(seg_ids)),
            **{k: _unmasked(v) for k, v in got.items()},
        })
        cells = cells.assign(n_by_code=cells["n_enterprises"], n_leaders=float("nan"))
        reference = pd.Series(np.bincount(seg_idx, weights=cells["n_by_code"], minlength=len(seg_ids)),
                              index=seg_ids)
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))]
        return SegmentAggregates(cells=cells.reset_index(drop=True), region_totals=region_totals,
                                 reference_counts=reference, reference_total=int(region_totals.sum()),
                                 leaders_known=False)


def _unmasked(values: np.ndarray | pd.Categorical) -> np.ndarray:
    """A fetched column as a plain array: SQL NULLs (masked by DuckDB) become NaN.

    ``fetchnumpy`` is typed to give a Categorical for ENUM columns; the aggregates here are numbers.
    """
    if isinstance(values, np.ma.MaskedArray):
        return np.ma.filled(values.astype(float), np.nan)
    return np.asarray(values)
