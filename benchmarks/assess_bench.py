"""Benchmark: composite-rank uncertainty analysis, vectorised vs a competent per-draw loop.

Both evaluate the same Saltelli design (same seed) over a SYNTHETIC matrix of
regions × indicators (seeded log-normal values, not real data): each run picks a
normalisation and an aggregation, perturbs the weights and may leave one
indicator out, then ranks the regions.

- **Baseline: competent NumPy loop.** What a capable analyst writes: every
  normalised (and, for the geometric mean, logged) matrix is computed ONCE, before
  the loop; the loop then decodes one run's choices, takes one matrix-vector
  product and ranks (``ranks_with_ties``, the package's own tie rule, the quickest
  correct ranking at hand: ``scipy.stats.rankdata`` takes about twice as long).
- **Vectorised:** ``pacesetter.assess.uncertainty.compute_rank_uncertainty``'s path
  (``RankModel.evaluate`` over all runs at once, in blocks).

Both pay the same setup (the normalised matrices) and the same summary (rank
percentiles and sensitivity indices, ``summarise``); the table shows the total a
user waits for and, apart, the ratio of the per-run part alone. The script checks
that every run gives identical ranks and that the summaries are identical, and
prints the best of ``--repeat`` alternating timings for each number of draws.

    python benchmarks/assess_bench.py                    # 1,000 … 20,000 draws, 300 × 40
    python benchmarks/assess_bench.py --draws 2000 --repeat 1   # quicker
"""

from __future__ import annotations

import argparse
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from pacesetter.assess.aggregate import aggregate, rank_scores
from pacesetter.assess.config import Uncertainty
from pacesetter.assess.normalise import normalise
from pacesetter.assess.peers import ranks_with_ties
from pacesetter.assess.uncertainty import TIE_DECIMALS, RankModel, sample_design, summarise

DRAWS = (1_000, 2_000, 5_000, 10_000, 20_000)
Outputs = dict[str, np.ndarray]


class Timing(NamedTuple):
    """Wall seconds of one method (setup: the normalised matrices; runs; summary) and CPU seconds."""

    setup: float
    runs: float
    summary: float
    cpu_runs: float
    cpu_total: float

    @property
    def total(self) -> float:
        return self.setup + self.runs + self.summary


def synthetic(regions: int, indicators: int, seed: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """A seeded, clearly synthetic matrix (regions × indicators) and random polarities."""
    rng = np.random.default_rng(seed)
    matrix = pd.DataFrame(rng.lognormal(3, 1, size=(regions, indicators)),
                          index=pd.Index([f"S{i:04d}" for i in range(regions)], name="region_code"),
                          columns=[f"ind{j:02d}" for j in range(indicators)])
    polarity = {c: ("higher" if rng.random() < 0.8 else "lower") for c in matrix.columns}
    return matrix, polarity


def competent_loop(model: RankModel, u: np.ndarray) -> np.ndarray:
    """One run at a time over matrices normalised once (``model.tables``, built before the loop)."""
    c, m = model.choices, model.m
    n_norm, n_agg = len(c.normalisations), len(c.aggregations)
    out = np.empty((len(u), len(model.regions)), dtype=np.int32)
    for i, row in enumerate(u):
        k = min(int(row[m] * n_norm), n_norm - 1)
        a = min(int(row[m + 1] * n_agg), n_agg - 1)
        w = model.nominal * (1 + c.weight_perturbation * (2 * row[:m] - 1))
        drop = min(int(row[m + 2] * (m + 1)), m) if c.drop_indicators and m > 1 else 0
        if drop and w.sum() - w[drop - 1] > 0:  # dropping the only weighted indicator: keep it
            w[drop - 1] = 0.0
        score = model.tables[k, a] @ (w / w.sum())
        out[i] = ranks_with_ties(np.round(score, TIE_DECIMALS))
    return out


def vectorised(model: RankModel, u: np.ndarray) -> np.ndarray:
    """All runs at once (in blocks)."""
    return model.evaluate(u)


def timed(method: Callable[[RankModel, np.ndarray], np.ndarray], args: argparse.Namespace,
          matrix: pd.DataFrame, polarity: dict[str, str], weights: pd.Series, nominal: pd.Series,
          draws: int) -> tuple[Timing, Outputs, tuple[pd.DataFrame, pd.DataFrame]]:
    """Set up, evaluate every run of the design with ``method`` and summarise, timing each step."""
    t0, c0 = time.perf_counter(), time.process_time()
    model = RankModel(matrix, polarity, weights, Uncertainty(seed=args.seed))
    columns = model.factor_columns()
    design = sample_design(max(draws // (len(columns) + 2), 2), model.m + 3, columns, args.seed)
    t1, c1 = time.perf_counter(), time.process_time()
    runs = {name: method(model, u) for name, u in design.runs()}
    t2, c2 = time.perf_counter(), time.process_time()
    summary = summarise(runs, model.regions, nominal)
    t3, c3 = time.perf_counter(), time.process_time()
    return Timing(t1 - t0, t2 - t1, t3 - t2, c2 - c1, c3 - c0), runs, summary


def same(a: Outputs, b: Outputs, sa: tuple[pd.DataFrame, pd.DataFrame],
         sb: tuple[pd.DataFrame, pd.DataFrame]) -> bool:
    """Identical ranks in every run, identical rank summaries and sensitivity indices."""
    return (all(np.array_equal(a[k], b[k]) for k in a) and sa[0].equals(sb[0])
            and sa[1].equals(sb[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--draws", type=int, nargs="+", default=list(DRAWS))
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20221012)
    parser.add_argument("--repeat", type=int, default=3, help="timings per method; the best counts")
    args = parser.parse_args()

    matrix, polarity = synthetic(args.regions, args.indicators, args.seed)
    weights = pd.Series(1 / args.indicators, index=matrix.columns)
    nominal = rank_scores(aggregate(normalise(matrix, "min_max", polarity), weights, "arithmetic"))
    data = (args, matrix, polarity, weights, nominal)
    print(f"SYNTHETIC data: {args.regions} regions × {args.indicators} indicators, seed {args.seed}; "
          f"best of {args.repeat} alternating timings; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the start")
    print("baseline: competent NumPy loop (normalisations computed once, one run per iteration)")
    print("seconds are wall-clock totals: setup (normalise once) + runs + summary, the setup and "
          "summary the same code for both;\nratios are baseline / vectorised, in wall-clock and in "
          "CPU time (process time: what a busy machine does not inflate)")
    print(f"{'draws':>7} {'runs':>7} {'setup s':>8} {'summary s':>10} {'baseline s':>11} "
          f"{'vectorised s':>13} {'ratio':>6} {'runs only':>10} {'CPU ratio':>10} {'CPU runs only':>14} "
          f"{'vect. µs/run':>13}")
    for draws in args.draws:
        best: dict[str, Timing] = {}
        for _ in range(args.repeat):  # alternate, so that both see the same machine load
            loop_t, loop_runs, loop_summary = timed(competent_loop, *data, draws)
            fast_t, fast_runs, fast_summary = timed(vectorised, *data, draws)
            for name, t in (("loop", loop_t), ("fast", fast_t)):
                best[name] = min(best.get(name, t), t, key=lambda x: x.total)
        if not same(loop_runs, fast_runs, loop_summary, fast_summary):
            raise SystemExit(f"{draws} draws: the two methods disagree")
        n_runs = sum(len(r) for r in fast_runs.values())
        loop, fast = best["loop"], best["fast"]
        print(f"{draws:>7,} {n_runs:>7,} {fast.setup:>8.3f} {fast.summary:>10.3f} {loop.total:>11.3f} "
              f"{fast.total:>13.3f} {loop.total / fast.total:>5.1f}× {loop.runs / fast.runs:>9.1f}× "
              f"{loop.cpu_total / fast.cpu_total:>9.1f}× {loop.cpu_runs / fast.cpu_runs:>13.1f}× "
              f"{fast.runs / n_runs * 1e6:>13.1f}")
    tracemalloc.start()
    timed(vectorised, *data, max(args.draws))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"identical ranks in every run and identical summaries: True; peak memory of the vectorised "
          f"path at {max(args.draws):,} draws (tracemalloc): {peak / 2**20:.0f} MiB; load average "
          f"{os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
