"""What-ifs on the toy chain (see conftest): answers worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pacesetter.chains.diagnostics import compute_chain_diagnostics, compute_segment_diagnostics
from pacesetter.chains.placements import store_aggregates
from pacesetter.chains.resilience import compute_what_if
from pacesetter.chains.service import enterprise_scenarios, registry_aggregates
from pacesetter.engine.duckdb import DuckDBEngine

from .conftest import CODES, CROSSWALK

QD = "370200"


def _diagnoses(store, toy, thresholds, **removal):
    """Segment diagnostics and completeness of toy, before and after the removal (as the service
    does it: the segments occupied before are known to the diagnosis after)."""
    frames: list[tuple[pd.DataFrame, float]] = []
    for kw in ({}, removal):
        agg = store_aggregates(store, toy, CODES, CROSSWALK, QD, home_region=QD, **kw)
        if frames:
            seg = frames[0][0]
            agg = replace(agg, occupied_before=frozenset(seg.loc[seg["n_enterprises"] > 0, "segment_id"]))
        seg = compute_segment_diagnostics(agg, toy, [QD], thresholds)
        chains = compute_chain_diagnostics(seg, toy, thresholds).set_index("chain_id")
        frames.append((seg, chains.loc["toy", "completeness"]))
    return frames


def _what_if(store, toy, thresholds, **removal):
    (before, c0), (after, c1) = _diagnoses(store, toy, thresholds, **removal)
    return compute_what_if(before, after, toy.chain("toy"), QD, (c0, c1))


def test_leader_relocates(store, toy, thresholds):
    w = _what_if(store, toy, thresholds, exclude_enterprises=["L"])
    assert w.newly_missing == ["b"]  # the leader was b's only enterprise: no known firm left
    assert w.lost_supply == {"c": ["b"]}  # c used b directly
    assert w.exposed == ["c", "d"]  # everything downstream of b that still has firms
    assert w.weakened == []
    # completeness 8.5/12 → 5.5/12: b's credit 6 × 0.5 is lost but b stays in the denominator
    # (covered weight a 3 + b 6 + c 2 + d 1; e is not covered before or after)
    assert (w.completeness_before, w.completeness_after) == pytest.approx((8.5 / 12, 5.5 / 12))
    assert w.revenue_removed is None and w.revenue_exposed is None  # the store has no revenue: unknown


def test_one_firm_leaves_a_strong_segment(store, toy, thresholds):
    w = _what_if(store, toy, thresholds, exclude_enterprises=["q3"])
    # c: 4 firms left (LQ unknown: no complete registry), below 5 firms → present
    assert w.newly_missing == [] and w.weakened == [("c", "strong", "present")]
    assert w.lost_supply == {} and w.exposed == []


def test_removing_a_segment(store, toy, thresholds):
    w = _what_if(store, toy, thresholds, exclude_segments=["c"])
    assert w.newly_missing == ["c"] and w.lost_supply == {"d": ["c"]} and w.exposed == ["d"]


def test_known_revenue_removed_and_exposed(registry, tmp_path, toy, thresholds):
    """Both a-firms (revenue 100 and 300) leave Qingdao: 400 removed; c (known 50) exposed."""
    frame = pq.read_table(registry).to_pandas()
    after_path = tmp_path / "after.parquet"
    pq.write_table(pa.Table.from_pandas(frame[~frame["enterprise_id"].isin([1, 2])], preserve_index=False),
                   after_path)
    segs = []
    for path in (registry, after_path):
        agg = registry_aggregates(DuckDBEngine(), path, toy)
        segs.append(compute_segment_diagnostics(agg, toy, [QD], thresholds))
    w = compute_what_if(segs[0], segs[1], toy.chain("toy"), QD, (0.0, 0.0))
    assert w.newly_missing == ["a"] and w.lost_supply == {"c": ["a"]} and w.exposed == ["c"]
    assert w.revenue_removed == pytest.approx(400.0)
    assert w.revenue_exposed == pytest.approx(50.0)
    assert isinstance(segs[0], pd.DataFrame)


ENTERPRISES = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "L", "n1"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(removed=st.lists(st.sampled_from(ENTERPRISES), unique=True),
       segments=st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), unique=True))
def test_removing_never_fills_a_gap(store, toy, thresholds, removed, segments):
    """Invariant: a removal never fills a gap, never raises a status or the completeness."""
    (before, c0), (after, c1) = _diagnoses(store, toy, thresholds, exclude_enterprises=removed,
                                           exclude_segments=segments)
    rank = {"missing": 0, "weak": 1, "present": 2, "strong": 3}
    b, a = before["status"].astype(str), after["status"].astype(str)
    # not covered after only where it was before (e; a segment that loses its last firm is
    # "no known firm left", missing); the others never rise
    assert ((a == "not_covered") == (b == "not_covered")).all()
    covered = b != "not_covered"
    assert (a[covered].map(rank).to_numpy() <= b[covered].map(rank).to_numpy()).all()
    assert c1 <= c0 + 1e-12
    w = compute_what_if(before, after, toy.chain("toy"), QD, (c0, c1))
    assert set(w.newly_missing) >= {s for s in segments if s != "e"}  # e was not covered before
    assert all(s not in w.exposed for s in w.newly_missing)


def test_one_scenario_per_enterprise_agrees_with_each_what_if(store, toy, thresholds):
    scenarios = enterprise_scenarios(store, toy, "toy", QD, thresholds, home_region=QD)
    by_id = {s.enterprise_id: s for s in scenarios}
    # every enterprise placed in the toy chain in Qingdao: q1..q8 by code, L explicitly
    assert sorted(by_id) == sorted(["L", *(f"q{i}" for i in range(1, 9))])
    for eid in ("L", "q3"):  # the same answers as the hand-checked what-ifs above
        assert by_id[eid].what_if == _what_if(store, toy, thresholds, exclude_enterprises=[eid])
    after = by_id["L"].segments.set_index("segment_id")
    assert after.at["b", "status"] == "missing" and after.at["b", "n_enterprises"] == 0
    assert by_id["L"].name_zh == "链主集团"
