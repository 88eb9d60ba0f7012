"""Chain placements in the store: enterprises on segments, explicitly or by industry code.

:func:`placements` creates, on a cursor of its own, the temporary view
``_chain_placements`` (one row per enterprise × segment placement) from frames
the chains package builds out of the taxonomy; the sums and counts read it.
The joins and sums run in DuckDB.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import duckdb
import pandas as pd

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

# One row per enterprise × segment placement, explicit or by code, with its region.
_PLACEMENTS = """
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
       coalesce(e.region_code, (SELECT region_code FROM _chain_home)) AS region_code,
       l.enterprise_id IS NOT NULL AS leader,
       -- the store holds no revenue or employment per enterprise: unknown, never 0
       CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS employment
FROM placed p
JOIN enterprises e ON e.id = p.enterprise_id
LEFT JOIN leaders l ON l.enterprise_id = p.enterprise_id AND l.chain_id = p.chain_id
"""


@contextlib.contextmanager
def placements(
    con: duckdb.DuckDBPyConnection,
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    crosswalk: pd.DataFrame,
    home_region: str | None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on which the view ``_chain_placements`` exists for the duration of the block.

    ``segments`` has chain_id, segment_id, seg_idx; ``codes`` adds code (every
    industry code a segment covers); ``crosswalk`` has label, code (registry
    label → GB/T code). Enterprises without a region_code sit in ``home_region``.
    """
    cur = con.cursor()
    for name, frame in (("_chain_codes", codes), ("_chain_segments", segments)):
        cur.register(f"{name}_df", frame)
        cur.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_df")
        cur.unregister(f"{name}_df")
    cur.register("_chain_crosswalk", crosswalk)
    try:
        cur.execute("CREATE OR REPLACE TEMP TABLE _chain_home AS SELECT CAST(? AS VARCHAR) AS region_code",
                    [home_region])
        cur.execute(_PLACEMENTS)
        yield cur
    finally:
        cur.execute("DROP VIEW IF EXISTS _chain_placements")
        cur.unregister("_chain_crosswalk")


def segment_sums(
    cur: duckdb.DuckDBPyConnection, region_code: str, prefix: str,
    exclude_enterprises: Sequence[str], exclude_segments: Sequence[str],
) -> pd.DataFrame:
    """Sums per segment of the placements under region ``prefix``, labelled ``region_code``.

    Needs the view of :func:`placements`. Columns: region_code, chain_id,
    segment_id, n_enterprises, n_by_code, n_leaders, revenue_sum,
    revenue_reported, revenue_sq_sum, revenue_max, employment_sum,
    employment_reported (revenue and employment NULL: the store holds none).
    """
    return cur.execute(f"""
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
        [region_code, prefix, list(exclude_enterprises), list(exclude_segments)]).df()


def count_leaders(cur: duckdb.DuckDBPyConnection, prefix: str) -> int:
    """Chain-leader placements under region ``prefix`` (needs the view of :func:`placements`)."""
    row = cur.execute("SELECT count(*) FROM _chain_placements "
                      "WHERE leader AND starts_with(region_code, ?)", [prefix]).fetchone()
    return int(row[0]) if row else 0


def reference_counts(cur: duckdb.DuckDBPyConnection, prefix: str) -> pd.DataFrame:
    """Enterprises placed by code per segment under ``prefix`` ('' = all): columns segment_id, n."""
    return cur.execute("""
        SELECT segment_id, count(DISTINCT enterprise_id) AS n FROM _chain_placements
        WHERE by_code AND starts_with(coalesce(region_code, ''), ?) GROUP BY 1""", [prefix]).df()


def coded_enterprises(con: duckdb.DuckDBPyConnection, prefix: str) -> int:
    """Enterprises with an industry code whose region falls under ``prefix`` ('' = all)."""
    row = con.execute("SELECT count(*) FROM enterprises WHERE industry_code IS NOT NULL "
                      "AND starts_with(coalesce(region_code, ''), ?)", [prefix]).fetchone()
    return int(row[0]) if row else 0


def placement_evidence(cur: duckdb.DuckDBPyConnection, prefix: str) -> pd.DataFrame:
    """Every placement under ``prefix`` with its evidence, one row per enterprise × segment × basis.

    Needs the view of :func:`placements`. Columns: enterprise_id, name_zh,
    chain_id, segment_id, leader, basis, source (URL).
    """
    return cur.execute("""
        SELECT p.enterprise_id, e.name_zh, p.chain_id, p.segment_id, bool_or(p.leader) AS leader,
               p.basis, min(p.source) AS source
        FROM _chain_placements p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE starts_with(p.region_code, ?) GROUP BY ALL ORDER BY ALL""", [prefix]).df()


def enterprises_named(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Ids of the enterprises whose id, name_zh or name_en is exactly ``token``, in id order."""
    rows = con.cursor().execute(
        "SELECT id FROM enterprises WHERE id = $t OR name_zh = $t OR name_en = $t ORDER BY id",
        {"t": token}).fetchall()
    return [r[0] for r in rows]


def enterprise_names_like(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Up to five name_zh of enterprises whose name contains ``token`` (or id contains it, lowercased)."""
    rows = con.cursor().execute(
        "SELECT name_zh FROM enterprises WHERE contains(name_zh, $t) OR contains(id, lower($t)) "
        "ORDER BY name_zh LIMIT 5", {"t": token}).fetchall()
    return [r[0] for r in rows]
