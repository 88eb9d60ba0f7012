"""Targeting on hand-made gaps and registries: fit, distance, scores, reasons that add up (issue 18)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from pacesetter.errors import InputError
from pacesetter.structure.reasons import contribution_texts, reason_text
from pacesetter.structure.targets import (
    FACTORS,
    Weights,
    distance_class,
    gaps_of,
    score_candidates,
    segment_fit,
)


@pytest.mark.parametrize(("code", "segment", "expected"), [
    ("3973", ["3973"], ("exact", 1.0)),
    ("39731", ["3973"], ("exact", 1.0)),
    ("398", ["3983"], ("coarser", 0.75)),  # a label at the group level: may contain the segment
    ("38", ["3824"], ("coarser", 0.5)),
    ("6513", ["6512"], ("same_group", 0.375)),  # a neighbour: half of 3 of 4 digits
    ("3921", ["3962"], ("same_division", 0.25)),
    ("385", ["3982", "3857"], ("coarser", 0.75)),  # the best of the segment's codes
    ("2511", ["3973"], None),
    ("3", ["3973"], None),  # a section-like single digit pins nothing down
])
def test_segment_fit(code: str, segment: list[str], expected: tuple[str, float] | None) -> None:
    assert segment_fit(code, segment) == expected


@pytest.mark.parametrize(("region", "expected"), [
    ("370212", "same_city"), ("370200", "same_city"), ("370000", "same_province"),
    ("370700", "same_province"), ("440300", "elsewhere"), (None, None), ("", None),
])
def test_distance_class(region: str | None, expected: str | None) -> None:
    assert distance_class(region, "370200") == expected


def _gap(criticality: float = 0.5, downstream: int = 4, status: str = "missing") -> pd.DataFrame:
    return pd.DataFrame([{"chain_id": "ic", "segment_id": "s_fab", "name_zh": "晶圆制造",
                          "name_en": "Wafer fab", "status": status, "critical": True,
                          "downstream_count": downstream, "criticality": criticality, "priority": 1.0,
                          "order": 0}])


REGISTRY = pd.DataFrame({
    "enterprise_id": ["a", "b", "c", "d"], "name_zh": ["甲", "乙", "丙", "丁"], "name_en": [None] * 4,
    "region_code": ["370200", "370000", "440300", "370200"],
    "industry_code": ["3973", "x:芯片", "3972", "2511"],
    "revenue": [100.0, np.nan, 300.0, 50.0], "growth": [np.nan] * 4,
})
DENSITY = pd.Series({"3973": 0.4, "x:芯片": 0.8, "3972": 0.2, "2511": 0.9})


def _score() -> pd.DataFrame:
    found = score_candidates(_gap(), REGISTRY, {"s_fab": ["3973"]}, city="370200", density=DENSITY,
                             crosswalk={"x:芯片": ["397"]})
    return found


def test_scores_by_hand() -> None:
    """Weights 0.3 fit, 0.2 criticality, 0.25 relatedness, 0.1 distance, 0.1 scale, 0.05 growth;
    unknown factors leave the mean: a = (.3·1 + .2·.5 + .25·.4 + .1·1 + .1·.5) / .95 (scale: 100 is
    the lower of the two known revenues, percentile 0.5); b = (.3·.75 + .2·.5 + .25·.8 + .1·.5) / .85
    (label 芯片 → 397 contains 3973; province only); c = (.3·.375 + .2·.5 + .25·.2 + 0 + .1·1) / .95."""
    found = _score()
    cand = found.candidates.set_index("enterprise_id")
    assert list(found.candidates["enterprise_id"]) == ["a", "b", "c"]  # d (2511) fits nothing
    assert list(found.candidates["rank"]) == [1, 2, 3]
    assert cand.loc["a", "score"] == pytest.approx(0.65 / 0.95, abs=1e-12)
    assert cand.loc["b", "score"] == pytest.approx(0.575 / 0.85, abs=1e-12)
    assert cand.loc["c", "score"] == pytest.approx(0.3625 / 0.95, abs=1e-12)
    assert list(cand["fit_level"]) == ["exact", "coarser", "same_group"]
    assert list(cand["distance"]) == ["same_city", "same_province", "elsewhere"]
    assert found.gaps.loc[0, "covered"] and found.gaps.loc[0, "n_candidates"] == 3


def test_weights_as_written_reorder_by_hand() -> None:
    """``relatedness=3,fit=1``: normalised 0.75 and 0.25, every other factor 0. a = .25·1 + .75·.4
    = .55; b = .25·.75 + .75·.8 = .7875; c = .25·.375 + .75·.2 = .24375: b now leads."""
    w = Weights.parse(" relatedness = 3, fit=1 ")
    assert w == Weights(fit=0.25, criticality=0.0, relatedness=0.75, distance=0.0, scale=0.0, growth=0.0)
    found = score_candidates(_gap(), REGISTRY, {"s_fab": ["3973"]}, city="370200", density=DENSITY,
                             crosswalk={"x:芯片": ["397"]}, weights=w)
    cand = found.candidates.set_index("enterprise_id")
    assert list(found.candidates["enterprise_id"]) == ["b", "a", "c"]
    assert list(cand["score"]) == pytest.approx([0.7875, 0.55, 0.24375], abs=1e-12)
    a = found.reasons[found.reasons["enterprise_id"] == "a"].set_index("factor")
    assert a.loc["distance", "contribution"] == 0.0
    assert contribution_texts([a.loc["scale", "contribution"]]) == ["+0.00"]
    assert math.isnan(a.loc["growth", "contribution"])  # unknown stays unknown whatever its weight
    given = Weights.parse("fit=0.4,relatedness=0.3,criticality=0.2,distance=0.1")  # adds to 1: kept as given
    assert [given.of(f) for f in FACTORS] == [0.4, 0.2, 0.3, 0.1, 0.0, 0.0]


@pytest.mark.parametrize(("text", "key", "named"), [
    ("fit=0.4;relatedness=0.3", "weights_format", "fit=0.4;relatedness=0.3"),
    ("fit", "weights_format", "fit"),
    ("fit=abc", "weights_format", "fit=abc"),
    ("fit=nan", "weights_format", "fit=nan"),
    ("fit=0.4,", "weights_format", "“”"),
    ("size=0.2", "weights_unknown", "size"),
    ("fit=0.2,fit=0.3", "weights_twice", "fit"),
    ("fit=0.5,growth=-0.1", "weights_negative", "-0.1"),
    ("fit=inf", "weights_negative", "inf"),
    ("fit=0,growth=0", "weights_zero", "0"),
])
def test_weights_name_the_rule_they_break(text: str, key: str, named: str) -> None:
    with pytest.raises(InputError) as caught:
        Weights.parse(text)
    assert caught.value.key == f"target.errors.{key}"
    zh, en = caught.value.text("zh"), caught.value.text("en")
    assert named in zh and (named in en or named == "“”")
    assert zh != en


def test_reasons_add_up_to_the_score() -> None:
    found = _score()
    why = found.reasons
    assert len(why) == 3 * len(FACTORS)
    sums = why.groupby("enterprise_id")["contribution"].sum()  # NaN (unknown) adds nothing
    for eid, score in found.candidates.set_index("enterprise_id")["score"].items():
        assert sums[eid] == pytest.approx(score, abs=1e-12)
    b = why[why["enterprise_id"] == "b"].set_index("factor")
    assert b.loc["scale", "code"] == "scale_unknown" and math.isnan(b.loc["scale", "contribution"])
    assert b.loc["growth", "code"] == "growth_unknown" and math.isnan(b.loc["growth", "value"])
    assert b.loc["fit", "code"] == "fit_coarser" and b.loc["fit", "detail"]["code"] == "397"
    assert b.loc["relatedness", "contribution"] == pytest.approx(0.25 * 0.8 / 0.85)


def test_reasons_in_words() -> None:
    found = _score()
    why = found.reasons[found.reasons["enterprise_id"] == "a"].set_index("factor")
    names = {"s_fab": "晶圆制造"}

    def say(factor: str, lang: str) -> str:
        row = why.loc[factor].to_dict() | {"factor": factor}
        return reason_text(row, lang, segment_name=names.__getitem__, region_name={"370200": "青岛市"}.get)

    assert say("criticality", "zh") == "填补晶圆制造，下游 4 个环节依赖它；卡脖子环节"
    assert say("criticality", "en") == "fills 晶圆制造, critical for 4 downstream segments; a chokepoint"
    # density 0.4 is the second of 0.2, 0.4, 0.8, 0.9: at or above half of the industries
    assert say("relatedness", "zh") == "其行业在青岛市的关联密度为 0.40，高于 50% 的行业"
    assert say("scale", "zh") == "营收 100 万元，高于 50% 的候选"
    assert say("growth", "en") == "growth: unknown (the registry has no growth; left out of the score)"
    # a GB/T 4754 code with its shipped Chinese name in zh, alone in en (no English names shipped)
    assert say("fit", "zh") == "行业“3973 集成电路制造”正属本环节行业（3973 集成电路制造）"
    assert say("fit", "en") == "its industry “3973” is the segment's own (3973)"
    assert contribution_texts([why.loc["growth", "contribution"]]) == ["—"]
    assert contribution_texts([why.loc["fit", "contribution"]]) == [f"+{0.3 / 0.95:.2f}"]


def test_top_and_a_gap_no_registry_covers() -> None:
    found = score_candidates(_gap(), REGISTRY, {"s_fab": ["3973"]}, city="370200", density=DENSITY, top=1)
    assert list(found.candidates["enterprise_id"]) == ["a"]  # without the crosswalk b fits nothing
    assert set(found.reasons["enterprise_id"]) == {"a"}
    none = score_candidates(_gap(), REGISTRY, {"s_fab": ["0111"]}, city="370200", density=DENSITY)
    assert none.candidates.empty and not none.gaps.loc[0, "covered"]


def test_gaps_of_a_diagnosis() -> None:
    seg = pd.DataFrame({
        "chain_id": ["ic"] * 4 + ["vr"], "segment_id": ["s1", "s2", "s3", "s4", "s5"],
        "name_zh": list("甲乙丙丁戊"), "name_en": list("abcde"),
        "status": ["present", "weak", "not_covered", "missing", "missing"],
        "critical": [False] * 5, "downstream_count": [3, 1, 2, 1, 0],
        "criticality": [0.75, 0.25, 0.5, 0.25, 0.0], "priority": [0.0] * 5, "order": [0, 1, 2, 3, 0],
    })
    assert list(gaps_of(seg, "ic")["segment_id"]) == ["s3", "s2", "s4"]  # most critical, then order


def test_contributions_as_printed_add_up_to_the_score_as_printed() -> None:
    """0.134 + 0.178 + 0.104 + 0.124 = 0.540: rounded one by one they would print 0.13 + 0.18 +
    0.10 + 0.12 = 0.53 beside a score of 0.54; the largest remainder (0.134 → .4 of a cent, the
    same as 0.104 → .4; the first of equals) rounds up instead. Unknown stays —, never +0.00."""
    shown = contribution_texts([0.134, 0.178, None, 0.104, 0.124, float("nan")])
    assert shown == ["+0.14", "+0.18", "—", "+0.10", "+0.12", "—"]
    assert sum(float(v) for v in shown if v != "—") == pytest.approx(0.54)
    assert contribution_texts([0.005, 0.005]) == ["+0.01", "+0.00"]  # 0.01 in all, not 0.02 nor 0.00
    assert contribution_texts([None]) == ["—"]
