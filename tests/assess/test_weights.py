"""Weights: Saaty's published AHP examples, an entropy example and a PCA case worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess.weights import ahp, ahp_weights, entropy_weights, equal_weights, pca_weights
from pacesetter.errors import InputError

# Saaty, T. L. (1990). "How to make a decision: The Analytic Hierarchy Process".
# European Journal of Operational Research 48(1): 9–26, the house-buying example.
# Criteria: size, transportation, neighbourhood, age, yard, modern facilities,
# general condition, financing. Published priorities .173 .054 .188 .018 .031 .036
# .167 .333 with λmax = 9.669, C.I. = 0.238, C.R. = 0.169.
SAATY_1990_CRITERIA = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
CRITERIA = ["size", "transport", "neighbourhood", "age", "yard", "facilities", "condition", "financing"]


def test_saaty_1990_criteria_weights_and_consistency() -> None:
    r = ahp(SAATY_1990_CRITERIA, CRITERIA)
    np.testing.assert_allclose(r.weights.round(3), [.173, .054, .188, .018, .031, .036, .167, .333])
    assert r.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert r.ci == pytest.approx(0.238, abs=5e-4)
    assert r.cr == pytest.approx(0.169, abs=5e-4)


@pytest.mark.parametrize(("matrix", "weights", "lam", "ci", "cr"), [
    # Same paper, alternatives A, B, C. "Size of house": .754 .181 .065, λmax 3.136, CI .068, CR .117.
    ([[1, 6, 8], [1 / 6, 1, 4], [1 / 8, 1 / 4, 1]], [.754, .181, .065], 3.136, .068, .117),
    # "Yard space": .674 .101 .226, λmax 3.086, CI .043, CR .074.
    ([[1, 5, 4], [1 / 5, 1, 1 / 3], [1 / 4, 3, 1]], [.674, .101, .226], 3.086, .043, .074),
    # "General condition": .200 .400 .400, consistent (λmax 3, CI 0).
    ([[1, 1 / 2, 1 / 2], [2, 1, 1], [2, 1, 1]], [.2, .4, .4], 3.0, 0.0, 0.0),
])
def test_saaty_1990_alternatives(matrix: list[list[float]], weights: list[float], lam: float, ci: float,
                                 cr: float) -> None:
    r = ahp(matrix, ["A", "B", "C"])
    np.testing.assert_allclose(r.weights, weights, atol=6e-4)
    assert (r.lambda_max, r.ci, r.cr) == pytest.approx((lam, ci, cr), abs=6e-4)


def test_inconsistent_matrix_is_refused_naming_the_pair() -> None:
    with pytest.raises(InputError, match=r"CR = 0\.169 > 0\.1"):
        ahp_weights(SAATY_1990_CRITERIA, CRITERIA)
    # Consistent with w = 8 : 4 : 2 : 1 except b vs d, judged 1/4 instead of 4.
    broken = [[1, 2, 4, 8], [1 / 2, 1, 2, 1 / 4], [1 / 4, 1 / 2, 1, 2], [1 / 8, 4, 1 / 2, 1]]
    with pytest.raises(InputError, match=r"most inconsistent pair is b vs d: judged 0\.25"):
        ahp_weights(broken, ["a", "b", "c", "d"])
    consistent = [[1, 2, 4, 8], [1 / 2, 1, 2, 4], [1 / 4, 1 / 2, 1, 2], [1 / 8, 1 / 4, 1 / 2, 1]]
    np.testing.assert_allclose(ahp_weights(consistent, list("abcd")), np.array([8, 4, 2, 1]) / 15)


def test_entropy_weights_worked_by_hand() -> None:
    # a = (1, 2, 3): p = (1/6, 1/3, 1/2), H = 1.011404, e = H / ln 3 = 0.920620, d = 0.079380
    # b = (1, 1, 4): p = (1/6, 1/6, 2/3), H = 0.867563, e = 0.789690, d = 0.210310
    # w = d / Σd = (0.274018, 0.725982)
    w = entropy_weights(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [1.0, 1.0, 4.0]}))
    np.testing.assert_allclose(w, [0.274018, 0.725982], atol=1e-6)
    # A zero share contributes 0 · ln 0 = 0; a column that does not vary gets no weight.
    w0 = entropy_weights(pd.DataFrame({"a": [0.0, 1.0, 1.0], "flat": [2.0, 2.0, 2.0]}))
    assert w0["flat"] == 0 and w0["a"] == 1
    with pytest.raises(InputError, match="non-negative"):
        entropy_weights(pd.DataFrame({"a": [-1.0, 1.0]}))


def test_pca_weights_two_uncorrelated_blocks() -> None:
    # Orthonormal centred columns u1..u4; x1 = u1, x2 = .8 u1 + .6 u2 (r = .8);
    # x3 = u3, x4 = .6 u3 + .8 u4 (r = .6); the blocks are uncorrelated. Eigenvalues
    # 1.8, 1.6, .4, .2: two factors kept; loadings √.9 (x1, x2) and √.8 (x3, x4), a
    # simple structure varimax leaves alone. Squared loadings scaled within factor: .5
    # each; factor shares 1.8/3.4 and 1.6/3.4, so w = .5 × 1.8/3.4 = 0.264706 (x1, x2)
    # and .5 × 1.6/3.4 = 0.235294 (x3, x4).
    rng = np.random.default_rng(3)
    raw = rng.normal(size=(12, 4))
    q, _ = np.linalg.qr(raw - raw.mean(axis=0))
    u = q - q.mean(axis=0)
    x = np.column_stack([u[:, 0], .8 * u[:, 0] + .6 * u[:, 1], u[:, 2], .6 * u[:, 2] + .8 * u[:, 3]])
    w = pca_weights(pd.DataFrame(x, columns=["x1", "x2", "x3", "x4"]))
    np.testing.assert_allclose(w, [0.264706, 0.264706, 0.235294, 0.235294], atol=1e-5)


def test_equal_weights_are_equal_within_groups_and_across_groups() -> None:
    w = equal_weights({"a": "g1", "b": "g1", "c": "g2"})
    assert w.to_dict() == pytest.approx({"a": 0.25, "b": 0.25, "c": 0.5})
    w = equal_weights({"a": "g1", "b": "g1", "c": "g2"}, {"g1": 0.8, "g2": 0.2})
    assert w.to_dict() == pytest.approx({"a": 0.4, "b": 0.4, "c": 0.2})
