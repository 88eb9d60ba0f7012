"""Monte Carlo ranks and Saltelli/Jansen sensitivity indices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess.config import Uncertainty
from pacesetter.assess.uncertainty import ALL_REGIONS, compute_rank_uncertainty, summarise

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
    _, sens = summarise(outputs, ["y"], pd.Series({"y": 0.0}))
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
