"""Benchmark: composite-rank uncertainty analysis, vectorised vs a per-draw pandas loop.

Both evaluate the same Saltelli design (same seed) over a SYNTHETIC matrix of
regions × indicators (seeded log-normal values, not real data): each run picks a
normalisation and an aggregation, perturbs the weights and may leave one
indicator out, then ranks the regions. The vectorised path is
``pacesetter.assess.uncertainty.RankModel``; the baseline loops over the runs
with pandas, normalising, aggregating and ranking each run on its own. The
script checks that every run gives identical ranks and identical summaries and
prints times, the speed ratio and the peak memory of the vectorised path.

    python benchmarks/assess_bench.py                      # 10,000 draws, 300 × 40
    python benchmarks/assess_bench.py --draws 2000         # quicker

Target (issue 3): at least 50× faster than the baseline, peak memory < 2 GiB.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd

from pacesetter.assess.aggregate import aggregate, rank_scores
from pacesetter.assess.config import Uncertainty
from pacesetter.assess.normalise import normalise, positive_for_geometric
from pacesetter.assess.uncertainty import TIE_DECIMALS, RankModel, sample_design, summarise


def synthetic(regions: int, indicators: int, seed: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """A seeded, clearly synthetic matrix (regions × indicators) and random polarities."""
    rng = np.random.default_rng(seed)
    matrix = pd.DataFrame(rng.lognormal(3, 1, size=(regions, indicators)),
                          index=pd.Index([f"S{i:04d}" for i in range(regions)], name="region_code"),
                          columns=[f"ind{j:02d}" for j in range(indicators)])
    polarity = {c: ("higher" if rng.random() < 0.8 else "lower") for c in matrix.columns}
    return matrix, polarity


def baseline(matrix: pd.DataFrame, polarity: dict[str, str], weights: pd.Series, choices: Uncertainty,
             u: np.ndarray) -> np.ndarray:
    """The straightforward way: one pandas normalisation, aggregation and ranking per run."""
    m, out = matrix.shape[1], []
    cols = list(matrix.columns)
    for row in u:
        norm_method = choices.normalisations[min(int(row[m] * len(choices.normalisations)),
                                                 len(choices.normalisations) - 1)]
        agg = choices.aggregations[min(int(row[m + 1] * len(choices.aggregations)),
                                       len(choices.aggregations) - 1)]
        w = weights * (1 + choices.weight_perturbation * (2 * pd.Series(row[:m], index=cols) - 1))
        drop = min(int(row[m + 2] * (m + 1)), m)
        if drop and w.drop(cols[drop - 1]).sum() > 0:
            w[cols[drop - 1]] = 0.0
        w = w / w.sum()
        norm = normalise(matrix, norm_method, polarity)
        if agg == "geometric":
            score = (np.log(positive_for_geometric(norm, norm_method)[0]) * w).sum(axis=1)
        else:
            score = (norm * w).sum(axis=1)
        out.append(score.round(TIE_DECIMALS).rank(ascending=False, method="min").to_numpy(dtype=np.int32))
    return np.vstack(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20221012)
    args = parser.parse_args()

    matrix, polarity = synthetic(args.regions, args.indicators, args.seed)
    weights = pd.Series(1 / args.indicators, index=matrix.columns)
    nominal = rank_scores(aggregate(normalise(matrix, "min_max", polarity), weights, "arithmetic"))
    choices = Uncertainty(seed=args.seed)

    def vectorised() -> tuple[dict[str, np.ndarray], pd.DataFrame, pd.DataFrame]:
        model = RankModel(matrix, polarity, weights, choices)
        design = sample_design(n_base, model.m + 3, columns, args.seed)
        runs = {name: model.evaluate(u) for name, u in design.runs()}
        return runs, *summarise(runs, model.regions, nominal)

    columns = RankModel(matrix, polarity, weights, choices).factor_columns()
    n_base = max(args.draws // (len(columns) + 2), 2)
    design = sample_design(n_base, args.indicators + 3, columns, args.seed)
    t0 = time.perf_counter()
    fast, fast_ranks, fast_sens = vectorised()
    t_fast = time.perf_counter() - t0
    tracemalloc.start()  # a second pass, so that tracing does not slow the timed one
    vectorised()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    t0 = time.perf_counter()
    slow = {name: baseline(matrix, polarity, weights, choices, u) for name, u in design.runs()}
    slow_ranks, slow_sens = summarise(slow, list(matrix.index), nominal)
    t_slow = time.perf_counter() - t0

    runs = sum(len(v) for v in fast.values())
    same_runs = all(np.array_equal(fast[k], slow[k]) for k in fast)
    same_summary = fast_ranks.equals(slow_ranks) and np.allclose(
        fast_sens[["first_order", "total_effect"]], slow_sens[["first_order", "total_effect"]],
        equal_nan=True, rtol=0, atol=1e-12)
    print(f"SYNTHETIC data: {args.regions} regions × {args.indicators} indicators, seed {args.seed}")
    print(f"runs: {runs} (base sample {n_base}, factors: {', '.join(columns)})")
    print(f"{'method':<28}{'seconds':>10}")
    print(f"{'per-draw pandas loop':<28}{t_slow:>10.2f}")
    print(f"{'vectorised (RankModel)':<28}{t_fast:>10.2f}")
    print(f"speed ratio: {t_slow / t_fast:.1f}× (target ≥ 50×)")
    print(f"peak memory, vectorised (tracemalloc): {peak / 2**20:.1f} MiB (target < 2048 MiB)")
    print(f"identical ranks in every run: {same_runs}; identical summaries: {same_summary}")
    if not (same_runs and same_summary):
        raise SystemExit("the two methods disagree")


if __name__ == "__main__":
    main()
