"""Weighting (OECD/JRC Handbook, 2008, step 6): equal, expert, AHP, entropy, PCA.

Every function returns a pandas Series of weights indexed by indicator_id (or
by the AHP items), non-negative and summing to 1.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pacesetter.errors import InputError

# Saaty's random consistency index RI by matrix order n (Saaty 1980, The Analytic
# Hierarchy Process, McGraw-Hill, table 1.7; also Saaty 1990, EJOR 48:9–26, p. 15).
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41,
                9: 1.45, 10: 1.49}
MAX_CR = 0.10


@dataclass(frozen=True)
class AhpResult:
    """Priorities of a pairwise matrix and its consistency.

    ``worst_pair`` is the pair (i, j) whose judgement a_ij departs most from the
    ratio of the derived weights w_i / w_j (largest |ln(a_ij w_j / w_i)|).
    """

    weights: pd.Series
    lambda_max: float
    ci: float
    cr: float
    worst_pair: tuple[str, str]


def equal_weights(groups: Mapping[str, str], group_weights: Mapping[str, float] | None = None
                  ) -> pd.Series:
    """Equal weights within each group, groups weighted equally (or by ``group_weights``).

    ``groups`` maps indicator_id → group id, in order.
    """
    ids = list(groups)
    group_ids = list(dict.fromkeys(groups.values()))
    gw = group_weights or {g: 1 / len(group_ids) for g in group_ids}
    size = pd.Series(list(groups.values())).value_counts()
    return _normalised(pd.Series({i: gw[groups[i]] / size[groups[i]] for i in ids}))


def expert_weights(indicator_weights: Mapping[str, float], groups: Mapping[str, str],
                   group_weights: Mapping[str, float] | None = None) -> pd.Series:
    """Weights given in the framework: within-group weight × group weight (equal if not given).

    Within-group weights are rescaled over the indicators in ``groups``, so a
    group keeps its share when one of its indicators is left out.
    """
    group_ids = list(dict.fromkeys(groups.values()))
    gw = group_weights or {g: 1 / len(group_ids) for g in group_ids}
    total = {g: sum(indicator_weights[i] for i in groups if groups[i] == g) for g in group_ids}
    return _normalised(pd.Series({i: indicator_weights[i] / total[groups[i]] * gw[groups[i]]
                                  for i in groups}))


def ahp(matrix: Sequence[Sequence[float]], items: Sequence[str]) -> AhpResult:
    """Saaty's principal-eigenvector priorities with consistency index and ratio.

    λmax is the principal eigenvalue, CI = (λmax − n) / (n − 1), CR = CI / RI(n).
    Does not judge the CR; :func:`ahp_weights` refuses inconsistent matrices.
    """
    a = np.asarray(matrix, dtype=float)
    n = len(items)
    if a.shape != (n, n) or (a <= 0).any():
        raise InputError.said("analysis_errors.ahp_shape", n=n)
    values, vectors = np.linalg.eig(a)
    k = int(np.argmax(values.real))
    lam = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    ci = max((lam - n) / (n - 1), 0.0) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n, 1.49)
    cr = ci / ri if ri else 0.0
    dev = np.abs(np.log(a * w[None, :] / w[:, None]))
    i, j = np.unravel_index(int(np.argmax(np.triu(dev, 1))), dev.shape)
    return AhpResult(pd.Series(w, index=list(items)), lam, ci, cr, (items[int(i)], items[int(j)]))


def ahp_weights(matrix: Sequence[Sequence[float]], items: Sequence[str], max_cr: float = MAX_CR
                ) -> pd.Series:
    """AHP weights, refusing a matrix whose consistency ratio exceeds ``max_cr`` (Saaty: 0.1)."""
    res = ahp(matrix, items)
    if res.cr > max_cr:
        i, j = res.worst_pair
        a = np.asarray(matrix, dtype=float)[list(items).index(i), list(items).index(j)]
        implied = res.weights[i] / res.weights[j]
        raise InputError.said("analysis_errors.ahp_inconsistent", cr=res.cr, max_cr=max_cr,
                              lam=res.lambda_max, ci=res.ci, a=i, b=j, judged=a, implied=implied)
    return res.weights


def entropy_weights(normalised: pd.DataFrame) -> pd.Series:
    """Entropy weights of non-negative normalised columns (rows = regions).

    p_ij = x_ij / Σ_i x_ij, e_j = −Σ_i p_ij ln p_ij / ln n (0 ln 0 = 0),
    d_j = 1 − e_j, w_j = d_j / Σ_j d_j. Columns that do not vary (d_j = 0 for
    all j) give equal weights.
    """
    x = normalised.astype(float)
    if (x < 0).any().any() or x.isna().any().any():
        raise InputError.said("analysis_errors.entropy_values")
    n = len(x)
    if n < 2:
        raise InputError.said("analysis_errors.entropy_regions")
    p = x / x.sum()
    plogp = (p * np.log(p.where(p > 0, 1.0))).fillna(0.0)
    e = -plogp.sum() / np.log(n)
    d = 1 - e
    d = d.where(d > 1e-15, 0.0)
    if d.sum() == 0:
        return pd.Series(1 / x.shape[1], index=x.columns)
    return _normalised(d)


def pca_weights(matrix: pd.DataFrame) -> pd.Series:
    """Factor-based weights (Nicoletti et al. 2000; OECD/JRC Handbook 2008, §6.1).

    Principal components of the correlation matrix with eigenvalue > 1 (at least
    one) are kept and varimax-rotated; each indicator takes its squared loading,
    scaled to unity sum within its factor, on the factor where it loads most,
    times that factor's share of the explained variance; weights sum to 1.
    """
    x = matrix.astype(float)
    if x.isna().any().any() or len(x) < 3:
        raise InputError.said("analysis_errors.pca_regions")
    sd = x.std(ddof=0)
    if (sd == 0).any():
        raise InputError.said("analysis_errors.pca_constant", indicators=tuple(sd.index[sd == 0]))
    corr = np.corrcoef(((x - x.mean()) / sd).to_numpy(), rowvar=False)
    values, vectors = np.linalg.eigh(np.atleast_2d(corr))
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    keep = max(1, int((values > 1).sum()))
    loadings = varimax(vectors[:, :keep] * np.sqrt(values[:keep]))
    sq = loadings**2
    explained = sq.sum(axis=0)
    scaled = sq / explained
    factor = np.argmax(scaled, axis=1)
    w = scaled[np.arange(len(factor)), factor] * (explained / explained.sum())[factor]
    return _normalised(pd.Series(w, index=x.columns))


def varimax(loadings: np.ndarray, iterations: int = 100, tol: float = 1e-8) -> np.ndarray:
    """Kaiser's varimax rotation of a (variables × factors) loading matrix."""
    p, k = loadings.shape
    if k < 2:
        return loadings
    rotation = np.eye(k)
    last = 0.0
    for _ in range(iterations):
        lam = loadings @ rotation
        u, s, vt = np.linalg.svd(loadings.T @ (lam**3 - lam @ np.diag((lam**2).sum(axis=0)) / p))
        rotation = u @ vt
        if last and s.sum() < last * (1 + tol):
            break
        last = float(s.sum())
    return loadings @ rotation


def _normalised(w: pd.Series) -> pd.Series:
    return (w / w.sum()).astype(float)
