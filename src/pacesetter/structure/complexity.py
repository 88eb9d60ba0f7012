"""Economic complexity: ECI and PCI by the eigenvector method, complexity outlook (COI) and gain (COG).

Method (Hidalgo & Hausmann 2009; Hausmann et al., *The Atlas of Economic Complexity*), as the
Growth Lab's ``ecomplexity`` package computes it, with these differences on purpose:

- the eigenvector comes from the symmetric form D^-1/2 M U^-1 Mᵀ D^-1/2 on the smaller side of the
  matrix (``eigh``, or Lanczos with the known top eigenvector deflated), not a general eigensolver
  on the products' side: the same vector, faster;
- PCI is standardised by its own mean and deviation (ecomplexity uses the regions' ECI ones);
- a missing value stays unknown in RCA and presence (ecomplexity means to read it as 0, and marks
  it absent); measures that need 0/1 count it as not present, with a warning;
- a region no industry is specialised in (possible with a threshold above 1) gets no ECI, and the
  other regions keep theirs (ecomplexity turns the whole year into NaN);
- warnings (codes and values) for thin regions and industries and for an eigenvector that is not
  well determined (a disconnected matrix, or second and third eigenvalues nearly equal).

COI and COG follow ecomplexity (and its Stata original) exactly: computed from the sign-aligned
eigenvector before standardisation, COI then standardised, COG put on the ECI's scale.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse.linalg

from pacesetter.errors import InputError
from pacesetter.structure.notes import StructureWarning
from pacesetter.structure.relatedness import density_from, proximity_array
from pacesetter.structure.specialisation import rca

__all__ = ["Complexity", "StructureWarning", "complexity", "complexity_panel"]

# Second and third eigenvalues closer than this (relative) leave the eigenvector ill-determined.
NEAR_DEGENERATE = 1e-6


@dataclass
class Complexity:
    """Every measure of one region × industry matrix, with the threshold used and the caveats."""

    eci: pd.Series
    pci: pd.Series
    coi: pd.Series
    cog: pd.DataFrame
    rca: pd.DataFrame
    presence: pd.DataFrame
    proximity: pd.DataFrame
    density: pd.DataFrame
    threshold: float
    warnings: list[StructureWarning] = field(default_factory=list)
    diversity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    ubiquity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))


def _standardise(v: np.ndarray) -> np.ndarray:
    """(v - mean) / sd over the known values (population sd, as ecomplexity and Stata)."""
    with np.errstate(invalid="ignore", divide="ignore"):  # no spread: every value unknown (NaN)
        out: np.ndarray = (v - np.nanmean(v)) / np.nanstd(v)
    return out


def _top_pair(small: np.ndarray, top: np.ndarray, guess: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and vectors of S = small smallᵀ below its known top pair (1, top).

    Fewer than 64 rows: ``eigh`` on S formed. More: Lanczos (ARPACK) on S with the top pair
    deflated, S applied as two products with ``small`` and never formed; five times faster at
    3,000 × 1,000. It starts from ``guess`` (ECI follows diversity closely) plus a little noise
    from a seeded generator, so a run repeats exactly; the guess halves the iterations.
    """
    n = small.shape[0]
    if n < 64:
        values, vectors = scipy.linalg.eigh(small @ small.T, subset_by_index=[max(n - 3, 0), n - 1])
        return values[::-1][1:], vectors[:, ::-1][:, 1:]

    def apply(v: np.ndarray) -> np.ndarray:
        out: np.ndarray = small @ (small.T @ v) - top * (top @ v)
        return out

    op = scipy.sparse.linalg.LinearOperator((n, n), matvec=apply, dtype=np.float64)
    start = guess / (np.linalg.norm(guess) or 1.0) + 1e-3 * np.random.default_rng(0).random(n)
    values, vectors = scipy.sparse.linalg.eigsh(op, k=2, which="LA", tol=0.0, ncv=10, v0=start)
    return values[::-1], vectors[:, ::-1]


def _eigenvectors(m: np.ndarray, diversity: np.ndarray,
                  ubiquity: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Region and industry vectors (kc, kp) of the second eigenvalue, and the second and third eigenvalues.

    Mcc = D⁻¹ M U⁻¹ Mᵀ is similar to the symmetric S = D^-½ M U⁻¹ Mᵀ D^-½ (and Mpp likewise),
    whose top eigenpair is known (1, D^½ 1): the second comes from the smaller of the two;
    kp = U⁻¹ Mᵀ kc and kc = D⁻¹ M kp.
    """
    a = m / np.sqrt(diversity)[:, None] / np.sqrt(ubiquity)[None, :]
    regions_side = m.shape[0] <= m.shape[1]
    degree = diversity if regions_side else ubiquity
    top = np.sqrt(degree)
    values, vectors = _top_pair(a if regions_side else a.T, top / np.linalg.norm(top),
                                top * (degree - degree.mean()))
    second = vectors[:, 0] if len(values) else np.zeros(len(top))
    # kc = D⁻¹ M kp fixes the scale of one against the other, as ecomplexity does (COG uses it)
    kp = (m.T @ (second / np.sqrt(diversity))) / ubiquity if regions_side else second / np.sqrt(ubiquity)
    return (m @ kp) / diversity, kp, values


def _each(code: str, labels: pd.Index, where: np.ndarray, **values: object) -> list[StructureWarning]:
    """One warning ``code`` per label where ``where`` holds, naming it."""
    return [StructureWarning(code, {"name": str(labels[int(i)]), **values}) for i in np.flatnonzero(where)]


def _thin(code: str, labels: pd.Index, counts: np.ndarray, minimum: int) -> list[StructureWarning]:
    """A warning per region or industry with positive values in fewer than ``minimum`` cells."""
    return [StructureWarning(code, {"name": str(labels[int(i)]), "n": int(counts[i]), "minimum": minimum})
            for i in np.flatnonzero(counts < minimum)]


def complexity(matrix: pd.DataFrame, *, threshold: float = 1.0, min_observations: int = 5,
               reference: pd.Series | None = None) -> Complexity:
    """ECI, PCI, COI, COG with RCA, presence, proximity and density of a regions × industries matrix.

    ``threshold``: RCA at or above it makes a region specialised (present) in an industry.
    ``min_observations``: a region with positive values in fewer industries, or an industry in
    fewer regions, gets a warning (its RCA rests on few cells). ``reference``: see :func:`rca`.
    """
    if threshold <= 0:
        raise InputError.said("structure.error.threshold", threshold=threshold)
    values = matrix.to_numpy(dtype=float)
    r = rca(matrix, reference).to_numpy()
    unknown = np.isnan(r)
    m = (r >= threshold).astype(float)  # an unknown RCA compares False: not present
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    regions, industries = matrix.index, matrix.columns
    notes: list[StructureWarning] = []
    if n_unknown := int(np.isnan(values).sum()):
        notes.append(StructureWarning("structure.warning.unknown_cells", {"n": n_unknown}))
    positive = values > 0
    notes += _thin("structure.warning.region_few", regions, positive.sum(axis=1), min_observations)
    notes += _thin("structure.warning.industry_few", industries, positive.sum(axis=0), min_observations)
    notes += _each("structure.warning.region_none", regions, diversity == 0, threshold=threshold)
    notes += _each("structure.warning.industry_none", industries, ubiquity == 0, threshold=threshold)

    rows, cols = diversity > 0, ubiquity > 0
    kc, kp = np.full(len(regions), np.nan), np.full(len(industries), np.nan)
    if rows.sum() >= 2 and cols.sum() >= 2:
        sub = m if rows.all() and cols.all() else m[np.ix_(rows, cols)]
        kc_v, kp_v, eig = _eigenvectors(sub, diversity[rows], ubiquity[cols])
        if len(eig) >= 1 and eig[0] > 1 - 1e-9:
            notes.append(StructureWarning("structure.warning.disconnected", {"eigenvalue": float(eig[0])}))
        elif len(eig) >= 2 and eig[0] - eig[1] < NEAR_DEGENERATE * eig[0]:
            notes.append(StructureWarning("structure.warning.near_degenerate",
                                          {"second": float(eig[0]), "third": float(eig[1])}))
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.corrcoef(diversity[rows], kc_v)[0, 1]
        sign = -1.0 if corr < 0 else 1.0  # as ecomplexity: ECI rises with diversity
        kc[rows], kp[cols] = sign * kc_v, sign * kp_v
    else:
        notes.append(StructureWarning("structure.warning.too_small",
                                      {"regions": int(rows.sum()), "industries": int(cols.sum())}))

    phi = proximity_array(m)
    weight = phi.sum(axis=1)
    kp0 = np.nan_to_num(kp)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(weight > 0, kp0 / weight, 0.0)
    # one product gives M φ (density) and M (φ ⊙ step) (COG: (1 − M) X = 1ᵀX − M X)
    n = len(industries)
    stacked = np.empty((n, 2 * n))
    stacked[:, :n] = phi
    gain = np.multiply(phi, step[:, None], out=stacked[:, n:])
    both = m @ stacked
    dens = density_from(both[:, :n], weight)
    absent = 1.0 - m
    with np.errstate(invalid="ignore"):
        coi_raw = (absent * both[:, :n]) @ step  # Σ_p d_cp (1 − M_cp) kp_p
    cog = np.subtract(gain.sum(axis=0)[None, :], both[:, n:], out=both[:, n:])
    cog *= absent
    cog /= np.nanstd(kc)
    blank = unknown.all(axis=1)
    dens[blank] = np.nan
    coi = _standardise(np.where(blank, np.nan, coi_raw))

    return Complexity(
        eci=pd.Series(_standardise(kc), index=regions, name="eci"),
        pci=pd.Series(_standardise(kp), index=industries, name="pci"),
        coi=pd.Series(coi, index=regions, name="coi"),
        cog=pd.DataFrame(cog, index=regions, columns=industries, copy=False),
        rca=pd.DataFrame(r, index=regions, columns=industries, copy=False),
        presence=pd.DataFrame(np.where(unknown, np.nan, m) if unknown.any() else m, index=regions,
                              columns=industries, copy=False),
        proximity=pd.DataFrame(phi, index=industries, columns=industries, copy=False),
        density=pd.DataFrame(dens, index=regions, columns=industries, copy=False),
        threshold=threshold,
        warnings=notes,
        diversity=pd.Series(diversity, index=regions, name="diversity"),
        ubiquity=pd.Series(ubiquity, index=industries, name="ubiquity"),
    )


def _dense(codes: np.ndarray, names: pd.Index) -> tuple[np.ndarray, pd.Index]:
    """Codes renumbered 0..k-1 over those that occur (order kept), and their names; no sort."""
    seen = np.bincount(codes, minlength=len(names)) > 0
    if seen.all():
        return codes, names
    return (np.cumsum(seen) - 1)[codes], names[seen]


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Sorted codes of a column and its distinct values: integers by counting, others by hashing."""
    raw = column.to_numpy()
    if raw.dtype.kind in "iu" and len(raw) and (span := int(raw.max()) - int(raw.min())) <= 4 * len(raw):
        shifted = raw - raw.min()
        return _dense(shifted, pd.Index(np.arange(span + 1) + raw.min()))
    codes, names = pd.factorize(column, sort=True)
    return codes, pd.Index(names)


def complexity_panel(data: pd.DataFrame, *, year: str = "year", region: str = "region",
                     industry: str = "industry", value: str = "value", threshold: float = 1.0,
                     min_observations: int = 5) -> dict[Hashable, Complexity]:
    """:func:`complexity` of each year of long rows (year, region, industry, value), as in ecomplexity.

    Each year is its own matrix of the regions and industries that year has rows for; a cell
    without a row is 0 (the region has none of the industry), a row with a missing value is unknown.
    Duplicate rows of a cell are an error, not silently dropped.
    """
    values = data[value].to_numpy(dtype=float)
    year_codes, years = _codes(data[year])
    region_codes, region_names = _codes(data[region])
    industry_codes, industry_names = _codes(data[industry])
    # rows grouped by year (slices, not masks): as they come when already in year order
    order = None if (np.diff(year_codes) >= 0).all() else np.argsort(year_codes, kind="stable")
    if order is not None:
        year_codes, region_codes, industry_codes, values = (
            year_codes[order], region_codes[order], industry_codes[order], values[order])
    bounds = np.searchsorted(year_codes, np.arange(len(years) + 1))
    out: dict[Hashable, Complexity] = {}
    for k, key in enumerate(years):
        rows = slice(bounds[k], bounds[k + 1])
        ri, regions = _dense(region_codes[rows], region_names)
        ii, industries = _dense(industry_codes[rows], industry_names)
        cell = ri * len(industries) + ii
        if np.bincount(cell).max() > 1:
            raise InputError.said("structure.error.duplicates")
        grid = np.zeros(len(regions) * len(industries))
        grid[cell] = values[rows]
        wide = pd.DataFrame(grid.reshape(len(regions), len(industries)), index=pd.Index(regions, name=region),
                            columns=pd.Index(industries, name=industry), copy=False)
        out[key] = complexity(wide, threshold=threshold, min_observations=min_observations)
    return out
