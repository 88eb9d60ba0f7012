"""Growth opportunities of a region: the industries it is not yet specialised in, placed by
relatedness density (how near they are to what it has) and product complexity (how valuable).

In the manner of the Atlas of Economic Complexity's opportunity quadrants: the axes split at the
medians of the industries listed, so a quadrant is relative to this region's own options.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from pacesetter.structure.complexity import Complexity

Quadrant = Literal["near_complex", "far_complex", "near_simple", "far_simple"]
QUADRANTS: tuple[Quadrant, ...] = ("near_complex", "far_complex", "near_simple", "far_simple")
COLUMNS = ["industry", "rca", "density", "pci", "cog", "quadrant"]


def opportunity_table(cx: Complexity, region: str) -> pd.DataFrame:
    """One row per industry ``region`` is not specialised in (RCA known and below the threshold)
    with a known density and PCI: industry, rca, density, pci, cog, quadrant.

    ``near`` is density at or above the median of the rows, ``complex`` PCI at or above theirs.
    Sorted by quadrant (near_complex first), then COG, then density, descending; empty when the
    region is not in the matrix.
    """
    if region not in cx.rca.index:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.DataFrame({
        "industry": cx.rca.columns.astype(str),
        "rca": cx.rca.loc[region].to_numpy(float),
        "present": cx.presence.loc[region].to_numpy(float),
        "density": cx.density.loc[region].reindex(cx.rca.columns).to_numpy(float),
        "pci": cx.pci.reindex(cx.rca.columns).to_numpy(float),
        "cog": (cx.cog.loc[region].reindex(cx.rca.columns).to_numpy(float)
                if region in cx.cog.index else np.full(len(cx.rca.columns), np.nan)),
    })
    frame = frame[(frame["present"] == 0) & frame["density"].notna() & frame["pci"].notna()]
    near = frame["density"] >= frame["density"].median()
    complex_ = frame["pci"] >= frame["pci"].median()
    frame = frame.assign(quadrant=np.select(
        [near & complex_, ~near & complex_, near & ~complex_], list(QUADRANTS[:3]), default=QUADRANTS[3]))
    frame["order"] = frame["quadrant"].map(QUADRANTS.index)
    frame = frame.sort_values(["order", "cog", "density"], ascending=[True, False, False], na_position="last")
    return frame[COLUMNS].reset_index(drop=True)


def medians(table: pd.DataFrame) -> tuple[float, float]:
    """The (density, PCI) medians that split the quadrants (NaN for an empty table)."""
    return float(table["density"].median()), float(table["pci"].median())
