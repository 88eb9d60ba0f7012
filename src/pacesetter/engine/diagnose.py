"""Chain diagnostics of one region from a Parquet enterprise registry (e.g. the synthetic one)."""

from __future__ import annotations

from pathlib import Path

from pacesetter.chains.diagnostics import Thresholds
from pacesetter.chains.service import Diagnosis, diagnose_aggregates
from pacesetter.chains.taxonomy import Taxonomy, load_industry_codes
from pacesetter.engine.duckdb import DuckDBEngine
from pacesetter.errors import InputError


def diagnose_registry(path: Path, taxonomy: Taxonomy, region: str, thresholds: Thresholds) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from the registry at ``path``.

    Raises InputError when the file is not a registry or holds no enterprise of ``region``
    (every segment would otherwise read as missing).
    """
    agg = DuckDBEngine().registry_aggregates(path, taxonomy, load_industry_codes(), regions=[region])
    if region not in agg.region_totals.index:
        cities = ", ".join(map(str, agg.region_totals.index[:8]))
        raise InputError(f"{path}: no enterprise with an industry code in region {region} "
                         f"(the registry covers {len(agg.region_totals)} regions, e.g. {cities})")
    return diagnose_aggregates(agg, taxonomy, region, thresholds)
