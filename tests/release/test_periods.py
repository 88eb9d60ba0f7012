"""Periods as releases write them: read at import and in queries, written back per city style."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pacesetter.cli.main import app
from pacesetter.errors import ImportRejected, InputError
from pacesetter.model.periods import Period
from pacesetter.release.periods import (
    AmbiguousPeriod,
    PeriodStyle,
    parse_release_period,
    render_release_period,
)


@pytest.mark.parametrize(("text", "year", "expected"), [
    ("上半年", 2024, Period.ytd(2024, 6)),
    ("2024上半年", None, Period.ytd(2024, 6)),
    ("2024年上半年", None, Period.ytd(2024, 6)),
    ("前三季度", 2023, Period.ytd(2023, 9)),
    ("一季度", 2023, Period.ytd(2023, 3)),
    ("第一季度", 2023, Period.quarter(2023, 1)),
    ("三季度单季", 2023, Period.quarter(2023, 3)),
    ("2023年第三季度", None, Period.quarter(2023, 3)),
    ("全年", 2023, Period.year(2023)),
    ("1至8月", 2023, Period.ytd(2023, 8)),
    ("1~9月", 2023, Period.ytd(2023, 9)),
    ("1—8月份", 2023, Period.ytd(2023, 8)),
    ("1–8月份", 2023, Period.ytd(2023, 8)),
    ("2024年1-8月", None, Period.ytd(2024, 8)),
    ("前7个月", 2023, Period.ytd(2023, 7)),
    ("前七个月", 2023, Period.ytd(2023, 7)),
    ("8月份", 2023, Period.month(2023, 8)),
    ("1-2月", 2023, Period.ytd(2023, 2)),
])
def test_release_periods_are_read(text: str, year: int | None, expected: Period) -> None:
    read = parse_release_period(text, year)
    assert read.period == expected
    assert not read.stock


def test_year_end_is_a_stock_at_the_end_of_the_year() -> None:
    read = parse_release_period("2023年末", None)
    assert (read.period, read.stock) == (Period.year(2023), True)
    assert parse_release_period("年末", 2022).period == Period.year(2022)


def test_third_quarter_alone_offers_both_readings() -> None:
    with pytest.raises(AmbiguousPeriod) as caught:
        parse_release_period("三季度", 2023)
    assert caught.value.readings == (Period.quarter(2023, 3), Period.ytd(2023, 9))
    assert "2023年第三季度" in caught.value.text("zh") and "2023年1-9月" in caught.value.text("zh")
    assert "Q3 2023" in caught.value.text("en") and "Jan–Sep 2023" in caught.value.text("en")


def test_a_month_without_a_year_is_an_error() -> None:
    with pytest.raises(InputError) as caught:
        parse_release_period("1-8月份", None)
    assert caught.value.key == "periods.no_year"


@pytest.mark.parametrize(("period", "style", "zh", "en"), [
    (Period.ytd(2023, 8), PeriodStyle(), "1-8月份", "Jan–Aug"),
    (Period.ytd(2023, 6), PeriodStyle(), "上半年", "H1"),
    (Period.ytd(2023, 6), PeriodStyle(quarter_names=False), "1-6月份", "Jan–Jun"),
    (Period.ytd(2023, 7), PeriodStyle(month_suffix="月"), "1-7月", "Jan–Jul"),
    (Period.month(2023, 7), PeriodStyle(month_suffix="月"), "7月", "July"),
    (Period.ytd(2022, 12), PeriodStyle(), "上年全年", "last year as a whole"),
])
def test_periods_written_in_a_city_style(period: Period, style: PeriodStyle, zh: str, en: str) -> None:
    assert render_release_period(period, "zh", within_year=2023, style=style) == zh
    assert render_release_period(period, "en", within_year=2023, style=style) == en


def test_an_ambiguous_period_is_refused_at_import_with_both_readings(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "q3.csv"
    path.write_text("indicator_id,region_code,period,value,unit,source\n"
                    "gdp_growth,370200,2023年三季度,5.7,%,https://example.org/test\n", encoding="utf-8")
    for lang, readings in (("zh", ("2023年第三季度", "2023年1-9月")), ("en", ("Q3 2023", "Jan–Sep 2023"))):
        result = CliRunner().invoke(app, ["--db", str(demo_db), "--lang", lang, "import", str(path)])
        assert isinstance(result.exception, ImportRejected)  # the entry point prints it in words
        said = result.exception.issues[0].render(lang)
        assert "invalid_period" in said and all(r in said for r in readings), said
    ok = tmp_path / "ytd.csv"
    ok.write_text("indicator_id,region_code,period,value,unit,source\n"
                  "gdp_growth,370200,2023年前三季度,5.7,%,https://example.org/test\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["--db", str(demo_db), "import", str(ok)])
    assert result.exit_code == 0, result.output
