"""RCA and presence on a matrix worked by hand: the reference, unknown cells and the threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pacesetter.errors import InputError
from pacesetter.structure.specialisation import presence, rca

# Each region 20 in total, each industry 20, all 60: RCA = (x / 20) / (20 / 60) = 3x / 20.
MATRIX = pd.DataFrame([[10, 0, 10], [0, 10, 10], [10, 10, 0]], index=["r1", "r2", "r3"],
                      columns=["a", "b", "c"], dtype=float)


def test_rca_against_the_nation_is_the_share_over_the_national_share() -> None:
    expected = np.array([[1.5, 0, 1.5], [0, 1.5, 1.5], [1.5, 1.5, 0]])
    np.testing.assert_allclose(rca(MATRIX).to_numpy(), expected, rtol=0, atol=1e-15)


def test_an_explicit_reference_replaces_the_column_totals() -> None:
    # reference shares a 1/2, b 1/6, c 1/3; r1's shares 1/2, 0, 1/2
    out = rca(MATRIX, reference=pd.Series({"a": 30.0, "b": 10.0, "c": 20.0}))
    np.testing.assert_allclose(out.loc["r1"].to_numpy(), [1.0, 0.0, 1.5], rtol=0, atol=1e-15)
    np.testing.assert_allclose(out.loc["r3"].to_numpy(), [1.0, 3.0, 0.0], rtol=0, atol=1e-15)
    with pytest.raises(InputError, match="no value for: c"):
        rca(MATRIX, reference=pd.Series({"a": 1.0, "b": 1.0}))


def test_an_unknown_value_stays_unknown_and_moves_nothing_else() -> None:
    unknown = MATRIX.copy()
    unknown.loc["r1", "b"] = np.nan  # was 0: the totals do not change
    out = rca(unknown)
    assert np.isnan(out.loc["r1", "b"])
    known = rca(MATRIX)
    assert out.drop(index="r1").equals(known.drop(index="r1"))
    assert out.loc["r1", ["a", "c"]].tolist() == [1.5, 1.5]
    # a region with no known value has no RCA at all, not 0
    unknown.loc["r2"] = np.nan
    assert rca(unknown).loc["r2"].isna().all()


def test_presence_is_at_or_above_the_threshold_and_states_it() -> None:
    values = rca(MATRIX)
    values.loc["r1", "b"] = np.nan
    one = presence(values)
    assert one.loc["r1"].tolist()[0] == 1.0 and np.isnan(one.loc["r1", "b"])
    assert one.attrs["threshold"] == 1.0
    assert presence(values, threshold=1.5).loc["r2"].tolist() == [0.0, 1.0, 1.0]  # ≥, not >
    assert presence(values, threshold=1.6).loc["r2"].tolist() == [0.0, 0.0, 0.0]


def test_negative_values_are_refused() -> None:
    with pytest.raises(InputError, match="negative"):
        rca(-MATRIX)
