"""What every chain-analytics engine offers, so callers and tests can swap engines."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy


class RegistryEngine(Protocol):
    """Aggregates an enterprise registry file (Parquet) onto chain segments.

    The registry has one row per enterprise: enterprise_id, region_code (city),
    industry_code (GB/T 4754-2017), revenue (万元, nullable), employment (persons,
    nullable). An enterprise is placed in every segment whose code is a prefix of
    its own code; ``n_leaders`` is unknown (NaN) because a registry does not say who leads.
    Enterprises without a city or an industry code are left out (they cannot be placed).
    """

    name: str

    def registry_aggregates(
        self,
        path: Path,
        taxonomy: Taxonomy,
        industry_codes: Collection[str],
        *,
        regions: Sequence[str] | None = None,
    ) -> SegmentAggregates:
        """Per city × segment sums for ``regions`` (default every city in the file)."""
        ...
