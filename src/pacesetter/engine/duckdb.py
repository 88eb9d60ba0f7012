"""The default engine: chain aggregates in DuckDB, over Parquet registries or the store.

Nothing is loaded into Python objects row by row: the join of enterprises onto
segments and the per region × segment sums run inside DuckDB, and only the
aggregates (one row per region × segment) come back as a pandas frame.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.engine.base import segment_codes

_SUMS = """
    count(*) AS n_enterprises,
    count(*) FILTER (WHERE by_code) AS n_by_code,
    sum(CAST(leader AS INTEGER)) AS n_leaders,
    sum(revenue) AS revenue_sum,
    count(revenue) AS revenue_reported,
    sum(revenue * revenue) AS revenue_sq_sum,
    max(revenue) AS revenue_max,
    sum(employment) AS employment_sum,
    count(employment) AS employment_reported
"""


def region_prefix(code: str) -> str:
    """GB/T 2260 prefix covering a region: 370000 → 37, 370200 → 3702, 370202 → 370202."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class DuckDBEngine:
    """Chain aggregates with DuckDB; ``con`` defaults to a fresh in-memory database."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None, *, threads: int | None = None) -> None:
        # a cursor of its own: temp tables stay private and the caller's pending results untouched
        self.con = (con if con is not None else duckdb.connect()).cursor()
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")

    def _register_codes(self, taxonomy: Taxonomy, industry_codes: Collection[str]) -> None:
        segs = pd.DataFrame([(c.id, s.id) for c in taxonomy for s in c.segments],
                            columns=["chain_id", "segment_id"])
        segs["seg_idx"] = range(len(segs))
        codes = segment_codes(taxonomy, industry_codes).merge(segs, on=["chain_id", "segment_id"])
        for name, frame in (("_chain_codes", codes), ("_chain_segments", segs)):
            self.con.register(f"{name}_df", frame)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_df")
            self.con.unregister(f"{name}_df")

    def registry_aggregates(
        self,
        path: Path,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        *,
        regions: Sequence[str] | None = None,
    ) -> SegmentAggregates:
        """Per city × segment sums over a Parquet registry (see RegistryEngine)."""
        self._register_codes(taxonomy, industry_codes)
        src = f"read_parquet('{_quote(path)}')"
        # group on a small integer segment key, then attach the names (cheaper than strings)
        cells = self.con.execute(f"""
            WITH g AS (
                SELECT r.region_code, c.seg_idx, count(*) AS n_enterprises,
                       sum(revenue) AS revenue_sum, count(revenue) AS revenue_reported,
                       sum(revenue * revenue) AS revenue_sq_sum, max(revenue) AS revenue_max,
                       sum(employment) AS employment_sum, count(employment) AS employment_reported
                FROM {src} r JOIN _chain_codes c ON r.industry_code = c.code
                GROUP BY ALL)
            SELECT g.region_code, s.chain_id, s.segment_id, g.* EXCLUDE (region_code, seg_idx)
            FROM g JOIN _chain_segments s USING (seg_idx)""").df()
        cells = cells.assign(n_by_code=cells["n_enterprises"], n_leaders=float("nan"))
        totals = self.con.execute(
            f"SELECT region_code, count(*) AS n FROM {src} WHERE industry_code IS NOT NULL GROUP BY 1").df()
        region_totals = totals.set_index("region_code")["n"]
        reference = cells.groupby("segment_id")["n_by_code"].sum()
        if regions is not None:
            cells = cells[cells["region_code"].isin(list(regions))]
        return SegmentAggregates(cells=cells.reset_index(drop=True), region_totals=region_totals,
                                 reference_counts=reference, reference_total=int(region_totals.sum()),
                                 leaders_known=False)

    def store_aggregates(
        self,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        crosswalk: Mapping[str, Sequence[str]],
        region: str,
        *,
        exclude_enterprises: Sequence[str] = (),
        exclude_segments: Sequence[str] = (),
        home_region: str | None = None,
    ) -> SegmentAggregates:
        """Sums for one region from the store's enterprises and placements.

        Enterprises are placed explicitly (``enterprise_placements`` rows naming a
        segment, with their evidence) or by industry code: a GB/T 4754 code, or a
        registry label translated by ``crosswalk``. An enterprise is in ``region``
        when its region_code falls under it (a city covers its districts); named
        enterprises without a region_code belong to ``home_region``. A chain leader
        is an enterprise with a ``chain_leader`` placement in that chain. The LQ
        reference is every enterprise with an industry code. Excluded enterprises
        and segments are left out locally (the what-if), never from the reference.
        """
        with self._placements(taxonomy, industry_codes, crosswalk, home_region):
            local = self.con.execute(f"""
                SELECT ? AS region_code, chain_id, segment_id, {_SUMS}
                FROM (SELECT chain_id, segment_id, enterprise_id, bool_or(by_code) AS by_code,
                             bool_or(leader) AS leader, any_value(revenue) AS revenue,
                             any_value(employment) AS employment
                      FROM _chain_placements
                      WHERE starts_with(region_code, ?)
                        AND enterprise_id NOT IN (SELECT unnest(?::VARCHAR[]))
                        AND segment_id NOT IN (SELECT unnest(?::VARCHAR[]))
                      GROUP BY ALL)
                GROUP BY ALL""",
                [region, region_prefix(region), list(exclude_enterprises), list(exclude_segments)]).df()
            reference = self.con.execute("""
                SELECT segment_id, count(DISTINCT enterprise_id) AS n FROM _chain_placements
                WHERE by_code GROUP BY 1""").df().set_index("segment_id")["n"]
            (total,) = self.con.execute(
                "SELECT count(*) FROM enterprises WHERE industry_code IS NOT NULL").fetchone() or (0,)
            (local_total,) = self.con.execute(
                "SELECT count(*) FROM enterprises WHERE industry_code IS NOT NULL "
                "AND starts_with(region_code, ?) AND id NOT IN (SELECT unnest(?::VARCHAR[]))",
                [region_prefix(region), list(exclude_enterprises)]).fetchone() or (0,)
        return SegmentAggregates(cells=local, region_totals=pd.Series({region: local_total}),
                                 reference_counts=reference, reference_total=int(total),
                                 leaders_known=True)


    def store_placements(
        self,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        crosswalk: Mapping[str, Sequence[str]],
        region: str,
        *,
        home_region: str | None = None,
    ) -> pd.DataFrame:
        """Every placement in ``region`` with its evidence, one row per enterprise × segment × basis.

        Columns: enterprise_id, name_zh, chain_id, segment_id, leader, basis (``source``:
        the cited page states the activity; ``authored``: placed by the compiler;
        ``industry_code:<code>``: placed by its registry industry code), source (URL).
        """
        with self._placements(taxonomy, industry_codes, crosswalk, home_region):
            return self.con.execute("""
                SELECT p.enterprise_id, e.name_zh, p.chain_id, p.segment_id, bool_or(p.leader) AS leader,
                       p.basis, min(p.source) AS source
                FROM _chain_placements p JOIN enterprises e ON e.id = p.enterprise_id
                WHERE starts_with(p.region_code, ?) GROUP BY ALL ORDER BY ALL""",
                [region_prefix(region)]).df()

    @contextmanager
    def _placements(
        self,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        crosswalk: Mapping[str, Sequence[str]],
        home_region: str | None,
    ) -> Iterator[None]:
        """Create the temporary view ``_chain_placements`` for the duration of the block."""
        self._register_codes(taxonomy, industry_codes)
        pairs = [(k, c) for k, codes in crosswalk.items() for c in codes]
        xw = pd.DataFrame(pairs, columns=["label", "code"])
        self.con.register("_chain_crosswalk", xw)
        home = "NULL" if home_region is None else f"'{_quote(home_region)}'"
        try:
            self.con.execute(_STORE_PLACEMENTS.format(home=home))
            yield
        finally:
            self.con.execute("DROP VIEW IF EXISTS _chain_placements")
            self.con.unregister("_chain_crosswalk")


# One row per enterprise × segment placement, explicit or by code, with its region.
_STORE_PLACEMENTS = """
CREATE OR REPLACE TEMP VIEW _chain_placements AS
WITH leaders AS (
    SELECT DISTINCT enterprise_id, chain_id FROM enterprise_placements WHERE role = 'chain_leader'
), explicit AS (
    SELECT enterprise_id, chain_id, trim(unnest(string_split(segment_id, ';'))) AS segment_id,
           coalesce(basis, 'authored') AS basis, source
    FROM enterprise_placements WHERE coalesce(segment_id, '') <> ''
), by_code AS (
    SELECT e.id AS enterprise_id, c.chain_id, c.segment_id,
           'industry_code:' || e.industry_code AS basis, e.source
    FROM enterprises e LEFT JOIN _chain_crosswalk x ON x.label = e.industry_code
    JOIN _chain_codes c ON c.code = coalesce(x.code, e.industry_code)
), placed AS (
    SELECT enterprise_id, chain_id, segment_id, FALSE AS by_code, basis, source FROM explicit
    SEMI JOIN _chain_segments USING (chain_id, segment_id)
    UNION ALL
    SELECT enterprise_id, chain_id, segment_id, TRUE, basis, source FROM by_code
)
SELECT p.enterprise_id, p.chain_id, p.segment_id, p.by_code, p.basis, p.source,
       coalesce(e.region_code, CAST({home} AS VARCHAR)) AS region_code,
       l.enterprise_id IS NOT NULL AS leader,
       CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS employment
FROM placed p
JOIN enterprises e ON e.id = p.enterprise_id
LEFT JOIN leaders l ON l.enterprise_id = p.enterprise_id AND l.chain_id = p.chain_id
"""


def _quote(path: Path | str) -> str:
    return str(path).replace("'", "''")
