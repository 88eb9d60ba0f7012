"""What every chain-analytics engine offers, so callers and tests can swap engines."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Protocol

import pandas as pd

from pacesetter.chains.diagnostics import SegmentAggregates
from pacesetter.chains.taxonomy import Taxonomy


class RegistryEngine(Protocol):
    """Aggregates an enterprise registry file (Parquet) onto chain segments.

    The registry has one row per enterprise: enterprise_id, region_code (city),
    industry_code (GB/T 4754-2017), revenue (万元, nullable), employment (persons,
    nullable). An enterprise is placed in every segment whose code is a prefix of
    its own code; ``n_leaders`` is unknown (NaN) because a registry does not say who leads.
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
