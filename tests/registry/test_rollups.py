"""Funnel arithmetic and roll-ups on a hand-built pipeline, read back from a real store."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from pacesetter.registry.repository import Repository
from pacesetter.registry.rollups import compute_funnel, compute_investment_vs_gaps, compute_rollup

D = dt.date
# Ten projects; the days between stages are worked out in the comments.
PIPELINE = [
    {"id": "N1", "stage": "negotiating"},
    {"id": "N2", "stage": "negotiating"},
    {"id": "S1", "stage": "signed", "actual_signed": D(2024, 1, 1)},
    {"id": "S2", "stage": "signed"},
    {"id": "S3", "stage": "signed"},
    {"id": "T1", "stage": "started", "actual_signed": D(2024, 1, 1), "actual_started": D(2024, 3, 1)},  # 60
    {"id": "T2", "stage": "started", "actual_signed": D(2024, 2, 1), "actual_started": D(2024, 2, 21)},  # 20
    {"id": "R1", "stage": "producing", "actual_signed": D(2023, 1, 1), "actual_started": D(2023, 1, 31),  # 30
     "actual_producing": D(2023, 12, 31)},  # 334
    {"id": "C1", "stage": "at_capacity", "actual_signed": D(2022, 1, 1),
     "actual_started": D(2022, 1, 11),  # 10
     "actual_producing": D(2022, 4, 11), "actual_at_capacity": D(2022, 10, 8)},  # 90, 180
    {"id": "X1", "stage": "terminated", "actual_signed": D(2023, 5, 1), "actual_started": D(2023, 6, 1),  # 31
     "actual_terminated": D(2024, 1, 1)},
]


@pytest.fixture
def pipeline(repo: Repository) -> pd.DataFrame:
    with repo.atomic():
        for p in PIPELINE:
            repo.create("projects", {"name_zh": p["id"], **p})
    return repo.frame("projects")


def test_funnel(pipeline: pd.DataFrame) -> None:
    f = compute_funnel(pipeline).set_index("stage")
    assert f["current"].tolist() == [2, 3, 2, 1, 1, 1]
    # reached: everyone; all but N1, N2; T1 T2 R1 C1 X1 (X1 started before it was terminated); R1 C1; C1
    assert f["reached"].tolist() == [10, 8, 5, 2, 1, 1]
    assert f.loc["signed", "conversion"] == pytest.approx(8 / 10)
    assert f.loc["started", "conversion"] == pytest.approx(5 / 8)
    assert f.loc["producing", "conversion"] == pytest.approx(2 / 5)
    assert f.loc["at_capacity", "conversion"] == pytest.approx(1 / 2)
    assert math.isnan(f.loc["negotiating", "conversion"])
    # signed → started: 10, 20, 30, 31, 60 days → median 30
    assert (f.loc["signed", "median_days"], f.loc["signed", "timed"]) == (30, 5)
    # started → producing: 90 and 334 → 212
    assert (f.loc["started", "median_days"], f.loc["started", "timed"]) == (212, 2)
    assert (f.loc["producing", "median_days"], f.loc["producing", "timed"]) == (180, 1)
    assert math.isnan(f.loc["negotiating", "median_days"])
    assert f.loc["started", "stage_zh"] == "开工"


def test_rollup_by_chain_counts_multi_chain_rows_and_skips_unknown_amounts(repo: Repository) -> None:
    rows = [
        {"id": "P1", "chain_id": "vr", "investment_yi": 16.0, "district": "崂山区"},
        {"id": "P2", "chain_id": "ic;vr", "investment_yi": 10.0, "completed_yi": 4.0, "district": "崂山区"},
        {"id": "P3", "chain_id": "ic", "district": "西海岸新区"},
        {"id": "P4", "investment_yi": 5.0},
    ]
    for r in rows:
        repo.create("projects", {"name_zh": r["id"], "stage": "signed", **r})
    by_chain = compute_rollup(repo.frame("projects"), "chain_id")
    assert by_chain["chain_id"].tolist() == ["ic", "vr", "—"]
    assert by_chain["projects"].tolist() == [2, 2, 1]
    assert by_chain["investment_yi"].tolist() == [10.0, 26.0, 5.0]
    assert by_chain["amount_known"].tolist() == [1, 2, 1]
    assert by_chain.loc[1, "completed_yi"] == 4.0
    assert math.isnan(by_chain.loc[2, "completed_yi"])
    by_district = compute_rollup(repo.frame("projects"), "district").set_index("district")
    assert by_district.loc["崂山区", "investment_yi"] == 26.0
    assert math.isnan(by_district.loc["西海岸新区", "investment_yi"])  # unknown, not zero
    assert compute_rollup(repo.frame("projects"), "stage")["projects"].tolist() == [4]


def test_investment_against_gaps(repo: Repository) -> None:
    repo.create("projects", {"id": "P1", "name_zh": "a", "stage": "signed", "chain_id": "vr",
                             "investment_yi": 16.0, "segments": ["vr.optics"]})
    repo.create("projects", {"id": "P2", "name_zh": "b", "stage": "signed", "chain_id": "vr;ic",
                             "investment_yi": 4.0, "segments": ["vr.device"]})
    repo.create("projects", {"id": "P3", "name_zh": "c", "stage": "signed", "chain_id": "ic"})
    chains = pd.DataFrame({"chain_id": ["vr", "ic", "ai"], "segments": [3, 2, 1], "missing": [1, 0, 1],
                           "weak": [1, 1, 0], "completeness": [0.5, 0.75, 0.0]})
    segments = pd.DataFrame({"chain_id": ["vr", "vr", "vr", "ic", "ic"],
                             "segment_id": ["vr.optics", "vr.device", "vr.content", "ic.fab", "ic.pack"],
                             "status": ["missing", "strong", "weak", "weak", "present"]})
    out = compute_investment_vs_gaps(repo.frame("projects"), chains, segments).set_index("chain_id")
    assert out.loc["vr", ["projects", "investment_yi", "segments_known", "gap_projects"]].tolist() == [
        2, 20.0, 2, 1]  # P1 fills the missing optics segment; P2's device segment is strong
    assert out.loc["ic", ["projects", "investment_yi", "segments_known", "gap_projects"]].tolist() == [
        2, 4.0, 1, 0]  # P2 names no ic segment that is a gap; P3 records no segments
    assert out.loc["ai", "projects"] == 0 and math.isnan(out.loc["ai", "investment_yi"])
    assert out.loc["vr", "missing"] == 1
