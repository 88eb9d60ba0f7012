"""One assessment of a framework for a year: attainment, peer standing, composite, uncertainty."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pacesetter.assess.attainment import compute_attainment
from pacesetter.assess.composite import CompositeResult, compute_composite
from pacesetter.assess.config import Framework
from pacesetter.assess.coverage import Coverage, compute_coverage
from pacesetter.assess.peers import compute_peer_ranks, compute_peer_standing
from pacesetter.assess.uncertainty import UncertaintyResult, compute_rank_uncertainty


@dataclass
class Assessment:
    """The answers for one framework and year, as plain frames.

    ``specs`` is :func:`pacesetter.assess.inputs.framework_specs`; ``attainment``
    :func:`~pacesetter.assess.attainment.compute_attainment`; ``standing``
    :func:`~pacesetter.assess.peers.compute_peer_standing` and ``peer_ranks``
    every peer's rank (:func:`~pacesetter.assess.peers.compute_peer_ranks`); ``uncertainty`` is
    None when not asked for or when there is no composite.
    """

    framework: Framework
    year: int
    specs: pd.DataFrame
    attainment: pd.DataFrame
    standing: pd.DataFrame
    peer_ranks: pd.DataFrame
    composite: CompositeResult
    uncertainty: UncertaintyResult | None
    values: pd.DataFrame  # the figures it rests on, with their sources (read_values' columns)
    coverage: Coverage  # what it rests on, stated first in every view


def latest_year(values: pd.DataFrame, region: str) -> int | None:
    """The default assessment year: the latest year the focus city has any figure for."""
    mine = values[values["region_code"] == region]
    return None if mine.empty else int(mine["year"].max())


def compute_assessment(fw: Framework, specs: pd.DataFrame, values: pd.DataFrame, year: int,
                       *, draws: int = 0, seed: int | None = None,
                       flagged: pd.DataFrame | None = None) -> Assessment:
    """Assess ``fw`` for ``year`` from ``values`` (indicator_id, region_code, year, value, flags).

    ``draws`` > 0 adds the Monte Carlo rank analysis with about that many runs (only for a
    composite presented as a ranking). ``flagged``: every flagged row the store holds for the
    framework (see :func:`~pacesetter.assess.coverage.compute_coverage`).
    The coverage spans the framework's indicators and regions, from its baseline year to ``year``.
    """
    focus, regions = fw.region_code, fw.peer_regions()
    mine = values[values["region_code"] == focus]
    attainment = compute_attainment(specs, mine, year, fw.methods.attainment)
    standing = compute_peer_standing(values, specs, focus, regions, year,
                                     leading_rank=fw.peers.leading_rank)
    peer_ranks = compute_peer_ranks(values, specs, regions, year, require=focus)
    group_weights = {g.id: g.weight for g in fw.groups if g.weight is not None} or None
    composite = compute_composite(values, specs, regions, year, fw.methods,
                                  group_weights=group_weights, require=focus)
    uncertainty = None
    if draws > 0 and composite.ranked and not composite.scores.empty:
        nominal = composite.scores.set_index("region_code")["rank"]
        uncertainty = compute_rank_uncertainty(
            composite.treated, composite.polarity, composite.weights, nominal,
            fw.methods.uncertainty, draws, targets=composite.targets, seed=seed)
    years = list(range(min(fw.baseline_year, year), year + 1))
    coverage = compute_coverage(values, list(specs["indicator_id"]), regions, years, flagged)
    return Assessment(fw, year, specs, attainment, standing, peer_ranks, composite, uncertainty, values,
                      coverage)
