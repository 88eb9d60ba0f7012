"""Composite index steps on a three-city case worked by hand.

x (higher is better) = 10, 20, 30 and y (lower is better) = 2, 1, 5 for cities a, b, c.
Min-max: x → 0, .5, 1; y → (5 − y) / 4 = .75, 1, 0.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess.aggregate import aggregate, rank_scores
from pacesetter.assess.composite import compute_composite
from pacesetter.assess.config import Ahp, Methods
from pacesetter.assess.explain import compute_contributions
from pacesetter.assess.normalise import normalise, positive_for_geometric
from pacesetter.errors import InputError

RAW = pd.DataFrame({"x": [10.0, 20.0, 30.0], "y": [2.0, 1.0, 5.0]},
                   index=pd.Index(["a", "b", "c"], name="region_code"))
POL = {"x": "higher", "y": "lower"}
W = pd.Series({"x": 0.5, "y": 0.5})
SPECS = pd.DataFrame({"indicator_id": ["x", "y", "z"], "group": ["g1", "g2", "g2"],
                      "polarity": ["higher", "lower", "higher"], "weight": [math.nan] * 3,
                      "target": [math.nan] * 3})


def _long(matrix: pd.DataFrame, year: int = 2023) -> pd.DataFrame:
    long = matrix.stack().rename("value").reset_index()
    long.columns = ["region_code", "indicator_id", "value"]
    long["year"] = year
    return long


def test_arithmetic_scores_ranks_and_contributions() -> None:
    norm = normalise(RAW, "min_max", POL)
    scores = aggregate(norm, W, "arithmetic")
    np.testing.assert_allclose(scores, [0.375, 0.75, 0.5])
    assert rank_scores(scores).tolist() == [3, 1, 2]
    c = compute_contributions(norm, W, "arithmetic").set_index(["region_code", "indicator_id"])
    # a: x .5 (0 − .5) = −.25; y .5 (.75 − .583333) = +.083333; sum = .375 − mean .541667
    assert c.loc[("a", "x"), "contribution"] == pytest.approx(-0.25)
    assert c.loc[("a", "y"), "contribution"] == pytest.approx(0.083333, abs=1e-6)
    assert c.loc[("a", "x"), "direction"] == "down" and c.loc[("a", "y"), "direction"] == "up"
    sums = c.groupby(level=0)["contribution"].sum()
    np.testing.assert_allclose(sums, scores - scores.mean())


def test_geometric_floors_zeros_and_log_contributions_add_up() -> None:
    norm, floored = positive_for_geometric(normalise(RAW, "min_max", POL), "min_max")
    assert floored == 2  # a's x and c's y are 0
    scores = aggregate(norm, W, "geometric")
    np.testing.assert_allclose(scores, [math.sqrt(1e-3 * .75), math.sqrt(.5), math.sqrt(1e-3)])
    c = compute_contributions(norm, W, "geometric")
    sums = c.groupby("region_code")["contribution"].sum()
    np.testing.assert_allclose(sums, np.log(scores) - np.log(scores).mean())
    with pytest.raises(InputError, match="positive"):
        aggregate(normalise(RAW, "min_max", POL), W, "geometric")


def test_pipeline_reports_coverage_exclusions_and_weights() -> None:
    matrix = RAW.copy()
    matrix.loc["d"] = [math.nan, 4.0]                    # d lacks x: excluded under "exclude"
    values = pd.concat([_long(matrix), _long(pd.DataFrame({"z": [1.0, 2.0]}, index=["a", "b"]))])
    res = compute_composite(values, SPECS, ["a", "b", "c", "d"], 2024, Methods())
    inds = res.indicators.set_index("indicator_id")
    assert inds.loc["z", "used"] == False and inds.loc["z", "reason"] == "too_few_regions"  # noqa: E712
    assert inds.loc["x", "year"] == 2023 and inds.loc["y", "n_regions"] == 4
    assert res.excluded.to_dict("records") == [{"region_code": "d", "missing": "x"}]
    # x in group g1, y in g2 (z left out): equal group weights .5 and .5, as in the hand case.
    # y's min-max now spans 1..5 over a, b, c only (d was excluded before normalising).
    assert res.scores.set_index("region_code")["score"].to_dict() == pytest.approx(
        {"a": 0.375, "b": 0.75, "c": 0.5})
    imputed = compute_composite(values, SPECS, ["a", "b", "c", "d"], 2024, Methods(missing="impute_mean"))
    assert imputed.imputed.to_dict("records") == [
        {"region_code": "d", "indicator_id": "x", "value": 20.0, "method": "mean"}]
    assert len(imputed.scores) == 4


def test_ahp_over_groups_sets_group_weights() -> None:
    methods = Methods(weighting="ahp", ahp=Ahp(items=["g1", "g2"], matrix=[[1, 3], [1 / 3, 1]]))
    res = compute_composite(_long(RAW), SPECS[:2], ["a", "b", "c"], 2023, methods)
    assert res.weights.to_dict() == pytest.approx({"x": 0.75, "y": 0.25})
    # a: .25 × .75 = .1875; b: .75 × .5 + .25 = .625; c: .75
    assert res.scores["score"].tolist() == pytest.approx([0.75, 0.625, 0.1875])
    assert res.scores["region_code"].tolist() == ["c", "b", "a"]


def test_no_composite_without_two_complete_regions() -> None:
    res = compute_composite(_long(RAW.iloc[:1]), SPECS[:2], ["a", "b"], 2023, Methods(min_regions=2))
    assert res.scores.empty and res.note is not None  # no indicator has 2 regions: none is used
    assert res.note.text("en") == ("no composite: 0 indicator(s) and 2 region(s) with complete data "
                                   "(need at least 1 and 2)")
    assert res.note.text("zh").startswith("无法计算综合指数")


def test_expert_weights_and_group_weights_renormalised_over_groups_in_use() -> None:
    specs = SPECS.assign(weight=[1.0, 0.4, 0.6])  # within-group weights: g1 = x; g2 = .4 y + .6 z
    methods = Methods(weighting="expert")
    # z has only two regions (left out): y takes all of g2's share; group weights .3 / .7 stay.
    values = pd.concat([_long(RAW), _long(pd.DataFrame({"z": [1.0, 2.0]}, index=["a", "b"]))])
    res = compute_composite(values, specs, ["a", "b", "c"], 2023, methods,
                            group_weights={"g1": 0.3, "g2": 0.7})
    assert res.weights.to_dict() == pytest.approx({"x": 0.3, "y": 0.7})
    full = compute_composite(_long(RAW.assign(z=[1.0, 2.0, 3.0])), specs, ["a", "b", "c"], 2023, methods,
                             group_weights={"g1": 0.3, "g2": 0.7})
    assert full.weights.to_dict() == pytest.approx({"x": 0.3, "y": 0.28, "z": 0.42})  # .7 × .4, .7 × .6
    # A group with nothing left drops out and the other groups' weights are rescaled.
    res = compute_composite(_long(RAW[["x"]]), SPECS[:2], ["a", "b", "c"], 2023, Methods(),
                            group_weights={"g1": 0.3, "g2": 0.7})
    assert res.weights.to_dict() == pytest.approx({"x": 1.0})
