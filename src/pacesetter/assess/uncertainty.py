"""Uncertainty and sensitivity of composite ranks (OECD/JRC Handbook, 2008, step 8).

The modeller's choices are uncertain inputs, each driven by uniform numbers in
[0, 1):

- ``weights``: every weight w_j becomes w_j (1 + δ (2u_j − 1)), then the weights
  are rescaled to sum to 1 (one factor made of one column per indicator);
- ``normalisation`` and ``aggregation``: one of the listed methods, equally likely;
- ``exclusion``: none or one indicator left out, equally likely (m + 1 options); a run
  that would leave no weight at all keeps every indicator.

The sample is Saltelli's radial design: two independent base matrices A and B
(n rows each) and, for each factor f, A with f's columns taken from B (AB_f);
n (k + 2) runs in all for k active factors. Every run is a valid draw of the
inputs, so the rank distribution uses all of them. For each region's rank Y:

- first-order index  S_f  = mean(Y_B (Y_ABf − Y_A)) / V      (Saltelli et al. 2010)
- total-effect index ST_f = mean((Y_A − Y_ABf)²) / (2V)       (Jansen 1999)

with V the variance of Y over A and B. Saltelli, A. et al. (2010), "Variance
based sensitivity analysis of model output", Computer Physics Communications
181(2):259–270. Everything is reproducible from ``seed``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import pandas as pd

from pacesetter.assess.config import Uncertainty
from pacesetter.assess.normalise import normalise, positive_for_geometric

FACTORS = ("weights", "normalisation", "aggregation", "exclusion")
ALL_REGIONS = "*"  # sensitivity of the mean absolute rank shift over all regions
# Scores equal to this many decimals are ties: BLAS may sum identical rows in different
# orders, and equal regions must not be ranked apart by rounding noise.
TIE_DECIMALS = 10
# Runs are scored and ranked in blocks of this many, so that a block's arrays stay in the
# CPU cache and time and memory grow linearly with the draws.
BLOCK_RUNS = 256
# Each matrix product does at most this many multiply-adds. OpenBLAS runs products below 2^19
# on one thread and larger ones on its thread pool, which at these sizes costs more than it
# saves: on a busy machine about 10× per product (the time grew faster than the draws).
PRODUCT_MACS = 1 << 18
PERCENTILES = (5, 50, 95)


@dataclass(frozen=True)
class Design:
    """Saltelli's sample: base matrices A and B and the columns of each active factor."""

    a: np.ndarray
    b: np.ndarray
    columns: dict[str, list[int]]

    def runs(self) -> Iterator[tuple[str, np.ndarray]]:
        """("A", A), ("B", B), then (factor, AB_factor) for each active factor."""
        yield "A", self.a
        yield "B", self.b
        for factor, cols in self.columns.items():
            ab = self.a.copy()
            ab[:, cols] = self.b[:, cols]
            yield factor, ab


@dataclass(frozen=True)
class Decoded:
    """The choices of each run: normalisation and aggregation indices and weight rows."""

    normalisation: np.ndarray
    aggregation: np.ndarray
    weights: np.ndarray


@dataclass
class UncertaintyResult:
    """Rank distribution and sensitivity indices.

    - ``ranks``: region_code, nominal_rank, median_rank, p05_rank, p95_rank, mean_rank
    - ``sensitivity``: region_code (``*`` = mean absolute rank shift), factor,
      first_order, total_effect (NaN where the rank never varies)
    - ``info``: draws asked, base sample n, runs, seed, active factors
    """

    ranks: pd.DataFrame
    sensitivity: pd.DataFrame
    info: dict[str, object]


class RankModel:
    """Composite ranks as a function of the design's uniform numbers, vectorised over runs.

    Normalised matrices are computed once per method; a run is then a weighted
    sum (arithmetic) or a weighted sum of logs (geometric, same order as the
    weighted geometric mean) and a ranking.
    """

    def __init__(self, treated: pd.DataFrame, polarity: Mapping[str, str], weights: pd.Series,
                 choices: Uncertainty, targets: Mapping[str, float] | None = None) -> None:
        self.regions = list(treated.index)
        self.indicators = list(treated.columns)
        self.nominal = weights.reindex(self.indicators).to_numpy(dtype=float)
        self.choices = choices
        self.m = len(self.indicators)
        self.tables: dict[tuple[int, int], np.ndarray] = {}
        for k, method in enumerate(choices.normalisations):
            norm = normalise(treated, method, polarity, targets)
            for a, agg in enumerate(choices.aggregations):
                if agg == "geometric":
                    self.tables[k, a] = np.log(positive_for_geometric(norm, method)[0].to_numpy())
                else:
                    self.tables[k, a] = norm.to_numpy(dtype=float)

    def factor_columns(self) -> dict[str, list[int]]:
        """Design columns of each active factor (a factor with one option is left out)."""
        c = self.choices
        cols = {"weights": list(range(self.m)), "normalisation": [self.m],
                "aggregation": [self.m + 1], "exclusion": [self.m + 2]}
        active = {"weights": c.weight_perturbation > 0, "normalisation": len(c.normalisations) > 1,
                  "aggregation": len(c.aggregations) > 1, "exclusion": c.drop_indicators and self.m > 1}
        return {f: cols[f] for f in FACTORS if active[f]}

    def decode(self, u: np.ndarray) -> Decoded:
        """Turn uniform numbers (runs × (m + 3)) into the choices of each run."""
        c, m = self.choices, self.m
        delta = c.weight_perturbation
        perturbed = self.nominal[None, :] * (1 + delta * (2 * u[:, :m] - 1))
        w = perturbed.copy()
        if c.drop_indicators and m > 1:
            drop = np.minimum((u[:, m + 2] * (m + 1)).astype(int), m)  # 0 = keep all
            rows = np.nonzero(drop > 0)[0]
            w[rows, drop[rows] - 1] = 0.0
            empty = w.sum(axis=1) == 0  # dropping the only weighted indicator: keep it
            w[empty] = perturbed[empty]
        w = w / w.sum(axis=1, keepdims=True)
        return Decoded(_pick(u[:, m], len(c.normalisations)), _pick(u[:, m + 1], len(c.aggregations)), w)

    def evaluate(self, u: np.ndarray) -> np.ndarray:
        """Ranks (runs × regions, 1 = best) for the design rows ``u``.

        Runs are sorted by their normalisation and aggregation, so that each product
        reads contiguous weight rows, then scored and ranked in blocks of
        :data:`BLOCK_RUNS`; the ranks go back to the runs' order at the end.
        """
        d = self.decode(u)
        n_agg = len(self.choices.aggregations)
        table = d.normalisation * n_agg + d.aggregation
        by_table = np.argsort(table, kind="stable")
        which, weights = table[by_table], d.weights[by_table]
        tables = [self.tables[divmod(t, n_agg)].T for t in range(len(self.tables))]
        firsts = np.searchsorted(which, np.arange(len(tables)))  # each table's first run
        step = max(PRODUCT_MACS // (self.m * len(self.regions)), 1)
        ranks = np.empty((len(u), len(self.regions)), dtype=np.int32)
        for start in range(0, len(u), BLOCK_RUNS):
            stop = min(start + BLOCK_RUNS, len(u))
            keys = np.empty((stop - start, len(self.regions)))
            cuts = np.union1d(np.arange(start, stop, step), firsts)
            for lo, hi in pairwise([*cuts[(cuts >= start) & (cuts < stop)], stop]):
                np.matmul(weights[lo:hi], tables[which[lo]], out=keys[lo - start:hi - start])
            # −score rounded to TIE_DECIMALS, as an integer count of 10^-TIE_DECIMALS: equal
            # rounded scores are equal keys, and the lowest key is the best score
            np.rint(np.multiply(keys, -(10.0 ** TIE_DECIMALS), out=keys), out=keys)
            ranks[by_table[start:stop]] = competition_ranks(keys)
        return ranks


def competition_ranks(keys: np.ndarray) -> np.ndarray:
    """Competition ranks within each row, 1 = the lowest key; equal keys share the better rank.

    ``keys`` hold whole numbers (rounded scores, as floats). Keys small enough to share an
    int64 with their column number are sorted with it (a plain sort, about twice as fast as
    an argsort); others are argsorted. The pass for ties runs only when a row has some.
    """
    n, r = keys.shape
    bits = max(r - 1, 1).bit_length()
    if np.abs(keys).max(initial=0) < 2.0 ** (62 - bits):
        packed = keys.astype(np.int64) << bits | np.arange(r)
        packed.sort(axis=1)
        order, ordered = packed & ((1 << bits) - 1), packed >> bits
    else:
        order = np.argsort(keys, axis=1)
        ordered = np.take_along_axis(keys, order, axis=1)
    flat = (order + (np.arange(n) * r)[:, None]).ravel()
    tied = ordered[:, 1:] == ordered[:, :-1]
    first = np.tile(np.arange(1, r + 1, dtype=np.int32), (n, 1))  # 1-based position in the order
    if tied.any():  # a tied key takes the position of the first of its run
        first[:, 1:][tied] = 0
        np.maximum.accumulate(first, axis=1, out=first)
    ranks = np.empty(n * r, dtype=np.int32)
    ranks[flat] = first.ravel()
    return ranks.reshape(n, r)


def _pick(u: np.ndarray, n: int) -> np.ndarray:
    """Option index 0..n−1 for uniform numbers, each option equally likely."""
    picked: np.ndarray = np.minimum((u * n).astype(int), n - 1)
    return picked


def sample_design(n_base: int, n_columns: int, columns: dict[str, list[int]], seed: int) -> Design:
    """Two independent uniform base matrices (n_base × n_columns) from ``seed``."""
    rng = np.random.default_rng(seed)
    return Design(rng.random((n_base, n_columns)), rng.random((n_base, n_columns)), columns)


def compute_rank_uncertainty(
    treated: pd.DataFrame, polarity: Mapping[str, str], weights: pd.Series, nominal_ranks: pd.Series,
    choices: Uncertainty, draws: int, *, targets: Mapping[str, float] | None = None,
    seed: int | None = None,
) -> UncertaintyResult:
    """Monte Carlo rank intervals and Saltelli/Jansen sensitivity indices.

    ``treated`` is the composite's input after missing-data and outlier
    treatment (regions × indicators); ``nominal_ranks`` the ranks under the
    framework's own methods, indexed by region_code. About ``draws`` runs in
    all: the base sample is draws // (k + 2) rows (at least 2).
    """
    model = RankModel(treated, polarity, weights, choices, targets)
    columns = model.factor_columns()
    n_base = max(draws // (len(columns) + 2), 2)
    seed = choices.seed if seed is None else seed
    design = sample_design(n_base, model.m + 3, columns, seed)
    outputs = {name: model.evaluate(u) for name, u in design.runs()}
    ranks, sensitivity = summarise(outputs, model.regions, nominal_ranks)
    info: dict[str, object] = {"draws": draws, "n_base": n_base, "runs": n_base * (len(columns) + 2),
                               "seed": seed, "factors": list(columns)}
    return UncertaintyResult(ranks, sensitivity, info)


def summarise(outputs: Mapping[str, np.ndarray], regions: list[str], nominal_ranks: pd.Series
              ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rank summary over all runs and sensitivity indices from the A, B and AB_f rank outputs."""
    nominal = nominal_ranks.reindex(regions).to_numpy()
    p05, median, p95, mean = rank_distribution(list(outputs.values()), len(regions))
    ranks = pd.DataFrame({
        "region_code": regions, "nominal_rank": nominal,
        "median_rank": median, "p05_rank": p05, "p95_rank": p95, "mean_rank": mean,
    }).sort_values(["median_rank", "nominal_rank"]).reset_index(drop=True)
    return ranks, sensitivity(outputs, regions, nominal_ranks)


def rank_distribution(outputs: list[np.ndarray], n_regions: int) -> tuple[np.ndarray, ...]:
    """Each region's 5th, 50th and 95th percentile and mean rank over every run.

    Ranks are integers 1..n, so they are counted rather than sorted (time linear in the
    runs, memory n² counts); the percentiles are NumPy's default (linear interpolation between the order
    statistics at (N − 1) q), the same numbers as ``np.percentile`` over the runs.
    """
    offsets = np.arange(n_regions) * n_regions - 1  # region j's rank v counts in cell j n + v − 1
    flat = np.zeros(n_regions * n_regions, dtype=np.int64)
    for y in outputs:
        flat += np.bincount((y + offsets).ravel(), minlength=len(flat))
    counts = flat.reshape(n_regions, n_regions)  # region × rank
    runs = int(counts[0].sum())
    at_or_below = counts.cumsum(axis=1)  # runs with rank ≤ v, per region

    def order_statistic(i: int) -> np.ndarray:  # the (i + 1)-th smallest rank of each region
        smallest: np.ndarray = (at_or_below <= i).sum(axis=1) + 1.0
        return smallest

    h = (runs - 1) * (np.asarray(PERCENTILES) / 100)
    result = []
    for hq in h:
        lo = int(np.floor(hq))
        a, b, t = order_statistic(lo), order_statistic(min(lo + 1, runs - 1)), hq - lo
        result.append(b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t)  # np.percentile's lerp
    mean = (counts * np.arange(1, n_regions + 1)).sum(axis=1) / runs
    return (*result, mean)


def sensitivity(outputs: Mapping[str, np.ndarray], regions: list[str], nominal_ranks: pd.Series
                ) -> pd.DataFrame:
    """First-order and total-effect indices of each region's rank and of the mean absolute rank shift."""
    nominal = nominal_ranks.reindex(regions).to_numpy(dtype=float)
    shift = {name: np.abs(y - nominal).mean(axis=1, keepdims=True) for name, y in outputs.items()}
    rows: list[dict[str, object]] = []
    for labels, ys in ((regions, outputs), ([ALL_REGIONS], shift)):
        # Outputs are centred on the mean over A and B: the estimators' expectations do not
        # change, their sampling error shrinks when the mean is large against the spread.
        n = len(ys["A"])
        centre = (ys["A"].sum(axis=0) + ys["B"].sum(axis=0)) / (2 * n)
        ya, yb = ys["A"] - centre, ys["B"] - centre
        var = (_column_dot(ya, ya) + _column_dot(yb, yb)) / (2 * n)
        for factor in [f for f in FACTORS if f in ys]:
            d = (ys["A"] - ys[factor]).astype(float)  # Y_A − Y_ABf, exact for ranks
            with np.errstate(invalid="ignore", divide="ignore"):
                first = np.where(var > 0, -_column_dot(yb, d) / n / var, np.nan)
                total = np.where(var > 0, _column_dot(d, d) / (2 * n) / var, np.nan)
            rows.extend({"region_code": r, "factor": factor, "first_order": float(s),
                         "total_effect": float(t)} for r, s, t in zip(labels, first, total, strict=True))
    return pd.DataFrame(rows, columns=["region_code", "factor", "first_order", "total_effect"])


def _column_dot(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Σ_i x_ij y_ij for each column j, without a temporary the size of x."""
    dot: np.ndarray = np.einsum("ij,ij->j", x, y)
    return dot
