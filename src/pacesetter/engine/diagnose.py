"""Chain diagnostics of one region from a Parquet enterprise registry (e.g. the synthetic one)."""

from __future__ import annotations

from pathlib import Path

from pacesetter.chains.diagnostics import Thresholds
from pacesetter.chains.service import Diagnosis, diagnose_aggregates
from pacesetter.chains.taxonomy import Taxonomy, load_industry_codes
from pacesetter.engine.duckdb import DuckDBEngine


def diagnose_registry(path: Path, taxonomy: Taxonomy, region: str, thresholds: Thresholds) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from the registry at ``path``."""
    agg = DuckDBEngine().registry_aggregates(path, taxonomy, load_industry_codes(), regions=[region])
    return diagnose_aggregates(agg, taxonomy, region, thresholds)
