"""Monte Carlo ranks and Saltelli/Jansen sensitivity indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess import uncertainty
from pacesetter.assess.config import Uncertainty
from pacesetter.assess.uncertainty import (
    ALL_REGIONS,
    RankModel,
    competition_ranks,
    compute_rank_uncertainty,
    rank_distribution,
    sample_design,
    sensitivity,
)

# Min-max: a = (1, 0), b = (.45, .45), c = (0, 1); weights .6 and .4. Arithmetic: a .6,
# b .45, c .4. Geometric (zeros floored at .001): a .001^.4 = .063, b .45, c .001^.6 = .016.
# So a and b swap places with the aggregation; c is always third.
RAW = pd.DataFrame({"x": [10.0, 4.5, 0.0], "y": [0.0, 4.5, 10.0]},
                   index=pd.Index(["a", "b", "c"], name="region_code"))
POL = {"x": "higher", "y": "higher"}
W = pd.Series({"x": 0.6, "y": 0.4})
NOMINAL = pd.Series({"a": 1, "b": 2, "c": 3})


def test_estimators_on_an_additive_model_with_known_indices() -> None:
    # Y = X1 + 2 X2, X ~ U(0, 1): V1 = 1/12, V2 = 4/12, so S1 = ST1 = 0.2 and S2 = ST2 = 0.8.
    rng = np.random.default_rng(11)
    n = 40_000
    a, b = rng.random((n, 2)), rng.random((n, 2))
    model = lambda m: (m[:, 0] + 2 * m[:, 1])[:, None]  # noqa: E731
    ab1, ab2 = a.copy(), a.copy()
    ab1[:, 0], ab2[:, 1] = b[:, 0], b[:, 1]
    outputs = {"A": model(a), "B": model(b), "weights": model(ab1), "normalisation": model(ab2)}
    sens = sensitivity(outputs, ["y"], pd.Series({"y": 0.0}))
    s = sens[sens["region_code"] == "y"].set_index("factor")
    assert s.loc["weights", "first_order"] == pytest.approx(0.2, abs=0.02)
    assert s.loc["normalisation", "first_order"] == pytest.approx(0.8, abs=0.02)
    assert s.loc["weights", "total_effect"] == pytest.approx(0.2, abs=0.02)
    assert s.loc["normalisation", "total_effect"] == pytest.approx(0.8, abs=0.02)


def test_only_the_aggregation_matters_here() -> None:
    choices = Uncertainty(normalisations=["min_max"], aggregations=["arithmetic", "geometric"],
                          weight_perturbation=0.0, drop_indicators=False)
    res = compute_rank_uncertainty(RAW, POL, W, NOMINAL, choices, draws=1500, seed=5)
    assert res.info["factors"] == ["aggregation"] and res.info["runs"] == 1500
    s = res.sensitivity[res.sensitivity["region_code"] == "a"].iloc[0]
    # One uncertain input: it explains all of the rank's variance.
    assert s["first_order"] == pytest.approx(1.0, abs=0.15)
    assert s["total_effect"] == pytest.approx(1.0, abs=0.15)
    ranks = res.ranks.set_index("region_code")
    assert (ranks.loc["a", "p05_rank"], ranks.loc["a", "p95_rank"]) == (1, 2)
    assert ranks.loc["c", "p05_rank"] == ranks.loc["c", "p95_rank"] == 3


def test_reproducible_with_a_seed_and_sensitive_to_it() -> None:
    args = (RAW, POL, W, NOMINAL, Uncertainty(), 300)
    one, two = compute_rank_uncertainty(*args, seed=1), compute_rank_uncertainty(*args, seed=1)
    pd.testing.assert_frame_equal(one.ranks, two.ranks)
    pd.testing.assert_frame_equal(one.sensitivity, two.sensitivity)
    other = compute_rank_uncertainty(*args, seed=2)
    assert not one.sensitivity.equals(other.sensitivity)
    assert set(one.sensitivity["region_code"]) == {"a", "b", "c", ALL_REGIONS}
    assert one.info["factors"] == ["weights", "normalisation", "aggregation", "exclusion"]


def test_ranks_that_never_move_have_no_indices() -> None:
    single = RAW[["x"]]
    res = compute_rank_uncertainty(single, POL, pd.Series({"x": 1.0}), pd.Series({"a": 1, "b": 2, "c": 3}),
                                   Uncertainty(), 120, seed=3)
    assert res.sensitivity[["first_order", "total_effect"]].isna().all().all()
    assert res.ranks["median_rank"].tolist() == [1, 2, 3]


def test_competition_ranks_by_hand() -> None:
    keys = np.array([[3.0, 1.0, 3.0, 2.0], [5.0, 5.0, 5.0, 5.0], [4.0, 3.0, 2.0, 1.0]])
    # Row 1: 1 is best, then 2, then the two 3s share rank 3 (and no rank 4). Row 2: all tied.
    expected = [[3, 1, 3, 2], [1, 1, 1, 1], [4, 3, 2, 1]]
    assert competition_ranks(keys).tolist() == expected
    # Keys too large to share an int64 with the column number take the argsort path.
    assert competition_ranks(keys * 2.0**60).tolist() == expected


def test_rank_distribution_by_hand() -> None:
    # Region a ranks 1, 1, 2, 1 and b 2, 2, 1, 2 over four runs (given in two arrays).
    # NumPy's percentile: position h = (4 − 1) q in the sorted ranks, linear in between.
    # a sorted 1, 1, 1, 2: p05 (h .15) 1, median (h 1.5) 1, p95 (h 2.85) 1 + .85 = 1.85; mean 5/4.
    # b sorted 1, 2, 2, 2: p05 1 + .15 = 1.15, median 2, p95 2; mean 7/4.
    runs = [np.array([[1, 2], [1, 2]]), np.array([[2, 1], [1, 2]])]
    p05, median, p95, mean = rank_distribution(runs, 2)
    assert p05 == pytest.approx([1.0, 1.15])
    assert median == pytest.approx([1.0, 2.0])
    assert p95 == pytest.approx([1.85, 2.0])
    assert mean == pytest.approx([1.25, 1.75])


def test_rank_distribution_is_numpys_percentile() -> None:
    rng = np.random.default_rng(4)
    ranks = rng.integers(1, 8, size=(37, 7))
    got = rank_distribution(np.array_split(ranks, 3), 7)
    want = (*np.percentile(ranks, [5, 50, 95], axis=0), ranks.mean(axis=0))
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w)


def test_blocks_and_products_do_not_change_the_ranks(monkeypatch: pytest.MonkeyPatch) -> None:
    # 12 regions, the last four copies of the first four (ties in every run), 3 indicators.
    rng = np.random.default_rng(8)
    raw = pd.DataFrame(rng.lognormal(2, 1, size=(8, 3)), columns=["x", "y", "z"])
    raw = pd.concat([raw, raw.iloc[:4]], ignore_index=True)
    raw.index = pd.Index([f"r{i:02d}" for i in range(12)], name="region_code")
    model = RankModel(raw, {"x": "higher", "y": "lower", "z": "higher"},
                      pd.Series({"x": 0.5, "y": 0.3, "z": 0.2}), Uncertainty())
    u = sample_design(50, model.m + 3, model.factor_columns(), 9).a
    default = model.evaluate(u)
    monkeypatch.setattr(uncertainty, "BLOCK_RUNS", 7)
    monkeypatch.setattr(uncertainty, "PRODUCT_MACS", 1)  # one run per product
    np.testing.assert_array_equal(model.evaluate(u), default)
    # Each run on its own, ranked by pandas: the same ranks, copies tied.
    d = model.decode(u)
    for i in range(len(u)):
        score = model.tables[d.normalisation[i], d.aggregation[i]] @ d.weights[i]
        by_pandas = pd.Series(score).round(uncertainty.TIE_DECIMALS).rank(ascending=False, method="min")
        assert default[i].tolist() == by_pandas.astype(int).tolist()
    assert (default[:, :4] == default[:, 8:]).all()
