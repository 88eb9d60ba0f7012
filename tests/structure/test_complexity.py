"""ECI, PCI, COI and COG on a nested matrix worked by hand, and the guard rails.

The nested 3 × 3 presence M = [[1,1,1],[1,1,0],[1,0,0]] has diversity = ubiquity = (3, 2, 1).
Mcc = D⁻¹ M U⁻¹ Mᵀ = [[11/18, 5/18, 1/9], [5/12, 5/12, 1/6], [1/3, 1/3, 1/3]]: trace 49/36,
determinant (1/6)(det M)²(1/6) = 1/36, so besides 1 its eigenvalues solve 36λ² − 13λ + 1 = 0:
1/4 and 1/9. For λ = 1/4, (Mcc − λI)v = 0 gives kc ∝ (2, −1, −4); kp = U⁻¹ Mᵀ kc ∝ (−1, 1/2, 2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pacesetter.errors import InputError
from pacesetter.structure.complexity import complexity, complexity_panel

NESTED = pd.DataFrame([[1, 1, 1], [1, 1, 0], [1, 0, 0]], index=["r1", "r2", "r3"],
                      columns=["a", "b", "c"], dtype=float)
S6, S15 = np.sqrt(6), np.sqrt(1.5)


def _std(v: list[float]) -> np.ndarray:
    a = np.array(v)
    return (a - a.mean()) / a.std()


def test_eci_and_pci_of_the_nested_matrix() -> None:
    # values = M: RCA of r1 in a is (1/3)/(3/6) = 2/3, so a threshold of 0.5 gives presence = M
    c = complexity(NESTED, threshold=0.5, min_observations=1)
    assert c.threshold == 0.5 and c.presence.equals(NESTED)
    np.testing.assert_allclose(c.eci.to_numpy(), [3 / S6, 0, -3 / S6], rtol=0, atol=1e-12)
    np.testing.assert_allclose(c.pci.to_numpy(), [-1.5 / S15, 0, 1.5 / S15], rtol=0, atol=1e-12)
    assert c.diversity.tolist() == [3, 2, 1] and c.ubiquity.tolist() == [3, 2, 1]
    assert c.warnings == []


def test_coi_and_cog_of_the_nested_matrix() -> None:
    c = complexity(NESTED, threshold=0.5, min_observations=1)
    # φ_ab = 2/3, φ_ac = 1/3, φ_bc = 1/2; with kp = (−1, 1/2, 2): r2 misses c (density 5/11),
    # r3 misses b (4/13) and c (2/11)
    coi_raw = [0, 5 / 11 * 2, 4 / 13 * 0.5 + 2 / 11 * 2]
    np.testing.assert_allclose(c.coi.to_numpy(), _std(coi_raw), rtol=0, atol=1e-12)
    # COG of r3 in b: Σ over its absent k of φ_kb kp_k / Σ_j φ_kj = (1·½)/(13/6) + (½·2)/(11/6),
    # on the ECI's scale: divided by the sd of kc = D⁻¹ M kp = (1/2, −1/4, −1)
    assert abs(c.cog.loc["r3", "b"] - (3 / 13 + 6 / 11) / np.sqrt(0.375)) < 1e-12
    assert c.cog.loc["r1"].tolist() == [0.0, 0.0, 0.0]  # nothing absent, nothing to gain


def test_a_region_without_any_specialisation_loses_its_eci_alone() -> None:
    values = pd.DataFrame(np.random.default_rng(3).lognormal(0, 1, (30, 20)))
    values.iloc[0] = values.iloc[1:].sum(axis=0)  # the rest's mix, so exactly the national mix
    c = complexity(values, threshold=1.2, min_observations=1)  # RCA of row 0 is 1 everywhere
    assert np.isnan(c.eci.iloc[0]) and c.eci.iloc[1:].notna().all()
    assert abs(c.eci.iloc[1:].mean()) < 1e-12 and abs(c.eci.iloc[1:].std(ddof=0) - 1) < 1e-12
    assert [w.code for w in c.warnings] == ["structure.warning.region_none"]
    assert c.warnings[0].values == {"name": "0", "threshold": 1.2}
    assert "its ECI is unknown" in c.warnings[0].text("en") and "ECI 未知" in c.warnings[0].text("zh")


def test_thin_regions_and_industries_are_named() -> None:
    values = pd.DataFrame(np.random.default_rng(4).lognormal(0, 1, (10, 8)), columns=list("abcdefgh"))
    values.iloc[2, 3:] = 0.0  # region 2 has values in 3 industries
    values.loc[values.index[4:], "h"] = 0.0  # industry h in regions 0, 1 and 3
    c = complexity(values, min_observations=5)
    thin = {(w.code, w.values["name"], w.values["n"]) for w in c.warnings if "few" in w.code}
    assert thin == {("structure.warning.region_few", "2", 3), ("structure.warning.industry_few", "h", 3)}
    # at a minimum of one, the regions and industries with no positive value at all: a zero total
    # or every value unknown (the counting pass is skipped then, the answer the same)
    values.iloc[2] = 0.0
    values.iloc[5] = np.nan
    values["h"] = 0.0
    c = complexity(values, min_observations=1)
    thin = {(w.code, w.values["name"], w.values["n"]) for w in c.warnings if "few" in w.code}
    assert thin == {("structure.warning.region_few", "2", 0), ("structure.warning.region_few", "5", 0),
                    ("structure.warning.industry_few", "h", 0)}


def test_a_disconnected_matrix_is_flagged() -> None:
    blocks = np.kron(np.eye(2), np.ones((3, 3))) + np.kron(np.eye(2), np.diag([1.0, 0, 0]))
    c = complexity(pd.DataFrame(blocks), min_observations=1)
    assert "structure.warning.disconnected" in [w.code for w in c.warnings]


def test_unknown_cells_are_counted_and_not_read_as_zero() -> None:
    values = pd.DataFrame(np.random.default_rng(5).lognormal(0, 1, (12, 9)))
    values.iloc[1, 1] = np.nan
    c = complexity(values, min_observations=1)
    assert np.isnan(c.rca.iloc[1, 1]) and np.isnan(c.presence.iloc[1, 1])
    assert c.warnings[0].code == "structure.warning.unknown_cells" and c.warnings[0].values == {"n": 1}


def test_a_panel_is_a_matrix_per_year_and_a_missing_row_is_zero() -> None:
    rows = pd.DataFrame({"year": [2020] * 9 + [2021] * 8,
                         "region": list("xxxyyyzzz") + list("xxxyyyzz"),
                         "industry": list("abcabcabc") + list("abcabcab"),
                         "value": [1, 1, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0]})
    out = complexity_panel(rows, threshold=0.5, min_observations=1)
    assert list(out) == [2020, 2021]
    np.testing.assert_allclose(out[2021].eci.to_numpy(), out[2020].eci.to_numpy(), atol=1e-12)
    shuffled = complexity_panel(rows.sample(frac=1, random_state=0), threshold=0.5, min_observations=1)
    assert list(shuffled) == [2020, 2021] and shuffled[2020].rca.equals(out[2020].rca)
    with pytest.raises(InputError, match="more than once"):
        complexity_panel(pd.concat([rows, rows.head(1)]))


def test_presence_and_proximity_are_derived_from_the_kept_rca() -> None:
    # φ of the nested matrix by hand: co-occurrences over the larger ubiquity (comment above)
    c = complexity(NESTED, threshold=0.5, min_observations=1)
    expected = [[1, 2 / 3, 1 / 3], [2 / 3, 1, 1 / 2], [1 / 3, 1 / 2, 1]]
    np.testing.assert_allclose(c.proximity.to_numpy(), expected, rtol=0, atol=1e-15)
    assert list(c.proximity.index) == list(c.proximity.columns) == ["a", "b", "c"]
    # the same matrix again with another threshold: presence follows the RCA kept with it
    higher = complexity(NESTED, threshold=1.2, min_observations=1)
    assert (higher.presence.to_numpy() == (higher.rca.to_numpy() >= 1.2)).all()
    assert not higher.presence.equals(c.presence)


def test_a_panels_years_equal_their_own_matrices_and_share_no_memory() -> None:
    # the panel carves its years' results from one block; the last year lacks rows, so its
    # results no longer fit and are arrays of their own: every year must still equal its matrix
    from pacesetter.testing import complexity_panel_rows

    rows = complexity_panel_rows(70, 40, 3, seed=7)
    rows = rows.drop(rows.index[(rows["year"] == 2022) & (rows["industry"] == 39)][:5])
    panel = complexity_panel(rows, min_observations=1)
    for year, found in panel.items():
        matrix = rows[rows["year"] == year].pivot(index="region", columns="industry", values="value")
        alone = complexity(matrix.fillna(0.0), min_observations=1)
        for name in ("rca", "density", "cog"):
            pd.testing.assert_frame_equal(getattr(found, name), getattr(alone, name), check_names=False,
                                          rtol=0, atol=1e-12)
        pd.testing.assert_series_equal(found.eci, alone.eci, check_names=False, rtol=0, atol=1e-12)
    arrays = [getattr(c, name).to_numpy() for c in panel.values() for name in ("rca", "density", "cog")]
    assert not any(np.shares_memory(a, b) for i, a in enumerate(arrays) for b in arrays[i + 1:])
