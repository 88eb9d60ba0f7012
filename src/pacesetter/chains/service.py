"""Chain diagnostics of one region from the store, ready to render.

This module orchestrates: it reads placements from the store, calls the pure
functions of ``diagnostics`` and ``resilience``, and returns plain data for the
CLI, API and web. Registry files (and any registry source) go through an engine
(``pacesetter.engine``): :func:`registry_aggregates` asks it for sums per region × segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from pacesetter.chains.diagnostics import (
    AGGREGATE_COLUMNS,
    SegmentAggregates,
    Thresholds,
    compute_chain_diagnostics,
    compute_segment_diagnostics,
)
from pacesetter.chains.placements import (
    PlacementCheck,
    check_placements,
    resolve_enterprises,
    store_aggregates,
    store_placements,
)
from pacesetter.chains.resilience import WhatIf, compute_what_if
from pacesetter.chains.taxonomy import Taxonomy, load_crosswalk, load_industry_codes, taxonomy_from_rows
from pacesetter.engine import Engine, RegistrySource
from pacesetter.errors import InputError, NotFoundError
from pacesetter.store import chain_queries, lookups


def store_taxonomy(con: duckdb.DuckDBPyConnection) -> Taxonomy:
    """The chains and segments held in the store (shipped at init, or imported), validated."""
    return taxonomy_from_rows(chain_queries.chain_rows(con), chain_queries.segment_rows(con))


def registry_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Enterprises per registry in use in the store (curated, listed)."""
    return chain_queries.registry_counts(con)


@dataclass(frozen=True)
class Diagnosis:
    """Segment and chain diagnostics of one region, with an optional what-if."""

    region_code: str
    segments: pd.DataFrame
    chains: pd.DataFrame
    what_if: dict[str, WhatIf]


def diagnose_aggregates(agg: SegmentAggregates, taxonomy: Taxonomy, region: str, t: Thresholds) -> Diagnosis:
    """Segment and chain diagnostics of one region from its aggregates (no what-if)."""
    seg = compute_segment_diagnostics(agg, taxonomy, [region], t)
    return Diagnosis(region_code=region, segments=seg, chains=compute_chain_diagnostics(seg, taxonomy, t),
                     what_if={})


def diagnose_store(
    con: duckdb.DuckDBPyConnection,
    taxonomy: Taxonomy,
    region: str,
    thresholds: Thresholds,
    *,
    remove_enterprises: Sequence[str] = (),
    remove_segments: Sequence[str] = (),
    home_region: str | None = None,
    reference_region: str | None = None,
) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from the store.

    With removals (enterprise ids or exact names), ``what_if`` holds the comparison for
    every chain the removal touches.
    ``home_region`` is where enterprises without a region code sit (default: nowhere);
    ``reference_region`` is the LQ reference (default: every region in the store).
    """
    store = _StoreDiagnosis(con, taxonomy, region, thresholds, home_region, reference_region)
    if not (remove_enterprises or remove_segments):
        return store.before
    after = store.without(resolve_enterprises(con, remove_enterprises), remove_segments)
    what_if = _compare(store.before, after, taxonomy, region)
    return Diagnosis(region_code=region, segments=store.before.segments, chains=store.before.chains,
                     what_if=what_if)


def registry_aggregates(
    engine: Engine, source: RegistrySource, taxonomy: Taxonomy, *, regions: Sequence[str] | None = None,
) -> SegmentAggregates:
    """Per city × segment sums of a registry, computed by ``engine``.

    An enterprise is placed in every segment one of whose codes its own code starts with;
    ``n_leaders`` is unknown (NaN): a registry does not say who leads. The LQ reference is
    every city of the registry; ``regions`` (default all) limits the cells returned.
    """
    chain_of = {s.id: chain.id for chain in taxonomy for s in chain.segments}
    seg_ids = pd.Index(list(chain_of))
    chain_ids = pd.Index(list(dict.fromkeys(chain_of.values())))
    chain_of_segment = chain_ids.get_indexer(pd.Index(list(chain_of.values())))
    groups = pd.DataFrame([(code, s.id) for chain in taxonomy for s in chain.segments
                           for code in s.industry_codes], columns=["code_prefix", "group"], dtype=object)
    got = engine.group_aggregates(source, groups)
    region_totals = engine.region_counts(source).rename("n")
    segment = got["group"].cat.set_categories(seg_ids).cat.codes.to_numpy()  # groups not found: none
    reference = pd.Series(np.bincount(segment, weights=got["n_enterprises"], minlength=len(seg_ids)),
                          index=seg_ids)
    city = got["region_code"].cat
    cells = pd.DataFrame({
        "region_code": pd.Categorical.from_codes(
            region_totals.index.get_indexer(city.categories)[city.codes], categories=region_totals.index),
        "chain_id": pd.Categorical.from_codes(chain_of_segment[segment], categories=chain_ids),
        "segment_id": pd.Categorical.from_codes(segment, categories=seg_ids),
        "n_enterprises": got["n_enterprises"], "n_coarse": 0, "n_by_code": got["n_enterprises"],
        "n_leaders": np.nan, "revenue_sum": got["revenue"], "revenue_reported": got["n_revenue_known"],
        "revenue_sq_sum": got["revenue_sq"], "revenue_max": got["revenue_max"],
        "employment_sum": got["employment"], "employment_reported": got["n_employment_known"],
    })
    if regions is not None:
        cells = cells[cells["region_code"].isin(list(regions))].reset_index(drop=True)
    return SegmentAggregates(cells=cells[["region_code", "chain_id", "segment_id", *AGGREGATE_COLUMNS]],
                             region_totals=region_totals, reference_counts=reference,
                             reference_total=int(region_totals.sum()), leaders_known=False)


def diagnose_registry(engine: Engine, source: RegistrySource, taxonomy: Taxonomy, region: str,
                      thresholds: Thresholds) -> Diagnosis:
    """Diagnose every chain of ``taxonomy`` in ``region`` from a registry, with ``engine``.

    Raises InputError when the registry holds no enterprise of ``region`` (every segment
    would otherwise read as missing).
    """
    agg = registry_aggregates(engine, source, taxonomy, regions=[region])
    if region not in agg.region_totals.index:
        raise InputError.said("engine.errors.region_not_covered", source=str(source), region=region,
                              n=len(agg.region_totals), examples=", ".join(agg.region_totals.index[:8]))
    return diagnose_aggregates(agg, taxonomy, region, thresholds)


@dataclass(frozen=True)
class Scenario:
    """One chain without one enterprise: the segments after, and what the removal takes with it."""

    enterprise_id: str
    name_zh: str
    segments: pd.DataFrame
    what_if: WhatIf


def enterprise_scenarios(
    con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, chain_id: str, region: str, thresholds: Thresholds,
    *, home_region: str | None = None,
) -> list[Scenario]:
    """For each enterprise placed in ``chain_id`` in ``region``: the chain without it.

    The what-if behind an interactive map, where a reader picks an enterprise (a chain
    leader relocating) and sees what it takes with it. Enterprises come in name order.
    """
    store = _StoreDiagnosis(con, taxonomy, region, thresholds, home_region, None)
    placed = placements_store(con, taxonomy, region, home_region=home_region)
    firms = placed[placed["chain_id"] == chain_id].drop_duplicates("enterprise_id").sort_values("name_zh")
    out = []
    for eid, name in zip(firms["enterprise_id"], firms["name_zh"], strict=True):
        after = store.without([str(eid)], ())
        out.append(Scenario(str(eid), str(name), after.segments[after.segments["chain_id"] == chain_id],
                            _what_if(store.before, after, taxonomy, chain_id, region)))
    return out


class _StoreDiagnosis:
    """A region's diagnosis from the store, computed once, and the same without some enterprises."""

    def __init__(self, con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, region: str,
                 thresholds: Thresholds, home_region: str | None, reference_region: str | None) -> None:
        for code in (region, reference_region):  # a mistyped code would read as "nothing there"
            if code is not None and not lookups.region_exists(con, code):
                raise NotFoundError.said("input.error.unknown_region", code=code)
        self.con, self.taxonomy, self.region, self.thresholds = con, taxonomy, region, thresholds
        self.places = {"home_region": home_region, "reference_region": reference_region}
        self.codes = load_industry_codes()
        self.crosswalk = load_crosswalk(known_codes=self.codes)
        self.before = diagnose_aggregates(self._aggregates((), ()), taxonomy, region, thresholds)

    def _aggregates(self, enterprises: Sequence[str], segments: Sequence[str]) -> SegmentAggregates:
        return store_aggregates(self.con, self.taxonomy, self.codes, self.crosswalk, self.region,
                                exclude_enterprises=enterprises, exclude_segments=segments,
                                home_region=self.places["home_region"],
                                reference_region=self.places["reference_region"])

    def without(self, enterprises: Sequence[str], segments: Sequence[str]) -> Diagnosis:
        """The diagnosis with ``enterprises`` (ids) and ``segments`` left out; a segment that
        loses its last known firm is "no known firm left", not "not covered"."""
        seg = self.before.segments
        occupied = frozenset(seg.loc[seg["n_enterprises"] > 0, "segment_id"].astype(str))
        agg = replace(self._aggregates(enterprises, segments), occupied_before=occupied)
        return diagnose_aggregates(agg, self.taxonomy, self.region, self.thresholds)


def _compare(before: Diagnosis, after: Diagnosis, taxonomy: Taxonomy, region: str) -> dict[str, WhatIf]:
    """The what-if of every chain whose enterprise counts the removal changed."""
    changed = before.segments.merge(after.segments, on=["chain_id", "segment_id"], suffixes=("", "_after"))
    touched = changed.loc[changed["n_enterprises"] != changed["n_enterprises_after"], "chain_id"].unique()
    return {str(cid): _what_if(before, after, taxonomy, str(cid), region) for cid in touched}


def _what_if(before: Diagnosis, after: Diagnosis, taxonomy: Taxonomy, chain_id: str, region: str) -> WhatIf:
    """One chain's what-if: what leaving ``before`` for ``after`` takes with it."""
    a, b = (float(d.chains.set_index("chain_id")["completeness"].loc[chain_id]) for d in (before, after))
    return compute_what_if(before.segments, after.segments, taxonomy.chain(chain_id), region, (a, b))


def placements_store(
    con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, region: str, *, home_region: str | None = None,
) -> pd.DataFrame:
    """Every enterprise placed in ``region`` with its evidence (see ``placements.store_placements``)."""
    codes = load_industry_codes()
    return store_placements(con, taxonomy, codes, load_crosswalk(known_codes=codes), region,
                            home_region=home_region)


def check_store(
    con: duckdb.DuckDBPyConnection, taxonomy: Taxonomy, region: str, *, home_region: str | None = None,
) -> PlacementCheck:
    """Placements in ``region`` whose enterprise code lies outside the segment's, and how many
    could be checked at all (see ``placements.check_placements``)."""
    codes = load_industry_codes()
    return check_placements(con, taxonomy, codes, load_crosswalk(known_codes=codes), region,
                            home_region=home_region)
