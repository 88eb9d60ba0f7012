"""`show` names a region asked for without figures, and refuses a code that is no region (an empty
table said neither)."""

from __future__ import annotations

from pathlib import Path

from pacesetter.errors import NotFoundError
from tests.cli.test_one_language import invoke
from tests.cli.test_one_language_analysis_errors import texts


def test_a_region_without_figures_is_named_and_an_unknown_one_refused(demo_db: Path) -> None:
    zh = invoke(demo_db, "zh", "show", "gdp", "-r", "370200", "-r", "370211")
    en = invoke(demo_db, "en", "show", "gdp", "-r", "370211")
    assert "370211 黄岛区：数据库中没有该指标的数字（未掌握）" in zh and "370200 青岛市" not in zh
    assert "370211 Huangdao District: no figure of this indicator in the database (not covered)" in en
    said = texts(demo_db, NotFoundError, "show", "gdp", "-r", "999999")
    assert said["en"] == "unknown region code '999999' (GB/T 2260, e.g. 370200 for Qingdao)"


def test_a_list_cell_in_csv_is_written_as_templates_take_it(demo_db: Path) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(invoke(demo_db, "en", "list", "enterprises", "--format", "csv"))))
    ai = next(r for r in rows if r["id"] == "ainnovation")
    assert ai["segments"] == "ai_cv"  # not "['ai_cv']"
    assert not any("['" in v or "' '" in v for r in rows for v in r.values() if v)


def test_overview_refuses_a_city_against_itself_and_says_when_it_rests_on_nothing(demo_db: Path) -> None:
    from pacesetter.errors import InputError

    said = texts(demo_db, InputError, "overview", "--peer", "370200")
    assert said["zh"] == "对标城市 370200 就是本市：请与另一个城市比较（如宁波 330200）"
    # a district and a city without headline figures: no "0/1 years (0–0)"
    en = invoke(demo_db, "en", "overview", "--region", "370211", "--peer", "110000")
    assert en.splitlines()[0] == ("Rests on nothing: none of the 14 indicators has a usable figure for the 2 "
                                  "cities in the years asked: nothing can be compared or ranked.")


def test_audit_refuses_a_table_that_is_not_there_and_a_negative_count(demo_db: Path) -> None:
    from pacesetter.errors import InputError

    said = texts(demo_db, NotFoundError, "audit", "--table", "nosuch")
    assert said["en"].startswith("the database has no table 'nosuch'; its tables: api_tokens, audit_log")
    said = texts(demo_db, InputError, "audit", "--last", "-5")  # it listed entries 6 to 125
    assert said["zh"] == "--last 须为不小于 1 的条数，而不是 -5"
