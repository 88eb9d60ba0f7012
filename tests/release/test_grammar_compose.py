"""Clauses composed into sentences through city profiles: the clauses of CONVENTIONS.md, each
with its origin, written back from their figures."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pacesetter.errors import ConfigError
from pacesetter.model.periods import Period
from pacesetter.release.compose import (
    Change,
    Clause,
    Gap,
    Number,
    against_text,
    change_text,
    compose,
    gap_text,
    growth_text,
    pull_text,
    share_text,
    sign_change_text,
)
from pacesetter.release.grammar import ChangeWord
from pacesetter.release.profile import Profile, load_profile_file, select_profile, shipped_profiles

P = shipped_profiles()
DEFAULT, QINGDAO, NINGBO = P["default"], P["qingdao"], P["ningbo"]


def _against(period: Period, profile: Profile, year: int = 2023, *, month_before: bool = False,
             previous: Number | None = None) -> str:
    return against_text(period, "zh", profile, within_year=year, month_before=month_before,
                        previous=previous)


@pytest.mark.parametrize(("words", "expected", "origin"), [
    (Change("up", Number(0.1), _against(Period.ytd(2023, 7), QINGDAO)), "比1-7月份加快0.1个百分点",
     "Qingdao 1-8月 2023, guanhai.com.cn/p/277913.html"),
    (Change("up", Number(1.2), _against(Period.ytd(2023, 3), QINGDAO)), "比一季度加快1.2个百分点",
     "Qingdao 1-4月 2023, guanhai.com.cn/p/255777.html"),
    (Change("up", Number(1.1), _against(Period.ytd(2024, 6), DEFAULT, 2024)), "比上半年加快1.1个百分点",
     "Shandong city 1-7月, dfljlh.com.cn/newsshow-132-601-1.html"),
    (Change("down", Number(0.4), _against(Period.month(2019, 7), DEFAULT, 2019, month_before=True),
            month=True), "比上月回落0.4个百分点", "NBS Aug 2019, CONVENTIONS §2"),
    (Change("up", Number(0.2), _against(Period.month(2023, 6), NINGBO, month_before=True), month=True),
     "较6月当月提高0.2个百分点", "Ningbo, fensifuwu.com"),
    (Change("decline_narrowed", Number(3.1), _against(Period.ytd(2020, 4), DEFAULT, 2020)),
     "降幅比1-4月份收窄3.1个百分点", "Qingdao 2020, news.bandao.cn/a/381997.html"),
    (Change("decline_widened", Number(0.6), "1—6月份"), "降幅比1—6月份扩大0.6个百分点",
     "NBS, m.matchbark.com"),
    (Change("flat", Number(0.0), _against(Period.ytd(2023, 6), DEFAULT)), "与上半年持平",
     "Shandong, 925eat.com"),
    (Change("turned_positive", Number(8.8), _against(Period.month(2020, 4), QINGDAO, 2020, month_before=True),
            month=True), "增速由负转正，比4月份回升8.8个百分点", "Qingdao 5月 2020, news.bandao.cn"),
    (Change("up", Number(4.2), _against(Period.ytd(2023, 12), QINGDAO, 2024)), "比2023年加快4.2个百分点",
     "Qingdao Q1 2024"),
    (Change("up", Number(5, 0), _against(Period.ytd(2022, 3), DEFAULT, 2022)), "比一季度加快5个百分点",
     "Qingdao H1 2022 (printed 提升5个百分点): a whole pp keeps no decimal"),
    (Change("rise_narrowed", Number(0.2), "10月"), "涨幅比10月回落0.2个百分点",
     "Qingdao CPI, aiborain.com 2017"),
])
def test_conventions_comparisons(words: Change, expected: str, origin: str) -> None:
    profile = NINGBO if "较" in expected else QINGDAO if "2023年" in expected else DEFAULT
    assert change_text(words, "zh", profile) == expected, origin


def test_conventions_figures() -> None:
    assert growth_text(Number(4.4)) == "同比增长4.4%"
    assert growth_text(Number(-4, 0), yoy=False) == "下降4%"  # Qingdao 1-5月 2020
    assert growth_text(Number(110.0)) == "同比增长1.1倍"  # ≥100 %: 倍 (NBS)
    assert growth_text(Number(2.6), family="price") == "同比上涨2.6%"  # Qingdao CPI
    assert growth_text(Number(0.0)) == "与上年同期持平"
    assert sign_change_text(Number(1.5), Number(-1.3), "1-7月") == "由1-7月下降1.3%转为增长1.5%"  # Shandong
    assert gap_text(Gap(Number(3.3), "规模以上工业")) == "快于规模以上工业3.3个百分点"
    assert gap_text(Gap(Number(-0.5), "全省", "level")) == "低于全省0.5个百分点"
    assert gap_text(Gap(Number(1.7), "全国", "level")) == "高于全国1.7个百分点"  # Qingdao H1 2020
    assert share_text(Number(48.5), "规模以上工业增加值") == "占规模以上工业增加值比重48.5%"
    assert share_text(Number(48.5), "industry", "en") == "accounting for 48.5% of industry"
    assert pull_text(Number(1.32, 2), "CPI") == "拉动CPI增长1.32个百分点"  # two decimals kept
    assert pull_text(Number(-0.4), "出口") == "下拉出口增长0.4个百分点"
    assert growth_text(Number(4.4), "en") == "up 4.4% year on year"


def test_a_whole_sentence_in_each_profile() -> None:
    clause = Clause("growth", "规模以上工业增加值", "1-8月份", Number(4.7),
                    changes=(Change("up", Number(0.1), _against(Period.ytd(2023, 7), QINGDAO)),))
    sentence = "1-8月份，{}规模以上工业增加值同比增长4.7%，比1-7月份加快0.1个百分点。"
    assert compose(clause, "zh", QINGDAO) == sentence.format("全市")
    assert compose(clause, "zh", DEFAULT) == sentence.format("")
    stated = Profile(name="stated", state_previous_value=True)
    against = _against(Period.ytd(2023, 7), stated, previous=Number(4.6))
    assert against == "1-7月份的4.6%"
    en = Clause("growth", "value added of industry", "Jan–Aug", Number(4.7),
                changes=(Change("up", Number(0.1), "Jan–Jul"),))
    assert compose(en, "en") == ("In Jan–Aug, value added of industry was up 4.7% year on year, "
                                 "0.1 percentage points faster than Jan–Jul.")


def test_region_selects_its_profile_and_a_file_is_validated(tmp_path: Path) -> None:
    assert select_profile(None, "370200").name == "qingdao"
    assert select_profile(None, "330200").name == "ningbo"
    assert select_profile(None, "110000").name == "default"
    assert select_profile("ningbo", "370200").name == "ningbo"
    bad = tmp_path / "city.yaml"
    bad.write_text(yaml.safe_dump({"name": "city", "words": {"up": "飞涨"}}, allow_unicode=True),
                   encoding="utf-8")
    said = r"city.yaml is not valid: key \(top\): \[value_error\] words.up: '飞涨' is not one of 加快"
    with pytest.raises(ConfigError, match=said):
        load_profile_file(bad)
    with pytest.raises(ConfigError) as caught:
        select_profile("nowhere", "370200")
    assert caught.value.key == "release.profile.unknown"
    good = tmp_path / "mine.yaml"
    good.write_text("name: mine\nlead_in: 较\nwords: {up: 提高}\n", encoding="utf-8")
    mine = select_profile(good, "370200")
    assert change_text(Change("up", Number(0.3), "上月"), "zh", mine) == "较上月提高0.3个百分点"


def _price(direction: ChangeWord, pp: float) -> Change:
    return Change(direction, Number(pp), _against(Period.month(2023, 7), DEFAULT, month_before=True),
                  month=True, family="price")


@pytest.mark.parametrize(("change", "expected"), [
    # CONVENTIONS §2 "Prices use their own verbs": 涨幅扩大 / 涨幅回落 / 降幅收窄 / 降幅扩大, 持平
    (_price("up", 0.1), "涨幅比上月扩大0.1个百分点"),
    (_price("down", 0.2), "涨幅比上月回落0.2个百分点"),
    (_price("decline_narrowed", 1.2), "降幅比上月收窄1.2个百分点"),
    (_price("decline_widened", 0.6), "降幅比上月扩大0.6个百分点"),
    (_price("flat", 0.0), "与上月持平"),
    (_price("turned_positive", 0.4), "由降转涨，比上月回升0.4个百分点"),
    (_price("turned_negative", 0.5), "由涨转降，比上月回落0.5个百分点"),
])
def test_a_price_rate_changes_in_price_words(change: Change, expected: str) -> None:
    assert change_text(change, "zh", DEFAULT) == expected
    # a rate or share keeps 提高 / 下降 whatever its family
    rate = Change("up", Number(0.1), "上月", rate=True, family="price")
    assert change_text(rate, "zh", DEFAULT) == "比上月提高0.1个百分点"


def test_a_price_sentence_in_both_languages() -> None:
    # Qingdao CPI "同比上涨2.6%,涨幅比10月回落0.2个百分点" (CONVENTIONS §2); figures hand-made.
    zh = Clause("growth", "居民消费价格", "8月份", Number(0.7), family="price",
                changes=(_price("up", 0.1),))
    assert compose(zh, "zh", DEFAULT) == "8月份，居民消费价格同比上涨0.7%，涨幅比上月扩大0.1个百分点。"
    en = Clause("growth", "consumer prices", "August", Number(0.7), family="price", plural=True,
                changes=(Change("up", Number(0.1), "the previous month", month=True, family="price"),))
    assert compose(en, "en") == ("In August, consumer prices were up 0.7% year on year, "
                                 "the rise widening by 0.1 percentage points from the previous month.")
    down = Change("turned_negative", Number(0.5), "the previous month", family="price")
    assert change_text(down, "en") == ("turning from a rise to a fall, 0.5 percentage points lower than "
                                       "the previous month")
    # both values of a sign change, as the profile's sign_change: values says (§2 "由…下降X%转为增长Y%")
    assert sign_change_text(Number(0.1), Number(-0.3), "上月", family="price", yoy=True) == \
        "同比由上月下降0.3%转为上涨0.1%"


def test_english_sentences_have_a_finite_verb() -> None:
    share = Clause("share", "equipment manufacturing", "Jan–Aug", Number(46.6))
    assert compose(share, "en") == "In Jan–Aug, equipment manufacturing had a share of 46.6%."
    pull = Clause("pull", "exports", "Jan–Aug", Number(-0.4), of="GDP")
    assert compose(pull, "en") == "In Jan–Aug, exports took 0.4 percentage points off the growth of GDP."
    assert pull_text(Number(-0.4), "exports", "en") == \
        "taking 0.4 percentage points off the growth of exports"
    assert against_text(Period.ytd(2022, 8), "zh", DEFAULT, within_year=2023, same_period=True) == "上年同期"
    assert change_text(Change("down", Number(-2.1), "上年同期", rate=True)) == "比上年同期下降2.1个百分点"


def test_a_remark_on_how_a_growth_is_computed_in_both_languages(tmp_path: Path) -> None:
    # "全市生产总值7508.71亿元,按不变价格计算,同比增长6.2%" (Qingdao, H1 2023; profiles/qingdao.yaml)
    clause = Clause("growth", "生产总值", "上半年", Number(6.2), remark="按不变价格计算")
    assert compose(clause, "zh", QINGDAO) == "上半年，全市生产总值按不变价格计算，同比增长6.2%。"
    en = Clause("growth", "GDP", "H1", Number(6.2), remark="按不变价格计算",
                changes=(Change("up", Number(0.1), "Q1"),))
    assert compose(en, "en") == ("In H1, GDP was up 6.2% year on year at constant prices, "
                                 "0.1 percentage points faster than Q1.")
    # a profile's remark must be one the grammar can write in English
    odd = tmp_path / "odd.yaml"
    odd.write_text("name: odd\nremarks: {gdp_growth: 按某种价格计算}\n", encoding="utf-8")
    said = r"remarks.gdp_growth: '按某种价格计算' is not one of 按不变价格计算"
    with pytest.raises(ConfigError, match=said):
        load_profile_file(odd)
