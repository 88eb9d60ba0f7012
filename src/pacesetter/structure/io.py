"""Input-output analysis on the NBS tables of China (Leontief, Ghosh, linkages, multipliers, impact).

Notation of Miller & Blair, *Input-Output Analysis* (2nd ed., 2009): Z intermediate flows,
x total output, A = Z x̂⁻¹ technical coefficients, L = (I − A)⁻¹ the Leontief inverse,
B = x̂⁻¹ Z allocation coefficients and G = (I − B)⁻¹ = x̂⁻¹ L x̂ the Ghosh inverse.

Large systems (a 12,600-sector multi-regional table) never form an inverse: one LU factorisation
of (I − A) and a solve per vector needed: column sums of L (output multipliers, backward
linkages) from (I − A)ᵀ y = 1, row sums from (I − A) z = 1, value-added and employment
multipliers from (I − A)ᵀ y = v. Memory stays at about two n × n arrays.

The tables come from the separate data package ``pacesetter-io-nbs`` (GPL-3.0-or-later).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Literal

import numpy as np
import pandas as pd
import scipy.linalg

from pacesetter.errors import Bilingual, InputError, NotFoundError

DATA_PACKAGE = "pacesetter_io_nbs"
# each spelling of a unit → its key in the catalogue (structure.io.unit.*), named in the reader's language
UNIT_KEYS = {"万元": "wan_yuan", "亿元": "yi_yuan", "元": "yuan",
             "wan_yuan": "wan_yuan", "yi_yuan": "yi_yuan", "yuan": "yuan"}
_WAN_YUAN_PER = {"wan_yuan": 1.0, "yi_yuan": 1e4, "yuan": 1e-4}
UNITS = {spelling: _WAN_YUAN_PER[key] for spelling, key in UNIT_KEYS.items()}  # 万元 per unit, by spelling
UNIT_SPELLINGS = Bilingual("万元、亿元、元", "wan_yuan, yi_yuan, yuan")


@dataclass
class IOTable:
    """One input-output table: flows, output and value added by sector, in ``unit`` (万元).

    ``domestic`` says whether Z holds domestic flows only (a non-competitive-import table) or
    imports too; ``estimate`` marks a table estimated from another (a city's, by location
    quotients), with ``method`` and ``delta`` the way it was made.
    """

    name: str
    year: int
    sectors: pd.DataFrame  # index sector code; columns zh, en
    Z: pd.DataFrame
    x: pd.Series
    va: pd.Series
    final_demand: pd.DataFrame  # final-use columns as the table gives them (IM: imports, to subtract)
    unit: str = "万元"
    source: str = ""  # message key naming the source
    domestic: bool = False
    estimate: bool = False
    method: str | None = None
    delta: float | None = None
    employment: pd.Series | None = None  # persons by sector, where the source covers the sector
    employment_year: int | None = None
    notes: list[str] = field(default_factory=list)  # message keys: how the table was made


@dataclass
class Impact:
    """What a project's output in one sector adds to total output, value added and employment."""

    sector: str
    output: float  # the project's output, 万元
    total_output: float
    value_added: float
    employment: float | None  # persons; None where the table's employment is not covered
    by_sector: pd.DataFrame  # output and value_added by sector
    unit: str
    assumptions: list[str]  # message keys
    table: IOTable  # the table it rests on (its name, year, source, sectors' names)


# --- the data package -------------------------------------------------------------------------


def _data_package() -> ModuleType:
    """The installed data package, or an error saying in words how to install it."""
    try:
        return importlib.import_module(DATA_PACKAGE)
    except ImportError:
        raise NotFoundError.said("structure.io.error.not_installed") from None


def table_names() -> list[str]:
    """The input-output tables available (the data package's files, employment excluded)."""
    names: list[str] = _data_package().names()
    return [n for n in names if n != "china_employment"]


def _path(name: str, *, table: bool = True) -> Path:
    """The data package's file ``name``: an input-output table (``table``), or another series
    (the employment series, which is no table)."""
    package = _data_package()
    if name not in (table_names() if table else package.names()):
        raise NotFoundError.said("structure.io.error.no_table", name=name, tables=", ".join(table_names()))
    path: Path = package.path(name)
    return path


def load_table(name: str) -> IOTable:
    """The NBS table ``name`` (e.g. ``china_2020_42``): domestic flows where the table separates
    imports (2017, 2018, 2020 at 42 sectors), all flows otherwise; with employment by sector where
    the employment series covers the table's sectors."""
    raw = pd.read_csv(_path(name), dtype={"Code": str})
    sector_cols = [c for c in raw.columns if c.isdigit()]
    domestic = "Origin" in raw.columns
    rows = raw[raw["Origin"].isin(["Domestic"])] if domestic else raw[raw["Code"].isin(sector_cols)]
    rows = rows.set_index("Code").loc[sector_cols]
    totals = raw[~raw["Code"].isin(sector_cols)].set_index("Code")
    after = list(raw.columns).index("TIU") + 1
    final_cols = [c for c in raw.columns[after:] if c not in ("GO", "TFU")]
    sectors = pd.DataFrame({"zh": rows["DescriptionInChinese"], "en": rows["Description"]})
    table = IOTable(
        name=name, year=int(name.split("_")[1]), sectors=sectors,
        Z=rows[sector_cols].astype(float), x=pd.Series(rows["GO"].astype(float), name="x"),
        va=pd.Series(totals.loc["TVA", sector_cols].to_numpy(dtype=float), index=sectors.index, name="va"),
        final_demand=rows[final_cols].astype(float), source="structure.io.source.nbs", domestic=domestic,
    )
    table.x.index.name = table.va.index.name = None
    employment, year = _sector_employment(sectors, table.year)
    if employment is not None:
        table.employment, table.employment_year = employment, year
    return table


# 42-sector classification (2017, 2018, 2020) → GB/T 4754-2017 sections and divisions of the
# employment series: a sector's employment is its section's total times the divisions' share.
EMPLOYMENT_MAP: dict[str, tuple[str, ...]] = {
    "Agriculture, forestry, animal husbandry and fishery": ("A",),
    "Mining and washing of coal": ("B01",), "Exploitation of petroleum and natural gas": ("B02",),
    "Mining and processing of metal ores": ("B03", "B04"),
    "Mining and processing of nonmetal and other ores": ("B05", "B06", "B07"),
    "Manufacture of foods and tobacco": ("C01", "C02", "C03", "C04"), "Manufacture of textiles": ("C05",),
    "Manufacture of wearing apparel, leather, fur, feather and related products": ("C06", "C07"),
    "Processing of timber and furniture": ("C08", "C09"),
    "Manufacture of paper, printing, and articles for culture, education, sports": ("C10", "C11", "C12"),
    "Processing of petroleum, coking, and nuclear fuel": ("C13",),
    "Manufacture of chemical products": ("C14", "C15", "C16", "C17"),
    "Manufacture of non-metallic mineral products": ("C18",),
    "Smelting and processing of metals": ("C19", "C20"), "Manufacture of metal products": ("C21",),
    "Manufacture of general purpose machinery": ("C22",),
    "Manufacture of special purpose machinery": ("C23",),
    "Manufacture of transport equipment": ("C24", "C25"),
    "Manufacture of electrical machinery and equipment": ("C26",),
    "Manufacture of communication equipment, computers and other electronic equipment": ("C27",),
    "Manufacture of instruments and meters": ("C28",),
    "Other manufacturing and waste resources": ("C29", "C30"),
    "Repair of metal products, machinery and equipment": ("C31",),
    "Production and supply of electric power and heat power": ("D01",),
    "Production and supply of gas": ("D02",), "Production and supply of water": ("D03",),
    "Construction": ("E",), "Wholesale and retail trades": ("F",),
    "Transport, storage, and postal services": ("G",), "Accommodation and catering": ("H",),
    "Information transmission, software and information technology services": ("I",),
    "Finance": ("J",), "Real estate": ("K",), "Leasing and commercial services": ("L",),
    "Research and experimental development": ("M01",), "Technical services": ("M02", "M03"),
    # the 2015 table's own names
    "Other manufacturing": ("C29",), "Comprehensive use of waste resources": ("C30",),
    "Scientific research, and technical services": ("M",),
    "Management of water conservancy, environment and public facilities": ("N",),
    "Resident, repair and other services": ("O",), "Education": ("P",),
    "Health care and social work": ("Q",), "Culture, sports, and entertainment": ("R",),
    "Public administration, social security, and social organizations": ("S",),
}


def _sector_employment(sectors: pd.DataFrame, year: int) -> tuple[pd.Series | None, int | None]:
    """Persons employed by sector (NaN where the series does not cover it), and the year used:
    the table's year, or the series' last (2018) for a later table."""
    covered = sectors["en"].isin(list(EMPLOYMENT_MAP))
    if not covered.any():
        return None, None
    raw = pd.read_csv(_path("china_employment", table=False), dtype={"Code": str}).set_index("Code")
    used = min(year, max(int(c) for c in raw.columns if c.isdigit()))
    series = raw[str(used)].astype(float) * 1e4  # 10,000 persons → persons

    def persons(codes: tuple[str, ...]) -> float:
        section = codes[0][0]
        if codes == (section,):
            return float(series[section])
        divisions = [c for c in series.index if len(c) > 1 and c[0] == section]
        return float(series[section] * series[list(codes)].sum() / series[divisions].sum())

    values = [persons(EMPLOYMENT_MAP[en]) if ok else np.nan
              for en, ok in zip(sectors["en"], covered, strict=True)]
    return pd.Series(values, index=sectors.index, name="employment"), used


# --- the mathematics on arrays ----------------------------------------------------------------


def coefficients_array(z: np.ndarray, x: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
    """A = Z x̂⁻¹ (a column of zeros where output is 0); in place of ``z`` when ``overwrite``."""
    with np.errstate(divide="ignore"):
        inv = np.where(x != 0, 1.0 / x, 0.0)
    if overwrite:
        z *= inv[None, :]
        return z
    out: np.ndarray = z * inv[None, :]
    return out


class LeontiefSolver:
    """One LU factorisation of (I − A); ``L @ b`` and ``Lᵀ @ b`` by solves, never the inverse.

    LAPACK factorises in place only a Fortran-ordered array; a C-ordered (I − A) is the
    Fortran-ordered (I − A)ᵀ, so that is factorised instead and the solves swap transposes:
    with ``overwrite`` no n × n array beyond ``a`` itself is made.
    """

    def __init__(self, a: np.ndarray, *, overwrite: bool = False) -> None:
        m = a if overwrite else a.copy()
        m *= -1.0
        m[np.diag_indices_from(m)] += 1.0
        self.n = m.shape[0]
        self.transposed = not m.flags.f_contiguous
        self.lu = scipy.linalg.lu_factor(m.T if self.transposed else m, overwrite_a=True, check_finite=False)

    def _solve(self, b: np.ndarray, transpose: bool) -> np.ndarray:
        out: np.ndarray = scipy.linalg.lu_solve(self.lu, b, trans=1 if transpose != self.transposed else 0,
                                                check_finite=False)
        return out

    def solve(self, b: np.ndarray) -> np.ndarray:
        """L b: the output needed for final demand b."""
        return self._solve(b, False)

    def solve_t(self, b: np.ndarray) -> np.ndarray:
        """Lᵀ b: e.g. b = 1 gives the column sums of L (output multipliers)."""
        return self._solve(b, True)


def linkages_array(solver: LeontiefSolver) -> tuple[np.ndarray, np.ndarray]:
    """Rasmussen–Hirschman backward and forward linkage indices from L's column and row sums."""
    ones = np.ones(solver.n)
    col, row = solver.solve_t(ones), solver.solve(ones)
    mean = col.sum() / solver.n  # Σ L / n: the average column (and row) sum
    return col / mean, row / mean


def multipliers_array(solver: LeontiefSolver, x: np.ndarray, va: np.ndarray,
                      employment: np.ndarray | None = None) -> np.ndarray:
    """Output, value-added and employment multipliers (columns) from one batched transposed solve."""
    with np.errstate(divide="ignore", invalid="ignore"):
        inv = np.where(x != 0, 1.0 / x, 0.0)
    rhs = [np.ones(solver.n), va * inv]
    if employment is not None:
        rhs.append(np.nan_to_num(employment) * inv)
    out = solver.solve_t(np.column_stack(rhs))
    if employment is not None:
        # a sector's employment multiplier needs every sector it draws on to be covered
        out[:, 2] = np.where(np.isnan(employment).any(), np.nan, out[:, 2])
    return out


# --- the tables -------------------------------------------------------------------------------


def _frame(table: IOTable, values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, index=table.Z.index, columns=table.Z.columns)


def coefficients(table: IOTable) -> pd.DataFrame:
    """Technical coefficients A = Z x̂⁻¹."""
    return _frame(table, coefficients_array(table.Z.to_numpy(dtype=float), table.x.to_numpy(dtype=float)))


def _solver(table: IOTable) -> LeontiefSolver:
    a = coefficients_array(table.Z.to_numpy(dtype=float), table.x.to_numpy(dtype=float))
    return LeontiefSolver(a, overwrite=True)


def leontief(table: IOTable) -> pd.DataFrame:
    """The Leontief inverse L = (I − A)⁻¹, in full (for a table of a few hundred sectors)."""
    return _frame(table, _solver(table).solve(np.eye(len(table.x))))


def ghosh(table: IOTable) -> pd.DataFrame:
    """The Ghosh inverse G = (I − B)⁻¹ = x̂⁻¹ L x̂, in full."""
    x = table.x.to_numpy(dtype=float)
    with np.errstate(divide="ignore"):
        inv = np.where(x != 0, 1.0 / x, 0.0)
    return _frame(table, inv[:, None] * leontief(table).to_numpy() * x[None, :])


def profile(table: IOTable, employment: pd.Series | None = None) -> pd.DataFrame:
    """Multipliers and linkages of every sector from one factorisation (see :func:`multipliers`
    and :func:`linkages`); the table a 12,600-sector system can afford."""
    emp = table.employment if employment is None else employment.reindex(table.x.index)
    solver = _solver(table)
    values = multipliers_array(solver, table.x.to_numpy(dtype=float), table.va.to_numpy(dtype=float),
                               None if emp is None else emp.to_numpy(dtype=float))
    backward, forward = linkages_array(solver)
    out = pd.DataFrame({"output": values[:, 0], "value_added": values[:, 1],
                        "employment": values[:, 2] if emp is not None else np.nan,
                        "backward": backward, "forward": forward}, index=table.x.index)
    out["key_sector"] = (out["backward"] > 1) & (out["forward"] > 1)
    return out


def linkages(table: IOTable) -> pd.DataFrame:
    """Backward and forward linkages (Rasmussen–Hirschman, on L) by sector; a key sector has both > 1.

    Backward: n · (column sum of L) / ΣL, the pull of a sector on its suppliers; forward:
    n · (row sum of L) / ΣL, how much a sector is drawn on when every sector's demand rises by one.
    """
    return profile(table)[["backward", "forward", "key_sector"]]


def multipliers(table: IOTable, employment: pd.Series | None = None) -> pd.DataFrame:
    """Type I multipliers by sector: output (per unit of final demand), value added (same unit),
    employment (persons per 万元; NaN where the employment series does not cover every sector).

    ``employment`` (persons by sector) defaults to the table's own, where it has one.
    """
    return profile(table, employment)[["output", "value_added", "employment"]]


# --- a city's table by location quotients -----------------------------------------------------


def flq_lambda(regional_total: float, national_total: float, delta: float) -> float:
    """Flegg's regional size factor λ = [log2(1 + regional / national)]^δ."""
    return float(np.log2(1.0 + regional_total / national_total) ** delta)


def location_quotients(table: IOTable, city_output: pd.Series, *, method: Literal["slq", "cilq", "flq"],
                       delta: float = 0.3) -> pd.DataFrame:
    """The quotient matrix (rows: supplying sector i, columns: buying sector j), capped at 1 later.

    SLQ_i = (x_i^r / x^r) / (x_i^n / x^n); CILQ_ij = SLQ_i / SLQ_j with SLQ_i on the diagonal;
    FLQ_ij = λ · CILQ_ij (Flegg & Webber 1997).
    """
    x_n = table.x.to_numpy(dtype=float)
    x_r = city_output.reindex(table.x.index).fillna(0.0).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        slq = (x_r / x_r.sum()) / (x_n / x_n.sum())
    slq = np.nan_to_num(slq)
    if method == "slq":
        q = np.repeat(slq[:, None], len(slq), axis=1)
    elif method in ("cilq", "flq"):
        with np.errstate(divide="ignore", invalid="ignore"):
            q = slq[:, None] / slq[None, :]
        q[~np.isfinite(q)] = 1.0  # a sector the city lacks buys nothing: its column does not matter
        np.fill_diagonal(q, slq)
        if method == "flq":
            q *= flq_lambda(x_r.sum(), x_n.sum(), delta)
    else:
        raise InputError.said("structure.io.error.method", method=method)
    return _frame(table, q)


def regionalise(table: IOTable, city_structure: pd.Series, *, method: Literal["slq", "cilq", "flq"] = "flq",
                delta: float = 0.3, national: pd.Series | None = None) -> IOTable:
    """An ESTIMATED city table: national coefficients scaled down by location quotients.

    ``city_structure`` is the city's output by sector in the table's unit; or, with ``national``
    the nation's values of the same measure (e.g. employment by sector), any measure, from which
    the city's output is estimated as the national output times the city's share.
    a_ij^r = a_ij · min(LQ_ij, 1): what the city cannot supply itself is bought from elsewhere.
    Value added keeps the national ratio to output. Final demand is not estimated.
    """
    if not 0 <= delta < 1:
        raise InputError.said("structure.io.error.delta", delta=delta)
    structure = city_structure.reindex(table.x.index).fillna(0.0)
    notes = ["structure.io.note.estimate", f"structure.io.note.{method}"]
    if national is not None:
        share = structure / national.reindex(table.x.index)
        structure = (table.x * share.replace([np.inf, -np.inf], np.nan).fillna(0.0)).rename("x")
        notes.append("structure.io.note.output_from_share")
    if structure.sum() <= 0:
        raise InputError.said("structure.io.error.empty_structure")
    q = location_quotients(table, structure, method=method, delta=delta).to_numpy()
    a = coefficients(table).to_numpy() * np.minimum(q, 1.0)
    x_r = structure.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        va_ratio = np.nan_to_num(table.va.to_numpy(dtype=float) / table.x.to_numpy(dtype=float))
    return replace(
        table, name=f"{table.name}:{method}", Z=_frame(table, a * x_r[None, :]),
        x=pd.Series(x_r, index=table.x.index, name="x"),
        va=pd.Series(va_ratio * x_r, index=table.x.index, name="va"),
        final_demand=pd.DataFrame(index=table.x.index), estimate=True, method=method,
        delta=delta if method == "flq" else None,
        employment=None if table.employment is None else table.employment * (x_r / table.x.to_numpy()),
        notes=notes,
    )


# --- a project's impact -----------------------------------------------------------------------


def _no_sector(table: IOTable, sector: str) -> NotFoundError:
    """The table lacks ``sector``: the error names up to five sectors whose code or name contains
    it, or says where the sectors are listed."""
    names = table.sectors
    text = names.index.to_series() + " " + names["zh"] + " " + names["en"].str.lower()
    near = names.index[text.str.contains(sector.lower(), regex=False)][:5]
    if len(near):
        like = tuple(Bilingual(f"{c} {names['zh'][c]}", f"{c} {names['en'][c]}") for c in map(str, near))
        return NotFoundError.said("structure.io.error.no_sector_like", sector=sector, table=table.name,
                                  like=like)
    return NotFoundError.said("structure.io.error.no_sector", sector=sector, table=table.name)


def impact(table: IOTable, sector: str, output: float, unit: str = "万元") -> Impact:
    """Total output, value added and employment a project's output in ``sector`` brings about.

    The project's output is treated as new final demand for the sector (Δx = L Δy; the same as
    its own output plus what its purchases set off upstream, since L = I + L A).
    """
    if unit not in UNITS:
        raise InputError.said("structure.io.error.unit", unit=unit, units=UNIT_SPELLINGS)
    if not (np.isfinite(output) and output >= 0):
        raise InputError.said("structure.io.error.output", output=output)
    if sector not in table.x.index:
        raise _no_sector(table, sector)
    amount = output * UNITS[unit]
    demand = np.zeros(len(table.x))
    demand[table.x.index.get_loc(sector)] = amount
    dx = _solver(table).solve(demand)
    x = table.x.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        va_ratio = np.nan_to_num(table.va.to_numpy(dtype=float) / x)
    dva = va_ratio * dx
    employment = None
    if table.employment is not None and not table.employment.isna().any():
        employment = float((np.nan_to_num(table.employment.to_numpy(dtype=float) / x) * dx).sum())
    assumptions = [f"structure.io.assumption.{key}" for key in (
        "fixed_coefficients", "demand_driven", "no_constraints", "prices",
        "domestic" if table.domestic else "imports_inside")]
    # the effects happen wherever the table's economy is: the nation for a national table
    reach = "estimate" if table.estimate else "national"
    assumptions.append(f"structure.io.assumption.{reach}")
    if employment is not None:
        assumptions.append("structure.io.assumption.employment_year")
    return Impact(
        sector=sector, output=amount, total_output=float(dx.sum()), value_added=float(dva.sum()),
        employment=employment,
        by_sector=pd.DataFrame({"output": dx, "value_added": dva}, index=table.x.index),
        unit="万元", assumptions=assumptions, table=table,
    )
