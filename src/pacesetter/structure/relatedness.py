"""Relatedness: proximity between industries and the density of a region around each industry.

Proximity φ_pq = Σ_c M_cp M_cq / max(u_p, u_q) (the minimum of the two conditional probabilities
of co-occurrence; u is ubiquity, the number of regions specialised in an industry), as in
Hidalgo et al. (2007). Density d_cp = Σ_q M_cq φ_pq / Σ_q φ_pq: the share of an industry's
neighbours a region already has, bounded in [0, 1]. A cell of unknown presence (NaN) counts
as not present; an industry no region has has no neighbours, so its density is unknown (NaN).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def proximity_array(m: np.ndarray, out: np.ndarray | None = None, *, counts: np.ndarray | None = None,
                    presence32: np.ndarray | None = None) -> np.ndarray:
    """Proximity of a 0/1 presence array (regions × industries, bool or float, no NaN), in ``out``
    if given (industries × industries, float); ``counts`` (industries × industries) and
    ``presence32`` (the shape of ``m``), float32, are work arrays to reuse if given."""
    if presence32 is None:
        m32 = m.astype(np.float32)
    else:
        np.copyto(presence32, m)
        m32 = presence32
    # co-occurrence counts are integers: float32 is exact up to 2**24 regions and twice as fast
    together = np.matmul(m32.T, m32, out=counts)
    ubiquity = np.diagonal(together).astype(float)
    np.maximum(ubiquity, 1.0, out=ubiquity)  # no region has either: 0 co-occurrences of 1, stays 0
    phi: np.ndarray = np.maximum.outer(ubiquity, ubiquity, out=out)
    np.divide(together, phi, out=phi)
    return phi


def density_from(reached: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Density from M φ (``reached``, overwritten) and φ's row sums; NaN for an industry with no neighbour."""
    with np.errstate(divide="ignore", invalid="ignore"):
        np.divide(reached, weight[None, :], out=reached)
    reached[:, weight == 0] = np.nan
    np.minimum(reached, 1.0, out=reached)  # at most 1 but for rounding (and ≥ 0: M, φ are)
    return reached


def density_array(m: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Density of a 0/1 presence array given proximity; NaN for an industry with no neighbour."""
    return density_from(m @ phi, phi.sum(axis=1))


def _known(presence: pd.DataFrame) -> np.ndarray:
    """The presence values with unknown cells as not present."""
    out: np.ndarray = np.nan_to_num(presence.to_numpy(dtype=float), nan=0.0)
    return out


def proximity(presence: pd.DataFrame) -> pd.DataFrame:
    """Industries × industries proximity (minimum conditional probability), 0 where undefined."""
    return pd.DataFrame(proximity_array(_known(presence)), index=presence.columns, columns=presence.columns)


def density(presence: pd.DataFrame, proximity: pd.DataFrame) -> pd.DataFrame:
    """Regions × industries relatedness density in [0, 1] (NaN for a region with no known cell)."""
    phi = proximity.reindex(index=presence.columns, columns=presence.columns).to_numpy(dtype=float)
    out = density_array(_known(presence), phi)
    out[presence.isna().all(axis=1).to_numpy()] = np.nan
    return pd.DataFrame(out, index=presence.index, columns=presence.columns)
