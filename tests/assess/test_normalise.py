"""Normalisation, JRC outlier rule and missing-data policy on small cases worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess.normalise import handle_missing, normalise, positive_for_geometric, winsorise_jrc
from pacesetter.errors import InputError

X = pd.DataFrame({"up": [2.0, 4.0, 6.0, 10.0], "down": [2.0, 4.0, 6.0, 10.0]},
                 index=pd.Index(["a", "b", "c", "d"], name="region_code"))
POL = {"up": "higher", "down": "lower"}


def _col(method: str, targets: dict[str, float] | None = None) -> pd.DataFrame:
    return normalise(X, method, POL, targets)  # type: ignore[arg-type]


def test_min_max_both_directions() -> None:
    out = _col("min_max")
    assert out["up"].tolist() == [0.0, 0.25, 0.5, 1.0]
    assert out["down"].tolist() == [1.0, 0.75, 0.5, 0.0]


def test_z_score_uses_the_population_sd() -> None:
    # mean 5.5; sd = √(35/4) = 2.958040
    np.testing.assert_allclose(_col("z_score")["up"], [-1.183216, -0.507093, 0.169031, 1.521278],
                               atol=1e-6)
    np.testing.assert_allclose(_col("z_score")["down"], -_col("z_score")["up"])


def test_rank_and_percentile() -> None:
    assert _col("rank")["up"].tolist() == [1, 2, 3, 4]
    assert _col("rank")["down"].tolist() == [4, 3, 2, 1]
    np.testing.assert_allclose(_col("percentile")["up"], [0, 100 / 3, 200 / 3, 100])
    tied = normalise(pd.DataFrame({"t": [1.0, 1.0, 3.0]}), "rank", {"t": "higher"})
    assert tied["t"].tolist() == [1.5, 1.5, 3.0]


def test_distance_to_target_and_to_the_leader() -> None:
    out = _col("distance_to_target", {"up": 8.0, "down": 4.0})
    np.testing.assert_allclose(out["up"], [0.25, 0.5, 0.75, 1.25])   # 1 + (x − 8) / 8
    np.testing.assert_allclose(out["down"], [1.5, 1.0, 0.5, -0.5])   # 1 + (4 − x) / 4
    np.testing.assert_allclose(_col("distance_to_target")["up"], [0.2, 0.4, 0.6, 1.0])  # leader 10


def test_constant_columns_and_missing_values() -> None:
    const = pd.DataFrame({"k": [3.0, 3.0, math.nan]})
    assert normalise(const, "min_max", {"k": "higher"})["k"].tolist()[:2] == [0.5, 0.5]
    assert normalise(const, "z_score", {"k": "higher"})["k"].tolist()[:2] == [0.0, 0.0]
    assert math.isnan(normalise(const, "min_max", {"k": "higher"})["k"].iloc[2])


def test_positive_for_geometric_floors_and_counts() -> None:
    pos, n = positive_for_geometric(_col("min_max"), "min_max")
    assert n == 2 and pos.min().min() == pytest.approx(1e-3)
    z, n_z = positive_for_geometric(_col("z_score"), "z_score")
    assert n_z == 0 and z["up"].iloc[0] == pytest.approx(3 - 1.183216, abs=1e-6)


def test_jrc_rule_winsorises_a_skewed_indicator() -> None:
    # 1..9 and 100: skewness 3.12 > 2, kurtosis 9.80 > 3.5 → 100 becomes 9; then skewness −0.15.
    m = pd.DataFrame({"skewed": [*range(1, 10), 100], "plain": list(range(10))},
                     index=[f"r{i}" for i in range(10)], dtype=float)
    treated, report = winsorise_jrc(m)
    assert treated.loc["r9", "skewed"] == 9 and treated["plain"].equals(m["plain"])
    assert len(report) == 1
    row = report.iloc[0]
    assert (row["indicator_id"], row["region_code"], row["original"], row["treated"]) == (
        "skewed", "r9", 100, 9)
    assert row["skewness"] == pytest.approx(3.1189, abs=1e-4)
    assert row["kurtosis"] == pytest.approx(9.7992, abs=1e-4)


def test_missing_exclude_and_impute_are_reported() -> None:
    m = pd.DataFrame({"x": [1.0, math.nan, 5.0, 6.0], "y": [2.0, 4.0, math.nan, 8.0]},
                     index=pd.Index(["a", "b", "c", "d"], name="region_code"))
    kept, imputed, excluded = handle_missing(m, "exclude")
    assert list(kept.index) == ["a", "d"] and imputed.empty
    assert dict(zip(excluded["region_code"], excluded["missing"], strict=True)) == {"b": "x", "c": "y"}
    filled, imputed, excluded = handle_missing(m, "impute_mean")
    assert filled.loc["b", "x"] == pytest.approx(4.0) and filled.loc["c", "y"] == pytest.approx(14 / 3)
    assert set(zip(imputed["region_code"], imputed["indicator_id"], strict=True)) == {("b", "x"), ("c", "y")}
    assert set(imputed["method"]) == {"mean"} and excluded.empty
    med, _, _ = handle_missing(m, "impute_median")
    assert med.loc["b", "x"] == 5.0 and med.loc["c", "y"] == 4.0
    with pytest.raises(InputError, match="no region has a value"):
        handle_missing(pd.DataFrame({"z": [math.nan, math.nan]}), "impute_mean")
