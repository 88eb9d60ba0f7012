"""A figure for a kind of period its indicator is not published as never lands (issue 12, item 3)."""

from pathlib import Path

import duckdb
import pytest

import pacesetter
from pacesetter.data.catalogue import catalogue
from pacesetter.errors import ImportRejected
from pacesetter.model.periods import Period, off_calendar
from pacesetter.testing import store_fingerprint

HEADER = "indicator_id,region_code,period,value,unit,source,vintage,status"
SOURCE = "http://qdtj.qingdao.gov.cn/example-release"


@pytest.mark.parametrize(
    ("period", "kinds", "jan_feb", "refused"),
    [
        ("2025-01", ("ytd", "year"), True, True),         # 1月 alone where only 1-2月 is released
        ("2025-02", ("month",), True, True),              # nor a February on its own
        ("2025-01..2025-02", ("ytd", "year"), True, False),
        ("2025-08", ("ytd", "year"), True, True),         # a single month of a year-to-date indicator
        ("2025-01..2025-08", ("month",), True, True),     # and the reverse
        ("2025-08", ("month",), True, False),
        ("2025-01", ("ytd",), False, False),              # January is the first year-to-date value
        ("2025", ("ytd",), False, False),                 # a whole year is January to December
        ("2025-01..2025-12", ("year",), None, False),
        ("2025Q3", ("ytd", "year"), None, True),          # a quarter alone where only 前三季度 is released
        ("2025-08", (), None, False),                     # the catalogue does not say: nothing refused
    ],
)
def test_the_rule_by_hand(period: str, kinds: tuple[str, ...], jan_feb: bool | None, refused: bool) -> None:
    assert (off_calendar(Period.parse(period), kinds, jan_feb) is not None) is refused


def test_every_shipped_figure_is_on_its_indicators_calendar(demo_db: Path) -> None:
    """The stated kinds agree with every real and synthetic figure the demo holds."""
    con = duckdb.connect(str(demo_db), read_only=True)
    rows = con.execute(
        "SELECT DISTINCT o.indicator_id, o.period, i.period_kinds, i.jan_feb_combined "
        "FROM observations o JOIN indicators i ON i.id = o.indicator_id "
        "WHERE i.period_kinds IS NOT NULL OR i.jan_feb_combined"
    ).fetchall()
    con.close()
    assert len(rows) > 10_000
    off = [(i, p) for i, p, k, j in rows if off_calendar(Period.parse(p), tuple(k or ()), j)]
    assert off == []


def test_the_catalogue_states_kinds_only_it_can_name() -> None:
    entries = {str(e["id"]): e for e in catalogue()}
    # stated by hand from the release convention (indicators.yaml header)
    assert entries["above_size_industry_va_growth"]["period_kinds"] == ["ytd", "year"]
    assert entries["above_size_industry_va_growth"]["jan_feb_combined"] is True
    # a national 累计同比 series with 1-2月 values and no January (its own rows say so)
    assert entries["nbs_emm00026906"]["period_kinds"] == ["ytd"]
    assert entries["nbs_emm00026906"]["jan_feb_combined"] is True
    # most city indicators are not stated: no rule is applied to them
    assert "period_kinds" not in entries["rd_intensity"]


def test_off_calendar_figures_are_refused_naming_row_and_rule(demo_db: Path, tmp_path: Path) -> None:
    ws = pacesetter.open(demo_db)
    before = store_fingerprint(ws.con)
    with pytest.raises(ImportRejected) as info:
        _import_into(ws, tmp_path,
                     f"above_size_industry_va_growth,370200,2019年1月,5.1,%,{SOURCE},2019-02-15,final",
                     f"above_size_industry_va_growth,370200,2019年1-2月,5.3,%,{SOURCE},2019-03-15,final",
                     f"fai_growth,370200,2019-05,3.0,%,{SOURCE},2019-06-15,final",
                     f"above_size_industry_va_growth_month,370200,2019年1-5月,6.0,%,{SOURCE},2019-06-15,final")
    issues = [i for i in info.value.issues if i.rule == "period_not_published"]
    assert [(i.row, i.column, i.value) for i in issues] == [
        (2, "period", "2019年1月"), (4, "period", "2019-05"), (5, "period", "2019年1-5月")]
    assert "1-2月合并发布" in issues[0].text("zh") and "released combined" in issues[0].text("en")
    assert "year to date" in issues[1].text("en")
    assert store_fingerprint(ws.con) == before
    ws.close()


def test_a_users_own_indicator_states_its_kinds_in_the_indicators_file(demo_db: Path, tmp_path: Path) -> None:
    head = "id,name_zh,name_en,unit,frequency,kind,polarity,period_kinds,jan_feb_combined"
    bad = tmp_path / "bad.csv"
    row = "qd_x,某指标,Some indicator,%,month,growth,higher,{kinds},是"
    bad.write_text(f"{head}\n{row.format(kinds='ytd;weekly')}\n", encoding="utf-8")
    ws = pacesetter.open(demo_db)
    with pytest.raises(ImportRejected) as info:
        ws.import_file(bad, entity="indicators")
    assert [(i.row, i.column, i.rule) for i in info.value.issues] == [(2, "period_kinds", "not_allowed")]
    assert "weekly is not one of" in info.value.issues[0].text("en")
    good = tmp_path / "good.csv"
    good.write_text(f"{head}\n{row.format(kinds='ytd;year')}\n", encoding="utf-8")
    assert ws.import_file(good, entity="indicators").added == 1
    with pytest.raises(ImportRejected) as info:
        _import_into(ws, tmp_path, f"qd_x,370200,2019年2月,5.0,%,{SOURCE},2019-03-15,final")
    assert [i.rule for i in info.value.issues] == ["period_not_published"]
    _import_into(ws, tmp_path, f"qd_x,370200,2019年1-2月,5.0,%,{SOURCE},2019-03-15,final")
    assert ws.observations(indicators=["qd_x"])["value"].tolist() == [5.0]
    ws.close()


def _import_into(ws: pacesetter.Workspace, tmp_path: Path, *rows: str) -> None:
    path = tmp_path / "figures.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    ws.import_file(path, entity="observations")


@pytest.mark.parametrize(("text", "canonical"), [
    ("2019年前三季度", "2019-01..2019-09"), ("2019年1-3季度", "2019-01..2019-09"),
    ("2019年上半年", "2019-01..2019-06"), ("2019年前两季度", "2019-01..2019-06"), ("2019年全年", "2019"),
])
def test_quarterly_releases_as_bulletins_name_them(text: str, canonical: str) -> None:
    """GDP is released as 一季度, 上半年, 前三季度, 全年: year to date ending with a quarter."""
    assert str(Period.parse(text)) == canonical


def test_the_first_quarter_is_the_first_year_to_date_value_of_a_quarterly_release() -> None:
    assert off_calendar(Period.parse("2019年一季度"), ("ytd", "year"), None) is None
    assert off_calendar(Period.parse("2019年二季度"), ("ytd", "year"), None) is not None


def test_an_indicators_unit_is_not_changed_under_its_stored_figures(demo_db: Path, tmp_path: Path) -> None:
    # gdp holds figures in 亿元: 万元 would show 16,719.5 亿元 as 16,719.5 万元, unconverted
    ws = pacesetter.open(demo_db)
    stored = int(ws.con.execute("SELECT count(*) FROM observations WHERE indicator_id = 'gdp'").fetchone()[0])
    path = tmp_path / "indicators.csv"
    path.write_text("id,name_zh,name_en,unit,frequency,kind,polarity\n"
                    "gdp,地区生产总值,Regional GDP,万元,quarter,level,higher\n", encoding="utf-8")
    before = store_fingerprint(ws.con)
    with pytest.raises(ImportRejected) as info:
        ws.import_file(path, entity="indicators")
    assert [(i.row, i.column, i.rule, i.value) for i in info.value.issues] == [
        (2, "unit", "unit_change_with_data", "万元")]
    assert f"holds {stored} figures in 亿元" in info.value.issues[0].text("en")
    assert f"已存有 {stored} 个以 亿元 计的数字" in info.value.issues[0].text("zh")
    assert store_fingerprint(ws.con) == before
    ws.close()
