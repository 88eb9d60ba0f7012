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
from functools import cached_property

import numpy as np
import pandas as pd
import scipy.linalg
import scipy.sparse.linalg

from pacesetter.errors import InputError
from pacesetter.structure.notes import StructureWarning
from pacesetter.structure.relatedness import density_from, proximity, proximity_array
from pacesetter.structure.specialisation import (
    checked_values_unknown,
    has_unknown,
    presence,
    rca_parts,
    reference_array,
)

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
    density: pd.DataFrame
    threshold: float
    warnings: list[StructureWarning] = field(default_factory=list)
    diversity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    ubiquity: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))

    @property
    def presence(self) -> pd.DataFrame:
        """1 where RCA reaches the threshold, 0 below, NaN where RCA is unknown: derived from
        ``rca`` when asked (a panel's years need not each keep a second matrix)."""
        return presence(self.rca, self.threshold)

    @cached_property
    def proximity(self) -> pd.DataFrame:
        """Industries × industries proximity of the presence, made when first asked (the measures
        use it in a work array a panel's years share)."""
        return proximity(self.presence)


def _standardise(v: np.ndarray) -> np.ndarray:
    """(v - mean) / sd over the known values (population sd, as ecomplexity and Stata)."""
    mean, sd = (np.nanmean, np.nanstd) if has_unknown(v) else (np.mean, np.std)  # nan-versions: 4 × slower
    with np.errstate(invalid="ignore", divide="ignore"):  # no spread: every value unknown (NaN)
        out: np.ndarray = (v - mean(v)) / sd(v)
    return out


def _top_pair(mat: np.ndarray, outer: np.ndarray, inner: np.ndarray, top: np.ndarray,
              guess: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and vectors of S = X^-½ mat Y⁻¹ matᵀ X^-½ below its known top pair
    (1, ``top``), X and Y the diagonal matrices of ``outer`` and ``inner`` (row and column sums).

    Fewer than 64 rows: ``eigh`` on S formed. More: Lanczos (ARPACK) on S with the top pair
    deflated, S applied as two products with the 0/1 ``mat`` and never formed (nor a scaled copy
    of ``mat``); five times faster at 3,000 × 1,000. It starts from ``guess`` (ECI follows
    diversity closely) plus a little noise from a seeded generator, so a run repeats exactly;
    the guess halves the iterations.
    """
    n, x, y = mat.shape[0], 1 / np.sqrt(outer), 1 / inner
    if n < 64:
        formed = (mat * y) @ mat.T
        formed *= np.multiply.outer(x, x)
        values, vectors = scipy.linalg.eigh(formed, subset_by_index=[max(n - 3, 0), n - 1])
        return values[::-1][1:], vectors[:, ::-1][:, 1:]

    def apply(v: np.ndarray) -> np.ndarray:
        out: np.ndarray = x * (mat @ (y * (mat.T @ (x * v)))) - top * (top @ v)
        return out

    op = scipy.sparse.linalg.LinearOperator((n, n), matvec=apply, dtype=np.float64)
    start = guess / (np.linalg.norm(guess) or 1.0) + 1e-3 * np.random.default_rng(0).random(n)
    values, vectors = scipy.sparse.linalg.eigsh(op, k=2, which="LA", tol=0.0, ncv=20, v0=start)
    return values[::-1], vectors[:, ::-1]


def _eigenvectors(m: np.ndarray, diversity: np.ndarray,
                  ubiquity: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Region and industry vectors (kc, kp) of the second eigenvalue, and the second and third eigenvalues.

    Mcc = D⁻¹ M U⁻¹ Mᵀ is similar to the symmetric S = D^-½ M U⁻¹ Mᵀ D^-½ (and Mpp likewise),
    whose top eigenpair is known (1, D^½ 1): the second comes from the smaller of the two;
    kp = U⁻¹ Mᵀ kc and kc = D⁻¹ M kp.
    """
    regions_side = m.shape[0] <= m.shape[1]
    degree, other = (diversity, ubiquity) if regions_side else (ubiquity, diversity)
    top = np.sqrt(degree)
    values, vectors = _top_pair(m if regions_side else m.T, degree, other, top / np.linalg.norm(top),
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
    values, unknown = checked_values_unknown(matrix)
    return _measures(values, matrix.index, matrix.columns, threshold=threshold,
                     min_observations=min_observations, reference=reference_array(matrix, reference),
                     unknown=unknown)


class _Block:
    """Result arrays carved from one allocation, for a panel's years: NumPy asks the kernel for huge
    pages for an array of 4 MiB or more, and fresh memory is first touched here at about a third
    of the cost of many arrays of a year's size (5 of 75 ms at 337 × 500 × 5 years). Arrays past
    its end are new arrays of their own."""

    def __init__(self, size: int) -> None:
        self._block, self._used = np.empty(size), 0

    def __call__(self, shape: tuple[int, int]) -> np.ndarray:
        start, size = self._used, shape[0] * shape[1]
        if start + size > len(self._block):
            return np.empty(shape)
        self._used += size
        return self._block[start:start + size].reshape(shape)


class _Scratch:
    """Work arrays by name, kept for the next matrix of the same shape: a panel's years share them,
    so their memory is allocated and first touched once (a page's first touch costs here about
    as much as the arithmetic on it)."""

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def __call__(self, name: str, shape: tuple[int, ...], dtype: type = np.float64) -> np.ndarray:
        found = self._arrays.get(name)
        if found is None or found.shape != shape or found.dtype != dtype:
            found = self._arrays[name] = np.empty(shape, dtype)
        return found


def _measures(values: np.ndarray, regions: pd.Index, industries: pd.Index, *, threshold: float,
              min_observations: int, reference: np.ndarray | None, unknown: bool,
              scratch: _Scratch | None = None, kept: _Block | None = None) -> Complexity:
    """:func:`complexity` of a checked array of values, its row and column labels given; ``unknown``:
    whether any value is NaN; ``scratch`` holds the work arrays (new ones if not given), ``kept``
    gives the memory of the results kept, RCA and the product with φ (new arrays if not given)."""
    work_array, result = scratch or _Scratch(), kept or np.empty
    r, row_totals, col_totals = rca_parts(values, reference, unknown=unknown, out=result(values.shape))
    row_ok = np.isfinite(row_totals) & (row_totals > 0)
    n_regions, n_industries = r.shape
    # M above, (1 − M) diag(step) below: both multiply φ in one product (φ packed once)
    stacked = work_array("stacked", (2 * n_regions, n_industries))
    m = np.greater_equal(r, threshold, out=stacked[:n_regions])  # an unknown RCA compares False: absent
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    notes: list[StructureWarning] = []
    if unknown:
        notes.append(StructureWarning("structure.warning.unknown_cells", {"n": int(np.isnan(values).sum())}))
    if min_observations > 1:
        positive = values > 0
        by_region, by_industry = np.count_nonzero(positive, axis=1), np.count_nonzero(positive, axis=0)
        del positive
    else:  # fewer than one positive value: a total of 0 (values are never negative), known already
        by_region, by_industry = (row_totals > 0).astype(int), (col_totals > 0).astype(int)
    notes += _thin("structure.warning.region_few", regions, by_region, min_observations)
    notes += _thin("structure.warning.industry_few", industries, by_industry, min_observations)
    notes += _each("structure.warning.region_none", regions, diversity == 0, threshold=threshold)
    notes += _each("structure.warning.industry_none", industries, ubiquity == 0, threshold=threshold)

    rows, cols = diversity > 0, ubiquity > 0
    kc, kp = np.full(n_regions, np.nan), np.full(n_industries, np.nan)
    if rows.sum() >= 2 and cols.sum() >= 2:
        sub = m if rows.all() and cols.all() else m[np.ix_(rows, cols)]
        kc_v, kp_v, eig = _eigenvectors(sub, diversity[rows], ubiquity[cols])
        if len(eig) >= 1 and eig[0] > 1 - 1e-9:
            notes.append(StructureWarning("structure.warning.disconnected", {"eigenvalue": float(eig[0])}))
        elif len(eig) >= 2 and eig[0] - eig[1] < NEAR_DEGENERATE * eig[0]:
            notes.append(StructureWarning("structure.warning.near_degenerate",
                                          {"second": float(eig[0]), "third": float(eig[1])}))
        # as ecomplexity: ECI rises with diversity (the sign of their covariance, that of the correlation)
        sign = -1.0 if (diversity[rows] - diversity[rows].mean()) @ kc_v < 0 else 1.0
        kc[rows], kp[cols] = sign * kc_v, sign * kp_v
    else:
        notes.append(StructureWarning("structure.warning.too_small",
                                      {"regions": int(rows.sum()), "industries": int(cols.sum())}))

    phi = proximity_array(m, out=work_array("phi", (n_industries, n_industries)),
                          counts=work_array("counts", (n_industries, n_industries), np.float32),
                          presence32=work_array("presence32", m.shape, np.float32))
    weight = phi.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        step = np.where(weight > 0, np.nan_to_num(kp) / weight, 0.0)
    # COG, where the region lacks the industry: ((1 − M) diag(step)) φ on the ECI's scale (step
    # divided by the deviation of kc, not the result); M φ is density once divided by φ's row sums
    work = np.subtract(1.0, m, out=stacked[n_regions:])
    work *= step / np.nanstd(kc)
    products = np.matmul(stacked, phi, out=result(stacked.shape))  # kept: density and COG are views of it
    reached, cog = products[:n_regions], products[n_regions:]
    cog *= np.subtract(1.0, m, out=m)  # M is not kept: presence is derived from RCA when asked
    # Σ_p d_cp (1 − M_cp) kp_p, on the same scale (COI is standardised: the same)
    coi_raw = np.einsum("ij,ij->i", reached, work)
    dens = density_from(reached, weight)
    # a region whose every RCA is unknown (its total, or every industry's, unknown or zero) has
    # no density and no outlook
    blank = ~row_ok
    if unknown or reference is not None:  # else a positive total has a column of known RCA
        blank |= np.isnan(r).all(axis=1)
    if blank.any():
        dens[blank] = np.nan
        coi_raw[blank] = np.nan

    return Complexity(
        eci=pd.Series(_standardise(kc), index=regions, name="eci"),
        pci=pd.Series(_standardise(kp), index=industries, name="pci"),
        coi=pd.Series(_standardise(coi_raw), index=regions, name="coi"),
        cog=pd.DataFrame(cog, index=regions, columns=industries, copy=False),
        rca=pd.DataFrame(r, index=regions, columns=industries, copy=False),
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
    """Codes of a column in the order of its values, and the values: integers by offset (those
    between that do not occur included, dropped year by year), others by hashing."""
    raw = column.to_numpy()
    if raw.dtype.kind in "iu" and len(raw):
        low = int(raw.min())
        if (span := int(raw.max()) - low) <= 4 * len(raw):
            return (raw - low).astype(np.intp, copy=False), pd.Index(np.arange(span + 1) + low)
    codes, names = pd.factorize(column, sort=True)
    return codes, pd.Index(names)


def _grid(ri: np.ndarray, ii: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Region and industry labels (or codes) of rows that are a complete grid in row-major order (regions
    increasing, each with the same increasing industries): the values reshape as they are."""
    if not len(ri):
        return None
    # the rows of the first region: they end in the first few thousand, as a rule (no pass over all)
    width = int(np.argmax(ri[:4096] != ri[0])) or int(np.argmax(ri != ri[0])) or len(ri)
    if len(ri) % width:
        return None
    r, i = ri[::width], ii[:width]
    ordered = (r[1:] > r[:-1]).all() and (i[1:] > i[:-1]).all()
    if ordered and (ri.reshape(-1, width) == r[:, None]).all() and (ii.reshape(-1, width) == i).all():
        return r, i
    return None


def _matrix(ri: np.ndarray, ii: np.ndarray, values: np.ndarray, region_names: pd.Index,
            industry_names: pd.Index) -> tuple[np.ndarray, pd.Index, pd.Index]:
    """One year's long rows (by codes) as a regions × industries array (0 where no row), with its labels."""
    if (found := _grid(ri, ii)) is not None:
        return values.reshape(len(found[0]), -1), region_names[found[0]], industry_names[found[1]]
    ri, regions = _dense(ri, region_names)
    ii, industries = _dense(ii, industry_names)
    cell = ri * len(industries) + ii
    if len(cell) and np.bincount(cell).max() > 1:
        raise InputError.said("structure.error.duplicates")
    out = np.zeros(len(regions) * len(industries))
    out[cell] = values
    return out.reshape(len(regions), len(industries)), regions, industries


def complexity_panel(data: pd.DataFrame, *, year: str = "year", region: str = "region",
                     industry: str = "industry", value: str = "value", threshold: float = 1.0,
                     min_observations: int = 5) -> dict[Hashable, Complexity]:
    """:func:`complexity` of each year of long rows (year, region, industry, value), as in ecomplexity.

    Each year is its own matrix of the regions and industries that year has rows for; a cell
    without a row is 0 (the region has none of the industry), a row with a missing value is unknown.
    Duplicate rows of a cell are an error, not silently dropped. A year whose rows already are its
    complete matrix in order (as a pivot leaves them) is read as it is, without codes or copies.
    """
    if threshold <= 0:
        raise InputError.said("structure.error.threshold", threshold=threshold)
    values, unknown = checked_values_unknown(data[value])
    years, order = _years(data[year])
    columns = (data[region], data[industry])
    labels = [c.to_numpy() for c in columns]
    if order is not None:  # rows grouped by year (slices, not masks)
        values, labels = values[order], [v[order] for v in labels]
    numeric = all(v.dtype.kind in "iuf" for v in labels)
    coded: list[tuple[np.ndarray, pd.Index]] = []  # codes of both columns, made once if a year needs them
    scratch = _Scratch()
    kept = _Block(sum(3 * (rows.stop - rows.start) for _, rows in years))  # RCA and 2 × the year's cells
    out: dict[Hashable, Complexity] = {}
    for key, rows in years:
        if numeric and (found := _grid(labels[0][rows], labels[1][rows])) is not None:
            # the rows are the year's complete matrix in order (as a pivot would leave them): no codes
            grid = values[rows].reshape(len(found[0]), -1)
            regions, industries = pd.Index(found[0]), pd.Index(found[1])
        else:
            coded = coded or [(c if order is None else c[order], n) for c, n in map(_codes, columns)]
            grid, regions, industries = _matrix(coded[0][0][rows], coded[1][0][rows], values[rows],
                                                coded[0][1], coded[1][1])
        out[key] = _measures(grid, regions.rename(region), industries.rename(industry), threshold=threshold,
                             min_observations=min_observations, reference=None,
                             unknown=unknown and has_unknown(grid), scratch=scratch, kept=kept)
    return out


def _years(column: pd.Series) -> tuple[list[tuple[Hashable, slice]], np.ndarray | None]:
    """Each year in order with the slice of its rows once ordered, and that order (None: as they come)."""
    raw = column.to_numpy()
    if raw.dtype.kind in "iu" and len(raw):
        starts = np.r_[0, np.flatnonzero(raw[1:] != raw[:-1]) + 1]
        if ((keys := raw[starts])[1:] > keys[:-1]).all():  # in year order already: one pass, no codes
            ends = np.r_[starts[1:], len(raw)]
            return [(k, slice(a, b)) for k, a, b in zip(keys, starts, ends, strict=True)], None
    codes, names = _codes(column)
    order = None if (codes[1:] >= codes[:-1]).all() else np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes if order is None else codes[order], np.arange(len(names) + 1))
    kept = np.flatnonzero(bounds[1:] > bounds[:-1])  # the years with rows
    return [(names[k], slice(bounds[k], bounds[k + 1])) for k in kept.tolist()], order
