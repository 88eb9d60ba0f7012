"""Properties (hypothesis): monotonicity in a higher-is-better indicator; order of cities is irrelevant."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pacesetter.assess.aggregate import aggregate
from pacesetter.assess.composite import compute_composite
from pacesetter.assess.config import Methods, Uncertainty
from pacesetter.assess.normalise import normalise, positive_for_geometric
from pacesetter.assess.uncertainty import compute_rank_uncertainty
from pacesetter.errors import InputError

NORMALISATIONS = ["min_max", "z_score", "distance_to_target", "rank", "percentile"]
AGGREGATIONS = ["arithmetic", "geometric"]
values = st.one_of(st.sampled_from([1.0, 2.0, 5.0]),  # ties are common in small peer sets
                   st.floats(0.5, 1000, allow_nan=False))


@st.composite
def cases(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(2, 6))
    m = draw(st.integers(1, 4))
    matrix = pd.DataFrame(
        [[draw(values) for _ in range(m)] for _ in range(n)],
        index=pd.Index([f"r{i}" for i in range(n)], name="region_code"),
        columns=[f"i{j}" for j in range(m)],
    )
    polarity = {c: draw(st.sampled_from(["higher", "lower"])) for c in matrix.columns}
    return {
        "matrix": matrix, "polarity": polarity,
        "weights": pd.Series([draw(st.floats(0.05, 1)) for _ in range(m)], index=matrix.columns),
        "targets": {c: draw(st.floats(1, 500)) for c in matrix.columns},
        "norm": draw(st.sampled_from(NORMALISATIONS)), "agg": draw(st.sampled_from(AGGREGATIONS)),
        "region": draw(st.integers(0, n - 1)), "indicator": draw(st.integers(0, m - 1)),
        "delta": draw(st.floats(0.01, 500)),
    }


def _score(c: dict[str, object], matrix: pd.DataFrame) -> pd.Series:
    norm = normalise(matrix, c["norm"], c["polarity"], c["targets"])  # type: ignore[arg-type]
    if c["agg"] == "geometric":
        norm, _ = positive_for_geometric(norm, c["norm"])  # type: ignore[arg-type]
    return aggregate(norm, c["weights"], c["agg"])  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(cases())
def test_improving_a_higher_is_better_indicator_never_lowers_the_score(c: dict[str, object]) -> None:
    matrix: pd.DataFrame = c["matrix"]  # type: ignore[assignment]
    col = matrix.columns[c["indicator"]]  # type: ignore[index]
    c["polarity"] = {**c["polarity"], col: "higher"}  # type: ignore[dict-item]
    region = matrix.index[c["region"]]  # type: ignore[index]
    better = matrix.copy()
    better.loc[region, col] += c["delta"]  # type: ignore[operator]
    before, after = _score(c, matrix)[region], _score(c, better)[region]
    assert after >= before - 1e-9 * max(1.0, abs(before))


def _long(matrix: pd.DataFrame) -> pd.DataFrame:
    long = matrix.stack().rename("value").reset_index()
    long.columns = ["region_code", "indicator_id", "value"]
    long["year"] = 2023
    return long


@settings(max_examples=60, deadline=None)
@given(cases(), st.sampled_from(["equal", "entropy", "pca"]), st.randoms(use_true_random=False))
def test_reordering_cities_changes_nothing(c: dict[str, object], weighting: str, rnd: object) -> None:
    matrix: pd.DataFrame = c["matrix"]  # type: ignore[assignment]
    specs = pd.DataFrame({"indicator_id": matrix.columns, "group": "g",
                          "polarity": [c["polarity"][i] for i in matrix.columns],  # type: ignore[index]
                          "weight": math.nan, "target": math.nan})
    methods = Methods(normalisation=c["norm"], aggregation=c["agg"], weighting=weighting,  # type: ignore[arg-type]
                      min_regions=2, outliers="jrc")
    regions = list(matrix.index)
    shuffled = regions.copy()
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    long = _long(matrix)
    try:
        one = compute_composite(long, specs, regions, 2023, methods)
    except InputError:
        assume(False)  # PCA needs three regions and varying indicators
        return
    two = compute_composite(long.sample(frac=1, random_state=1), specs, shuffled, 2023, methods)
    a, b = (r.scores.set_index("region_code").sort_index() for r in (one, two))
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-9, atol=1e-12)
    assert a["rank"].tolist() == b["rank"].tolist()
    if len(one.scores) >= 2:
        ua, ub = (compute_rank_uncertainty(r.treated, r.polarity, r.weights,
                                           r.scores.set_index("region_code")["rank"], Uncertainty(), 60,
                                           seed=9).ranks.set_index("region_code").sort_index()
                  for r in (one, two))
        pd.testing.assert_frame_equal(ua, ub)
