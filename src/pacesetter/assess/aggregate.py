"""Aggregation (OECD/JRC Handbook, 2008, step 7): weighted arithmetic and geometric means.

Inputs are normalised, higher-is-better frames (index region_code, one column
per indicator_id) and a weight Series over the same columns.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from pacesetter.assess.config import Aggregation
from pacesetter.errors import InputError


def aggregate(normalised: pd.DataFrame, weights: pd.Series, method: Aggregation) -> pd.Series:
    """Composite score per region: Σ w_j x_j (arithmetic) or Π x_j^w_j (geometric).

    Weights are rescaled to sum to 1 over the frame's columns. Geometric
    aggregation needs strictly positive values: pass the output of
    :func:`pacesetter.assess.normalise.positive_for_geometric` (zeros are
    floored there, and counted). The score has the scale of the normalisation.
    """
    w = weights.reindex(normalised.columns).astype(float)
    if w.isna().any():
        raise InputError.said("analysis_errors.no_weight", indicators=tuple(w.index[w.isna()]))
    w = w / w.sum()
    if method == "arithmetic":
        return (normalised * w).sum(axis=1, skipna=False)
    if (normalised <= 0).any().any():
        raise InputError.said("analysis_errors.geometric_positive")
    # a NumPy ufunc on a pandas object gives a pandas object (NumPy's stubs say ndarray)
    logs = cast(pd.DataFrame, np.log(normalised))
    return cast(pd.Series, np.exp((logs * w).sum(axis=1, skipna=False)))


def rank_scores(scores: pd.Series) -> pd.Series:
    """Competition ranks of composite scores (1 = highest; ties, to 10 decimals, share the better rank)."""
    return scores.round(10).rank(ascending=False, method="min").astype(int)
