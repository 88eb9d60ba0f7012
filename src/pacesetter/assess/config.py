"""Pydantic models of an assessment framework file (``assess/frameworks/*.yaml``).

A framework is groups → indicators (id from the store, unit, polarity, status,
weight, baseline, target), a peer set of regions and default methods. Checks
that involve more than one field live in :func:`check_framework`, which returns
every problem with its key path so the loader can raise them together; every message, and
every validator's error, comes from the catalogue (``analysis_errors`` for the checks here).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from pacesetter.errors import PacesetterError, Said, UnitError
from pacesetter.i18n import t
from pacesetter.model.regions import check_region_code_form
from pacesetter.model.units import convert, normalise_unit

Polarity = Literal["higher", "lower"]
IndicatorStatus = Literal["plan", "proposed", "benchmark"]
Normalisation = Literal["min_max", "z_score", "distance_to_target", "rank", "percentile"]
Weighting = Literal["equal", "expert", "ahp", "entropy", "pca"]
Aggregation = Literal["arithmetic", "geometric"]
MissingPolicy = Literal["exclude", "impute_mean", "impute_median"]
OutlierRule = Literal["jrc", "none"]


def indicator_status_label(status: str, lang: str) -> str:
    """Where a framework's indicator comes from (plan, proposed, benchmark) in ``lang``."""
    return t(f"outputs.indicator_status.{status}", lang)


WEIGHT_TOLERANCE = 1e-6


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Point(_Strict):
    """A baseline or target: a year and, where a source gives it, a value in ``unit``.

    ``value`` left out means: take it from the store (baseline) or report it as
    missing; it is never filled in.
    """

    year: int
    value: float | None = None
    unit: str | None = None
    comparison: Literal[">=", "<=", "="] | None = None
    source: str = ""
    note: str = ""


class IndicatorSpec(_Strict):
    """One indicator slot of a group."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    unit: str
    polarity: Polarity = "higher"
    status: IndicatorStatus
    weight: float | None = Field(default=None, ge=0)
    baseline: Point | None = None
    target: Point | None = None
    source: str = ""
    note: str = ""

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, v: str) -> str:
        return normalise_unit(v).symbol


class Group(_Strict):
    """A group of indicators (e.g. one of the four leading positions)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name_zh: str
    name_en: str
    weight: float | None = Field(default=None, ge=0)
    indicators: list[IndicatorSpec] = Field(min_length=1)


class Peers(_Strict):
    """The regions to compare and the rank that counts as "在前列" (leading)."""

    regions: list[str] = Field(min_length=1)
    leading_rank: int = Field(default=3, ge=1)

    @field_validator("regions")
    @classmethod
    def _codes(cls, v: list[str]) -> list[str]:
        return [check_region_code_form(c) for c in v]


class Ahp(_Strict):
    """A Saaty pairwise-comparison matrix over group ids or over indicator ids."""

    items: list[str] = Field(min_length=2)
    matrix: list[list[float]]


class Attainment(_Strict):
    """Status thresholds as ratios of progress to the time-elapsed pace (序时进度).

    achieved: the target is met; on_track: progress ≥ ``on_track`` × pace;
    behind: progress ≥ ``behind`` × pace; at_risk: below that, or moving away.
    """

    on_track: float = Field(default=0.9, gt=0)
    behind: float = Field(default=0.5, ge=0)


def _varied_normalisations() -> list[Normalisation]:
    return ["min_max", "z_score", "rank", "percentile"]


def _varied_aggregations() -> list[Aggregation]:
    return ["arithmetic", "geometric"]


class Uncertainty(_Strict):
    """The modeller's choices that the Monte Carlo analysis varies."""

    normalisations: list[Normalisation] = Field(default_factory=_varied_normalisations, min_length=1)
    aggregations: list[Aggregation] = Field(default_factory=_varied_aggregations, min_length=1)
    weight_perturbation: float = Field(default=0.25, ge=0, lt=1)
    drop_indicators: bool = True
    seed: int = 20221012


class Methods(_Strict):
    """Default methods of the composite index (OECD/JRC Handbook, 2008)."""

    normalisation: Normalisation = "min_max"
    weighting: Weighting = "equal"
    aggregation: Aggregation = "arithmetic"
    missing: MissingPolicy = "exclude"
    outliers: OutlierRule = "jrc"
    min_regions: int = Field(default=3, ge=2)
    # A composite is presented as a ranking only when it rests on at least this many
    # indicators and this share of the framework's indicators; below, scores are given
    # with the reason and no ranks (one indicator's ranking is not a composite).
    min_composite_indicators: int = Field(default=3, ge=1)
    min_composite_share: float = Field(default=0.5, gt=0, le=1)
    ahp: Ahp | None = None
    attainment: Attainment = Field(default_factory=Attainment)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)


class Framework(_Strict):
    """An assessment framework as loaded from YAML (after ``extends`` is resolved)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name_zh: str
    name_en: str
    description: str = ""
    region_code: str
    baseline_year: int
    target_year: int
    peers: Peers
    methods: Methods = Field(default_factory=Methods)
    groups: list[Group] = Field(min_length=1)

    @field_validator("region_code")
    @classmethod
    def _code(cls, v: str) -> str:
        return check_region_code_form(v)

    def indicators(self) -> list[tuple[Group, IndicatorSpec]]:
        """Every (group, indicator) pair in file order."""
        return [(g, i) for g in self.groups for i in g.indicators]

    def peer_regions(self) -> list[str]:
        """The focus region first, then the other peers in file order."""
        return [self.region_code, *[c for c in self.peers.regions if c != self.region_code]]


Problem = tuple[str, str, Said | PacesetterError]  # key path, rule, message


def check_framework(fw: Framework) -> list[Problem]:
    """Cross-field problems as (key path, rule, message); empty when the framework is sound."""
    problems: list[Problem] = []
    if fw.target_year <= fw.baseline_year:
        problems.append(("target_year", "year_order", Said("analysis_errors.year_order")))
    seen: dict[str, str] = {}
    for gi, group in enumerate(fw.groups):
        gpath = f"groups[{gi}]"
        weights = [i.weight for i in group.indicators]
        if any(w is not None for w in weights):
            if any(w is None for w in weights):
                problems.append((f"{gpath}.indicators", "weights_partial",
                                 Said("analysis_errors.weights_partial", group=group.id)))
            elif not math.isclose(sum(w for w in weights if w is not None), 1.0,
                                  abs_tol=WEIGHT_TOLERANCE):
                total = sum(w for w in weights if w is not None)
                problems.append((f"{gpath}.indicators", "weights_sum",
                                 Said("analysis_errors.weights_sum", group=group.id, total=total)))
        for ii, spec in enumerate(group.indicators):
            ipath = f"{gpath}.indicators[{ii}]"
            if spec.id in seen:
                problems.append((f"{ipath}.id", "duplicate",
                                 Said("analysis_errors.duplicate", indicator=spec.id, at=seen[spec.id])))
            seen[spec.id] = ipath
            problems.extend(_check_point(spec, "baseline", ipath))
            problems.extend(_check_point(spec, "target", ipath))
    group_weights = [g.weight for g in fw.groups]
    if any(w is not None for w in group_weights) and (
        any(w is None for w in group_weights)
        or not math.isclose(sum(w or 0.0 for w in group_weights), 1.0, abs_tol=WEIGHT_TOLERANCE)
    ):
        problems.append(("groups", "weights_sum", Said("analysis_errors.group_weights")))
    if fw.methods.weighting == "expert" and any(i.weight is None for _, i in fw.indicators()):
        problems.append(("methods.weighting", "expert_weights", Said("analysis_errors.expert_weights")))
    problems.extend(_check_ahp(fw))
    return problems


def _check_point(spec: IndicatorSpec, kind: str, path: str) -> list[Problem]:
    point: Point | None = getattr(spec, kind)
    if point is None or point.unit is None:
        return []
    try:
        convert(1.0, point.unit, spec.unit)
    except UnitError as exc:
        return [(f"{path}.{kind}.unit", "unit_mismatch",
                 Said("analysis_errors.point_unit", kind=Said(f"analysis_errors.point.{kind}"),
                      indicator=spec.id, unit=point.unit, indicator_unit=spec.unit, error=exc))]
    return []


def _check_ahp(fw: Framework) -> list[Problem]:
    ahp = fw.methods.ahp
    if ahp is None:
        if fw.methods.weighting == "ahp":
            return [("methods.ahp", "missing", Said("analysis_errors.ahp_missing"))]
        return []
    groups = {g.id for g in fw.groups}
    indicators = {i.id for _, i in fw.indicators()}
    problems: list[Problem] = []
    if not (set(ahp.items) <= groups or set(ahp.items) <= indicators):
        problems.append(("methods.ahp.items", "unknown_items", Said("analysis_errors.ahp_items")))
    n = len(ahp.items)
    if len(ahp.matrix) != n or any(len(row) != n for row in ahp.matrix):
        problems.append(("methods.ahp.matrix", "shape", Said("analysis_errors.ahp_matrix_shape", n=n)))
        return problems
    for i in range(n):
        for j in range(n):
            a, b = ahp.matrix[i][j], ahp.matrix[j][i]
            if a <= 0 or not math.isclose(a * b, 1.0, rel_tol=1e-2):
                problems.append((f"methods.ahp.matrix[{i}][{j}]", "reciprocal",
                                 Said("analysis_errors.ahp_reciprocal", a=ahp.items[i], b=ahp.items[j],
                                      ab=a, ba=b)))
                return problems
    return problems
