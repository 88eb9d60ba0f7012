"""Explanations: which indicators push a region's composite score up or down.

Contributions are measured against the average region, so they add up:

- arithmetic: c_ij = w_j (x_ij − mean_i x_ij); Σ_j c_ij = score_i − mean score
- geometric:  c_ij = w_j (ln x_ij − mean_i ln x_ij); Σ_j c_ij = ln score_i − mean ln score
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd

from pacesetter.assess.config import Aggregation


def compute_contributions(normalised: pd.DataFrame, weights: pd.Series, method: Aggregation
                          ) -> pd.DataFrame:
    """Each indicator's contribution to each region's score, relative to the average region.

    ``normalised`` is what was aggregated (positive for geometric). Returns
    region_code, indicator_id, normalised, weight, contribution (score units for
    arithmetic, log-score units for geometric), direction (up | down | flat),
    sorted by region and by the size of the contribution.
    """
    w = weights.reindex(normalised.columns) / weights.reindex(normalised.columns).sum()
    x = normalised if method == "arithmetic" else np.log(normalised)
    contrib = (x - x.mean()) * w
    # one column level: stack gives a Series (pandas-stubs allows a DataFrame too)
    long = cast(pd.Series, contrib.stack()).rename("contribution").reset_index()
    long.columns = ["region_code", "indicator_id", "contribution"]
    long["normalised"] = [cast(float, normalised.at[r, c])
                          for r, c in zip(long.region_code, long.indicator_id, strict=True)]
    long["weight"] = long["indicator_id"].map(w)
    long["direction"] = np.select([long.contribution > 1e-12, long.contribution < -1e-12],
                                  ["up", "down"], "flat")
    long["size"] = long["contribution"].abs()
    long = long.sort_values(["region_code", "size"], ascending=[True, False]).drop(columns="size")
    cols = ["region_code", "indicator_id", "normalised", "weight", "contribution", "direction"]
    return long[cols].reset_index(drop=True)
