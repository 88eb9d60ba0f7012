"""Normalisation, outlier treatment and missing data (OECD/JRC Handbook, 2008, steps 3–5).

Every function takes a wide frame: index region_code, one column per
indicator_id, raw values in each indicator's unit (NaN = missing). Normalised
values always point the same way: higher is better.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

import numpy as np
import pandas as pd

from pacesetter.assess.config import MissingPolicy, Normalisation
from pacesetter.errors import InputError

# Geometric aggregation needs positive values: z-scores are shifted by this many
# standard deviations and every value at or below zero is floored at
# GEOMETRIC_FLOOR × the method's nominal range (1, or 100 for percentiles).
Z_SHIFT = 3.0
GEOMETRIC_FLOOR = 1e-3
JRC_SKEW, JRC_KURTOSIS, JRC_MAX_TREATED = 2.0, 3.5, 5


def normalise(
    matrix: pd.DataFrame,
    method: Normalisation,
    polarity: Mapping[str, str],
    targets: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Normalise each column; the result is higher-is-better, same shape, NaN kept.

    - ``min_max``: (x − min) / (max − min) in [0, 1]; a constant column is 0.5.
    - ``z_score``: (x − mean) / sd (population sd); a constant column is 0.
    - ``distance_to_target``: 1 + (x − ref) / |ref| (lower-is-better: 1 + (ref − x) / |ref|),
      1 at the reference; ref is the target, or the best region when there is none.
    - ``rank``: average rank, 1 = worst … n = best.
    - ``percentile``: 100 × (regions worse + ½ tied others) / (n − 1), in [0, 100].
    """
    out = {}
    for col in matrix.columns:
        sign = 1.0 if polarity[col] == "higher" else -1.0
        ref = _reference(matrix[col], polarity[col], targets, col)
        out[col] = _normalise_column(sign * matrix[col].astype(float), method, sign * ref)
    return pd.DataFrame(out, index=matrix.index)[list(matrix.columns)]


def _reference(raw: pd.Series, polarity: str, targets: Mapping[str, float] | None, col: str) -> float:
    target = (targets or {}).get(col)
    if target is not None and not np.isnan(target):
        return float(target)
    return float(raw.max() if polarity == "higher" else raw.min())


def _normalise_column(x: pd.Series, method: Normalisation, ref: float) -> pd.Series:
    """Normalise one higher-is-better column; ``ref`` is the oriented reference."""
    lo, hi = x.min(), x.max()
    if method == "min_max":
        return (x - lo) / (hi - lo) if hi > lo else x * 0 + 0.5
    if method == "z_score":
        sd = x.std(ddof=0)
        return (x - x.mean()) / sd if sd > 0 else x * 0
    if method == "distance_to_target":
        scale = abs(ref) if ref != 0 else float(hi - lo) or 1.0
        return 1 + (x - ref) / scale
    rank = x.rank(method="average")
    if method == "rank":
        return rank
    n = int(x.notna().sum())
    return 100 * (rank - 1) / (n - 1) if n > 1 else x * 0 + 50.0


def positive_for_geometric(normalised: pd.DataFrame, method: Normalisation) -> tuple[pd.DataFrame, int]:
    """Shift z-scores by :data:`Z_SHIFT` and floor values ≤ 0; return the frame and how many were floored."""
    shifted = normalised + Z_SHIFT if method == "z_score" else normalised
    floor = GEOMETRIC_FLOOR * (100 if method == "percentile" else 1)
    low = shifted <= floor
    return shifted.mask(low, floor), int(low.sum().sum())


def winsorise_jrc(matrix: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Winsorise indicators with |skewness| > 2 and kurtosis > 3.5 (the JRC rule).

    Skewness and excess kurtosis are the bias-corrected sample statistics (as
    Excel's SKEW and KURT, which the JRC COIN tool uses), over at least 4 values.
    While the rule holds, the most extreme value on the side of the skew is set
    to the next one, up to :data:`JRC_MAX_TREATED` values per indicator.

    Returns the treated matrix and a report: indicator_id, region_code,
    original, treated, skewness, kurtosis (the statistics before treatment).
    """
    out = matrix.copy()
    report = []
    for col in matrix.columns:
        x = out[col].dropna().astype(float)
        if len(x) < 4:
            continue
        skew0, kurt0 = _shape(x)
        for _ in range(JRC_MAX_TREATED):
            skew, kurt = _shape(x)
            if not (abs(skew) > JRC_SKEW and kurt > JRC_KURTOSIS):
                break
            ordered = x.sort_values(ascending=skew > 0)  # the extreme value comes last
            top, nxt = ordered.index[-1], ordered.iloc[-2]
            report.append({"indicator_id": col, "region_code": top, "original": matrix.at[top, col],
                           "treated": nxt, "skewness": skew0, "kurtosis": kurt0})
            x[top] = nxt
        out[col] = x.reindex(out.index)
    cols = ["indicator_id", "region_code", "original", "treated", "skewness", "kurtosis"]
    return out, pd.DataFrame(report, columns=cols)


def _shape(x: pd.Series) -> tuple[float, float]:
    """Skewness and excess kurtosis, computed on sorted values so the order of regions cannot matter."""
    # half a second to import: loaded by the assessments that winsorise, not by every query
    from scipy import stats

    if x.nunique() < 2:
        return 0.0, 0.0
    v = np.sort(x.to_numpy())
    return float(stats.skew(v, bias=False)), float(stats.kurtosis(v, bias=False))


def handle_missing(matrix: pd.DataFrame, policy: MissingPolicy
                   ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Apply the missing-data policy; return (matrix, imputed, excluded).

    - ``exclude``: regions missing any indicator leave the composite.
    - ``impute_mean`` / ``impute_median``: a missing value becomes the mean / median
      of the regions that have the indicator; every imputed cell is reported.

    ``imputed``: region_code, indicator_id, value, method. ``excluded``:
    region_code, missing (comma-separated indicator ids).
    """
    holes = matrix.isna()
    if policy == "exclude":
        bad = holes.any(axis=1)
        excluded = pd.DataFrame({
            "region_code": matrix.index[bad],
            "missing": [",".join(matrix.columns[holes.loc[r]]) for r in matrix.index[bad]],
        })
        empty = pd.DataFrame(columns=["region_code", "indicator_id", "value", "method"])
        return matrix[~bad], empty, excluded
    fill = matrix.mean() if policy == "impute_mean" else matrix.median()
    if fill.isna().any():
        raise InputError.said("analysis_errors.impute_none", indicators=tuple(fill.index[fill.isna()]))
    done = matrix.fillna(fill)
    stacked = cast(pd.Series, holes.stack())  # one column level: a Series
    cells = stacked[stacked].index
    imputed = pd.DataFrame({
        "region_code": [r for r, _ in cells], "indicator_id": [c for _, c in cells],
        "value": [done.at[r, c] for r, c in cells], "method": policy.removeprefix("impute_"),
    })
    return done, imputed, pd.DataFrame(columns=["region_code", "missing"])
