"""Every metric on the toy chain, computed by hand in the comments (see conftest)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pacesetter.chains.diagnostics import (
    Thresholds,
    compute_chain_diagnostics,
    compute_links_to_fill,
    compute_segment_diagnostics,
    compute_stage_completeness,
    load_thresholds,
)
from pacesetter.chains.placements import region_prefix, store_aggregates
from pacesetter.chains.service import registry_aggregates
from pacesetter.engine.duckdb import DuckDBEngine

from .conftest import CODES, CROSSWALK

QD = "370200"


def _store_diag(store, toy, thresholds, **kw):
    agg = store_aggregates(store, toy, CODES, CROSSWALK, QD, **kw)
    seg = compute_segment_diagnostics(agg, toy, [QD], thresholds)
    return seg.set_index("segment_id"), compute_chain_diagnostics(seg, toy, thresholds)


def test_shipped_thresholds_equal_defaults():
    assert load_thresholds() == Thresholds()


def test_region_prefix():
    assert [region_prefix(c) for c in ("370000", "370200", "370202")] == ["37", "3702", "370202"]


def test_segment_metrics_from_store(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD)
    # counts: districts 370202/370203 fall under the city; L sits in the home region
    assert seg["n_enterprises"].to_dict() == {"a": 2, "b": 1, "c": 5, "d": 1, "e": 0}
    assert seg.loc["b", "n_by_code"] == 0  # placed explicitly, not by code
    # no registry in the store is declared complete (chains/coverage.yaml): no LQ anywhere,
    # although a by-code LQ could be computed (a: (2/8)/(3/11) = 0.92): "—", never a guess
    assert seg["lq"].isna().all() and not seg["complete"].any()
    # graph
    assert seg["downstream_count"].to_dict() == {"a": 2, "b": 2, "c": 1, "d": 0, "e": 0}
    assert seg["criticality"].to_dict() == {"a": 0.5, "b": 0.5, "c": 0.25, "d": 0.0, "e": 0.0}
    assert seg["weight"].to_dict() == {"a": 3, "b": 6, "c": 2, "d": 1, "e": 1}
    # leader: L leads toy and works in b
    assert seg["leader_present"].tolist() == [False, True, False, False, False]
    # status and the rule that set it
    # e: nobody placed and no complete registry → not covered (unknown), never missing
    assert seg["status"].to_dict() == {
        "a": "present", "b": "weak", "c": "strong", "d": "weak", "e": "not_covered"}
    assert seg["reason"].to_dict() == {"a": "enterprises", "b": "few_enterprises", "c": "many_enterprises",
                                       "d": "few_enterprises", "e": "not_covered"}
    assert seg["single_point"].to_dict() == {"a": False, "b": True, "c": False, "d": True, "e": False}


def test_no_store_lq_even_against_a_reference_region(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD, reference_region="370000")
    # a reference would give every occupied LQ 1 ((2/8)/(2/8)), but the store's registries are
    # not declared complete, so the counts are not a census: unknown
    assert seg["lq"].isna().all()


def test_lq_unknown_when_named_firms_outside_the_registry_share_the_segment(store, toy, thresholds):
    store.execute("INSERT INTO enterprise_placements (enterprise_id, chain_id, segment_id, role, basis) "
                  "VALUES ('L', 'toy', 'a', 'key', 'source')")
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD)
    # a: q1, q2 by code plus L named → the registry undercounts a, its LQ is unknown (not 0.92)
    assert (seg.loc["a", "n_enterprises"], seg.loc["a", "n_by_code"]) == (3, 2)
    assert math.isnan(seg.loc["a", "lq"])
    assert (seg.loc["a", "status"], seg.loc["a", "reason"]) == ("strong", "leader_present")


def test_store_revenue_is_unknown_not_zero(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD)
    assert seg["revenue"].isna().all() and seg["hhi"].isna().all() and seg["top1_share"].isna().all()
    assert (seg["revenue_reported"] == 0).all()


def test_without_home_region_the_unlocated_leader_is_not_local(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds)
    assert seg.loc["b", "status"] == "not_covered"  # nobody known there: unknown, not absent


def test_chain_metrics(store, toy, thresholds):
    _, chains = _store_diag(store, toy, thresholds, home_region=QD)
    row = chains.set_index("chain_id").loc["toy"]
    assert (row["not_covered"], row["missing"], row["weak"], row["present"], row["strong"]) == (1, 0, 2, 1, 1)
    # credits: a 3×1 + b 6×0.5 + c 2×1 + d 1×0.5 = 8.5 of the covered weight 3+6+2+1 = 12
    # (e, not covered, is in neither numerator nor denominator)
    assert row["completeness"] == pytest.approx(8.5 / 12)
    assert row["single_points"] == 2
    # occupied a, b, c, d; only b is held by the leader alone
    assert row["leaders"] == 1 and row["leader_dependence"] == pytest.approx(1 / 4)
    slot = chains.set_index("chain_id").loc["slot"]
    assert slot["segments"] == 0 and not slot["identified"] and math.isnan(slot["completeness"])


def test_links_to_fill_ranked_by_weight_times_weakness(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD)
    links = compute_links_to_fill(seg.reset_index(), "toy", QD)
    # b 6×0.6 = 3.6, d 1×0.6 = 0.6; e is not covered: unknown, so not a link to fill
    assert links["segment_id"].tolist() == ["b", "d"]
    assert links["priority"].tolist() == pytest.approx([3.6, 0.6])
    assert links["action"].tolist() == ["strengthen", "strengthen"]


def test_registry_revenue_concentration_and_unknowns(registry, toy, thresholds):
    agg = registry_aggregates(DuckDBEngine(), registry, toy)
    seg = compute_segment_diagnostics(agg, toy, [QD], thresholds).set_index("segment_id")
    # a: revenues 100 and 300 → sum 400, HHI (100²+300²)/400² = 0.625, top-1 0.75
    assert seg.loc["a", "revenue"] == 400 and seg.loc["a", "revenue_reported"] == 2
    assert seg.loc["a", "hhi"] == pytest.approx(0.625) and seg.loc["a", "top1_share"] == pytest.approx(0.75)
    # c: one revenue unknown → known sum 50 from 1 of 2; concentration unknown
    assert seg.loc["c", "revenue"] == 50 and seg.loc["c", "revenue_reported"] == 1
    assert math.isnan(seg.loc["c", "hhi"]) and math.isnan(seg.loc["c", "top1_share"])
    # b: its only revenue is unknown → NaN, never 0; employment known (2)
    assert math.isnan(seg.loc["b", "revenue"]) and seg.loc["b", "employment"] == 2
    # e: nobody → revenue unknown, count a real zero
    assert math.isnan(seg.loc["e", "revenue"]) and seg.loc["e", "n_enterprises"] == 0
    # LQ with Qingdao 5 of 7 coded firms: a (2/5)/(3/7)
    assert seg.loc["a", "lq"] == pytest.approx((2 / 5) / (3 / 7))
    # a registry says nothing about leaders: unknown, and leader dependence unknown
    assert seg["leader_present"].isna().all()
    chains = compute_chain_diagnostics(seg.reset_index(), toy, thresholds).set_index("chain_id")
    assert math.isnan(chains.loc["toy", "leader_dependence"])


def test_concentration_threshold_is_configurable(registry, toy):
    strict = Thresholds.model_validate({"status": {"weak_top1_share_at_least": 0.7}})
    agg = registry_aggregates(DuckDBEngine(), registry, toy)
    seg = compute_segment_diagnostics(agg, toy, [QD], strict).set_index("segment_id")
    assert (seg.loc["a", "status"], seg.loc["a", "reason"]) == ("weak", "concentrated")


def test_low_lq_makes_weak(registry, toy):
    t = Thresholds.model_validate({"status": {"weak_lq_below": 1.0}})
    agg = registry_aggregates(DuckDBEngine(), registry, toy)
    seg = compute_segment_diagnostics(agg, toy, [QD], t).set_index("segment_id")
    # a registry file is declared complete: a's LQ (2/5)/(3/7) = 0.93 < 1
    assert (seg.loc["a", "status"], seg.loc["a", "reason"]) == ("weak", "low_lq")


def test_stage_completeness(store, toy, thresholds):
    seg, _ = _store_diag(store, toy, thresholds, home_region=QD)
    st = compute_stage_completeness(seg.reset_index(), thresholds).set_index("stage")["completeness"]
    # up: (3×1 + 6×0.5)/9; mid: 1; down: d 1×0.5 of d's weight 1 (e not covered, left out)
    assert st["up"] == pytest.approx(6 / 9) and st["mid"] == 1 and st["down"] == pytest.approx(0.5)


def test_bad_thresholds_file(tmp_path):
    from pacesetter.errors import ConfigError

    p = tmp_path / "t.yaml"
    p.write_text("status: {weak_max_enterprises: many}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="weak_max_enterprises"):
        load_thresholds(p)


def test_leaders_are_unknown_where_the_store_names_none(store, toy, thresholds):
    """Qingdao designates a leader (L), so a segment without one has none; Ningbo designates
    none in the store, so whether its segments have a leader is unknown, not "no"."""
    agg = store_aggregates(store, toy, CODES, CROSSWALK, "330200", home_region=QD)
    seg = compute_segment_diagnostics(agg, toy, ["330200"], thresholds)
    ningbo = seg.set_index("segment_id")
    assert ningbo.at["a", "n_enterprises"] == 1 and ningbo["leader_present"].isna().all()
    chains = compute_chain_diagnostics(seg, toy, thresholds).set_index("chain_id")
    assert math.isnan(chains.at["toy", "leader_dependence"]) and chains.at["toy", "leaders"] is pd.NA
    qingdao, _ = _store_diag(store, toy, thresholds, home_region=QD)
    # known values: bool() of an unknown (NA) would raise
    assert not bool(qingdao.at["a", "leader_present"]) and bool(qingdao.at["b", "leader_present"])
