"""The default engine: DuckDB over Parquet registries, store tables and frames.

One scan: the enterprises are joined onto the code → group (or code → industry) mapping of
``engine.codes`` (a hash join on the exact code; the mapping goes in as two lists) and summed
per region × group inside DuckDB. Only the sums come back, as NumPy arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

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
from pacesetter.engine.sources import Source, resolve, store_relation
from pacesetter.errors import InputError

# {region}: the region expression; {src}: the registry relation; {where}: an optional region filter;
# {key}: what the mapping's keys match (the industry code, or the enterprise id of a membership)
_GROUPS = """
    WITH m AS (SELECT unnest($keys) AS key, unnest($group_idx)::INTEGER AS group_idx)
    SELECT {region} AS region_code, m.group_idx, count(*) AS n_enterprises,
           sum(revenue::DOUBLE) AS revenue, sum(employment::DOUBLE) AS employment,
           count(revenue) AS n_revenue_known, count(employment) AS n_employment_known,
           sum(revenue::DOUBLE * revenue::DOUBLE) AS revenue_sq, max(revenue::DOUBLE) AS revenue_max
    FROM {src} r JOIN m ON {key} = m.key
    WHERE {region} IS NOT NULL {where}
    GROUP BY ALL"""
_MATRIX = """
    WITH m AS (SELECT unnest($codes) AS code, unnest($industries) AS industry)
    SELECT {region} AS region_code, {industry} AS industry, count(*) AS n,
           sum({measure}::DOUBLE) AS total, count({measure}) AS known
    FROM {src} r {join}
    WHERE region_code IS NOT NULL AND industry_code IS NOT NULL {where}
    GROUP BY ALL"""
_REGION_COUNTS = """
    SELECT {region} AS region_code, count(*) AS n FROM {src} r
    WHERE region_code IS NOT NULL AND industry_code IS NOT NULL {where} GROUP BY 1"""


class DuckDBEngine:
    """Registry aggregates in DuckDB; ``con`` (the store, for "store:" sources) defaults to a
    fresh in-memory database."""

    name = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        # a cursor of its own: the caller's pending results stay untouched
        self.con = (con if con is not None else duckdb.connect()).cursor()

    def group_aggregates(
        self, source: RegistrySource, groups: pd.DataFrame, *,
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
        default_region: str | None = None,
    ) -> pd.DataFrame:
        """Per region × group sums (see ``Engine.group_aggregates``)."""
        src = resolve(source)
        if gbt.is_membership(groups):
            mapping, key = gbt.member_mapping(groups), "enterprise_id"
        else:
            mapping, key = gbt.group_mapping(groups, lettered=src.lettered), "code"
        query = _GROUPS.replace("{key}", "r.enterprise_id::VARCHAR" if key == "enterprise_id"
                                else "r.industry_code")
        got = self._run(query, src, regions, region_level, default_region,
                        keys=mapping[key].tolist(), group_idx=mapping["group_idx"].tolist())
        return finish_groups(got, gbt.group_names(groups))

    def region_industry_matrix(
        self, source: RegistrySource, *, level: Level = "division", measure: Measure = "count",
        regions: Sequence[str] | None = None, region_level: RegionLevel = "city",
    ) -> pd.DataFrame:
        """Regions × industries at ``level`` (see ``Engine.region_industry_matrix``)."""
        params: dict[str, Any] = {"codes": [], "industries": []}
        parts = {"industry": "industry_code::VARCHAR", "join": "",
                 "measure": "1" if measure == "count" else measure}
        if level != "as_is":
            mapping = gbt.level_mapping(level)
            params = {"codes": mapping["code"].tolist(), "industries": mapping["industry"].tolist()}
            parts |= {"industry": "m.industry", "join": "JOIN m ON r.industry_code = m.code"}
        query = _MATRIX.replace("{industry}", parts["industry"]).replace("{join}", parts["join"]).replace(
            "{measure}", parts["measure"])
        got = self._run(query, resolve(source), regions, region_level, None, **params)
        return finish_matrix(pd.DataFrame(got), measure, regions)

    def region_counts(self, source: RegistrySource, *, regions: Sequence[str] | None = None,
                      region_level: RegionLevel = "city") -> pd.Series:
        """Enterprises with an industry code per region (see ``Engine.region_counts``)."""
        got = self._run(_REGION_COUNTS, resolve(source), regions, region_level, None)
        return finish_counts(got["region_code"], got["n"])

    def _run(self, query: str, src: Source, regions: Sequence[str] | None, region_level: RegionLevel,
             default_region: str | None, **params: Any) -> dict[str, np.ndarray]:
        """``query`` over the source's rows (``{src}`` aliased r), with ``{region}`` at
        ``region_level`` (``default_region`` where the row has none) and ``{where}`` limiting it
        to ``regions``; the columns as arrays."""
        region = "r.region_code::VARCHAR"
        if default_region is not None:
            region, params["default_region"] = f"coalesce({region}, $default_region)", default_region
        if region_level == "province":
            region = f"left({region}, 2) || '0000'"
        where = ""
        if regions is not None:
            where, params["regions"] = f"AND {region} IN (SELECT unnest($regions::VARCHAR[]))", list(regions)
        if src.frame is not None:
            relation = "_engine_frame"
            self.con.register(relation, src.frame)
        elif src.table is not None:
            relation = store_relation(src.table)
        else:
            relation, params["path"] = "read_parquet($path)", src.path
        try:
            sql = query.replace("{region}", region).replace("{src}", relation).replace("{where}", where)
            return {k: _unmasked(v) for k, v in self.con.execute(sql, params).fetchnumpy().items()}
        except duckdb.IOException as exc:  # a URI DuckDB cannot read (hdfs://), a file gone
            detail = str(exc).strip().splitlines()[0]
            raise InputError.said("engine.errors.read_failed", source=src.path or src.table,
                                  detail=detail) from None
        finally:
            if src.frame is not None:
                self.con.unregister("_engine_frame")


def _unmasked(values: Any) -> np.ndarray:
    """A fetched column as a plain array: SQL NULLs (masked by DuckDB) become NaN (numbers) or None."""
    if isinstance(values, np.ma.MaskedArray):
        numeric = values.dtype.kind in "biuf"
        return np.ma.filled(values.astype(float), np.nan) if numeric else values.filled(None)
    return np.asarray(values)
