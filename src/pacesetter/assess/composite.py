"""The composite index, step by step as the OECD/JRC Handbook (2008) lays it out.

coverage → missing data → outliers → normalisation → weighting → aggregation →
ranks and explanations. Every step reports what it did (indicators left out and
why, imputed cells, excluded regions, winsorised values, floored zeros).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pacesetter.assess.aggregate import aggregate, rank_scores
from pacesetter.assess.config import Methods
from pacesetter.assess.explain import compute_contributions
from pacesetter.assess.normalise import (
    handle_missing,
    normalise,
    positive_for_geometric,
    winsorise_jrc,
)
from pacesetter.assess.peers import reference_year
from pacesetter.assess.weights import (
    ahp_weights,
    entropy_weights,
    equal_weights,
    expert_weights,
    pca_weights,
)
from pacesetter.errors import Said


@dataclass
class CompositeResult:
    """Everything the composite computed, as plain frames.

    - ``indicators``: indicator_id, year (reference year), n_regions, used, weight, reason
    - ``scores``: region_code, score (scale of the normalisation), rank (1 = best)
    - ``treated``: raw values after missing-data and outlier treatment (regions × indicators)
    - ``normalised``: what was aggregated (positive for geometric aggregation)
    - ``contributions``: see :func:`pacesetter.assess.explain.compute_contributions`
    - ``imputed``, ``excluded``, ``outliers``: see :mod:`pacesetter.assess.normalise`
    - ``note``: why no composite could be computed (a message of the catalogue), else None
    - ``ranked``: False when the composite rests on too little to be presented as a ranking
      (``Methods.min_composite_indicators`` and ``min_composite_share``); ``unranked_reason`` says why
      (a message of the catalogue; None when ranked)
    """

    indicators: pd.DataFrame
    scores: pd.DataFrame
    treated: pd.DataFrame
    normalised: pd.DataFrame
    weights: pd.Series
    contributions: pd.DataFrame
    imputed: pd.DataFrame
    excluded: pd.DataFrame
    outliers: pd.DataFrame
    n_floored: int = 0
    polarity: dict[str, str] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    note: Said | None = None
    ranked: bool = True
    unranked_reason: Said | None = None


def compute_weights(
    matrix: pd.DataFrame, specs: pd.DataFrame, methods: Methods,
    group_weights: Mapping[str, float] | None = None,
) -> pd.Series:
    """Weights of the matrix's columns by ``methods.weighting``, summing to 1.

    ``specs``: indicator_id, group, polarity, weight (within-group expert
    weight, NaN if none). Entropy weights use min-max normalised values; PCA
    weights use the (treated) raw values.
    """
    sp = specs.set_index("indicator_id").loc[list(matrix.columns)]
    groups = dict(zip(sp.index, sp["group"], strict=True))
    gw = _present(group_weights, set(groups.values()))
    kind = methods.weighting
    if kind == "expert":
        return expert_weights(dict(zip(sp.index, sp["weight"], strict=True)), groups, gw)
    if kind == "entropy":
        return entropy_weights(normalise(matrix, "min_max", dict(sp["polarity"])))
    if kind == "pca":
        return pca_weights(matrix)
    if kind == "ahp" and methods.ahp is not None:
        w = ahp_weights(methods.ahp.matrix, methods.ahp.items)
        if set(w.index) <= set(groups.values()):
            return equal_weights(groups, _present(dict(w), set(groups.values())))
        w = w.reindex(matrix.columns).fillna(0.0)
        return w / w.sum()
    return equal_weights(groups, gw)


def _present(weights: Mapping[str, float] | None, present: set[str]) -> dict[str, float] | None:
    if not weights:
        return None
    kept = {g: w for g, w in weights.items() if g in present}
    total = sum(kept.values())
    return {g: w / total for g, w in kept.items()} if total > 0 else None


def compute_composite(
    values: pd.DataFrame, specs: pd.DataFrame, regions: Sequence[str], year: int, methods: Methods,
    *, group_weights: Mapping[str, float] | None = None, require: str | None = None,
) -> CompositeResult:
    """Composite scores and ranks of ``regions`` for ``year``.

    ``values``: indicator_id, region_code, year, value (in each indicator's unit).
    ``specs``: indicator_id, group, polarity, weight, target. Each indicator
    uses its reference year (:func:`~pacesetter.assess.peers.reference_year`: the
    broadest-coverage year ≤ ``year`` with ``require``, the focus region, and at least
    ``methods.min_regions`` regions); indicators without one are left out and say why.
    """
    inds, columns = [], {}
    for spec in specs.to_dict("records"):
        sub = values[(values["indicator_id"] == spec["indicator_id"])
                     & values["region_code"].isin(regions)]
        ref = reference_year(sub, year, methods.min_regions, require)
        row = {"indicator_id": spec["indicator_id"], "year": ref, "n_regions": 0, "used": False,
               "weight": float("nan"), "reason": ""}
        if ref is None:
            row["reason"] = "too_few_regions_with" if require else "too_few_regions"  # outputs.reason.*
        else:
            at = sub[sub["year"] == ref].set_index("region_code")["value"]
            row.update(n_regions=int(at.notna().sum()), used=True)
            columns[spec["indicator_id"]] = at.reindex(list(regions))
        inds.append(row)
    indicators = pd.DataFrame(inds).astype({"year": "Int64"})
    polarity = dict(zip(specs["indicator_id"], specs["polarity"], strict=True))
    targets = {k: float(v) for k, v in zip(specs["indicator_id"], specs["target"], strict=True)
               if pd.notna(v)}
    raw = pd.DataFrame(columns, index=pd.Index(list(regions), name="region_code"))
    matrix, imputed, excluded = handle_missing(raw, methods.missing)
    empty = _empty(indicators, matrix, imputed, excluded, polarity, targets)
    if matrix.shape[1] == 0 or len(matrix) < 2:
        empty.note = Said("outputs.reason.no_composite", n=matrix.shape[1], regions=len(matrix))
        return empty
    treated, outliers = winsorise_jrc(matrix) if methods.outliers == "jrc" else (
        matrix, empty.outliers)
    weights = compute_weights(treated, specs, methods, group_weights)
    normalised = normalise(treated, methods.normalisation, polarity, targets)
    n_floored = 0
    if methods.aggregation == "geometric":
        normalised, n_floored = positive_for_geometric(normalised, methods.normalisation)
    score = aggregate(normalised, weights, methods.aggregation)
    scores = pd.DataFrame({"region_code": score.index, "score": score.to_numpy(),
                           "rank": rank_scores(score).to_numpy()}).sort_values(["rank", "region_code"])
    indicators["weight"] = indicators["indicator_id"].map(weights)
    n_used, share = matrix.shape[1], matrix.shape[1] / max(len(specs), 1)
    reason = None
    if n_used < methods.min_composite_indicators or share < methods.min_composite_share:
        reason = Said("outputs.reason.unranked", n=n_used, of=len(specs), regions=len(matrix),
                      least=methods.min_composite_indicators, share=methods.min_composite_share)
    return CompositeResult(
        ranked=reason is None, unranked_reason=reason,
        indicators=indicators, scores=scores.reset_index(drop=True), treated=treated,
        normalised=normalised, weights=weights,
        contributions=compute_contributions(normalised, weights, methods.aggregation),
        imputed=imputed, excluded=excluded, outliers=outliers, n_floored=n_floored,
        polarity=polarity, targets=targets,
    )


def _empty(indicators: pd.DataFrame, matrix: pd.DataFrame, imputed: pd.DataFrame,
           excluded: pd.DataFrame, polarity: dict[str, str], targets: dict[str, float]
           ) -> CompositeResult:
    cols = ["indicator_id", "region_code", "original", "treated", "skewness", "kurtosis"]
    return CompositeResult(
        indicators=indicators, scores=pd.DataFrame(columns=["region_code", "score", "rank"]),
        treated=matrix, normalised=matrix.iloc[0:0], weights=pd.Series(dtype=float),
        contributions=pd.DataFrame(columns=["region_code", "indicator_id", "normalised", "weight",
                                            "contribution", "direction"]),
        imputed=imputed, excluded=excluded, outliers=pd.DataFrame(columns=cols),
        polarity=polarity, targets=targets,
    )
