"""Input-output: Miller & Blair's textbook example by hand, the NBS tables, agreement with pymrio.

The tables come from the separate data package ``pacesetter-io-nbs`` (GPL-3): installed by
``make test`` (``pip install -e packages/pacesetter-io-nbs``).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from pacesetter.errors import InputError, NotFoundError
from pacesetter.i18n import catalogue
from pacesetter.structure import io
from pacesetter.structure.io import IOTable


@pytest.fixture
def nbs() -> None:
    """The data package installed, as `make test` does (`pip install -e packages/pacesetter-io-nbs`)."""
    import pacesetter_io_nbs  # noqa: F401


def textbook() -> IOTable:
    """Miller & Blair (2009), section 2.3: Z = [[150, 500], [200, 100]], x = (1000, 2000)."""
    sectors = pd.DataFrame({"zh": ["农业", "制造业"], "en": ["agriculture", "manufacturing"]},
                           index=["1", "2"])
    z = pd.DataFrame([[150.0, 500.0], [200.0, 100.0]], index=sectors.index, columns=sectors.index)
    x = pd.Series([1000.0, 2000.0], index=sectors.index)
    return IOTable(name="miller_blair_2_3", year=2009, sectors=sectors, Z=z, x=x, va=x - z.sum(axis=0),
                   final_demand=pd.DataFrame({"f": [350.0, 1700.0]}, index=sectors.index))


# det(I − A) = 0.85 · 0.95 − 0.25 · 0.2 = 0.7575
L_TEXTBOOK = np.array([[0.95, 0.25], [0.2, 0.85]]) / 0.7575


def test_the_textbook_coefficients_and_leontief_inverse() -> None:
    t = textbook()
    np.testing.assert_allclose(io.coefficients(t).to_numpy(), [[0.15, 0.25], [0.2, 0.05]], rtol=0, atol=1e-15)
    np.testing.assert_allclose(io.leontief(t).to_numpy(), L_TEXTBOOK, rtol=0, atol=1e-14)
    # the book's rounded figures
    np.testing.assert_allclose(io.leontief(t).to_numpy(), [[1.254, 0.330], [0.264, 1.122]], atol=5e-4)


def test_the_solver_factorises_either_memory_order_in_place() -> None:
    a = io.coefficients(textbook()).to_numpy()
    for array in (np.ascontiguousarray(a), np.asfortranarray(a)):
        solver = io.LeontiefSolver(array.copy(order="K"), overwrite=True)
        np.testing.assert_allclose(solver.solve(np.eye(2)), L_TEXTBOOK, rtol=1e-14)
        np.testing.assert_allclose(solver.solve_t(np.eye(2)), L_TEXTBOOK.T, rtol=1e-14)


def test_the_textbook_new_final_demand() -> None:
    # the book: f = (600, 1500) needs x = (1247.52, 1841.58)
    t = textbook()
    out = io.impact(t, "1", 600).by_sector["output"] + io.impact(t, "2", 1500).by_sector["output"]
    np.testing.assert_allclose(out.to_numpy(), [945 / 0.7575, 1395 / 0.7575], rtol=1e-14)
    np.testing.assert_allclose(out.to_numpy(), [1247.52, 1841.58], atol=5e-3)


def test_the_textbook_ghosh_multipliers_and_linkages() -> None:
    t = textbook()
    ghosh = L_TEXTBOOK * np.array([[1, 2], [0.5, 1]])  # x̂⁻¹ L x̂
    np.testing.assert_allclose(io.ghosh(t).to_numpy(), ghosh, rtol=1e-14)
    m = io.multipliers(t)
    # the book's output multipliers 1.518 and 1.452
    np.testing.assert_allclose(m["output"].to_numpy(), [1.15 / 0.7575, 1.1 / 0.7575], rtol=1e-14)
    # every input inside the table: a unit of final demand makes exactly a unit of value added
    np.testing.assert_allclose(m["value_added"].to_numpy(), [1, 1], rtol=1e-14)
    assert m["employment"].isna().all()  # no employment given: not covered, never 0
    # ΣL = 2.25 / 0.7575; backward = n · column sum / ΣL, forward = n · row sum / ΣL
    links = io.linkages(t)
    np.testing.assert_allclose(links["backward"].to_numpy(), [2.3 / 2.25, 2.2 / 2.25], rtol=1e-14)
    np.testing.assert_allclose(links["forward"].to_numpy(), [2.4 / 2.25, 2.1 / 2.25], rtol=1e-14)
    assert links["key_sector"].tolist() == [True, False]
    jobs = io.multipliers(t, employment=pd.Series({"1": 100.0, "2": 50.0}))["employment"]
    np.testing.assert_allclose(jobs.to_numpy(), [(0.1 * 0.95 + 0.025 * 0.2) / 0.7575,
                                                 (0.1 * 0.25 + 0.025 * 0.85) / 0.7575], rtol=1e-14)


def test_a_city_table_by_location_quotients() -> None:
    t, city = textbook(), pd.Series({"1": 100.0, "2": 50.0})
    # SLQ = (100/150) / (1000/3000) = 2 and (50/150) / (2000/3000) = 0.5
    a = np.array([[0.15, 0.25], [0.2, 0.05]])

    def coefficients(method: str) -> np.ndarray:
        est = io.regionalise(t, city, method=method, delta=0.3)  # type: ignore[arg-type]
        assert est.estimate and est.method == method and "structure.io.note.estimate" in est.notes
        assert est.delta == (0.3 if method == "flq" else None)
        return io.coefficients(est).to_numpy()

    np.testing.assert_allclose(coefficients("slq"), a * [[1, 1], [0.5, 0.5]], rtol=1e-14)
    np.testing.assert_allclose(coefficients("cilq"), a * [[1, 1], [0.25, 0.5]], rtol=1e-14)
    lam = np.log2(1 + 150 / 3000) ** 0.3  # 0.4511
    assert abs(io.flq_lambda(150, 3000, 0.3) - lam) < 1e-15
    flq = np.minimum([[2 * lam, 4 * lam], [0.25 * lam, 0.5 * lam]], 1)
    np.testing.assert_allclose(coefficients("flq"), a * flq, rtol=1e-14)
    # another measure (employment, say) with the nation's: output = national output × city share
    jobs = io.regionalise(t, pd.Series({"1": 50.0, "2": 0.0}), national=pd.Series({"1": 100.0, "2": 80.0}))
    assert jobs.x.tolist() == [500.0, 0.0] and "structure.io.note.output_from_share" in jobs.notes
    with pytest.raises(InputError, match="below 1"):
        io.regionalise(t, city, delta=1.0)
    with pytest.raises(InputError, match="slq, cilq or flq"):
        io.regionalise(t, city, method="lq")  # type: ignore[arg-type]


def test_an_impact_lists_its_assumptions_in_both_languages() -> None:
    result = io.impact(textbook(), "2", 0.1, unit="亿元")
    assert result.output == 1000 and result.unit == "万元"
    assert abs(result.total_output - 1000 * 1.1 / 0.7575) < 1e-9
    assert abs(result.value_added - 1000) < 1e-9 and result.employment is None
    assert "structure.io.assumption.imports_inside" in result.assumptions
    for lang in ("zh", "en"):
        assert all(key in catalogue(lang) for key in result.assumptions)
    with pytest.raises(NotFoundError, match="no sector 9"):
        io.impact(textbook(), "9", 1)


@pytest.mark.parametrize("output", [float("nan"), float("inf"), -5.0])
def test_an_impossible_project_output_is_refused(output: float) -> None:
    with pytest.raises(InputError) as raised:
        io.impact(textbook(), "2", output)
    expected = f"a project's expected output must be a number of at least 0, not {output}"
    assert raised.value.text("en") == expected
    assert raised.value.text("zh") == f"项目预期产出须为不小于 0 的数，当前为 {output}"


@pytest.mark.usefixtures("nbs")
def test_a_sector_not_in_the_table_suggests_those_whose_name_contains_it() -> None:
    with pytest.raises(NotFoundError) as raised:
        io.impact(io.load_table("china_2020_42"), "电气", 1)
    assert raised.value.text("zh") == "表 china_2020_42 中没有部门 电气；是否指：19 电气机械和器材？"
    assert raised.value.text("en") == ("the table china_2020_42 has no sector 电气; did you mean: "
                                       "19 Manufacture of electrical machinery and equipment?")


def test_without_the_data_package_the_error_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pacesetter_io_nbs", None)
    with pytest.raises(NotFoundError) as raised:
        io.load_table("china_2020_42")
    assert "pip install -e packages/pacesetter-io-nbs" in raised.value.text("en")
    assert "pip install -e packages/pacesetter-io-nbs" in raised.value.text("zh")


@pytest.mark.usefixtures("nbs")
def test_the_2020_table_is_domestic_and_balanced() -> None:
    t = io.load_table("china_2020_42")
    assert t.domestic and t.year == 2020 and t.Z.shape == (42, 42) and t.unit == "万元"
    assert t.sectors.loc["20", "zh"] == "通信设备、计算机和其他电子设备"
    # each domestic row: intermediate use + final use = gross output
    total_final = t.Z.sum(axis=1) + t.final_demand.sum(axis=1)
    np.testing.assert_allclose(total_final.to_numpy(), t.x.to_numpy(), rtol=1e-8)
    # employment of 2018 (the series' last year), persons: the sections A–S sum to the national total
    assert t.employment_year == 2018 and t.employment is not None and t.employment.notna().all()
    assert abs(t.employment.sum() - 77583.0e4) < 1.0  # T (international organisations, 0.67) aside
    # textiles: section C's 10,493 times C05's share of its divisions (which sum to 10,493 in 2018)
    assert t.employment["07"] == 348e4 and t.employment["06"] == (356 + 265 + 206 + 43) * 1e4
    with pytest.raises(NotFoundError, match="no input-output table china_1990"):
        io.load_table("china_1990")


@pytest.mark.usefixtures("nbs")
@pytest.mark.parametrize("name", ["china_2020_42", "china_2018_153"])
def test_the_nbs_tables_agree_with_pymrio(name: str) -> None:
    pymrio = pytest.importorskip("pymrio")
    t = io.load_table(name)
    a = pymrio.calc_A(t.Z, t.x)
    lp = pymrio.calc_L(a)
    np.testing.assert_allclose(io.coefficients(t).to_numpy(), a.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(io.leontief(t).to_numpy(), lp.to_numpy(), rtol=0, atol=1e-9)
    g = pymrio.calc_G(pymrio.calc_B(t.Z, t.x), L=lp, x=t.x)
    np.testing.assert_allclose(io.ghosh(t).to_numpy(), np.asarray(g), rtol=0, atol=1e-9)
    s = pd.DataFrame([t.va / t.x], index=["va"])
    multipliers = io.multipliers(t)
    np.testing.assert_allclose(multipliers["value_added"].to_numpy(), pymrio.calc_M(s, lp).to_numpy()[0],
                               rtol=0, atol=1e-9)
    np.testing.assert_allclose(multipliers["output"].to_numpy(), lp.sum(axis=0).to_numpy(), rtol=0, atol=1e-9)
    n, total = len(t.x), lp.to_numpy().sum()
    links = io.linkages(t)
    forward = n * lp.sum(axis=1).to_numpy() / total
    np.testing.assert_allclose(links["forward"].to_numpy(), forward, rtol=0, atol=1e-9)
