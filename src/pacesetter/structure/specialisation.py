"""Revealed comparative advantage (Balassa's RCA, the location quotient) and presence.

RCA of region c in industry p = (x_cp / Σ_p x_cp) / (r_p / Σ_p r_p), where r is the reference
region's values by industry: the nation, i.e. the column totals of the matrix, unless given.
A missing value (NaN) is unknown, not zero: its RCA stays NaN and it adds nothing to the totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pacesetter.errors import InputError


def rca_array(values: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """RCA of a regions × industries array; NaN where the value or a total is unknown or zero."""
    total = np.nansum if np.isnan(values).any() else np.sum  # nansum copies: only where needed
    ref = total(values, axis=0) if reference is None else reference
    with np.errstate(divide="ignore", invalid="ignore"):
        out: np.ndarray = values / total(values, axis=1)[:, None]
        out /= (ref / np.nansum(ref))[None, :]
    out[~np.isfinite(out)] = np.nan
    return out


def rca(matrix: pd.DataFrame, reference: pd.Series | None = None) -> pd.DataFrame:
    """RCA (location quotient) of every region (row) in every industry (column).

    ``reference`` is the reference region's values by industry (e.g. the nation's published
    employment by industry); by default the column totals of ``matrix``. NaN stays NaN.
    """
    values = matrix.to_numpy(dtype=float)
    if (values < 0).any():
        raise InputError.said("structure.error.negative")
    ref = None
    if reference is not None:
        aligned = reference.reindex(matrix.columns)
        if aligned.isna().any():
            missing = [str(c) for c in aligned.index[aligned.isna()]]
            raise InputError.said("structure.error.reference_missing", industries=", ".join(missing[:10]))
        ref = aligned.to_numpy(dtype=float)
    return pd.DataFrame(rca_array(values, ref), index=matrix.index, columns=matrix.columns, copy=False)


def presence(rca: pd.DataFrame, threshold: float = 1.0) -> pd.DataFrame:
    """1 where RCA ≥ ``threshold`` (the region is specialised), 0 below, NaN where RCA is unknown."""
    values = rca.to_numpy(dtype=float)
    out = np.where(np.isnan(values), np.nan, (values >= threshold).astype(float))
    frame = pd.DataFrame(out, index=rca.index, columns=rca.columns)
    frame.attrs["threshold"] = threshold
    return frame
