"""Chain placements in the store: enterprises on segments, explicitly or by industry code.

:func:`placements` creates, on a cursor of its own, the temporary view
``_chain_placements`` (one row per enterprise × segment placement) from frames
the chains package builds out of the taxonomy; the counts read it. The joins run in
DuckDB; the sums per segment are the engine's (``pacesetter.engine``), over the
memberships :func:`segment_placements` gives.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import duckdb
import pandas as pd

# One row per enterprise × segment placement, with its basis and region:
#   sourced / authored: the dataset's explicit rows (enterprise_placements);
#   product: an explicitly placed firm on every segment that needs only what its segment makes;
#   industry_code: the firm's GB/T code (or registry label through the crosswalk) under a segment code.
# present: whether the placement counts toward "present" (all but coarse codes, under 4 digits).
# Corrected pairs (_chain_corrections) are left out.
_PLACEMENTS = """
CREATE OR REPLACE TEMP VIEW _chain_placements AS
WITH leaders AS (
    SELECT DISTINCT enterprise_id, chain_id FROM enterprise_placements WHERE role = 'chain_leader'
), explicit AS (
    SELECT enterprise_id, chain_id, trim(unnest(string_split(segment_id, ';'))) AS segment_id,
           CASE coalesce(basis, 'authored') WHEN 'source' THEN 'sourced' ELSE coalesce(basis, 'authored') END
               AS basis, source
    FROM enterprise_placements WHERE coalesce(segment_id, '') <> ''
), named AS (
    SELECT * FROM explicit SEMI JOIN _chain_segments USING (chain_id, segment_id)
), by_product AS (
    SELECT n.enterprise_id, x.chain_id, x.segment_id, 'product' AS basis, n.source,
           n.segment_id AS via
    FROM named n JOIN _chain_products x ON x.from_segment = n.segment_id
), by_code AS (
    SELECT e.id AS enterprise_id, c.chain_id, c.segment_id, 'industry_code' AS basis, e.source,
           e.industry_code AS via, length(coalesce(x.code, e.industry_code)) AS digits
    FROM enterprises e LEFT JOIN _chain_crosswalk x ON x.label = e.industry_code
    JOIN _chain_codes c ON c.code = coalesce(x.code, e.industry_code)
), placed AS (
    SELECT enterprise_id, chain_id, segment_id, FALSE AS by_code, basis, source,
           CAST(NULL AS VARCHAR) AS via, CAST(NULL AS INTEGER) AS digits FROM named
    UNION ALL
    SELECT enterprise_id, chain_id, segment_id, FALSE, basis, source, via, NULL FROM by_product
    UNION ALL
    SELECT enterprise_id, chain_id, segment_id, TRUE, basis, source, via, digits FROM by_code
)
SELECT p.enterprise_id, p.chain_id, p.segment_id, p.by_code, p.basis, p.via, p.digits, p.source,
       coalesce(p.digits, 4) >= 4 AS present,
       coalesce(e.region_code, (SELECT region_code FROM _chain_home)) AS region_code,
       l.enterprise_id IS NOT NULL AS leader,
       -- the store holds no revenue or employment per enterprise: unknown, never 0
       CAST(NULL AS DOUBLE) AS revenue, CAST(NULL AS DOUBLE) AS employment
FROM placed p
JOIN enterprises e ON e.id = p.enterprise_id
LEFT JOIN leaders l ON l.enterprise_id = p.enterprise_id AND l.chain_id = p.chain_id
ANTI JOIN _chain_corrections k ON k.enterprise_id = p.enterprise_id AND k.segment_id = p.segment_id
"""


@contextlib.contextmanager
def placements(
    con: duckdb.DuckDBPyConnection,
    segments: pd.DataFrame,
    codes: pd.DataFrame,
    crosswalk: pd.DataFrame,
    products: pd.DataFrame,
    corrections: pd.DataFrame,
    home_region: str | None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on which the view ``_chain_placements`` exists for the duration of the block.

    ``segments`` has chain_id, segment_id, seg_idx; ``codes`` adds code (every
    industry code a segment covers); ``crosswalk`` has label, code (registry
    label → GB/T code); ``products`` has from_segment, chain_id, segment_id (a firm
    placed on from_segment makes what segment_id needs); ``corrections`` has
    enterprise_id, segment_id (placements left out). Enterprises without a
    region_code sit in ``home_region``.
    """
    cur = con.cursor()
    for name, frame in (("_chain_codes", codes), ("_chain_segments", segments),
                        ("_chain_products", products), ("_chain_corrections", corrections)):
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


def segment_placements(
    cur: duckdb.DuckDBPyConnection, region_code: str, prefix: str,
    exclude_enterprises: Sequence[str], exclude_segments: Sequence[str],
) -> pd.DataFrame:
    """What the store alone knows of each segment's placements under region ``prefix``,
    labelled ``region_code``; the engine sums the ``members`` (``pacesetter.engine``).

    Needs the view of :func:`placements`. Columns: region_code, chain_id, segment_id,
    n_coarse (enterprises placed only by a code coarser than 4 digits), n_by_code, n_leaders
    (of the enterprises that count toward present), members (ids of those enterprises, a list).
    """
    return cur.execute("""
        SELECT ? AS region_code, chain_id, segment_id,
               count(*) FILTER (WHERE NOT present) AS n_coarse,
               count(*) FILTER (WHERE by_code AND present) AS n_by_code,
               sum(CAST(leader AND present AS INTEGER)) AS n_leaders,
               coalesce(list(enterprise_id) FILTER (WHERE present), []) AS members
        FROM (SELECT chain_id, segment_id, enterprise_id, bool_or(present) AS present,
                     bool_or(by_code AND present) AS by_code, bool_or(leader) AS leader
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

    Needs the view of :func:`placements`. Columns: enterprise_id, name_zh, chain_id, segment_id,
    leader, basis, via (the segment of a product placement, the code or label of a code
    placement), digits (the code's digits), present, source (URL), name_en (None where the
    registry has no English name).
    """
    return cur.execute("""
        SELECT p.enterprise_id, e.name_zh, p.chain_id, p.segment_id, bool_or(p.leader) AS leader,
               p.basis, p.via, p.digits, p.present, min(p.source) AS source, any_value(e.name_en) AS name_en
        FROM _chain_placements p JOIN enterprises e ON e.id = p.enterprise_id
        WHERE starts_with(p.region_code, ?) GROUP BY ALL ORDER BY ALL""", [prefix]).df()


def chain_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every chain of the store in list order (position, then id): id, name_zh, name_en, category,
    identified, position."""
    return con.cursor().execute(
        "SELECT id, name_zh, name_en, category, identified, position FROM chains "
        "ORDER BY position NULLS LAST, id").df()


def segment_rows(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every segment of the store in chain order (position, then insertion order): id, chain_id,
    name_zh, name_en, stage, depends_on, industry_codes, critical, authored."""
    return con.cursor().execute(
        "SELECT id, chain_id, name_zh, name_en, stage, depends_on, industry_codes, critical, authored "
        "FROM segments ORDER BY chain_id, position NULLS LAST, rowid").df()


def set_positions(con: duckdb.DuckDBPyConnection, table: str, positions: dict[str, int]) -> None:
    """Set ``position`` of the rows of ``chains`` or ``segments`` by id (caller holds the transaction)."""
    if table not in ("chains", "segments"):
        raise ValueError(f"no positions in table {table!r}")
    frame = pd.DataFrame({"id": list(positions), "pos": list(positions.values())})
    con.register("_positions", frame)
    try:
        con.execute(f"UPDATE {table} SET position = p.pos FROM _positions p WHERE {table}.id = p.id")
    finally:
        con.unregister("_positions")


def enterprise_industry_codes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Enterprises with an industry code (GB/T 4754 or a registry label): id, name_zh, industry_code."""
    return con.cursor().execute(
        "SELECT id, name_zh, industry_code FROM enterprises WHERE industry_code IS NOT NULL").df()


def registry_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Enterprises per registry in the store: ``listed`` (ids ``listed:``) and ``curated`` (the rest)."""
    rows = con.cursor().execute(
        "SELECT CASE WHEN starts_with(id, 'listed:') THEN 'listed' ELSE 'curated' END AS r, count(*) "
        "FROM enterprises GROUP BY 1 ORDER BY 1").fetchall()
    return {str(r): int(n) for r, n in rows}


def enterprises_named(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Ids of the enterprises whose id, name_zh or name_en is exactly ``token``, in id order."""
    rows = con.cursor().execute(
        "SELECT id FROM enterprises WHERE id = $t OR name_zh = $t OR name_en = $t ORDER BY id",
        {"t": token}).fetchall()
    return [r[0] for r in rows]


def enterprise_names_like(con: duckdb.DuckDBPyConnection, token: str) -> list[str]:
    """Up to five names (name_zh, each once) of enterprises whose name contains ``token`` (or id
    contains it, lowercased)."""
    rows = con.cursor().execute(
        "SELECT DISTINCT name_zh FROM enterprises WHERE contains(name_zh, $t) OR contains(id, lower($t)) "
        "ORDER BY name_zh LIMIT 5", {"t": token}).fetchall()
    return [r[0] for r in rows]
