"""Candidate enterprises for each gap of a chain, scored and explained (招商 targeting).

Pure functions over plain frames: the gaps come from the chain diagnostics, the enterprises from
a registry, the relatedness from :func:`pacesetter.structure.relatedness.density`. Every score is
a weighted mean of factors in [0, 1] over the factors that are *known*: a factor the registry
cannot speak to (scale or growth where it has no revenue or growth, a distance where it has no
region) is "unknown" in the reasons and left out of the mean, never counted as 0. Each reason
carries its contribution, and the contributions of a candidate add up to its score. Candidates
are leads to verify, never findings: the registry places a firm by its industry code or label,
not by what it makes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from pacesetter.errors import InputError

Factor = Literal["fit", "criticality", "relatedness", "distance", "scale", "growth"]
FACTORS: tuple[Factor, ...] = ("fit", "criticality", "relatedness", "distance", "scale", "growth")
GAP_STATUSES = ("missing", "weak", "not_covered")
# how well a firm's industry code matches a segment's: its code falls under the segment's
# (exact), its label is broader and contains it (coarser), or a neighbour in the same group or
# division (neither contains the other: half the credit of the digits shared)
FitLevel = Literal["exact", "coarser", "same_group", "same_division"]
_NEIGHBOUR = 0.5
DISTANCE_VALUES = {"same_city": 1.0, "same_province": 0.5, "elsewhere": 0.0}
REGISTRY_COLUMNS = ["enterprise_id", "name_zh", "name_en", "region_code", "industry_code",
                    "revenue", "growth"]
REASON_COLUMNS = ["segment_id", "enterprise_id", "factor", "code", "value", "weight", "contribution",
                  "detail"]


@dataclass(frozen=True)
class Weights:
    """The weight of each factor (they need not add to 1: the score divides by the known ones)."""

    fit: float = 0.30
    criticality: float = 0.20
    relatedness: float = 0.25
    distance: float = 0.10
    scale: float = 0.10
    growth: float = 0.05

    def of(self, factor: Factor) -> float:
        """The weight of ``factor``."""
        return float(getattr(self, factor))

    @classmethod
    def parse(cls, text: str) -> Weights:
        """Weights as a user writes them, ``fit=0.4,relatedness=0.3,...``: a factor left out weighs
        0, and the weights are normalised to add up to 1 (the score divides by the known weights, so
        only their ratios count; normalised, the stated weights are the shares they get).

        Raises InputError naming the rule broken: a pair not ``factor=number``, an unknown or
        repeated factor, a weight negative or not finite, or no weight above 0.
        """
        given: dict[str, float] = {}
        for item in (part.strip() for part in text.split(",")):
            name, sep, raw = (x.strip() for x in item.partition("="))
            try:
                value = float(raw) if sep and name else math.nan
            except ValueError:
                value = math.nan
            if math.isnan(value):
                raise InputError.said("target.errors.weights_format", item=item)
            if name not in FACTORS:
                raise InputError.said("target.errors.weights_unknown", name=name, known=", ".join(FACTORS))
            if name in given:
                raise InputError.said("target.errors.weights_twice", name=name)
            if value < 0 or math.isinf(value):
                raise InputError.said("target.errors.weights_negative", name=name, value=raw)
            given[name] = value
        total = math.fsum(given.values())  # exact: weights given adding to 1 stay as given
        if total <= 0:
            raise InputError.said("target.errors.weights_zero")
        return cls(**{f: given.get(f, 0.0) / total for f in FACTORS})


@dataclass(frozen=True)
class Targeting:
    """What :func:`score_candidates` returns.

    ``candidates``: one row per gap × enterprise, best first within each gap (rank 1, 2, ...):
    chain_id, segment_id, rank, enterprise_id, name_zh, name_en, region_code, industry_code,
    code (the GB/T 4754 code the fit was judged on), fit_level, score (0..1), distance.
    ``reasons``: one row per candidate × factor (:data:`REASON_COLUMNS`): ``code`` names the
    reason (``fit_exact``, ``scale_unknown``, ...), ``value`` the factor's value in [0, 1] (NaN when
    unknown), ``contribution`` weight × value / the candidate's known weights (NaN when unknown),
    ``detail`` the figures its sentence needs. ``gaps``: the gaps with n_candidates and whether
    the registry has any firm near the segment's codes (``covered``).
    """

    candidates: pd.DataFrame
    reasons: pd.DataFrame
    gaps: pd.DataFrame
    weights: Weights = field(default_factory=Weights)


def gaps_of(segments: pd.DataFrame, chain_id: str) -> pd.DataFrame:
    """The gaps of one chain (missing, weak and not-covered segments), most critical first.

    ``segments``: rows of :func:`pacesetter.chains.diagnostics.compute_segment_diagnostics` for one
    region. Keeps segment_id, name_zh, name_en, status, critical, downstream_count, criticality,
    priority, order.
    """
    sub = segments[(segments["chain_id"].astype(str) == chain_id)
                   & segments["status"].astype(str).isin(GAP_STATUSES)]
    cols = ["segment_id", "name_zh", "name_en", "status", "critical", "downstream_count", "criticality",
            "priority", "order"]
    out = sub[cols].astype({"segment_id": str, "name_zh": str, "name_en": str, "status": str})
    return out.sort_values(["criticality", "order"], ascending=[False, True], ignore_index=True)


def segment_fit(code: str, segment_codes: Sequence[str]) -> tuple[FitLevel, float] | None:
    """How well an industry ``code`` fits a segment listing ``segment_codes``, or None (not at all).

    exact (1.0): the code falls under a segment code (3973 under 397 or 3973); coarser: the code
    contains a segment code (a label at 398 for 3983), credited the share of the segment code's
    digits it pins down (3 of 4 = 0.75); same_group / same_division: a neighbour sharing 3 or 2
    leading digits, half that share (6513 for 6512: 0.375). The best over the segment's codes wins.
    """
    best: tuple[FitLevel, float] | None = None
    for seg in segment_codes:
        shared = len(_common_prefix(code, seg))
        if code.startswith(seg):
            found: tuple[FitLevel, float] | None = ("exact", 1.0)
        elif seg.startswith(code) and len(code) >= 2:
            found = ("coarser", len(code) / len(seg))
        elif shared >= 2 and code[:2].isdigit():
            found = ("same_group" if shared >= 3 else "same_division", _NEIGHBOUR * shared / len(seg))
        else:
            found = None
        if found is not None and (best is None or found[1] > best[1]):
            best = found
    return best


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def distance_class(region_code: object, city: str) -> str | None:
    """same_city / same_province / elsewhere of a firm's region against ``city``; None when unknown.

    A firm placed only in its province (a code ending 0000) is same_province: its city is unknown.
    """
    if not isinstance(region_code, str) or len(region_code) != 6:
        return None
    if region_code[:2] != city[:2]:
        return "elsewhere"
    if not region_code.endswith("0000") and region_code[:4] == city[:4]:
        return "same_city"
    return "same_province"


def percentile(values: pd.Series) -> pd.Series:
    """Share of the known values at or below each value (NaN stays NaN): 1.0 for the largest."""
    return values.rank(method="max", pct=True)


def score_candidates(
    gaps: pd.DataFrame,
    registry: pd.DataFrame,
    segment_codes: Mapping[str, Sequence[str]],
    *,
    city: str,
    density: pd.Series,
    density_region: str | None = None,
    crosswalk: Mapping[str, Sequence[str]] | None = None,
    weights: Weights | None = None,
    top: int | None = 20,
) -> Targeting:
    """Score every registry enterprise that fits a gap, and explain each score.

    ``gaps``: rows of :func:`gaps_of`. ``registry``: :data:`REGISTRY_COLUMNS` (name_en, revenue in
    万元 and growth may be missing or NaN). ``segment_codes``: segment id → its GB/T 4754 codes.
    ``density``: the relatedness density of each registry industry (as the registry codes it)
    in ``density_region`` (the city, or its province where the registry places firms only by
    province; default the city), in [0, 1]; an industry not in it has unknown relatedness. ``crosswalk``
    translates registry labels into GB/T 4754 codes (a code not in it is taken as a code).
    ``top`` keeps the best ``top`` of each gap (None: all).
    """
    w = weights or Weights()
    reg = registry.reindex(columns=REGISTRY_COLUMNS)
    walk = crosswalk or {}
    codes = reg["industry_code"].astype("string")
    industries = pd.Series(pd.unique(codes.dropna()), dtype=str)
    translated = {code: list(walk.get(code, [code])) for code in industries}
    rel_pct = percentile(density.astype(float))
    frames, reasons, gap_rows = [], [], []
    for gap in gaps.to_dict("records"):
        sid = str(gap["segment_id"])
        fits = {}
        for ind in industries:
            scored = [(f, c) for c in translated[ind] if (f := segment_fit(c, segment_codes.get(sid, [])))]
            if scored:
                (level, value), code = max(scored, key=lambda fc: fc[0][1])
                fits[ind] = (level, value, code)
        found = reg[codes.isin(list(fits))].copy()
        gap_rows.append({**gap, "covered": bool(fits), "n_candidates": len(found)})
        if found.empty:
            continue
        cand, why = _score_gap(found, gap, fits, (city, density_region or city), density, rel_pct, w, top)
        frames.append(cand)
        reasons.append(why)
    cand_cols = ["chain_id", "segment_id", "rank", "enterprise_id", "name_zh", "name_en", "region_code",
                 "industry_code", "code", "fit_level", "score", "distance"]
    candidates = (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cand_cols))
    why_all = pd.concat(reasons, ignore_index=True) if reasons else pd.DataFrame(columns=REASON_COLUMNS)
    gap_cols = [*gaps.columns, "covered", "n_candidates"]
    return Targeting(candidates.reindex(columns=cand_cols), why_all,
                     pd.DataFrame(gap_rows, columns=gap_cols), w)


def _score_gap(
    found: pd.DataFrame, gap: Mapping[Any, Any], fits: Mapping[str, tuple[FitLevel, float, str]],
    places: tuple[str, str], density: pd.Series, rel_pct: pd.Series, w: Weights, top: int | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The best ``top`` candidates of one gap, best first, and their reasons (see
    :func:`score_candidates`)."""
    city, density_region = places
    ind = found["industry_code"].astype(str)
    # one lookup per distinct value: a national registry repeats few codes and regions many times
    regions = found["region_code"]
    dist = regions.map({r: distance_class(r, city) for r in pd.unique(regions.dropna())})
    fit_value, fit_code, fit_level = ({i: f[k] for i, f in fits.items()} for k in (1, 2, 0))
    revenue = pd.to_numeric(found["revenue"], errors="coerce")
    growth = pd.to_numeric(found["growth"], errors="coerce")
    values: dict[Factor, np.ndarray] = {
        "fit": ind.map(fit_value).to_numpy(float),
        "criticality": np.full(len(found), float(str(gap["criticality"]))),
        "relatedness": ind.map(density).to_numpy(float),
        "distance": dist.map(DISTANCE_VALUES).to_numpy(float),
        "scale": percentile(revenue).to_numpy(float),
        "growth": percentile(growth).to_numpy(float),
    }
    weight = np.array([[w.of(f)] for f in FACTORS])
    stack = np.vstack([values[f] for f in FACTORS])
    known = ~np.isnan(stack)
    total_w = (weight * known).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        contrib = np.where(known, weight * stack / total_w, np.nan)
    # a candidate with no known weighted factor has an unknown score, not 0
    score = np.where(total_w > 0, np.nansum(contrib, axis=0), np.nan)
    cand = pd.DataFrame({
        "chain_id": str(gap.get("chain_id", "")), "segment_id": str(gap["segment_id"]),
        "enterprise_id": found["enterprise_id"].astype(str).to_numpy(),
        "name_zh": found["name_zh"].to_numpy(), "name_en": found["name_en"].to_numpy(),
        "region_code": found["region_code"].to_numpy(), "industry_code": ind.to_numpy(),
        "code": ind.map(fit_code).to_numpy(), "fit_level": ind.map(fit_level).to_numpy(),
        "score": score, "distance": dist.to_numpy(),
    })
    cand = cand.sort_values(["score", "enterprise_id"], ascending=[False, True], ignore_index=True)
    cand = cand.head(top) if top is not None else cand
    cand.insert(2, "rank", np.arange(1, len(cand) + 1))
    order = pd.Index(found["enterprise_id"].astype(str)).get_indexer(pd.Index(cand["enterprise_id"]))
    details = _details(gap, cand, ind.to_numpy()[order], density_region, density, rel_pct,
                       revenue.to_numpy()[order], growth.to_numpy()[order])
    rows = []
    for k, f in enumerate(FACTORS):
        v, c = stack[k][order], contrib[k][order]
        codes = _reason_codes(f, cand, v)
        rows.append(pd.DataFrame({"segment_id": cand["segment_id"], "enterprise_id": cand["enterprise_id"],
                                  "factor": f, "code": codes, "value": v, "weight": w.of(f),
                                  "contribution": c, "detail": details[f]}))
    why = pd.concat(rows, ignore_index=True)
    pos = pd.Index(cand["enterprise_id"]).get_indexer(why["enterprise_id"])
    why = why.iloc[np.lexsort((why["factor"].map(FACTORS.index).to_numpy(), pos))].reset_index(drop=True)
    return cand, why


def _reason_codes(factor: Factor, cand: pd.DataFrame, values: np.ndarray) -> list[str]:
    """The reason code of each candidate for one factor (``<factor>_<case>``; ``_unknown`` for NaN)."""
    if factor == "fit":
        return [f"fit_{level}" for level in cand["fit_level"]]
    if factor == "distance":
        return [f"distance_{d}" if isinstance(d, str) else "distance_unknown" for d in cand["distance"]]
    return [f"{factor}_unknown" if np.isnan(v) else f"{factor}_known" for v in values]


def _details(
    gap: Mapping[Any, Any], cand: pd.DataFrame, industries: np.ndarray, region: str, density: pd.Series,
    rel_pct: pd.Series, revenue: np.ndarray, growth: np.ndarray,
) -> dict[Factor, list[dict[str, object]]]:
    """The figures each reason's sentence names, per factor and candidate (JSON-ready)."""
    n = len(cand)
    gap_detail = {"segment_id": str(gap["segment_id"]), "downstream": int(str(gap["downstream_count"])),
                  "critical": bool(gap["critical"]), "status": str(gap["status"])}

    def num(x: Any) -> float | None:
        return None if x is None or pd.isna(x) else float(x)

    return {
        "fit": [{"code": c, "industry": i} for c, i in zip(cand["code"], industries, strict=True)],
        "criticality": [gap_detail] * n,
        "relatedness": [{"industry": i, "region": region, "density": num(density.get(i)),
                         "percentile": num(rel_pct.get(i))}
                        for i in industries],
        "distance": [{"region_code": r if isinstance(r, str) else None} for r in cand["region_code"]],
        "scale": [{"revenue": num(r)} for r in revenue],
        "growth": [{"growth": num(g)} for g in growth],
    }
