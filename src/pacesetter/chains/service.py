"""Chain diagnostics of one region from the store, ready to render.

This module orchestrates: it reads placements from the store, calls the pure
functions of ``diagnostics`` and ``resilience``, and returns plain data for the
CLI, API and web. (Registry files go through ``pacesetter.engine.diagnose``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from pacesetter.chains.diagnostics import (
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
from pacesetter.errors import NotFoundError
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
                raise NotFoundError(f"unknown region code {code!r} (GB/T 2260); "
                                    "see `pacesetter list regions`")
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
