"""Revealed comparative advantage (Balassa's RCA, the location quotient) and presence.

RCA of region c in industry p = (x_cp / Σ_p x_cp) / (r_p / Σ_p r_p), where r is the reference
region's values by industry: the nation, i.e. the column totals of the matrix, unless given.
A missing value (NaN) is unknown, not zero: its RCA stays NaN and it adds nothing to the totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pacesetter.errors import InputError


def has_unknown(values: np.ndarray) -> bool:
    """Whether any value is NaN, without an array of flags: NaN propagates through the minimum."""
    return values.size > 0 and bool(np.isnan(values.min()))


def rca_parts(values: np.ndarray, reference: np.ndarray | None = None, *, unknown: bool | None = None,
              out: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RCA of a regions × industries array (NaN where the value or a total is unknown or zero),
    with the matrix's row and column totals (of the known values; a row whose total is not
    positive is NaN whole). ``unknown``: whether any value is NaN, if the caller knows; ``out``:
    an array of the values' shape to write RCA in."""
    unknown = has_unknown(values) if unknown is None else unknown
    total = np.nansum if unknown else np.sum  # nansum copies: only where needed
    rows, cols = total(values, axis=1), total(values, axis=0)
    ref = cols if reference is None else reference
    share = ref / np.nansum(ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        rca = np.divide(values, rows[:, None], out=out)
        rca /= share[None, :]
    # a non-finite RCA comes from a zero or unknown total: blank its row or column whole
    row_ok, col_ok = np.isfinite(rows) & (rows > 0), np.isfinite(share) & (share > 0)
    if not row_ok.all():
        rca[~row_ok] = np.nan
    if not col_ok.all():
        rca[:, ~col_ok] = np.nan
    return rca, rows, cols


def rca_array(values: np.ndarray, reference: np.ndarray | None = None) -> np.ndarray:
    """RCA of a regions × industries array; NaN where the value or a total is unknown or zero."""
    return rca_parts(values, reference)[0]


def checked_values(matrix: pd.DataFrame | pd.Series) -> np.ndarray:
    """The values as floats, refused if any is negative (NaN, unknown, is allowed)."""
    return checked_values_unknown(matrix)[0]


def checked_values_unknown(matrix: pd.DataFrame | pd.Series) -> tuple[np.ndarray, bool]:
    """:func:`checked_values` and whether any is unknown (NaN), from one pass where none is."""
    values = matrix.to_numpy(dtype=float)
    if not values.size:
        return values, False
    low = values.min()  # NaN if any value is: then the least known value, skipping NaN
    unknown = bool(np.isnan(low))
    if (np.fmin.reduce(values, axis=None) if unknown else low) < 0:
        raise InputError.said("structure.error.negative")
    return values, unknown


def reference_array(matrix: pd.DataFrame, reference: pd.Series | None) -> np.ndarray | None:
    """``reference`` aligned to the matrix's industries, each of which it must give."""
    if reference is None:
        return None
    aligned = reference.reindex(matrix.columns)
    if aligned.isna().any():
        missing = [str(c) for c in aligned.index[aligned.isna()]]
        raise InputError.said("structure.error.reference_missing", industries=", ".join(missing[:10]))
    return aligned.to_numpy(dtype=float)


def rca(matrix: pd.DataFrame, reference: pd.Series | None = None) -> pd.DataFrame:
    """RCA (location quotient) of every region (row) in every industry (column).

    ``reference`` is the reference region's values by industry (e.g. the nation's published
    employment by industry); by default the column totals of ``matrix``. NaN stays NaN.
    """
    out = rca_array(checked_values(matrix), reference_array(matrix, reference))
    return pd.DataFrame(out, index=matrix.index, columns=matrix.columns, copy=False)


def presence(rca: pd.DataFrame, threshold: float = 1.0) -> pd.DataFrame:
    """1 where RCA ≥ ``threshold`` (the region is specialised), 0 below, NaN where RCA is unknown."""
    values = rca.to_numpy(dtype=float)
    out = np.where(np.isnan(values), np.nan, (values >= threshold).astype(float))
    frame = pd.DataFrame(out, index=rca.index, columns=rca.columns)
    frame.attrs["threshold"] = threshold
    return frame
