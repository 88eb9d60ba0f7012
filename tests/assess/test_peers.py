"""Peer standing: competition ranks, ties, missing regions and gaps in the indicator's own unit."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pacesetter.assess.peers import compute_peer_standing, gap_unit, rank_regions, ranks_with_ties

SPECS = pd.DataFrame([("gdp", "亿元", "higher"), ("gdp_growth", "%", "higher"),
                      ("advanced_mfg_top100_rank", "位", "lower")],
                     columns=["indicator_id", "unit", "polarity"])
PEERS = ["370200", "330200", "320200", "610100"]
# Real figures (sources in conftest.py): GDP in 亿元.
GDP = [("gdp", "370200", 2024, 16719.5), ("gdp", "330200", 2024, 18147.7),
       ("gdp", "370200", 2023, 15760.3), ("gdp", "320200", 2023, 15456.19),
       ("gdp", "610100", 2023, 12010.76)]


def _values(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["indicator_id", "region_code", "year", "value"])


def test_gap_to_ningbo_on_gdp_in_own_unit_and_as_growth() -> None:
    s = compute_peer_standing(_values(GDP[:2]), SPECS[:1], "370200", PEERS, 2024).iloc[0]
    assert (s["year"], s["rank"], s["n_ranked"]) == (2024, 2, 2)
    assert s["next_region"] == "330200" and s["leader_region"] == "330200"
    assert s["gap_to_next"] == pytest.approx(1428.2)        # 18147.7 − 16719.5 亿元
    assert s["gap_unit"] == "亿元"
    assert s["growth_edge_pct"] == pytest.approx(8.5421, abs=1e-4)  # 18147.7 / 16719.5 − 1
    assert s["missing_regions"] == "320200,610100"
    # only 2 cities ranked: "in the top 3" would say nothing, so leading is left undecided
    assert s["leading"] is None


def test_the_year_with_the_broadest_coverage_is_compared() -> None:
    # 2024: Qingdao and Ningbo; 2023: Qingdao, Wuxi and Xi'an. The broader year wins.
    s = compute_peer_standing(_values(GDP), SPECS[:1], "370200", PEERS, 2024).iloc[0]
    assert (s["year"], s["rank"], s["n_ranked"]) == (2023, 1, 3)
    # on a tie the later year: 2022 with two cities as 2024 has (placeholder values: only years count)
    tie = _values([*GDP[:2], ("gdp", "370200", 2022, 1.0), ("gdp", "330200", 2022, 2.0)])
    assert compute_peer_standing(tie, SPECS[:1], "370200", PEERS, 2024).iloc[0]["year"] == 2024


def test_latest_common_year_is_chosen_per_assessment_year() -> None:
    s = compute_peer_standing(_values(GDP), SPECS[:1], "370200", PEERS, 2023, leading_rank=1).iloc[0]
    assert (s["year"], s["rank"], s["n_ranked"]) == (2023, 1, 3)
    assert s["leading"] and pd.isna(s["next_region"])  # nobody above Qingdao in 2023
    assert s["missing_regions"] == "330200"


def test_ties_share_the_better_rank() -> None:
    rows = [("gdp_growth", c, 2023, v) for c, v in
            [("370200", 5.9), ("330200", 6.2), ("320200", 6.2), ("610100", 5.2)]]
    s = compute_peer_standing(_values(rows), SPECS[1:2], "320200", PEERS, 2023).iloc[0]
    assert s["rank"] == 1 and s["tied"]
    q = compute_peer_standing(_values(rows), SPECS[1:2], "370200", PEERS, 2023).iloc[0]
    assert q["rank"] == 3 and not q["tied"]
    assert q["gap_to_next"] == pytest.approx(0.3) and q["gap_unit"] == "个百分点"
    assert math.isnan(q["growth_edge_pct"])  # rates: the gap is in pp, not a growth ratio


def test_lower_is_better_gap_is_negative() -> None:
    rows = [("advanced_mfg_top100_rank", "370200", 2024, 6.0),
            ("advanced_mfg_top100_rank", "330200", 2024, 3.0)]
    s = compute_peer_standing(_values(rows), SPECS[2:], "370200", PEERS, 2024).iloc[0]
    assert s["rank"] == 2 and s["gap_to_next"] == pytest.approx(-3.0) and s["gap_unit"] == "位"


def test_focus_without_data_says_why() -> None:
    s = compute_peer_standing(_values(GDP), SPECS[:1], "440300", [*PEERS, "440300"], 2024).iloc[0]
    assert pd.isna(s["rank"]) and s["reason"] == "no_common_year"


def test_gap_unit_of_shares_is_percentage_points() -> None:
    assert gap_unit("%") == "个百分点" and gap_unit("亿元") == "亿元"


def test_vectorised_ranks_match_pandas_min_ranks() -> None:
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 5, size=(50, 9)).astype(float)  # many ties
    expected = np.vstack([rank_regions(pd.Series(row), "higher").to_numpy() for row in scores])
    assert (ranks_with_ties(scores) == expected).all()



def test_leading_needs_more_ranked_cities_than_the_threshold() -> None:
    # 2023: Qingdao 15760.3 > Wuxi 15456.19 > Xi'an 12010.76 — three ranked, threshold 2
    s = compute_peer_standing(_values(GDP), SPECS[:1], "370200", PEERS, 2023, leading_rank=2).iloc[0]
    assert (s["rank"], s["n_ranked"], s["leading"]) == (1, 3, True)
