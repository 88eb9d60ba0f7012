"""Extraction keeps what the text says: a figure of another named place is that place's (or left
open and said), a sign written on a number is kept (下降-2.0% read as written and flagged), and a
release or period in the future is never rated high. Hand-read values, no database."""

from __future__ import annotations

from datetime import date

import pytest

from pacesetter.release.checks import check
from pacesetter.release.documents import Document
from pacesetter.release.extract import Extraction, Proposal, extract
from pacesetter.release.parse import read_sentence

REGIONS = {"青岛市": "370200", "黄岛区": "370211", "宁波市": "330200", "鼓楼区": "350102"}
TODAY = date(2026, 12, 6)


def _found(*sentences: str, published: str = "2022-09-20", today: date = TODAY) -> Extraction:
    year = published[:4]
    title = f"{year}年1-8月份青岛市经济运行情况"
    doc = Document("text", (title, *sentences), title=title, published=date.fromisoformat(published))
    return check(extract(doc, "370200", source="rel.txt", regions=REGIONS), {}, today=today)


def _keys(p: Proposal) -> set[str]:
    return {i.key for i in p.checks}


def test_a_figure_of_another_known_place_is_that_place_and_checked() -> None:
    hd, nb = _found("1-8月，黄岛区规模以上工业增加值同比增长6.5%。",
                    "1-8月，宁波市规模以上工业增加值增长4.1%。").proposals
    assert (hd.indicator_id, hd.region_code, hd.region_said, hd.value) == (
        "above_size_industry_va_growth", "370211", "黄岛区", 6.5)
    assert (nb.indicator_id, nb.region_code, nb.region_said, nb.value) == (
        "above_size_industry_va_growth", "330200", "宁波市", 4.1)
    assert hd.confidence == nb.confidence == "medium" and "other_place" in _keys(hd)


def test_a_place_the_store_does_not_know_is_left_open_and_low() -> None:
    (p,) = _found("1-8月，高新区规模以上工业增加值同比增长9.9%。").proposals
    assert (p.indicator_id, p.region_code, p.region_said, p.confidence) == (
        "above_size_industry_va_growth", None, "高新区", "low")
    assert "other_place_unknown" in _keys(p) and "region_unknown" not in _keys(p)


def test_names_that_only_end_like_a_place_stay_the_release_own() -> None:
    (p,) = _found("1-8月，全市地区生产总值同比增长3.1%。").proposals
    assert (p.indicator_id, p.region_code, p.region_said) == ("gdp_growth", "370200", None)


@pytest.mark.parametrize(("sentence", "value", "written", "doubled"), [
    ("1-8月，全市固定资产投资同比增长-3.5%。", -3.5, "增长-3.5%", False),
    ("1-8月，全市社会消费品零售总额同比下降-2.0%。", 2.0, "下降-2.0%", True),
    ("1-8月，全市社会消费品零售总额同比下降－2.0%。", 2.0, "下降－2.0%", True),  # full-width minus
    ("8月末，全市规模以上工业企业数量为-12家。", -12.0, "-12家", False),
    ("1-8月，全市新开工项目3-5个。", 5.0, "5个", False),  # a range's dash is no sign
])
def test_a_sign_written_on_the_number_is_kept(sentence: str, value: float, written: str,
                                              doubled: bool) -> None:
    (f,) = read_sentence(sentence, period="1-8月")
    assert (f.value, f.written, f.sign_doubled) == (value, written, doubled)


def test_a_decline_written_negative_is_flagged_low() -> None:
    (p,) = _found("1-8月，全市社会消费品零售总额同比下降-2.0%。").proposals
    assert (p.indicator_id, p.value, p.confidence) == ("retail_sales_growth", 2.0, "low")
    [flag] = [i for i in p.checks if i.key == "sign_doubled"]
    assert flag.values == {"written": "下降-2.0%", "value": "2.0"}


def test_a_release_from_the_future_is_never_high() -> None:
    sentence = "1-8月，全市固定资产投资同比增长4.3%。"
    assert _found(sentence).proposals[0].confidence == "high"
    (p,) = _found(sentence, published="2030-09-20").proposals
    assert p.confidence == "low" and {"published_future", "period_future"} <= _keys(p)
    # dated today and of a period that has ended: high again
    (q,) = _found(sentence, published="2030-09-20", today=date(2030, 9, 20)).proposals
    assert q.confidence == "high"
