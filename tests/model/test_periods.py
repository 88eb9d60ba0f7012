"""Every period form of issue 2, and the release conventions around 1-2月."""

import pytest

from pacesetter.errors import InputError
from pacesetter.model.periods import Period


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "zh", "en"),
    [
        ("2022", "2022", "year", "2022年", "2022"),
        ("2022-08", "2022-08", "month", "2022年8月", "Aug 2022"),
        ("2022M08", "2022-08", "month", "2022年8月", "Aug 2022"),
        ("2022Q3", "2022Q3", "quarter", "2022年第三季度", "Q3 2022"),
        ("2022-01..2022-08", "2022-01..2022-08", "ytd", "2022年1-8月", "Jan–Aug 2022"),
        ("2022年1-8月", "2022-01..2022-08", "ytd", "2022年1-8月", "Jan–Aug 2022"),
        ("2022年8月", "2022-08", "month", "2022年8月", "Aug 2022"),
        ("2022年1-2月", "2022-01..2022-02", "ytd", "2022年1-2月", "Jan–Feb 2022"),
        ("2021..2025", "2021..2025", "range", "2021-2025年", "2021–2025"),
        ("2022年第三季度", "2022Q3", "quarter", "2022年第三季度", "Q3 2022"),
    ],
)
def test_forms_people_type(text: str, canonical: str, kind: str, zh: str, en: str) -> None:
    p = Period.parse(text)
    assert str(p) == canonical
    assert p.kind == kind
    assert p.label("zh") == zh
    assert p.label("en") == en
    assert Period.parse(str(p)) == p  # canonical text parses back to itself


def test_jan_feb_is_one_period_needing_a_year() -> None:
    p = Period.parse("1-2月", year=2022)
    assert p.is_jan_feb and p.months() == [(2022, 1), (2022, 2)]
    with pytest.raises(InputError, match="names no year"):
        Period.parse("1-2月")


def test_single_january_does_not_exist_under_the_combined_convention() -> None:
    with pytest.raises(InputError, match=r"released\s+combined"):
        Period.parse("2022年2月", jan_feb_combined=True)
    with pytest.raises(InputError, match="combined"):
        Period.parse("2022-01", jan_feb_combined=True)
    assert str(Period.parse("2022-03", jan_feb_combined=True)) == "2022-03"


def test_previous_period_follows_release_conventions() -> None:
    assert str(Period.parse("2022年1-8月").previous()) == "2022-01..2022-07"
    assert str(Period.parse("2022年1-3月").previous()) == "2022-01..2022-02"
    assert Period.parse("2022年1-2月").previous() is None
    assert str(Period.parse("2022-08").previous()) == "2022-07"
    assert str(Period.parse("2022-03").previous()) == "2022-01..2022-02"
    assert str(Period.parse("2022Q1").previous()) == "2021Q4"
    assert str(Period.parse("2022-01..2022-08").same_period_last_year()) == "2021-01..2021-08"


@pytest.mark.parametrize(
    "bad", ["2022-13", "2022Q5", "22-08", "August", "2022年13月", "", "2022-08..2022-03"]
)
def test_bad_periods_say_what_is_expected(bad: str) -> None:
    with pytest.raises(InputError):
        Period.parse(bad)


@pytest.mark.parametrize(("text", "jfc", "en", "zh"), [
    ("2022-01", True, "Jan 2022 is not released on its own", "2022年1月不单独发布：1-2月合并发布"),
    ("2022年13月", False, "month 13 is outside 1..12", "月份 13 不在 1 到 12 之间"),
    ("八月", False, "cannot read period '八月'", "无法识别时期 '八月'"),
])
def test_a_period_error_speaks_each_language(text: str, jfc: bool, en: str, zh: str) -> None:
    with pytest.raises(InputError) as info:
        Period.parse(text, jan_feb_combined=jfc)
    assert en in info.value.text("en") and zh in info.value.text("zh")
    assert "年1月" not in info.value.text("en")  # no Chinese month in the English message


def test_a_day_is_refused_as_what_excel_makes_of_a_month() -> None:
    from pacesetter.errors import InputError

    with pytest.raises(InputError) as refused:
        Period.parse("2012-03-01")  # Excel's date for 2012-03 typed into a cell
    assert "Excel turns 2012-03 typed into a cell into the date 2012-03-01" in refused.value.text("en")
    assert "或 2012年3月，或把该列设为文本格式" in refused.value.text("zh")
