"""Resilience what-ifs: compare a chain's diagnostics before and after removals.

The caller computes segment diagnostics twice (with and without the removed
enterprises or segments, e.g. a chain leader relocating) and this module says
what the removal takes with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from pacesetter.chains.graph import downstream
from pacesetter.chains.taxonomy import ChainSpec

_RANK = {"not_covered": 0, "missing": 0, "weak": 1, "present": 2, "strong": 3}
_EMPTY = ("missing", "not_covered")  # no local enterprise left, whether or not a registry is complete


@dataclass(frozen=True)
class WhatIf:
    """What removing enterprises or segments does to one chain in one region.

    ``newly_missing``: segments occupied before and empty after. ``weakened``:
    segments whose status fell but not to missing, as (segment, before, after).
    ``lost_supply``: occupied segments that lose a local input, mapped to the inputs
    (direct ``depends_on``) that went missing. ``exposed``: occupied segments
    downstream (transitively) of a newly missing one. Revenues in 10k yuan (万元):
    ``revenue_removed`` is the known revenue that left the chain's segments,
    ``revenue_exposed`` the known revenue of the exposed segments; None when no
    enterprise concerned reports revenue (unknown, not zero).
    """

    chain_id: str
    region_code: str
    newly_missing: list[str]
    weakened: list[tuple[str, str, str]]
    lost_supply: dict[str, list[str]]
    exposed: list[str]
    revenue_removed: float | None
    revenue_exposed: float | None
    completeness_before: float
    completeness_after: float


def compute_what_if(
    before: pd.DataFrame,
    after: pd.DataFrame,
    chain: ChainSpec,
    region_code: str,
    completeness: tuple[float, float],
) -> WhatIf:
    """Compare segment diagnostics of one chain and region before and after a removal."""
    key = ["segment_id"]
    b = before[(before["chain_id"] == chain.id) & (before["region_code"] == region_code)].set_index(key)
    a = after[(after["chain_id"] == chain.id) & (after["region_code"] == region_code)].set_index(key)
    order = [s.id for s in chain.segments]
    missing_after = {s for s in order if a.at[s, "status"] in _EMPTY}
    newly = [s for s in order if s in missing_after and b.at[s, "status"] not in _EMPTY]
    weakened = [(s, str(b.at[s, "status"]), str(a.at[s, "status"])) for s in order
                if s not in missing_after and _RANK[str(a.at[s, "status"])] < _RANK[str(b.at[s, "status"])]]
    lost = {s.id: [d for d in s.depends_on if d in newly] for s in chain.segments
            if s.id not in missing_after}
    lost = {s: deps for s, deps in lost.items() if deps}
    down = downstream(chain.depends_on())
    reach = set().union(*(down[s] for s in newly)) if newly else set()
    exposed = [s for s in order if s in reach and s not in missing_after]
    removed = _known_sum(b["revenue"])
    left = _known_sum(a["revenue"])
    revenue_removed = None if removed is None else removed - (left or 0.0)
    return WhatIf(
        chain_id=chain.id, region_code=region_code, newly_missing=newly, weakened=weakened,
        lost_supply=lost, exposed=exposed, revenue_removed=revenue_removed,
        revenue_exposed=_known_sum(a.loc[exposed, "revenue"]) if exposed else None,
        completeness_before=completeness[0], completeness_after=completeness[1],
    )


def _known_sum(values: pd.Series) -> float | None:
    known = values.dropna()
    total = float(known.sum()) if len(known) else None
    return None if total is None or math.isnan(total) else total
