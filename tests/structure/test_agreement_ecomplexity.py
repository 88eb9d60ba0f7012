"""Agreement with py-ecomplexity 0.5.3 (the Growth Lab's reference implementation, test-only).

Equal within 1e-9 where the definitions coincide (RCA, presence, diversity, ubiquity, density,
ECI, COI, COG; eigenvectors after sign alignment, which both sides do by correlating ECI with
diversity). Where we differ on purpose, each test shows the difference (docs/*/guide/structure.md).
The inputs have a clear gap between the second and third eigenvalues: on a near-degenerate
input the eigenvector is not determined and two correct solvers may return different ones,
which is why we warn (the last test).
"""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
import pytest

from pacesetter.structure.complexity import complexity, complexity_panel
from pacesetter.testing import complexity_panel_rows

ecomplexity = pytest.importorskip("ecomplexity").ecomplexity
COLS = {"time": "year", "loc": "region", "prod": "industry", "val": "value"}


def _panel(regions: int, industries: int, years: int, seed: int) -> pd.DataFrame:
    return complexity_panel_rows(regions, industries, years, seed=seed, labels=True)


def _theirs(data: pd.DataFrame, **kwargs: object) -> pd.DataFrame:
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out: pd.DataFrame = ecomplexity(data, COLS, verbose=False, check_logsupermodularity=False, **kwargs)
    return out.set_index(["year", "region", "industry"]).sort_index()


def _long(frame: pd.DataFrame, year: int) -> pd.Series:
    cells = frame.stack().rename_axis(["region", "industry"])
    return pd.concat({year: cells}, names=["year"])


@pytest.fixture(scope="module")
def both() -> tuple[pd.DataFrame, dict[object, object]]:
    data = _panel(60, 45, 3, seed=11)
    return _theirs(data), complexity_panel(data, min_observations=1)


@pytest.mark.parametrize(("ours", "theirs"), [("rca", "rca"), ("presence", "mcp"), ("density", "density"),
                                               ("cog", "cog")])
def test_cell_measures_agree(both: tuple[pd.DataFrame, dict], ours: str, theirs: str) -> None:
    ref, mine = both
    for year, result in mine.items():
        got = _long(getattr(result, ours), year).reindex(ref.loc[[year]].index)
        np.testing.assert_allclose(got.to_numpy(), ref.loc[[year], theirs].to_numpy(), rtol=0, atol=1e-9)


@pytest.mark.parametrize(("ours", "theirs", "level"), [("eci", "eci", "region"), ("coi", "coi", "region"),
                                                       ("diversity", "diversity", "region"),
                                                       ("ubiquity", "ubiquity", "industry")])
def test_region_and_industry_measures_agree(both: tuple[pd.DataFrame, dict], ours: str, theirs: str,
                                            level: str) -> None:
    ref, mine = both
    for year, result in mine.items():
        expected = ref.loc[year].groupby(level=level)[theirs].first()
        got = getattr(result, ours).reindex(expected.index)
        np.testing.assert_allclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)


def test_pci_is_standardised_by_its_own_mean_and_deviation(both: tuple[pd.DataFrame, dict]) -> None:
    ref, mine = both
    for year, result in mine.items():
        theirs = ref.loc[year].groupby(level="industry")["pci"].first()
        # ecomplexity puts PCI on the ECI's scale ((kp − mean kc) / sd kc): its mean is not 0
        assert abs(theirs.mean()) > 0.1
        restandardised = (theirs - theirs.mean()) / theirs.std(ddof=0)
        np.testing.assert_allclose(result.pci.reindex(theirs.index).to_numpy(), restandardised.to_numpy(),
                                   rtol=0, atol=1e-9)
        assert abs(result.pci.mean()) < 1e-12 and abs(result.pci.std(ddof=0) - 1) < 1e-12


def test_the_lanczos_path_agrees_too() -> None:
    # 70 industries or more on the smaller side: the eigenvector comes from Lanczos, not eigh
    data = _panel(90, 70, 1, seed=14)
    ref, mine = _theirs(data), complexity_panel(data, min_observations=1)[2020]
    eci = ref.loc[2020].groupby(level="region")["eci"].first()
    np.testing.assert_allclose(mine.eci.reindex(eci.index).to_numpy(), eci.to_numpy(), rtol=0, atol=1e-9)
    cog = _long(mine.cog, 2020).reindex(ref.index)
    np.testing.assert_allclose(cog.to_numpy(), ref["cog"].to_numpy(), rtol=0, atol=1e-9)


def test_a_missing_value_stays_unknown_where_ecomplexity_reads_absent() -> None:
    data = _panel(30, 20, 1, seed=12)
    data.loc[5, "value"] = np.nan
    ref, mine = _theirs(data), complexity_panel(data, min_observations=1)[2020]
    cell = (2020, data.loc[5, "region"], data.loc[5, "industry"])
    # ecomplexity means to read NaN as 0 ("coercing to zero(es)"); under pandas 3 its in-place
    # fillna is a no-op, so its RCA is NaN too, but its presence says 0: absent, not unknown
    assert ref.loc[cell, "mcp"] == 0 and np.isnan(ref.loc[cell, "rca"])
    assert np.isnan(mine.rca.loc[cell[1], cell[2]]) and np.isnan(mine.presence.loc[cell[1], cell[2]])
    assert mine.warnings[0].code == "structure.warning.unknown_cells"
    # it counts as not present on both sides, so ECI agrees
    eci = ref.loc[2020].groupby(level="region")["eci"].first()
    np.testing.assert_allclose(mine.eci.reindex(eci.index).to_numpy(), eci.to_numpy(), rtol=0, atol=1e-9)


def test_a_threshold_above_1_does_not_blank_the_whole_year() -> None:
    data = _panel(30, 20, 1, seed=13)
    wide = data.pivot(index="region", columns="industry", values="value")
    wide.iloc[0] = wide.iloc[1:].sum(axis=0)  # RCA exactly 1 everywhere: nothing at or above 1.5
    data = wide.stack().rename("value").reset_index().assign(year=2020)
    ref, mine = _theirs(data, rca_mcp_threshold=1.5), complexity(wide, threshold=1.5, min_observations=1)
    assert ref["eci"].isna().all()  # ecomplexity: one region without presence → every ECI NaN
    assert np.isnan(mine.eci.iloc[0]) and mine.eci.iloc[1:].notna().all()
    assert "structure.warning.region_none" in [w.code for w in mine.warnings]
    # ours equals ecomplexity's on the other regions' presence given as is
    kept = mine.presence.iloc[1:].stack().rename("value").reset_index().assign(year=2020)
    manual = _theirs(kept, presence_test="manual").loc[2020].groupby(level="region")["eci"].first()
    np.testing.assert_allclose(mine.eci.reindex(manual.index).to_numpy(), manual.to_numpy(),
                               rtol=0, atol=1e-9)


def test_a_near_degenerate_input_is_flagged() -> None:
    # a ring: region i makes industries i and i+1; its eigenvalues come in equal pairs
    ring = pd.DataFrame(np.eye(8) + np.roll(np.eye(8), 1, axis=1))
    result = complexity(ring, min_observations=1)
    assert "structure.warning.near_degenerate" in [w.code for w in result.warnings]
