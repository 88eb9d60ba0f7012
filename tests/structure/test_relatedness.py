"""Proximity and density on a presence matrix worked by hand, and density's bounds."""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pandas as pd

from pacesetter.structure.relatedness import density, proximity

# ubiquity a 3, b 2, c 2; together: ab 2 (r1, r3), ac 1 (r3), bc 1 (r3)
M = pd.DataFrame([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 1]], index=["r1", "r2", "r3", "r4"],
                 columns=["a", "b", "c"], dtype=float)


def test_proximity_is_the_minimum_conditional_probability() -> None:
    phi = proximity(M)
    expected = [[1, F(2, 3), F(1, 3)], [F(2, 3), 1, F(1, 2)], [F(1, 3), F(1, 2), 1]]
    np.testing.assert_allclose(phi.to_numpy(), np.array(expected, dtype=float), rtol=0, atol=1e-15)


def test_density_is_the_share_of_an_industrys_neighbours_the_region_has() -> None:
    d = density(M, proximity(M))
    # r2 has a: density of b = φ_ba / (φ_ba + φ_bb + φ_bc) = (2/3) / (13/6) = 4/13
    assert abs(d.loc["r2", "b"] - 4 / 13) < 1e-15
    # r4 has c: density of a = φ_ac / (1 + 2/3 + 1/3) = 1/6
    assert abs(d.loc["r4", "a"] - 1 / 6) < 1e-15
    assert d.loc["r3"].tolist() == [1.0, 1.0, 1.0]  # every neighbour present


def test_density_stays_in_0_1_and_is_unknown_where_nothing_is_known() -> None:
    rng = np.random.default_rng(7)
    m = pd.DataFrame((rng.random((40, 30)) < 0.3).astype(float))
    m[29] = 0.0  # an industry nobody has: no neighbours
    m.iloc[5] = np.nan
    m.iloc[6, :10] = np.nan
    d = density(m, proximity(m))
    known = d.drop(index=5).drop(columns=29).to_numpy()
    assert np.isfinite(known).all() and known.min() >= 0 and known.max() <= 1
    assert d.loc[5].isna().all() and d[29].isna().all()
