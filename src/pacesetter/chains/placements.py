"""Enterprises placed on chain segments in the store, explicitly or by industry code.

Explicit placements are the dataset's researched rows (``enterprise_placements``,
each with its basis and source); code placements put every enterprise whose
GB/T 4754-2017 code (or registry label, through the authored crosswalk) falls
under a segment's code into that segment. The joins and sums run in DuckDB.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy
from pacesetter.errors import NotFoundError

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


def segment_codes(taxonomy: Taxonomy, industry_codes: Collection[str]) -> pd.DataFrame:
    """Join table chain_id, segment_id, code: each segment code and every code beneath it.

    A segment listing ``385`` matches enterprises coded 385, 3851, ... 3859; one
    listing ``3851`` does not match an enterprise coded only ``385``.
    """
    children: dict[str, list[str]] = {}
    for code in set(industry_codes):
        for cut in range(1, len(code) + 1):
            children.setdefault(code[:cut], []).append(code)
    rows = {
        (chain.id, seg.id, code)
        for chain in taxonomy for seg in chain.segments for prefix in seg.industry_codes
        for code in children.get(prefix, ())
    }
    return pd.DataFrame(sorted(rows), columns=["chain_id", "segment_id", "code"])


def register_segments(
    cur: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, industry_codes: Collection[str]
) -> None:
    """Create temp tables _chain_segments (chain_id, segment_id, seg_idx) and _chain_codes (+ code)."""
    segs = pd.DataFrame([(c.id, s.id) for c in taxonomy for s in c.segments],
                        columns=["chain_id", "segment_id"])
    segs["seg_idx"] = range(len(segs))
    codes = segment_codes(taxonomy, industry_codes).merge(segs, on=["chain_id", "segment_id"])
    for name, frame in (("_chain_codes", codes), ("_chain_segments", segs)):
        cur.register(f"{name}_df", frame)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_df")
        cur.unregister(f"{name}_df")


def store_aggregates(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    region: str,
    *,
    exclude_enterprises: Sequence[str] = (),
    exclude_segments: Sequence[str] = (),
    home_region: str | None = None,
    reference_region: str | None = None,
) -> SegmentAggregates:
    """Sums for one region from the store's enterprises and placements.

    Enterprises are placed explicitly (``enterprise_placements`` rows naming a
    segment, with their evidence) or by industry code: a GB/T 4754 code, or a
    registry label translated by ``crosswalk``. An enterprise is in ``region``
    when its region_code falls under it (a city covers its districts); named
    enterprises without a region_code belong to ``home_region``. A chain leader
    is an enterprise with a ``chain_leader`` placement in that chain. The LQ
    reference is every enterprise with an industry code (in ``reference_region``,
    e.g. the province, when given; default the whole store). Excluded enterprises
    and segments are left out of the local segments (the what-if), never from the
    region's total or the reference, so that a removal can only lower an LQ. Leaders are
    known only in a region where the store places at least one chain leader.
    """
    cur = con.cursor()
    with _placements(cur, taxonomy, industry_codes, crosswalk, home_region):
        local = cur.execute(f"""
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
        # leaders are known where the city designates them: with none placed in the region
        # (e.g. a peer city the dataset did not research), "no leader" would be a guess
        row = cur.execute("SELECT count(*) FROM _chain_placements "
                          "WHERE leader AND starts_with(region_code, ?)", [region_prefix(region)]).fetchone()
        leaders_known = bool(row and row[0])
        ref_prefix = region_prefix(reference_region) if reference_region else ""
        reference = cur.execute("""
            SELECT segment_id, count(DISTINCT enterprise_id) AS n FROM _chain_placements
            WHERE by_code AND starts_with(coalesce(region_code, ''), ?) GROUP BY 1""", [ref_prefix]
        ).df().set_index("segment_id")["n"]
    local_total = _coded(cur, region_prefix(region))
    return SegmentAggregates(cells=local, region_totals=pd.Series({region: local_total}),
                             reference_counts=reference, reference_total=_coded(cur, ref_prefix),
                             leaders_known=leaders_known)


def _coded(cur: duckdb.DuckDBPyConnection, prefix: str) -> int:
    """Enterprises with an industry code whose region falls under ``prefix`` ('' = all)."""
    row = cur.execute("SELECT count(*) FROM enterprises WHERE industry_code IS NOT NULL "
                      "AND starts_with(coalesce(region_code, ''), ?)", [prefix]).fetchone()
    return int(row[0]) if row else 0


def resolve_enterprises(con: duckdb.DuckDBPyConnection, tokens: Sequence[str]) -> list[str]:
    """Enterprise ids for ids or exact names (zh or en) as a user types them.

    Raises NotFoundError for a token that matches nothing, suggesting names that contain it.
    """
    ids: list[str] = []
    cur = con.cursor()
    for token in tokens:
        found = [r[0] for r in cur.execute(
            "SELECT id FROM enterprises WHERE id = $t OR name_zh = $t OR name_en = $t ORDER BY id",
            {"t": token}).fetchall()]
        if not found:
            like = [r[0] for r in cur.execute(
                "SELECT name_zh FROM enterprises WHERE contains(name_zh, $t) OR contains(id, lower($t)) "
                "ORDER BY name_zh LIMIT 5", {"t": token}).fetchall()]
            hint = f"; did you mean: {', '.join(like)}" if like else ""
            raise NotFoundError(f"no enterprise with id or name {token!r}{hint}")
        ids.extend(found)
    return ids


def store_placements(
    con: duckdb.DuckDBPyConnection,
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
    cur = con.cursor()
    with _placements(cur, taxonomy, industry_codes, crosswalk, home_region):
        return cur.execute("""
            SELECT p.enterprise_id, e.name_zh, p.chain_id, p.segment_id, bool_or(p.leader) AS leader,
                   p.basis, min(p.source) AS source
            FROM _chain_placements p JOIN enterprises e ON e.id = p.enterprise_id
            WHERE starts_with(p.region_code, ?) GROUP BY ALL ORDER BY ALL""",
            [region_prefix(region)]).df()


@contextmanager
def _placements(
    cur: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    industry_codes: Collection[str],
    crosswalk: Mapping[str, Sequence[str]],
    home_region: str | None,
) -> Iterator[None]:
    """Create the temporary view ``_chain_placements`` for the duration of the block."""
    register_segments(cur, taxonomy, industry_codes)
    pairs = [(k, c) for k, codes in crosswalk.items() for c in codes]
    xw = pd.DataFrame(pairs, columns=["label", "code"])
    cur.register("_chain_crosswalk", xw)
    home = "NULL" if home_region is None else f"'{_quote(home_region)}'"
    try:
        cur.execute(_STORE_PLACEMENTS.format(home=home))
        yield
    finally:
        cur.execute("DROP VIEW IF EXISTS _chain_placements")
        cur.unregister("_chain_crosswalk")



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
       -- the store holds no revenue or employment per enterprise: unknown, never 0
       CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS employment
FROM placed p
JOIN enterprises e ON e.id = p.enterprise_id
LEFT JOIN leaders l ON l.enterprise_id = p.enterprise_id AND l.chain_id = p.chain_id
"""


def _quote(path: Path | str) -> str:
    return str(path).replace("'", "''")
